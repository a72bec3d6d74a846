"""Hypothesis strategies for whole fact files, valid and subtly invalid, written in varied YAML.

Used by the parity tests of the compiled template (tests/docx/test_compiled.py) and of the
import-light build path (tests/factfile/test_light.py): the same file must give the same
result whichever way it is read or rendered.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import strategies as st

#: Characters real reports use, plus those XML and YAML treat specially.
_CHARS = st.sampled_from(list("法治政府建设年度报告工作推进依法行政龙泉市科学技术局一二三四五是")
                         + list("，。、；：！？“”《》（）〔〕—…·")
                         + list("abcXYZ0123456789 &<>'\"#:-[]{}|%*!@`,.?") + ["\u3000", "𠀋", "\xa0", "\t", "\n"])
_WORD = st.text(_CHARS, min_size=0, max_size=14)
_CLEAN = st.text(st.sampled_from(list("法治政府建设年度报告工作推进依法行政科学技术局")), min_size=1, max_size=10)


class _Odds:
    """Whether this file may go wrong, and a coin for each place where it may."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.bad = draw(st.integers(0, 2)) == 0

    def __call__(self) -> bool:
        return self.bad and bool(self.draw(st.integers(0, 4)) == 0)


_ODDS: list[_Odds] = []


def _wrong() -> bool:
    return _ODDS[-1]()


def _line(draw: Any) -> str:
    """A clean Chinese line; in a file that may go wrong, sometimes anything (spaces, punctuation at the end, a tab…)."""
    return str(draw(_WORD) if _wrong() else draw(_CLEAN))


def _paragraphs(draw: Any) -> Any:
    form = draw(st.integers(0, 3))
    lines = draw(st.lists(st.one_of(_CLEAN, _WORD) if _wrong() else _CLEAN, min_size=0, max_size=3))
    if form == 0:
        return "\n".join(lines)
    if form == 1:
        return lines
    if form == 2:
        return None
    return draw(_CLEAN) + "。"


@st.composite
def _item(draw: Any, depth: int) -> dict[str, Any]:
    item: dict[str, Any] = {"heading": _line(draw)}
    if draw(st.booleans()):
        item["run_in"] = draw(st.booleans())
    if draw(st.booleans()):
        item["text"] = _paragraphs(draw)
    if (depth < 4 or (depth < 6 and _wrong())) and draw(st.integers(0, 2)) == 0:
        item["items"] = draw(st.lists(_item(depth + 1), min_size=0, max_size=2))
    return item


@st.composite
def fact_data(draw: Any) -> dict[str, Any]:
    """A fact file's data: usually valid, sometimes not (each part may go wrong on its own)."""
    _ODDS.append(_Odds(draw))
    try:
        return _fact_data(draw)
    finally:
        _ODDS.pop()


