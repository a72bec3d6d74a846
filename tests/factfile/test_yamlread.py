"""drafter.factfile.yamlread: every syntax problem becomes a located Chinese message, never English or a traceback."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from drafter.errors import FactFileError, InputFileError
from drafter.factfile import fastcompose, source
from drafter.factfile import yamlread as yamlio

#: Words that may stay in a Chinese message: the names of the format and of the key.
_ALLOWED_WORDS = {"YAML", "Tab", "U"}


def only_finding(text: str):
    with pytest.raises(FactFileError) as info:
        yamlio.loads(text, "f.yaml")
    (finding,) = info.value.findings
    return finding


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("a: - b\n", "列表项"),  # sequence entries are not allowed here
        ("a: -\n  - b\n", "列表项"),
        ("a: |x\n  b\n", "下一行"),  # expected chomping or indentation indicators
        ("a: >12\n  b\n", "下一行"),
        ("a: |0\n  b\n", "下一行"),  # expected indentation indicator in the range 1-9
        ("a: |1 x\n b\n", "换行"),  # expected a comment or a line break
        ("a: [b, }\n", "括号"),  # expected the node content
        ("...\n", "缺少内容"),
        ("[a]\n]\n", "多出了内容"),  # expected '<document start>'
        ("  a: b\nc: d\n", "缩进"),
        ("a: & b\n", "锚点"),  # expected alphabetic or numeric character
        ("a: *\n", "锚点"),
        ("a: ? b\n", "“? ”"),  # mapping keys are not allowed here
        ('a: "\\q"\n', "转义"),  # found unknown escape character
        ('a: "\\x4"\n', "转义"),  # expected escape sequence of 2 hexadecimal numbers
        ("a: !a!b c\n", "类型标记"),  # found undefined tag handle
        ("a: !<x\n", "类型标记"),
        ("%YAML 1.2\n%YAML 1.2\n---\na: b\n", "指令"),  # found duplicate YAML directive
        ("%YAML 2.0\n---\na: b\n", "指令"),  # found incompatible YAML document
        ('a: "\\U0011FFFF"\n', "超出了字符范围"),  # ruamel raises a bare ValueError from chr()
    ],
)
def test_syntax_problems_are_worded_in_chinese(text: str, fragment: str) -> None:
    finding = only_finding(text)
    assert finding.code == "yaml-syntax"
    assert finding.line is not None and finding.column is not None
    assert fragment in finding.message, finding.message
    english = set(re.findall(r"[A-Za-z]+", finding.message)) - _ALLOWED_WORDS
    assert not english, finding.message


def test_an_out_of_range_escape_is_located_at_the_escape() -> None:
    finding = only_finding('year: 2024\ntitle: "报告\\U0011FFFF"\n')
    assert (finding.line, finding.column) == (2, 11)


@pytest.mark.parametrize(
    "error, reason",
    [
        (PermissionError(errno.EACCES, "Permission denied"), "没有权限读取"),
        (PermissionError(errno.EPERM, "Operation not permitted"), "没有权限读取"),
        (OSError(errno.EIO, "Input/output error"), "读取时磁盘或网络出错"),
        (OSError(errno.ENAMETOOLONG, "File name too long"), "文件名或路径过长"),
        (OSError(errno.EBUSY, "Device or resource busy"), "文件正被其他程序占用"),
        (OSError(errno.ENOTSUP, "Operation not supported"), f"错误代码 {errno.ENOTSUP}"),
    ],
)
def test_an_unreadable_file_is_explained_in_chinese(error: OSError, reason: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("year: 2024\n", encoding="utf-8")

    def refuse(name: object, *args: object) -> int:
        raise error

    monkeypatch.setattr("drafter.inputs.os.open", refuse)  # every input is opened by drafter.inputs
    with pytest.raises(InputFileError) as info:
        yamlio.read_text(path)
    assert info.value.message.startswith(f"{path}：无法读取文件（")
    assert reason in info.value.message
    assert error.strerror is not None and error.strerror not in info.value.message


def test_a_path_through_a_file_is_explained_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("year: 2024\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        yamlio.read_text(tmp_path / "a.yaml" / "b.yaml")
    assert "路径中有一级不是文件夹" in info.value.message
    english = set(re.findall(r"[A-Za-z]+", info.value.message.replace(str(tmp_path), ""))) - {"a", "b", "yaml"}
    assert not english, info.value.message


@pytest.mark.parametrize("fast", [True, False])
def test_an_end_of_line_comment_is_the_rest_of_its_own_line(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not fast:
        monkeypatch.setattr(fastcompose, "compose", lambda *args: False)
    parsed = yamlio.loads("year: 2024\ntext: 完成第 #1 项\n# 下一行的注释\nto: 某局  # 注\n", "f.yaml")
    assert parsed.smap.eol_comments == {
        ("text",): (yamlio.Mark(2, 11), "#1 项"),
        ("to",): (yamlio.Mark(4, 9), "# 注"),
    }


def test_the_deepest_bracket_is_counted_once_for_both_checks() -> None:
    assert yamlio.bracket_depth("a: [[1], {b: [2]}]\n") == (3, None)
    deep = "a: " + "[" * (yamlio.MAX_DEPTH + 1) + "]" * (yamlio.MAX_DEPTH + 1)
    assert yamlio.bracket_depth(deep) == (yamlio.MAX_DEPTH + 1, 3 + yamlio.MAX_DEPTH)


def test_an_anchor_defined_twice_is_a_located_chinese_warning_not_an_english_one(recwarn):
    parsed = yamlio.loads("a: &x 1\nb: &x 2\nc: *x\n", "x.yaml")
    assert parsed.data == {"a": 1, "b": 2, "c": 2}
    (finding,) = parsed.findings
    assert (finding.code, finding.severity, finding.line, finding.column) == ("yaml-anchor", "warning", 2, 4)
    assert "“&x”定义了两次" in finding.message
    assert not [w for w in recwarn if "anchor" in str(w.message)], "ruamel's English warning must not escape"


def test_no_english_anchor_warning_reaches_the_terminal(tmp_path):
    from tests.helpers.clirun import run_cli

    path = tmp_path / "x.yaml"
    path.write_text("agency: &x\n  name: 龙泉市科学技术局\nyear: 2023\nto: &x 科技局\n", encoding="utf-8")
    proc = run_cli(["check", str(path)])
    assert "Warning" not in proc.stderr and "duplicate" not in proc.stdout + proc.stderr
    assert "x.yaml:4:5: 警告: 锚点“&x”定义了两次" in proc.stdout + proc.stderr


@pytest.mark.parametrize("text", ["d: 2024-01-30 00:00:00\n", "d: 2024-01-30T00:00:00\n"])
def test_a_timestamp_at_midnight_reads_as_a_date(text):
    """A time object is always true, so `not value.time()` never caught midnight (found by mypy)."""
    import datetime as dt

    value = yamlio.loads(text).data["d"]
    assert value == dt.date(2024, 1, 30) and not isinstance(value, dt.datetime)


def test_a_timestamp_with_a_time_of_day_stays_a_datetime():
    import datetime as dt

    assert yamlio.loads("d: 2024-01-30 09:30:00\n").data["d"] == dt.datetime(2024, 1, 30, 9, 30)


def test_a_utf8_file_cut_inside_its_last_character_is_called_cut_not_gbk():
    """`head -c` or an interrupted copy ends a UTF-8 file inside a character: the file is not GBK,
    and the column counts characters, not bytes."""
    raw = "year: 2025\ntitle: 某局报告".encode()[:-1]
    with pytest.raises(FactFileError) as caught:
        yamlio.decode(raw, "f.yaml")
    (finding,) = caught.value.findings
    assert caught.value.message == "f.yaml：文件末尾的字符不完整"
    assert "GBK" not in finding.message and "不完整" in finding.message
    assert (finding.line, finding.column) == (2, 11)


def test_a_gbk_file_is_still_called_not_utf8_at_its_character_column():
    raw = "title: 某局".encode() + "报告".encode("gbk") + b"\n"
    with pytest.raises(FactFileError) as caught:
        yamlio.decode(raw, "f.yaml")
    (finding,) = caught.value.findings
    assert "GBK" in finding.message and (finding.line, finding.column) == (1, 10)


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "ruamel"])
def test_many_values_without_an_alias_are_not_called_an_alias_bomb(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file too big in values is stopped for that reason; only repeated aliases are an alias bomb."""
    monkeypatch.setattr(yamlio, "MAX_NODES", 50)
    if not fast:
        monkeypatch.setattr(fastcompose, "compose", lambda *args: False)
    finding = only_finding("text: [" + ", ".join(["a"] * 80) + "]\n")
    assert finding.code == "too-many-values" and "值过多（超过 50 个）" in finding.message
    assert "锚点" not in finding.message and "别名" not in finding.message
    assert (finding.line, finding.column) == (1, 8 + 3 * 48), "at the 51st value (the mapping and the list count)"
    bomb = only_finding("a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n")
    assert bomb.code == "alias-bomb" and "锚点/别名引用过多" in bomb.message


