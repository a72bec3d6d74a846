"""Tests of the render infrastructure: drafter.docx.libreoffice (DOCX -> PDF with LibreOffice),
the font map in fonts/fonts.conf and the PDF measuring helpers in pdfmeasure.

The render tests build their own DOCX with python-docx, so they do not depend on
the report generator. They skip when LibreOffice/poppler are missing, except
with CI=true, where a missing tool fails them (see pdfmeasure.require_render_tools).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from drafter.docx import libreoffice as pdfmod
from drafter.errors import DrafterError, RenderError
from tests.helpers import pdfmeasure as pm

# ---------------------------------------------------------------------------
# Building test documents

LINE_TWIPS = 579  # exact line spacing for 22 lines in the 225 mm type area
BODY_CHARS = 600  # 21 full lines of 28 + 12 characters: exactly one page of 22 lines

#: Official font name -> PDF font the stand-in map must produce (see _pdf_font_family).
FONT_MAP = {
    "仿宋_GB2312": "FandolFang-Regular",
    "仿宋": "FandolFang-Regular",
    "FangSong": "FandolFang-Regular",
    "FangSong_GB2312": "FandolFang-Regular",
    "楷体_GB2312": "FandolKai-Regular",
    "楷体": "FandolKai-Regular",
    "KaiTi": "FandolKai-Regular",
    "KaiTi_GB2312": "FandolKai-Regular",
    "黑体": "FandolHei-Regular",
    "SimHei": "FandolHei-Regular",
    "宋体": "FandolSong-Regular",
    "SimSun": "FandolSong-Regular",
    "方正小标宋简体": "NotoSerifCJK-Bold",
    "方正小标宋_GBK": "NotoSerifCJK-Bold",
    "FZXiaoBiaoSong-B05S": "NotoSerifCJK-Bold",
}


def _pdf_font_family(name: str) -> str:
    """Normalise a PDF font name for FONT_MAP.

    The Noto CJK .ttc files share one CFF table among their JP/KR/SC/TC/HK faces,
    and that table is named after the JP face; LibreOffice names the embedded
    font after it ("NotoSerifCJKjp-Bold-VKana") whichever face it used. So only
    family and weight can be checked from the name.
    """
    return re.sub(r"^NotoSerifCJK[a-z]{2}-(\w+?)(-\w+)?$", r"NotoSerifCJK-\1", name)


def _gbt9704_document() -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def _exact_spacing(paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_TWIPS)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _set_fonts(run, name: str, size: float, *, east_asia_only: bool = False) -> None:
    run.font.size = Pt(size)
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    slots = ("w:eastAsia",) if east_asia_only else ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
    for slot in slots:
        fonts.set(qn(slot), name)


def _condense(run, twentieths: int) -> None:
    """Character spacing <w:spacing w:val=".."/>, placed where CT_RPr wants it."""
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    run._r.get_or_add_rPr().insert_element_before(
        spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
        "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
        "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
    )  # fmt: skip


def build_body_docx(path: Path) -> Path:
    """One paragraph of 600 “国”, 三号 (16 pt), exact 579 twips, condensed 0.25 pt."""
    doc = _gbt9704_document()
    paragraph = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _exact_spacing(paragraph)
    run = paragraph.add_run("国" * BODY_CHARS)
    _set_fonts(run, "仿宋_GB2312", 16, east_asia_only=True)
    _condense(run, -5)
    doc.save(str(path))
    return path


def _page_number_footer(paragraph, *, odd: bool) -> None:
    """“— PAGE —” in 4号 宋体, odd pages right / even pages left, 空一字 (14 pt).

    Each part of the PAGE field sits in its own run carrying the font and size,
    as Word writes it. With the whole field in one run, LibreOffice 7.4 draws
    the number in the document default size (11 pt here) instead of 14 pt.
    """
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if odd:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)
    _set_fonts(paragraph.add_run("\u2014 "), "宋体", 14)
    for tag, kind, text in (
        ("w:fldChar", "begin", None),
        ("w:instrText", None, " PAGE "),
        ("w:fldChar", "separate", None),
        ("w:t", None, "1"),
        ("w:fldChar", "end", None),
    ):
        run = paragraph.add_run()
        _set_fonts(run, "宋体", 14)
        element = OxmlElement(tag)
        if kind:
            element.set(qn("w:fldCharType"), kind)
        if text:
            element.text = text
            element.set(qn("xml:space"), "preserve")
        run._r.append(element)
    _set_fonts(paragraph.add_run(" \u2014"), "宋体", 14)


def build_fonts_docx(path: Path) -> Path:
    """Page 1: one line per official font name (“NN永字八法” in that font);
    page 2: one line. Both pages carry the GB/T 9704 page number."""
    doc = _gbt9704_document()
    first = doc.paragraphs[0] if doc.paragraphs else None
    for index, name in enumerate(FONT_MAP, start=1):
        paragraph = first if (first is not None and index == 1) else doc.add_paragraph()
        _exact_spacing(paragraph)
        _set_fonts(paragraph.add_run(f"{index:02d}永字八法"), name, 16)
    paragraph = doc.add_paragraph()
    _exact_spacing(paragraph)
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    _set_fonts(paragraph.add_run("第二页"), "仿宋_GB2312", 16)

    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.footer_distance = Mm(25)  # puts the 一字线 about 7 mm below the 版心 (format.md trap 7)
    _page_number_footer(section.footer.paragraphs[0], odd=True)
    _page_number_footer(section.even_page_footer.paragraphs[0], odd=False)
    doc.save(str(path))
    return path


# ---------------------------------------------------------------------------
# Rendered fixtures (one LibreOffice run each, shared by the tests below)


def _render(tmp_path_factory: pytest.TempPathFactory, name: str, builder: Callable[[Path], Path]) -> Path:
    """Build one fixture DOCX with `builder` and convert it once with LibreOffice."""
    pm.require_render_tools()
    pm.require_stand_in_fonts()
    work = tmp_path_factory.mktemp(name)
    target = work / f"{name}.pdf"
    result = pdfmod.convert_to_pdf(builder(work / f"{name}.docx"), target)
    assert result == target
    return result


@pytest.fixture(scope="module")
def body_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build_over_stale(path: Path) -> Path:
        path.with_suffix(".pdf").write_bytes(b"stale")  # convert_to_pdf must replace an existing file
        return build_body_docx(path)

    started = time.monotonic()
    target = _render(tmp_path_factory, "body", build_over_stale)
    print(f"LibreOffice conversion: {time.monotonic() - started:.2f} s")
    assert target.read_bytes()[:5] == b"%PDF-"
    return target


@pytest.fixture(scope="module")
def fonts_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _render(tmp_path_factory, "fonts", build_fonts_docx)


# ---------------------------------------------------------------------------
# Render tests


@pytest.mark.render
def test_conversion_writes_only_the_pdf(body_pdf: Path) -> None:
    assert body_pdf.read_bytes().startswith(b"%PDF-")
    # The temporary file used for the atomic replace is gone.
    assert sorted(p.name for p in body_pdf.parent.iterdir()) == ["body.docx", "body.pdf"]


@pytest.mark.render
def test_page_is_a4(body_pdf: Path) -> None:
    pages = pm.read_pdf(body_pdf)
    assert len(pages) == 1, f"600 characters must fit on one page, got {len(pages)} pages"
    page = pages[0]
    assert pm.is_a4(page), f"page is {page.width:.1f} × {page.height:.1f} pt, not A4"


@pytest.mark.render
def test_22_lines_of_28_characters(body_pdf: Path) -> None:
    page = pm.read_pdf(body_pdf)[0]
    lines = pm.body_lines(page)
    counts = [pm.chars_in_line(line) for line in lines]
    assert sum(counts) == BODY_CHARS
    assert counts == [28] * 21 + [12], counts
    assert lines == page.lines  # nothing outside the type area
    pitches = [b.y_max - a.y_max for a, b in zip(lines, lines[1:], strict=False)]
    assert all(abs(p - LINE_TWIPS / 20) < 0.2 for p in pitches), pitches
    # The last line ends inside the type area.
    assert lines[-1].y_max <= pm.TYPE_AREA_BOTTOM


@pytest.mark.render
def test_left_and_right_text_edges(body_pdf: Path) -> None:
    lines = pm.body_lines(pm.read_pdf(body_pdf)[0])
    for line in lines:
        assert line.x_min == pytest.approx(pm.TYPE_AREA_LEFT, abs=1.5), line
    for line in lines[:-1]:
        assert line.x_max <= pm.TYPE_AREA_RIGHT + 0.5, line


@pytest.mark.render
def test_fangsong_renders_with_embedded_fandol(body_pdf: Path) -> None:
    fonts = pm.pdf_fonts(body_pdf)
    assert [f.base_name for f in fonts] == ["FandolFang-Regular"], fonts
    assert fonts[0].embedded


@pytest.mark.render
def test_every_official_font_name_maps_to_its_stand_in(fonts_pdf: Path) -> None:
    runs = [r for r in pm.text_fonts(fonts_pdf) if r.page == 1 and r.text.endswith("永字八法")]
    by_index = {int(r.text[:2]): _pdf_font_family(r.font) for r in runs}
    got = {name: by_index.get(i) for i, name in enumerate(FONT_MAP, start=1)}
    assert got == FONT_MAP
    assert all(f.embedded for f in pm.pdf_fonts(fonts_pdf))


@pytest.mark.render
def test_page_numbers_odd_right_even_left(fonts_pdf: Path) -> None:
    pages = pm.read_pdf(fonts_pdf)
    assert len(pages) == 2
    for page, side in zip(pages, ("right", "left"), strict=True):
        line = pm.page_number_line(page)
        assert line is not None, f"no page number on page {page.number}: {page.lines}"
        assert pm.page_number_text(line) == str(page.number)
        assert line.text == f"— {page.number} —"
        assert pm.page_number_side(page, line) == side
        # 空一字 at 4号 = 14 pt from the type-area edge.
        assert pm.page_number_inset(line, side) == pytest.approx(14, abs=1.5), line
        assert len(pm.dash_words(line)) == 2
        # 7 mm below the 版心 (19.8 pt), within 1 mm for this footer distance.
        assert pm.mm(pm.dash_offset_below_type_area(line)) == pytest.approx(7, abs=1.0), line
        assert pm.chars_in_line(line) == 2.5
    # Dashes and digits in 4号 宋体 (FandolSong), digits included.
    footer_runs = [r for r in pm.text_fonts(fonts_pdf) if "—" in r.text or r.text.isdigit()]
    assert "".join(r.text for r in footer_runs).replace(" ", "") == "—1——2—"
    assert {(r.font, r.size) for r in footer_runs} == {("FandolSong-Regular", 14.0)}, footer_runs


@pytest.mark.render
def test_timeout_raises_render_error(tmp_path: Path) -> None:
    pm.require_render_tools("soffice")
    docx = build_body_docx(tmp_path / "slow.docx")
    target = tmp_path / "slow.pdf"
    with pytest.raises(RenderError, match="超时"):
        pdfmod.convert_to_pdf(docx, target, timeout=0.2)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slow.docx"]


# ---------------------------------------------------------------------------
# drafter.docx.libreoffice without LibreOffice


def test_missing_soffice_is_a_render_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx = build_body_docx(tmp_path / "a.docx")
    monkeypatch.setattr(pdfmod, "find_soffice", lambda: None)
    with pytest.raises(RenderError) as info:
        pdfmod.convert_to_pdf(docx, tmp_path / "a.pdf")
    assert "未找到 LibreOffice（soffice）" in str(info.value)
    assert isinstance(info.value, DrafterError)


def test_missing_input_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="找不到要转换的文件"):
        pdfmod.convert_to_pdf(tmp_path / "nope.docx", tmp_path / "nope.pdf")


def test_failed_conversion_reports_soffice_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdfmod, "find_soffice", lambda: str(fake))
    docx = build_body_docx(tmp_path / "a.docx")
    with pytest.raises(RenderError) as info:
        pdfmod.convert_to_pdf(docx, tmp_path / "a.pdf")
    message = str(info.value)
    assert "未能把 a.docx 转换为 PDF" in message
    assert "source file could not be loaded" in message
    assert not (tmp_path / "a.pdf").exists()


def test_fontconfig_is_used_only_when_fonts_are_set_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdfmod, "_REPO_ROOT", tmp_path)
    assert pdfmod.fontconfig_file() is None
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "fonts.conf").write_text("<fontconfig/>")
    assert pdfmod.fontconfig_file() is None  # no fonts fetched yet
    (tmp_path / ".cache" / "fonts").mkdir(parents=True)
    (tmp_path / ".cache" / "fonts" / "FandolFang-Regular.otf").write_bytes(b"x")
    assert pdfmod.fontconfig_file() == tmp_path / "fonts" / "fonts.conf"
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert pdfmod._environment()["FONTCONFIG_FILE"] == str(tmp_path / "fonts" / "fonts.conf")


# ---------------------------------------------------------------------------
# require_render_tools: skip locally, fail in CI


def test_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-tool"):
        pm.require_render_tools("no-such-tool")


def test_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-tool"):
        pm.require_render_tools("no-such-tool")


def test_missing_soffice_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(pdfmod, "find_soffice", lambda: None)
    with pytest.raises(pytest.fail.Exception, match="soffice"):
        pm.require_render_tools("soffice")


def test_missing_fonts_skip_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdfmod, "_REPO_ROOT", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="setup-fonts.sh"):
        pm.require_stand_in_fonts()


def test_missing_fonts_fail_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdfmod, "_REPO_ROOT", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="setup-fonts.sh"):
        pm.require_stand_in_fonts()


# ---------------------------------------------------------------------------
# pdfmeasure parsing on handmade input

BBOX_XML = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head><title></title></head>
<body>
<doc>
  <page width="595.303937" height="841.889764">
    <word xMin="79.500000" yMin="112.900764" xMax="300.000000" yMax="133.700764">国国国国国国国国国国国国国国</word>
    <word xMin="300.000000" yMin="112.900764" xMax="520.540000" yMax="133.700764">国国国国国国国国国国国国国国</word>
    <word xMin="79.500000" yMin="141.800764" xMax="230.000000" yMax="162.600764">2025年3月8日</word>
    <word xMin="420.000000" yMin="142.300764" xMax="520.540000" yMax="162.100764">签发人：张三</word>
    <word xMin="460.100000" yMin="752.000000" xMax="474.100000" yMax="770.200000">—</word>
    <word xMin="477.600000" yMin="752.000000" xMax="484.600000" yMax="770.200000">1</word>
    <word xMin="488.100000" yMin="752.000000" xMax="502.100000" yMax="770.200000">—</word>
  </page>
  <page width="595.303937" height="841.889764">
    <word xMin="93.400000" yMin="752.000000" xMax="107.400000" yMax="770.200000">—</word>
    <word xMin="110.900000" yMin="752.000000" xMax="117.900000" yMax="770.200000">2</word>
    <word xMin="121.400000" yMin="752.000000" xMax="135.400000" yMax="770.200000">—</word>
  </page>
</doc>
</body>
</html>
"""


