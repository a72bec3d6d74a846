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

from drafter.cli import main
from drafter.errors import FactFileError
from drafter.factfile.document import MODELINE_PREFIX, schema_reference
from drafter.factfile.fieldrules import model_keys, rule_at
from drafter.factfile.model import fact_json_schema, parse_facts
from drafter.factfile.schema import installed_schema_path, last_year
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


def _located(found: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(d["range"]["start"]["line"] + 1, d["message"]) for d in found]


def _diagnostics(server: YamlLanguageServer, path: Path) -> list[tuple[int, str]]:
    found = server.open(path.as_uri(), path.read_text("utf-8"))
    server.close(path.as_uri())
    return _located(found)


HEAD = f"{MODELINE_PREFIX}{COMMITTED.as_uri()}\n"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_an_example_gives_no_diagnostics(server: YamlLanguageServer, path: Path) -> None:
    assert _diagnostics(server, path) == []


def test_the_minimal_file_gives_no_diagnostics(server: YamlLanguageServer, tmp_path: Path) -> None:
    assert _diagnostics(server, _write(tmp_path, HEAD + MINIMAL)) == []


def _check(text: str) -> list[tuple[int, str]]:
    """What `drafter check` says of a fact file: (line, message) of each validation error."""
    try:
        parse_facts(text, "facts.yaml")
    except FactFileError as exc:
        return sorted((f.line or 0, f.message) for f in exc.findings if f.severity == "error")
    return []


DEEP = ("      - heading: 依法履行职能\n", "      - heading: 依法履行职能\n        items:\n          - heading: 甲\n"
        "            items:\n              - heading: 乙\n                items:\n                  - heading: 丙\n")

#: (mistake, old text of MINIMAL, new text): the typical mistakes of a clerk editing by hand
MISTAKES: list[tuple[str, str, str]] = [
    ("year in Chinese numerals", "year: 2023", "year: 二〇二五"),
    ("year out of range", "year: 2023", "year: 1900"),
    ("year with 年", "year: 2023", "year: 2023年"),
    ("date in Chinese numerals", "date: 2024-01-30", "date: 二〇二四年一月三十日"),
    ("date without a day", "date: 2024-01-30", "date: 2024年1月"),
    ("date as a number", "date: 2024-01-30", "date: 20240130"),
    ("empty heading", "      - heading: 依法履行职能", "      - heading: ''"),
    ("unknown kind", "kind: problems", "kind: problem"),
    ("kind in Chinese", "kind: problems", "kind: 问题"),
    ("switch in Chinese", "        run_in: true\n        text: |", "        run_in: 是\n        text: |"),
    ("a list where a name is expected", "  name: 龙泉市科学技术局", "  name:\n    - 龙泉市科学技术局"),
    ("a mapping where a text is expected", "text: 局主要领导认真履行法治建设第一责任人职责。", "text:\n      内容: 某"),
    ("number as text", "text: 严格落实规范性文件前置审核。", "text: 5"),
    ("a section written as a text", "  - kind: leader\n    text: 局主要领导认真履行法治建设第一责任人职责。\n",
     "  - 局主要领导认真履行法治建设第一责任人职责。\n"),
    ("no sections", MINIMAL[MINIMAL.index("sections:"):], "sections: []\n"),
    ("missing agency", "agency:\n  name: 龙泉市科学技术局\n", ""),
    ("missing year", "year: 2023\n", ""),
    ("missing agency name", "  name: 龙泉市科学技术局", "  short: 龙泉市科技局"),
    ("missing heading", "      - heading: 依法履行职能\n        text", "      - text"),
    ("letterhead without signer", "year: 2023\n", "year: 2023\nletterhead:\n  name: 某局文件\n"),
    ("misspelt yaer", "year: 2023", "yaer: 2023"),
    ("misspelt key in agency", "  name: 龙泉市科学技术局", "  nam: 龙泉市科学技术局"),
    ("unknown key in a section", "  - kind: leader\n", "  - kind: leader\n    titel: 标题\n"),
    ("misspelt key in an item", "        text: 严格落实", "        txet: 严格落实"),
    ("key of another level (indentation)", "year: 2023\n", "  year: 2023\n"),
    ("unknown font profile", "year: 2023\n", "year: 2023\nfonts: songti\n"),
    ("attachment as a number", "year: 2023\n", "year: 2023\nattachments:\n  - 5\n"),
    ("attachment without title", "year: 2023\n", "year: 2023\nattachments:\n  - text: 正文\n"),
    ("section with neither kind nor heading", "  - kind: leader\n", "  - items: []\n"),
    ("imprint with printer, no date", "year: 2023\n", "year: 2023\nimprint:\n  printer: 某局办公室\n"),
    ("imprint with date, no printer", "year: 2023\n", "year: 2023\nimprint:\n  cc: 某局\n  date: 2024-02-01\n"),
    ("empty imprint", "year: 2023\n", "year: 2023\nimprint: {}\n"),
    ("items five levels deep", *DEEP),
]


