"""Build a real DOCX, open it again with python-docx and check the GB/T 9704 formatting."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from drafter.docx.layout import layout
from drafter.docx.render import build, is_unedited_build
from drafter.errors import OutputError
from drafter.factfile.model import load_facts
from tests.helpers.docxread import DocxXml, para_attr, run_attr, style_name
from tests.helpers.samples import MINIMAL

ROLE_FONT = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312",
             "Heading 3": "仿宋_GB2312", "署名": "仿宋_GB2312", "成文日期": "仿宋_GB2312"}


@pytest.fixture
def built(write_facts) -> Path:
    facts = write_facts(MINIMAL + "to: 龙泉市人民政府\ndoc_number: 龙科[2024]2号\n"
                        "attachments: [附件甲]\n")
    return build(facts).output


def test_default_output_is_beside_the_facts(built: Path):
    assert built.name == "facts.docx" and built.exists()


def test_page_is_a4_with_official_margins(built: Path):
    section = docx.Document(str(built)).sections[0]
    pg = section._sectPr.find(qn("w:pgSz"))
    mar = section._sectPr.find(qn("w:pgMar"))
    assert pg is not None and mar is not None
    assert (pg.get(qn("w:w")), pg.get(qn("w:h"))) == ("11906", "16838")
    assert [mar.get(qn(f"w:{side}")) for side in ("top", "bottom", "left", "right")] == ["2098", "1984", "1587", "1474"]


def test_every_paragraph_has_exact_579_spacing_and_no_space_between(built: Path):
    """579 twips, except where the layout changed the line height of the page that holds the
    signature block (issue 20: this fixture fills page 1 exactly, so its last lines go over)."""
    xml = DocxXml.from_path(built)
    assert len(xml.paragraphs) > 10
    blocks = [b for b in layout(load_facts(built.with_suffix(".yaml")).facts) if b.kind != "imprint"]
    adjusted = [b.line_twips for b in blocks if b.line_twips]
    assert adjusted and len(set(adjusted)) == 1
    for block, p in zip(blocks, xml.paragraphs, strict=False):
        assert xml.para_value(p, "w:spacing", "w:line") == str(block.line_twips or 579), xml.text(p)
    for p in xml.paragraphs:
        assert xml.para_value(p, "w:spacing", "w:line") in ("579", str(adjusted[0])), xml.text(p)
        assert xml.para_value(p, "w:spacing", "w:lineRule") == "exact", xml.text(p)
        assert xml.para_value(p, "w:spacing", "w:before") in ("0", None)
        assert xml.para_value(p, "w:spacing", "w:after") in ("0", None)


def test_fonts_sizes_and_condensing_per_role(built: Path):
    xml = DocxXml.from_path(built)
    seen = set()
    for p in xml.paragraphs:
        runs, name = xml.runs(p), xml.style_name(p)
        if not runs or name not in ROLE_FONT or runs[0].find(qn("w:rPr")) is not None:
            continue  # run-in headings are tested on their own
        seen.add(name)
        for slot in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            assert xml.run_value(p, runs[0], "w:rFonts", slot) == ROLE_FONT[name], (name, slot)
        assert xml.run_value(p, runs[0], "w:rFonts", "w:hint") == "eastAsia"
        assert xml.run_value(p, runs[0], "w:sz") == ("44" if name == "Title" else "32")
        assert xml.run_value(p, runs[0], "w:spacing") == ("0" if name == "Title" else "-5")
        assert xml.run_value(p, runs[0], "w:b") in (None, "0")
    assert {"Normal", "Title", "Heading 1", "Heading 2", "署名", "成文日期"} <= seen


def test_run_in_heading_lead_is_kai_and_body_is_fang(built: Path):
    doc = docx.Document(str(built))
    (p,) = [p for p in doc.paragraphs if p.text.startswith("（一）强化组织领导")]
    assert p.runs[0].text == "（一）强化组织领导，坚持民主决策。"
    assert run_attr(doc, p, 0, "w:rFonts", "w:eastAsia") == "楷体_GB2312"
    assert run_attr(doc, p, 1, "w:rFonts", "w:eastAsia") == "仿宋_GB2312"


def test_no_theme_fonts_and_chinese_language(built: Path):
    with zipfile.ZipFile(built) as zf:
        styles = zf.read("word/styles.xml").decode()
        settings = zf.read("word/settings.xml").decode()
        document = zf.read("word/document.xml").decode()
    for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
        assert attr not in styles and attr not in document
    assert 'w:eastAsia="zh-CN"' in styles
    assert "ja-JP" not in settings and 'w:eastAsia="zh-CN"' in settings
    assert "<w:evenAndOddHeaders" in settings


def test_indents_alignment_and_title(built: Path):
    xml = DocxXml.from_path(built)
    body = [p for p in xml.paragraphs if xml.style_name(p) == "Normal" and xml.text(p)]
    assert len(body) >= 5
    for p in body:
        assert xml.para_value(p, "w:ind", "w:firstLineChars") == "200"
        assert xml.para_value(p, "w:ind", "w:firstLine") == "640"
        assert xml.para_value(p, "w:jc") == "both"
    (title,) = [p for p in xml.paragraphs if xml.style_name(p) == "Title"]
    assert xml.para_value(title, "w:jc") == "center"
    assert xml.para_value(title, "w:ind", "w:firstLine") == "0"
    doc = docx.Document(str(built))
    (title,) = [p for p in doc.paragraphs if style_name(p) == "Title"]
    assert title.text == "龙泉市科学技术局关于2023年度\n法治政府建设情况的报告"
    (to,) = [p for p in doc.paragraphs if style_name(p) == "主送机关"]
    assert to.text == "龙泉市人民政府：" and para_attr(doc, to, "w:ind", "w:firstLine") == "0"
    (docno,) = [p for p in doc.paragraphs if style_name(p) == "发文字号"]
    assert docno.text == "龙科〔2024〕2号"


def test_signature_and_date_are_placed_by_the_standard(built: Path):
    doc = docx.Document(str(built))
    (sig,) = [p for p in doc.paragraphs if style_name(p) == "署名"]
    (date,) = [p for p in doc.paragraphs if style_name(p) == "成文日期"]
    assert sig.text == "龙泉市科学技术局" and date.text == "2024年1月30日"
    # 28-字 line of 315 twips: 署名 starts at 18 字 (右空二字), the date 2 字 further right.
    for p, chars in ((sig, 18), (date, 20)):
        ind = p._p.pPr.ind if p._p.pPr is not None else None
        assert ind is not None and ind.get(qn("w:left")) == str(chars * 315)
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index("龙泉市科学技术局") - 1] == ""  # one blank line above the signature


def test_page_numbers_are_dashes_around_a_page_field_in_song(built: Path):
    doc = docx.Document(str(built))
    section = doc.sections[0]
    for footer, align, indent in ((section.footer, "right", "w:right"), (section.even_page_footer, "left", "w:left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert p.text.startswith("\u2014 ") and p.text.endswith(" \u2014")
        assert para_attr(doc, p, "w:jc", "w:val") == align
        assert p._p.pPr.ind.get(qn(indent)) == "280"
        assert run_attr(doc, p, 0, "w:rFonts", "w:ascii") == "宋体"
        assert run_attr(doc, p, 0, "w:sz", "w:val") == "28"


@pytest.mark.parametrize("text", ["<b>加粗</b> & 符号", "{{ facts.year }} 与 {% if x %} 原样保留", "引号“”‘’——……"])
def test_user_text_comes_out_literally(write_facts, text):
    source = MINIMAL.replace("严格落实规范性文件前置审核。", text.replace("\\", "\\\\"))
    out = build(write_facts(source.replace("text: " + text, "text: " + repr(text)))).output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert text in texts


def test_font_profile_can_be_switched(write_facts):
    out = build(write_facts(MINIMAL), fonts="windows").output
    doc = docx.Document(str(out))
    (h2,) = [p for p in doc.paragraphs if style_name(p) == "Heading 2"]
    assert run_attr(doc, h2, 0, "w:rFonts", "w:eastAsia") == "楷体"
    # the profile also holds together with bold_headings: fonts switched, levels 3-4 bold, level 2 not
    deep = MINIMAL.replace("        text: 严格落实规范性文件前置审核。\n",
                           "        text: 严格落实规范性文件前置审核。\n        items:\n          - heading: 三级标题\n")
    out = build(write_facts(deep + "fonts: windows\nbold_headings: true\n")).output
    xml = DocxXml.from_path(out)
    body = next(p for p in xml.paragraphs if xml.style_name(p) == "Normal" and xml.text(p))
    assert xml.run_value(body, xml.runs(body)[0], "w:rFonts", "w:eastAsia") == "仿宋"
    (h3,) = [p for p in xml.paragraphs if xml.style_name(p) == "Heading 3"]
    (h2,) = [p for p in xml.paragraphs if xml.style_name(p) == "Heading 2"]
    assert xml.run_value(h3, xml.runs(h3)[0], "w:rFonts", "w:eastAsia") == "仿宋"
    assert xml.run_value(h3, xml.runs(h3)[0], "w:b") == "1"
    assert xml.run_value(h2, xml.runs(h2)[0], "w:rFonts", "w:eastAsia") == "楷体"
    assert xml.run_value(h2, xml.runs(h2)[0], "w:b") in (None, "0")


def test_bold_headings_option_bolds_levels_three_and_four_only(write_facts):
    deep = MINIMAL.replace("        text: 严格落实规范性文件前置审核。\n",
                           "        text: 严格落实规范性文件前置审核。\n        items:\n          - heading: 三级标题\n")
    out = build(write_facts(deep + "bold_headings: true\n")).output
    doc = docx.Document(str(out))
    (h3,) = [p for p in doc.paragraphs if style_name(p) == "Heading 3"]
    (h2,) = [p for p in doc.paragraphs if style_name(p) == "Heading 2"]
    assert h3.text == "1.三级标题"
    assert run_attr(doc, h3, 0, "w:b", "w:val") == "1"
    assert run_attr(doc, h2, 0, "w:b", "w:val") in (None, "0")
    plain = docx.Document(str(build(write_facts(deep)).output))  # and only with the option
    (h3,) = [p for p in plain.paragraphs if style_name(p) == "Heading 3"]
    assert run_attr(plain, h3, 0, "w:b", "w:val") in (None, "0")


def test_rebuild_overwrites_own_output_but_backs_up_a_hand_edited_one(write_facts, tmp_path: Path):
    facts = write_facts(MINIMAL)
    first = build(facts)
    assert first.backup is None and is_unedited_build(first.output)
    again = build(facts)
    assert again.backup is None
    # The clerk edits the DOCX in Word: the next build must not lose that edit.
    doc = docx.Document(str(first.output))
    doc.add_paragraph("手工补充的一段。")
    doc.save(str(first.output))
    assert not is_unedited_build(first.output)
    third = build(facts)
    assert third.backup is not None and third.backup.exists()
    assert "手工补充的一段。" in [p.text for p in docx.Document(str(third.backup)).paragraphs]
    assert is_unedited_build(third.output)
    assert not list(tmp_path.glob(".*.tmp"))


def test_missing_output_folder_is_a_chinese_error(write_facts, tmp_path: Path):
    with pytest.raises(OutputError) as info:
        build(write_facts(MINIMAL), tmp_path / "no" / "such" / "x.docx")
    assert "不存在" in info.value.message
