"""Review checks on real report text: each rule finds its problem, located, and stays quiet on clean text.

Real text comes from the seeds: examples/<slug>/source.txt is byte-identical to the seed it was
copied from (tests/test_examples.py), and luohe-2020 is seed 003 with its two "五是" and its
stray spaces ("1 .完善政策激励 体系").
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.errors import FactFileError, Finding
from drafter.factfile.model import parse_facts
from drafter.review.checks import FIX_HINT, UNLOCATED_FIX_HINT, check, rulebook
from drafter.text.numerals import parse_chinese_numeral
from drafter.text.rules import apply_spans, ordinals, safe_fix_spans, year_mentions
from tests.helpers.samples import MINIMAL, ROOT

EXAMPLES = ROOT / "examples"
#: Seed 003 (漯河市科学技术局 2020), verbatim: half-width punctuation, stray spaces, two 五是.
SEED_003 = (EXAMPLES / "luohe-2020" / "source.txt").read_text("utf-8").split("\n")
#: Seed 004 (江海区科学技术局 2019), verbatim.
SEED_004 = (EXAMPLES / "jianghai-2019" / "source.txt").read_text("utf-8").split("\n")


def block(lines: list[str], indent: int) -> str:
    """A YAML block literal holding `lines`, one paragraph per line."""
    return "|\n" + "".join(" " * indent + line + "\n" for line in lines)


def review(text: str, name: str = "facts.yaml") -> list[Finding]:
    text = textwrap.dedent(text) if text.startswith("\n") or text.startswith(" ") else text
    return check(parse_facts(text, name))


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def minimal_with(**replace: str) -> str:
    """MINIMAL with some lines replaced: minimal_with(old_line=new_text)."""
    text = MINIMAL
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def source_line(text: str, finding: Finding) -> str:
    assert finding.line is not None
    return text.split("\n")[finding.line - 1]


def char_at(text: str, finding: Finding) -> str:
    assert finding.column is not None
    return source_line(text, finding)[finding.column - 1]


def test_minimal_fact_file_is_clean():
    assert review(MINIMAL) == []


def test_every_rule_has_a_valid_severity_and_a_chinese_message():
    book = rulebook()
    for code, rule in book.rules.items():
        assert rule.severity in ("error", "warning", "hint"), code
        assert re.search(r"[\u4e00-\u9fff]", rule.message), code


_PROBLEMS = "  - kind: problems\n    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。\n"
_LEADER = "  - kind: leader\n    text: 局主要领导认真履行法治建设第一责任人职责。\n"
_SECOND_MEASURE = "      - heading: 依法履行职能\n        text: 严格落实规范性文件前置审核。\n"
_CLOSING = SEED_003[30].replace(",", "，")  # 总之，市科技局将……

#: One fact file per rule that gives that rule's finding and nothing else: "rule emitted" means a
#: review of real input produces it (not that its code appears somewhere in the source).
EACH_RULE: dict[str, str] = {
    "missing-part": MINIMAL.replace(_PROBLEMS, ""),
    "leader-folded": MINIMAL.replace(_LEADER, "").replace("严格落实规范性文件前置审核。",
                                                          "局主要负责人切实履行推进法治建设第一责任人职责。"),
    "part-repeated": MINIMAL.replace(_PROBLEMS, _PROBLEMS + "  - kind: problems\n    text: 执法力量不足。\n"),
    "empty-section": MINIMAL.replace(_PROBLEMS, "  - kind: problems\n"),
    "empty-other": MINIMAL + "  - kind: other\n",
    "year-future": MINIMAL.replace("严格落实规范性文件前置审核。", "2025年严格落实规范性文件前置审核。"),
    "year-stale": MINIMAL.replace("2023年，龙泉市", "2021年，龙泉市"),
    "title-year": MINIMAL + "title: 龙泉市科学技术局关于2022年度法治政府建设情况的报告\n",
    "plans-heading-year": MINIMAL.replace("  - kind: plans\n", "  - kind: plans\n    heading: 2023年度主要安排\n"),
    "plans-year": MINIMAL.replace("抓好领导干部带头学法用法。", "2023年抓好领导干部带头学法用法。"),
    "date-missing": MINIMAL.replace("date: 2024-01-30\n", ""),
    "date-in-year": MINIMAL.replace("date: 2024-01-30", "date: 2023-12-30"),
    "date-far": MINIMAL.replace("date: 2024-01-30", "date: 2025-01-30"),
    "date-late-report": MINIMAL.replace("date: 2024-01-30", "date: 2024-03-15"),
    "date-late-publish": MINIMAL.replace("date: 2024-01-30", "date: 2024-05-15"),
    "docno-year": MINIMAL + "doc_number: 龙科〔2023〕2号\n",
    "ordinal-repeat": MINIMAL.replace("二是普法宣传", "一是普法宣传"),
    "ordinal-gap": MINIMAL.replace("二是普法宣传", "三是普法宣传"),
    "ordinal-order": MINIMAL.replace("一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。",
                                     "一是甲；二是乙；三是丙；四是丁；三是戊。"),
    "half-width-punct": MINIMAL.replace("坚持重大决策科学化", "坚持重大决策,科学化"),
    "stray-space": MINIMAL.replace("坚持重大决策科学化", "坚持重大决策 科学化"),
    "docno-brackets": MINIMAL.replace("严格落实规范性文件前置审核。", "严格落实《龙政发[2023]5号》文件要求。"),
    "docno-field-brackets": MINIMAL + "doc_number: 龙科[2024]2号\n",
    "docno-field-form": MINIMAL + "doc_number: 龙科〔2024〕第2号\n",
    "unpaired": MINIMAL.replace("严格落实规范性文件前置审核。", "严格落实“规范性文件前置审核。"),
    "heading-end": MINIMAL.replace("heading: 依法履行职能", "heading: 依法履行职能。"),
    "runin-heading-end": MINIMAL.replace("heading: 强化组织领导，坚持民主决策", "heading: 强化组织领导，坚持民主决策，"),
    "measure-no-text": MINIMAL.replace(_SECOND_MEASURE, "      - heading: 依法履行职能\n"),
    "empty-item": MINIMAL.replace("  - kind: plans\n    items:\n", "  - kind: plans\n    items:\n      - heading: 加强队伍建设\n"),
    "heading-long": MINIMAL.replace(_SECOND_MEASURE, _SECOND_MEASURE
                                    + "      - heading: 健全制度\n        text: 甲。\n      - heading: 完善机制\n        text: 乙。\n"
                                    "      - heading: 全面深入持续推进严格规范公正文明执法并不断提升行政执法质量和效能\n"
                                    "        text: 丙。\n"),
    "heading-duplicate": MINIMAL.replace(_SECOND_MEASURE, _SECOND_MEASURE
                                         + "      - heading: 依法履行职能\n        text: 严格落实合法性审查。\n"),
    "duplicate-paragraph": MINIMAL + "closing: " + block([_CLOSING, _CLOSING], 2),
}


def test_every_rule_in_the_rulebook_has_an_input_that_gives_it():
    assert sorted(EACH_RULE) == sorted(rulebook().rules)


@pytest.mark.parametrize("code", sorted(EACH_RULE))
def test_each_rule_is_emitted_by_a_review(code: str):
    text = EACH_RULE[code]
    assert text != MINIMAL, "the replacement did not apply"
    findings = review(text)
    assert codes(findings) == [code], [(f.code, f.message) for f in findings]
    assert "{" not in findings[0].message, findings[0].message  # every placeholder filled in


# --- 1. statutory completeness -----------------------------------------------------------------

def test_missing_statutory_part_is_named_and_located_at_sections():
    text = minimal_with(**{"  - kind: problems\n    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。\n": ""})
    found = only(review(text), "missing-part")
    assert len(found) == 1
    assert "存在的不足和原因" in found[0].message and "kind: problems" in found[0].message
    assert found[0].line == text.split("\n").index("sections:") + 1
    assert found[0].severity == "warning"


def test_thematic_report_counts_as_measures_and_recognises_parts_by_heading():
    # longgang-2020 is thematic; its five headings hold no 存在问题 or 下一年度 part.
    text = (EXAMPLES / "longgang-2020" / "facts.yaml").read_text("utf-8")
    found = review(text)
    missing = {f.message.split("“")[1].split("”")[0] for f in only(found, "missing-part")}
    assert missing == {"存在的不足和原因", "下一年度主要安排"}
    # a thematic heading that names the part is recognised without kind
    text = text.replace("heading: 转变工作作风，打造依法行政阳光工程", "heading: 存在的问题和不足")
    missing = {f.message.split("“")[1].split("”")[0] for f in only(review(text), "missing-part")}
    assert missing == {"下一年度主要安排"}


#: Headings without kind, with the part import gives them and check must count them as.
THEMATIC_HEADINGS = [
    ("存在的差距", "problems"),
    ("党政主要负责同志履行推进法治建设职责情况", "leader"),
    ("工作中的不足之处", "problems"),
    ("2024年重点工作", "plans"),
    ("明年工作思路", "plans"),
    ("其他需要报告的事项", "other"),
    ("强化组织领导", None),
]


@pytest.mark.parametrize(("heading", "kind"), THEMATIC_HEADINGS)
def test_check_and_import_give_a_heading_the_same_part(heading: str, kind: str | None):
    from drafter.importing.readers import text_lines
    from drafter.importing.recognise import recognise
    from drafter.review.checks import section_kind

    lines = ["龙泉市科学技术局关于2023年度法治政府建设情况的报告", "一、主要举措和成效", "正文。", f"二、{heading}", "内容。"]
    imported = recognise(text_lines("\n".join(lines))).facts
    assert imported.sections[1].kind == kind
    facts = imported.model_copy(update={"sections": [s.model_copy(update={"kind": None}) for s in imported.sections]})
    assert section_kind(facts, facts.sections[1]) == (kind or "measures")


def test_parts_named_only_by_their_headings_are_not_reported_missing():
    text = minimal_with(**{
        "  - kind: problems\n": "  - heading: 存在的差距\n",
        "  - kind: leader\n": "  - heading: 党政主要负责同志履行推进法治建设职责情况\n",
    })
    assert not only(review(text), "missing-part")


def test_leader_folded_into_a_heading_says_where_it_was_found():
    # jianghai-2019 without its leader part: 第一责任人 sits under 一（一）1.
    text = (EXAMPLES / "jianghai-2019" / "facts.yaml").read_text("utf-8")
    start = text.index("  - kind: leader")
    end = text.index("  - kind: plans")
    text = text[:start] + text[end:]
    found = review(text)
    assert "missing-part" not in codes(found)
    (folded,) = only(found, "leader-folded")
    assert folded.severity == "hint"
    line = text.split("\n").index("          - heading: 落实法治政府建设第一责任人制度") + 1
    assert f"标题“落实法治政府建设第一责任人制度”（第 {line} 行）" in folded.message


def test_leader_folded_into_a_paragraph_of_a_thematic_report():
    text = (EXAMPLES / "longgang-2020" / "facts.yaml").read_text("utf-8")
    (folded,) = only(review(text), "leader-folded")
    line = next(i for i, s in enumerate(text.split("\n"), 1) if "建立依法行政第一责任人制度" in s)
    assert f"第 {line} 行的段落中" in folded.message


def test_leader_part_of_its_own_is_not_reported():
    assert not only(review(MINIMAL), "leader-folded")


def test_empty_statutory_section_is_an_error_and_empty_other_a_warning():
    text = minimal_with(**{"  - kind: leader\n    text: 局主要领导认真履行法治建设第一责任人职责。\n": "  - kind: leader\n"})
    text += "  - kind: other\n"
    found = review(text)
    (empty,) = only(found, "empty-section")
    assert empty.severity == "error" and empty.path == "sections[2]"
    (other,) = only(found, "empty-other")
    assert other.severity == "warning" and other.path == "sections[4]"


def test_a_statutory_part_written_twice_is_reported():
    text = MINIMAL + "  - kind: problems\n    heading: 存在的问题\n    text: 普法宣传的深度和广度不够。\n"
    (dup,) = only(review(text), "part-repeated")
    assert dup.path == "sections[4].kind"


# --- 2. years and dates -------------------------------------------------------------------------

LONGQUAN_SENTENCE = "全局干部均通过2023年度全市干部（职工）学法用法建档考试。"


def test_work_of_a_later_year_described_as_done_is_found():
    # a 2022 report saying the 2023 exam was passed (real sentence from longquan-2023)
    text = minimal_with(**{"year: 2023": "year: 2022", "date: 2024-01-30": "date: 2023-01-30",
                           "2023年，龙泉市": "2022年，龙泉市",
                           "坚持重大决策科学化民主化法治化。": LONGQUAN_SENTENCE})
    (future,) = only(review(text), "year-future")
    assert "2023 年" in future.message and "2022 年" in future.message
    assert future.column is not None
    assert source_line(text, future)[future.column - 1 : future.column + 3] == "2023"


@pytest.mark.parametrize("sentence", [
    "2022年以来，累计开展学法活动30余次。",  # an earlier year is fine
    "制定《2024年度龙泉市科技局重大行政决策目录清单》。",  # the name of a document
    "贯彻落实《龙泉市科学技术局法治宣传教育第八个五年规划（2021—2025年）》。",  # a range
    "2024年1月，组织全局干部参加年度学法考试。",  # early next year, before the report is written
    "2024年，我局将继续深化“放管服”改革。",  # a plan
])
def test_years_that_are_not_work_done_in_a_later_year_are_fine(sentence: str):
    text = minimal_with(**{"坚持重大决策科学化民主化法治化。": sentence})
    assert not only(review(text), "year-future")


def test_measures_that_only_speak_of_earlier_years_look_copied():
    # luohe-2020 read as if it were the 2021 report: nothing in it speaks of 2021
    text = (EXAMPLES / "luohe-2020" / "facts.yaml").read_text("utf-8")
    text = text.replace("year: 2020", "year: 2021").replace("date: 2021-01-22", "date: 2022-01-22")
    found = review(text)
    (stale,) = only(found, "year-stale")
    assert "2021 年" in stale.message and "2020" in stale.message
    (heading,) = only(found, "plans-heading-year")
    assert heading.severity == "error" and "应为 2022 年" in heading.message
    assert heading.path == "sections[3].heading"
    (plans,) = only(found, "plans-year")
    assert "2021 年" in plans.message and "2022 年" in plans.message
    assert "五是加强法治教育" in source_line(text, plans)


def test_plans_of_the_next_year_are_fine():
    text = (EXAMPLES / "luohe-2020" / "facts.yaml").read_text("utf-8")
    assert not [c for c in codes(review(text)) if c.startswith(("plans", "year"))]


def test_title_year_must_match_the_report_year():
    text = (EXAMPLES / "longquan-2023" / "facts.yaml").read_text("utf-8").replace("year: 2023", "year: 2024")
    text = text.replace("date: 2024-01-30", "date: 2025-01-30").replace("龙科〔2024〕2号", "龙科〔2025〕2号")
    (title,) = only(review(text), "title-year")
    assert title.severity == "error" and title.path == "title" and "2023" in title.message


@pytest.mark.parametrize(("date", "code", "severity"), [
    ("2021-01-22", None, None),
    ("2021-03-01", None, None),
    ("2020-12-30", "date-in-year", "error"),
    ("2021-03-02", "date-late-report", "warning"),
    ("2021-04-02", "date-late-publish", "warning"),
    ("2022-01-10", "date-far", "error"),
])
def test_date_is_after_the_year_and_before_the_deadlines(date: str, code: str | None, severity: str | None):
    text = (EXAMPLES / "luohe-2020" / "facts.yaml").read_text("utf-8").replace("date: 2021-01-22", f"date: {date}")
    found = [f for f in review(text) if f.code.startswith("date")]
    if code is None:
        assert found == []
        return
    (f,) = found
    assert (f.code, f.severity, f.path) == (code, severity, "date")
    assert (f.line, f.column) == (text.split("\n").index(f"date: {date}") + 1, len("date: ") + 1)


def test_missing_date_is_a_hint():
    (f,) = only(review(MINIMAL.replace("date: 2024-01-30\n", "")), "date-missing")
    assert f.severity == "hint" and "2024-01-30" in f.message


def test_document_number_year_matches_the_date():
    text = (EXAMPLES / "longquan-2023" / "facts.yaml").read_text("utf-8").replace("龙科〔2024〕2号", "龙科〔2023〕2号")
    (f,) = only(review(text), "docno-year")
    assert f.path == "doc_number" and "2023" in f.message and "2024" in f.message


@pytest.mark.parametrize("docno, found", [("龙科〔2023〕2号", True), ("龙科〔2025〕2号", True), ("龙科〔2024〕2号", False)])
def test_undated_document_number_year_is_the_year_after_the_report(docno: str, found: bool):
    """Without a 成文日期 the 文号 should carry the year the report is written: the report year + 1."""
    text = MINIMAL.replace("date: 2024-01-30\n", "") + f"doc_number: {docno}\n"
    findings = only(review(text), "docno-year")
    if not found:
        assert findings == []
        return
    (f,) = findings
    assert f.path == "doc_number" and docno[3:7] in f.message and "2024" in f.message
    assert f.line == text.split("\n").index(f"doc_number: {docno}") + 1


# --- 3. ordinals inside paragraphs ---------------------------------------------------------------

def measures_text(lines: list[str]) -> str:
    return minimal_with(**{"        text: 严格落实规范性文件前置审核。\n": "        text: " + block(lines, 10)})


def test_seed_003_repeated_wu_shi_is_found_at_the_second_one():
    line = SEED_003[14]  # "7 .营造宽松政务环境 。 一是规范行政审批事项……五是……五是……"
    text = measures_text([line])
    (rep,) = only(review(text), "ordinal-repeat")
    assert "“五是”重复出现" in rep.message and rep.severity == "warning"
    assert rep.column is not None
    col = rep.column - 1
    src = source_line(text, rep)
    assert src[col : col + 2] == "五是"
    assert src.count("五是", 0, col) == 1  # the second 五是, not the first
    assert src[col:].startswith("五是加强政策性文件规范管理")


def test_ordinals_run_on_across_the_paragraphs_of_one_text():
    # seed 003 plans: one "一是…五是" per line
    assert not only(review(measures_text(SEED_003[25:30])), "ordinal-repeat")
    gap = review(measures_text([SEED_003[25], *SEED_003[27:30]]))
    (f,) = [f for f in gap if f.code.startswith("ordinal")]
    assert f.code == "ordinal-gap" and "“三是”之前缺少“二是”" in f.message
    swapped = review(measures_text([SEED_003[25], SEED_003[27], SEED_003[26], *SEED_003[28:30]]))
    kinds = [f.code for f in swapped if f.code.startswith("ordinal")]
    assert kinds == ["ordinal-gap", "ordinal-order", "ordinal-gap"]


def test_first_ordinal_must_be_one():
    (f,) = only(review(measures_text(SEED_003[26:28])), "ordinal-gap")
    assert "缺少“一是”" in f.message


def test_di_yi_steps_are_a_sequence_and_di_yi_ze_ren_ren_is_not_an_ordinal():
    steps = SEED_003[16]  # 第一步：…第六步：
    assert [o.text for o in ordinals(steps)] == [f"第{n}步" for n in "一二三四五六"]
    broken = steps.replace("第四步", "第五步", 1)
    (f,) = only(review(measures_text([broken])), "ordinal-repeat")
    assert "第五步" in f.message
    assert ordinals("履行推进法治建设第一责任人职责，达成了第一批合作意向") == []
    assert [o.text for o in ordinals("统一是基础，一是加强，二是深化")] == ["一是", "二是"]
    assert [o.number for o in ordinals("第一，加强学习。第二，严格执法。第十一，其他。")] == [1, 2, 11]


def test_chinese_numerals():
    assert [parse_chinese_numeral(s) for s in ("一", "九", "十", "十一", "二十", "二十三", "一二", "十十")] == [
        1, 9, 10, 11, 20, 23, None, None]


def test_year_mentions_skip_ranges():
    assert [m.year for m in year_mentions("（2021—2025年）2021年至2025年，2019年以来，截至2023年底")] == [2019, 2023]


# --- 4. punctuation and spacing ------------------------------------------------------------------

def test_half_width_punctuation_in_seed_text_is_found_at_each_character():
    text = measures_text([SEED_003[1]])  # the preamble of seed 003, half-width as captured
    found = only(review(text), "half-width-punct")
    assert len(found) == SEED_003[1].count(",") + SEED_003[1].count(":")
    assert all(char_at(text, f) in ",:" for f in found)
    assert found[0].severity == "error" and "全角“，”" in found[0].message


def test_half_width_parentheses_are_judged_as_pairs():
    line = "先后出台《漯河市科技违规惩戒发布制度(试行)》等4个文件，计算公式为f(x)=1。"
    found = only(review(measures_text([line])), "half-width-punct")
    assert [f.message[f.message.index("“") + 1] for f in found] == ["(", ")"]


def test_half_width_marks_between_digits_or_latin_are_fine():
    line = "占GDP比重0.95%，合计1,234万元，会议于9:30开始，网址https://kjj.example.gov.cn/a?id=1。"
    assert not only(review(measures_text([line])), "half-width-punct")


def test_seed_003_stray_spaces_are_found():
    text = measures_text([SEED_003[8], SEED_003[9]])  # "1 .完善政策激励 体系。 先后…", "2 .加大 科技 财 政投入。"
    found = only(review(text), "stray-space")
    pairs = [(f.message[1], f.message[5]) for f in found]
    assert ("1", ".") in pairs and ("励", "体") in pairs and ("大", "科") in pairs and ("财", "政") in pairs
    for f in found:
        assert f.column is not None and source_line(text, f)[f.column - 1] == " "


def test_spaces_between_latin_words_are_fine():
    line = "按照GB/T 9704-2012《党政机关公文格式》排版。"
    assert not only(review(measures_text([line])), "stray-space")


def test_document_number_brackets_in_text_and_in_the_field():
    # seed 004's preamble with the 文号 written with square brackets
    preamble = SEED_004[7].strip().replace("〔2020〕", "[2020]")
    assert "江法治办[2020]23号" in preamble
    text = MINIMAL.replace("date: 2024-01-30\n", "date: 2024-01-30\ndoc_number: 龙科[2024]2号\n")
    text = text.replace("  2023年，龙泉市科学技术局扎实推进依法行政和法治政府建设工作。现将有关情况报告如下：",
                        "  2023年，" + preamble.replace(",", "，").replace(":", "："))
    found = review(text)
    (in_text,) = only(found, "docno-brackets")
    assert in_text.severity == "error" and "“[2020]”应为“〔2020〕”" in in_text.message
    assert char_at(text, in_text) == "["
    (field,) = only(found, "docno-field-brackets")
    assert field.severity == "warning" and field.path == "doc_number" and char_at(text, field) == "["


def test_a_document_number_in_half_width_parentheses_is_one_finding():
    text = measures_text(["依据《管理办法》（江法治办(2020)23号）执行，另见江法治办〔2020〕 24号。"])
    found = review(text)
    assert [f.code for f in found] == ["docno-brackets", "stray-space"]
    assert "“(2020)”应为“〔2020〕”" in found[0].message and char_at(text, found[0]) == "("
    assert char_at(text, found[1]) == " "


def test_unpaired_quotes_and_title_marks():
    line = SEED_003[16].replace(",", "，").replace(":", "：").replace(" ", "")
    broken = line.replace("“备课”", "“备课", 1).replace("《科技政策汇编》", "《科技政策汇编", 1)
    found = only(review(measures_text([line, broken])), "unpaired")
    assert sorted(f.message[1] for f in found) == ["“", "《"]
    assert all(f.severity == "error" for f in found)


def test_list_markers_with_only_a_closing_parenthesis_are_fine():
    line = "主要做法：1）健全制度；2）加强培训；3）严格考核。"
    assert not only(review(measures_text([line])), "unpaired")


def test_heading_end_marks_depend_on_the_form():
    text = minimal_with(**{
        "      - heading: 依法履行职能\n": "      - heading: 依法履行职能。\n",
        "      - heading: 强化组织领导，坚持民主决策\n": "      - heading: 强化组织领导，坚持民主决策，\n",
    })
    found = review(text)
    (standalone,) = only(found, "heading-end")
    assert standalone.path == "sections[0].items[1].heading" and char_at(text, standalone) == "。"
    (run_in,) = only(found, "runin-heading-end")
    assert run_in.path == "sections[0].items[0].heading" and "“，。”" in run_in.message
    # a run-in heading already ending in 。 is fine: the build does not add another
    text = minimal_with(**{"      - heading: 强化组织领导，坚持民主决策\n": "      - heading: 强化组织领导，坚持民主决策。\n"})
    assert not [f for f in review(text) if "heading" in f.code]


def test_heading_with_its_own_number_from_seed_003():
    """The fact model refuses it (so check, build and the wizard agree), located at the heading."""
    heading = SEED_003[8].split("。")[0]  # "1 .完善政策激励 体系"
    text = minimal_with(**{"      - heading: 依法履行职能\n": f"      - heading: {heading}\n"})
    with pytest.raises(FactFileError) as caught:
        review(text)
    (numbered,) = caught.value.findings
    assert numbered.severity == "error" and "“1 .”" in numbered.message and char_at(text, numbered) == "1"
    assert numbered.path == "sections[0].items[1].heading"


# --- 5. shape -----------------------------------------------------------------------------------

def test_measure_without_paragraph_and_empty_item():
    text = minimal_with(**{"        text: 严格落实规范性文件前置审核。\n": ""})
    text = text.replace("        text: 抓好领导干部带头学法用法。\n", "")
    found = review(text)
    (measure,) = only(found, "measure-no-text")
    assert measure.path == "sections[0].items[1].heading"
    (item,) = only(found, "empty-item")
    assert item.path == "sections[3].items[0].heading"


def test_heading_far_longer_than_its_siblings_is_a_hint():
    items = "".join(f"      - heading: {h}\n        text: 内容。\n" for h in ("领导高度重视", "完善工作制度", "注重督办落实"))
    long = "高质量推进服务型行政执法示范点创建并全面提升依法行政水平"
    text = minimal_with(**{"    items:\n      - heading: 强化组织领导": "    items:\n" + items
                           + f"      - heading: {long}\n        text: 内容。\n      - heading: 强化组织领导"})
    (f,) = only(review(text), "heading-long")
    assert f.severity == "hint" and f"{len(long)} 个字" in f.message


def test_duplicated_paragraph_and_duplicated_heading():
    para = SEED_003[30].replace(",", "，")  # 总之，市科技局将……
    text = MINIMAL + "closing: " + block([para, para], 2)
    (dup,) = only(review(text), "duplicate-paragraph")
    first = text.split("\n").index("  " + para) + 1
    assert dup.line == first + 1 and f"第 {first} 行" in dup.message
    text = minimal_with(**{"      - heading: 依法履行职能\n": "      - heading: 强化组织领导，坚持民主决策\n"})
    (head,) = only(review(text), "heading-duplicate")
    assert head.path == "sections[0].items[1].heading"


# --- locations ------------------------------------------------------------------------------------

def test_list_form_texts_are_located_by_item_and_column():
    text = minimal_with(**{"        text: 严格落实规范性文件前置审核。\n":
                           "        text:\n          - 第一段落完整。\n          - ''\n          - 严格落实规范性文件,前置审核。\n"})
    (f,) = only(review(text), "half-width-punct")
    assert f.path == "sections[0].items[1].text[2]" and char_at(text, f) == ","


def test_quoted_and_plain_one_line_values_have_columns():
    text = minimal_with(**{"      - heading: 依法履行职能\n": '      - heading: "依法履行职能 , 严格执法"  # 注释\n'})
    found = [f for f in review(text) if f.code in ("half-width-punct", "stray-space")]
    assert [char_at(text, f) for f in found] == [" ", ",", " "]


def test_multi_line_plain_text_is_located_to_the_character_but_not_offered_to_fix():
    # a plain scalar over two lines is folded into one paragraph by YAML: each character is found on its
    # own line, but the file's characters are not the value's, so --fix does not edit it
    text = minimal_with(**{"        text: 严格落实规范性文件前置审核。\n":
                           "        text: 严格落实规范性文件,\n          前置审核。\n"})
    (f,) = only(review(text), "half-width-punct")
    line = text.split("\n").index("        text: 严格落实规范性文件,") + 1
    assert (f.line, f.column) == (line, len("        text: 严格落实规范性文件,")) and not f.fixable
    assert UNLOCATED_FIX_HINT in f.message and FIX_HINT not in f.message  # no promise --fix would not keep
    (located,) = only(review(EACH_RULE["half-width-punct"]), "half-width-punct")
    assert located.fixable and FIX_HINT in located.message and UNLOCATED_FIX_HINT not in located.message


#: A `$schema` line whose file is not there (relative to the fact file's folder).
DEAD_SCHEMA = "# yaml-language-server: $schema=schema/facts.schema.json\n"


def test_check_file_warns_first_of_a_schema_line_that_names_no_file(tmp_path: Path):
    """The editor checked nothing because of that line: it comes first, with the review after it."""
    from drafter.review.checks import check_file

    path = tmp_path / "facts.yaml"
    text = DEAD_SCHEMA + EACH_RULE["stray-space"]
    path.write_text(text, "utf-8")
    _, found = check_file(path)
    column = len("# yaml-language-server: $schema=") + 1
    space = next(i for i, line in enumerate(text.split("\n"), 1) if "坚持重大决策 科学化" in line)
    assert [(f.line, f.column, f.code) for f in found] == [(1, column, "schema-missing"),
                                                           (space, len("          坚持重大决策") + 1, "stray-space")]
    assert found[0].file == str(path) and "schema/facts.schema.json" in found[0].message


def test_a_file_that_does_not_validate_still_hears_of_its_dead_schema_line_first(tmp_path: Path):
    from drafter.review.checks import check_file

    path = tmp_path / "facts.yaml"
    text = DEAD_SCHEMA + MINIMAL.replace("year: 2023", "yaer: 2023")
    path.write_text(text, "utf-8")
    with pytest.raises(FactFileError) as info:
        check_file(path)
    found = [(f.line, f.column, f.code) for f in info.value.findings]
    assert found == [(1, len("# yaml-language-server: $schema=") + 1, "schema-missing"),
                     (2, 1, "missing"), (4, 1, "extra_forbidden")]  # year missing, yaer unknown


def test_a_received_report_is_reviewed_in_the_words_of_a_document():
    """`drafter review` has no fact file: each rule's `document` wording names no field of one."""
    text = EACH_RULE["date-missing"]
    (found,) = check(parse_facts(text, "facts.yaml"), document=True)
    assert found.message == "没有找到成文日期；正式报送的公文应在落款处写明成文日期，例如 2024年1月30日。"
    (found,) = review(text)
    assert found.message == "没有填写成文日期（date）；正式报送的公文应写明成文日期，例如 date: 2024-01-30。"


