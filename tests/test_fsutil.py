"""drafter.fsutil: crash-safe writes, backups beside the file, and why a file operation failed, in Chinese."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from pathlib import Path

import pytest

from drafter import fsutil
from drafter.errors import OutputError
from drafter.fsutil import (
    atomic_write_bytes,
    atomic_write_text,
    backup_path,
    default_output,
    explain_os_error,
    make_backup,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- atomic writes ---------------------------------------------------------------------------------

def test_a_write_replaces_the_content_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "新内容")
    assert target.read_text("utf-8") == "新内容"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


@pytest.mark.parametrize(("umask", "expected"), [(0o027, 0o640), (0o002, 0o664), (0o000, 0o666)])
def test_a_new_file_is_created_with_the_mode_any_program_would_give_it(tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        fsutil._umask.cache_clear()
        atomic_write_bytes(tmp_path / "new.docx", b"data")
    finally:
        os.umask(old)
        fsutil._umask.cache_clear()
    assert (tmp_path / "new.docx").read_bytes() == b"data"
    assert mode(tmp_path / "new.docx") == expected


def test_the_new_content_waits_beside_the_file_under_a_hidden_name(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Until the rename the clerk's folder holds the old file and a hidden .report.docx.*.tmp (the
    same folder, so the rename cannot cross disks); an interrupted build leaves only that behind."""
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")
    seen: list[list[str]] = []
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        assert Path(src).parent == tmp_path and Path(src).read_bytes() == b"new"
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    atomic_write_bytes(target, b"new")
    [[temporary, name]] = seen
    assert name == "report.docx"
    assert re.fullmatch(r"\.report\.docx\.[^.]+\.tmp", temporary), temporary


def test_reading_the_umask_leaves_it_as_it_was() -> None:
    old = os.umask(0o027)
    try:
        fsutil._umask.cache_clear()
        assert fsutil._umask() == 0o027
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(old)
        fsutil._umask.cache_clear()


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.docx"
    target.write_bytes(b"old")
    target.chmod(0o600)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600


def test_the_folder_entry_is_flushed_to_disk_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the folder's fsync a power cut after the rename can bring the old name back."""
    synced: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        synced.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write_bytes(tmp_path / "report.docx", b"data")
    assert synced == ["file", "rename", "folder"]


def test_a_folder_that_cannot_be_synced_does_not_fail_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not supported")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write_bytes(tmp_path / "report.docx", b"data")
    assert (tmp_path / "report.docx").read_bytes() == b"data"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"new")
    assert str(info.value) == f"{target}：磁盘空间不足，无法写入。"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_an_interrupted_write_leaves_no_temporary_and_is_not_swallowed(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.docx"

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(target, b"new")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="Windows cannot replace an open file: nothing is held there")
@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_lets_go_of_the_file_it_was_to_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              failure: BaseException) -> None:
    """The old file is held open only for a rename that happened (see _hold): a long `drafter watch`
    or `serve` whose writes keep failing must not run out of file descriptors."""
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")
    held: list[int | None] = []
    real_hold = fsutil._hold

    def hold(path: Path) -> int | None:
        held.append(real_hold(path))
        return held[-1]

    monkeypatch.setattr(fsutil, "_hold", hold)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise failure

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises((OutputError, KeyboardInterrupt)):
        atomic_write_bytes(target, b"new")
    (fd,) = held
    assert fd is not None
    with pytest.raises(OSError) as info:
        os.fstat(fd)
    assert info.value.errno == errno.EBADF
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_a_batch_syncs_each_folder_once_at_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a batch's workers the folder fsync after each rename is left to sync_folders (one per folder)."""
    synced: list[Path] = []
    monkeypatch.setattr(fsutil, "_fsync_dir", synced.append)
    monkeypatch.setattr(fsutil, "_folder_sync_deferred", False)  # restored after the test
    atomic_write_bytes(tmp_path / "one.docx", b"1")
    assert synced == [tmp_path]
    fsutil.defer_folder_sync()
    atomic_write_bytes(tmp_path / "two.docx", b"2")
    assert synced == [tmp_path]
    fsutil.sync_folders([tmp_path, tmp_path / "sub"])
    assert synced == [tmp_path, tmp_path, tmp_path / "sub"]


def test_a_folder_where_no_temporary_name_is_free_is_an_explained_error(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsutil.os, "urandom", lambda n: b"\x00" * n)  # the same name every time
    (tmp_path / ".report.docx.000000000000.tmp").write_bytes(b"someone else's")
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(tmp_path / "report.docx", b"new")
    assert str(info.value) == f"{tmp_path / 'report.docx'}：无法写入（系统错误，错误代码 {errno.EEXIST}）。"
    assert (tmp_path / ".report.docx.000000000000.tmp").read_bytes() == b"someone else's"


