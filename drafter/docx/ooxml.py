"""GB/T 9704 formatting expressed in OOXML: page setup, styles, fonts, page numbers.

The numbers come from drafter/docx/spec.py (templates/format.yaml, templates/fonts.yaml).
The template generator uses all of this once; the build re-applies the fonts so that a
fact file (or the command line) can choose the font profile and bold headings.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.styles.style import CharacterStyle

from drafter.docx.spec import PPR_ORDER, StyleSpec, font_profiles, format_spec

_ALIGN = {"both": "both", "center": "center", "left": "left", "right": "right"}
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# --- low-level OOXML helpers ------------------------------------------------------


def _child(parent: Any, tag: str) -> Any:
    """Get or append the child `tag` (order inside pPr/rPr is fixed up by _sort)."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _remove(parent: Any, *tags: str) -> None:
    """Drop the children `tags` where present."""
    for tag in tags:
        found = parent.find(qn(tag))
        if found is not None:
            parent.remove(found)


# Schema order of the children we write (CT_PPr / CT_RPr), so Word accepts the file.
_PPR_ORDER = PPR_ORDER
_RPR_ORDER = ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
              "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"]


def _sort(parent: Any, order: list[str]) -> None:
    rank = {qn(tag): i for i, tag in enumerate(order)}
    children = list(parent)
    children.sort(key=lambda el: rank.get(el.tag, len(rank)))
    for el in children:
        parent.append(el)


def set_run_fonts(rpr: Any, font: str, size_pt: float | None = None, *, spacing: int | None = None,
                  bold: bool | None = None) -> None:
    """Write the font in every slot (ascii, hAnsi, eastAsia, cs) and drop theme fonts.

    `w:hint="eastAsia"` makes curly quotes, dashes and ellipses take the Chinese font.
    """
    fonts = _child(rpr, "w:rFonts")
    drop_theme_fonts(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    fonts.set(qn("w:hint"), "eastAsia")
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = _child(rpr, tag)
            el.set(qn("w:val"), "1" if bold else "0")
    if spacing is not None:
        _child(rpr, "w:spacing").set(qn("w:val"), str(spacing))
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag).set(qn("w:val"), str(round(size_pt * 2)))
    _remove(rpr, "w:color", "w:i", "w:iCs", "w:caps", "w:u")
    _sort(rpr, _RPR_ORDER)


def drop_theme_fonts(fonts: Any) -> None:
    """Remove the theme font references of a w:rFonts (they would override the named fonts)."""
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)


def set_indent(ppr: Any, *, first_line_chars: float | None = None, left_twips: int | None = None,
               hanging_twips: int | None = None, right_twips: int | None = None,
               pitch_twips: int = 320) -> None:
    """Indents; a character indent is written both as *Chars and as twips (LibreOffice reads only twips)."""
    ind = _child(ppr, "w:ind")
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    if left_twips is not None:
        ind.set(qn("w:left"), str(left_twips))
    if right_twips is not None:
        ind.set(qn("w:right"), str(right_twips))
    if hanging_twips:
        ind.set(qn("w:hanging"), str(hanging_twips))
    elif first_line_chars is not None:
        ind.set(qn("w:firstLineChars"), str(round(first_line_chars * 100)))
        ind.set(qn("w:firstLine"), str(round(first_line_chars * pitch_twips)))
    _sort(ppr, _PPR_ORDER)


def set_keep_next(ppr: Any) -> None:
    _child(ppr, "w:keepNext")
    _sort(ppr, _PPR_ORDER)


def set_alignment(ppr: Any, align: str) -> None:
    set_paragraph_value(ppr, "w:jc", _ALIGN[align])


def set_paragraph_value(ppr: Any, tag: str, value: str) -> None:
    """Set w:val of the paragraph property `tag` (w:jc, w:widowControl, …), adding it in schema order."""
    _child(ppr, tag).set(qn("w:val"), value)
    _sort(ppr, _PPR_ORDER)


def set_exact_spacing(ppr: Any, line_twips: int, rule: str = "exact") -> None:
    """No space before or after; line height `line_twips` (exact), or in 240ths of a line with rule="auto"."""
    spacing = _child(ppr, "w:spacing")
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(line_twips))
    spacing.set(qn("w:lineRule"), rule)
    _sort(ppr, _PPR_ORDER)


# --- styles ------------------------------------------------------------------------


