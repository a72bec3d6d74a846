"""`drafter verify` sees what a reader sees (issue 20, observation 6): one test per fault seen.

Each test builds a clean report, puts in one fault the way Word, WPS or pandoc leave it, and
checks that verify reports it (and that the clean file has no such finding).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
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
    out = tmp_path / f"{name}.docx"
    out.write_bytes(_case_bytes(name))
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


# --- verify's page reckoning on the edge of a page break ---------------------------------------------
#
# A report of a few planted paragraphs, each a copy of a built report's body paragraph with its
# text, line height and indents set by hand, so that one paragraph ends exactly on the last twip
# of a page or misses it by one. The type area is 225 mm = 12756 twips high; the grid line 579.

PAGE = 12756
GRID = 579
Edit = Callable[[Any], None]
Planted = tuple[Any, ...]  # a text and the edits of its paragraph

_BYTES: dict[str, bytes] = {}


def _case_bytes(name: str) -> bytes:
    """A corpus report's DOCX, built once per process (the tests here check verify, not the build)."""
    if name not in _BYTES:
        family, lines = name.split("-")
        _BYTES[name] = render_docx(pf.case_facts(pf.Case(family, int(lines))))
    return _BYTES[name]


def _ppr_el(p: Any, tag: str) -> Any:
    ppr = p.get_or_add_pPr()
    el = ppr.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        ppr.append(el)
    return el


def _line(rule: str, value: int) -> Edit:
    def edit(p: Any) -> None:
        el = _ppr_el(p, "w:spacing")
        el.set(qn("w:line"), str(value))
        el.set(qn("w:lineRule"), rule)
    return edit


def exact(twips: int) -> Edit:
    return _line("exact", twips)


def at_least(twips: int) -> Edit:
    return _line("atLeast", twips)


def auto(line: int) -> Edit:
    """Auto spacing in 240ths of a line (240 single, 360 one and a half)."""
    return _line("auto", line)


def indent(**twips: int) -> Edit:
    def edit(p: Any) -> None:
        el = _ppr_el(p, "w:ind")
        for attr in list(el.attrib):
            del el.attrib[attr]
        for attr, value in twips.items():
            el.set(qn(f"w:{attr}"), str(value))
    return edit


def flag(tag: str) -> Edit:
    """An on/off paragraph property set on the paragraph itself (w:pageBreakBefore, w:framePr …)."""
    return lambda p: _ppr_el(p, tag)


page_break = flag("w:pageBreakBefore")
framed = flag("w:framePr")


def _lines_docx(tmp_path: Path, *paras: Planted) -> Path:
    """A report whose body is `paras`: each a text ("\\n" for a line break, "" for an empty
    paragraph) and edits, set like the body text of a built report (3号 仿宋, exact 579, two
    characters of first-line indent) unless an edit says otherwise."""
    doc = docx.Document(io.BytesIO(_case_bytes("plain-00")))
    pattern = next(p for p in body_paragraphs(doc) if paragraph_text(p).startswith(pf.FILL * 4))
    run = copy.deepcopy(pattern.find(qn("w:r")))
    for child in [c for c in run if c.tag != qn("w:rPr")]:
        run.remove(child)
    end = doc.element.body.find(qn("w:sectPr"))
    for p in body_paragraphs(doc):
        p.getparent().remove(p)
    for text, *edits in paras:
        p = copy.deepcopy(pattern)
        for child in [c for c in p if c.tag != qn("w:pPr")]:
            p.remove(child)
        for el in list(p.iter(qn("w:keepNext"))):
            el.getparent().remove(el)
        if text:
            r = copy.deepcopy(run)
            for k, part in enumerate(text.split("\n")):
                if k:
                    r.append(OxmlElement("w:br"))
                t = OxmlElement("w:t")
                t.text = part
                r.append(t)
            p.append(r)
        _line("exact", GRID)(p)
        for edit in edits:
            edit(p)
        end.addprevious(p)
    out = tmp_path / "lines.docx"
    doc.save(str(out))
    return out