def test_writing_to_a_folder_says_a_file_name_is_needed(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(tmp_path, b"data")
    assert str(info.value) == f"{tmp_path}：这是一个文件夹，请给出文件名。"


def test_writing_into_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "report.docx"
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"data")
    assert str(info.value) == (f"{target}：无法写入，文件夹“{target.parent}”不存在。"
                               "请先创建该文件夹，或换一个输出位置。")


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM, errno.EROFS])
def test_a_write_without_permission_suggests_closing_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              code: int) -> None:
    def mkstemp(*args: object) -> tuple[int, str]:
        raise OSError(code, "refused")

    monkeypatch.setattr(fsutil, "_mkstemp", mkstemp)
    target = tmp_path / "report.docx"
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"data")
    assert str(info.value) == (f"{target}：无法写入（没有写入权限，或文件正在 Word/WPS 等程序中打开）。"
                               "请关闭该文件或换一个输出位置后重试。")


def test_other_write_errors_are_explained_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def mkstemp(*args: object) -> tuple[int, str]:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fsutil, "_mkstemp", mkstemp)
    target = tmp_path / "report.docx"
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"data")
    assert str(info.value) == f"{target}：无法写入（写入时磁盘或网络出错，请检查磁盘或网络连接）。"


def test_a_missing_file_in_an_existing_folder_is_not_called_a_missing_folder(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def mkstemp(*args: object) -> tuple[int, str]:
        raise OSError(errno.ENOENT, "gone")

    monkeypatch.setattr(fsutil, "_mkstemp", mkstemp)
    target = tmp_path / "report.docx"
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"data")
    assert str(info.value) == f"{target}：无法写入（文件或文件夹不存在）。"


def test_a_folder_in_the_way_of_the_rename_is_named_as_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.docx"
    calls = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        target.mkdir()
        raise OSError(errno.ENOTEMPTY, "Directory not empty")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as info:
        atomic_write_bytes(target, b"data")
    assert calls and str(info.value) == f"{target}：这是一个文件夹，请给出文件名。"


# --- reasons ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "reason"), [
    (errno.EACCES, "没有权限读取"), (errno.EPERM, "没有权限读取"), (errno.EROFS, "磁盘或文件夹是只读的，不能读取"),
    (errno.ENOENT, "文件或文件夹不存在"), (errno.EISDIR, "这是一个文件夹，不是文件"), (errno.ENOTDIR, "路径中有一级不是文件夹"),
    (errno.EIO, "读取时磁盘或网络出错，请检查磁盘或网络连接"), (errno.ENOSPC, "磁盘空间不足"),
    (errno.ENAMETOOLONG, "文件名或路径过长"), (errno.ELOOP, "路径中的快捷方式（符号链接）形成了循环"),
    (errno.EBUSY, "文件正被其他程序占用"), (errno.EMFILE, "同时打开的文件过多"), (errno.ENFILE, "同时打开的文件过多"),
    (errno.EINVAL, "文件名或路径无效"), (errno.EDQUOT, "磁盘配额已用完"),
])
def test_each_reason_in_words_a_clerk_understands(code: int, reason: str) -> None:
    assert explain_os_error(OSError(code, "English text")) == reason


def test_the_action_is_named_where_the_reason_mentions_it() -> None:
    assert explain_os_error(PermissionError(errno.EACCES, "denied"), "写入") == "没有权限写入"
    assert explain_os_error(OSError(errno.ENOSPC, "full"), "写入") == "磁盘空间不足"


def test_an_unknown_error_gives_its_code_and_never_the_english_text() -> None:
    assert explain_os_error(OSError(errno.ECONNRESET, "Connection reset")) == f"系统错误，错误代码 {errno.ECONNRESET}"
    assert explain_os_error(OSError("no code at all")) == "系统错误"


# --- output names and backups -----------------------------------------------------------------------

def test_the_default_output_is_the_docx_beside_the_fact_file() -> None:
    assert default_output(Path("reports/2024.yaml")) == Path("reports/2024.docx")


def test_a_backup_name_carries_the_time_and_never_an_existing_name(tmp_path: Path) -> None:
    report = tmp_path / "report.docx"
    first = backup_path(report)
    assert re.fullmatch(r"report\.bak-\d{8}-\d{6}\.docx", first.name)
    stamp = dt.datetime.strptime(first.name[len("report.bak-"):-len(".docx")], "%Y%m%d-%H%M%S")
    assert abs((dt.datetime.now() - stamp).total_seconds()) < 5
    first.write_bytes(b"")
    second = backup_path(report)
    assert second.name == first.name.replace(".docx", "-2.docx")
    second.write_bytes(b"")
    assert backup_path(report).name == first.name.replace(".docx", "-3.docx")


def test_make_backup_copies_the_file_beside_it(tmp_path: Path) -> None:
    report = tmp_path / "report.docx"
    report.write_bytes(b"clerk's edits")
    backup = make_backup(report)
    assert backup.parent == tmp_path and backup.read_bytes() == b"clerk's edits"
    assert report.read_bytes() == b"clerk's edits"


