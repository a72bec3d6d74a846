"""Rules over one string of Chinese report text: spans to report and, where safe, to replace.

These know nothing about fact files; `checks` locates their spans in the file and turns them
into findings, `fixes` applies the replacements that cannot change meaning (character width,
stray spaces, the brackets of a 文号).
"""

from __future__ import annotations

import re

from drafter import TYPE_CHECKING
from drafter.records import Frozen
from drafter.text.numerals import NUMERAL_CHARS, chinese_numeral, parse_chinese_numeral
from drafter.text.patterns import (
    DOC_NUMBER_IN_TEXT,
    IDEOGRAPH,
    YEAR,
    YEAR_MONTH,
    YEAR_RANGE_END,
    YEAR_RANGE_START,
)

if TYPE_CHECKING:
    from typing import Any

# --- character classes -------------------------------------------------------------------

#: Full-width punctuation and the marks that Chinese text shares with Western text.
_CN_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
_CN_CHAR = re.compile(f"[{IDEOGRAPH}{_CN_PUNCT}]")


def is_chinese(ch: str) -> bool:
    """An ideograph or a full-width mark: the neighbours that make a half-width mark wrong."""
    return bool(ch) and bool(_CN_CHAR.fullmatch(ch))


class Span(Frozen):
    """A stretch of text a rule objects to; `replacement` is set when the fix is meaning-neutral."""

    __slots__ = ("start", "end", "code", "params", "replacement")

    def __init__(self, start: int, end: int, code: str, params: dict[str, Any] | None = None,
                 replacement: str | None = None) -> None:
        self.start = start
        self.end = end
        self.code = code
        self.params: dict[str, Any] = {} if params is None else params
        self.replacement = replacement


# --- punctuation width --------------------------------------------------------------------

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    return (text[start - 1] if start > 0 else ""), (text[end] if end < len(text) else "")


#: Skipped when judging what a half-width mark stands between: "职能 , 严格", "是否?!".
_SKIP_MARKS = " \u00a0\u3000,;:?!"


_HALF_WIDTH_MARKS = re.compile(r"[(),;:?!]")


def half_width_punctuation(text: str) -> list[Span]:
    """, ; : ? ! ( ) next to Chinese text; parentheses are judged as pairs, runs of marks as one."""
    if not _HALF_WIDTH_MARKS.search(text):  # most paragraphs have none: nothing to judge
        return []
    stack: list[int] = []
    pairs: list[tuple[int | None, int | None]] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            pairs.append((stack.pop() if stack else None, i))
    pairs.extend((i, None) for i in stack)
    groups = [[i for i in pair if i is not None] for pair in pairs]
    groups += [[i] for i, ch in enumerate(text) if ch in ",;:?!"]
    widened: set[int] = set()
    changed = True
    while changed:  # widening one mark can put the next one beside Chinese: "法(a)(" -> "法（a）（"
        changed = False
        for group in groups:
            if group[0] in widened:
                continue
            near = [_neighbour_index(text, i, step) for i in group for step in (-1, 1)]
            inside = text[group[0] + 1 : group[-1]] if len(group) == 2 else ""
            if any(j is not None and (j in widened or is_chinese(text[j])) for j in near) or any(
                    is_chinese(ch) for ch in inside):
                widened.update(group)
                changed = True
    return [Span(i, i + 1, "half-width-punct", {"char": text[i], "fix": FULL_WIDTH[text[i]]}, FULL_WIDTH[text[i]])
            for i in sorted(widened)]


def _neighbour_index(text: str, i: int, step: int) -> int | None:
    """Index of the nearest character from i in direction `step` that is not a space or , ; : ? !"""
    j = i + step
    while 0 <= j < len(text) and text[j] in _SKIP_MARKS:
        j += step
    return j if 0 <= j < len(text) else None


# --- spaces -------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \u00a0\u3000]+")
_DIGIT_DOT = ".．、"
#: A quotation in Chinese quotation marks.
_QUOTED = re.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』")


def _is_slogan(quoted: str) -> bool:
    """A quoted slogan of parallel phrases of one length ("法治护卫赋能 智创生态筑城", "学法 用法 守法"):
    its spaces are the slogan's own. "互联网 政务服务" (a lost "+") is not one."""
    parts = _SPACES.split(quoted.strip())
    return len(parts) >= 2 and len({len(p) for p in parts}) == 1 and len(parts[0]) >= 2 and all(
        all(is_chinese(ch) for ch in p) for p in parts)


