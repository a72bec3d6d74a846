"""Generate templates/report.docx, the docxtpl template every report is rendered through.

Run `python -m drafter.docx.template` (or `make template`) after changing format.yaml,
fonts.yaml or this module; tests/docx/test_template.py fails while the committed template
differs from what this module makes.

The body holds one prototype paragraph per block kind (see drafter/docx/layout.py) inside a
docxtpl loop; all formatting lives in the styles, so a clerk can restyle a copy of the
template in Word and pass it with `drafter build --template`.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.parfmt import CT_PPr
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from drafter.docx.ooxml import (
    apply_styles,
    drop_theme_fonts,
    page_setup,
    set_alignment,
    set_borders,
    set_bottom_frame,
    set_exact_spacing,
    set_indent,
    set_paragraph_value,
    set_run_fonts,
    set_shading,
    set_tab,
)
from drafter.docx.spec import font_profiles, format_spec
from drafter.fsutil import atomic_write_bytes

KEEP_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Header", "Footer",
               "Header Char", "Footer Char"}

#: Block kinds with a prototype paragraph of the style of the same role, in the order the template tests them.
PROTOTYPES = ("title", "docno", "to", "h1", "h2", "h3", "h4", "runin2", "runin3", "runin4", "attach", "signature",
              "date", "note", "attach_label", "attach_title", "lh_space", "lh_name")


def clean_defaults(doc: DocxDocument) -> None:
    """No theme fonts, Chinese language, exact spacing everywhere, widow and orphan control on."""
    spec = format_spec()
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    body = spec.styles["body"]
    set_run_fonts(rpr, font_profiles()["gb2312"][body.font], body.size_pt)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_exact_spacing(ppr, spec.line_twips)
    # Widow and orphan control: no paragraph leaves a single line behind or carries one over.
    set_paragraph_value(ppr, "w:widowControl", "1")
    # The automatic space between Chinese and digits stays on (Word's default): LibreOffice
    # adds it whatever the file says, and the signature geometry counts it (set_width).
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        set_paragraph_value(ppr, tag, "1")
    # Drop every style we do not use (and their theme fonts and colours with them).
    for style in list(doc.styles):
        if style.name not in KEEP_STYLES:
            style.element.getparent().remove(style.element)
    for fonts in styles.iter(qn("w:rFonts")):
        drop_theme_fonts(fonts)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-US")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    doc.settings.odd_and_even_pages_header_footer = True


def _page_number_run(paragraph: Paragraph, font: str, size_pt: float) -> Run:
    """A run with the page number's font and size written on the run itself.

    LibreOffice draws a field at the document default size unless every run of the
    field carries the size, so each part of the field gets its own formatted run.
    """
    run = paragraph.add_run()
    set_run_fonts(run._r.get_or_add_rPr(), font, size_pt, spacing=0)
    return run


def _page_field(paragraph: Paragraph, font: str, size_pt: float) -> None:
    for tag, kind, text in (("w:fldChar", "begin", None), ("w:instrText", None, " PAGE "),
                            ("w:fldChar", "separate", None), ("w:t", None, "1"), ("w:fldChar", "end", None)):
        el = OxmlElement(tag)
        if kind:
            el.set(qn("w:fldCharType"), kind)
        if text:
            el.text = text
            el.set(qn("xml:space"), "preserve")
        _page_number_run(paragraph, font, size_pt)._r.append(el)


def page_numbers(doc: DocxDocument) -> None:
    """“— N —” in 4号宋体: odd pages 居右空一字, even pages 居左空一字 (GB/T 9704 7.5)."""
    spec = format_spec().styles["page_number"]
    one_char = round(spec.size_pt * 20)
    section = doc.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles[spec.name]
        ppr = paragraph._p.get_or_add_pPr()
        if odd:
            set_indent(ppr, right_twips=one_char, first_line_chars=0)
        else:
            set_indent(ppr, left_twips=one_char, first_line_chars=0)
        set_alignment(ppr, "right" if odd else "left")
        font = font_profiles()["gb2312"][spec.font]
        _page_number_run(paragraph, font, spec.size_pt).text = "\u2014 "
        _page_field(paragraph, font, spec.size_pt)
        _page_number_run(paragraph, font, spec.size_pt).text = " \u2014"


def body(doc: DocxDocument) -> None:
    spec = format_spec()
    for p in list(doc.paragraphs):
        doc.element.body.remove(p._p)

    def para(text: str, role: str = "body") -> None:
        doc.add_paragraph(text, style=spec.style_name(role))

    para("{%p for b in blocks %}")
    first = True
    for kind in PROTOTYPES:
        para(("{%p if " if first else "{%p elif ") + f'b.kind == "{kind}" %}}')
        first = False
        if kind.startswith("runin"):
            p = doc.add_paragraph(style=spec.style_name("body"))
            p.add_run("{{ b.lead }}", style=spec.style_name(kind))
            p.add_run("{{ b.text }}")
        else:
            para("{{ b.text }}", kind)
    para('{%p elif b.kind == "lh_docno" %}')
    letterhead_number_line(doc)
    para('{%p elif b.kind == "imprint" %}')
    imprint(doc)
    para('{%p elif b.kind == "blank" %}')
    para("")
    para("{%p else %}")
    para("{{ b.text }}")
    para("{%p endif %}")
    para("{%p endfor %}")


def letterhead_number_line(doc: DocxDocument) -> None:
    """发文字号 居左空一字 (style indent), a right tab for 签发人 居右空一字, the red rule below."""
    spec = format_spec()
    lh = spec.letterhead
    style = doc.styles[spec.style_name("lh_docno")]
    ppr = style.element.get_or_add_pPr()
    set_borders(ppr, color=lh["color"], space_pt=lh["rule_space_pt"], bottom=lh["rule_eighths_pt"])
    set_tab(ppr, spec.type_width_twips - spec.char_pitch_twips)
    p = doc.add_paragraph(style=style)
    p.add_run("{{ b.text }}")
    p.add_run("\t签发人：")
    p.add_run("{{ b.aside }}", style=spec.style_name("signer"))


def imprint(doc: DocxDocument) -> None:
    """版记 on the bottom edge of the type area of the last page (GB/T 9704-2012 7.4).

    Three paragraphs in one frame anchored to the bottom margin: 抄送 (左右各空一字, wraps
    aligned after “抄送：”), a thin rule drawn as a shaded paragraph as high as the line is
    thick, and 印发机关 (左空一字) with 印发日期 on a right tab (右空一字). The frame's paragraphs
    share the thick top and bottom borders, which become the first and last 版记 lines.
    A tiny paragraph closes the body after the frame (LibreOffice drops a frame that ends a
    body with footers).
    """
    spec = format_spec()
    style = spec.style_name("imprint")
    one = round(spec.styles["imprint"].size_pt * 20)  # 一字 at 4号
    width = spec.type_width_twips
    thick, thin = spec.imprint["thick_eighths_pt"], spec.imprint["thin_eighths_pt"]

    def framed(text: str = "") -> tuple[Paragraph, CT_PPr]:
        p = doc.add_paragraph(text, style=style)
        ppr = p._p.get_or_add_pPr()
        set_bottom_frame(ppr, width)
        set_borders(ppr, top=thick, bottom=thick)
        return p, ppr

    def para(text: str) -> None:
        doc.add_paragraph(text, style=spec.style_name("body"))

    para("{%p if b.lead %}")
    _, ppr = framed("{{ b.lead }}")
    set_indent(ppr, left_twips=one * 4, hanging_twips=one * 3, right_twips=one)
    para("{%p endif %}")
    para("{%p if b.lead and b.text %}")
    _, ppr = framed()
    set_shading(ppr, "000000")
    set_exact_spacing(ppr, round(thin * 20 / 8))
    para("{%p endif %}")
    para("{%p if b.text %}")
    p, ppr = framed("{{ b.text }}")
    set_indent(ppr, left_twips=one, first_line_chars=0)
    set_tab(ppr, width - one)
    p.add_run("\t{{ b.aside }}")
    para("{%p endif %}")
    end = doc.add_paragraph(style=spec.style_name("body"))
    set_exact_spacing(end._p.get_or_add_pPr(), 20)


#: What Word and WPS need to know of each font the template can name, to pick a substitute on
#: a PC that lacks it: the family to fall back to (w:altName: 仿宋_GB2312 -> 仿宋, shipped with
#: Windows), the PANOSE class and the GB2312 character set (86). Values as Windows' own
#: Chinese fonts report them; 方正小标宋简体 falls back to 宋体 (same 宋 design, thinner).
FONT_FACTS: dict[str, tuple[str, str, str, str]] = {
    # name: (altName, panose1, family, pitch)
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "modern", "fixed"),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed"),
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable"),
    "方正小标宋简体": ("宋体", "02000000000000000000", "auto", "variable"),
}
#: Unicode and code-page ranges of a GB2312 font (w:sig), as Windows' 仿宋 reports them.
_GB2312_SIG = {"w:usb0": "00000001", "w:usb1": "080E0000", "w:usb2": "00000010", "w:usb3": "00000000",
               "w:csb0": "00040000", "w:csb1": "00000000"}


def font_table(doc: DocxDocument) -> None:
    """Replace python-docx's font table (Times New Roman, Calibri, ＭＳ 明朝 …) with one entry per
    font of fonts.yaml: East Asian charset, PANOSE, signature and an altName, so Word and WPS
    map a missing 仿宋_GB2312 to 仿宋 rather than to whatever font comes first."""
    names = dict.fromkeys(name for profile in font_profiles().values() for role, name in profile.items()
                          if role != "label")
    fonts = OxmlElement("w:fonts")
    for name in names:
        alt, panose, family, pitch = FONT_FACTS.get(name, ("宋体", "02010600030101010101", "auto", "variable"))
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:panose1", panose), ("w:charset", "86"), ("w:family", family),
                           ("w:pitch", pitch)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        sig = OxmlElement("w:sig")
        for attr, value in _GB2312_SIG.items():
            sig.set(qn(attr), value)
        font.append(sig)
        fonts.append(font)
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def compatibility_mode(doc: DocxDocument, mode: int = 15) -> None:
    """Word 2013 and later open a file of compatibilityMode 14 in 兼容模式; 15 is their own."""
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))


def drop_legacy_parts(doc: DocxDocument) -> None:
    """python-docx's stock document carries stylesWithEffects.xml: Word 2010's copy of the styles
    with theme fonts. Drop it so no second, stale style definition exists."""
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel.rId)


def make_template(target: Path) -> None:
    doc = Document()
    drop_legacy_parts(doc)
    clean_defaults(doc)
    apply_styles(doc)
    page_setup(doc)
    page_numbers(doc)
    font_table(doc)
    compatibility_mode(doc)
    body(doc)
    props = doc.core_properties
    props.author = "drafter"
    props.language = "zh-CN"
    props.title = ""
    props.comments = "drafter 模板：由 drafter/docx/template.py 生成"
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(target, buffer.getvalue())


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "templates" / "report.docx"
    make_template(out)
    print(out)
