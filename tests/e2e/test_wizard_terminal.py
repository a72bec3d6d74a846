"""`drafter new` in a real pseudo-terminal (pexpect), and without one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from drafter.cli import main

ROOT = Path(__file__).resolve().parents[2]
# the checkout under test, not whichever copy the virtualenv was installed from
ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color",
       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "drafter", *args], cwd=str(cwd), env=ENV, encoding="utf-8",
                          dimensions=(40, 120), timeout=20)
    return child


@pytest.mark.timeout(90)
def test_type_answers_ctrl_c_and_resume_in_a_real_terminal(tmp_path: Path):
    path = tmp_path / "2024.yaml"
    child = spawn("new", path.name, cwd=tmp_path)
    child.expect("机关全称")
    child.send("龙泉市科学技术局\r")
    child.expect("报告年度")
    child.send("\x7f" * 4 + "2024\r")
    child.expect("主送机关")
    child.send("龙泉市人民政府\r")
    child.expect("发文字号")
    child.send("龙科〔2025〕")  # half typed: not an answer yet
    child.sendcontrol("c")
    child.expect("已中断")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    text = path.read_text("utf-8")
    assert "name: 龙泉市科学技术局" in text and "year: 2024" in text and "to: 龙泉市人民政府" in text
    assert "doc_number" not in text
    assert "龙科〔2025〕" in (tmp_path / "2024.yaml.draft").read_text("utf-8")  # the half-typed answer is kept

    child = spawn("new", path.name, cwd=tmp_path)
    child.expect("继续填写")
    index = child.expect(["机关全称", "已经恢复"])
    assert index == 1, "resumed at the question interrupted, with its draft"
    child.expect("发文字号")
    child.send("3号\r")  # the draft is prefilled: finish typing it
    child.expect("成文日期")
    child.kill(signal.SIGHUP)  # the terminal window is closed
    child.expect(pexpect.EOF)
    child.close()
    assert "doc_number: 龙科〔2025〕3号" in path.read_text("utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert not (tmp_path / "2024.yaml.draft").read_text("utf-8").count("龙科")  # saved answers leave no draft


@pytest.mark.timeout(60)
def test_time_to_first_prompt_switch_stops_after_drawing_it(tmp_path: Path):
    child = pexpect.spawn(sys.executable, ["-m", "drafter", "new", "x.yaml"], cwd=str(tmp_path),
                          env={**ENV, "DRAFTER_EXIT_AFTER_FIRST_PROMPT": "1"}, encoding="utf-8",
                          dimensions=(40, 120), timeout=20)
    child.expect("机关全称")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not (tmp_path / "x.yaml").exists()


def _until_the_first_question(tmp_path: Path, script: str, written: str) -> Any:
    """Run `script` (which starts the wizard) in a terminal until the first question is drawn; what the
    script wrote to `written` (JSON)."""
    child = pexpect.spawn(sys.executable, ["-c", script], cwd=str(tmp_path),
                          env={**ENV, "DRAFTER_EXIT_AFTER_FIRST_PROMPT": "1"}, encoding="utf-8",
                          dimensions=(40, 120), timeout=20)
    child.expect("机关全称")
    child.expect(pexpect.EOF)
    child.close()
    return json.loads((tmp_path / written).read_text("utf-8"))


@pytest.mark.timeout(60)
def test_the_first_question_is_drawn_without_argparse_or_dataclasses(tmp_path: Path):
    """What the first question waits for: `new FILE` is parsed without argparse, and the wizard's classes
    are records (drafter.records), not dataclasses whose methods are compiled anew in every process."""
    script = ("import json, sys\n"
              "from drafter.cli import main\n"
              "code = main(['new', 'x.yaml'])\n"
              "open('modules.json', 'w').write(json.dumps([code, sorted(sys.modules)]))\n")
    code, modules = _until_the_first_question(tmp_path, script, "modules.json")
    assert code == 0 and "questionary" in modules
    assert not {"argparse", "dataclasses"} & set(modules)


@pytest.mark.timeout(60)
def test_the_first_question_is_drawn_before_any_garbage_collection(tmp_path: Path):
    """`drafter new` as a process (cli.run): the ~60,000 objects the terminal libraries allocate at their
    import are not swept (cli.GC_YOUNG_THRESHOLD) before the first question is on the screen."""
    script = ("import gc, json, sys\n"
              "from drafter import cli\n"
              "sweeps = []\n"
              "gc.callbacks.append(lambda phase, info: phase == 'stop' and sweeps.append(info['generation']))\n"
              "sys.argv = ['drafter', 'new', 'x.yaml']\n"
              "cli.exit_now = lambda code: open('sweeps.json', 'w').write(json.dumps([code, sweeps]))\n"
              "cli.run()\n")
    code, sweeps = _until_the_first_question(tmp_path, script, "sweeps.json")
    assert code == 0 and sweeps == []


def test_without_a_terminal_it_explains_and_never_hangs(tmp_path: Path, capsys):
    path = tmp_path / "2024.yaml"
    assert main(["new", str(path)]) == 2  # pytest's stdin is not a terminal
    err = capsys.readouterr().err
    assert "需要在终端窗口中运行" in err and f"drafter build {path}" in err and "编辑事实文件" in err
    assert not path.exists()


@pytest.mark.timeout(60)
def test_without_a_terminal_as_a_process(tmp_path: Path):
    proc = subprocess.run([sys.executable, "-m", "drafter", "new", "2024.yaml"], cwd=tmp_path, env=ENV,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2
    assert "drafter build 2024.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_edit_of_a_missing_file_points_to_new(tmp_path: Path, capsys):
    assert main(["edit", str(tmp_path / "none.yaml")]) == 3
    assert "drafter new" in capsys.readouterr().err


# --- tmux: the reproductions of issue 12 on a real screen ------------------------------------------

import shutil  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

# Under CI=true (where scripts/install-system-deps.sh installs tmux) a missing tmux fails these tests.
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None and os.environ.get("CI") != "true",
                                reason="tmux is not installed")


class Screen:
    """One wizard in a tmux window of a given size; `wait` polls the screen (bounded), never sleeps blind."""

    def __init__(self, tmp_path: Path, args: str, width: int = 100, height: int = 30) -> None:
        self.name = f"drafter-{uuid.uuid4().hex[:8]}"
        env = " ".join(f"{k}={shlex_quote(v)}" for k, v in ENV.items() if k in ("PYTHONPATH", "LANG", "LC_ALL", "TERM"))
        command = f"cd {shlex_quote(str(tmp_path))} && env {env} {shlex_quote(sys.executable)} -m drafter {args}; " \
                  f"echo EXIT=$?; sleep 30"
        subprocess.run(["tmux", "-L", self.name, "new-session", "-d", "-s", "w", "-x", str(width), "-y", str(height),
                        command], check=True)

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.name, *args], capture_output=True, text=True).stdout

    def screen(self, history: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-t", "w", *(["-S", "-500"] if history else []))

    def wait(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)  # polling interval, not a timing assumption
        raise AssertionError(f"{text!r} never appeared on the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "w", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "w", "-l", text)

    def kill_window(self) -> None:
        self.tmux("kill-server")

    def close(self) -> None:
        self.tmux("kill-server")


def shlex_quote(value: str) -> str:
    import shlex

    return shlex.quote(value)


@pytest.fixture
def screens():
    opened: list[Screen] = []
    yield opened
    for screen in opened:
        screen.close()


def start(screens: list, tmp_path: Path, args: str, width: int = 100, height: int = 30) -> Screen:
    screen = Screen(tmp_path, args, width, height)
    screens.append(screen)
    return screen


def basics(screen: Screen) -> None:
    screen.wait("? 机关全称")
    screen.type("某市科学技术局")
    screen.keys("Enter")
    screen.wait("? 报告年度")
    screen.keys("C-u")
    screen.type("2025")
    screen.keys("Enter")
    for question in ("主送机关", "发文字号"):
        screen.wait(f"? {question}")
        screen.keys("Enter")
    screen.wait("? 成文日期")
    screen.keys("Enter")


def at_opening(screens: list, tmp_path: Path, width: int = 100, height: int = 30) -> Screen:
    """`drafter new z.yaml` with the basics answered, waiting at the opening paragraph."""
    screen = start(screens, tmp_path, "new z.yaml", width, height)
    basics(screen)
    screen.wait("? 开头段")
    return screen


@needs_tmux
@pytest.mark.timeout(90)
def test_2_ctrl_c_mid_paragraph_then_a_killed_window_lose_nothing(tmp_path: Path, screens):
    screen = at_opening(screens, tmp_path)
    screen.type("2025年，某市科学技术局深入学习贯彻习近平法治思想。")
    screen.keys("Enter")
    screen.type("现将有关情况")
    screen.keys("C-c")
    shown = screen.wait("EXIT=130")
    assert "草稿" in shown
    draft = tmp_path / "z.yaml.draft"
    assert "现将有关情况" in draft.read_text("utf-8")
    screen.close()

    screen = start(screens, tmp_path, "new z.yaml")
    screen.wait("已经恢复")
    screen.wait("现将有关情况")  # prefilled
    screen.type("报告如下：")
    screen.keys("C-s")
    screen.wait("? 小标题")
    assert not draft.exists()
    assert "现将有关情况报告如下：" in (tmp_path / "z.yaml").read_text("utf-8")


@needs_tmux
@pytest.mark.timeout(90)
def test_2_a_killed_window_keeps_the_text_being_typed(tmp_path: Path, screens):
    screen = at_opening(screens, tmp_path)
    screen.type("开头。")
    screen.keys("C-s")
    screen.wait("? 小标题")
    draft = tmp_path / "z.yaml.draft"
    screen.type("强化组织领导")
    screen.keys("Enter")
    screen.wait("? 正文")
    screen.type("召开专题会议4次，写到一半")
    screen.wait("写到一半")
    screen.kill_window()  # the window is closed while typing
    deadline = time.monotonic() + 20
    while not (draft.exists() and "写到一半" in draft.read_text("utf-8")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "写到一半" in draft.read_text("utf-8")


@needs_tmux
@pytest.mark.timeout(60)
def test_4_esc_then_enter_submits_however_late(tmp_path: Path, screens):
    screen = at_opening(screens, tmp_path)
    screen.type("开头。")
    screen.keys("Escape")
    screen.wait("已按 Esc")  # shown only once the Esc has been taken on its own, after prompt_toolkit's timeout
    screen.keys("Enter")
    screen.wait("? 小标题")
    assert "preamble: |\n  开头。" in (tmp_path / "z.yaml").read_text("utf-8")


@needs_tmux
@pytest.mark.timeout(60)
def test_12_a_narrow_window_wraps_question_hint_and_keys(tmp_path: Path, screens):
    from wcwidth import wcswidth

    from drafter.interview.wrap import NO_START

    screen = start(screens, tmp_path, "new z.yaml", width=50, height=20)
    basics(screen)
    shown = screen.wait("Ctrl-C")  # the save-and-quit key is never cut off
    screen.wait("Ctrl-S")
    shown = screen.screen()
    assert "保存并退出" in shown
    screen.keys("F1")
    screen.wait("漯河市科学技术局")  # the last excerpt of the help
    lines = [line.rstrip() for line in screen.screen(history=True).splitlines() if line.strip()]
    lines = lines[next(i for i, line in enumerate(lines) if "【写作要求】" in line):]  # the help and the prompt after it
    assert all(wcswidth(line) <= 50 for line in lines)
    assert not [line for line in lines if line.lstrip()[0] in NO_START and not line.startswith("? ")], lines


@pytest.mark.timeout(60)
def test_2_sigterm_while_typing_keeps_the_text(tmp_path: Path):
    child = spawn("new", "z.yaml", cwd=tmp_path)
    child.expect("机关全称")
    child.send("某市科学")
    child.expect("某市科学")
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "某市科学" in (tmp_path / "z.yaml.draft").read_text("utf-8")
    assert not (tmp_path / "z.yaml").exists()  # nothing was answered: no fact file pretends otherwise


@needs_tmux
@pytest.mark.timeout(60)
def test_12_at_60_columns_questions_and_keys_wrap_whole(tmp_path: Path, screens):
    screen = at_opening(screens, tmp_path, width=60, height=20)
    screen.type("开头。")
    screen.keys("C-s")
    screen.wait("? 小标题")
    screen.type("强化组织领导")
    screen.keys("Enter")
    shown = screen.wait("? 正文")
    joined = "".join(line.strip() for line in screen.screen().splitlines())
    assert "正文（这一条的具体做法和成效；如果只分下一级小标题，可留空）" in joined  # all of it, wrapped
    assert "Ctrl-C：保存并退出" in joined and "Ctrl-S" in shown
    assert "写完按 Ctrl-S 提交" in joined
