"""The interview engine behind `drafter new` / `drafter edit`: no terminal, no printing.

A front end (the terminal wizard in drafter.interview.wizard, later the browser) asks the engine
for the current question (`Interview.current`: a `Step` with its part, item path and progress),
gives it an answer (`answer()`: validated and converted here, with what was normalised said in
`notes`), goes back to the previous question in the order asked (`back()`, across parts) or jumps
to any question or item (`jump()`), and keeps what is being typed as a draft (`keep_draft()`).

The fact file is the state: a question counts as answered when its key is in the file with a value
the question accepts, so an interrupted session resumes where it stopped and hand edits count too.
The walk through the questions is a generator: it yields `Step`s and `Note`s and receives converted
answers; going back or jumping restarts the walk, seeking the target step.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.factfile.document import (
    FactDocument,
    drop_eol_comment,
    eol_comment,
    insert_ordered,
    move_item,
    order_for,
    paragraphs_value,
    remove_item,
)
from drafter.factfile.sections import section_kinds
from drafter.fsutil import shell_arg
from drafter.interview.answers import BLANK, HELP_WORDS, as_bool, as_text, convert, late_date_warning
from drafter.interview.drafts import Drafts
from drafter.interview.questions import Part, Question, Spec, help_text, menu_help
from drafter.records import Record
from drafter.text.numerals import chinese_numeral, heading_label
from drafter.text.patterns import BIDI_CONTROL_CHARS

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

_MISSING = object()


class _LazySandbox:
    """The sandbox the questions' `when` and defaults are evaluated in, made on first use: jinja2's
    import is a tenth of the time before the wizard's first question, which needs neither."""

    _made: SandboxedEnvironment | None = None

    def __getattr__(self, name: str) -> Any:
        if self._made is None:
            from jinja2.sandbox import SandboxedEnvironment

            self._made = SandboxedEnvironment()
        return getattr(self._made, name)


_env = _LazySandbox()

#: Choice values of the menus (never None: questionary would return the title instead).
BACK_CHOICE = "__back__"


StepKind = Literal["line", "paragraphs", "confirm", "select"]


class Step(Record):
    """One question as a front end shows it."""

    __slots__ = ("id", "kind", "message", "default", "choices", "help", "part", "where", "progress", "draft", "record",
                 "validate", "parse", "question", "store")

    def __init__(self, id: str, kind: StepKind, message: str, default: Any = None,
                 choices: list[tuple[str, Any]] | None = None, help: str = "", part: str = "", where: str = "",
                 progress: tuple[int, int] = (0, 0), draft: bool = False, record: bool = True,
                 validate: Callable[[str], str | None] | None = None, parse: Callable[[Any], Any] | None = None,
                 question: Question | None = None, store: Callable[[Any, Path | None], bool] | None = None) -> None:
        self.id = id  # stable address: "basics/agency.name", "measures/items[1]/text", "measures/items:menu"
        self.kind: StepKind = kind
        self.message = message
        self.default = default
        self.choices: list[tuple[str, Any]] = [] if choices is None else choices
        self.help = help  # guidance and excerpts, shown on F1 / "?"
        self.part = part  # 〔2/7〕开头段
        self.where = where  # 第2条举措 · 第3小项
        self.progress = progress  # answered, total
        self.draft = draft  # `default` is a draft restored from an interrupted session
        self.record = record  # a place "back" can return to (not the pickers under a menu)
        self.validate = validate
        self.parse = parse
        self.question = question
        self.store = store  # writes a parsed answer into the document at once (autosave); whether the file changed

    @property
    def place(self) -> str:
        """Part and item: where the question stands (the page shows the count once, elsewhere)."""
        return " · ".join(b for b in (self.part, self.where) if b)

    @property
    def context(self) -> str:
        answered, total = self.progress
        return " · ".join(b for b in (self.place, f"已答 {answered}/{total}" if total else "") if b)


class Note(Record):
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Outcome(Record):
    __slots__ = ("accepted", "error", "notes")

    def __init__(self, accepted: bool, error: str = "", notes: list[str] | None = None) -> None:
        self.accepted = accepted
        self.error = error
        self.notes: list[str] = [] if notes is None else notes


class Typed(Record):
    """What became of text sent while it is being typed (`Interview.save_typing`)."""

    __slots__ = ("written", "error")

    def __init__(self, written: bool, error: str = "") -> None:
        self.written = written  # the fact file holds it now (or held it already)
        self.error = error  # why it is only a draft for now: the question's own validation message


class Refused(ValueError):
    pass


Walk = Generator["Step | Note", Any, Any]


# --- where answers go ----------------------------------------------------------------


class Slot:
    """The mapping one form writes into; it may not exist until the first answer is saved."""

    def __init__(self, find: Callable[[], CommentedMap | None], create: Callable[[], CommentedMap], kind: str,
                 section_kind: str | None = None, sid: str = "") -> None:
        self._find, self._create, self.kind = find, create, kind
        self.section_kind = section_kind  # for a section that may not exist yet
        self.id = sid

    @classmethod
    def of(cls, mapping: CommentedMap, kind: str, sid: str = "") -> Slot:
        return cls(lambda: mapping, lambda: mapping, kind, sid=sid)

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