@pytest.mark.parametrize("old, new", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_the_editor_says_what_drafter_check_says_on_the_same_line(
    server: YamlLanguageServer, tmp_path: Path, old: str, new: str
) -> None:
    assert old in MINIMAL
    text = HEAD + MINIMAL.replace(old, new, 1)
    said = _check(text)
    assert said and all(CJK.search(message) for _, message in said), said
    assert sorted(_diagnostics(server, _write(tmp_path, text))) == said


#: What a clerk reads for a missing and a misspelt key, word for word (mistake, line, message).
WORDED = [
    ("missing agency", 2, "缺少必填项“agency”（机关），应为“键: 值”形式的内容，可写的键：name（机关全称，必填）、short（简称）"),
    ("missing year", 2, "缺少必填项“year”（年度），应为 1990 到 2100 之间的整数，例如 2024"),
    ("misspelt yaer", 4, "未知的键，是不是“year”（年度）？"),
    ("unknown key in a section", 21, "未知的键；这一层可写的键：kind（部分类型）、heading（标题）、text（正文）、items（条目）"),
    ("misspelt key in an item", 17, "未知的键，是不是“text”（正文）？"),
]


@pytest.mark.parametrize("name, line, message", WORDED, ids=[w[0] for w in WORDED])
def test_a_missing_or_misspelt_key_reads_the_same_in_the_editor_and_in_drafter_check(
    server: YamlLanguageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, line: int, message: str
) -> None:
    old, new = next(m[1:] for m in MISTAKES if m[0] == name)
    path = _write(tmp_path, HEAD + MINIMAL.replace(old, new, 1))
    assert (line, message) in _diagnostics(server, path)
    assert main(["check", str(path)]) == 1
    printed = capsys.readouterr().err.splitlines()
    assert any(row.startswith(f"{path}:{line}:") and row.endswith(f"］{message}") for row in printed), printed


@pytest.mark.parametrize("old, new", [
    ("date: 2024-01-30", "date: 2024/01/30"), ("date: 2024-01-30", "date: 2024年1月30日"),
    ("date: 2024-01-30", "date: 2024.1.30"), ("year: 2023\n", "year: 2023\nimprint:\n  cc: 某局\n"),
    ("  - kind: leader\n", "  - heading: 专题\n"), DEEP[:1] * 2,
], ids=["2024/01/30", "2024年1月30日", "2024.1.30", "imprint with cc only", "thematic section", "items four levels"])
def test_what_drafter_check_takes_the_editor_takes(server: YamlLanguageServer, tmp_path: Path, old: str, new: str) -> None:
    text = HEAD + MINIMAL.replace(old, new, 1)
    assert _check(text) == [] and _diagnostics(server, _write(tmp_path, text)) == []


@pytest.mark.parametrize("old, new", [
    ("  name: 龙泉市科学技术局", "\tname: 龙泉市科学技术局"), ("year: 2023\n", "year: 2023\nyear: 2024\n"),
], ids=["tab", "duplicate key"])
def test_a_yaml_syntax_error_is_the_only_english_and_drafter_check_explains_it(
    server: YamlLanguageServer, tmp_path: Path, old: str, new: str
) -> None:
    """yaml-language-server's own parser words these (no schema can), so the README says to run check."""
    path = _write(tmp_path, HEAD + MINIMAL.replace(old, new, 1))
    found = server.open(path.as_uri(), path.read_text("utf-8"))
    server.close(path.as_uri())
    english = [d for d in found if not CJK.search(d["message"])]
    assert len(english) == 1 and english[0]["source"] == "YAML", found
    line = english[0]["range"]["start"]["line"] + 1
    assert any(at == line and CJK.search(message) for at, message in _check(path.read_text("utf-8")))


@pytest.mark.parametrize("old, new", [
    ("date: 2024-01-30", "date: 2024-02-30"),
    ("      - heading: 依法履行职能", "      - heading: （二）依法履行职能"),
    ("year: 2023\n", "year: 2023\ndoc_number: 龙科2024年2号\n"),
    ("  name: 龙泉市科学技术局", "  name: 龙泉市科学技术局。"),
    ("year: 2023\n", "year: 2023\nto: |\n  龙泉市人民政府\n  龙泉市司法局\n"),
    ("year: 2023\n", "year: 2023\nletterhead:\n  signer: 张三\n"),
], ids=["no such day", "heading with its number", "document number", "name ending in 。", "two lines", "letterhead"])
def test_the_checks_only_drafter_check_makes(server: YamlLanguageServer, tmp_path: Path, old: str, new: str) -> None:
    """The rules the README lists as drafter check's alone: the editor is silent, check is not."""
    text = HEAD + MINIMAL.replace(old, new, 1)
    assert _check(text) and _diagnostics(server, _write(tmp_path, text)) == []


def test_an_empty_value_is_asked_for_in_the_editor(server: YamlLanguageServer, tmp_path: Path) -> None:
    """`to:` with nothing after it: drafter check takes it as not written; the editor, where the
    clerk is typing, says what to write there."""
    text = HEAD + MINIMAL.replace("year: 2023\n", "year: 2023\nto:\n", 1)
    assert _check(text) == []
    assert _diagnostics(server, _write(tmp_path, text)) == [(5, _rule("to"))]


def test_a_misspelt_key_is_fixed_with_one_click(server: YamlLanguageServer, tmp_path: Path) -> None:
    """The quick fix (Ctrl+.) of a key one slip away is the key itself."""
    path = _write(tmp_path, HEAD + MINIMAL.replace("year: 2023", "yaer: 2023", 1))
    found = [d for d in server.open(path.as_uri(), path.read_text("utf-8")) if d["range"]["start"]["line"] == 3]
    actions = server.request("textDocument/codeAction", {"textDocument": {"uri": path.as_uri()},
                                                         "range": found[0]["range"], "context": {"diagnostics": found}})
    server.close(path.as_uri())
    assert [(a["title"], a["edit"]["changes"][path.as_uri()][0]["newText"]) for a in actions] == [("year", "year")]


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
    assert _insert(top["letterhead"]) == "letterhead:\n  "  # its keys are offered next, see below
    item = _complete(server, tmp_path, COMPLETE, IN_ITEM)
    assert _insert(item["run_in"]) == "run_in: true"
    assert _insert(item["items"]) == "items:\n  - "


@pytest.mark.parametrize("text, at, keys", [
    ("letterhead:\n  \n", (2, 2), ["name", "signer"]),
    ("sections:\n  - kind: measures\n    items:\n      - \n", (4, 8), ["heading", "run_in", "text", "items"]),
    ("agency:\n  \n", (2, 2), ["name", "short"]),
    ("attachments:\n  - title: 附件\n    \n", (3, 4), ["text"]),
], ids=["letterhead", "new item", "agency", "attachment"])
def test_a_new_mapping_is_offered_its_keys(
    server: YamlLanguageServer, tmp_path: Path, text: str, at: tuple[int, int], keys: list[str]
) -> None:
    """Completion does not fill in a mapping's required keys (the price of naming a missing one in
    Chinese, see factfile.schema); it offers them, documented, on the next line."""
    items = _complete(server, tmp_path, HEAD + text, at)
    assert list(items) == keys
    assert all(CJK.search(_documentation(item)) for item in items.values())
    _no_null(items)


def test_an_item_of_the_fourth_level_is_not_offered_items(server: YamlLanguageServer, tmp_path: Path) -> None:
    text = HEAD + "\n".join(["sections:", "  - kind: measures", "    items:", "      - heading: 甲", "        items:",
                             "          - heading: 乙", "            items:", "              - heading: 丙", " " * 16, ""])
    assert list(_complete(server, tmp_path, text, (9, 16))) == ["run_in", "text"]


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


FULL = HEAD + MINIMAL.replace("  name: 龙泉市科学技术局\n", "  name: 龙泉市科学技术局\n  short: 龙泉市科技局\n", 1) + "\n".join([
    "title: 龙泉市科学技术局关于2023年度法治政府建设情况的报告", "to: 龙泉市人民政府", "doc_number: 龙科〔2024〕2号",
    "signature: 龙泉市科学技术局", "fonts: windows", "bold_headings: true", "closing: 特此报告。",
    "attachments:", "  - 附件一", "  - title: 附件二", "    text: 正文", "letterhead:", "  name: 龙泉市科学技术局文件",
    "  signer: 张三", "seal: true", "note: 此件公开发布", "imprint:", "  cc: 龙泉市司法局", "  printer: 龙泉市科学技术局办公室",
    "  date: 2024-01-31", "",
])


def test_every_key_of_a_full_file_hovers_in_chinese(server: YamlLanguageServer, tmp_path: Path) -> None:
    path = _write(tmp_path, FULL)
    assert server.open(path.as_uri(), FULL) == []
    keys = [(number, match) for number, line in enumerate(FULL.split("\n"))
            if (match := re.match(r"^(\s*(?:- )?)([a-z_]+):", line))]
    try:
        hovers = {(n, m.group(2)): server.hover(path.as_uri(), n, len(m.group(1)) + 1)["contents"]["value"]
                  for n, m in keys}
    finally:
        server.close(path.as_uri())
    assert {key for _, key in hovers} == set(model_keys(fact_json_schema()))
    for (number, key), text in hovers.items():
        title, description = text.split("\n\n")[:2]
        assert title.startswith("#### ") and CJK.search(title) and "||" not in title, (number, key, text)
        assert CJK.search(description), (number, key, text)


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


@pytest.mark.parametrize("mistake", [None, ("year: 2023", "year: 二〇二三")], ids=["valid", "with an error"])
def test_check_fix_points_a_moved_file_at_the_schema_again(
    server: YamlLanguageServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], mistake: tuple[str, str] | None
) -> None:
    """An example copied elsewhere: its relative `$schema` line names nothing, the editor stops
    checking; `drafter check` says so and `drafter check --fix` repairs the line (also in a file
    with errors, which the editor then shows), keeping a backup."""
    example = ROOT / "examples" / "longquan-2023" / "facts.yaml"
    text = example.read_text("utf-8")
    moved = _write(tmp_path / "moved", text.replace(*mistake) if mistake else text)
    before = _located(server.open(moved.as_uri(), moved.read_text("utf-8")))  # open in the editor all along
    assert len(before) == 1 and "加载架构" in before[0][1], before  # the server's "Unable to load schema", in zh-cn

    main(["check", str(moved)])
    out, err = capsys.readouterr()
    assert f"{moved}:1:33: 警告: 这一行的 $schema 指向的文件不存在（../../schema/facts.schema.json）" in out + err

    main(["check", "--fix", str(moved)])
    out, err = capsys.readouterr()
    installed = installed_schema_path()
    assert f"$schema 这一行已改为指向 {installed.as_uri()}，VS Code 等编辑器据此检查和补全这个文件。" in out
    assert "指向的文件不存在" not in out + err
    assert moved.read_text("utf-8").split("\n", 1) == [f"{MODELINE_PREFIX}{installed.as_uri()}",
                                                      moved.read_text("utf-8").split("\n", 1)[1]]
    (backup,) = moved.parent.glob("facts.bak-*.yaml")
    assert backup.read_text("utf-8") == (text.replace(*mistake) if mistake else text)

    after = _located(server.change(moved.as_uri(), moved.read_text("utf-8"), 2))  # the editor reloads the file
    server.close(moved.as_uri())
    assert after == _check(moved.read_text("utf-8")), after
    assert after == ([(10, _rule("year"))] if mistake else [])


def test_value_completion_explains_each_kind_and_offers_true(server: YamlLanguageServer, tmp_path: Path) -> None:
    text = HEAD + "agency:\n  name: 某局\nyear: 2024\nsections:\n  - kind: \nseal: \n"
    kinds = _complete(server, tmp_path, text, (5, 10))
    assert list(kinds) == ["measures", "problems", "leader", "plans", "other"]
    assert _documentation(kinds["leader"]) == "党政主要负责人履行推进法治建设第一责任人职责情况"
    assert list(_complete(server, tmp_path, text, (6, 6)))[0] == "true"
