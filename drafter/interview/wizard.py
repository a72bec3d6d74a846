"""The answer logic of `drafter new` and `drafter edit`: ask, save after every answer, resume, revisit.

The questions come from prompts/ (drafter.interview.questions); the terminal is behind the
`Prompter` interface (drafter.interview.terminal), so everything here runs with a fake prompter in
tests. The fact file is the only state: a question counts as answered when its key is in
the file, so an interrupted session resumes where it stopped and hand edits count too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.errors import Finding, NoTerminalError, WizardInterrupted
from drafter.factfile.document import (
    FactDocument,
    drop_eol_comment,
    eol_comment,
    insert_ordered,
    order_for,
    paragraphs_value,
)
from drafter.factfile.sections import section_kinds
from drafter.interview.answers import BLANK, HELP_WORDS, as_bool, as_text, convert
from drafter.interview.questions import Part, Question, Spec, help_text, load_spec
from drafter.interview.terminal import Ask, AskKind, FirstPromptShown, HelpRequest, Prompter
from drafter.text.numerals import heading_label

_MISSING = object()
_env = SandboxedEnvironment()


@dataclass
class WizardResult:
    path: Path
    docx: Path | None = None  # the built document, if the wizard got that far
    backup: Path | None = None
    findings: list[Finding] = field(default_factory=list)


# --- where answers go ----------------------------------------------------------------


class Slot:
    """The mapping one form writes into; it may not exist until the first answer is saved."""

    def __init__(self, find: Callable[[], CommentedMap | None], create: Callable[[], CommentedMap], kind: str,
                 section_kind: str | None = None) -> None:
        self._find, self._create, self.kind = find, create, kind
        self.section_kind = section_kind  # for a section that may not exist yet

    @classmethod
    def of(cls, mapping: CommentedMap, kind: str) -> Slot:
        return cls(lambda: mapping, lambda: mapping, kind)

    def mapping(self) -> CommentedMap | None:
        return self._find()

    def get(self, path: tuple[str, ...]) -> Any:
        node: Any = self.mapping()
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return _MISSING
            node = node[part]
        return node

    def set(self, path: tuple[str, ...], value: Any) -> None:
        node = self.mapping()
        if node is None:
            node = self._create()
        for depth, part in enumerate(path):
            order = order_for(self.kind) if depth == 0 else order_for(path[depth - 1])
            if depth == len(path) - 1:
                insert_ordered(node, part, value, order)
            else:
                if not isinstance(node.get(part), dict):
                    insert_ordered(node, part, CommentedMap(), order)
                node = node[part]

    def delete(self, path: tuple[str, ...]) -> None:
        node = self.get(path[:-1]) if len(path) > 1 else self.mapping()
        if isinstance(node, dict):
            node.pop(path[-1], None)


def _items_of(slot: Slot, key: tuple[str, ...]) -> list[Any]:
    value = slot.get(key)
    return value if isinstance(value, list) else []


def _index(items: list[Any], item: Any) -> int | None:
    """Position by identity: two entries with the same text are still different entries."""
    return next((i for i, x in enumerate(items) if x is item), None)


# --- the wizard --------------------------------------------------------------------------


class Wizard:
    def __init__(self, doc: FactDocument, prompter: Prompter, *, spec: Spec, today: dt.date | None = None,
                 mode: str = "new") -> None:
        self.doc = doc
        self.prompter = prompter
        self.spec = spec
        self.today = today or dt.date.today()
        self.mode = mode
        self._carry_intro_shown = False

    # -- entry points ------------------------------------------------------------------

    def run_new(self, carried_from: Path | None = None) -> None:
        """Ask every unanswered question in statutory order."""
        if carried_from is not None:
            self.prompter.show(f"已从 {carried_from} 结转到 {self.doc.path}：沿用机关信息，年度顺延为"
                               f"{self.doc.data.get('year')}年，上年的“下一年度主要安排”将逐条询问落实情况。")
        elif self.doc.existed:
            self.prompter.show(f"继续填写 {self.doc.path}：已有的回答都保留，从第一个没有回答的问题开始。"
                               f"（要修改已答内容，请用 drafter edit {self.doc.path}）")
        states: list[tuple[bool, bool]] | None = None
        for index, part in enumerate(self.spec.parts):
            if states is None:
                states = self._part_states()
            answered, later_answered = states[index]
            if answered:
                continue
            self._announce(part, index)
            self.fill_part(part, resume=True, later_answered=later_answered)
            states = None  # the answers just given may change what counts as answered

    def run_edit(self) -> bool:
        """Menu of the report's parts (the wizard is made with mode="edit"); True when the user asks to build."""
        self.prompter.show(f"修改 {self.doc.path}：选择要修改的部分，每答一项都立即保存；选“生成 DOCX 并退出”得到文档。")
        while True:
            choice = self.prompter.ask(Ask("select", "要修改哪一部分？", choices=self._edit_choices()))
            if choice == "build":
                return True
            if choice == "quit":
                return False
            what, value = choice
            if what == "part":
                part = self.spec.part(value)
                self._announce(part, self.spec.parts.index(part))
                self.fill_part(part, resume=False)
            else:  # a section that exists, by position: thematic parts have no statutory kind
                section = self.doc.sections()[value]
                statutory = self._part_for(section.get("kind"))
                if statutory is None:
                    self.fill(self.spec.forms["thematic"], Slot.of(section, "section"), resume=False)
                else:
                    self._announce(statutory, self.spec.parts.index(statutory))
                    self.fill(statutory.questions, Slot.of(section, "section"), resume=False)

    # -- parts -----------------------------------------------------------------------------

    def _part_for(self, kind: Any) -> Part | None:
        return next((p for p in self.spec.parts if p.target == kind), None)

    def _slot(self, part: Part) -> Slot:
        if part.target == "root":
            return Slot.of(self.doc.data, "")
        kind = part.target
        return Slot(lambda: self.doc.section(kind), lambda: self.doc.add_section(kind), "section", kind)

    def _announce(self, part: Part, index: int) -> None:
        lines = [f"\n〔{index + 1}/{len(self.spec.parts)}〕{part.title}"]
        if part.intro:
            lines.append(part.intro)
        self.prompter.show("\n".join(lines))

    def fill_part(self, part: Part, *, resume: bool, later_answered: bool = True) -> None:
        """`later_answered` matters only when resuming (see _part_states)."""
        slot = self._slot(part)
        if part.gate and slot.mapping() is None:
            if not self.prompter.ask(Ask("confirm", part.gate.message, part.gate.default)):
                return
        self.fill(part.questions, slot, resume=resume, later_answered=later_answered)

    def _part_states(self) -> list[tuple[bool, bool]]:
        """Per part: (answered, whether a later part counts as answered). A group counts as
        finished once a later part is answered, or when only optional (gated) parts follow it."""
        states: list[tuple[bool, bool]] = []
        any_later = False
        optional_tail = True
        for part in reversed(self.spec.parts):
            later = any_later or optional_tail
            slot = self._slot(part)
            if part.target != "root" and slot.mapping() is None:
                answered = False
            else:
                answered = self.form_answered(part.questions, slot, later_answered=later)
            states.append((answered, later))
            any_later = any_later or answered
            optional_tail = optional_tail and part.gate is not None
        return states[::-1]

    # -- answered or not ------------------------------------------------------------------

    def _context(self, slot: Slot, previous: Any = None) -> dict[str, Any]:
        mapping = slot.mapping()
        kind = mapping.get("kind") if slot.kind == "section" and mapping is not None else slot.section_kind
        year = self.doc.data.get("year")
        kinds = section_kinds()
        default_heading = kinds[kind].default_heading(year) if kind in kinds and isinstance(year, int) else ""
        return {"facts": _View(self.doc.data), "today": self.today, "mode": self.mode,
                "answers": _View(mapping), "previous": _View(previous) if previous is not None else None,
                "default_heading": default_heading}

    def _applies(self, q: Question, slot: Slot, previous: Any = None) -> bool:
        return not q.when or bool(_condition(q.when)(**self._context(slot, previous)))

    def question_answered(self, q: Question, slot: Slot, *, later_answered: bool = True) -> bool:
        if not self._applies(q, slot):
            return True
        value = slot.get(q.path)
        if q.type == "group":
            items = value if isinstance(value, list) else []
            form = self.spec.forms[q.form or ""]
            complete = all(self.item_complete(form, item) for item in items)
            if q.resume_skip:
                return complete
            return bool(items) and complete and later_answered
        if value is _MISSING:
            return q.resume_skip
        return q.empty_ok or value not in (None, "", [])

    def form_answered(self, questions: tuple[Question, ...], slot: Slot, *, later_answered: bool = True) -> bool:
        return all(self.question_answered(q, slot, later_answered=later_answered) for q in questions)

    def item_complete(self, form: tuple[Question, ...], item: Any) -> bool:
        if not isinstance(item, CommentedMap):
            return True  # not ours to fix; the check reports it
        return not self._pending(item) and self.form_answered(form, Slot.of(item, "item"))

    def _pending(self, item: CommentedMap) -> bool:
        marker = self.spec.carry.marker if self.spec.carry else ""
        return bool(marker) and marker in eol_comment(item, "heading")

    # -- asking -------------------------------------------------------------------------------

    def fill(self, questions: tuple[Question, ...], slot: Slot, *, resume: bool, later_answered: bool = True,
             previous: Any = None) -> None:
        """Ask the questions of one form in order (only the unanswered ones when resuming).

        Once a resumed form asks something, its optional follow-ups (resume: skip) are asked
        too, exactly as in an uninterrupted run.
        """
        started = not resume
        for q in questions:
            if not self._applies(q, slot, previous):
                continue
            if q.type == "group":
                self.group(q, slot, resume=not started, later_answered=later_answered)
                continue
            if resume and self.question_answered(q, slot) and not (started and q.resume_skip and
                                                                   slot.get(q.path) is _MISSING):
                continue
            started = True
            self.ask_and_save(q, slot, previous=previous)

    def ask_and_save(self, q: Question, slot: Slot, *, previous: Any = None, message: str | None = None) -> Any:
        current = slot.get(q.path)
        value = self.ask_value(q, current, self._context(slot, previous), message)
        if value is BLANK:
            if q.omit_empty:
                if current is not _MISSING:
                    slot.delete(q.path)
                    self.doc.save()
                return value
            value = None
        elif q.type == "paragraphs":
            value = paragraphs_value(value)
        if current is not _MISSING and _same(q, current, value):
            return value  # untouched: keep the user's spelling, quoting and style
        slot.set(q.path, value)
        self.doc.save()
        return value

    def ask_value(self, q: Question, current: Any, ctx: dict[str, Any], message: str | None = None) -> Any:
        message = _render_default(message or q.message, ctx)
        default = current if current is not _MISSING else _render_default(q.default, ctx)
        if q.type == "confirm":
            return bool(self.prompter.ask(Ask("confirm", message, as_bool(default))))
        year = self.doc.data.get("year")
        year = year if isinstance(year, int) else None

        def parse(text: str) -> Any:
            return convert(q.type, text, empty_ok=q.empty_ok, checks=q.validate, year=year, today=self.today)

        def validate(text: str) -> str | None:
            if text.strip() in HELP_WORDS:
                return None
            try:
                parse(text)
            except ValueError as exc:
                return str(exc)
            return None

        draft = as_text(q.type, default)
        kind: AskKind = "paragraphs" if q.type == "paragraphs" else "line"
        while True:
            answer = self.prompter.ask(Ask(kind, message, draft, validate, has_help=True))
            if isinstance(answer, HelpRequest) or str(answer).strip() in HELP_WORDS:
                self.prompter.show(f"\n{help_text(q)}\n")
                if isinstance(answer, HelpRequest):
                    draft = answer.draft
                continue
            try:
                return parse(str(answer))
            except ValueError as exc:  # a prompter that does not validate while typing
                self.prompter.show(f"✗ {exc}")
                draft = str(answer)

    # -- repeating groups ------------------------------------------------------------------------

    def group(self, q: Question, slot: Slot, *, resume: bool, later_answered: bool = True) -> None:
        form = self.spec.forms[q.form or ""]
        path = q.path
        level = 2 if slot.kind == "section" else 3
        for item in list(_items_of(slot, path)):
            if isinstance(item, CommentedMap) and self._pending(item):
                self.carry_check(form, item, slot, path, level)
            elif resume and not self.item_complete(form, item):
                self.prompter.show(f"补全：{self._label(slot, path, item, level)}")
                self.fill(form, Slot.of(item, "item"), resume=True)
        if resume and self.question_answered(q, slot, later_answered=later_answered):
            return
        if not _items_of(slot, path):
            if q.ask and not self.prompter.ask(Ask("confirm", q.ask, False)):
                return
            self.add_item(q, form, slot)
        self.group_menu(q, form, slot, level)

    def _label(self, slot: Slot, path: tuple[str, ...], item: Any, level: int) -> str:
        index = _index(_items_of(slot, path), item)
        number = heading_label(level, index + 1) if index is not None else ""
        heading = item.get("heading", "") if isinstance(item, dict) else str(item)
        return f"{number}{heading}"

    def add_item(self, q: Question, form: tuple[Question, ...], slot: Slot) -> None:
        new = CommentedMap()
        items = _items_of(slot, q.path)
        previous = items[-1] if items else None

        def attach() -> CommentedMap:
            seq = slot.get(q.path)
            if not isinstance(seq, list):
                seq = CommentedSeq()
                slot.set(q.path, seq)
            seq.append(new)
            return new

        item_slot = Slot(lambda: new if _index(_items_of(slot, q.path), new) is not None else None, attach, "item")
        self.fill(form, item_slot, resume=False, previous=previous)

    def group_menu(self, q: Question, form: tuple[Question, ...], slot: Slot, level: int) -> None:
        noun = q.noun or "条目"
        while True:
            items = _items_of(slot, q.path)
            listing = [f"  {self._label(slot, q.path, item, level)}" for item in items]
            self.prompter.show(f"\n目前共 {len(items)} 条{noun}：\n" + "\n".join(listing))
            choices: list[tuple[str, Any]] = [(f"新增一条{noun}", "add")]
            if items:
                choices += [("修改其中一条", "edit"), ("删除其中一条", "delete")]
            if len(items) > 1:
                choices.append(("调整顺序", "move"))
            if items:
                choices.append(("完成，继续下一步" if level == 2 else "完成，回到上一级", "done"))
            action = self.prompter.ask(Ask("select", f"{noun}：下一步做什么？", "done" if items else "add",
                                           choices=choices))
            if action == "done":
                return
            if action == "add":
                self.add_item(q, form, slot)
                continue
            index = self._pick(items, slot, q.path, level, {"edit": "修改哪一条？", "delete": "删除哪一条？",
                                                             "move": "移动哪一条？"}[action])
            if index is None:
                continue
            if action == "edit":
                if not isinstance(items[index], dict):
                    self.prompter.show(
                        f"“{self._label(slot, q.path, items[index], level)}”在文件中只写了一行文字，不是由小标题（heading）"
                        f"和正文（text）组成的{noun}，向导无法修改。可以选“删除其中一条”后重新新增，"
                        f"或用文本编辑器改为“heading: 小标题”“text: 正文”的写法。")
                    continue
                previous = items[index - 1] if index else None
                self.fill(form, Slot.of(items[index], "item"), resume=False, previous=previous)
            elif action == "delete":
                label = self._label(slot, q.path, items[index], level)
                if self.prompter.ask(Ask("confirm", f"确定删除“{label}”吗？", False)):
                    del items[index]
                    self.doc.save()
            else:
                self._move(items, index, slot, q.path, level)

    def _pick(self, items: list[Any], slot: Slot, path: tuple[str, ...], level: int, message: str) -> int | None:
        choices: list[tuple[str, int | None]] = [(self._label(slot, path, item, level), i) for i, item in enumerate(items)]
        choices.append(("返回", None))
        picked: int | None = self.prompter.ask(Ask("select", message, 0, choices=choices))
        return picked

    def _move(self, items: list[Any], index: int, slot: Slot, path: tuple[str, ...], level: int) -> None:
        choices = [(f"第 {i + 1} 位（现在是 {self._label(slot, path, item, level)}）", i) for i, item in enumerate(items)]
        target = self.prompter.ask(Ask("select", "移到第几位？", index, choices=choices))
        if target is None or target == index:
            return
        item = items.pop(index)
        items.insert(target, item)
        self.doc.save()

    # -- carry-over checklist ---------------------------------------------------------------------

    def carry_check(self, form: tuple[Question, ...], item: CommentedMap, slot: Slot, path: tuple[str, ...],
                    level: int) -> None:
        carry = self.spec.carry
        assert carry is not None
        plan = "\n".join(f"　　{p}" for p in _lines(item.get("text")))
        if not self._carry_intro_shown:
            self.prompter.show(f"\n{carry.intro}")
            self._carry_intro_shown = True
        self.prompter.show(f"\n上年安排 {self._label(slot, path, item, level)}\n{plan}")
        done = self.prompter.ask(Ask("select", carry.ask, "done", choices=[(carry.done, "done"),
                                                                          (carry.dropped, "dropped")]))
        if done == "dropped":
            items = _items_of(slot, path)
            index = _index(items, item)
            assert index is not None, "a carried-over item is checked off in the list it came from"
            del items[index]
            self.doc.save()
            return
        item_slot = Slot.of(item, "item")
        for q in form:
            if q.type == "group" or not self._applies(q, item_slot):
                continue
            self.ask_and_save(q, item_slot, message=carry.text_message if q.key == "text" else None)
        drop_eol_comment(item, "heading")
        self.doc.save()

    # -- edit menu ----------------------------------------------------------------------------------

    def _edit_choices(self) -> list[tuple[str, Any]]:
        data = self.doc.data
        agency = data.get("agency", {}).get("name", "") if isinstance(data.get("agency"), dict) else ""
        basics = f"基本信息（{agency or '未填写机关'}，{data.get('year', '未填写')}年度）"
        choices: list[tuple[str, Any]] = [(basics, ("part", "basics"))]
        preamble = "开头段" + ("" if data.get("preamble") else "（未填写）")
        choices.append((preamble, ("part", "preamble")))
        present = set()
        for i, section in enumerate(self.doc.sections()):
            if not isinstance(section, dict):
                continue
            kind = section.get("kind")
            present.add(kind)
            part = self._part_for(kind)
            title = section.get("heading") or (part.title if part else "（无标题）")
            count = len(section.get("items") or [])
            extra = f"（{count} 条）" if count else ""
            choices.append((f"{heading_label(1, i + 1)}{title}{extra}", ("section", i)))
        for part in self.spec.parts:
            if part.target not in ("root", *present):
                choices.append((f"{part.title}（未填写）", ("part", part.id)))
        choices += [("生成 DOCX 并退出", "build"), ("退出（不生成）", "quit")]
        return choices


