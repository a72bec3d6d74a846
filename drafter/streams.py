"""The console streams: every message prints on any console, a closed pipe ends the run quietly.

A Chinese Windows console is GBK (cp936), a Hong Kong one Big5, `LC_ALL=C` gives ASCII: an
emoji or an Extension B character in a message would raise UnicodeEncodeError after the work
was done (a file already written), so the exit code would lie. Characters the console cannot
show are printed as escapes (\\U0002a6a5) instead. `drafter check … | head` closes the pipe
early: that ends the run without a traceback.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable

_HANDLER = "drafter-console"


def _escape(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Bytes a file name could not decode go back out as they came (surrogateescape);
    anything else the console cannot show is escaped (backslashreplace)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chunk = exc.object[exc.start:exc.end]
    if all(0xDC80 <= ord(c) <= 0xDCFF for c in chunk):
        return bytes(ord(c) - 0xDC00 for c in chunk), exc.end
    return codecs.backslashreplace_errors(exc)


def harden_streams() -> None:
    """stdout and stderr escape what their encoding cannot represent instead of raising."""
    codecs.register_error(_HANDLER, _escape)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or getattr(stream, "errors", "strict") not in ("strict", "surrogateescape"):
            continue
        try:
            reconfigure(errors=_HANDLER)
        except (ValueError, OSError, LookupError):  # a stream that cannot be reconfigured keeps its settings
            pass


def run_to_pipe(main: Callable[[], int]) -> int:
    """main(), ending quietly when stdout is a pipe its reader closed (`| head`)."""
    try:
        code = main()
        sys.stdout.flush()  # inside the guard: a late flush must not fail at interpreter exit
        return code
    except BrokenPipeError:
        from drafter.errors import EXIT_BROKEN_PIPE

        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush has nowhere to fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def os_error_message(exc: OSError) -> str:
    """An OSError that reached the command line, in Chinese: which path, and why (no English strerror)."""
    from drafter.fsutil import explain_os_error

    where = exc.filename if exc.filename is not None else "文件"
    return f"{where}：无法访问（{explain_os_error(exc, '访问')}）。"
