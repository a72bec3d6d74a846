"""Turns one interview question into a terminal prompt; the only module that imports questionary.

The wizard talks to the small `Prompter` interface below, so its logic is tested with a
fake and this module with prompt_toolkit's pipe input. questionary is imported on first
use, which keeps `drafter` start-up quick.

Every prompt (text, menu, yes/no) has the same keys, shown in a footer that wraps to the
window: PgUp (or Ctrl-B) goes back to the previous question, F1 (or "?") shows the guidance
and examples, Ctrl-C / Ctrl-D save and quit. Ctrl-C, Ctrl-D and a closed window end the
prompt with `PromptInterrupted`, which carries the text typed so far so the wizard can keep it
as a draft. A multi-paragraph answer is submitted with Ctrl-S, or Esc and then Enter however
long apart (Alt-Enter also works where the terminal passes it: Windows Terminal keeps
Alt-Enter for full screen); Enter always starts a new paragraph.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
from collections.abc import Callable
from typing import Any, Literal, Protocol, TextIO

from drafter.interview.wrap import width_of, wrap
from drafter.records import Record

AskKind = Literal["line", "paragraphs", "confirm", "select"]

#: Set to 1 to render the first prompt and stop at once (measures time to first prompt).
EXIT_AFTER_FIRST_PROMPT = "DRAFTER_EXIT_AFTER_FIRST_PROMPT"

MULTILINE_HINT = "（可写多段，Enter 换段；写完按 Ctrl-S 提交）"
BACK_KEYS = "PgUp：上一题"
HELP_KEYS = "F1 或 ?：写作要求和示例"
QUIT_KEYS = "Ctrl-C：保存并退出"
KEYS_HINT = f"Ctrl-S 或 Esc 再 Enter：提交　Enter：换段　{BACK_KEYS}　{HELP_KEYS}　{QUIT_KEYS}"
EDITOR_KEYS = "Ctrl-E：用编辑器写"
LINE_KEYS_HINT = f"Enter：确认　{BACK_KEYS}　{HELP_KEYS}　{QUIT_KEYS}"
SELECT_KEYS_HINT = f"↑↓ 选择，Enter 确认　{BACK_KEYS}　F1 或 ?：帮助　{QUIT_KEYS}"
CONFIRM_KEYS_HINT = f"是/否（或 y/n），Enter 用默认　{BACK_KEYS}　F1 或 ?：帮助　{QUIT_KEYS}"
SELECT_HINT = "（↑↓ 选择，Enter 确认）"
ARMED_HINT = "已按 Esc：再按 Enter 提交（按其他键取消）"
NO_EDITOR = "没有设置可用的外部编辑器（环境变量 EDITOR），Ctrl-E 不可用；请直接在这里写。"

MIN_WIDTH = 20


def pack(groups: list[str], width: int) -> str:
    """Key groups ("Ctrl-C：保存并退出") on as few lines as fit, a group never split unless wider than a line."""
    lines: list[str] = []
    for group in groups:
        if lines and width_of(lines[-1] + "　" + group) <= width:
            lines[-1] += "　" + group
        else:
            lines.extend(wrap(group, width).split("\n"))
    return "\n".join(lines)


def confirm_hint(default: bool) -> str:
    return f"（是 / 否，直接按 Enter 为“{'是' if default else '否'}”）"


class Ask(Record):
    """One prompt as the wizard wants it; `validate` returns a message or None."""

    __slots__ = ("kind", "message", "default", "validate", "choices", "has_help", "help", "context")

    def __init__(self, kind: AskKind, message: str, default: Any = None,
                 validate: Callable[[str], str | None] | None = None, choices: list[tuple[str, Any]] | None = None,
                 has_help: bool = False, help: str = "", context: str = "") -> None:
        self.kind: AskKind = kind
        self.message = message
        self.default = default
        self.validate = validate
        self.choices: list[tuple[str, Any]] = [] if choices is None else choices
        self.has_help = has_help
        self.help = help
        self.context = context  # 〔3/7〕主要举措和成效 · 第2条举措 · 已答 7/15


class HelpRequest(Record):
    """The user asked for guidance and examples; `draft` is what they had typed so far."""

    __slots__ = ("draft",)

    def __init__(self, draft: str = "") -> None:
        self.draft = draft


class BackRequest(Record):
    """The user asked for the previous question; `draft` is what they had typed (not kept)."""

    __slots__ = ("draft",)

    def __init__(self, draft: str = "") -> None:
        self.draft = draft


class PromptInterrupted(KeyboardInterrupt):
    """Ctrl-C, Ctrl-D, a closed window or SIGTERM while asking; `draft` is the text typed so far."""

    def __init__(self, draft: str = "", eof: bool = False) -> None:
        super().__init__()
        self.draft = draft
        self.eof = eof


class FirstPromptShown(Exception):
    """Raised instead of waiting for input when DRAFTER_EXIT_AFTER_FIRST_PROMPT is set."""


class Prompter(Protocol):
    def ask(self, ask: Ask) -> Any:
        """The answer (str, bool or a choice's value), a HelpRequest or a BackRequest."""

    def show(self, text: str) -> None:
        """Print text between prompts."""


def editor_command() -> list[str] | None:
    """$VISUAL or $EDITOR when it names a program that exists; never a silent fallback to vi."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            continue
        if words and shutil.which(words[0]):
            return words
    return None


def _no_flow_control() -> None:
    """Ctrl-S is the submit key: between two prompts (cooked mode) the terminal would take it as XOFF
    and freeze the screen until Ctrl-Q. Flow control is off for the session and restored at exit."""
    try:
        import termios
    except ImportError:  # Windows: no XON/XOFF in the console
        return
    try:
        fd = sys.stdin.fileno()
        old = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        return
    new = list(old)
    new[0] &= ~termios.IXON
    try:
        termios.tcsetattr(fd, termios.TCSANOW, new)
    except termios.error:
        return
    import atexit

    def restore() -> None:
        with contextlib.suppress(OSError, ValueError, termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, old)

    atexit.register(restore)


class QuestionaryPrompter:
    """The real terminal; `input`/`output` are for tests (create_pipe_input, DummyOutput)."""

    def __init__(self, *, input: Any = None, output: Any = None, echo: TextIO | None = None) -> None:
        self._io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
        self._echo = echo
        self._stop_after_first = os.environ.get(EXIT_AFTER_FIRST_PROMPT) == "1"
        self._app: Any = None
        self._last_text = ""  # the text of the prompt being shown, updated on every keystroke
        if input is None:
            _no_flow_control()

    def width(self) -> int:
        output = self._io.get("output")
        if output is not None:
            try:
                return max(int(output.get_size().columns), MIN_WIDTH)
            except (AttributeError, OSError, ValueError):  # an output that cannot tell
                return 80
        try:  # the window itself, not a COLUMNS variable inherited from elsewhere
            return max(os.get_terminal_size(sys.stdout.fileno()).columns, MIN_WIDTH)
        except (OSError, ValueError):
            return max(shutil.get_terminal_size((80, 24)).columns, MIN_WIDTH)

    def show(self, text: str) -> None:
        print(wrap(text, self.width() - 1), file=self._echo or sys.stdout, flush=True)

    def ask(self, ask: Ask) -> Any:
        import questionary
        import questionary.prompts.confirm as confirm_prompt

        # questionary has no translations; the answered line of a confirm shows these words
        confirm_prompt.YES, confirm_prompt.NO = "是", "否"
        self._last_text = ""
        if ask.context:
            self.show(f"── {ask.context}")
        width = self.width()
        message = wrap(ask.message, width - 3)  # "? " before the first line
        style = questionary.Style([("instruction", "fg:ansibrightblack"), ("bottom-toolbar", "noreverse fg:ansicyan"),
                                   ("footer", "fg:ansicyan")])
        state: dict[str, Any] = {"armed": False, "notice": ""}
        if ask.kind == "select":
            choices = [questionary.Choice(title, value=value) for title, value in ask.choices]
            default = next((c for c in choices if c.value == ask.default), None)
            question = questionary.select(message, choices=choices, default=default, instruction=SELECT_HINT,
                                          style=style, **self._io)
            footer = SELECT_KEYS_HINT
        elif ask.kind == "confirm":
            # the hint is part of the message so that both wrap together
            message = wrap(ask.message + confirm_hint(bool(ask.default)), width - 3)
            question = questionary.confirm(message, default=bool(ask.default), instruction=" ", style=style, **self._io)
            footer = CONFIRM_KEYS_HINT
        else:
            question = self._text(questionary, ask, style, state, message)
            footer = KEYS_HINT if ask.kind == "paragraphs" else LINE_KEYS_HINT
            if ask.kind == "paragraphs" and editor_command():
                footer += f"　{EDITOR_KEYS}"
        app = question.application
        self._add_keys(app, ask, state)
        self._add_footer(app, footer, state)
        if self._stop_after_first:
            def stop(_app: Any) -> None:
                if not app.is_done:  # the final "done" redraw fires this again
                    app.exit(exception=FirstPromptShown())
            app.after_render += stop
        self._app = app
        try:
            return question.unsafe_ask()
        except PromptInterrupted:
            raise
        except (KeyboardInterrupt, EOFError, OSError) as exc:  # a closed window or SIGTERM while asking
            raise PromptInterrupted(self._typed(app) or self._last_text, isinstance(exc, EOFError)) from None
        finally:
            self._app = None

    def typed(self) -> str:
        """The text in the prompt being shown ('' between prompts)."""
        if self._app is None:
            return ""
        return self._typed(self._app) or self._last_text

    @staticmethod
    def _typed(app: Any) -> str:
        try:
            buffer = app.current_buffer
        except (AttributeError, OSError, ValueError):
            return ""
        return buffer.text if buffer is not None else ""

    def _add_keys(self, app: Any, ask: Ask, state: dict[str, Any]) -> None:
        """The keys every prompt shares: back, help, save-and-quit (and yes/no in Chinese)."""
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        keys = KeyBindings()
        text_prompt = ask.kind in ("line", "paragraphs")

        def typed(event: Any) -> str:
            return event.current_buffer.text if text_prompt else ""

        @keys.add("pageup", eager=True)
        @keys.add("c-b", eager=True)
        def _back(event: Any) -> None:
            event.app.exit(result=BackRequest(typed(event)))

        @keys.add("f1", eager=True)
        def _help(event: Any) -> None:
            event.app.exit(result=HelpRequest(typed(event)))

        if not text_prompt:  # in a text a "?" is part of the answer unless it is the whole answer
            @keys.add("?", eager=True)
            @keys.add("？", eager=True)
            def _help_key(event: Any) -> None:
                event.app.exit(result=HelpRequest())

        @keys.add("c-c", eager=True)
        def _quit(event: Any) -> None:
            event.app.exit(exception=PromptInterrupted(typed(event)))

        @keys.add("c-d", eager=True)
        def _quit_eof(event: Any) -> None:
            event.app.exit(exception=PromptInterrupted(typed(event), eof=True))

        if ask.kind == "confirm":  # 是/否 do what y/n do (questionary then shows the answer as 是/否)
            original = app.key_bindings
            for key, latin in (("是", "y"), ("否", "n"), ("对", "y"), ("不", "n")):
                handlers = original.get_bindings_for_keys((latin,)) if original else []

                @keys.add(key, eager=True)
                def _yes_no(event: Any, handlers: Any = handlers, value: bool = latin == "y") -> None:
                    if handlers:
                        handlers[-1].handler(event)
                    else:
                        event.app.exit(result=value)

        app.key_bindings = merge_key_bindings([app.key_bindings, keys]) if app.key_bindings else keys

    def _add_footer(self, app: Any, footer: str, state: dict[str, Any]) -> None:
        """The keys, below the prompt, wrapped to the window's width (never cut off)."""
        from prompt_toolkit.application.current import get_app
        from prompt_toolkit.filters import is_done
        from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        def text() -> str:
            try:
                columns = get_app().output.get_size().columns
            except (AttributeError, OSError, ValueError):
                columns = 80
            lines = [state["notice"]] if state["notice"] else []
            if state["armed"]:
                lines.append(ARMED_HINT)
            width = max(columns - 1, MIN_WIDTH)
            return "\n".join([wrap("\n".join(lines), width)] * bool(lines) + [pack(footer.split("　"), width)])

        window = Window(FormattedTextControl(text), style="class:footer", wrap_lines=True, dont_extend_height=True)
        old = app.layout
        app.layout = Layout(HSplit([old.container, ConditionalContainer(window, filter=~is_done)]),
                            focused_element=old.current_window)

    def _text(self, questionary: Any, ask: Ask, style: Any, state: dict[str, Any], message: str) -> Any:
        from prompt_toolkit.filters import Condition
        from prompt_toolkit.key_binding import KeyBindings

        multiline = ask.kind == "paragraphs"
        bindings = KeyBindings()

        if multiline:
            @bindings.add("c-s", eager=True)
            @bindings.add("escape", "enter", eager=True)
            @bindings.add("escape", "c-j", eager=True)
            def _submit(event: Any) -> None:
                state["armed"] = False
                event.current_buffer.validate_and_handle()

            # Esc alone arms the submit: the next Enter submits, however long after (no timing)
            @bindings.add("escape")
            def _arm(event: Any) -> None:
                state["armed"] = True

            @bindings.add("enter", filter=Condition(lambda: state["armed"]), eager=True)
            def _armed_enter(event: Any) -> None:
                state["armed"] = False
                event.current_buffer.validate_and_handle()

            @bindings.add("c-e", eager=True)
            def _editor(event: Any) -> None:
                command = editor_command()
                if command is None:
                    state["notice"] = NO_EDITOR
                    return
                os.environ["VISUAL"] = shlex.join(command)
                event.current_buffer.open_in_editor(validate_and_handle=False)

        def validate(text: str) -> bool | str:
            if ask.validate is None:
                return True
            problem = ask.validate(text)
            if not problem:
                return True
            # prompt_toolkit's validation bar is one line high and cuts a long message off; the footer wraps it
            state["notice"] = problem
            return ""

        question = questionary.text(
            message,
            default="" if ask.default is None else str(ask.default),
            validate=validate,
            multiline=multiline,
            # the answer starts on a line of its own, so long Chinese paragraphs wrap at the left edge
            instruction=f"\n{wrap(MULTILINE_HINT, max(self.width() - 3, MIN_WIDTH))}\n" if multiline else None,
            prompt_continuation=" ",
            key_bindings=bindings,
            enable_open_in_editor=False,
            style=style,
            **self._io,
        )
        buffer = question.application.current_buffer

        self._last_text = "" if ask.default is None else str(ask.default)

        def disarm(changed: Any) -> None:
            state["armed"] = False
            state["notice"] = ""
            self._last_text = changed.text

        buffer.on_text_changed += disarm
        return question
