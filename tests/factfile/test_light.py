"""The import-light reader accepts only what the fact model accepts, with the same values, map and DOCX.

Property (hypothesis over generated fact files, valid and invalid): when factfile.light accepts a
file, the model accepts it too and both give the same values, source map and raw data, and the
DOCX built from either is the same part by part; when the model refuses a file, the light reader
doubts it (so the model words every message). And a light build imports none of the heavy libraries.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.docx.render import render_docx
from drafter.errors import FactFileError
from drafter.factfile import light, model
from drafter.factfile.source import SourceMap, comment_findings
from drafter.pipeline import run
from drafter.records import as_dict
from tests.helpers.factgen import fact_files
from tests.helpers.samples import MINIMAL

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(ROOT.joinpath("examples").glob("*/facts.yaml"))
CORPUS = sorted(ROOT.joinpath("tests", "corpus").rglob("*.yaml"))


def read_light(text: str, name: str = "<输入>") -> tuple[light.Facts, SourceMap, Any] | None:
    """factfile.light on a text, as load_light reads a file (None: doubted)."""
    smap = SourceMap(name)
    try:
        data = light.parse(text, smap)
        facts = light.validate(data)
    except light.Doubt:
        return None
    if comment_findings(smap):
        return None
    return facts, smap, data


def parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def assert_same_as_the_model(text: str) -> bool:
    """The property; True when the light reader accepted the file."""
    try:
        full: model.LoadedFacts | None = model.parse_facts(text)
    except FactFileError:
        full = None
    got = read_light(text)
    if got is None:
        return False
    assert full is not None, "the light reader accepted a file the model refuses"
    facts, smap, data = got
    assert as_dict(facts) == full.facts.model_dump()
    assert data == full.raw
    assert (smap.keys, smap.values, smap.block_first_line, smap.eol_comments) == (
        full.smap.keys, full.smap.values, full.smap.block_first_line, full.smap.eol_comments)
    assert parts(render_docx(facts)) == parts(render_docx(full.facts))  # type: ignore[arg-type]
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_files())
def test_generated_fact_files_are_read_alike(text: str):
    assert_same_as_the_model(text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_example_is_read_light(path: Path):
    assert assert_same_as_the_model(path.read_text("utf-8"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_corpus_files_are_read_alike(path: Path):
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        return
    assert_same_as_the_model(text)


@pytest.mark.parametrize("value", ["yes", "no", "on", "off", "0123", "1_000", "0x1F", "1e3", "2024-02-30", ".inf", "-1",
                                   "+5", "2024-1-5", "2024-01-30T10:00:00", "~", "null", "True", "= x", "<< x"])
def test_plain_values_it_does_not_resolve_itself_are_doubted_or_agree(value: str):
    text = MINIMAL + f"note: {value}\n"
    assert_same_as_the_model(text)


@given(st.text(st.sampled_from(list("0123456789-+._:eExXoObB ~TtFfNnYy")), min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_ascii_plain_scalars_resolve_as_ruamel_resolves_them(value: str):
    text = MINIMAL + f"note: {value}\n"
    try:
        yaml_ok = model.parse_facts(text)
    except FactFileError:
        yaml_ok = None
    got = read_light(text)
    if got is not None:
        assert yaml_ok is not None and got[0].note == yaml_ok.facts.note


@pytest.mark.parametrize("extra", [
    "titel: x\n", "year: 1989\n", "seal: 2\n", "letterhead: {signer: 张三}\n", "title: 完成第 #1 项\n",
    "closing: &a 特此报告。\npreamble: *a\n", "to: 龙泉市人民政府。\n", "imprint: {printer: 办公室}\n",
])
def test_what_the_model_refuses_is_doubted(extra: str):
    text = MINIMAL + extra
    with pytest.raises(FactFileError):
        model.parse_facts(text)
    assert read_light(text) is None


def test_a_valid_build_takes_the_light_path(write_facts, monkeypatch: pytest.MonkeyPatch):
    facts = write_facts(MINIMAL)
    monkeypatch.setattr(model, "load_facts", lambda *a: pytest.fail("the full reader was used"))
    assert run(facts).output.exists()


def test_an_invalid_file_is_reported_by_the_model(write_facts):
    facts = write_facts(MINIMAL + "titel: x\n")
    with pytest.raises(FactFileError) as caught:
        run(facts)
    assert "未知的键，是不是“title”（标题）？" in caught.value.findings[0].message


#: dataclasses (and the inspect it imports) too: generating a dataclass's methods costs ~0.4 ms a class
#: in every process, so the build path's classes are drafter.records classes; and typing (~2.5 ms),
#: whose names the build path's modules import for the type checker only (drafter.TYPE_CHECKING).
HEAVY = ("pydantic", "pydantic_core", "ruamel", "docx", "docxtpl", "jinja2", "lxml", "argparse", "dataclasses",
         "inspect", "typing")


def test_a_light_build_imports_none_of_the_heavy_libraries(tmp_path: Path):
    facts = tmp_path / "报告.yaml"
    facts.write_text(EXAMPLES[0].read_text("utf-8"), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "drafter", "build", str(facts)], capture_output=True, check=True)  # compiles once
    script = (
        "import json, sys\n"
        "from drafter.cli import main\n"
        f"code = main(['build', {str(facts)!r}, '-o', {str(tmp_path / 'out.docx')!r}])\n"
        "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules})]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and (tmp_path / "out.docx").exists()
    assert not set(HEAVY) & set(modules), set(HEAVY) & set(modules)
