"""Rebuild the DOCX every time the fact file is saved, so a clerk editing the YAML sees the result at once.

A plain poll of the file's size, modification time and inode: no dependency, and it
behaves the same on Windows, on network drives and with editors that save by renaming
a new file into place. Rebuilds run in this process, so the template and the compiled
Jinja code stay cached and a rebuild costs tens of milliseconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from drafter import console
from drafter.errors import EXIT_OK, DrafterError
from drafter.fsutil import release_replaced

POLL_SECONDS = 0.3

Signature = tuple[int, int, int] | None


def _signature(path: Path) -> Signature:
    try:
        st = os.stat(path)
    except OSError:
        return None  # an editor may be replacing the file right now
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def rebuild(facts: Path, output: Path | None, *, template: Path | None = None, fonts: str | None = None) -> bool:
    """Build once through the pipeline and print what happened: the located errors, or the
    review checks' findings (they never stop the build); True if built."""
    from drafter.pipeline import run

    stamp = time.strftime("%H:%M:%S")
    start = time.perf_counter()
    try:
        result = run(facts, output, template=template, fonts=fonts)
    except DrafterError as exc:
        exc.message = f"[{stamp}] {exc.message}"
        console.report_error(exc, tail="保存修改后会自动重新生成。")
        return False
    console.build_report(result, prefix=f"[{stamp}] ", elapsed_ms=(time.perf_counter() - start) * 1000)
    release_replaced()  # the previous DOCX's blocks are freed once the user has the answer
    return True


def watch(facts: Path, output: Path | None = None, *, template: Path | None = None, fonts: str | None = None,
          poll: float = POLL_SECONDS, should_stop: Callable[[], bool] = lambda: False) -> int:
    """Build now and after every save until Ctrl-C (or `should_stop()`); returns the exit code."""
    console.info(f"正在监视 {facts}：每次保存后自动重新生成。按 Ctrl-C 结束。")
    last: Signature = None
    missing_reported = False
    try:
        while not should_stop():
            current = _signature(facts)
            if current is None:
                if not missing_reported:
                    console.error(f"{facts}：文件暂时不存在，等待它重新出现……")
                    missing_reported = True
            elif current != last:
                time.sleep(poll / 3)  # let the editor finish writing before reading
                if _signature(facts) == current:
                    last = current
                    missing_reported = False
                    rebuild(facts, output, template=template, fonts=fonts)
                    continue
            time.sleep(poll)
    except KeyboardInterrupt:
        console.info("已停止监视。")
    return EXIT_OK
