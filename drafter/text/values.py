"""Pure text values of a fact file: hygiene, one-line and paragraph texts, document numbers, dates.

No pydantic here: the wizard checks every answer with these functions before the fact model
is needed (importing pydantic costs about a tenth of a second before the first question).
drafter.factfile.model builds the model's validators from them and re-exports the public names.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from drafter import TYPE_CHECKING
from drafter.text.patterns import (
    CONTROL_CHARS,
    CONTROL_CHARS_ONE_LINE,
    DATE_CN,
    DATE_ISO,
    DOC_NUMBER,
    HEADING_NUMBERED,
    NAME_ENDS_IN_MARK,
    chinese_date_parts,
    name_end_mark,
    typed_heading_number,
)

if TYPE_CHECKING:
    from typing import Any

MIN_YEAR, MAX_YEAR = 1990, 2100


def describe_char(ch: str) -> str:
    """U+0001, or U+00A0 NO-BREAK SPACE: how a message names an invisible character."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


# --- text hygiene ----------------------------------------------------------

#: docxtpl turns these into markup after rendering; user text must not carry them.
_DOCXTPL_MARKERS = ("{_{", "}_}", "{_%", "%_}")


class TextError(ValueError):
    """A text refused for a character in it; `index` is where that character stands in the text, and
    `item` which paragraph of a list of paragraphs the text is (None for a text on its own)."""

    def __init__(self, message: str, index: int, item: int | None = None) -> None:
        super().__init__(message)
        self.index = index
        self.item = item


def clean_text(value: str, *, multiline: bool) -> str:
    """Refuse characters that cannot live in a DOCX or would be re-interpreted (TextError).

    A one-line text may start or end with line breaks: YAML's `|` and `>` end a text with one (and
    `|+` keeps blank lines), which are not the writer's. Only a break between its words is refused.
    """
    start, end = 0, len(value)
    if not multiline:
        start, end = len(value) - len(value.lstrip(" \n")), len(value.rstrip(" \n"))
    found = (CONTROL_CHARS if multiline else CONTROL_CHARS_ONE_LINE).search(value, start, max(start, end))
    if found:
        ch, at = found.group(), found.start()
        if ch == "\n":
            raise TextError("这一项只能写一行，不能换行", at)
        if ch == "\t":
            raise TextError("含有制表符（Tab），请改为空格或删除", at)
        if 0xD800 <= ord(ch) <= 0xDFFF:
            raise TextError(f"含有无效的字符 U+{ord(ch):04X}（孤立的代理项，不是完整的字符），请删除后重试", at)
        raise TextError(f"含有不可见的控制字符 {describe_char(ch)}，请删除后重试", at)
    markers = [(at, marker) for marker in _DOCXTPL_MARKERS if (at := value.find(marker)) >= 0]
    if markers:
        at, marker = min(markers)
        raise TextError(f"含有保留的字符组合“{marker}”，请在中间加空格或删除", at)
    return value


def one_line(value: str) -> str:
    """A one-line text, checked and without surrounding spaces."""
    return clean_text(value, multiline=False).strip()


def heading_line(value: str) -> str:
    """A heading: one line that does not start with its own number (the build numbers headings)."""
    value = one_line(value)
    typed = typed_heading_number(value)
    if typed:
        raise ValueError(HEADING_NUMBERED.format(number=typed.typed))
    return value


def name_line(value: str, *, added: str = "") -> str:
    """A name (机关, 署名, 附件名称 …): one line that ends without punctuation. `added` is the mark
    the build itself puts after this name (主送机关's colon): typed, it is tolerated."""
    value = one_line(value)
    mark = name_end_mark(value.rstrip(added) if added else value)
    if mark:
        raise ValueError(NAME_ENDS_IN_MARK.format(mark=mark))
    return value


#: The mark the build puts after 主送机关 and after the last 抄送机关; typed, it is tolerated and dropped.
RECIPIENT_END, CC_END = "：:", "。"


