"""drafter.text.rules: what each character-level rule reports in one string of report text, and
what `check --fix` / `import` make of it (the text after the meaning-neutral replacements)."""

from __future__ import annotations

import pytest

from drafter.text.rules import (
    FULL_WIDTH,
    Span,
    apply_spans,
    doc_number_brackets,
    half_width_punctuation,
    is_chinese,
    ordinal_word,
    ordinals,
    safe_fix_spans,
    stray_spaces,
    unpaired_marks,
    year_mentions,
)


def fixed(text: str) -> str:
    """The text as `check --fix` leaves it."""
    return apply_spans(text, safe_fix_spans(text))


# --- what counts as Chinese -------------------------------------------------------------------

@pytest.mark.parametrize(("ch", "chinese"), [
    ("法", True), ("㐀", True), ("丽", True), ("，", True), ("。", True), ("“", True), ("…", True), ("—", True),
    ("　", True), ("a", False), ("1", False), (",", False), (" ", False), ("", False), ("法治", False),
])
def test_what_counts_as_chinese_next_to_a_mark(ch: str, chinese: bool) -> None:
    assert is_chinese(ch) is chinese


# --- half-width punctuation ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("加强领导,落实责任", "加强领导，落实责任"),
    ("加强领导;落实责任", "加强领导；落实责任"),
    ("目标:落实", "目标：落实"),
    ("是否落实?", "是否落实？"),
    ("落实!", "落实！"),
    ("是否?!", "是否？！"),
    ("职能 , 严格", "职能，严格"),  # the spaces go too: they stand next to a Chinese mark now
    ("法(a)", "法（a）"),
    ("(a)法", "（a）法"),
    ("a(中)b", "a（中）b"),
    ("a(x中x)b", "a（x中x）b"),  # Chinese inside the parentheses, though not next to them
    ("(x中x)", "（x中x）"),
    ("法X文", "法X文"),
    ("法X文,续", "法X文，续"),  # a letter between Chinese characters is no mark: only the comma is widened
    ("法)", "法）"),
    ("法(", "法（"),
    ("法(a)(", "法（a）（"),  # widening one mark puts the next beside Chinese
    ("(a),法", "（a），法"),
    ("a(b)c", "a(b)c"),
    ("a,b;c:d?e!", "a,b;c:d?e!"),
    ("see (a), then", "see (a), then"),
    ("x)", "x)"),
    (",", ","),
    ("1,000元", "1,000元"),
])
def test_half_width_marks_next_to_chinese_become_full_width(text: str, expected: str) -> None:
    assert fixed(text) == expected


def test_each_widened_mark_is_one_span_naming_the_mark_and_its_fix() -> None:
    spans = half_width_punctuation("法(a),b")
    assert [(s.start, s.end, s.code, s.params, s.replacement) for s in spans] == [
        (1, 2, "half-width-punct", {"char": "(", "fix": "（"}, "（"),
        (3, 4, "half-width-punct", {"char": ")", "fix": "）"}, "）"),
        (4, 5, "half-width-punct", {"char": ",", "fix": "，"}, "，"),
    ]


def test_every_half_width_mark_has_its_full_width_form() -> None:
    for half, full in FULL_WIDTH.items():
        assert fixed(f"法{half}") == f"法{full}"


# --- stray spaces ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("完善政策激励 体系", "完善政策激励体系"),
    ("完善政策激励   体系", "完善政策激励体系"),
    ("激励\u00a0体系", "激励体系"),
    ("激励\u3000体系", "激励体系"),
    ("激励 ABC", "激励ABC"),
    ("ABC 体系", "ABC体系"),
    ("1 .完善", "1.完善"),
    ("1 ．完善", "1．完善"),
    ("1 、完善", "1、完善"),
    ("法, a", "法，a"),
    ("ABC DEF", "ABC DEF"),
    ("1 2", "1 2"),
    ("a .b", "a .b"),
    ("1 a", "1 a"),
    # a quoted slogan of parallel phrases keeps its spaces (two or more phrases of one length, each of two
    # Chinese characters or more); the spaces outside it are still stray
    ("围绕“法治护卫赋能 智创生态筑城”目标", "围绕“法治护卫赋能 智创生态筑城”目标"),
    ("开展“学法 用法 守法”的 活动", "开展“学法 用法 守法”的活动"),
    ("开展 “学法 用法 守法”活动", "开展“学法 用法 守法”活动"),
    ("开展「学法 用法」活动", "开展「学法 用法」活动"),
    ("推进“互联网 政务服务”", "推进“互联网政务服务”"),  # a lost "+": phrases of different lengths
    ("提出“法 治”要求", "提出“法治”要求"),  # one character is no phrase
    ("提出“法治 ab”要求", "提出“法治ab”要求"),  # Latin letters are no phrase of a slogan
])
def test_spaces_next_to_chinese_or_inside_a_number_are_removed(text: str, expected: str) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize("text", [" 激励体系", "激励体系 ", "  激励体系  "])
def test_leading_and_trailing_spaces_are_not_reported(text: str) -> None:
    assert stray_spaces(text) == []


