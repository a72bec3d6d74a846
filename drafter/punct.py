"""Repair the punctuation and spacing that copying a Chinese report from a web page breaks.

Web captures often carry half-width , : ; ( ) ? ! inside Chinese text and stray spaces
between Chinese characters (four of the five example reports do). An official document
uses full-width marks and no spaces there; numbers and Latin text keep their own marks
("16:46", "1,000", "R&D").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

#: Chinese characters and the full-width marks that sit among them.
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’《》〈〉〔〕【】—…·"
_CJK_CHAR = re.compile(f"[{CJK}]")
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
#: Spaces (including no-break and ideographic spaces) next to a Chinese character.
_SPACE_NEXT_TO_CJK = re.compile(f"(?<=[{CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{CJK}])")
_MANY_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


@dataclass
class Repairs:
    """What was changed, for the report to the user."""

    marks: Counter[str] = field(default_factory=Counter)  # half-width mark -> times replaced
    spaces: int = 0  # runs of spaces removed

    def add(self, other: Repairs) -> None:
        self.marks.update(other.marks)
        self.spaces += other.spaces

    @property
    def mark_count(self) -> int:
        return sum(self.marks.values())


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK_CHAR.match(ch))


def _paren_pairs(text: str) -> dict[int, int]:
    """Positions of matching half-width ( ) pairs (also mixed with full-width partners)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            j = stack.pop()
            pairs[j] = i
            pairs[i] = j
    return pairs


def _near_cjk(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return _is_cjk(before) or _is_cjk(after)


def full_width(text: str, repairs: Repairs | None = None) -> str:
    """Half-width , : ; ? ! ( ) that touch Chinese text become full-width.

    A pair of parentheses is converted as a whole when either of its marks touches
    Chinese text, so "(2021)" after a Chinese word becomes "（2021）".
    """
    if not any(ch in _FULL for ch in text):
        return text
    pairs = _paren_pairs(text)
    out = list(text)
    for i, ch in enumerate(text):
        if ch not in _FULL:
            continue
        if ch in "()":
            j = pairs.get(i)
            convert = _near_cjk(text, i) or (j is not None and _near_cjk(text, j))
        else:
            convert = _near_cjk(text, i)
        if convert:
            out[i] = _FULL[ch]
            if repairs is not None:
                repairs.marks[ch] += 1
    return "".join(out)


def remove_spaces(text: str, repairs: Repairs | None = None) -> str:
    """Spaces next to Chinese text go; other runs of spaces shrink to one."""
    cleaned, n = _SPACE_NEXT_TO_CJK.subn("", text)
    if repairs is not None:
        repairs.spaces += n
    return _MANY_SPACES.sub(" ", cleaned).strip()


def repair(text: str, repairs: Repairs | None = None) -> str:
    """Both repairs, spaces first so that "活动 )" is seen as touching Chinese text."""
    return full_width(remove_spaces(text, repairs), repairs)


def describe(repairs: Repairs) -> list[str]:
    """Chinese lines for the user, e.g. "半角标点改为全角 12 处（， ×8、： ×4）"."""
    lines = []
    if repairs.mark_count:
        detail = "、".join(f"{_FULL[m]} ×{n}" for m, n in repairs.marks.most_common())
        lines.append(f"半角标点改为全角 {repairs.mark_count} 处（{detail}）")
    if repairs.spaces:
        lines.append(f"删去夹在中文里的多余空格 {repairs.spaces} 处")
    return lines
