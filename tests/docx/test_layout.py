"""Layout: numbering from position, run-in headings, title breaks, signature geometry."""

from __future__ import annotations

import pytest

from drafter.docx.layout import layout, signature_geometry
from drafter.factfile.model import parse_facts
from drafter.text.numerals import chinese_numeral, heading_label
from drafter.text.titles import break_title
from drafter.text.width import set_width, text_width
from tests.helpers.samples import MINIMAL


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
                                     (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十")])
def test_chinese_numerals(n, text):
    assert chinese_numeral(n) == text


@pytest.mark.parametrize("n, text", [(111, "一百一十一"), (999, "九百九十九"), (1000, "一千"), (1001, "一千零一"),
                                     (1010, "一千零一十"), (1100, "一千一百"), (2019, "二千零一十九"),
                                     (10000, "一万"), (10010, "一万零一十"), (110000, "十一万"),
                                     (100010000, "一亿零一万")])
def test_chinese_numerals_from_a_thousand_on(n, text):
    assert chinese_numeral(n) == text


def test_a_thousand_sections_and_items_are_numbered():
    items = "".join(f"      - heading: 条目{i}\n" for i in range(1000))
    sections = "".join(f"  - heading: 部分{i}\n" for i in range(999))
    text = MINIMAL.replace("  - kind: problems\n", items + sections + "  - kind: problems\n")
    texts = [b.text for b in layout(parse_facts(text).facts)]
    assert "（一千）条目997" in texts  # the thousandth item of part one (two items come first)
    assert "一千、部分998" in texts
    assert "一千零一、2023年度推进法治政府建设存在的不足和原因" in texts


def test_heading_labels_per_level():
    assert [heading_label(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]


def test_blocks_follow_the_official_order_and_numbering():
    blocks = layout(parse_facts(MINIMAL).facts)
    kinds = [b.kind for b in blocks]
    assert kinds[:3] == ["title", "blank", "body"]
    assert kinds[-3:] == ["blank", "signature", "date"]
    texts = [b.lead + b.text for b in blocks]
    assert "一、2023年度推进法治政府建设的主要举措和成效" in texts
    assert "（一）强化组织领导，坚持民主决策。认真贯彻落实中央全面依法治国委员会系列会议精神。" in texts
    assert "（二）依法履行职能" in texts
    assert "四、2024年度推进法治政府建设的主要安排" in texts
    assert "（一）深入学习贯彻习近平法治思想。抓好领导干部带头学法用法。" in texts
    assert blocks[-1].text == "2024年1月30日"


def test_reordering_items_renumbers_them():
    swapped = MINIMAL.replace("强化组织领导，坚持民主决策", "@@").replace("依法履行职能", "强化组织领导，坚持民主决策")
    swapped = swapped.replace("@@", "依法履行职能")
    texts = [b.lead + b.text for b in layout(parse_facts(swapped).facts)]
    assert any(t.startswith("（一）依法履行职能。") for t in texts)
    assert "（二）强化组织领导，坚持民主决策" in texts


def test_run_in_heading_keeps_an_existing_final_mark():
    facts = parse_facts(MINIMAL.replace("深入学习贯彻习近平法治思想", "深入学习贯彻习近平法治思想？")).facts
    leads = [b.lead for b in layout(facts) if b.lead]
    assert "（一）深入学习贯彻习近平法治思想？" in leads


def test_recipient_gets_a_full_width_colon_once():
    for written in ("龙泉市人民政府", "龙泉市人民政府：", "龙泉市人民政府:"):
        facts = parse_facts(MINIMAL + f"to: {written!r}\n").facts
        (to,) = [b for b in layout(facts) if b.kind == "to"]
        assert to.text == "龙泉市人民政府："


@pytest.mark.parametrize(
    "title, agency, lines",
    [
        ("龙泉市科学技术局关于2023年度法治政府建设工作情况的报告", "龙泉市科学技术局",
         ["龙泉市科学技术局关于2023年度", "法治政府建设工作情况的报告"]),
        ("漯河市科学技术局2020年度法治政府建设工作报告", "漯河市科学技术局",
         ["漯河市科学技术局2020年度", "法治政府建设工作报告"]),
        ("科技局2019年法治政府建设年度报告", "江门市江海区科学技术局", ["科技局2019年法治政府建设年度报告"]),
    ],
)
def test_title_breaks_between_words(title, agency, lines):
    assert break_title(title, agency) == lines


def test_title_lines_never_exceed_the_line_and_explicit_breaks_win():
    long = "某某省某某市某某区某某街道综合行政执法队关于2024年度法治政府建设工作情况和2025年工作安排的报告"
    lines = break_title(long, "某某省某某市某某区某某街道综合行政执法队")
    assert "".join(lines) == long
    assert all(text_width(line) <= 20 for line in lines)
    assert break_title("第一行\n第二行") == ["第一行", "第二行"]


def test_signature_geometry_without_seal():
    # 署名 8 字, date 6.5 字: 署名右空二字, date starts two 字 to the right of 署名.
    geo = signature_geometry("龙泉市科学技术局", "2024年1月30日")
    assert geo.signature_left == 28 - 2 - 8
    assert geo.date_left == geo.signature_left + 2
    # Date wider than 署名: date 右空二字, 署名 keeps the two-字 offset to its left.
    geo = signature_geometry("某局", "2024年12月30日")
    assert geo.date_left == pytest.approx(28 - 2 - set_width("2024年12月30日"))  # 7 字 + 5 autospaces
    assert geo.signature_left == geo.date_left - 2
    assert signature_geometry("某局", None).date_left is None


def test_attachment_lines_hang_so_wraps_align_with_the_name():
    facts = parse_facts(MINIMAL + "attachments: [名称甲, 名称乙]\n").facts
    attach = [b for b in layout(facts) if b.kind == "attach"]
    assert [b.text for b in attach] == ["附件：1.名称甲", "2.名称乙"]
    assert attach[0].indent_chars == attach[1].indent_chars == 2 + 3 + 1
    assert attach[0].hanging_chars == 4 and attach[1].hanging_chars == 1


def test_the_signature_is_placed_on_the_line_length_of_format_yaml(monkeypatch: pytest.MonkeyPatch):
    import dataclasses

    from drafter.docx import layout as layout_module
    from drafter.docx.ooxml import format_spec

    standard = signature_geometry("龙泉市科学技术局", "2024年1月30日")
    wider = dataclasses.replace(format_spec(), line_chars=format_spec().line_chars + 2)
    monkeypatch.setattr(layout_module, "format_spec", lambda: wider)
    moved = signature_geometry("龙泉市科学技术局", "2024年1月30日")
    assert (moved.signature_left, moved.date_left) == (standard.signature_left + 2, standard.date_left + 2)
