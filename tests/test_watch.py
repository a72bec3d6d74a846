"""Watch mode: the DOCX follows every save of the fact file; errors are shown and watching goes on."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import docx
import pytest

from drafter.watch import rebuild, watch
from tests.helpers.clirun import environment
from tests.helpers.samples import MINIMAL

pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT, which is how Ctrl-C arrives on POSIX")


class Lines:
    """Lines of a child's stream, collected by a thread so the test can wait for one with a timeout."""

    def __init__(self, stream) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.queue.put(line)

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if needle in line:
                return line
        raise AssertionError(f"{needle!r} not seen; got {self.seen}")


def _text(path: Path) -> str:
    return "".join(p.text for p in docx.Document(str(path)).paragraphs)


def _save(path: Path, text: str) -> None:
    """Save like an editor; bump the mtime so even a coarse file system clock sees a change."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_watch_rebuilds_on_save_reports_errors_and_stops_cleanly_on_ctrl_c(tmp_path: Path):
    facts = tmp_path / "facts.yaml"
    out = tmp_path / "报告.docx"
    _save(facts, MINIMAL)
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "build", "--watch", str(facts), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment())
    stdout, stderr = Lines(proc.stdout), Lines(proc.stderr)
    try:
        stdout.wait_for("正在监视")
        stdout.wait_for("已生成")
        assert "认真贯彻落实" in _text(out)

        _save(facts, MINIMAL.replace("认真贯彻落实", "第二次保存后认真贯彻落实"))
        stdout.wait_for("已生成")
        assert "第二次保存后认真贯彻落实" in _text(out)

        _save(facts, MINIMAL.replace("year: 2023", "year: 二〇二三"))
        stderr.wait_for(f"{facts}:3:7: 错误: ［year］")
        stderr.wait_for("保存修改后会自动重新生成")
        assert "第二次保存后" in _text(out), "a broken save leaves the last good DOCX alone"

        _save(facts, MINIMAL.replace("认真贯彻落实", "改正后认真贯彻落实"))
        stdout.wait_for("已生成")
        assert "改正后认真贯彻落实" in _text(out)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    stdout.wait_for("已停止监视")
    assert proc.returncode == 0
    assert not any("Traceback" in line for line in stderr.seen + list(stderr.queue.queue))


def test_watch_loop_in_process_until_told_to_stop(tmp_path: Path, capsys):
    facts = tmp_path / "facts.yaml"
    _save(facts, MINIMAL)
    rounds = iter(range(100))

    def stop_after_edit() -> bool:
        n = next(rounds)
        if n == 3:
            _save(facts, MINIMAL.replace("认真贯彻落实", "循环中认真贯彻落实"))
        return n > 8

    assert watch(facts, poll=0.03, should_stop=stop_after_edit) == 0
    out = capsys.readouterr().out
    assert out.count("已生成") == 2
    assert "循环中认真贯彻落实" in _text(facts.with_suffix(".docx"))


def test_rebuild_prints_the_located_findings(tmp_path: Path, capsys):
    facts = tmp_path / "facts.yaml"
    _save(facts, MINIMAL.replace("kind: problems", "kind: problem"))
    assert rebuild(facts, None) is False
    err = capsys.readouterr().err
    assert f"{facts}:17:11: 错误: ［sections[1].kind］" in err and "共 1 个错误" in err
