"""The import-light reading of a valid fact file: PyYAML's C parser and plain classes, no ruamel or pydantic.

A build of a valid fact file needs neither ruamel's composer nor pydantic's validators (their
imports are most of a whole `drafter build`), only the values. This reads the file the way
yamlread + fastcompose do and validates it with the same text rules (text.values) as the fact
model, and answers only when it is sure: anything the model might word differently (a wrong
type, a refused text, an unknown key, an alias, a comment that cuts a sentence, a YAML form
it does not resolve itself) raises Doubt, and the caller reads the file with the full model,
whose located Chinese messages decide. tests/factfile/test_light.py checks on generated fact
files that every file accepted here is accepted by the model with the same values, and that
every file the model refuses is doubted here.

The plain classes have the fact model's field names and derived values, so layout, the review
checks and the compiled template take them in place of the model (typed as the model).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from drafter import TYPE_CHECKING
from drafter.errors import DrafterError
from drafter.factfile.source import (
    MAX_BYTES,
    MAX_NODES,
    LoadedFacts,
    Mark,
    PathT,
    SourceMap,
    Span,
    bracket_depth,
    comment_findings,
    eol_comment,
    read_text,
    split_lines,
    unsafe_for_libyaml,
    utf8_size,
)
from drafter.records import Record
from drafter.text import values as tv

if TYPE_CHECKING:  # the shapes Derived needs, for the type checker only (Protocol classes cost at import)
    from typing import Any, Protocol

    from drafter.factfile import model

    class _Named(Protocol):
        @property
        def name(self) -> str: ...

    class _Part(Protocol):
        @property
        def kind(self) -> str | None: ...

        @property
        def heading(self) -> str | None: ...


_LOADER = getattr(yaml, "CSafeLoader", None)
MAX_ITEM_DEPTH = 3  # sections are level 1; items add levels 2, 3 and 4 (factfile.model uses this one)


class Doubt(Exception):
    """The full reader must decide (and word any message)."""


def default_title(agency: str, year: int) -> str:
    """The title when the fact file writes none (factfile.model.Facts.effective_title uses it too)."""
    return f"{agency}关于{year}年度法治政府建设情况的报告"


def attachment_title(entry: str | Attachment | model.Attachment) -> str:
    return entry if isinstance(entry, str) else entry.title


class Derived:
    """What a build derives from the facts (never stored, so hand edits stay the only truth); the fact
    model (factfile.model.Facts) and the plain Facts below both have these."""

    if TYPE_CHECKING:
        agency: _Named
        year: int
        title: str | None
        signature: str | None

    def effective_title(self) -> str:
        return self.title or default_title(self.agency.name, self.year)

    def effective_signature(self) -> str:
        return self.signature or self.agency.name

    def section_heading(self, section: _Part) -> str:
        from drafter.factfile.sections import section_kinds

        if section.heading:
            return section.heading
        assert section.kind is not None
        return section_kinds()[section.kind].default_heading(self.year)


# --- the plain classes ------------------------------------------------------------------------------------


class Agency(Record):
    __slots__ = ("name", "short")

    def __init__(self, name: str, short: str | None = None) -> None:
        self.name = name
        self.short = short


class Item(Record):
    __slots__ = ("heading", "run_in", "text", "items")

    def __init__(self, heading: str, run_in: bool = False, text: list[str] | None = None,
                 items: list[Item] | None = None) -> None:
        self.heading = heading
        self.run_in = run_in
        self.text: list[str] = [] if text is None else text
        self.items: list[Item] = [] if items is None else items


class Section(Record):
    __slots__ = ("kind", "heading", "text", "items")

    def __init__(self, kind: str | None = None, heading: str | None = None, text: list[str] | None = None,
                 items: list[Item] | None = None) -> None:
        self.kind = kind
        self.heading = heading
        self.text: list[str] = [] if text is None else text
        self.items: list[Item] = [] if items is None else items


class Letterhead(Record):
    __slots__ = ("signer", "name")

    def __init__(self, signer: str, name: str | None = None) -> None:
        self.signer = signer
        self.name = name


class Attachment(Record):
    __slots__ = ("title", "text")

    def __init__(self, title: str, text: list[str] | None = None) -> None:
        self.title = title
        self.text: list[str] = [] if text is None else text


class Imprint(Record):
    __slots__ = ("cc", "printer", "date")

    def __init__(self, cc: list[str] | None = None, printer: str | None = None, date: dt.date | None = None) -> None:
        self.cc: list[str] = [] if cc is None else cc
        self.printer = printer
        self.date = date


class Facts(Derived, Record):
    __slots__ = ("agency", "year", "sections", "title", "to", "doc_number", "signature", "date", "fonts",
                 "bold_headings", "preamble", "closing", "attachments", "letterhead", "seal", "note", "imprint")

    def __init__(self, agency: Agency, year: int, sections: list[Section], title: str | None = None,
                 to: str | None = None, doc_number: str | None = None, signature: str | None = None,
                 date: dt.date | None = None, fonts: str = "gb2312", bold_headings: bool = False,
                 preamble: list[str] | None = None, closing: list[str] | None = None,
                 attachments: list[str | Attachment] | None = None, letterhead: Letterhead | None = None,
                 seal: bool = False, note: str | None = None, imprint: Imprint | None = None) -> None:
        self.agency = agency
        self.year = year
        self.sections = sections
        self.title = title
        self.to = to
        self.doc_number = doc_number
        self.signature = signature
        self.date = date
        self.fonts = fonts
        self.bold_headings = bold_headings
        self.preamble: list[str] = [] if preamble is None else preamble
        self.closing: list[str] = [] if closing is None else closing
        self.attachments: list[str | Attachment] = [] if attachments is None else attachments
        self.letterhead = letterhead
        self.seal = seal
        self.note = note
        self.imprint = imprint


# --- reading ---------------------------------------------------------------------------------------------


def load_light(path: Path) -> LoadedFacts | None:
    """The validated fact file at `path`, or None when the full reader must decide."""
    try:
        text = read_text(path)
        smap = SourceMap(str(path))
        data = parse(text, smap)
        facts = validate(data)
        if comment_findings(smap):
            raise Doubt
    except (Doubt, DrafterError, OSError, RecursionError):
        return None
    return LoadedFacts(facts, smap, data, path, text)  # type: ignore[arg-type]  # the plain twin of model.Facts


def parse(text: str, smap: SourceMap) -> Any:
    """Plain data and positions as yamlread.loads gives them (through fastcompose), or Doubt."""
    deepest, _ = bracket_depth(text)
    lines = split_lines(text)
    if _LOADER is None or unsafe_for_libyaml(text, lines, deepest) or utf8_size(text) > MAX_BYTES:
        raise Doubt  # (a UTF-16 file within the byte limit may exceed it as UTF-8: the full reader refuses it)
    smap.lines = lines
    try:
        root = yaml.compose(text, Loader=_LOADER)  # noqa: S506 - composes nodes only, constructs nothing
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):  # the full reader words any complaint
        raise Doubt from None
    if root is None:
        raise Doubt
    return _Builder(smap, lines).build(root, ())


_INT = re.compile(r"0|[1-9][0-9]{0,17}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: Plain words YAML 1.2 (or a reader's habit) might take for something other than text.
_WORDS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
          "null": None, "Null": None, "NULL": None, "~": None, "": None}
_UNSURE_WORDS = {"yes", "no", "on", "off", "y", "n"}


def _plain(value: str) -> Any:
    """A plain scalar resolved as ruamel's YAML 1.2 resolver and safe constructor resolve it (or Doubt)."""
    if value in _WORDS:
        return _WORDS[value]
    if not value.isascii():  # every implicit type but text is written in ASCII
        return value
    if _INT.fullmatch(value):
        return int(value)
    if m := _DATE.fullmatch(value):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise Doubt from None
    if value[0].isalpha() and value.lower() not in _UNSURE_WORDS and value.lower() not in ("true", "false", "null"):
        return value
    raise Doubt


