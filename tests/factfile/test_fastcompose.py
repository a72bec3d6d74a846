"""The libyaml fast path reads every file exactly as the ruamel path does, or declines it.

Compared on everything a user file can be: the examples, the wizard and import fixtures, the
150-file bad-input corpus, and generated documents. "Exactly" means the data, every recorded
position (keys, values, block lines, end-of-line comments) and every finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import Node

from drafter.errors import FactFileError
from drafter.factfile import fastcompose
from drafter.factfile import yamlread as yamlio
from tests.e2e.test_corpus import CHAR_CASES, _control_text

ROOT = Path(__file__).resolve().parents[2]


def _utf8(path: Path) -> bool:
    """Files in other encodings are refused by yamlio.read_text before any parser runs."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


FILES = sorted(p for p in {*ROOT.glob("examples/*/facts.yaml"), *ROOT.glob("tests/corpus/inputs/*.yaml"),
                           *ROOT.glob("tests/fixtures/**/*.yaml")} if _utf8(p))


def _read(text: str, monkeypatch: pytest.MonkeyPatch, fast: bool) -> tuple[str, object]:
    """Which parser composed the text ("fast", "ruamel" or "none" when no parser ran), and
    everything loads() gives, or the findings of the error it raises."""
    ran: list[str] = []
    real = fastcompose.compose

    def spy(*args):
        result = real(*args) if fast else False
        ran.append("ruamel" if result is False else "fast")
        return result

    with monkeypatch.context() as m:
        m.setattr(fastcompose, "compose", spy)
        try:
            parsed = yamlio.loads(text, "x.yaml")
        except FactFileError as exc:
            return (ran[-1] if ran else "none"), ("error", exc.message, exc.findings)
    smap = parsed.smap
    comments = {path: (mark, comment.split("\n")[0]) for path, (mark, comment) in smap.eol_comments.items()}
    segments = {path: smap.segments(path, value) for path in smap.spans
                if isinstance(value := _value_at(parsed.data, path), str)}
    return (ran[-1] if ran else "none"), (parsed.data, smap.keys, smap.values, smap.block_first_line, comments,
                                          segments, parsed.findings)


