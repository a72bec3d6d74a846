"""Heading labels generated from position: 一、 （一） 1. （1）.

GB/T 9704-2012 7.3.3 fixes the four levels; the user never types them, so items
can be reordered freely in the fact file.
"""

from __future__ import annotations

import re

#: 零 … 九 by value; the one list of Chinese digits.
DIGITS = "零一二三四五六七八九"
#: The characters of a numeral below one hundred (一 … 十), for character classes of patterns.
NUMERAL_CHARS = DIGITS[1:] + "十"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 110 -> 一百一十, 1001 -> 一千零一, 10010 -> 一万零一十."""
    if n <= 0:
        raise ValueError("numerals start at 1")
    return _numeral(n, leading=True)


#: The large units, each ten thousand times the next.
_BIG_UNITS = ((10**8, "亿"), (10**4, "万"))


def _numeral(n: int, leading: bool) -> str:
    """`leading`: the numeral starts the number, so 10-19 are 十… rather than 一十…."""
    for size, unit in _BIG_UNITS:
        if n >= size:
            high, low = divmod(n, size)
            head = _numeral(high, leading) + unit
            if not low:
                return head
            return head + ("零" if low < size // 10 else "") + _numeral(low, leading=False)
    return _below_ten_thousand(n, leading)


def _below_ten_thousand(n: int, leading: bool) -> str:
    out = ""
    gap = False  # a zero digit since the last written one: one 零 before the next
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit_value % 10
        if not digit:
            gap = gap or bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        if not (digit == 1 and unit == "十" and not out and leading):
            out += DIGITS[digit]
        out += unit
    return out


def heading_label(level: int, n: int) -> str:
    """The number that starts a heading of `level` (1-4) at position `n` (1-based)."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level {level} is outside 1-4")


def parse_chinese_numeral(text: str) -> int | None:
    """一 -> 1, 十 -> 10, 二十一 -> 21 (the inverse of chinese_numeral below 100); None if not one."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if "十" not in text:
        return DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(ones) if ones else 0)


# --- numbers written in ASCII digits -----------------------------------------------------------------

#: Digits a number in a document or a form may have: a page is 5 digits of twips, a year 4. int() of
#: 4,300 digits and more raises in English ("Exceeds the limit …") and of millions takes seconds, and
#: str.isdigit() accepts "²" that int() refuses: every number read from a file or a form goes through here.
MAX_DIGITS = 12
_NUMBER = re.compile(rf"[+-]?\d{{1,{MAX_DIGITS}}}(?:\.\d{{0,{MAX_DIGITS}}})?", re.ASCII)
_INTEGER = re.compile(rf"[+-]?\d{{1,{MAX_DIGITS}}}", re.ASCII)


def small_number(text: str | None) -> float | None:
    """The number `text` spells in ASCII digits ("360", "-5", " 2098.5 "), else None: no digits, a unit
    ("3.7cm"), other digits ("２", "²"), or more than MAX_DIGITS of them."""
    if text is None or not _NUMBER.fullmatch(text.strip()):
        return None
    return float(text.strip())


def small_int(text: str | None) -> int | None:
    """The whole number `text` spells in at most MAX_DIGITS ASCII digits, else None (as small_number)."""
    if text is None or not _INTEGER.fullmatch(text.strip()):
        return None
    return int(text.strip())
