"""Crash-safe writes: temporary file in the target folder, fsync, then rename.

A reader (Word, WPS, the clerk) sees either the old file or the new one, never half
of one; an interrupted build leaves the previous file intact.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from drafter.errors import OutputError

#: characters after which a path typed into a shell is no longer one argument
_SHELL_SPECIAL = frozenset(" \t\n'\"$`\\!&;|<>()[]{}*?#~^%")


def shell_arg(path: Path | str) -> str:
    """`path` as it must be typed after a command shown to the clerk (quoted if it has spaces and the like).

    A file called “2024年 报告.yaml” printed bare in “再次运行 drafter new …” is two arguments when copied.
    Double quotes work in cmd, PowerShell and POSIX shells; a path that double quotes cannot protect in a
    POSIX shell gets shlex's single quotes.
    """
    text = str(path)
    special = _SHELL_SPECIAL - {"\\"} if os.name == "nt" else _SHELL_SPECIAL  # a Windows path is made of them
    if not any(ch in special for ch in text):
        return text
    if os.name == "nt" or not any(ch in "$`\\\"!" for ch in text):
        return f'"{text}"'
    import shlex

    return shlex.quote(text)


#: errno -> why a file operation failed, in words a clerk understands; {action} is 读取 or 写入.
_OS_REASONS: dict[int, str] = {
    errno.EACCES: "没有权限{action}",
    errno.EPERM: "没有权限{action}",
    errno.EROFS: "磁盘或文件夹是只读的，不能{action}",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一级不是文件夹",
    errno.EIO: "{action}时磁盘或网络出错，请检查磁盘或网络连接",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ELOOP: "路径中的快捷方式（符号链接）形成了循环",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.EINVAL: "文件名或路径无效",
}
if hasattr(errno, "EDQUOT"):
    _OS_REASONS[errno.EDQUOT] = "磁盘配额已用完"


def explain_os_error(exc: OSError, action: str = "读取") -> str:
    """Why a file operation failed, in Chinese (never the system's English text).

    `action` names the operation (读取, 写入) for the reasons that mention it:
    explain_os_error(PermissionError(errno.EACCES, ...)) -> "没有权限读取".
    """
    reason = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is None:
        return f"系统错误，错误代码 {exc.errno}" if exc.errno is not None else "系统错误"
    return reason.format(action=action)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long to look up, a folder that cannot be entered
        return False


def _explain(path: Path, exc: OSError) -> OutputError:
    folder = path.parent
    if exc.errno == errno.ENOENT and not _is_dir(folder):
        return OutputError(f"{path}：无法写入，文件夹“{folder}”不存在。请先创建该文件夹，或换一个输出位置。")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(
            f"{path}：无法写入（没有写入权限，或文件正在 Word/WPS 等程序中打开）。"
            "请关闭该文件或换一个输出位置后重试。"
        )
    if exc.errno == errno.ENOSPC:
        return OutputError(f"{path}：磁盘空间不足，无法写入。")
    if exc.errno == errno.EISDIR or _is_dir(path):
        return OutputError(f"{path}：这是一个文件夹，请给出文件名。")
    return OutputError(f"{path}：无法写入（{explain_os_error(exc, '写入')}）。")


def write_target(path: Path) -> Path:
    """The file a write to `path` must replace: the final target of a symbolic link (the link
    stays a link), refusing what is not a regular file (/dev/null, /dev/stdout, a FIFO, a socket)."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode  # follows links
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _explain(path, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}：这是一个文件夹，请给出文件名。")
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"{path}：这不是普通文件（而是设备、管道或其他特殊文件），不能写入结果。"
                          "请给出一个普通的文件名，例如 报告.docx。")
    if any(_is_system(hop) for hop in _link_chain(path)):  # /dev/stdout -> /proc/self/fd/1 -> a redirect
        raise OutputError(f"{path}：这不是普通文件（而是设备、管道或其他特殊文件），不能写入结果。"
                          "请给出一个普通的文件名，例如 报告.docx。")
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _link_chain(path: Path) -> list[Path]:
    """`path` and every path its symbolic links lead through (absolute, not resolved further)."""
    chain = [Path(os.path.abspath(path))]
    for _ in range(40):
        try:
            hop = os.readlink(chain[-1])
        except OSError:
            break
        chain.append(Path(os.path.abspath(chain[-1].parent / hop)))
    return chain