def recipient_line(value: str) -> str:
    """主送机关: a name; the colon after it is the build's."""
    return name_line(value, added=RECIPIENT_END)


def cc_name_line(value: str) -> str:
    """A 抄送机关: a name; the full stop after the last one is the build's."""
    return name_line(value, added=CC_END)


def title_text(value: str) -> str:
    """A title: explicit line breaks kept, blank lines and surrounding spaces dropped."""
    lines = [line.strip() for line in clean_text(value, multiline=True).split("\n")]
    return "\n".join(line for line in lines if line)


def split_paragraphs(text: str) -> list[str]:
    """A block of text as paragraphs, one per line; blank lines are dropped."""
    clean_text(text, multiline=True)
    return [line.strip() for line in text.split("\n") if line.strip()]


_LIST_ITEM_BREAK = "列表中的每一项是一段，不能换行；要另起一段，请把它写成列表的下一项（以“- ”开头）"


def paragraphs(value: Any) -> Any:
    """A text is a block with one paragraph per line, or a list of paragraphs.

    Anything else is returned as it is, for the fact model's type check to report.
    """
    if value is None:
        return []
    if isinstance(value, str):
        return split_paragraphs(value)
    if isinstance(value, list):
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                return value  # let the list[str] type report the wrong item
            try:
                clean_text(item, multiline=False)
            except TextError as exc:  # the error is the list's: say which paragraph of it
                message = _LIST_ITEM_BREAK if item[exc.index] == "\n" else str(exc)
                raise TextError(message, exc.index, item=i) from None
            if item.strip():
                out.append(item.strip())
        return out
    return value


# --- document number ---------------------------------------------------------

def parse_doc_number(value: str) -> tuple[str, int, int]:
    """'龙科〔2024〕2号' -> ('龙科', 2024, 2); [] and () are tolerated (checks warn)."""
    m = DOC_NUMBER.fullmatch(value.rstrip())
    if not m or len(m["year"]) != 4:
        raise ValueError("发文字号应写成“机关代字〔年份〕序号号”，年份写全四位，例如“龙科〔2024〕2号”")
    return m["code"], int(m["year"]), int(m["num"])


def format_doc_number(value: str) -> str:
    code, year, num = parse_doc_number(value)
    return f"{code}〔{year}〕{num}号"


def doc_number_line(value: str) -> str:
    """A document number as written (one line), refused unless it parses."""
    value = one_line(value)
    parse_doc_number(value)
    return value


# --- dates -------------------------------------------------------------------

class DateFormError(ValueError):
    """A text that is not written as a date at all (the fact file words it by the field's rule)."""


def coerce_date(value: Any) -> Any:
    """A date from a datetime or a written date; anything else as it is, for the type check."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        m = DATE_CN.fullmatch(value.strip()) or DATE_ISO.fullmatch(value.strip())
        if not m:
            if chinese_date_parts(value):
                raise DateFormError("日期应使用阿拉伯数字，例如 2024-01-30 或 2024年1月30日（不写“二〇二四年”）")
            raise DateFormError("日期格式应为 2024-01-30 或 2024年1月30日")
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError("日期不存在（请检查月份和日）") from None
    return value


def parse_date(value: str) -> dt.date:
    """'2025-02-20' or '2025年2月20日' -> date; ValueError with a Chinese message otherwise."""
    result = coerce_date(value)
    if not isinstance(result, dt.date):
        raise ValueError("日期格式应为 2024-01-30 或 2024年1月30日")
    return result


def parse_any_date(text: str) -> dt.date | None:
    """A date as a fact file writes it or in Chinese numerals (二〇二四年一月三十日), as `import`
    reads one from a report; None if it is not a date or no such day."""
    try:
        return parse_date(text)
    except ValueError:
        pass
    parts = chinese_date_parts(text)
    try:
        return dt.date(*parts) if parts else None
    except ValueError:
        return None


def format_date(value: dt.date) -> str:
    """成文日期 in Arabic numerals, full year, no padding (GB/T 9704 7.3.5)."""
    return f"{value.year}年{value.month}月{value.day}日"
