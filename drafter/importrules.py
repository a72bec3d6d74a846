"""The patterns import uses to read a report, loaded from templates/import.yaml and compiled once.

Kept apart from the recogniser so that a new variant seen in a real report is a data edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .datafiles import load_data
from .resources import template_path


@dataclass(frozen=True)
class KindPattern:
    kind: str
    pattern: re.Pattern[str]
    first_only: bool


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

    def section_kind(self, heading: str, *, first: bool) -> str | None:
        for entry in self.section_kinds:
            if entry.first_only and not first:
                continue
            if entry.pattern.search(heading):
                return entry.kind
        return None


@cache
def import_rules() -> ImportRules:
    data = load_data(template_path("import.yaml"))
    furniture = tuple((group["label"], re.compile(p)) for group in data["furniture"] for p in group["line"])
    kinds = tuple(
        KindPattern(kind, re.compile(entry["search"]), bool(entry.get("first_only", False)))
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