def _is_system(path: Path) -> bool:
    return path.parts[1:2] in (("dev",), ("proc",))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that the old content survives any interruption."""
    shown = Path(path)
    path = write_target(shown)
    try:
        fd, tmp_name = _mkstemp(path.parent, path.name)
    except OSError as exc:
        raise _explain(shown, exc) from None
    tmp = Path(tmp_name)
    replaced = None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))  # shutil.copymode, without importing shutil
            replaced = _hold(path)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        _release(replaced)
        tmp.unlink(missing_ok=True)
        raise _explain(shown, exc) from None
    except BaseException:
        _release(replaced)
        tmp.unlink(missing_ok=True)
        raise
    if not _folder_sync_deferred:
        _fsync_dir(path.parent)
    if replaced is not None:
        release_replaced()  # the one before: the caller had its chance to release it at leisure
        _replaced.append(replaced)


def _mkstemp(folder: Path, name: str) -> tuple[int, str]:
    """tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder) without importing tempfile (with
    shutil and random, ~2 ms of a build): a new file only this user may read, never an existing one."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        candidate = os.path.abspath(os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp"))
        try:
            return os.open(candidate, flags, 0o600), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(folder))


#: Open descriptors of files that an atomic write replaced (POSIX), closed by release_replaced.
_replaced: list[int] = []


def _hold(path: Path) -> int | None:
    """Keep the file about to be replaced open (POSIX only: Windows cannot replace an open file).

    Freeing a replaced file's blocks takes as long as an fsync on some disks (ext4 with `discard`:
    ~4 ms), and os.replace would pay it before returning. Held open, the old file is freed when
    release_replaced closes it: after the build has been reported (watch), or when the process ends.
    Nothing of the new file's durability waits for it.
    """
    if os.name != "posix":
        return None
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None


def _release(fd: int | None) -> None:
    # try/except, not contextlib.suppress: nothing else a build imports needs contextlib (~0.4 ms)
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass


def release_replaced() -> None:
    """Free the files atomic writes replaced (see _hold): call when nobody is waiting for the answer."""
    while _replaced:
        _release(_replaced.pop())


def write_cache_file(path: Path, data: bytes) -> None:
    """Put a cache file in place whole (a reader sees the old one or the new one), without fsync.

    drafter's caches (compiled templates, regular expressions, parsed data) carry a checksum and are
    rebuilt when it fails, so a power cut can cost them but nothing of the user's: they skip the two
    fsyncs (~8 ms) an atomic write of the user's files pays, and a first build is not slower for them.
    """
    fd, tmp_name = _mkstemp(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def default_output(facts_path: Path) -> Path:
    """2024.yaml -> 2024.docx beside it (build, batch and the wizard agree on this)."""
    return facts_path.with_suffix(".docx")


def backup_path(path: Path, label: str = "bak") -> Path:
    """report.docx -> report.bak-20250220-101500.docx (never an existing name); `label` names other
    kept versions the same way (2025.网页版本-20250220-101500.yaml: a browser page's version)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{label}-{stamp}-{n}{path.suffix}")
    return candidate


def make_backup(path: Path) -> Path:
    """Copy `path` to a timestamped backup beside it and return the backup's path."""
    import shutil

    target = backup_path(path)
    try:
        shutil.copy2(path, target)
    except OSError as exc:
        raise _explain(target, exc) from None
    return target


@cache
def _umask() -> int:
    """Read once: os.umask can only be read by setting it, which races with other threads' writes."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Set in a batch's worker processes: the batch syncs each output folder once at its end (sync_folders)
#: instead of after every file. Every file is still synced before its rename, so a power cut leaves
#: the old file or the new one, never half of one; until the batch has ended, a file may be the old one.
_folder_sync_deferred = False


def defer_folder_sync() -> None:
    """From now on in this process, atomic writes leave their folder's fsync to sync_folders."""
    global _folder_sync_deferred
    _folder_sync_deferred = True


def sync_folders(folders: Iterable[Path]) -> None:
    """Flush the entries of `folders` to disk (a batch's end, after writes with the folder sync deferred)."""
    for folder in folders:
        _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
