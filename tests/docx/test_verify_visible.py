"""`drafter verify` sees what a reader sees (issue 20, observation 6): one test per fault seen.

Each test builds a clean report, puts in one fault the way Word, WPS or pandoc leave it, and
checks that verify reports it (and that the clean file has no such finding).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from drafter.docx.inspect import body_paragraphs, paragraph_text
from drafter.docx.render import build, render_docx
from drafter.docx.verify import verify_docx
from drafter.errors import Finding
from tests.helpers import pageflow as pf
from tests.helpers.samples import MINIMAL


def _built(write_facts, text: str = MINIMAL) -> Path:
    return build(write_facts(text)).output


def _edit(path: Path, change: Callable[[Any], None]) -> list[Finding]:
    doc = docx.Document(str(path))
    change(doc)
    doc.save(str(path))
    return verify_docx(path)


def _paragraph(doc: Any, start: str) -> Any:
    return next(p for p in body_paragraphs(doc) if paragraph_text(p).startswith(start))


def _codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings if f.code}


def _run_props(p: Any, **values: str) -> None:
    for r in p.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        for tag, value in values.items():
            el = OxmlElement(f"w:{tag}")
            el.set(qn("w:val"), value)
            rpr.append(el)


def test_a_clean_build_has_none_of_these_findings(write_facts):
    assert verify_docx(_built(write_facts)) == []


def test_bold_blue_level_one_heading_is_reported(write_facts):
    findings = _edit(_built(write_facts), lambda doc: _run_props(_paragraph(doc, "一、"), b="1", color="4F81BD"))
    heading = [f for f in findings if f.code == "emphasis"]
    assert len(heading) == 1 and "加粗" in heading[0].message and "4F81BD" in heading[0].message
    assert "一级标题" in heading[0].message


def test_bold_title_is_reported(write_facts):
    findings = _edit(_built(write_facts), lambda doc: _run_props(_paragraph(doc, "龙泉市科学技术局关于"), b="1"))
    assert [f.path[:4] for f in findings if f.code == "emphasis"] == ["第1段「"]


def test_bold_and_coloured_heading_styles_like_pandocs_are_reported(write_facts):
    def pandoc_headings(doc: Any) -> None:
        for name in ("Heading 1", "Heading 2"):
            rpr = doc.styles[name].element.get_or_add_rPr()
            for tag, value in (("b", "1"), ("color", "4F81BD")):
                found = rpr.find(qn(f"w:{tag}"))
                el = found if found is not None else OxmlElement(f"w:{tag}")
                el.set(qn("w:val"), value)
                rpr.append(el)

    findings = [f for f in _edit(_built(write_facts), pandoc_headings) if f.code == "emphasis"]
    assert len(findings) == 5  # four level-1 headings and one level-2 heading of MINIMAL


def test_italic_and_underline_are_reported(write_facts):
    findings = _edit(_built(write_facts), lambda doc: _run_props(_paragraph(doc, "2023年，"), i="1", u="single"))
    assert [f.message for f in findings if f.code == "emphasis"][0].startswith("正文有倾斜、下划线")


def test_space_before_and_after_is_reported_in_points(write_facts):
    def spaced(doc: Any) -> None:
        fmt = doc.styles["Heading 1"].paragraph_format
        fmt.space_before, fmt.space_after = docx.shared.Pt(24), docx.shared.Pt(9)

    findings = [f for f in _edit(_built(write_facts), spaced) if f.code == "paragraph-spacing"]
    assert len(findings) == 4
    assert findings[0].message.startswith("段前 24 磅、段后 9 磅")


def test_exact_28_pt_that_does_not_fill_the_type_area_is_reported(write_facts):
    def exact_28(doc: Any) -> None:
        doc.styles["Normal"].element.pPr.find(qn("w:spacing")).set(qn("w:line"), "560")

    findings = [f for f in _edit(_built(write_facts), exact_28) if f.code == "line-spacing"]
    assert findings and "固定值 28 磅" in findings[0].message


def test_arial_set_only_for_latin_text_is_reported(write_facts):
    def arial(doc: Any) -> None:
        fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
        fonts.set(qn("w:ascii"), "Arial")
        fonts.set(qn("w:hAnsi"), "Arial")

    findings = [f for f in _edit(_built(write_facts), arial) if f.code == "font-latin"]
    assert findings and "Arial" in findings[0].message
    assert _codes(findings) == {"font-latin"}


def _without_keeps(doc: Any) -> None:
    """What a build looked like before issue 20: no keepNext, widow control off, grid lines."""
    for el in list(doc.element.iter(qn("w:keepNext"))):
        el.getparent().remove(el)
    for el in doc.element.iter(qn("w:spacing")):
        if el.get(qn("w:line")) not in (None, "579") and el.get(qn("w:lineRule")) == "exact":
            el.set(qn("w:line"), "579")
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        found = doc.styles[name].element.pPr.find(qn("w:keepNext"))
        if found is not None:
            found.getparent().remove(found)
    doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(
        qn("w:widowControl")).set(qn("w:val"), "0")


def _corpus_docx(tmp_path: Path, name: str) -> Path:
    family, lines = name.split("-")
    out = tmp_path / f"{name}.docx"
    out.write_bytes(render_docx(pf.case_facts(pf.Case(family, int(lines)))))
    return out


def test_a_heading_stranded_at_the_foot_of_a_page_is_reported(tmp_path):
    """plain-18 puts “三、…” on the last line of page 2 when nothing keeps it with its text."""
    path = _corpus_docx(tmp_path, "plain-18")
    assert verify_docx(path) == []
    findings = [f for f in _edit(path, _without_keeps) if f.code == "page-flow"]
    assert [(f.path, f.message) for f in findings] == [
        ("第13段「三、2025年度推进法治政府…」",
         "按每页 22 行推算，标题落在第 2 页末行，下文在下一页；标题应与下文同页（段落设置“与下段同页”）")]


def test_a_lonely_signature_is_reported(tmp_path):
    """plain-13 needs its page adjusted: without that the text ends page 2 and the 署名 and
    the date stand alone on page 3."""
    path = _corpus_docx(tmp_path, "plain-13")
    assert verify_docx(path) == []
    findings = [f for f in _edit(path, _without_keeps) if f.code == "page-flow"]
    assert [(f.path, f.message) for f in findings] == [
        ("第16段「某某市科学技术局」", "按每页 22 行推算，第 3 页只有署名和成文日期，没有正文；应调整该页行距或字距，"
                                  "使正文最后几行与署名同页（GB/T 9704-2012 7.3.5，不用“此页无正文”）")]


def test_a_date_separated_from_its_signature_is_reported(tmp_path):
    """plain-12 without the adjusted page puts 署名 on the last line of page 2 and the date on page 3."""
    path = _corpus_docx(tmp_path, "plain-12")
    findings = [f for f in _edit(path, _without_keeps) if f.code == "page-flow"]
    assert [(f.path, f.message) for f in findings] == [
        ("第17段「2025年1月20日」", "按每页 22 行推算，成文日期与署名被分在两页（第 2、3 页）")]


def test_missing_page_size_is_worded_as_missing(write_facts):
    def no_width(doc: Any) -> None:
        doc.sections[0]._sectPr.find(qn("w:pgSz")).attrib.pop(qn("w:w"))

    findings = [f for f in _edit(_built(write_facts), no_width) if f.code == "page-setup"]
    assert [f.message for f in findings] == [
        "未设置纸张宽度（Word 或 WPS 会用各自的默认值），应为 210 毫米（A4，版心 156×225 毫米）"]


def test_signature_offsets_are_counted_in_characters_of_3hao(write_facts):
    """A 署名 set in 12 pt with no right indent sits 右空 0 字; the message used to count the
    empty space in 12-pt characters (“右空 28.9 字”)."""
    def small_flush_left(doc: Any) -> None:
        sig = [p for p in body_paragraphs(doc) if paragraph_text(p) == "龙泉市科学技术局"][0]
        for r in sig.iter(qn("w:r")):
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), "24")
            r.get_or_add_rPr().append(sz)
        sig.pPr.find(qn("w:ind")).set(qn("w:left"), "0")

    findings = [f for f in _edit(_built(write_facts), small_flush_left) if f.code == "signature-placement"]
    assert len(findings) == 1
    right = float(findings[0].message.split("署名右空 ")[1].split(" 字")[0])
    assert abs(right - 22) < 0.2, findings[0].message  # 28 字 less six 3号 字 of 12-pt text (was 28.9)
