"""Read back formatting from a built DOCX the way Word resolves it (direct -> style chain -> defaults).

Independent of drafter: plain zipfile + lxml over word/document.xml and word/styles.xml, with
its own style-chain resolution. `drafter verify` reads formatting with drafter.docx.inspect;
the tests must not use that same reader, or one reader bug would hide a build bug twice.

Resolution, as in ECMA-376 17.7.2:
- paragraph properties: direct pPr -> paragraph style -> its basedOn chain -> docDefaults pPrDefault
  (no pStyle means the default paragraph style);
- run properties: direct rPr -> character style chain -> paragraph style chain -> docDefaults rPrDefault;
- attribute by attribute (w:spacing/@w:line and w:spacing/@w:before may come from different levels);
- a toggle such as <w:b/> or <w:keepNext/> without w:val means on ("1").
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
#: On/off properties: present without w:val means on.
TOGGLES = {"b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "vanish", "keepNext", "keepLines",
           "pageBreakBefore", "widowControl", "snapToGrid", "contextualSpacing", "suppressAutoHyphens"}


def _q(tag: str) -> str:
    """w:keepNext -> {namespace}keepNext."""
    prefix, _, local = tag.partition(":")
    assert prefix == "w", tag
    return f"{{{W}}}{local}"


def _local(tag: str) -> str:
    return tag.partition(":")[2]


class DocxXml:
    """One DOCX file's document.xml and styles.xml, parsed with lxml."""

    def __init__(self, document: Any, styles: Any) -> None:
        self.document = document
        self.styles_root = styles
        self.body = document.find(_q("w:body")) if document is not None else None
        self.styles = {s.get(_q("w:styleId")): s for s in styles.findall(_q("w:style"))}
        self.default_paragraph_style = next(
            (s.get(_q("w:styleId")) for s in styles.findall(_q("w:style"))
             if s.get(_q("w:type")) == "paragraph" and s.get(_q("w:default")) in ("1", "true", "on")), None)
        self.ppr_default = styles.find("w:docDefaults/w:pPrDefault/w:pPr", _NS)
        self.rpr_default = styles.find("w:docDefaults/w:rPrDefault/w:rPr", _NS)

    @classmethod
    def from_path(cls, path: Path | str) -> DocxXml:
        """Parse word/document.xml and word/styles.xml of the file with lxml."""
        with zipfile.ZipFile(path) as zf:
            return cls(etree.fromstring(zf.read("word/document.xml")), etree.fromstring(zf.read("word/styles.xml")))

    @classmethod
    def styles_of(cls, doc: Any) -> DocxXml:
        """Only the styles part of a python-docx Document (its XML tree; the resolution is ours)."""
        return cls(None, doc.styles.element)

    # --- the paragraphs --------------------------------------------------------------------

    @property
    def paragraphs(self) -> list[Any]:
        """The body's own w:p elements in order (as python-docx's Document.paragraphs)."""
        assert self.body is not None, "a DocxXml made from the styles alone has no paragraphs"
        paragraphs: list[Any] = self.body.findall(_q("w:p"))
        return paragraphs

    @staticmethod
    def text(p: Any) -> str:
        return "".join(t.text or "" for t in p.iter(_q("w:t")))

    @staticmethod
    def runs(p: Any) -> list[Any]:
        runs: list[Any] = p.findall(_q("w:r"))
        return runs

    def style_id(self, p: Any) -> str | None:
        style = p.find("w:pPr/w:pStyle", _NS)
        return style.get(_q("w:val")) if style is not None else self.default_paragraph_style

    def style_name(self, p: Any) -> str | None:
        style = self.styles.get(self.style_id(p))
        name = style.find(_q("w:name")) if style is not None else None
        if name is None:
            return None
        value: str = name.get(_q("w:val"))
        # styles.xml spells built-in styles in lower case ("heading 1"); Word shows "Heading 1"
        return value[:1].upper() + value[1:] if value.isascii() and value.islower() else value

    def section(self) -> Any:
        assert self.body is not None, "a DocxXml made from the styles alone has no section"
        return self.body.find(_q("w:sectPr"))

    # --- resolution -----------------------------------------------------------------------

    def _chain(self, style_id: str | None) -> list[Any]:
        chain: list[Any] = []
        while style_id is not None and style_id in self.styles:
            style = self.styles[style_id]
            if any(style is seen for seen in chain):
                raise AssertionError(f"style {style_id} is based on itself")
            chain.append(style)
            based = style.find(_q("w:basedOn"))
            style_id = based.get(_q("w:val")) if based is not None else None
        return chain

    def _ppr_levels(self, p: Any) -> list[Any]:
        levels = [p.find(_q("w:pPr"))]
        levels += [s.find(_q("w:pPr")) for s in self._chain(self.style_id(p))]
        levels.append(self.ppr_default)
        return [level for level in levels if level is not None]

    def _rpr_levels(self, p: Any, r: Any) -> list[Any]:
        rpr = r.find(_q("w:rPr"))
        levels = [rpr]
        character_style = rpr.find(_q("w:rStyle")) if rpr is not None else None
        if character_style is not None:
            levels += [s.find(_q("w:rPr")) for s in self._chain(character_style.get(_q("w:val")))]
        levels += [s.find(_q("w:rPr")) for s in self._chain(self.style_id(p))]
        levels.append(self.rpr_default)
        return [level for level in levels if level is not None]

    @staticmethod
    def _first(levels: list[Any], tag: str, attr: str) -> str | None:
        for level in levels:
            el = level.find(_q(tag))
            if el is None:
                continue
            value: str | None = el.get(_q(attr))
            if value is not None:
                return value
            if attr == "w:val" and _local(tag) in TOGGLES:
                return "1"
        return None

    def para_value(self, p: Any, tag: str, attr: str = "w:val") -> str | None:
        return self._first(self._ppr_levels(p), tag, attr)

    def run_value(self, p: Any, r: Any, tag: str, attr: str = "w:val") -> str | None:
        return self._first(self._rpr_levels(p, r), tag, attr)

    def para_flag(self, p: Any, tag: str) -> bool:
        """An on/off paragraph property (w:keepNext, w:pageBreakBefore) as Word reads it."""
        return self.para_value(p, tag) not in (None, "0", "false", "off")


def style_name(p: Any) -> str:
    """The name of a python-docx paragraph's style (None only for a document without styles)."""
    assert p.style is not None, f"paragraph without a style: {p.text!r}"
    name: str = p.style.name
    return name


def para_attr(doc: Any, p: Any, tag: str, attr: str) -> str | None:
    """Effective pPr/<tag>/@attr of a python-docx paragraph (body, header or footer) of `doc`."""
    return DocxXml.styles_of(doc).para_value(p._p, tag, attr)


def run_attr(doc: Any, p: Any, run_index: int, tag: str, attr: str) -> str | None:
    """Effective rPr/<tag>/@attr of a run: run -> character style -> paragraph style chain -> defaults."""
    return DocxXml.styles_of(doc).run_value(p._p, p.runs[run_index]._r, tag, attr)
