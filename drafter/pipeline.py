"""One pipeline from a fact file to a DOCX: load → check → build; every front end reports its result.

`drafter build`, a batch (a folder or several files), `--watch`, the wizard's final build and
(later) the browser front end all call `run`, so they load, check and build alike: the
review checks run on every build, and their findings (which never stop a build) come back
with the output and backup paths. Nothing here prints; drafter.console and drafter.cli do.
A problem with the user's input raises a DrafterError; anything else is a bug.

May import: errors, factfile, review, docx (render, lazily: bad input fails before the
DOCX machinery is imported).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drafter import TYPE_CHECKING
from drafter.errors import Finding
from drafter.records import Record

if TYPE_CHECKING:
    from drafter.docx.package import BuildResult
    from drafter.factfile.source import LoadedFacts

__all__ = ["Result", "run"]


class Result(Record):
    """What one build produced."""

    __slots__ = ("facts", "output", "backup", "findings")

    def __init__(self, facts: Path, output: Path, backup: Path | None = None,
                 findings: list[Finding] | None = None) -> None:
        self.facts = facts  # the fact file read
        self.output = output  # the DOCX written
        self.backup = backup  # where a hand-edited previous DOCX was saved first, if any
        self.findings: list[Finding] = [] if findings is None else findings  # the review checks' (errors, warnings, hints)

    @property
    def shown(self) -> list[Finding]:
        """The findings a build reports (errors and warnings; hints only come with `drafter check`)."""
        return [f for f in self.findings if f.severity != "hint"]


def run(facts: Path | str, output: Path | str | None = None, *, template: Path | None = None,
        fonts: str | None = None) -> Result:
    """Load and validate `facts`, run the review checks, build the DOCX (atomically, backing up
    a hand-edited one). Raises FactFileError with every finding when the file is invalid;
    the review checks' findings never stop the build and are returned in `Result.findings`.
    """
    facts = Path(facts)
    if template is None:
        light = _run_light(facts, output, fonts)
        if light is not None:
            return light
    from drafter.factfile.model import load_facts

    loaded = load_facts(facts)  # before the DOCX machinery is imported: bad input fails fast
    from drafter.docx import render

    built, findings = _checked_while(loaded, lambda: render.build(facts, output, template=template, fonts=fonts,
                                                                   loaded=loaded))
    return Result(facts, built.output, built.backup, findings)


def warm() -> None:
    """Import and load what every build needs (a batch does so before forking its workers, which then
    share it): the light reader, the review checks and their data, the compiled default template."""
    from drafter.docx import render  # noqa: F401
    from drafter.docx.compiled import load
    from drafter.docx.spec import format_spec
    from drafter.factfile import light  # noqa: F401
    from drafter.factfile.sections import section_kinds
    from drafter.importing.rules import import_rules
    from drafter.review.checks import rulebook

    format_spec(), section_kinds(), import_rules(), rulebook()
    load("gb2312", False)


def _run_light(facts: Path, output: Path | str | None, fonts: str | None) -> Result | None:
    """The same build without ruamel or pydantic (factfile.light; the DOCX from the compiled template,
    without python-docx, docxtpl or jinja2), or None when the file needs the full reader (which then
    words every message)."""
    from drafter.factfile.light import load_light

    loaded = load_light(facts)
    if loaded is None:
        return None
    from drafter.docx import render

    built, findings = _checked_while(loaded, lambda: render.build(facts, output, fonts=fonts, loaded=loaded))
    return Result(facts, built.output, built.backup, findings)


def _checked_while(loaded: LoadedFacts, build: Callable[[], BuildResult]) -> tuple[BuildResult, list[Finding]]:
    """build(), and the review checks of `loaded` in a second thread meanwhile.

    A build ends waiting for the disk (the DOCX's fsync, then its folder's: ~6 ms) with the interpreter
    free, and the checks take about as long: run together, the wait costs nothing. Both only read
    `loaded`. An exception of the checks (a bug) wins over one of the build; either is raised here.
    """
    import _thread

    from drafter.review.checks import check

    checked: list[list[Finding]] = []
    failed: list[BaseException] = []
    done = _thread.allocate_lock()
    done.acquire()

    def run_checks() -> None:
        try:
            checked.append(check(loaded))
        except BaseException as exc:  # noqa: B036 - handed to the calling thread, which raises it
            failed.append(exc)
        finally:
            done.release()

    _thread.start_new_thread(run_checks, ())
    try:
        built = build()
    finally:
        done.acquire()  # the checks end before the build's outcome is known to anyone
        if failed:
            raise failed[0]
    return built, checked[0]