def _get_or_add_style(doc: DocxDocument, spec: StyleSpec) -> CharacterStyle:
    """The paragraph or character style (python-docx's ParagraphStyle is a CharacterStyle)."""
    kind = WD_STYLE_TYPE.PARAGRAPH if spec.type == "paragraph" else WD_STYLE_TYPE.CHARACTER
    style: CharacterStyle
    try:
        style = doc.styles[spec.name]
    except KeyError:
        style = doc.styles.add_style(spec.name, kind)
        style.hidden = False
        style.quick_style = True
    return style


def apply_styles(doc: DocxDocument, profile: str = "gb2312", bold_headings: bool = False) -> None:
    """Define every style of the format spec with the fonts of `profile`."""
    spec = format_spec()
    fonts = font_profiles()[profile]
    normal_pitch = spec.char_pitch_twips
    for style_spec in spec.styles.values():
        style = _get_or_add_style(doc, style_spec)
        el = style.element
        bold = bold_headings if style_spec.bold == "option" else bool(style_spec.bold)
        rpr = el.get_or_add_rPr()
        set_run_fonts(rpr, fonts[style_spec.font], style_spec.size_pt,
                      spacing=spec.char_spacing_twips if style_spec.condensed else 0, bold=bold)
        if style_spec.color:
            _child(rpr, "w:color").set(qn("w:val"), style_spec.color)
            _sort(rpr, _RPR_ORDER)
        if style_spec.type != "paragraph":
            continue
        if style_spec.name != "Normal":
            style.base_style = doc.styles["Normal"]
        ppr = el.get_or_add_pPr()
        _remove(ppr, "w:keepNext", "w:keepLines", "w:numPr", "w:contextualSpacing", "w:pageBreakBefore")
        if style_spec.page_break_before:
            _child(ppr, "w:pageBreakBefore")
        if style_spec.keep_next:
            _child(ppr, "w:keepNext")
        if style_spec.single_spacing:
            set_exact_spacing(ppr, 240, rule="auto")  # single line spacing
        else:
            set_exact_spacing(ppr, style_spec.line_twips or spec.line_twips)
        left = round(style_spec.left_chars * normal_pitch) if style_spec.left_chars else None
        set_indent(ppr, first_line_chars=style_spec.first_line_chars, left_twips=left,
                   pitch_twips=round(style_spec.size_pt * 20))
        if style_spec.align:
            set_alignment(ppr, style_spec.align)
        if style_spec.outline is not None:
            set_paragraph_value(ppr, "w:outlineLvl", str(style_spec.outline))
        else:
            _remove(ppr, "w:outlineLvl")
        _sort(ppr, _PPR_ORDER)


def page_setup(doc: DocxDocument) -> None:
    """A4, the GB/T 9704 margins and the footer distance for the page number."""
    page = format_spec().page
    section = doc.sections[0]
    section.page_width = Mm(page["width_mm"])
    section.page_height = Mm(page["height_mm"])
    margins = page["margin_mm"]
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.footer_distance = Mm(page["footer_mm"])
    section.header_distance = Mm(15)
    section.gutter = Mm(0)


# --- rules, tabs and frames (版头 line, 版记) -------------------------------------------


def set_borders(ppr: Any, color: str = "000000", space_pt: int = 0, **sides: int) -> None:
    """Paragraph borders, e.g. set_borders(ppr, top=8, bottom=8); widths in eighths of a point."""
    borders = _child(ppr, "w:pBdr")
    for side in ("top", "left", "bottom", "right", "between"):
        if side not in sides:
            continue
        el = _child(borders, f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(sides[side]))
        el.set(qn("w:space"), str(space_pt))
        el.set(qn("w:color"), color)
    _sort(borders, ["w:top", "w:left", "w:bottom", "w:right", "w:between"])
    _sort(ppr, _PPR_ORDER)


def set_tab(ppr: Any, pos_twips: int, align: str = "right") -> None:
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), align)
    tab.set(qn("w:pos"), str(pos_twips))
    _child(ppr, "w:tabs").append(tab)
    _sort(ppr, _PPR_ORDER)


def set_bottom_frame(ppr: Any, width_twips: int) -> None:
    """Put the paragraph in a frame as wide as the type area, on its bottom edge.

    Consecutive paragraphs with the same frame and borders share one frame; LibreOffice
    drops the frame when their borders differ, so callers give them identical borders.
    """
    frame = _child(ppr, "w:framePr")
    for attr, value in (("w:w", str(width_twips)), ("w:wrap", "around"), ("w:vAnchor", "margin"),
                        ("w:hAnchor", "margin"), ("w:xAlign", "center"), ("w:yAlign", "bottom")):
        frame.set(qn(attr), value)
    _sort(ppr, _PPR_ORDER)


def set_shading(ppr: Any, fill: str) -> None:
    shd = _child(ppr, "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _sort(ppr, _PPR_ORDER)
