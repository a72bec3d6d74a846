"""The statutory section kinds and their default headings, loaded from templates/sections.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from drafter.resources import load_data, template_path


@dataclass(frozen=True)
class SectionKind:
    label: str  # how the kind is named to the user
    heading: str  # format string with {year} and {next_year}

    def default_heading(self, year: int) -> str:
        return self.heading.format(year=year, next_year=year + 1)


@cache
def section_kinds() -> dict[str, SectionKind]:
    """All kinds in statutory order, by key (sections.yaml's `statutory` flag is documentation only)."""
    data = load_data(template_path("sections.yaml"))
    return {key: SectionKind(v["label"], v["heading"]) for key, v in data.items()}
