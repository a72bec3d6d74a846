"""`drafter new` in a real pseudo-terminal (pexpect), and without one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

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
