"""SIGTERM to a folder build stops its workers with it (issue 13 item 13)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.clirun import command, environment
from tests.helpers.samples import MINIMAL

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for the worker processes")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found |= {int(n) for n in text.split()}
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def test_sigterm_stops_the_workers_of_a_folder_build(tmp_path: Path):
    folder = tmp_path / "facts"
    folder.mkdir()
    for n in range(600):
        (folder / f"{n:04d}.yaml").write_text(MINIMAL, encoding="utf-8")
    proc = subprocess.Popen(command(["build", str(folder), "-o", str(tmp_path / "out"), "-j", "2"]),
                            env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()  # the first progress line: the workers are busy
    assert "正在生成" in line, line
    workers = _children(proc.pid)
    assert workers, "the build runs in worker processes"
    proc.send_signal(signal.SIGTERM)
    try:
        _, rest = proc.communicate(timeout=60)  # workers left running would hold stderr open
    except subprocess.TimeoutExpired:
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.communicate()
        pytest.fail("the workers kept running after SIGTERM")
    assert proc.returncode == -signal.SIGTERM, rest
    assert "Traceback" not in rest
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the build"
    built = len(list((tmp_path / "out").glob("*.docx")))
    assert built < 600, "the build stopped instead of finishing"