def test_a_backup_that_cannot_be_written_is_explained(tmp_path: Path) -> None:
    missing = tmp_path / "gone.docx"
    with pytest.raises(OutputError) as info:
        make_backup(missing)
    assert "无法写入" in str(info.value) and "gone.bak-" in str(info.value)


@pytest.mark.skipif(os.name == "nt", reason="POSIX quoting")
def test_shell_arg_quotes_what_a_shell_would_split_and_leaves_plain_names_alone():
    import shlex

    from drafter.fsutil import shell_arg

    assert shell_arg("2024年报告.yaml") == "2024年报告.yaml"
    assert shell_arg(Path("/tmp/新 报告/2024年 报告.yaml")) == '"/tmp/新 报告/2024年 报告.yaml"'
    for name in ("a b.yaml", "报告(定稿).yaml", "it's.yaml", 'say "hi" $HOME.yaml', "a`b`.yaml", "x!y & z.yaml"):
        assert shlex.split(shell_arg(name)) == [name]
    assert shell_arg("X 报告.yaml") == '"X 报告.yaml"'  # double quotes whenever they protect it
    assert shell_arg("报告\\2024.yaml") == "'报告\\2024.yaml'"  # a backslash escapes in a POSIX shell


def test_shell_arg_on_windows_leaves_backslashes_alone_and_always_uses_double_quotes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.fsutil import shell_arg

    monkeypatch.setattr(os, "name", "nt")  # only shell_arg runs until undo: it reads os.name and nothing else
    try:
        plain, spaced = shell_arg("C:\\报告\\2024.yaml"), shell_arg("C:\\新 报告\\$2024!.yaml")
    finally:
        monkeypatch.undo()  # pathlib would make WindowsPaths
    assert plain == "C:\\报告\\2024.yaml"
    assert spaced == '"C:\\新 报告\\$2024!.yaml"'


def test_backup_path_names_other_kept_versions_the_same_way(tmp_path: Path) -> None:
    # drafter serve keeps a page's version beside a hand-edited fact file as 2025.网页版本-….yaml
    first = backup_path(tmp_path / "2025.yaml", "网页版本")
    assert re.fullmatch(r"2025\.网页版本-\d{8}-\d{6}\.yaml", first.name)
    first.write_text("", "utf-8")
    assert backup_path(tmp_path / "2025.yaml", "网页版本").name == first.name.replace(".yaml", "-2.yaml")


@pytest.mark.skipif(os.name != "posix", reason="Windows cannot replace an open file: nothing is held there")
def test_the_replaced_file_is_freed_only_when_released(tmp_path: Path) -> None:
    """Freeing the old file's blocks (~4 ms on a disk mounted with discard) waits for release_replaced."""
    target = tmp_path / "report.docx"
    fsutil.release_replaced()
    atomic_write_bytes(target, b"first")
    assert fsutil._replaced == []  # nothing was replaced
    atomic_write_bytes(target, b"second")
    (held,) = fsutil._replaced
    assert os.fstat(held).st_nlink == 0  # the old file, no longer in any folder
    assert os.pread(held, 16, 0) == b"first"
    atomic_write_bytes(target, b"third")  # a write frees the one before it: never more than one held
    (now_held,) = fsutil._replaced
    assert os.pread(now_held, 16, 0) == b"second"
    fsutil.release_replaced()
    assert fsutil._replaced == []
    assert target.read_bytes() == b"third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]


def test_the_temporary_file_never_takes_an_existing_name_and_only_its_owner_may_read_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter([b"\x00" * 6, b"\x00" * 6, b"\x01" * 6])
    monkeypatch.setattr(fsutil.os, "urandom", lambda n: next(draws))
    taken = tmp_path / ".report.docx.000000000000.tmp"
    taken.write_bytes(b"someone else's")
    fd, name = fsutil._mkstemp(tmp_path, "report.docx")
    os.close(fd)
    assert name == str(tmp_path / ".report.docx.010101010101.tmp")
    assert taken.read_bytes() == b"someone else's"
    assert stat.S_IMODE(os.stat(name).st_mode) == 0o600


def test_a_cache_file_is_put_in_place_whole_without_the_cost_of_fsync(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(fsutil.os, "fsync", synced.append)
    target = tmp_path / "template-abc.bin"
    target.write_bytes(b"old")
    fsutil.write_cache_file(target, b"new")
    assert target.read_bytes() == b"new" and synced == []
    assert [p.name for p in tmp_path.iterdir()] == ["template-abc.bin"]


def test_a_cache_file_that_cannot_be_put_in_place_leaves_the_old_one_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "template-abc.bin"
    target.write_bytes(b"old")

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(PermissionError):  # the caller's to handle (a cache it cannot write is skipped)
        fsutil.write_cache_file(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["template-abc.bin"]
