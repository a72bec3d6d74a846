"""Batch builds: many fact files or a folder, both cores, progress, a summary; one bad file never stops the rest."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from drafter import batch
from drafter.batch import build_many, collect
from drafter.console import ProgressLine
from drafter.errors import InputFileError, UsageError
from tests.helpers.clirun import run_cli
from tests.helpers.samples import MINIMAL


def _folder(tmp_path: Path, good: int = 4, bad: int = 2) -> Path:
    folder = tmp_path / "各部门"
    folder.mkdir()
    for i in range(good):
        (folder / f"部门{i}.yaml").write_text(MINIMAL.replace("龙泉市科学技术局", f"龙泉市第{i}局"), encoding="utf-8")
    for i in range(bad):
        (folder / f"坏{i}.yaml").write_text(MINIMAL.replace("year: 2023", "year: 二〇二三"), encoding="utf-8")
    (folder / "说明.txt").write_text("不是事实文件", encoding="utf-8")
    (folder / ".隐藏.yaml").write_text("year: [", encoding="utf-8")
    return folder


def test_a_folder_is_built_in_a_pool_and_bad_files_do_not_stop_the_others(tmp_path: Path):
    folder = _folder(tmp_path)
    calls = []
    result = build_many([folder], tmp_path / "输出", jobs=2, progress=lambda *a: calls.append(a))
    assert len(result.outcomes) == 6 and len(result.failures) == 2 and result.exit_code == 1
    for i in range(4):
        out = tmp_path / "输出" / f"部门{i}.docx"
        assert f"龙泉市第{i}局" in "".join(p.text for p in docx.Document(str(out)).paragraphs)
    for failure in result.failures:
        assert failure.facts.name.startswith("坏") and "事实文件有 1 处错误" in failure.message
        assert failure.findings[0].line == 3 and failure.findings[0].path == "year"
        assert not failure.output.exists()
    assert calls[-1] == (6, 6, 2) and [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_without_an_output_folder_each_docx_goes_beside_its_facts(tmp_path: Path):
    folder = _folder(tmp_path, good=3, bad=0)
    result = build_many([folder], jobs=1)
    assert result.exit_code == 0
    assert sorted(p.name for p in folder.glob("*.docx")) == ["部门0.docx", "部门1.docx", "部门2.docx"]


def test_an_unexpected_error_in_one_file_is_reported_and_the_others_are_built(tmp_path: Path, monkeypatch):
    import drafter.docx.render

    folder = _folder(tmp_path, good=3, bad=0)
    real_build = drafter.docx.render.build

    def flaky(facts, output=None, **kwargs):
        if Path(facts).name == "部门1.yaml":
            raise RuntimeError("boom")
        return real_build(facts, output, **kwargs)

    monkeypatch.setattr(drafter.docx.render, "build", flaky)
    result = build_many([folder], jobs=1)
    (failure,) = result.failures
    assert failure.facts.name == "部门1.yaml" and "内部错误" in failure.message
    assert "RuntimeError: boom" in failure.bug
    assert (folder / "部门0.docx").exists() and (folder / "部门2.docx").exists()


def test_files_and_folders_are_collected_once_in_order(tmp_path: Path):
    folder = _folder(tmp_path, good=2, bad=1)
    files = collect([folder / "部门1.yaml", folder])
    assert [f.name for f in files] == ["部门1.yaml", "坏0.yaml", "部门0.yaml"]
    with pytest.raises(InputFileError, match="文件不存在"):
        collect([tmp_path / "没有.yaml"])
    (tmp_path / "空").mkdir()
    with pytest.raises(InputFileError, match="文件夹中没有事实文件"):
        collect([tmp_path / "空"])


def test_two_files_that_would_write_the_same_docx_are_refused(tmp_path: Path):
    for sub in ("甲", "乙"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "报告.yaml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(UsageError, match="同名的输出文件"):
        build_many([tmp_path / "甲" / "报告.yaml", tmp_path / "乙" / "报告.yaml"], tmp_path / "out")


def test_the_pool_is_only_used_where_it_helps(tmp_path: Path, monkeypatch):
    used = []
    real_pool = batch._run_pool

    def counting_pool(tasks, *args):
        used.append(len(tasks))
        return real_pool(tasks, *args)

    monkeypatch.setattr(batch, "_run_pool", counting_pool)
    folder = _folder(tmp_path, good=2, bad=0)
    result = build_many([folder], jobs=2)
    assert used == []  # two files: starting workers costs more than it saves
    assert [o.ok for o in result.outcomes] == [True, True]
    (folder / "部门2.yaml").write_text(MINIMAL, encoding="utf-8")
    result = build_many([folder], jobs=2)
    assert used == [3]
    # either way every file is built, each from its own facts
    assert [o.ok for o in result.outcomes] == [True] * 3
    for i, agency in enumerate(["龙泉市第0局", "龙泉市第1局", "龙泉市科学技术局"]):
        out = folder / f"部门{i}.docx"
        assert agency in "".join(p.text for p in docx.Document(str(out)).paragraphs)


def test_progress_bar_on_a_terminal_and_plain_lines_in_a_log():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    bar = ProgressLine(tty)
    for done in range(1, 5):
        bar(done, 4, 1 if done > 2 else 0)
    assert tty.getvalue().count("\r正在生成 [") == 4 and tty.getvalue().endswith("4/4，失败 1 份\n")
    log = io.StringIO()
    line = ProgressLine(log)
    for done in range(1, 101):
        line(done, 100, 0)
    assert log.getvalue().splitlines()[-1] == "正在生成：100/100" and len(log.getvalue().splitlines()) == 11
    # the same failures, whatever order the workers finish in: counted on the last line only
    log = io.StringIO()
    line = ProgressLine(log)
    for done in range(1, 5):
        line(done, 4, 1 if done > 2 else 0)
    assert log.getvalue() == "正在生成：1/4\n正在生成：2/4\n正在生成：3/4\n正在生成：4/4，失败 1 份\n"


def test_batch_through_the_real_cli(tmp_path: Path):
    folder = _folder(tmp_path)
    out = tmp_path / "输出"
    proc = run_cli(["build", str(folder), "-o", str(out)])
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "共 6 份：成功 4 份，失败 2 份。" in proc.stdout
    assert "正在生成：6/6，失败 2 份" in proc.stderr
    for i in range(2):
        assert f"✗ {folder / f'坏{i}.yaml'}" in proc.stderr
        assert f"{folder / f'坏{i}.yaml'}:3:7: 错误: ［year］" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"部门{i}.docx" for i in range(4)]


def test_several_files_on_the_cli_and_a_hand_edited_docx_is_backed_up(tmp_path: Path):
    folder = _folder(tmp_path, good=3, bad=0)
    out = tmp_path / "输出"
    out.mkdir()
    (out / "部门0.docx").write_bytes(b"edited by hand")
    files = [str(folder / f"部门{i}.yaml") for i in range(3)]
    proc = run_cli(["build", *files, "-o", str(out), "-j", "2"])
    assert proc.returncode == 0, proc.stderr
    assert "共 3 份：成功 3 份，失败 0 份。" in proc.stdout and "已备份为" in proc.stdout
    (backup,) = out.glob("部门0.bak-*.docx")
    assert backup.read_bytes() == b"edited by hand"


def test_batch_usage_errors(tmp_path: Path):
    folder = _folder(tmp_path, good=2, bad=0)
    not_a_folder = tmp_path / "文件.docx"
    not_a_folder.write_bytes(b"")
    proc = run_cli(["build", str(folder), "-o", str(not_a_folder)])
    assert proc.returncode == 3 and "-o 应给出一个文件夹" in proc.stderr
    proc = run_cli(["build", "--watch", str(folder / "部门0.yaml"), str(folder / "部门1.yaml")])
    assert proc.returncode == 2 and "--watch 只能监视一个事实文件" in proc.stderr


def test_an_unreadable_folder_is_a_located_chinese_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = _folder(tmp_path)

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(InputFileError) as caught:
        collect([folder])
    assert caught.value.message.startswith(f"{folder}：无法读取文件夹")
    assert "没有权限读取" in caught.value.message and "Permission denied" not in caught.value.message


def test_planning_outputs_does_not_load_the_docx_machinery(tmp_path: Path):
    """A clash of output names is refused before ~250 ms of python-docx/docxtpl imports."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from drafter.batch import plan_outputs; "
            "plan_outputs([Path('a/r.yaml'), Path('b/r.yaml')], None); "
            "print(any(m in sys.modules for m in ('docx', 'docxtpl', 'lxml')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fork and gc.freeze are the Linux path")
