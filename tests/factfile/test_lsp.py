"""The fact file in an editor: yaml-language-server (the server of VS Code's YAML extension) driven
over LSP with a Chinese client, against the committed schema and the per-user copy.

The server is installed by scripts/setup-lsp.sh (`make test` and CI run it). Without it the tests
skip on a developer machine and fail under CI=true.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drafter.factfile.document import MODELINE_PREFIX, schema_reference
from drafter.factfile.fieldrules import rule_at
from drafter.factfile.model import fact_json_schema
from drafter.factfile.schema import last_year
from tests.factfile.lsp_client import SERVER, YamlLanguageServer
from tests.helpers.samples import MINIMAL, ROOT
from tests.helpers.skips import skip_outside_ci

EXAMPLES = sorted((ROOT / "examples").glob("*/facts.yaml"))
COMMITTED = ROOT / "schema" / "facts.schema.json"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[YamlLanguageServer]:
    node = shutil.which("node")
    if node is None or not SERVER.is_file():
        skip_outside_ci("yaml-language-server is not installed: run bash scripts/setup-lsp.sh")
    lsp = YamlLanguageServer(node, tmp_path_factory.mktemp("workspace"))
    yield lsp
    lsp.shutdown()


def _rule(*path: str | int) -> str:
    rule = rule_at(fact_json_schema(), path)
    assert rule is not None
    return rule


def _write(folder: Path, text: str, name: str = "facts.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _diagnostics(server: YamlLanguageServer, path: Path) -> list[tuple[int, str]]:
    found = server.open(path.as_uri(), path.read_text("utf-8"))
    server.close(path.as_uri())
    return [(d["range"]["start"]["line"] + 1, d["message"]) for d in found]


HEAD = f"{MODELINE_PREFIX}{COMMITTED.as_uri()}\n"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_an_example_gives_no_diagnostics(server: YamlLanguageServer, path: Path) -> None:
    assert _diagnostics(server, path) == []


def test_the_minimal_file_gives_no_diagnostics(server: YamlLanguageServer, tmp_path: Path) -> None:
    assert _diagnostics(server, _write(tmp_path, HEAD + MINIMAL)) == []


#: (mistake, old text of MINIMAL, new text, line of the message in the edited file (1-based, the
#: modeline is line 1), the message: the sentence `drafter check` uses for that field)
MISTAKES: list[tuple[str, str, str, int, str]] = [
    ("year in Chinese numerals", "year: 2023", "year: 二〇二三", 4, _rule("year")),
    ("year out of range", "year: 2023", "year: 1900", 4, _rule("year")),
    ("date with a wrong form", "date: 2024-01-30", "date: 2024年1月", 5, _rule("date")),
    ("unknown kind", "kind: problems", "kind: problem", 18, _rule("sections", 0, "kind")),
    ("switch in Chinese", "        run_in: true\n        text: |", "        run_in: 是\n        text: |", 12,
     _rule("sections", 0, "items", 0, "run_in")),
    ("empty agency name", "name: 龙泉市科学技术局", "name: ''", 3, _rule("agency", "name")),
    ("misspelt key in an item", "      - heading: 依法履行职能", "      - headng: 依法履行职能", 16,
     _rule("sections", 0, "items", 0)),
    ("misspelt key in a section", "  - kind: leader\n", "  - kind: leader\n    titel: 标题\n", 21, _rule("sections", 0)),
    ("misspelt key in agency", "  name: 龙泉市科学技术局", "  nam: 龙泉市科学技术局", 3, _rule("agency")),
    ("number as text", "text: 严格落实规范性文件前置审核。", "text: 5", 17, _rule("sections", 0, "items", 0, "text")),
    ("no sections", MINIMAL[MINIMAL.index("sections:"):], "sections: []\n", 8, _rule("sections")),
    ("empty 主送机关", "year: 2023\n", "year: 2023\nto:\n", 5, _rule("to")),
    ("unknown font profile", "year: 2023\n", "year: 2023\nfonts: songti\n", 5, _rule("fonts")),
    ("attachment as a number", "year: 2023\n", "year: 2023\nattachments:\n  - 5\n", 6, _rule("attachments", 0)),
    ("letterhead without signer", "year: 2023\n", "year: 2023\nletterhead:\n  name: 某局文件\n", 5, _rule("letterhead")),
]


@pytest.mark.parametrize("old, new, line, message", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_mistake_gives_the_chinese_sentence_on_its_line(
    server: YamlLanguageServer, tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in MINIMAL
    found = _diagnostics(server, _write(tmp_path, HEAD + MINIMAL.replace(old, new, 1)))
    assert (line, message) in found, found
    assert all(CJK.search(text) for _, text in found), found  # nothing in the server's English


def test_the_sentences_are_the_ones_a_clerk_reads() -> None:
    """The table above takes its sentences from factfile.fieldrules; here two are spelt out."""
    assert _rule("year") == "“year”（年度）应为 1990 到 2100 之间的整数，例如 2024"
    assert _rule("sections", 0, "kind") == "“kind”（部分类型）只能是：measures、problems、leader、plans、other"


def test_a_missing_required_key_is_named_in_chinese(server: YamlLanguageServer, tmp_path: Path) -> None:
    text = HEAD + MINIMAL.replace("agency:\n  name: 龙泉市科学技术局\n", "")
    found = _diagnostics(server, _write(tmp_path, text))
    assert found and all("agency（机关，必填）" in message for _, message in found), found


# --- completion ----------------------------------------------------------------------

COMPLETE = HEAD + "\n".join([
    "agency:",
    "  name: 某局",
    "",
    "sections:",
    "  - kind: measures",
    "    ",  # in a section
    "    items:",
    "      - heading: 某项工作",
    "        ",  # in an item
    "",
])
TOP, IN_SECTION, IN_ITEM = (3, 0), (6, 4), (9, 8)  # 0-based line and column of the empty lines


def _complete(server: YamlLanguageServer, tmp_path: Path, text: str, at: tuple[int, int]) -> dict[str, dict[str, Any]]:
    path = _write(tmp_path, text)
    server.open(path.as_uri(), text)
    try:
        items = server.completion(path.as_uri(), *at)
    finally:
        server.close(path.as_uri())
    return {item["label"]: item for item in items}


def _insert(item: dict[str, Any]) -> str:
    return str(item.get("insertText") or item.get("textEdit", {}).get("newText") or "")


def _documentation(item: dict[str, Any]) -> str:
    doc = item.get("documentation") or ""
    return str(doc.get("value", "") if isinstance(doc, dict) else doc)


def _no_null(items: dict[str, dict[str, Any]]) -> None:
    for label, item in items.items():
        assert "null" not in _insert(item), (label, _insert(item))
        assert "${1:0}" not in _insert(item) and ": 0" not in _insert(item), (label, _insert(item))


@pytest.mark.parametrize("where, keys, absent", [
    (TOP, {"year", "title", "to", "doc_number", "date", "preamble", "closing", "attachments", "letterhead",
           "seal", "note", "imprint"}, {"agency", "sections"}),
    (IN_SECTION, {"heading", "text"}, {"kind", "items", "run_in"}),
    (IN_ITEM, {"run_in", "text", "items"}, {"heading", "kind"}),
], ids=["top level", "section", "item"])
def test_completion_offers_the_keys_with_chinese_documentation(
    server: YamlLanguageServer, tmp_path: Path, where: tuple[int, int], keys: set[str], absent: set[str]
) -> None:
    items = _complete(server, tmp_path, COMPLETE, where)
    assert keys <= set(items), sorted(items)
    assert not (absent & set(items)), sorted(items)
    for key in keys:
        assert CJK.search(_documentation(items[key])), (key, items[key])
    _no_null(items)


def test_completion_inserts_what_a_clerk_types(server: YamlLanguageServer, tmp_path: Path) -> None:
    top = _complete(server, tmp_path, COMPLETE, TOP)
    assert _insert(top["year"]) == f"year: {last_year()}"
    assert _insert(top["seal"]) == "seal: true"
    assert _insert(top["letterhead"]).startswith("letterhead:\n  signer: ")
    item = _complete(server, tmp_path, COMPLETE, IN_ITEM)
    assert _insert(item["run_in"]) == "run_in: true"
    assert _insert(item["items"]).startswith("items:\n  - heading: ")


def test_an_empty_file_is_offered_the_skeleton(server: YamlLanguageServer, tmp_path: Path) -> None:
    items = _complete(server, tmp_path, HEAD, (1, 0))
    skeleton = _insert(items["事实文件骨架"])
    assert f"year: {last_year()}" in skeleton
    assert "agency:\n  name: " in skeleton and "  - kind: measures" in skeleton and "  - kind: plans" in skeleton
    _no_null(items)


def test_hover_shows_one_chinese_title(server: YamlLanguageServer, tmp_path: Path) -> None:
    path = _write(tmp_path, COMPLETE)
    server.open(path.as_uri(), COMPLETE)
    try:
        hover = server.hover(path.as_uri(), 5, 6)  # on `kind`
    finally:
        server.close(path.as_uri())
    text = hover["contents"]["value"]
    assert text.startswith("#### 部分类型\n") and "||" not in text
    assert "`leader`: 党政主要负责人履行推进法治建设第一责任人职责情况" in text


# --- a copied file ---------------------------------------------------------------------

def test_a_copied_file_still_validates(server: YamlLanguageServer, tmp_path: Path) -> None:
    """A file written by drafter outside the project points at the per-user copy of the schema,
    so a copy in another folder is still checked, offline."""
    written = _write(tmp_path / "2023", f"{MODELINE_PREFIX}{schema_reference(tmp_path / '2023' / 'facts.yaml')}\n"
                     + MINIMAL)
    copy = tmp_path / "elsewhere" / "deeper" / "2024.yaml"
    copy.parent.mkdir(parents=True)
    copy.write_text(written.read_text("utf-8").replace("year: 2023", "year: 二〇二四"), "utf-8")
    assert _diagnostics(server, written) == []
    assert _diagnostics(server, copy) == [(4, _rule("year"))]


def test_a_copied_example_loses_its_relative_schema_line(server: YamlLanguageServer, tmp_path: Path) -> None:
    """Why drafter writes the per-user copy: the examples' relative line names nothing elsewhere
    (and `drafter check` says so, see test_schema)."""
    copy = _write(tmp_path / "copy", EXAMPLES[0].read_text("utf-8"))
    found = _diagnostics(server, copy)
    assert len(found) == 1 and "facts.schema.json" in found[0][1], found


def test_value_completion_explains_each_kind_and_offers_true(server: YamlLanguageServer, tmp_path: Path) -> None:
    text = HEAD + "agency:\n  name: 某局\nyear: 2024\nsections:\n  - kind: \nseal: \n"
    kinds = _complete(server, tmp_path, text, (5, 10))
    assert list(kinds) == ["measures", "problems", "leader", "plans", "other"]
    assert _documentation(kinds["leader"]) == "党政主要负责人履行推进法治建设第一责任人职责情况"
    assert list(_complete(server, tmp_path, text, (6, 6)))[0] == "true"
