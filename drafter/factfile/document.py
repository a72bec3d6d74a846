"""Read-modify-write of a fact file that keeps the user's comments, key order and untouched values.

The wizard saves after every answer through this module: ruamel.yaml round-trip mode
(comments and order live in the CommentedMap), new keys inserted in the order of the
fact model, paragraphs as `|` blocks, the schema modeline first, atomic replace.
"""

from __future__ import annotations

import contextlib
import io
import os
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from drafter.errors import DrafterError, FactFileError, Finding
from drafter.factfile.sections import section_kinds
from drafter.factfile.yamlread import PathT, SourceMap, format_path, loads, read_text, too_deep_error
from drafter.fsutil import atomic_write_text, shell_arg
from drafter.resources import data_dir

MODELINE_PREFIX = "# yaml-language-server: $schema="
SCHEMA_NAME = "facts.schema.json"

@cache
def _orders() -> dict[str, list[str]]:
    """Key order of new keys, from the model (hand-written files keep their own order).

    Worked out on first use: the wizard asks its first question before pydantic is imported.
    """
    from drafter.factfile.model import key_orders

    orders = key_orders()
    # The wizard's slot kinds: the mapping of one section, of one item.
    orders["section"], orders["item"] = orders["sections"], orders["items"]
    return orders


class _Constructor(RoundTripConstructor):
    """Round-trip construction that reads a decimal of more digits than Python converts (4,300) as the
    text it is, instead of raising in English: the fact model then says what the field must be."""

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


def round_trip_yaml() -> YAML:
    """ruamel round-trip settings shared by every writer of fact files."""
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long Chinese line
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def schema_reference(path: Path, *, install: bool = True) -> str:
    """Where a fact file's `$schema` line points: the project's schema by a relative path when the
    file sits in the project tree (the examples), else the per-user copy by a file URL, which stays
    valid when the file is moved or copied and needs no network (it is written or refreshed here,
    unless `install` is false: only naming the place, as a warning does)."""
    schema = (data_dir("schema") / SCHEMA_NAME).resolve()
    folder = Path(path).resolve().parent
    root = schema.parent.parent
    if folder == root or root in folder.parents:
        return Path(os.path.relpath(schema, folder)).as_posix()
    from drafter.factfile.schema import install_schema, installed_schema_path

    if not install:
        return installed_schema_path().as_uri()
    try:
        return install_schema().as_uri()
    except DrafterError:  # no writable per-user folder: the copy that came with drafter
        return schema.as_uri()


def modeline(path: Path) -> str:
    return f"{MODELINE_PREFIX}{schema_reference(path)}"


def paragraphs_value(paragraphs: list[str]) -> LiteralScalarString:
    value: LiteralScalarString = LiteralScalarString("\n".join(paragraphs) + "\n")  # ruamel types __new__ as Any
    return value


