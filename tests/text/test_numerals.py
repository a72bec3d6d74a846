"""drafter.text.numerals: the numbers a reader sees in headings (一、 （一） 1. （1）) and in ordinals."""

from __future__ import annotations

import pytest

from drafter.text.numerals import chinese_numeral, heading_label, parse_chinese_numeral, small_int, small_number


@pytest.mark.parametrize(("n", "written"), [
    (1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (111, "一百一十一"),
    (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (2024, "二千零二十四"),
    (10000, "一万"), (10001, "一万零一"), (10010, "一万零一十"), (10100, "一万零一百"), (10909, "一万零九百零九"), (11000, "一万一千"),
    (12345, "一万二千三百四十五"), (100000, "十万"), (110000, "十一万"), (1000000, "一百万"),
    (10**8, "一亿"), (10**8 + 1, "一亿零一"), (10**8 + 10**7, "一亿一千万"), (10**8 + 10**4, "一亿零一万"),
])
def test_chinese_numerals_as_written_in_a_report(n: int, written: str) -> None:
    assert chinese_numeral(n) == written


@pytest.mark.parametrize("n", [0, -1])
def test_there_is_no_numeral_below_one(n: int) -> None:
    with pytest.raises(ValueError, match="^numerals start at 1$"):
        chinese_numeral(n)


def test_heading_labels_of_the_four_levels() -> None:
    assert [heading_label(1, n) for n in (1, 2, 10, 12)] == ["一、", "二、", "十、", "十二、"]
    assert [heading_label(2, n) for n in (1, 11)] == ["（一）", "（十一）"]
    assert [heading_label(3, n) for n in (1, 12)] == ["1.", "12."]
    assert [heading_label(4, n) for n in (1, 12)] == ["（1）", "（12）"]


@pytest.mark.parametrize("level", [0, 5])
def test_there_is_no_fifth_heading_level(level: int) -> None:
    with pytest.raises(ValueError, match="1-4"):
        heading_label(level, 1)


def test_reading_is_the_inverse_of_writing_below_one_hundred() -> None:
    assert [parse_chinese_numeral(chinese_numeral(n)) for n in range(1, 100)] == list(range(1, 100))


@pytest.mark.parametrize("text", ["", "零", "百", "一百", "x", "X", "1", "十十", "二二", "一二十", "十一二",
                                  "二十二十", "十二十", "一十一十"])
def test_what_is_not_an_ordinal_numeral_reads_as_none(text: str) -> None:
    assert parse_chinese_numeral(text) is None


def test_a_leading_one_before_ten_is_read_too() -> None:
    assert parse_chinese_numeral("一十") == 10
    assert parse_chinese_numeral("一十二") == 12


@pytest.mark.parametrize(("text", "number"), [
    ("360", 360), (" -5 ", -5), ("+12", 12), ("2098.5", 2098.5), ("999999999999", 999999999999),
    ("1" * 13, None),  # more digits than any count or measure: int() of 4,300 raises in English
    ("1" * 5000, None), ("1e5000", None), ("3.7cm", None), ("２", None), ("²", None), ("", None), (None, None),
])
def test_small_numbers_in_ascii_digits_only(text: str | None, number: int | float | None) -> None:
    assert small_number(text) == number
    assert small_int(text) == (number if isinstance(number, int) else None)