def _flow(tmp_path: Path, *paras: Planted, code: str = "page-flow") -> list[tuple[str, str]]:
    return [(f.path, f.message) for f in verify_docx(_lines_docx(tmp_path, *paras)) if f.code == code]


def _stranded(index: int, text: str, page: int = 1) -> list[tuple[str, str]]:
    return [(f"第{index}段「{text}」", f"按每页 22 行推算，标题落在第 {page} 页末行，下文在下一页；"
                                     "标题应与下文同页（段落设置“与下段同页”）")]


TITLE = ("关于2024年度法治政府建设情况的报告",)
TEXT_AFTER = ("法法。",)

#: One paragraph and the height verify must reckon for it: (its text and edits, twips).
HEIGHTS: dict[str, tuple[Planted, int]] = {
    "exact 15 pt": (("法", exact(300)), 300),
    "exact 0 (a broken value): one twip a line": (("法", exact(0)), 1),
    "at least 15 pt: the 3号 line, 1.3 times 16 pt": (("法", at_least(300)), 416),
    "at least 35 pt": (("法", at_least(700)), 700),
    "one and a half lines": (("法", auto(360)), 624),
    "auto with a line value of 0: single": (("法", auto(0)), 416),
    "an empty paragraph in single spacing: 3号": (("", auto(240)), 416),
    "a paragraph in a frame floats": (("法", framed), 0),
    "27 characters after a first-line indent of two: two lines": (("法" * 27, indent(firstLine=640)), 2 * GRID),
    "27 characters with a left indent of two: two lines": (("法" * 27, indent(left=640)), 2 * GRID),
    "27 characters with a right indent of two: two lines": (("法" * 27, indent(right=640)), 2 * GRID),
    "a line break: two lines": (("法\n法",), 2 * GRID),
}


@pytest.mark.parametrize("fits", [True, False], ids=["the heading ends the page", "its text misses it by a twip"])
@pytest.mark.parametrize("what", list(HEIGHTS))
def test_the_height_of_each_paragraph_is_reckoned_to_the_twip(tmp_path, what, fits):
    """A heading after the planted paragraph ends exactly on the page's last twip, or leaves one
    twip too few for the line after it: stranded either way. A paragraph reckoned one twip
    taller moves the heading to the next page; one twip shorter lets its text follow it."""
    planted, height = HEIGHTS[what]
    spacer = PAGE - GRID - height - GRID if fits else PAGE + 1 - 3 * GRID - height
    paras = (TITLE, ("法", exact(spacer)), planted, ("一、法",), TEXT_AFTER)
    assert _flow(tmp_path, *paras) == _stranded(4, "一、法")


def test_widow_control_carries_a_paragraph_whole_and_strands_its_heading(tmp_path):
    """One line of room after the heading: a three-line paragraph with widow control goes
    whole to the next page (Word keeps two lines together); without it, its first line stays."""
    spacer = PAGE - 3 * GRID
    three = pf.paragraph(3)
    widow_control = flag("w:widowControl")

    def no_widow_control(p: Any) -> None:
        _ppr_el(p, "w:widowControl").set(qn("w:val"), "0")

    assert _flow(tmp_path, TITLE, ("法", exact(spacer)), ("一、法",), (three, widow_control)) == _stranded(3, "一、法")
    assert _flow(tmp_path, TITLE, ("法", exact(spacer)), ("一、法",), (three, no_widow_control)) == []


