"""Every console example in README.md is the real output of its command (issue 19).

Each ```console block holds one or more `$ command` lines, each followed by what it prints. The
test runs them in README order in one folder holding tests/fixtures/readme/ (the files the
examples name: 报告.yaml, 2024.yaml, 各部门/) and a copy of examples/, so a later block sees what an
earlier one did (`check --fix` after `check`). stdout and stderr are read together, in the order
they were written. The only normalisation is the time stamp in backup names.

`drafter …` and `.venv/bin/drafter …` run `python -m drafter`; `make demo` runs the Makefile's own
recipe with a `drafter` on BIN that does the same. After a deliberate change of output, rewrite
the blocks with: python -m tests.e2e.test_readme --update
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from drafter.cli import main
from scripts.example_template import EXAMPLE as EXAMPLE_TEMPLATE
from scripts.example_template import HEADER, make
from tests.helpers.clirun import environment
from tests.helpers.reviewfolder import build_folder

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FIXTURES = ROOT / "tests" / "fixtures" / "readme"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
STAMP = re.compile(r"\.bak-\d{8}-\d{6}")


@dataclass
class Example:
    command: str
    expected: str
    start: int  # offset in README.md of the expected output
    end: int


def examples(text: str) -> list[Example]:
    found: list[Example] = []
    for fence in FENCE.finditer(text):
        if fence.group(1) != "console":
            continue
        body_start = fence.start(2)
        commands = list(re.finditer(r"^\$ (.*)\n", fence.group(2), re.M))
        assert commands and commands[0].start() == 0, f"a console block must start with '$ ': {fence.group(2)[:60]}"
        for i, cmd in enumerate(commands):
            out_start = body_start + cmd.end()
            out_end = body_start + commands[i + 1].start() if i + 1 < len(commands) else fence.end(2)
            found.append(Example(cmd.group(1), text[out_start:out_end], out_start, out_end))
    return found


def normalise(output: str) -> str:
    return STAMP.sub(".bak-<时间>", output).rstrip("\n")


def prepare(work: Path) -> None:
    shutil.copytree(FIXTURES, work, dirs_exist_ok=True)
    shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (work / "docs").mkdir()
    shutil.copy2(EXAMPLE_TEMPLATE, work / "docs" / EXAMPLE_TEMPLATE.name)
    build_folder(work)  # 收到的报告/ and 上年报告/ for the `drafter review` example
    shutil.rmtree(work / "work")  # the folder build_folder builds its reports in
    shim = work.parent / "bin"  # `make demo` runs $(BIN)/drafter
    shim.mkdir(exist_ok=True)
    (shim / "drafter").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m drafter "$@"\n', encoding="utf-8")
    (shim / "drafter").chmod(0o755)


def run(command: str, work: Path) -> str:
    env = {**environment(), "PYTHONUNBUFFERED": "1"}  # stdout and stderr interleave as written
    if command == "make demo":
        argv = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "demo", "STAMP=",
                f"BIN={work.parent / 'bin'}"]
    else:
        words = shlex.split(command)
        assert words[0] in ("drafter", ".venv/bin/drafter"), f"README example with an unknown command: {command}"
        argv = [sys.executable, "-m", "drafter", *words[1:]]
    proc = subprocess.run(argv, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=300)
    return proc.stdout


def outputs(text: str, work: Path) -> list[tuple[Example, str]]:
    prepare(work)
    return [(ex, run(ex.command, work)) for ex in examples(text)]


def test_every_console_example_is_the_real_output(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    results = outputs(text, tmp_path / "work")
    assert len(results) >= 7
    stale = [f"$ {ex.command}\n--- README\n{normalise(ex.expected)}\n--- real\n{normalise(real)}"
             for ex, real in results if normalise(ex.expected) != normalise(real)]
    assert not stale, "README examples differ from the real output (python -m tests.e2e.test_readme --update):\n\n" \
        + "\n\n".join(stale)


def test_output_shown_elsewhere_is_in_a_checked_console_block() -> None:
    for fence in FENCE.finditer(README.read_text(encoding="utf-8")):
        if fence.group(1) != "console":
            lines = fence.group(2).splitlines()
            assert not any(line.startswith("$ ") or re.search(r"\.yaml:\d+", line) for line in lines), fence.group(0)


def test_the_fact_file_example_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's annotated fact file (the format section) is a clean report, as it claims to be."""
    (example,) = [f.group(2) for f in FENCE.finditer(README.read_text(encoding="utf-8"))
                  if f.group(1) == "yaml" and f.group(2).startswith("# yaml-language-server")]
    # it stands where its $schema line says: examples/<slug>/facts.yaml beside the repository's schema/
    facts = tmp_path / "examples" / "demo" / "facts.yaml"
    facts.parent.mkdir(parents=True)
    facts.write_text(example, encoding="utf-8")
    (tmp_path / "schema").mkdir()
    shutil.copyfile(ROOT / "schema" / "facts.schema.json", tmp_path / "schema" / "facts.schema.json")
    assert main(["check", str(facts)]) == 0
    out = capsys.readouterr().out
    assert "错误" not in out and "警告" not in out, out


