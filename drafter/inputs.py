"""Reading a file the user names: regular files only, never more than a limit.

`/dev/zero` would be read until memory runs out, a FIFO would block forever on open, a folder
or a device says nothing useful when read. Every input (fact files, reports to import, DOCX to
verify) is opened without blocking, checked to be a regular file, and read with a bound.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

from drafter.errors import InputFileError, InputTooLarge
from drafter.fsutil import explain_os_error

__all__ = ["InputTooLarge", "human_size", "read_regular", "require_regular"]

_CHUNK = 1024 * 1024


def _open(path: Path) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise InputFileError(f"{path}：这是一个指向不存在文件的快捷方式（符号链接）。") from None
        raise InputFileError(f"{path}：文件不存在。") from None
    except IsADirectoryError:
        raise InputFileError(f"{path}：这是一个文件夹，不是文件。") from None
    except OSError as exc:
        raise InputFileError(f"{path}：无法读取文件（{explain_os_error(exc)}）。") from None


def _require_regular(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputFileError(f"{path}：这是一个文件夹，不是文件。")
    if not stat.S_ISREG(mode):
        raise InputFileError(f"{path}：这不是普通文件（而是设备、管道或其他特殊文件），无法读取。")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file `path`; InputTooLarge beyond `limit` bytes, InputFileError
    (Chinese) for a missing file, a folder, a device, a FIFO or a socket."""
    path = Path(path)
    fd = _open(path)
    try:
        info = os.fstat(fd)
        _require_regular(path, info.st_mode)
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while we read it
                raise _too_large(path, total, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise InputFileError(f"{path}：无法读取文件（{explain_os_error(exc)}）。") from None
    finally:
        os.close(fd)


def require_regular(path: Path | str) -> None:
    """Raise like read_regular when `path` is not a regular file that can be opened (nothing is read)."""
    path = Path(path)
    fd = _open(path)
    try:
        _require_regular(path, os.fstat(fd).st_mode)
    finally:
        os.close(fd)


def _too_large(path: Path, size: int, limit: int) -> InputTooLarge:
    return InputTooLarge(f"{path}：文件有 {human_size(size)}，超过上限 {human_size(limit)}，请检查是否选错了文件。", size)


def human_size(size: int) -> str:
    """50 MB, 2.1 MB, 300 KB: a size as the messages about limits state it. Under 10 MB one decimal,
    rounded up, so that a size just over a limit never reads as the limit itself ("2 MB, over 2 MB")."""
    megabytes = size / 1024 / 1024
    if megabytes >= 10:
        return f"{megabytes:.0f} MB"
    if megabytes >= 1:
        tenths = math.ceil(megabytes * 10)
        return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"
    return f"{max(1, math.ceil(size / 1024))} KB"