def test_the_pool_forks_from_a_frozen_heap_and_unfreezes_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Workers must not copy the parent's pages by collecting inherited objects (bench: −18 MiB PSS)."""
    import gc

    calls: list[str] = []
    freeze, unfreeze = gc.freeze, gc.unfreeze

    def spy_freeze():
        calls.append("freeze")
        freeze()

    def spy_unfreeze():
        calls.append("unfreeze")
        unfreeze()

    monkeypatch.setattr(gc, "freeze", spy_freeze)
    monkeypatch.setattr(gc, "unfreeze", spy_unfreeze)
    result = build_many([_folder(tmp_path, good=batch.MIN_FILES_FOR_POOL, bad=0)], jobs=2)
    assert [o.ok for o in result.outcomes] == [True] * batch.MIN_FILES_FOR_POOL
    assert calls == ["freeze", "unfreeze"] and gc.get_freeze_count() == 0
    from drafter.docx.render import is_unedited_build

    for outcome in result.outcomes:  # the forked workers built complete files
        assert is_unedited_build(outcome.output)


def test_a_pooled_batch_syncs_every_file_and_each_output_folder_once(tmp_path: Path, monkeypatch):
    """Workers fsync each DOCX before its rename but leave the folder to the parent, which syncs it once
    at the end: one fsync per report less, on disks where an fsync costs milliseconds."""
    import os
    import stat

    from drafter.pipeline import warm

    warm()  # the compiled template is cached before the count starts (its cache file is written atomically too)
    folder = _folder(tmp_path, good=4, bad=0)
    out = tmp_path / "输出"
    log = tmp_path / "fsync.log"
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # forked workers inherit it; they append to the same log
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{kind} {os.getpid()}\n")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = build_many([folder], out, jobs=2)
    assert result.exit_code == 0 and len(list(out.glob("*.docx"))) == 4
    lines = log.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith("file") for line in lines) == 4
    assert [line for line in lines if line.startswith("folder")] == [f"folder {os.getpid()}"]  # once, by the parent
