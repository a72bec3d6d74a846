"""Shared fixtures: a minimal valid fact file and helpers to write fact files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.helpers.samples import MINIMAL


@pytest.fixture
def write_facts(tmp_path: Path):
    """write_facts(text, name="facts.yaml") -> Path of a fact file in tmp_path."""

    def write(text: str = MINIMAL, name: str = "facts.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _schema_copy_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """`drafter new`/`import` write the per-user schema copy: never into the real home during tests."""
    from drafter.factfile.schema import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path_factory.getbasetemp() / "drafter-data"))


@pytest.fixture(autouse=True)
def _compiled_templates_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled templates (drafter.docx.compiled) go to one cache folder of the test session, not the real home."""
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "drafter-cache"))