class _View:
    """A mapping as templates see it: `answers.items` is the key "items", never dict.items."""

    def __init__(self, mapping: Any) -> None:
        self._mapping = mapping if isinstance(mapping, dict) else {}

    def __getattr__(self, name: str) -> Any:
        value = self._mapping.get(name)
        return _View(value) if isinstance(value, dict) else value

    __getitem__ = __getattr__

    def __bool__(self) -> bool:
        return bool(self._mapping)


@functools.cache
def _condition(expression: str) -> Callable[..., Any]:
    """A question's `when`, compiled once: it is evaluated for every question on every pass."""
    return _env.compile_expression(expression)


def _render_default(default: Any, ctx: dict[str, Any]) -> Any:
    if isinstance(default, str) and "{{" in default:
        return _env.from_string(default).render(**ctx)
    return default


def _lines(value: Any) -> list[str]:
    """The paragraphs of a stored text, without validating it: a hand-written value may hold a
    character the fact model refuses (a Tab pasted from Word), and the wizard is how it gets fixed."""
    return [line.strip() for line in as_text("paragraphs", value).split("\n") if line.strip()]


def _same(q: Question, current: Any, new: Any) -> bool:
    if q.type == "paragraphs":
        return _lines(current) == _lines(new)
    if q.type == "date" and isinstance(current, str) and new is not None:
        try:
            return bool(convert("date", current, empty_ok=False) == new)
        except ValueError:
            return False
    if isinstance(current, bool) or isinstance(new, bool):
        return current is new
    return bool(current == new)