def test_a_leading_space_does_not_hide_the_stray_ones_after_it() -> None:
    assert [(s.start, s.end) for s in stray_spaces(" 激励 体系 ")] == [(3, 4)]


def test_a_stray_space_span_names_its_neighbours() -> None:
    assert stray_spaces("激励 体系") == [Span(2, 3, "stray-space", {"before": "励", "after": "体"}, "")]
    assert stray_spaces("1  .完善") == [Span(1, 3, "stray-space", {"before": "1", "after": "."}, "")]


def test_a_space_after_a_mark_that_becomes_chinese_is_stray_without_being_told() -> None:
    assert [s.start for s in stray_spaces("法, a")] == [2]
    assert stray_spaces("法, a", widened=set()) == []


# --- 文号 brackets ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("江法治办[2020]23号", "江法治办〔2020〕23号"),
    ("江法治办［2020］23号", "江法治办〔2020〕23号"),
    ("江法治办(2020)23号", "江法治办〔2020〕23号"),
    ("江法治办（2020）23号", "江法治办〔2020〕23号"),
    ("江法治办【2020】23号", "江法治办〔2020〕23号"),
    ("江法治办﹝2020﹞23号", "江法治办〔2020〕23号"),
    ("江法治办[2020〕23号", "江法治办〔2020〕23号"),
    ("江法治办[ 2020 ] 第23号", "江法治办〔2020〕第23号"),
    ("依据江法治办[1999]2号文件", "依据江法治办〔1999〕2号文件"),
    ("江法治办〔2020〕23号", "江法治办〔2020〕23号"),
    ("ABC[2020]23号", "ABC[2020]23号"),
    ("江法治办[2120]23号", "江法治办[2120]23号"),
    ("江法治办[2020]年", "江法治办[2020]年"),
    ("江法治办[20201]23号", "江法治办[20201]23号"),
])
def test_doc_number_years_get_the_hexagonal_brackets(text: str, expected: str) -> None:
    assert fixed(text) == expected


def test_a_doc_number_span_names_what_was_found_and_the_fix() -> None:
    [span] = doc_number_brackets("见江法治办[2020] 23号")
    assert (span.start, span.end, span.code, span.replacement) == (5, 12, "docno-brackets", "〔2020〕")
    assert span.params == {"found": "[2020]", "fix": "〔2020〕"}


def test_spaces_inside_hexagonal_brackets_are_left_to_the_space_rule() -> None:
    assert doc_number_brackets("江法治办〔 2020 〕23号") == []
    assert fixed("江法治办〔 2020 〕23号") == "江法治办〔2020〕23号"


def test_one_finding_per_doc_number_however_many_spaces_and_marks_it_holds() -> None:
    spans = safe_fix_spans("江法治办[ 2020 ] 23号,加强")
    assert [s.code for s in spans] == ["docno-brackets", "half-width-punct"]


def test_spans_come_in_text_order_and_never_overlap() -> None:
    text = "法, a 江法治办(2020) 23号;激励 体系"
    spans = safe_fix_spans(text)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert fixed(text) == "法，a江法治办〔2020〕23号；激励体系"


def test_apply_spans_leaves_spans_without_a_replacement_alone() -> None:
    text = "“加强,落实"
    assert apply_spans(text, [*unpaired_marks(text), *safe_fix_spans(text)]) == "“加强，落实"


# --- paired marks ---------------------------------------------------------------------------------

def marks(text: str) -> list[tuple[int, str, str]]:
    return [(s.start, s.params["char"], s.params["other"]) for s in unpaired_marks(text)]


@pytest.mark.parametrize("text", ["“加强”", "《法治政府建设实施纲要》", "（一）加强", "1）加强，2）落实", "a）加强",
                                  "一）加强", "要求：1）落实", "‘单引’「直角」『双直角』〈书〉【方】〔2020〕", ""])
