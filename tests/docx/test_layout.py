"""Layout: numbering from position, run-in headings, title breaks, signature geometry."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.docx.layout import (
    Block,
    SignatureGeometry,
    block_unit,
    imprint_block,
    layout,
    note_text,
    run_in_lead,
    signature_geometry,
    type_height_twips,
)
from drafter.docx.pageflow import Unit, paginate
from drafter.factfile.model import Imprint, parse_facts
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
    assert geo.date_left is not None
    assert geo.signature_left == geo.date_left - 2
    assert signature_geometry("某局", None).date_left is None


def test_attachment_lines_hang_so_wraps_align_with_the_name():
    facts = parse_facts(MINIMAL + "attachments: [名称甲, 名称乙]\n").facts
    attach = [b for b in layout(facts) if b.kind == "attach"]
    assert [b.text for b in attach] == ["附件：1.名称甲", "2.名称乙"]
    assert attach[0].indent_chars == attach[1].indent_chars == 2 + 3 + 1
    assert attach[0].hanging_chars == 4 and attach[1].hanging_chars == 1


def test_the_signature_is_placed_on_the_line_length_of_format_yaml(monkeypatch: pytest.MonkeyPatch):
    from drafter.docx import layout as layout_module
    from drafter.docx.spec import format_spec

    standard = signature_geometry("龙泉市科学技术局", "2024年1月30日")
    wider = format_spec().replace(line_chars=format_spec().line_chars + 2)
    monkeypatch.setattr(layout_module, "format_spec", lambda: wider)
    moved = signature_geometry("龙泉市科学技术局", "2024年1月30日")
    assert standard.date_left is not None
    assert (moved.signature_left, moved.date_left) == (standard.signature_left + 2, standard.date_left + 2)


@pytest.mark.parametrize("module", ["drafter.docx.layout", "drafter.docx.spec"])
def test_the_layout_and_the_format_spec_know_nothing_about_docx(module: str):
    """layout.py places blocks from the format's numbers (docx/spec.py); python-docx, lxml and
    docxtpl belong to ooxml/render/inspect. A fresh interpreter shows what an import really loads."""
    import subprocess
    import sys

    code = (f"import sys, {module}; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'lxml', 'docxtpl'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- the whole document, paragraph by paragraph ------------------------------------------------------

#: Every element layout places: 版头 with 签发人, 主送机关 typed with a half-width colon, four heading
#: levels (run-in and standalone, numbering restarting under each parent), 结束语, two attachments
#: (one with a page of its own), a seal, 附注 typed in half-width parentheses, 版记.
EVERYTHING = MINIMAL.replace(
    "        text: 严格落实规范性文件前置审核。\n",
    "        text: 严格落实规范性文件前置审核。\n"
    "        items:\n"
    "          - heading: 健全制度\n"
    "            text: 制度一。\n"
    "            items:\n"
    "              - heading: 完善规范性文件管理\n"
    "                text: 建立规范性文件目录。\n"
    "              - heading: 细化清单\n"
    "                run_in: true\n"
    "          - heading: 规范执法\n"
    "            run_in: true\n"
    "            text: |\n"
    "              执法一。\n"
    "              执法二。\n"
    "            items:\n"
    "              - heading: 公示制度\n",
) + """\
to: "龙泉市人民政府:"
doc_number: 龙科[2024]2号
closing: 特此报告。
note: (此件公开发布)
seal: true
letterhead:
  signer: 张三
attachments:
  - 名称甲
  - title: 2023年度行政执法统计数据
    text: 2023年，共开展行政检查14次。
imprint:
  cc: [龙泉市司法局。, 龙泉市人民政府办公室]
  printer: 龙泉市科学技术局办公室
  date: 2024-01-31