@pytest.mark.parametrize(("what", "paras", "expected"), [
    ("a level-2 heading", (TITLE, ("法", exact(PAGE - 2 * GRID)), ("（一）法",), TEXT_AFTER), _stranded(3, "（一）法")),
    ("a level-3 heading", (TITLE, ("法", exact(PAGE - 2 * GRID)), ("1.法",), TEXT_AFTER), _stranded(3, "1.法")),
    ("a level-4 heading", (TITLE, ("法", exact(PAGE - 2 * GRID)), ("（1）法",), TEXT_AFTER), _stranded(3, "（1）法")),
    ("a run-in heading goes on with its text", (TITLE, ("法", exact(PAGE - 2 * GRID)), ("一、法。法法",), TEXT_AFTER),
     []),
    ("an empty line after the heading is not its text",
     (TITLE, ("法", exact(PAGE - 3 * GRID)), ("一、法",), ("",), TEXT_AFTER), _stranded(3, "一、法")),
    ("a page break after the heading", (TITLE, ("一、法",), (*TEXT_AFTER, page_break)), _stranded(2, "一、法")),
    ("the heading and its text on the next page", (TITLE, ("法", exact(PAGE - 2 * GRID + 1)), ("一、法",), TEXT_AFTER),
     []),
])
def test_which_headings_are_stranded(tmp_path, what, paras, expected):
    assert _flow(tmp_path, *paras) == expected


#: The signature block: the blank line above 署名, 署名, 成文日期 (on the grid).
SIGNATURE_BLOCK: tuple[Planted, ...] = (("",), (pf.SIGNATURE,), (pf.DATE_TEXT,))


@pytest.mark.parametrize(("what", "paras", "signature"), [
    ("a level-1 heading", (TITLE, ("法。",), ("一、法", page_break)), pf.SIGNATURE),
    ("a level-3 heading", (TITLE, ("法。",), ("1.法", page_break)), pf.SIGNATURE),
    ("a level-4 heading", (TITLE, ("法。",), ("（1）法", page_break)), pf.SIGNATURE),
    ("the 附件说明", (TITLE, ("法。",), ("附件：法法法", page_break)), pf.SIGNATURE),
    ("the 主送机关", (TITLE, ("某某市人民政府：", page_break)), pf.SIGNATURE),
    # a 署名 with a digit: a short line right after the title would be read as the 主送机关
    ("the title", (TITLE,), "龙泉市第2中学"),
])
def test_any_text_above_the_signature_on_its_page_keeps_it_company(tmp_path, what, paras, signature):
    """7.3.5 forbids a page of nothing but 署名 and 成文日期: any text above them on the page is enough."""
    assert _flow(tmp_path, *paras, ("",), (signature,), (pf.DATE_TEXT,)) == []
    alone = _flow(tmp_path, *paras, ("", page_break), (signature,), (pf.DATE_TEXT,))
    assert [path for path, message in alone if "页只有署名和成文日期" in message] == [
        f"第{len(paras) + 2}段「{signature}」"]


@pytest.mark.parametrize(("what", "paras", "reported"), [
    ("two lines at 26 pt above the block", (TITLE, ("法法法。", exact(520)), ("法法。", exact(520))), []),
    ("at 23 pt, the tightest the build sets", (TITLE, ("法法法。", exact(460)), ("法法。", exact(460))), []),
    ("at 32 pt, the loosest", (TITLE, ("法法法。", exact(640)), ("法法。", exact(640))), []),
    ("a twip tighter than the tightest", (TITLE, ("法法法。", exact(459)), ("法法。", exact(459))), [2, 3]),
    ("a twip looser than the loosest", (TITLE, ("法法法。", exact(641)), ("法法。", exact(641))), [2, 3]),
    ("at 35 pt", (TITLE, ("法法法。", exact(700)), ("法法。", exact(700))), [2, 3]),
    ("two heights: only the run next to the block is the adjusted page",
     (TITLE, ("法法法。", exact(500)), ("法法。", exact(520))), [2]),
    ("the blank line above 署名 at 575, on the grid",
     (TITLE, ("法法法。", exact(520)), ("法法。", exact(520)), ("", exact(575)), *SIGNATURE_BLOCK[1:]), []),
    ("no blank line above 署名", (TITLE, ("法法法。", exact(520)), ("法法。", exact(520)), *SIGNATURE_BLOCK[1:]), []),
    ("the 附件说明 set with the text",
     (TITLE, ("法法法。", exact(520)), ("法法。", exact(520)), ("", exact(520)), ("附件：法法", exact(520))), []),
    ("a page without a title, adjusted from its first line",
     (("一、法", exact(520)), ("法法。", exact(520))), []),
])
def test_the_adjusted_page_of_the_signature_block_is_not_a_spacing_fault(tmp_path, what, paras, reported):
    """GB/T 9704-2012 7.3.5: the page that holds 署名 may be set tighter or looser so that text shares
    it. verify excuses one exact height between 23 and 32 pt on the run of paragraphs that ends at
    the signature block (its blank lines and 附件说明 on the grid or at that height), nothing else."""
    if paras[-1][0] != pf.DATE_TEXT:
        paras = (*paras, *SIGNATURE_BLOCK)
    found = [path for path, _ in _flow(tmp_path, *paras, code="line-spacing")]
    assert found == [f"第{n}段「{paras[n - 1][0]}」" for n in reported]


