"""Property: any string in any text field builds a DOCX that says exactly that, or is refused clearly.

For every text field of the fact file, hypothesis writes an arbitrary string into it (as a
YAML double-quoted scalar, escaped or raw), builds the DOCX in memory and reads it back.

Documented normalisation (README, “文字的处理”):
- a multi-paragraph text (preamble, text, closing) is split on line breaks; each paragraph
  is stripped of whitespace at both ends and empty paragraphs are dropped;
- a one-line field (headings, agency name, 主送机关, 署名, 附件) is stripped at both ends;
- the title is split on line breaks like a text; long lines are broken further for width;
- 主送机关 gets one full-width colon at its end (a colon typed there is not doubled).

Refused, with a FactFileError whose finding names the field: C0 control characters other
than the line break (the tab included), DEL and C1 controls, lone surrogates, U+FFFE/U+FFFF,
docxtpl's reserved “{_{ }_} {_% %_}”, a line break in a one-line field, an empty required field,
a name (机关全称, 主送机关, 署名, 附件名称) ending in a punctuation mark (issue 20: one rule for
names; the colon after 主送机关 is the build's and may be typed), a heading typed with its own number.
Nothing else is refused, and nothing else is changed.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.docx.layout import layout
from drafter.docx.render import render_docx
from drafter.errors import FactFileError
from drafter.factfile.model import parse_facts
from tests.helpers.docxread import style_name

EXAMPLES = int(os.environ.get("DRAFTER_PROPERTY_EXAMPLES", "40"))

BASE = """\
agency:
  name: <agency.name>
year: 2023
title: <title>
to: <to>
signature: <signature>
date: 2024-01-30
preamble: <preamble>
sections:
  - kind: measures
    heading: <sections[0].heading>
    text: <sections[0].text>
    items:
      - heading: <sections[0].items[0].heading>
        text: <sections[0].items[0].text>
  - kind: problems
    text: 不足。
closing: <closing>
attachments: [<attachments[0]>]
"""

DEFAULTS = {
    "agency.name": "龙泉市科学技术局",
    "title": "关于2023年度法治政府建设情况的报告",
    "to": "龙泉市人民政府",
    "signature": "龙泉市科学技术局",
    "preamble": "现将有关情况报告如下：",
    "sections[0].heading": "主要举措",
    "sections[0].text": "坚持依法行政。",
    "sections[0].items[0].heading": "强化组织领导",
    "sections[0].items[0].text": "认真贯彻落实。",
    "closing": "特此报告。",
    "attachments[0]": "附件甲",
}


@dataclass(frozen=True)
class TextField:
    path: str
    kind: str  # "paragraphs" | "line" | "title"
    required: bool = False


FIELDS = [
    TextField("preamble", "paragraphs"),
    TextField("sections[0].text", "paragraphs"),
    TextField("sections[0].items[0].text", "paragraphs"),
    TextField("closing", "paragraphs"),
    TextField("title", "title"),
    TextField("agency.name", "line", required=True),
    TextField("sections[0].heading", "line"),
    TextField("sections[0].items[0].heading", "line", required=True),
    TextField("to", "line"),
    TextField("signature", "line"),
    TextField("attachments[0]", "line", required=True),
]

# --- the oracle: written independently of drafter/factfile/model.py ---------------------------------------------

_REFUSED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]|\\{_\\{|\\}_\\}|\\{_%|%_\\}")
#: A heading's own number in the four forms of GB/T 9704-2012 7.3.3 or ①: the build numbers headings.
_NUMBERED = re.compile(r"\s*(?:[一二三四五六七八九十百]{1,4}\s*[、．.]|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]"
                       r"|\d{1,2}\s*[.．、](?!\d{1,3}(?!\d))(?![.．])|[①-⑳])")
#: Names end without punctuation; the colon after 主送机关 is the build's and may be typed.
_NAMES = {"agency.name": "", "to": "：:", "signature": "", "attachments[0]": ""}


def refused(field: TextField, value: str) -> bool:
    if _REFUSED.search(value):
        return True
    if field.kind == "line" and "\n" in value.strip(" \n"):  # YAML's `|` and `>` end a text with a line break
        return True
    if field.path.endswith("heading") and _NUMBERED.match(value):
        return True
    if field.path in _NAMES:
        name = value.strip().rstrip(_NAMES[field.path]).rstrip()
        if name[-1:] and name[-1] in "。，；、：！？.,;:!?":
            return True
    return field.required and not value.strip()


def paragraphs(value: str) -> list[str]:
    return [line.strip() for line in value.split("\n") if line.strip()]


# --- writing the value into YAML -------------------------------------------------------------------------


def yaml_quote(value: str, raw: bool) -> str:
    """A YAML double-quoted scalar for `value`: escapes, or printable characters written as they are."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F or (raw and code > 0x7F and ch.isprintable() and not 0xD800 <= code <= 0xDFFF):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def fact_file(field: TextField, value: str, raw: bool) -> str:
    values = {path: yaml_quote(text, raw=True) for path, text in DEFAULTS.items()}
    values[field.path] = yaml_quote(value, raw)
    if field.path == "agency.name":
        values["signature"] = '""'  # so that the name is printed as 署名
    return re.sub(r"<([^<>]+)>", lambda m: values[m.group(1)], BASE)


