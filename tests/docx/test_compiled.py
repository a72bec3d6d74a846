"""The compiled template gives the same DOCX as docxtpl, part by part, and its cache heals itself."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from drafter.docx import compiled
from drafter.docx.layout import layout
from drafter.docx.render import render_docx, render_with_docxtpl
from drafter.errors import FactFileError
from drafter.factfile.model import Facts, load_facts, parse_facts
from tests.helpers.factgen import fact_files
from tests.helpers.samples import MINIMAL

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("examples").glob("*/facts.yaml"))


def parts(data: bytes) -> list[tuple[str, int, bytes]]:
    """Every member in archive order: name, compression and content."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info.filename, info.compress_type, zf.read(info)) for info in zf.infolist()]


def assert_same_as_docxtpl(facts: Facts, fonts: str | None = None) -> None:
    made = compiled.fill(facts, layout(facts), fonts or facts.fonts)
    assert made is not None
    assert parts(made) == parts(render_with_docxtpl(facts, fonts=fonts))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("fonts", [None, "windows"])
def test_every_example_is_identical_part_by_part(path: Path, fonts: str | None):
    assert_same_as_docxtpl(load_facts(path).facts, fonts)


def test_letterhead_imprint_seal_and_attachment_pages_are_identical():
    text = MINIMAL + """\
doc_number: 龙科〔2024〕2号
letterhead: {name: 龙泉市科学技术局龙泉市科学技术局龙泉市科学技术局文件, signer: 张三}
seal: true
bold_headings: true
note: 此件公开发布
attachments: [附件甲, {title: 附件乙, text: "第一段 & <二>\\n第二段"}]
imprint: {cc: [市司法局, 市政府办公室], printer: 龙泉市科学技术局办公室, date: 2024-01-31}
"""
    assert_same_as_docxtpl(parse_facts(text).facts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_files())
def test_generated_fact_files_are_identical_part_by_part(text: str):
    try:
        facts = parse_facts(text).facts
    except FactFileError:
        return
    assert_same_as_docxtpl(facts)


def test_render_docx_uses_the_compiled_template(monkeypatch: pytest.MonkeyPatch):
    facts = parse_facts(MINIMAL).facts
    monkeypatch.setattr("drafter.docx.render.render_with_docxtpl", lambda *a, **k: pytest.fail("docxtpl used"))
    assert parts(render_docx(facts))[0][0] == "[Content_Types].xml"


def test_a_corrupt_cache_file_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    compiled.load.cache_clear()
    first = compiled.load("gb2312", False)
    (cached,) = tmp_path.glob("template-*.bin")
    cached.write_bytes(cached.read_bytes()[:-10] + b"broken....")
    compiled.load.cache_clear()
    assert compiled.load("gb2312", False) == first
    assert compiled.load.cache_info().currsize == 1
    cached.write_bytes(b"")
    compiled.load.cache_clear()
    assert compiled.load("gb2312", False) == first
    compiled.load.cache_clear()


def test_the_cache_is_used_without_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    compiled.load.cache_clear()
    compiled.load("gb2312", False)
    compiled.load.cache_clear()
    monkeypatch.setattr(compiled, "compile_template", lambda *a: pytest.fail("compiled again"))
    assert compiled.load("gb2312", False).snippets
    compiled.load.cache_clear()


@pytest.mark.parametrize("library", ["docx", "docxtpl", "lxml"])
def test_an_upgraded_library_is_not_served_from_the_old_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               library: str):
    """pip rewrites a library's files on an upgrade; the cache key must change with them."""
    import importlib
    import os

    module = importlib.import_module(library)
    assert module.__spec__ is not None and module.__spec__.origin is not None
    copy = tmp_path / "__init__.py"
    copy.write_bytes(Path(module.__spec__.origin).read_bytes())
    monkeypatch.setattr(module.__spec__, "origin", str(copy))
    before = compiled._key("gb2312", False)
    os.utime(copy, ns=(1, 1))
    assert compiled._key("gb2312", False) != before


def test_an_unwritable_cache_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(blocker / "sub"))
    compiled.load.cache_clear()
    assert compiled.load("gb2312", False).snippets
    compiled.load.cache_clear()


def test_a_text_xml_cannot_hold_is_left_to_docxtpl():
    facts = parse_facts(MINIMAL).facts
    blocks = layout(facts)
    blocks[0] = type(blocks[0])(blocks[0].kind, "\ufffe")
    assert compiled.fill(facts, blocks, "gb2312") is None


@pytest.mark.parametrize("name", ["docx", "docxtpl", "lxml", "yaml", "no_such_module_here"])
def test_a_library_is_found_where_importlib_finds_it(name: str):
    from importlib.util import find_spec

    spec = find_spec(name)
    assert compiled._origin(name) == (spec.origin if spec is not None else None)
