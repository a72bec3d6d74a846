"""The shipped JSON Schema is current, draft-07 only, and every example declares and passes it."""

from __future__ import annotations

import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from drafter.factfile.schema import DRAFT_07, NEWER_KEYWORDS, fact_schema
from tests.helpers.samples import ROOT

SCHEMA_FILE = ROOT / "schema" / "facts.schema.json"
EXAMPLES = sorted((ROOT / "examples").glob("*/facts.yaml"))


def _keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


def test_committed_schema_is_current():
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == fact_schema(), "run `make schema`"


def test_schema_uses_draft_07_keywords_only():
    schema = fact_schema()
    assert schema["$schema"] == DRAFT_07
    assert not (set(_keys(schema)) & NEWER_KEYWORDS)
    jsonschema.Draft7Validator.check_schema(schema)


def test_descriptions_are_chinese():
    props = fact_schema()["properties"]
    for name, prop in props.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in prop.get("description", "")), name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_example_declares_and_satisfies_the_schema(path):
    first = path.read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/facts.schema.json"
    data = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as strings, as an editor sees them
    jsonschema.Draft7Validator(fact_schema()).validate(data)


def test_schema_rejects_a_typo_like_the_loader():
    data = {"agency": {"name": "某局"}, "year": 2024, "sections": [{"kind": "measures"}], "titel": "x"}
    errors = list(jsonschema.Draft7Validator(fact_schema()).iter_errors(data))
    assert any("titel" in e.message for e in errors)