def test_balanced_marks_and_list_markers_are_fine(text: str) -> None:
    assert unpaired_marks(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("“加强", [(0, "“", "”")]),
    ("加强”", [(2, "”", "“")]),
    ("《纲要", [(0, "《", "》")]),
    ("纲要》", [(2, "》", "《")]),
    ("加强1）", [(3, "）", "（")]),
    ("（“加强）", [(1, "“", "”")]),  # the quote is left open inside the parentheses
    ("“《加强”》", [(1, "《", "》"), (5, "》", "《")]),
    ("“a“b", [(0, "“", "”"), (2, "“", "”")]),
    ("”“", [(0, "”", "“"), (1, "“", "”")]),
    ("“加强）", [(0, "“", "”"), (3, "）", "（")]),  # a closing mark whose opening was never there
])
def test_unclosed_and_unopened_marks_are_reported_in_order(text: str, expected: list) -> None:
    assert marks(text) == expected
    assert all(s.code == "unpaired" and s.replacement is None and s.end == s.start + 1 for s in unpaired_marks(text))


# --- ordinals inside a paragraph ---------------------------------------------------------------------

def found(text: str) -> list[tuple[str, int, str]]:
    return [(o.text, o.number, o.family) for o in ordinals(text)]


def test_ordinals_of_both_families_in_text_order() -> None:
    text = "第一，加强领导。一是健全制度；二是落实责任。第二，完善机制"
    assert found(text) == [("第一", 1, "第"), ("一是", 1, "是"), ("二是", 2, "是"), ("第二", 2, "第")]
    first = ordinals(text)[1]
    assert text[first.start:first.end] == "一是"


@pytest.mark.parametrize(("text", "expected"), [
    ("十二是强化", [("十二是", 12, "是")]),
    ("（一是加强", [("一是", 1, "是")]),
    ("第三步：验收", [("第三步", 3, "第步")]),
    ("第二点，", [("第二点", 2, "第点")]),
    ("第二个方面，", [("第二个方面", 2, "第个方面")]),
    ("第一是加强", [("第一", 1, "第")]),
    ("统一是前提", []),
    ("之一是加强", []),
    ("第一责任人", []),
    ("第一批试点，", []),
    ("十十是", []),
])
def test_what_is_and_is_not_an_ordinal(text: str, expected: list) -> None:
    assert found(text) == expected


def test_ordinal_words_as_a_message_writes_them() -> None:
    assert ordinal_word("是", 3) == "三是"
    assert ordinal_word("第", 2) == "第二"
    assert ordinal_word("第步", 12) == "第十二步"


# --- years ----------------------------------------------------------------------------------------

def years(text: str) -> list[tuple[int, int | None, bool]]:
    return [(m.year, m.month, m.in_title) for m in year_mentions(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("2023年完成", [(2023, None, False)]),
    ("1999年以来", [(1999, None, False)]),
    ("2024年1月", [(2024, 1, False)]),
    ("2024 年 12 月", [(2024, 12, False)]),
    ("2024年底", [(2024, None, False)]),
    ("印发《2023年工作要点》，2024年落实", [(2023, None, True), (2024, None, False)]),
    ("《要点》2024年", [(2024, None, False)]),
    ("《2023年工作要点》", [(2023, None, True)]),
    ("2024年印发《要点》", [(2024, None, False)]),
    ("2021—2025年", []),
    ("2021年至2025年", []),
    ("2021 年 - 2025 年", []),
    ("2021~2025年", []),
    ("12023年", []),
    ("2023", []),
    ("2123年", []),
    ("2023万元", []),
])
def test_years_stated_in_text(text: str, expected: list) -> None:
    assert years(text) == expected


def test_a_year_mention_knows_its_place_and_its_sentence() -> None:
    text = "去年如此。今年2023年完成任务；明年继续！后来"
    [m] = year_mentions(text)
    assert (m.start, m.end) == (7, 11)
    assert m.sentence == "今年2023年完成任务；"
    [m] = year_mentions("开头。2024年的事")
    assert m.sentence == "2024年的事"
    [m] = year_mentions("2024年的事？后来")
    assert m.sentence == "2024年的事？"
    [m] = year_mentions("甲。乙。2023年完成。丙。")
    assert m.sentence == "2023年完成。"
    [m] = year_mentions("。2023年完成")
    assert m.sentence == "2023年完成"
