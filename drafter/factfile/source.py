"""Reading a fact file before any YAML parser: its text, limits, and the map of where values stand.

Kept free of ruamel and pydantic: both the full reader (yamlread) and the import-light build
path (factfile.light) use these, so the two read, refuse and locate alike.
"""

from __future__ import annotations

import re
from pathlib import Path

from drafter import TYPE_CHECKING
from drafter.errors import FactFileError, Finding
from drafter.inputs import InputTooLarge, human_size, read_regular
from drafter.records import Frozen, Record
from drafter.text.encoding import ALL_NUL, only_nul, sniff
from drafter.text.patterns import LINE_SEPARATORS

if TYPE_CHECKING:
    from typing import Any

    from drafter.factfile.model import Facts

#: A fact file of a real report is ~20-60 KB; anything far larger is a mistake.
MAX_BYTES = 2 * 1024 * 1024
#: Upper bound on values visited while building the data: defeats alias bombs ("billion laughs"),
#: and stops a file of hundreds of thousands of tiny values before validation reports each one.
MAX_NODES = 200_000
#: Nesting depth reported when a file nests so deeply that the parser runs out of stack.
MAX_DEPTH = 50

PathT = tuple[str | int, ...]


class Mark(Frozen):
    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int | None) -> None:
        self.line = line  # 1-based
        self.column = column  # 1-based; None when only the line is known


class Span(Frozen):
    """Where a scalar is written: its style (None plain, '"', "'", "|", ">") and the 0-based line and
    column of its first character (the quote or the `|`/`>` indicator) and just past its last."""

    __slots__ = ("style", "start_line", "start_column", "end_line", "end_column")

    def __init__(self, style: str | None, start_line: int, start_column: int, end_line: int, end_column: int) -> None:
        self.style = style
        self.start_line = start_line
        self.start_column = start_column
        self.end_line = end_line
        self.end_column = end_column


class Segment(Frozen):
    """One source line's share of a scalar's value: value[at:at + length] stands on `line` (1-based)
    from `column0` (0-based)."""

    __slots__ = ("at", "length", "line", "column0")

    def __init__(self, at: int, length: int, line: int, column0: int) -> None:
        self.at = at
        self.length = length
        self.line = line
        self.column0 = column0


def segment_position(segments: list[Segment] | tuple[Segment, ...], index: int) -> Mark | None:
    """Where value[index] stands: on its own source line, or, for a character the parser made out of a
    line break (the space of a folded line, the newline ending a line), just past the line before it."""
    if not segments:
        return None
    before = [s for s in segments if s.at <= index] or [segments[0]]
    seg = before[-1]
    offset = min(max(index - seg.at, 0), seg.length)
    return Mark(seg.line, seg.column0 + offset + 1)


class SourceMap(Record):
    """Positions of keys and values, keyed by the field path as a tuple."""

    __slots__ = ("file", "keys", "values", "block_first_line", "eol_comments", "spans", "lines")

    def __init__(self, file: str) -> None:
        self.file = file
        self.keys: dict[PathT, Mark] = {}
        self.values: dict[PathT, Mark] = {}
        #: For scalars written as block literals (`|`), the line of the first content line.
        self.block_first_line: dict[PathT, int] = {}
        #: Comments on the same line after a plain (unquoted) scalar: `text: 完成 #1 项` keeps only “完成”.
        self.eol_comments: dict[PathT, tuple[Mark, str]] = {}
        #: Where each scalar value is written, and the source lines (as the parsers count them) it is read from.
        self.spans: dict[PathT, Span] = {}
        self.lines: list[str] = []

    def locate(self, path: PathT, prefer_key: bool = False) -> Mark | None:
        """Nearest known position for `path`, walking up to its parents."""
        p = tuple(path)
        while True:
            first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            if p in first:
                return first[p]
            if p in second:
                return second[p]
            if not p:
                return None
            p = p[:-1]

    def segments(self, path: PathT, value: str) -> list[Segment]:
        """Each source line's part of the scalar at `path` whose value is `value`, for every style: a `|`
        block line by line, a folded `>` block, a plain or quoted scalar over several lines. Read in step
        with the value: each line's text must continue it (past the spaces and line breaks the parser
        made of the line ends); where it does not (an escape in double quotes) the lines end there."""
        span = self.spans.get(path)
        if span is None:
            return []
        block = span.style in ("|", ">")
        first = span.start_line + 1 if block else span.start_line
        last = span.end_line if span.end_column > 0 or span.end_line == span.start_line else span.end_line - 1
        out: list[Segment] = []
        cursor = 0
        for number in range(first, min(last, len(self.lines) - 1) + 1):
            source = self.lines[number]
            begin = span.start_column + (span.style in ('"', "'")) if number == span.start_line and not block else 0
            begin += len(source[begin:]) - len(source[begin:].lstrip(" "))
            if begin >= len(source):
                continue  # a blank line: a line break in the value
            while cursor < len(value) and value[cursor] in " \n":
                cursor += 1
            length = 0
            while (begin + length < len(source) and cursor + length < len(value)
                   and source[begin + length] == value[cursor + length]):
                length += 1
            if not length:
                break
            out.append(Segment(cursor, length, number + 1, begin))
            cursor += length
        return out

    def position(self, path: PathT, value: str, index: int) -> Mark | None:
        """Where value[index] of the scalar at `path` is written (None when it cannot be found by its text)."""
        return segment_position(self.segments(path, value), index)


