"""Turn an existing report (lines of text) into facts: title, 主送, 文号, preamble, sections, closing.

Real reports are written by people who never heard of this tool, so recognition is by the
conventions of 公文 (regulation.md §4): four heading forms (一、 （一） 1. （1）, full- or
half-width, with stray spaces), headings alone on their line or run in with their paragraph,
the statutory kind of a part from its wording (patterns in templates/import.yaml), the
signature and date at the end. Web page furniture is taken out and reported line by line;
whatever cannot be placed becomes a paragraph, never dropped. Numbering is not kept: the
build regenerates it from position, and typed numbers that disagree are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.errors import FactFileError, Finding, InputFileError, InputTooLarge, InternalError, OutputError
from drafter.factfile.document import schema_reference
from drafter.factfile.model import (
    MAX_YEAR,
    MIN_YEAR,
    Agency,
    Facts,
    Section,
    format_date,
    format_doc_number,
    parse_doc_number,
    parse_facts,
)
from drafter.factfile.sections import section_kinds
from drafter.factfile.source import MAX_BYTES, MAX_NODES, utf8_size
from drafter.factfile.writer import facts_yaml
from drafter.fsutil import atomic_write_text, make_backup
from drafter.importing.readers import Source, SourceLine, read_source
from drafter.importing.rules import ImportRules, import_rules
from drafter.inputs import human_size
from drafter.text.numerals import chinese_numeral, heading_label
from drafter.text.patterns import (
    ATTACHMENT_NOTE,
    CONTROL_CHARS,
    DATE_CN,
    IDEOGRAPH,
    SCHOOL_YEAR,
    heading_number,
    name_end_mark,
    typed_heading_number,
)
from drafter.text.punct import Repairs, repair
from drafter.text.rules import YearMention, year_mentions
from drafter.text.titles import break_title
from drafter.text.values import parse_any_date
from drafter.text.width import text_width

_END_PUNCT = "。；，,;！？!?：:"
_SIGNER = re.compile(r"\s*签发人\s*[:：]\s*(?P<name>[^\s:：](?:\s*[^\s:：]){0,11})$")
_DOCNO_CODE_MAX = 12  # characters of a 机关代字: longer is a sentence that happens to end in 号
_FILE_SUFFIX = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|zip|rar)\s*(（[^）]*）|\([^)]*\))?\s*$", re.IGNORECASE)
#: A 成文日期 at the end of a line that also holds the 署名: 龙泉市科学技术局2024年1月30日.
_DATE_AT_END = re.compile(DATE_CN.pattern + "$")
_TO_EXCLUDE = re.compile(r"如下|现将|报告|汇报|总结|^附\s*件")
_REPORT_ITSELF = re.compile(r"法治(政府)?建设.*(报告|情况|总结|计划)")
_MASTHEAD = re.compile(r"^(.{2,30}?)\s*文件$")
#: What a title split over lines ends with: a part that ends so is the title's last line.
_TITLE_END = ("报告", "计划", "总结", "情况", "要点")
#: The subject of a report's title, which follows the agency's name when no year stands between.
_TITLE_SUBJECT = re.compile(r"法治|依法")
#: The underscore of docxtpl's reserved pairs {_{ }_} {_% %_}, which a fact file refuses in any text.
_TEMPLATE_MARKER = re.compile(r"(?<=\{)_(?=[{%])|(?<=[}%])_(?=\})")


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Removed:
    """A source line left out of the facts (web furniture, metadata with no field)."""

    line: int
    text: str
    label: str


@dataclass
class ImportResult:
    facts: Facts
    source: Source | None
    removed: list[Removed]  # left out of the facts
    repairs: Repairs
    findings: list[Finding]  # warnings and hints, located in the source
    kept: list[Removed] = field(default_factory=list)  # furniture kept as paragraphs (--keep-all)
    found_title: str | None = None  # the title as found, also when it equals the default one


# --- small recognisers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    rank: int  # form: 1 一、 2 （一） 3 1. 4 （1）
    number: int  # as typed
    typed: str  # the numbering text as typed, for messages
    rest: str  # the line after the numbering


def parse_heading(text: str) -> Heading | None:
    """A line that starts with a heading number (text.patterns); the rest without any further
    typed number ("一、（一）……"), since the build numbers headings itself."""
    found = heading_number(text)
    if not found or not found.number or found.level == 0:
        return None
    return Heading(found.level, found.number, found.typed, strip_typed_numbers(text[found.end:]))


def strip_typed_numbers(heading: str) -> str:
    """A heading without the numbers typed at its start, which the fact model refuses."""
    while typed := typed_heading_number(heading):
        heading = heading[typed.end:]
    return heading.strip()


#: A 成文日期 such as 2024年1月30日, 2024-01-30 or 二〇二四年一月三十日; None if not one (or no such day).
parse_date = parse_any_date


def is_doc_number(text: str) -> bool:
    """A 文号 as facts.parse_doc_number reads it, with a short 机关代字."""
    try:
        code, _, _ = parse_doc_number(text)
    except ValueError:
        return False
    return len(code) <= _DOCNO_CODE_MAX


def doc_number_line(text: str) -> str | None:
    """The 文号 of a line that holds one, optionally followed by 签发人：XX (see line_signer)."""
    text = _SIGNER.sub("", text)
    return text if is_doc_number(text) else None


def line_signer(text: str) -> str | None:
    """The 签发人 at the end of a 文号 line or on a line of its own ("签发人：张某某")."""
    m = _SIGNER.search(text)
    if not m:
        return None
    parts = m.group("name").split()
    # "张  三" is one name padded to the width of three characters; "张某某 李某某" are two
    return "".join(parts) if any(len(p) == 1 for p in parts) else "、".join(parts)


def split_doc_number(name: str) -> tuple[str | None, str]:
    """"龙科〔2024〕2号关于……的报告" (an attachment's file name) -> ("龙科〔2024〕2号", "关于……的报告")."""
    for end in (i + 1 for i, ch in enumerate(name) if ch == "号"):
        if is_doc_number(name[:end]):
            return name[:end], name[end:].strip()
    return None, name


def _attachment_item(text: str) -> str | None:
    """The name of a numbered 附件说明 entry ("2.某某统计表"), numbered like a level-3 heading."""
    found = heading_number(text)
    name = text[found.end:].strip() if found and found.level == 3 else ""
    return name or None


def split_run_in(rest: str, limit: int) -> tuple[str, str]:
    """(heading, following text) of a numbered line; the text is empty for a standalone heading.

    The heading ends at the first 。！？ within `limit` characters (。 is dropped: the build
    adds it back); else at a ： within the limit (kept); else at the first 。 anywhere.
    """
    stops = [i for i, ch in enumerate(rest) if ch in "。！？!?"]
    first = stops[0] if stops else None
    if first is None or first >= limit:
        colon = rest.find("：")
        if 0 < colon < limit:
            return rest[: colon + 1], rest[colon + 1:].strip()
    if first is None:
        return rest, ""
    keep = rest[first] in "！？!?"
    return rest[: first + (1 if keep else 0)].strip(), rest[first + 1:].strip()


def _ends_open(text: str) -> bool:
    return bool(text) and text[-1] not in _END_PUNCT


def _clean_controls(text: str) -> tuple[str, bool]:
    """Tabs become spaces; other control characters (which a DOCX cannot hold) go; a space splits
    docxtpl's reserved pairs ("{_{" -> "{_ {"). Returns the text and whether a pair was split."""
    text, split = _TEMPLATE_MARKER.subn("_ ", CONTROL_CHARS.sub("", text.replace("\t", " ")))
    return text, bool(split)


# --- the recogniser --------------------------------------------------------------------------------


@dataclass
class _Line:
    src: SourceLine
    text: str  # punctuation and spaces repaired
    label: str | None = None  # furniture label, when the line is not part of the report
    by_shape: bool = False  # furniture by its shape alone (a navigation bar): only above or below the body


@dataclass
class _Meta:
    title: str | None = None
    doc_number: str | None = None
    to: str | None = None
    date: dt.date | None = None
    signature: str | None = None
    masthead: str | None = None  # 发文机关标志 "XX文件"
    source_agency: str | None = None  # 来源: on a web page
    attachments: list[str] = field(default_factory=list)
    link_titles: list[str] = field(default_factory=list)
    signer: str | None = None  # 签发人
    signer_line: int | None = None
    table: dict[str, str] = field(default_factory=dict)  # metadata table: field -> first value
    table_line: int | None = None


#: the agency name written when none is found: for the user to replace in the fact file, not a name.
AGENCY_PLACEHOLDER = "（请填写机关全称）"


class _Recogniser:
    def __init__(self, lines: list[SourceLine], *, file: str, keep_all: bool, rules: ImportRules,
                 document: bool = False) -> None:
        self.document = document  # the notes are read beside the received report (review), not a fact file
        self.rules = rules
        self.file = file
        self.keep_all = keep_all
        self.repairs = Repairs()
        self.findings: list[Finding] = []
        self.meta = _Meta()
        self.removed: list[Removed] = []
        self.lines = [prepared for line in lines for prepared in self._prepare(line)]
        self._top_style: int | None = None  # shallowest heading style of the body (DOCX)
        self.found_title: str | None = None
        self.date_from_table = False  # the 成文日期 is the metadata table's 发文日期

    # -- helpers --

    def note(self, line: int | None, message: str, *, severity: str = "warning", code: str = "",
             for_facts: str = "") -> None:
        """`for_facts`: what to do in the fact file that `drafter import` writes, left out for review."""
        message = f"{message}。" if self.document and for_facts else message + for_facts
        self.findings.append(Finding(message, self.file, line, None, severity=severity, code=code))  # type: ignore[arg-type]

    def _prepare(self, src: SourceLine) -> list[_Line]:
        raw, split = _clean_controls(src.text)
        raw = raw.strip()
        if split:
            self.note(src.number, "这一行含有 drafter 保留的字符组合（“{_{”“}_}”“{_%”“%_}”之一），"
                                  "已在“_”后加一个空格，请核对原文。", code="reserved-marker")
        marker = self.rules.publication_marker.search(raw) if not src.title_style else None
        head = raw[: marker.start()].strip() if marker else ""
        if (marker and 4 <= len(head) <= 80 and self.rules.reads_as_title(head) and not parse_heading(head)
                and self.rules.furniture_label(head) is None):
            # "……情况报告 信息来源： 发布时间：2024-01-02": the title, then the page's publication data
            tail = replace(src, text=raw[marker.start():].strip())
            self.note(src.number, f"标题与网页发布信息在同一行，已分开：“{tail.text}”不属于报告。",
                      severity="hint", code="title-split-from-page")
            return [_Line(src, repair(head, self.repairs)), _Line(tail, tail.text, "发布信息")]
        label = self.rules.furniture_label(raw) if len(raw) <= 120 else None
        if label is None and self.rules.is_navigation_bar(raw):
            return [_Line(src, repair(raw), "页面导航", by_shape=True)]
        text = repair(raw, None if label else self.repairs)
        return [_Line(src, text, label)]

    def title_like(self, line: _Line) -> bool:
        text = line.text
        if line.label or not (4 <= len(text) <= (120 if line.src.title_style else 80)):
            return False
        if not _ends_open(text) or parse_heading(text) or parse_date(text):
            return False
        return line.src.title_style or any(w in text for w in self.rules.title_words)

    def reads_as_title(self, line: _Line) -> bool:
        """A title candidate that reads as a report's title (import.yaml `title_shapes`); a DOCX
        Title-style paragraph always does."""
        return self.title_like(line) and (line.src.title_style or self.rules.reads_as_title(line.text))

    def signature_like(self, text: str) -> bool:
        if not (2 <= len(text) <= 30) or not _ends_open(text) or parse_heading(text):
            return False
        if any(ch in text for ch in "，。；：、“”《》"):
            return False
        return text.endswith(self.rules.signature_suffixes)

    # -- the passes --

    def run(self) -> dict[str, Any]:
        self._metadata_table()
        self._furniture_metadata()
        head_end = self._head()
        tail_start = self._tail(head_end)
        body = [k for k in range(head_end, tail_start) if not self.lines[k].label]
        for line in self.lines[body[0]:body[-1]] if body else []:
            if line.by_shape:  # between the report's paragraphs a line of words is the report's own
                line.label = None
                line.text = repair(_clean_controls(line.src.text)[0].strip(), self.repairs)
        preamble, sections, closing = self._body(head_end, tail_start)
        for line in self.lines:
            if line.label == "签发人" and self.meta.signer is None and line_signer(line.src.text.strip()):
                self._signer(line)
                line.label = "__signer"
        for line in self.lines:
            if line.label and not line.label.startswith("__"):
                self.removed.append(Removed(line.src.number, line.src.text, line.label))
        return self._facts(preamble, sections, closing)

    def _metadata_table(self) -> None:
        """政府信息公开 metadata tables ("索引号：… 名称：… 文号：…"): the lines become furniture, their
        values are kept for a body that has no title, 文号 or date (import.yaml `metadata_table`).
        A label alone on its line without a colon (a table cell of a saved page) counts as one when
        another label stands within four lines of it."""
        lines = self.lines
        rules = self.rules
        texts = [line.src.text.strip() for line in lines]
        bare = [rules.bare_meta_label(t) for t in texts]
        for k, t in enumerate(texts):
            near = [m for m in range(max(0, k - 4), min(k + 5, len(texts))) if m != k]
            if bare[k] and any(bare[m] or rules.meta_label.search(texts[m]) for m in near):
                texts[k] = t + "："

        def pairs_of(block: list[int]) -> list[tuple[str, str]]:
            return rules.meta_pairs("\n".join(texts[b] for b in block)) or []

        i = 0
        while i < len(lines):
            if lines[i].label or rules.meta_pairs(texts[i]) is None:
                i += 1
                continue
            block = [i]
            j = i + 1
            while j < len(lines) and not (lines[j].label and lines[j].label != "发布信息"):
                text = texts[j]
                open_value = not (pairs_of(block) or [("", "x")])[-1][1]  # the last label's value is on the next line
                if rules.meta_pairs(text) is not None:
                    block.append(j)
                elif open_value and rules.meta_label.search(text):
                    block.append(j)  # "某某县某局 发文日期：…": the value of the label above, then more
                elif (open_value and len(text) <= 80 and j + 1 < len(lines)
                      and rules.meta_label.search(texts[j + 1]) and "。" not in text):
                    block.append(j)  # the value alone on its line, the table goes on below
                elif open_value and (len(text) <= 4 or not re.search(f"[{IDEOGRAPH}]", text)) and not parse_heading(text):
                    block.append(j)  # the last value ("2024-01-26", "有效"), never a title
                    j += 1
                    break
                else:
                    break
                j += 1
            pairs = pairs_of(block)
            if any(len(value) > 80 or "。" in value for _, value in pairs):
                i += 1  # a paragraph that starts with a word such as 标题：, not a table
                continue
            for what, value in pairs:
                value = repair(value.replace("\n", ""))
                if value and what != "other":
                    self.meta.table.setdefault(what, value)
            self.meta.table_line = self.meta.table_line or lines[block[0]].src.number
            for b in block:
                lines[b].label = "信息公开目录"
            i = j

    def _furniture_metadata(self) -> None:
        """文号 and title from an attachment link such as "龙科〔2024〕2号……报告.pdf"; 来源 as a hint."""
        for line in self.lines:
            if line.label == "附件链接":
                docno, name = split_doc_number(_FILE_SUFFIX.sub("", line.text).strip())
                self.meta.doc_number = self.meta.doc_number or docno
                if name and _REPORT_ITSELF.search(name):
                    self.meta.link_titles.append(name)
            elif line.label == "发布信息":
                m = re.search(r"来源\s*[:：]\s*([^\s:：]{2,30})", line.src.text)
                if m and self.meta.source_agency is None:
                    self.meta.source_agency = repair(m.group(1))

    def _next(self, i: int, stop: int) -> int:
        while i < stop and self.lines[i].label:
            i += 1
        return i

    def _head(self) -> int:
        """文号, title, 主送 at the top; returns the index where the preamble starts."""
        n = len(self.lines)
        i = self._skip_navigation(self._next(0, n), n)
        if i < n and (m := _MASTHEAD.match(self.lines[i].text)) and self.signature_like(m.group(1)):
            self.meta.masthead = m.group(1)
            self.lines[i].label = "发文机关标志"
            i = self._next(i + 1, n)
        i = self._doc_number(i, n)
        parts: list[_Line] = []
        if i < n and self.lines[i].src.title_style:
            while i < n and len(parts) < 3 and self.title_like(self.lines[i]):
                parts.append(self.lines[i])
                i = self._next(i + 1, n)
                if "".join(p.text for p in parts).endswith(_TITLE_END):
                    break  # a title split over lines ends with one of these
        elif i < n and (found := self._title_parts(i, n)):
            parts = found
            for column in self.lines[i:self.lines.index(parts[0])]:
                column.label = column.label or "栏目名称"
            i = self._next(self.lines.index(parts[-1]) + 1, n)
        while not parts and i < n and self._column_name(self.lines[i]):
            self.lines[i].label = "栏目名称"  # "工作报告" alone above a body without a title
            i = self._next(i + 1, n)
        if parts:
            self.meta.title = "\n".join(p.text for p in parts) if parts[0].src.title_style else "".join(
                p.text for p in parts)
            for p in parts:
                p.label = "__title"
            if i < n and (m := re.fullmatch(r"[（(]\s*(.+?)\s*[）)]", self.lines[i].text)) and (
                    date := parse_date(m.group(1))):
                self.meta.date = date
                self.lines[i].label = "__date"
                i = self._next(i + 1, n)
            i = self._doc_number(i, n)  # web pages often show the 文号 under the title
            flat = "".join(p.text for p in parts)
            again = self._title_parts(i, n) if i < n else []
            if again and "".join(p.text for p in again) == flat:  # the page's heading, then the document's own
                for p in again:
                    p.label = "标题（重复）"
                i = self._doc_number(self._next(self.lines.index(again[-1]) + 1, n), n)
        if i < n:
            text = self.lines[i].text
            if (text.endswith(("：", ":")) and len(text) <= 50 and "。" not in text and not parse_heading(text)
                    and not _TO_EXCLUDE.search(text) and self._names_agencies(text.rstrip("：:"))):
                self.meta.to = text.rstrip("：:").strip()
                self.lines[i].label = "__to"
                i += 1
        return i

    def _title_parts(self, i: int, n: int) -> list[_Line]:
        """The title's lines at i: one line that reads as a title, or two or three lines that do
        together ("某区司法局" / "关于2022年度法治政府建设情况的报告"), only the last ending like a title.
        A title with no year followed at once by one with a year is a column name above the title."""
        texts: list[_Line] = []
        j = i
        while j < n and len(texts) < 3 and not self.lines[j].label:
            texts.append(self.lines[j])
            j += 1
        for k in range(1, len(texts) + 1):
            parts = texts[:k]
            if any(not _ends_open(p.text) or parse_heading(p.text) or len(p.text) > 60 for p in parts):
                return []
            if any(p.text.endswith(_TITLE_END) for p in parts[:-1]):
                break
            joined = "".join(p.text for p in parts)
            if any(not (self.signature_like(p.text) or "关于" in p.text or re.search(r"(19|20)\d\d", p.text))
                   for p in parts[:-1]):
                return []  # a title's first lines name the agency, 关于 or the year; menu words do not
            if (k > 1 and all(self.signature_like(p.text) for p in parts[:-1])
                    and self.rules.reads_as_title(parts[-1].text) and not re.match(r"关于|(19|20)\d\d", parts[-1].text)):
                return []  # "某某县人民政府" above a whole title: the title is the later line
            if self.rules.reads_as_title(joined) and self.title_like(_Line(parts[0].src, joined)):
                rest = texts[k:]
                if (k == 1 and rest and not self._title_year(joined) and self.reads_as_title(rest[0])
                        and self._title_year(rest[0].text)):
                    return [rest[0]]  # the caller labels parts[0] 栏目名称
                return parts
        return []

    def _title_year(self, title: str) -> int | None:
        m = _first_year(title)
        if m:
            return m.year
        school = SCHOOL_YEAR.search(title)
        return int(school.group("y")) if school else None

    def _column_name(self, line: _Line) -> bool:
        """A short line with no punctuation at the top that is neither a title nor an agency's name
        nor a 主送机关, followed by more text: the name of the page's column."""
        text = line.text
        return (len(text) <= 12 and _ends_open(text) and not parse_heading(text) and not parse_date(text)
                and not self.signature_like(text) and not doc_number_line(text) and not _MASTHEAD.match(text)
                and not re.search(r"[，。；、“”《》]", text) and line is not self.lines[-1])

    def _names_agencies(self, text: str) -> bool:
        """A 主送机关: names of offices ("区委、区政府", "市法治政府建设领导小组办公室"), not "分享"."""
        return any(self.signature_like(part.strip()) for part in re.split(r"[、，,]", text))

    def _skip_navigation(self, i: int, n: int) -> int:
        """Menu entries of a saved or copied page ("首页", "政务公开", …) above the title.

        Only when a title follows within the first lines and everything before it is short
        and has no punctuation; those lines are removed as 页面导航 (and reported).
        """
        menu: list[_Line] = []
        j = i
        while j < min(n, i + 40):
            line = self.lines[j]
            if line.label:
                j += 1
                continue
            if (line.src.title_style or self._title_parts(j, n) or _MASTHEAD.match(line.text)
                    or doc_number_line(line.text)):
                break
            if len(line.text) > 20 or not _ends_open(line.text) or parse_heading(line.text):
                return i
            menu.append(line)
            j += 1
        else:
            return i
        if j >= n:
            return i
        for line in menu:
            line.label = "页面导航"
        return j

    def _doc_number(self, i: int, n: int) -> int:
        if self.meta.doc_number is None and i < n and (docno := doc_number_line(self.lines[i].text)):
            self.meta.doc_number = docno
            self._signer(self.lines[i])
            self.lines[i].label = "__docno"
            i = self._next(i + 1, n)
        return i

    def _signer(self, line: _Line) -> None:
        if self.meta.signer is None and (name := line_signer(line.src.text.strip())):
            self.meta.signer, self.meta.signer_line = name, line.src.number

    def _tail(self, head_end: int) -> int:
        """署名, 成文日期, 附件说明 and the page's link list at the end; returns where they start."""
        j = len(self.lines) - 1
        pending: list[_Line] = []  # "2.xxx" lines that are attachment names if a 附件 line precedes them
        stop = len(self.lines)
        flat_title = (self.meta.title or "").replace("\n", "")
        while j >= head_end:
            line = self.lines[j]
            text = line.text
            if line.label:
                stop = j if not pending else stop
                j -= 1
                continue
            m = ATTACHMENT_NOTE.match(text)
            if m:
                self._attachments(line, text[m.end():], pending)
                pending = []
            elif pending and not _attachment_item(text):
                break
            elif _attachment_item(text) and (_ends_open(text) or name_end_mark(text)) and len(text) <= 60:
                pending.append(line)
            elif self.meta.date is None and (date := parse_date(text)):
                self.meta.date = date
                line.label = "__date"
            elif _ends_open(text) and len(text) <= 30 and self.rules.is_link_line(text) and not parse_heading(text):
                line.label = "文末链接"
            elif self.meta.signature is None and self.signature_like(text):
                self.meta.signature = text
                line.label = "__signature"
            elif self.meta.signature is None and self.meta.date is None and (sd := self._signature_and_date(text)):
                self.meta.signature, self.meta.date = sd
                line.label = "__signature"
            elif self.title_like(line) and (text == flat_title or not flat_title and _REPORT_ITSELF.search(text)):
                if not flat_title:
                    self.meta.link_titles.append(text)
                line.label = "标题（文末重复）"
            else:
                break
            stop = j
            j -= 1
        if pending:
            stop = self.lines.index(pending[0]) + 1
        return stop

    def _signature_and_date(self, text: str) -> tuple[str, dt.date] | None:
        m = _DATE_AT_END.search(text)
        if not m:
            return None
        name = text[: m.start()].strip()
        date = parse_date(m.group(0))
        return (name, date) if date and self.signature_like(name) else None

    def _attachments(self, line: _Line, first: str, pending: list[_Line]) -> None:
        """"附件：1.xxx" + "2.yyy" lines: real 附件说明, or a link to this very report."""
        names = [first] if first else []
        names += [p.text for p in reversed(pending)]
        cleaned = []
        for name in names:
            item = _attachment_item(name)
            cleaned.append(item if item and (len(names) > 1 or not first) else name)
        if len(cleaned) == 1 and (_FILE_SUFFIX.search(cleaned[0]) or _REPORT_ITSELF.search(cleaned[0])):
            name = _FILE_SUFFIX.sub("", cleaned[0]).strip()
            self.meta.link_titles.append(name)
            line.label = "附件链接"
            return
        for k, name in enumerate(cleaned):
            while mark := name_end_mark(name):  # 附件名称后不加标点符号: the fact model refuses it
                name = name.rstrip()[:-1].rstrip()
                self.note(line.src.number, f"附件名称“{cleaned[k]}”末尾的“{mark}”已删去（附件名称后不加标点符号）。",
                          code="attachment-punct")
            cleaned[k] = name
        self.meta.attachments = cleaned + self.meta.attachments
        for taken in [line, *pending]:
            taken.label = "__attachment"

    # -- body --

    def _body(self, start: int, stop: int) -> tuple[list[str], list[dict[str, Any]], list[str]]:
        preamble: list[str] = []
        closing: list[str] = []
        sections: list[dict[str, Any]] = []
        stack: list[tuple[int, dict[str, Any]]] = []  # (rank, node)
        last_typed: dict[int, int] = {}
        form_notes: set[tuple[int, int]] = set()
        lines = self.lines

        def kept_furniture(line: _Line) -> bool:
            label = line.label or ""
            return bool(label) and self.keep_all and not label.startswith("__")

        if self.keep_all:  # furniture above the title stays in front of the preamble
            preamble += [_clean_controls(line.src.text)[0] for line in lines[:start] if kept_furniture(line)]

        i = start
        while i < stop:
            line = lines[i]
            i += 1
            if line.label:
                if kept_furniture(line):
                    self._paragraph(_clean_controls(line.src.text)[0], stack, preamble)
                continue
            text = line.text
            heading = parse_heading(text)
            if heading is None and line.src.style_level and not line.src.title_style and _ends_open(text) \
                    and len(text) <= 60:
                heading = Heading(min(self._style_rank(line.src.style_level), 4), 0, "", strip_typed_numbers(text))
            if heading is None:
                self._paragraph(text, stack, preamble)
                continue
            rest = heading.rest
            if not rest and i < stop and not lines[i].label and not parse_heading(lines[i].text):
                rest = strip_typed_numbers(lines[i].text)  # "一、" alone, its heading on the next line
                i += 1
            if not rest:
                self._paragraph(text, stack, preamble)
                continue
            while stack and stack[-1][0] >= heading.rank:
                stack.pop()
            if not stack and heading.rank > 1:
                self._implicit_section(sections, stack, line)
            head, after = split_run_in(rest, self.rules.run_in_max_chars)
            level = len(stack) + 1
            if level == 1:
                node: dict[str, Any] = {"heading": head, "text": [], "items": []}
                siblings = sections
                if after:
                    node["text"].append(after)
                    self.note(line.src.number, f"一级标题“{head}”后面接着正文，正文已另起一段。",
                              severity="hint", code="h1-run-in")
            else:
                node = {"heading": head, "run_in": bool(after), "text": [after] if after else [], "items": []}
                siblings = stack[-1][1]["items"]
            siblings.append(node)
            stack.append((heading.rank, node))
            self._check_number(heading, level, len(siblings), line.src.number, last_typed, form_notes)
        if self.keep_all:
            closing += [_clean_controls(line.src.text)[0] for line in lines[stop:] if kept_furniture(line)]
        if not sections:
            self._implicit_section(sections, stack, None, preamble=preamble)
        tail = self._closing(stack[-1][1] if stack else sections[-1])
        return preamble, sections, tail + closing

    def _style_rank(self, style_level: int) -> int:
        """Rank of an unnumbered DOCX heading: its style level relative to the shallowest one used."""
        if self._top_style is None:
            self._top_style = min(ln.src.style_level for ln in self.lines
                                  if ln.src.style_level and not ln.src.title_style and not ln.label)
        return style_level - self._top_style + 1

    def _paragraph(self, text: str, stack: list[tuple[int, dict[str, Any]]], preamble: list[str]) -> None:
        """A paragraph of the body; a line a DOCX title style broke (kept for a title) is one per line
        when it turns out to be body text: a paragraph of a fact file holds no line break."""
        target = stack[-1][1]["text"] if stack else preamble
        target += [part.strip() for part in text.split("\n") if part.strip()]

    def _implicit_section(self, sections: list[dict[str, Any]], stack: list[tuple[int, dict[str, Any]]],
                          line: _Line | None, *, preamble: list[str] | None = None) -> None:
        """No 一、 heading before this point: the body goes under a 主要举措和成效 part."""
        node: dict[str, Any] = {"kind": "measures", "heading": None, "text": [], "items": []}
        if preamble is not None and len(preamble) > 1:
            node["text"] = preamble[1:]
            del preamble[1:]
        sections.append(node)
        stack.append((1, node))
        where = f"第{line.src.number}行之前" if line else "全文"
        self.note(line.src.number if line else None,
                  f"{where}没有一级标题（“一、……”），这部分内容放在“主要举措和成效”部分下，请核对。",
                  code="no-h1")

    def _check_number(self, heading: Heading, level: int, position: int, line: int,
                      last_typed: dict[int, int], form_notes: set[tuple[int, int]]) -> None:
        if heading.number == 0:  # from a DOCX style: nothing typed
            return
        expected = heading_label(level, position)
        if heading.number != position:
            if heading.number == last_typed.get(heading.rank, -1) + 1:
                self.note(line, f"编号“{heading.typed}”接续上一部分连续编号，生成时按位置重新编为“{expected}”。",
                          severity="hint", code="number-continued")
            else:
                self.note(line, f"编号“{heading.typed}”与位置不符（这是同级第 {position} 个），生成时按位置编为“{expected}”，"
                                "请核对是否漏了或多了标题。", code="number-mismatch")
        last_typed[heading.rank] = heading.number
        if heading.rank != level and (heading.rank, level) not in form_notes:
            form_notes.add((heading.rank, level))
            self.note(line, f"原文“{heading.typed}”这一级是第{chinese_numeral(level)}级标题，生成时按公文格式编为“{expected}”这种形式。",
                      severity="hint", code="number-form")

    def _closing(self, last: dict[str, Any]) -> list[str]:
        """Trailing paragraphs from one that opens with 总之/综上/特此报告 on are the 结束语."""
        text: list[str] = last["text"]
        first = 1 if last.get("run_in") else 0
        for k in range(first, len(text)):
            if text[k].startswith(self.rules.closing_starts):
                closing = text[k:]
                del text[k:]
                return closing
        return []

    # -- metadata and assembly --

    def _facts(self, preamble: list[str], sections: list[dict[str, Any]], closing: list[str]) -> dict[str, Any]:
        meta = self.meta
        self._from_table()
        title = meta.title
        if title is None and meta.link_titles:
            title = meta.link_titles[0]
            self.note(None, f"开头没有找到标题，使用了网页中附件链接或文末的“{title}”。", severity="hint", code="title-elsewhere")
        flat = title.replace("\n", "") if title else None
        self.found_title = flat
        year = self._year(flat, preamble)
        agency = self._agency(flat, preamble)
        signature = meta.signature if meta.signature and meta.signature != agency else None
        out: dict[str, Any] = {"agency": {"name": agency}, "year": year}
        if title is None:
            self.note(None, "没有找到报告标题", for_facts="，将使用默认标题，请在事实文件中补上 title。", code="no-title")
        out.update(title=title, to=meta.to, doc_number=meta.doc_number, signature=signature, date=meta.date,
                   preamble=preamble, sections=[self._section(s, year, first=k == 0) for k, s in enumerate(sections)],
                   closing=closing, attachments=meta.attachments)
        if title is not None:
            out["title"] = self._title_breaks(title, agency)
            default = Facts(agency=Agency(name=agency), year=year, sections=[Section(kind="other")]).effective_title()
            if title.replace("\n", "") == default and "\n" not in out["title"]:
                out["title"] = None
        if meta.doc_number:
            try:  # stored as the build prints it: 〔〕, no spaces, no 第 (check reports anything else)
                out["doc_number"] = format_doc_number(meta.doc_number)
            except ValueError:
                self.note(None, f"发文字号“{meta.doc_number}”格式不规范，未导入。", code="bad-docno")
                out["doc_number"] = None
        if meta.signer:
            if out.get("doc_number"):  # the letterhead prints 签发人 on the 文号's line
                out["letterhead"] = {"signer": meta.signer}
            else:
                self.note(meta.signer_line, f"签发人“{meta.signer}”没有导入：签发人与发文字号排在同一行，原文没有可用的发文字号。"
                                            "请在事实文件中补上 doc_number 和 letterhead.signer。", code="signer-unplaced")
        return out

    def _from_table(self) -> None:
        """Title, 文号 and 成文日期 from a 政府信息公开 metadata table when the body has none."""
        meta, table = self.meta, self.meta.table
        where = f"网页的信息公开目录（第 {meta.table_line} 行起）"
        if meta.title is None and (title := table.get("title")) and 4 <= len(title) <= 120 and _ends_open(title):
            meta.title = title
            self.note(meta.table_line, f"正文上方没有标题，使用了{where}中的名称“{title}”。", severity="hint",
                      code="title-from-table")
        if meta.doc_number is None and (docno := table.get("doc_number")) and is_doc_number(docno):
            meta.doc_number = docno
            self.note(meta.table_line, f"发文字号“{docno}”取自{where}。", severity="hint", code="docno-from-table")
        if meta.date is None and (value := table.get("date")) and (date := parse_date(value.split()[0])):
            meta.date = date
            self.date_from_table = True
            self.note(meta.table_line, f"成文日期 {format_date(date)} 取自{where}的发文日期，请核对。", severity="hint",
                      code="date-from-table")

    @staticmethod
    def _title_breaks(title: str, agency: str) -> str:
        """A DOCX title's line breaks are kept only where they differ from the automatic ones."""
        lines = title.split("\n")
        joined = "".join(lines)
        return joined if len(lines) == 1 or lines == break_title(joined, agency) else "\n".join(lines)

    def _section(self, node: dict[str, Any], year: int, *, first: bool) -> dict[str, Any]:
        heading = node.get("heading")
        kind = node.get("kind") or (self.rules.section_kind(heading, first=first, year=year) if heading else None)
        if kind and heading == section_kinds()[kind].default_heading(year):
            heading = None
        return {"kind": kind, "heading": heading, "text": node["text"], "items": node["items"]}

    def _year(self, title: str | None, preamble: list[str]) -> int:
        """The report year, only from what the report itself says: the first year the title, else
        the first paragraph, states (not a period "2021—2025年", not inside 《…》, within the years a
        fact file allows; "2023-2024学年度" gives 2023); else the 文号's or the 成文日期's year − 1.
        Never from the page (a date banner, 发布时间). Sources that disagree are reported."""
        meta = self.meta
        stated: list[tuple[str, int]] = []
        if title and (y := self._title_year(title)):
            stated.append(("标题", y))
            if not _first_year(title):
                self.note(None, f"标题写的是学年度，年度按学年开始的 {y} 年导入，请核对 year。", severity="hint",
                          code="year-school")
        elif preamble and (m := _first_year(preamble[0])):
            stated.append(("开头段", m.year))
        implied: list[tuple[str, int]] = []
        if meta.doc_number:
            try:
                implied.append((f"发文字号“{meta.doc_number}”", parse_doc_number(meta.doc_number)[1] - 1))
            except ValueError:
                pass
        if meta.date and not self.date_from_table:
            implied.append((f"成文日期 {format_date(meta.date)}", meta.date.year - 1))
        implied = [(w, y) for w, y in implied if MIN_YEAR <= y <= MAX_YEAR]
        if stated:
            where, year = stated[0]
            for other, y in implied:
                if y != year:
                    self.note(None, f"{where}写的是 {year} 年度，而{other}表明是 {y} 年度；已按{where}取 {year}，请核对。",
                              code="year-disagrees")
                    break
            return year
        if implied:
            where, year = implied[0]
            self.note(None, f"标题和开头段都没有写年度，按{where}推定为 {year} 年度，请核对 year。", code="year-guessed")
            return year
        guess = dt.date.today().year - 1
        far = sorted({m.year for text in (title or "", *preamble[:1]) for m in year_mentions(text)
                      if not MIN_YEAR <= m.year <= MAX_YEAR})
        why = (f"标题或开头段写的 {'、'.join(map(str, far))} 年不在事实文件允许的 {MIN_YEAR}—{MAX_YEAR} 年之间，"
               if far else "没有找到报告年度，")
        self.note(None, f"{why}暂按 {guess} 年度导入，请核对 year。", code="year-guessed")
        return guess

    def _agency(self, title: str | None, preamble: list[str]) -> str:
        """机关全称: the name before 关于 or before the year in the title; else the signature; else
        the 发文机关标志; else the page's 来源 or the metadata table's 发文机关. A short name the
        signature, masthead or first paragraph gives in full ("某某镇" -> "某某镇人民政府") is
        lengthened; a signature naming another office is reported."""
        meta = self.meta
        name: str | None = None
        from_title = False
        if title:
            before, sep, _ = title.partition("关于")
            if sep and self.signature_like(before):
                name, from_title = before, True
        if name is None:
            for candidate in (meta.signature, meta.masthead):
                if candidate and self.signature_like(candidate):
                    name = candidate
                    break
        if name is None and title and (start := self._title_year_start(title)) is not None \
                and self.signature_like(title[:start].strip()):
            name, from_title = title[:start].strip(), True
        if name is None:
            for candidate in (meta.source_agency, meta.table.get("agency")):
                if candidate and self.signature_like(candidate):
                    name = candidate
                    break
        if name is None:
            self.note(None, "没有找到发文机关的名称", for_facts="，请在事实文件中填写 agency.name。", code="no-agency")
            return AGENCY_PLACEHOLDER
        full = next((f for f in self.rules.full_names(name)
                     for text in (meta.signature, meta.masthead, *preamble[:1]) if text and f in text), None)
        if full:
            self.note(None, f"标题中的机关名称“{name}”，原文写作“{full}”，机关全称按后者导入。", severity="hint",
                      code="agency-full-name")
            name = full
        if from_title and meta.signature and not (meta.signature in name or name in meta.signature):
            self.note(None, f"标题中的机关“{name}”与文末署名“{meta.signature}”不同，机关名称按标题导入，请核对。",
                      code="agency-disagrees")
        return name

    def _title_year_start(self, title: str) -> int | None:
        """Where the agency's name in a title ends: at the year ("2023年度", "2023-2024学年度") or
        at the subject ("法治政府建设", "依法行政"), whichever comes first."""
        m = _first_year(title)
        school = SCHOOL_YEAR.search(title)
        subject = _TITLE_SUBJECT.search(title)
        starts = [x.start for x in (m,) if x] + [x.start() for x in (school, subject) if x]
        return min(starts) if starts else None


def _first_year(text: str) -> YearMention | None:
    return next((m for m in year_mentions(text) if not m.in_title and MIN_YEAR <= m.year <= MAX_YEAR), None)


# --- text with hard line breaks (copied from a PDF) --------------------------------------------------

_OPEN_END = "。！？；：…!?;:"


def unwrap(lines: list[SourceLine]) -> tuple[list[SourceLine], int]:
    """Join lines that a PDF copy broke at a fixed width back into paragraphs.

    Only when the text looks wrapped: most lines that stop without punctuation have one width,
    they are many, and hardly any line is wider (a web capture has paragraphs far wider than its
    headings). Then a full line continues on the next one unless that is a heading, and unless
    the full line ends a sentence: if paragraphs carry a first-line indent, the next line's
    indent decides that case instead. Returns the lines and how many breaks were joined.
    """
    widths = [line.indent + text_width(line.text) for line in lines]
    cut = [round(w) for line, w in zip(lines, widths, strict=True) if w >= 12 and line.text[-1] not in _OPEN_END]
    if not cut:
        return lines, 0
    full = Counter(cut).most_common(1)[0][0]
    at_full = sum(1 for w in cut if abs(w - full) <= 1)
    wider = sum(1 for w in widths if w > full + 1)
    if at_full < max(8, 0.6 * len(cut), 0.3 * len(lines)) or wider > 0.05 * len(lines):
        return lines, 0
    indents = sum(1 for line in lines if line.indent) >= max(5, 0.1 * len(lines))
    out: list[SourceLine] = []
    joined = 0
    prev_width = 0.0
    for line, width in zip(lines, widths, strict=True):
        prev = out[-1] if out else None
        if (prev is not None and full - 0.5 <= prev_width <= full + 1 and not parse_heading(line.text)
                and (not line.indent if indents else prev.text[-1] not in _OPEN_END)):
            out[-1] = SourceLine(prev.text + line.text, prev.number, prev.style_level, prev.title_style,
                                 prev.indent)
            joined += 1
            prev_width = width  # the joined line continues if this part was full too
            continue
        out.append(line)
        prev_width = width
    return out, joined


# --- entry points ----------------------------------------------------------------------------------


def recognise(lines: list[SourceLine], *, file: str = "<输入>", keep_all: bool = False,
              source: Source | None = None, document: bool = False) -> ImportResult:
    """Facts from the lines of a report, with everything removed, repaired or doubtful listed."""
    recogniser = _Recogniser(lines, file=file, keep_all=keep_all, rules=import_rules(), document=document)
    data = recogniser.run()
    data = {k: v for k, v in data.items() if v not in (None, [], "")}
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:  # the recogniser must always produce a valid model: a bug, not the file's fault
        raise InternalError(f"{file}: the recognised facts fail validation ({exc.error_count()} errors)") from exc
    removed = sorted(recogniser.removed, key=lambda r: r.line)
    findings = sorted(recogniser.findings, key=lambda f: (f.line or 0))
    if keep_all:
        return ImportResult(facts, source, [], recogniser.repairs, findings, kept=removed,
                            found_title=recogniser.found_title)
    return ImportResult(facts, source, removed, recogniser.repairs, findings, found_title=recogniser.found_title)


def import_report(path: Path | str, *, keep_all: bool = False, document: bool = False) -> ImportResult:
    """Read a .txt/.docx/.doc/.wps report and recognise its facts. `document`: the notes are for a
    reviewer of the report itself (`drafter review`), so they name no fact-file field."""
    source = read_source(path)
    if not source.lines:
        raise InputFileError(f"{source.path}：文件中没有文字。")
    lines, joined = unwrap(source.lines) if source.kind == "text" else (source.lines, 0)
    result = recognise(lines, file=str(source.path), keep_all=keep_all, source=source, document=document)
    for note in source.notes:  # nothing disappears silently: a fact file has no footnotes
        result.findings.append(Finding(f"脚注（尾注）没有导入，事实文件中没有脚注；如需保留，请写入正文：{note}",
                                       str(source.path), severity="warning", code="note-not-imported"))
    if joined:
        result.findings.insert(0, Finding(f"这份文本按固定宽度折了行（像是从 PDF 复制的），已把 {joined} 处折行接回段落，请核对分段。",
                                          str(source.path), severity="hint", code="unwrapped"))
    return result


@dataclass
class ImportOutcome:
    result: ImportResult
    output: Path
    backup: Path | None  # where an existing fact file at `output` was saved first


def default_output(source: Path) -> Path:
    return source.with_suffix(".yaml")


def import_to_file(source: Path | str, output: Path | str | None = None, *, keep_all: bool = False) -> ImportOutcome:
    """Import `source` and write the fact file (atomically, backing up a file already there)."""
    source = Path(source)
    out = Path(output) if output else default_output(source)
    if out.is_dir():
        raise OutputError(f"{out}：这是一个文件夹。请在 -o 后写要生成的事实文件的文件名，"
                          f"例如 -o {out / default_output(source).name}")
    result = import_report(source, keep_all=keep_all)  # first: it refuses a fact file given as the report
    if out.exists() and out.resolve() == source.resolve():
        raise InputFileError(f"{out}：输出文件不能与要导入的报告是同一个文件，请用 -o 指定另一个文件名。")
    how = f"（{result.source.describe()}）" if result.source else ""
    comments = [f"由 drafter import 从“{source.name}”导入{how}。",
                "请对照原文核对：标题、各部分的类型（kind）和小标题层级；删去的网页内容和修改过的标点在导入时已列出。"]
    text = facts_yaml(result.facts, schema=schema_reference(out), comments=comments)
    size = utf8_size(text)  # the report's text fit (read_source), the fact file holding it may not
    if size > MAX_BYTES:
        raise InputTooLarge(f"{source}：由它生成的事实文件有 {human_size(size)}，超过事实文件的上限 "
                            f"{human_size(MAX_BYTES)}，没有写入；请检查是否选错了文件。", size)
    try:  # the file must say exactly what was recognised; if not, it is a bug, not the user's file
        written = parse_facts(text, str(out)).facts
    except FactFileError as exc:
        if any(f.code == "too-many-values" for f in exc.findings):
            raise InputFileError(f"{source}：由它生成的事实文件中的值过多（超过 {MAX_NODES} 个），没有写入；"
                                 "请检查是否选错了文件。") from None
        raise InternalError(f"{out}: the written fact file does not load: {exc.message}") from exc
    if written != result.facts:
        raise InternalError(f"{out}: the written fact file says something else than the recognised facts")
    backup = make_backup(out) if out.exists() else None
    atomic_write_text(out, text)
    return ImportOutcome(result, out, backup)


def summary_lines(result: ImportResult) -> list[str]:
    """What the user is told besides the findings: metadata found and what was changed."""
    facts = result.facts
    flat = facts.effective_title().replace("\n", "")
    how = "" if facts.title else "（与默认标题相同，事实文件中不必写）" if result.found_title == flat else "（默认标题）"
    out = [f"标题：{facts.effective_title()}{how}", f"机关：{facts.agency.name}；年度：{facts.year}"]
    signer = facts.letterhead.signer if facts.letterhead else None
    for label, value in (("主送机关", facts.to), ("发文字号", facts.doc_number), ("签发人", signer),
                         ("署名", facts.signature),
                         ("成文日期", format_date(facts.date) if facts.date else None)):
        if value:
            out.append(f"{label}：{value}")
    kinds = section_kinds()
    parts = []
    for k, section in enumerate(facts.sections, start=1):
        what = kinds[section.kind].label if section.kind else "专题"
        parts.append(f"{chinese_numeral(k)}（{what}）")
    out.append(f"正文 {len(facts.sections)} 个部分：" + "、".join(parts))
    return out
