"""Page flow and Word/WPS fidelity read from the XML (no LibreOffice needed; issue 20).

A developer without LibreOffice still notices when the keep properties go missing: headings
keep with the next paragraph, body text has widow/orphan control, and the 署名 is tied to the
date and to the last text above it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from drafter.docx.inspect import Inspector, body_paragraphs, paragraph_text
from drafter.docx.render import build
from tests.helpers.samples import MINIMAL


@pytest.fixture
def built(write_facts) -> Path:
    return build(write_facts(MINIMAL + "attachments: [附件甲]\n")).output


def _paragraphs(path: Path) -> tuple[Inspector, list]:
    doc = docx.Document(str(path))
    return Inspector(doc), body_paragraphs(doc)


def test_headings_keep_with_the_next_paragraph(built: Path):
    ins, paras = _paragraphs(built)
    headings = [p for p in paras if ins.paragraph_style_id(p) in ("Heading1", "Heading2", "Heading3", "Heading4")]
    assert len(headings) >= 3
    for p in headings:
        assert ins.has_para_flag(p, "w:keepNext"), paragraph_text(p)


def test_body_text_has_widow_and_orphan_control(built: Path):
    ins, paras = _paragraphs(built)
    body = [p for p in paras if paragraph_text(p).strip() and ins.paragraph_style_id(p) in (None, "Normal")]
    assert body
    for p in body:
        assert ins.has_para_flag(p, "w:widowControl"), paragraph_text(p)


def test_signature_keeps_with_the_date_and_the_text_above(built: Path):
    ins, paras = _paragraphs(built)
    texts = [paragraph_text(p) for p in paras]
    sig = texts.index("龙泉市科学技术局")
    assert texts[sig + 1] == "2024年1月30日"
    last_text = max(i for i in range(sig) if texts[i].strip())
    assert texts[last_text].startswith("附件：")
    for p in paras[last_text:sig + 1]:
        assert ins.has_para_flag(p, "w:keepNext"), paragraph_text(p)
    assert not ins.has_para_flag(paras[sig + 1], "w:keepNext")
