"""The vocabulary of the official format (drafter.text.patterns), one pattern at a time."""

from __future__ import annotations

import pytest

from drafter.text.patterns import (
    CONTROL_CHARS_ONE_LINE,
    DOC_NUMBER,
    HeadingNumber,
    attachment_entry,
    chinese_date_parts,
    heading_number,
    name_end_mark,
    typed_heading_number,
)
from drafter.text.values import heading_line, name_line, parse_any_date, parse_date, recipient_line


@pytest.mark.parametrize(("text", "level", "number"), [
    ("一、总体", 1, 1), ("十一．总体", 1, 11), ("（二）坚持", 2, 2), ("( 二 )坚持", 2, 2), ("3.完善", 3, 3),
    ("３．完善", 3, 3), ("3、完善", 3, 3), ("1.2023年度", 3, 1), ("（4）细化", 4, 4), ("(４)细化", 4, 4),
])
def test_heading_numbers_in_every_form_and_width(text: str, level: int, number: int):
    found = heading_number(text)
    assert found is not None and (found.level, found.number) == (level, number)


@pytest.mark.parametrize("text", ["1.5亿元投入", "12.4宪法日", "2023年度", "十分重视", "一是加强", "①"])
def test_text_that_is_not_a_heading_number(text: str):
    assert heading_number(text) is None


def test_circled_numbers_count_only_as_typed_numbers():
    assert typed_heading_number("①完善") is not None and heading_number("①完善") is None
    # level 0 (no heading level), the number it stands for, as typed, and where the text starts
    assert typed_heading_number("②完善") == HeadingNumber(0, 2, "②", 1)
    assert typed_heading_number("⑩ 完善") == HeadingNumber(0, 10, "⑩", 2)


def test_a_heading_with_its_own_number_is_refused_with_the_number_named():
    with pytest.raises(ValueError, match="“（二）”"):
        heading_line("（二）坚持依法决策")
    assert heading_line(" 坚持依法决策 ") == "坚持依法决策"


def test_names_end_without_punctuation_but_the_recipient_may_carry_its_colon():
    assert name_end_mark("某某统计表。") == "。" and name_end_mark("某某统计表") is None
    assert name_end_mark("某某统计表。 ") == "。"  # a space after the mark does not hide it
    with pytest.raises(ValueError, match="“。”"):
        name_line("某某统计表。")
    assert recipient_line("龙泉市人民政府：") == "龙泉市人民政府："
    with pytest.raises(ValueError):
        recipient_line("龙泉市人民政府。")


def test_dates_in_chinese_numerals_are_read_by_import_and_refused_by_the_fact_file():
    assert chinese_date_parts("二〇二四年一月三十日") == chinese_date_parts("二零二四年一月三十日") == (2024, 1, 30)
    assert str(parse_any_date("二○二四年十二月三十一日")) == "2024-12-31"
    with pytest.raises(ValueError, match=r"^日期应使用阿拉伯数字，例如 2024-01-30 或 2024年1月30日（不写“二〇二四年”）$"):
        parse_date("二〇二四年一月三十日")
    assert parse_any_date("2024年2月30日") is None


def test_doc_number_groups():
    m = DOC_NUMBER.fullmatch("龙科 [ 24 ] 第02号")
    assert m is not None and (m["code"], m["open"], m["year"], m["di"], m["num"]) == ("龙科", "[", "24", "第", "02")


def test_line_separators_are_control_characters_and_zero_width_ones_are_not():
    assert CONTROL_CHARS_ONE_LINE.search("甲\u2028乙") and CONTROL_CHARS_ONE_LINE.search("甲\ufffe乙")
    assert not CONTROL_CHARS_ONE_LINE.search("甲\u200b乙\u200d丙\ufeff")


def test_attachment_entry_splits_label_number_and_name():
    assert attachment_entry("附件：1.某某统计表") == ("附件：1.", "某某统计表")
    assert attachment_entry("2．某某清单") == ("2．", "某某清单")
    assert attachment_entry("某某统计表") == ("", "某某统计表")


def test_a_chinese_date_with_a_month_or_day_that_is_no_numeral_is_none():
    assert chinese_date_parts("二〇二四年十十月一日") is None
    assert chinese_date_parts("二〇二四年一月十十日") is None
    assert chinese_date_parts("二〇二四年十二月三十一日") == (2024, 12, 31)