def test_parse_bbox_pages_and_lines() -> None:
    pages = pm.parse_bbox(BBOX_XML)
    assert [p.number for p in pages] == [1, 2]
    first, second = pages
    assert pm.is_a4(first) and pm.is_a4(second)
    assert len(first.lines) == 3  # the two words of line 1 and the 签发人 join their lines
    line1, line2, footer = first.lines
    assert line1.text == "国" * 28  # CJK words are joined without a space
    assert pm.chars_in_line(line1) == 28
    assert line2.text == "2025年3月8日签发人：张三"
    assert pm.chars_in_line(line2) == 6 + 6  # six half-width digits = 3 字
    assert pm.left_edge([line1, line2]) == pytest.approx(79.5)


def test_body_lines_exclude_footer() -> None:
    first = pm.parse_bbox(BBOX_XML)[0]
    assert len(pm.body_lines(first)) == 2
    assert pm.body_lines(first, top=140, bottom=200)[0].text.startswith("2025")


def test_page_number_helpers() -> None:
    first, second = pm.parse_bbox(BBOX_XML)
    odd, even = pm.page_number_line(first), pm.page_number_line(second)
    assert odd is not None and even is not None
    assert odd.text == "— 1 —" and pm.page_number_text(odd) == "1"
    assert pm.page_number_side(first, odd) == "right"
    assert pm.page_number_inset(odd, "right") == pytest.approx(pm.TYPE_AREA_RIGHT - 502.1)
    assert pm.page_number_side(second, even) == "left"
    assert pm.page_number_inset(even, "left") == pytest.approx(93.4 - pm.TYPE_AREA_LEFT)
    assert pm.dash_offset_below_type_area(odd) == pytest.approx(761.1 - pm.TYPE_AREA_BOTTOM)
    assert pm.page_number_line(pm.Page(3, 595.3, 841.9)) is None


