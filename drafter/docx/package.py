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
from pathlib import Path

from drafter import TYPE_CHECKING
from drafter.errors import InputFileError, OutputError
from drafter.fsutil import atomic_write_bytes, default_output, make_backup
from drafter.records import Frozen, Record

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


class BuildResult(Record):
    __slots__ = ("output", "backup")

    def __init__(self, output: Path, backup: Path | None) -> None:
        self.output = output
        self.backup = backup  # where a hand-edited previous DOCX was saved, if any


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
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_OWN_BYTES + 1)
    except OSError:
        return False
    members = own_members(raw) if len(raw) <= MAX_OWN_BYTES else None
    if members is None:
        return _is_unedited_by_zipfile(path)
    stamped = dict(members).get(CORE)
    found = STAMP.search(stamped) if stamped is not None else None
    return found is not None and found.group().decode()[len(STAMP_PREFIX):] == package_digest(members)


def _is_unedited_by_zipfile(path: Path) -> bool:
    """is_unedited_build for a zip laid out otherwise than write_zip writes (Word's, WPS's, any)."""
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
    except (OSError, zipfile.BadZipFile, KeyError, InputFileError, ValueError, EOFError, zlib.error):
        return False  # a damaged DOCX is not the build's: it is kept as a backup


#: Larger files are left to zipfile (a build of a report is ~100 KB).
MAX_OWN_BYTES = 16 * 1024 * 1024


def own_members(data: bytes) -> list[tuple[str, bytes]] | None:
    """The members of a zip laid out exactly as write_zip writes it, read without zipfile (whose import
    is a tenth of a whole build), or None for any other layout: then zipfile reads it, under
    docx.archive's limits. Every member is unpacked within those limits and its CRC checked, and the
    central directory must agree with the local headers, so what is read is what zipfile would read."""
    from drafter.docx.archive import MAX_MEMBERS, MAX_TOTAL_BYTES, member_limit

    end = len(data) - _END.size
    if end < 0:
        return None
    sig, disk, cd_disk, count_here, count, cd_size, cd_offset, comment = _END.unpack_from(data, end)
    if (sig != b"PK\x05\x06" or disk or cd_disk or count_here != count or comment or count > MAX_MEMBERS
            or cd_offset + cd_size != end):
        return None
    members: list[tuple[str, bytes]] = []
    pos, expected, total = cd_offset, 0, 0
    for _ in range(count):
        if pos + _CENTRAL.size > end:
            return None
        (sig, _made, _system, _needed, _reserved, flags, method, _time, _date, crc, packed, size, name_len,
         extra_len, comment_len, disk_start, _internal, _external, offset) = _CENTRAL.unpack_from(data, pos)
        name_bytes = data[pos + _CENTRAL.size:pos + _CENTRAL.size + name_len]
        pos += _CENTRAL.size + name_len
        if (sig != b"PK\x01\x02" or flags & ~0x800 or method not in (0, DEFLATED) or extra_len or comment_len
                or disk_start or offset != expected or offset + _LOCAL.size > cd_offset):
            return None
        local = _LOCAL.unpack_from(data, offset)
        start = offset + _LOCAL.size + name_len
        if (local[0] != b"PK\x03\x04" or local[3:5] != (flags, method) or local[7:11] != (crc, packed, size, name_len)
                or local[11] or data[offset + _LOCAL.size:start] != name_bytes or start + packed > cd_offset):
            return None
        try:
            name = name_bytes.decode("utf-8" if flags & 0x800 else "ascii")
        except UnicodeDecodeError:
            return None
        total += size
        if size > member_limit(name) or total > MAX_TOTAL_BYTES:
            return None
        stored = data[start:start + packed]
        if method == DEFLATED:
            unpacker = zlib.decompressobj(-15)
            try:
                content = unpacker.decompress(stored, size + 1)
            except zlib.error:
                return None
            if not unpacker.eof or unpacker.unused_data or unpacker.unconsumed_tail:
                return None
        else:
            content = stored
        if len(content) != size or zlib.crc32(content) != crc:
            return None
        members.append((name, content))
        expected = start + packed
    return members if expected == cd_offset and pos == end else None


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


class Member(Frozen):
    """One zip member, compressed: what the local header and the central directory need."""

    __slots__ = ("name", "method", "crc", "size", "data")

    def __init__(self, name: str, method: int, crc: int, size: int, data: bytes) -> None:
        self.name = name
        self.method = method  # 0 stored, 8 deflated
        self.crc = crc
        self.size = size
        self.data = data  # as stored in the archive (compressed when method is 8)


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


