"""The vocabulary of the official format: every pattern that recognises a part of a 公文 by its text.

文号, 成文日期 (Arabic and Chinese numerals), heading numbers (一、 （一） 1. （1） in full and half
width), the characters no text may hold, the marks a name must not end with. Each is defined here
once; the wizard's answers and the fact model (text.values), `check` (text.rules, review.checks),
`import` (importing.recognise) and `verify` (docx.verify) all read them from here, so they cannot
disagree. tests/text/test_vocabulary.py holds the five-way agreement test and the test that no
other module defines these patterns again. Standard library only.
"""

from __future__ import annotations

import re

from drafter.records import Frozen
from drafter.text.numerals import DIGITS, NUMERAL_CHARS, parse_chinese_numeral

#: CJK ideographs (extension A, the unified block, compatibility ideographs).
IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# --- characters no text may hold ----------------------------------------------------------------

#: Line breaks that are not "\n" (pasted from Word; YAML folds or trips over them).
LINE_SEPARATORS = "\x85\u2028\u2029"
#: C0 controls but LF, DEL and C1 controls, the odd line breaks, surrogates, U+FFFE/U+FFFF: a DOCX
#: cannot hold them or shows them as something else. Format characters (U+200B zero-width space,
#: U+200D joiner, U+FEFF) are kept: they are valid text and print as nothing.
_CONTROL = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
#: Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): a fact file may hold
#: them (tests/corpus), but pasted into the wizard along with a web page's text they are removed, since
#: they make Word show the rest of the line in reverse order and cannot be seen to be deleted.
BIDI_CONTROL_CHARS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: Refused in a text of several lines (a fact file's block, the wizard's paragraphs).
CONTROL_CHARS = re.compile(f"[{_CONTROL}]")
#: Refused in a one-line text: the above and the line feed.
CONTROL_CHARS_ONE_LINE = re.compile(f"[\n{_CONTROL}]")
#: What XML 1.0 cannot hold at all (lxml refuses it): the compiled template leaves such a text to docxtpl.
NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Never printed as they are in a message (console.visible escapes them): C0 controls but tab and line
#: feed, DEL, C1 controls, the odd line breaks and the bidirectional controls. A terminal acts on them or
#: shows nothing, and a file read in the wrong encoding would otherwise print its NUL bytes.
UNPRINTABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{LINE_SEPARATORS}\u202a-\u202e\u2066-\u2069]")

# --- 文号 ---------------------------------------------------------------------------------------------

#: Brackets a 文号's year is found in: 〔〕 is right (GB/T 9704-2012 7.2.4), the others are slips.
DOCNO_OPEN, DOCNO_CLOSE = "〔[［(（【﹝", "〕]］)）】﹞"
_OPEN, _CLOSE = re.escape(DOCNO_OPEN), re.escape(DOCNO_CLOSE)
#: A 文号 at the start of a text: 机关代字, the year in brackets, an optional 第, the number, 号.
#: The year may be short here so that `verify` can say it should be written in full; the number has
#: at most nine digits (int() refuses 4300+ digits, in English).
DOC_NUMBER = re.compile(
    rf"\s*(?P<code>[^\s{_OPEN}{_CLOSE}]+?)\s*(?P<open>[{_OPEN}])\s*(?P<year>\d{{2,4}})\s*"
    rf"(?P<close>[{_CLOSE}])\s*(?P<di>第?)\s*(?P<num>\d{{1,9}})\s*号"  # bounded: int() refuses 4300+ digits
)
#: The bracketed year of a 文号 inside running text ("江法治办[2020]23号"), for the bracket check.
DOC_NUMBER_IN_TEXT = re.compile(
    rf"(?<=[{IDEOGRAPH}])(?P<open>[{_OPEN}])\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"(?P<close>[{_CLOSE}])\s*(?=第?\s*\d+\s*号)"
)

# --- dates ------------------------------------------------------------------------------------------

#: 2024年1月30日 (spaces tolerated). templates/import.yaml writes it as {date}.
DATE_CN = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
#: 2024-01-30, 2024.1.30, 2024/1/30.
DATE_ISO = re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})")
#: A year stated in running text ("2023年"), and what makes it part of a period ("2021—2025年",
#: "2021年至2025年") or gives its month ("2024年1月").
YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?=\s*年)")
YEAR_RANGE_END = re.compile(r"(?:19|20)\d{2}\s*年?\s*[—–\-~～至到]\s*$")
YEAR_RANGE_START = re.compile(r"\s*年?\s*[—–\-~～至到]\s*(?:19|20)\d{2}")
YEAR_MONTH = re.compile(r"\s*年\s*(\d{1,2})\s*月")
#: A school year ("2023-2024学年度", "2023—2024学年"): a school's report names its year so.
SCHOOL_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-—–~～至]\s*(?:19|20)\d{2}\s*学年")
#: 〇 and its stand-ins ○ 零 as the zero of a year written digit by digit (二〇二四年, 二零二四年).
_YEAR_ZEROS = "〇○零"
#: 二〇二四年一月三十日: the form GB/T 9704-2012 7.3.5 replaced with Arabic numerals.
DATE_CN_NUMERALS = re.compile(rf"(?P<y>[{_YEAR_ZEROS}{DIGITS[1:]}]{{4}})年(?P<m>[{NUMERAL_CHARS}]{{1,2}})月"
                              rf"(?P<d>[{NUMERAL_CHARS}]{{1,3}})日")


