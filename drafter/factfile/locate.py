"""Where each paragraph and heading of a loaded fact file stands in the source text.

`Facts` holds texts stripped, blank lines dropped; a finding (and a fix) needs the line and
column of a character in the file. This maps every text value back to its source line and
verifies the column by finding the text there: block literals (`|`), single-line plain or
quoted scalars and list items map exactly; a folded (`>`) or multi-line plain or quoted scalar
is found line by line (each character's own line and column), and is never edited by `--fix`.
"""

from __future__ import annotations

from collections.abc import Iterator

from drafter import TYPE_CHECKING
from drafter.factfile.source import LoadedFacts, PathT, Segment, SourceMap, segment_position
from drafter.records import Frozen

if TYPE_CHECKING:
    from typing import Any

    from drafter.factfile.model import Item


class TextRef(Frozen):
    """One paragraph (or one-line value) of the fact file and where it starts in the source."""

    __slots__ = ("path", "field", "text", "line", "column0", "role", "raw_line", "lead", "segments", "at")

    def __init__(self, path: PathT, field: PathT, text: str, line: int | None, column0: int | None, role: str,
                 raw_line: int = 0, lead: int = 0, segments: tuple[Segment, ...] = (), at: int = 0) -> None:
        self.path = path  # path for findings: the field, plus the item index for list-form texts
        self.field = field  # the text field itself (several paragraphs share it)
        self.text = text  # as Facts holds it (stripped)
        self.line = line  # 1-based
        self.column0 = column0  # 0-based column of text[0] in the source line; None when not verified
        self.role = role  # "heading", "text" or "meta" (title, to, signature, attachments)
        self.raw_line = raw_line  # which line of the raw value (before stripping) this paragraph is
        self.lead = lead  # characters stripped from the start of that raw line
        #: For a text folded from several source lines: where each line's part of the value stands, and
        #: where this paragraph starts in the value (column0 stays None: --fix does not edit such text).
        self.segments = segments
        self.at = at

    def position(self, offset: int = 0) -> tuple[int | None, int | None]:
        """Line and 1-based column of text[offset]."""
        if self.column0 is None:
            where = segment_position(self.segments, self.at + offset)
            return (where.line, where.column) if where else (self.line, None)
        return self.line, self.column0 + offset + 1

    @property
    def section(self) -> int | None:
        return self.field[1] if len(self.field) > 1 and self.field[0] == "sections" else None  # type: ignore[return-value]


def _raw_at(raw: Any, path: PathT) -> Any:
    for part in path:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


class _Locator:
    def __init__(self, loaded: LoadedFacts, source: str) -> None:
        self.raw = loaded.raw
        self.smap: SourceMap = loaded.smap
        self.lines = source.split("\n")

    def refs(self, field: PathT, role: str) -> Iterator[TextRef]:
        value = _raw_at(self.raw, field)
        if isinstance(value, str):
            yield from self._string(value, field, field, role)
        elif isinstance(value, list):
            for idx, item in enumerate(value):
                if isinstance(item, str):
                    yield from self._string(item, field + (idx,), field, role)

    def _string(self, value: str, path: PathT, field: PathT, role: str) -> Iterator[TextRef]:
        raw_lines = value.split("\n")
        block = self.smap.block_first_line.get(path)
        mark = self.smap.locate(path)  # its value, else the nearest parent
        span = self.smap.spans.get(path)
        on_one_line = span is not None and span.style not in ("|", ">") and span.start_line == span.end_line
        segments: tuple[Segment, ...] | None = None
        at = 0  # where raw_lines[j] starts in the value
        for j, raw_line in enumerate(raw_lines):
            at, starts_at = at + len(raw_line) + 1, at
            text = raw_line.strip()
            if not text:
                continue
            lead = len(raw_line) - len(raw_line.lstrip())
            if block is not None:
                line = block + j
                start = self._block_column(line, raw_line)
            elif (
                j == 0 and mark is not None and mark.column is not None
                and len(raw_lines) == 1 and path in self.smap.values and (on_one_line or span is None)
            ):
                line = mark.line
                start = self._scalar_column(line, mark.column - 1, value)
            else:
                # folded (`>`, `- >`) or written over several lines: each character is found on its own
                # source line, but the file's characters are not the value's (folds), so --fix stays off
                if segments is None:
                    segments = tuple(self.smap.segments(path, value))
                where = segment_position(segments, starts_at + lead)
                first_line = where.line if where else mark.line if mark else None
                yield TextRef(path, field, text, first_line, None, role, j, lead, segments, starts_at + lead)
                continue
            yield TextRef(path, field, text, line, None if start is None else start + lead, role, j, lead)

    def _source(self, line: int) -> str | None:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else None

    def _block_column(self, line: int, raw_line: str) -> int | None:
        """Where the content of a `|` block's line starts: the source line must end with it exactly."""
        source = self._source(line)
        if source is None or not source.endswith(raw_line) or source[: len(source) - len(raw_line)].strip(" "):
            return None
        return len(source) - len(raw_line)

    def _scalar_column(self, line: int, column0: int | None, value: str) -> int | None:
        """Where a one-line scalar's own characters start, or None unless they stand there verbatim:
        plain, or quoted without any escape (an escape means the file's characters differ from the value's)."""
        source = self._source(line)
        if source is None or column0 is None:
            return None
        at = _skip_properties(source, column0)
        if source[at:at + 1] in ("\"", "'"):
            quote = source[at]
            inner = source[at + 1: at + 1 + len(value)]
            closed = source[at + 1 + len(value): at + 2 + len(value)] == quote
            ok = inner == value and closed and not (quote == "\"" and "\\" in inner) and not (quote == "'" and "''" in inner)
            return at + 1 if ok else None
        return at if source[at: at + len(value)] == value else None


def _skip_properties(source: str, at: int) -> int:
    """Past an anchor (`&p `) or tag (`!!str `) written before a value."""
    while at < len(source) and source[at] in "&!":
        end = at
        while end < len(source) and not source[end].isspace():
            end += 1
        while end < len(source) and source[end] == " ":
            end += 1
        at = end
    return at


def text_refs(loaded: LoadedFacts, source: str) -> list[TextRef]:
    """Every text of the report that a user wrote, in document order."""
    loc = _Locator(loaded, source)
    facts = loaded.facts
    out: list[TextRef] = []
    for key in ("doc_number", "title", "to"):
        out += loc.refs((key,), "meta")
    out += loc.refs(("preamble",), "text")
    for s, section in enumerate(facts.sections):
        base: PathT = ("sections", s)
        out += loc.refs(base + ("heading",), "heading")
        out += loc.refs(base + ("text",), "text")
        out += _item_refs(loc, section.items, base + ("items",))
    out += loc.refs(("closing",), "text")
    out += loc.refs(("attachments",), "meta")
    out += loc.refs(("signature",), "meta")
    return out


def _item_refs(loc: _Locator, items: list[Item], path: PathT) -> list[TextRef]:
    out: list[TextRef] = []
    for i, item in enumerate(items):
        base = path + (i,)
        out += loc.refs(base + ("heading",), "heading")
        out += loc.refs(base + ("text",), "text")
        out += _item_refs(loc, item.items, base + ("items",))
    return out