def test_a_text_over_the_size_limit_is_refused_wherever_it_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    """loads() itself has the file's limit: serve's preview and import's re-read do not come from a file."""
    monkeypatch.setattr(source, "MAX_BYTES", 4096)
    finding = only_finding("closing: " + "文" * 1400 + "\n")  # 1,400 characters, 4,209 bytes in UTF-8
    assert finding.code == "file-too-large" and "文件有 5 KB，超过上限 4 KB" in finding.message, finding.message
    assert yamlio.loads("closing: " + "文" * 1300 + "\n").data == {"closing": "文" * 1300}



_PLAIN = "agency:\n  name: 龙泉市科学技术局\nyear: 2023\ntext: 严格落实\n"


@pytest.mark.parametrize(("codec", "bom"), [
    ("utf-16-le", b""), ("utf-16-be", b""), ("utf-16-be", b"\xfe\xff"),
    ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"), ("utf-32-le", b""), ("utf-32-be", b""),
])
def test_utf16_and_utf32_are_read_in_either_byte_order_with_or_without_a_mark(codec: str, bom: bytes) -> None:
    """Once UTF-16 without a mark was called GBK, and UTF-32 with one read as UTF-16 full of NULs."""
    assert yamlio.decode(bom + _PLAIN.replace("\n", "\r\n").encode(codec), "f.yaml") == _PLAIN


