"""Measure a rendered PDF for layout tests (test support, not a test module).

``pdftotext -bbox`` (poppler) reports every word with its box in PDF points,
origin at the top-left corner of the page, y growing downwards. This module
parses that output into pages -> lines -> words and offers the numbers the
GB/T 9704-2012 checks need: page size, the type area (版心), characters per
line, the left text edge and the page number in the footer.

Lines are rebuilt here from the words' vertical position instead of taken from
``pdftotext -bbox-layout``: its block detection splits one visual line into
several pieces when there is a wide gap (发文字号 left, 签发人 right) and may
order blocks by column. A "line" in this module is everything on one baseline.

Usage in a render test::

    from tests.helpers.pdfmeasure import require_render_tools, read_pdf, body_lines, chars_in_line

    require_render_tools()              # skip, or fail when CI=true
    pages = read_pdf(pdf_path)
    lines = body_lines(pages[0])
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.skips import skip_outside_ci

# ---------------------------------------------------------------------------
# Geometry of a GB/T 9704 page, in PDF points (1 pt = 1/72 inch).

PT_PER_MM = 72 / 25.4

A4_WIDTH = 210 * PT_PER_MM  # 595.28 pt (LibreOffice writes 595.30: 11906 twips)
A4_HEIGHT = 297 * PT_PER_MM  # 841.89 pt

MARGIN_TOP = 37 * PT_PER_MM  # 天头, 104.88 pt
MARGIN_LEFT = 28 * PT_PER_MM  # 订口, 79.37 pt
MARGIN_RIGHT = 26 * PT_PER_MM
MARGIN_BOTTOM = 35 * PT_PER_MM

TYPE_AREA_TOP = MARGIN_TOP  # 104.88 pt from the page top
TYPE_AREA_BOTTOM = (297 - 35) * PT_PER_MM  # 742.68 pt from the page top
TYPE_AREA_LEFT = MARGIN_LEFT  # 79.37 pt
TYPE_AREA_RIGHT = (210 - 26) * PT_PER_MM  # 521.57 pt

#: Tools every render test needs.
RENDER_TOOLS = ("soffice", "pdftotext", "pdffonts", "pdftohtml")


def mm(points: float) -> float:
    """Convert PDF points to millimetres."""
    return points / PT_PER_MM


def pt(millimetres: float) -> float:
    """Convert millimetres to PDF points."""
    return millimetres * PT_PER_MM


# ---------------------------------------------------------------------------
# Data model


@dataclass(frozen=True)
class Word:
    """One word as pdftotext reports it (a whole CJK line is often one word)."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def y_center(self) -> float:
        return (self.y_min + self.y_max) / 2

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


@dataclass
class Line:
    """Words sharing one baseline, left to right."""

    words: list[Word] = field(default_factory=list)

    @property
    def x_min(self) -> float:
        return min(w.x_min for w in self.words)

    @property
    def x_max(self) -> float:
        return max(w.x_max for w in self.words)

    @property
    def y_min(self) -> float:
        return min(w.y_min for w in self.words)

    @property
    def y_max(self) -> float:
        return max(w.y_max for w in self.words)

    @property
    def y_center(self) -> float:
        return (self.y_min + self.y_max) / 2

    @property
    def text(self) -> str:
        """The words joined; no space where either side of the join is a wide character."""
        out = ""
        for word in self.words:
            if out and not (_joins_tight(out[-1]) or _joins_tight(word.text[:1])):
                out += " "
            out += word.text
        return out

    def __repr__(self) -> str:  # short, for assertion messages
        return f"Line({self.text!r}, x={self.x_min:.1f}..{self.x_max:.1f}, y={self.y_min:.1f}..{self.y_max:.1f})"


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# ---------------------------------------------------------------------------
# Reading the PDF


def read_pdf(pdf: Path | str) -> list[Page]:
    """Run ``pdftotext -bbox`` on ``pdf`` and return its pages."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        [exe, "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return parse_bbox(result.stdout.decode("utf-8"))


def parse_bbox(xml_text: str) -> list[Page]:
    """Parse the XHTML written by ``pdftotext -bbox`` or ``-bbox-layout``.

    Only ``<page>`` and ``<word>`` elements are used; flows/blocks/lines of the
    layout variant are ignored and lines are rebuilt by :func:`group_lines`.
    """
    # The DOCTYPE names an external DTD; drop it so no parser tries to use it.
    xml_text = re.sub(r"<!DOCTYPE[^>]*>", "", xml_text, count=1)
    root = ET.fromstring(xml_text)
    pages: list[Page] = []
    for element in root.iter():
        if _local(element.tag) != "page":
            continue
        words = [
            Word(
                text=(w.text or "").strip(),
                x_min=float(w.get("xMin", 0)),
                y_min=float(w.get("yMin", 0)),
                x_max=float(w.get("xMax", 0)),
                y_max=float(w.get("yMax", 0)),
            )
            for w in element.iter()
            if _local(w.tag) == "word" and (w.text or "").strip()
        ]
        pages.append(
            Page(
                number=len(pages) + 1,
                width=float(element.get("width", 0)),
                height=float(element.get("height", 0)),
                lines=group_lines(words),
            )
        )
    return pages


def group_lines(words: list[Word]) -> list[Line]:
    """Group words into lines: a word joins a line when its vertical centre lies
    within half of the smaller height of the line's centre. Lines top to bottom,
    words left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.y_center, w.x_min)):
        for line in reversed(lines):
            tolerance = min(word.height, line.y_max - line.y_min) / 2
            if abs(line.y_center - word.y_center) <= tolerance:
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x_min)
    lines.sort(key=lambda ln: ln.y_center)
    return lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# ---------------------------------------------------------------------------
