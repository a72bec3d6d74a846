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