def stray_spaces(text: str, widened: set[int] | None = None) -> list[Span]:
    """Spaces inside a paragraph next to Chinese text ("激励 体系") or inside "1 ." numbering.

    `widened`: where half_width_punctuation() found marks, when the caller has them already.
    """
    if widened is None:
        widened = {s.start for s in half_width_punctuation(text)}  # "法, a": the comma becomes Chinese

    def chinese_at(i: int) -> bool:
        return i in widened or is_chinese(text[i])

    quoted = [range(m.start(), m.end()) for m in _QUOTED.finditer(text) if _is_slogan(m.group()[1:-1])]
    spans = []
    for m in _SPACES.finditer(text):
        if m.start() == 0 or m.end() == len(text):
            continue  # leading/trailing spaces are dropped on load
        if any(m.start() in q for q in quoted):
            continue  # "“法治护卫赋能 智创生态筑城”": a slogan's space is part of the quotation
        before, after = _around(text, m.start(), m.end())
        if chinese_at(m.start() - 1) or chinese_at(m.end()) or (before.isdigit() and after in _DIGIT_DOT):
            spans.append(Span(m.start(), m.end(), "stray-space", {"before": before, "after": after}, ""))
    return spans


# --- 文号 brackets --------------------------------------------------------------------------

def doc_number_brackets(text: str) -> list[Span]:
    """文号 years in [] () 【】 instead of 〔〕 (GB/T 9704-2012 7.2.4), e.g. 江法治办[2020]23号."""
    spans: list[Span] = []
    if "号" not in text:  # every 文号 ends in 号: no need to run the pattern
        return spans
    for m in DOC_NUMBER_IN_TEXT.finditer(text):
        right = f"〔{m['year']}〕"
        if m["open"] + m["close"] != "〔〕":  # spaces alone are left to stray_spaces
            found = m.group().strip()
            spans.append(Span(m.start(), m.end(), "docno-brackets", {"found": found, "fix": right}, right))
    return spans


#: Finding codes that `drafter check --fix` repairs.
FIXABLE_CODES = frozenset({"half-width-punct", "stray-space", "docno-brackets", "docno-field-brackets"})


def safe_fix_spans(text: str) -> list[Span]:
    """Every meaning-neutral replacement for `text` (width, spaces, 文号 brackets), non-overlapping,
    in order: what `check` reports as one finding each, what `--fix` and `import` replace."""
    marks = half_width_punctuation(text)
    spans = sorted(
        [*marks, *stray_spaces(text, {s.start for s in marks}), *doc_number_brackets(text)],
        key=lambda s: (s.start, -s.end),
    )
    out: list[Span] = []
    for s in spans:
        if out and s.start < out[-1].end:
            continue  # a 文号 span already covers its brackets and spaces
        out.append(s)
    return out


def apply_spans(text: str, spans: list[Span]) -> str:
    for s in sorted(spans, key=lambda s: s.start, reverse=True):
        if s.replacement is not None:
            text = text[: s.start] + s.replacement + text[s.end :]
    return text


# --- paired marks ------------------------------------------------------------------------------

PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "【": "】", "〔": "〕", "「": "」", "『": "』"}
_CLOSERS = {v: k for k, v in PAIRS.items()}
_PAIR_MARKS = re.compile("[" + re.escape("".join(PAIRS) + "".join(_CLOSERS)) + "]")
#: "1）" "a）" "一）" used as list markers carry only the closing parenthesis.
_LIST_MARKER = re.compile(rf"(?:^|(?<=[。；;：:，,、\s]))[0-9a-zA-Z{NUMERAL_CHARS}]{{1,2}}）")


