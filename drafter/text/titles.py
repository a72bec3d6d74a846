"""Break a long title into centred lines at word boundaries (GB/T 9704-2012 7.3.2).

The title is 2号 (22 pt) in a 156 mm type area, so a line holds 20 字. A title is
cut only between words: the agency name, 关于, the year, and the usual phrases of
this report's titles are kept whole; among the cuts with the fewest lines we take
the most even one whose lines form a 梯形 or 菱形 (GB/T 9704-2012 7.3.2), never an
hourglass (a line shorter than both its neighbours).
"""

from __future__ import annotations

import re
from itertools import combinations

from drafter.text.width import text_width

#: 2号 title lines hold 20 characters (442 pt / 22 pt); the pagination counts title lines with it too.
TITLE_LINE_CHARS = 20

#: Phrases that must not be split, longest first when matching.
_PHRASES = (
    "法治政府建设", "法治建设", "依法行政", "工作情况", "建设情况", "年度报告", "工作报告", "情况报告",
    "的报告", "工作计划", "工作要点", "有关情况", "关于", "年度", "情况", "报告", "工作", "推进",
    "科学技术局", "科技创新局", "科技局", "人民政府", "委员会", "办公室",
    "重大行政决策", "行政决策", "行政执法", "规范性文件", "公众参与", "专家论证", "风险评估", "合法性审查",
    "目录清单", "汇总表", "统计表", "完成情况", "重点任务", "工作安排", "主要安排", "市场监督管理局",
)
_YEAR = re.compile(r"\d{4}年度?|\d+")


def tokens(title: str, agency: str = "") -> list[str]:
    """Split into unbreakable units: the agency name, years, known phrases, other single characters."""
    units = sorted({agency} - {""} | set(_PHRASES), key=len, reverse=True)
    out: list[str] = []
    i = 0
    while i < len(title):
        m = _YEAR.match(title, i)
        if m:
            out.append(m.group())
            i = m.end()
            continue
        for unit in units:
            if title.startswith(unit, i):
                out.append(unit)
                i += len(unit)
                break
        else:
            out.append(title[i])
            i += 1
    return out


def _glue(toks: list[str]) -> list[str]:
    """Keep runs of single unknown characters together with their neighbours' words.

    A run of unknown single characters is one word unless it is too long for a line.
    """
    out: list[str] = []
    run = ""
    for t in toks:
        if len(t) == 1 and not t.isascii():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    final: list[str] = []
    for t in out:
        if text_width(t) > TITLE_LINE_CHARS:
            final.extend(t)  # an over-long word must still be breakable
        else:
            final.append(t)
    return final


def break_title(title: str, agency: str = "") -> list[str]:
    """Lines of the title, the agency name kept whole; an explicit line break in the fact file always wins."""
    if "\n" in title:
        return [line for line in title.split("\n") if line]
    if text_width(title) <= TITLE_LINE_CHARS:
        return [title]
    words = _glue(tokens(title, agency))
    widths = [text_width(w) for w in words]
    n = len(words)
    # best[start] = (lines, widest line, squared slack, cut positions) for words[start:];
    # filled from the end so that a very long title needs no deep recursion.
    best: list[tuple[int, float, float, tuple[int, ...]]] = [(0, 0.0, 0.0, ())] * (n + 1)
    for start in range(n - 1, -1, -1):
        result: tuple[int, float, float, tuple[int, ...]] | None = None
        width = 0.0
        for end in range(start + 1, n + 1):
            width += widths[end - 1]
            if width > TITLE_LINE_CHARS and end > start + 1:
                break
            lines, widest, slack, cuts = best[end]
            cand = (lines + 1, max(widest, width), slack + (TITLE_LINE_CHARS - width) ** 2, (end,) + cuts)
            if result is None or cand[:3] < result[:3]:
                result = cand
        assert result is not None
        best[start] = result

    cuts = (0,) + best[0][3]
    fewest = best[0][0]
    if 2 < fewest <= 5 and n <= _MAX_SHAPED_WORDS:
        # one line more rather than an hourglass
        shaped = _shaped_cuts(widths, fewest) or _shaped_cuts(widths, fewest + 1)
        if shaped is not None:
            cuts = shaped
    return ["".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]


#: Titles of up to this many words are searched for a 梯形 or 菱形 break exhaustively.
_MAX_SHAPED_WORDS = 28


def is_hourglass(widths: list[float]) -> bool:
    """A line shorter than the lines above and below it (沙漏形), which GB/T 9704-2012 7.3.2
    does not allow: the lines must form a 梯形 or 菱形 (widths rise, then fall)."""
    return any(widths[i] < widths[i - 1] and widths[i] < widths[i + 1] for i in range(1, len(widths) - 1))


def _shaped_cuts(widths: list[float], lines: int) -> tuple[int, ...] | None:
    """The most even break into `lines` lines whose widths are 梯形 or 菱形 (never 沙漏形)."""
    n = len(widths)
    best: tuple[tuple[float, float], tuple[int, ...]] | None = None
    for inner in combinations(range(1, n), lines - 1):
        cuts = (0, *inner, n)
        line_widths = [sum(widths[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
        if max(line_widths) > TITLE_LINE_CHARS or is_hourglass(line_widths):
            continue
        key = (max(line_widths) - min(line_widths), sum((TITLE_LINE_CHARS - w) ** 2 for w in line_widths))
        if best is None or key < best[0]:
            best = (key, cuts)
    return best[1] if best else None
