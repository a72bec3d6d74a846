"""Read back formatting from a built DOCX the way Word resolves it (direct -> style chain -> defaults)."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def _style_chain(doc: DocxDocument, style_id: str | None, kind: str = "paragraph") -> list[Any]:
    chain = []
    styles = doc.styles.element
    while style_id:
        found = None
        for el in styles.findall(qn("w:style")):
            if el.get(qn("w:styleId")) == style_id:
                found = el
                break
        if found is None:
            break
        chain.append(found)
        based = found.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain


def _defaults(doc: DocxDocument, which: str) -> Any:
    d = doc.styles.element.find(qn("w:docDefaults"))
    holder = d.find(qn(f"w:{which}Default")) if d is not None else None
    return holder.find(qn(f"w:{which}")) if holder is not None else None


def para_attr(doc: DocxDocument, p: Paragraph, tag: str, attr: str) -> str | None:
    """Effective pPr/<tag>/@attr of a paragraph."""
    ppr = p._p.pPr
    candidates = [ppr] if ppr is not None else []
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else "Normal"
    candidates += [s.find(qn("w:pPr")) for s in _style_chain(doc, style_id)]
    candidates.append(_defaults(doc, "pPr"))
    for c in candidates:
        if c is None:
            continue
        el = c.find(qn(tag))
        if el is not None and el.get(qn(attr)) is not None:
            return el.get(qn(attr))
    return None


def run_attr(doc: DocxDocument, p: Paragraph, run_index: int, tag: str, attr: str) -> str | None:
    """Effective rPr/<tag>/@attr of a run: run -> character style -> paragraph style chain -> defaults."""
    run = p.runs[run_index]._r
    rpr = run.rPr
    candidates = [rpr] if rpr is not None else []
    if rpr is not None and rpr.rStyle is not None:
        candidates += [s.find(qn("w:rPr")) for s in _style_chain(doc, rpr.rStyle.val)]
    ppr = p._p.pPr
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else "Normal"
    candidates += [s.find(qn("w:rPr")) for s in _style_chain(doc, style_id)]
    candidates.append(_defaults(doc, "rPr"))
    for c in candidates:
        if c is None:
            continue
        el = c.find(qn(tag))
        if el is not None and el.get(qn(attr)) is not None:
            return el.get(qn(attr))
    return None
