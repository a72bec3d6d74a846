"""The measure of "last year's text again" on pairs of real-looking paragraphs, and department matching."""

from __future__ import annotations

import pytest

from drafter.review.similarity import (
    MIN_CHARS,
    REPEAT_THRESHOLD,
    match_agency,
    normalise,
    repeated_paragraphs,
    same_agency,
    similarity,
)

LAST_YEAR = ("2023年，我局共办理行政复议案件12件，行政应诉案件3件，均未发生败诉；"
             "全年组织执法人员参加法律知识培训4次，执法人员持证率达到100%。")

REPEATED = {
    "year and figures changed": ("2024年，我局共办理行政复议案件15件，行政应诉案件5件，均未发生败诉；"
                                 "全年组织执法人员参加法律知识培训6次，执法人员持证率达到100%。"),
    "full-width digits and half-width marks": ("２０２３年,我局共办理行政复议案件１２件,行政应诉案件３件,均未发生败诉;"
                                              "全年组织执法人员参加法律知识培训４次,执法人员持证率达到１００%."),
    "a clause added": ("2024年，我局共办理行政复议案件15件，行政应诉案件5件，均未发生败诉；"
                       "全年组织执法人员参加法律知识培训6次，执法人员持证率达到100%，行政机关负责人出庭应诉率100%。"),
    "a word or two changed": ("2024年，我局共办理行政复议案件15件，行政诉讼案件5件，均未出现败诉；"
                              "全年组织执法人员参加法律知识培训6次，执法人员持证率达到100%。"),
}

NOT_REPEATED = {
    "same subject rewritten": ("全年受理的复议申请比上年有所增加，通过调解和解结案的比例明显提高，"
                               "复议纠错功能进一步发挥，应诉工作没有出现败诉案件。"),
    "another subject": ("深入开展“八五”普法，利用科技活动周、宪法宣传周等节点，走进企业和园区宣讲"
                        "《中华人民共和国科学技术进步法》，发放宣传资料2000余份。"),
    "half of it kept": ("2024年，我局共办理行政复议案件15件，行政应诉案件5件，均未发生败诉。"
                        "同时推行说理式执法，在全部行政处罚决定书中写明裁量理由，并对典型案例逐一复盘。"),
}


def test_normalise_drops_numbers_marks_and_spaces() -> None:
    assert normalise(" 2023年 办理１２件，持证率100%。") == "#年办理#件持证率#"


@pytest.mark.parametrize("name", sorted(REPEATED))
def test_a_reviewer_would_call_these_repeated(name: str) -> None:
    assert similarity(LAST_YEAR, REPEATED[name]) >= REPEAT_THRESHOLD


@pytest.mark.parametrize("name", sorted(NOT_REPEATED))
def test_a_reviewer_would_not_call_these_repeated(name: str) -> None:
    assert similarity(LAST_YEAR, NOT_REPEATED[name]) < REPEAT_THRESHOLD


def test_the_year_or_figure_alone_makes_no_difference() -> None:
    assert similarity(LAST_YEAR, REPEATED["year and figures changed"]) == 1.0


def test_repeated_paragraphs_lists_each_with_its_counterpart() -> None:
    previous = ["一、主要举措和成效", NOT_REPEATED["another subject"], LAST_YEAR]
    current = ["一、主要举措和成效", REPEATED["a clause added"], NOT_REPEATED["same subject rewritten"]]
    found, compared = repeated_paragraphs(current, previous)
    assert compared == 2  # the heading is too short to compare
    assert [(r.index, r.previous) for r in found] == [(1, 2)]
    assert REPEAT_THRESHOLD <= found[0].score < 1


def test_short_paragraphs_are_not_compared() -> None:
    short = "加强组织领导，落实主体责任。"
    assert len(normalise(short)) < MIN_CHARS
    assert repeated_paragraphs([short], [short]) == ([], 0)


@pytest.mark.parametrize("a, b, same", [
    ("龙泉市科学技术局", "龙泉市科学技术局", True),
    ("龙泉市科技局", "龙泉市科学技术局", True),  # the short form
    ("龙泉市科学技术局", "龙泉市科 学技术局", True),  # a stray space
    ("龙泉市科技局", "龙泉市司法局", False),
    ("龙泉市科学技术局", "庆元县科学技术局", False),
    ("科技局", "龙泉市科学技术局", True),  # the shortest form a department uses of itself
    ("市局", "龙泉市科学技术局", False),  # too short to tell
    ("龙泉市科学技术协会", "龙泉市科学技术局", False),  # not the same kind of body
])
def test_same_agency(a: str, b: str, same: bool) -> None:
    assert same_agency(a, b) is same
    assert same_agency(b, a) is same


def test_match_prefers_the_full_name_then_the_latest_earlier_year() -> None:
    candidates = [("龙泉市科技局", 2022), ("龙泉市科学技术局", 2021), ("龙泉市科学技术局", 2022),
                  ("龙泉市科学技术局", 2024), ("龙泉市司法局", 2022)]
    assert match_agency("龙泉市科学技术局", 2023, candidates) == 2
    assert match_agency("龙泉市科技局", 2023, candidates) == 0
    assert match_agency("龙泉市财政局", 2023, candidates) is None
    assert match_agency("龙泉市科学技术局", 2021, candidates) is None  # nothing earlier
