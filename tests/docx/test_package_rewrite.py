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


def test_a_build_is_read_without_zipfile_exactly_as_zipfile_reads_it(write_facts, tmp_path: Path) -> None:
    import zipfile

    from drafter.pipeline import run

    out = run(write_facts(), tmp_path / "out.docx").output
    data = out.read_bytes()
    with zipfile.ZipFile(out) as zf:
        expected = [(name, zf.read(name)) for name in zf.namelist()]
    assert package.own_members(data) == expected
    assert package.is_unedited_build(out)


def test_any_other_layout_or_a_damaged_member_is_left_to_zipfile(write_facts, tmp_path: Path) -> None:
    import io
    import zipfile

    from drafter.pipeline import run

    out = run(write_facts(), tmp_path / "out.docx").output
    data = out.read_bytes()
    with zipfile.ZipFile(out) as zf:
        members = [(name, zf.read(name)) for name in zf.namelist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:  # as another program would: same parts
        for name, content in members:
            zf.writestr(name, content, compresslevel=9)
        zf.comment = b"saved elsewhere"
    assert package.own_members(buffer.getvalue()) is None
    rewritten = tmp_path / "rewritten.docx"
    rewritten.write_bytes(buffer.getvalue())
    assert package.is_unedited_build(rewritten)  # zipfile reads it: the parts are still the build's

    damaged = bytearray(data)
    body = data.index(b"word/document.xml") + len(b"word/document.xml") + 40  # inside its compressed data
    damaged[body] ^= 0xFF
    assert package.own_members(bytes(damaged)) is None
    broken = tmp_path / "broken.docx"
    broken.write_bytes(bytes(damaged))
    assert not package.is_unedited_build(broken)
    assert package.own_members(data[:-1]) is None
