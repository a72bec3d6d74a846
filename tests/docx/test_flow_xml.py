"""Page flow checked in the XML, without LibreOffice: what the render tests prove on a PDF, here
proved from document.xml and styles.xml with the tests' own reader (tests/helpers/docxread.py).

A developer machine without LibreOffice or the stand-in fonts skips the render tests; these
still notice when the page geometry stops giving 22 lines of 28 characters, when the signature
block loses its keepNext chain (署名 alone at the top of a page, GB/T 9704-2012 7.3.5.4), or
when an attachment stops starting a new page.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import pytest

from drafter.docx.render import build
from tests.e2e.test_render_fullformat import VARIANTS
from tests.helpers.docxread import DocxXml
from tests.helpers.samples import MINIMAL, ROOT

SLUGS = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "facts.yaml").exists())
LINE_TWIPS, LINES, CHARS = 579, 22, 28
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _build(tmp_path: Path, text: str, name: str = "facts.yaml") -> DocxXml:
    facts = tmp_path / name
    facts.write_text(text, encoding="utf-8")
    return DocxXml.from_path(build(facts, tmp_path / (Path(name).stem + ".docx")).output)


def _example(slug: str, tmp_path: Path) -> DocxXml:
    return DocxXml.from_path(build(ROOT / "examples" / slug / "facts.yaml", tmp_path / f"{slug}.docx").output)


def _type_area(xml: DocxXml) -> tuple[int, int]:
    """(width, height) of the type area in twips, from w:pgSz and w:pgMar."""
    sect = xml.section()
    size, margins = sect.find("w:pgSz", {"w": _W}), sect.find("w:pgMar", {"w": _W})

    def twips(el, attr: str) -> int:
        return int(el.get(f"{{{_W}}}{attr}"))

    return (twips(size, "w") - twips(margins, "left") - twips(margins, "right"),
            twips(size, "h") - twips(margins, "top") - twips(margins, "bottom"))


def _pitch(xml: DocxXml, p) -> int:
    """Advance of one 字 in the paragraph's first run: font size plus character spacing, in twips."""
    run = xml.runs(p)[0]
    size = xml.run_value(p, run, "w:sz")
    assert size is not None, "every run of the built document has its size from its style"
    return int(size) * 10 + int(xml.run_value(p, run, "w:spacing") or 0)


# --- the page holds 22 lines of 28 characters ---------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_the_page_geometry_gives_22_lines_of_28_characters(slug: str, tmp_path: Path):
    xml = _example(slug, tmp_path)
    width, height = _type_area(xml)
    assert height // LINE_TWIPS == LINES and height - LINES * LINE_TWIPS < LINE_TWIPS // 10, height
    body = [p for p in xml.paragraphs if xml.style_name(p) == "Normal" and xml.text(p)]
    assert body
    for p in xml.paragraphs:  # every line of the page is one grid line high
        assert (xml.para_value(p, "w:spacing", "w:line"), xml.para_value(p, "w:spacing", "w:lineRule")) == (
            str(LINE_TWIPS), "exact"), xml.text(p)[:20]
        assert xml.para_value(p, "w:spacing", "w:before") in (None, "0")
        assert xml.para_value(p, "w:spacing", "w:after") in (None, "0")
    for p in body:
        pitch = _pitch(xml, p)
        assert width // pitch == CHARS and width - CHARS * pitch < pitch, (pitch, width)
    # no character grid: LibreOffice lays a linesAndChars grid out at 14 characters a line
    grid = xml.section().find(f"{{{_W}}}docGrid")
    assert grid is None or grid.get(f"{{{_W}}}type") in (None, "default")


# --- the signature block is kept with the text ---------------------------------------------------

SIGNED = {**dict.fromkeys(SLUGS), **VARIANTS,
          "attachments": MINIMAL + "attachments: [2023年度行政执法统计表, 法律顾问工作情况]\n"}


def _signed(case: str, tmp_path: Path) -> DocxXml:
    text = SIGNED[case]
    return _example(case, tmp_path) if text is None else _build(tmp_path, text)


def _signature_chain(xml: DocxXml) -> tuple[list, int, int]:
    """(paragraphs, index of 署名, index of the last paragraph with text above it)."""
    paras = xml.paragraphs
    sig = next(i for i, p in enumerate(paras) if xml.style_name(p) == "署名")
    last_text = max(i for i in range(sig) if xml.text(paras[i]).strip())
    return paras, sig, last_text


