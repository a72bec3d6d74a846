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
    assert answers.convert("paragraphs", text, empty_ok=True) in (expected, answers.BLANK)
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