# --- strategies -----------------------------------------------------------------------------------------

_TRICKY = ["\n", "\t", "\r", " ", "\u3000", "\u00a0", "\u2028", "\ufeff", "\u200b", "{", "}", "%", "#", "_", "<", ">",
           "&", '"', "'", "\\", "\x00", "\x0b", "\x85", "\ud800", "\udfff", "\uffff", "😀", "𠀀", "䶮", "法", "治",
           "{{", "}}", "{%", "%}", "{_{", "%_}", "]]>", "</w:t>", "&amp;", ": ", " #", "- "]

texts = st.one_of(
    st.text(max_size=60),  # any Unicode scalar value
    st.text(st.characters(exclude_categories=()), max_size=30),  # surrogates too
    st.lists(st.sampled_from(_TRICKY), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(_TRICKY), st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
                                                         min_size=1, max_size=6)), max_size=10).map("".join),
)


# --- reading the DOCX back -------------------------------------------------------------------------------


def docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n == 0 or any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def expected_paragraphs(field: TextField, value: str) -> list[str] | None:
    """The paragraphs that must appear, in order; None where the field falls back to a default."""
    if field.kind == "paragraphs":
        return paragraphs(value)
    line = value.strip()
    if not line:
        return None  # optional and empty: 主送机关 left out, 署名 falls back to the agency name
    if field.path == "sections[0].heading":
        return ["一、" + line]
    if field.path == "sections[0].items[0].heading":
        return ["（一）" + line]
    if field.path == "to":
        return [line.rstrip(":：") + "："]
    if field.path == "attachments[0]":
        return ["附件：" + line]
    return [line]  # agency.name (as 署名), signature


def check(field: TextField, value: str, raw: bool) -> None:
    text = fact_file(field, value, raw)
    try:
        loaded = parse_facts(text, "facts.yaml")
    except FactFileError as exc:
        assert refused(field, value), f"refused although nothing is wrong: {exc.findings}"
        assert exc.findings, "a refusal lists its findings"
        (finding,) = exc.findings
        assert finding.path == field.path and finding.line is not None
        assert re.search("[\u4e00-\u9fff]", finding.message), finding.message
        return
    assert not refused(field, value), "must be refused"
    data = render_docx(loaded.facts)
    got = docx_paragraphs(data)
    assert got == [b.lead + b.text for b in layout(loaded.facts)], "the DOCX holds exactly the laid-out text"
    if field.kind == "title":
        title = next(p.text for p in docx.Document(io.BytesIO(data)).paragraphs if style_name(p) == "Title")
        wanted_title = paragraphs(value)
        assert title.replace("\n", "") == "".join(wanted_title) or (not wanted_title and title)
        return
    wanted = expected_paragraphs(field, value)
    if wanted is not None:
        assert contains_run(got, wanted), f"{wanted!r} not found in order in {got!r}"


@pytest.mark.parametrize("field", FIELDS, ids=[f.path for f in FIELDS])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=texts, raw=st.booleans())
def test_any_string_in_any_text_field_round_trips_or_is_refused(field: TextField, value: str, raw: bool):
    check(field, value, raw)


@pytest.mark.parametrize("field", FIELDS, ids=[f.path for f in FIELDS])
def test_known_hard_strings(field: TextField):
    """Fixed cases, so the edges are covered on every run whatever hypothesis draws."""
    for value in ["", " ", "\n", "a\nb", " 前后有空格 ", "\u3000全角空格\u3000", "< & >", "{{ x }}{% if %}", "{_{", "\t",
                  "\x00", "\ud83d\ude00", "😀𠀀", "\u2028", "行一\n\n行二\n", "#注释", "a #b", "：", "]]>", "\\"]:
        for raw in (False, True):
            check(field, value, raw)
