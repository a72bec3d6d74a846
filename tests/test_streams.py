"""Consoles that are not UTF-8, and pipes closed early (issue 13 items 11, 12)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.clirun import command, environment, run_cli
from tests.helpers.samples import MINIMAL

EMOJI = MINIMAL.replace("严格落实规范性文件前置审核。", "严格落实规范性文件前置审核 ,推进执法。😀𪚥")


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "big5", "ascii", "latin-1"])
def test_every_message_prints_and_the_file_is_fixed(tmp_path: Path, encoding: str):
    path = tmp_path / "facts.yaml"
    path.write_text(EMOJI, encoding="utf-8")
    proc = run_cli(["check", "--fix", str(path)], env={"PYTHONIOENCODING": encoding})
    assert "Traceback" not in proc.stderr and proc.returncode == 0, proc.stderr
    assert "严格落实规范性文件前置审核，推进执法。😀𪚥" in path.read_text("utf-8")
    if encoding in ("ascii", "latin-1"):  # nothing Chinese can be shown: all of it escaped, none lost
        assert "\\u5df2\\u81ea\\u52a8\\u6539\\u6b63" in proc.stdout  # 已自动改正
    elif encoding == "big5":  # traditional Chinese: 动 (simplified) is escaped, the rest shown
        assert "已自\\u52a8改正" in proc.stdout
    else:
        assert "已自动改正" in proc.stdout
    assert "\\U0001f600" in proc.stdout  # the emoji, escaped


def test_the_c_locale_without_utf8_mode(tmp_path: Path):
    path = tmp_path / "facts.yaml"
    path.write_text(EMOJI, encoding="utf-8")
    proc = run_cli(["build", str(path), "-o", str(tmp_path / "out.docx")],
                   env={"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": None})
    assert "Traceback" not in proc.stderr and proc.returncode == 0, proc.stderr
    assert "\\u5df2\\u751f\\u6210" in proc.stdout  # 已生成, escaped for an ASCII console


def test_a_pipe_closed_by_its_reader_ends_the_run_quietly(tmp_path: Path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # `drafter schema | head -c0`: the reader is gone before the first write
    try:
        proc = subprocess.run(command(["schema"]), stdout=write_end, stderr=subprocess.PIPE, text=True,
                              env=environment(), timeout=60)
    finally:
        os.close(write_end)
    assert proc.stderr == "" and proc.returncode == 141
