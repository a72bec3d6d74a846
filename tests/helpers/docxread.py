"""Read back formatting from a built DOCX the way Word resolves it (direct -> style chain -> defaults).

The resolution itself is drafter.docx.inspect (production code, used by `drafter verify`);
these are the short forms the tests use.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from drafter.docx.inspect import Inspector


def para_attr(doc: DocxDocument, p: Paragraph, tag: str, attr: str) -> str | None:
    """Effective pPr/<tag>/@attr of a paragraph."""
    return Inspector(doc).para_value(p._p, tag, attr)


def run_attr(doc: DocxDocument, p: Paragraph, run_index: int, tag: str, attr: str) -> str | None:
    """Effective rPr/<tag>/@attr of a run: run -> character style -> paragraph style chain -> defaults."""
    return Inspector(doc).run_value(p._p, p.runs[run_index]._r, tag, attr)


def style_name(p: Paragraph) -> str:
    """The name of a paragraph's style (python-docx gives None only for a document without styles)."""
    assert p.style is not None, f"paragraph without a style: {p.text!r}"
    name: str = p.style.name
    return name
