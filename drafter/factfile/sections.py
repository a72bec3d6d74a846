"""The statutory section kinds and their default headings, loaded from templates/sections.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from drafter.resources import load_data, template_path


@dataclass(frozen=True)
class SectionKind:
    label: str  # how the kind is named to the user
    heading: str  # format string with {year} and {next_year}
    statutory: bool  # one of the items the 规定 requires: `check` reports it missing

    def default_heading(self, year: int) -> str:
        return self.heading.format(year=year, next_year=year + 1)


@cache
def section_kinds() -> dict[str, SectionKind]:
    """All kinds in statutory order, by key. factfile.model.SectionKindName lists the same keys
    (tests/factfile/test_sections.py ties the two)."""
    data = load_data(template_path("sections.yaml"))
    return {key: SectionKind(v["label"], v["heading"], bool(v["statutory"])) for key, v in data.items()}


def statutory_kinds() -> tuple[str, ...]:
    """The kinds a report must have, in statutory order."""
    return tuple(key for key, kind in section_kinds().items() if kind.statutory)
