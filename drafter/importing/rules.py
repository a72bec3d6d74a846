"""The patterns import uses to read a report, loaded from templates/import.yaml and compiled once.

Kept apart from the recogniser so that a new variant seen in a real report is a data edit.
`section_kind` is also how `drafter check` tells the statutory part of a heading without kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from drafter.resources import load_data, template_path
from drafter.text.patterns import DATE_CN

#: Stands for a 成文日期 (text.patterns.DATE_CN) in a furniture pattern.
DATE = "{date}"
#: Stands for the report year + 1 in a section_kinds pattern ("{next_year}年" -> 2024年).
NEXT_YEAR = "{next_year}"


@dataclass(frozen=True)
class KindPattern:
    kind: str
    search: str  # the pattern as written; may hold NEXT_YEAR
    pattern: re.Pattern[str] | None  # compiled, when it does not depend on the year
    first_only: bool

    def matches(self, heading: str, year: int | None) -> bool:
        if self.pattern is not None:
            return self.pattern.search(heading) is not None
        return year is not None and re.search(self.search.replace(NEXT_YEAR, str(year + 1)), heading) is not None


@dataclass(frozen=True)
class ImportRules:
    furniture: tuple[tuple[str, re.Pattern[str]], ...]  # (label, whole-line pattern)
    link_list: tuple[re.Pattern[str], ...]
    title_words: tuple[str, ...]
    signature_suffixes: tuple[str, ...]
    closing_starts: tuple[str, ...]
    run_in_max_chars: int
    section_kinds: tuple[KindPattern, ...]

    def furniture_label(self, line: str) -> str | None:
        for label, pattern in self.furniture:
            if pattern.fullmatch(line):
                return label
        return None

    def is_link_line(self, line: str) -> bool:
        return any(p.fullmatch(line) for p in self.link_list)

    def section_kind(self, heading: str, *, first: bool, year: int | None = None) -> str | None:
        """The statutory kind a top-level heading names, or None for a thematic heading.

        `first`: the heading is the report's first part; `year`: the report year, which patterns
        naming the next year need (they never match without it). `import` and `check` both use this.
        """
        for entry in self.section_kinds:
            if entry.first_only and not first:
                continue
            if entry.matches(heading, year):
                return entry.kind
        return None


@cache
def import_rules() -> ImportRules:
    data = load_data(template_path("import.yaml"))
    furniture = tuple((group["label"], re.compile(p.replace(DATE, DATE_CN.pattern)))
                      for group in data["furniture"] for p in group["line"])
    kinds = tuple(
        KindPattern(kind, entry["search"], None if NEXT_YEAR in entry["search"] else re.compile(entry["search"]),
                    bool(entry.get("first_only", False)))
        for kind, entries in data["section_kinds"].items()
        for entry in entries
    )
    return ImportRules(
        furniture=furniture,
        link_list=tuple(re.compile(p) for p in data["link_list"]),
        title_words=tuple(data["title_words"]),
        signature_suffixes=tuple(sorted(data["signature_suffixes"], key=len, reverse=True)),
        closing_starts=tuple(data["closing_starts"]),
        run_in_max_chars=int(data["run_in_max_chars"]),
        section_kinds=kinds,
    )
