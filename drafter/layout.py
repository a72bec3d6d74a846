"""Facts -> an ordered list of blocks (one per paragraph of the official document).

This is where the order of the 公文 elements, the generated numbering, run-in
headings, title line breaks and the signature geometry are decided. It knows
nothing about DOCX: the builder maps each block kind to a template paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import Facts, Item, format_date, format_doc_number
from .numbering import heading_label
from .textwidth import text_width
from .titlebreak import break_title

#: Characters per full body line (GB/T 9704-2012 5.2.1).
LINE_CHARS = 28
_END_PUNCT = "。！？：；…"


@dataclass(frozen=True)
class Block:
    """One paragraph. `kind` names the template prototype that renders it."""

    kind: str
    text: str = ""
    lead: str = ""  # run-in heading text (label + heading + 。) before `text`
    #: Left indent in body characters for blocks placed by geometry (signature, date).
    indent_chars: float | None = None
    #: Extra hanging indent (characters) for 附件说明 lines.
    hanging_chars: float | None = None
    path: tuple[str | int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SignatureGeometry:
    """Left edges (in characters from the type-area edge) of 署名 and 成文日期."""

    signature_left: float
    date_left: float | None


def signature_geometry(signature: str, date: str | None, line_chars: int = LINE_CHARS) -> SignatureGeometry:
    """GB/T 9704-2012 7.3.5.2 (no seal): 署名右空二字, date first char two chars right of it.

    When the date is wider than the signature, the date is 右空二字 and the
    signature moves left so that the two-character offset is kept.
    """
    s = text_width(signature)
    if date is None:
        return SignatureGeometry(line_chars - 2 - s, None)
    d = text_width(date)
    if d <= s:
        sig_left = line_chars - 2 - s
        return SignatureGeometry(sig_left, sig_left + 2)
    date_left = line_chars - 2 - d
    return SignatureGeometry(date_left - 2, date_left)


def run_in_lead(label: str, heading: str) -> str:
    return label + heading + ("" if heading.endswith(tuple(_END_PUNCT)) else "。")


def layout(facts: Facts) -> list[Block]:
    """The paragraphs of the report, in official order."""
    blocks: list[Block] = []
    add = blocks.append

    if facts.doc_number:
        add(Block("docno", format_doc_number(facts.doc_number), path=("doc_number",)))
        add(Block("blank"))
    title = facts.effective_title()
    add(Block("title", "\n".join(break_title(title, facts.agency.name)), path=("title",)))
    add(Block("blank"))
    if facts.to:
        recipient = facts.to.rstrip(":：")
        add(Block("to", recipient + "：", path=("to",)))
    for i, para in enumerate(facts.preamble):
        add(Block("body", para, path=("preamble", i)))

    for s_index, section in enumerate(facts.sections):
        s_path: tuple[str | int, ...] = ("sections", s_index)
        add(Block("h1", heading_label(1, s_index + 1) + facts.section_heading(section), path=s_path))
        for i, para in enumerate(section.text):
            add(Block("body", para, path=s_path + ("text", i)))
        _items(blocks, section.items, 2, s_path + ("items",))

    for i, para in enumerate(facts.closing):
        add(Block("body", para, path=("closing", i)))

    if facts.attachments:
        add(Block("blank"))
        blocks.extend(_attachment_blocks(facts.attachments))

    signature = facts.effective_signature()
    date = format_date(facts.date) if facts.date else None
    geo = signature_geometry(signature, date)
    add(Block("blank"))
    add(Block("signature", signature, indent_chars=geo.signature_left, path=("signature",)))
    if date is not None:
        add(Block("date", date, indent_chars=geo.date_left, path=("date",)))
    return blocks


def _items(blocks: list[Block], items: list[Item], level: int, path: tuple[str | int, ...]) -> None:
    for n, item in enumerate(items, start=1):
        i_path = path + (n - 1,)
        label = heading_label(level, n)
        paragraphs = list(item.text)
        if item.run_in:
            first = paragraphs.pop(0) if paragraphs else ""
            blocks.append(Block(f"runin{level}", first, lead=run_in_lead(label, item.heading), path=i_path))
        else:
            blocks.append(Block(f"h{level}", label + item.heading, path=i_path))
        offset = 1 if item.run_in else 0
        for i, para in enumerate(paragraphs):
            blocks.append(Block("body", para, path=i_path + ("text", i + offset)))
        _items(blocks, item.items, level + 1, i_path + ("items",))


def _attachment_blocks(names: list[str]) -> list[Block]:
    """附件说明: "附件：" once, numbered when there are several; wraps align with the name."""
    head = "附件："
    if len(names) == 1:
        return [Block("attach", head + names[0], indent_chars=2 + text_width(head),
                      hanging_chars=text_width(head), path=("attachments", 0))]
    out = []
    for i, name in enumerate(names, start=1):
        number = f"{i}."
        prefix = (head if i == 1 else "") + number
        out.append(Block("attach", prefix + name, indent_chars=2 + text_width(head) + text_width(number),
                         hanging_chars=text_width(prefix), path=("attachments", i - 1)))
    return out
