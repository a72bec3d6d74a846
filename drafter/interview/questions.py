"""The wizard's questions, loaded from prompts/report.yaml into typed objects; no terminal I/O.

Questions are data so that wording, guidance and the example excerpts can change without
touching the answer logic; excerpts are *references* into examples/<slug>/facts.yaml,
resolved when shown, so they never drift from the reference reports.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from drafter.factfile.sections import section_kinds
from drafter.interview.answers import CHECKS, FIELD_CHECKS
from drafter.records import Frozen
from drafter.resources import data_dir, load_data

QUESTION_TYPES = ("line", "paragraphs", "year", "date", "confirm", "group")
#: Longest excerpt shown per example; real sections run to thousands of characters.
EXCERPT_CHARS = 360


class Question(Frozen):
    __slots__ = ("key", "type", "message", "default", "validate", "empty_ok", "omit_empty", "when", "resume_skip",
                 "guidance", "examples", "form", "noun", "ask")

    def __init__(self, key: str, type: str, message: str, default: Any = None, validate: tuple[str, ...] = (),
                 empty_ok: bool = False, omit_empty: bool = False, when: str | None = None, resume_skip: bool = False,
                 guidance: str = "", examples: tuple[str, ...] = (), form: str | None = None, noun: str = "",
                 ask: str | None = None) -> None:
        self.key = key
        self.type = type
        self.message = message
        self.default = default
        self.validate = validate
        self.empty_ok = empty_ok
        self.omit_empty = omit_empty  # an empty answer removes the key instead of recording a blank
        self.when = when
        self.resume_skip = resume_skip
        self.guidance = guidance
        self.examples = examples
        self.form = form  # group: the form of one entry
        self.noun = noun  # group: what one entry is called (举措, 安排)
        self.ask = ask  # group: yes/no question before an optional group

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))


class Gate(Frozen):
    __slots__ = ("message", "default")

    def __init__(self, message: str, default: bool = False) -> None:
        self.message = message
        self.default = default


class Part(Frozen):
    __slots__ = ("id", "title", "target", "questions", "intro", "gate")

    def __init__(self, id: str, title: str, target: str, questions: tuple[Question, ...], intro: str = "",
                 gate: Gate | None = None) -> None:
        self.id = id
        self.title = title
        self.target = target
        self.questions = questions
        self.intro = intro
        self.gate = gate


class Carry(Frozen):
    __slots__ = ("marker", "intro", "ask", "done", "dropped", "text_message")

    def __init__(self, marker: str, intro: str, ask: str, done: str, dropped: str, text_message: str) -> None:
        self.marker = marker
        self.intro = intro
        self.ask = ask
        self.done = done
        self.dropped = dropped
        self.text_message = text_message


class Spec(Frozen):
    __slots__ = ("parts", "forms", "carry")

    def __init__(self, parts: tuple[Part, ...], forms: dict[str, tuple[Question, ...]] | None = None,
                 carry: Carry | None = None) -> None:
        self.parts = parts
        self.forms: dict[str, tuple[Question, ...]] = {} if forms is None else forms
        self.carry = carry

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)

    def all_questions(self) -> list[Question]:
        out = [q for p in self.parts for q in p.questions]
        for form in self.forms.values():
            out.extend(form)
        return out


def prose(text: Any) -> str:
    """Chinese prose written over several YAML lines: lines join without spaces, blank lines split."""
    paragraphs = str(text or "").strip().split("\n\n")
    return "\n".join("".join(line.strip() for line in p.split("\n")) for p in paragraphs)


class SpecError(ValueError):
    """prompts/*.yaml is malformed: a bug in the shipped data, caught by the test suite."""


def _question(raw: dict[str, Any], where: str) -> Question:
    unknown = set(raw) - {"key", "type", "message", "default", "validate", "empty_ok", "omit_empty", "when",
                          "resume", "guidance", "examples", "form", "noun", "ask"}
    if unknown:
        raise SpecError(f"{where}: unknown question keys {sorted(unknown)}")
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        raise SpecError(f"{where}: type must be one of {QUESTION_TYPES}, not {qtype!r}")
    if qtype == "group" and not raw.get("form"):
        raise SpecError(f"{where}: a group needs a form")
    return Question(
        key=str(raw["key"]),
        type=qtype,
        message=str(raw.get("message", "")),
        default=raw.get("default"),
        validate=_field_checks(str(raw["key"]), tuple(raw.get("validate", ()))),
        empty_ok=bool(raw.get("empty_ok", False)),
        omit_empty=bool(raw.get("omit_empty", False)),
        when=raw.get("when"),
        resume_skip=raw.get("resume") == "skip",
        guidance=prose(raw.get("guidance")),
        examples=tuple(raw.get("examples", ())),
        form=raw.get("form"),
        noun=str(raw.get("noun", "")),
        ask=raw.get("ask"),
    )


def _field_checks(key: str, named: tuple[str, ...]) -> tuple[str, ...]:
    """The checks named in the spec, after the fact model's own rule for the field `key` fills
    (answers.FIELD_CHECKS): a heading or a name is refused as the build would refuse it."""
    unknown = [name for name in named if name not in CHECKS]
    if unknown:
        raise SpecError(f"question {key}: unknown checks {unknown}")
    implied = FIELD_CHECKS.get(key)
    return (implied, *named) if implied and implied not in named else named


def parse_spec(data: dict[str, Any]) -> Spec:
    kinds = section_kinds()
    parts = []
    for raw in data["parts"]:
        target = raw["target"]
        if target != "root" and target not in kinds:
            raise SpecError(f"part {raw['id']}: unknown target {target!r}")
        # a section part is called what templates/sections.yaml calls its kind
        title = raw.get("title") or (kinds[target].label if target != "root" else None)
        if not title:
            raise SpecError(f"part {raw['id']}: a part writing into the root needs a title")
        gate = Gate(raw["gate"]["message"], bool(raw["gate"].get("default", False))) if raw.get("gate") else None
        questions = tuple(_question(q, f"part {raw['id']}") for q in raw.get("questions", ()))
        parts.append(Part(raw["id"], title, target, questions, prose(raw.get("intro")), gate))
    forms = {name: tuple(_question(q, f"form {name}") for q in qs) for name, qs in data.get("forms", {}).items()}
    carry = Carry(**{k: prose(v) for k, v in data["carry"].items()}) if data.get("carry") else None
    spec = Spec(tuple(parts), forms, carry)
    for q in spec.all_questions():
        if q.form and q.form not in forms:
            raise SpecError(f"question {q.key}: unknown form {q.form!r}")
    return spec


@cache
def load_spec() -> Spec:
    """The shipped questions (prompts/report.yaml)."""
    return parse_spec(load_data(data_dir("prompts") / "report.yaml"))


# --- example excerpts ------------------------------------------------------------

_REF = re.compile(r"^\s*(?P<slug>[a-z0-9-]+)\s*:\s*(?P<path>\S+)\s*$")
_PATH_PART = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


class Excerpt(Frozen):
    __slots__ = ("slug", "source", "path", "text")

    def __init__(self, slug: str, source: str, path: str, text: str) -> None:
        self.slug = slug
        self.source = source  # "龙泉市科学技术局 2023年度"
        self.path = path
        self.text = text


def parse_ref(ref: str) -> tuple[str, tuple[str | int, ...]]:
    """'longquan-2023: sections[0].items[1]' -> ('longquan-2023', ('sections', 0, 'items', 1))."""
    m = _REF.match(ref)
    if not m:
        raise SpecError(f"bad example reference {ref!r}; write 'slug: field.path[0]'")
    parts: list[str | int] = []
    for name, index in _PATH_PART.findall(m["path"]):
        parts.append(name if name else int(index))
    return m["slug"], tuple(parts)


@cache
def _example_data(slug: str) -> Any:
    path = data_dir("examples") / slug / "facts.yaml"
    return load_data(path)


def _render_value(value: Any, depth: int = 0) -> list[str]:
    """A fact value as the lines a reader would see (headings marked, paragraphs kept)."""
    if value is None:
        return []
    if isinstance(value, dict):
        lines = []
        if value.get("heading"):
            lines.append("　" * depth + f"【小标题】{value['heading']}")
        lines += ["　" * depth + p for p in _render_value(value.get("text"), depth)]
        for child in value.get("items") or []:
            lines += _render_value(child, depth + 1)
        return lines
    if isinstance(value, list):
        return [line for v in value for line in _render_value(v, depth)]
    return [line.strip() for line in str(value).split("\n") if line.strip()]


_SENTENCE_END = "。；！？"


def _shorten(lines: list[str], limit: int) -> str:
    """At most about `limit` characters, cut after a sentence end, never mid-sentence."""
    out: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) > limit:
            room = max(limit - used, 0)
            cut = max((line.rfind(mark, 0, room) for mark in _SENTENCE_END), default=-1)
            if cut < 0 and not out:  # one long first sentence: up to its end, however long
                ends = [i for i in (line.find(mark) for mark in _SENTENCE_END) if i >= 0]
                cut = min(ends) if ends else len(line) - 1
            if cut >= 0:
                out.append(line[: cut + 1] + ("……" if cut + 1 < len(line) else ""))
            else:
                out.append("……")
            break
        out.append(line)
        used += len(line)
    return "\n".join(out)


_FIELD_NAMES = {"agency": "", "name": "机关全称", "year": "年度", "to": "主送机关", "doc_number": "发文字号",
                "date": "成文日期", "preamble": "开头段", "heading": "小标题", "text": "正文", "run_in": "小标题接排"}


def source_label(data: Any, path: tuple[str | int, ...]) -> str:
    """sections[0].items[1].heading -> 主要举措和成效·第2条·小标题 (for people, not programmers)."""
    kinds = section_kinds()
    bits: list[str] = []
    node: Any = data
    depth = 0
    for i, part in enumerate(path):
        prev = path[i - 1] if i else None
        if isinstance(part, int):
            node = node[part]
            if prev == "sections":
                kind = node.get("kind") if isinstance(node, dict) else None
                bits.append(kinds[kind].label if kind in kinds else f"第{part + 1}部分")
            elif prev == "items":
                depth += 1
                bits.append(f"第{part + 1}条" if depth == 1 else f"第{part + 1}小项")
            continue
        node = node[part]
        name = _FIELD_NAMES.get(part, "")
        if name:
            bits.append(name)
    return "·".join(bits)


def resolve_example(ref: str) -> Excerpt:
    """Follow a reference into the example's fact file; KeyError/IndexError if it no longer exists."""
    slug, path = parse_ref(ref)
    data = _example_data(slug)
    value: Any = data
    for part in path:
        value = value[part]
    source = f"{data['agency']['name']} {data['year']}年度报告"
    return Excerpt(slug, source, source_label(data, path), _shorten(_render_value(value), EXCERPT_CHARS))


def _excerpts(refs: tuple[str, ...]) -> list[str]:
    blocks = []
    for ref in refs:
        try:
            ex = resolve_example(ref)
        except FileNotFoundError:  # an installation without examples/
            continue
        blocks.append(f"【示例】{ex.source}·{ex.path}\n{ex.text}")
    return blocks


def help_text(question: Question) -> str:
    """What "?" / F1 shows: the guidance, then each excerpt with where it comes from."""
    blocks = []
    if question.guidance:
        blocks.append(f"【写作要求】\n{question.guidance}")
    blocks += _excerpts(question.examples)
    if not blocks:
        blocks.append("这一问没有补充说明。")
    return "\n\n".join(blocks)


def menu_help(question: Question) -> str:
    """Help at the menu of a list (举措, 安排, 小项): what the list should hold, and how the menu works."""
    how = (f"【怎么操作】选“新增一条{question.noun}”接着写下一条；写完所有{question.noun}后，选“{question.noun}都写完了”"
           f"进入下一步。写错了可以选“修改其中一条”，或按 PgUp 回到上一题。")
    return help_text(question) + "\n\n" + how
