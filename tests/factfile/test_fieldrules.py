"""The sentences for a missing and an unknown key, and which keys count as one slip away."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from drafter.factfile.fieldrules import missing_at, model_keys, near_pattern, unknown_at
from drafter.factfile.model import fact_json_schema
from tests.helpers.skips import skip_outside_ci


@pytest.mark.parametrize("typed", ["yaer", "yar", "yeaar", "yeer", "Year", "ear", "years"])
def test_one_slip_away(typed: str) -> None:
    assert re.fullmatch(near_pattern("year"), typed)


@pytest.mark.parametrize("typed", ["YEAR", "yr", "yearss", "eyar2", "", "年度"])
def test_not_one_slip_away(typed: str) -> None:
    assert not re.fullmatch(near_pattern("year"), typed)


def test_the_editor_reads_the_pattern_as_python_does() -> None:
    """yaml-language-server compiles `pattern` as an ECMAScript RegExp with the u flag."""
    node = shutil.which("node")
    if node is None:
        skip_outside_ci("Node.js is not installed: run bash scripts/setup-lsp.sh")
    typed = ["yaer", "yar", "yeaar", "Year", "years", "year", "yr", "yearss", "bold_headngs", "boldheadings", "run-in"]
    keys = ["year", "bold_headings", "run_in"]
    script = ("const [keys, typed] = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(keys.map(k => typed.filter(t => new RegExp(k, 'u').test(t)))))")
    patterns = [near_pattern(k) for k in keys]
    out = subprocess.run([str(node), "-e", script, json.dumps([patterns, typed])],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    assert json.loads(out) == [[t for t in typed if re.fullmatch(p, t)] for p in patterns]


@pytest.mark.parametrize("path, sentence", [
    (("yaer",), "未知的键，是不是“year”（年度）？"),
    (("agency", "nmae"), "未知的键，是不是“name”（机关全称）？"),
    (("sections", 0, "items", 0, "headng"), "未知的键，是不是“heading”（小标题）？"),
    (("attachments", 0, "titel"), "未知的键，是不是“title”（附件名称）？"),
    (("agency", "year"), "这个键不属于这一层，请检查缩进；这一层可写的键：name（机关全称，必填）、short（简称）"),
    (("sections", 0, "标题"), "未知的键；这一层可写的键：kind（部分类型）、heading（标题）、text（正文）、items（条目）"),
])
def test_an_unknown_key_is_worded_by_what_it_is_near(path: tuple[str | int, ...], sentence: str) -> None:
    assert unknown_at(fact_json_schema(), path) == sentence


@pytest.mark.parametrize("path, sentence", [
    (("agency",), "缺少必填项“agency”（机关），应为“键: 值”形式的内容，可写的键：name（机关全称，必填）、short（简称）"),
    (("sections", 2, "items", 0, "heading"), "缺少必填项“heading”（小标题），应为文字，不能为空"),
    (("letterhead", "signer"), "缺少必填项“signer”（签发人），应为文字，不能为空，例如“张三”"),
])
def test_a_missing_key_is_named_with_what_to_write(path: tuple[str | int, ...], sentence: str) -> None:
    assert missing_at(fact_json_schema(), path) == sentence


def test_every_key_of_the_model_is_known() -> None:
    keys = model_keys(fact_json_schema())
    assert keys[:3] == ["agency", "year", "title"] and {"run_in", "signer", "cc", "short"} <= set(keys)
    assert len(keys) == len(set(keys))
