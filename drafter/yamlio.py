"""Read a YAML fact file into plain data plus a map of where every value stands.

We compose the node graph ourselves instead of using a loader so that duplicate
keys, syntax errors, encoding errors and alias bombs all become located findings
(`file:line:column`) and every problem is reported at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import FactFileError, Finding, InputFileError

#: A fact file of a real report is ~20-60 KB; anything far larger is a mistake.
MAX_BYTES = 2 * 1024 * 1024
#: Upper bound on nodes visited while expanding aliases (defeats "billion laughs").
MAX_NODES = 200_000

PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceMap:
    """Positions of keys and values, keyed by the field path as a tuple."""

    file: str
    keys: dict[PathT, Mark] = field(default_factory=dict)
    values: dict[PathT, Mark] = field(default_factory=dict)
    #: For scalars written as block literals (`|`), the line of the first content line.
    block_first_line: dict[PathT, int] = field(default_factory=dict)

    def locate(self, path: PathT, prefer_key: bool = False) -> Mark | None:
        """Nearest known position for `path`, walking up to its parents."""
        p = tuple(path)
        while True:
            first, second = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            if p in first:
                return first[p]
            if p in second:
                return second[p]
            if not p:
                return None
            p = p[:-1]

    def line_of_text_line(self, path: PathT, index: int) -> Mark | None:
        """Position of the `index`-th line of a multi-line text value."""
        if path in self.block_first_line:
            return Mark(self.block_first_line[path] + index, 1)
        return self.locate(path)


def format_path(path: PathT) -> str:
    """sections[2].items[0].heading"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


_YAML_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"found character '\\t' that cannot start any token"), "不能用 Tab 缩进，请改用空格"),
    (re.compile(r"found a tab character"), "不能用 Tab 缩进，请改用空格"),
    (re.compile(r"mapping values are not allowed here"), "这里不能出现冒号“: ”，可能是缩进不对，或值里含有“: ”需要加引号"),
    (re.compile(r"could not find expected ':'"), "缺少冒号“:”"),
    (re.compile(r"found unexpected end of stream"), "文件意外结束：引号或括号没有闭合"),
    (re.compile(r"while scanning a quoted scalar"), "引号没有闭合"),
    (re.compile(r"found unexpected ':'"), "出现了多余的冒号"),
    (re.compile(r"expected <block end>, but found"), "缩进不一致"),
    (re.compile(r"did not find expected key"), "缩进不一致或缺少“键: 值”"),
    (re.compile(r"did not find expected '-' indicator"), "列表项缩进不一致"),
    (re.compile(r"expected a single document"), "文件中只能有一个 YAML 文档（不要使用“---”分隔多个文档）"),
    (re.compile(r"found undefined alias"), "引用了未定义的锚点（*别名）"),
    (re.compile(r"found character .* that cannot start any token"), "出现了不能作为开头的字符"),
    (re.compile(r"special characters are not allowed"), "文件中含有不允许的控制字符"),
    (re.compile(r"unacceptable character"), "文件中含有不允许的控制字符"),
]


def _translate_problem(problem: str) -> str:
    for pattern, message in _YAML_PROBLEMS:
        if pattern.search(problem):
            return message
    return f"YAML 语法错误（{problem}）"


