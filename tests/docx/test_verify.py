"""`drafter verify`: built files verify clean; each deviation planted with python-docx is found.

The planted deviations are the edits a clerk makes in Word or WPS: a different font or
size, single line spacing, no first-line indent, the signature pushed flush right, 文号
with square brackets, a half-width colon, a Chinese-numeral date, page numbers with
hyphens or without odd/even sides, other margins, a theme font, headings without styles.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from drafter.cli import main
from drafter.docx.render import build
from drafter.docx.verify import family_of, heading_level, verify_docx
from drafter.errors import Finding, InputFileError
from tests.e2e.test_render_fullformat import VARIANTS
from tests.helpers.docxread import style_name
from tests.helpers.samples import MINIMAL, ROOT

SLUGS = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "facts.yaml").exists())

#: A report with every element the checks look at: 文号, 主送机关, all heading levels, run-in
#: headings, 附件说明 with a wrapping name, an attachment page, a dated signature and a 版记.
FULL = MINIMAL.replace(
    "        text: 严格落实规范性文件前置审核。\n",
    "        text: 严格落实规范性文件前置审核。\n"
    "        items:\n"
    "          - heading: 健全制度\n"
    "            items:\n"
    "              - heading: 完善规范性文件管理\n"
    "                text: 建立规范性文件目录。\n",
) + """\
to: 龙泉市人民政府
doc_number: 龙科〔2024〕2号
attachments:
  - 2023年度龙泉市科学技术局重大行政决策事项目录清单及公众参与专家论证风险评估情况汇总表
  - title: 2023年度行政执法统计数据
    text: 2023年，共开展行政检查14次，行政处罚5件。
imprint:
  cc: [龙泉市司法局]
  printer: 龙泉市科学技术局办公室
  date: 2024-01-31
"""


#: DOCX bytes built once per process, by fact-file text. The tests here check verify, not the build,
#: so a build made earlier in the process serves as well as a new one; under `make mutate` every
#: mutant's test session is forked from the process that built them in mutmut's first run.
_BUILT: dict[str, bytes] = {}


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, text: str) -> Path:
    if text not in _BUILT:
        facts = tmp_path_factory.mktemp(name) / f"{name}.yaml"
        facts.write_text(text, encoding="utf-8")
        _BUILT[text] = build(facts).output.read_bytes()
    out = tmp_path_factory.mktemp(name) / f"{name}.docx"
    out.write_bytes(_BUILT[text])
    return out


@pytest.fixture(scope="module")
def full_docx(tmp_path_factory) -> Path:
    return _built(tmp_path_factory, "full", FULL)


def _codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# --- clean ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_example_verifies_clean(slug, tmp_path):
    out = build(ROOT / "examples" / slug / "facts.yaml", tmp_path / f"{slug}.docx").output
    assert verify_docx(out) == []


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_format_variant_verifies_clean(variant, write_facts):
    assert verify_docx(build(write_facts(VARIANTS[variant])).output) == []


@pytest.mark.parametrize("extra", ["bold_headings: true\n", "fonts: windows\n", "seal: true\nnote: 此件公开发布\n"])
def test_options_verify_clean(extra, write_facts):
    assert verify_docx(build(write_facts(FULL + extra)).output) == []


def test_headings_without_styles_are_recognised_by_their_numbers(full_docx, tmp_path):
    """A clerk's file: every paragraph in Normal, the heading look as direct formatting."""
    doc = docx.Document(str(full_docx))
    fonts = {"Heading 1": "黑体", "Heading 2": "楷体_GB2312", "Heading 3": "仿宋_GB2312", "Heading 4": "仿宋_GB2312"}
    for p in doc.paragraphs:
        if style_name(p) in fonts:
            font = fonts[style_name(p)]
            p.style = doc.styles["Normal"]
            for run in p.runs:
                _set_font(run, font)
    assert verify_docx(_save(doc, tmp_path)) == []
    h2 = _para(doc, "（二）依法履行职能")
    _set_font(h2.runs[0], "仿宋_GB2312")
    findings = verify_docx(_save(doc, tmp_path))
    assert _codes(findings) == ["font"]
    assert findings[0].path.startswith(f"第{_index(doc, h2)}段「（二）依法履行职能")
    assert "二级标题字体为“仿宋_GB2312”，应为楷体" in findings[0].message


# --- planted deviations --------------------------------------------------------------------------


def _save(doc: DocxDocument, folder: Path) -> Path:
    out = folder / "edited.docx"
    doc.save(str(out))
    return out


def _para(doc: DocxDocument, start: str, exact: bool = False):
    return next(p for p in _all_paragraphs(doc) if (p.text == start if exact else p.text.startswith(start)))


def _all_paragraphs(doc: DocxDocument):
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, doc._body) for p in doc.element.body.iter(qn("w:p"))]


def _index(doc: DocxDocument, paragraph) -> int:
    return list(doc.element.body.iter(qn("w:p"))).index(paragraph._p) + 1


def _set_font(run, font: str) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), font)


def _set_spacing(paragraph, line: int, rule: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        ppr.append(spacing)
    spacing.set(qn("w:line"), str(line))
    spacing.set(qn("w:lineRule"), rule)


def _replace_text(paragraph, old: str, new: str) -> None:
    for t in paragraph._p.iter(qn("w:t")):
        if old in (t.text or ""):
            t.text = t.text.replace(old, new)


def _theme_font(run) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")


def _no_first_line(paragraph) -> None:
    paragraph.paragraph_format.first_line_indent = Pt(0)
    ind = paragraph._p.pPr.find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "0")


def _flush_right(paragraph) -> None:
    ppr = paragraph._p.pPr
    ppr.remove(ppr.find(qn("w:ind")))
    paragraph.alignment = 2  # right, no right indent


def _hyphen_page_numbers(doc: DocxDocument) -> None:
    for t in doc.sections[0].footer._element.iter(qn("w:t")):
        t.text = (t.text or "").replace("\u2014", "-")


def _page_number_font(doc: DocxDocument) -> None:
    for run in doc.sections[0].even_page_footer.paragraphs[0].runs:
        _set_font(run, "Times New Roman")


def _odd_even_off(doc: DocxDocument) -> None:
    doc.settings.odd_and_even_pages_header_footer = False


def _attachment_on_same_page(doc: DocxDocument) -> None:
    label = _para(doc, "附件2")
    label.style = doc.styles["Normal"]
    _set_font(label.runs[0], "黑体")
    label.paragraph_format.first_line_indent = Pt(0)
    label._p.pPr.find(qn("w:ind")).set(qn("w:firstLineChars"), "0")


def _no_blank_above_signature(doc: DocxDocument) -> None:
    """The clerk deletes the empty line between the last text (here 附件说明) and 署名."""
    signature = _para(doc, "龙泉市科学技术局", exact=True)._p
    blank = signature.getprevious()
    assert "".join(blank.itertext()).strip() == "", "the built file has a blank line above 署名"
    blank.getparent().remove(blank)


def _continuation_not_aligned(doc: DocxDocument) -> None:
    note = _para(doc, "附件：1.")
    note._p.pPr.remove(note._p.pPr.find(qn("w:ind")))
    note.paragraph_format.first_line_indent = Pt(32)


Mutation = Callable[[DocxDocument], None]

#: (what the clerk did, edit, finding code, paragraph it concerns (start of its text) or a place, message part)
PLANTED: list[tuple[str, Mutation, str, str, str]] = [
    ("top margin 25 mm", lambda d: setattr(d.sections[0], "top_margin", Mm(25)), "page-setup", "页面设置",
     "上边距（天头）为 25 毫米，应为 37 毫米"),
    ("US Letter paper", lambda d: setattr(d.sections[0], "page_width", Mm(215.9)), "page-setup", "页面设置",
     "纸张宽度为 215.9 毫米，应为 210 毫米"),
    ("left margin 31.8 mm", lambda d: setattr(d.sections[0], "left_margin", Mm(31.8)), "page-setup", "页面设置",
     "左边距（订口）为 31.8 毫米，应为 28 毫米"),
    ("title in 黑体", lambda d: _set_font(_para(d, "龙泉市科学技术局关于").runs[0], "黑体"), "font",
     "龙泉市科学技术局关于", "标题字体为“黑体”，应为小标宋体"),
    ("title in 三号", lambda d: setattr(_para(d, "龙泉市科学技术局关于").runs[0].font, "size", Pt(16)), "font-size",
     "龙泉市科学技术局关于", "标题字号为 16 磅，应为 22 磅（二号）"),
    ("title not centred", lambda d: setattr(_para(d, "龙泉市科学技术局关于"), "alignment", 0), "title-align",
     "龙泉市科学技术局关于", "标题应居中排布"),
    ("body in 宋体", lambda d: _set_font(_para(d, "2023年，龙泉市").runs[0], "宋体"), "font", "2023年，龙泉市",
     "正文字体为“宋体”，应为仿宋"),
    ("body in 四号", lambda d: setattr(_para(d, "2023年，龙泉市").runs[0].font, "size", Pt(14)), "font-size",
     "2023年，龙泉市", "正文字号为 14 磅，应为 16 磅（三号）"),
    ("body in a theme font", lambda d: _theme_font(_para(d, "2023年，龙泉市").runs[0]), "font", "2023年，龙泉市",
     "正文字体为"),
    ("level 1 in 仿宋", lambda d: _set_font(_para(d, "一、").runs[0], "仿宋_GB2312"), "font", "一、",
     "一级标题字体为“仿宋_GB2312”，应为黑体"),
    ("run-in level 2 lead in 仿宋", lambda d: _set_font(_para(d, "（一）强化").runs[0], "仿宋_GB2312"), "font",
     "（一）强化", "二级标题字体为“仿宋_GB2312”，应为楷体"),
    ("run-in level 2 text in 楷体", lambda d: _set_font(_para(d, "（一）强化").runs[1], "楷体_GB2312"), "font",
     "（一）强化", "接排正文字体为“楷体_GB2312”，应为仿宋"),
    ("level 3 in 黑体", lambda d: _set_font(_para(d, "1.健全制度").runs[0], "黑体"), "font", "1.健全制度",
     "三级标题字体为“黑体”，应为仿宋"),
    ("level 4 in 小四", lambda d: setattr(_para(d, "（1）完善").runs[0].font, "size", Pt(12)), "font-size",
     "（1）完善", "四级标题字号为 12 磅，应为 16 磅（三号）"),
    ("single line spacing", lambda d: _set_spacing(_para(d, "坚持重大决策"), 240, "auto"), "line-spacing",
     "坚持重大决策", "行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行"),
    ("30 pt exact spacing", lambda d: _set_spacing(_para(d, "坚持重大决策"), 600, "exact"), "line-spacing",
     "坚持重大决策", "行距为固定值 30 磅（每页 21 行）"),
    ("no first-line indent", lambda d: _no_first_line(_para(d, "坚持重大决策")), "indent", "坚持重大决策",
     "首行应缩进二字（左空二字），回行顶格；现首行从第 0 字"),
    ("signature flush right", lambda d: _flush_right(_para(d, "龙泉市科学技术局", exact=True)), "signature-placement",
     "龙泉市科学技术局", "现署名右空 0 字"),
    ("文号 with []", lambda d: _replace_text(_para(d, "龙科〔2024〕"), "〔2024〕", "[2024]"), "docno-brackets",
     "龙科[2024]", "应使用六角括号“〔〕”"),
    ("文号 with 第 and 02", lambda d: _replace_text(_para(d, "龙科〔2024〕"), "〕2号", "〕第02号"), "docno-number",
     "龙科〔2024〕", "序号前不加“第”"),
    ("主送 with a half-width colon", lambda d: _replace_text(_para(d, "龙泉市人民政府"), "：", ":"), "recipient-colon",
     "龙泉市人民政府", "主送机关后应为全角冒号“：”，现为半角冒号“:”"),
    ("date in Chinese numerals", lambda d: _replace_text(_para(d, "2024年1月30日"), "2024年1月30日", "二〇二四年一月三十日"),
     "date-digits", "二〇二四年", "成文日期应使用阿拉伯数字"),
    ("date with 01月", lambda d: _replace_text(_para(d, "2024年1月30日"), "2024年1月30日", "2024年01月30日"),
     "date-digits", "2024年01月30日", "成文日期的月、日不编虚位"),
    ("date with 05日", lambda d: _replace_text(_para(d, "2024年1月30日"), "2024年1月30日", "2024年1月05日"),
     "date-digits", "2024年1月05日", "成文日期的月、日不编虚位"),
    ("no blank line above 署名", _no_blank_above_signature, "signature-space", "龙泉市科学技术局",
     "署名应在正文（或附件说明）下空一行编排"),
    ("page numbers with hyphens", _hyphen_page_numbers, "page-number-dash", "页码·单页", "两侧应为一字线"),
    ("page number in Times New Roman", _page_number_font, "font", "页码·双页", "页码字体为“Times New Roman”，应为宋体"),
    ("no odd/even pages", _odd_even_off, "page-number-sides", "页码", "未设置“奇偶页不同”"),
    ("footer at 10 mm", lambda d: setattr(d.sections[0], "footer_distance", Mm(10)), "page-number-position", "页码",
     "页脚距边界 10 毫米"),
    ("attachment not on a new page", _attachment_on_same_page, "attachment-page", "附件2", "附件应另起一页编排"),
    ("附件说明 wraps under 附件", _continuation_not_aligned, "attachment-note", "附件：1.",
     "附件名称回行时应与上一行名称的首字对齐"),
    ("抄送 in 三号", lambda d: setattr(_para(d, "抄送：").runs[0].font, "size", Pt(16)), "font-size", "抄送：",
     "抄送字号为 16 磅，应为 14 磅（四号）"),
]