def chinese_date_parts(text: str) -> tuple[int, int, int] | None:
    """二〇二四年一月三十日 -> (2024, 1, 30), with no check that the day exists; None if not one."""
    m = DATE_CN_NUMERALS.fullmatch(text.strip())
    if not m:
        return None
    year = int("".join(str(DIGITS.index("零" if c in _YEAR_ZEROS else c)) for c in m["y"]))
    month, day = parse_chinese_numeral(m["m"]), parse_chinese_numeral(m["d"])
    return (year, month, day) if month and day else None


# --- heading numbers ------------------------------------------------------------------------------

#: The four heading forms by level (GB/T 9704-2012 7.3.3), full- and half-width, spaces tolerated.
#: "1.5亿元" and "12.4宪法日" are numbers, "1.2023年度……" is a heading.
HEADING_NUMBERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"\s*([{NUMERAL_CHARS}百]{{1,4}})\s*[、．.]\s*")),
    (2, re.compile(rf"\s*[（(]\s*([{NUMERAL_CHARS}]{{1,3}})\s*[）)]\s*")),
    (3, re.compile(r"\s*(\d{1,2})\s*[.．、](?!\d{1,3}(?!\d))(?![.．])\s*")),
    (4, re.compile(r"\s*[（(]\s*(\d{1,2})\s*[）)]\s*")),
)
#: ① … ⑳: not a level of the standard, but a number all the same.
_CIRCLED = re.compile(r"\s*([①-⑳])\s*")


class HeadingNumber(Frozen):
    __slots__ = ("level", "number", "typed", "end")

    def __init__(self, level: int, number: int | None, typed: str, end: int) -> None:
        self.level = level  # 1 一、 2 （一） 3 1. 4 （1）; 0 for ①
        self.number = number  # as typed (None for a numeral this module does not read, such as 一百)
        self.typed = typed  # the numbering as typed, without surrounding spaces
        self.end = end  # where the text after the number starts


def heading_number(text: str, *, circled: bool = False) -> HeadingNumber | None:
    """The heading number `text` starts with, in any of the four forms (and ① … with `circled`)."""
    for level, pattern in HEADING_NUMBERS:
        m = pattern.match(text)
        if m:
            raw = m.group(1)
            number = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
            return HeadingNumber(level, number, m.group().strip(), m.end())
    m = _CIRCLED.match(text) if circled else None
    if m:
        return HeadingNumber(0, ord(m.group(1)) - ord("①") + 1, m.group(1), m.end())
    return None


def typed_heading_number(heading: str) -> HeadingNumber | None:
    """A number typed at the start of a heading whose number the build generates: one of the four
    forms or ①. The one rule of the wizard, the fact model, import and verify."""
    return heading_number(heading, circled=True)


HEADING_NUMBERED = "标题开头写了序号“{number}”，而序号由位置自动生成，生成后会重复；请删去“{number}”。"

# --- 附件说明 ------------------------------------------------------------------------------------------

#: "附件：" that opens the 附件说明; its entries are numbered like level-3 headings ("2.某某统计表").
ATTACHMENT_NOTE = re.compile(r"\s*附\s*件\s*(?P<colon>[:：])\s*")


def attachment_entry(text: str) -> tuple[str, str]:
    """(the "附件：" and "2." before the name, the name) of a line of the 附件说明."""
    note = ATTACHMENT_NOTE.match(text)
    start = note.end() if note else 0
    number = heading_number(text[start:])
    if number and number.level == 3:
        start += number.end
    return text[:start], text[start:]


# --- names ------------------------------------------------------------------------------------------

#: A name (机关, 署名, 主送, 抄送, 附件名称, 签发人) ends without these: the format puts what follows a
#: name (主送机关's colon, 抄送's full stop) itself, and 附件名称后不加标点符号 (GB/T 9704-2012 7.3.4).
NAME_END_MARKS = "。，；、：！？.,;:!?"

NAME_ENDS_IN_MARK = "名称末尾不加标点符号，请删去“{mark}”（需要的标点由生成时自动加上）"


def name_end_mark(name: str) -> str | None:
    """The punctuation mark a name wrongly ends with, or None."""
    name = name.rstrip()
    return name[-1] if name and name[-1] in NAME_END_MARKS else None