def format_path(path: PathT) -> str:
    """sections[2].items[0].heading"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def read_text(path: Path) -> str:
    """Read a UTF-8 fact file (BOM and CRLF tolerated) or raise a located error."""
    name = str(path)
    try:
        raw = read_regular(path, MAX_BYTES)  # a regular file, read no further than the limit
    except InputTooLarge as exc:
        raise _too_large(name, exc.size) from None
    return decode(raw, name)


def _too_large(name: str, size: int) -> FactFileError:
    return FactFileError(
        f"{name}：文件过大",
        [Finding(f"文件有 {human_size(size)}，超过上限 {human_size(MAX_BYTES)}；"
                 "事实文件通常只有几十 KB，请检查是否选错了文件。", name, 1, 1, code="file-too-large")],
    )


def utf8_size(text: str) -> int:
    """The size of `text` written as UTF-8, as a fact file holding it would be."""
    return len(text.encode("utf-8", "surrogatepass"))


def refuse_too_large(text: str, name: str) -> None:
    """A text that did not come from a file (serve's preview, import's re-read) has the file's limit."""
    size = utf8_size(text)
    if size > MAX_BYTES:
        raise _too_large(name, size)


def decode(raw: bytes, name: str) -> str:
    """The text of a fact file: UTF-8 (with or without BOM), or UTF-16/UTF-32 in either byte order with
    or without BOM (encoding.sniff); anything else is refused, naming what it seems to be."""
    if len(raw) > MAX_BYTES:
        raise _too_large(name, len(raw))
    if only_nul(raw):
        raise FactFileError(f"{name}：不是文本文件", [Finding(ALL_NUL, name, 1, 1, code="encoding")])
    found = sniff(raw)
    if found is not None and found.codec != "utf-8":
        body = raw[len(found.bom):]
        try:
            return _normalise_newlines(body.decode(found.codec))
        except UnicodeDecodeError as exc:
            line, column = _text_position(body[: exc.start].decode(found.codec, errors="replace"))
            raise FactFileError(
                f"{name}：文件内容不完整或已损坏",
                [Finding(f"文件的编码是 {found.name}，但从第 {len(found.bom) + exc.start + 1} 字节起不是完整的字符"
                         "（文件可能被截断或损坏），请在编辑器中检查后另存为 UTF-8。", name, line, column, code="encoding")],
            ) from None
    body = raw[len(found.bom):] if found is not None else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _text_position(body[: exc.start].decode("utf-8", errors="replace"))  # characters, not bytes
        if exc.end == len(body) and exc.reason == "unexpected end of data":
            headline = "文件末尾的字符不完整"
            message = ("文件在最后一个字符的中间结束，这个字符不完整（文件可能只复制或保存了一部分）；"
                       "请用原文件重新复制，或在编辑器中删去末尾的乱码后重试。")
        else:
            headline = "不是 UTF-8 编码"
            message = f"文件不是 UTF-8 编码（{_looks_like(body)}），请在编辑器中“另存为 UTF-8”后重试。"
        raise FactFileError(f"{name}：{headline}", [Finding(message, name, line, column, code="encoding")]) from None
    return _normalise_newlines(text)


def _looks_like(raw: bytes) -> str:
    """What a file that is not UTF-8 most likely is, in the user's words."""
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "也不是 GBK/GB18030，可能不是文本文件或已损坏"
    return "可能是 GBK/GB18030"


def _text_position(before: str) -> tuple[int, int]:
    """1-based line and column just after `before` (decoded text preceding a position)."""
    before = _normalise_newlines(before)
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Parsed(Record):
    """Plain data, where each value stands, and problems found while reading it."""

    __slots__ = ("data", "smap", "findings", "text")

    def __init__(self, data: Any, smap: SourceMap, findings: list[Finding], text: str = "") -> None:
        self.data = data
        self.smap = smap
        self.findings = findings
        self.text = text  # what was parsed (newlines normalised): checks take columns from it


