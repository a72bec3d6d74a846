"""Heading labels generated from position: 一、 （一） 1. （1）.

GB/T 9704-2012 7.3.3 fixes the four levels; the user never types them, so items
can be reordered freely in the fact file.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 100 -> 一百 (headings never go near 10 000)."""
    if n <= 0:
        raise ValueError("numerals start at 1")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _DIGITS[rest]
    elif rest < 20:
        tail = "一" + chinese_numeral(rest)
    else:
        tail = chinese_numeral(rest)
    return _DIGITS[hundreds] + "百" + tail


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
    if not text or any(ch not in _DIGITS[1:] + "十" for ch in text):
        return None
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)
