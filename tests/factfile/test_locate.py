"""drafter.factfile.locate: every paragraph's characters are found where they are written, in every
YAML style; only what stands in the file verbatim is offered to --fix (issue 13 item 14)."""

from __future__ import annotations

import pytest

from drafter.factfile.locate import text_refs
from drafter.factfile.model import parse_facts
from tests.helpers.samples import MINIMAL

_ITEM = "      - heading: 依法履行职能\n        text: 严格落实规范性文件前置审核。\n"


@pytest.mark.parametrize(("written", "editable"), [
    ("        text:\n          - 第一段。\n          - >\n            严格落实规范性文件\n            前置审核 ,推进。\n", False),
    ("        text:\n          - 第一段。\n          - >-\n            严格落实规范性文件\n            前置审核 ,推进。\n", False),
    ("        text:\n          - 第一段。\n          - |+\n            前置审核 ,推进。\n\n", True),
    ("        text: >\n          严格落实规范性文件\n          前置审核 ,推进。\n", False),
    ("        text: 严格落实规范性文件\n          前置审核 ,推进。\n", False),
    ('        text: "严格落实规范性文件\n          前置审核 ,推进。"\n', False),
])
def test_a_paragraph_is_located_at_its_own_characters(written: str, editable: bool) -> None:
    text = MINIMAL.replace(_ITEM, "      - heading: 依法履行职能\n" + written)
    loaded = parse_facts(text)
    (ref,) = [r for r in text_refs(loaded, loaded.source) if "前置审核" in r.text]
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines) if "前置审核 ," in line)
    assert ref.position(ref.text.index(",")) == (number + 1, lines[number].index(",") + 1)
    assert (ref.column0 is not None) == editable, "--fix edits only text that stands in the file verbatim"
    assert ref.line == next(i for i, line in enumerate(lines) if ref.text[:4] in line) + 1, "its first line"
