"""Widths in 字, with the automatic space between Chinese and digits (issue 20, observation 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.text.width import AUTOSPACE_CHARS, autospace_boundaries, char_width, set_width, text_width


@pytest.mark.parametrize("text, boundaries", [("2024年12月30日", 5), ("龙泉市科学技术局", 0), ("2024", 0),
                                              ("第1季度", 2), ("A股", 1), ("2024 年", 0)])
def test_boundaries_between_chinese_and_half_width_letters_or_digits(text, boundaries):
    assert autospace_boundaries(text) == boundaries


def test_a_date_is_set_about_a_character_wider_than_its_characters():
    assert text_width("2024年12月30日") == 7
    assert set_width("2024年12月30日") == pytest.approx(7 + 5 * AUTOSPACE_CHARS)


@given(st.text())
def test_text_width_is_the_sum_of_the_character_widths(text: str):
    """text_width counts the half-width characters in bulk: exactly the per-character sum, type included."""
    expected = sum(char_width(ch) for ch in text)
    assert text_width(text) == expected and type(text_width(text)) is type(expected)
