"""Typed answers: turn what a user typed into a fact value, or say in Chinese why not.

Used while typing (the prompt refuses to submit an invalid answer) and again before
saving, so the file only ever receives values the fact model accepts. Digits typed in
full width (２０２４) and brackets typed as [] or （） are normalised; free text is kept as
typed apart from surrounding spaces (including the full-width indent 　　).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

from drafter.text.numerals import small_int
from drafter.text.values import (
    MIN_YEAR,
    format_doc_number,
    heading_line,
    name_line,
    one_line,
    parse_date,
    parse_doc_number,
    recipient_line,
    split_paragraphs,
)

#: Typing one of these as the whole answer shows the guidance and examples.
HELP_WORDS = ("?", "？")


class Blank:
    """The user left an optional answer empty (recorded in the file as an empty value)."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK = Blank()


def _digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


#: A one-line answer and a block answer are read exactly as the fact model reads the file.
to_line = one_line
to_paragraphs = split_paragraphs


def to_year(text: str, today: dt.date) -> int:
    value = _digits(text).removesuffix("年").removesuffix("年度").strip()
    year = small_int(value) if value.isdigit() else None  # 5,000 digits: int() would answer in English
    if year is None:
        raise ValueError("年度请写四位数字，例如 2024")
    if not MIN_YEAR <= year <= today.year:
        raise ValueError(f"年度应在 {MIN_YEAR} 到 {today.year} 之间（报告的是已经过去或正在进行的年度）")
    return year


def to_date(text: str) -> dt.date:
    return parse_date(_digits(text))


def check_doc_number(value: str, year: int | None) -> str:
    code, doc_year, _num = parse_doc_number(value)
    if year is not None and doc_year < year:
        raise ValueError(f"文号中的年份 {doc_year} 早于报告年度 {year}，年度报告通常在次年发文，请核对")
    return format_doc_number(value)


def check_after_report_year(value: dt.date, year: int | None) -> dt.date:
    if year is not None and value.year <= year:
        raise ValueError(f"成文日期应在报告年度（{year}年）之后，例如 {year + 1}-02-20")
    return value


def convert(qtype: str, text: str, *, empty_ok: bool, checks: tuple[str, ...] = (), year: int | None = None,
            today: dt.date | None = None) -> Any:
    """The fact value for `text`, BLANK for an accepted empty answer; ValueError(message) otherwise."""
    today = today or dt.date.today()
    if not text.strip():
        if empty_ok:
            return BLANK
        raise ValueError("这一项不能为空")
    value: Any
    if qtype == "line":
        value = to_line(text)
    elif qtype == "paragraphs":
        value = to_paragraphs(text)
    elif qtype == "year":
        value = to_year(text, today)
    elif qtype == "date":
        value = to_date(text)
    else:
        raise ValueError(f"unknown text question type {qtype}")
    for name in checks:
        value = CHECKS[name](value, year)
    return value


CHECKS: dict[str, Callable[[Any, int | None], Any]] = {
    # the fact model's own rules for these fields (text.values), so the wizard never saves what build refuses
    "heading": lambda value, _year: heading_line(value),
    "name": lambda value, _year: name_line(value),
    "recipient": lambda value, _year: recipient_line(value),
    "doc_number": check_doc_number,
    "after_report_year": check_after_report_year,
}


#: The check every question filling this fact field gets, whatever prompts/report.yaml names.
FIELD_CHECKS = {"heading": "heading", "agency.name": "name", "agency.short": "name", "signature": "name",
                "to": "recipient"}


def as_text(qtype: str, value: Any) -> str:
    """A stored value as the text a prompt starts from (the reverse of convert)."""
    if value is None:
        return ""
    if qtype == "paragraphs":
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return "\n".join(line.strip() for line in str(value).split("\n") if line.strip())
    if isinstance(value, dt.datetime):  # a YAML timestamp: check and build read its date, so offer that
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1", "是", "y")
    return bool(value)


#: 每年3月1日前报送上一年度的报告、4月1日前公开 (as templates/checks.yaml `deadlines`).
REPORT_DEADLINE = (3, 1)
PUBLISH_DEADLINE = (4, 1)


def late_date_warning(value: dt.date, year: int | None) -> str:
    """The same warning `drafter check` gives for a date after the deadlines; '' when on time."""
    if year is None or value.year != year + 1:
        return ""
    if value > dt.date(year + 1, *PUBLISH_DEADLINE):
        return (f"注意：成文日期晚于{year + 1}年4月1日，已过报送期限（3月1日前）和公开期限（4月1日前）；"
                f"已保存，如有误请按 PgUp 回去修改。")
    if value > dt.date(year + 1, *REPORT_DEADLINE):
        return (f"注意：成文日期晚于{year + 1}年3月1日；县级以上政府部门应在每年3月1日前报送上一年度的报告。"
                f"已保存，如有误请按 PgUp 回去修改。")
    return ""
