"""drafter.pipeline: load → check → build once, the same for build, a batch, --watch and the wizard."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter import pipeline
from drafter.batch import build_many
from drafter.console import format_finding
from drafter.errors import FactFileError
from drafter.interview.wizard import run_wizard
from drafter.watch import rebuild
from tests.helpers.clirun import run_cli
from tests.helpers.fakeprompter import ScriptedPrompter
from tests.helpers.samples import MINIMAL

#: Valid, so it builds, but the review checks find a late date (warning) and a half-width comma (error).
REVIEWED = (MINIMAL.replace("date: 2024-01-30", "date: 2024-03-02")
            .replace("工作。现将", "工作,现将"))


def _shown_lines(facts: Path) -> list[str]:
    return [format_finding(f) for f in pipeline.run(facts, facts.with_suffix(".probe.docx")).shown]


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    folder = tmp_path / "各部门"
    folder.mkdir()
    path = folder / "科技局.yaml"
    path.write_text(REVIEWED, encoding="utf-8")
    return path


def test_run_returns_findings_output_and_backup_without_printing(reviewed: Path, capsys):
    out = reviewed.with_suffix(".docx")
    out.write_bytes(b"edited by hand")
    result = pipeline.run(reviewed)
    assert result.output == out and out.stat().st_size > 1000
    assert result.backup is not None and result.backup.read_bytes() == b"edited by hand"
    assert [(f.code, f.severity) for f in result.shown] == [("date-late-report", "warning"),
                                                            ("half-width-punct", "error")]
    assert capsys.readouterr() == ("", "")  # the browser front end will call it too: no printing


def test_an_invalid_file_raises_with_every_finding(tmp_path: Path):
    bad = tmp_path / "坏.yaml"
    bad.write_text(MINIMAL.replace("year: 2023", "year: 二〇二三"), encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        pipeline.run(bad)
    assert info.value.findings[0].path == "year" and not bad.with_suffix(".docx").exists()


def test_a_folder_build_reports_the_review_warnings_a_single_build_reports(reviewed: Path, tmp_path: Path):
    expected = _shown_lines(reviewed)
    assert len(expected) == 2
    single = run_cli(["build", str(reviewed), "-o", str(tmp_path / "单独.docx")])
    assert single.returncode == 0
    (reviewed.parent / "其他.yaml").write_text(MINIMAL, encoding="utf-8")
    folder = run_cli(["build", str(reviewed.parent), "-o", str(tmp_path / "输出")])
    assert folder.returncode == 0, folder.stderr
    for line in expected:
        assert line in single.stderr
        assert line in folder.stderr
    assert "生成前检查发现 1 个错误，1 个警告（不影响生成）" in folder.stderr
    assert "共 2 份：成功 2 份，失败 0 份。" in folder.stdout


def test_batch_outcomes_carry_the_same_findings_as_a_single_build(reviewed: Path, tmp_path: Path):
    for name in ("甲", "乙"):
        (reviewed.parent / f"{name}.yaml").write_text(REVIEWED, encoding="utf-8")
    single = pipeline.run(reviewed, tmp_path / "单独.docx").shown
    for jobs in (1, 3):  # in this process and in the worker pool
        batch = build_many([reviewed.parent], tmp_path / f"输出{jobs}", jobs=jobs)
        assert batch.exit_code == 0
        by_name = {o.facts.name: o for o in batch.outcomes}
        assert by_name[reviewed.name].findings == single


def test_watch_builds_through_the_pipeline(reviewed: Path, tmp_path: Path, capsys):
    out = tmp_path / "监视.docx"
    assert rebuild(reviewed, out)
    captured = capsys.readouterr()
    assert f"已生成：{out}" in captured.out
    for line in _shown_lines(reviewed):
        assert line in captured.err
    assert out.read_bytes()[:2] == b"PK"


def test_the_wizard_builds_through_the_pipeline(reviewed: Path):
    expected = pipeline.run(reviewed, reviewed.with_suffix(".probe.docx")).findings
    prompter = ScriptedPrompter([("要修改哪一部分", "build")])
    result = run_wizard(reviewed, prompter, mode="edit")
    assert result.docx == reviewed.with_suffix(".docx") and result.docx.is_file()
    assert result.findings == expected
    for f in expected:
        assert format_finding(f) in prompter.output


def test_the_checks_run_while_the_build_waits_for_the_disk(reviewed: Path, monkeypatch: pytest.MonkeyPatch):
    """The checks start once the build is under way and the build's fsync may wait for them: only run
    side by side do both finish (one after the other, each would wait for the other in vain)."""
    import os
    import threading

    from drafter.review import checks

    at_disk, checking = threading.Event(), threading.Event()
    real_check, real_fsync = checks.check, os.fsync

    def check(loaded):
        checking.set()
        assert at_disk.wait(10), "the checks ran before the build reached the disk"
        return real_check(loaded)

    def fsync(fd: int) -> None:
        at_disk.set()
        assert checking.wait(10), "the build waited for the disk before the checks started"
        real_fsync(fd)

    monkeypatch.setattr(checks, "check", check)
    monkeypatch.setattr(os, "fsync", fsync)
    result = pipeline.run(reviewed)
    assert [f.code for f in result.shown] == ["date-late-report", "half-width-punct"]
    assert result.output.stat().st_size > 1000


def test_a_failing_check_is_raised_even_when_the_build_fails_too(reviewed: Path, monkeypatch: pytest.MonkeyPatch):
    from drafter.docx import render
    from drafter.errors import OutputError
    from drafter.review import checks

    def broken(loaded):
        raise RuntimeError("a bug in a check")

    monkeypatch.setattr(checks, "check", broken)
    with pytest.raises(RuntimeError, match="a bug in a check"):
        pipeline.run(reviewed)

    def unwritable(*args, **kwargs):
        raise OutputError("无法写入")

    monkeypatch.setattr(render, "build", unwritable)
    with pytest.raises(RuntimeError, match="a bug in a check"):
        pipeline.run(reviewed)
    monkeypatch.setattr(checks, "check", lambda loaded: [])
    with pytest.raises(OutputError):
        pipeline.run(reviewed)
