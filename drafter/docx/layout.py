"""Facts -> an ordered list of blocks (one per paragraph of the official document).

This is where the order of the 公文 elements, the generated numbering, run-in
headings, title line breaks and the signature geometry are decided. It knows
nothing about DOCX: the builder maps each block kind to a template paragraph.
"""

from __future__ import annotations

from drafter import TYPE_CHECKING
from drafter.docx.pageflow import (
    MAX_LOOSENED_TWIPS,
    MIN_SQUEEZED_TWIPS,
    Placement,
    Unit,
    page_fill,
    paginate,
    text_lines,
)
from drafter.docx.spec import TWIPS_PER_MM, format_spec
from drafter.factfile.light import attachment_title
from drafter.records import Frozen
from drafter.text.numerals import heading_label
from drafter.text.titles import TITLE_LINE_CHARS, break_title
from drafter.text.values import CC_END, RECIPIENT_END, format_date, format_doc_number
from drafter.text.width import set_width, text_width

if TYPE_CHECKING:  # the fact model, or factfile.light's plain twin of it (no pydantic import)
    from drafter.factfile.model import Attachment, Facts, Imprint, Item

_END_PUNCT = "。！？：；…"
#: Blank lines between the body (or 附件说明) and 署名. With a seal, two: the seal (about
#: four lines high) presses 署名 and date slightly below its centre, so its top then
#: stays within one line of the body (GB/T 9704-2012 7.3.5.1).
BLANK_LINES_BEFORE_SIGNATURE = {False: 1, True: 2}


class Block(Frozen):
    """One paragraph. `kind` names the template prototype that renders it."""

    __slots__ = ("kind", "text", "lead", "aside", "indent_chars", "right_chars", "hanging_chars", "line_twips",
                 "keep_next")

    def __init__(self, kind: str, text: str = "", lead: str = "", aside: str = "", indent_chars: float | None = None,
                 right_chars: float | None = None, hanging_chars: float | None = None, line_twips: int | None = None,
                 keep_next: bool = False) -> None:
        self.kind = kind
        self.text = text
        self.lead = lead  # run-in heading text (label + heading + 。) before `text`
        #: Text set flush right on the same line (签发人 name after 发文字号, 印发日期 after 印发机关).
        self.aside = aside
        #: Left indent in body characters for blocks placed by geometry (signature, date).
        self.indent_chars = indent_chars
        #: Right indent in body characters for a block set flush right (右空N字); wins over indent_chars.
        self.right_chars = right_chars
        #: Extra hanging indent (characters) for 附件说明 lines.
        self.hanging_chars = hanging_chars
        #: Exact line height other than the grid's: the lines of the page that holds the signature
        #: block, tightened so that the block stays with its text (GB/T 9704-2012 7.3.5).
        self.line_twips = line_twips
        #: Keep with the next paragraph (the signature block with its text; headings are kept by
        #: their styles).
        self.keep_next = keep_next


class SignatureGeometry(Frozen):
    """Where 署名 and 成文日期 go, in characters from the type-area edges.

    `*_left` is the left edge of each line. When the standard places the date by its right
    space (右空N字), `date_right` = N: the date is set flush right with that right indent, so
    its right edge is exact however wide the font's digits are. (署名 is placed by its left
    edge: it is Chinese text, whose width does not depend on the font.)
    """

    __slots__ = ("signature_left", "date_left", "date_right")

    def __init__(self, signature_left: float, date_left: float | None, date_right: float | None = None) -> None:
        self.signature_left = signature_left
        self.date_left = date_left
        self.date_right = date_right


