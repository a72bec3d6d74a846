"""The web-capture corpus (issue 15): synthetic pages of the common government CMS families, each
imported, built and read back with python-docx.

tests/fixtures/import/web/ holds the captures (政府信息公开 metadata tables, 栏目 breadcrumbs,
navigation bars, date banners, share widgets, printed-page footers, titles split or sharing a
line with publication data, 文号 with 签发人, attachment links) and expected.yaml what each must
give: title, year, agency, 主送, 文号, 签发人, the lines left out and the lines kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from drafter import console
from drafter.importing.recognise import import_to_file
from drafter.pipeline import run
from drafter.text.patterns import heading_number
from tests.helpers.samples import ROOT

CORPUS = ROOT / "tests" / "fixtures" / "import" / "web"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))


def test_the_corpus_is_large_and_covers_every_family() -> None:
    assert len(EXPECTED) >= 40
    assert sorted(p.stem for p in CORPUS.glob("*.txt")) == sorted(EXPECTED)
    families = {stem.split("-", 1)[1] for stem in EXPECTED}
    assert len(families) == 8


def _docx_text(path: Path) -> str:
    """Every paragraph of the built DOCX, line breaks inside a paragraph removed."""
    return "\n".join(p.text.replace("\n", "") for p in Document(str(path)).paragraphs)


def _without_number(line: str) -> str:
    found = heading_number(line)
    return line[found.end:] if found else line


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_capture_imports_builds_and_reads_back(stem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = EXPECTED[stem]
    source = tmp_path / f"{stem}.txt"
    source.write_bytes((CORPUS / f"{stem}.txt").read_bytes())
    outcome = import_to_file(source, tmp_path / "facts.yaml")
    result, facts = outcome.result, outcome.result.facts

    assert facts.year == expected["year"]
    assert facts.agency.name == expected["agency"]
    assert (facts.title or facts.effective_title()).replace("\n", "") == expected["title"]
    assert facts.to == expected["to"]
    assert facts.doc_number == expected["doc_number"]
    assert (facts.letterhead.signer if facts.letterhead else None) == expected["signer"]
    assert sorted(r.text.strip() for r in result.removed) == sorted(expected["dropped"])

    console.import_report(outcome)  # every dropped line is on screen with its reason
    screen = capsys.readouterr().out
    for r in result.removed:
        assert f"第 {r.line} 行［{r.label}］{r.text}" in screen

    built = run(outcome.output, tmp_path / "report.docx")
    text = _docx_text(built.output)
    flat = text.replace("\n", "")
    assert expected["title"] in flat
    for line in expected["kept"]:
        assert _without_number(line).rstrip("。") in flat, line
    paragraphs = set(text.split("\n"))
    for line in expected["dropped"]:
        assert line not in paragraphs
    for value in (expected["to"], expected["doc_number"], expected["signer"]):
        if value:
            assert value in flat
    assert not re.search(r"今天是|浏览量|发布时间|索\s*引\s*号", text)
