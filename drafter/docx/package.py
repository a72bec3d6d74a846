"""The DOCX package of a build: its stamp, writing it beside a hand-edited one, and the zip itself.

Kept free of python-docx, docxtpl and jinja2 (and of zipfile for writing) so that a build from the
compiled template (drafter.docx.compiled) imports none of them. `write_zip` writes exactly what
`zipfile.ZipFile.writestr` writes for each member (tests/docx/test_package.py compares the bytes),
but takes members that never change already compressed, byte for byte.
"""

from __future__ import annotations

import re
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import InputFileError, OutputError
from drafter.fsutil import atomic_write_bytes, default_output, make_backup

if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:  # the built-in SHA-256: hashlib would load OpenSSL (~2 ms) for the same digest
        from _sha256 import sha256
    except ImportError:  # Python 3.12+ names it _sha2
        try:
            from _sha2 import sha256
        except ImportError:
            from hashlib import sha256

#: Written into docProps/core.xml so a rebuild can tell its own output from a hand-edited file.
STAMP_PREFIX = "drafter:sha256-package:"
BLANK_DIGEST = "0" * 64
STAMP = re.compile(re.escape(STAMP_PREFIX).encode() + rb"[0-9a-f]{64}")
CORE = "docProps/core.xml"


@dataclass
class BuildResult:
    output: Path
    backup: Path | None  # where a hand-edited previous DOCX was saved, if any


def package_digest(members: Iterable[tuple[str, bytes]]) -> str:
    """SHA-256 over every member's name and bytes (the stamp itself blanked), in name order."""
    digest = sha256()
    for name, data in sorted(members, key=lambda member: member[0]):
        if name == CORE:
            data = STAMP.sub(STAMP_PREFIX.encode() + BLANK_DIGEST.encode(), data)
        digest.update(len(name).to_bytes(4, "big") + name.encode("utf-8"))
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def is_unedited_build(path: Path) -> bool:
    """True when `path` is a DOCX this tool wrote and nobody has changed since: every part
    (body, headers, footers, styles, properties, relationships) is as the build stamped it."""
    import zipfile

    from drafter.docx.archive import check_archive

    try:
        check_archive(path, path)
        with zipfile.ZipFile(path) as zf:
            found = STAMP.search(zf.read(CORE))
            if found is None:
                return False
            return found.group().decode()[len(STAMP_PREFIX):] == package_digest(
                (name, zf.read(name)) for name in zf.namelist())
    except (OSError, zipfile.BadZipFile, KeyError, InputFileError, ValueError, EOFError):
        return False


def write_build(facts_path: Path, output: Path | str | None, make: Callable[[], bytes]) -> BuildResult:
    """Write the DOCX `make()` returns for `facts_path` (to `output`, else beside it), keeping a
    backup of a previous DOCX that was edited by hand."""
    out = Path(output) if output else default_output(facts_path)
    if out.exists() and out.resolve() == facts_path.resolve():
        raise OutputError(f"{out}：输出文件不能是事实文件本身，请换一个输出文件名（通常以 .docx 结尾）。")
    data = make()
    backup = make_backup(out) if out.is_file() and not _unchanged_since_written(out) else None
    atomic_write_bytes(out, data)
    _written[str(out)] = _stat_signature(out)
    return BuildResult(out, backup)


#: What this process's last write of each output looked like on disk (a rebuild in --watch).
_written: dict[str, tuple[int, ...] | None] = {}


def _stat_signature(path: Path) -> tuple[int, ...] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _unchanged_since_written(path: Path) -> bool:
    """is_unedited_build, without reading the file again when it is still the very file this process
    wrote last (same inode, size and change times: any save by Word or WPS changes them)."""
    known = _written.get(str(path))
    if known is not None and known == _stat_signature(path):
        return True
    return is_unedited_build(path)


# --- the zip, as zipfile.ZipFile.writestr writes it ------------------------------------------------

DEFLATED = 8
_WINDOWS = sys.platform == "win32"
_VERSION = 20  # zipfile's DEFAULT_VERSION
_FILE_ATTR = 0o600 << 16  # what writestr gives a member named by a string
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class Member:
    """One zip member, compressed: what the local header and the central directory need."""

    name: str
    method: int  # 0 stored, 8 deflated
    crc: int
    size: int
    data: bytes  # as stored in the archive (compressed when method is 8)


def deflate(name: str, data: bytes, method: int = DEFLATED) -> Member:
    """A member compressed as zipfile compresses it (zlib's default level, raw deflate)."""
    stored = data
    if method == DEFLATED:
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        stored = packer.compress(data) + packer.flush()
    return Member(name, method, zlib.crc32(data), len(data), stored)


def write_zip(members: Iterable[Member], date_time: tuple[int, ...] | None = None) -> bytes:
    """The archive of `members` in order, every member dated `date_time` (default: now, local time)."""
    year, month, day, hour, minute, second = date_time or time.localtime(time.time())[:6]
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | (second // 2)
    system = 0 if _WINDOWS else 3
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        name = m.name.encode("ascii") if m.name.isascii() else m.name.encode("utf-8")
        flags = 0 if m.name.isascii() else 0x800
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, m.method, dostime, dosdate, m.crc,
                             len(m.data), m.size, len(name), 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, system, _VERSION, 0, flags, m.method, dostime,
                                     dosdate, m.crc, len(m.data), m.size, len(name), 0, 0, 0, 0, _FILE_ATTR,
                                     offset) + name)
        parts += [header, name, m.data]
        offset += len(header) + len(name) + len(m.data)
    directory = b"".join(central)
    parts += [directory, _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)]
    return b"".join(parts)