def test_examples_file_is_located_by_name(tmp_path: Path):
    path = tmp_path / "报告.yaml"
    path.write_text(measures_text([SEED_003[14]]), "utf-8")
    from drafter.review.checks import check_file

    _, found = check_file(path)
    assert found and all(f.file == str(path) for f in found)


# --- the fixes converge ----------------------------------------------------------------------------

_PIECES = st.sampled_from([*"法治建设年号第一二是我局", *"ab12 ,;:?!()[]。“”〔〕（）", "2020", "\u3000", "江法治办[2020]23号"])


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(lambda pieces: "".join(pieces).strip()))
def test_safe_fixes_leave_nothing_to_fix(text: str):
    """One --fix pass is enough: the fixed text has no punctuation, space or 文号 finding left."""
    fixed = apply_spans(text, safe_fix_spans(text)).strip()
    assert safe_fix_spans(fixed) == []


def test_the_width_rule_runs_once_per_text(monkeypatch: pytest.MonkeyPatch):
    """stray_spaces needs the widened marks; safe_fix_spans hands them over instead of recomputing."""
    from drafter.text import rules as textrules

    calls = []
    real = textrules.half_width_punctuation

    def spy(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(textrules, "half_width_punctuation", spy)
    spans = textrules.safe_fix_spans("法, a 江法治办[2020]23号")
    assert len(calls) == 1 and [s.code for s in spans] == ["half-width-punct", "stray-space", "stray-space",
                                                          "docno-brackets"]
    # the handed-over marks are the right ones: the fixes still land where they belong
    assert apply_spans("法, a 江法治办[2020]23号", spans) == "法，a江法治办〔2020〕23号"




# --- each branch of the review, reported exactly as the clerk reads it ---------------------------------

_P = "  - kind: problems\n    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。\n"
_L = "  - kind: leader\n    text: 局主要领导认真履行法治建设第一责任人职责。\n"
_M2 = "      - heading: 依法履行职能\n        text: 严格落实规范性文件前置审核。\n"
_T = "严格落实规范性文件前置审核。"
_PL = "抓好领导干部带头学法用法。"


def _w(old: str, new: str, base: str = MINIMAL) -> str:
    assert old in base, old
    return base.replace(old, new)


REVIEWED: dict[str, str] = {
    "missing problems": _w(_P, ""),
    "missing every part": _w(_P, "").replace(_L, "").replace("  - kind: plans\n    items:\n      - heading: 深入学习贯彻习近平法治思想\n        run_in: true\n        text: 抓好领导干部带头学法用法。\n", ""),
    "leader folded under a heading": _w(_L, "").replace("heading: 依法履行职能", "heading: 履行第一责任人职责"),
    "leader folded in a paragraph": _w(_L, "").replace(_T, "局主要负责人切实履行推进法治建设第一责任人职责。"),
    "part repeated": _w(_P, _P + "  - kind: problems\n    text: 执法力量不足。\n"),
    "empty section": _w(_P, "  - kind: problems\n"),
    "empty other": MINIMAL + "  - kind: other\n",
    "year future": _w(_T, "2025年严格落实。"),
    "year future early in next year": _w(_T, "2024年3月严格落实。"),
    "year future in month four": _w(_T, "2024年4月严格落实。"),
    "year future as a plan": _w(_T, "2025年将严格落实。"),
    "year future in a title": _w(_T, "落实《2025年工作要点》。"),
    "year stale": _w("2023年，龙泉市", "2021年，龙泉市").replace(_T, "2022年严格落实。"),
    "title year": MINIMAL + "title: 龙泉市科学技术局关于2022年度法治政府建设情况的报告\n",
    "title with two years": MINIMAL + "title: 龙泉市科学技术局2022年至2023年法治政府建设情况的报告\n",
    "plans heading year": _w("  - kind: plans\n", "  - kind: plans\n    heading: 2023年度主要安排\n"),
    "plans heading next year": _w("  - kind: plans\n", "  - kind: plans\n    heading: 2024年度主要安排\n"),
    "plans year": _w(_PL, "2022年抓好学法。2023年抓好用法。"),
    "plans year with next year": _w(_PL, "2023年抓好学法。2024年抓好用法。"),
    "date missing": _w("date: 2024-01-30\n", ""),
    "date in year": _w("date: 2024-01-30", "date: 2023-12-31"),
    "date far": _w("date: 2024-01-30", "date: 2025-01-01"),
    "date on the report deadline": _w("date: 2024-01-30", "date: 2024-03-01"),
    "date late report": _w("date: 2024-01-30", "date: 2024-03-02"),
    "date on the publish deadline": _w("date: 2024-01-30", "date: 2024-04-01"),
    "date late publish": _w("date: 2024-01-30", "date: 2024-04-02"),
    "docno year dated": MINIMAL + "doc_number: 龙科〔2023〕2号\n",
    "docno year undated": _w("date: 2024-01-30\n", "") + "doc_number: 龙科〔2023〕2号\n",
    "docno year undated right": _w("date: 2024-01-30\n", "") + "doc_number: 龙科〔2024〕2号\n",
    "ordinal repeat": _w("二是普法宣传", "一是普法宣传"),
    "ordinal gap at the start": _w("一是法治建设整体水平有待提升；二是", "二是法治建设整体水平有待提升；三是"),
    "ordinal gap": _w("二是普法宣传", "三是普法宣传"),
    "ordinal order": _w("一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。", "一是甲；二是乙；三是丙；二是丁。"),
    "ordinal new enumeration": _w("一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。", "一是甲；二是乙。一是丙；二是丁。"),
    "ordinals across paragraphs": _w("    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。\n",
                                    "    text: |\n      一是甲。\n      二是乙。\n      四是丁。\n"),
    "ordinals of two families": _w("一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。", "第一，甲；一是乙；第二，丙；二是丁。"),
    "ordinals in the closing": MINIMAL + "closing: 一是甲；三是丙。\n",
    "ordinals in a heading": _w("heading: 依法履行职能", "heading: 一是甲三是丙"),
    "half-width and unpaired": _w(_T, "严格落实“规范性文件,前置审核。"),
    "docno brackets in text": _w(_T, "严格落实《龙政发[2023]5号》文件要求。"),
    "docno field brackets": MINIMAL + "doc_number: 龙科[2024]2号\n",
    "section heading ended": _w("  - kind: problems\n", "  - kind: problems\n    heading: 存在的不足。\n"),
    "heading end": _w("heading: 依法履行职能", "heading: 依法履行职能；"),
    "run-in heading end": _w("heading: 强化组织领导，坚持民主决策", "heading: 强化组织领导，坚持民主决策、"),
    "run-in heading with a full stop": _w("heading: 强化组织领导，坚持民主决策", "heading: 强化组织领导，坚持民主决策。"),
    "measure no text": _w(_M2, "      - heading: 依法履行职能\n"),
    "empty item": _w("  - kind: plans\n    items:\n", "  - kind: plans\n    items:\n      - heading: 加强队伍建设\n"),
    "empty sub-item of a measure": _w(_M2, _M2 + "        items:\n          - heading: 细化清单\n"),
    "heading long": _w(_M2, _M2 + "      - heading: 健全制度\n        text: 甲。\n      - heading: 完善机制\n        text: 乙。\n"
                      "      - heading: 全面深入持续推进严格规范公正文明执法并不断提升行政执法质量和效能\n        text: 丙。\n"),
    "heading long at both thresholds": _w(_M2, _M2 + "      - heading: 健全制度完善机制\n        text: 甲。\n      - heading: 规范执法提升效能\n        text: 乙。\n"
                                         "      - heading: 一二三四五六七八九十一二三四五六七八九十\n        text: 丙。\n"),
    "heading one short of long": _w(_M2, _M2 + "      - heading: 健全制度完善机制\n        text: 甲。\n      - heading: 规范执法提升效能\n        text: 乙。\n"
                                   "      - heading: 一二三四五六七八九十一二三四五六七八九\n        text: 丙。\n"),
    "heading long among two": _w(_M2, "      - heading: 全面深入持续推进严格规范公正文明执法并不断提升行政执法质量和效能\n        text: 丙。\n"),
    "heading duplicate": _w(_M2, _M2 + "      - heading: 依法履行职能\n        text: 严格落实合法性审查。\n"),
    "duplicate paragraph": MINIMAL + "closing: |\n  总之，市科技局将继续深入推进法治政府建设工作。\n  总之，市科技局将继续深入推进法治政府建设工作。\n",
    "short paragraphs may repeat": MINIMAL + "closing: |\n  无。\n  无。\n",
    "duplicate paragraph with spaces": MINIMAL + "closing: |\n  总之，市科技局将继续深入推进法治政府建设工作。\n  总之，市科技局将继续深入 推进法治政府建设工作。\n",
    "docno field with 第 and a padded number": MINIMAL + "doc_number: 龙科〔2024〕第02号\n",
    "docno field with spaces only": MINIMAL + "doc_number: 龙科 〔2024〕 2号\n",
    "title with two other years": MINIMAL + "title: 龙泉市科学技术局2021年和2022年法治政府建设情况的报告\n",
    "findings in file order": _w(_T, "2025年严格落实。").replace("认真贯彻落实中央", "认真贯彻落实,中央"),
    "part repeated where kind is not the first key": _w(_P, "  - heading: 存在的问题\n    kind: problems\n    text: 甲。\n"
                                                         "  - kind: problems\n    text: 乙。\n"),
    "heading duplicate of a folded heading": _w(_M2, "      - heading: >-\n          依法履行职能\n        text: 甲。\n"
                                                     "      - heading: 依法履行职能\n        text: 乙。\n"),
    "heading duplicate of a heading on the line after its key": _w(_M2, "      - heading:\n          依法履行职能\n"
                                                                     "        text: 甲。\n      - heading: 依法履行职能\n"
                                                                     "        text: 乙。\n"),
    "heading long among exactly three": _w(_M2, _M2 + "      - heading: 全面深入持续推进严格规范公正文明执法并不断提升行政执法质量和效能\n        text: 丙。\n"),
    "heading long by the extra only": _w(_P, "  - kind: problems\n    items:\n      - heading: 一二三四五六七八九十\n        text: 甲0。\n      - heading: 十九八七六五四三二一\n        text: 甲1。\n      - heading: 一二三四五六七八九十一二三四五六七八九十一二\n        text: 甲2。\n"),
    "heading long in the middle": _w(_P, "  - kind: problems\n    items:\n      - heading: 健全制度\n        text: 甲0。\n      - heading: 完善机制建设\n        text: 甲1。\n      - heading: 一二三四五六七八九十一二三四五六七\n        text: 甲2。\n      - heading: 规范执法\n        text: 甲3。\n      - heading: 提升效能水平\n        text: 甲4。\n"),
    "heading long among an odd number of others": _w(_P, "  - kind: problems\n    items:\n      - heading: 健全制度\n        text: 甲0。\n      - heading: 完善机制建设\n        text: 甲1。\n      - heading: 规范执法提升效能水平\n        text: 甲2。\n      - heading: 一二三四五六七八九十一二三四五六七八九十\n        text: 甲3。\n"),
    "heading duplicate where the heading is not the first key": _w(_M2, "      - text: 甲。\n        heading: 依法履行职能\n"
                                                                      "      - heading: 依法履行职能\n        text: 乙。\n"),
    "sub-item heading ends with a full stop": _w(_M2, _M2 + "        items:\n          - heading: 细化清单。\n            text: 甲。\n"),
    "plans heading with two other years": _w("  - kind: plans\n", "  - kind: plans\n    heading: 2022年和2023年工作安排\n"),
    "ordinals in the preamble": _w("现将有关情况报告如下：", "一是甲；三是丙。"),
    "first ordinal in the middle of a paragraph": _w("一是法治建设整体水平有待提升；二是", "主要是：二是法治建设整体水平有待提升；三是"),
    "paragraph of exactly the minimum length repeated": MINIMAL + "closing: |\n  一二三四五六七八九十一二三四五\n  一二三四五六七八九十一二三四五\n",
    "no preamble": _w("preamble: |\n  2023年，龙泉市科学技术局扎实推进依法行政和法治政府建设工作。现将有关情况报告如下：\n", ""),
    "year future in the problems and the leader parts": _w("二是普法宣传", "二是2025年普法宣传").replace("局主要领导认真", "2026年局主要领导认真"),
    "a plan year before a year done": _w(_T, "2022年完成审核，2025年严格落实。"),
    "year stale in the middle of the preamble": _w("2023年，龙泉市", "本局在2021年，龙泉市"),
    "a first part whose heading also names other matters": _w("  - kind: measures\n    items:",
                                                              "  - heading: 其他需要报告的工作情况\n    items:").replace(_T, "2025年严格落实。"),
    "an early month of the next year before a later year": _w(_T, "2024年1月完成审核，2025年严格落实。"),
    "thematic sections": _w("  - kind: measures\n    items:", "  - heading: 坚持依法行政\n    items:"),
}


#: (line, column, path, severity, code, message) of every finding of each fact file in REVIEWED.
REVIEW_FINDINGS: dict[str, list[tuple[int | None, int | None, str, str, str, str]]] = {
    'missing problems': [
        (7, 1, 'sections', 'warning', 'missing-part', '缺少法定内容“存在的不足和原因”（《法治政府建设与责任落实督察工作规定》要求年度报告写明）；请增加一个 kind: problems 的部分。'),
    ],
    'missing every part': [
        (7, 1, 'sections', 'warning', 'missing-part', '缺少法定内容“存在的不足和原因”（《法治政府建设与责任落实督察工作规定》要求年度报告写明）；请增加一个 kind: problems 的部分。'),
        (7, 1, 'sections', 'warning', 'missing-part', '缺少法定内容“党政主要负责人履行推进法治建设第一责任人职责情况”（《法治政府建设与责任落实督察工作规定》要求年度报告写明）；请增加一个 kind: leader 的部分。'),
        (7, 1, 'sections', 'warning', 'missing-part', '缺少法定内容“下一年度主要安排”（《法治政府建设与责任落实督察工作规定》要求年度报告写明）；请增加一个 kind: plans 的部分。'),
    ],
    'leader folded under a heading': [
        (7, 1, 'sections', 'hint', 'leader-folded', '没有单独的第一责任人部分；党政主要负责人履职情况合并写在标题“履行第一责任人职责”（第 15 行）下（实际报告中常见的写法）。如需单独成部分，可增加 kind: leader。'),
    ],
    'leader folded in a paragraph': [
        (7, 1, 'sections', 'hint', 'leader-folded', '没有单独的第一责任人部分；党政主要负责人履职情况合并写在第 16 行的段落中（实际报告中常见的写法）。如需单独成部分，可增加 kind: leader。'),
    ],
    'part repeated': [
        (19, 11, 'sections[2].kind', 'warning', 'part-repeated', '“存在的不足和原因”部分出现了不止一次（第 17 行已有），请合并为一个部分。'),
    ],
    'empty section': [
        (17, 5, 'sections[1]', 'error', 'empty-section', '这一部分只有标题，没有正文也没有小标题；请补充内容或删去这一部分。'),
    ],
    'empty other': [
        (26, 5, 'sections[4]', 'warning', 'empty-other', '“其他需要报告的情况”是空的：没有需要报告的情况时可删去这一部分，或写“无”。'),
    ],
    'year future': [
        (16, 15, 'sections[0].items[1].text', 'warning', 'year-future', '这里写到了 2025 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
    ],
    'year future early in next year': [
    ],
    'year future in month four': [
        (16, 15, 'sections[0].items[1].text', 'warning', 'year-future', '这里写到了 2024 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
    ],
    'year future as a plan': [
    ],
    'year future in a title': [
    ],
    'year stale': [
        (6, 3, 'preamble', 'warning', 'year-stale', '开头段和举措部分只写到 2021、2022 年，没有写到报告年度 2023 年，可能沿用了往年的报告；请核对年度（year）和正文。'),
    ],
    'title year': [
        (26, 8, 'title', 'error', 'title-year', '标题中的年份 2022 与报告年度 2023 年不一致；请核对标题（title）或年度（year）。'),
    ],
    'title with two years': [
    ],
    'plans heading year': [
        (22, 14, 'sections[3].heading', 'error', 'plans-heading-year', '下一年度安排的标题写的是 2023 年，应为 2024 年。'),
    ],
    'plans heading next year': [
    ],
    'plans year': [
        (25, 25, 'sections[3].items[0].text', 'warning', 'plans-year', '下一年度安排中写的是 2023 年，全部分没有写到 2024 年；请核对是否沿用了往年的内容。'),
    ],
    'plans year with next year': [
    ],
    'date missing': [
        (1, 1, '', 'hint', 'date-missing', '没有填写成文日期（date）；正式报送的公文应写明成文日期，例如 date: 2024-01-30。'),
    ],
    'date in year': [
        (4, 7, 'date', 'error', 'date-in-year', '成文日期 2023年12月31日 不晚于报告年度 2023 年的年底；年度报告在年度结束后成文，请核对成文日期（date）或年度（year）。'),
    ],
    'date far': [
        (4, 7, 'date', 'error', 'date-far', '成文日期 2025年1月1日 比报告年度 2023 年晚了一年以上，请核对成文日期（date）或年度（year）。'),
    ],
    'date on the report deadline': [
    ],
    'date late report': [
        (4, 7, 'date', 'warning', 'date-late-report', '成文日期 2024年3月2日 晚于 2024年3月1日；县级以上政府部门应在每年3月1日前报送上一年度的法治政府建设情况。'),
    ],
    'date on the publish deadline': [
        (4, 7, 'date', 'warning', 'date-late-report', '成文日期 2024年4月1日 晚于 2024年3月1日；县级以上政府部门应在每年3月1日前报送上一年度的法治政府建设情况。'),
    ],
    'date late publish': [
        (4, 7, 'date', 'warning', 'date-late-publish', '成文日期 2024年4月2日 晚于 2024年4月1日：已过报送期限（3月1日前），也已过向社会公开的期限（4月1日前）。'),
    ],
    'docno year dated': [
        (26, 13, 'doc_number', 'warning', 'docno-year', '发文字号中的年份 2023 与成文日期的年份 2024不一致，请核对。'),
    ],
    'docno year undated': [
        (1, 1, '', 'hint', 'date-missing', '没有填写成文日期（date）；正式报送的公文应写明成文日期，例如 date: 2024-01-30。'),
        (25, 13, 'doc_number', 'warning', 'docno-year', '发文字号中的年份 2023 与成文的年份（报告年度的下一年 2024）不一致，请核对。'),
    ],
    'docno year undated right': [
        (1, 1, '', 'hint', 'date-missing', '没有填写成文日期（date）；正式报送的公文应写明成文日期，例如 date: 2024-01-30。'),
    ],
    'ordinal repeat': [
        (18, 26, 'sections[1].text', 'warning', 'ordinal-repeat', '“一是”重复出现（前面已有“一是”），其后的序号应依次顺延。'),
    ],
    'ordinal gap at the start': [
        (18, 11, 'sections[1].text', 'warning', 'ordinal-gap', '“二是”之前缺少“一是”，序号不连续。'),
    ],
    'ordinal gap': [
        (18, 26, 'sections[1].text', 'warning', 'ordinal-gap', '“三是”之前缺少“二是”，序号不连续。'),
    ],
    'ordinal order': [
        (18, 23, 'sections[1].text', 'warning', 'ordinal-order', '“二是”出现在“三是”之后，序号顺序颠倒。'),
    ],
    'ordinal new enumeration': [
    ],
    'ordinals across paragraphs': [
        (21, 7, 'sections[1].text', 'warning', 'ordinal-gap', '“四是”之前缺少“三是”，序号不连续。'),
    ],
    'ordinals of two families': [
    ],
    'ordinals in the closing': [
        (26, 14, 'closing', 'warning', 'ordinal-gap', '“三是”之前缺少“二是”，序号不连续。'),
    ],
    'ordinals in a heading': [
    ],
    'half-width and unpaired': [
        (16, 19, 'sections[0].items[1].text', 'error', 'unpaired', '““”没有与之配对的“””，请检查是否漏写或多写。'),
        (16, 25, 'sections[0].items[1].text', 'error', 'half-width-punct', '中文里用了半角“,”，应为全角“，”（可用 drafter check --fix 自动改正）。'),
    ],
    'docno brackets in text': [
        (16, 23, 'sections[0].items[1].text', 'error', 'docno-brackets', '文号的年份应使用六角括号“〔〕”：“[2023]”应为“〔2023〕”（可用 drafter check --fix 自动改正）。'),
    ],
    'docno field brackets': [
        (26, 15, 'doc_number', 'warning', 'docno-field-brackets', '发文字号的年份应使用六角括号“〔〕”：“[2024]”应为“〔2024〕”；生成时会自动改正，建议在事实文件中也改正（可用 drafter check --fix）。'),
    ],
    'section heading ended': [
        (18, 19, 'sections[1].heading', 'warning', 'heading-end', '单独成行的标题末尾不加“。”，请删去（如要标题与正文接排，写 run_in: true）。'),
    ],
    'heading end': [
        (15, 24, 'sections[0].items[1].heading', 'warning', 'heading-end', '单独成行的标题末尾不加“；”，请删去（如要标题与正文接排，写 run_in: true）。'),
    ],
    'run-in heading end': [
        (10, 31, 'sections[0].items[0].heading', 'warning', 'runin-heading-end', '接排标题以“、”结尾，生成时还会自动加“。”，成为“、。”；请删去“、”。'),
    ],
    'run-in heading with a full stop': [
    ],
    'measure no text': [
        (15, 18, 'sections[0].items[1].heading', 'warning', 'measure-no-text', '这条举措只有标题，没有正文；请写明具体做法、数字和成效，或删去。'),
    ],
    'empty item': [
        (23, 18, 'sections[3].items[0].heading', 'warning', 'empty-item', '这个小标题下面没有正文，也没有下级标题；请补充内容或删去。'),
    ],
    'empty sub-item of a measure': [
        (18, 22, 'sections[0].items[1].items[0].heading', 'warning', 'measure-no-text', '这条举措只有标题，没有正文；请写明具体做法、数字和成效，或删去。'),
    ],
    'heading long': [
        (21, 18, 'sections[0].items[4].heading', 'hint', 'heading-long', '标题有 32 个字，明显长于同级的其他标题（多为 5 个字左右）；小标题宜简短，较长的内容可移入正文。'),
    ],
    'heading long at both thresholds': [
        (21, 18, 'sections[0].items[4].heading', 'hint', 'heading-long', '标题有 20 个字，明显长于同级的其他标题（多为 8 个字左右）；小标题宜简短，较长的内容可移入正文。'),
    ],
    'heading one short of long': [
    ],
    'heading long among two': [
    ],
    'heading duplicate': [
        (17, 18, 'sections[0].items[2].heading', 'warning', 'heading-duplicate', '与同级的另一个标题（第 15 行）完全相同，请合并或改写。'),
    ],
    'duplicate paragraph': [
        (28, 3, 'closing', 'warning', 'duplicate-paragraph', '这一段与第 27 行的段落完全相同，请删去或合并。'),
    ],
    'short paragraphs may repeat': [
    ],
    'duplicate paragraph with spaces': [
        (28, 3, 'closing', 'warning', 'duplicate-paragraph', '这一段与第 27 行的段落完全相同，请删去或合并。'),
        (28, 15, 'closing', 'error', 'stray-space', '“入”与“推”之间有多余的空格，请删去（可用 drafter check --fix 自动改正）。'),
    ],
    'docno field with 第 and a padded number': [
        (26, 13, 'doc_number', 'warning', 'docno-field-form', '发文字号“龙科〔2024〕第02号”应写作“龙科〔2024〕2号”（序号前不加“第”，不编虚位）；生成时会自动改正，建议在事实文件中也改正。'),
    ],
    'docno field with spaces only': [
        (26, 15, 'doc_number', 'error', 'stray-space', '“科”与“〔”之间有多余的空格，请删去（可用 drafter check --fix 自动改正）。'),
        (26, 22, 'doc_number', 'error', 'stray-space', '“〕”与“2”之间有多余的空格，请删去（可用 drafter check --fix 自动改正）。'),
    ],
    'title with two other years': [
        (26, 8, 'title', 'error', 'title-year', '标题中的年份 2021、2022 与报告年度 2023 年不一致；请核对标题（title）或年度（year）。'),
    ],
    'findings in file order': [
        (13, 17, 'sections[0].items[0].text', 'error', 'half-width-punct', '中文里用了半角“,”，应为全角“，”（可用 drafter check --fix 自动改正）。'),
        (16, 15, 'sections[0].items[1].text', 'warning', 'year-future', '这里写到了 2025 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
    ],
    'part repeated where kind is not the first key': [
        (20, 11, 'sections[2].kind', 'warning', 'part-repeated', '“存在的不足和原因”部分出现了不止一次（第 18 行已有），请合并为一个部分。'),
    ],
    'heading duplicate of a folded heading': [
        (18, 18, 'sections[0].items[2].heading', 'warning', 'heading-duplicate', '与同级的另一个标题（第 15 行）完全相同，请合并或改写。'),
    ],
    'heading duplicate of a heading on the line after its key': [
        (18, 18, 'sections[0].items[2].heading', 'warning', 'heading-duplicate', '与同级的另一个标题（第 15 行）完全相同，请合并或改写。'),
    ],
    'heading long among exactly three': [
        (17, 18, 'sections[0].items[2].heading', 'hint', 'heading-long', '标题有 32 个字，明显长于同级的其他标题（多为 10 个字左右）；小标题宜简短，较长的内容可移入正文。'),
    ],
    'heading long by the extra only': [
    ],
    'heading long in the middle': [
        (23, 18, 'sections[1].items[2].heading', 'hint', 'heading-long', '标题有 17 个字，明显长于同级的其他标题（多为 5 个字左右）；小标题宜简短，较长的内容可移入正文。'),
    ],
    'heading long among an odd number of others': [
        (25, 18, 'sections[1].items[3].heading', 'hint', 'heading-long', '标题有 20 个字，明显长于同级的其他标题（多为 6 个字左右）；小标题宜简短，较长的内容可移入正文。'),
    ],
    'heading duplicate where the heading is not the first key': [
        (17, 18, 'sections[0].items[2].heading', 'warning', 'heading-duplicate', '与同级的另一个标题（第 16 行）完全相同，请合并或改写。'),
    ],
    'sub-item heading ends with a full stop': [
        (18, 26, 'sections[0].items[1].items[0].heading', 'warning', 'heading-end', '单独成行的标题末尾不加“。”，请删去（如要标题与正文接排，写 run_in: true）。'),
    ],
    'plans heading with two other years': [
        (22, 14, 'sections[3].heading', 'error', 'plans-heading-year', '下一年度安排的标题写的是 2022、2023 年，应为 2024 年。'),
    ],
    'ordinals in the preamble': [
        (6, 39, 'preamble', 'warning', 'ordinal-gap', '“三是”之前缺少“二是”，序号不连续。'),
    ],
    'first ordinal in the middle of a paragraph': [
        (18, 15, 'sections[1].text', 'warning', 'ordinal-gap', '“二是”之前缺少“一是”，序号不连续。'),
    ],
    'paragraph of exactly the minimum length repeated': [
        (28, 3, 'closing', 'warning', 'duplicate-paragraph', '这一段与第 27 行的段落完全相同，请删去或合并。'),
    ],
    'no preamble': [
    ],
    'year future in the problems and the leader parts': [
        (18, 28, 'sections[1].text', 'warning', 'year-future', '这里写到了 2025 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
        (20, 11, 'sections[2].text', 'warning', 'year-future', '这里写到了 2026 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
    ],
    'a plan year before a year done': [
        (16, 25, 'sections[0].items[1].text', 'warning', 'year-future', '这里写到了 2025 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
    ],
    'year stale in the middle of the preamble': [
        (6, 6, 'preamble', 'warning', 'year-stale', '开头段和举措部分只写到 2021 年，没有写到报告年度 2023 年，可能沿用了往年的报告；请核对年度（year）和正文。'),
    ],
    'a first part whose heading also names other matters': [
        (16, 15, 'sections[0].items[1].text', 'warning', 'year-future', '这里写到了 2025 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
    ],
    'an early month of the next year before a later year': [
        (16, 27, 'sections[0].items[1].text', 'warning', 'year-future', '这里写到了 2025 年，而报告年度是 2023 年；如果写的是已完成的工作，请核对年份（年度报告只写本年度的举措和成效）。'),
    ],
    'thematic sections': [
    ],
}


def test_every_reviewed_file_has_its_findings():
    assert sorted(REVIEWED) == sorted(REVIEW_FINDINGS)


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_each_review_finding_exactly(name: str):
    findings = check(parse_facts(REVIEWED[name], "facts.yaml"))
    assert [(f.line, f.column, f.path, f.severity, f.code, f.message) for f in findings] == REVIEW_FINDINGS[name]
    assert {f.file for f in findings} <= {"facts.yaml"}


def test_the_rule_book_is_read_whole_from_checks_yaml():
    """Each rule's severity and both wordings, the future words, thresholds and deadlines as checks.yaml
    has them. Built afresh (rulebook() is cached once per process, so its reading is tested here)."""
    import yaml

    data = yaml.safe_load((ROOT / "templates" / "checks.yaml").read_text("utf-8"))
    book = rulebook.__wrapped__()
    assert book == rulebook()
    assert {code: (r.severity, r.message, r.document) for code, r in book.rules.items()} == {
        code: (v["severity"], v["message"], v.get("document", v["message"])) for code, v in data["rules"].items()}
    assert book.rules["missing-part"].document != book.rules["missing-part"].message  # its own wording for review
    assert book.future_words == data["future_words"] and "下一步" in book.future_words
    assert book.thresholds == data["thresholds"] and book.thresholds["duplicate_min_chars"] == 15
    assert book.deadlines == {"report": (3, 1), "publish": (4, 1)}
