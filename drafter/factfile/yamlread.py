"""Read a YAML fact file into plain data plus a map of where every value stands.

We compose the node graph ourselves instead of using a loader so that duplicate
keys, syntax errors, encoding errors and alias bombs all become located findings
(`file:line:column`) and every problem is reported at once.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from drafter.errors import FactFileError, Finding
from drafter.factfile import fastcompose
from drafter.factfile.source import (  # noqa: F401 - re-exported: the rest of drafter reads them from here
    _ODD_LINE_BREAKS,
    MAX_BRACKET_DEPTH,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Mark,
    Parsed,
    PathT,
    SourceMap,
    Span,
    bracket_depth,
    decode,
    eol_comment,
    format_path,
    read_text,
    refuse_too_large,
    split_lines,
)
from drafter.text.values import describe_char

_YAML_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"found character '\\t' that cannot start any token"), "这里有制表符（Tab）：缩进和文字中都不能用 Tab，请改用空格"),
    (re.compile(r"found a tab character"), "这里有制表符（Tab）：缩进和文字中都不能用 Tab，请改用空格"),
    (re.compile(r"expected ',' or '\]'"), "方括号“[ ]”没有闭合，或列表项之间缺少逗号"),
    (re.compile(r"expected ',' or '\}'"), "花括号“{ }”没有闭合，或各项之间缺少逗号"),
    (re.compile(r"(found|got) '<stream end>'"), "文件意外结束：引号或括号没有闭合，或最后一项缺少内容"),
    (re.compile(r"found another document"), "文件中只能有一个 YAML 文档（不要使用“---”分隔多个文档）"),
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
    (re.compile(r"sequence entries are not allowed here"),
     "这里不能出现列表项“- ”：列表项要另起一行并缩进；如果“- ”是文字的一部分，请把这一项用引号括起来"),
    (re.compile(r"expected chomping or indentation indicators|expected indentation indicator"),
     "“|”或“>”后面同一行不能再写文字，正文请从下一行开始写（并比上一行多缩进）"),
    (re.compile(r"expected a comment or a line break"),
     "这里应该换行：这一行在此之后不能再写内容（注释要以空格加“#”开头）；“|”或“>”的正文请从下一行开始写"),
    (re.compile(r"expected the node content"), "这里缺少内容，或括号不配对（例如“[”要用“]”结束，“{”要用“}”结束）"),
    (re.compile(r"expected '<document start>'"),
     "这里多出了内容：可能是多余的右括号，或这一行的缩进与文件开头不一致（文件第一行不应缩进）"),
    (re.compile(r"expected alphabetic or numeric character"),
     "“&”和“*”在 YAML 中表示锚点和别名，后面要紧跟名称；如果它们是文字的一部分，请把这一项用引号括起来"),
    (re.compile(r"mapping keys are not allowed here"),
     "这里不能出现“? ”（YAML 的复杂键标记）；如果它是文字的一部分，请把这一项用引号括起来"),
    (re.compile(r"unknown escape character|expected escape sequence"),
     "双引号中的反斜杠“\\”开始了无效的转义；要写反斜杠本身请写两个“\\\\”，或改用单引号"),
    (re.compile(r"tag handle|expected '>'|while scanning a tag"),
     "“!”在 YAML 中表示类型标记；如果它是文字的一部分，请把这一项用引号括起来"),
    (re.compile(r"directive|incompatible YAML document|expected a digit"),
     "以“%”开头的行是 YAML 指令，写法不对；事实文件不需要指令，请删除这一行"),
]


def _translate_problem(problem: str) -> str:
    for pattern, message in _YAML_PROBLEMS:
        if pattern.search(problem):
            return message
    return f"YAML 语法错误（{problem}）"


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index`."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _too_deep(text: str, name: str) -> Finding:
    """Locate the first collection nested deeper than MAX_DEPTH (the event parser does not recurse)."""
    depth = 0
    try:
        for event in YAML(typ="rt", pure=True).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return _too_deep_finding(name, mark.line + 1, mark.column + 1)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except (YAMLError, RecursionError):
        pass
    return _too_deep_finding(name, 1, 1)


def too_deep_error(text: str, name: str) -> FactFileError:
    """The error for a text nested so deeply that a parser ran out of stack, at its first too-deep collection."""
    return FactFileError(f"{name}：嵌套层次过深", [_too_deep(text, name)])


def _too_deep_finding(name: str, line: int, column: int) -> Finding:
    return Finding(f"嵌套层次过深（超过 {MAX_DEPTH} 层），请检查缩进或括号。", name, line, column, code="too-deep")


def load(path: Path) -> Parsed:
    """Load the file at `path`; syntax errors raise FactFileError, other findings are returned."""
    return loads(read_text(path), str(path))


def loads(text: str, name: str = "<输入>") -> Parsed:
    refuse_too_large(text, name)
    smap = SourceMap(name)
    deepest, first_deep = bracket_depth(text)
    if deepest > MAX_BRACKET_DEPTH and first_deep is not None:
        line, column = _line_column(text, first_deep)
        raise FactFileError(f"{name}：嵌套层次过深", [_too_deep_finding(name, line, column)])
    odd = _ODD_LINE_BREAKS.search(text)
    if odd:
        line, column = _line_column(text, odd.start())
        raise FactFileError(
            f"{name}：文件中含有不允许的字符",
            [Finding(f"含有不可见的换行符 {describe_char(odd.group())}（常见于从 Word 复制的文字），"
                     "请删除它或换成普通的回车换行。", name, line, column, code="control-char")],
        )
    lines = split_lines(text)
    smap.lines = lines
    try:
        node = fastcompose.compose(text, lines, deepest, MAX_NODES)
    except fastcompose.TooManyNodes as exc:
        raise too_many_values(name, exc.mark.line + 1, exc.mark.column + 1, expanded=False) from None
    reused: list[Finding] = []
    try:
        if node is False:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ReusedAnchorWarning)
                node = YAML(typ="rt", pure=True).compose(text)
            reused = [_reused_anchor(w.message, name) for w in caught if isinstance(w.message, ReusedAnchorWarning)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or str(exc)
        message = _translate_problem(problem)
        opened = exc.context_mark
        if exc.context == "while scanning a simple key" and opened is not None:
            mark = opened  # the line that lacks its colon, not the next one
            message = _long_key(lines, opened.line, opened.column) or message
        at_end = "end of stream" in problem or "<stream end>" in problem
        if at_end and opened is not None and (mark is None or (opened.line, opened.column) < (mark.line, mark.column)):
            # The end of the file is useless as a location: point at the quote or bracket left open.
            mark = opened
            message = "从这里开始的引号或括号直到文件末尾都没有闭合"
        raise FactFileError(
            f"{name}：YAML 语法错误",
            [Finding(message, name, mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                     code="yaml-syntax")],
        ) from None
    except ReaderError as exc:
        line, column = _line_column(text, exc.position)
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise FactFileError(
            f"{name}：文件中含有不允许的字符",
            [Finding(f"含有不可见的控制字符 {describe_char(char)}，请删除后重试。", name, line, column,
                     code="control-char")],
        ) from None
    except YAMLError as exc:
        raise FactFileError(
            f"{name}：YAML 语法错误",
            [Finding(_translate_problem(str(exc)), name, 1, 1, code="yaml-syntax")],
        ) from None
    except RecursionError:
        raise too_deep_error(text, name) from None
    except ValueError:  # ruamel's scanner calls chr() on a \U escape beyond U+10FFFF
        raise FactFileError(f"{name}：YAML 语法错误", [_bad_escape(text, name)]) from None
    if node is None:
        return Parsed(None, smap, reused, text)
    builder = _Builder(smap, lines)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise too_deep_error(text, name) from None
    return Parsed(data, smap, reused + builder.findings, text)


def too_many_values(name: str, line: int, column: int | None, *, expanded: bool) -> FactFileError:
    """More than MAX_NODES values: through aliases (an alias bomb), or written out one by one."""
    if expanded:
        message, code = f"文件展开后过大（锚点/别名引用过多，展开后超过 {MAX_NODES} 个值），已停止读取。", "alias-bomb"
    else:
        message, code = (f"文件中的值过多（超过 {MAX_NODES} 个），已停止读取；事实文件通常只有几百个值，"
                         "请检查是否选错了文件。"), "too-many-values"
    return FactFileError(f"{name}：文件过大", [Finding(message, name, line, column, code=code)])


#: YAML reads a key written without `?` only within this many characters of its line.
MAX_KEY_CHARS = 1024


def _long_key(lines: list[str], line: int, column: int) -> str | None:
    """Why a line has a colon the parser did not find: the key before it is longer than YAML allows."""
    text = lines[line] if line < len(lines) else ""
    colon = re.search(r":(?:\s|$)", text[column:])
    if colon is None or colon.start() <= MAX_KEY_CHARS:
        return None
    return (f"这一行冒号“:”前的键有 {colon.start()} 个字符，YAML 的键最多 {MAX_KEY_CHARS} 个字符；"
            "键应是 year、text 这样的名称，文字要写在冒号后面")


_REUSED = re.compile(r"duplicate anchor '(?P<anchor>[^']*)'.*second occurrence.*?line (?P<line>\d+), column (?P<col>\d+)",
                     re.S)


def _reused_anchor(warning: Warning, name: str) -> Finding:
    """ruamel warns in English on stderr when an anchor (&x) is defined twice (its text carries the
    only record of where); say it as a located Chinese warning instead."""
    m = _REUSED.search(str(warning))
    label = f"“&{m['anchor']}”" if m else ""
    return Finding(f"锚点{label}定义了两次；其后的别名只引用后一次定义，请给两个锚点起不同的名字。", name,
                   int(m["line"]) if m else None, int(m["col"]) if m else None, severity="warning",
                   code="yaml-anchor")


_LONG_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _bad_escape(text: str, name: str) -> Finding:
    """Locate the first \\U escape that names no character (beyond U+10FFFF)."""
    line, column = 1, 1
    for m in _LONG_ESCAPE.finditer(text):
        if int(m[1], 16) > 0x10FFFF:
            line, column = _line_column(text, m.start())
            break
    return Finding("双引号中的转义“\\U”后面的编码超出了字符范围，不对应任何字符，请改正或删除。",
                   name, line, column, code="yaml-syntax")


class _Builder:
    """Turns a composed node graph into dicts/lists/scalars, recording positions."""

    def __init__(self, smap: SourceMap, lines: list[str]) -> None:
        self.smap = smap
        self.lines = lines  # the source, split as the parser counts lines: end-of-line comments are read here
        self.findings: list[Finding] = []
        self.visited = 0
        self.seen: set[int] = set()  # nodes built so far: one built again was reached through an alias
        self.duplicates: set[int] = set()  # key nodes already reported as duplicates
        self.open: set[int] = set()  # the mappings and lists being built, from the root down to here
        self.constructor = YAML(typ="safe", pure=True).constructor

    def _mark(self, node: Node) -> Mark:
        return Mark(node.start_mark.line + 1, node.start_mark.column + 1)

    def _error(self, node: Node, path: PathT, message: str, code: str) -> None:
        m = self._mark(node)
        self.findings.append(Finding(message, self.smap.file, m.line, m.column, format_path(path), code=code))

    def build(self, node: Node, path: PathT) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self._too_many(node)
        self.seen.add(id(node))
        if isinstance(node, (MappingNode, SequenceNode)):
            if id(node) in self.open:
                return self._cycle(path)
            self.smap.values.setdefault(path, self._mark(node))
            self.open.add(id(node))
            try:
                if isinstance(node, MappingNode):
                    return self._mapping(node, path)
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            finally:
                self.open.discard(id(node))
        self.smap.values.setdefault(path, self._mark(node))
        assert isinstance(node, ScalarNode)
        start, end = node.start_mark, node.end_mark
        self.smap.spans.setdefault(path, Span(node.style, start.line, start.column, end.line, end.column))
        if node.style == "|" and path not in self.smap.block_first_line:
            self.smap.block_first_line[path] = node.start_mark.line + 2
        if node.style is None and node.value:
            self._eol_comment(node, path)
        return self._scalar(node, path)

    def _cycle(self, path: PathT) -> None:
        """An alias inside the very mapping or list its anchor names: expanding it would never end."""
        mark = self.smap.locate(path, prefer_key=True)
        self.findings.append(Finding("这里的别名（*）引用了包含它自己的内容（循环引用），无法展开；请删除这个别名，"
                                     "或改为引用别的锚点。", self.smap.file, mark.line if mark else None,
                                     mark.column if mark else None, format_path(path), code="alias-cycle"))

    def _too_many(self, node: Node) -> FactFileError:
        """Stop reading: an alias bomb only when aliases repeated values (some node was built twice)."""
        m = self._mark(node)
        return too_many_values(self.smap.file, m.line, m.column, expanded=len(self.seen) < self.visited - 1)

    def _eol_comment(self, node: ScalarNode, path: PathT) -> None:
        """Record a `# …` after a plain scalar on its last line (read from the text, whichever parser ran)."""
        found = eol_comment(self.lines, node.end_mark.line, node.end_mark.column)
        if found:
            self.smap.eol_comments[path] = found

    def _scalar(self, node: ScalarNode, path: PathT) -> Any:
        tag = str(node.tag)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (YAMLError, ValueError, OverflowError):
            return node.value
        if tag.endswith(":timestamp") and isinstance(value, dt.datetime) and value.time() == dt.time():
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
        for key_node, value_node in self._pairs(node, path, set()):
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, path, "键必须是简单的文字。", "yaml-key")
                continue
            key = key_node.value
            child = path + (key,)
            self.smap.keys[child] = self._mark(key_node)
            if isinstance(value_node, ScalarNode) and value_node.style is None and not value_node.value:
                # `year:` left empty: point at its key; parsers disagree where "nothing" stands.
                self.smap.values.setdefault(child, self.smap.keys[child])
            result[key] = self.build(value_node, child)
        return result

    def _pairs(self, node: MappingNode, path: PathT, merging: set[int]) -> list[tuple[Node, Node]]:
        """The mapping's pairs as YAML means them: its own keys, then for each merge key (`<<: *a`,
        `<<: [*a, *b]`) the merged mappings' keys it does not have, an earlier mapping's before a later
        one's, in the merge key's place. Overriding a merged key is the point of merging; a key written
        twice among a mapping's own keys is the error (the second is dropped). `merging` holds the
        mappings being merged into this one, so that a mapping merged into itself ends."""
        own: dict[str, Node] = {}
        entries: list[tuple[Node, Node] | list[MappingNode]] = []
        merge_key: Node | None = None
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and str(key_node.tag).endswith(":merge"):
                if merge_key is not None:
                    self._duplicate(key_node, merge_key, path, hint="要合并几个映射，请写在一个列表里，如 <<: [*甲, *乙]。")
                    continue
                merge_key = key_node
                entries.append(self._merged(key_node, value_node, path))
                continue
            if isinstance(key_node, ScalarNode):
                first = own.setdefault(key_node.value, key_node)
                if first is not key_node:
                    self._duplicate(key_node, first, path + (key_node.value,))
                    continue
            entries.append((key_node, value_node))
        pairs: list[tuple[Node, Node]] = []
        for entry in entries:
            if isinstance(entry, tuple):
                pairs.append(entry)
                continue
            for mapping in entry:
                if id(mapping) in merging:
                    continue
                for key_node, value_node in self._pairs(mapping, path, merging | {id(node)}):
                    if isinstance(key_node, ScalarNode):
                        if key_node.value in own:
                            continue  # overridden: by the mapping itself, or by an earlier merged mapping
                        own[key_node.value] = key_node
                    pairs.append((key_node, value_node))
        return pairs

    def _merged(self, key: Node, value: Node, path: PathT) -> list[MappingNode]:
        """The mappings a merge key names; anything else there is reported (at the key: an alias's own
        position is not kept) and skipped."""
        items = value.value if isinstance(value, SequenceNode) else [value]
        mappings = [m for m in items if isinstance(m, MappingNode)]
        if len(mappings) < len(items):
            self._error(key, path, "合并键“<<”后面应是一个映射的别名（如 <<: *基本信息）或这样的别名列表"
                        "（如 <<: [*甲, *乙]）。", "yaml-merge")
        return mappings

    def _duplicate(self, key_node: ScalarNode, first: Node, path: PathT,
                   hint: str = "重复的键会让前一个值被悄悄丢掉，请合并或删除一个。") -> None:
        """A key written twice in one mapping, reported once even when the mapping is merged elsewhere too."""
        if id(key_node) in self.duplicates:
            return
        self.duplicates.add(id(key_node))
        self._error(key_node, path, f"键“{key_node.value}”重复出现（第 {first.start_mark.line + 1} 行已有）；{hint}",
                    "duplicate-key")
