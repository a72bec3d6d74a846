"""Proof by rendering: build every example, convert it with LibreOffice, measure the PDF.

These are the layout promises of GB/T 9704-2012 that only a renderer can confirm:
A4, 22 lines on every full page, 28 characters on every full line, the left text edge
at 28 mm, page numbers “— N —” alternating right/left with the dash 7 mm below the
type area, and the signature block placed by the no-seal rule.
"""

from __future__ import annotations

import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from drafter.docx.libreoffice import convert_to_pdf
from drafter.docx.render import build
from drafter.factfile.model import format_date, load_facts
from tests.helpers import pageflow as pf
from tests.helpers import pdfmeasure as pm
from tests.helpers.samples import ROOT

pytestmark = pytest.mark.render

SLUGS = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "facts.yaml").exists())
CHAR_PITCH = 15.75  # 16 pt glyphs condensed by 0.25 pt


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    pm.require_render_tools()
    pm.require_stand_in_fonts()
    folder = tmp_path_factory.mktemp("render")

    def one(slug: str) -> tuple[str, Path]:
        docx = build(ROOT / "examples" / slug / "facts.yaml", folder / f"{slug}.docx").output
        return slug, convert_to_pdf(docx, folder / f"{slug}.pdf")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, SLUGS))


@pytest.fixture(scope="module")
def rendered(pdfs) -> dict[str, list[pm.Page]]:
    return {slug: pm.read_pdf(pdf) for slug, pdf in pdfs.items()}


def _all_wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(ch) in ("W", "F") or ch in pm.FULL_WIDTH_AMBIGUOUS for ch in text)


@pytest.mark.parametrize("slug", SLUGS)
def test_pages_are_a4_with_22_lines_on_every_full_page(rendered, slug):
    pages = rendered[slug]
    assert len(pages) >= 2
    for page in pages:
        assert pm.is_a4(page), (page.width, page.height)
    pitch = 579 / 20  # 28.95 pt: exact line spacing
    shorts: dict[int, int] = {}
    for page in pages[:-1]:
        lines = pm.body_lines(page)
        # Every text line sits on the 22-slot grid (blank lines leave a slot empty) ...
        slots = [(line.y_max - lines[0].y_max) / pitch for line in lines]
        assert all(abs(s - round(s)) < 0.15 for s in slots), [round(s, 2) for s in slots]
        assert lines[0].y_min - pm.TYPE_AREA_TOP < pitch
        # ... and a full page uses all 22 slots, from the top of the type area to its bottom,
        # less the lines widow/orphan control or a heading kept with its first lines carries
        # over (issue 20): at most three.
        short = 21 - round(slots[-1])
        assert short <= 3, f"page {page.number}: {22 - short} line slots"
        if short == 0:
            assert pm.TYPE_AREA_BOTTOM - lines[-1].y_max < pitch / 2
        shorts[page.number] = short
    full = [p for p in pages[:-1] if not any(line.text == "" for line in pm.body_lines(p))]
    for page in full:
        if len({round(line.y_max - line.y_min) for line in pm.body_lines(page)}) == 1:
            assert len(pm.body_lines(page)) == 22 - shorts[page.number]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_page_ends_with_a_heading_or_the_signature_block_alone(rendered, slug):
    """binhai-2021 page 7 and jianghai-2019 page 8 used to end with a level-1 heading (issue 20)."""
    facts = load_facts(ROOT / "examples" / slug / "facts.yaml").facts
    date = format_date(facts.date) if facts.date else "-"
    assert pf.page_faults(rendered[slug], facts.effective_signature(), date) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_full_lines_hold_28_characters_and_start_at_28_mm(rendered, slug):
    checked = explained = 0
    pages = rendered[slug]
    for number, page in enumerate(pages):
        lines = pm.body_lines(page)
        # the last line of a page goes on at the top of the next one
        carry = pm.body_lines(pages[number + 1])[:1] if number + 1 < len(pages) else []
        for line, following in zip(lines, [*lines[1:], *carry, None][:len(lines)], strict=True):
            text = line.text
            if line.x_max < pm.TYPE_AREA_RIGHT - 6 or not _all_wide(text):
                continue  # not a full line, or mixed with half-width text whose width varies by font
            indent = round((line.x_min - pm.TYPE_AREA_LEFT) / CHAR_PITCH)
            assert indent in (0, 2), line
            expected = 28 - indent
            if line.x_max > pm.TYPE_AREA_RIGHT + 3 and text[-1] in _NO_LINE_START:
                expected += 1  # a closing mark may hang into the margin (标点溢出边界)
            if len(text) != expected:
                assert following is not None and _explained(expected - len(text), text, following.text), (line, following)
                explained += 1
                continue
            checked += 1
        assert abs(pm.left_edge(lines) - pm.TYPE_AREA_LEFT) < 1.5
    assert checked >= 10 and explained <= checked / 4, (checked, explained)


