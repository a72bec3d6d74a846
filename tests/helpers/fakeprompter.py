"""A scripted stand-in for the terminal: each question gets the next answer of the script."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from drafter.interview.terminal import Ask
from drafter.interview.wizard import WizardResult, run_wizard

#: "Today" in wizard tests: the default report year is the one before.
TODAY = dt.date(2025, 2, 1)


class ScriptedPrompter:
    """script: (text expected in the question, answer) pairs; an exception as answer is raised.

    Text answers run through the question's validator as a real prompt would; a refused
    answer is recorded in `refused` and still returned, so the wizard's own check re-asks.
    """

    def __init__(self, script: list[tuple[str, Any]]) -> None:
        self.script = list(script)
        self.asked: list[Ask] = []
        self.shown: list[str] = []
        self.refused: list[str] = []

    def ask(self, ask: Ask) -> Any:
        self.asked.append(ask)
        if not self.script:
            raise AssertionError(f"unexpected question: {ask.message!r} (default {ask.default!r})")
        expected, answer = self.script.pop(0)
        if expected not in ask.message:
            raise AssertionError(f"expected a question containing {expected!r}, got {ask.message!r}")
        if isinstance(answer, BaseException) or (isinstance(answer, type) and issubclass(answer, BaseException)):
            raise answer
        if answer is DEFAULT:
            answer = ask.default if ask.kind != "select" else ask.default
        if ask.kind == "select":
            values = [v for _, v in ask.choices]
            labels = {label: v for label, v in ask.choices}
            if answer in labels:
                return labels[answer]
            if answer not in values:
                raise AssertionError(f"{answer!r} is not a choice of {ask.message!r}: {ask.choices}")
            return answer
        if ask.kind in ("line", "paragraphs") and ask.validate and isinstance(answer, str):
            problem = ask.validate(answer)
            if problem:
                self.refused.append(problem)
        return answer

    def show(self, text: str) -> None:
        self.shown.append(text)

    @property
    def output(self) -> str:
        return "\n".join(self.shown)


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


#: Script answer meaning "press Enter on the default".
DEFAULT = _Default()


def run(path: Path, script: list[tuple[str, Any]], **kwargs: Any) -> tuple[WizardResult, ScriptedPrompter]:
    """Run the wizard to the end with `script`; every scripted answer must have been asked for."""
    prompter = ScriptedPrompter(script)
    result = run_wizard(path, prompter, today=TODAY, **kwargs)
    assert not prompter.script, f"questions not asked: {prompter.script}"
    return result, prompter
