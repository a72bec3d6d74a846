"""`drafter verify`: every deviation from GB/T 9704-2012 that can be read from a DOCX.

The file may be one this tool built or one a clerk has since edited in Word or WPS, so
nothing is assumed about its styles: the role of each paragraph (title, 主送机关, headings
by their numbering text, 署名, 成文日期, 附件说明, 附件, 版记) is recognised from its text and
position, and its effective formatting (docxinspect) is compared with what format.yaml
prescribes for that role. Each finding names the paragraph (index and first characters)
and says what it should be.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from drafter.docx.inspect import (
    Inspector,
    RunFormat,
    body_paragraphs,
    has_page_field,
    open_docx,
    paragraph_text,
    starts_new_page,
)
from drafter.docx.pageflow import MAX_LOOSENED_TWIPS, MIN_SQUEEZED_TWIPS, Unit, paginate, text_lines
from drafter.docx.spec import TWIPS_PER_MM, format_spec
from drafter.errors import Finding
from drafter.resources import load_data, template_path
from drafter.text.numerals import chinese_numeral, small_int
from drafter.text.patterns import (
    ATTACHMENT_NOTE,
    CONTROL_CHARS,
    DATE_CN,
    DATE_CN_NUMERALS,
    DOC_NUMBER,
    attachment_entry,
    heading_number,
    name_end_mark,
    typed_heading_number,
)
from drafter.text.values import describe_char, parse_any_date
from drafter.text.width import set_width, text_width


@cache
def verify_rules() -> dict[str, Any]:
    rules: dict[str, Any] = load_data(template_path("verify.yaml"))
    return rules


_PRINTED = re.compile(DATE_CN.pattern + "印发$")
_ATTACH_LABEL = re.compile(r"^附件\s*\d*$")
_SENTENCE = re.compile(r"[。；！？]")
_RED = re.compile(r"^(?:[C-F][0-9A-F])(?:[0-5][0-9A-F]){2}$")

#: Roles whose text must sit on the 22-line grid and use the body indents.
_BODY_ROLES = ("body", "h1", "h2", "h3", "h4", "note")
_GRID_ROLES = (*_BODY_ROLES, "to", "signature", "date", "attach_note")
_ROLE_LABEL = {
    "title": "标题", "to": "主送机关", "body": "正文", "h1": "一级标题", "h2": "二级标题", "h3": "三级标题",
    "h4": "四级标题", "signature": "署名", "date": "成文日期", "note": "附注", "attach_note": "附件说明",
    "attach_label": "附件标识", "attach_title": "附件标题", "cc": "抄送", "printed": "印发机关和印发日期",
    "lh_name": "发文机关标志", "docno": "发文字号", "page_number": "页码",
}
#: Latin serif fonts that may set the digits of Chinese text: Times New Roman (a local rule
#: most tools follow) and Cambria (the Latin font of Word's default theme). A sans font such as
#: Arial or Calibri stands out in 仿宋 text.
_LATIN_OK = ("times new roman", "cambria")
#: Style role in format.yaml for each paragraph role.
_STYLE_ROLE = {"cc": "imprint", "printed": "imprint", "attach_note": "attach"}


@dataclass
class Para:
    index: int  # 1-based, in reading order
    el: Any
    text: str
    role: str = ""

    @property
    def label(self) -> str:
        flat = self.text.replace("\n", " ").replace("\t", " ").strip()
        return f"第{self.index}段「{flat[:14]}{'…' if len(flat) > 14 else ''}」"


def verify_docx(path: Path | str) -> list[Finding]:
    """Every deviation found in the DOCX at `path` (empty when it follows the standard)."""
    path = Path(path)
    return Verifier(open_docx(path), str(path)).run()


def family_of(font: str | None) -> str | None:
    """仿宋_GB2312 -> "fang", 方正小标宋简体 -> "title"; None when the font is of no known family."""
    if not font:
        return None
    families: dict[str, dict[str, Any]] = verify_rules()["families"]
    for key, family in families.items():
        if any(name.lower() in font.lower() for name in family["names"]):
            return key
    return None


def heading_level(text: str) -> int | None:
    """The level of a heading by its numbering text (text.patterns), for files without heading styles."""
    found = heading_number(text)
    return found.level if found and found.level else None


def _family_label(key: str) -> str:
    label: str = verify_rules()["families"][key]["label"]
    return label


def _is_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 and unicodedata.category(ch) != "Zs" for ch in text)


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _zi(count: float) -> str:
    """2 -> '二字', as the standard counts characters; a fraction in digits."""
    whole = int(count)
    return f"{chinese_numeral(whole)}字" if whole == count and 1 <= whole <= 10 else f"{_fmt(count)} 字"


class Verifier:
    def __init__(self, doc: DocxDocument, file: str) -> None:
        self.doc = doc
        self.file = file
        self.ins = Inspector(doc)
        self.spec = format_spec()
        self.tol = verify_rules()["tolerance"]
        self.findings: list[Finding] = []
        self.paras = [Para(i, el, paragraph_text(el)) for i, el in enumerate(body_paragraphs(doc), start=1)]
        # a DOCX without section properties is laid out on the application's default page
        section = doc.sections[0] if len(doc.sections) else None
        page, margin = self.spec.page, self.spec.page["margin_mm"]
        self.type_width = (_twips(_length(section, "page_width"), page["width_mm"])
                           - _twips(_length(section, "left_margin"), margin["left"])
                           - _twips(_length(section, "right_margin"), margin["right"]))
        # the 版心 format.yaml prescribes (type_width above is the one the document has)
        self.type_width_mm = page["width_mm"] - margin["left"] - margin["right"]
        self.type_height_mm = page["height_mm"] - margin["top"] - margin["bottom"]
        self.letterhead = False

    def report(self, where: Para | str, message: str, code: str) -> None:
        label = where.label if isinstance(where, Para) else where
        self.findings.append(Finding(message, self.file, path=label, code=code))

    def run(self) -> list[Finding]:
        self.check_page_setup()
        self.check_page_numbers()
        self.classify()
        self.adjusted = self._adjusted_page()
        for para in self.paras:
            if para.role:
                self.check_paragraph(para)
                self.check_emphasis(para)
                self.check_paragraph_spacing(para)
        self.check_signature()
        self.check_attachment_note()
        self.check_page_flow()
        return self.findings

    # --- page --------------------------------------------------------------------------------

    def check_page_setup(self) -> None:
        page = self.spec.page
        if not len(self.doc.sections):
            m = page["margin_mm"]
            self.report("页面设置", f"未设置页面（文档中没有页面设置，会按 Word 或 WPS 的默认纸张和页边距排版）；应为 A4 纸"
                                   f"（{page['width_mm']}×{page['height_mm']} 毫米），上边距 {m['top']}、下边距 {m['bottom']}、"
                                   f"左边距 {m['left']}、右边距 {m['right']} 毫米", "page-setup")
            return
        expected = {"纸张宽度": ("page_width", page["width_mm"]), "纸张高度": ("page_height", page["height_mm"]),
                    "上边距（天头）": ("top_margin", page["margin_mm"]["top"]),
                    "下边距": ("bottom_margin", page["margin_mm"]["bottom"]),
                    "左边距（订口）": ("left_margin", page["margin_mm"]["left"]),
                    "右边距": ("right_margin", page["margin_mm"]["right"])}
        for n, section in enumerate(self.doc.sections, start=1):
            where = "页面设置" + (f"（第{n}节）" if len(self.doc.sections) > 1 else "")
            for label, (attr, mm) in expected.items():
                value = _length(section, attr)
                actual = value.mm if value is not None else None
                if actual is None or abs(actual - mm) > self.tol["margin_mm"]:
                    shown = (f"{label}为 {_fmt(actual)} 毫米" if actual is not None
                             else f"未设置{label}（Word 或 WPS 会用各自的默认值）")
                    self.report(where, f"{shown}，应为 {mm} 毫米（A4，版心 {_fmt(self.type_width_mm)}×"
                                       f"{_fmt(self.type_height_mm)} 毫米）", "page-setup")

    def check_page_numbers(self) -> None:
        settings = self.doc.settings
        if not len(self.doc.sections):
            self.report("页码", "文档中没有页面设置，因而没有页脚和页码（PAGE 域）", "page-number-missing")
            return
        for n, section in enumerate(self.doc.sections, start=1):
            where = "页码" + (f"（第{n}节）" if len(self.doc.sections) > 1 else "")
            footers = [("单页", section.footer, "right")]
            if settings.odd_and_even_pages_header_footer:
                footers.append(("双页", section.even_page_footer, "left"))
            elif n == 1:
                self.report(where, "未设置“奇偶页不同”：单页码应居右空一字，双页码应居左空一字", "page-number-sides")
            if section.different_first_page_header_footer and not self._page_paragraph(section.first_page_footer):
                self.report(where, "首页不显示页码；公文除空白页外每页都应编排页码", "page-number-first")
            for label, footer, side in footers:
                if n == 1 or not footer.is_linked_to_previous:  # a linked footer was checked with its section
                    self._check_page_number(f"{where}·{label}", footer, side)
            distance = _length(section, "footer_distance")
            low, high = self.tol["footer_mm"]
            if distance is not None and not low <= distance.mm <= high:
                self.report(where, f"页脚距边界 {_fmt(distance.mm)} 毫米，页码的一字线应在版心下边缘之下约 7 毫米"
                                   f"（页脚距边界约 {_fmt((low + high) / 2)} 毫米）", "page-number-position")
            fmt = section._sectPr.find(qn("w:pgNumType"))
            if fmt is not None and fmt.get(qn("w:fmt")) == "numberInDash":
                self.report(where, "页码格式为“- 1 -”（连字符）；应为一字线“— 1 —”", "page-number-dash")

    @staticmethod
    def _page_paragraph(footer: Any) -> Any | None:
        """The footer paragraph with the PAGE field (a missing footer reads as an empty one)."""
        return next((p for p in footer._element.iter(qn("w:p")) if has_page_field(p)), None)

    def _check_page_number(self, where: str, footer: Any, side: str) -> None:
        p = self._page_paragraph(footer)
        if p is None:
            self.report(where, "页脚中没有页码（PAGE 域）", "page-number-missing")
            return
        text = paragraph_text(p).strip()
        if not (text.startswith("—") and text.endswith("—")):
            self.report(where, f"页码为“{text}”，两侧应为一字线：“— 1 —”", "page-number-dash")
        style = self.spec.styles["page_number"]
        for run in self.ins.runs(p):
            self._check_run(where, run, style.font, style.size_pt, "页码", digits=True)
        align = self.ins.alignment(p)
        ind = self.ins.indent(p)
        one = self.spec.styles["page_number"].size_pt * 20
        if side == "right" and (align != "right" or abs(ind.right - one) > one * 0.3):
            self.report(where, "单页码应居右空一字（右对齐，右缩进一个4号字）", "page-number-side")
        if side == "left" and (align != "left" or abs(ind.left + ind.first_line - one) > one * 0.3):
            self.report(where, "双页码应居左空一字（左对齐，左缩进一个4号字）", "page-number-side")

    # --- roles -----------------------------------------------------------------------------------

    def classify(self) -> None:
        """Give each non-empty paragraph its role: head (版头, 发文字号, title, 主送机关), main part
        (text, 附件说明, 署名, 成文日期, 附注), attachment pages, 版记."""
        texts = [p for p in self.paras if p.text.strip()]
        i = self._classify_head(texts)
        for p in texts[i:]:
            compact = re.sub(r"\s", "", p.text)
            if compact.startswith("抄送"):
                p.role = "cc"
            elif _PRINTED.search(compact):
                p.role = "printed"
        rest = [p for p in texts[i:] if not p.role]
        label_at = next((j for j, p in enumerate(rest) if _ATTACH_LABEL.match(p.text.strip())), len(rest))
        self._classify_main(rest[:label_at])
        self._classify_attachments(rest[label_at:])

    def _classify_head(self, texts: list[Para]) -> int:
        i = 0
        while i < min(len(texts), 6):
            p = texts[i]
            if (m := DOC_NUMBER.match(p.text.strip())) and len(m["code"]) <= 15:
                p.role = "docno"
            elif self._is_red(p):
                p.role = "lh_name"
                self.letterhead = True
            else:
                break
            i += 1
        if i < len(texts) and not heading_level(texts[i].text.strip()):
            texts[i].role = "title"
            i += 1
            while i < len(texts) and self.ins.alignment(texts[i].el) == "center" and self._size(texts[i]) >= 18:
                texts[i].role = "title"
                i += 1
        if i < len(texts) and self._looks_like_recipient(texts[i].text.strip()):
            texts[i].role = "to"
            i += 1
        return i

    def _classify_main(self, main: list[Para]) -> None:
        date_at = self._date_index(main)
        if date_at is not None:
            main[date_at].role = "date"
            main[date_at - 1].role = "signature"
            if date_at + 1 < len(main) and re.match(r"^[（(].*[）)]$", main[date_at + 1].text.strip()):
                main[date_at + 1].role = "note"
        elif main and self._short_line(main[-1].text.strip()) and len(main) > 1:
            main[-1].role = "signature"  # a report signed without a date
        in_note = False
        for p in main:
            text = p.text.strip()
            if p.role:
                in_note = False
            elif ATTACHMENT_NOTE.match(text) or (in_note and attachment_entry(text)[0]):
                p.role = "attach_note"
                in_note = True
            else:
                self._text_role(p)

    def _classify_attachments(self, part: list[Para]) -> None:
        expect_title = False
        for p in part:
            if _ATTACH_LABEL.match(p.text.strip()):
                p.role = "attach_label"
                expect_title = True
            elif expect_title:
                p.role = "attach_title"
                expect_title = False
            else:
                self._text_role(p)

    def _text_role(self, p: Para) -> None:
        level = heading_level(p.text.strip()) or self._outline_level(p)
        p.role = f"h{level}" if level else "body"

    @staticmethod
    def _short_line(text: str) -> bool:
        return text_width(text) <= 24 and not re.search(r"[。；！？，、：:]", text)

    def _date_index(self, main: list[Para]) -> int | None:
        """The 成文日期: the last date-only paragraph, right after a short 署名 line."""
        for j in range(len(main) - 1, 0, -1):
            compact = re.sub(r"\s", "", main[j].text)
            if (DATE_CN.fullmatch(compact) or DATE_CN_NUMERALS.fullmatch(compact)) and self._short_line(main[j - 1].text.strip()):
                return j
        return None

    def _outline_level(self, p: Para) -> int | None:
        value = self.ins.para_value(p.el, "w:outlineLvl")
        level = small_int(value)
        if level is not None and 0 <= level <= 3:
            return level + 1
        return None

    @staticmethod
    def _looks_like_recipient(text: str) -> bool:
        """主送机关: a short line of names after the title, ending with a colon (or missing it)."""
        if text.endswith(("：", ":")):
            return text_width(text) <= 56 and not _SENTENCE.search(text) and not heading_level(text)
        return (text_width(text) <= 30 and not re.search(r"[。，；！？、（）()\d]", text)
                and not heading_level(text) and text[-1:] not in "年月日")

    def _is_red(self, p: Para) -> bool:
        runs = self.ins.runs(p.el)
        return bool(runs) and all(r.color and _RED.match(r.color) for r in runs)

    def _size(self, p: Para) -> float:
        runs = self.ins.runs(p.el)
        return max((r.size_pt for r in runs), default=0)

    # --- one paragraph ---------------------------------------------------------------------------

    def check_paragraph(self, p: Para) -> None:
        role = p.role
        text = p.text.strip()
        if bad := CONTROL_CHARS.search(p.text.replace("\t", "")):
            self.report(p, f"含有不可见的控制字符 {describe_char(bad.group())}，请删除", "control-char")
        if role in ("h1", "h2", "h3", "h4") and (number := heading_number(text)):
            again = typed_heading_number(text[number.end:])
            if again:
                self.report(p, f"标题序号“{number.typed}”后又写了序号“{again.typed}”，序号重复；请删去“{again.typed}”",
                            "heading-numbered")
        if role == "docno":
            self.check_doc_number(p)
        elif role == "to" and not text.endswith("："):
            wrong = "半角冒号“:”" if text.endswith(":") else "没有冒号"
            self.report(p, f"主送机关后应为全角冒号“：”，现为{wrong}", "recipient-colon")
        elif role == "lh_name":
            self._check_runs(p, "title", check_size=False)  # its size is the agency's choice
            return
        elif role in ("cc", "printed"):
            self.check_imprint(p)
        elif role == "attach_label":
            if not starts_new_page(self.ins, p.el):
                self.report(p, "附件应另起一页编排", "attachment-page")
            self._check_indent(p, "attach_label", flush="“附件”及序号应顶格编排")
        elif role in ("title", "attach_title"):
            self._check_centred(p)
        elif role in ("date",) and DATE_CN_NUMERALS.fullmatch(re.sub(r"\s", "", text)):
            self.report(p, "成文日期应使用阿拉伯数字，如“2024年1月30日”", "date-digits")
        elif role == "date":
            m = DATE_CN.fullmatch(re.sub(r"\s", "", text))
            if m and (m["m"].startswith("0") or m["d"].startswith("0")):
                self.report(p, "成文日期的月、日不编虚位（如 1月 而非 01月）", "date-digits")
            if m and parse_any_date(m.group()) is None:
                self.report(p, f"成文日期“{m.group()}”不存在（请检查月份和日）", "date-invalid")
        if role in _BODY_ROLES:
            self._check_indent(p, role)
        if role == "to":
            self._check_indent(p, "to", flush="主送机关应居左顶格")
        if role in _GRID_ROLES:
            self._check_spacing(p)
        if role in ("h1", "h2", "h3", "h4"):
            self._check_heading_runs(p)
        elif role == "docno":
            self._check_docno_runs(p)
        else:
            self._check_runs(p, _STYLE_ROLE.get(role, role))

    def _check_runs(self, p: Para, style_role: str, check_size: bool = True) -> None:
        style = self.spec.styles[style_role]
        for run in self.ins.runs(p.el):
            self._check_run(p, run, style.font, style.size_pt if check_size else None,
                            _ROLE_LABEL.get(p.role, style_role))

    def _check_run(self, where: Para | str, run: RunFormat, family: str, size: float | None, what: str,
                   digits: bool = False) -> None:
        if _is_cjk(run.text) or digits:
            font = run.east_asia if _is_cjk(run.text) else run.ascii
            if family_of(font) != family:
                shown = f"“{font}”" if font else "未指定"
                self.report(where, f"{what}字体为{shown}，应为{_family_label(family)}", "font")
        if size is not None and abs(run.size_pt - size) > 0.25:
            self.report(where, f"{what}字号为 {_fmt(run.size_pt)} 磅，应为 {_fmt(size)} 磅（{_size_name(size)}）",
                        "font-size")

    def _check_heading_runs(self, p: Para) -> None:
        """A run-in heading (（一）……。正文) is set in the heading font up to its first full stop."""
        level = p.role
        runs = self.ins.runs(p.el)
        joined = "".join(r.text for r in runs)
        stop = _SENTENCE.search(joined)
        split = stop.end() if stop and stop.end() < len(joined.rstrip()) else len(joined)
        offset = 0
        heading_style = self.spec.styles[level]
        body_style = self.spec.styles["body"]
        for run in runs:
            in_heading = offset < split
            style = heading_style if in_heading else body_style
            what = _ROLE_LABEL[level] if in_heading else "接排正文"
            self._check_run(p, run, style.font, style.size_pt, what)
            offset += len(run.text)

    def _check_docno_runs(self, p: Para) -> None:
        """发文字号 and “签发人：” in 仿宋, the signer's name in 楷体."""
        fang = self.spec.styles["docno"]
        kai = self.spec.styles["signer"]
        seen = ""
        for run in self.ins.runs(p.el):
            after_signer = "签发人" in seen and "签发人" not in run.text
            style, what = (kai, "签发人姓名") if after_signer else (fang, "发文字号")
            self._check_run(p, run, style.font, style.size_pt, what)
            seen += run.text

    def _pitch(self, p: Para) -> float:
        runs = self.ins.runs(p.el)
        first = runs[0] if runs else None
        size = first.size_pt if first else 16
        pitch = size * 20 + (first.spacing_twips if first else 0)
        return pitch if pitch > 0 else size * 20  # condensed by more than the glyph is wide: no usable pitch

    def _first_and_left(self, p: Para) -> tuple[float, float]:
        """First-line start and continuation start, in 字 of the paragraph's text."""
        ind = self.ins.indent(p.el)
        pitch = self._pitch(p)
        size_twips = (self.ins.runs(p.el)[0].size_pt if self.ins.runs(p.el) else 16) * 20
        left = ind.left_chars / 100 * size_twips if ind.left_chars else ind.left
        first = ind.first_line_chars / 100 * size_twips if ind.first_line_chars else ind.first_line
        return (left + first) / pitch, left / pitch

    def _expected_start(self, style_role: str) -> tuple[float, float]:
        """Where format.yaml starts the first and the following lines of a role, in 字."""
        style = self.spec.styles[style_role]
        left = style.left_chars or 0
        return left + (style.first_line_chars or 0), left

    def _check_indent(self, p: Para, style_role: str, flush: str = "应顶格") -> None:
        """`flush` words the rule when both lines start at the left edge."""
        first, left = self._expected_start(style_role)
        if not first and not left:
            what = flush
        elif not left:
            what = f"首行应缩进{_zi(first)}（左空{_zi(first)}），回行顶格"
        else:
            what = f"首行应左空{_zi(first)}，回行应左空{_zi(left)}"
        start, cont = self._first_and_left(p)
        tol = self.tol["indent_chars"]
        if abs(start - first) > tol or abs(cont - left) > tol:
            self.report(p, f"{what}；现首行从第 {_fmt(start)} 字、回行从第 {_fmt(cont)} 字起", "indent")

    def _check_centred(self, p: Para) -> None:
        ind = self.ins.indent(p.el)
        if self.ins.alignment(p.el) != "center":
            self.report(p, f"{_ROLE_LABEL[p.role]}应居中排布", "title-align")
        elif ind.first_line or abs(ind.left - ind.right) > 80:
            self.report(p, f"{_ROLE_LABEL[p.role]}有首行或单侧缩进，居中后会偏向一侧；首行缩进应为 0、左右缩进相等",
                        "title-align")

    def _check_spacing(self, p: Para) -> None:
        spacing = self.ins.spacing(p.el)
        low, high = self.tol["line_twips"]
        if spacing.rule in ("exact", "atLeast") and low <= (spacing.line or 0) <= high:
            return
        if p.index in self.adjusted:
            return  # the page of the signature block, set tighter or looser (GB/T 9704-2012 7.3.5)
        if spacing.rule == "auto" and (spacing.line or 240) <= 240 and self._grid_gives_22_lines():
            return
        if spacing.rule == "auto":
            shown = f"{_fmt((spacing.line or 240) / 240)} 倍行距"
        else:
            shown = ("固定值" if spacing.rule == "exact" else "最小值") + f" {_fmt((spacing.line or 0) / 20)} 磅"
        height = self.type_height_mm * TWIPS_PER_MM
        # a height of 0 or below (a broken DOCX) has no count of lines to show
        lines = int(height // spacing.line) if spacing.rule != "auto" and (spacing.line or 0) > 0 else None
        count = f"（每页 {lines} 行）" if lines else ""
        self.report(p, f"行距为{shown}{count}；应为固定值约 {_fmt(self.spec.line_twips / 20, 2)} 磅，"
                       f"每页 {self.spec.lines_per_page} 行", "line-spacing")

    def _grid_gives_22_lines(self) -> bool:
        if not len(self.doc.sections):
            return False
        grid = self.doc.sections[0]._sectPr.find(qn("w:docGrid"))
        if grid is None or grid.get(qn("w:type")) not in ("lines", "linesAndChars"):
            return False
        low, high = self.tol["line_twips"]
        pitch = small_int(grid.get(qn("w:linePitch")))
        return pitch is not None and low <= pitch <= high

    # --- what a reader sees besides fonts and sizes (issue 20) ---------------------------------------

    def _adjusted_page(self) -> set[int]:
        """Paragraphs of the signature block's page whose exact line height the build changed
        (tighter or looser, GB/T 9704-2012 7.3.5): one height within the build's bounds, on a
        run of paragraphs that ends at the 附件说明 or the blank line above 署名."""
        sig = next((p for p in self.paras if p.role == "signature"), None)
        if sig is None:
            return set()
        low, high = self.tol["line_twips"]
        i = sig.index - 2
        while i >= 0 and (self.paras[i].role in ("attach_note", "") or not self.paras[i].text.strip()):
            spacing = self.ins.spacing(self.paras[i].el)
            if not (spacing.rule == "exact" and low <= (spacing.line or 0) <= high):
                break
            i -= 1
        found: set[int] = set()
        pitch = None
        while i >= 0:
            spacing = self.ins.spacing(self.paras[i].el)
            if spacing.rule != "exact" or not MIN_SQUEEZED_TWIPS <= (spacing.line or 0) <= MAX_LOOSENED_TWIPS:
                break
            if low <= (spacing.line or 0) <= high or pitch not in (None, spacing.line):
                break
            pitch = spacing.line
            found.add(self.paras[i].index)
            i -= 1
        return found

    def check_emphasis(self, p: Para) -> None:
        """Bold, italic, underline and colour, which GB/T 9704 has nowhere (but red for the
        发文机关标志; bold 三、四级标题 are a local habit the build offers as an option)."""
        seen: list[str] = []
        for run in self.ins.runs(p.el):  # resolved once per paragraph, shared with the other checks
            if p.role not in ("h3", "h4") and run.bold:
                seen.append("加粗")
            if run.italic:
                seen.append("倾斜")
            if run.underline not in (None, "none"):
                seen.append("下划线")
            color = run.color or "AUTO"
            if p.role != "lh_name" and color not in ("AUTO", "000000"):
                seen.append(f"颜色（{color}）")
        if seen:
            what = "、".join(dict.fromkeys(seen))
            self.report(p, f"{_ROLE_LABEL.get(p.role, '文字')}有{what}；GB/T 9704 的文字一律黑色，不加粗、不倾斜、"
                           "不加下划线（三、四级标题加粗是一些单位的习惯，可用 bold_headings 选项）", "emphasis")
        self._check_latin_fonts(p)

    def _check_latin_fonts(self, p: Para) -> None:
        """Digits and Latin letters take the w:ascii font: a sans font there (Arial, Calibri)
        shows in the middle of Chinese text."""
        for run in self.ins.runs(p.el):
            if not re.search(r"[0-9A-Za-z]", run.text) or not _is_cjk(p.text):
                continue
            font = run.ascii
            if font and family_of(font) is None and font.lower() not in _LATIN_OK:
                self.report(p, f"{_ROLE_LABEL.get(p.role, '文字')}中的数字和西文字体为“{font}”；"
                               "应与中文同一字体，或用 Times New Roman", "font-latin")
                return

    def check_paragraph_spacing(self, p: Para) -> None:
        """Space before or after a paragraph moves the lines below it off the 22-line grid."""
        if p.role in ("cc", "printed", "lh_name", "lh_space"):
            return
        parts = []
        for attr, lines_attr, label in (("w:before", "w:beforeLines", "段前"), ("w:after", "w:afterLines", "段后")):
            twips = _int_or_zero(self.ins.para_value(p.el, "w:spacing", attr))
            lines = _int_or_zero(self.ins.para_value(p.el, "w:spacing", lines_attr))
            if lines:
                parts.append(f"{label} {_fmt(lines / 100)} 行")
            elif twips:
                parts.append(f"{label} {_fmt(twips / 20)} 磅")
        if parts:
            self.report(p, f"{'、'.join(parts)}，使下面的文字离开每页 {self.spec.lines_per_page} 行的网格；"
                           "段前、段后应为 0（需要空行时用空段落）", "paragraph-spacing")

    def check_page_flow(self) -> None:
        """Stranded headings and a lonely signature block, reckoned on the 22-line grid.

        The pages are reckoned from the text widths, the line heights and the keep and
        widow settings (drafter/docx/pageflow.py), the way Word and LibreOffice break them."""
        units = [self._unit(p) for p in self.paras]
        placed = paginate(units, round(self.type_height_mm * TWIPS_PER_MM))
        texts = [i for i, p in enumerate(self.paras) if p.text.strip() and units[i].lines]
        for n, i in enumerate(texts[:-1]):
            p, following = self.paras[i], texts[n + 1]
            if (p.role in ("h1", "h2", "h3", "h4") and not _SENTENCE.search(p.text.strip()[:-1])
                    and placed[i].last_page < placed[following].first_page):
                self.report(p, f"按每页 {self.spec.lines_per_page} 行推算，标题落在第 {placed[i].last_page + 1} 页末行，"
                               "下文在下一页；标题应与下文同页（段落设置“与下段同页”）", "page-flow")
        sig = next((i for i, p in enumerate(self.paras) if p.role == "signature"), None)
        if sig is None:
            return
        date = next((i for i, p in enumerate(self.paras) if p.role == "date"), None)
        page = placed[sig].first_page
        if date is not None and placed[date].first_page != page:
            self.report(self.paras[date], f"按每页 {self.spec.lines_per_page} 行推算，成文日期与署名被分在两页"
                                          f"（第 {page + 1}、{placed[date].first_page + 1} 页）", "page-flow")
        text_roles = ("body", "h1", "h2", "h3", "h4", "to", "title", "attach_note", "docno")
        if not any(self.paras[i].role in text_roles and placed[i].last_page == page for i in texts if i < sig):
            self.report(self.paras[sig], f"按每页 {self.spec.lines_per_page} 行推算，第 {page + 1} 页只有署名和成文日期，"
                                         "没有正文；应调整该页行距或字距，使正文最后几行与署名同页"
                                         "（GB/T 9704-2012 7.3.5，不用“此页无正文”）", "page-flow")

    def _unit(self, p: Para) -> Unit:
        """One paragraph on the grid: its lines from the text width and the indents."""
        if self.ins.has_para_flag(p.el, "w:framePr"):
            return Unit(0, 1)  # a frame (the 版记) floats on the foot of the page
        spacing = self.ins.spacing(p.el)
        runs = self.ins.runs(p.el)
        size = max((r.size_pt for r in runs), default=16.0)
        if spacing.rule in ("exact", "atLeast"):
            height = max(spacing.line or 0, 1) if spacing.rule == "exact" else max(spacing.line or 0, round(size * 26))
        else:
            height = round(size * 20 * 1.3 * (spacing.line or 240) / 240)
        ind = self.ins.indent(p.el)
        pitch = self._pitch(p)
        avail = max(self.type_width - ind.left - ind.right, pitch)
        first = max(avail - ind.first_line, pitch)
        lines = sum(text_lines(text_width(part) * pitch, avail, first) for part in p.text.split("\n"))
        return Unit(lines, height, keep_next=self.ins.has_para_flag(p.el, "w:keepNext"),
                    page_break_before=starts_new_page(self.ins, p.el),
                    widow_control=self.ins.has_para_flag(p.el, "w:widowControl"))

    # --- 发文字号, 版记 ------------------------------------------------------------------------------

    def check_doc_number(self, p: Para) -> None:
        m = DOC_NUMBER.match(p.text.strip())
        assert m is not None
        if (m["open"], m["close"]) != ("〔", "〕"):
            self.report(p, f"发文字号的年份用了“{m['open']}{m['close']}”，应使用六角括号“〔〕”", "docno-brackets")
        if len(m["year"]) != 4:
            self.report(p, "发文字号的年份应写全称（四位数字）", "docno-year")
        if m["di"]:
            self.report(p, "发文字号的序号前不加“第”", "docno-number")
        if m["num"].startswith("0"):
            self.report(p, "发文字号的序号不编虚位（如 2号 而非 02号）", "docno-number")
        if self.letterhead:
            start, _ = self._first_and_left(p)
            expected, _ = self._expected_start("lh_docno")
            if abs(start - expected) > self.tol["indent_chars"]:
                self.report(p, f"上行文的发文字号应居左空{_zi(expected)}；现从第 {_fmt(start)} 字起", "indent")

    def check_imprint(self, p: Para) -> None:
        """The wording of 抄送; fonts and sizes are checked like any role's (as the imprint style)."""
        text = p.text.strip()
        if p.role == "cc" and not text.startswith("抄送："):
            self.report(p, "抄送机关应写作“抄送：”加机关名称（全角冒号）", "imprint-text")
        if p.role == "cc" and not text.endswith("。"):
            self.report(p, "抄送机关最后一个名称后应标句号", "imprint-text")

    # --- 署名 and 成文日期 -------------------------------------------------------------------------------

    def _span(self, p: Para) -> tuple[float, float] | None:
        """Left and right edge of a one-line paragraph, in 字 from the type area's left edge."""
        text = p.text
        if "\t" in text or "\n" in text.strip():
            return None
        pitch = self.spec.char_pitch_twips  # counted in 字 of 3号 body text, whatever the paragraph's size
        line = self.type_width / pitch
        ind = self.ins.indent(p.el)
        left = ind.left / pitch
        right = ind.right / pitch
        first = ind.first_line / pitch
        align = self.ins.alignment(p.el)
        scale = self._pitch(p) / pitch
        # Word adds a quarter 字 where Chinese meets a digit unless autoSpaceDN is off
        # (LibreOffice always adds about a fifth): the width as set, as the build counts it.
        measure = text_width if self.ins.para_value(p.el, "w:autoSpaceDN") in ("0", "false", "off") else set_width
        if align == "right":
            text = text.rstrip(" ")
            end = line - right
            return end - measure(text) * scale, end
        width = measure(text) * scale
        if align == "center":
            centre = (left + first + line - right) / 2
            return centre - width / 2, centre + width / 2
        start = left + first
        return start, start + width

    def check_signature(self) -> None:
        sig = next((p for p in self.paras if p.role == "signature"), None)
        if sig is None:
            return
        before = self.paras[sig.index - 2] if sig.index >= 2 else None
        if before is not None and before.text.strip():
            self.report(sig, "署名应在正文（或附件说明）下空一行编排", "signature-space")
        date = next((p for p in self.paras if p.role == "date"), None)
        sig_span = self._span(sig)
        if sig_span is None:
            return
        line = self.type_width / self.spec.char_pitch_twips
        tol = self.tol["placement_chars"]
        if date is None:
            right = line - sig_span[1]
            if min(abs(right - 2), abs(right - 4)) > tol:
                self.report(sig, f"署名应右空二字（加盖印章时右空四字）；现右空 {_fmt(right)} 字", "signature-placement")
            return
        date_span = self._span(date)
        if date_span is None:
            return
        s_width, d_width = sig_span[1] - sig_span[0], date_span[1] - date_span[0]
        sig_right, date_right = line - sig_span[1], line - date_span[1]
        shift = date_span[0] - sig_span[0]
        no_seal = ((d_width <= s_width + tol and abs(sig_right - 2) <= tol and abs(shift - 2) <= tol)
                   or (d_width > s_width and abs(date_right - 2) <= tol and abs(shift - 2) <= tol))
        seal = abs(date_right - 4) <= tol and abs((sig_span[0] + sig_span[1]) / 2 - (date_span[0] + date_span[1]) / 2) <= tol
        if no_seal or seal:
            return
        self.report(sig, f"署名和成文日期的位置不符合规定：现署名右空 {_fmt(sig_right)} 字、成文日期右空 {_fmt(date_right)} 字、"
                         f"日期首字比署名首字右移 {_fmt(shift)} 字。不加盖印章时，署名右空二字，日期首字比署名首字右移二字"
                         "（日期长于署名时日期右空二字）；加盖印章时，日期右空四字，署名以日期为准居中",
                    "signature-placement")

    # --- 附件说明 -----------------------------------------------------------------------------------------

    def check_attachment_note(self) -> None:
        notes = [p for p in self.paras if p.role == "attach_note"]
        for n, p in enumerate(notes):
            text = p.text.strip()
            if (note := ATTACHMENT_NOTE.match(text)) and note["colon"] == ":":
                self.report(p, "“附件”后应为全角冒号“：”", "attachment-note")
            if name_end_mark(text):
                self.report(p, f"附件名称后不加标点符号（末尾有“{name_end_mark(text)}”）", "attachment-note")
            start, cont = self._first_and_left(p)
            expected_start = 2 if n == 0 else 2 + text_width("附件：")
            tol = self.tol["indent_chars"]
            if abs(start - expected_start) > tol:
                self.report(p, f"附件说明应左空二字编排“附件：”{'，序号与上一行对齐' if n else ''}；现从第 {_fmt(start)} 字起",
                            "attachment-note")
                continue
            prefix = attachment_entry(text)[0]
            wraps = text_width(text) > self.type_width / self._pitch(p) - start
            if wraps and abs(cont - (start + text_width(prefix))) > tol:
                self.report(p, f"附件名称回行时应与上一行名称的首字对齐（第 {_fmt(start + text_width(prefix))} 字）；"
                               f"现回行从第 {_fmt(cont)} 字起", "attachment-note")


def _int_or_zero(value: str | None) -> int:
    return small_int(value) or 0


def _length(section: Any, attr: str) -> Any:
    """A length of the section's page setup, or None when it is missing or not a number
    (w:pgSz w:w="A4" would make python-docx raise ValueError)."""
    if section is None:
        return None
    try:
        return getattr(section, attr)
    except (ValueError, TypeError, KeyError, OverflowError):  # "1e5000" twips: float infinity
        return None


def _twips(length: Any, default_mm: float) -> int:
    """A python-docx Length in twips; a missing one is the format spec's value."""
    return length.twips if length is not None else round(default_mm * TWIPS_PER_MM)


def _size_name(pt: float) -> str:
    return {42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号", 15: "小三",
            14: "四号", 12: "小四", 10.5: "五号", 9: "小五"}.get(pt, f"{_fmt(pt)} 磅")