def _value_at(data: object, path: tuple[str | int, ...]) -> object:
    for part in path:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def compose(text: str) -> Node | None | bool:
    """fastcompose.compose given what yamlio.loads works out before calling it."""
    return fastcompose.compose(text, yamlio.split_lines(text), yamlio.bracket_depth(text)[0], yamlio.MAX_NODES)


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Assert both paths agree; which parser the fast read really used ("fast", "ruamel", "none").

    When it says "ruamel" the fast path declined and ruamel was compared with itself: that proves
    only that declining is safe, so the tests that mean to compare the two parsers assert "fast".
    """
    took, fast = _read(text, monkeypatch, fast=True)
    reference, slow = _read(text, monkeypatch, fast=False)
    assert reference in ("ruamel", "none")
    assert fast == slow
    assert took == ("none" if reference == "none" else "ruamel" if compose(text) is False else "fast")
    return took


def test_there_are_files_to_compare() -> None:
    assert len(FILES) > 60


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_paths_agree_on_every_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(path.read_bytes().decode("utf-8-sig"), monkeypatch)


def test_most_files_are_compared_on_the_fast_path() -> None:
    """Otherwise the comparison above is mostly ruamel against itself (_same checks, per file, that
    the fast read really ran libyaml exactly when compose takes the file)."""
    took = [compose(path.read_bytes().decode("utf-8-sig")) is not False for path in FILES]
    assert sum(took) >= 0.5 * len(FILES), (sum(took), len(FILES))


@pytest.mark.parametrize("path", sorted(ROOT.glob("examples/*/facts.yaml")), ids=lambda p: p.parent.name)
def test_the_examples_take_the_fast_path(path: Path) -> None:
    assert isinstance(compose(path.read_text("utf-8")), Node)


@pytest.mark.parametrize("text", [
    "year: 2024\nyear: 2025\n",  # duplicate key: same finding
    "text: 完成第 #1 项\n",  # end-of-line comment after a plain scalar
    "text: 完成  # 备注\n# 下一行的注释\n",
    "a: no\nb: on\nc: 0755\nd: 2024-01-30\ne: 1:20\nf: ~\ng: 1e3\n",  # YAML 1.1 and 1.2 disagree here
    "a: &x [1, 2]\nb: *x\nc: {<<: {k: v}, m: n}\n",  # aliases and merge keys
    "a: &a {k: 1, m: 2}\nb:\n  <<: *a\n  k: 3\n",  # a merged key overridden: no duplicate
    "a: &a {k: 1}\nb: &b {k: 2, j: 2}\nc: {<<: [*a, *b], j: 3}\n",  # the earlier merged mapping wins
    "a: &a {k: 1}\nb: {<<: *a, <<: *a}\nc: {k: 1, k: 2}\n",  # real duplicates
    "a: &a\n  k: 1\n  b: *a\n",  # an alias inside its own anchor
    "text:\nyear:\nb:\n  c:\n",  # empty values are located at their keys
    "a: |\n  第一行\n  第二行\nb: >\n  折叠\n  文字\n",
    "a: '单引号 # 不是注释'\nb: \"双引号 # 也不是\"  # 是注释\n",
    "- [a, b]  # x\n- {k: v}\n",
    "text: \r  # 注\nheading: 0  # 注\n",  # a lone CR ends a line for both parsers
    "text: 甲\rheading: 乙 #1\r\nto: 丙  # 注\n",
])
def test_both_paths_agree_on_tricky_yaml(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _same(text, monkeypatch) == "fast", "this text is meant for the fast path"


@pytest.mark.parametrize("text", ["a: !!binary aGVsbG8=\n", "%YAML 1.1\n---\na: b\n", "a:\n\t- b\n",
                                  "a: [" * 30 + "]" * 30 + "\n", "a: 'unclosed\n", "a: b\na b\n"])
def test_the_fast_path_declines_what_only_ruamel_words_right(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert compose(text) is False
    assert _same(text, monkeypatch) == "ruamel"


@pytest.mark.parametrize("case", CHAR_CASES, ids=[c.id for c in CHAR_CASES])
def test_both_paths_agree_on_every_control_character(case, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(_control_text(case), monkeypatch)


_scalar_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
#: Without control, private-use and unassigned characters the fast path takes about 95% of documents.
_printable_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Co", "Cn"]), max_size=30)
_ENTRY_KEYS, _QUOTES, _TAILS = ["text", "heading", "title", "year", "to", "x"], ["", "'", '"', "|"], ["", "  # 注", " #1"]


def _document(entries: list[tuple[str, str, str, str]]) -> str:
    lines = []
    for key, value, quote, tail in entries:
        if quote == "|":
            lines.append(f"{key}: |{tail}")
            lines += ["  " + part for part in value.split("\n")]
        elif quote == "'":
            lines.append(f"{key}: '{value.replace(chr(39), chr(39) * 2)}'{tail}")
        elif quote == '"':
            lines.append(f'{key}: "{value}"{tail}')
        else:
            lines.append(f"{key}: {value}{tail}")
    return "\n".join(lines) + "\n"


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ENTRY_KEYS), _scalar_text, st.sampled_from(_QUOTES),
                          st.sampled_from(_TAILS)), max_size=6))
def test_both_paths_agree_on_generated_documents(entries: list[tuple[str, str, str, str]]) -> None:
    """Any characters: where the fast path declines (most of these), declining is safe."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        event(_same(_document(entries), monkeypatch))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ENTRY_KEYS), _printable_text, st.sampled_from(_QUOTES),
                          st.sampled_from(_TAILS)), min_size=1, max_size=6))
def test_the_fast_path_reads_generated_documents_as_ruamel_does(entries: list[tuple[str, str, str, str]]) -> None:
    """Only documents the fast path took count here: libyaml's reading against ruamel's."""
    text = _document(entries)
    assume(compose(text) is not False)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _same(text, monkeypatch) == "fast"