def _qid(slot: Slot, q: Question) -> str:
    return f"{slot.id}/{q.key}"


# --- the engine --------------------------------------------------------------------------


class Interview:
    """`new` (every unanswered question in statutory order) or `edit` (a menu of parts, questions, items)."""

    def __init__(self, doc: FactDocument, *, spec: Spec, today: dt.date | None = None, mode: str = "new",
                 drafts: Drafts | None = None, carried_from: Any = None) -> None:
        self.doc = doc
        self.spec = spec
        self.today = today or dt.date.today()
        self.mode = mode
        self.drafts = drafts if drafts is not None else Drafts.beside(doc.path)
        self.carried_from = carried_from
        self.history: list[str] = []  # ids of the steps answered, in the order asked
        self.finished = False
        self.build = False  # edit: the user asked for the document
        self._notes: list[str] = []
        self._carry_intro_shown = False
        self._where: list[str] = []
        self._current: Step | None = None
        self._walk: Walk | None = None
        self._target: str | None = None
        self._resume_at = self.drafts.at if self.drafts.at else None
        self._start(self._resume_at, opening=True)

    # -- the front end's side ----------------------------------------------------------------

    @property
    def current(self) -> Step | None:
        """The question to show now; None once the interview is over."""
        return self._current

    def take_notes(self) -> list[str]:
        """Text to show before the current question (part titles, intros, what was done)."""
        notes, self._notes = self._notes, []
        return notes

    def answer(self, value: Any) -> Outcome:
        """Validate and convert `value` for the current step; the walk moves on only if accepted."""
        step = self._current
        if step is None:
            raise RuntimeError("the interview is over")
        if isinstance(value, str) and value.strip() in HELP_WORDS and step.kind in ("line", "paragraphs"):
            return Outcome(False, "", [step.help])
        try:
            converted = step.parse(value) if step.parse else value
        except ValueError as exc:
            return Outcome(False, str(exc))
        if step.record:
            self.history.append(step.id)
        self._target = None
        self._advance(converted)
        if self.drafts.at == step.id and (self._current is None or self._current.id != step.id):
            self.drafts.clear(step.id)  # answered: an interrupted menu or yes/no is no longer where to resume
        return Outcome(True, notes=self.take_notes())

    def back(self) -> Step | None:
        """Return to the question answered before the current one (in the order asked, across parts)."""
        current = self._current
        while self.history:
            target = self.history.pop()
            if current is None or target != current.id:
                self._start(target)
                if self._current is not None and self._current.id == target:
                    return self._current
        if current is not None:  # a resumed run has no history yet: the question before in the report's order
            order = [qid for _, qid in self.targets() if qid]
            if current.id in order and order.index(current.id) > 0:
                target = order[order.index(current.id) - 1]
                self._start(target)
                if self._current is not None and self._current.id == target:
                    return self._current
        self._notes.append("已经是第一个问题了。")
        if current is not None:
            self._start(current.id)
        return self._current

    def jump(self, target: str) -> Step | None:
        """Go straight to one question (or the menu of one list of items) by its id."""
        self._start(target)
        return self._current

    def keep_draft(self, text: str, *, blank_ok: bool = True) -> None:
        """Save what is being typed at the current question (beside the fact file). With blank_ok=False
        an empty text never replaces one already kept (a second signal, say, or Ctrl-C on a question reached
        with PgUp from a half-written one: that text is where the next run resumes)."""
        if self._current is None:
            return
        if not text and not blank_ok and self.drafts.text:
            return
        if not text and not self.doc.path.exists() and not self.drafts.at:
            return  # nothing answered, nothing typed: leave no file behind
        self.drafts.keep(self._current.id, text)

    def save_typing(self, step_id: str, text: str, *, to: Path | None = None) -> Typed:
        """Autosave: write what is being typed at question `step_id` (the current one, or any other
        the front end still shows) into the fact file through the round-trip writer when the question
        accepts it as it stands; otherwise keep it as that question's draft and say why. The walk
        does not move on. With `to`, the document with the text in it goes to that file instead
        (the version of a front end that missed a hand edit, kept beside the fact file)."""
        current = self._current
        step = current if current is not None and current.id == step_id else self._step_at(step_id)
        if step is None or step.store is None or step.validate is None or step.parse is None:
            self.drafts.keep_aside(step_id, text)
            return Typed(False, "这个问题在报告中已经找不到了（可能刚被删除或移动），输入的内容已另存为草稿。")
        error = "" if text.strip() in HELP_WORDS else step.validate(text) or ""
        if not error and text.strip() not in HELP_WORDS:
            said, written = len(self._notes), False
            try:
                value = step.parse(text)
            except ValueError as exc:
                error = str(exc) or "这一项的写法不对"
            else:
                written = step.store(value, to)
            finally:
                del self._notes[said:]  # what was normalised is said when the answer is submitted
            if not error:
                if to is not None:
                    return Typed(written)
                self.drafts.saved(step_id, here=step is current, written=written)
                step.default, step.draft = text, False
                return Typed(True)
        if step is current:
            self.keep_draft(text)
            step.default, step.draft = text, True
        else:
            self.drafts.keep_aside(step_id, text)
        return Typed(False, error)

    def _step_at(self, target: str) -> Step | None:
        """The text question `target` as a step of its own, for text sent from a page showing it
        after the walk has moved elsewhere (another tab, a restarted server)."""
        for part in self.spec.parts:
            if target.startswith(part.id + "/"):
                found = self._find(part.questions, self._slot(part), target)
                if found is None or found[0] != "q" or found[1].type == "confirm":
                    return None
                q, slot = found[1], found[2]
                step = self.question_step(q, slot, slot.get(q.path))
                step.store = functools.partial(self._store, q, slot)
                return step
        return None

    def targets(self) -> list[tuple[str, str]]:
        """Every question and list of the report as (label, id), for a table of contents."""
        out: list[tuple[str, str]] = []
        for index, part in enumerate(self.spec.parts):
            slot = self._slot(part)
            out.append((f"〔{index + 1}/{len(self.spec.parts)}〕{part.title}", ""))
            self._list_targets(part.questions, slot, out, 1)
        return out

    # -- the walk ----------------------------------------------------------------------------------

    def _start(self, target: str | None, opening: bool = False) -> None:
        if self._walk is not None:
            self._walk.close()
        self._target = target
        self._where = []
        self.finished = False
        self._walk = self._run_edit() if self.mode == "edit" else self._run_new(opening)
        self._advance(None, first=True)
        if target is not None and self._target is not None:
            # the question is gone (an item deleted, the file edited by hand): carry on from the start
            self._target = None
            text = self.drafts.text if self._resume_at == target else ""
            if text:
                self._notes.append(f"上次中断时正在写的内容（原问题已找不到，请复制使用）：\n{text}")
            self._resume_at = None
            self._start(None, opening=opening)
        self._resume_at = None

    def _advance(self, value: Any, first: bool = False) -> None:
        assert self._walk is not None
        try:
            item = next(self._walk) if first else self._walk.send(value)
            while isinstance(item, Note):
                self._notes.append(item.text)
                item = next(self._walk)
        except StopIteration:
            self._current = None
            self.finished = True
            return
        self._current = item

    def _seeking(self) -> bool:
        return self._target is not None

    def _ask(self, step: Step) -> Walk:
        """Yield `step` (with its context) and return the answer; while seeking, only the target is asked."""
        step.part = self._part_label
        step.where = " · ".join(self._where)
        step.progress = self.progress()
        typed = self.drafts.typed_at(step.id)
        if typed and step.kind in ("line", "paragraphs"):
            step.default, step.draft = typed, True
            self._notes.append("上次中断时正在写的内容已经恢复，请核对后提交。")
        answer = yield step
        return answer

    # -- new ----------------------------------------------------------------------------------------

    def _run_new(self, opening: bool) -> Walk:
        if opening:
            if self.carried_from is not None:
                yield Note(f"已从 {self.carried_from} 结转到 {self.doc.path}：沿用机关信息，年度顺延为"
                           f"{self.doc.data.get('year')}年，上年的“下一年度主要安排”将逐条询问落实情况。")
            elif self.doc.existed and self._resume_at:
                yield Note(f"继续填写 {self.doc.path}：已有的回答都保留，从上次中断的问题接着问。"
                           f"（要修改已答内容，可按 PgUp 回到上一题，或用 drafter edit {shell_arg(self.doc.path)}）")
            elif self.doc.existed:
                yield Note(f"继续填写 {self.doc.path}：已有的回答都保留，从第一个没有回答的问题开始。"
                           f"（要修改已答内容，可按 PgUp 回到上一题，或用 drafter edit {shell_arg(self.doc.path)}）")
        states: list[tuple[bool, bool]] | None = None
        for index, part in enumerate(self.spec.parts):
            seeking = self._seeking()
            if states is None:
                states = self._part_states()
            answered, later_answered = states[index]
            if answered and not seeking:
                continue
            self._part_label = f"〔{index + 1}/{len(self.spec.parts)}〕{part.title}"
            if not seeking:
                yield Note(self._announce(part, index))
            yield from self.fill_part(part, resume=True, later_answered=later_answered)
            states = None  # the answers just given may change what counts as answered
        if self._seeking():
            return

    _part_label = ""

    def _announce(self, part: Part, index: int) -> str:
        answered, total = self.progress()
        lines = [f"\n〔{index + 1}/{len(self.spec.parts)}〕{part.title}（整份报告已答 {answered}/{total} 题）"]
        if part.intro:
            lines.append(part.intro)
        return "\n".join(lines)

    def fill_part(self, part: Part, *, resume: bool, later_answered: bool = True) -> Walk:
        slot = self._slot(part)
        if part.gate and slot.mapping() is None:
            gate_id = f"{part.id}:gate"
            if self._seeking() and self._target != gate_id:
                return
            if self._target == gate_id:
                self._target = None
            yes = yield from self._ask(Step(gate_id, "confirm", part.gate.message, part.gate.default,
                                            help=help_text(part.questions[0]) if part.questions else "",
                                            parse=parse_yes_no))
            if not yes:
                return
        yield from self.fill(part.questions, slot, resume=resume, later_answered=later_answered)

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

    # -- parts -----------------------------------------------------------------------------

    def _part_for(self, kind: Any) -> Part | None:
        return next((p for p in self.spec.parts if p.target == kind), None)

    def _slot(self, part: Part) -> Slot:
        if part.target == "root":
            return Slot.of(self.doc.data, "", part.id)
        kind = part.target
        return Slot(lambda: self.doc.section(kind), lambda: self.doc.add_section(kind), "section", kind, part.id)

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

    def _year(self) -> int | None:
        year = self.doc.data.get("year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    def _valid(self, q: Question, value: Any) -> bool:
        """A stored value the question itself would accept (a hand-written `year: 二〇二五` is not)."""
        if q.type in ("confirm", "group"):
            return True
        if value is None or value == "":
            return q.empty_ok
        try:
            convert(q.type, as_text(q.type, value), empty_ok=q.empty_ok, checks=q.validate, year=self._year(),
                    today=self.today)
        except ValueError:
            return False
        return True

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
        if value in (None, "", []):
            return q.empty_ok
        return self._valid(q, value)

    def form_answered(self, questions: tuple[Question, ...], slot: Slot, *, later_answered: bool = True) -> bool:
        return all(self.question_answered(q, slot, later_answered=later_answered) for q in questions)

    def item_complete(self, form: tuple[Question, ...], item: Any) -> bool:
        if not isinstance(item, CommentedMap):
            return True  # not ours to fix; the check reports it
        return not self._pending(item) and self.form_answered(form, Slot.of(item, "item"))

    def _pending(self, item: CommentedMap) -> bool:
        marker = self.spec.carry.marker if self.spec.carry else ""
        return bool(marker) and marker in eol_comment(item, "heading")

    def progress(self) -> tuple[int, int]:
        """(answered, total) over the questions of the report as it stands (each item's too)."""
        answered = total = 0
        for part in self.spec.parts:
            slot = self._slot(part)
            if slot.mapping() is None and part.target != "root":
                total += 0 if part.gate else self._blank_count(part.questions)  # to come: at least one item each
                continue
            a, t = self._count(part.questions, slot)
            answered, total = answered + a, total + t
        return answered, total

    def part_progress(self, part: Part) -> tuple[int, int]:
        """(answered, total) over one part as it stands; (0, 0) for a gated part not yet opened."""
        slot = self._slot(part)
        if part.gate and slot.mapping() is None:
            return 0, 0
        return self._count(part.questions, slot)

    def _blank_count(self, questions: tuple[Question, ...]) -> int:
        total = 0
        for q in questions:
            if q.resume_skip or q.when == "mode == 'edit'":
                continue
            total += self._blank_count(self.spec.forms[q.form or ""]) if q.type == "group" else 1
        return total

    def _count(self, questions: tuple[Question, ...], slot: Slot) -> tuple[int, int]:
        answered = total = 0
        for q in questions:
            if q.type == "group":
                if not self._applies(q, slot):
                    continue
                form = self.spec.forms[q.form or ""]
                items = _items_of(slot, q.path)
                for item in items:
                    if isinstance(item, CommentedMap):
                        a, t = self._count(form, Slot.of(item, "item"))
                        answered, total = answered + a, total + t
                if not items and not q.ask and not q.resume_skip:
                    total += self._blank_count(form)  # a list that needs its first entry: still to answer
                continue
            if not self._applies(q, slot) or q.resume_skip or q.when == "mode == 'edit'":
                continue
            total += 1
            if slot.mapping() is not None and self.question_answered(q, slot) and slot.get(q.path) is not _MISSING:
                answered += 1
        return answered, total

    # -- asking -------------------------------------------------------------------------------

    def fill(self, questions: tuple[Question, ...], slot: Slot, *, resume: bool, later_answered: bool = True,
             previous: Any = None) -> Walk:
        """Ask the questions of one form in order (only the unanswered ones when resuming); returns
        whether anything was asked. Once a resumed form asks something, its optional follow-ups
        (resume: skip) are asked too, exactly as in an uninterrupted run."""
        started = not resume
        asked = False
        for q in questions:
            if not self._applies(q, slot, previous):
                continue
            if q.type == "group":
                asked |= yield from self.group(q, slot, resume=not started, later_answered=later_answered)
                started = started or asked
                continue
            if self._seeking():
                if self._target != _qid(slot, q):
                    continue
                self._target = None  # found: ask it, then go on as a resumed run
            elif resume and self.question_answered(q, slot) and not (started and q.resume_skip and
                                                                     slot.get(q.path) is _MISSING):
                continue
            started = asked = True
            yield from self.ask_and_save(q, slot, previous=previous)
        return asked

    def ask_and_save(self, q: Question, slot: Slot, *, previous: Any = None, message: str | None = None,
                     default: Any = _MISSING) -> Walk:
        current = slot.get(q.path)
        qid = _qid(slot, q)
        offer = self.drafts.offers.get(qid) if current is _MISSING or current in (None, "", []) else None
        if offer and default is _MISSING:
            default = offer
            yield Note("下面先填入了上年报告的原文，请改写为今年的情况。")

        def store(value: Any, to: Path | None = None) -> bool:
            if offer and value is not BLANK and _lines(value) == _lines(offer):
                return False  # last year's text untouched: it stays an offer until asked about below
            return self._store(q, slot, value, to)

        while True:
            step = self.question_step(q, slot, current, previous, message, default)
            step.store = store
            value = yield from self._ask(step)
            if not offer or value is BLANK or _lines(value) != _lines(offer):
                break
            keep = yield from self._ask(Step(f"{qid}:same", "confirm", "这还是上年的原文，一字未改。确定照用吗？（选“否”接着改）",
                                             False, parse=parse_yes_no, record=False,
                                             help="年度报告写当年的情况；上年的原文只是起草的底稿。"))
            if keep:
                break
            default = value
        self._store(q, slot, value)
        self.drafts.clear(qid)
        if value is BLANK:
            return value if q.omit_empty else None
        return paragraphs_value(value) if q.type == "paragraphs" else value

    def _store(self, q: Question, slot: Slot, value: Any, to: Path | None = None) -> bool:
        """Write one parsed answer into the document and save it (to `to` instead, when given);
        an answer equal to the stored one leaves the file alone, in the user's own spelling,
        quoting and style. Whether anything was written."""
        current = slot.get(q.path)
        if value is BLANK and q.omit_empty:
            if current is _MISSING:
                return False
            slot.delete(q.path)
        else:
            value = None if value is BLANK else paragraphs_value(value) if q.type == "paragraphs" else value
            if current is not _MISSING and _same(q, current, value):
                return False
            slot.set(q.path, value)
        if to is None:
            self.doc.save()
        else:
            self.doc.write_copy(to)
        return True

    def question_step(self, q: Question, slot: Slot, current: Any, previous: Any = None,
                      message: str | None = None, default: Any = _MISSING) -> Step:
        ctx = self._context(slot, previous)
        message = _render(message or q.message, ctx)
        if default is _MISSING:
            default = current if current is not _MISSING else _render(q.default, ctx)
        qid = _qid(slot, q)
        if q.type == "confirm":
            return Step(qid, "confirm", message, as_bool(default), help=help_text(q), parse=parse_yes_no,
                        question=q)
        year = self._year()

        def parse(text: Any) -> Any:
            text, removed = BIDI_CONTROL_CHARS.subn("", str(text))
            if removed:  # invisible, so the clerk could not delete them; the document would show text reversed
                self._notes.append(f"已删除 {removed} 个不可见的文字方向控制字符（多由粘贴带入，会使 Word 中的文字倒序显示）。")
            value = convert(q.type, text, empty_ok=q.empty_ok, checks=q.validate, year=year, today=self.today)
            if q.type == "line" and value is not BLANK and value != text.strip():
                self._notes.append(f"已按规范写法保存为：{value}")
            if q.type == "date" and isinstance(value, dt.date):
                warning = late_date_warning(value, year)
                if warning:
                    self._notes.append(warning)
            return value

        def validate(text: str) -> str | None:
            if text.strip() in HELP_WORDS:
                return None
            try:
                convert(q.type, BIDI_CONTROL_CHARS.sub("", text), empty_ok=q.empty_ok, checks=q.validate, year=year,
                        today=self.today)
            except ValueError as exc:
                return str(exc)
            return None

        kind: StepKind = "paragraphs" if q.type == "paragraphs" else "line"
        return Step(qid, kind, message, as_text(q.type, default), help=help_text(q), validate=validate, parse=parse,
                    question=q)

    # -- repeating groups ------------------------------------------------------------------------

    def group(self, q: Question, slot: Slot, *, resume: bool, later_answered: bool = True) -> Walk:
        form = self.spec.forms[q.form or ""]
        path = q.path
        level = 2 if slot.kind == "section" else 3
        noun = q.noun or "条目"
        menu_id = f"{_qid(slot, q)}:menu"
        asked = False
        for item in list(_items_of(slot, path)):
            index = _index(_items_of(slot, path), item)
            if index is None:
                continue
            item_slot = Slot.of(item, "item", f"{_qid(slot, q)}[{index}]") if isinstance(item, CommentedMap) else None
            if item_slot is None:
                continue
            self._where.append(f"第{index + 1}条{noun}")
            try:
                if self._target is not None:
                    if self._target.startswith((item_slot.id + "/", item_slot.id + ":")):
                        if self._pending(item):
                            asked |= yield from self.carry_check(form, item, slot, path, level, item_slot)
                        else:
                            if not self.item_complete(form, item):
                                yield Note(f"补全：{self._label(slot, path, item, level)}")
                            asked |= yield from self.fill(form, item_slot, resume=True)
                elif self._pending(item):
                    asked |= yield from self.carry_check(form, item, slot, path, level, item_slot)
                elif resume and not self.item_complete(form, item):
                    yield Note(f"补全：{self._label(slot, path, item, level)}")
                    asked |= yield from self.fill(form, item_slot, resume=True)
            finally:
                self._where.pop()
        if self._target is not None:
            if self._target != menu_id:
                if self._target.startswith(_qid(slot, q) + ":ask"):
                    self._target = None
                else:
                    return asked
            else:
                self._target = None
        elif resume and not asked and self.question_answered(q, slot, later_answered=later_answered):
            return asked
        if not _items_of(slot, path):
            if q.ask:
                wanted = yield from self._ask(Step(f"{_qid(slot, q)}:ask", "confirm", q.ask, False,
                                                   help=help_text(q), parse=parse_yes_no))
                if not wanted:
                    return True
            yield from self.add_item(q, form, slot)
        yield from self.group_menu(q, form, slot, level)
        return True

    def _label(self, slot: Slot, path: tuple[str, ...], item: Any, level: int) -> str:
        index = _index(_items_of(slot, path), item)
        number = heading_label(level, index + 1) if index is not None else ""
        heading = item.get("heading", "") if isinstance(item, dict) else str(item)
        return f"{number}{heading}"

    def add_item(self, q: Question, form: tuple[Question, ...], slot: Slot) -> Walk:
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

        item_slot = Slot(lambda: new if _index(_items_of(slot, q.path), new) is not None else None, attach, "item",
                         sid=f"{_qid(slot, q)}[{len(items)}]")
        self._where.append(f"第{len(items) + 1}条{q.noun or '条目'}")
        try:
            yield from self.fill(form, item_slot, resume=False, previous=previous)
        finally:
            self._where.pop()

    def group_menu(self, q: Question, form: tuple[Question, ...], slot: Slot, level: int) -> Walk:
        noun = q.noun or "条目"
        menu_id = f"{_qid(slot, q)}:menu"
        while True:
            items = _items_of(slot, q.path)
            listing = [f"  {self._label(slot, q.path, item, level)}" for item in items]
            yield Note(f"\n目前共 {len(items)} 条{noun}：\n" + "\n".join(listing))
            choices: list[tuple[str, Any]] = [(f"新增一条{noun}", "add")]
            if items:
                choices += [("修改其中一条", "edit"), ("删除其中一条", "delete")]
            if len(items) > 1:
                choices.append(("调整顺序", "move"))
            if items:
                choices.append((f"{noun}都写完了，继续下一步" if level == 2 else f"{noun}都写完了，回到上一级", "done"))
            # after an item the next one is the likely wish: ending the list takes a deliberate choice
            action = yield from self._ask(Step(menu_id, "select", f"{noun}：下一步做什么？", "add",
                                               choices=choices, help=menu_help(q)))
            if action == "done":
                return
            if action == "add":
                yield from self.add_item(q, form, slot)
                continue
            index = yield from self._pick(items, slot, q.path, level, {
                "edit": "修改哪一条？", "delete": "删除哪一条？", "move": "移动哪一条？"}[action], q)
            if index is None:
                continue
            if action == "edit":
                yield from self.edit_item(q, form, slot, items, index, level)
            elif action == "delete":
                label = self._label(slot, q.path, items[index], level)
                yes = yield from self._ask(Step(f"{menu_id}:delete", "confirm", f"确定删除“{label}”吗？", False,
                                                help=menu_help(q), parse=parse_yes_no, record=False))
                if yes:
                    remove_item(items, index)
                    self.doc.save()
            else:
                yield from self._move(items, index, slot, q, level)

    def edit_item(self, q: Question, form: tuple[Question, ...], slot: Slot, items: list[Any], index: int,
                  level: int) -> Walk:
        if not isinstance(items[index], dict):
            yield Note(f"“{self._label(slot, q.path, items[index], level)}”在文件中只写了一行文字，不是由小标题（heading）"
                       f"和正文（text）组成的{q.noun or '条目'}，向导无法修改。可以选“删除其中一条”后重新新增，"
                       f"或用文本编辑器改为“heading: 小标题”“text: 正文”的写法。")
            return
        previous = items[index - 1] if index else None
        item_slot = Slot.of(items[index], "item", f"{_qid(slot, q)}[{index}]")
        self._where.append(f"第{index + 1}条{q.noun or '条目'}")
        try:
            yield from self.edit_fields(form, item_slot, previous)
        finally:
            self._where.pop()

    def edit_fields(self, form: tuple[Question, ...], slot: Slot, previous: Any = None) -> Walk:
        """A menu of one item's questions: change just the one that needs it."""
        while True:
            choices: list[tuple[str, Any]] = []
            for q in form:
                if not self._applies(q, slot, previous) and q.type != "group":
                    continue
                choices.append((self._field_label(q, slot), q.key))
            choices.append(("逐项修改这一条", "__all__"))
            choices.append(("改好了，返回", BACK_CHOICE))
            pick = yield from self._ask(Step(f"{slot.id}:fields", "select", "修改这一条的哪一项？", choices[0][1],
                                             choices=choices, record=False,
                                             help="选择要修改的一项；选“逐项修改这一条”会依次问这一条的每个问题。"))
            if pick == BACK_CHOICE:
                return
            if pick == "__all__":
                yield from self.fill(form, slot, resume=False, previous=previous)
                continue
            field = next((q for q in form if q.key == pick), None)
            if field is None:
                continue
            if field.type == "group":
                yield from self.group(field, slot, resume=False)
            else:
                yield from self.ask_and_save(field, slot, previous=previous)

    def _field_label(self, q: Question, slot: Slot) -> str:
        value = slot.get(q.path)
        name = q.message.split("（", 1)[0].rstrip("？?")
        if q.type == "group":
            count = len(value) if isinstance(value, list) else 0
            return f"{q.noun or name}（{count} 条）"
        if (value is _MISSING or value in (None, "")) and q.omit_empty:
            shown = "默认"
        elif value is _MISSING or value in (None, ""):
            shown = "未填写"
        elif q.type == "confirm":
            shown = "是" if as_bool(value) else "否"
        else:
            shown = as_text(q.type, value).replace("\n", " ")
            shown = shown[:18] + "……" if len(shown) > 18 else shown
        return f"{name}：{shown}"

    def _pick(self, items: list[Any], slot: Slot, path: tuple[str, ...], level: int, message: str,
              q: Question) -> Walk:
        choices: list[tuple[str, Any]] = [(self._label(slot, path, item, level), i) for i, item in enumerate(items)]
        choices.append(("返回", BACK_CHOICE))
        picked = yield from self._ask(Step(f"{_qid(slot, q)}:pick", "select", message, 0, choices=choices,
                                           help=menu_help(q), record=False))
        return None if picked == BACK_CHOICE else picked

    def _move(self, items: list[Any], index: int, slot: Slot, q: Question, level: int) -> Walk:
        choices: list[tuple[str, Any]] = [(f"第 {i + 1} 位（现在是 {self._label(slot, q.path, item, level)}）", i)
                                          for i, item in enumerate(items)]
        choices.append(("返回", BACK_CHOICE))
        target = yield from self._ask(Step(f"{_qid(slot, q)}:move", "select", "移到第几位？", index,
                                           choices=choices, help=menu_help(q), record=False))
        if target == BACK_CHOICE or target is None or target == index:
            return
        move_item(items, index, target)
        self.doc.save()

    # -- carry-over checklist ---------------------------------------------------------------------

    def carry_check(self, form: tuple[Question, ...], item: CommentedMap, slot: Slot, path: tuple[str, ...],
                    level: int, item_slot: Slot) -> Walk:
        carry = self.spec.carry
        assert carry is not None
        plan_lines = _lines(item.get("text"))
        plan = "\n".join(f"　　{p}" for p in plan_lines)
        seeking_inside = self._seeking() and self._target != f"{item_slot.id}:carry"
        if not seeking_inside:
            if self._target == f"{item_slot.id}:carry":
                self._target = None
            if not self._carry_intro_shown:
                yield Note(f"\n{carry.intro}")
                self._carry_intro_shown = True
            yield Note(f"\n{self._carried_label(item)}\n{plan}")
            while True:
                done = yield from self._ask(Step(f"{item_slot.id}:carry", "select", carry.ask, "done",
                                                 choices=[(carry.done, "done"), (carry.dropped, "dropped")],
                                                 help=f"{carry.intro}\n\n上年这一条的原文：\n{plan}"))
                if done != "dropped":
                    break
                sure = yield from self._ask(Step(f"{item_slot.id}:drop", "confirm",
                                                 f"确定删去“{item.get('heading', '')}”这一条吗？"
                                                 f"（可在“存在的不足和原因”中说明没有落实的原因）",
                                                 False, parse=parse_yes_no, record=False, help=carry.intro))
                if sure:
                    items = _items_of(slot, path)
                    remove_item(items, _index(items, item))
                    self.doc.save()
                    return True
        for q in form:
            if q.type == "group" or not self._applies(q, item_slot):
                continue
            if self._seeking():
                if self._target != _qid(item_slot, q):
                    continue
                self._target = None
            while True:
                value = yield from self.ask_and_save(q, item_slot,
                                                     message=carry.text_message if q.key == "text" else None)
                if q.key != "text" or _lines(value) != plan_lines or not plan_lines:
                    break
                keep = yield from self._ask(Step(f"{_qid(item_slot, q)}:same", "confirm",
                                                 "落实情况与上年安排原文一字不差。确定不改吗？（选“否”重新改写）", False,
                                                 parse=parse_yes_no, record=False, help=carry.text_message))
                if keep:
                    break
        drop_eol_comment(item, "heading")
        self.doc.save()
        return True

    def _carried_label(self, item: CommentedMap) -> str:
        note = eol_comment(item, "heading")
        marker = self.spec.carry.marker if self.spec.carry else ""
        origin = note.replace(marker, "").strip("，,（）() ").removeprefix("上年")
        return f"上年{origin}安排：{item.get('heading', '')}" if origin else f"上年安排：{item.get('heading', '')}"

    # -- edit -----------------------------------------------------------------------------------------

    def _run_edit(self) -> Walk:
        if self._target is None:
            yield Note(f"修改 {self.doc.path}：选择要修改的部分，再选其中一项；每答一项都立即保存。"
                       f"选“生成 DOCX 并退出”得到文档。")
        while True:
            if self._target is not None:
                # a jump or "back" in edit: just that question (or list), then the menus again
                target, self._target = self._target, None
                yield from self._edit_target(target)
            self._part_label = ""
            choice = yield from self._ask(Step("edit:menu", "select", "要修改哪一部分？", None,
                                               choices=self._edit_choices(),
                                               help="选择一个部分，再选其中要修改的一项；选“生成 DOCX 并退出”得到文档。"))
            if choice == "build":
                self.build = True
                return
            if choice == "quit":
                return
            what, value = choice
            if what == "part":
                part = self.spec.part(value)
                index = self.spec.parts.index(part)
                self._part_label = f"〔{index + 1}/{len(self.spec.parts)}〕{part.title}"
                yield from self.edit_part(part, self._slot(part))
            else:  # a section that exists, by position: thematic parts have no statutory kind
                section = self.doc.sections()[value]
                statutory = self._part_for(section.get("kind"))
                if statutory is None:
                    self._part_label = "专题部分"
                    yield from self.edit_fields(self.spec.forms["thematic"], Slot.of(section, "section",
                                                                                     f"sections[{value}]"))
                else:
                    index = self.spec.parts.index(statutory)
                    self._part_label = f"〔{index + 1}/{len(self.spec.parts)}〕{statutory.title}"
                    yield from self.edit_part(statutory, Slot.of(section, "section", statutory.id))

    def _edit_target(self, target: str) -> Walk:
        for index, part in enumerate(self.spec.parts):
            if not target.startswith((part.id + "/", part.id + ":")):
                continue
            self._part_label = f"〔{index + 1}/{len(self.spec.parts)}〕{part.title}"
            slot = self._slot(part)
            if target == f"{part.id}:fields" or (target == f"{part.id}:gate" and slot.mapping() is None):
                yield from self.edit_part(part, slot)
                return
            found = self._find(part.questions, slot, target)
            if found is not None:
                kind, q, where = found
                if kind == "menu":
                    level = 2 if where.kind == "section" else 3
                    yield from self.group_menu(q, self.spec.forms[q.form or ""], where, level)
                else:
                    yield from self.ask_and_save(q, where)
            return

    def _find(self, questions: tuple[Question, ...], slot: Slot, target: str) -> tuple[str, Question, Slot] | None:
        """The question (or list menu) with the id `target` under `slot`."""
        for q in questions:
            if q.type == "group":
                if target == f"{_qid(slot, q)}:menu":
                    return "menu", q, slot
                form = self.spec.forms[q.form or ""]
                for i, item in enumerate(_items_of(slot, q.path)):
                    item_slot = Slot.of(item, "item", f"{_qid(slot, q)}[{i}]") if isinstance(item, CommentedMap) else None
                    if item_slot is not None and target.startswith(item_slot.id + "/"):
                        return self._find(form, item_slot, target)
            elif target == _qid(slot, q):
                return "q", q, slot
        return None

    def edit_part(self, part: Part, slot: Slot) -> Walk:
        if part.gate and slot.mapping() is None:
            yield from self.fill_part(part, resume=False)
            return
        questions = part.questions
        groups = [q for q in questions if q.type == "group"]
        if len(questions) == 1 and not groups:
            yield from self.ask_and_save(questions[0], slot)
            return
        while True:
            choices: list[tuple[str, Any]] = []
            for q in questions:
                if not self._applies(q, slot):
                    continue
                if q.type == "group":
                    items = _items_of(slot, q.path)
                    level = 2 if slot.kind == "section" else 3
                    for i, item in enumerate(items):
                        choices.append((f"修改：{self._label(slot, q.path, item, level)}", ("item", q.key, i)))
                    choices.append((f"新增、删除或调整{q.noun or '条目'}的顺序", ("menu", q.key)))
                else:
                    choices.append((self._field_label(q, slot), ("q", q.key)))
            choices.append(("改好了，返回", BACK_CHOICE))
            pick = yield from self._ask(Step(f"{part.id}:fields", "select", f"{part.title}：修改哪一项？",
                                             choices[0][1], choices=choices,
                                             help=part.intro or "选择要修改的一项，只问这一项。"))
            if pick == BACK_CHOICE:
                return
            chosen = next((q for q in questions if isinstance(pick, tuple) and q.key == pick[1]), None)
            if chosen is None:
                continue
            form = self.spec.forms.get(chosen.form or "", ())
            level = 2 if slot.kind == "section" else 3
            if pick[0] == "q":
                yield from self.ask_and_save(chosen, slot)
            elif pick[0] == "item":
                yield from self.edit_item(chosen, form, slot, _items_of(slot, chosen.path), pick[2], level)
            else:
                if not _items_of(slot, chosen.path):
                    yield from self.add_item(chosen, form, slot)
                yield from self.group_menu(chosen, form, slot, level)

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

    def _list_targets(self, questions: tuple[Question, ...], slot: Slot, out: list[tuple[str, str]],
                      depth: int) -> None:
        for q in questions:
            if not self._applies(q, slot):
                continue
            if q.type == "group":
                form = self.spec.forms[q.form or ""]
                for i, item in enumerate(_items_of(slot, q.path)):
                    if isinstance(item, CommentedMap):
                        item_slot = Slot.of(item, "item", f"{_qid(slot, q)}[{i}]")
                        out.append(("　" * depth + f"第{chinese_numeral(i + 1)}条{q.noun}：{item.get('heading', '')}",
                                    f"{item_slot.id}/{form[0].key}"))
                        self._list_targets(form, item_slot, out, depth + 1)
                out.append(("　" * depth + f"{q.noun or '条目'}列表", f"{_qid(slot, q)}:menu"))
            else:
                out.append(("　" * depth + self._field_label(q, slot), _qid(slot, q)))


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("是", "y", "yes", "true", "1", "对"):
        return True
    if text in ("否", "n", "no", "false", "0", "不"):
        return False
    raise ValueError("请回答“是”或“否”")


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
    return _env.compile_expression(expression)  # type: ignore[no-any-return]  # through the lazy proxy (Any)


def _render(default: Any, ctx: dict[str, Any]) -> Any:
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