def test_a_damaged_utf16_file_is_named_as_utf16_and_located() -> None:
    data = _PLAIN.encode("utf-16-be")[:-1]
    with pytest.raises(FactFileError) as info:
        yamlio.decode(data, "f.yaml")
    (finding,) = info.value.findings
    assert "文件的编码是 UTF-16 BE（无 BOM），但从第 93 字节起不是完整的字符" in finding.message
    assert (finding.line, finding.column) == (4, 11) and "GBK" not in finding.message  # at “实”, cut in half


@pytest.mark.parametrize(("data", "says"), [
    (b"\0" * 300, "文件内容全部是空字节"),
    ("agency:\n  name: 龙泉\n".encode("gbk"), "可能是 GBK/GB18030"),
    (b"a: \x81\xff\xfe\x80\n", "也不是 GBK/GB18030"),
])
def test_what_a_file_that_is_not_unicode_seems_to_be(data: bytes, says: str) -> None:
    with pytest.raises(FactFileError) as info:
        yamlio.decode(data, "f.yaml")
    assert says in info.value.findings[0].message and "\x00" not in info.value.findings[0].message


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "ruamel"])
def test_overriding_a_merged_key_is_not_a_duplicate(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """YAML's merge key: the mapping's own keys win over merged ones, an earlier merged mapping over a
    later one, wherever `<<` stands (issue 13 item 14: `<<: *s` then `kind: problems` was a duplicate)."""
    if not fast:
        monkeypatch.setattr(fastcompose, "compose", lambda *args: False)
    text = ("a: &s {kind: measures, heading: x}\n"
            "b: &b\n  <<: *s\n  kind: problems\n"
            "c:\n  kind: problems\n  <<: *s\n"
            "d: &t {kind: plans, text: y}\n"
            "e: {<<: [*s, *t], text: z}\n"
            "f: {<<: [*t, *s]}\n"
            "g: {<<: *b}\n")  # a merge of a mapping that merges
    parsed = yamlio.loads(text)
    assert parsed.findings == []
    assert parsed.data["b"] == parsed.data["c"] == {"kind": "problems", "heading": "x"}
    assert parsed.data["e"] == {"kind": "measures", "heading": "x", "text": "z"}
    assert parsed.data["f"] == {"kind": "plans", "text": "y", "heading": "x"}
    assert parsed.data["g"] == {"kind": "problems", "heading": "x"}
    assert parsed.smap.keys[("b", "kind")] == yamlio.Mark(4, 3), "the overriding key, where it is written"


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "ruamel"])
def test_a_key_written_twice_is_still_a_duplicate_next_to_a_merge(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not fast:
        monkeypatch.setattr(fastcompose, "compose", lambda *args: False)
    parsed = yamlio.loads("s: &s {kind: measures}\nb:\n  <<: *s\n  kind: problems\n  kind: leader\n"
                          "c: {<<: *s, <<: *s}\nd: {<<: *s}\n")
    assert [(f.code, f.line, f.path) for f in parsed.findings] == [
        ("duplicate-key", 5, "b.kind"), ("duplicate-key", 6, "c")]
    assert "第 4 行已有" in parsed.findings[0].message and "<<: [*甲, *乙]" in parsed.findings[1].message
    assert parsed.data["b"] == {"kind": "problems"}


@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "ruamel"])
def test_merging_what_is_not_a_mapping_and_aliases_in_their_own_anchor(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not fast:
        monkeypatch.setattr(fastcompose, "compose", lambda *args: False)
    parsed = yamlio.loads("t: &t 文字\nb:\n  <<: *t\n  k: 1\na: &a\n  k: 1\n  self: *a\n")
    assert [(f.code, f.line, f.column, f.path) for f in parsed.findings] == [
        ("yaml-merge", 3, 3, "b"), ("alias-cycle", 7, 3, "a.self")]
    assert parsed.data["b"] == {"k": 1} and parsed.data["a"] == {"k": 1, "self": None}


#: One text in every block and flow style, each in a list and as a mapping value, over two source lines.
_STYLES = {
    "- >": "- >\n  前置审核，\n  推进执法。\n",
    "- >-": "- >-\n  前置审核，\n  推进执法。\n",
    "- |": "- |\n  前置审核，\n  推进执法。\n",
    "- |+": "- |+\n  前置审核，\n  推进执法。\n\n",
    "- |2": "- |2\n   前置审核，\n   推进执法。\n",
    "- plain": "- 前置审核，\n  推进执法。\n",
    '- "': '- "前置审核，\n  推进执法。"\n',
    "- '": "- '前置审核，\n  推进执法。'\n",
    "key: >": "k: >\n  前置审核，\n  推进执法。\n",
    "key: |-": "k: |-\n  前置审核，\n  推进执法。\n",
    "key: plain": "k: 前置审核，\n  推进执法。\n",
}


@pytest.mark.parametrize("style", list(_STYLES))
@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "ruamel"])
def test_every_character_of_a_block_or_multi_line_text_is_found_on_its_own_line(
        style: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13 item 14: an error in a `- >` list item was located at the list's line."""
    if not fast:
        monkeypatch.setattr(fastcompose, "compose", lambda *args: False)
    text = "a: 1\nb:\n" + "".join("  " + line if line.strip() else line for line in _STYLES[style].splitlines(True))
    lines = text.split("\n")
    parsed = yamlio.loads(text)
    keyed = style.startswith("key")
    path: yamlio.PathT = ("b", "k") if keyed else ("b", 0)
    value = parsed.data["b"]["k"] if keyed else parsed.data["b"][0]

    def where(char: str) -> yamlio.Mark:
        number = next(i for i, line in enumerate(lines) if char in line)
        return yamlio.Mark(number + 1, lines[number].index(char) + 1)

    assert parsed.smap.position(path, value, value.index("推")) == where("推")
    assert parsed.smap.position(path, value, value.index("前")) == where("前")
    fold = value.index("，") + 1  # the space or line break the parser made of the end of the first line
    comma = where("，")
    assert parsed.smap.position(path, value, fold) == yamlio.Mark(comma.line, (comma.column or 0) + 1)


def test_a_text_is_found_line_by_line_only_as_far_as_it_stands_in_the_file_verbatim() -> None:
    """An escape in double quotes: its characters differ from the value's, the lines after it are not guessed."""
    parsed = yamlio.loads('k: "前置\\u5ba1核，\n  推进执法。"\n')
    value = parsed.data["k"]
    assert value == "前置审核， 推进执法。"
    assert parsed.smap.position(("k",), value, 1) == yamlio.Mark(1, 6)
    assert parsed.smap.position(("k",), value, value.index("推")) == yamlio.Mark(1, 7), "where the escape starts"
    assert parsed.smap.position(("missing",), value, 0) is None


@pytest.mark.parametrize("length", [1100, 5000])
def test_a_key_longer_than_yaml_reads_is_named_as_such_not_as_a_missing_colon(length: int) -> None:
    finding = only_finding(f"year: 2024\n{'1' * length}: x\n")
    assert finding.message.startswith(f"这一行冒号“:”前的键有 {length} 个字符，YAML 的键最多 1024 个字符")
    assert (finding.line, finding.column) == (2, 1)
    assert only_finding("year: 2024\nc d e\nf: g\n").message == "缺少冒号“:”"  # a line without one still is
