"""`check` recognises a 第一责任人 part folded into another one by the regulation's wording and its
common variants — the `leader` patterns of templates/import.yaml, the same table import uses."""

from __future__ import annotations

import pytest

from drafter.factfile.model import parse_facts
from drafter.review.checks import check
from tests.helpers.samples import MINIMAL

WITHOUT_LEADER = MINIMAL.replace("  - kind: leader\n    text: 局主要领导认真履行法治建设第一责任人职责。\n", "")


def codes(text: str) -> list[str]:
    return [f.code for f in check(parse_facts(text, "facts.yaml"))]


def test_the_sample_has_no_leader_part_left() -> None:
    assert WITHOUT_LEADER != MINIMAL and "missing-part" in codes(WITHOUT_LEADER)


@pytest.mark.parametrize("heading", [
    "党政主要负责人推进法治建设职责履行到位",
    "主要负责人履行推进法治建设第一责任人职责",
    "局主要负责同志切实履行法治建设职责",
    "压实一把手推进法治建设第一责任",
])
def test_a_subheading_in_the_regulations_wording_or_a_variant(heading: str) -> None:
    text = WITHOUT_LEADER.replace("heading: 依法履行职能", f"heading: {heading}")
    assert "leader-folded" in codes(text) and "missing-part" not in codes(text)


@pytest.mark.parametrize(("paragraph", "folded"), [
    ("局主要负责人切实履行推进法治建设第一责任人职责，带头述法。", True),
    ("党政主要负责人认真履行法治建设职责，亲自部署重要工作。", True),
    ("主要负责人负总责，落实领导责任。", False),  # no word of 法治: not the leader part
])
def test_a_paragraph_in_the_regulations_wording(paragraph: str, folded: bool) -> None:
    text = WITHOUT_LEADER.replace("严格落实规范性文件前置审核。", paragraph)
    assert ("leader-folded" in codes(text)) is folded
    assert ("missing-part" in codes(text)) is not folded