# Helpers for assertions


def is_a4(page: Page, tolerance: float = 1.0) -> bool:
    """True if the page is A4 portrait within ``tolerance`` points."""
    return abs(page.width - A4_WIDTH) <= tolerance and abs(page.height - A4_HEIGHT) <= tolerance


def body_lines(page: Page, top: float = TYPE_AREA_TOP, bottom: float = TYPE_AREA_BOTTOM) -> list[Line]:
    """Lines whose vertical centre lies inside [top, bottom] (the 版心 by default).

    Header and footer (page number) lie outside the type area and are left out.
    """
    return [line for line in page.lines if top <= line.y_center <= bottom]


#: Characters of East Asian width "A" (ambiguous) that Chinese fonts set full width.
FULL_WIDTH_AMBIGUOUS = frozenset("“”‘’—…·")


def char_width(ch: str) -> float:
    """Width of one character in 字 (em of the CJK font).

    Rule: East Asian width W or F (汉字, full-width punctuation, 全角 forms) and
    the quotes/dash/ellipsis in FULL_WIDTH_AMBIGUOUS count 1; whitespace and
    control characters 0; every other character (Latin letters, 半角 digits)
    0.5. This is how the standard counts 字 (half-width digits as half a 字).
    """
    if _is_wide(ch):
        return 1.0  # includes the ideographic space U+3000 (全角空格)
    if ch.isspace() or unicodedata.category(ch).startswith("C"):
        return 0.0
    return 0.5


def chars_in_line(line: Line) -> float:
    """Number of characters in the line in 字 (see :func:`char_width`)."""
    return sum(char_width(ch) for word in line.words for ch in word.text)


