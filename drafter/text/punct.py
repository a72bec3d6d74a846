"""Repair the punctuation and spacing that copying a Chinese report from a web page breaks.

Web captures often carry half-width , : ; ( ) ? ! inside Chinese text and stray spaces
between Chinese characters (four of the five example reports do). An official document
uses full-width marks and no spaces there; numbers and Latin text keep their own marks
("16:46", "1,000", "R&D"). The rules are those of `drafter check` (`text.rules`), so a freshly
imported fact file has nothing left for the check to report; this module only applies them,
shrinks the remaining runs of spaces and counts what changed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from drafter.text.rules import FULL_WIDTH, apply_spans, safe_fix_spans

#: Runs of spaces (including no-break and ideographic spaces) that no rule removed.
_MANY_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


@dataclass
class Repairs:
    """What was changed, for the report to the user."""

    marks: Counter[str] = field(default_factory=Counter)  # half-width mark -> times replaced
    spaces: int = 0  # runs of spaces removed
    brackets: int = 0  # 文号 years put in 〔〕

    @property
    def mark_count(self) -> int:
        return sum(self.marks.values())


def repair(text: str, repairs: Repairs | None = None) -> str:
    """`text` with every meaning-neutral fix of `drafter check --fix` applied, spaces shrunk to one."""
    text = text.strip()
    spans = safe_fix_spans(text)
    if repairs is not None:
        for span in spans:
            if span.code == "half-width-punct":
                repairs.marks[span.params["char"]] += 1
            elif span.code == "stray-space":
                repairs.spaces += 1
            else:
                repairs.brackets += 1
    return _MANY_SPACES.sub(" ", apply_spans(text, spans))


def describe(repairs: Repairs) -> list[str]:
    """Chinese lines for the user, e.g. "半角标点改为全角 12 处（， ×8、： ×4）"."""
    lines = []
    if repairs.mark_count:
        detail = "、".join(f"{FULL_WIDTH[m]} ×{n}" for m, n in repairs.marks.most_common())
        lines.append(f"半角标点改为全角 {repairs.mark_count} 处（{detail}）")
    if repairs.spaces:
        lines.append(f"删去夹在中文里的多余空格 {repairs.spaces} 处")
    if repairs.brackets:
        lines.append(f"文号年份的括号改为六角括号“〔〕” {repairs.brackets} 处")
    return lines
