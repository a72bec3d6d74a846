"""Build many fact files in one command: a city's 法治办 collects dozens of departments' reports.

One bad file never stops the others: every file goes through drafter.pipeline like a single
build (so the review checks run on each) and gets an Outcome; failures carry their Chinese
message and findings, built files the review checks' findings, for the summary at the end.
An internal error in one file is recorded as a bug (exit code 70, with its traceback).
The work is spread over the CPU cores with a process pool; on Linux the workers are forked
from a parent that has already imported the build code, so they start warm and share its
memory pages. Each DOCX is synced to disk before its rename as always; the output folders'
entries are synced once, by the parent, when the pool is done (fsutil.defer_folder_sync).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import (
    BUG_LINE,
    EXIT_BUG,
    EXIT_INVALID,
    EXIT_OK,
    DrafterError,
    Finding,
    InputFileError,
    OutputError,
    UsageError,
)
from drafter.fsutil import default_output, defer_folder_sync, explain_os_error, sync_folders

FACT_SUFFIXES = (".yaml", ".yml")
#: Below this many files a pool costs more than it saves (workers must start and import).
MIN_FILES_FOR_POOL = 3


@dataclass
class Outcome:
    """What happened to one fact file."""

    facts: Path
    output: Path
    backup: Path | None = None
    message: str = ""  # the Chinese error message; empty when the DOCX was written
    findings: list[Finding] = field(default_factory=list)  # why it failed; when built, the review checks'
    exit_code: int = EXIT_OK  # the error's exit code (errors.py), EXIT_BUG for a bug
    bug: str = ""  # traceback of an unexpected error (a bug in drafter, not in the file)

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_OK


@dataclass
class BatchResult:
    outcomes: list[Outcome]

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def exit_code(self) -> int:
        """0 when every file was built, else the highest exit code among the failures."""
        return max((o.exit_code for o in self.failures), default=EXIT_OK)


Progress = Callable[[int, int, int], None]  # (done, total, failed)


def collect(paths: Sequence[Path]) -> list[Path]:
    """The fact files named on the command line; a folder stands for its *.yaml / *.yml files."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            try:
                # Every *.yaml entry, whatever it is: a dangling link, a FIFO or a folder named x.yaml
                # fails with its reason in the summary instead of being skipped without a word.
                members = sorted(p for p in path.iterdir()
                                 if p.suffix.lower() in FACT_SUFFIXES and not p.name.startswith("."))
            except OSError as exc:
                raise InputFileError(f"{path}：无法读取文件夹（{explain_os_error(exc)}）。") from None
            if not members:
                raise InputFileError(f"{path}：文件夹中没有事实文件（.yaml 或 .yml）。")
        elif path.exists():
            members = [path]
        else:
            raise InputFileError(f"{path}：文件不存在。")
        for member in members:
            key = member.resolve()
            if key not in seen:
                seen.add(key)
                found.append(member)
    return found


def plan_outputs(facts: Sequence[Path], out_dir: Path | None) -> list[Path]:
    """Where each DOCX goes: beside its fact file, or into `out_dir` under the same name."""
    outputs = [out_dir / default_output(f).name if out_dir else default_output(f) for f in facts]
    by_target: dict[Path, list[Path]] = {}
    for f, out in zip(facts, outputs, strict=True):
        by_target.setdefault(out.resolve(), []).append(f)
    clashes = [names for names in by_target.values() if len(names) > 1]
    if clashes:
        listed = "；".join("、".join(str(n) for n in names) for names in clashes)
        raise UsageError(f"这些事实文件会生成同名的输出文件，后生成的会覆盖先生成的：{listed}。"
                         "请给它们改名，或分别生成到不同的文件夹。")
    return outputs


def build_one(facts: Path, output: Path, template: Path | None = None, fonts: str | None = None) -> Outcome:
    """Build one file through the pipeline and describe the result; never raises (except KeyboardInterrupt)."""
    from drafter.pipeline import run

    try:
        result = run(facts, output, template=template, fonts=fonts)
    except DrafterError as exc:
        return Outcome(facts, output, message=exc.message, findings=exc.findings, exit_code=exc.exit_code)
    except Exception as exc:  # a bug: keep the traceback for the report, carry on with the other files
        return Outcome(facts, output, message=f"内部错误（{type(exc).__name__}）：{BUG_LINE}，并附上下面的信息。",
                       exit_code=EXIT_BUG, bug=traceback.format_exc())
    return Outcome(facts, result.output, backup=result.backup, findings=result.shown)