_NO_LINE_START = set("，。、；：？！”’）》〉」』】〕…—·")
_NO_LINE_END = set("“‘（《〈「『【〔")
_UNBREAKABLE = re.compile(r"^[〔（(《“]?[0-9A-Za-z.%]+")


def _explained(deficit: int, text: str, following: str) -> bool:
    """Why a full line may hold fewer than 28 characters.

    Line-breaking rules (避头尾) keep a closing mark off the start of a line and an
    opening mark off the end; a number or Latin word is never split, so when it does
    not fit in the space left, the line ends early.
    """
    if deficit == 1 and (following[:1] in _NO_LINE_START or following[1:2] in _NO_LINE_START
                         or text[-1:] in _NO_LINE_END or following[:1] in _NO_LINE_END):
        return True
    word = _UNBREAKABLE.match(following)
    return word is not None and 0 < deficit <= len(word.group()) + 1


@pytest.mark.parametrize("slug", SLUGS)
def test_page_numbers_alternate_with_dashes_7_mm_below_the_type_area(rendered, slug):
    for page in rendered[slug]:
        line = pm.page_number_line(page)
        assert line is not None, f"page {page.number} has no page number"
        assert line.text.startswith("—") and line.text.endswith("—"), line
        assert pm.page_number_text(line) == str(page.number)
        side = "right" if page.number % 2 else "left"
        assert pm.page_number_side(page, line) == side
        assert abs(pm.page_number_inset(line, side) - 14) < 2.5, line
        assert abs(pm.mm(pm.dash_offset_below_type_area(line)) - 7) < 1.0, line


def test_title_is_centred_and_signature_follows_the_no_seal_rule(rendered):
    pages = rendered["longquan-2023"]
    lines = pm.body_lines(pages[0])
    centre = (pm.TYPE_AREA_LEFT + pm.TYPE_AREA_RIGHT) / 2
    title = [line for line in lines if line.text.startswith("龙泉市科学技术局关于")][0]
    assert abs((title.x_min + title.x_max) / 2 - centre) < 2
    assert title.y_max - title.y_min > 18  # 2号 = 22 pt, taller than body text
    last = pm.body_lines(pages[-1])
    (sig,) = [line for line in last if line.text == "龙泉市科学技术局"]
    (date,) = [line for line in last if line.text.replace(" ", "") == "2024年1月30日"]
    assert abs((pm.TYPE_AREA_RIGHT - sig.x_max) - 2 * CHAR_PITCH) < 2  # 右空二字
    assert abs((date.x_min - sig.x_min) - 2 * CHAR_PITCH) < 2  # date starts two 字 right of 署名
    assert date.y_min > sig.y_min


@pytest.mark.parametrize("slug", SLUGS)
def test_quotes_and_dashes_render_in_the_chinese_font(pdfs, slug):
    """Curly quotes are East Asian ambiguous: without w:hint they fall to a Latin font."""
    pieces = [run for run in pm.text_fonts(pdfs[slug])
              if any(ch in run.text for ch in "“”‘’—…") and not re.fullmatch(r"— \d+ —", run.text)]
    assert pieces, "the example has quotes"
    for run in pieces:
        assert run.font.startswith("Fandol"), (run.text, run.font)
        assert run.size >= 15, (run.text, run.size)


def test_page_number_digits_are_4hao_song(pdfs):
    numbers = [run for run in pm.text_fonts(pdfs["luohe-2020"]) if re.fullmatch(r"— \d+ —", run.text)]
    assert len(numbers) >= 3
    assert {(run.font, run.size) for run in numbers} == {("FandolSong-Regular", 14.0)}
