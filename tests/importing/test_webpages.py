"""Import from real government web pages (issue 15): one test per observation that went wrong.

Every capture here is made up in the shape of a real CMS page (paraphrased, not copied): the
furniture is recognised by its shape, the title, year and agency come only from the report,
and nothing is dropped without a line on screen.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.errors import Finding
from drafter.factfile.model import parse_facts
from drafter.importing.readers import text_lines
from drafter.importing.recognise import ImportResult, import_to_file, recognise, summary_lines
from drafter.review.checks import check
from drafter.text.rules import safe_fix_spans

BODY = """\
2023年，我局扎实推进法治政府建设。现将有关情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
（一）强化组织领导
专题研究法治工作4次。
二、存在的不足和原因
一是普法形式还不够丰富。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人带头学法。
四、2024年推进法治政府建设的主要安排
加强学习培训。
"""


def imp(text: str) -> ImportResult:
    return recognise(text_lines(textwrap.dedent(text)), file="网页.txt")


def removed(result: ImportResult) -> dict[str, str]:
    return {r.text: r.label for r in result.removed}


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# --- 1. 政务公开 metadata tables ---------------------------------------------------------------------


def test_metadata_table_gives_title_and_文号_and_is_reported_not_kept() -> None:
    table = """\
        - 索 引 号:1234/2025-00001 分 类:
        发文机关:
        某某县某局 发文日期:2025-02-25 15:58 - 名称:
        某某县某局2024年度法治政府建设年度报告 - 文号:
        某某〔2025〕3号 主题词:
        有效性:有效
        """
    result = imp(table + BODY.replace("2023", "2024").replace("2024年推进法治政府建设的主要安排", "2025年工作安排"))
    facts = result.facts
    assert facts.title == "某某县某局2024年度法治政府建设年度报告"
    assert facts.year == 2024 and facts.agency.name == "某某县某局"
    assert facts.doc_number == "某某〔2025〕3号"
    assert facts.to is None  # "发文机关:" and "名称:" end in a colon but are no 主送机关
    assert facts.preamble == ["2024年，我局扎实推进法治政府建设。现将有关情况报告如下："]
    dropped = removed(result)
    assert len(dropped) == 6 and set(dropped.values()) == {"信息公开目录"}
    assert "title-from-table" in codes(result.findings) and "docno-from-table" in codes(result.findings)


@pytest.mark.parametrize("table", [
    # a policy library page: tabs between the pairs, full-width spaces inside the labels
    "索  引  号：000014349/2024-00012\t主题分类：综合政务\n发文机关：某某县某局\t成文日期：2024年01月26日\n"
    "标\u3000\u3000题：某某县某局2023年度法治政府建设情况报告\n发文字号：某某〔2024〕7号\t发布日期：2024年02月01日\n"
    "主  题  词：\n",
    # table cells copied one a line: each label, then its value (or nothing) on the next line
    "索引号：\n11440300/2024-00123\n发布机构：\n某某县某局\n名称：\n某某县某局2023年度法治政府建设情况报告\n"
    "文号：\n某某〔2024〕7号\n主题分类：\n发布日期：\n2024-01-26\n",
    # a saved page's table cells, labels without colons
    "索 引 号\n11440300/2024-00123\n发布机构\n某某县某局\n名    称\n某某县某局2023年度法治政府建设情况报告\n"
    "文    号\n某某〔2024〕7号\n发布日期\n2024-01-26\n",
    # bracketed labels, "|" between them
    "【信息索引号】001-2024-0007 | 【生成日期】2024-02-01 | 【公开方式】主动公开\n"
    "【发布机构】某某县某局 | 【文号】某某〔2024〕7号\n【名称】某某县某局2023年度法治政府建设情况报告\n",
])
def test_metadata_tables_of_other_cms_families(table: str) -> None:
    result = imp(table + BODY)
    assert result.facts.title == "某某县某局2023年度法治政府建设情况报告"
    assert result.facts.doc_number == "某某〔2024〕7号" and result.facts.year == 2023
    assert len(result.removed) == table.count("\n") and {r.label for r in result.removed} == {"信息公开目录"}


def test_an_empty_last_entry_of_a_table_does_not_take_the_title_below() -> None:
    result = imp("索引号：001-2024-0007\n有效性：\n某某县某局2023年度法治政府建设情况报告\n" + BODY)
    assert result.facts.title == "某某县某局2023年度法治政府建设情况报告"
    assert removed(result) == {"索引号：001-2024-0007": "信息公开目录", "有效性：": "信息公开目录"}


def test_a_paragraph_that_starts_with_a_table_word_is_not_a_table() -> None:
    result = imp("某局2023年度法治政府建设情况报告\n" + BODY.replace(
        "一是普法形式还不够丰富。", "主题词：依法行政。今年我们把依法行政作为主题词，贯穿全年工作。"))
    assert "主题词：依法行政。今年我们把依法行政作为主题词，贯穿全年工作。" in result.facts.sections[1].text
    assert not result.removed


# --- 2. navigation bars ------------------------------------------------------------------------------


@pytest.mark.parametrize("bar", [
    "首   页 政务资讯 政府信息公开 政务服务 政民互动 专题专栏",
    "网站首页 | 走进某局 | 新闻动态 | 信息公开 | 办事服务 | 互动交流",
    "首页 · 机构概况 · 政策法规 · 工作动态 · 公告公示",
])
def test_a_navigation_bar_above_the_title_is_furniture(bar: str) -> None:
    result = imp(f"{bar}\n某某市某某区司法局2023年度法治政府建设工作报告\n{BODY}")
    assert result.facts.title == "某某市某某区司法局2023年度法治政府建设工作报告"
    assert result.facts.agency.name == "某某市某某区司法局" and result.facts.year == 2023
    assert removed(result) == {bar: "页面导航"}


def test_a_tab_bar_between_the_title_and_the_body_is_furniture() -> None:
    result = imp(f"某局2023年度法治政府建设情况报告\n正文 图片 附件 相关文件 解读\n{BODY}")
    assert removed(result) == {"正文 图片 附件 相关文件 解读": "页面导航"}
    assert result.facts.preamble == ["2023年，我局扎实推进法治政府建设。现将有关情况报告如下："]


def test_a_slogan_with_spaces_in_the_body_is_no_navigation_bar() -> None:
    line = "依法行政 建设法治政府 服务人民群众 促进社会和谐 维护公平正义"  # many words, but long ones
    result = imp("某局2023年度法治政府建设情况报告\n" + BODY.replace("专题研究法治工作4次。", line))
    assert not result.removed


# --- 3. furniture variants ---------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "label"), [
    ("今天是:2019年10月31日 星期三 农历十月初七", "日期横幅"),
    ("2024年3月5日 星期二", "日期横幅"),
    ("您所在的位置:政务公开 > 工作报告", "栏目路径"),
    ("您现在的位置是：首页 > 信息公开 > 法治政府建设", "栏目路径"),
    ("政务公开 > 法治政府建设 > 年度报告", "栏目路径"),
    ("文章来源:某某区档案局 更新时间:2021/03/29 11:30:01", "发布信息"),
    ("分享:", "扫码与分享"),
    ("分享到：微信 微博 QQ空间", "扫码与分享"),
    ("字号:", "发布信息"),
    ("【字体：大 中 小】", "发布信息"),
    ("信息来源: 发布时间:2024-01-02 09:30", "发布信息"),
    ("浏览量:44", "发布信息"),
    ("阅读量：1024", "发布信息"),
    ("【打印】【关闭】", "发布信息"),
    ("微信 微博", "扫码与分享"),
    ("星期二 2024年3月5日", "日期横幅"),
    ("阅读：1024次", "发布信息"),
    ("打印本页 关闭窗口", "扫码与分享"),
    ("字体：【大】【中】【小】", "发布信息"),
    ("Copyright © 2024 某某区人民政府 版权所有", "网站信息"),
    ("地址：某某路1号 邮编：100000 电话：0571-1234567", "网站信息"),
    ("2024-01-20 10:30:15", "发布信息"),
    ("2024/01/20 10:30 某某区司法局", "发布信息"),
    ("扫描二维码在手机上阅读本文", "扫码与分享"),
    ("扫码分享", "扫码与分享"),
])
def test_furniture_variants_are_removed_and_reported(line: str, label: str) -> None:
    result = imp(f"某局2023年度法治政府建设情况报告\n{line}\n{BODY}")
    assert removed(result) == {line: label}
    assert result.facts.to is None and result.facts.year == 2023
    assert result.facts.preamble == ["2023年，我局扎实推进法治政府建设。现将有关情况报告如下："]


@pytest.mark.parametrize("title", ["某某县档案局法治政府建设年度报告（2023年）", "某某县档案局2023年度依法行政工作总结",
                                   "2023年度某某县档案局法治政府建设情况"])
def test_titles_among_furniture_are_found_by_their_shape(title: str) -> None:
    result = imp(f"首页\n机构概况\n政务公开\n{title}\n发布日期：2024-01-05\n{BODY}")
    assert result.facts.title == title and result.facts.year == 2023
    assert [r.label for r in result.removed] == ["页面导航"] * 3 + ["发布信息"]


def test_a_column_name_alone_above_the_title_is_not_the_title() -> None:
    result = imp(f"工作报告\n某某区教育局2023年度法治政府建设情况报告\n{BODY}")
    assert result.facts.title == "某某区教育局2023年度法治政府建设情况报告"
    assert removed(result) == {"工作报告": "页面导航"}


def test_a_column_name_that_reads_like_a_title_gives_way_to_the_dated_title() -> None:
    result = imp(f"法治政府建设年度报告\n某某区教育局2023年度法治政府建设情况报告\n{BODY}")
    assert result.facts.title == "某某区教育局2023年度法治政府建设情况报告"
    assert removed(result) == {"法治政府建设年度报告": "栏目名称"}


# --- 4. the year never from the page frame ---------------------------------------------------------


def test_the_date_banner_gives_no_year_and_parts_keep_their_kinds() -> None:
    text = ("今天是:2021年1月5日 星期二 农历十一月廿二\n某某区档案局法治政府建设情况报告\n"
            + BODY.replace("2023", "2020").replace("2024", "2021"))
    result = imp(text)
    assert result.facts.year == 2020
    assert [s.kind for s in result.facts.sections] == ["measures", "problems", "leader", "plans"]
    assert removed(result) == {"今天是:2021年1月5日 星期二 农历十一月廿二": "日期横幅"}


def test_no_year_in_the_report_is_taken_from_the_文号_not_from_the_page() -> None:
    text = ("今天是:2019年10月31日 星期三\n某某区档案局法治政府建设情况报告\n某档〔2021〕5号\n"
            "一年来，我局扎实推进法治政府建设。\n一、主要举措和成效\n正文。\n")
    result = imp(text)
    assert result.facts.year == 2020
    assert "year-guessed" in codes(result.findings)


def test_sources_that_disagree_on_the_year_are_said_on_screen() -> None:
    text = "某局2023年度法治政府建设情况报告\n某局〔2022〕5号\n" + BODY
    (finding,) = [f for f in imp(text).findings if f.code == "year-disagrees"]
    assert "2023" in finding.message and "2021" in finding.message


# --- 5. titles split over lines or sharing a line with publication data ----------------------------


def test_a_title_split_over_two_lines_is_joined() -> None:
    result = imp(f"当前位置：首页 > 政务公开\n某区司法局\n关于2022年度法治政府建设情况的报告\n区委、区政府：\n{BODY}")
    facts = result.facts
    assert facts.agency.name == "某区司法局" and facts.year == 2022
    assert summary_lines(result)[0].startswith("标题：某区司法局关于2022年度法治政府建设情况的报告")
    assert facts.to == "区委、区政府"
    assert removed(result) == {"当前位置：首页 > 政务公开": "栏目路径"}


@pytest.mark.parametrize("data", ["信息来源: 发布时间:2024-01-02", "来源：某某区退役军人事务局 日期：2024年1月2日"])
@pytest.mark.parametrize("space", [" ", "   ", ""])
def test_a_title_sharing_its_line_with_publication_data_is_separated(data: str, space: str) -> None:
    line = f"某某区退役军人事务局2023年度法治政府建设情况报告{space}{data}"
    result = imp(f"{line}\n{BODY}")
    assert result.facts.title == "某某区退役军人事务局2023年度法治政府建设情况报告"
    assert result.facts.agency.name == "某某区退役军人事务局"
    assert removed(result) == {data: "发布信息"}
    assert "no-title" not in codes(result.findings)


def test_the_title_shown_twice_is_reported_once_as_a_repeat() -> None:
    title = "某某县人民政府2023年法治政府建设情况报告"
    result = imp(f"某某县人民政府\n{title}\n发布时间：2024-01-20 来源：县司法局\n{title}\n某政〔2024〕3号\n"
                 f"某某市人民政府：\n{BODY}（责任编辑：张三）\n字号：T|T\n")
    facts = result.facts
    assert (facts.title, facts.agency.name, facts.to, facts.doc_number) == (
        title, "某某县人民政府", "某某市人民政府", "某政〔2024〕3号")
    assert removed(result) == {"某某县人民政府": "页面导航", "发布时间：2024-01-20 来源：县司法局": "发布信息",
                               title: "标题（重复）", "（责任编辑：张三）": "发布信息", "字号：T|T": "发布信息"}


# --- 6. 签发人 ---------------------------------------------------------------------------------------------


def test_签发人_goes_to_the_letterhead_and_is_shown(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    source.write_text(f"某某区人民政府关于2023年度法治政府建设情况的报告\n某府〔2024〕28号 签发人:张某某\n{BODY}", "utf-8")
    outcome = import_to_file(source)
    facts = outcome.result.facts
    assert facts.doc_number == "某府〔2024〕28号"
    assert facts.letterhead is not None and facts.letterhead.signer == "张某某"
    assert "签发人：张某某" in summary_lines(outcome.result)
    assert parse_facts(outcome.output.read_text("utf-8"), "f.yaml").facts.letterhead == facts.letterhead


@pytest.mark.parametrize(("line", "signer"), [("某府〔2024〕28号    签发人：王  五", "王五"),
                                              ("某府〔2024〕28号 签发人: 张某某 李某某", "张某某、李某某")])
def test_签发人_padded_or_several(line: str, signer: str) -> None:
    facts = imp(f"某某区人民政府2023年度法治政府建设情况报告\n{line}\n{BODY}").facts
    assert facts.letterhead is not None and facts.letterhead.signer == signer


def test_签发人_on_its_own_line_without_a_文号_is_reported() -> None:
    result = imp(f"某局2023年度法治政府建设情况报告\n签发人：李某\n{BODY}")
    assert result.facts.letterhead is None
    (finding,) = [f for f in result.findings if f.code == "signer-unplaced"]
    assert "李某" in finding.message and finding.line == 2


# --- 7. spaces inside quotation marks ----------------------------------------------------------------


def test_spaces_inside_a_quoted_slogan_are_kept() -> None:
    paragraph = "围绕“法治护卫赋能 智创生态筑城”目标，推进“学法 用法 守法”活动。"
    result = imp("某局2023年度法治政府建设情况报告\n" + BODY.replace("专题研究法治工作4次。", paragraph))
    assert paragraph in result.facts.sections[0].items[0].text
    assert result.repairs.spaces == 0
    assert not [s for s in safe_fix_spans(paragraph) if s.code == "stray-space"]


def test_a_stray_space_inside_quotes_that_is_no_slogan_still_goes() -> None:
    assert [s.code for s in safe_fix_spans("推行“互联网 政务服务”模式")] == ["stray-space"]


# --- 8. agencies of every kind; a title equal to the default ---------------------------------------


@pytest.mark.parametrize(("title", "signature", "agency", "year"), [
    ("上海某某职业技术学校2023-2024学年度依法治校工作报告", None, "上海某某职业技术学校", 2023),
    ("某某镇关于2023年度法治政府建设工作情况的报告", "某某镇人民政府", "某某镇人民政府", 2023),
    ("某某街道2023年法治政府建设工作报告", None, "某某街道办事处", 2023),
    ("中共某某县司法局党组关于2023年度法治建设情况的报告", None, "中共某某县司法局党组", 2023),
    ("某某县卫生健康委员会2023年度法治政府建设情况报告", None, "某某县卫生健康委员会", 2023),
    ("某某县市场监督管理局法治政府建设年度报告（2023年）", None, "某某县市场监督管理局", 2023),
])
def test_agencies_of_every_kind(title: str, signature: str | None, agency: str, year: int) -> None:
    body = BODY.replace("2023年，我局", "2023年，某某街道办事处" if "街道" in title else "2023年，我单位")
    tail = f"{signature}\n2024年1月20日\n" if signature else ""
    result = imp(f"{title}\n{body}{tail}")
    assert (result.facts.agency.name, result.facts.year) == (agency, year)


def test_a_title_equal_to_the_default_is_not_called_the_default() -> None:
    result = imp("龙泉市科学技术局关于2023年度法治政府建设情况的报告\n" + BODY)
    assert result.facts.title is None  # the build prints the same title
    assert "默认标题）" not in summary_lines(result)[0]
    assert "与默认标题相同" in summary_lines(result)[0]


# --- 9. check on such imports -------------------------------------------------------------------------


@pytest.mark.parametrize("heading", [
    "党政主要负责人推进法治建设职责履行到位",
    "主要负责人履行推进法治建设第一责任人职责",
    "局主要负责同志切实履行法治建设职责",
])
def test_check_recognises_the_leader_part_folded_into_part_one(tmp_path: Path, heading: str) -> None:
    source = tmp_path / "报告.txt"
    source.write_text("某局2023年度法治政府建设情况报告\n" + BODY.replace("（一）强化组织领导", f"（一）{heading}").replace(
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n局主要负责人带头学法。\n", ""), "utf-8")
    outcome = import_to_file(source)
    findings = check(parse_facts(outcome.output.read_text("utf-8"), str(outcome.output)))
    assert "missing-part" not in codes(findings)
    assert "leader-folded" in codes(findings)


def test_check_compares_the_文号_with_the_report_not_with_the_page(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    source.write_text("某某区档案局法治政府建设情况报告\n某档〔2021〕5号\n今天是:2019年10月31日 星期三\n"
                      "一年来，我局扎实推进法治政府建设。\n一、主要举措和成效\n正文。\n", "utf-8")
    outcome = import_to_file(source)
    assert outcome.result.facts.date is None
    findings = check(parse_facts(outcome.output.read_text("utf-8"), str(outcome.output)))
    assert "docno-year" not in codes(findings)


# --- furniture in any order and number around the report -------------------------------------------

ABOVE = ["首页 政务公开 政策文件 政务服务 互动交流", "今天是：2019年10月31日 星期四 农历十月初四", "您所在的位置：首页 > 政务公开",
         "当前位置：首页>>信息公开>>工作报告", "工作报告", "网站首页 | 机构概况 | 新闻中心 | 政务公开 | 互动交流",
         "简体 | 繁体 | 无障碍浏览", "2025年3月5日 星期三"]
UNDER_TITLE = ["发布时间：2024-01-20 10:30 来源：某某区司法局", "字号：[大 中 小]", "分享：", "浏览量：1024",
               "【字体：大 中 小】【打印】【关闭】", "文章来源：某某区司法局 更新时间：2024/01/20 11:30:01"]
BELOW = ["【打印本页】【关闭窗口】", "上一篇：关于开展宪法宣传周活动的通知", "下一篇：无", "版权所有：某某区司法局",
         "网站标识码：1234000001 ICP备12345678号", "扫一扫在手机打开当前页", "打印本页 关闭窗口"]
TITLES = ["某某区司法局2023年度法治政府建设工作报告", "某某区司法局关于2023年度法治政府建设情况的报告",
          "某某区司法局2023年法治政府建设情况报告", "某某区司法局法治政府建设年度报告（2023年）"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(ABOVE), unique=True, max_size=5), st.lists(st.sampled_from(UNDER_TITLE), unique=True,
       max_size=4), st.lists(st.sampled_from(BELOW), unique=True, max_size=5), st.sampled_from(TITLES))
def test_furniture_in_any_order_is_all_reported_and_changes_no_fact(above: list[str], under: list[str],
                                                                     below: list[str], title: str) -> None:
    lines = [*above, title, *under, *BODY.splitlines(), "某某区司法局", "2024年1月20日", *below]
    result = imp("\n".join(lines) + "\n")
    facts = result.facts
    assert (facts.title or facts.effective_title()) == title
    assert (facts.year, facts.agency.name, facts.date) == (2023, "某某区司法局", dt.date(2024, 1, 20))
    assert facts.preamble == ["2023年，我局扎实推进法治政府建设。现将有关情况报告如下："]
    assert sorted(r.text for r in result.removed) == sorted([*above, *under, *below])
    assert [s.kind for s in facts.sections] == ["measures", "problems", "leader", "plans"]


def test_a_saved_page_with_its_metadata_table_in_cells(tmp_path: Path) -> None:
    """A saved .html page: menu links, breadcrumb, the 信息公开 table as <td> cells without colons."""
    page = tmp_path / "报告.html"
    page.write_text(
        "<html><head><title>某县司法局 - 某县人民政府</title></head><body>"
        "<div><a>首页</a> <a>政务公开</a> <a>政务服务</a> <a>互动交流</a> <a>走进某县</a></div>"
        "<div>您所在的位置：<a>首页</a> &gt; <a>政务公开</a></div>"
        "<table><tr><td>索引号</td><td>001/2024-00007</td><td>主题分类</td><td>综合政务</td></tr>"
        "<tr><td>发布机构</td><td>某县司法局</td><td>成文日期</td><td>2024-01-25</td></tr>"
        "<tr><td>名称</td><td>某县司法局2023年度法治政府建设工作报告</td></tr>"
        "<tr><td>文号</td><td>某司〔2024〕2号</td><td>发布日期</td><td>2024-01-28</td></tr></table>"
        "<p>2023年，我局扎实推进法治政府建设。现将有关情况报告如下：</p><p>一、主要举措和成效</p><p>正文。</p>"
        "<p>某县司法局</p><p>2024年1月25日</p><div>【打印】【关闭】</div><div>版权所有：某县人民政府</div>"
        "</body></html>", "utf-8")
    result = import_to_file(page).result
    facts = result.facts
    assert (facts.title or facts.effective_title()) == "某县司法局2023年度法治政府建设工作报告"
    assert (facts.year, facts.agency.name, facts.doc_number) == (2023, "某县司法局", "某司〔2024〕2号")
    assert facts.preamble == ["2023年，我局扎实推进法治政府建设。现将有关情况报告如下："]
    labels = [r.label for r in result.removed]
    assert labels.count("信息公开目录") == 14 and labels[:2] == ["页面导航", "栏目路径"]  # 7 labels, 7 values