def align(value: str) -> Edit:
    return lambda p: _ppr_el(p, "w:jc").set(qn("w:val"), value)


SIGNED_TEXT = (TITLE, ("法法。",), ("",))


@pytest.mark.parametrize(("right", "reported"), [
    (2, []), (4, []), (3, ["署名应右空二字（加盖印章时右空四字）；现右空 3 字"]),
])
def test_an_undated_signature_stands_two_characters_from_the_right_or_four_under_a_seal(tmp_path, right, reported):
    signature = (pf.SIGNATURE, align("right"), indent(right=right * 315))  # a 字 of the grid: 315 twips
    assert [m for _, m in _flow(tmp_path, *SIGNED_TEXT, signature, code="signature-placement")] == reported


def test_a_signature_right_under_the_title_is_not_under_a_blank_line(tmp_path):
    """The 署名 as the second paragraph: the paragraph above it is the title (a 署名 with a digit,
    so that it is not read as the 主送机关)."""
    assert _flow(tmp_path, TITLE, ("龙泉市第2中学",), (pf.DATE_TEXT,), code="signature-space") == [
        ("第2段「龙泉市第2中学」", "署名应在正文（或附件说明）下空一行编排")]


def test_each_line_of_the_attachment_note_is_checked(tmp_path):
    """Both lines of a 附件说明 typed flush left are reported, not only the first."""
    flush = indent(firstLine=0)
    notes = (("附件：1.法法", flush), ("2.法法", flush))
    assert _flow(tmp_path, *SIGNED_TEXT, *notes, *SIGNATURE_BLOCK, code="attachment-note") == [
        ("第4段「附件：1.法法」", "附件说明应左空二字编排“附件：”；现从第 0 字起"),
        ("第5段「2.法法」", "附件说明应左空二字编排“附件：”，序号与上一行对齐；现从第 0 字起")]


def test_an_attachment_name_that_just_wraps_is_aligned_under_the_name(tmp_path):
    """A name of 28 字 after the two-字 indent wraps by two 字: the second line must start under
    the name (at 字 5), not at the margin."""
    note = ("附件：" + "法" * 25,)
    assert _flow(tmp_path, *SIGNED_TEXT, note, *SIGNATURE_BLOCK, code="attachment-note") == [
        ("第4段「附件：法法法法法法法法法法法…」", "附件名称回行时应与上一行名称的首字对齐（第 5 字）；现回行从第 0 字起")]


def test_a_doc_number_without_a_letterhead_is_not_held_to_the_upward_placement(tmp_path):
    """居左空一字 is the rule for the 发文字号 of a 上行文 under its 版头 (with 签发人); without a
    版头 verify does not judge where the 发文字号 stands."""
    doc_number = ("龙科〔2024〕2号", align("center"))
    assert _flow(tmp_path, doc_number, TITLE, ("法法。",), *SIGNATURE_BLOCK, code="indent") == []
