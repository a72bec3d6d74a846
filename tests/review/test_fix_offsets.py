"""check --fix edits a value's own characters only, once, and re-reads what it wrote (issue 13 items 4, 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import DrafterError
from drafter.factfile.model import load_facts
from drafter.review import fixes
from drafter.review.fixes import fix_file
from tests.helpers.samples import ROOT

INPUTS = ROOT / "tests" / "corpus" / "inputs"


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes((INPUTS / name).read_bytes())
    return path


def test_a_value_reached_through_an_alias_is_fixed_once(tmp_path: Path):
    path = _copy(tmp_path, "fix-alias-used-twice.yaml")
    fix_file(path)
    items = load_facts(path).facts.sections[0].items
    assert [i.text for i in items] == [["严格落实规范性文件前置审核，推进执法。"]] * 2
    assert "        text: *p\n" in path.read_text("utf-8")


def test_an_escaped_value_never_lends_its_offsets_to_another(tmp_path: Path):
    path = _copy(tmp_path, "fix-flow-mapping-escaped-heading.yaml")
    fix_file(path)
    item = load_facts(path).facts.sections[0].items[0]
    assert item.heading == "强化组织 领导"  # escaped: left alone (and still reported)
    assert item.text == ["强化组织领导。"]  # its own characters fixed, nothing deleted


def test_a_comment_holding_the_same_text_is_never_edited(tmp_path: Path):
    path = _copy(tmp_path, "fix-comment-holds-the-same-text.yaml")
    before = path.read_bytes()
    result = fix_file(path)
    assert result.changes == 0 and result.unlocated == 1 and path.read_bytes() == before
    path = _copy(tmp_path, "fix-quoted-value-then-comment-same-text.yaml")
    fix_file(path)
    assert '"严格落实规范性文件前置审核，推进执法。" # 严格落实规范性文件前置审核 ,推进执法。' in path.read_text("utf-8")


def test_a_fix_that_would_not_read_back_as_intended_is_not_written(tmp_path: Path, monkeypatch):
    path = _copy(tmp_path, "fix-alias-used-twice.yaml")
    before = path.read_bytes()
    real = fixes.apply_edits
    monkeypatch.setattr(fixes, "apply_edits", lambda text, edits: real(text, edits).replace("推进执法", "推进执行", 1))
    with pytest.raises(DrafterError, match="与预期不一致"):
        fix_file(path)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))


@pytest.mark.parametrize("name,bom", [("fix-utf16-be.yaml", b"\xfe\xff"), ("fix-utf16-le.yaml", b"\xff\xfe")])
def test_utf16_keeps_its_byte_order(tmp_path: Path, name: str, bom: bytes):
    path = _copy(tmp_path, name)
    fix_file(path)
    data = path.read_bytes()
    assert data.startswith(bom)
    assert "严格落实规范性文件前置审核，推进执法。" in data.decode("utf-16")