def _joins_tight(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def _is_wide(ch: str) -> bool:
    return bool(ch) and (unicodedata.east_asian_width(ch) in ("W", "F") or ch in FULL_WIDTH_AMBIGUOUS)


def left_edge(lines: list[Line]) -> float:
    """Smallest x of the given lines (the left text edge)."""
    return min(line.x_min for line in lines)


def page_number_line(page: Page, type_area_bottom: float = TYPE_AREA_BOTTOM) -> Line | None:
    """The footer line holding the page number: the lowest line that lies
    entirely below the type area and contains a digit; None if there is none."""
    candidates = [
        line for line in page.lines if line.y_min > type_area_bottom and any(ch.isdigit() for ch in line.text)
    ]
    return candidates[-1] if candidates else None


def page_number_text(line: Line | None) -> str:
    """The digits of a page-number line such as ``— 12 —`` (``"12"``); "" for no line."""
    return "".join(re.findall(r"\d+", line.text)) if line is not None else ""


def page_number_side(page: Page, line: Line) -> str:
    """``"right"`` or ``"left"``: on which half of the page the line sits."""
    middle = (line.x_min + line.x_max) / 2
    return "right" if middle > page.width / 2 else "left"


def page_number_inset(line: Line, side: str) -> float:
    """Distance (pt) from the type-area edge on ``side`` to the line: 居右空一字 at
    4号 means about 14 pt from the right edge, 居左空一字 14 pt from the left."""
    if side == "right":
        return TYPE_AREA_RIGHT - line.x_max
    return line.x_min - TYPE_AREA_LEFT


def dash_words(line: Line) -> list[Word]:
    """Words of the line that contain an 一字线 (U+2014) or another dash."""
    return [w for w in line.words if any(ch in "—–－-―" for ch in w.text)]


def dash_offset_below_type_area(line: Line, type_area_bottom: float = TYPE_AREA_BOTTOM) -> float:
    """How far (pt) the 一字线 of a page-number line sits below the 版心 bottom
    (the standard asks for 7 mm = 19.8 pt).

    Measured at the vertical centre of the dash word's box: pdftotext boxes
    span the font's ascent to descent, and a CJK font centres its 一字线 in the
    em box, so the box centre approximates the dash. Uses the whole line if no
    separate dash word exists.
    """
    dashes = dash_words(line)
    centre = sum(w.y_center for w in dashes) / len(dashes) if dashes else line.y_center
    return centre - type_area_bottom


# ---------------------------------------------------------------------------
# Fonts (pdffonts)


@dataclass(frozen=True)
class PdfFont:
    name: str  # e.g. "BAAAAA+FandolFang-Regular"
    type: str
    embedded: bool
    subset: bool

    @property
    def base_name(self) -> str:
        """The name without the subset tag: ``FandolFang-Regular``."""
        return self.name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", self.name) else self.name


@dataclass(frozen=True)
class TextRun:
    """A piece of text and the font it is drawn with (from ``pdftohtml -xml``)."""

    page: int  # 1-based
    text: str
    font: str  # PDF font name without subset tag, e.g. "FandolFang-Regular"
    size: float  # pt


def text_fonts(pdf: Path | str) -> list[TextRun]:
    """Every text piece of the PDF with its font, in reading order.

    ``pdftotext`` does not report fonts; ``pdftohtml -xml`` does, per text piece
    (one piece never mixes fonts). Used to check which stand-in font a given
    official font name ended up as.
    """
    exe = shutil.which("pdftohtml")
    if exe is None:
        raise RuntimeError("pdftohtml (poppler-utils) is not installed")
    out = subprocess.run(
        [exe, "-xml", "-stdout", "-i", "-q", "-zoom", "1", "-fontfullname", str(pdf)],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    return parse_pdftohtml_xml(out.decode("utf-8", "replace"))


def parse_pdftohtml_xml(xml_text: str) -> list[TextRun]:
    """Parse ``pdftohtml -xml`` output into :class:`TextRun` items."""
    xml_text = re.sub(r"<!DOCTYPE[^>]*>", "", xml_text, count=1)
    root = ET.fromstring(xml_text.encode("utf-8"))
    fonts: dict[str, tuple[str, float]] = {}
    runs: list[TextRun] = []
    for page in root.iter("page"):
        number = int(page.get("number", len(runs) + 1))
        for element in page:
            if element.tag == "fontspec":
                name = element.get("family", "")
                name = name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name
                fonts[element.get("id", "")] = (name, float(element.get("size", 0)))
            elif element.tag == "text":
                text = "".join(element.itertext()).strip()
                if text:
                    name, size = fonts.get(element.get("font", ""), ("", 0.0))
                    runs.append(TextRun(page=number, text=text, font=name, size=size))
    return runs


def pdf_fonts(pdf: Path | str) -> list[PdfFont]:
    """Fonts used in the PDF, from ``pdffonts``."""
    exe = shutil.which("pdffonts")
    if exe is None:
        raise RuntimeError("pdffonts (poppler-utils) is not installed")
    out = subprocess.run([exe, str(pdf)], capture_output=True, check=True, timeout=60).stdout
    return parse_pdffonts(out.decode("utf-8", "replace"))


def parse_pdffonts(text: str) -> list[PdfFont]:
    """Parse ``pdffonts`` output. Columns: name, type (may contain spaces),
    encoding, emb, sub, uni, object ID (two numbers)."""
    fonts = []
    for row in text.splitlines()[2:]:
        parts = row.split()
        if len(parts) < 8:
            continue
        # From the right: obj-num gen uni sub emb encoding; type is what is left.
        emb, sub = parts[-5], parts[-4]
        fonts.append(PdfFont(name=parts[0], type=" ".join(parts[1:-6]), embedded=emb == "yes", subset=sub == "yes"))
    return fonts


# ---------------------------------------------------------------------------
# Tool availability


def require_render_tools(*tools: str) -> None:
    """Skip the calling test if a render tool is missing; fail instead when
    the environment variable CI is "true" (CI must never skip render checks).

    Checks soffice and the poppler tools (RENDER_TOOLS) unless ``tools`` names others.
    """
    from drafter.docx.libreoffice import find_soffice  # local import: keep parsing tests free of drafter

    missing = []
    for tool in tools or RENDER_TOOLS:
        found = find_soffice() if tool == "soffice" else shutil.which(tool)
        if not found:
            missing.append(tool)
    if missing:
        skip_outside_ci(f"render tools missing: {', '.join(missing)} "
                        "(install LibreOffice and poppler-utils: sudo scripts/install-system-deps.sh)")


def require_stand_in_fonts() -> None:
    """Skip (fail when CI=true) unless the Fandol fonts and fonts/fonts.conf are
    in place, so that the official font names map to known stand-ins."""
    from drafter.docx.libreoffice import fontconfig_file

    if fontconfig_file() is None:
        skip_outside_ci("stand-in fonts not set up (run scripts/setup-fonts.sh)")