@pytest.mark.parametrize("what, mutate, code, where, message", PLANTED, ids=[p[0] for p in PLANTED])
def test_each_planted_deviation_is_found(full_docx, tmp_path, what, mutate, code, where, message):
    doc = docx.Document(str(full_docx))
    mutate(doc)
    findings = verify_docx(_save(doc, tmp_path))
    matching = [f for f in findings if f.code == code and message in f.message]
    assert matching, [(f.code, f.path, f.message) for f in findings]
    finding = matching[0]
    if where.startswith("页"):
        assert finding.path.startswith(where)
    else:
        assert finding.path.startswith("第") and f"「{where}" in finding.path, finding.path
        index = int(finding.path[1:finding.path.index("段")])
        assert _all_paragraphs(doc)[index - 1].text.startswith(where)
    # Only the planted deviation is reported (and what it necessarily implies: other margins
    # move the right edge the signature is placed from; a longer date moves its edges).
    implied = {"page-setup": {"signature-placement"}, "date-digits": {"signature-placement"}}.get(code, set())
    assert {f.code for f in findings} <= {code} | implied, [(f.code, f.message) for f in findings]


def test_letterhead_checks_colour_font_and_signer(write_facts, tmp_path):
    doc = docx.Document(str(build(write_facts(VARIANTS["letterhead"])).output))
    _set_font(_para(doc, "龙科〔2024〕2号").runs[-1], "仿宋_GB2312")  # the signer's name
    _set_font(_para(doc, "龙泉市科学技术局文件").runs[0], "黑体")
    findings = verify_docx(_save(doc, tmp_path))
    assert {(f.code, f.message) for f in findings} == {
        ("font", "签发人姓名字体为“仿宋_GB2312”，应为楷体"),
        ("font", "发文机关标志字体为“黑体”，应为小标宋体"),
    }


# --- helpers and the command line ----------------------------------------------------------------


@pytest.mark.parametrize("font, family", [("仿宋_GB2312", "fang"), ("仿宋", "fang"), ("FangSong", "fang"),
                                          ("华文仿宋", "fang"), ("方正小标宋简体", "title"), ("FZXiaoBiaoSong-B05S", "title"),
                                          ("楷体_GB2312", "kai"), ("黑体", "hei"), ("SimSun", "song"), ("宋体", "song"),
                                          ("Times New Roman", None), (None, None)])
def test_font_families(font, family):
    assert family_of(font) == family


@pytest.mark.parametrize("text, level", [("一、总体情况", 1), ("十二、其他", 1), ("（三）加强", 2), ("3.完善", 3),
                                         ("12．完善", 3), ("（4）细化", 4), ("1.5亿元用于", None), ("2023年，", None),
                                         ("一是加强", None)])
def test_heading_levels_from_numbering_text(text, level):
    assert heading_level(text) == level


def test_cli_clean_file_exits_0(full_docx, capsys):
    assert main(["verify", str(full_docx)]) == 0
    assert "检查通过" in capsys.readouterr().out


def test_cli_lists_deviations_and_exits_1(full_docx, tmp_path, capsys):
    doc = docx.Document(str(full_docx))
    _set_font(_para(doc, "2023年，龙泉市").runs[0], "宋体")
    doc.sections[0].top_margin = Mm(25)
    edited = _save(doc, tmp_path)
    assert main(["verify", str(edited)]) == 1
    err = capsys.readouterr().err
    assert f"{edited}：有 2 处不符合 GB/T 9704-2012 公文格式" in err
    assert "［第" in err and "正文字体为“宋体”，应为仿宋" in err and "［页面设置］上边距（天头）为 25 毫米" in err
    assert main(["verify", str(edited), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in rows} == {"font", "page-setup"}


def test_cli_unreadable_files_exit_3_with_a_chinese_message(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "无此文件.docx")]) == 3
    assert "文件不存在" in capsys.readouterr().err
    old = tmp_path / "旧版.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert main(["verify", str(old)]) == 3
    assert "另存为" in capsys.readouterr().err
    text = tmp_path / "notes.docx"
    text.write_text("不是 zip", encoding="utf-8")
    with pytest.raises(InputFileError):
        verify_docx(text)


# --- a document made elsewhere ---------------------------------------------------------------


