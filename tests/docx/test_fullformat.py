"""The full official format in the fact file and the layout: letterhead, seal, 附注, attachments, 版记."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from drafter.docx.layout import layout, note_text, signature_geometry
from drafter.errors import FactFileError
from drafter.factfile.model import parse_facts
from drafter.text.width import set_width, text_width
from tests.e2e.test_render_fullformat import VARIANTS
from tests.helpers.samples import MINIMAL, ROOT


def findings_of(text: str) -> list:
    with pytest.raises(FactFileError) as info:
        parse_facts(text, "f.yaml")
    return info.value.findings


def test_full_format_keys_load():
    facts = parse_facts(VARIANTS["letterhead"]).facts
    assert facts.letterhead is not None and facts.letterhead.signer == "张三" and facts.letterhead.name is None
    assert facts.seal is True and facts.note == "此件公开发布"
    name, page = facts.attachments
    assert isinstance(name, str)  # a plain name stays a string, as importer and wizard write it
    assert not isinstance(page, str) and page.title == "2023年度行政执法统计数据" and len(page.text) == 2
    assert facts.imprint is not None and facts.imprint.cc == ["龙泉市司法局", "丽水市科学技术局"]
    assert facts.imprint.date == dt.date(2024, 1, 31)


def test_cc_may_be_one_string():
    facts = parse_facts(VARIANTS["seal-wide-date"]).facts
    assert facts.imprint is not None and facts.imprint.cc == ["龙泉市人民政府办公室"]


def test_letterhead_needs_a_signer_and_a_document_number():
    findings = findings_of(MINIMAL + "letterhead:\n  name: 某局文件\n")
    assert [(f.path, f.code) for f in findings] == [("letterhead.signer", "missing")]
    (finding,) = findings_of(MINIMAL + "letterhead:\n  signer: 张三\n")
    assert finding.path == "letterhead" and "doc_number" in finding.message and finding.line is not None


def test_typos_in_the_new_keys_get_suggestions():
    findings = findings_of(MINIMAL + "letterhead:\n  singer: 张三\ndoc_number: 某科〔2024〕1号\n"
                           "imprint:\n  printr: 办公室\n  date: 2024-01-31\n"
                           "attachments:\n  - titel: 甲\n")
    messages = {f.path: f.message for f in findings}
    assert messages["letterhead.singer"] == "未知的键，是不是“signer”（签发人）？"
    assert messages["imprint.printr"] == "未知的键，是不是“printer”（印发机关）？"
    assert messages["attachments[0].titel"] == "未知的键，是不是“title”（附件名称）？"


def test_imprint_needs_printer_and_date_together():
    (finding,) = findings_of(MINIMAL + "imprint:\n  printer: 某局办公室\n")
    assert finding.path == "imprint" and "同时写" in finding.message
    (finding,) = findings_of(MINIMAL + "imprint: {}\n")
    assert "至少要写" in finding.message


def test_letterhead_blocks_come_first_and_replace_the_plain_document_number():
    blocks = layout(parse_facts(VARIANTS["letterhead"]).facts)
    kinds = [b.kind for b in blocks]
    assert kinds[:8] == ["lh_space", "lh_name", "blank", "blank", "lh_docno", "blank", "blank", "title"]
    assert "docno" not in kinds
    assert blocks[1].text == "龙泉市科学技术局文件"  # default: agency name + 文件
    assert (blocks[4].text, blocks[4].aside) == ("龙科〔2024〕2号", "张三")


def test_tail_order_signature_note_attachment_pages_imprint():
    blocks = layout(parse_facts(VARIANTS["letterhead"]).facts)
    kinds = [b.kind for b in blocks]
    tail = kinds[kinds.index("signature") - 2:]
    assert tail == ["blank", "blank", "signature", "date", "note", "attach_label", "blank", "attach_title", "blank",
                    "body", "body", "imprint"]
    imprint = blocks[-1]
    assert imprint.lead == "抄送：龙泉市司法局，丽水市科学技术局。"
    assert (imprint.text, imprint.aside) == ("龙泉市科学技术局办公室", "2024年1月31日印发")
    label = blocks[kinds.index("attach_label")]
    assert label.text == "附件2"  # numbered as in the 附件说明, only attachments with text get a page


def test_a_single_attachment_page_is_labelled_without_number():
    facts = parse_facts(MINIMAL + "attachments:\n  - title: 统计表\n    text: 内容。\n").facts
    kinds = {b.kind: b for b in layout(facts)}
    assert kinds["attach_label"].text == "附件"
    assert kinds["attach"].text == "附件：统计表"


@pytest.mark.parametrize("written", ["此件公开发布", "（此件公开发布）", "(此件公开发布)"])
def test_note_gets_parentheses_once(written):
    assert note_text(written) == "（此件公开发布）"


def test_seal_geometry_centres_the_signature_on_a_date_4_characters_in():
    date = "2024年1月30日"
    d = set_width(date)  # as set: 6.5 字 and the automatic space at 5 digit/Chinese boundaries (issue 20)
    assert d == pytest.approx(6.5 + 5 * 0.225)
    geo = signature_geometry("龙泉市科学技术局", date, seal=True)
    assert geo.date_right == 4 and geo.date_left == pytest.approx(28 - 4 - d)
    assert geo.date_left is not None
    assert geo.signature_left + 8 / 2 == pytest.approx(geo.date_left + d / 2)
    geo = signature_geometry("某局", "2024年12月30日", seal=True)  # date wider than the signature
    assert geo.date_left is not None
    assert geo.signature_left + 1 == pytest.approx(geo.date_left + set_width("2024年12月30日") / 2)
    wide = signature_geometry("某某省某某市某某区某某街道综合行政执法队办公室", date, seal=True)
    assert wide.signature_left + text_width("某某省某某市某某区某某街道综合行政执法队办公室") <= 28


def test_the_date_is_set_flush_right_when_the_standard_gives_its_right_space():
    assert signature_geometry("龙泉市科学技术局", "2024年1月30日").date_right is None  # placed after 署名
    assert signature_geometry("某局", "2024年12月30日").date_right == 2
    assert signature_geometry("龙泉市科学技术局", "2024年1月30日", seal=True).date_right == 4


def test_seal_puts_two_blank_lines_before_the_signature():
    plain = [b.kind for b in layout(parse_facts(MINIMAL).facts)]
    sealed = [b.kind for b in layout(parse_facts(MINIMAL + "seal: true\n").facts)]
    assert plain[-3:] == ["blank", "signature", "date"] and plain[-4] != "blank"
    assert sealed[-4:] == ["blank", "blank", "signature", "date"]


def test_every_block_kind_of_every_variant_has_a_prototype():
    with zipfile.ZipFile(ROOT / "templates" / "report.docx") as zf:
        body = zf.read("word/document.xml").decode("utf-8").replace("&quot;", '"')
    for text in VARIANTS.values():
        for kind in {b.kind for b in layout(parse_facts(text).facts)} - {"body", "blank"}:
            assert f'b.kind == "{kind}"' in body, kind
