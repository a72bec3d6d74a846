"""Turns one wizard question into a terminal prompt; the only module that imports questionary.

The wizard talks to the small `Prompter` interface below, so its logic is tested with a
fake and this module with prompt_toolkit's pipe input. questionary is imported on first
use, which keeps `drafter` start-up quick. Ctrl-C raises KeyboardInterrupt and Ctrl-D
EOFError, as in questionary's `unsafe_ask`; the wizard has saved every earlier answer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TextIO

AskKind = Literal["line", "paragraphs", "confirm", "select"]

#: Set to 1 to render the first prompt and stop at once (measures time to first prompt).
EXIT_AFTER_FIRST_PROMPT = "DRAFTER_EXIT_AFTER_FIRST_PROMPT"

MULTILINE_HINT = "（可写多段，每段一行；写完按 Esc 再按 Enter 提交，或按 Alt+Enter）"
KEYS_HINT = " Esc 再 Enter：提交　Ctrl-E：用编辑器写　F1 或输入 ?：看写作要求和示例　Ctrl-C：保存已答内容并退出 "
LINE_KEYS_HINT = " Enter：确认　F1 或输入 ?：看写作要求和示例　Ctrl-C：保存已答内容并退出 "
SELECT_HINT = "（↑↓ 选择，Enter 确认）"
CONFIRM_HINT = "（y 是 / n 否，Enter 默认）"


@dataclass
class Ask:
    """One prompt as the wizard wants it; `validate` returns a message or None."""

    kind: AskKind
    message: str
    default: Any = None
    validate: Callable[[str], str | None] | None = None
    choices: list[tuple[str, Any]] = field(default_factory=list)
    has_help: bool = False


@dataclass
class HelpRequest:
    """The user asked for guidance and examples; `draft` is what they had typed so far."""

    draft: str = ""


class FirstPromptShown(Exception):
    """Raised instead of waiting for input when DRAFTER_EXIT_AFTER_FIRST_PROMPT is set."""


class Prompter(Protocol):
    def ask(self, ask: Ask) -> Any:
        """The answer (str, bool or a choice's value) or a HelpRequest."""

    def show(self, text: str) -> None:
        """Print text between prompts."""


class QuestionaryPrompter:
    """The real terminal; `input`/`output` are for tests (create_pipe_input, DummyOutput)."""

    def __init__(self, *, input: Any = None, output: Any = None, echo: TextIO | None = None) -> None:
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self._echo = echo
        self._stop_after_first = os.environ.get(EXIT_AFTER_FIRST_PROMPT) == "1"

    def show(self, text: str) -> None:
        print(text, file=self._echo or sys.stdout, flush=True)

    def ask(self, ask: Ask) -> Any:
        import questionary
        import questionary.prompts.confirm as confirm_prompt

        # questionary has no translations; the answered line of a confirm shows these words
        confirm_prompt.YES, confirm_prompt.NO = "是", "否"

        style = questionary.Style([("instruction", "fg:ansibrightblack"), ("bottom-toolbar", "noreverse fg:ansicyan")])
        if ask.kind == "select":
            choices = [questionary.Choice(title, value=value) for title, value in ask.choices]
            default = next((c for c in choices if c.value == ask.default), None)
            question = questionary.select(ask.message, choices=choices, default=default, instruction=SELECT_HINT,
                                          style=style, **self._io)
        elif ask.kind == "confirm":
            question = questionary.confirm(ask.message, default=bool(ask.default), instruction=CONFIRM_HINT,
                                           style=style, **self._io)
        else:
            question = self._text(questionary, ask, style)
        app = question.application
        if self._stop_after_first:
            def stop(_app: Any) -> None:
                if not app.is_done:  # the final "done" redraw fires this again
                    app.exit(exception=FirstPromptShown())
            app.after_render += stop
        return question.unsafe_ask()

    def _text(self, questionary: Any, ask: Ask, style: Any) -> Any:
        from prompt_toolkit.key_binding import KeyBindings

        multiline = ask.kind == "paragraphs"
        bindings = KeyBindings()

        @bindings.add("f1")
        def _help(event: Any) -> None:
            event.app.exit(result=HelpRequest(event.current_buffer.text))

        if multiline:
            @bindings.add("c-e")
            def _editor(event: Any) -> None:
                event.current_buffer.open_in_editor(validate_and_handle=False)

        def validate(text: str) -> bool | str:
            if ask.validate is None:
                return True
            return ask.validate(text) or True

        return questionary.text(
            ask.message,
            default="" if ask.default is None else str(ask.default),
            validate=validate,
            multiline=multiline,
            # the answer starts on a line of its own, so long Chinese paragraphs wrap at the left edge
            instruction=f"\n  {MULTILINE_HINT}\n" if multiline else None,
            prompt_continuation=" ",
            key_bindings=bindings,
            bottom_toolbar=KEYS_HINT if multiline else (LINE_KEYS_HINT if ask.has_help else None),
            enable_open_in_editor=multiline,
            style=style,
            **self._io,
        )
