"""The shipped JSON Schema is current, draft-07 only, and every example declares and passes it."""

from __future__ import annotations

import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from drafter.errors import FactFileError
from drafter.factfile.model import fact_json_schema, parse_facts
from drafter.factfile.rules import rule_at
from drafter.factfile.schema import DRAFT_07, NEWER_KEYWORDS, fact_schema, last_year
from tests.helpers.samples import MINIMAL, ROOT

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


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _nodes(node, path=()):
    """Every schema node that validates a value: properties, list items, branches, definitions."""
    if isinstance(node, dict):
        if "type" in node or "$ref" in node or "enum" in node:
            yield path, node
        for key, value in node.items():
            if key in ("properties", "definitions"):
                for name, sub in value.items():
                    yield from _nodes(sub, path + (name,))
            elif key in ("items",):
                yield from _nodes(value, path + ("[]",))
            elif key in ("anyOf", "oneOf"):
                for i, sub in enumerate(value):
                    yield from _nodes(sub, path + (f"|{i}",))


def test_committed_schema_is_current():
    committed = json.loads(SCHEMA_FILE.read_text("utf-8"))
    year = committed["properties"]["year"]["defaultSnippets"][0]["body"]  # last year when it was made
    assert committed == fact_schema(year), "run `make schema`"


def test_the_year_offered_is_last_year():
    snippet = fact_schema()["properties"]["year"]["defaultSnippets"]
    assert [s["body"] for s in snippet] == [last_year()]
    skeleton = fact_schema()["defaultSnippets"][0]["body"]
    assert skeleton["year"] == last_year() and skeleton["agency"] == {"name": ""}
    jsonschema.Draft7Validator(fact_schema()).validate({**skeleton, "agency": {"name": "某局"}})


def test_every_value_has_a_chinese_error_message():
    schema = fact_schema()
    nodes = list(_nodes(schema))
    assert len(nodes) > 40
    for path, node in nodes:
        if path and path[0] in schema["definitions"] and len(path) == 1:
            continue  # a model's own node: checked below, it carries the sentence of the key that holds it
        assert _cjk(node.get("errorMessage", "")), path
    for name, definition in schema["definitions"].items():
        assert _cjk(definition["errorMessage"]) and _cjk(definition["title"]) and _cjk(definition["description"]), name
    assert _cjk(schema["errorMessage"])


@pytest.mark.parametrize("path", [("year",), ("date",), ("agency", "name"), ("sections", 0, "kind"), ("seal",),
                                  ("sections", 0, "items", 0, "heading"), ("to",), ("fonts",)])
def test_the_editor_and_drafter_check_say_the_same(path):
    """One sentence per field: the schema's errorMessage is the message `drafter check` gives."""
    node = fact_schema()
    for part in path:
        node = node["items"] if isinstance(part, int) else node["properties"][part]
        if "$ref" in node:
            node = fact_schema()["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    assert node["errorMessage"] == rule_at(fact_json_schema(), path)


@pytest.mark.parametrize("old, new, message", [
    ("year: 2023", "year: 二〇二三", "“year”（年度）应为 1990 到 2100 之间的整数，例如 2024"),
    ("year: 2023", "year: 1900", "“year”（年度）应为 1990 到 2100 之间的整数，例如 2024"),
    ("date: 2024-01-30", "date: [2024]", "“date”（成文日期）应为日期，例如 2025-02-20 或 2025年2月20日"),
    ("kind: problems", "kind: problem", "“kind”（部分类型）只能是：measures、problems、leader、plans、other"),
    ("run_in: true", "run_in: 是", "“run_in”（接排）应为 true 或 false"),
    ("name: 龙泉市科学技术局", "name: ''", "“name”（机关全称）应为文字，不能为空，例如“龙泉市科学技术局”"),
])
def test_drafter_check_words_a_wrong_value_by_the_field_rule(old, new, message):
    with pytest.raises(FactFileError) as caught:
        parse_facts(MINIMAL.replace(old, new, 1))
    assert message in [f.message for f in caught.value.findings]


@pytest.mark.parametrize("date", ["2024-01-30", "2024/1/30", "2024.01.30", "2024年1月30日", " 2024 年 1 月 30 日"])
def test_the_schema_takes_every_date_the_loader_takes(date):
    data = {"agency": {"name": "某局"}, "year": 2024, "sections": [{"kind": "measures"}], "date": date}
    assert parse_facts(f"agency: {{name: 某局}}\nyear: 2024\nsections: [{{kind: measures}}]\ndate: '{date}'\n").facts.date
    jsonschema.Draft7Validator(fact_schema()).validate(data)


@pytest.mark.parametrize("date", ["2024年1月", "二〇二四年一月三十日", "30.01.2024"])
def test_the_schema_refuses_a_date_the_loader_refuses(date):
    with pytest.raises(FactFileError):
        parse_facts(f"agency: {{name: 某局}}\nyear: 2024\nsections: [{{kind: measures}}]\ndate: '{date}'\n")
    errors = list(jsonschema.Draft7Validator(fact_schema()).iter_errors(
        {"agency": {"name": "某局"}, "year": 2024, "sections": [{"kind": "measures"}], "date": date}))
    assert errors


def test_no_value_is_null_by_default_and_no_title_is_doubled():
    text = json.dumps(fact_schema(), ensure_ascii=False)
    assert '"default": null' not in text and '"default": []' not in text
    for path, node in _nodes(fact_schema()):
        assert node.get("type") != "null", path
        assert not any(b.get("type") == "null" for b in node.get("anyOf", []) + node.get("oneOf", [])), path


def test_schema_uses_draft_07_keywords_only():
    schema = fact_schema()
    assert schema["$schema"] == DRAFT_07
    assert not (set(_keys(schema)) & NEWER_KEYWORDS)
    jsonschema.Draft7Validator.check_schema(schema)


def test_descriptions_are_chinese():
    props = fact_schema()["properties"]
    for name, prop in props.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in prop.get("description", "")), name
    for name, definition in fact_schema()["definitions"].items():
        for prop_name, prop in definition["properties"].items():
            assert _cjk(prop["description"]) and _cjk(prop["title"]), (name, prop_name)


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
