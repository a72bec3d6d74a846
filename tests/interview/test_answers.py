"""drafter.interview.answers: a typed answer is refused in Chinese, whatever it holds (issue 13 item 14)."""

from __future__ import annotations

import datetime as dt

import pytest

from drafter.interview.answers import to_year

TODAY = dt.date(2025, 3, 1)


@pytest.mark.parametrize("typed", ["1" * 5000, "1" * 4301, "二〇二四", "abc", ""])
def test_a_year_that_is_no_year_is_asked_again_in_chinese(typed: str) -> None:
    with pytest.raises(ValueError) as info:
        to_year(typed, TODAY)
    assert str(info.value) == "年度请写四位数字，例如 2024"  # never int()'s "Exceeds the limit (4300 digits)"


@pytest.mark.parametrize(("typed", "year"), [("2024", 2024), ("２０２４年", 2024), (" 2023年度 ", 2023)])
def test_a_year_in_any_digits(typed: str, year: int) -> None:
    assert to_year(typed, TODAY) == year