def test_pdf_font_family_normalisation() -> None:
    assert _pdf_font_family("NotoSerifCJKjp-Bold-VKana") == "NotoSerifCJK-Bold"
    assert _pdf_font_family("NotoSerifCJKsc-Bold") == "NotoSerifCJK-Bold"
    assert _pdf_font_family("NotoSerifCJKsc-Regular") == "NotoSerifCJK-Regular"
    assert _pdf_font_family("FandolFang-Regular") == "FandolFang-Regular"


def test_char_width_rule() -> None:
    assert pm.char_width("国") == 1
    assert pm.char_width("，") == 1  # full-width punctuation
    assert pm.char_width("“") == 1  # ambiguous, set full width by Chinese fonts
    assert pm.char_width("—") == 1
    assert pm.char_width("7") == 0.5
    assert pm.char_width("a") == 0.5
    assert pm.char_width(" ") == 0
    assert pm.char_width("\u3000") == 1  # ideographic space is a full 字


def test_geometry_constants() -> None:
    assert pm.A4_WIDTH == pytest.approx(595.3, abs=0.05)
    assert pm.A4_HEIGHT == pytest.approx(841.9, abs=0.05)
    assert pm.TYPE_AREA_LEFT == pytest.approx(79.37, abs=0.01)
    assert pm.TYPE_AREA_BOTTOM == pytest.approx(742.68, abs=0.01)
    assert pm.mm(pm.pt(7)) == pytest.approx(7)


