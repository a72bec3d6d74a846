"""Compose a plain fact file with libyaml, about ten times faster than ruamel's pure Python.

`drafter build --watch` and batch builds read the same kind of file again and again; ruamel's
round-trip composer spends most of a rebuild scanning it. This module gives the same node graph
(ruamel node classes, YAML 1.2 tags) from PyYAML's C parser; yamlio reads end-of-line comments
from the text, whichever parser composed it. It answers only for files it can read exactly like ruamel: any parse error, explicit
tag, directive or deep nesting returns False, and yamlio composes with ruamel, whose messages the
user then sees. tests/test_fastcompose.py compares both on every example and corpus file.
"""

from __future__ import annotations

from typing import Any, Literal

import yaml
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from drafter.factfile.source import unsafe_for_libyaml

_LOADER = getattr(yaml, "CSafeLoader", None)


class TooManyNodes(Exception):
    """The file holds more distinct values than `compose` was allowed to convert; `mark` is where
    the first one past the limit starts."""

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


def compose(text: str, lines: list[str], deepest_bracket: int, limit: int) -> Node | Literal[False] | None:
    """The root node, None for an empty document, or False when ruamel must compose instead.

    `lines` is the text split into lines and `deepest_bracket` its deepest [ { nesting, both
    worked out once by yamlio.loads (yamlio.split_lines, yamlio.bracket_depth). More than `limit`
    distinct values raise TooManyNodes: converting them all would take seconds for nothing.
    """
    if _LOADER is None or unsafe_for_libyaml(text, lines, deepest_bracket):
        return False
    try:
        root = yaml.compose(text, Loader=_LOADER)  # noqa: S506 - composes nodes only, constructs nothing
    except Exception:  # any libyaml complaint: ruamel reads it again and words the message
        return False
    if root is None:
        return None
    return _Converter(limit).convert(root)


class _Converter:
    """PyYAML nodes to ruamel nodes, shared (aliased) nodes converted once, cycles kept."""

    def __init__(self, limit: int) -> None:
        self.resolver = VersionedResolver(version=(1, 2))
        self.done: dict[int, Node] = {}
        self.limit = limit
        self.values = 0  # converted so far, keys not counted: yamlio's builder counts the same way

    def convert(self, node: Any, *, key: bool = False) -> Node:
        known = self.done.get(id(node))
        if known is not None:
            return known
        if not key:
            self.values += 1
            if self.values > self.limit:
                raise TooManyNodes(node.start_mark)
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
        mapping.value = [(self.convert(k, key=True), self.convert(v)) for k, v in node.value]
        return mapping

    def _scalar(self, node: yaml.ScalarNode) -> ScalarNode:
        style = node.style or None  # libyaml says "" for plain, ruamel None
        if style is None:  # plain: resolve by YAML 1.2, as ruamel does (`no` stays a string)
            tag = self.resolver.resolve(ScalarNode, node.value, (True, False))
        else:
            tag = "tag:yaml.org,2002:str"
        converted = ScalarNode(tag, node.value, node.start_mark, node.end_mark, style=style)
        self.done[id(node)] = converted
        return converted
