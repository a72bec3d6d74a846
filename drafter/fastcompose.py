"""Compose a plain fact file with libyaml, about ten times faster than ruamel's pure Python.

`drafter build --watch` and batch builds read the same kind of file again and again; ruamel's
round-trip composer spends most of a rebuild scanning it. This module gives the same node graph
(ruamel node classes, YAML 1.2 tags, end-of-line comments after plain scalars) from PyYAML's C
parser. It answers only for files it can read exactly like ruamel: any parse error, explicit
tag, directive or deep nesting returns False, and yamlio composes with ruamel, whose messages the
user then sees. tests/test_fastcompose.py compares both on every example and corpus file.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

_LOADER = getattr(yaml, "CSafeLoader", None)
#: libyaml composes recursively in C: keep well inside the depth ruamel itself handles.
_MAX_INDENT = 80
_MAX_BRACKETS = 20
#: Text ruamel may read differently: a tag (!), a directive (%), a tab (libyaml is stricter or looser).
_UNSAFE = re.compile(r"(?:^|[\s\[{,])!|^%|\t", re.M)
_BRACKET = re.compile(r"[\[\]{}]")
_EOL_COMMENT = re.compile(r"[ \t]+(#.*)")
_STYLES = {"": None, "'": "'", '"': '"', "|": "|", ">": ">"}


def compose(text: str) -> Node | None | bool:
    """The root node, None for an empty document, or False when ruamel must compose instead."""
    if _LOADER is None or _UNSAFE.search(text) or not _shallow(text):
        return False
    try:
        root = yaml.compose(text, Loader=_LOADER)  # noqa: S506 - composes nodes only, constructs nothing
    except Exception:  # any libyaml complaint: ruamel reads it again and words the message
        return False
    if root is None:
        return None
    return _Converter(text).convert(root)


def _shallow(text: str) -> bool:
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.split("\n")), default=0)
    depth = deepest = 0
    for m in _BRACKET.finditer(text):
        if m.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return indent <= _MAX_INDENT and deepest <= _MAX_BRACKETS


class _Converter:
    """PyYAML nodes to ruamel nodes, shared (aliased) nodes converted once, cycles kept."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.resolver = VersionedResolver(version=(1, 2))
        self.done: dict[int, Node] = {}

    def convert(self, node: Any) -> Node:
        known = self.done.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            seq = SequenceNode("tag:yaml.org,2002:seq", [], node.start_mark, node.end_mark,
                               flow_style=node.flow_style)
            self.done[id(node)] = seq
            seq.value = [self.convert(item) for item in node.value]
            return seq
        mapping = MappingNode(str(node.tag), [], node.start_mark, node.end_mark, flow_style=node.flow_style)
        self.done[id(node)] = mapping
        mapping.value = [(self.convert(k), self.convert(v)) for k, v in node.value]
        return mapping

    def _scalar(self, node: yaml.ScalarNode) -> ScalarNode:
        style = _STYLES.get(node.style or "", node.style)
        if style is None:  # plain: resolve by YAML 1.2, as ruamel does (`no` stays a string)
            tag = self.resolver.resolve(ScalarNode, node.value, (True, False))
        else:
            tag = "tag:yaml.org,2002:str"
        converted = ScalarNode(tag, node.value, node.start_mark, node.end_mark, style=style,
                               comment=self._eol_comment(node) if style is None and node.value else None)
        self.done[id(node)] = converted
        return converted

    def _eol_comment(self, node: yaml.ScalarNode) -> list[Any] | None:
        """A `# …` after a plain scalar on its last line, shaped like ruamel's comment token."""
        end = node.end_mark
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        m = _EOL_COMMENT.match(rest)
        if not m:
            return None
        return [_Comment(m.group(1), _At(end.line, end.column + m.start(1)))]


class _At:
    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class _Comment:
    """What yamlio reads of ruamel's CommentToken: its text and where it starts."""

    __slots__ = ("value", "start_mark")

    def __init__(self, value: str, start_mark: _At) -> None:
        self.value, self.start_mark = value, start_mark