def signature_geometry(signature: str, date: str | None, seal: bool = False) -> SignatureGeometry:
    """GB/T 9704-2012 7.3.5.2 (no seal): 署名右空二字, date first char two chars right of it.

    When the date is wider than the signature, the date is 右空二字 and the
    signature moves left so that the two-character offset is kept.
    With a seal (7.3.5.1) the date is 右空四字 and 署名 is centred on the date.
    A full line holds format.yaml's grid.line_chars characters (28, GB/T 9704-2012 5.2.1).
    The date is measured as it is set, with the automatic space between its digits and
    Chinese (set_width), so that the relations hold in Word and in LibreOffice alike.
    """
    line_chars = format_spec().line_chars
    s = text_width(signature)
    if seal:
        if date is None:
            return SignatureGeometry(line_chars - 4 - s, None)
        d = set_width(date)
        date_left = line_chars - 4 - d
        sig_left = min(max(date_left + (d - s) / 2, 0), line_chars - s)
        return SignatureGeometry(sig_left, date_left, date_right=4)
    if date is None:
        return SignatureGeometry(line_chars - 2 - s, None)
    d = set_width(date)
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
        add(Block("docno", format_doc_number(facts.doc_number)))
        add(Block("blank"))
    title = facts.effective_title()
    add(Block("title", "\n".join(break_title(title, facts.agency.name))))
    add(Block("blank"))
    if facts.to:
        recipient = facts.to.rstrip(RECIPIENT_END)
        add(Block("to", recipient + "："))
    for para in facts.preamble:
        add(Block("body", para))

    for s_index, section in enumerate(facts.sections):
        add(Block("h1", heading_label(1, s_index + 1) + facts.section_heading(section)))
        for para in section.text:
            add(Block("body", para))
        _items(blocks, section.items, 2)

    for para in facts.closing:
        add(Block("body", para))

    if facts.attachments:
        add(Block("blank"))
        blocks.extend(_attachment_blocks([attachment_title(a) for a in facts.attachments]))

    signature = facts.effective_signature()
    date = format_date(facts.date) if facts.date else None
    geo = signature_geometry(signature, date, seal=facts.seal)
    blocks.extend([Block("blank")] * BLANK_LINES_BEFORE_SIGNATURE[facts.seal])
    add(Block("signature", signature, indent_chars=geo.signature_left))
    if date is not None:
        add(Block("date", date, indent_chars=geo.date_left, right_chars=geo.date_right))
    if facts.note:
        add(Block("note", note_text(facts.note)))
    blocks.extend(_attachment_pages(facts.attachments, facts.agency.name))
    if facts.imprint is not None:
        add(imprint_block(facts.imprint))
    return keep_signature_with_text(blocks)


#: Kinds that the heading styles keep with the next paragraph (format.yaml keep_next).
_KEPT = ("h1", "h2", "h3", "h4")
#: The block after the text: blank line(s), 署名, 成文日期, 附注.
_SIGNATURE_BLOCK = ("blank", "signature", "date", "note")


def block_unit(block: Block) -> Unit:
    """How many grid lines a block takes, from its text width (see drafter/docx/pageflow.py)."""
    spec = format_spec()
    line = block.line_twips or spec.line_twips
    chars = spec.line_chars
    kind = block.kind
    if kind in ("title", "attach_title"):
        lines = sum(text_lines(text_width(t), TITLE_LINE_CHARS) for t in block.text.split("\n"))
        return Unit(lines, line)
    if kind in ("body", "h1", "h2", "h3", "h4", "note") or kind.startswith("runin"):
        return Unit(text_lines(text_width(block.lead + block.text), chars, chars - 2), line,
                    keep_next=kind in _KEPT or block.keep_next)
    if kind == "attach":
        indent = block.indent_chars or 0
        first = chars - indent + (block.hanging_chars or 0)
        return Unit(text_lines(text_width(block.text), chars - indent, first), line)
    if kind == "to":
        return Unit(text_lines(text_width(block.text), chars), line)
    if kind == "attach_label":
        return Unit(1, line, page_break_before=True)
    if kind in ("lh_space", "lh_name"):
        return Unit(1, spec.styles[kind].line_twips or line)
    if kind == "imprint":  # 版记: 4号 lines in a frame on the foot of the page, with its rules
        one = spec.styles["imprint"].size_pt / spec.styles["body"].size_pt  # a 4号 字 in 3号 字
        # 抄送 左右各空一字 with its wraps aligned after "抄送：" (GB/T 9704-2012 7.4.2). As LibreOffice
        # sets it: 29 4号 字 on the first line and the closing 。 hanging, 26 on the others
        cc = text_lines(text_width(block.lead) * one, chars - 6 * one, chars - 2 * one) if block.lead else 0
        rules = spec.imprint["thick_eighths_pt"] * 2 + (spec.imprint["thin_eighths_pt"] if cc and block.text else 0)
        return Unit(cc + (1 if block.text else 0), line, extra_twips=round(rules * 20 / 8) + 20)
    if kind == "lh_docno":
        lh = spec.letterhead
        return Unit(1, line, extra_twips=round((lh["rule_space_pt"] + lh["rule_eighths_pt"] / 8) * 20))
    return Unit(1, line)  # blank, docno, signature, date


