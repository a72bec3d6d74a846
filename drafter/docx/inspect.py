"""Read the effective formatting of any DOCX the way Word resolves it.

A DOCX edited in Word or WPS carries formatting at several levels: directly on the run or
paragraph, in a character style, in the paragraph style and the styles it is based on, in
the document defaults, and behind theme fonts. `drafter verify` must judge what the reader
sees, so every property is resolved through run -> character style chain -> paragraph
style chain -> docDefaults, attribute by attribute where Word does so (indents, spacing,
fonts per script slot).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from drafter.docx.archive import check_archive
from drafter.errors import InputFileError
from drafter.inputs import read_regular
from drafter.text.numerals import small_int, small_number

#: A DOCX to verify: the body is a few hundred KB; pictures and fonts add megabytes.
MAX_DOCX_BYTES = 64 * 1024 * 1024

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: The text of the empty elements that stand for characters (w:t carries its own text).
_W_TAGS_IN_TEXT = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def open_docx(path: Path | str) -> DocxDocument:
    """Open a DOCX; a missing file, an old .doc or a broken package is a Chinese error."""
    path = Path(path)
    data = read_regular(path, MAX_DOCX_BYTES)  # a regular file (not /dev/zero, not a FIFO), bounded
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputFileError(f"{path}：这是旧版 Word 文档（.doc），请在 Word 或 WPS 中“另存为” .docx 后再检查。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputFileError(f"{path}：不是 DOCX 文件（DOCX 是 zip 格式，这个文件不是）。")
    check_archive(data, path)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputFileError(f"{path}：DOCX 文件已损坏或不是 Word 文档（{type(exc).__name__}）。") from None


@dataclass(frozen=True)
class Indent:
    """Effective indents in twips, plus the character units Word prefers when present."""

    left: int = 0
    right: int = 0
    first_line: int = 0  # negative for a hanging indent
    first_line_chars: int | None = None  # hundredths of a character (negative: hanging)
    left_chars: int | None = None


@dataclass(frozen=True)
class Spacing:
    line: int | None  # twips for exact/atLeast, 240ths of a line for auto
    rule: str  # exact | atLeast | auto


@dataclass(frozen=True)
class RunFormat:
    text: str
    east_asia: str | None  # font name for Chinese characters
    ascii: str | None  # font name for Latin letters and digits
    size_pt: float
    color: str | None  # hex RRGGBB, None for automatic
    spacing_twips: int  # character spacing (w:spacing), negative when condensed
    bold: bool = False
    italic: bool = False
    underline: str | None = None  # w:u value ("single", "none", …), None when not set


def paragraph_text(p: Any) -> str:
    """Text of a w:p element with tabs and breaks (fields' cached results included)."""
    out = []
    for el in p.iter(qn("w:t"), *_W_TAGS_IN_TEXT):
        if el.tag == qn("w:tab") and el.getparent().tag != qn("w:r"):
            continue  # a tab stop definition in w:tabs, not a tab character
        out.append((el.text or "") if el.tag == qn("w:t") else _W_TAGS_IN_TEXT[el.tag])
    return "".join(out)


class Inspector:
    """Effective paragraph and run formatting of one document.

    It reads a document that is not changed while it is inspected: style chains are resolved
    once per style and the runs once per paragraph.
    """

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        styles = doc.styles.element
        self._styles = {el.get(qn("w:styleId")): el for el in styles.findall(qn("w:style"))}
        self._default_para = next((el.get(qn("w:styleId")) for el in styles.findall(qn("w:style"))
                                   if el.get(qn("w:type")) == "paragraph" and el.get(qn("w:default")) in ("1", "true")),
                                  None)
        defaults = styles.find(qn("w:docDefaults"))
        self._ppr_default = _find(defaults, "w:pPrDefault", "w:pPr")
        self._rpr_default = _find(defaults, "w:rPrDefault", "w:rPr")
        self._style_props: dict[str | None, tuple[list[Any], list[Any]]] = {}
        self._runs: dict[Any, list[RunFormat]] = {}

    # --- styles -------------------------------------------------------------------------

    def style_chain(self, style_id: str | None) -> list[Any]:
        chain: list[Any] = []
        while style_id and style_id in self._styles and len(chain) < 20:
            el = self._styles[style_id]
            if el in chain:
                break
            chain.append(el)
            based = el.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def paragraph_style_id(self, p: Any) -> str | None:
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return style.get(qn("w:val")) if style is not None else self._default_para

    def _style_levels(self, style_id: str | None) -> tuple[list[Any], list[Any]]:
        """The w:pPr and the w:rPr elements of a style and the styles it is based on, nearest first."""
        found = self._style_props.get(style_id)
        if found is None:
            chain = self.style_chain(style_id)
            found = ([el for s in chain if (el := s.find(qn("w:pPr"))) is not None],
                     [el for s in chain if (el := s.find(qn("w:rPr"))) is not None])
            self._style_props[style_id] = found
        return found

    def _ppr_levels(self, p: Any) -> list[Any]:
        levels = [p.find(qn("w:pPr")), *self._style_levels(self.paragraph_style_id(p))[0], self._ppr_default]
        return [level for level in levels if level is not None]

    def _rpr_levels(self, p: Any, r: Any | None) -> list[Any]:
        levels = []
        if r is not None:
            rpr = r.find(qn("w:rPr"))
            levels.append(rpr)
            rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
            if rstyle is not None:
                levels += self._style_levels(rstyle.get(qn("w:val")))[1]
        levels += self._style_levels(self.paragraph_style_id(p))[1]
        levels.append(self._rpr_default)
        return [level for level in levels if level is not None]

    # --- paragraph properties -------------------------------------------------------------

    def para_value(self, p: Any, tag: str, attr: str = "w:val") -> str | None:
        for level in self._ppr_levels(p):
            el = level.find(qn(tag))
            value: str | None = el.get(qn(attr)) if el is not None else None
            if value is not None:
                return value
        return None

    def has_para_flag(self, p: Any, tag: str) -> bool:
        """On/off properties such as w:pageBreakBefore and w:keepNext."""
        for level in self._ppr_levels(p):
            el = level.find(qn(tag))
            if el is not None:
                return el.get(qn("w:val")) not in ("0", "false", "off")
        return False

    def alignment(self, p: Any) -> str:
        value = self.para_value(p, "w:jc") or "left"
        return {"start": "left", "end": "right", "distribute": "both"}.get(value, value)

    def indent(self, p: Any) -> Indent:
        """Indents resolved per group (left, right, first line) as Word does."""
        found: dict[str, Any] = {}
        for level in self._ppr_levels(p):
            ind = level.find(qn("w:ind"))
            if ind is None:
                continue
            get = ind.get
            if "left" not in found and any(get(qn(a)) is not None for a in ("w:left", "w:start", "w:leftChars",
                                                                             "w:startChars")):
                found["left"] = (_int(get(qn("w:left")) or get(qn("w:start"))),
                                 _int_or_none(get(qn("w:leftChars")) or get(qn("w:startChars"))))
            if "right" not in found and any(get(qn(a)) is not None for a in ("w:right", "w:end", "w:rightChars",
                                                                              "w:endChars")):
                found["right"] = (_int(get(qn("w:right")) or get(qn("w:end"))),
                                  _int_or_none(get(qn("w:rightChars")) or get(qn("w:endChars"))))
            if "first" not in found and any(get(qn(a)) is not None for a in ("w:firstLine", "w:hanging",
                                                                              "w:firstLineChars", "w:hangingChars")):
                if get(qn("w:hanging")) is not None or get(qn("w:hangingChars")) is not None:
                    chars = _int_or_none(get(qn("w:hangingChars")))
                    found["first"] = (-_int(get(qn("w:hanging"))), -chars if chars is not None else None)
                else:
                    found["first"] = (_int(get(qn("w:firstLine"))), _int_or_none(get(qn("w:firstLineChars"))))
        left, left_chars = found.get("left", (0, None))
        right, _ = found.get("right", (0, None))
        first, first_chars = found.get("first", (0, None))
        return Indent(left, right, first, first_chars, left_chars)

    def spacing(self, p: Any) -> Spacing:
        for level in self._ppr_levels(p):
            el = level.find(qn("w:spacing"))
            if el is not None and el.get(qn("w:line")) is not None:
                return Spacing(_int(el.get(qn("w:line"))), el.get(qn("w:lineRule")) or "auto")
        return Spacing(240, "auto")

    # --- run properties ---------------------------------------------------------------------

    def run_value(self, p: Any, r: Any | None, tag: str, attr: str = "w:val") -> str | None:
        return _first_value(self._rpr_levels(p, r), tag, attr)

    def has_run_flag(self, p: Any, r: Any | None, tag: str) -> bool:
        """On/off run properties such as w:b and w:i, resolved like every other property."""
        return _flag_in(self._rpr_levels(p, r), tag)

    def font(self, p: Any, r: Any | None, slot: str) -> str | None:
        """Font of a script slot ("eastAsia", "ascii"); a theme font beats an explicit name on its level."""
        return self._font_in(self._rpr_levels(p, r), slot)

    def size_pt(self, p: Any, r: Any | None) -> float:
        """Font size; a level with w:sz 0 (or unreadable) sets nothing, so the next level decides."""
        return _size_in(self._rpr_levels(p, r))

    def _font_in(self, levels: list[Any], slot: str) -> str | None:
        theme_attr = {"eastAsia": "w:eastAsiaTheme", "ascii": "w:asciiTheme", "hAnsi": "w:hAnsiTheme"}[slot]
        for level in levels:
            fonts = level.find(qn("w:rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(qn(theme_attr))
            if theme is not None:
                return self.theme_font(theme, slot)
            named: str | None = fonts.get(qn(f"w:{slot}"))
            if named is not None:
                return named
        return None

    def run_format(self, p: Any, r: Any) -> RunFormat:
        levels = self._rpr_levels(p, r)  # once for every property of the run
        color = _first_value(levels, "w:color")
        return RunFormat(
            text="".join(t.text or "" for t in r.iter(qn("w:t"))),
            east_asia=self._font_in(levels, "eastAsia"),
            ascii=self._font_in(levels, "ascii"),
            size_pt=_size_in(levels),
            color=None if color in (None, "auto") else color.upper(),
            spacing_twips=_int(_first_value(levels, "w:spacing")),
            bold=_flag_in(levels, "w:b"),
            italic=_flag_in(levels, "w:i"),
            underline=_first_value(levels, "w:u"),
        )

    def runs(self, p: Any) -> list[RunFormat]:
        """Formatted runs with text, in order (runs inside hyperlinks and fields included).

        Resolved once per paragraph: verify asks for them for each check of a paragraph."""
        found = self._runs.get(p)
        if found is None:
            found = self._runs[p] = [self.run_format(p, r) for r in p.iter(qn("w:r"))
                                     if any((t.text or "").strip() for t in r.iter(qn("w:t")))]
        return found

    # --- theme fonts ----------------------------------------------------------------------------

    @cached_property
    def _theme(self) -> Any | None:
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/theme"):
                try:
                    return etree.fromstring(rel.target_part.blob)
                except etree.XMLSyntaxError:
                    return None
        return None

    @cached_property
    def _theme_script(self) -> str:
        """The theme's script font Word uses for East Asian text: set by themeFontLang in settings."""
        lang = self.doc.settings.element.find(qn("w:themeFontLang"))
        value = (lang.get(qn("w:eastAsia")) if lang is not None else None) or "zh-CN"
        return {"zh-CN": "Hans", "zh-SG": "Hans", "zh-TW": "Hant", "zh-HK": "Hant", "ja-JP": "Jpan",
                "ko-KR": "Hang"}.get(value, "Hans")

    def theme_font(self, theme_ref: str, slot: str) -> str | None:
        """minorEastAsia -> the theme's minor East Asian font (its script font when the slot is empty:
        python-docx's default themeFontLang ja-JP gives ＭＳ 明朝, the Mincho users complain about)."""
        if self._theme is None:
            return None
        major = theme_ref.startswith("major")
        scheme = self._theme.find(f".//{_A}{'majorFont' if major else 'minorFont'}")
        if scheme is None:
            return None
        kind = "ea" if "EastAsia" in theme_ref or slot == "eastAsia" else "latin"
        el = scheme.find(f"{_A}{kind}")
        typeface: str | None = el.get("typeface") if el is not None else None
        if typeface:
            return typeface
        for font in scheme.findall(f"{_A}font"):
            if font.get("script") == self._theme_script:
                typeface = font.get("typeface")
                return typeface
        return None


def body_paragraphs(doc: DocxDocument) -> list[Any]:
    """Every paragraph of the main text in reading order, table cells included (not text boxes)."""
    out = []
    for p in doc.element.body.iter(qn("w:p")):
        if any(a.tag in (qn("w:txbxContent"), qn("w:footnote")) for a in p.iterancestors()):
            continue
        out.append(p)
    return out


def starts_new_page(inspector: Inspector, p: Any) -> bool:
    """Whether the paragraph begins on a new page: page break before it, or at the end of the one before."""
    if inspector.has_para_flag(p, "w:pageBreakBefore"):
        return True
    if _has_page_break(p) and not paragraph_text(p).split("\n")[0].strip():
        return True
    # back over empty paragraphs to the one with text: a page break or a section end in any of them
    previous = p.getprevious()
    while previous is not None and previous.tag == qn("w:p"):
        if _has_page_break(previous):
            return True
        if paragraph_text(previous).strip():
            return False
        if previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            return True
        previous = previous.getprevious()
    return False


def _has_page_break(p: Any) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br")))


def _first_value(levels: list[Any], tag: str, attr: str = "w:val") -> str | None:
    """The attribute on the nearest level that sets it."""
    for level in levels:
        el = level.find(qn(tag))
        value: str | None = el.get(qn(attr)) if el is not None else None
        if value is not None:
            return value
    return None


def _flag_in(levels: list[Any], tag: str) -> bool:
    """An on/off property (w:b, w:i): the nearest level that has the element decides."""
    for level in levels:
        el = level.find(qn(tag))
        if el is not None:
            return el.get(qn("w:val")) not in ("0", "false", "off", "none")
    return False


def _size_in(levels: list[Any]) -> float:
    for level in levels:
        el = level.find(qn("w:sz"))
        value = el.get(qn("w:val")) if el is not None else None
        half_points = small_int(value)
        if half_points is not None and half_points > 0:
            return half_points / 2
    return 10.0  # Word's size when nothing sets one


def _find(parent: Any, *tags: str) -> Any:
    for tag in tags:
        if parent is None:
            return None
        parent = parent.find(qn(tag))
    return parent


def _int(value: str | None) -> int:
    """A measure attribute; 0 when it is missing or not a number (also one of 5,000 digits)."""
    number = small_number(value)
    return int(number) if number is not None else 0


def _int_or_none(value: str | None) -> int | None:
    return _int(value) if value is not None else None


_FIELD_PAGE = re.compile(r"\bPAGE\b")


def has_page_field(p: Any) -> bool:
    for instr in p.iter(qn("w:instrText")):
        if _FIELD_PAGE.search(instr.text or ""):
            return True
    for simple in p.iter(qn("w:fldSimple")):
        if _FIELD_PAGE.search(simple.get(qn("w:instr")) or ""):
            return True
    return False
