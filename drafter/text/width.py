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


def text_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)
