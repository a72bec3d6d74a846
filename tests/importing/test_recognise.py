"""Import: structure recognition over lines of text (headings, kinds, metadata, furniture, repairs)."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.factfile.model import Facts
from drafter.factfile.sections import section_kinds
from drafter.importing.readers import text_lines
from drafter.importing.recognise import ImportResult, parse_date, parse_heading, recognise, split_run_in, summary_lines
from drafter.text.numerals import chinese_numeral
from drafter.text.punct import Repairs, describe, repair
from drafter.text.rules import safe_fix_spans

HEAD = """\
龙泉市科学技术局关于2023年度法治政府建设情况的报告
2023年，龙泉市科学技术局扎实推进法治政府建设。现将有关情况报告如下：
"""


def imp(text: str, **kwargs) -> ImportResult:
    return recognise(text_lines(textwrap.dedent(text)), file="报告.txt", **kwargs)


def body(*lines: str) -> Facts:
    return imp(HEAD + "\n".join(lines)).facts


def codes(result: ImportResult) -> list[str]:
    return [f.code for f in result.findings]


# --- heading forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "rank", "number", "rest"), [
    ("一、主要举措和成效", 1, 1, "主要举措和成效"),
    ("一 、 主要举措和成效", 1, 1, "主要举措和成效"),
    ("十二、其他", 1, 12, "其他"),
    ("（一）强化组织领导", 2, 1, "强化组织领导"),
    ("(一)强化组织领导", 2, 1, "强化组织领导"),
    ("( 三 ) 强化组织领导", 2, 3, "强化组织领导"),
    ("1.领导高度重视", 3, 1, "领导高度重视"),
    ("1 .完善政策激励", 3, 1, "完善政策激励"),
    ("3 . 提升研发能力", 3, 3, "提升研发能力"),
    ("1、落实制度", 3, 1, "落实制度"),
    ("12．落实制度", 3, 12, "落实制度"),
    ("1.2023年度工作回顾", 3, 1, "2023年度工作回顾"),
    ("（1）全面推行", 4, 1, "全面推行"),
    ("(2)推进包容审慎监管", 4, 2, "推进包容审慎监管"),
])
def test_every_heading_form_full_and_half_width(line: str, rank: int, number: int, rest: str) -> None:
    heading = parse_heading(line)
    assert heading is not None and (heading.rank, heading.number, heading.rest) == (rank, number, rest)


@pytest.mark.parametrize("line", ["1.5亿元用于研发。", "3.85%的增幅", "12.4宪法日当天开展宣传。", "2023年，我局……", "一是加强学习。",
                                  "（2023年）工作", "十九大以来，……", "3.8万元"])
def test_numbers_that_are_not_headings(line: str) -> None:
    assert parse_heading(line) is None


def test_headings_at_four_levels_nest_and_lose_their_numbers() -> None:
    facts = body("一、主要举措和成效", "(一)加强组织领导", "1 .领导高度重视。党组专题研究4次。",
                 "（1）第一小项。内容甲。", "(2)第二小项", "内容乙。", "2、完善制度", "内容丙。",
                 "（二）强化统筹推进", "内容丁。")
    section = facts.sections[0]
    assert section.kind == "measures" and section.heading == "主要举措和成效"
    first, second = section.items
    assert (first.heading, first.run_in, first.text) == ("加强组织领导", False, [])
    l3a, l3b = first.items
    assert (l3a.heading, l3a.run_in, l3a.text) == ("领导高度重视", True, ["党组专题研究4次。"])
    assert [(i.heading, i.run_in, i.text) for i in l3a.items] == [
        ("第一小项", True, ["内容甲。"]), ("第二小项", False, ["内容乙。"])]
    assert (l3b.heading, l3b.run_in, l3b.text, l3b.items) == ("完善制度", False, ["内容丙。"], [])
    assert (second.heading, second.text) == ("强化统筹推进", ["内容丁。"])


def test_arabic_numbers_directly_under_a_part_become_level_two_with_a_hint() -> None:
    result = imp(HEAD + "一、主要举措和成效\n1.学法。内容。\n2.用法。内容。\n")
    items = result.facts.sections[0].items
    assert [i.heading for i in items] == ["学法", "用法"]
    assert "number-form" in codes(result)


# --- run-in versus standalone -------------------------------------------------------------------


def test_run_in_heading_ends_at_its_first_full_stop() -> None:
    assert split_run_in("强化组织领导，坚持民主决策。认真贯彻落实。坚持……", 40) == (
        "强化组织领导，坚持民主决策", "认真贯彻落实。坚持……")


def test_standalone_heading_keeps_no_final_full_stop() -> None:
    assert split_run_in("扎实开展“三结合一会商”精准帮扶活动。", 40) == ("扎实开展“三结合一会商”精准帮扶活动", "")
    assert split_run_in("强化组织领导，推进法治政府建设进程", 40) == ("强化组织领导，推进法治政府建设进程", "")


def test_run_in_heading_may_end_at_a_colon_which_it_keeps() -> None:
    long = "组织全体干部职工集中学习宪法、民法典、行政处罚法、行政许可法等法律法规十余部。"
    assert split_run_in("深入学习法律法规：" + long, 40) == ("深入学习法律法规：", long)


def test_question_and_exclamation_marks_stay_in_a_run_in_heading() -> None:
    assert split_run_in("为何要学法？因为……", 40) == ("为何要学法？", "因为……")


def test_run_in_and_standalone_items_round_trip_their_layout() -> None:
    facts = body("一、主要举措和成效", "（一）强化组织领导，坚持民主决策。认真贯彻落实。", "第二段。",
                 "（二）依法履行职能", "严格落实规范性文件前置审核。")
    a, b = facts.sections[0].items
    assert (a.run_in, a.text) == (True, ["认真贯彻落实。", "第二段。"])
    assert (b.run_in, b.text) == (False, ["严格落实规范性文件前置审核。"])


def test_enumerations_inside_paragraphs_are_left_alone() -> None:
    facts = body("一、主要举措和成效", "一是加强学习。二是严格执法。三是强化监督。", "一是 单独成行也只是段落。")
    assert facts.sections[0].text == ["一是加强学习。二是严格执法。三是强化监督。", "一是单独成行也只是段落。"]
    assert facts.sections[0].items == []


def test_a_heading_number_alone_takes_its_words_from_the_next_line() -> None:
    facts = body("一、", "主要举措和成效", "正文。")
    assert facts.sections[0].heading == "主要举措和成效" and facts.sections[0].text == ["正文。"]


# --- numbering that restarts, continues or disagrees -------------------------------------------------


def test_numbering_that_restarts_under_each_parent_is_silent() -> None:
    result = imp(HEAD + "一、主要举措和成效\n（一）甲\n1.子一。内容。\n2.子二。内容。\n（二）乙\n1.子三。内容。\n")
    assert result.findings == []


def test_numbering_that_continues_across_sections_is_recognised_with_a_hint() -> None:
    result = imp(HEAD + "一、主要举措和成效\n（一）甲\n1.子一。内容。\n2.子二。内容。\n（二）乙\n3.子三。内容。\n")
    second = result.facts.sections[0].items[1]
    assert [i.heading for i in second.items] == ["子三"]
    hint = next(f for f in result.findings if f.code == "number-continued")
    assert hint.severity == "hint" and hint.line == 8 and "“1.”" in hint.message


def test_a_typed_number_that_disagrees_with_the_position_is_a_warning() -> None:
    result = imp(HEAD + "一、主要举措和成效\n正文。\n三、存在的问题\n正文。\n")
    warning = next(f for f in result.findings if f.code == "number-mismatch")
    assert warning.severity == "warning" and warning.line == 5 and warning.file == "报告.txt"
    assert "“三、”" in warning.message and "“二、”" in warning.message
    assert [s.kind for s in result.facts.sections] == ["measures", "problems"]


# --- statutory kinds ------------------------------------------------------------------------------


@pytest.mark.parametrize(("heading", "kind"), [
    ("2023年度推进法治政府建设的主要举措和成效", "measures"),
    ("主要做法与成效", "measures"),
    ("2023年法治政府建设工作情况", "measures"),
    ("工作开展情况", "measures"),
    ("存在的问题和不足", "problems"),
    ("存在问题及原因分析", "problems"),
    ("推进法治政府建设存在的不足", "problems"),
    ("法治建设第一责任人职责落实情况", "leader"),
    ("主要负责人履行推进法治建设第一责任人职责、加强法治政府建设情况", "leader"),
    ("下一年度推进法治政府建设的主要安排", "plans"),
    ("下一步工作打算", "plans"),
    ("2024年工作安排", "plans"),
    ("2022年推进法治建设工作计划", "plans"),
    ("其他需要报告的情况", "other"),
    ("加强组织领导，落实依法行政工作制度", None),
    ("加强法制宣传学习，专题研究部署法治政府建设", None),
    ("系统谋划科技创新，推动行政权力的制约和监督", None),
])
def test_kind_of_a_part_from_its_wording(heading: str, kind: str | None) -> None:
    section = body(f"一、{heading}", "正文。").sections[0]
    assert section.kind == kind
    default = section_kinds()[kind].default_heading(2023) if kind else None
    assert section.heading == (None if heading == default else heading)


def test_工作情况_counts_as_the_summary_only_for_the_first_part() -> None:
    facts = body("一、主要举措和成效", "正文。", "二、行政复议应诉工作情况", "正文。")
    assert [s.kind for s in facts.sections] == ["measures", None]


def test_default_headings_are_not_written() -> None:
    facts = body("一、2023年度推进法治政府建设的主要举措和成效", "正文。",
                 "二、党政主要负责人履行推进法治建设第一责任人职责情况", "正文。",
                 "三、2024年度推进法治政府建设的主要安排", "正文。")
    assert [(s.kind, s.heading) for s in facts.sections] == [("measures", None), ("leader", None), ("plans", None)]


def test_a_part_with_text_after_its_heading_keeps_the_text_as_a_paragraph() -> None:
    result = imp(HEAD + "一、存在的问题。人员不足，培训不够。\n")
    section = result.facts.sections[0]
    assert (section.kind, section.heading, section.text) == ("problems", "存在的问题", ["人员不足，培训不够。"])
    assert "h1-run-in" in codes(result)


# --- title, 主送, 文号, preamble, closing, signature, date, attachments ------------------------------


def test_head_of_a_formal_report() -> None:
    facts = imp("""\
        龙科〔2024〕2号
        龙泉市科学技术局关于2023年度
        法治政府建设工作情况的报告
        龙泉市人民政府:
        2023年，我局扎实推进法治政府建设。
        现将有关情况报告如下：
        一、主要举措和成效
        正文。
        """).facts
    assert facts.doc_number == "龙科〔2024〕2号"
    assert facts.title == "龙泉市科学技术局关于2023年度法治政府建设工作情况的报告"
    assert facts.agency.name == "龙泉市科学技术局" and facts.year == 2023
    assert facts.to == "龙泉市人民政府"
    assert facts.preamble == ["2023年，我局扎实推进法治政府建设。", "现将有关情况报告如下："]


def test_文号_with_签发人_and_the_masthead_line() -> None:
    result = imp("""\
        龙泉市科学技术局文件
        龙科〔2024〕2号 签发人：张三
        关于2023年度法治政府建设情况的报告
        2023年，我局扎实推进法治政府建设。
        一、主要举措和成效
        正文。
        """)
    facts = result.facts
    assert facts.doc_number == "龙科〔2024〕2号"
    assert facts.agency.name == "龙泉市科学技术局"
    assert facts.title == "关于2023年度法治政府建设情况的报告"
    assert [r.label for r in result.removed] == ["发文机关标志"]


@pytest.mark.parametrize("typed", ["龙科 [2024] 第2号", "龙科(2024)2号 签发人：张三", "龙科【2024】2号", "龙科（ 2024 ）第 2 号"])
def test_文号_is_stored_as_the_build_prints_it(typed: str) -> None:
    facts = imp(f"{typed}\n龙泉市科学技术局关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n").facts
    assert facts.doc_number == "龙科〔2024〕2号"


def test_文号_from_an_attachment_link_is_stored_as_the_build_prints_it() -> None:
    facts = imp("龙泉市科学技术局关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n"
                "龙科 [2024] 第2号关于2023年度法治政府建设情况的报告.pdf\n").facts
    assert facts.doc_number == "龙科〔2024〕2号"


def test_a_sentence_ending_in_a_bracketed_year_and_号_is_not_a_文号() -> None:
    facts = imp("依照国务院办公厅有关规定印发的文件[2024]2号\n龙泉市科学技术局关于2023年度法治政府建设情况的报告\n"
                "一、主要举措和成效\n正文。\n").facts
    assert facts.doc_number is None


def test_a_short_preamble_line_ending_in_a_colon_is_not_the_主送() -> None:
    facts = imp(HEAD.splitlines()[0] + "\n现将2023年法治政府建设情况报告如下：\n一、主要举措和成效\n正文。\n").facts
    assert facts.to is None and facts.preamble == ["现将2023年法治政府建设情况报告如下："]


def test_empty_or_blank_files_are_refused(tmp_path) -> None:
    from drafter.errors import InputFileError
    from drafter.importing.recognise import import_report

    path = tmp_path / "空.txt"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="没有文字"):
        import_report(path)


def test_title_equal_to_the_default_is_not_written() -> None:
    facts = body("一、主要举措和成效", "正文。")
    assert facts.title is None
    assert facts.effective_title() == "龙泉市科学技术局关于2023年度法治政府建设情况的报告"


def test_signature_and_date_at_the_end_and_the_closing_words() -> None:
    facts = body("一、主要举措和成效", "正文。", "总之，我局将继续努力。", "特此报告。",
                 "龙泉市科学技术局", "2024年1月30日")
    assert facts.sections[0].text == ["正文。"]
    assert facts.closing == ["总之，我局将继续努力。", "特此报告。"]
    assert facts.date == dt.date(2024, 1, 30)
    assert facts.signature is None  # the same as the agency: not repeated


def test_a_signature_other_than_the_agency_is_kept() -> None:
    facts = body("一、主要举措和成效", "正文。", "中共龙泉市科学技术局党组", "2024年1月30日")
    assert facts.agency.name == "龙泉市科学技术局" and facts.signature == "中共龙泉市科学技术局党组"


@pytest.mark.parametrize(("lines", "date"), [
    (["龙泉市科学技术局", "二〇二四年一月三十日"], dt.date(2024, 1, 30)),
    (["龙泉市科学技术局", "二零二四年一月三十日"], dt.date(2024, 1, 30)),
    (["龙泉市科学技术局 2024年1月30日"], dt.date(2024, 1, 30)),
    (["2024年1月30日", "龙泉市科学技术局"], dt.date(2024, 1, 30)),
    (["龙泉市科学技术局", "2024-1-30"], dt.date(2024, 1, 30)),
])
def test_date_forms_and_orders(lines: list[str], date: dt.date) -> None:
    facts = body("一、主要举措和成效", "正文。", *lines)
    assert facts.date == date and facts.sections[0].text == ["正文。"]


@pytest.mark.parametrize(("text", "date"), [
    ("2024年1月30日", dt.date(2024, 1, 30)), ("2024 年 1 月 30 日", dt.date(2024, 1, 30)),
    ("2024.1.30", dt.date(2024, 1, 30)), ("二〇二四年一月三十日", dt.date(2024, 1, 30)),
    ("二○二四年十二月一日", dt.date(2024, 12, 1)), ("二零二四年一月三十日", dt.date(2024, 1, 30)),
    ("二零零九年十月一日", dt.date(2009, 10, 1)),
    ("2024年2月30日", None), ("二〇二四年二月三十日", None), ("2024年1月", None), ("第30日", None),
])
def test_parse_date_reads_what_a_fact_file_accepts_and_chinese_numerals(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


def test_the_summary_numbers_every_part_in_chinese() -> None:
    parts = [f"{chinese_numeral(k)}、专题{k}\n正文。" for k in range(1, 13)]
    result = imp(HEAD + "\n".join(parts) + "\n")
    summary = summary_lines(result)[-1]
    assert summary.startswith("正文 12 个部分：") and "十一（专题）、十二（专题）" in summary


def test_date_in_brackets_under_the_title() -> None:
    facts = imp(HEAD.splitlines()[0] + "\n（2024年1月30日）\n2023年，我局……\n一、主要举措和成效\n正文。\n").facts
    assert facts.date == dt.date(2024, 1, 30) and facts.preamble == ["2023年，我局……"]


def test_attachments_before_the_signature() -> None:
    facts = body("一、主要举措和成效", "正文。", "附件：1.2023年度行政执法统计表", "2.法律顾问工作情况",
                 "龙泉市科学技术局", "2024年1月30日")
    assert facts.attachments == ["2023年度行政执法统计表", "法律顾问工作情况"]
    assert facts.sections[0].text == ["正文。"]


def test_numbered_lines_at_the_end_without_附件_stay_headings() -> None:
    facts = body("一、主要举措和成效", "（一）甲", "1.子一", "2.子二")
    assert [i.heading for i in facts.sections[0].items[0].items] == ["子一", "子二"]


# --- robustness ---------------------------------------------------------------------------------


def test_a_truncated_capture_still_imports_every_line() -> None:
    result = imp("""\
        区科技局2021年法治政府建设情况
        2021年，区科技局以习近平新时代中国特色社会主义思想为指导,深入学习
        一、加强法制宣传学习，专题研究部署法治政府建设
        党组理论中心组始终把法治学习做为重要内容,与党史学习教育相结
        """)
    facts = result.facts
    assert facts.title == "区科技局2021年法治政府建设情况" and facts.year == 2021
    assert facts.preamble == ["2021年，区科技局以习近平新时代中国特色社会主义思想为指导，深入学习"]
    assert facts.sections[0].text == ["党组理论中心组始终把法治学习做为重要内容，与党史学习教育相结"]
    assert facts.date is None and facts.signature is None


def test_text_without_any_part_heading_goes_under_measures_with_a_warning() -> None:
    result = imp("某局2023年法治工作总结\n2023年，我局做了很多工作。\n一是学法。\n二是用法。\n")
    facts = result.facts
    assert facts.preamble == ["2023年，我局做了很多工作。"]
    assert facts.sections[0].kind == "measures" and facts.sections[0].text == ["一是学法。", "二是用法。"]
    assert "no-h1" in codes(result)


def test_second_level_headings_before_any_part_open_an_implicit_part() -> None:
    result = imp(HEAD + "（一）强化组织领导。内容。\n（二）依法履职。内容。\n")
    section = result.facts.sections[0]
    assert section.kind == "measures" and [i.heading for i in section.items] == ["强化组织领导", "依法履职"]
    warning = next(f for f in result.findings if f.code == "no-h1")
    assert warning.line == 3


def test_no_year_anywhere_is_guessed_and_reported() -> None:
    result = imp("某局法治政府建设情况报告\n我局扎实推进法治建设。\n一、主要举措和成效\n正文。\n某局\n2024年1月30日\n")
    assert result.facts.year == 2023 and "year-guessed" in codes(result)


def test_no_title_and_no_agency_are_reported() -> None:
    result = imp("今年我们扎实推进法治建设。\n一、主要举措和成效\n正文。\n")
    assert result.facts.title is None
    assert {"no-title", "no-agency"} <= set(codes(result))


def test_control_characters_and_tabs_do_not_break_the_fact_file() -> None:
    facts = body("一、主要举措和成效", "正文\x07内容\t甲。")
    assert facts.sections[0].text == ["正文内容甲。"]


# --- web furniture ------------------------------------------------------------------------------

CAPTURE = """\
当前位置: 首页> 政务公开> 最新文件
> 政务公开 | > 部门 | > 龙泉市科技局 | > 法治政府建设年度报告 |
龙泉市科学技术局2023年度法治政府建设情况报告
发布日期: 2024-01-30 16:46      来源: 龙泉市科技局
发布时间: 2024年1月30日 来源:龙泉市科技局 浏览次数:- T浏览字号:
字号:
【字体：大 中 小】 【打印】
  • 扫一扫在手机打开当前页
