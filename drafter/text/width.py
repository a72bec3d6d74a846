"""Width of text in 字 (one 汉字 = 1), as the standard counts it for placement.

Half-width characters (ASCII digits, Latin letters, half-width punctuation) take
half a 字 in the Chinese fonts used for 公文.
"""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    return 0.5


class _NarrowOnly(dict[int, int | None]):
    """str.translate table that keeps the half-width characters and drops the others, filled as met."""

    def __missing__(self, code: int) -> int | None:
        kept = code if char_width(chr(code)) == 0.5 else None
        self[code] = kept
        return kept


_NARROW = _NarrowOnly()


def text_width(text: str) -> float:
    """The sum of char_width over `text` (layout measures ~20,000 characters a report, so the
    half-width ones are counted by str.translate); every sum of halves and ones is exact."""
    if not text:
        return 0
    if text.isascii():  # every ASCII character is narrow (east_asian_width N or Na)
        return 0.5 * len(text)
    return len(text) - 0.5 * len(text.translate(_NARROW))


#: Space Word and LibreOffice add where Chinese meets a digit or Latin letter (Word's
#: autoSpaceDE/autoSpaceDN, on by default: 0.25 字; LibreOffice always adds about 0.2 字 and
#: ignores the switch). Placement counts the middle, so a 成文日期 lands within 0.03 字 per
#: boundary of its place in either program.
AUTOSPACE_CHARS = 0.225


def autospace_boundaries(text: str) -> int:
    """How many times the text changes between Chinese and a half-width letter or digit."""
    count = 0
    for a, b in zip(text, text[1:], strict=False):
        if (a.isascii() and a.isalnum() and char_width(b) == 1) or (b.isascii() and b.isalnum() and char_width(a) == 1):
            count += 1
    return count


def set_width(text: str) -> float:
    """Width of the text as Word and LibreOffice set it, in 字: text_width plus the automatic
    space between Chinese and digits (2024年12月30日: 7 字 + 5 × 0.225)."""
    return text_width(text) + AUTOSPACE_CHARS * autospace_boundaries(text)