# --- running it ----------------------------------------------------------------------------------


def require_terminal(path: Path, command: str = "new") -> None:
    """Refuse to start without a terminal instead of hanging or failing inside prompt_toolkit."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return
    raise NoTerminalError(
        f"drafter {command} 是交互式向导，需要在终端窗口中运行，但现在没有可用的终端（输入或输出被重定向）。\n"
        f"没有终端时，请直接用文本编辑器编辑事实文件 {path}（格式见 examples/ 中的示例，"
        f"drafter check {path} 可检查），然后运行：drafter build {path}"
    )


@contextlib.contextmanager
def hangup_as_interrupt() -> Iterator[None]:
    """A closed terminal (SIGHUP) ends the wizard like Ctrl-C: answers are on disk, temp files removed."""
    if not hasattr(signal, "SIGHUP"):
        yield
        return

    def handler(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGHUP, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, old)


def _interrupted(path: Path) -> WizardInterrupted:
    return WizardInterrupted(f"\n已中断。已经回答的内容都已保存在 {path}。\n"
                             f"再次运行 drafter new {path} 会从中断处继续；drafter edit {path} 可修改任一部分。")


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
    wizard = Wizard(doc, prompter, spec=spec, today=today, mode=mode)
    try:
        with hangup_as_interrupt():
            if mode == "edit":
                if not wizard.run_edit():
                    return WizardResult(path)
            else:
                wizard.run_new(carried_from=carry_from)
                prompter.show("\n全部问题都已回答，正在检查并生成文档……")
    except FirstPromptShown:  # DRAFTER_EXIT_AFTER_FIRST_PROMPT: only the time to the first prompt was wanted
        return WizardResult(path)
    except (KeyboardInterrupt, EOFError):
        raise _interrupted(path) from None
    return finish(path, prompter)