def test_the_corpus_count_in_the_readme_is_the_real_one() -> None:
    from tests.e2e.test_corpus import CASES

    assert f"`tests/corpus/` 里有 {len(CASES)} 个“坏输入”" in README.read_text(encoding="utf-8")


def _header_texts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [re.sub(r"<[^>]+>", "", zf.read(n).decode("utf-8")).strip()
                for n in sorted(zf.namelist()) if re.fullmatch(r"word/header\d+\.xml", n)]


def test_the_example_template_is_current_and_fills_in_the_variables(tmp_path: Path) -> None:
    fresh = make(tmp_path / "fresh.docx")
    with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(EXAMPLE_TEMPLATE) as committed:
        parts = [n for n in new.namelist() if n.startswith("word/")]
        assert sorted(parts) == sorted(n for n in committed.namelist() if n.startswith("word/"))
        assert all(new.read(n) == committed.read(n) for n in parts), "run: python -m scripts.example_template"
    assert _header_texts(EXAMPLE_TEMPLATE) == [HEADER, HEADER]
    out = tmp_path / "带页眉.docx"
    assert main(["build", str(ROOT / "examples" / "longquan-2023" / "facts.yaml"), "--template",
                 str(EXAMPLE_TEMPLATE), "-o", str(out)]) == 0
    assert _header_texts(out) == ["龙泉市科学技术局　2023年度法治政府建设情况报告"] * 2


def test_an_unknown_template_variable_names_the_ones_there_are(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    import docx

    from drafter.resources import template_path

    document = docx.Document(str(template_path("report.docx")))
    document.sections[0].header.is_linked_to_previous = False
    document.sections[0].header.paragraphs[0].text = "{{ agency.name }}"
    template = tmp_path / "模板.docx"
    document.save(str(template))
    code = main(["build", str(ROOT / "examples" / "longquan-2023" / "facts.yaml"), "--template", str(template),
                 "-o", str(tmp_path / "out.docx")])
    err = capsys.readouterr().err
    assert code == 1 and "'agency' is undefined" in err
    assert "可用的变量只有 facts" in err and "{{ facts.agency.name }}" in err and "blocks" in err


def test_u2028_written_as_a_yaml_escape_is_refused_as_the_readme_says(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text('agency:\n  name: 测试局\nyear: 2023\nto: "市人民\\u2028政府"\npreamble: "开头\\u2029段"\n'
                     "sections:\n  - kind: measures\n    text: 做了工作。\n", encoding="utf-8")
    assert "\\u2028" in facts.read_text(encoding="utf-8")  # the six characters of the escape, not U+2028 itself
    assert main(["build", str(facts), "-o", str(tmp_path / "out.docx")]) == 1
    err = capsys.readouterr().err
    assert "［to］含有不可见的控制字符 U+2028" in err and "［preamble］含有不可见的控制字符 U+2029" in err
    assert not (tmp_path / "out.docx").exists()
    assert "写成 YAML 转义" in README.read_text(encoding="utf-8")


@pytest.mark.render
def test_the_page_count_of_the_benchmark_report_is_the_real_one(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The README (and bench/run.py's row label) said 17 pages; the report renders to 18."""
    import runpy

    from tests.helpers import pdfmeasure as pm

    bench = runpy.run_path(str(ROOT / "bench" / "report.py"))  # bench/ is not a package (bench/run.py runs it so)

    pm.require_render_tools()
    pm.require_stand_in_fonts()  # the page count depends on the fonts' metrics
    facts = tmp_path / "report.yaml"
    facts.write_text(bench["to_yaml"](bench["make_report"]()), encoding="utf-8")
    assert main(["build", str(facts), "--pdf"]) == 0
    pages = len(pm.read_pdf(facts.with_suffix(".pdf")))
    assert f"约 9,500 字、{pages} 页的报告" in README.read_text(encoding="utf-8")
    assert f"约 {pages} 页的报告" in (ROOT / "bench" / "run.py").read_text(encoding="utf-8")


def update() -> None:
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        results = outputs(text, Path(tmp) / "work")
    for ex, real in reversed(results):
        text = text[: ex.start] + (real if real.endswith("\n") else real + "\n") + text[ex.end:]
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.e2e.test_readme --update")
    update()