@pytest.mark.parametrize("case", sorted(SIGNED))
def test_the_signature_is_kept_with_its_date_and_the_last_line_of_text(case: str, tmp_path: Path):
    xml = _signed(case, tmp_path)  # every report has a 署名 (the agency's name when none is given)
    paras, sig, last_text = _signature_chain(xml)
    sealed = "seal: true" in (SIGNED[case] or "")
    assert sig - last_text == (3 if sealed else 2), "one blank line above 署名, two to leave room for a seal"
    for i in range(last_text, sig + 1):  # the last text, the blank line and 署名 move to a page together
        assert xml.para_flag(paras[i], "w:keepNext"), (i, xml.text(paras[i])[:20])
    if case not in SLUGS or "date:" in (ROOT / "examples" / case / "facts.yaml").read_text("utf-8"):
        assert xml.style_name(paras[sig + 1]) == "成文日期", "the date follows 署名 directly"
    # only that chain, beginning at most at the last paragraph of 正文 above the 附件说明 (issue 20
    # ties it when its page was not adjusted), and the headings, which keep with the next paragraph
    # (issue 20): the paragraphs above may still break, or the whole report would be one block
    text_end = max(i for i in range(sig) if xml.text(paras[i]).strip() and xml.style_name(paras[i]) != "附件说明")
    chain = next(i for i in range(text_end, sig + 1) if all(xml.para_flag(p, "w:keepNext") for p in paras[i:sig + 1]))
    assert chain in (text_end, text_end + 1)
    headings = {i for i, p in enumerate(paras) if (xml.style_name(p) or "").startswith("Heading")}
    assert {i for i, p in enumerate(paras) if xml.para_flag(p, "w:keepNext")} == headings | set(range(chain, sig + 1))


def _line_count(xml: DocxXml, p, width: int) -> int:
    """Lines a paragraph takes: wide characters one 字, others half, first-line indent counted."""
    text = xml.text(p)
    if not text.strip() or not xml.runs(p):
        return 1
    pitch = _pitch(xml, p)
    first = int(xml.para_value(p, "w:ind", "w:firstLine") or 0)
    chars = sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)
    return max(1, math.ceil((first + chars * pitch) / width)) + sum(1 for _ in p.iter(f"{{{_W}}}br"))


def _line_twips(xml: DocxXml, p) -> int:
    """The paragraph's exact line height (the page that holds the signature block may have other
    than the grid's, issue 20)."""
    assert xml.para_value(p, "w:spacing", "w:lineRule") == "exact"
    return int(xml.para_value(p, "w:spacing", "w:line") or LINE_TWIPS)


def _pages(xml: DocxXml, paras: list, width: int, height: int) -> list[tuple[int, int]]:
    """(first page, last page) of each paragraph, line by line on pages `height` twips high,
    honouring w:keepNext the way Word does: a paragraph that would end a page apart from the next
    paragraph moves to the next page with the kept paragraphs before it."""
    counts = [_line_count(xml, p, width) for p in paras]
    lines = [_line_twips(xml, p) for p in paras]
    keep = [xml.para_flag(p, "w:keepNext") for p in paras]
    forced: set[int] = set()
    while True:
        placed: list[tuple[int, int]] = []
        pos = 0
        for i, (n, h) in enumerate(zip(counts, lines, strict=True)):
            if (i in forced or xml.para_flag(paras[i], "w:pageBreakBefore")) and pos % height:
                pos += height - pos % height
            first = None
            for _ in range(n):
                if pos % height + h > height:
                    pos += height - pos % height
                first = pos // height if first is None else first
                pos += h
            placed.append((first or 0, (pos - 1) // height))
        moved = False
        for i in range(len(paras) - 1):
            if keep[i] and placed[i][1] != placed[i + 1][0]:
                j = i
                while j > 0 and keep[j - 1] and placed[j - 1][1] == placed[i][0]:
                    j -= 1
                if j not in forced and placed[j][0] == placed[i][1] and j > 0 and placed[j - 1][1] == placed[j][0]:
                    forced.add(j)
                    moved = True
                    break
        if not moved:
            return placed


def test_a_signature_that_would_open_a_page_takes_the_last_line_of_text_with_it(tmp_path: Path):
    """Fill the first page so that 署名 would be the first line of page 2: the keepNext chain in
    the XML must bring the last text line along, so that page holds text (no 此页无正文)."""
    filler = "坚持依法行政，严格规范公正文明执法，全面推进政务公开，持续优化法治化营商环境，切实保障群众合法权益。"
    for n in range(1, 40):
        text = MINIMAL.replace("  - kind: plans\n", "  - kind: other\n    text: |\n"
                               + "".join(f"      {filler}\n" for _ in range(n)) + "  - kind: plans\n")
        xml = _build(tmp_path, text, f"f{n}.yaml")
        width, _ = _type_area(xml)
        paras, sig, last_text = _signature_chain(xml)
        plain = [_line_count(xml, p, width) for p in paras]
        if sum(plain[:sig]) % LINES == 0 and sum(plain[:sig]) >= LINES:
            break  # without keepNext, 署名 would be the first line of a page
    else:
        pytest.fail("no filler length puts 署名 at the top of a page")
    placed = _pages(xml, paras, width, _type_area(xml)[1])
    page = placed[sig][0]
    assert placed[sig - 1][1] == page or placed[last_text][1] == page, "署名 would open the page"
    assert placed[last_text][1] == page, "the last text line is on the signature's page"


# --- attachments start a new page -----------------------------------------------------------------


def test_each_attachment_with_text_starts_a_new_page(tmp_path: Path):
    xml = _build(tmp_path, MINIMAL + "attachments:\n  - title: 统计数据\n    text: 共开展行政检查14次。\n"
                 "  - title: 法律顾问\n    text: 审查合同12份。\n")
    labels = [p for p in xml.paragraphs if xml.style_name(p) == "附件标识"]
    assert labels
    for p in labels:
        assert xml.para_flag(p, "w:pageBreakBefore"), xml.text(p)
    assert not any(xml.para_flag(p, "w:pageBreakBefore") for p in xml.paragraphs if xml.style_name(p) != "附件标识")