class _Builder:
    """yamlread._Builder over PyYAML's nodes: the same data and source map, or Doubt."""

    def __init__(self, smap: SourceMap, lines: list[str]) -> None:
        self.smap = smap
        self.lines = lines
        self.seen: set[int] = set()

    def build(self, node: Any, path: PathT) -> Any:
        if id(node) in self.seen or len(self.seen) >= MAX_NODES:
            raise Doubt  # an alias (or a runaway file): the full reader expands and words it
        self.seen.add(id(node))
        self.smap.values.setdefault(path, Mark(node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        style = node.style or None
        start, end = node.start_mark, node.end_mark
        self.smap.spans.setdefault(path, Span(style, start.line, start.column, end.line, end.column))
        if style == "|" and path not in self.smap.block_first_line:
            self.smap.block_first_line[path] = node.start_mark.line + 2
        if style is None:
            if node.value:
                found = eol_comment(self.lines, node.end_mark.line, node.end_mark.column)
                if found:
                    self.smap.eol_comments[path] = found
            return _plain(node.value)
        if "\a" in node.value:
            raise Doubt
        return node.value

    def _mapping(self, node: Any, path: PathT) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or (key_node.value == "<<" and not key_node.style):
                raise Doubt
            key = key_node.value
            if key in result:
                raise Doubt
            child = path + (key,)
            self.smap.keys[child] = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if isinstance(value_node, yaml.ScalarNode) and not value_node.style and not value_node.value:
                self.smap.values.setdefault(child, self.smap.keys[child])
            result[key] = self.build(value_node, child)
        return result


# --- validating, as factfile.model.Facts does ----------------------------------------------------------


def _fields(value: Any, known: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Any]:
    if type(value) is not dict or not set(value) <= set(known) or not set(required) <= set(value):
        raise Doubt
    return value


def _text(value: Any, rule: Any, *, non_empty: bool = False) -> str:
    if type(value) is not str or (non_empty and not value):
        raise Doubt
    try:
        result: str = rule(value)
    except ValueError:
        raise Doubt from None
    if non_empty and not result:
        raise Doubt
    return result


def _optional(value: Any, rule: Any) -> str | None:
    return None if value is None else _text(value, rule)


def _paragraphs(value: Any) -> list[str]:
    try:
        result = tv.paragraphs(value)
    except ValueError:
        raise Doubt from None
    if type(result) is not list or any(type(p) is not str for p in result):
        raise Doubt
    return result


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        result = tv.coerce_date(value)
    except ValueError:
        raise Doubt from None
    if type(result) is not dt.date:
        raise Doubt
    return result


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise Doubt
    return value


def _list(value: Any, *, non_empty: bool = False) -> list[Any]:
    if type(value) is not list or (non_empty and not value):
        raise Doubt
    return value


def _items(value: Any, depth: int) -> list[Item]:
    items = []
    for raw in _list(value):
        v = _fields(raw, ("heading", "run_in", "text", "items"), ("heading",))
        item = Item(_text(v["heading"], tv.heading_line, non_empty=True), _flag(v.get("run_in", False)),
                    _paragraphs(v.get("text", [])), _items(v.get("items", []), depth + 1))
        if item.items and depth >= MAX_ITEM_DEPTH:
            raise Doubt  # 标题最多四级
        items.append(item)
    return items


_KINDS = ("measures", "problems", "leader", "plans", "other")


def _section(raw: Any) -> Section:
    v = _fields(raw, ("kind", "heading", "text", "items"))
    kind = v.get("kind")
    if kind is not None and (type(kind) is not str or kind not in _KINDS):
        raise Doubt
    section = Section(kind, _optional(v.get("heading"), tv.heading_line), _paragraphs(v.get("text", [])),
                      _items(v.get("items", []), 1))
    if section.kind is None and not section.heading:
        raise Doubt
    return section


def _attachment(raw: Any) -> str | Attachment:
    if isinstance(raw, dict):
        v = _fields(raw, ("title", "text"), ("title",))
        return Attachment(_text(v["title"], tv.name_line, non_empty=True), _paragraphs(v.get("text", [])))
    return _text(raw, tv.name_line, non_empty=True)


def _imprint(raw: Any) -> Imprint | None:
    if raw is None:
        return None
    v = _fields(raw, ("cc", "printer", "date"))
    cc = v.get("cc", [])
    cc = [cc] if isinstance(cc, str) else cc
    imprint = Imprint([_text(name, tv.cc_name_line, non_empty=True) for name in _list(cc)],
                      _optional(v.get("printer"), tv.name_line), _date(v.get("date")))
    if (imprint.printer is None) != (imprint.date is None) or (not imprint.cc and imprint.printer is None):
        raise Doubt
    return imprint


_TOP = ("agency", "year", "title", "to", "doc_number", "signature", "date", "fonts", "bold_headings", "preamble",
        "sections", "closing", "attachments", "letterhead", "seal", "note", "imprint")


def validate(data: Any) -> Facts:
    """The plain facts of `data` when the fact model would accept it with these values, else Doubt."""
    v = _fields(data, _TOP, ("agency", "year", "sections"))
    agency = _fields(v["agency"], ("name", "short"), ("name",))
    year = v["year"]
    if type(year) is not int or not tv.MIN_YEAR <= year <= tv.MAX_YEAR:
        raise Doubt
    fonts = v.get("fonts", "gb2312")
    if type(fonts) is not str or fonts not in ("gb2312", "windows"):
        raise Doubt
    letterhead = None
    if v.get("letterhead") is not None:
        lh = _fields(v["letterhead"], ("name", "signer"), ("signer",))
        letterhead = Letterhead(_text(lh["signer"], tv.name_line, non_empty=True), _optional(lh.get("name"), tv.name_line))
    facts = Facts(
        agency=Agency(_text(agency["name"], tv.name_line, non_empty=True), _optional(agency.get("short"), tv.name_line)),
        year=year,
        sections=[_section(s) for s in _list(v["sections"], non_empty=True)],
        title=_optional(v.get("title"), tv.title_text),
        to=_optional(v.get("to"), tv.recipient_line),
        doc_number=_optional(v.get("doc_number"), tv.doc_number_line),
        signature=_optional(v.get("signature"), tv.name_line),
        date=_date(v.get("date")),
        fonts=fonts,
        bold_headings=_flag(v.get("bold_headings", False)),
        preamble=_paragraphs(v.get("preamble", [])),
        closing=_paragraphs(v.get("closing", [])),
        attachments=[_attachment(a) for a in _list(v.get("attachments", []))],
        letterhead=letterhead,
        seal=_flag(v.get("seal", False)),
        note=_optional(v.get("note"), tv.one_line),
        imprint=_imprint(v.get("imprint")),
    )
    if facts.letterhead is not None and not facts.doc_number:
        raise Doubt  # 有版头时须写发文字号
    return facts