def _fact_data(draw: Any) -> dict[str, Any]:
    name = _line(draw)
    data: dict[str, Any] = {"agency": {"name": name}}
    if draw(st.booleans()):
        data["agency"]["short"] = _line(draw)
    data["year"] = draw(st.sampled_from([1989, 2101, "2023", 2023.0, True, None]) if _wrong() else st.integers(2018, 2026))
    for key in ("title", "to", "doc_number", "signature", "date", "note"):
        if draw(st.integers(0, 2)) == 0:
            continue
        if key == "doc_number":
            data[key] = draw(st.sampled_from(["龙科〔24〕2号", "科字2号", ""] if _wrong() else ["龙科〔2024〕2号", "龙科[2024]2号"]))
        elif key == "date":
            data[key] = draw(st.sampled_from(["2024-02-30", "二〇二四年一月三十日", "2024/1/30", 20240130] if _wrong()
                                             else ["2024-01-30", "2024年1月30日", " 2024-1-5 "]))
        elif key == "title":
            data[key] = draw(st.one_of(_CLEAN, _WORD, st.just("第一行\n第二行")) if _wrong()
                             else st.one_of(_CLEAN, st.just("第一行\n\n  第二行 ")))
        else:
            data[key] = _line(draw)
    if draw(st.integers(0, 3)) == 0:
        data["fonts"] = draw(st.sampled_from(["gb2312", "windows"] + (["other"] if _wrong() else [])))
    if draw(st.integers(0, 3)) == 0:
        data["bold_headings"] = draw(st.sampled_from([True, False] + (["yes", 1] if _wrong() else [])))
    if draw(st.integers(0, 3)) == 0:
        data["seal"] = draw(st.booleans())
    if draw(st.booleans()):
        data["preamble"] = _paragraphs(draw)
    sections = []
    for _ in range(draw(st.integers(0 if _wrong() else 1, 4))):
        section: dict[str, Any] = {}
        if draw(st.integers(0, 3)):
            section["kind"] = draw(st.sampled_from(["measures", "problems", "leader", "plans", "other"]
                                                   + (["bogus"] if _wrong() else [])))
        if draw(st.booleans()) or ("kind" not in section and not _wrong()):
            section["heading"] = _line(draw)
        if draw(st.booleans()):
            section["text"] = _paragraphs(draw)
        if draw(st.booleans()):
            section["items"] = draw(st.lists(_item(2), min_size=0, max_size=3))
        sections.append(section)
    data["sections"] = sections
    if draw(st.booleans()):
        data["closing"] = _paragraphs(draw)
    if draw(st.integers(0, 2)) == 0:
        data["attachments"] = draw(st.lists(st.one_of(
            _CLEAN, st.builds(lambda t, x: {"title": t, "text": x}, _CLEAN, st.one_of(_CLEAN, st.just(["甲。", "乙。"])))),
            max_size=3))
    if draw(st.integers(0, 3)) == 0:
        data["letterhead"] = {"signer": _line(draw)}
        if draw(st.booleans()):
            data["letterhead"]["name"] = draw(st.one_of(_CLEAN, st.just("龙泉市科学技术局龙泉市科学技术局龙泉市科学技术局文件")))
        data.setdefault("doc_number", "龙科〔2024〕2号")
    if draw(st.integers(0, 3)) == 0:
        imprint: dict[str, Any] = {}
        if draw(st.booleans()):
            imprint["cc"] = draw(st.one_of(_CLEAN, st.lists(_CLEAN, min_size=0 if _wrong() else 1, max_size=3)))
        if draw(st.booleans()) or ("cc" not in imprint and not _wrong()):
            imprint["printer"] = draw(_CLEAN)
            if not _wrong():
                imprint["date"] = "2024-01-31"
        data["imprint"] = imprint
    if _wrong():
        data[draw(st.sampled_from(["titel", "extra"]))] = "x"
    if _wrong():
        data.pop(draw(st.sampled_from(["agency", "year", "sections"])), None)
    return data


def _scalar(draw: Any, value: Any, indent: int) -> str:
    """One value in a YAML form chosen at random (plain, double-quoted, single-quoted or a `|` block)."""
    if value is None or isinstance(value, (bool, int, float)):
        return "" if value is None else json.dumps(value)
    text = str(value)
    form = draw(st.integers(0, 3))
    if form == 3 and "\n" in text and text.strip() and text == text.rstrip(" ") and not text.startswith(" "):
        pad = " " * (indent + 2)
        return "|\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))
    if form == 2 and "\n" not in text and "\t" not in text:
        return "'" + text.replace("'", "''") + "'"
    plain_ok = (text and "\n" not in text and not text[0].isspace() and not text[-1].isspace()
                and not any(c in text for c in ":#'\"[]{},&*!|>%@`\t?") and text[0] not in "-0123456789"
                and ord(text[0]) > 127)
    if form == 1 and plain_ok:
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(draw: Any, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += _emit(draw, item, indent + 2)
            else:
                empty = "{}" if isinstance(item, dict) else "[]" if isinstance(item, list) else None
                text = empty if empty is not None else _scalar(draw, item, indent)
                lines.append(f"{pad}{key}: {text}".rstrip() if text else f"{pad}{key}:")
        return lines
    for item in value:
        if isinstance(item, dict) and item:
            inner = _emit(draw, item, indent + 2)
            lines.append(f"{pad}- " + inner[0].lstrip())
            lines += inner[1:]
        elif isinstance(item, list) and item:
            lines.append(f"{pad}-")
            lines += _emit(draw, item, indent + 2)
        else:
            lines.append(f"{pad}- " + (_scalar(draw, item, indent) if not isinstance(item, (dict, list)) else json.dumps(item)))
    return lines


@st.composite
def fact_files(draw: Any) -> str:
    """The text of a fact file: written by hand-style emitting (varied scalar forms) or by PyYAML."""
    data = draw(fact_data())
    if draw(st.integers(0, 3)) == 0:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=draw(st.booleans()))
    text = "\n".join(_emit(draw, data, 0)) + "\n"
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", draw(st.sampled_from([" #注释\n", " # 注释\n"])), 1)
    if draw(st.integers(0, 19)) == 0:
        text = text.replace("text: ", "text: &a ", 1)
    return text