def _handmade(folder: Path, ascii_only_fonts: bool = False) -> Path:
    """A report typed in a word processor: no drafter styles, Word's 文档网格 for 22 lines,
    fonts and indents as direct formatting, the signature right-aligned with a right indent."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(24.5)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    if ascii_only_fonts:
        normal.font.name = "仿宋_GB2312"  # python-docx writes ascii/hAnsi only: Chinese text falls to the theme
    else:
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    fmt = normal.paragraph_format
    fmt.first_line_indent = Pt(32)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0

    def add(text: str | list[tuple[str, str | None]] = "", font: str | None = None, size: float | None = None,
            align: WD_PARAGRAPH_ALIGNMENT | None = None,
            first: float | None = None, right: float | None = None, left: float | None = None):
        p = doc.add_paragraph()
        for part, part_font in (text if isinstance(text, list) else [(text, font)]):
            run = p.add_run(part)
            if part_font:
                _set_font(run, part_font)
            if size:
                run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if first is not None:
            p.paragraph_format.first_line_indent = Pt(first)
        if right is not None:
            p.paragraph_format.right_indent = Pt(right)
        if left is not None:
            p.paragraph_format.left_indent = Pt(left)
        return p

    add("龙泉市科学技术局关于2023年度", "方正小标宋简体", 22, align=WD_PARAGRAPH_ALIGNMENT.CENTER, first=0)
    add("法治政府建设情况的报告", "方正小标宋简体", 22, align=WD_PARAGRAPH_ALIGNMENT.CENTER, first=0)
    add()
    add("龙泉市人民政府：", first=0)
    add("2023年，我局扎实推进依法行政。现将有关情况报告如下：")
    add("一、主要举措和成效", "黑体")
    add([("（一）强化组织领导。", "楷体_GB2312"), ("认真贯彻落实中央全面依法治国委员会系列会议精神。", None)])
    add("1.健全制度")
    add("二、存在的不足", "黑体")
    add("普法宣传的深度和广度不够。")
    add()
    add("龙泉市科学技术局", first=0, right=32, align=WD_PARAGRAPH_ALIGNMENT.RIGHT)
    add("2024年1月30日", first=0, left=(27.64 - 2 - 8 + 2) * 16)

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        p = footer.paragraphs[0]
        p.alignment = 2 if odd else 0
        p.paragraph_format.first_line_indent = Pt(0)  # not Normal's two characters
        if odd:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        for part in ("— ", None, " —"):
            run = p.add_run(part or "")
            if part is None:
                for tag, kind, text in (("w:fldChar", "begin", None), ("w:instrText", None, " PAGE "),
                                        ("w:fldChar", "separate", None), ("w:t", None, "1"),
                                        ("w:fldChar", "end", None)):
                    el = OxmlElement(tag)
                    if kind:
                        el.set(qn("w:fldCharType"), kind)
                    if text:
                        el.text = text
                    run._r.append(el)
            _set_font(run, "宋体")
            run.font.size = Pt(14)
    out = folder / "handmade.docx"
    doc.save(str(out))
    return out


def test_a_document_made_elsewhere_with_the_right_format_verifies_clean(tmp_path):
    assert verify_docx(_handmade(tmp_path)) == []


def test_fonts_set_only_for_latin_text_fall_back_to_the_theme_and_are_reported(tmp_path):
    findings = verify_docx(_handmade(tmp_path, ascii_only_fonts=True))
    body = [f for f in findings if "2023年，我局" in f.path]
    assert [f.message for f in body] == ["正文字体为“ＭＳ 明朝”，应为仿宋"]
    assert {f.code for f in findings} == {"font"}


def test_odd_documents_give_findings_not_tracebacks(tmp_path):
    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    findings = verify_docx(empty)
    assert {"page-setup", "page-number-missing", "page-number-sides"} <= {f.code for f in findings}
    odd = docx.Document()
    odd.add_table(rows=2, cols=2).cell(0, 0).text = "抄送：某局"
    odd.add_paragraph("附件")
    odd.add_paragraph("2024年1月30日")
    odd.add_section()
    odd.add_paragraph("一、")
    out = tmp_path / "odd.docx"
    odd.save(str(out))
    findings = verify_docx(out)
    assert all(isinstance(f, Finding) for f in findings)
    for f in findings:  # each one says where, what, in Chinese
        assert f.code and f.severity in ("error", "warning") and re.search(r"[\u4e00-\u9fff]", f.message), f
    # both sections are checked, not only the first
    setup = {f.path for f in findings if f.code == "page-setup"}
    assert setup == {"页面设置（第1节）", "页面设置（第2节）"}
    assert {f.path for f in findings if f.code == "page-number-position"} == {"页码（第1节）", "页码（第2节）"}
    # the paragraph after the section break is still read, as the level-1 heading its number says
    assert any(f.code == "font" and "「一、」" in f.path and f.message.startswith("一级标题字体") for f in findings)
    # every paragraph a finding names is one of the document's paragraphs, counted as verify counts them
    texts = ["抄送：某局", "附件", "2024年1月30日", "一、"]
    for f in findings:
        if "「" in f.path:
            assert f.path.split("「", 1)[1].rstrip("」") in texts, f.path


def test_verify_help_is_chinese(capsys):
    assert main(["verify", "--help"]) == 0
    out = capsys.readouterr().out
    assert "用法：drafter verify" in out and "GB/T 9704" in out
    assert main(["--help"]) == 0
    assert "verify" in capsys.readouterr().out


# --- broken files through the real command line -----------------------------------------------------


def _verify_cli(path: Path):
    from tests.helpers.clirun import run_cli

    result = run_cli(["verify", path])
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_docx_without_section_properties_is_reported_not_a_traceback(full_docx, tmp_path):
    doc = docx.Document(str(full_docx))
    body = doc.element.body
    body.remove(body.find(qn("w:sectPr")))
    result = _verify_cli(_save(doc, tmp_path))
    assert result.returncode == 1
    assert "［页面设置］未设置页面" in result.stderr and "应为 A4 纸（210×297 毫米），上边距 37" in result.stderr
    assert "［页码］文档中没有页面设置，因而没有页脚和页码" in result.stderr


def _run_props(run, **values: str) -> None:
    rpr = run._r.get_or_add_rPr()
    for tag, value in values.items():
        el = rpr.find(qn(f"w:{tag}"))
        if el is None:
            el = OxmlElement(f"w:{tag}")
            rpr.append(el)
        el.set(qn("w:val"), value)


def test_a_run_with_font_size_zero_takes_the_size_of_its_style(full_docx, tmp_path):
    """w:sz 0 sets nothing (as a missing w:sz); with character spacing 0 it used to divide by zero."""
    doc = docx.Document(str(full_docx))
    body = _para(doc, "2023年，龙泉市")
    _run_props(body.runs[0], sz="0", spacing="0")
    result = _verify_cli(_save(doc, tmp_path))
    assert result.returncode == 0 and "检查通过" in result.stdout
    _set_font(body.runs[0], "宋体")
    result = _verify_cli(_save(doc, tmp_path))
    assert result.returncode == 1 and "正文字体为“宋体”，应为仿宋" in result.stderr and "磅" not in result.stderr


def test_a_run_condensed_to_no_width_gives_findings_not_a_division_by_zero(full_docx, tmp_path):
    doc = docx.Document(str(full_docx))
    _run_props(_para(doc, "2023年，龙泉市").runs[0], sz="1", spacing="-10")  # half a point, condensed by it
    result = _verify_cli(_save(doc, tmp_path))
    assert result.returncode == 1 and "正文字号为 0.5 磅，应为 16 磅（三号）" in result.stderr


@pytest.mark.parametrize("spacing", ["-10", "-9"])
def test_a_run_condensed_to_its_width_or_below_is_measured_at_its_size(full_docx, tmp_path, spacing):
    """A run of half a point condensed by half a point (or by 0.45 pt) has no width (or 1 twip) per
    字: an indent of 640 twips is then counted in 字 of its size (10 twips), or of the 1 twip left."""
    doc = docx.Document(str(full_docx))
    paragraph = _para(doc, "2023年，龙泉市")
    _run_props(paragraph.runs[0], sz="1", spacing=spacing)
    _indent_twips(paragraph, first_line_indent=640, left_indent=0)  # two 字 of 三号, in twips
    findings = verify_docx(_save(doc, tmp_path))
    assert [(f.path, f.message) for f in findings if f.code == "indent"] == [
        ("第6段「2023年，龙泉市科学技术局…」",
         "首行应缩进二字（左空二字），回行顶格；现首行从第 {} 字、回行从第 0 字起".format(
             {"-10": "64", "-9": "640"}[spacing]))]


def test_the_numbers_in_findings_come_from_the_format_spec(full_docx, tmp_path, monkeypatch):
    """Page, type area, line height, lines per page and indents are read from format.yaml, not repeated."""

    from drafter.docx import verify
    from drafter.docx.spec import format_spec

    spec = format_spec()
    page = {**spec.page, "margin_mm": {**spec.page["margin_mm"], "top": 30}}
    styles = {**spec.styles, "body": spec.styles["body"].replace(first_line_chars=3)}
    monkeypatch.setattr(verify, "format_spec",
                        lambda: spec.replace(page=page, line_twips=560, lines_per_page=23, styles=styles))
    doc = docx.Document(str(full_docx))
    _set_spacing(_para(doc, "坚持重大决策"), 240, "auto")
    messages = [f.message for f in verify_docx(_save(doc, tmp_path))]
    assert "上边距（天头）为 37 毫米，应为 30 毫米（A4，版心 156×232 毫米）" in messages
    assert "行距为1 倍行距；应为固定值约 28 磅，每页 23 行" in messages
    assert any(m.startswith("首行应缩进三字（左空三字），回行顶格；现首行从第 2 字") for m in messages)


def test_a_style_with_a_left_indent_is_worded_as_both_lines_left_indented(full_docx, tmp_path, monkeypatch):
    """A format spec whose body text is indented one 字 on the left, its first line three more."""

    from drafter.docx import verify
    from drafter.docx.spec import format_spec

    spec = format_spec()
    styles = {**spec.styles, "body": spec.styles["body"].replace(left_chars=1, first_line_chars=3)}
    monkeypatch.setattr(verify, "format_spec", lambda: spec.replace(styles=styles))
    doc = docx.Document(str(full_docx))
    _indent_twips(_para(doc, "坚持重大决策"), left_indent=320, first_line_indent=960)  # as prescribed
    messages = [(f.path, f.message) for f in verify_docx(_save(doc, tmp_path)) if f.code == "indent"]
    assert all(not path.startswith("第9段") for path, _ in messages)
    assert ("第6段「2023年，龙泉市科学技术局…」",
            "首行应左空四字，回行应左空一字；现首行从第 2 字、回行从第 0 字起") in messages


def test_imprint_and_page_number_fonts_come_from_the_format_spec(full_docx, monkeypatch):

    from drafter.docx import verify
    from drafter.docx.spec import format_spec

    spec = format_spec()
    styles = {**spec.styles, "imprint": spec.styles["imprint"].replace(font="kai"),
              "page_number": spec.styles["page_number"].replace(font="hei")}
    monkeypatch.setattr(verify, "format_spec", lambda: spec.replace(styles=styles))
    findings = verify_docx(full_docx)
    messages = {(f.path.split("「")[-1][:3], f.message) for f in findings if f.code == "font"}
    assert ("抄送：", "抄送字体为“仿宋_GB2312”，应为楷体") in messages
    assert any(m == "页码字体为“宋体”，应为黑体" for _, m in messages)
    assert len([f for f in findings if "抄送：" in f.path]) == 1  # checked once, not twice


# --- reading the formatting ------------------------------------------------------------------------


def test_each_run_and_each_style_chain_is_resolved_once(full_docx, monkeypatch):
    """verify asks for a paragraph's runs in several checks; they used to be resolved ~4 times."""
    from drafter.docx.inspect import Inspector

    runs: list = []
    chains: list = []
    run_format, style_chain = Inspector.run_format, Inspector.style_chain

    def spy_run_format(self, p, r):
        runs.append(r)
        return run_format(self, p, r)

    def spy_style_chain(self, s):
        chains.append(s)
        return style_chain(self, s)

    monkeypatch.setattr(Inspector, "run_format", spy_run_format)
    monkeypatch.setattr(Inspector, "style_chain", spy_style_chain)
    assert verify_docx(full_docx) == []
    assert runs and len(runs) == len({id(r) for r in runs})
    assert chains and len(chains) == len(set(chains))


def test_resolved_once_still_tells_each_run_apart(full_docx, tmp_path):
    """The cache is per run: one run in a wrong font among correct ones is found, and only it."""
    doc = docx.Document(str(full_docx))
    paragraph = _para(doc, "坚持重大决策")
    paragraph.add_run("补充一句。")
    _set_font(paragraph.runs[-1], "黑体")
    findings = verify_docx(_save(doc, tmp_path))
    assert _codes(findings) == ["font"], [(f.code, f.message) for f in findings]
    assert "黑体" in findings[0].message


def _page_break(paragraph) -> None:
    from docx.enum.text import WD_BREAK

    paragraph.add_run().add_break(WD_BREAK.PAGE)


@pytest.mark.parametrize("before, expected", [
    ("text", False),
    ("text ending in a page break", True),
    ("page break, then empty paragraphs", True),
    ("section end, then an empty paragraph", True),
    ("text, then empty paragraphs", False),
    ("page break before the label's text", True),
])
def test_starts_new_page(before, expected):
    from drafter.docx.inspect import Inspector, starts_new_page

    doc = docx.Document()
    first = doc.add_paragraph("正文。")
    if before == "text ending in a page break":
        _page_break(first)
    elif before == "page break, then empty paragraphs":
        _page_break(doc.add_paragraph())
        doc.add_paragraph()
    elif before == "section end, then an empty paragraph":
        doc.add_paragraph()._p.get_or_add_pPr().append(OxmlElement("w:sectPr"))
        doc.add_paragraph()
    elif before == "text, then empty paragraphs":
        doc.add_paragraph()
        doc.add_paragraph()
    label = doc.add_paragraph()
    if before == "page break before the label's text":
        _page_break(label)
    label.add_run("附件")
    assert starts_new_page(Inspector(doc), label._p) is expected


def test_an_unreadable_docx_is_explained_in_chinese(tmp_path, monkeypatch):
    """The system's English strerror ("Permission denied") never reaches the user."""

    from drafter.docx.inspect import open_docx
    from drafter.errors import InputFileError

    target = tmp_path / "报告.docx"
    target.write_bytes(b"PK")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("drafter.inputs.os.open", refuse)  # every input is opened by drafter.inputs
    with pytest.raises(InputFileError) as caught:
        open_docx(target)
    assert "没有权限读取" in caught.value.message and "Permission" not in caught.value.message


def test_a_heading_number_typed_after_the_generated_one_and_odd_characters_are_found(full_docx, tmp_path):
    """The rules of text.patterns that the fact model applies, seen again in an edited DOCX."""
    doc = docx.Document(str(full_docx))
    heading = _para(doc, "（一）")
    _replace_text(heading, "（一）", "（一）（二）")
    date = _para(doc, "2024年1月30日", exact=True)
    _replace_text(date, "1月30日", "2月30日")
    preamble = _para(doc, "2023年，")
    _replace_text(preamble, "扎实推进", "扎实\u2028推进")
    findings = verify_docx(_save(doc, tmp_path))
    numbered = [f for f in findings if f.code == "heading-numbered"]
    assert len(numbered) == 1 and "“（二）”" in numbered[0].message
    assert numbered[0].path == "第8段「（一）（二）强化组织领导，坚…」"
    assert [(f.path, f.message) for f in findings if f.code == "date-invalid"] == [
        ("第26段「2024年2月30日」", "成文日期“2024年2月30日”不存在（请检查月份和日）")]
    (odd,) = [f for f in findings if f.code == "control-char"]
    assert "U+2028" in odd.message and odd.path == "第6段「2023年，龙泉市科学技术局…」"


# --- each planted deviation, reported exactly as the clerk reads it -------------------------------------

_SIGNATURE_RULE = ("不加盖印章时，署名右空二字，日期首字比署名首字右移二字（日期长于署名时日期右空二字）；"
                   "加盖印章时，日期右空四字，署名以日期为准居中")

