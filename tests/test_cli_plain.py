"""`drafter build FILE [-o OUT]`, `drafter new FILE` and `drafter edit FILE` without argparse: parsed as argparse
parses them, reported alike; the fast exit."""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import cli
from drafter.cli import _parser, _plain, exit_now, main
from tests.factfile.test_model import TEN_MISTAKES
from tests.helpers.samples import MINIMAL

PLAIN = [["build", "a.yaml"], ["build", "报告.yaml", "-o", "out.docx"], ["build", "a.yaml", "--output", "x/y.docx"],
         ["build", "dir"], ["build", "a b.yml", "-o", "a b.docx"], ["new", "2024.yaml"], ["edit", "报 告.yaml"]]
NOT_PLAIN = [["build"], ["build", "a.yaml", "b.yaml"], ["build", "a.yaml", "--watch"], ["build", "-o", "x", "a.yaml"],
             ["build", "a.yaml", "-o"], ["build", "a.yaml", "--out", "x"], ["build", "-h"], ["build", "a.yaml", "-ox"],
             ["build", "--", "a.yaml"], ["build", "-a.yaml"], ["build", "a.yaml", "-o", "-x"], ["build", ""],
             ["check", "a.yaml"], ["--help"], ["build", "a.yaml", "--pdf"], ["build", "a.yaml", "-o", "x", "--fonts", "windows"],
             ["new"], ["new", "-h"], ["new", "a.yaml", "--from", "b.yaml"], ["new", ""], ["edit", "a.yaml", "b.yaml"],
             ["edit", "--", "a.yaml"], ["new", "-x.yaml"]]


@pytest.mark.parametrize("argv", PLAIN)
def test_a_plain_is_parsed_as_argparse_parses_it(argv: list[str]):
    plain = _plain(argv)
    assert plain is not None
    assert vars(plain) == vars(_parser().parse_args(argv))


@pytest.mark.parametrize("argv", NOT_PLAIN)
def test_anything_else_is_left_to_argparse(argv: list[str]):
    assert _plain(argv) is None


@pytest.mark.parametrize("text", [MINIMAL, MINIMAL + "titel: x\n", TEN_MISTAKES, "a: [\n", None])
def test_the_plain_path_reports_exactly_as_argparse_does(text: str | None, tmp_path: Path, capsys, monkeypatch):
    facts = tmp_path / "报告.yaml"
    if text is not None:
        facts.write_text(text, encoding="utf-8")
    argv = ["build", str(facts), "-o", str(tmp_path / "out.docx")]
    code = main(argv)
    plain = capsys.readouterr()
    monkeypatch.setattr(cli, "_plain", lambda argv: None)
    assert main(argv) == code
    assert capsys.readouterr() == plain


def test_exit_now_ends_at_once_when_nothing_waits_for_the_exit(monkeypatch):
    ended: list[int] = []
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 0)
    exit_now(3, _exit=ended.append)
    assert ended == [3]


def test_exit_now_leaves_registered_exit_handlers_their_ordinary_exit(monkeypatch):
    monkeypatch.setattr(atexit, "_ncallbacks", lambda: 1)
    with pytest.raises(SystemExit) as caught:
        exit_now(1, _exit=lambda code: pytest.fail("exited at once"))
    assert caught.value.code == 1


def test_a_real_build_exits_with_its_code_and_complete_output(tmp_path: Path):
    good, bad = tmp_path / "好.yaml", tmp_path / "坏.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad.write_text(MINIMAL + "titel: x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "drafter", "build", str(good)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == f"已生成：{tmp_path / '好.docx'}\n"
    failed = subprocess.run([sys.executable, "-m", "drafter", "build", str(bad)], capture_output=True, text=True)
    assert failed.returncode == 1 and "［titel］未知的键，是不是“title”（标题）？" in failed.stderr and failed.stderr.endswith("\n")


def test_a_whole_process_build_leaves_the_garbage_collector_idle(tmp_path: Path):
    """run() raises the young generation's threshold: importing what a build needs no longer sets off
    ~20 sweeps that find nothing (the second build: the first one may compile the template)."""
    facts = tmp_path / "报告.yaml"
    facts.write_text(MINIMAL, encoding="utf-8")
    script = (
        "import gc, json, sys\n"
        "from drafter import cli\n"
        "sweeps = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and sweeps.append(info['generation']))\n"
        f"sys.argv = ['drafter', 'build', {str(facts)!r}]\n"
        "cli.exit_now = lambda code: print(json.dumps([code, sweeps, gc.get_threshold()[0]]))\n"
        "cli.run()\n"
    )
    subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    code, sweeps, threshold = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and threshold == cli.GC_YOUNG_THRESHOLD
    assert sweeps == []


#: Runs a command twice (the second replaces the first's output) as a child subreaper: a process the
#: command leaves behind is handed to this script when the command ends, and waitpid finds it.
_LEFT_BEHIND = r"""
import ctypes, os, subprocess, sys
PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("prctl failed")
for _ in range(2):
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
try:
    pid, _ = os.waitpid(-1, 0)
except ChildProcessError:
    print("none")
else:
    print(f"left behind: {pid}")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="child subreapers are a Linux feature")
def test_a_build_leaves_no_process_behind(tmp_path: Path):
    """A build once forked a helper to free the replaced DOCX after the command had ended: where PID 1
    does not reap orphans (this machine's init, containers without one) each build left a zombie."""
    from tests.helpers.clirun import command, environment

    (tmp_path / "f.yaml").write_text(MINIMAL, "utf-8")
    out = subprocess.run([sys.executable, "-c", _LEFT_BEHIND, *command(["build", "f.yaml", "-o", "f.docx"])],
                         cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "none"