"""


def B(kind: str, text: str = "", **kw) -> Block:  # noqa: N802 - reads like the Block it builds
    return Block(kind, text, **kw)


BLANK = B("blank")


def on_the_grid(blocks: list[Block]) -> list[Block]:
    """The blocks without the page flow's adjustments (line_twips, keep_next: issue 20), for the
    tests whose subject is the order and placement of the text; MINIMAL fills page 1 exactly,
    so its last page is adjusted. The whole-document test below checks those fields too."""
    return [b.replace(line_twips=None, keep_next=False) for b in blocks]


#: The page flow of EVERYTHING: its text ends at the foot of page 2, so the lines from （二）依法履行职能
#: to the 附件说明 are tightened to 474 twips and the seal's second blank line goes (GB/T 9704-2012
#: 7.3.5: the signature block stays with its text); 附件说明, blank line and 署名 keep with the next.
TIGHT = 474


def test_every_element_in_official_order_with_its_numbering_and_placement():
    assert layout(parse_facts(EVERYTHING).facts) == [
        B("lh_space"), B("lh_name", "龙泉市科学技术局文件"), BLANK, BLANK,
        B("lh_docno", "龙科〔2024〕2号", aside="张三"), BLANK, BLANK,
        B("title", "龙泉市科学技术局关于2023年度\n法治政府建设情况的报告"), BLANK,
        B("to", "龙泉市人民政府："),
        B("body", "2023年，龙泉市科学技术局扎实推进依法行政和法治政府建设工作。现将有关情况报告如下："),
        B("h1", "一、2023年度推进法治政府建设的主要举措和成效"),
        B("runin2", "认真贯彻落实中央全面依法治国委员会系列会议精神。", lead="（一）强化组织领导，坚持民主决策。"),
        B("body", "坚持重大决策科学化民主化法治化。"),
        B("h2", "（二）依法履行职能", line_twips=TIGHT),
        B("body", "严格落实规范性文件前置审核。", line_twips=TIGHT),
        B("h3", "1.健全制度", line_twips=TIGHT),
        B("body", "制度一。", line_twips=TIGHT),
        B("h4", "（1）完善规范性文件管理", line_twips=TIGHT),
        B("body", "建立规范性文件目录。", line_twips=TIGHT),
        B("runin4", "", lead="（2）细化清单。", line_twips=TIGHT),
        B("runin3", "执法一。", lead="2.规范执法。", line_twips=TIGHT),
        B("body", "执法二。", line_twips=TIGHT),
        B("h4", "（1）公示制度", line_twips=TIGHT),
        B("h1", "二、2023年度推进法治政府建设存在的不足和原因", line_twips=TIGHT),
        B("body", "一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。", line_twips=TIGHT),
        B("h1", "三、党政主要负责人履行推进法治建设第一责任人职责情况", line_twips=TIGHT),
        B("body", "局主要领导认真履行法治建设第一责任人职责。", line_twips=TIGHT),
        B("h1", "四、2024年度推进法治政府建设的主要安排", line_twips=TIGHT),
        B("runin2", "抓好领导干部带头学法用法。", lead="（一）深入学习贯彻习近平法治思想。", line_twips=TIGHT),
        B("body", "特此报告。", line_twips=TIGHT),
        B("blank", keep_next=True, line_twips=TIGHT),
        B("attach", "附件：1.名称甲", indent_chars=6, hanging_chars=4, keep_next=True, line_twips=TIGHT),
        B("attach", "2.2023年度行政执法统计数据", indent_chars=6, hanging_chars=1, keep_next=True, line_twips=TIGHT),
        B("blank", keep_next=True),  # with a seal two blank lines above 署名, but the page has room for one
        # with a seal 署名 is centred on the date, the date 右空四字; the date as set is 6.5 字 and
        # 5 automatic spaces of 0.225 字 between digits and Chinese (set_width)
        B("signature", "龙泉市科学技术局", indent_chars=16.1875, keep_next=True),
        B("date", "2024年1月30日", indent_chars=16.375, right_chars=4),
        B("note", "（此件公开发布）"),
        B("attach_label", "附件2"), BLANK, B("attach_title", "2023年度行政执法统计数据"), BLANK,
        B("body", "2023年，共开展行政检查14次。"),
        B("imprint", "龙泉市科学技术局办公室", lead="抄送：龙泉市司法局，龙泉市人民政府办公室。", aside="2024年1月31日印发"),
    ]


def test_a_doc_number_without_letterhead_opens_the_document():
    blocks = on_the_grid(layout(parse_facts(MINIMAL + "doc_number: 龙科（2024）第2号\n").facts))
    assert blocks[:4] == [B("docno", "龙科〔2024〕2号"), BLANK, B("title", blocks[2].text), BLANK]


def test_a_letterhead_with_its_own_name():
    text = MINIMAL + "doc_number: 龙科〔2024〕12号\nletterhead:\n  name: 龙泉市科技局文件\n  signer: 李四\n"
    blocks = on_the_grid(layout(parse_facts(text).facts))
    assert blocks[:8] == [B("lh_space"), B("lh_name", "龙泉市科技局文件"), BLANK, BLANK,
                          B("lh_docno", "龙科〔2024〕12号", aside="李四"), BLANK, BLANK, B("title", blocks[7].text)]


def test_without_seal_one_blank_line_above_the_signature_and_the_date_two_characters_right():
    blocks = on_the_grid(layout(parse_facts(MINIMAL + "closing: 特此报告。\n").facts))
    assert blocks[-5:] == [blocks[-5], B("body", "特此报告。"), BLANK,
                           B("signature", "龙泉市科学技术局", indent_chars=18), B("date", "2024年1月30日", indent_chars=20)]
    assert blocks[-5].kind == "runin2"


def test_an_undated_report_ends_with_its_signature():
    text = MINIMAL.replace("date: 2024-01-30\n", "") + "signature: 龙泉市科技局\n"
    blocks = on_the_grid(layout(parse_facts(text).facts))
    assert blocks[-2:] == [BLANK, B("signature", "龙泉市科技局", indent_chars=28 - 2 - 6)]
    sealed = on_the_grid(layout(parse_facts(text + "seal: true\n").facts))
    assert sealed[-3:] == [BLANK, BLANK, B("signature", "龙泉市科技局", indent_chars=28 - 4 - 6)]


def test_one_attachment_is_listed_unnumbered_and_its_page_is_labelled_without_a_number():
    text = MINIMAL + "attachments:\n  - title: 统计数据\n    text: |\n      第一段。\n      第二段。\n"
    blocks = on_the_grid(layout(parse_facts(text).facts))
    assert B("attach", "附件：统计数据", indent_chars=5, hanging_chars=3) in blocks
    assert blocks[-6:] == [B("attach_label", "附件"), BLANK, B("attach_title", "统计数据"), BLANK,
                           B("body", "第一段。"), B("body", "第二段。")]


def test_attachment_pages_are_numbered_by_their_place_in_the_list():
    text = MINIMAL + "attachments:\n  - title: 甲\n    text: 甲文。\n  - 乙\n  - title: 丙\n    text: 丙文。\n"
    labels = [b.text for b in layout(parse_facts(text).facts) if b.kind == "attach_label"]
    assert labels == ["附件1", "附件3"]


def test_a_long_attachment_title_breaks_like_the_document_title():
    title = "龙泉市科学技术局2023年度重大行政决策事项目录清单及公众参与专家论证风险评估情况汇总表"
    text = MINIMAL + f"attachments:\n  - title: {title}\n    text: 正文。\n"
    [page_title] = [b for b in layout(parse_facts(text).facts) if b.kind == "attach_title"]
    assert page_title.text == "\n".join(break_title(title, "龙泉市科学技术局"))
    assert "\n" in page_title.text


@pytest.mark.parametrize(("note", "shown"), [
    ("此件公开发布", "（此件公开发布）"), ("（此件公开发布）", "（此件公开发布）"), ("(此件公开发布)", "（此件公开发布）"),
    ("（此件公开发布)", "（此件公开发布）"), ("  此件公开发布  ", "（此件公开发布）"), ("（此件公开发布", "（（此件公开发布）"),
    ("此件公开发布）", "（此件公开发布））"), ("X说明）", "（X说明））"), ("（说明X", "（（说明X）"),
])
def test_a_note_is_set_in_full_width_parentheses_once(note: str, shown: str):
    assert note_text(note) == shown


def test_an_imprint_shows_only_what_was_given():
    assert imprint_block(Imprint(printer="办公室", date=dt.date(2024, 2, 5))) == B("imprint", "办公室", aside="2024年2月5日印发")
    assert imprint_block(Imprint(cc=["甲局", "乙局"])) == B("imprint", "", lead="抄送：甲局，乙局。")


@pytest.mark.parametrize("mark", list("。！？：；…"))
def test_a_run_in_heading_ending_in_a_mark_gets_no_second_one(mark: str):
    assert run_in_lead("（一）", f"加强{mark}") == f"（一）加强{mark}"


def test_a_run_in_heading_gets_a_full_stop():
    assert run_in_lead("1.", "加强，") == "1.加强，。"
    assert run_in_lead("（2）", "加强") == "（2）加强。"


# --- 署名 and 成文日期 geometry -------------------------------------------------------------------

def test_with_a_seal_the_date_is_four_characters_from_the_right_and_the_signature_centred_on_it():
    # the dates as set: 6.5 and 7 字 and 5 automatic spaces of 0.225 字 between digits and Chinese
    geo = signature_geometry("龙泉市科学技术局", "2024年1月30日", seal=True)
    assert (geo.date_left, geo.date_right) == (28 - 4 - 7.625, 4)
    assert geo.date_left is not None
    assert geo.signature_left + 8 / 2 == geo.date_left + 7.625 / 2
    geo = signature_geometry("某局", "2024年12月30日", seal=True)
    assert (geo.date_left, geo.date_right) == (28 - 4 - 8.125, 4)
    assert geo.signature_left == 15.875 + (8.125 - 2) / 2


def test_with_a_seal_a_signature_wider_than_the_date_stays_inside_the_line():
    signature = "龙泉市人民政府办公室龙泉市科学技术局联合工作专班"  # 24 characters
    geo = signature_geometry(signature, "2024年1月30日", seal=True)
    assert geo.signature_left == 28 - 24


def test_with_a_seal_and_no_date_the_signature_is_four_characters_from_the_right():
    assert signature_geometry("龙泉市科学技术局", None, seal=True) == SignatureGeometry(28 - 4 - 8, None)
    assert signature_geometry("龙泉市科学技术局", None) == SignatureGeometry(28 - 2 - 8, None)


def test_a_date_as_wide_as_the_signature_is_placed_from_the_signature():
    # The date counts as set (set_width): 2024年10月10日 is 7 字 and 5 automatic spaces, 8.125 字,
    # which no signature matches exactly; the boundary lies between 8 and 9 字 of 署名.
    geo = signature_geometry("龙泉市科技局局局局", "2024年10月10日")  # 9 字: the date is narrower
    assert geo == SignatureGeometry(28 - 2 - 9, 28 - 2 - 9 + 2)
    geo = signature_geometry("龙泉市科技局局局", "2024年10月10日")  # 8 字: the date is wider
    assert geo == SignatureGeometry(28 - 2 - 8.125 - 2, 28 - 2 - 8.125, date_right=2)


_OFFICE = "中共龙泉市委全面依法治市委员会办公室"


def test_the_title_keeps_the_agency_name_on_one_line():
    text = MINIMAL.replace("name: 龙泉市科学技术局", f"name: {_OFFICE}") + f"title: {_OFFICE}2023年度法治政府建设工作报告\n"
    [title] = [b for b in layout(parse_facts(text).facts) if b.kind == "title"]
    assert title.text == f"{_OFFICE}\n2023年度法治政府建设工作报告"


def test_an_attachment_title_keeps_the_agency_name_on_one_line():
    text = MINIMAL.replace("name: 龙泉市科学技术局", f"name: {_OFFICE}")
    text += f"attachments:\n  - title: {_OFFICE}2023年度法治政府建设工作报告\n    text: 正文。\n"
    [title] = [b for b in layout(parse_facts(text).facts) if b.kind == "attach_title"]
    assert title.text == f"{_OFFICE}\n2023年度法治政府建设工作报告"


# --- the grid lines each paragraph takes (block_unit: what the page flow counts) ---------------------

#: format.yaml grid.line_twips: 22 exact lines fill the type area.
GRID = 579


@pytest.mark.parametrize(("block", "unit"), [
    # 标题 and 附件标题: lines of 20 2号 字 (break_title's width), each typed line counted on its own
    (B("title", "字" * 20), Unit(1, GRID)),
    (B("title", "字" * 5 + "\n" + "字" * 21), Unit(3, GRID)),
    (B("attach_title", "字" * 21), Unit(2, GRID)),
    (B("attach_title", "统计表 （2023年）"), Unit(1, GRID)),  # a space breaks no line
    # 正文, headings and 附注: 28 字 a line, 26 on the first (首行缩进二字); headings keep with the next
    (B("body", "字" * 26), Unit(1, GRID)),
    (B("body", "字" * 27), Unit(2, GRID)),
    (B("body", "字" * 54), Unit(2, GRID)),
    (B("body", "字" * 55), Unit(3, GRID)),
    (B("note", "（" + "字" * 26 + "）"), Unit(2, GRID)),
    (B("h1", "一、" + "字" * 25), Unit(2, GRID, keep_next=True)),
    (B("h2", "（一）" + "字" * 24), Unit(2, GRID, keep_next=True)),
    (B("h3", "1." + "字" * 26), Unit(2, GRID, keep_next=True)),
    (B("h4", "（1）" + "字" * 25), Unit(2, GRID, keep_next=True)),
    # a run-in heading is counted with the text that follows it on its line; it keeps only when tied
    (B("runin2", "字" * 10, lead="（一）" + "字" * 14 + "。"), Unit(2, GRID)),
    (B("runin3", "", lead="1.字。"), Unit(1, GRID)),
    (B("runin4", "字", lead="（1）字。", keep_next=True, line_twips=474), Unit(1, 474, keep_next=True)),
    # 主送机关: 28 字 a line from the left edge
    (B("to", "字" * 27 + "："), Unit(1, GRID)),
    (B("to", "字" * 28 + "："), Unit(2, GRID)),
    # 附件说明: the first line starts at the indent less the hanging part, the others at the indent
    (B("attach", "附件：" + "字" * 23, indent_chars=5, hanging_chars=3), Unit(1, GRID)),  # 28 - 5 + 3
    (B("attach", "附件：" + "字" * 24, indent_chars=5, hanging_chars=3), Unit(2, GRID)),
    (B("attach", "附件：" + "字" * 46, indent_chars=5, hanging_chars=3), Unit(2, GRID)),  # and 28 - 5
    (B("attach", "附件：" + "字" * 47, indent_chars=5, hanging_chars=3), Unit(3, GRID)),
    (B("attach", "字" * 28), Unit(1, GRID)),  # without indents a full line
    (B("attach", "字" * 29), Unit(2, GRID)),
    # 附件标识 opens a page
    (B("attach_label", "附件2"), Unit(1, GRID, page_break_before=True)),
    # 版头: 发文字号 with the red rule 7 pt below it, 12/8 pt thick: 8.5 pt = 170 twips more
    (B("lh_docno", "龙科〔2024〕2号", aside="张三"), Unit(1, GRID, extra_twips=170)),
    # one line, however wide: blank lines, 发文字号 without 版头, 署名 and 成文日期 (placed, never wrapped)
    (BLANK, Unit(1, GRID)),
    (B("docno", "龙科〔2024〕2号"), Unit(1, GRID)),
    (B("signature", "字" * 40, indent_chars=0), Unit(1, GRID)),
    (B("date", "2024年1月30日", indent_chars=20), Unit(1, GRID)),
])
def test_each_kind_of_paragraph_takes_its_lines_on_the_grid(block: Block, unit: Unit):
    assert block_unit(block) == unit


@pytest.mark.parametrize(("cc_chars", "printer", "lines", "rules_twips"), [
    # 抄送 in 4号 (14/16 of a 3号 字) 左右各空一字, its wraps aligned after "抄送：" (GB/T 9704-2012
    # 7.4.2), as LibreOffice sets it: 29 字 and the closing mark on the first line, 26 on the others
    # (a list of 84 字 takes 4 lines); then the 印发机关 line. Its rules: two thick of 8/8 pt and,
    # between 抄送 and 印发机关, a thin one of 6/8 pt; 20 twips more
    (30, "办公室", 1 + 1, 75),
    (31, "办公室", 2 + 1, 75),
    (56, "办公室", 2 + 1, 75),
    (57, "办公室", 3 + 1, 75),
    (82, "办公室", 3 + 1, 75),
    (83, "办公室", 4 + 1, 75),
    (0, "办公室", 1, 60),   # no 抄送: no thin rule
    (30, "", 1, 60),        # 抄送 alone: no 印发机关 line, no thin rule
])
def test_an_imprint_takes_its_4hao_lines_and_rules(cc_chars: int, printer: str, lines: int, rules_twips: int):
    block = B("imprint", printer, lead="字" * cc_chars, aside="2024年1月31日印发" if printer else "")
    assert block_unit(block) == Unit(lines, GRID, extra_twips=rules_twips)


# --- the page flow: the signature block stays on a page with text (GB/T 9704-2012 7.3.5) -------------

_FILL = "依法行政工作稳步推进各项制度不断健全完善执法行为持续规范"
_CLOSING = "closing: 特此报告。\n"
_SEAL = "seal: true\n"
_ONE_NOTE = "attachments: [行政执法统计表]\n"
_TWO_NOTES = "attachments: [行政执法统计表, 重大行政决策目录]\n"
_NOTE = "note: 此件公开发布\n"
_IMPRINT = "imprint:\n  cc: [龙泉市司法局]\n  printer: 龙泉市科学技术局办公室\n  date: 2024-01-31\n"


def _report(extra: int = 0, chars: int = 40, tail: str = "") -> str:
    """MINIMAL with `extra` more paragraphs of `chars` 字 in its third part, and the keys of `tail`."""
    para = (_FILL * (chars // len(_FILL) + 1))[:chars - 1] + "。"
    more = "".join(f"      {para}\n" for _ in range(extra))
    return MINIMAL.replace("    text: 局主要领导认真履行法治建设第一责任人职责。\n",
                           "    text: |\n      局主要领导认真履行法治建设第一责任人职责。\n" + more) + tail


def _flow(blocks: list[Block]) -> tuple[dict[int, range], list[int], int, int]:
    """What the layout did to keep the signature block with its text: the exact line heights it set
    ({height: the blocks that have it}), the blocks it tied to the next (headings aside, which their
    styles keep), and the pages (from 0) of 署名 and of the last block as the pagination places them."""
    heights: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.line_twips is not None:
            heights.setdefault(b.line_twips, []).append(i)
    assert all(type(h) is int for h in heights)  # w:line is a whole number of twips
    tied = [i for i, b in enumerate(blocks) if b.keep_next and b.kind not in ("h1", "h2", "h3", "h4")]
    placed = paginate([block_unit(b) for b in blocks], type_height_twips())
    sig = [b.kind for b in blocks].index("signature")
    return ({h: range(ix[0], ix[-1] + 1) for h, ix in heights.items() if len(ix) == ix[-1] - ix[0] + 1},
            tied, placed[sig].first_page, placed[-1].last_page)


@pytest.mark.parametrize(("text", "flow"), [
    # MINIMAL fills page 1 exactly: nothing changes; the last paragraph, the blank line and 署名 are
    # tied (Word then carries the last lines along if it breaks the page earlier than reckoned)
    (_report(), ({}, [13, 14, 15], 0, 0)),
    # with a 版记 (two lines and its rules) page 1 is tightened so that the whole block stays on it
    (_report(tail=_IMPRINT), ({515: range(0, 14)}, [14, 15], 0, 0)),
    # with a 附件说明 too, only the text is tightened (the 附件说明 keeps the grid); the 版记 that then
    # no longer fits goes to a page of its own
    (_report(tail=_ONE_NOTE + _IMPRINT), ({519: range(0, 14)}, [14, 15, 16, 17], 0, 1)),
    # 特此报告。 is one line too many for page 1: the text is loosened so that its last lines go over
    (_report(tail=_CLOSING), ({638: range(0, 15)}, [15, 16], 1, 1)),
    # loosened from the first paragraph that starts on the last page of text
    (_report(9, 130), ({613: range(18, 23)}, [23, 24], 3, 3)),
    # the lines of a paragraph that comes over from the page before keep the grid...
    (_report(3, 130, _TWO_NOTES + _NOTE + _IMPRINT), ({574: range(13, 17)}, [17, 18, 19, 20, 21], 1, 1)),
    (_report(7, 130, _CLOSING + _SEAL + _TWO_NOTES + _NOTE + _IMPRINT),
     ({572: range(18, 22)}, [22, 23, 24, 25, 26, 27], 2, 2)),
    # ...unless the others alone would need too large a change
    (_report(8, 130, _TWO_NOTES + _NOTE + _IMPRINT), ({466: range(17, 22)}, [22, 23, 24, 25, 26], 2, 2)),
], ids=["fills page 1", "with an imprint", "with a 附件说明 and an imprint", "one line over", "loosened",
        "a paragraph from the page before", "with a seal", "the paragraph from the page before too"])
def test_the_signature_block_stays_on_the_page_of_the_last_text_line(text: str, flow: tuple):
    assert _flow(layout(parse_facts(text).facts)) == flow


def test_the_date_is_set_flush_right_four_characters_in_with_a_seal_two_when_wider_than_the_signature():
    """GB/T 9704-2012 7.3.5.1/7.3.5.2: the date block carries its right indent (右空四字 with a seal, 右空二字
    when the date is wider than the signature), which the DOCX and the HTML export set."""
    sealed = [b for b in layout(parse_facts(MINIMAL + "seal: true\n").facts) if b.kind == "date"]
    assert [(b.text, b.right_chars) for b in sealed] == [("2024年1月30日", 4)]
    short = MINIMAL.replace("name: 龙泉市科学技术局", "name: 龙泉市科技局")
    wide = [b for b in layout(parse_facts(short).facts) if b.kind == "date"]
    assert [(b.text, b.right_chars) for b in wide] == [("2024年1月30日", 2)]
    plain = [b for b in layout(parse_facts(MINIMAL).facts) if b.kind == "date"]
    assert [b.right_chars for b in plain] == [None]  # placed by its left indent under a wider signature