#: The complete findings (paragraph, message, code) of each planted deviation in PLANTED: nothing
#: else is reported, every number in a message is the one measured, and each names its paragraph.
#: 成文日期 is measured as set, with the automatic space between its digits and Chinese (issue 20).
EXACTLY: dict[str, list[tuple[str, str, str]]] = {
    'top margin 25 mm': [
        ('页面设置', '上边距（天头）为 25 毫米，应为 37 毫米（A4，版心 156×225 毫米）', 'page-setup'),
    ],
    'US Letter paper': [
        ('页面设置', '纸张宽度为 215.9 毫米，应为 210 毫米（A4，版心 156×225 毫米）', 'page-setup'),
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 3.1 字、成文日期右空 1.5 字、日期首字比署名首字右移 2 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    'left margin 31.8 mm': [
        ('页面设置', '左边距（订口）为 31.8 毫米，应为 28 毫米（A4，版心 156×225 毫米）', 'page-setup'),
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 1.4 字、成文日期右空 -0.2 字、日期首字比署名首字右移 2 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    'title in 黑体': [
        ('第3段「龙泉市科学技术局关于2023…」', '标题字体为“黑体”，应为小标宋体', 'font'),
    ],
    'title in 三号': [
        ('第3段「龙泉市科学技术局关于2023…」', '标题字号为 16 磅，应为 22 磅（二号）', 'font-size'),
    ],
    'title not centred': [
        ('第3段「龙泉市科学技术局关于2023…」', '标题应居中排布', 'title-align'),
    ],
    'body in 宋体': [
        ('第6段「2023年，龙泉市科学技术局…」', '正文字体为“宋体”，应为仿宋', 'font'),
    ],
    'body in 四号': [
        ('第6段「2023年，龙泉市科学技术局…」', '正文字号为 14 磅，应为 16 磅（三号）', 'font-size'),
    ],
    'body in a theme font': [
        ('第6段「2023年，龙泉市科学技术局…」', '正文字体为“宋体”，应为仿宋', 'font'),
    ],
    'level 1 in 仿宋': [
        ('第7段「一、2023年度推进法治政府…」', '一级标题字体为“仿宋_GB2312”，应为黑体', 'font'),
    ],
    'run-in level 2 lead in 仿宋': [
        ('第8段「（一）强化组织领导，坚持民主…」', '二级标题字体为“仿宋_GB2312”，应为楷体', 'font'),
    ],
    'run-in level 2 text in 楷体': [
        ('第8段「（一）强化组织领导，坚持民主…」', '接排正文字体为“楷体_GB2312”，应为仿宋', 'font'),
    ],
    'level 3 in 黑体': [
        ('第12段「1.健全制度」', '三级标题字体为“黑体”，应为仿宋', 'font'),
    ],
    'level 4 in 小四': [
        ('第13段「（1）完善规范性文件管理」', '四级标题字号为 12 磅，应为 16 磅（三号）', 'font-size'),
    ],
    'single line spacing': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    '30 pt exact spacing': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为固定值 30 磅（每页 21 行）；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'no first-line indent': [
        ('第9段「坚持重大决策科学化民主化法治…」', '首行应缩进二字（左空二字），回行顶格；现首行从第 0 字、回行从第 0 字起', 'indent'),
    ],
    'signature flush right': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 0 字、成文日期右空 0.5 字、日期首字比署名首字右移 -0.1 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '文号 with []': [
        ('第1段「龙科[2024]2号」', '发文字号的年份用了“[]”，应使用六角括号“〔〕”', 'docno-brackets'),
    ],
    '文号 with 第 and 02': [
        ('第1段「龙科〔2024〕第02号」', '发文字号的序号前不加“第”', 'docno-number'),
        ('第1段「龙科〔2024〕第02号」', '发文字号的序号不编虚位（如 2号 而非 02号）', 'docno-number'),
    ],
    '主送 with a half-width colon': [
        ('第5段「龙泉市人民政府:」', '主送机关后应为全角冒号“：”，现为半角冒号“:”', 'recipient-colon'),
    ],
    'date in Chinese numerals': [
        ('第26段「二〇二四年一月三十日」', '成文日期应使用阿拉伯数字，如“2024年1月30日”', 'date-digits'),
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 2.1 字、成文日期右空 -1.9 字、日期首字比署名首字右移 2 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    'page numbers with hyphens': [
        ('页码·单页', '页码为“- 1 -”，两侧应为一字线：“— 1 —”', 'page-number-dash'),
    ],
    'page number in Times New Roman': [
        ('页码·双页', '页码字体为“Times New Roman”，应为宋体', 'font'),
        ('页码·双页', '页码字体为“Times New Roman”，应为宋体', 'font'),
        ('页码·双页', '页码字体为“Times New Roman”，应为宋体', 'font'),
    ],
    'no odd/even pages': [
        ('页码', '未设置“奇偶页不同”：单页码应居右空一字，双页码应居左空一字', 'page-number-sides'),
    ],
    'footer at 10 mm': [
        ('页码', '页脚距边界 10 毫米，页码的一字线应在版心下边缘之下约 7 毫米（页脚距边界约 24.5 毫米）', 'page-number-position'),
    ],
    'attachment not on a new page': [
        ('第27段「附件2」', '附件应另起一页编排', 'attachment-page'),
    ],
    '附件说明 wraps under 附件': [
        ('第22段「附件：1.2023年度龙泉市…」', '附件名称回行时应与上一行名称的首字对齐（第 6 字）；现回行从第 0 字起', 'attachment-note'),
    ],
    '抄送 in 三号': [
        ('第32段「抄送：龙泉市司法局。」', '抄送字号为 16 磅，应为 14 磅（四号）', 'font-size'),
    ],
}


@pytest.mark.parametrize("what", list(EXACTLY))
def test_each_planted_deviation_is_reported_exactly(full_docx, tmp_path, what):
    [mutate] = [p[1] for p in PLANTED if p[0] == what]
    doc = docx.Document(str(full_docx))
    mutate(doc)
    out = _save(doc, tmp_path)
    findings = verify_docx(out)
    assert [(f.path, f.message, f.code) for f in findings] == EXACTLY[what]
    assert {f.file for f in findings} == {str(out)}


# --- more deviations, on the full report and on one under a letterhead ----------------------------------

def _grid(doc: DocxDocument, kind: str | None, pitch: str | None, line: int = 240) -> None:
    """The section's document grid set to `kind` and `pitch`, and one body paragraph in auto spacing."""
    sect = doc.sections[0]._sectPr
    el = sect.find(qn("w:docGrid"))
    if el is None:
        el = OxmlElement("w:docGrid")
        sect.append(el)
    for attr in list(el.attrib):
        del el.attrib[attr]
    if kind:
        el.set(qn("w:type"), kind)
    if pitch is not None:
        el.set(qn("w:linePitch"), pitch)
    _set_spacing(_para(doc, "坚持重大决策"), line, "auto")


def _split_signer(doc: DocxDocument) -> None:
    """The signer's name typed in two runs (both still 楷体), as Word does after an edit."""
    run = _para(doc, "龙科〔2024〕2号").runs[-1]
    run.text = "张"
    second = copy.deepcopy(run._r)
    run._r.addnext(second)
    second.find(qn("w:t")).text = "三"


def _docno_flush_left(doc: DocxDocument) -> None:
    fmt = _para(doc, "龙科〔2024〕2号").paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.left_indent = Pt(0)


#: (what the clerk did, "full" or "letterhead", edit)
MORE_PLANTED: list[tuple[str, str, Mutation]] = [
    ("文号 year in two digits", "full", lambda d: _replace_text(_para(d, "龙科〔2024〕"), "〔2024〕", "〔24〕")),
    ("抄送 with a half-width colon", "full", lambda d: _replace_text(_para(d, "抄送："), "抄送：", "抄送:")),
    ("抄送 without the final full stop", "full", lambda d: _replace_text(_para(d, "抄送："), "司法局。", "司法局")),
    ("date with 01月", "full", lambda d: _replace_text(_para(d, "2024年1月30日"), "2024年1月30日", "2024年01月30日")),
    ("single spacing on a 22-line grid", "full", lambda d: _grid(d, "lines", "555")),
    ("single spacing on a 22-line character grid", "full", lambda d: _grid(d, "linesAndChars", "579")),
    ("single spacing on a grid of 23 lines", "full", lambda d: _grid(d, "lines", "554")),
    ("single spacing on a grid without lines", "full", lambda d: _grid(d, "snapToChars", "560")),
    ("single spacing on a grid without a pitch", "full", lambda d: _grid(d, "lines", None)),
    ("1.5 lines on a 22-line grid", "full", lambda d: _grid(d, "lines", "560", line=360)),
    ("文号 in 黑体 under a letterhead", "letterhead", lambda d: _set_font(_para(d, "龙科〔2024〕2号").runs[0], "黑体")),
    ("文号 in 四号 under a letterhead", "letterhead",
     lambda d: setattr(_para(d, "龙科〔2024〕2号").runs[0].font, "size", Pt(14))),
    ("signer's name in two runs", "letterhead", _split_signer),
    ("签发人 label in 楷体", "letterhead", lambda d: _set_font(_para(d, "龙科〔2024〕2号").runs[1], "楷体_GB2312")),
    ("文号 flush left under a letterhead", "letterhead", _docno_flush_left),
]

MORE_EXACTLY: dict[str, list[tuple[str, str, str]]] = {
    '文号 year in two digits': [
        ('第1段「龙科〔24〕2号」', '发文字号的年份应写全称（四位数字）', 'docno-year'),
    ],
    '抄送 with a half-width colon': [
        ('第32段「抄送:龙泉市司法局。」', '抄送机关应写作“抄送：”加机关名称（全角冒号）', 'imprint-text'),
    ],
    '抄送 without the final full stop': [
        ('第32段「抄送：龙泉市司法局」', '抄送机关最后一个名称后应标句号', 'imprint-text'),
    ],
    'date with 01月': [
        ('第26段「2024年01月30日」', '成文日期的月、日不编虚位（如 1月 而非 01月）', 'date-digits'),
    ],
    # 22 lines of 555 twips leave 9.6 mm of the type area empty (issue 20: 撑满版心, 575..579 twips)
    'single spacing on a 22-line grid': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'single spacing on a 22-line character grid': [
    ],
    'single spacing on a grid of 23 lines': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'single spacing on a grid without lines': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'single spacing on a grid without a pitch': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    '1.5 lines on a 22-line grid': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1.5 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    '文号 in 黑体 under a letterhead': [
        ('第5段「龙科〔2024〕2号 签发人…」', '发文字号字体为“黑体”，应为仿宋', 'font'),
    ],
    '文号 in 四号 under a letterhead': [
        ('第5段「龙科〔2024〕2号 签发人…」', '发文字号字号为 14 磅，应为 16 磅（三号）', 'font-size'),
    ],
    "signer's name in two runs": [
    ],
    '签发人 label in 楷体': [
        ('第5段「龙科〔2024〕2号 签发人…」', '发文字号字体为“楷体_GB2312”，应为仿宋', 'font'),
    ],
    '文号 flush left under a letterhead': [
        ('第5段「龙科〔2024〕2号 签发人…」', '上行文的发文字号应居左空一字；现从第 0 字起', 'indent'),
    ],
}


@pytest.fixture(scope="module")
def letterhead_docx(tmp_path_factory) -> Path:
    return _built(tmp_path_factory, "letterhead", VARIANTS["letterhead"])


@pytest.mark.parametrize(("what", "base", "mutate"), MORE_PLANTED, ids=[p[0] for p in MORE_PLANTED])
def test_more_deviations_are_reported_exactly(full_docx, letterhead_docx, tmp_path, what, base, mutate):
    doc = docx.Document(str(full_docx if base == "full" else letterhead_docx))
    mutate(doc)
    out = _save(doc, tmp_path)
    findings = verify_docx(out)
    assert [(f.path, f.message, f.code) for f in findings] == MORE_EXACTLY[what]
    assert {f.file for f in findings} <= {str(out)}


@pytest.mark.parametrize(("pt", "name"), [
    (42, "初号"), (36, "小初"), (26, "一号"), (24, "小一"), (22, "二号"), (18, "小二"), (16, "三号"), (15, "小三"),
    (14, "四号"), (12, "小四"), (10.5, "五号"), (9, "小五"), (13, "13 磅"), (10.75, "10.8 磅"),
])
def test_sizes_are_named_as_a_typesetter_names_them(pt, name):
    """The 字号 a font-size finding names after the points it prescribes ("应为 22 磅（二号）")."""
    from drafter.docx.verify import _size_name

    assert _size_name(pt) == name


def _page_number_flush_left(doc: DocxDocument) -> None:
    for para in doc.sections[0].footer.paragraphs:
        if para.text.strip():
            para.alignment = 0


def _page_numbers_in_dash_format(doc: DocxDocument) -> None:
    sect = doc.sections[0]._sectPr
    el = sect.find(qn("w:pgNumType"))
    if el is None:
        el = OxmlElement("w:pgNumType")
        sect.append(el)
    el.set(qn("w:fmt"), "numberInDash")


def _no_indent(paragraph) -> None:
    ind = paragraph._p.pPr.find(qn("w:ind"))
    for attr in list(ind.attrib):
        del ind.attrib[attr]


def _first_page_different(doc: DocxDocument) -> None:
    doc.sections[0].different_first_page_header_footer = True


def _indent_chars(paragraph, **chars: int) -> None:
    """The paragraph's w:ind replaced by one in hundredths of a 字 (w:leftChars, w:firstLineChars)."""
    ppr = paragraph._p.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    for name, value in chars.items():
        ind.set(qn(f"w:{name}"), str(value))


def _indent_on_the_pitch(doc: DocxDocument, first: int, left: int) -> None:
    """A body paragraph whose 字 is exactly 320 twips (no character spacing), indented in twips."""
    paragraph = _para(doc, "坚持重大决策")
    _run_props(paragraph.runs[0], spacing="0")
    _indent_twips(paragraph, first_line_indent=first, left_indent=left)


def _run_in_text(doc: DocxDocument, start: str, font: str) -> None:
    """The heading made a run-in one: a full stop, then a sentence of text in `font`."""
    heading = _para(doc, start)
    heading.runs[-1].text += "。"
    _set_font(heading.add_run("本项工作全面完成。"), font)


def _latin_font(doc: DocxDocument, text: str, font: str) -> None:
    """A run of `text` added to a body paragraph, its Latin font (w:ascii, w:hAnsi) `font`."""
    fonts = _para(doc, "坚持重大决策").add_run(text)._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), font)
    fonts.set(qn("w:hAnsi"), font)


def _spacing_attr(paragraph, **values: str) -> None:
    """Attributes of the paragraph's w:spacing (w:before, w:beforeLines, w:after, w:afterLines)."""
    ppr = paragraph._p.get_or_add_pPr()
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        ppr.append(spacing)
    for name, value in values.items():
        spacing.set(qn(f"w:{name}"), value)


def _no_grid(doc: DocxDocument) -> None:
    sect = doc.sections[0]._sectPr
    grid = sect.find(qn("w:docGrid"))
    assert grid is not None
    sect.remove(grid)
    _set_spacing(_para(doc, "坚持重大决策"), 240, "auto")


def _expand(doc: DocxDocument, *starts: str) -> None:
    """Character spacing expanded by 4 pt (字距加宽): each 字 is 1.25 字 of the body wide."""
    for start in starts:
        for run in _para(doc, start, exact=start == "龙泉市科学技术局").runs:
            _run_props(run, spacing="80")


def _signature_flush_right_expanded(doc: DocxDocument) -> None:
    _flush_right(_para(doc, "龙泉市科学技术局", exact=True))
    _expand(doc, "龙泉市科学技术局")


def _no_auto_space(doc: DocxDocument, value: str) -> None:
    """成文日期 with Word's automatic space between Chinese and digits turned off (w:autoSpaceDN),
    and the 署名 flush right, so that the finding shows where the date is measured to end."""
    _flush_right(_para(doc, "龙泉市科学技术局", exact=True))
    el = OxmlElement("w:autoSpaceDN")
    el.set(qn("w:val"), value)
    _para(doc, "2024年1月30日")._p.get_or_add_pPr().append(el)


#: Deviations of the full report at the edges of each tolerance, and the wordings not planted above.
EDGES: dict[str, Mutation] = {
    "附件说明 with a half-width colon": lambda d: _replace_text(_para(d, "附件：1."), "附件：", "附件:"),
    "附件名称 ending in a full stop": lambda d: _replace_text(_para(d, "2.2023年度行政执法"), "统计数据", "统计数据。"),
    "附件说明 flush left": lambda d: _no_indent(_para(d, "附件：1.")),
    "second 附件说明 line flush left": lambda d: _no_indent(_para(d, "2.2023年度行政执法")),
    "first page without its page number": _first_page_different,
    "odd page number flush left": _page_number_flush_left,
    "page number format with hyphens": _page_numbers_in_dash_format,
    "title with a first-line indent": lambda d: setattr(_para(d, "龙泉市科学技术局关于").paragraph_format,
                                                        "first_line_indent", Pt(32)),
    "主送 without a colon": lambda d: _replace_text(_para(d, "龙泉市人民政府"), "：", ""),
    "at least 28.95 pt": lambda d: _set_spacing(_para(d, "坚持重大决策"), 579, "atLeast"),
    "at least 30 pt": lambda d: _set_spacing(_para(d, "坚持重大决策"), 600, "atLeast"),
    "exact 27.7 pt": lambda d: _set_spacing(_para(d, "坚持重大决策"), 554, "exact"),
    "exact 27.75 pt": lambda d: _set_spacing(_para(d, "坚持重大决策"), 555, "exact"),
    "top margin 38 mm": lambda d: setattr(d.sections[0], "top_margin", Mm(38)),
    "top margin 38.1 mm": lambda d: setattr(d.sections[0], "top_margin", Mm(38.1)),
    "footer at 22.5 mm": lambda d: setattr(d.sections[0], "footer_distance", Mm(22.5)),
    "footer at 26.6 mm": lambda d: setattr(d.sections[0], "footer_distance", Mm(26.6)),
    "no section properties": lambda d: d.element.body.remove(d.element.body.find(qn("w:sectPr"))),
    "page height 280 mm": lambda d: setattr(d.sections[0], "page_height", Mm(280)),
    "bottom margin 30 mm": lambda d: setattr(d.sections[0], "bottom_margin", Mm(30)),
    "right margin 30 mm": lambda d: setattr(d.sections[0], "right_margin", Mm(30)),
    "single spacing on a grid of exactly 575 twips": lambda d: _grid(d, "lines", "575"),
    "single spacing without a document grid": _no_grid,
    "主送 indented two characters": lambda d: _indent_twips(_para(d, "龙泉市人民政府"), first_line_indent=640),
    "body indented by leftChars": lambda d: _indent_chars(_para(d, "坚持重大决策"), leftChars=200),
    "body's first line indented 10 字 by firstLineChars": lambda d: _indent_chars(_para(d, "坚持重大决策"),
                                                                                 firstLineChars=1000),
    "body's first line at exactly 2.25 字": lambda d: _indent_on_the_pitch(d, first=720, left=0),
    "body's continuation at exactly 0.25 字": lambda d: _indent_on_the_pitch(d, first=560, left=80),
    "exact 28.75 pt": lambda d: _set_spacing(_para(d, "坚持重大决策"), 575, "exact"),
    "title indented two characters on both sides": lambda d: _indent_twips(_para(d, "龙泉市科学技术局关于"),
                                                                          left_indent=640, right_indent=640),
    "title indented 80 twips more on the left": lambda d: _indent_twips(_para(d, "龙泉市科学技术局关于"),
                                                                        left_indent=80, right_indent=0),
    "title indented 81 twips more on the left": lambda d: _indent_twips(_para(d, "龙泉市科学技术局关于"),
                                                                        left_indent=81, right_indent=0),
    "附件 label indented two characters": lambda d: _indent_twips(_para(d, "附件2"), first_line_indent=640),
    "date in Chinese numerals with a space inside": lambda d: _replace_text(
        _para(d, "2024年1月30日"), "2024年1月30日", "二〇二四年 一月三十日"),
    "date with 01月 and a space inside": lambda d: _replace_text(_para(d, "2024年1月30日"), "2024年1月30日",
                                                               "2024年 01月30日"),
    "run-in level 1 heading with its text in 黑体": lambda d: _run_in_text(d, "一、2023", "黑体"),
    "run-in level 3 heading with its text in 黑体": lambda d: _run_in_text(d, "1.健全制度", "黑体"),
    "run-in level 4 heading with its text in 黑体": lambda d: _run_in_text(d, "（1）完善", "黑体"),
    "impossible date with a space inside": lambda d: _replace_text(_para(d, "2024年1月30日"), "2024年1月30日",
                                                                  "2024年 2月30日"),
    "body run underlined with none": lambda d: _run_props(_para(d, "坚持重大决策").runs[0], u="none"),
    "body run coloured black (000000)": lambda d: _run_props(_para(d, "坚持重大决策").runs[0], color="000000"),
    # the Latin font matters only for a run with Latin letters or digits in a Chinese paragraph
    "Chinese text with Arial as its Latin font": lambda d: _latin_font(d, "再补充一句。", "Arial"),
    "digits in Arial in a body run": lambda d: _latin_font(d, "14", "Arial"),
    "capital letters in Arial in a body run": lambda d: _latin_font(d, "GDP", "Arial"),
    "lower-case letters in Arial in a body run": lambda d: _latin_font(d, "gdp", "Arial"),
    # space before or after moves the text off the grid, but the 版记 lines and the 发文机关标志 float free
    "half a line before a body paragraph": lambda d: _spacing_attr(_para(d, "坚持重大决策"), beforeLines="50"),
    "ten lines after a body paragraph": lambda d: _spacing_attr(_para(d, "坚持重大决策"), afterLines="1000"),
    "6 pt before 抄送": lambda d: _spacing_attr(_para(d, "抄送："), before="120"),
    "6 pt after the 印发 line": lambda d: _spacing_attr(_para(d, "龙泉市科学技术局办公室"), after="120"),
    "body run with an empty Chinese font name": lambda d: _set_font(_para(d, "坚持重大决策").runs[0], ""),
    "1.5 lines on a grid of 22 lines of 579 twips": lambda d: _grid(d, "lines", "579", line=360),
    "a hair over single spacing (241) on a grid of 22 lines": lambda d: _grid(d, "lines", "579", line=241),
    "single spacing written as 0 on a grid of 22 lines": lambda d: _grid(d, "lines", "579", line=0),
    "1.75 lines": lambda d: _set_spacing(_para(d, "坚持重大决策"), 420, "auto"),
    "署名 and 成文日期 expanded by 4 pt": lambda d: _expand(d, "龙泉市科学技术局", "2024年1月30日"),
    "署名 flush right, expanded by 4 pt": _signature_flush_right_expanded,
    "署名 flush right, 成文日期 without the space between Chinese and digits (0)": lambda d: _no_auto_space(d, "0"),
    "署名 flush right, 成文日期 without the space between Chinese and digits (false)": lambda d: _no_auto_space(d, "false"),
    "署名 flush right, 成文日期 without the space between Chinese and digits (off)": lambda d: _no_auto_space(d, "off"),
}

EDGES_EXACTLY: dict[str, list[tuple[str, str, str]]] = {
    'no section properties': [
        ('页面设置', '未设置页面（文档中没有页面设置，会按 Word 或 WPS 的默认纸张和页边距排版）；应为 A4 纸（210×297 毫米），'
                 '上边距 37、下边距 35、左边距 28、右边距 26 毫米', 'page-setup'),
        ('页码', '文档中没有页面设置，因而没有页脚和页码（PAGE 域）', 'page-number-missing'),
    ],
    'page height 280 mm': [
        ('页面设置', '纸张高度为 280 毫米，应为 297 毫米（A4，版心 156×225 毫米）', 'page-setup'),
    ],
    'bottom margin 30 mm': [
        ('页面设置', '下边距为 30 毫米，应为 35 毫米（A4，版心 156×225 毫米）', 'page-setup'),
    ],
    'right margin 30 mm': [
        ('页面设置', '右边距为 30 毫米，应为 26 毫米（A4，版心 156×225 毫米）', 'page-setup'),
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 1.4 字、成文日期右空 -0.3 字、日期首字比署名首字右移 2 字。'
                                     + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '附件说明 with a half-width colon': [
        ('第22段「附件:1.2023年度龙泉市…」', '“附件”后应为全角冒号“：”', 'attachment-note'),
        ('第22段「附件:1.2023年度龙泉市…」', '附件名称回行时应与上一行名称的首字对齐（第 5.5 字）；现回行从第 6 字起', 'attachment-note'),
    ],
    '附件名称 ending in a full stop': [
        ('第23段「2.2023年度行政执法统计…」', '附件名称后不加标点符号（末尾有“。”）', 'attachment-note'),
    ],
    '附件说明 flush left': [
        ('第22段「附件：1.2023年度龙泉市…」', '附件说明应左空二字编排“附件：”；现从第 0 字起', 'attachment-note'),
    ],
    'second 附件说明 line flush left': [
        ('第23段「2.2023年度行政执法统计…」', '附件说明应左空二字编排“附件：”，序号与上一行对齐；现从第 0 字起', 'attachment-note'),
    ],
    'first page without its page number': [
        ('页码', '首页不显示页码；公文除空白页外每页都应编排页码', 'page-number-first'),
    ],
    'odd page number flush left': [
        ('页码·单页', '单页码应居右空一字（右对齐，右缩进一个4号字）', 'page-number-side'),
    ],
    'page number format with hyphens': [
        ('页码', '页码格式为“- 1 -”（连字符）；应为一字线“— 1 —”', 'page-number-dash'),
    ],
    'title with a first-line indent': [
        ('第3段「龙泉市科学技术局关于2023…」', '标题有首行或单侧缩进，居中后会偏向一侧；首行缩进应为 0、左右缩进相等', 'title-align'),
    ],
    '主送 without a colon': [
        ('第5段「龙泉市人民政府」', '主送机关后应为全角冒号“：”，现为没有冒号', 'recipient-colon'),
    ],
    'at least 28.95 pt': [
    ],
    'at least 30 pt': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为最小值 30 磅（每页 21 行）；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'exact 27.7 pt': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为固定值 27.7 磅（每页 23 行）；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'exact 27.75 pt': [  # 22 lines, but 9.6 mm of the type area left empty (issue 20)
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为固定值 27.8 磅（每页 22 行）；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'top margin 38 mm': [
    ],
    'top margin 38.1 mm': [
        ('页面设置', '上边距（天头）为 38.1 毫米，应为 37 毫米（A4，版心 156×225 毫米）', 'page-setup'),
    ],
    'footer at 22.5 mm': [
    ],
    'footer at 26.6 mm': [
        ('页码', '页脚距边界 26.6 毫米，页码的一字线应在版心下边缘之下约 7 毫米（页脚距边界约 24.5 毫米）', 'page-number-position'),
    ],
    'single spacing on a grid of exactly 575 twips': [
    ],
    'single spacing without a document grid': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    '署名 and 成文日期 expanded by 4 pt': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 -0.1 字、成文日期右空 -1.6 字、日期首字比署名首字右移 2 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '署名 flush right, expanded by 4 pt': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 0 字、成文日期右空 0.5 字、日期首字比署名首字右移 2.1 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '署名 flush right, 成文日期 without the space between Chinese and digits (0)': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 0 字、成文日期右空 1.6 字、日期首字比署名首字右移 -0.1 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '署名 flush right, 成文日期 without the space between Chinese and digits (false)': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 0 字、成文日期右空 1.6 字、日期首字比署名首字右移 -0.1 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '署名 flush right, 成文日期 without the space between Chinese and digits (off)': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 0 字、成文日期右空 1.6 字、日期首字比署名首字右移 -0.1 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '主送 indented two characters': [
        ('第5段「龙泉市人民政府：」', '主送机关应居左顶格；现首行从第 2 字、回行从第 0 字起', 'indent'),
    ],
    'body indented by leftChars': [
        ('第9段「坚持重大决策科学化民主化法治…」', '首行应缩进二字（左空二字），回行顶格；现首行从第 4.1 字、回行从第 2 字起', 'indent'),
    ],
    "body's first line indented 10 字 by firstLineChars": [
        ('第9段「坚持重大决策科学化民主化法治…」', '首行应缩进二字（左空二字），回行顶格；现首行从第 10.2 字、回行从第 0 字起', 'indent'),
    ],
    "body's first line at exactly 2.25 字": [
    ],
    "body's continuation at exactly 0.25 字": [
    ],
    'exact 28.75 pt': [
    ],
    '1.5 lines on a grid of 22 lines of 579 twips': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1.5 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'a hair over single spacing (241) on a grid of 22 lines': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    'single spacing written as 0 on a grid of 22 lines': [
    ],
    '1.75 lines': [
        ('第9段「坚持重大决策科学化民主化法治…」', '行距为1.8 倍行距；应为固定值约 28.95 磅，每页 22 行', 'line-spacing'),
    ],
    '附件 label indented two characters': [
        ('第27段「附件2」', '“附件”及序号应顶格编排；现首行从第 2 字、回行从第 0 字起', 'indent'),
    ],
    'date in Chinese numerals with a space inside': [
        ('第26段「二〇二四年 一月三十日」', '成文日期应使用阿拉伯数字，如“2024年1月30日”', 'date-digits'),
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 2.1 字、成文日期右空 -2.4 字、日期首字比署名首字右移 2 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    'date with 01月 and a space inside': [
        ('第26段「2024年 01月30日」', '成文日期的月、日不编虚位（如 1月 而非 01月）', 'date-digits'),
    ],
    'run-in level 1 heading with its text in 黑体': [
        ('第7段「一、2023年度推进法治政府…」', '接排正文字体为“黑体”，应为仿宋', 'font'),
    ],
    'run-in level 3 heading with its text in 黑体': [
        ('第12段「1.健全制度。本项工作全面完…」', '接排正文字体为“黑体”，应为仿宋', 'font'),
    ],
    'run-in level 4 heading with its text in 黑体': [
        ('第13段「（1）完善规范性文件管理。本…」', '接排正文字体为“黑体”，应为仿宋', 'font'),
    ],
    'body run with an empty Chinese font name': [
        ('第9段「坚持重大决策科学化民主化法治…」', '正文字体为未指定，应为仿宋', 'font'),
    ],
    'title indented two characters on both sides': [
    ],
    'title indented 80 twips more on the left': [
    ],
    'title indented 81 twips more on the left': [
        ('第3段「龙泉市科学技术局关于2023…」', '标题有首行或单侧缩进，居中后会偏向一侧；首行缩进应为 0、左右缩进相等', 'title-align'),
    ],
    'impossible date with a space inside': [
        ('第26段「2024年 2月30日」', '成文日期“2024年2月30日”不存在（请检查月份和日）', 'date-invalid'),
    ],
    'body run underlined with none': [
    ],
    'body run coloured black (000000)': [
    ],
    'Chinese text with Arial as its Latin font': [
    ],
    'digits in Arial in a body run': [
        ('第9段「坚持重大决策科学化民主化法治…」', '正文中的数字和西文字体为“Arial”；应与中文同一字体，或用 Times New Roman', 'font-latin'),
    ],
    'capital letters in Arial in a body run': [
        ('第9段「坚持重大决策科学化民主化法治…」', '正文中的数字和西文字体为“Arial”；应与中文同一字体，或用 Times New Roman', 'font-latin'),
    ],
    'lower-case letters in Arial in a body run': [
        ('第9段「坚持重大决策科学化民主化法治…」', '正文中的数字和西文字体为“Arial”；应与中文同一字体，或用 Times New Roman', 'font-latin'),
    ],
    'half a line before a body paragraph': [
        ('第9段「坚持重大决策科学化民主化法治…」', '段前 0.5 行，使下面的文字离开每页 22 行的网格；段前、段后应为 0（需要空行时用空段落）', 'paragraph-spacing'),
    ],
    '6 pt before 抄送': [
    ],
    '6 pt after the 印发 line': [
    ],
    'ten lines after a body paragraph': [
        ('第9段「坚持重大决策科学化民主化法治…」', '段后 10 行，使下面的文字离开每页 22 行的网格；段前、段后应为 0（需要空行时用空段落）', 'paragraph-spacing'),
    ],
}


@pytest.mark.parametrize("what", list(EDGES))
def test_edges_and_wordings_are_reported_exactly(full_docx, tmp_path, what):
    doc = docx.Document(str(full_docx))
    EDGES[what](doc)
    out = _save(doc, tmp_path)
    findings = verify_docx(out)
    assert [(f.path, f.message, f.code) for f in findings] == EDGES_EXACTLY[what]
    assert {f.file for f in findings} <= {str(out)}


def test_without_section_properties_there_is_no_grid_to_excuse_single_spacing(full_docx, tmp_path):
    doc = docx.Document(str(full_docx))
    doc.element.body.remove(doc.element.body.find(qn("w:sectPr")))
    _set_spacing(_para(doc, "坚持重大决策"), 240, "auto")
    findings = verify_docx(_save(doc, tmp_path))
    assert [(f.path, f.message) for f in findings if f.code == "line-spacing"] == [
        ("第9段「坚持重大决策科学化民主化法治…」", "行距为1 倍行距；应为固定值约 28.95 磅，每页 22 行")]


def _page_number(doc: DocxDocument, even: bool = False):
    footer = doc.sections[0].even_page_footer if even else doc.sections[0].footer
    return next(p for p in footer.paragraphs if p.text.strip())


def _indent_twips(paragraph, **twips: int) -> None:
    """Set indents in twips, dropping the *Chars forms that would win over them."""
    ind = paragraph._p.pPr.find(qn("w:ind"))
    if ind is not None:
        for attr in [a for a in ind.attrib if a.endswith("Chars")]:
            del ind.attrib[attr]
    for name, value in twips.items():
        setattr(paragraph.paragraph_format, name, Twips(value))


def _one_dash_hyphen(doc: DocxDocument) -> None:
    for t in doc.sections[0].footer._element.iter(qn("w:t")):
        if t.text and t.text.strip() == "—":
            t.text = t.text.replace("—", "-")
            return


def _no_page_field(doc: DocxDocument) -> None:
    p = _page_number(doc)
    for el in list(p._p):
        if el.tag != qn("w:pPr"):
            p._p.remove(el)
    p.add_run("— 1 —")


def _body_run(doc: DocxDocument, text: str, east_asia: str) -> None:
    run = _para(doc, "坚持重大决策").add_run(text)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _page_number_latin(doc: DocxDocument) -> None:
    for run in _page_number(doc).runs:
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:ascii"), "Times New Roman")
        fonts.set(qn("w:hAnsi"), "Times New Roman")
        fonts.set(qn("w:eastAsia"), "宋体")


def _page_numbers_in_16pt(doc: DocxDocument) -> None:
    for run in _page_number(doc).runs:
        run.font.size = Pt(16)


#: Page numbers (one 四号 character is 280 twips; 0.3 of it is the tolerance) and runs without Chinese.
PAGE_AND_RUNS: dict[str, Mutation] = {
    "odd page number 0.3 character short of its indent": lambda d: _indent_twips(_page_number(d), right_indent=196),
    "odd page number 0.36 character past its indent": lambda d: _indent_twips(_page_number(d), right_indent=380),
    "even page number indented by its first line": lambda d: _indent_twips(_page_number(d, even=True), left_indent=0,
                                                                           first_line_indent=280),
    "even page number flush right": lambda d: setattr(_page_number(d, even=True), "alignment", 2),
    "even page number 0.3 character past its indent": lambda d: _indent_twips(_page_number(d, even=True), left_indent=364,
                                                                              first_line_indent=0),
    "even page number 0.36 character past its indent": lambda d: _indent_twips(_page_number(d, even=True),
                                                                               left_indent=380, first_line_indent=0),
    "page number in 三号": _page_numbers_in_16pt,
    "page number with a dash on one side": _one_dash_hyphen,
    "footer without a PAGE field": _no_page_field,
    "digits in a body run whose Chinese font is 黑体": lambda d: _body_run(d, "14", "黑体"),
    # digits alone are set in the w:ascii font, which may be Times New Roman in body text
    "digits in Times New Roman in a body run": lambda d: _set_font(_para(d, "坚持重大决策").add_run("14"),
                                                                  "Times New Roman"),
    # a page number's digits are set in the w:ascii font, not the Chinese one
    "page number digits in Times New Roman, its Chinese font 宋体": _page_number_latin,
    # a run of spaces alone is never checked; after digits a full-width space still is not Chinese
    "a full-width space after digits in a body run whose Chinese font is 黑体": lambda d: _body_run(d, "14\u3000", "黑体"),
}

PAGE_AND_RUNS_EXACTLY: dict[str, list[tuple[str, str, str]]] = {
    'even page number 0.3 character past its indent': [
    ],
    'even page number 0.36 character past its indent': [
        ('页码·双页', '双页码应居左空一字（左对齐，左缩进一个4号字）', 'page-number-side'),
    ],
    'odd page number 0.3 character short of its indent': [
    ],
    'odd page number 0.36 character past its indent': [
        ('页码·单页', '单页码应居右空一字（右对齐，右缩进一个4号字）', 'page-number-side'),
    ],
    'even page number indented by its first line': [
    ],
    'even page number flush right': [
        ('页码·双页', '双页码应居左空一字（左对齐，左缩进一个4号字）', 'page-number-side'),
    ],
    'page number in 三号': [
        ('页码·单页', '页码字号为 16 磅，应为 14 磅（四号）', 'font-size'),
        ('页码·单页', '页码字号为 16 磅，应为 14 磅（四号）', 'font-size'),
        ('页码·单页', '页码字号为 16 磅，应为 14 磅（四号）', 'font-size'),
    ],
    'page number with a dash on one side': [
        ('页码·单页', '页码为“- 1 —”，两侧应为一字线：“— 1 —”', 'page-number-dash'),
    ],
    'footer without a PAGE field': [
        ('页码·单页', '页脚中没有页码（PAGE 域）', 'page-number-missing'),
    ],
    'digits in a body run whose Chinese font is 黑体': [
    ],
    'a full-width space after digits in a body run whose Chinese font is 黑体': [
    ],
    'digits in Times New Roman in a body run': [
    ],
    'page number digits in Times New Roman, its Chinese font 宋体': [
        ('页码·单页', '页码字体为“Times New Roman”，应为宋体', 'font'),
        ('页码·单页', '页码字体为“Times New Roman”，应为宋体', 'font'),
        ('页码·单页', '页码字体为“Times New Roman”，应为宋体', 'font'),
    ],
}


@pytest.mark.parametrize("what", list(PAGE_AND_RUNS))
def test_page_numbers_and_runs_without_chinese_are_reported_exactly(full_docx, tmp_path, what):
    doc = docx.Document(str(full_docx))
    PAGE_AND_RUNS[what](doc)
    out = _save(doc, tmp_path)
    assert [(f.path, f.message, f.code) for f in verify_docx(out)] == PAGE_AND_RUNS_EXACTLY[what]


@pytest.mark.parametrize("line, shown", [(0, "0"), (-5, "-0.2")])
def test_zero_or_negative_exact_spacing_claims_no_line_count(full_docx, tmp_path, line, shown):
    """An exact line height of 0 or below (a broken or hand-edited DOCX) has no lines per page:
    the finding must not claim thousands ("每页 12755 行")."""
    doc = docx.Document(str(full_docx))
    _set_spacing(_para(doc, "坚持重大决策"), line, "exact")
    findings = [f for f in verify_docx(_save(doc, tmp_path)) if f.code == "line-spacing"]
    assert [f.message for f in findings] == [f"行距为固定值 {shown} 磅；应为固定值约 28.95 磅，每页 22 行"]


# --- how each paragraph's role is recognised, at the edges of each rule (issue 21) -----------------------
#
# verify knows a paragraph's role (标题, 主送机关, 署名, 成文日期, 附注, 附件标题, headings, 版记) only
# from its text and position. Each plant below sits on an edge of one recognition rule; the findings
# show which role the paragraph was given (a role's checks, its label in the message, or none).


def _element_text(paragraph, text: str) -> None:
    """The paragraph's text replaced by `text` in its first run (its other runs emptied)."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def _width(chars: int, colon: str = "") -> str:
    """A line of agency names `chars` characters wide (text_width), ending in `colon`."""
    names = "龙泉市人民政府办公室"  # 10 characters
    text = (names * 6)[: chars - len(colon)]
    return text + colon


def _split_title(doc: DocxDocument, size: float) -> None:
    """The two-line title typed as two centred paragraphs, the second in `size` points."""
    first = _para(doc, "龙泉市科学技术局关于")
    second = copy.deepcopy(first._p)
    first._p.addnext(second)
    run = first._p.find(qn("w:r"))
    for el in list(run)[list(run).index(run.find(qn("w:br"))):]:
        run.remove(el)
    run2 = second.find(qn("w:r"))
    for el in list(run2)[: list(run2).index(run2.find(qn("w:br"))) + 1]:
        run2.remove(el)
    from docx.text.paragraph import Paragraph

    Paragraph(second, first._parent).runs[0].font.size = Pt(size)


def _outline(level: int, bold: bool = False) -> Mutation:
    def plant(doc: DocxDocument) -> None:
        p = _para(doc, "坚持重大决策")
        el = OxmlElement("w:outlineLvl")
        el.set(qn("w:val"), str(level))
        p._p.get_or_add_pPr().append(el)
        if bold:
            p.runs[0].font.bold = True
    return plant


def _centre(paragraph) -> None:
    """Centred, with a first-line indent of one 字 and a right indent of two (the line is centred
    between where its first line starts and where the right indent ends)."""
    ppr = paragraph._p.pPr
    ppr.remove(ppr.find(qn("w:ind")))
    paragraph.alignment = 1
    paragraph.paragraph_format.first_line_indent = Twips(320)
    paragraph.paragraph_format.right_indent = Twips(640)


def _date_by_first_line(doc: DocxDocument) -> None:
    """成文日期 placed by a first-line indent instead of its left indent: the same place."""
    ind = _para(doc, "2024年1月30日")._p.pPr.find(qn("w:ind"))
    assert ind is not None
    ind.set(qn("w:firstLine"), ind.get(qn("w:left")))
    ind.set(qn("w:left"), "0")


def _unlinked_second_section(doc: DocxDocument) -> None:
    """A second section whose footers are its own (not linked to the first's) and hold no page number."""
    section = doc.add_section()
    doc.add_paragraph("续页。")
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False


def _page_margin(attr: str, value: str | None) -> Mutation:
    """w:pgMar's `attr` set to `value` (a universal measure such as "22.5mm"), or removed."""
    def plant(doc: DocxDocument) -> None:
        margins = doc.sections[0]._sectPr.find(qn("w:pgMar"))
        assert margins is not None
        if value is None:
            del margins.attrib[qn(f"w:{attr}")]
        else:
            margins.set(qn(f"w:{attr}"), value)
    return plant


def _text_after_attachment_note(doc: DocxDocument) -> None:
    body = copy.deepcopy(_para(doc, "坚持重大决策")._p)
    _para(doc, "2.2023年度行政执法")._p.addnext(body)


def _doc_number_code(chars: int) -> Mutation:
    """The 文号's 机关代字 `chars` characters long, its year in square brackets."""
    return lambda d: _element_text(_para(d, "龙科〔2024〕"), "龙" * chars + "[2024]2号")


def _signature_flush_right(old: str = "", new: str = "") -> Mutation:
    """The 署名 flush right (no right indent), its text `old` typed as `new`."""
    def plant(doc: DocxDocument) -> None:
        signature = _para(doc, "龙泉市科学技术局", exact=True)
        _flush_right(signature)
        if old:
            _replace_text(signature, old, new)
    return plant


def _run_in_heading_in_three_runs(doc: DocxDocument) -> None:
    """The lead of a run-in heading in two runs (as Word splits them after an edit), then the text."""
    lead = _para(doc, "（一）强化").runs[0]
    second = copy.deepcopy(lead._r)
    lead._r.addnext(second)
    lead.text = "（一）强化组织领导，"
    second.find(qn("w:t")).text = "坚持民主决策。"


def _run_in_stop_in_body_run(doc: DocxDocument) -> None:
    """The full stop that ends a run-in heading typed at the start of the body text's run (in 仿宋)."""
    lead, text = _para(doc, "（一）强化").runs[:2]
    lead.text = lead.text.removesuffix("。")
    text.text = "。" + text.text


#: (what the clerk typed, edit of the full report)
ROLES: dict[str, Mutation] = {
    "attachment title not centred": lambda d: setattr(_para(d, "2023年度行政执法统计数据", exact=True), "alignment", 0),
    "title in two paragraphs, the second in 小二": lambda d: _split_title(d, 18),
    "title in two paragraphs, the second in 17 pt": lambda d: _split_title(d, 17),
    "主送 in 二号": lambda d: setattr(_para(d, "龙泉市人民政府").runs[0].font, "size", Pt(22)),
    "主送 of two names": lambda d: _element_text(_para(d, "龙泉市人民政府"), "龙泉市人民政府、龙泉市司法局："),
    "主送 of two names with a half-width colon": lambda d: _element_text(_para(d, "龙泉市人民政府"),
                                                                         "龙泉市人民政府、龙泉市司法局:"),
    "主送 of two names without a colon": lambda d: _element_text(_para(d, "龙泉市人民政府"), "龙泉市人民政府、龙泉市司法局"),
    "主送 56 characters wide": lambda d: _element_text(_para(d, "龙泉市人民政府"), _width(56, "：")),
    "主送 57 characters wide": lambda d: _element_text(_para(d, "龙泉市人民政府"), _width(57, "：")),
    "主送 30 characters wide without a colon": lambda d: _element_text(_para(d, "龙泉市人民政府"), _width(30)),
    "主送 31 characters wide without a colon": lambda d: _element_text(_para(d, "龙泉市人民政府"), _width(31)),
    "a date in Chinese numerals under the title": lambda d: _element_text(_para(d, "龙泉市人民政府"), "二〇二四年一月三十日"),
    "a paragraph at outline level 1": _outline(0),
    "a paragraph at outline level 2": _outline(1),
    "a bold paragraph at outline level 3": _outline(2, bold=True),
    "a bold paragraph at outline level 4": _outline(3, bold=True),
    "a bold paragraph at outline level 5": _outline(4, bold=True),
    "署名 24 characters wide": lambda d: _element_text(_para(d, "龙泉市科学技术局", exact=True), "龙泉市" * 8),
    "署名 25 characters wide": lambda d: _element_text(_para(d, "龙泉市科学技术局", exact=True), "龙泉市" * 8 + "局"),
    "成文日期 with a space inside": lambda d: _replace_text(_para(d, "2024年1月30日"), "1月30日", "1月 30日"),
    "署名 centred, indented": lambda d: _centre(_para(d, "龙泉市科学技术局", exact=True)),
    "成文日期 placed by its first-line indent": _date_by_first_line,
    # a line holding a tab or a line break is not measured (its tab stops and lines are unknown):
    # flush right, it would otherwise be reported as 右空 0 字
    "署名 flush right after a tab": _signature_flush_right("龙泉市", "\t龙泉市"),
    "署名 flush right in two lines": _signature_flush_right("龙泉市", "龙泉市\n"),
    "run-in heading typed in three runs": _run_in_heading_in_three_runs,
    "run-in heading's full stop in the body text's run": _run_in_stop_in_body_run,
    "署名 flush right with trailing spaces": _signature_flush_right("技术局", "技术局  "),
    "a second section with footers of its own": _unlinked_second_section,
    "footer at exactly 22.5 mm": _page_margin("footer", "22.5mm"),
    "footer at exactly 26.5 mm": _page_margin("footer", "26.5mm"),
    "top margin exactly 1 mm over": _page_margin("top", "38mm"),
    "top margin missing": _page_margin("top", None),
    "level 1 heading numbered twice": lambda d: _replace_text(_para(d, "一、2023"), "一、", "一、二、"),
    "level 3 heading numbered twice": lambda d: _replace_text(_para(d, "1.健全制度"), "1.", "1.（一）"),
    "level 4 heading numbered twice": lambda d: _replace_text(_para(d, "（1）完善"), "（1）", "（1）（2）"),
    "抄送 with a space inside": lambda d: _replace_text(_para(d, "抄送："), "抄送：", "抄 送："),
    "印发 with a space inside": lambda d: _replace_text(_para(d, "龙泉市科学技术局办公室"), "印发", "印 发"),
    "text after the 附件说明": _text_after_attachment_note,
    "文号 with a 机关代字 of 15 characters": _doc_number_code(15),
    "文号 with a 机关代字 of 16 characters": _doc_number_code(16),
}

ROLES_EXACTLY: dict[str, list[tuple[str, str, str]]] = {
    'attachment title not centred': [
        ('第29段「2023年度行政执法统计数据」', '附件标题应居中排布', 'title-align'),
    ],
    'title in two paragraphs, the second in 小二': [
        ('第4段「法治政府建设情况的报告」', '标题字号为 18 磅，应为 22 磅（二号）', 'font-size'),
    ],
    'title in two paragraphs, the second in 17 pt': [
        ('第4段「法治政府建设情况的报告」', '主送机关后应为全角冒号“：”，现为没有冒号', 'recipient-colon'),
        ('第4段「法治政府建设情况的报告」', '主送机关字体为“方正小标宋简体”，应为仿宋', 'font'),
        ('第4段「法治政府建设情况的报告」', '主送机关字号为 17 磅，应为 16 磅（三号）', 'font-size'),
        ('第6段「龙泉市人民政府：」', '首行应缩进二字（左空二字），回行顶格；现首行从第 0 字、回行从第 0 字起', 'indent'),
    ],
    '主送 in 二号': [
        ('第5段「龙泉市人民政府：」', '主送机关字号为 22 磅，应为 16 磅（三号）', 'font-size'),
    ],
    '主送 of two names': [
    ],
    '主送 of two names with a half-width colon': [
        ('第5段「龙泉市人民政府、龙泉市司法局…」', '主送机关后应为全角冒号“：”，现为半角冒号“:”', 'recipient-colon'),
    ],
    '主送 of two names without a colon': [
        ('第5段「龙泉市人民政府、龙泉市司法局」', '首行应缩进二字（左空二字），回行顶格；现首行从第 0 字、回行从第 0 字起', 'indent'),
    ],
    '主送 56 characters wide': [
    ],
    '主送 57 characters wide': [
        ('第5段「龙泉市人民政府办公室龙泉市人…」', '首行应缩进二字（左空二字），回行顶格；现首行从第 0 字、回行从第 0 字起', 'indent'),
    ],
    '主送 30 characters wide without a colon': [
        ('第5段「龙泉市人民政府办公室龙泉市人…」', '主送机关后应为全角冒号“：”，现为没有冒号', 'recipient-colon'),
    ],
    '主送 31 characters wide without a colon': [
        ('第5段「龙泉市人民政府办公室龙泉市人…」', '首行应缩进二字（左空二字），回行顶格；现首行从第 0 字、回行从第 0 字起', 'indent'),
    ],
    'a date in Chinese numerals under the title': [
        ('第5段「二〇二四年一月三十日」', '首行应缩进二字（左空二字），回行顶格；现首行从第 0 字、回行从第 0 字起', 'indent'),
    ],
    'a paragraph at outline level 1': [
        ('第9段「坚持重大决策科学化民主化法治…」', '一级标题字体为“仿宋_GB2312”，应为黑体', 'font'),
    ],
    'a paragraph at outline level 2': [
        ('第9段「坚持重大决策科学化民主化法治…」', '二级标题字体为“仿宋_GB2312”，应为楷体', 'font'),
    ],
    'a bold paragraph at outline level 3': [
    ],
    'a bold paragraph at outline level 4': [
    ],
    'a bold paragraph at outline level 5': [
        ('第9段「坚持重大决策科学化民主化法治…」', '正文有加粗；GB/T 9704 的文字一律黑色，不加粗、不倾斜、不加下划线（三、四级标题加粗是一些单位的习惯，可用 bold_headings 选项）', 'emphasis'),
    ],
    '署名 24 characters wide': [
        ('第25段「龙泉市龙泉市龙泉市龙泉市龙泉…」', '署名和成文日期的位置不符合规定：现署名右空 -13.9 字、成文日期右空 0.5 字、日期首字比署名首字右移 2 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    '署名 25 characters wide': [
        ('第25段「龙泉市龙泉市龙泉市龙泉市龙泉…」', '首行应缩进二字（左空二字），回行顶格；现首行从第 18 字、回行从第 18 字起', 'indent'),
        ('第26段「2024年1月30日」', '署名应在正文（或附件说明）下空一行编排', 'signature-space'),
        ('第26段「2024年1月30日」', '署名应右空二字（加盖印章时右空四字）；现右空 0.5 字', 'signature-placement'),
    ],
    '成文日期 with a space inside': [
    ],
    '成文日期 placed by its first-line indent': [
    ],
    '署名 flush right with trailing spaces': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 0 字、成文日期右空 0.5 字、日期首字比署名首字右移 -0.1 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
    'a second section with footers of its own': [
        ('页码（第2节）·单页', '页脚中没有页码（PAGE 域）', 'page-number-missing'),
        ('页码（第2节）·双页', '页脚中没有页码（PAGE 域）', 'page-number-missing'),
    ],
    'footer at exactly 22.5 mm': [
    ],
    'footer at exactly 26.5 mm': [
    ],
    'top margin exactly 1 mm over': [
    ],
    'top margin missing': [
        ('页面设置', '未设置上边距（天头）（Word 或 WPS 会用各自的默认值），应为 37 毫米（A4，版心 156×225 毫米）', 'page-setup'),
    ],
    'level 1 heading numbered twice': [
        ('第7段「一、二、2023年度推进法治…」', '标题序号“一、”后又写了序号“二、”，序号重复；请删去“二、”', 'heading-numbered'),
    ],
    'level 3 heading numbered twice': [
        ('第12段「1.（一）健全制度」', '标题序号“1.”后又写了序号“（一）”，序号重复；请删去“（一）”', 'heading-numbered'),
    ],
    'level 4 heading numbered twice': [
        ('第13段「（1）（2）完善规范性文件管…」', '标题序号“（1）”后又写了序号“（2）”，序号重复；请删去“（2）”', 'heading-numbered'),
    ],
    '抄送 with a space inside': [
        ('第32段「抄 送：龙泉市司法局。」', '抄送机关应写作“抄送：”加机关名称（全角冒号）', 'imprint-text'),
    ],
    '印发 with a space inside': [
    ],
    'text after the 附件说明': [
    ],
    '文号 with a 机关代字 of 15 characters': [
        ('第1段「龙龙龙龙龙龙龙龙龙龙龙龙龙龙…」', '发文字号的年份用了“[]”，应使用六角括号“〔〕”', 'docno-brackets'),
    ],
    '文号 with a 机关代字 of 16 characters': [
        ('第1段「龙龙龙龙龙龙龙龙龙龙龙龙龙龙…」', '标题应居中排布', 'title-align'),
        ('第1段「龙龙龙龙龙龙龙龙龙龙龙龙龙龙…」', '标题字体为“仿宋_GB2312”，应为小标宋体', 'font'),
        ('第1段「龙龙龙龙龙龙龙龙龙龙龙龙龙龙…」', '标题字号为 16 磅，应为 22 磅（二号）', 'font-size'),
    ],
    '署名 flush right after a tab': [
    ],
    '署名 flush right in two lines': [
    ],
    'run-in heading typed in three runs': [
    ],
    "run-in heading's full stop in the body text's run": [
        ('第8段「（一）强化组织领导，坚持民主…」', '二级标题字体为“仿宋_GB2312”，应为楷体', 'font'),
    ],
    '署名 centred, indented': [
        ('第25段「龙泉市科学技术局」', '署名和成文日期的位置不符合规定：现署名右空 10.5 字、成文日期右空 0.5 字、日期首字比署名首字右移 10.5 字。' + _SIGNATURE_RULE, 'signature-placement'),
    ],
}


@pytest.mark.parametrize("what", list(ROLES))
def test_each_role_is_recognised_at_the_edges_of_its_rule(full_docx, tmp_path, what):
    doc = docx.Document(str(full_docx))
    ROLES[what](doc)
    out = _save(doc, tmp_path)
    assert [(f.path, f.message, f.code) for f in verify_docx(out)] == ROLES_EXACTLY[what]


def test_a_note_after_the_date_is_checked_as_the_附注(write_facts, tmp_path):
    doc = docx.Document(str(build(write_facts(FULL + "note: 此件公开发布\n")).output))
    _set_font(_para(doc, "（此件公开发布）").runs[0], "宋体")
    findings = verify_docx(_save(doc, tmp_path))
    assert [(f.path, f.message, f.code) for f in findings] == [
        ("第27段「（此件公开发布）」", "附注字体为“宋体”，应为仿宋", "font")]


def test_the_letterhead_name_keeps_its_size_and_the_文号_indent_has_a_quarter_character(letterhead_docx, tmp_path):
    """The 发文机关标志's size and the space below it are the agency's choice; the 文号 under it may be a
    quarter 字 off its indent."""
    doc = docx.Document(str(letterhead_docx))
    name = _para(doc, "龙泉市科学技术局文件")
    for run in name.runs:
        run.font.size = Pt(30)
    _spacing_attr(name, after="240")
    number = _para(doc, "龙科〔2024〕2号")
    _run_props(number.runs[0], spacing="0")  # one 字 is then 320 twips: 400 twips are 1.25 字
    _indent_twips(number, first_line_indent=400, left_indent=0)
    assert verify_docx(_save(doc, tmp_path)) == []
    _indent_twips(number, first_line_indent=401, left_indent=0)
    assert [(f.message, f.code) for f in verify_docx(_save(doc, tmp_path))] == [
        ("上行文的发文字号应居左空一字；现从第 1.3 字起", "indent")]


def _handmade_without(folder: Path, *starts: str) -> Path:
    """The handmade report with the paragraphs that start with `starts` deleted."""
    path = _handmade(folder)
    doc = docx.Document(str(path))
    for p in doc.paragraphs:
        if p.text and p.text.startswith(starts):
            doc.element.body.remove(p._p)
    return _save(doc, folder)


_HANDMADE_BODY = ("2023年，我局", "一、主要举措", "（一）强化", "1.健全制度", "二、存在的不足", "普法宣传")


@pytest.mark.parametrize("deleted, expected", [
    # signed without a date, after a single paragraph: the short last line is the 署名
    ((*_HANDMADE_BODY[:-1], "2024年1月30日"), []),
    # a main part of one short line (a heading) is not a 署名 without a date
    ((*_HANDMADE_BODY[:3], *_HANDMADE_BODY[4:], "龙泉市科学技术局", "2024年1月30日"), []),
    # a main part of nothing but 署名 and 成文日期
    (_HANDMADE_BODY, []),
])
def test_the_署名_is_found_in_a_short_main_part(tmp_path, deleted, expected):
    findings = verify_docx(_handmade_without(tmp_path, *deleted))
    assert [(f.path, f.message, f.code) for f in findings] == expected


def test_the_head_before_the_title_is_at_most_six_paragraphs(tmp_path):
    """Up to six 版头 paragraphs (发文机关标志, 文号) come before the title: a seventh 文号-like line is the title."""
    for square_at, reported in ((6, True), (7, False)):
        doc = docx.Document(str(_handmade(tmp_path)))
        title = doc.paragraphs[0]
        for n in range(1, 8):
            number = f"龙科[2024]{n}号" if n == square_at else f"龙科〔2024〕{n}号"
            title.insert_paragraph_before(number)
        findings = verify_docx(_save(doc, tmp_path))
        brackets = [f.path for f in findings if f.code == "docno-brackets"]
        assert brackets == ([f"第{square_at}段「龙科[2024]{square_at}号」"] if reported else []), findings


def test_a_document_of_nothing_but_a_title_gives_findings_not_a_traceback(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("龙泉市科学技术局关于2023年度法治政府建设情况的报告")
    findings = verify_docx(_save(doc, tmp_path))
    assert {f.path for f in findings if f.path.startswith("第")} == {"第1段「龙泉市科学技术局关于2023…」"}