def build_many(paths: Sequence[Path], out_dir: Path | None = None, *, template: Path | None = None,
               fonts: str | None = None, jobs: int | None = None, progress: Progress | None = None) -> BatchResult:
    """Build every fact file in `paths` (files or folders); see the module docstring."""
    facts = collect(paths)
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError(f"{out_dir}：这是一个文件；生成多份报告时 -o 应给出一个文件夹。")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{out_dir}：无法创建输出文件夹（{explain_os_error(exc, '创建')}）。") from None
    outputs = plan_outputs(facts, out_dir)
    jobs = jobs or os.cpu_count() or 1
    tasks = list(zip(facts, outputs, strict=True))
    if jobs == 1 or len(tasks) < MIN_FILES_FOR_POOL:
        outcomes = _run_here(tasks, template, fonts, progress)
    else:
        outcomes = _run_pool(tasks, template, fonts, min(jobs, len(tasks)), progress)
        sync_folders(sorted({output.parent for output in outputs}))  # the workers left it to the end
    return BatchResult(outcomes)


def _run_here(tasks: list[tuple[Path, Path]], template: Path | None, fonts: str | None,
              progress: Progress | None) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for facts, output in tasks:
        outcomes.append(build_one(facts, output, template, fonts))
        if progress:
            progress(len(outcomes), len(tasks), sum(not o.ok for o in outcomes))
    return outcomes


def _run_pool(tasks: list[tuple[Path, Path]], template: Path | None, fonts: str | None, jobs: int,
              progress: Progress | None) -> list[Outcome]:
    if sys.platform.startswith("linux"):
        # Fork from a parent that has the build code loaded: workers start warm and share pages.
        # gc.freeze keeps the workers' collections off the inherited objects: touching them would
        # copy every shared page (about 24 MiB a worker, depending on when a full collection falls).
        from drafter.pipeline import warm

        warm()
        gc.freeze()
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    results: dict[int, Outcome] = {}
    failed = 0
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init)
    previous = _stop_on_sigterm()
    try:
        futures: dict[Future[Outcome], int] = {
            pool.submit(build_one, facts, output, template, fonts): i for i, (facts, output) in enumerate(tasks)
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                facts, output = tasks[index]
                outcome = Outcome(facts, output, exit_code=EXIT_INVALID,
                                  message="生成这份报告的工作进程意外退出（可能是内存不足），请单独重试这个文件。")
            results[index] = outcome
            failed += not outcome.ok
            if progress:
                progress(len(results), len(tasks), failed)
    except _Terminated:
        _stop_workers(pool)
        _die_of_sigterm(previous)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return [results[i] for i in range(len(tasks))]


class _Terminated(BaseException):
    """SIGTERM arrived while a pool was running (a BaseException: nothing on the way catches it)."""


def _stop_on_sigterm() -> Any:
    """Turn SIGTERM into _Terminated in the parent while its pool runs; the previous handler, or None
    when signals cannot be handled here (not the main thread)."""

    def terminated(signum: int, frame: Any) -> None:
        raise _Terminated

    try:
        return signal.signal(signal.SIGTERM, terminated)
    except ValueError:
        return None


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (SIGINT is ignored by them, SIGTERM is not)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()


def _die_of_sigterm(previous: Any) -> None:
    """End the process as SIGTERM would have, so its parent sees the real cause (exit 143 in a shell);
    a handler someone else installed (an embedding program) is called instead."""
    gc.unfreeze()
    if callable(previous):
        signal.signal(signal.SIGTERM, previous)
        previous(signal.SIGTERM, None)
        raise KeyboardInterrupt  # the handler returned: stop as Ctrl-C does
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
    raise KeyboardInterrupt  # not reached where SIGTERM ends the process


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and reports the interruption."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _die_with_parent()
    defer_folder_sync()  # one fsync per output folder, by the parent once the pool is done
    from drafter.pipeline import warm

    warm()  # spawned workers import once, not per file


def _die_with_parent() -> None:
    """Linux: a worker gets SIGTERM when the parent dies, even by SIGKILL (PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
