"""One family of user-facing errors; the CLI catches the base class once.

Every exception a user should see as a message is defined here, with its exit code;
drafter.cli is the only place that turns them into exit codes. Anything that is not a
DrafterError is a bug in drafter: the CLI exits with EXIT_BUG, prints BUG_LINE and the
traceback below it. Messages are Simplified Chinese because they are shown verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafter import TYPE_CHECKING
from drafter.records import Frozen

if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning", "hint"]

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_INVALID = 1  # invalid input: fact file, DOCX, findings with errors
EXIT_USAGE = 2  # wrong command line (argparse uses 2 as well)
EXIT_IO = 3  # cannot read or write a file, missing external tool
EXIT_BUG = 70  # an internal error: a bug in drafter, not in the user's input (EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
EXIT_BROKEN_PIPE = 141  # stdout's reader went away (`drafter check … | head`): 128 + SIGPIPE, quietly

#: Printed above the traceback of an internal error (and in a batch summary for such a file).
BUG_LINE = "这是 drafter 的缺陷，请报告"


class Finding(Frozen):
    """One located problem in a fact file (or other input)."""

    __slots__ = ("message", "file", "line", "column", "path", "severity", "code", "fixable")

    def __init__(self, message: str, file: str = "", line: int | None = None, column: int | None = None,
                 path: str = "", severity: Severity = "error", code: str = "", fixable: bool = False) -> None:
        self.message = message
        self.file = file
        self.line = line  # 1-based
        self.column = column  # 1-based
        self.path = path  # field path such as sections[2].items[0].heading
        self.severity: Severity = severity
        self.code = code  # stable identifier for tools (json output, tests)
        self.fixable = fixable  # `drafter check --fix` can correct it where it stands

    def location(self) -> str:
        parts = [self.file or "<输入>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class DrafterError(Exception):
    """Base class of every error a user should see as a message, not a traceback."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.findings: list[Finding] = list(findings)


class FactFileError(DrafterError):
    """The fact file cannot be read, parsed or validated; carries every finding."""


class UsageError(DrafterError):
    """The command line asks for something impossible (beyond what argparse can check)."""

    exit_code = EXIT_USAGE


class InputFileError(DrafterError):
    """A file given on the command line is missing, unreadable or of the wrong kind."""

    exit_code = EXIT_IO


class InputTooLarge(InputFileError):
    """An input is larger than its reader's limit (drafter.inputs); `size` is its size in bytes."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


class OutputError(DrafterError):
    """A result cannot be written (missing folder, read-only, file held open)."""

    exit_code = EXIT_IO


class TemplateFileError(DrafterError):
    """The DOCX template is missing, broken, or asks for facts that do not exist."""


class RenderError(DrafterError):
    """LibreOffice is missing or failed to convert a document to PDF."""

    exit_code = EXIT_IO


class FormatDeviationError(DrafterError):
    """`drafter verify`: the DOCX deviates from GB/T 9704; one finding per deviation."""


class WizardInterrupted(DrafterError):
    """Ctrl-C, Ctrl-D or a closed terminal in the wizard; every earlier answer is already on disk."""

    exit_code = EXIT_INTERRUPTED


class NoTerminalError(DrafterError):
    """The wizard was started without a terminal (input or output redirected)."""

    exit_code = EXIT_USAGE


class CarryOverError(DrafterError):
    """`drafter new --from`: the carry-over cannot start (target exists, same file)."""

    exit_code = EXIT_USAGE


class InternalError(RuntimeError):
    """A bug drafter detects in its own result (never a DrafterError: it keeps its traceback)."""
