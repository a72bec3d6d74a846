"""Page flow on the fixed grid: where the pages of a report break, without a renderer.

Every paragraph of a report sits on the 22-line grid (exact 579-twip lines, 28 characters
of 3号 a line), so the page breaks follow from the text widths: this module paginates a list
of `Unit`s the way Word and LibreOffice do with widow/orphan control and keep-with-next
(a kept paragraph that has to leave its page takes the kept paragraphs before it along).

The build uses it to keep the signature block on a page with text (GB/T 9704-2012 7.3.5:
when 署名 and 成文日期 do not fit, adjust the line spacing of that page, never leave them
alone or write “此页无正文”); `drafter verify` uses it to find headings stranded at the foot
of a page and lonely signatures in any DOCX. It knows nothing about DOCX.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from drafter.records import Frozen

#: Tightest line pitch the build uses to fit the signature block on its page (23 pt, about
#: 1.45 × the 16 pt text): up to five lines more than the 22 of a full page.
MIN_SQUEEZED_TWIPS = 460
#: Loosest line pitch it uses to carry the last lines of text over to the block's page
#: (32 pt: two lines fewer than the 22 of a full page, with room to spare).
MAX_LOOSENED_TWIPS = 640


class Unit(Frozen):
    """One paragraph as the pagination sees it."""

    __slots__ = ("lines", "line_twips", "keep_next", "page_break_before", "widow_control", "extra_twips")

    def __init__(self, lines: int, line_twips: int, keep_next: bool = False, page_break_before: bool = False,
                 widow_control: bool = True, extra_twips: int = 0) -> None:
        self.lines = lines
        self.line_twips = line_twips
        self.keep_next = keep_next
        self.page_break_before = page_break_before
        self.widow_control = widow_control
        self.extra_twips = extra_twips  # height on top of the lines (a border below the 发文字号)

    @property
    def height(self) -> int:
        return self.lines * self.line_twips + self.extra_twips


class Placement(Frozen):
    """Where a unit went: its first and last page (0-based) and the height used on the last page
    when it ends (from the type area's top)."""

    __slots__ = ("first_page", "last_page", "end_twips", "lines_on_first", "first_end_twips")

    def __init__(self, first_page: int, last_page: int, end_twips: int, lines_on_first: int,
                 first_end_twips: int) -> None:
        self.first_page = first_page
        self.last_page = last_page
        self.end_twips = end_twips
        self.lines_on_first = lines_on_first
        self.first_end_twips = first_end_twips  # height used on the first page when the unit goes on to the next


def page_fill(placements: Sequence[Placement], page: int) -> int:
    """Height used on `page` (twips from the type area's top to the last line on it)."""
    used = 0
    for where in placements:
        if where.last_page == page:
            used = max(used, where.end_twips)
        elif where.first_page == page:
            used = max(used, where.first_end_twips)
    return used


def text_lines(width: float, line_chars: float, first_chars: float | None = None) -> int:
    """Lines a paragraph of `width` 字 takes: `first_chars` fit on its first line, `line_chars` on the rest."""
    first = line_chars if first_chars is None else first_chars
    if width <= first:
        return 1
    return 1 + math.ceil((width - first) / line_chars - 1e-9)


def paginate(units: Sequence[Unit], page_twips: int) -> list[Placement]:
    """Lay the units out on pages `page_twips` high (see the module docstring)."""
    placed: list[Placement | None] = [None] * len(units)
    states: list[tuple[int, int]] = [(0, 0)] * len(units)  # (page, used) before each unit
    forced: set[int] = set()
    page, used = 0, 0
    i = 0
    while i < len(units):
        unit = units[i]
        states[i] = (page, used)
        if (unit.page_break_before or i in forced) and used > 0:
            page, used = page + 1, 0
        first_page = page
        room = page_twips - used
        if unit.height <= room:
            used += unit.height
            placed[i] = Placement(page, page, used, unit.lines, used)
            i += 1
            continue
        fit = max(0, (room - unit.extra_twips) // unit.line_twips)
        if unit.widow_control:
            if unit.lines - fit < 2:
                fit = unit.lines - 2
            if fit < 2:
                fit = 0
        if fit <= 0 and used > 0:
            start = _kept_chain_start(units, placed, i, page)
            if start < i:
                forced.add(start)
                page, used = states[start]
                i = start
                continue
            page, used = page + 1, 0
            first_page = page
            fit = min(unit.lines, (page_twips - unit.extra_twips) // unit.line_twips)
        lines_on_first = max(fit, 1)
        rest = unit.lines - lines_on_first
        used += lines_on_first * unit.line_twips + unit.extra_twips
        first_end = used
        per_page = max(1, page_twips // unit.line_twips)
        while rest > 0:
            page += 1
            take = min(rest, per_page)
            used = take * unit.line_twips
            rest -= take
        placed[i] = Placement(first_page, page, used, lines_on_first, first_end)
        i += 1
    return [p for p in placed if p is not None]


def _kept_chain_start(units: Sequence[Unit], placed: Sequence[Placement | None], i: int, page: int) -> int:
    """First unit of the run of keep-with-next paragraphs that must follow unit `i` to a new page.

    A kept paragraph that is whole on the page goes along; the chain stops at a split
    paragraph and never empties the page (a chain longer than a page is not kept)."""
    start = i
    while start > 0:
        prev = placed[start - 1]
        if not units[start - 1].keep_next or prev is None or prev.first_page != page or prev.last_page != page:
            break
        if start - 1 == 0 or _first_on_page(placed, start - 1):
            break
        start -= 1
    return start


def _first_on_page(placed: Sequence[Placement | None], j: int) -> bool:
    before = placed[j - 1]
    here = placed[j]
    return before is not None and here is not None and before.last_page < here.first_page


def page_ends(placements: Sequence[Placement]) -> dict[int, int]:
    """For each page, the index of the unit whose last line is the last line on it."""
    ends: dict[int, int] = {}
    for index, where in enumerate(placements):
        ends[where.last_page] = index
        for page in range(where.first_page, where.last_page):
            ends[page] = index
    return ends
