"""Review checks: what a reviewing office (法治办) would send back, as located findings.

Rules run over a validated fact file (`LoadedFacts`) and return findings; they never print.
Severities, messages, keywords and thresholds are data in templates/checks.yaml. The
character-level rules live in `text.rules`; where their spans stand in the file comes from
`factfile.locate`, so a finding points at the offending character (file:line:column).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from drafter import TYPE_CHECKING
from drafter.errors import FactFileError, Finding
from drafter.factfile.locate import TextRef, text_refs
from drafter.factfile.sections import section_kinds, statutory_kinds
from drafter.factfile.source import LoadedFacts, PathT, format_path
from drafter.importing.rules import import_rules
from drafter.records import Frozen
from drafter.resources import load_data, template_path
from drafter.text import rules as textrules
from drafter.text.values import format_date, format_doc_number, parse_doc_number

if TYPE_CHECKING:  # the fact model, or factfile.light's plain twin of it (no pydantic import)
    from typing import Any

    from drafter.errors import Severity
    from drafter.factfile.model import Facts, Item, Section

#: A standalone heading ends without these; a run-in heading must not end in ，or 、 (。 is added).
#: The advice every fixable rule's message in templates/checks.yaml ends with, and what a finding in
#: text that --fix cannot locate to the column (folded `>` blocks, plain scalars over several lines)
#: says instead, so that no finding promises a fix that --fix then reports as impossible.
FIX_HINT = "（可用 drafter check --fix 自动改正）"
UNLOCATED_FIX_HINT = "（这段文字是用“>”折叠或跨行写的，--fix 无法自动改正，请手动修改，或改用“|”写法）"
FIXABLE_CODES = textrules.FIXABLE_CODES

_STANDALONE_BAD_END = "。，；、：,;:"
_RUN_IN_BAD_END = "，、,"


class Rule(Frozen):
    __slots__ = ("severity", "message", "document")

    def __init__(self, severity: Severity, message: str, document: str) -> None:
        self.severity: Severity = severity
        self.message = message
        self.document = document  # the wording for a received report that has no fact file (`drafter review`)


class RuleBook(Frozen):
    __slots__ = ("rules", "future_words", "thresholds", "deadlines")

    def __init__(self, rules: dict[str, Rule], future_words: list[str], thresholds: dict[str, float],
                 deadlines: dict[str, tuple[int, int]]) -> None:
        self.rules = rules
        self.future_words = future_words
        self.thresholds = thresholds
        self.deadlines = deadlines


@cache
def rulebook() -> RuleBook:
    data = load_data(template_path("checks.yaml"))
    return RuleBook(
        rules={code: Rule(v["severity"], v["message"], v.get("document", v["message"]))
               for code, v in data["rules"].items()},
        future_words=data["future_words"],
        thresholds=data["thresholds"],
        deadlines={k: (int(v[0]), int(v[1])) for k, v in data["deadlines"].items()},
    )


def check_file(path: Path | str) -> tuple[LoadedFacts, list[Finding]]:
    """Load (validation errors raise FactFileError) and review a fact file; both say when the file's
    `$schema` line names no file, which is why an editor showed none of the problems."""
    from drafter.factfile.model import load_facts
    from drafter.factfile.schema import modeline_findings

    path = Path(path)
    try:
        loaded = load_facts(path)
    except FactFileError as exc:
        try:
            source = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            raise exc from None
        exc.findings = _in_file_order(exc.findings + modeline_findings(path, source))
        raise
    return loaded, file_findings(path, loaded)


def file_findings(path: Path, loaded: LoadedFacts) -> list[Finding]:
    """What `drafter check` says of a validated file: the review and its `$schema` line, in file order."""
    from drafter.factfile.schema import modeline_findings

    return _in_file_order(check(loaded) + modeline_findings(path, loaded.source))


def _in_file_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line or 0, f.column or 0))


def check(loaded: LoadedFacts, *, document: bool = False) -> list[Finding]:
    """Every review finding of a validated fact file, in file order (columns from `loaded.source`).

    With `document`, the facts were recognised in a received report: messages use each rule's
    `document` wording, which names no fact-file field."""
    return _Review(loaded, loaded.source, document=document).run()


def section_kind(facts: Facts, section: Section) -> str:
    """The statutory kind of a section: its `kind`, else recognised from its heading by the
    patterns `drafter import` uses (templates/import.yaml), so the two never disagree; a thematic
    section (no recognisable heading) counts as 主要举措和成效."""
    if section.kind:
        return section.kind
    first = section is facts.sections[0]
    return import_rules().section_kind(section.heading or "", first=first, year=facts.year) or "measures"


class _Review:
    def __init__(self, loaded: LoadedFacts, source: str, *, document: bool = False) -> None:
        self.document = document
        self.facts = loaded.facts
        self.smap = loaded.smap
        self.book = rulebook()
        self.refs = text_refs(loaded, source)
        self.fields: dict[PathT, list[TextRef]] = {}
        for ref in self.refs:
            self.fields.setdefault(ref.field, []).append(ref)
        self.kinds = [section_kind(self.facts, s) for s in self.facts.sections]
        self.findings: list[Finding] = []

    # -- emitting --------------------------------------------------------------------------

    def _add(self, code: str, path: PathT, line: int | None, column: int | None, *, editable: bool,
             **params: Any) -> None:
        """`editable`: --fix can edit the text where the finding points (it edits only text it found to
        the column, which a folded `>` text, located line by line, is not)."""
        rule = self.book.rules[code]
        message = (rule.document if self.document else rule.message).format(**params)
        fixable = code in FIXABLE_CODES and editable
        if code in FIXABLE_CODES and not editable:
            message = message.replace(FIX_HINT, UNLOCATED_FIX_HINT)
        self.findings.append(Finding(message, self.smap.file, line, column, format_path(path), rule.severity, code,
                                     fixable))

    def at_path(self, code: str, path: PathT, *, key: bool = False, **params: Any) -> None:
        """A finding on a field: at its value, or at its key (`key=True`) for a whole list."""
        mark = self.smap.locate(path, prefer_key=key)
        column = mark.column if mark else None
        self._add(code, path, mark.line if mark else None, column, editable=column is not None, **params)

    def at_ref(self, code: str, ref: TextRef, offset: int = 0, **params: Any) -> None:
        line, column = ref.position(offset)
        self._add(code, ref.path, line, column, editable=ref.column0 is not None, **params)

    def line_of(self, path: PathT) -> int | str:
        mark = self.smap.locate(path, prefer_key=True)
        return mark.line if mark else "?"

    def run(self) -> list[Finding]:
        self.completeness()
        self.dates()
        self.years()
        self.ordinal_sequences()
        self.punctuation()
        self.headings()
        self.shape()
        return sorted(self.findings, key=lambda f: (f.line or 0, f.column or 0))

    # -- texts by part -----------------------------------------------------------------------

    def section_refs(self, s: int) -> list[TextRef]:
        return [r for r in self.refs if r.section == s]

    def refs_of_kinds(self, kinds: Iterable[str]) -> list[TextRef]:
        wanted = set(kinds)
        return [r for r in self.refs if r.section is not None and self.kinds[r.section] in wanted]

    # -- 1. statutory completeness ---------------------------------------------------------------

    def completeness(self) -> None:
        labels = {k: v.label for k, v in section_kinds().items()}
        first: dict[str, int] = {}
        for s, section in enumerate(self.facts.sections):
            kind = self.kinds[s]
            if section.kind and section.kind in first:
                self.at_path("part-repeated", ("sections", s, "kind"), label=labels[kind],
                             other=self.line_of(("sections", first[kind], "kind")))
            first.setdefault(kind, s)
            if not section.text and not section.items:
                self.at_path("empty-other" if kind == "other" else "empty-section", ("sections", s))
        for kind in statutory_kinds():
            if kind in first:
                continue
            if kind == "leader":
                where = self._folded_leader()
                if where:
                    self.at_path("leader-folded", ("sections",), key=True, where=where)
                    continue
            self.at_path("missing-part", ("sections",), key=True, label=labels[kind], kind=kind)

    def _folded_leader(self) -> str | None:
        rules = import_rules()  # the leader part's wording, as import recognises a heading
        for ref in self.refs:  # a heading first, then any paragraph
            if ref.role == "heading" and rules.kind_matches("leader", ref.text):
                return f"标题“{ref.text}”（第 {ref.line} 行）下"
        for ref in self.refs:
            if ref.role == "text" and "法治" in ref.text and rules.kind_matches("leader", ref.text):
                return f"第 {ref.line} 行的段落中"
        return None

    # -- 2. years and dates ------------------------------------------------------------------------

    def dates(self) -> None:
        facts = self.facts
        year, date = facts.year, facts.date
        if date is None:
            self.at_path("date-missing", (), example=f"{year + 1}-01-30",
                         example_cn=f"{year + 1}年1月30日")
        else:
            params: dict[str, Any] = {"date": format_date(date), "year": year, "next_year": year + 1}
            report = dt.date(year + 1, *self.book.deadlines["report"])
            publish = dt.date(year + 1, *self.book.deadlines["publish"])
            if date.year <= year:
                self.at_path("date-in-year", ("date",), **params)
            elif date.year > year + 1:
                self.at_path("date-far", ("date",), **params)
            elif date > publish:
                self.at_path("date-late-publish", ("date",), **params)
            elif date > report:
                self.at_path("date-late-report", ("date",), **params)
        if facts.doc_number:
            fixed = format_doc_number(facts.doc_number)
            if (re.sub(r"\s", "", facts.doc_number) != fixed
                    and not textrules.doc_number_brackets(facts.doc_number)):  # brackets: reported with the text
                self.at_path("docno-field-form", ("doc_number",), found=facts.doc_number, fix=fixed)
            docno_year = parse_doc_number(facts.doc_number)[1]
            if date is not None and docno_year != date.year:
                self.at_path("docno-year", ("doc_number",), docno_year=docno_year,
                             against=f"成文日期的年份 {date.year}")
            elif date is None and docno_year != year + 1:
                self.at_path("docno-year", ("doc_number",), docno_year=docno_year,
                             against=f"成文的年份（报告年度的下一年 {year + 1}）")

    def _stated_years(self, refs: list[TextRef]) -> list[tuple[TextRef, textrules.YearMention]]:
        return [(r, m) for r in refs for m in textrules.year_mentions(r.text)]

    def years(self) -> None:
        year = self.facts.year
        for ref in self.fields.get(("title",), []):
            found = sorted({m.year for m in textrules.year_mentions(ref.text)})
            if found and year not in found:
                self.at_ref("title-year", ref, years="、".join(map(str, found)), report_year=year)
        done = list(self.fields.get(("preamble",), []))
        done += self.refs_of_kinds(("measures", "problems", "leader"))
        early = int(self.book.thresholds["early_months"])
        for ref, m in self._stated_years(done):
            if m.year <= year or m.in_title or any(w in m.sentence for w in self.book.future_words):
                continue
            if m.year == year + 1 and m.month is not None and m.month <= early:
                continue
            self.at_ref("year-future", ref, m.start, year=m.year, report_year=year)
        stated = self._stated_years([r for r in done if r.section is None or self.kinds[r.section] == "measures"])
        found = sorted({m.year for _, m in stated})
        if found and max(found) < year:
            ref, m = stated[0]
            self.at_ref("year-stale", ref, m.start, years="、".join(map(str, found)), report_year=year)
        self._plans_years()

    def _plans_years(self) -> None:
        """The plans speak of year + 1: a heading naming another year is a copy of an old report."""
        year = self.facts.year
        for s in (s for s, kind in enumerate(self.kinds) if kind == "plans"):
            for ref in self.fields.get(("sections", s, "heading"), []):
                found = sorted({m.year for m in textrules.year_mentions(ref.text)})
                if found and year + 1 not in found:
                    self.at_ref("plans-heading-year", ref, years="、".join(map(str, found)), next_year=year + 1)
            stated = [(r, m) for r, m in self._stated_years(self.section_refs(s))
                      if r.field != ("sections", s, "heading")]
            if stated and all(m.year <= year for _, m in stated):
                latest = max(m.year for _, m in stated)
                ref, m = next((r, m) for r, m in stated if m.year == latest)
                self.at_ref("plans-year", ref, m.start, year=m.year, next_year=year + 1)

    # -- 3. ordinals inside paragraphs ---------------------------------------------------------------

    def ordinal_sequences(self) -> None:
        for field, refs in self.fields.items():
            if field[-1] != "text" and field not in (("preamble",), ("closing",)):
                continue
            last: dict[str, textrules.Ordinal] = {}
            for ref in refs:
                for o in textrules.ordinals(ref.text):
                    prev = last.get(o.family)
                    last[o.family] = o
                    word = textrules.ordinal_word(o.family, o.number)
                    if prev is None:
                        if o.number != 1:
                            self.at_ref("ordinal-gap", ref, o.start, word=word,
                                        missing=textrules.ordinal_word(o.family, 1))
                    elif o.number == prev.number:
                        self.at_ref("ordinal-repeat", ref, o.start, word=word)
                    elif o.number == 1 or o.number == prev.number + 1:
                        continue  # next in line, or a new enumeration
                    elif o.number > prev.number + 1:
                        self.at_ref("ordinal-gap", ref, o.start, word=word,
                                    missing=textrules.ordinal_word(o.family, prev.number + 1))
                    else:
                        self.at_ref("ordinal-order", ref, o.start, word=word,
                                    previous=textrules.ordinal_word(o.family, prev.number))

    # -- 4. punctuation and spacing ---------------------------------------------------------------------

    def punctuation(self) -> None:
        for ref in self.refs:
            spans = [*textrules.safe_fix_spans(ref.text), *textrules.unpaired_marks(ref.text)]  # one per 文号
            for span in sorted(spans, key=lambda s: s.start):
                code = span.code
                if code == "docno-brackets" and ref.field == ("doc_number",):
                    code = "docno-field-brackets"
                self.at_ref(code, ref, span.start, **span.params)

    def headings(self) -> None:
        for s, section in enumerate(self.facts.sections):
            for ref in self.fields.get(("sections", s, "heading"), []):
                self._heading_marks(ref, run_in=False)
            self._item_headings(section.items, ("sections", s, "items"))

    def _item_headings(self, items: list[Item], path: PathT) -> None:
        lengths = [len(item.heading) for item in items]
        th = self.book.thresholds
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            refs = self.fields.get(path + (i, "heading"), [])
            for ref in refs:
                self._heading_marks(ref, run_in=item.run_in)
                if item.heading in seen:
                    self.at_ref("heading-duplicate", ref, other=self.line_of(path + (seen[item.heading], "heading")))
                if len(items) >= th["heading_long_min_siblings"]:
                    median = _median(lengths[:i] + lengths[i + 1:])
                    n = len(item.heading)
                    if n >= th["heading_long_ratio"] * median and n - median >= th["heading_long_extra"]:
                        self.at_ref("heading-long", ref, length=n, median=round(median))
            seen.setdefault(item.heading, i)
            self._item_headings(item.items, path + (i, "items"))

    def _heading_marks(self, ref: TextRef, run_in: bool) -> None:
        """A heading's end mark; one that starts with its own number the fact model refuses."""
        mark = ref.text[-1]
        if not run_in and mark in _STANDALONE_BAD_END:
            self.at_ref("heading-end", ref, len(ref.text) - 1, mark=mark)
        elif run_in and mark in _RUN_IN_BAD_END:
            self.at_ref("runin-heading-end", ref, len(ref.text) - 1, mark=mark)

    # -- 5. shape -----------------------------------------------------------------------------------------

    def shape(self) -> None:
        for s, section in enumerate(self.facts.sections):
            self._empty_items(section.items, ("sections", s, "items"), self.kinds[s] == "measures")
        th = self.book.thresholds
        first: dict[str, TextRef] = {}
        for ref in self.refs:
            if ref.role != "text":
                continue
            key = re.sub(r"\s+", "", ref.text)
            if len(key) < th["duplicate_min_chars"]:
                continue
            if key in first:
                self.at_ref("duplicate-paragraph", ref, other=first[key].line)
            else:
                first[key] = ref

    def _empty_items(self, items: list[Item], path: PathT, measures: bool) -> None:
        for i, item in enumerate(items):
            if not item.text and not item.items:
                self.at_path("measure-no-text" if measures else "empty-item", path + (i, "heading"))
            self._empty_items(item.items, path + (i, "items"), measures)


def _median(values: list[int]) -> float:
    """statistics.median, without importing statistics (fractions, decimal) on every build."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
