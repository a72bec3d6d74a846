"""write_build: a rebuild does not read back the DOCX it wrote itself, but does read one changed since."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drafter.docx import package


def _make(data: bytes):
    return lambda: data


def test_a_rebuild_trusts_its_own_last_write_and_checks_any_other_file(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("x", encoding="utf-8")
    out = tmp_path / "facts.docx"
    asked: list[Path] = []

    def unedited(path: Path) -> bool:
        asked.append(path)
        return True

    monkeypatch.setattr(package, "is_unedited_build", unedited)
    package.write_build(facts, out, _make(b"one"))
    package.write_build(facts, out, _make(b"two"))
    assert asked == []  # the file this process wrote, untouched since: not read again

    out.write_bytes(b"edited by hand")  # same inode, new size and times
    result = package.write_build(facts, out, _make(b"three"))
    assert asked == [out] and result.backup is None

    os.utime(out, ns=(1, 1))  # even a change of times alone is looked at
    package.write_build(facts, out, _make(b"four"))
    assert asked == [out, out]
