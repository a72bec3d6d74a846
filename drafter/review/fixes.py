"""`drafter check --fix`: repair what cannot change meaning, as targeted edits of the file.

Only character width (, -> ，), stray spaces and the brackets of a 文号 ([2020] -> 〔2020〕) are
touched, each at the line and column where `factfile.locate` found the text, so comments, quoting,
key order, blank lines, line endings and a BOM stay byte-identical. A `$schema` line that names no
file (the file was moved) is pointed at the schema again, as `drafter new` would write it; that
one is repaired even in a file with errors, so the editor shows them. A value whose column is
not verified (folded or escaped scalars) is left alone and still reported. The result is
re-validated before it is written; the old file is kept as a backup.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError, Finding
from drafter.factfile.document import schema_reference
from drafter.factfile.locate import TextRef, text_refs
from drafter.factfile.model import LoadedFacts, load_facts, parse_facts
from drafter.factfile.schema import dead_schema_line
from drafter.factfile.yamlread import MAX_BYTES, decode
from drafter.fsutil import atomic_write_bytes, make_backup
from drafter.inputs import read_regular
from drafter.review.checks import check
from drafter.text.encoding import sniff
from drafter.text.rules import safe_fix_spans

_BOM = "\ufeff"
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


@dataclass(frozen=True)
class Edit:
    line: int  # 1-based
    start: int  # 0-based columns in that line
    end: int
    replacement: str


@dataclass
class FixResult:
    path: Path
    changes: int  # replacements made (or that would be made)
    unlocated: int  # fixable spots left alone because their column is not known
    diff: str
    findings: list[Finding] = field(default_factory=list)  # what remains after fixing
    backup: Path | None = None
    written: bool = False
    schema: str | None = None  # where the `$schema` line points now, when it was repaired


def _plan(loaded: LoadedFacts, source: str) -> tuple[list[Edit], int, Any]:
    """The edits, the count left alone, and the data the fixed file must load to.

    A value reached twice (a YAML alias) stands once in the file: its edits are made once,
    and both places are expected to change.
    """
    lines = source.split("\n")
    edits: list[Edit] = []
    seen: set[tuple[int, int, int]] = set()
    unlocated = 0
    expected = copy.deepcopy(loaded.raw)
    for ref in text_refs(loaded, source):
        spans = safe_fix_spans(ref.text)
        if not spans:
            continue
        if ref.column0 is None or ref.line is None:
            unlocated += len(spans)
            continue
        line = lines[ref.line - 1]
        done = []
        for s in spans:
            start, end = ref.column0 + s.start, ref.column0 + s.end
            if line[start:end] != ref.text[s.start : s.end]:  # never edit what we did not find
                unlocated += 1
                continue
            assert s.replacement is not None
            done.append(s)
            if (ref.line, start, end) not in seen:
                seen.add((ref.line, start, end))
                edits.append(Edit(ref.line, start, end, s.replacement))
        _expect(expected, ref, done)
    return edits, unlocated, expected


def _expect(raw: Any, ref: TextRef, spans: list[Any]) -> None:
    """Apply `spans` (offsets in ref.text) to the value at ref.path in `raw`, in memory."""
    if not spans:
        return
    holder = raw
    for part in ref.path[:-1]:
        holder = holder[part]
    value: str = holder[ref.path[-1]]
    lines = value.split("\n")
    text = lines[ref.raw_line]
    for s in sorted(spans, key=lambda s: s.start, reverse=True):
        at = ref.lead + s.start
        text = text[:at] + s.replacement + text[ref.lead + s.end:]
    lines[ref.raw_line] = text
    holder[ref.path[-1]] = "\n".join(lines)


def apply_edits(original: str, edits: list[Edit]) -> str:
    """Apply edits to the file text as read (BOM, CRLF kept); columns are those of `decode`."""
    bom = _BOM if original.startswith(_BOM) else ""
    parts = _LINE_BREAK.split(original[len(bom):])
    contents, breaks = parts[0::2], parts[1::2] + [""]
    by_line: dict[int, list[Edit]] = {}
    for e in edits:
        by_line.setdefault(e.line, []).append(e)
    for number, line_edits in by_line.items():
        text = contents[number - 1]
        for e in sorted(line_edits, key=lambda e: e.start, reverse=True):
            text = text[: e.start] + e.replacement + text[e.end :]
        contents[number - 1] = text
    return bom + "".join(c + b for c, b in zip(contents, breaks, strict=True))


def schema_line_edit(path: Path, source: str, *, install: bool = True) -> Edit | None:
    """The edit that points a dead `$schema` line at the schema (installing the per-user copy,
    unless only showing what would change)."""
    dead = dead_schema_line(path, source)
    return Edit(dead[0], dead[1], dead[2], schema_reference(path, install=install)) if dead else None


def _read_as_written(path: Path) -> tuple[str, str]:
    """The text exactly as written (BOM and line breaks kept) and the codec to write it back with.

    The file was validated from the same bytes a moment ago (yamlio.decode accepted them), so it is
    UTF-8, UTF-16 or UTF-32 as encoding.sniff names it: its codec's explicit byte order keeps a BOM
    as a character and writes the file back in the same order, with a BOM exactly when it had one.
    """
    raw = read_regular(path, MAX_BYTES)
    found = sniff(raw)
    codec = found.codec if found is not None else "utf-8"
    return raw.decode(codec), codec


def _diff(path: Path, before: str, after: str) -> str:
    return "\n".join(difflib.unified_diff(before.split("\n"), after.split("\n"),
                                           fromfile=f"{path}（修改前）", tofile=f"{path}（修改后）", lineterm=""))


def fix_file(path: Path | str, *, dry_run: bool = False, loaded: LoadedFacts | None = None) -> FixResult:
    """Fix `path` in place (backup first) or, with dry_run, only say what would change.

    `loaded` is the already validated file (drafter check has it), so it is not parsed twice.
    """
    path = Path(path)
    loaded = loaded or load_facts(path)
    original, codec = _read_as_written(path)
    source = loaded.source
    edits, unlocated, expected = _plan(loaded, source)
    schema_edit = schema_line_edit(path, source, install=not dry_run)
    edits += [schema_edit] if schema_edit else []
    fixed = apply_edits(original, edits)
    fixed_bytes = fixed.encode(codec)
    fixed_source = decode(fixed_bytes, str(path))
    try:
        fixed_loaded = parse_facts(fixed_source, str(path))
    except DrafterError as exc:  # a bug in the fixer must never damage the user's file
        raise DrafterError(f"{path}：自动修改后的文件无法通过校验，已放弃修改（原文件未改动）。", exc.findings) from None
    if fixed_loaded.raw != expected:  # re-read: exactly the intended values, nothing else
        raise DrafterError(f"{path}：自动修改后的文件读出的内容与预期不一致，已放弃修改（原文件未改动）。"
                           "请手动改正 drafter check 列出的问题。")
    diff = _diff(path, source, fixed_source)
    # What remains is the review's: the fixed file's `$schema` line is untouched (so it names a file) or
    # the one just written, whose schema a dry run does not install (it is not "a line that names no file").
    result = FixResult(path, len(edits), unlocated, diff, check(fixed_loaded),
                       schema=schema_edit.replacement if schema_edit else None)
    if edits and not dry_run:
        result.backup = make_backup(path)
        atomic_write_bytes(path, fixed_bytes)
        result.written = True
    return result


def fix_schema_line(path: Path | str, *, dry_run: bool = False) -> FixResult | None:
    """Only the `$schema` line, for a file that does not validate (fix_file does it with the rest)."""
    path = Path(path)
    original, codec = _read_as_written(path)
    source = decode(original.encode(codec), str(path))
    edit = schema_line_edit(path, source, install=not dry_run)
    if edit is None:
        return None
    fixed = apply_edits(original, [edit])
    result = FixResult(path, 1, 0, _diff(path, source, decode(fixed.encode(codec), str(path))), schema=edit.replacement)
    if not dry_run:
        result.backup = make_backup(path)
        atomic_write_bytes(path, fixed.encode(codec))
        result.written = True
    return result
