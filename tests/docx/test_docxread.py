"""The tests' own DOCX reader (tests/helpers/docxread.py) resolves formatting as Word does.

It is checked on hand-written XML (so its rules are pinned without drafter), and then compared
with drafter's Inspector on every built example: two readers written apart that agree are
unlikely to share a bug; where they disagree one of them is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from drafter.docx.inspect import Inspector, open_docx
from drafter.docx.render import build
from tests.helpers.docxread import DocxXml
from tests.helpers.samples import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

STYLES = f"""<w:styles xmlns:w="{W}">
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:sz w:val="21"/><w:rFonts w:eastAsia="宋体" w:ascii="Times"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="normal"/>
    <w:pPr><w:spacing w:line="579" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr>
    <w:rPr><w:sz w:val="32"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:keepNext/><w:jc w:val="left"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体"/><w:b/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Deep"><w:name w:val="深层"/><w:basedOn w:val="Heading2"/>
    <w:pPr><w:keepNext w:val="0"/></w:pPr><w:rPr><w:b w:val="false"/></w:rPr></w:style>
  <w:style w:type="character" w:styleId="Lead"><w:name w:val="接排"/><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>
</w:styles>"""

DOCUMENT = f"""<w:document xmlns:w="{W}"><w:body>
  <w:p><w:r><w:t>正文</w:t></w:r></w:p>
  <w:p><w:pPr><w:pStyle w:val="Heading2"/><w:spacing w:line="600"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>
  <w:p><w:pPr><w:pStyle w:val="Deep"/></w:pPr>
    <w:r><w:rPr><w:rStyle w:val="Lead"/></w:rPr><w:t>甲</w:t></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>乙</w:t></w:r></w:p>
  <w:sectPr/>
</w:body></w:document>"""


@pytest.fixture
def xml() -> DocxXml:
    return DocxXml(etree.fromstring(DOCUMENT), etree.fromstring(STYLES))


def test_no_style_means_the_default_paragraph_style(xml: DocxXml):
    body = xml.paragraphs[0]
    assert xml.style_name(body) == "Normal"
    assert xml.para_value(body, "w:jc") == "both"
    assert xml.run_value(body, xml.runs(body)[0], "w:sz") == "32"  # style beats docDefaults
    assert xml.run_value(body, xml.runs(body)[0], "w:rFonts", "w:eastAsia") == "宋体"  # docDefaults


def test_attributes_resolve_one_by_one_through_the_chain(xml: DocxXml):
    heading = xml.paragraphs[1]
    assert xml.style_name(heading) == "Heading 2"
    assert xml.para_value(heading, "w:spacing", "w:line") == "600"  # direct
    assert xml.para_value(heading, "w:spacing", "w:lineRule") == "exact"  # from Normal, via basedOn
    assert xml.para_value(heading, "w:spacing", "w:after") == "120"  # from docDefaults
    assert xml.para_value(heading, "w:jc") == "left"  # the nearer style wins


def test_toggles_are_on_without_a_value_and_off_with_zero(xml: DocxXml):
    heading, deep = xml.paragraphs[1], xml.paragraphs[2]
    assert xml.para_flag(heading, "w:keepNext") and xml.run_value(heading, xml.runs(heading)[0], "w:b") == "1"
    assert not xml.para_flag(deep, "w:keepNext")
    assert xml.run_value(deep, xml.runs(deep)[1], "w:b") == "false"
    assert not xml.para_flag(xml.paragraphs[0], "w:keepNext")


def test_a_character_style_sits_between_the_run_and_the_paragraph_style(xml: DocxXml):
    deep = xml.paragraphs[2]
    lead, rest = xml.runs(deep)
    assert xml.run_value(deep, lead, "w:rFonts", "w:eastAsia") == "黑体"  # character style
    assert xml.run_value(deep, rest, "w:rFonts", "w:eastAsia") == "楷体"  # Heading2, two levels up
    assert xml.run_value(deep, rest, "w:sz") == "28" and xml.run_value(deep, lead, "w:sz") == "32"


SLUGS = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "facts.yaml").exists())
_PARA = [("w:spacing", "w:line"), ("w:spacing", "w:lineRule"), ("w:ind", "w:firstLine"), ("w:ind", "w:left"),
         ("w:jc", "w:val")]
_RUN = [("w:rFonts", "w:eastAsia"), ("w:rFonts", "w:ascii"), ("w:sz", "w:val"), ("w:spacing", "w:val"),
        ("w:color", "w:val")]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_tests_reader_and_verifys_inspector_agree_on_every_example(slug: str, tmp_path: Path):
    out = build(ROOT / "examples" / slug / "facts.yaml", tmp_path / f"{slug}.docx").output
    xml, doc = DocxXml.from_path(out), open_docx(out)
    inspector = Inspector(doc)
    paragraphs = [p._p for p in doc.paragraphs]
    assert len(paragraphs) == len(xml.paragraphs) > 10
    compared = 0
    for ours, theirs in zip(xml.paragraphs, paragraphs, strict=True):
        assert xml.text(ours) == "".join(t.text or "" for t in theirs.iter(f"{{{W}}}t"))
        for tag, attr in _PARA:
            assert xml.para_value(ours, tag, attr) == inspector.para_value(theirs, tag, attr), (tag, attr)
        assert xml.para_flag(ours, "w:keepNext") == inspector.has_para_flag(theirs, "w:keepNext")
        for run_ours, run_theirs in zip(xml.runs(ours), theirs.findall(f"{{{W}}}r"), strict=True):
            for tag, attr in _RUN:
                assert xml.run_value(ours, run_ours, tag, attr) == inspector.run_value(theirs, run_theirs, tag, attr)
                compared += 1
    assert compared > 50


def test_inspector_runs_carry_bold_italic_and_underline(tmp_path: Path):
    """The emphasis check reads these from the runs resolved once per paragraph."""
    import docx

    doc = docx.Document()
    p = doc.add_paragraph()
    marked = p.add_run("加粗")
    marked.bold, marked.italic, marked.underline = True, True, True
    plain = p.add_run("正文")
    plain.bold = False
    doc.save(str(tmp_path / "runs.docx"))
    opened = open_docx(tmp_path / "runs.docx")
    inspector = Inspector(opened)
    first, second = inspector.runs(opened.paragraphs[0]._p)
    assert (first.bold, first.italic, first.underline) == (True, True, "single")
    assert (second.bold, second.italic, second.underline) == (False, False, None)