def type_height_twips() -> int:
    page = format_spec().page
    height: float = page["height_mm"] - page["margin_mm"]["top"] - page["margin_mm"]["bottom"]
    return round(height * TWIPS_PER_MM)


def keep_signature_with_text(blocks: list[Block]) -> list[Block]:
    """Tighten the lines of the page that holds the signature block when 署名 or 成文日期 would
    otherwise leave the page of the last text line (GB/T 9704-2012 7.3.5: adjust the spacing,
    never “此页无正文”). With a seal, one of its two blank lines goes first."""
    kinds = [b.kind for b in blocks]
    if "signature" not in kinds:
        return blocks
    sig = kinds.index("signature")
    start = sig
    while start > 0 and kinds[start - 1] == "blank":
        start -= 1
    end = sig
    while end + 1 < len(blocks) and kinds[end + 1] in (*_SIGNATURE_BLOCK[2:], "imprint"):
        end += 1  # the date, 附注 and a 版记 that follows them on the same page
    if start == 0:
        return blocks
    # the last line of 正文 (附件说明 goes with the signature block, not instead of the text)
    last = start - 1
    while last > 0 and kinds[last] in ("attach", "blank"):
        last -= 1
    placed = paginate([block_unit(b) for b in blocks], type_height_twips())
    fitted = blocks
    if not _signature_with_text(blocks, last, end):
        # with the 版记 on the same page if possible, else without it (it may take a page of its own)
        # the 附件说明 keeps the grid unless nothing else helps
        for notes_too in (False, True):
            for stop in dict.fromkeys((end, end - (kinds[end] == "imprint"))):
                fitted = _fit_page(blocks, placed, placed[last].last_page, last, start, stop, notes_too)
                if fitted is not blocks:
                    break
            if fitted is not blocks:
                break
        if fitted is blocks and sig - start > 1:  # a seal's second blank line is practice, not the standard
            return keep_signature_with_text(blocks[:start] + blocks[start + 1:])
    # Tie the 附件说明 and the blank lines to 署名, and 署名 to the date. The last text paragraph
    # is tied too (Word then carries its last lines along if the page breaks differently than
    # reckoned here) unless the page was adjusted or the paragraph already crosses the page
    # break: LibreOffice would move such a tied paragraph whole.
    tie_text = fitted is blocks and placed[last].first_page == placed[last].last_page
    tied = range(last if tie_text else last + 1, sig + 1)
    return [b.replace(keep_next=True) if i in tied else b for i, b in enumerate(fitted)]


