"""The GB/T 9704 format as plain numbers: page, grid, styles and font profiles.

The numbers come from templates/format.yaml and the font names from templates/fonts.yaml.
This module imports no python-docx, lxml or docxtpl, so the layout (and anything else
that only needs the numbers) stays free of them; drafter/docx/ooxml.py writes them as OOXML.
"""

from __future__ import annotations

from functools import cache

from drafter import TYPE_CHECKING
from drafter.records import Frozen
from drafter.resources import load_data, template_path

if TYPE_CHECKING:
    from typing import Any

TWIPS_PER_MM = 1440 / 25.4


#: Schema order of a paragraph's properties (CT_PPr): ooxml sorts what it adds by it, and so does the
#: compiled template (docx.compiled), so that Word accepts the file.
PPR_ORDER = ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
             "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
             "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
             "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
             "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
             "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
             "w:pPrChange"]


class StyleSpec(Frozen):
    __slots__ = ("role", "name", "type", "font", "size_pt", "align", "first_line_chars", "left_chars", "outline",
                 "bold", "condensed", "single_spacing", "color", "page_break_before", "line_twips", "keep_next")

    def __init__(self, role: str, name: str, type: str, font: str, size_pt: float,
                 align: str | None = None, first_line_chars: float | None = None, left_chars: float | None = None,
                 outline: int | None = None, bold: str | bool = False, condensed: bool = True,
                 single_spacing: bool = False, color: str | None = None, page_break_before: bool = False,
                 line_twips: int | None = None, keep_next: bool = False) -> None:
        self.role = role
        self.name = name
        self.type = type  # paragraph | character
        self.font = font  # role in the font profile
        self.size_pt = size_pt
        self.align = align
        self.first_line_chars = first_line_chars
        self.left_chars = left_chars
        self.outline = outline
        self.bold = bold  # "option" follows bold_headings
        self.condensed = condensed
        self.single_spacing = single_spacing
        self.color = color  # hex RGB, e.g. FF0000 for the red 发文机关标志
        self.page_break_before = page_break_before
        self.line_twips = line_twips  # exact line height other than the grid's (版头 lines)
        self.keep_next = keep_next  # keep with the next paragraph (headings: never the last line of a page)


class FormatSpec(Frozen):
    __slots__ = ("page", "line_twips", "char_spacing_twips", "char_pitch_twips", "line_chars", "lines_per_page",
                 "styles", "letterhead", "imprint")

    def __init__(self, page: dict[str, Any], line_twips: int, char_spacing_twips: int, char_pitch_twips: int,
                 line_chars: int, lines_per_page: int, styles: dict[str, StyleSpec], letterhead: dict[str, Any],
                 imprint: dict[str, Any]) -> None:
        self.page = page
        self.line_twips = line_twips
        self.char_spacing_twips = char_spacing_twips
        self.char_pitch_twips = char_pitch_twips
        self.line_chars = line_chars
        self.lines_per_page = lines_per_page
        self.styles = styles
        self.letterhead = letterhead
        self.imprint = imprint

    def style_name(self, role: str) -> str:
        return self.styles[role].name

    @property
    def type_width_twips(self) -> int:
        """Width of the 版心 (156 mm)."""
        m = self.page["margin_mm"]
        width_mm: float = self.page["width_mm"] - m["left"] - m["right"]
        return round(width_mm * TWIPS_PER_MM)


def _yaml(name: str) -> Any:
    return load_data(template_path(name))


@cache
def format_spec() -> FormatSpec:
    data = _yaml("format.yaml")
    grid = data["grid"]
    styles = {role: StyleSpec(role=role, **spec) for role, spec in data["styles"].items()}
    # The 版头 lines get their heights from the letterhead numbers (see format.yaml).
    lh = data["letterhead"]
    heights = {"lh_space": round(lh["name_top_mm"] * TWIPS_PER_MM),
               "lh_name": round(styles["lh_name"].size_pt * lh["name_line_em"] * 20)}
    for role, twips in heights.items():
        styles[role] = styles[role].replace(line_twips=twips)
    return FormatSpec(data["page"], grid["line_twips"], grid["char_spacing_twips"], grid["char_pitch_twips"],
                      grid["line_chars"], grid["lines_per_page"], styles, data["letterhead"], data["imprint"])


@cache
def font_profiles() -> dict[str, dict[str, str]]:
    profiles: dict[str, dict[str, str]] = _yaml("fonts.yaml")
    return profiles