[image: image1.png]
2023年，龙泉市科学技术局扎实推进法治政府建设。
一、主要举措和成效
正文。
龙泉市科学技术局
2024年1月30日
龙科〔2024〕2号龙泉市科学技术局关于2023年度法治政府建设工作情况的报告.pdf
上一篇:龙泉市科技局2022年度法治政府建设情况报告
下一篇:返回列表
留言与评论(共有 0 条评论) |
全国各省市政府网站
重点链接
"""


def test_web_furniture_is_removed_and_every_removed_line_reported() -> None:
    result = imp(CAPTURE)
    labels = [(r.line, r.label) for r in result.removed]
    assert labels == [(1, "栏目路径"), (2, "栏目路径"), (4, "发布信息"), (5, "发布信息"), (6, "发布信息"),
                      (7, "发布信息"), (8, "扫码与分享"), (9, "图片占位"), (15, "附件链接"), (16, "翻页链接"),
                      (17, "翻页链接"), (18, "评论计数"), (19, "文末链接"), (20, "文末链接")]
    assert next(r.text for r in result.removed if r.line == 8) == "• 扫一扫在手机打开当前页"
    facts = result.facts
    assert facts.preamble == ["2023年，龙泉市科学技术局扎实推进法治政府建设。"]
    assert facts.sections[0].text == ["正文。"]
    assert facts.doc_number == "龙科〔2024〕2号"  # from the attachment link
    assert facts.date == dt.date(2024, 1, 30)


def test_keep_all_keeps_furniture_as_paragraphs_where_it_stood() -> None:
    result = imp(CAPTURE, keep_all=True)
    facts = result.facts
    assert facts.preamble[0] == "当前位置: 首页> 政务公开> 最新文件"  # verbatim, not repaired
    assert "[image: image1.png]" in facts.preamble
    assert facts.closing[-1] == "重点链接" and "下一篇:返回列表" in facts.closing
    assert facts.title == "龙泉市科学技术局2023年度法治政府建设情况报告"


def test_a_real_attachment_is_not_mistaken_for_a_link_to_the_page() -> None:
    facts = body("一、主要举措和成效", "正文。", "附件：2023年度行政执法统计表", "龙泉市科学技术局")
    assert facts.attachments == ["2023年度行政执法统计表"]


def test_the_title_may_come_only_from_an_attachment_link_or_a_repeat_at_the_end() -> None:
    result = imp("市法治办:\n今年以来，我局扎实推进法治建设。\n一、主要举措和成效\n正文。\n"
                 "附件: 漯河市科学技术局2020年度法治政府建设工作报告\n2021年1月22日\n"
                 "漯河市科学技术局2020年度法治政府建设工作报告\n")
    facts = result.facts
    assert facts.title == "漯河市科学技术局2020年度法治政府建设工作报告"
    assert (facts.to, facts.year, facts.agency.name) == ("市法治办", 2020, "漯河市科学技术局")
    assert [r.label for r in result.removed] == ["附件链接", "标题（文末重复）"]
    assert "title-elsewhere" in codes(result)


# --- punctuation and spaces ----------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "fixed"), [
    ("2021年,区科技局以习近平新时代中国特色社会主义思想为指导", "2021年，区科技局以习近平新时代中国特色社会主义思想为指导"),
    ("情况如下:一是; 二是?三是!", "情况如下：一是；二是？三是！"),
    ("《情况表(2021)》", "《情况表（2021）》"),
    ("(国办发〔2018〕37号)《关于》", "（国办发〔2018〕37号）《关于》"),
    ("“美好生活 民法典相伴”", "“美好生活民法典相伴”"),
    ("(津滨科发〔2021〕 25号)", "（津滨科发〔2021〕25号）"),
    ("3 . 提升 研发支持能力 。 2017年", "3.提升研发支持能力。2017年"),  # check: a space in "3 ." is stray
    ("发布时间 16:46，共1,000元", "发布时间16:46，共1,000元"),
    ("研发投入(R&D)经费", "研发投入（R&D）经费"),
    ("Windows 10 (64 bit)", "Windows 10 (64 bit)"),
    ("漯河市政府--江南大学，<规定>", "漯河市政府--江南大学，<规定>"),
])
def test_punctuation_and_spaces_in_chinese_text(raw: str, fixed: str) -> None:
    assert repair(raw) == fixed


def test_repairs_are_counted_for_the_user() -> None:
    repairs = Repairs()
    repair("甲,乙,丙:丁 戊(己)", repairs)
    assert repairs.marks == {",": 2, ":": 1, "(": 1, ")": 1} and repairs.spaces == 1
    assert describe(repairs) == ["半角标点改为全角 5 处（， ×2、： ×1、（ ×1、） ×1）", "删去夹在中文里的多余空格 1 处"]
    repair("依据江法治办[2020]23号文件", repairs)
    assert repairs.brackets == 1 and describe(repairs)[-1] == "文号年份的括号改为六角括号“〔〕” 1 处"


_PIECES = st.sampled_from([*"法治建设年号我局", *"ab12 ,;:?!()[]。“”〔〕（）《》", "\u3000", "\u00a0", "江法治办[2020]23号"])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_repaired_text_has_nothing_left_for_the_check(text: str) -> None:
    """import repairs by the rules of drafter check, so the check finds nothing to fix afterwards."""
    assert safe_fix_spans(repair(text)) == []


def test_only_kept_lines_count_as_repairs() -> None:
    result = imp("发布时间: 2024年1月30日 来源:某局\n" + HEAD + "一、主要举措和成效\n正文,内容。\n")
    assert result.repairs.marks == {",": 1}


# --- the report year ------------------------------------------------------------------------------


def test_a_year_outside_the_allowed_range_is_not_taken_and_the_user_is_told() -> None:
    result = imp("某某局关于1989年度法治政府建设情况的报告\n一、主要举措和成效\n正文。\n")
    assert result.facts.year == dt.date.today().year - 1
    (note,) = [f for f in result.findings if f.code == "year-guessed"]
    assert "1989 年不在事实文件允许的 1990—2100 年之间" in note.message


def test_a_date_outside_the_allowed_range_does_not_set_the_year() -> None:
    result = imp("某某局法治政府建设情况报告\n一、主要举措和成效\n正文。\n某某局\n1980年1月30日\n")
    assert result.facts.date == dt.date(1980, 1, 30) and result.facts.year == dt.date.today().year - 1


def test_a_period_or_a_document_name_in_the_preamble_does_not_set_the_year() -> None:
    facts = imp("某某局法治政府建设情况报告\n根据《某某纲要（2021—2025年）》部署，2023年我局扎实推进法治政府建设。\n"
                "一、主要举措和成效\n正文。\n").facts
    assert facts.year == 2023
    facts = imp("某某局法治政府建设情况报告\n2021年至2025年规划实施以来，我局于2023年扎实推进法治政府建设。\n"
                "一、主要举措和成效\n正文。\n").facts
    assert facts.year == 2023


def test_a_number_typed_twice_is_stripped_as_the_fact_model_refuses_it() -> None:
    """"（一）1.加强组织领导": both numbers go, since the build numbers headings itself."""
    facts = body("一、主要举措和成效", "（一）1.加强组织领导", "内容甲。", "（二）①强化统筹推进", "内容乙。")
    assert [i.heading for i in facts.sections[0].items] == ["加强组织领导", "强化统筹推进"]


def test_attachment_name_loses_its_full_stop_and_says_so() -> None:
    result = imp(HEAD + "一、主要举措和成效\n内容甲。\n附件：1.某某统计表。\n2.某某清单；\n龙泉市科学技术局\n2024年1月30日\n")
    assert result.facts.attachments == ["某某统计表", "某某清单"]
    notes = [f.message for f in result.findings if f.code == "attachment-punct"]
    assert len(notes) == 2 and "“。”已删去" in notes[0]
