"""Which Unicode encoding a file's bytes are in: its byte-order mark, or the places of its NUL bytes.

Notepad's "Unicode" is UTF-16 with a byte-order mark; other editors and tools write UTF-16 or
UTF-32 without one, little- or big-endian. Those encodings put NUL bytes in fixed places (an
ASCII character is one byte and one or three NULs), which UTF-8 and GBK text never has: where
the NULs stand tells the encoding apart reliably, before any guessing by character statistics,
which would read such a file as GBK. Fact files (factfile.yamlread), `check --fix` writing a
file back (review.fixes) and reports to import (importing.readers) all ask here.
"""

from __future__ import annotations

import codecs
import unicodedata

from drafter.records import Frozen

#: What a file of nothing but NUL bytes is told (a save cut short, by a crash or a power cut, leaves one).
ALL_NUL = "文件内容全部是空字节（0x00），不是文本；可能是保存时被中断（如断电）留下的，请从备份恢复或重新保存。"

#: Byte-order marks, longest first: a UTF-32 LE mark begins like a UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Bytes looked at to find the NUL pattern (the whole file is decoded afterwards, which proves it).
_SAMPLE = 1024 * 1024
#: Of the 16-bit units, at least this share must have a NUL high byte to call a file UTF-16 without
#: a mark (a Chinese report has a line break every few dozen characters; UTF-8 or GBK text has none).
_MIN_NUL_SHARE = 0.01
#: Decoded text with more odd characters than this share is not text in that encoding: controls, private use
#: (Co), unassigned (Cn) and surrogates (Cs). Random 16-bit units are about a sixth of them, real text none.
_MAX_ODD_SHARE = 0.02
_NOT_TEXT = {"Cc", "Co", "Cn", "Cs"}
_TEXT_SAMPLE = 64 * 1024  # characters looked at (unicodedata per character: keep it quick)


class Unicode(Frozen):
    """A file's Unicode encoding: `codec` has an explicit byte order (it keeps a BOM as U+FEFF when
    decoding, so the file is written back exactly); `bom` is the mark the file starts with."""

    __slots__ = ("codec", "bom")

    def __init__(self, codec: str, bom: bytes) -> None:
        self.codec = codec  # "utf-8", "utf-16-le", "utf-16-be", "utf-32-le" or "utf-32-be"
        self.bom = bom

    @property
    def name(self) -> str:
        """How the user is told: UTF-16 (Notepad's "Unicode"), UTF-16 BE（无 BOM）, UTF-8（带 BOM）."""
        if self.codec == "utf-8":
            return "UTF-8（带 BOM）" if self.bom else "UTF-8"
        base = self.codec.upper().replace("-LE", " LE").replace("-BE", " BE")
        if self.codec == "utf-16-le" and self.bom:
            base = "UTF-16"
        return base if self.bom else f"{base}（无 BOM）"


def only_nul(data: bytes) -> bool:
    """Nothing but NUL bytes (and at least one)."""
    return bool(data) and not data.strip(b"\0")


def sniff(data: bytes) -> Unicode | None:
    """The encoding a byte-order mark names, or UTF-16/UTF-32 recognised by where the NUL bytes stand;
    None when the bytes say neither (UTF-8 without a mark, GBK, … are for the caller to try)."""
    for bom, codec in _BOMS:
        if data.startswith(bom) and (not codec.startswith("utf-32") or _fits(data[len(bom):], codec)):
            return Unicode(codec, bom)
    if b"\0" not in data[:_SAMPLE]:
        return None
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        if _nul_pattern(data[:_SAMPLE], codec) and _fits(data, codec):
            return Unicode(codec, b"")
    return None


def _nul_pattern(sample: bytes, codec: str) -> bool:
    """The NULs stand where text in `codec` has them: UTF-32's top byte is always 0 and the next one
    (the plane) at most 0x10, mostly 0; UTF-16's high byte is 0 for every ASCII character, its low
    byte almost never."""
    if codec.startswith("utf-32"):
        units = len(sample) // 4
        if not units:
            return False
        lanes = [sample[i: units * 4: 4] for i in range(4)]
        top, plane = (lanes[3], lanes[2]) if codec == "utf-32-le" else (lanes[0], lanes[1])
        # and most characters are in the first plane (UTF-16 text of only "0\n" would fit the rest)
        return top.count(0) == units and max(plane) <= 0x10 and plane.count(0) * 2 >= units
    units = len(sample) // 2
    if not units:
        return False
    low, high = sample[0: units * 2: 2], sample[1: units * 2: 2]
    if codec == "utf-16-be":
        low, high = high, low
    nul_high, nul_low = high.count(0), low.count(0)
    return nul_high >= max(2, units * _MIN_NUL_SHARE) and nul_low * 2 <= nul_high


def _fits(data: bytes, codec: str) -> bool:
    """The start of `data` reads as text in `codec`: hardly any control characters, private-use or
    unassigned code points or undecodable units (a damaged file still is in its encoding: the caller's
    strict decoding says where). Binary data or UTF-8 with stray NULs, misread, is full of them."""
    width = 4 if codec.startswith("utf-32") else 2
    sample = data[:_SAMPLE]
    text = sample[: len(sample) - len(sample) % width].decode(codec, errors="replace")[:_TEXT_SAMPLE]
    odd = sum(1 for ch in text if ch not in "\t\n\r" and (ch == "\ufffd" or unicodedata.category(ch) in _NOT_TEXT))
    return odd <= max(2, len(text) * _MAX_ODD_SHARE)  # a damaged character or two in a short file
