"""`drafter new` and `drafter edit` in a terminal: one driver of the interview engine.

The questions, the answer logic, back and jump live in drafter.interview.engine (no I/O); the
terminal is behind the `Prompter` interface (drafter.interview.terminal), so everything here runs
with a fake prompter in tests. Whatever is being typed when the session ends (Ctrl-C, Ctrl-D, a
closed window, SIGTERM) is kept as a draft beside the fact file and offered again on the next run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from drafter.errors import Finding, NoTerminalError, WizardInterrupted
from drafter.factfile.document import FactDocument
from drafter.fsutil import shell_arg
from drafter.interview.drafts import Drafts
from drafter.interview.engine import Interview
from drafter.interview.questions import load_spec
from drafter.interview.terminal import Ask, BackRequest, FirstPromptShown, HelpRequest, Prompter
from drafter.interview.wrap import wrap
from drafter.records import Record

__all__ = ["NoTerminalError", "WizardInterrupted", "WizardResult", "drive", "finish", "run_wizard"]


class WizardResult(Record):
    __slots__ = ("path", "docx", "backup", "findings")

    def __init__(self, path: Path, docx: Path | None = None, backup: Path | None = None,
                 findings: list[Finding] | None = None) -> None:
        self.path = path
        self.docx = docx  # the built document, if the wizard got that far
        self.backup = backup
        self.findings: list[Finding] = [] if findings is None else findings


def drive(interview: Interview, prompter: Prompter) -> None:
    """Ask the engine's questions until it is done; an interruption keeps the typed text as a draft."""
    while (step := interview.current) is not None:
        for note in interview.take_notes():
            prompter.show(note)
        ask = Ask(step.kind, step.message, step.default, step.validate, list(step.choices), has_help=True,
                  help=step.help, context=step.context)
        try:
            answer = prompter.ask(ask)
        except (KeyboardInterrupt, EOFError) as exc:
            ignore_hangups()  # the window may be closing: a second signal must not cut the draft's write short
            draft = getattr(exc, "draft", None)
            interview.keep_draft(draft if isinstance(draft, str) else "", blank_ok=False)
            raise
        if isinstance(answer, BackRequest):
            if answer.draft and answer.draft != step.default:  # typed here: offered again on coming back
                interview.keep_draft(answer.draft)
            interview.back()
            continue
        if isinstance(answer, HelpRequest):
            prompter.show(f"\n{step.help}\n")
            if step.kind in ("line", "paragraphs"):
                step.default = answer.draft
            continue
        outcome = interview.answer(answer)
        if not outcome.accepted:
            if outcome.error:  # a prompter that does not validate while typing
                prompter.show(f"✗ {outcome.error}")
                step.default = answer if step.kind in ("line", "paragraphs") else step.default
            for note in outcome.notes:
                prompter.show(f"\n{note}\n")
            continue
        for note in outcome.notes:
            prompter.show(note)
    for note in interview.take_notes():
        prompter.show(note)


# --- running it ----------------------------------------------------------------------------------


def require_terminal(path: Path, command: str = "new") -> None:
    """Refuse to start without a terminal instead of hanging or failing inside prompt_toolkit."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return
    raise NoTerminalError(
        f"drafter {command} 是交互式向导，需要在终端窗口中运行，但现在没有可用的终端（输入或输出被重定向）。\n"
        f"没有终端时，请直接用文本编辑器编辑事实文件 {path}（格式见 examples/ 中的示例，"
        f"drafter check {shell_arg(path)} 可检查），然后运行：drafter build {shell_arg(path)}"
    )


def ignore_hangups() -> None:
    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            with contextlib.suppress(ValueError):  # not the main thread
                signal.signal(getattr(signal, name), signal.SIG_IGN)


@contextlib.contextmanager
def hangup_as_interrupt(before: Callable[[], None] | None = None) -> Iterator[None]:
    """A closed terminal (SIGHUP) or SIGTERM ends the wizard like Ctrl-C: answers are on disk, temp files removed."""
    if not hasattr(signal, "SIGHUP"):
        yield
        return

    def handler(_signum: int, _frame: Any) -> None:
        ignore_hangups()  # a second signal must not cut the draft's write short
        if before is not None:  # the window is gone: keep the typed text before anything else can fail
            with contextlib.suppress(OSError):  # a draft that cannot be written must not hide the interrupt
                before()
        raise KeyboardInterrupt

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGHUP, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def _interrupted(path: Path, drafts: Drafts, mode: str) -> WizardInterrupted:
    lines = ["", "已中断。"]
    if path.exists():
        lines.append(f"已经回答的内容都已保存在 {path}。")
    else:
        lines.append(f"还没有保存任何回答（{path} 尚未创建）。")
    if drafts.text and drafts.path is not None:
        lines.append(f"正在写的内容已存为草稿（{drafts.path.name}），下次运行时会自动填回。")
    again = f"drafter {mode} {shell_arg(path)}"
    if mode == "edit":
        lines.append(f"再次运行 {again} 会回到中断的问题。")
    else:
        lines.append(f"再次运行 {again} 会从中断处继续；drafter edit {shell_arg(path)} 可修改任一部分。")
    text = "\n".join(lines)
    if sys.stderr.isatty():  # wrapped for the window it is printed in (never a line starting with "。")
        text = wrap(text, max(shutil.get_terminal_size((80, 24)).columns - 1, 20))
    return WizardInterrupted(text)


def finish(path: Path, prompter: Prompter) -> WizardResult:
    """Build through the pipeline (raises FactFileError with every finding) and show the checks' findings."""
    from drafter.console import format_finding
    from drafter.pipeline import run

    result = run(path)
    if result.findings:
        prompter.show("检查发现以下问题（文档已照常生成，请核对）：\n"
                      + "\n".join(format_finding(f) for f in result.findings))
    return WizardResult(path, result.output, result.backup, result.findings)


def run_wizard(path: Path, prompter: Prompter, *, mode: str = "new", carry_from: Path | None = None,
               today: dt.date | None = None) -> WizardResult:
    """`drafter new` (mode "new", optionally carrying over last year's file) or `drafter edit`."""
    path = Path(path)
    spec = load_spec()
    if carry_from is not None:
        from drafter.interview.carryover import carry_over  # validates last year's file: pydantic only on this path

        doc = carry_over(carry_from, path, spec)
    else:
        doc = FactDocument.open(path)
    drafts = Drafts.beside(path)
    interview: Interview | None = None

    def keep_typed() -> None:
        typed = getattr(prompter, "typed", None)
        if interview is not None and typed is not None:
            interview.keep_draft(typed(), blank_ok=False)

    try:
        with hangup_as_interrupt(keep_typed):
            interview = Interview(doc, spec=spec, today=today, mode=mode, drafts=drafts, carried_from=carry_from)
            drive(interview, prompter)
            if mode == "edit":
                if not interview.build:
                    return WizardResult(path)
            else:
                prompter.show("\n全部问题都已回答，正在检查并生成文档……")
    except FirstPromptShown:  # DRAFTER_EXIT_AFTER_FIRST_PROMPT: only the time to the first prompt was wanted
        return WizardResult(path)
    except (KeyboardInterrupt, EOFError):
        raise _interrupted(path, drafts, mode) from None
    return finish(path, prompter)