def _fit_page(blocks: list[Block], placed: list[Placement], page: int, last: int, start: int,
              end: int, notes_too: bool = False) -> list[Block]:
    """Change the exact line height of the paragraphs on `page` (where the text ends) so that
    the signature block shares a page with text: looser, so that the last two lines of the
    text (a short last paragraph whole) go over to the block's page, or else tighter, so that
    the block fits below the text on `page`. The 附件说明 and the signature block stay on the grid.
    A paragraph that comes over from the page before is changed too when the others alone
    would need too large a change."""
    height = type_height_twips()
    grid = format_spec().line_twips
    units = [block_unit(b) for b in blocks[:end + 1]]
    first = next(i for i in range(end + 1) if placed[i].last_page == page)
    carried = placed[first].end_twips // units[first].line_twips if placed[first].first_page < page else 0
    block_height = sum(units[i].height for i in range(last + 1, end + 1))  # 附件说明 and signature block
    candidates: list[tuple[range, int]] = []
    for straddler in (False, True) if carried else (False,):
        own = first if straddler or not carried else first + 1
        room = height - (0 if straddler else carried * grid)
        extra = carried if straddler else 0  # the straddler's lines on this page
        before = extra + sum(units[i].lines for i in range(first + 1 if carried else first, last))
        text = before + units[last].lines
        notes = sum(units[i].lines for i in range(last + 1, start))  # the 附件说明 and its blank line
        if notes_too:
            if notes:
                candidates.append((range(own, start), (room - block_height + notes * grid) // (text + notes)))
            continue
        candidates.append((range(own, last + 1), room // text + 1))
        candidates.append((range(own, last + 1), (room - block_height) // max(text, 1)))
    for where, pitch in candidates:
        if not MIN_SQUEEZED_TWIPS <= pitch <= MAX_LOOSENED_TWIPS or pitch == grid:
            continue
        out = list(blocks)
        for i in where:
            out[i] = out[i].replace(line_twips=pitch)
        if _signature_with_text(out, last, end):
            return out
    return blocks  # no fit: the keep-with-next chain of the build takes the last lines along instead


def _signature_with_text(blocks: list[Block], last: int, end: int) -> bool:
    """Whether the signature block ends on the page of the last text line, and that page's
    predecessor is at most three lines short."""
    placed = paginate([block_unit(b) for b in blocks], type_height_twips())
    page = placed[last].last_page
    if placed[end].last_page != page or placed[last + 1].first_page != page:
        return False
    short = type_height_twips() - page_fill(placed, page - 1) if page else 0
    return short <= 3.3 * format_spec().line_twips


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
        Block("lh_name", name),
        Block("blank"),
        Block("blank"),
        Block("lh_docno", number, aside=facts.letterhead.signer),
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
    return Block("imprint", imprint.printer or "", lead=cc, aside=printed)


def _items(blocks: list[Block], items: list[Item], level: int) -> None:
    for n, item in enumerate(items, start=1):
        label = heading_label(level, n)
        paragraphs = list(item.text)
        if item.run_in:
            first = paragraphs.pop(0) if paragraphs else ""
            blocks.append(Block(f"runin{level}", first, lead=run_in_lead(label, item.heading)))
        else:
            blocks.append(Block(f"h{level}", label + item.heading))
        for para in paragraphs:
            blocks.append(Block("body", para))
        _items(blocks, item.items, level + 1)


def _attachment_blocks(names: list[str]) -> list[Block]:
    """附件说明: "附件：" once, numbered when there are several; wraps align with the name."""
    head = "附件："
    if len(names) == 1:
        return [Block("attach", head + names[0], indent_chars=2 + text_width(head),
                      hanging_chars=text_width(head))]
    out = []
    for i, name in enumerate(names, start=1):
        number = f"{i}."
        prefix = (head if i == 1 else "") + number
        out.append(Block("attach", prefix + name, indent_chars=2 + text_width(head) + text_width(number),
                         hanging_chars=text_width(prefix)))
    return out


def _attachment_pages(attachments: list[str | Attachment], agency: str) -> list[Block]:
    """Attachments with text, each from a new page: "附件" + number (黑体, 顶格) on line 1,
    the title centred on line 3, then the text (GB/T 9704-2012 8)."""
    out: list[Block] = []
    numbered = len(attachments) > 1
    for i, attachment in enumerate(attachments):
        if isinstance(attachment, str) or not attachment.text:
            continue
        out.append(Block("attach_label", f"附件{i + 1}" if numbered else "附件"))
        out.append(Block("blank"))
        out.append(Block("attach_title", "\n".join(break_title(attachment.title, agency))))
        out.append(Block("blank"))
        out.extend(Block("body", para) for para in attachment.text)
    return out
