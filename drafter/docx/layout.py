"""Facts -> an ordered list of blocks (one per paragraph of the official document).

This is where the order of the 公文 elements, the generated numbering, run-in
headings, title line breaks and the signature geometry are decided. It knows
nothing about DOCX: the builder maps each block kind to a template paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.docx.spec import format_spec
from drafter.factfile.model import Attachment, Facts, Imprint, Item, attachment_title, format_date, format_doc_number
from drafter.text.numerals import heading_label
from drafter.text.titles import break_title
from drafter.text.values import CC_END, RECIPIENT_END
from drafter.text.width import text_width

_END_PUNCT = "。！？：；…"
#: Blank lines between the body (or 附件说明) and 署名. With a seal, two: the seal (about
#: four lines high) presses 署名 and date slightly below its centre, so its top then
#: stays within one line of the body (GB/T 9704-2012 7.3.5.1).
BLANK_LINES_BEFORE_SIGNATURE = {False: 1, True: 2}


@dataclass(frozen=True)
class Block:
    """One paragraph. `kind` names the template prototype that renders it."""

    kind: str
    text: str = ""
    lead: str = ""  # run-in heading text (label + heading + 。) before `text`
    #: Text set flush right on the same line (签发人 name after 发文字号, 印发日期 after 印发机关).
    aside: str = ""
    #: Left indent in body characters for blocks placed by geometry (signature, date).
    indent_chars: float | None = None
    #: Right indent in body characters for a block set flush right (右空N字); wins over indent_chars.
    right_chars: float | None = None
    #: Extra hanging indent (characters) for 附件说明 lines.
    hanging_chars: float | None = None
    path: tuple[str | int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SignatureGeometry:
    """Where 署名 and 成文日期 go, in characters from the type-area edges.

    `*_left` is the left edge of each line. When the standard places the date by its right
    space (右空N字), `date_right` = N: the date is set flush right with that right indent, so
    its right edge is exact however wide the font's digits are. (署名 is placed by its left
    edge: it is Chinese text, whose width does not depend on the font.)
    """

    signature_left: float
    date_left: float | None
    date_right: float | None = None


def signature_geometry(signature: str, date: str | None, seal: bool = False) -> SignatureGeometry:
    """GB/T 9704-2012 7.3.5.2 (no seal): 署名右空二字, date first char two chars right of it.

    When the date is wider than the signature, the date is 右空二字 and the
    signature moves left so that the two-character offset is kept.
    With a seal (7.3.5.1) the date is 右空四字 and 署名 is centred on the date.
    A full line holds format.yaml's grid.line_chars characters (28, GB/T 9704-2012 5.2.1).
    """
    line_chars = format_spec().line_chars
    s = text_width(signature)
    if seal:
        if date is None:
            return SignatureGeometry(line_chars - 4 - s, None)
        d = text_width(date)
        date_left = line_chars - 4 - d
        sig_left = min(max(date_left + (d - s) / 2, 0), line_chars - s)
        return SignatureGeometry(sig_left, date_left, date_right=4)
    if date is None:
        return SignatureGeometry(line_chars - 2 - s, None)
    d = text_width(date)
    if d <= s:
        sig_left = line_chars - 2 - s
        return SignatureGeometry(sig_left, sig_left + 2)
    date_left = line_chars - 2 - d
    return SignatureGeometry(date_left - 2, date_left, date_right=2)


def run_in_lead(label: str, heading: str) -> str:
    return label + heading + ("" if heading.endswith(tuple(_END_PUNCT)) else "。")


def layout(facts: Facts) -> list[Block]:
    """The paragraphs of the report, in official order."""
    blocks: list[Block] = []
    add = blocks.append

    if facts.letterhead is not None:
        blocks.extend(_letterhead_blocks(facts))
    elif facts.doc_number:
        add(Block("docno", format_doc_number(facts.doc_number), path=("doc_number",)))
        add(Block("blank"))
    title = facts.effective_title()
    add(Block("title", "\n".join(break_title(title, facts.agency.name)), path=("title",)))
    add(Block("blank"))
    if facts.to:
        recipient = facts.to.rstrip(RECIPIENT_END)
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
        blocks.extend(_attachment_blocks([attachment_title(a) for a in facts.attachments]))

    signature = facts.effective_signature()
    date = format_date(facts.date) if facts.date else None
    geo = signature_geometry(signature, date, seal=facts.seal)
    blocks.extend([Block("blank")] * BLANK_LINES_BEFORE_SIGNATURE[facts.seal])
    add(Block("signature", signature, indent_chars=geo.signature_left, path=("signature",)))
    if date is not None:
        add(Block("date", date, indent_chars=geo.date_left, right_chars=geo.date_right, path=("date",)))
    if facts.note:
        add(Block("note", note_text(facts.note), path=("note",)))
    blocks.extend(_attachment_pages(facts.attachments, facts.agency.name))
    if facts.imprint is not None:
        add(imprint_block(facts.imprint))
    return blocks


def _letterhead_blocks(facts: Facts) -> list[Block]:
    """版头 (GB/T 9704-2012 7.2): the 发文机关标志 35 mm below the type-area top (the spacer's
    height is in the template), two blank lines, 发文字号 居左空一字 and 签发人 居右空一字 on one
    line with the red separator line 4 mm under it (a border of that paragraph), two blank
    lines, then the title."""
    assert facts.letterhead is not None
    name = facts.letterhead.name or f"{facts.agency.name}文件"
    number = format_doc_number(facts.doc_number) if facts.doc_number else ""
    return [
        Block("lh_space"),
        Block("lh_name", name, path=("letterhead", "name")),
        Block("blank"),
        Block("blank"),
        Block("lh_docno", number, aside=facts.letterhead.signer, path=("doc_number",)),
        Block("blank"),
        Block("blank"),
    ]


def note_text(note: str) -> str:
    """附注 in parentheses (GB/T 9704-2012 7.3.6), whether or not the clerk typed them."""
    inner = note.strip()
    if inner[:1] in "（(" and inner[-1:] in "）)":
        inner = inner[1:-1]
    return f"（{inner}）"


def imprint_block(imprint: Imprint) -> Block:
    """版记: lead = 抄送 line, text = 印发机关, aside = 印发日期 + 印发 (GB/T 9704-2012 7.4)."""
    cc = ""
    if imprint.cc:
        cc = "抄送：" + "，".join(name.rstrip(CC_END) for name in imprint.cc) + "。"
    printed = f"{format_date(imprint.date)}印发" if imprint.date else ""
    return Block("imprint", imprint.printer or "", lead=cc, aside=printed, path=("imprint",))


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


def _attachment_pages(attachments: list[str | Attachment], agency: str) -> list[Block]:
    """Attachments with text, each from a new page: "附件" + number (黑体, 顶格) on line 1,
    the title centred on line 3, then the text (GB/T 9704-2012 8)."""
    out: list[Block] = []
    numbered = len(attachments) > 1
    for i, attachment in enumerate(attachments):
        if isinstance(attachment, str) or not attachment.text:
            continue
        path: tuple[str | int, ...] = ("attachments", i)
        out.append(Block("attach_label", f"附件{i + 1}" if numbered else "附件", path=path))
        out.append(Block("blank"))
        out.append(Block("attach_title", "\n".join(break_title(attachment.title, agency)), path=path + ("title",)))
        out.append(Block("blank"))
        out.extend(Block("body", para, path=path + ("text", j)) for j, para in enumerate(attachment.text))
    return out
