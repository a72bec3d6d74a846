"""drafter.factfile.document: the wizard opens only a file it can save back without losing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from drafter.errors import FactFileError
from drafter.factfile.document import FactDocument, order_for
from drafter.factfile.model import Agency, Attachment, Facts, Imprint, Item, Letterhead, Section
from tests.helpers.samples import MINIMAL


def refused(tmp_path: Path, text: str):
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        FactDocument.open(path)
    assert path.read_text(encoding="utf-8") == text  # nothing written
    assert info.value.message.endswith("向导无法打开")
    return info.value.findings


def test_a_duplicate_key_is_named_and_located(tmp_path: Path) -> None:
    (finding,) = refused(tmp_path, MINIMAL + "year: 2024\n")
    assert (finding.code, finding.line, finding.path) == ("duplicate-key", 26, "year")
    assert "重复" in finding.message


def test_a_control_character_is_named_and_located(tmp_path: Path) -> None:
    (finding,) = refused(tmp_path, MINIMAL.replace("  name: 龙泉市科学技术局", "  name: 龙泉\x07科技局"))
    assert (finding.code, finding.line, finding.column) == ("control-char", 2, 11)
    assert "U+0007" in finding.message


@pytest.mark.parametrize("levels", [300, 1500])
def test_deep_nesting_is_refused_in_chinese_not_with_a_recursion_error(tmp_path: Path, levels: int) -> None:
    (finding,) = refused(tmp_path, "".join(" " * i + f"k{i}:\n" for i in range(levels)))
    assert finding.code == "too-deep" and finding.line == 51


def test_a_syntax_error_has_the_checks_message(tmp_path: Path) -> None:
    (finding,) = refused(tmp_path, "year: 2024\nto: [a, }\n")
    assert (finding.code, finding.line) == ("yaml-syntax", 2)
    assert "括号" in finding.message


@pytest.mark.parametrize("text, path", [
    ("year: 2024\nsections:\n  heading: 我自己写的标题\n", "sections"),
    ("sections:\n  - kind: measures\n    items:\n      heading: 一项\n", "sections[0].items"),
    ("sections:\n  - kind: measures\n    items:\n      - heading: 一项\n        items: 文字\n",
     "sections[0].items[0].items"),
    ("agency: 龙泉市科学技术局\n", "agency"),
])
def test_what_the_wizard_would_replace_on_saving_is_refused(tmp_path: Path, text: str, path: str) -> None:
    (finding,) = refused(tmp_path, text)
    assert finding.path == path and finding.code == "wizard-shape"
    assert finding.line is not None
    assert "替换掉" in finding.message


def test_empty_values_are_filled_in_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("agency:\nsections:\n", encoding="utf-8")
    doc = FactDocument.open(path)
    assert doc.add_section("measures") == {"kind": "measures"}


@pytest.mark.parametrize("key, model", [
    ("", Facts), ("agency", Agency), ("sections", Section), ("items", Item), ("letterhead", Letterhead),
    ("attachments", Attachment), ("imprint", Imprint), ("section", Section), ("item", Item),
])
def test_key_order_for_a_mapping_under_any_key(key: str, model: type[BaseModel]) -> None:
    assert order_for(key) == list(model.model_fields)


def test_a_key_without_a_model_has_no_order() -> None:
    assert order_for("cc") == [] and order_for("name") == []


def test_a_file_with_a_5000_digit_year_opens_and_keeps_what_was_written(tmp_path: Path) -> None:
    """ruamel's round trip called int() on it and raised in English (issue 13 item 14): `drafter edit`, serve."""
    path = tmp_path / "facts.yaml"
    path.write_text(f"agency:\n  name: 某局\nyear: {'1' * 5000}\n", "utf-8")
    document = FactDocument.open(path)
    assert document.data["year"] == "1" * 5000 and document.data["agency"]["name"] == "某局"
    assert FactDocument.open(tmp_path / "missing.yaml").data == {}
