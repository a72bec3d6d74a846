"""Widths in 字, with the automatic space between Chinese and digits (issue 20, observation 3)."""

from __future__ import annotations

import pytest

from drafter.text.width import AUTOSPACE_CHARS, autospace_boundaries, set_width, text_width


@pytest.mark.parametrize("text, boundaries", [("2024年12月30日", 5), ("龙泉市科学技术局", 0), ("2024", 0),
                                              ("第1季度", 2), ("A股", 1), ("2024 年", 0)])
def test_boundaries_between_chinese_and_half_width_letters_or_digits(text, boundaries):
    assert autospace_boundaries(text) == boundaries


def test_a_date_is_set_about_a_character_wider_than_its_characters():
    assert text_width("2024年12月30日") == 7
    assert set_width("2024年12月30日") == pytest.approx(7 + 5 * AUTOSPACE_CHARS)