def read_text(path: Path) -> str:
    """Read a UTF-8 fact file (BOM and CRLF tolerated) or raise a located error."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{name}：文件不存在。") from None
    except IsADirectoryError:
        raise InputFileError(f"{name}：这是一个文件夹，不是事实文件。") from None
    except OSError as exc:
        raise InputFileError(f"{name}：无法读取文件（{exc.strerror}）。") from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise FactFileError(
            f"{name}：文件过大",
            [Finding(f"文件有 {len(raw) // 1024} KB，超过上限 {MAX_BYTES // 1024 // 1024} MB；"
                     "事实文件通常只有几十 KB，请检查是否选错了文件。", name, 1, 1, code="file-too-large")],
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise FactFileError(
            f"{name}：不是 UTF-8 编码",
            [Finding("文件不是 UTF-8 编码（可能是 GBK/GB18030），请在编辑器中“另存为 UTF-8”后重试。",
                     name, line, column, code="encoding")],
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Parsed:
    """Plain data, where each value stands, and problems found while reading it."""

    data: Any
    smap: SourceMap
    findings: list[Finding]


def load(path: Path) -> Parsed:
    """Load the file at `path`; syntax errors raise FactFileError, other findings are returned."""
    return loads(read_text(path), str(path))


def loads(text: str, name: str = "<输入>") -> Parsed:
    smap = SourceMap(name)
    try:
        node = YAML(typ="rt", pure=True).compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or str(exc)
        raise FactFileError(
            f"{name}：YAML 语法错误",
            [Finding(_translate_problem(problem), name, line, column, code="yaml-syntax")],
        ) from None
    except YAMLError as exc:
        raise FactFileError(
            f"{name}：YAML 语法错误",
            [Finding(_translate_problem(str(exc)), name, 1, 1, code="yaml-syntax")],
        ) from None
    if node is None:
        return Parsed(None, smap, [])
    builder = _Builder(smap)
    data = builder.build(node, ())
    return Parsed(data, smap, builder.findings)


class _Builder:
    """Turns a composed node graph into dicts/lists/scalars, recording positions."""

    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.findings: list[Finding] = []
        self.visited = 0
        self.constructor = YAML(typ="safe", pure=True).constructor

    def _mark(self, node: Node) -> Mark:
        return Mark(node.start_mark.line + 1, node.start_mark.column + 1)

    def _error(self, node: Node, path: PathT, message: str, code: str) -> None:
        m = self._mark(node)
        self.findings.append(Finding(message, self.smap.file, m.line, m.column, format_path(path), code=code))

    def build(self, node: Node, path: PathT) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            if self.visited == MAX_NODES + 1:
                self._error(node, path, "文件展开后过大（锚点/别名引用过多），已停止读取。", "alias-bomb")
            return None
        self.smap.values.setdefault(path, self._mark(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.style == "|" and path not in self.smap.block_first_line:
            self.smap.block_first_line[path] = node.start_mark.line + 2
        return self._scalar(node, path)

    def _scalar(self, node: ScalarNode, path: PathT) -> Any:
        tag = str(node.tag)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (YAMLError, ValueError, OverflowError):
            return node.value
        if tag.endswith(":timestamp") and isinstance(value, dt.datetime) and not value.time():
            value = value.date()
        if isinstance(value, bytes):  # !!binary is never meant in a fact file
            self._error(node, path, "不支持二进制（!!binary）值。", "yaml-type")
            return None
        if node.style == ">" and isinstance(value, str):
            # The round-trip composer marks fold points with BEL for its own dumper;
            # a literal BEL cannot be typed in a folded scalar, so every one is a marker.
            value = value.replace("\a", "")
        return value

    def _mapping(self, node: MappingNode, path: PathT) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in self._pairs(node):
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, path, "键必须是简单的文字。", "yaml-key")
                continue
            key = key_node.value
            child = path + (key,)
            if key in result:
                first = self.smap.keys.get(child)
                where = f"（第 {first.line} 行已有）" if first else ""
                self._error(key_node, child, f"键“{key}”重复出现{where}；重复的键会让前一个值被悄悄丢掉，请合并或删除一个。",
                            "duplicate-key")
                continue
            self.smap.keys[child] = self._mark(key_node)
            result[key] = self.build(value_node, child)
        return result

    def _pairs(self, node: MappingNode) -> Iterator[tuple[Node, Node]]:
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and str(key_node.tag).endswith(":merge"):
                merged = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for m in merged:
                    if isinstance(m, MappingNode):
                        yield from self._pairs(m)
                continue
            yield key_node, value_node
