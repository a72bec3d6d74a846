"""The statutory section kinds and their default headings, loaded from templates/sections.yaml."""

from __future__ import annotations

from functools import cache

from drafter.records import Frozen
from drafter.resources import load_data, template_path


class SectionKind(Frozen):
    __slots__ = ("label", "heading", "statutory")

    def __init__(self, label: str, heading: str, statutory: bool) -> None:
        self.label = label  # how the kind is named to the user
        self.heading = heading  # format string with {year} and {next_year}
        self.statutory = statutory  # one of the items the 规定 requires: `check` reports it missing

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
