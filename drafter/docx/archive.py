"""Limits on untrusted zip packages (DOCX to import or verify, a user's template), checked
from the central directory before any member is unpacked or parsed.

A 1 MB DOCX can hold a document.xml that unpacks to gigabytes ("zip bomb"); python-docx would
unpack and parse all of it. The sizes in the central directory are reliable upper bounds:
Python's zipfile never returns more than a member's recorded size (a member that inflates
beyond it fails its CRC check).
"""

from __future__ import annotations

import io
from pathlib import Path

from drafter import TYPE_CHECKING
from drafter.errors import InputFileError

if TYPE_CHECKING:
    from typing import IO

#: A real report's DOCX has 15-40 members, its document.xml a few hundred KB; images add megabytes.
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_XML_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
_MB = 1024 * 1024


def check_archive(source: Path | IO[bytes] | bytes, shown_as: Path | str) -> None:
    """Raise InputFileError (Chinese) when the package at `source` is beyond the limits.

    A file that is not a zip at all passes: the caller reports that in its own words.
    """
    import zipfile  # here: drafter.docx.package reads its own builds without it

    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        with zipfile.ZipFile(source) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if len(members) > MAX_MEMBERS:
        raise InputFileError(f"{shown_as}：文件中有 {len(members)} 个部件，超过上限 {MAX_MEMBERS} 个，"
                             "不像是正常的 Word 文档，已拒绝读取。")
    total = 0
    for info in members:
        limit = member_limit(info.filename)
        if info.file_size > limit:
            raise InputFileError(f"{shown_as}：文件中的“{info.filename}”解压后有 {info.file_size // _MB} MB，"
                                 f"超过上限 {limit // _MB} MB，不像是正常的 Word 文档，已拒绝读取。")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InputFileError(f"{shown_as}：文件解压后共有 {total // _MB} MB，超过上限 {MAX_TOTAL_BYTES // _MB} MB，"
                             "不像是正常的 Word 文档，已拒绝读取。")


def member_limit(name: str) -> int:
    """The most a member called `name` may unpack to."""
    return MAX_XML_BYTES if name.lower().endswith((".xml", ".rels")) else MAX_MEMBER_BYTES
