"""drafter.text.values: the text rules the wizard and the fact model share, without pydantic."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from drafter.factfile import model as facts
from drafter.interview import answers
from drafter.text import values as textvalues


def test_the_wizard_imports_without_pydantic() -> None:
    """The first question must not wait for the fact model (about a tenth of a second)."""
    code = "import sys, drafter.interview.wizard; print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_answers_read_text_exactly_as_the_fact_model_does() -> None:
    assert answers.to_line is textvalues.one_line
    assert answers.to_paragraphs is textvalues.split_paragraphs
    assert facts.clean_text is textvalues.clean_text  # still importable from drafter.factfile.model
    assert facts.parse_date is textvalues.parse_date


@pytest.mark.parametrize("text, expected", [("  第一段。\n\n　第二段。 \n", ["第一段。", "第二段。"]), ("", [])])
def test_a_typed_block_and_a_block_in_the_file_give_the_same_paragraphs(text: str, expected: list[str]) -> None:
    # an empty answer is BLANK (the key is left out); anything else is the paragraphs themselves
    assert answers.convert("paragraphs", text, empty_ok=True) == (expected if text.strip() else answers.BLANK)
    assert textvalues.paragraphs(text) == expected
    assert facts.parse_facts(f"agency: {{name: 某局}}\nyear: 2024\nsections: [{{heading: 一}}]\npreamble: {json.dumps(text)}\n"
                             ).facts.preamble == expected


def test_a_refused_character_says_where_it_is() -> None:
    with pytest.raises(textvalues.TextError) as info:
        textvalues.clean_text("第一行\n第二行\x07", multiline=True)
    assert info.value.index == 7
    with pytest.raises(textvalues.TextError) as info:
        textvalues.clean_text("甲 %_} 乙 {_{", multiline=False)
    assert info.value.index == 2 and "%_}" in str(info.value)


@pytest.mark.parametrize("multiline", [True, False])
def test_a_control_character_that_opens_a_text_is_refused(multiline: bool) -> None:
    with pytest.raises(textvalues.TextError) as info:
        textvalues.clean_text("\x07第一行", multiline=multiline)
    assert info.value.index == 0 and "U+0007" in str(info.value)


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
@pytest.mark.parametrize("multiline", [False, True])
def test_the_noncharacters_fffe_and_ffff_are_refused(char: str, multiline: bool) -> None:
    """U+FFFE/U+FFFF are not characters (XML 1.0 forbids them): a DOCX holding one does not open."""
    with pytest.raises(textvalues.TextError) as info:
        textvalues.clean_text(f"龙泉{char}科技局", multiline=multiline)
    assert info.value.index == 2 and f"U+{ord(char):04X}" in str(info.value)
    assert textvalues.clean_text("龙泉\ufffd\ufffc科技局", multiline=multiline) == "龙泉\ufffd\ufffc科技局"  # neighbours pass


@pytest.mark.parametrize("escape", ["\\ufffe", "\\uffff", "\\uFFFE", "\\U0000FFFF"])
def test_the_noncharacters_written_as_escapes_in_a_fact_file_are_refused(escape: str) -> None:
    text = f'agency: {{name: "龙泉{escape}科技局"}}\nyear: 2024\nsections: [{{heading: 一}}]\n'
    with pytest.raises(facts.FactFileError) as info:
        facts.parse_facts(text, "f.yaml")
    (finding,) = info.value.findings
    assert finding.path == "agency.name" and "U+FFF" in finding.message


@pytest.mark.parametrize("char", ["\ufffe", "\uffff"])
def test_the_wizard_refuses_the_noncharacters_too(char: str) -> None:
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        answers.convert("line", f"龙泉{char}科技局", empty_ok=False)
    with pytest.raises(ValueError, match=f"U\\+{ord(char):04X}"):
        answers.convert("paragraphs", f"第一段。\n第二{char}段。", empty_ok=False)


# --- what a clerk is told about a refused character ----------------------------------------------

def refused(value: str, *, multiline: bool = True) -> textvalues.TextError:
    with pytest.raises(textvalues.TextError) as info:
        textvalues.clean_text(value, multiline=multiline)
    return info.value


@pytest.mark.parametrize(("ch", "shown"), [
    ("\x00", "U+0000"), ("\x01", "U+0001"), ("\x08", "U+0008"), ("\x0b", "U+000B"), ("\x0c", "U+000C"), ("\r", "U+000D"),
    ("\x1f", "U+001F"), ("\x7f", "U+007F"), ("\x80", "U+0080"), ("\x85", "U+0085"), ("\x9f", "U+009F"),
    ("\ufffe", "U+FFFE"), ("\uffff", "U+FFFF"),
])
def test_invisible_characters_are_refused_by_their_code_point(ch: str, shown: str) -> None:
    error = refused(f"甲乙{ch}丙")
    assert error.index == 2
    assert f"不可见的控制字符 {shown}" in str(error)


@pytest.mark.parametrize("ch", ["\ud800", "\udfff"])
def test_a_lone_surrogate_is_refused_as_half_a_character(ch: str) -> None:
    error = refused(f"甲{ch}")
    assert error.index == 1
    assert f"U+{ord(ch):04X}" in str(error) and "代理项" in str(error)


def test_a_tab_is_refused_with_its_own_advice() -> None:
    error = refused("甲\t乙")
    assert (error.index, str(error)) == (1, "含有制表符（Tab），请改为空格或删除")


def test_a_line_break_is_refused_only_in_a_one_line_text() -> None:
    assert textvalues.clean_text("甲\n乙", multiline=True) == "甲\n乙"
    error = refused("甲\n乙", multiline=False)
    assert (error.index, str(error)) == (1, "这一项只能写一行，不能换行")


@pytest.mark.parametrize("text", ["普通文字", "空格 和\u3000全角空格", "零宽\u200b字符", "表情😀", "¥€", "\u00a0", "\u00ff\u0100"])
def test_ordinary_text_passes_unchanged(text: str) -> None:
    assert textvalues.clean_text(text, multiline=False) == text


@pytest.mark.parametrize("marker", ["{_{", "}_}", "{_%", "%_}"])
def test_the_template_markers_are_refused_where_they_stand(marker: str) -> None:
    error = refused(f"甲乙{marker}")
    assert error.index == 2
    assert f"保留的字符组合“{marker}”" in str(error)


def test_the_first_of_several_markers_is_named() -> None:
    error = refused("甲{_%乙}_}丙")
    assert error.index == 1 and "{_%" in str(error)
    assert refused("{_{甲{_{").index == 0
    assert refused("甲}_}乙}_}").index == 1


def test_describe_char_names_what_has_a_name() -> None:
    assert textvalues.describe_char("\u00a0") == "U+00A0 NO-BREAK SPACE"
    assert textvalues.describe_char("\x07") == "U+0007"


# --- one-line, title and paragraph texts ---------------------------------------------------------

def test_one_line_drops_surrounding_spaces() -> None:
    assert textvalues.one_line("  龙泉市科学技术局 \u3000") == "龙泉市科学技术局"


def test_a_title_keeps_its_line_breaks_and_drops_blank_lines() -> None:
    assert textvalues.title_text(" 龙泉市科学技术局\n\n  2023年法治政府建设\n \n年度报告 ") == \
        "龙泉市科学技术局\n2023年法治政府建设\n年度报告"
    assert textvalues.title_text("Annual Report 2023") == "Annual Report 2023"


def test_paragraphs_from_a_block_a_list_or_nothing() -> None:
    assert textvalues.paragraphs(None) == []
    assert textvalues.paragraphs(" 第一段。\n\n 第二段。") == ["第一段。", "第二段。"]
    assert textvalues.paragraphs([" 第一段。", "  ", "第二段。 "]) == ["第一段。", "第二段。"]
    assert textvalues.paragraphs([]) == []


def test_anything_else_is_left_for_the_type_check() -> None:
    odd = ["第一段。", 3]
    assert textvalues.paragraphs(odd) is odd
    assert textvalues.paragraphs(42) == 42


def test_a_paragraph_in_a_list_may_not_hold_a_line_break() -> None:
    with pytest.raises(textvalues.TextError, match="列表中的每一项是一段，不能换行") as info:
        textvalues.paragraphs(["前一段。", "第一段。\n第二段。"])
    assert (info.value.item, info.value.index) == (1, 4)
    with pytest.raises(textvalues.TextError, match="控制字符"):
        textvalues.split_paragraphs("第一段。\x01")


# --- 发文字号 ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "parts"), [
    ("龙科〔2024〕2号", ("龙科", 2024, 2)),
    (" 龙科 〔 2024 〕 第 12 号 ", ("龙科", 2024, 12)),
    ("龙科[2024]2号", ("龙科", 2024, 2)),
    ("龙科（2024）2号", ("龙科", 2024, 2)),
    ("龙科(2024)2号", ("龙科", 2024, 2)),
    ("龙科【2024】2号", ("龙科", 2024, 2)),
    ("江法治办〔2020〕023号", ("江法治办", 2020, 23)),
])
def test_doc_numbers_are_read_with_tolerated_brackets(written: str, parts: tuple) -> None:
    assert textvalues.parse_doc_number(written) == parts


@pytest.mark.parametrize("written", ["龙科2024号", "龙科〔24〕2号", "〔2024〕2号", "龙科〔2024〕号", "龙科〔2024〕2", "龙 科〔2024〕2号",
                                     "龙科〔2024〕2号文"])
def test_what_is_not_a_doc_number_is_refused_with_an_example(written: str) -> None:
    with pytest.raises(ValueError, match="^发文字号应写成“机关代字〔年份〕序号号”，年份写全四位，例如“龙科〔2024〕2号”$"):
        textvalues.parse_doc_number(written)
    with pytest.raises(ValueError, match="发文字号"):
        textvalues.doc_number_line(written)


def test_a_doc_number_is_written_with_hexagonal_brackets_and_kept_as_typed() -> None:
    assert textvalues.format_doc_number("龙科[2024]第2号") == "龙科〔2024〕2号"
    assert textvalues.doc_number_line(" 龙科[2024]2号 ") == "龙科[2024]2号"


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "date"), [
    ("2025-02-20", (2025, 2, 20)), ("2025/2/3", (2025, 2, 3)), ("2025.12.31", (2025, 12, 31)),
    (" 2025 年 2 月 20 日 ", (2025, 2, 20)), ("2024年2月29日", (2024, 2, 29)),
])
def test_dates_in_both_notations(written: str, date: tuple) -> None:
    import datetime as dt

    assert textvalues.parse_date(written) == dt.date(*date)
    assert textvalues.coerce_date(written) == dt.date(*date)


def test_a_datetime_is_its_date_and_other_values_are_left_for_the_type_check() -> None:
    import datetime as dt

    assert textvalues.coerce_date(dt.datetime(2025, 2, 20, 10, 30)) == dt.date(2025, 2, 20)
    day = dt.date(2025, 2, 20)
    assert textvalues.coerce_date(day) is day
    assert textvalues.coerce_date(20250220) == 20250220


@pytest.mark.parametrize("written", ["2025-02", "20250220", "2025年2月", "2025-02-20T10:00"])
def test_a_date_in_no_known_notation_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="^日期格式应为 2024-01-30 或 2024年1月30日$"):
        textvalues.parse_date(written)


@pytest.mark.parametrize("written", ["2025-02-30", "2023年2月29日", "2025-13-01", "2025-00-10"])
def test_a_date_that_does_not_exist_is_refused_as_such(written: str) -> None:
    with pytest.raises(ValueError, match="^日期不存在（请检查月份和日）$"):
        textvalues.parse_date(written)


def test_parse_date_refuses_what_is_not_a_text() -> None:
    with pytest.raises(ValueError, match="^日期格式应为 2024-01-30 或 2024年1月30日$"):
        textvalues.parse_date(20250220)  # type: ignore[arg-type]


def test_a_date_is_written_without_padding() -> None:
    import datetime as dt

    assert textvalues.format_date(dt.date(2025, 1, 5)) == "2025年1月5日"
    assert textvalues.format_date(dt.date(2025, 12, 31)) == "2025年12月31日"


def test_the_mark_the_build_adds_after_a_name_may_be_typed():
    assert textvalues.cc_name_line("龙泉市司法局。") == "龙泉市司法局。"
    assert textvalues.recipient_line("龙泉市人民政府：") == "龙泉市人民政府："
    with pytest.raises(ValueError, match="“，”"):
        textvalues.cc_name_line("龙泉市司法局，")


def test_a_name_may_end_in_a_letter_after_a_dot():
    assert textvalues.name_line("某某系统v2.X") == "某某系统v2.X"
    with pytest.raises(ValueError, match="“.”"):
        textvalues.name_line("某某系统v2.")


@pytest.mark.parametrize("value", ["市司法局\n", "市司法局\n\n", "\n市司法局\n", "市司法局 \n"])
def test_a_one_line_text_may_end_in_the_line_break_of_a_yaml_block(value: str) -> None:
    """`to: |` and `heading: >` end their text with a line break (`|+` with more): YAML's, not the writer's."""
    assert textvalues.one_line(value) == "市司法局"
    assert textvalues.paragraphs([value]) == ["市司法局"]


def test_a_break_between_the_words_of_a_one_line_text_is_still_refused() -> None:
    with pytest.raises(textvalues.TextError, match="只能写一行") as info:
        textvalues.one_line("\n市司法局\n市政府\n")
    assert info.value.index == 5
    with pytest.raises(textvalues.TextError, match="控制字符"):
        textvalues.one_line("市司法局\x01\n")
