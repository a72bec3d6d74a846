"""Read what pdftotext cannot from a rendered PDF: rules, colours, fonts and ink (test support).

pdfplumber gives each character with its font, size, colour and baseline, and each
stroked line or filled rectangle with its position and thickness. LibreOffice draws a
paragraph border as a stroked line and a shaded paragraph as a filled rectangle, so a
"rule" here is either, as long as it is horizontal and thin. Ink (the pixels a reader
sees) comes from rendering the page, for the few checks about the visible top edge of
the characters.

Coordinates are PDF points from the page's top-left corner, y growing downwards, like
tests/pdfmeasure.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pdfplumber

#: A CJK font's em box spans 0.88 em above the baseline to 0.12 em below it.
EM_ASCENT = 0.88
EM_DESCENT = 0.12


@dataclass(frozen=True)
class Rule:
    """A horizontal line: a border (stroked line) or a shaded strip (filled rectangle)."""

    x0: float
    x1: float
    y: float  # centre
    thickness: float
    color: tuple[float, ...]

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def bottom(self) -> float:
        return self.y + self.thickness / 2


@dataclass
class TextLine:
    """Characters sharing one baseline, left to right."""

    chars: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        x0: float = min(c["x0"] for c in self.chars)
        return x0

    @property
    def x1(self) -> float:
        x1: float = max(c["x1"] for c in self.chars)
        return x1

    @property
    def baseline(self) -> float:
        baseline: float = self.chars[0]["baseline"]
        return baseline

    @property
    def size(self) -> float:
        size: float = max(c["size"] for c in self.chars)
        return size

    @property
    def em_top(self) -> float:
        return self.baseline - EM_ASCENT * self.size

    @property
    def em_bottom(self) -> float:
        return self.baseline + EM_DESCENT * self.size

    def fonts(self, text: str) -> set[str]:
        """Font names (subset tag dropped) used for the characters of `text` in this line."""
        start = self.text.index(text)
        return {_font_name(c["fontname"]) for c in self.chars[start:start + len(text)]}

    def x_of(self, text: str) -> float:
        """Left edge of the first character of `text`."""
        x0: float = self.chars[self.text.index(text)]["x0"]
        return x0

    def __repr__(self) -> str:
        return f"TextLine({self.text!r}, x={self.x0:.1f}..{self.x1:.1f}, baseline={self.baseline:.1f})"


@dataclass
class DrawnPage:
    number: int
    height: float
    lines: list[TextLine]
    rules: list[Rule]

    def find(self, text: str) -> TextLine:
        """The one line containing `text`."""
        found = [line for line in self.lines if text in line.text]
        assert len(found) == 1, (text, found)
        return found[0]


def read_drawing(pdf: Path | str) -> list[DrawnPage]:
    with pdfplumber.open(str(pdf)) as doc:
        return [_page(page) for page in doc.pages]


def _font_name(name: str) -> str:
    return name.split("+", 1)[1] if "+" in name[:7] else name


def _page(page: Any) -> DrawnPage:
    lines: list[TextLine] = []
    for char in sorted(page.chars, key=lambda c: (round(page.height - c["matrix"][5], 1), c["x0"])):
        if not char["text"].strip():
            continue
        char = dict(char, baseline=page.height - char["matrix"][5])
        if lines and abs(lines[-1].baseline - char["baseline"]) < 1.0:
            lines[-1].chars.append(char)
        else:
            lines.append(TextLine([char]))
    for line in lines:
        line.chars.sort(key=lambda c: c["x0"])
    rules = set()
    for obj in page.lines:
        if abs(obj["top"] - obj["bottom"]) < 0.5:
            rules.add(Rule(round(obj["x0"], 2), round(obj["x1"], 2), round(obj["top"], 2),
                           round(obj["linewidth"], 2), tuple(obj["stroking_color"] or ())))
    for obj in page.rects:
        if obj["bottom"] - obj["top"] < 3 and obj["x1"] - obj["x0"] > 20:
            rules.add(Rule(round(obj["x0"], 2), round(obj["x1"], 2), round((obj["top"] + obj["bottom"]) / 2, 2),
                           round(obj["bottom"] - obj["top"], 2), tuple(obj["non_stroking_color"] or ())))
    return DrawnPage(page.page_number, page.height, lines, sorted(rules, key=lambda r: r.y))


def is_red(color: tuple[float, ...]) -> bool:
    return len(color) == 3 and color[0] > 0.7 and color[1] < 0.3 and color[2] < 0.3


def is_black(color: tuple[float, ...]) -> bool:
    return all(c < 0.2 for c in color) if color else True


def ink_rows(pdf: Path | str, page_number: int, pixel: Callable[[tuple[int, int, int]], bool],
             top: float, bottom: float, resolution: int = 288) -> tuple[float, float] | None:
    """Topmost and bottommost y (pt) between `top` and `bottom` where a pixel matches."""
    with pdfplumber.open(str(pdf)) as doc:
        image = doc.pages[page_number - 1].to_image(resolution=resolution).original.convert("RGB")
    scale = resolution / 72
    width = image.size[0]
    data = image.load()
    assert data is not None
    hits = [y for y in range(int(top * scale), int(bottom * scale))
            if any(pixel(cast(tuple[int, int, int], data[x, y])) for x in range(0, width, 2))]  # RGB: (r, g, b)
    return (hits[0] / scale, (hits[-1] + 1) / scale) if hits else None


def red_pixel(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 180 and rgb[1] < 110 and rgb[2] < 110