def unpaired_marks(text: str) -> list[Span]:
    """Opening marks never closed and closing marks never opened, within one paragraph."""
    markers = {m.end() - 1 for m in _LIST_MARKER.finditer(text)}
    spans: list[Span] = []
    stack: list[int] = []
    for found in _PAIR_MARKS.finditer(text):  # only the marks matter: the regex skips the rest in C
        i, ch = found.start(), found.group()
        if ch in PAIRS:
            stack.append(i)
        elif ch in _CLOSERS and i not in markers:
            opening = _CLOSERS[ch]
            if stack and text[stack[-1]] == opening:
                stack.pop()
            elif any(text[j] == opening for j in stack):
                while text[stack[-1]] != opening:
                    j = stack.pop()
                    spans.append(Span(j, j + 1, "unpaired", {"char": text[j], "other": PAIRS[text[j]]}))
                stack.pop()
            else:
                spans.append(Span(i, i + 1, "unpaired", {"char": ch, "other": opening}))
    spans.extend(Span(j, j + 1, "unpaired", {"char": text[j], "other": PAIRS[text[j]]}) for j in stack)
    return sorted(spans, key=lambda s: s.start)


# --- Chinese numerals and in-paragraph ordinals ------------------------------------------------

_ORDINAL_AFTER = r"(?:^|(?<=[。；;：:，,、！？!?\s“”（）()]))"
_ORDINALS: list[tuple[str, re.Pattern[str]]] = [
    # 一是…二是…  (not 统一是, 之一是: the ordinal starts a clause)
    ("是", re.compile(_ORDINAL_AFTER + rf"(?P<num>[{NUMERAL_CHARS}]{{1,3}})是")),
    # 第一，…第二，…  第一步：…第二步：…  (not 第一责任人, 第一批: a mark must follow)
    ("第", re.compile(rf"(?:^|(?<=[。；;：:，,！？!?\s“”]))第(?P<num>[{NUMERAL_CHARS}]{{1,3}})"
                     r"(?P<unit>步|点|条|项|个方面|方面)?(?=[，,、：:]|是)")),
]


class Ordinal(Frozen):
    __slots__ = ("start", "end", "number", "family", "text")

    def __init__(self, start: int, end: int, number: int, family: str, text: str) -> None:
        self.start = start
        self.end = end
        self.number = number
        self.family = family  # "是" or "第" plus its unit, e.g. "第步"
        self.text = text


def ordinals(text: str) -> list[Ordinal]:
    out = []
    for family, pattern in _ORDINALS:
        if family not in text:  # each pattern holds its family's character (是, 第): no need to run it
            continue
        for m in pattern.finditer(text):
            n = parse_chinese_numeral(m["num"])
            if n is not None:
                unit = m.groupdict().get("unit") or ""
                out.append(Ordinal(m.start(), m.end(), n, family + unit, m.group()))
    return sorted(out, key=lambda o: o.start)


def ordinal_word(family: str, n: int) -> str:
    if family == "是":
        return f"{chinese_numeral(n)}是"
    return f"第{chinese_numeral(n)}{family[1:]}"


# --- years ---------------------------------------------------------------------------------------

_SENTENCE_END = "。；！？;!?"


class YearMention(Frozen):
    __slots__ = ("start", "end", "year", "sentence", "in_title", "month")

    def __init__(self, start: int, end: int, year: int, sentence: str, in_title: bool, month: int | None) -> None:
        self.start = start
        self.end = end
        self.year = year
        self.sentence = sentence
        self.in_title = in_title  # inside 《》: the name of a document, not a statement about that year
        self.month = month  # "2024年1月" -> 1


def year_mentions(text: str) -> list[YearMention]:
    """Years written as "2023年" that are not the end of a range ("2021—2025年")."""
    out: list[YearMention] = []
    if "年" not in text:  # YEAR is always followed by 年
        return out
    for m in YEAR.finditer(text):
        after = text[m.end():]
        if YEAR_RANGE_START.match(after) or YEAR_RANGE_END.search(text, 0, m.start()):
            continue  # a period "2021—2025年" / "2021年至2025年", not a year of its own
        s = max(text.rfind(ch, 0, m.start()) for ch in _SENTENCE_END) + 1
        ends = [i for i in (text.find(ch, m.end()) for ch in _SENTENCE_END) if i >= 0]
        sentence = text[s : min(ends) + 1 if ends else len(text)]
        in_title = text.count("《", 0, m.start()) > text.count("》", 0, m.start())
        mm = YEAR_MONTH.match(after)
        out.append(YearMention(m.start(), m.end(), int(m["year"]), sentence, in_title, int(mm[1]) if mm else None))
    return out