def test_parse_pdffonts() -> None:
    text = (
        "name                                 type              encoding         emb sub uni object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
        "BAAAAA+FandolFang-Regular            Type 1            Builtin          yes yes yes      9  0\n"
        "CAAAAA+NotoSerifCJKsc-Bold           CID Type 0C       Identity-H       yes yes yes     14  0\n"
        "DejaVuSans                           TrueType          WinAnsi          no  no  no      20  0\n"
    )
    fonts = pm.parse_pdffonts(text)
    assert [f.base_name for f in fonts] == ["FandolFang-Regular", "NotoSerifCJKsc-Bold", "DejaVuSans"]
    assert [f.type for f in fonts] == ["Type 1", "CID Type 0C", "TrueType"]
    assert [f.embedded for f in fonts] == [True, True, False]


def test_parse_pdftohtml_xml() -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE pdf2xml SYSTEM "pdf2xml.dtd">
<pdf2xml producer="poppler" version="22.12.0">
<page number="1" position="absolute" top="0" left="0" height="841" width="595">
\t<fontspec id="0" size="16" family="BAAAAA+FandolFang-Regular" color="#000000"/>
<text top="113" left="80" width="441" height="21" font="0">国国</text>
</page>
<page number="2" position="absolute" top="0" left="0" height="841" width="595">
\t<fontspec id="1" size="22" family="NotoSerifCJKsc-Bold" color="#000000"/>
<text top="113" left="80" width="441" height="21" font="1"><b>标题</b></text>
<text top="150" left="80" width="441" height="21" font="0">正文</text>
</page>
</pdf2xml>
"""
    runs = pm.parse_pdftohtml_xml(text)
    assert runs == [
        pm.TextRun(1, "国国", "FandolFang-Regular", 16.0),
        pm.TextRun(2, "标题", "NotoSerifCJKsc-Bold", 22.0),
        pm.TextRun(2, "正文", "FandolFang-Regular", 16.0),
    ]


def test_render_marker_is_registered(pytestconfig: pytest.Config) -> None:
    assert any(m.startswith("render:") for m in pytestconfig.getini("markers"))
