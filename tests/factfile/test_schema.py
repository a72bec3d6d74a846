"""The shipped JSON Schema is current, draft-07 only, and every example declares and passes it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from drafter.cli import main
from drafter.errors import EXIT_IO, FactFileError
from drafter.factfile.document import MODELINE_PREFIX, schema_reference
from drafter.factfile.fieldrules import rule_at
from drafter.factfile.model import fact_json_schema, parse_facts
from drafter.factfile.schema import (
    DATA_DIR_ENV,
    DRAFT_07,
    NEWER_KEYWORDS,
    fact_schema,
    install_schema,
    installed_schema_path,
    last_year,
    modeline_findings,
    schema_text,
)
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
    ("date: 2024-01-30", "date: [2024]", "“date”（成文日期）应为日期，用阿拉伯数字写，例如 2025-02-20 或 2025年2月20日"),
    ("date: 2024-01-30", "date: 二〇二四年一月三十日", "“date”（成文日期）应为日期，用阿拉伯数字写，例如 2025-02-20 或 2025年2月20日"),
    ("date: 2024-01-30", "date: 2024年1月", "“date”（成文日期）应为日期，用阿拉伯数字写，例如 2025-02-20 或 2025年2月20日"),
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


VALID = {"agency": {"name": "某局"}, "year": 2024, "sections": [{"kind": "measures"}]}


def _deep(levels: int) -> list[dict[str, object]]:
    return [{"heading": "某", "items": _deep(levels - 1)}] if levels else []


@pytest.mark.parametrize("change", [
    {"titel": "x"}, {"agency": {"name": "某局", "year": 2024}}, {"sections": [{"kind": "measures", "txet": "x"}]},
    {"year": None}, {"agency": {"short": "某"}}, {"sections": [{"kind": "measures", "items": [{"text": "x"}]}]},
    {"sections": [{"text": "x"}]}, {"sections": [{"heading": "", "text": "x"}]},
    {"imprint": {}}, {"imprint": {"cc": []}}, {"imprint": {"printer": "某办公室"}},
    {"imprint": {"cc": "某局", "date": "2024-01-31"}},
    {"sections": [{"kind": "measures", "items": _deep(4)}]},
], ids=["unknown key", "key of another level", "unknown key in a section", "year left empty", "no agency name",
        "item without heading", "section without kind or heading", "section with an empty heading", "empty imprint",
        "imprint with no cc", "printer without date", "date without printer", "items five levels deep"])
def test_the_schema_refuses_what_the_model_refuses(change: dict[str, object]) -> None:
    """Unknown and missing keys and the rules across fields (Section, Imprint, the depth of items)
    mean the same to a draft-07 validator as to the fact model."""
    data = {**VALID, **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(FactFileError):
        parse_facts(json.dumps(data, ensure_ascii=False))  # JSON is YAML
    assert list(jsonschema.Draft7Validator(fact_schema()).iter_errors(data))


@pytest.mark.parametrize("change", [
    {"imprint": {"cc": "某局"}}, {"imprint": {"printer": "某办公室", "date": "2024-01-31"}},
    {"sections": [{"heading": "专题", "text": "x"}]}, {"sections": [{"kind": "measures", "items": _deep(3)}]},
], ids=["imprint with cc", "imprint with printer and date", "thematic section", "items four levels deep"])
def test_the_schema_takes_what_the_model_takes(change: dict[str, object]) -> None:
    data = {**VALID, **change}
    parse_facts(json.dumps(data, ensure_ascii=False))
    jsonschema.Draft7Validator(fact_schema()).validate(data)


def test_the_schema_knows_no_ajv_errors_objects() -> None:
    """yaml-language-server shows an `errorMessage` object as the message itself: every one is a text."""
    def messages(node: object) -> list[object]:
        if isinstance(node, dict):
            return [v for k, v in node.items() if k == "errorMessage"] + [m for v in node.values() for m in messages(v)]
        return [m for v in node for m in messages(v)] if isinstance(node, list) else []
    found = messages(fact_schema())
    assert len(found) > 100 and all(isinstance(m, str) and _cjk(m) for m in found)


# --- the per-user copy and the `$schema` line ------------------------------------------

def test_schema_install_writes_the_per_user_copy_and_tells_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--install"]) == 0
    path = installed_schema_path()
    assert path.read_text("utf-8") == schema_text()
    out = capsys.readouterr().out
    assert f"已安装：{path}" in out
    assert f"在事实文件的第一行写：{MODELINE_PREFIX}{path.as_uri()}" in out
    path.write_text("{}", "utf-8")  # an older drafter's copy is brought up to date
    assert main(["schema", "--install"]) == 0
    assert path.read_text("utf-8") == schema_text()


def test_schema_install_into_a_folder_that_cannot_be_made_is_a_chinese_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("", "utf-8")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "file"))
    assert main(["schema", "--install"]) == EXIT_IO
    err = capsys.readouterr().err
    assert "无法创建文件夹" in err and "Traceback" not in err
    # a fact file written meanwhile points at the copy that came with drafter
    assert schema_reference(tmp_path / "a" / "2024.yaml") == SCHEMA_FILE.as_uri()


def test_the_per_user_place_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DATA_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    assert installed_schema_path() == tmp_path / "drafter" / "schema" / "facts.schema.json"
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    monkeypatch.setattr("sys.platform", "win32")
    assert installed_schema_path() == tmp_path / "roaming" / "drafter" / "schema" / "facts.schema.json"


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    code = main(["check", str(path), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("line", [
    "# yaml-language-server: $schema=../../schema/facts.schema.json",
    "# yaml-language-server: $schema=file:///nowhere/facts.schema.json",
])
def test_check_warns_when_the_schema_line_points_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    path = tmp_path / "copied.yaml"
    path.write_text(f"# 复制来的文件\n{line}\n{MINIMAL}", "utf-8")
    code, findings = _check(path, capsys)
    (warning,) = [f for f in findings if f["code"] == "schema-missing"]
    assert code == 0 and warning["severity"] == "warning"
    assert (warning["line"], warning["column"]) == (2, line.index("$schema=") + len("$schema=") + 1)
    assert str(warning["message"]).endswith(f"运行 drafter check --fix 可把它改为：{installed_schema_path().as_uri()}")
    assert "指向的文件不存在" in str(warning["message"])


def test_the_warning_installs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Only --fix writes: a check names where the line would point without putting a schema there."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    path = tmp_path / "copied.yaml"
    path.write_text(f"{MODELINE_PREFIX}../schema.json\n{MINIMAL}", "utf-8")
    _, findings = _check(path, capsys)
    assert [f["code"] for f in findings] == ["schema-missing"]
    assert not installed_schema_path().exists()


def test_check_warns_about_the_schema_line_of_a_file_with_errors_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "copied.yaml"
    path.write_text("# yaml-language-server: $schema=../schema.json\n" + MINIMAL.replace("year: 2023", "year: x"),
                    "utf-8")
    code, findings = _check(path, capsys)
    assert code != 0
    assert [f["code"] for f in findings][:1] == ["schema-missing"]
    assert any(f["path"] == "year" for f in findings)


@pytest.mark.parametrize("line", [
    None,  # no line: nothing to say
    "# yaml-language-server: $schema=https://example.org/facts.schema.json",  # cannot be checked offline
    "# yaml-language-server: $schema=facts.schema.json",  # beside the file
    "INSTALLED",
])
def test_check_is_silent_when_the_schema_line_names_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str | None
) -> None:
    (tmp_path / "facts.schema.json").write_text(schema_text(), "utf-8")
    if line == "INSTALLED":
        line = f"{MODELINE_PREFIX}{install_schema().as_uri()}"
    path = tmp_path / "facts.yaml"
    path.write_text((f"{line}\n" if line else "") + MINIMAL, "utf-8")
    code, findings = _check(path, capsys)
    assert not [f for f in findings if f["code"] == "schema-missing"]


def test_a_schema_line_after_the_content_is_not_the_modeline(tmp_path: Path) -> None:
    text = MINIMAL + "# yaml-language-server: $schema=nowhere.json\n"
    assert modeline_findings(tmp_path / "facts.yaml", text) == []