#: Line breaks the YAML parser folds or trips over, invisible in most editors (often pasted from Word).
_ODD_LINE_BREAKS = re.compile(f"[{LINE_SEPARATORS}]")


#: Bracket nesting beyond which we refuse before parsing: the YAML scanner is quadratic in
#: the depth of [ ] / { } (3,000 levels take seconds, the 2 MB size cap would allow hours).
MAX_BRACKET_DEPTH = 200
_BRACKETS = re.compile(r"[\[\]{}]")


def bracket_depth(text: str) -> tuple[int, int | None]:
    """The deepest [ { nesting, and where it first passes MAX_DEPTH (None if it never does).

    A plain count over the whole text (quotes and comments not excluded): real fact files
    nest brackets a few levels at most, so only a runaway file reaches the limits. Counting
    stops once the depth passes MAX_BRACKET_DEPTH.
    """
    depth = deepest = 0
    first_deep = None
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth > MAX_DEPTH and first_deep is None:
                    first_deep = match.start()
                if depth > MAX_BRACKET_DEPTH:
                    break
        elif depth:
            depth -= 1
    return deepest, first_deep


#: libyaml composes recursively in C: keep well inside the depth ruamel itself handles.
_MAX_INDENT = 80
_MAX_BRACKETS = 20
#: Text ruamel may read differently: a tag (!), a directive (%), a tab (libyaml is stricter or looser).
_UNSAFE = re.compile(r"(?:^|[\s\[{,])!|^%|\t", re.M)


def unsafe_for_libyaml(text: str, lines: list[str], deepest_bracket: int) -> bool:
    """True when libyaml might read `text` otherwise than ruamel (fastcompose and factfile.light
    then leave it to ruamel): deep nesting, a tag, a directive or a tab."""
    return (deepest_bracket > _MAX_BRACKETS or _deepest_indent(lines) > _MAX_INDENT
            or _UNSAFE.search(text) is not None)


def _deepest_indent(lines: list[str]) -> int:
    return max((len(line) - len(line.lstrip(" ")) for line in lines), default=0)


#: What follows a plain scalar when the rest of its line is a comment: blanks, then `#`.
_EOL_COMMENT = re.compile(r"[ \t]+(#.*)")


def eol_comment(lines: list[str], end_line: int, end_column: int) -> tuple[Mark, str] | None:
    """The `# …` after a plain scalar ending at 0-based (`end_line`, `end_column`), read from the
    text whichever parser composed it, with where it starts."""
    line = lines[end_line] if end_line < len(lines) else ""
    found = _EOL_COMMENT.match(line, end_column)  # matched in place: slicing a long line per value is quadratic
    if not found:
        return None
    return Mark(end_line + 1, found.start(1) + 1), found.group(1).rstrip()


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text` as the YAML parsers number them (\\r\\n, \\r and \\n each end a line)."""
    return _LINE_BREAK.split(text)




#: Fields holding prose, where a `#` after a space silently cuts the sentence short.
_PROSE_KEYS = {"preamble", "closing", "text", "heading", "title"}


_INTENDED_COMMENT = re.compile(r"#+(\s|$)")


def comment_findings(smap: SourceMap) -> list[Finding]:
    """`text: 完成第 #1 项` is “完成第” to YAML: refuse rather than drop the rest of the sentence.

    A comment written the usual way, `# ` with a space after the hash, is the user's note and stays
    allowed; a hash glued to what follows (`#1`, `#重点`) is almost always part of the sentence.
    """
    findings = []
    for path, (mark, comment) in smap.eol_comments.items():
        names = [i for i, part in enumerate(path) if isinstance(part, str)]
        if not names or path[names[-1]] not in _PROSE_KEYS or len(path) - names[-1] > 2:
            continue
        if _INTENDED_COMMENT.match(comment):
            continue
        findings.append(Finding(
            f"“#”前面有空格，YAML 会把“{comment[:30]}”当作注释丢掉，它不会出现在文档中。"
            "如果这是正文，请把这一段用引号括起来或把“#”改为全角“＃”；如果是注释，请把它移到单独的一行。",
            smap.file, mark.line, mark.column, format_path(path), code="inline-comment"))
    return findings


class LoadedFacts:
    """A validated fact file with the positions of its values, for located findings."""

    def __init__(self, facts: Facts, smap: SourceMap, raw: Any, path: Path | None, source: str = "") -> None:
        self.facts = facts
        self.smap = smap
        self.raw = raw
        self.path = path
        self.source = source  # the text that was validated, so checks never read the file again