def insert_ordered(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set `key`; a new key goes before the first existing key that the model orders after it."""
    if key in mapping:
        old = mapping[key]
        mapping[key] = value
        _keep_comment_gap(mapping, key, old, value)
        return
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    for pos, existing in enumerate(mapping):
        if rank.get(existing, len(order)) > mine:
            mapping.insert(pos, key, value)
            return
    mapping[key] = value


def order_for(parent_key: str) -> list[str]:
    """The order of keys in a mapping under `parent_key` ("" for the top level, "agency",
    "sections", "items", … at any depth; "section" and "item" too); [] when the model has none."""
    return _orders().get(parent_key, [])


class FactDocument:
    """A fact file held as a round-trip tree; `save()` writes it back atomically."""

    def __init__(self, path: Path, data: CommentedMap, existed: bool) -> None:
        self.path = Path(path)
        self.data = data
        self.existed = existed

    @classmethod
    def open(cls, path: Path | str) -> FactDocument:
        path = Path(path)
        if not path.exists():
            return cls(path, CommentedMap(), False)
        text = read_text(path)
        try:
            parsed = loads(text, str(path))  # every problem located, as `drafter check` reports it
            if parsed.findings:
                raise FactFileError(f"{path}：事实文件有 {len(parsed.findings)} 处错误", parsed.findings)
            try:
                data = round_trip_yaml().load(text)
            except RecursionError:  # the round-trip constructor recurses deeper per level than loads
                raise too_deep_error(text, str(path)) from None
        except FactFileError as exc:
            hint = f"（可运行 drafter check {shell_arg(path)} 查看详情）"
            findings = [f.replace(message=f.message.rstrip("。") + hint) for f in exc.findings]
            raise FactFileError(f"{exc.message}，向导无法打开", findings) from None
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise FactFileError(
                f"{path}：YAML 语法错误，向导无法打开",
                [Finding(f"请先修正语法错误（可运行 drafter check {shell_arg(path)} 查看详情）", str(path),
                         mark.line + 1 if mark else None, mark.column + 1 if mark else None, code="yaml-syntax")],
            ) from None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap):
            raise FactFileError(f"{path}：文件内容应为“键: 值”形式（例如 year: 2024），向导无法打开。")
        wrong = _shape_findings(data, parsed.smap)
        if wrong:
            raise FactFileError(f"{path}：事实文件有 {len(wrong)} 处内容的形式不对，向导无法打开", wrong)
        return cls(path, data, True)

    # -- text -------------------------------------------------------------------

    def dumps(self) -> str:
        buffer = io.StringIO()
        round_trip_yaml().dump(self.data, buffer) if self.data else buffer.write("")
        text = buffer.getvalue()
        if not text.startswith(MODELINE_PREFIX):
            text = f"{modeline(self.path)}\n{text}"
        return text

    def save(self) -> None:
        atomic_write_text(self.path, self.dumps())
        self.existed = True

    def write_copy(self, to: Path) -> None:
        """Write the document, atomically, to another file: the fact file as a browser page had it
        when a hand edit came in between, kept beside the original."""
        atomic_write_text(to, self.dumps())

    # -- sections -----------------------------------------------------------------

    def sections(self) -> CommentedSeq:
        seq = self.data.get("sections")
        return seq if isinstance(seq, CommentedSeq) else CommentedSeq()

    def section(self, kind: str) -> CommentedMap | None:
        for sec in self.sections():
            if isinstance(sec, CommentedMap) and sec.get("kind") == kind:
                return sec
        return None

    def add_section(self, kind: str) -> CommentedMap:
        """A new section of `kind`, placed after the sections that come before it by statute."""
        order = list(section_kinds())
        rank = order.index(kind)
        seq = self.data.get("sections")
        if not isinstance(seq, list):
            seq = CommentedSeq()
            insert_ordered(self.data, "sections", seq, order_for(""))
        pos = 0
        for i, sec in enumerate(seq):
            other = sec.get("kind") if isinstance(sec, dict) else None
            other_rank = order.index(other) if other in order else 0  # thematic parts belong to part one
            if other_rank <= rank:
                pos = i + 1
        section = CommentedMap()
        section["kind"] = kind
        seq.insert(pos, section)
        return section


def _shape_findings(data: CommentedMap, smap: SourceMap) -> list[Finding]:
    """Values the wizard adds to that are not of the form it adds to: `sections:` or `items:` written
    as a mapping, `agency:` as a single text. Saving would replace them and lose what they hold."""
    findings: list[Finding] = []

    def expect(mapping: dict[str, Any], key: str, path: PathT, kind: type) -> Any:
        value = mapping.get(key)
        if value is None or isinstance(value, kind):
            return value
        what = "列表（每项以“- ”开头）" if kind is list else "“键: 值”形式的内容"
        mark = smap.locate(path)
        findings.append(Finding(
            f"“{key}”应为{what}，现在不是。向导会在这里添加内容，那样会替换掉这里已写的内容；"
            f"请先改正这一项（可运行 drafter check {shell_arg(smap.file)} 查看详情）。",
            smap.file, mark.line if mark else None, mark.column if mark else None, format_path(path),
            code="wizard-shape"))
        return None

    def items(mapping: dict[str, Any], path: PathT) -> None:
        for i, item in enumerate(expect(mapping, "items", path + ("items",), list) or []):
            if isinstance(item, dict):
                items(item, path + ("items", i))

    expect(data, "agency", ("agency",), dict)
    for i, section in enumerate(expect(data, "sections", ("sections",), list) or []):
        if isinstance(section, dict):
            items(section, ("sections", i))
    return findings


def eol_comment(mapping: CommentedMap, key: str) -> str:
    """The end-of-line comment after `key: value`, without '#', or ''."""
    entry = mapping.ca.items.get(key) if hasattr(mapping, "ca") else None
    if not entry or len(entry) < 3 or entry[2] is None:
        return ""
    comment: str = entry[2].value
    return comment.strip().lstrip("#").strip()


def drop_eol_comment(mapping: CommentedMap, key: str) -> None:
    entry = mapping.ca.items.get(key)
    if entry and len(entry) >= 3 and entry[2] is not None:
        # keep a following full-line comment that ruamel stores in the same token
        lines = entry[2].value.split("\n", 1)
        if len(lines) > 1 and lines[1].strip():
            entry[2].value = "\n" + lines[1]
        else:
            entry[2] = None


def _keep_comment_gap(mapping: CommentedMap, key: str, old: Any, new: Any) -> None:
    """`to: 某局  # 注` keeps its two spaces before `#` when the value grows or shrinks."""
    entry = mapping.ca.items.get(key) if hasattr(mapping, "ca") else None
    if not entry or len(entry) < 3 or entry[2] is None or entry[2].value.startswith("\n"):
        return
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
        return
    token = entry[2]
    shift = len(str(new if new is not None else "")) - len(str(old if old is not None else ""))
    mark = token.start_mark
    with contextlib.suppress(AttributeError, TypeError):
        token.start_mark = type(mark)(mark.name, mark.index, mark.line, max(mark.column + shift, 0), None, None) \
            if hasattr(mark, "buffer") else mark
        if not hasattr(mark, "buffer"):
            mark.column = max(mark.column + shift, 0)


def _last_comment_owner(node: Any) -> tuple[CommentedMap, str] | None:
    """The key whose comment token holds the full-line comments written after `node` (ruamel keeps
    them on the last key of the last entry, however deep)."""
    while True:
        if isinstance(node, list):
            if not node:
                return None
            node = node[-1]
        elif isinstance(node, dict):
            if not node:
                return None
            key = list(node)[-1]
            value = node[key]
            if isinstance(value, (dict, list)) and value:
                node = value
                continue
            return (node, key) if isinstance(node, CommentedMap) else None
        else:
            return None


def _is_block(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _detach_tail(items: list[Any]) -> str:
    """Cut the full-line comments after the list's last entry (they belong to what follows it);
    returned as "\n  # comment" lines."""
    owner = _last_comment_owner(items)
    if owner is None:
        return ""
    mapping, key = owner
    entry = mapping.ca.items.get(key) if hasattr(mapping, "ca") else None
    if not entry or len(entry) < 3 or entry[2] is None:
        return ""
    token = entry[2]
    text: str = token.value
    if _is_block(mapping[key]):  # after a `|` block every comment is a line of its own
        entry[2] = None
        return "\n" + " " * int(token.start_mark.column) + text
    eol, _sep, rest = text.partition("\n")
    if not rest.strip():
        return ""
    if eol.strip():
        token.value = eol + "\n"
    else:
        entry[2] = None
    return "\n" + rest


def _attach_tail(items: list[Any], tail: str) -> None:
    if not tail:
        return
    owner = _last_comment_owner(items)
    if owner is None:
        return
    mapping, key = owner
    entry = mapping.ca.items.get(key)
    if _is_block(mapping[key]):
        body = tail.lstrip("\n")
        indent = len(body) - len(body.lstrip(" "))
        mapping.yaml_add_eol_comment(body.lstrip(" "), key, column=indent)
        mapping.ca.items[key][2].value = body.lstrip(" ")
        return
    if entry and len(entry) >= 3 and entry[2] is not None:
        entry[2].value = entry[2].value.rstrip("\n") + tail
        return
    mapping.yaml_add_eol_comment("#", key)  # creates the token; its text is replaced
    mapping.ca.items[key][2].value = tail


def move_item(items: list[Any], index: int, target: int) -> None:
    """Move one entry of a list; comments written after the list stay after it."""
    tail = _detach_tail(items)
    items.insert(target, items.pop(index))
    _attach_tail(items, tail)


def remove_item(items: list[Any], index: int | None) -> None:
    """Delete one entry of a list; comments written after the list stay after it."""
    if index is None:
        return
    tail = _detach_tail(items)
    del items[index]
    _attach_tail(items, tail)
