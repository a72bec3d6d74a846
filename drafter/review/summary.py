"""The results of `drafter review` as a workbook (审阅汇总.xlsx), a page (审阅汇总.html) and JSON.

The workbook is written with openpyxl and read back before the command reports success: a summary
sheet (one row per report, coloured by status, filterable, header frozen, columns wide enough for
Chinese text) and a findings sheet (one row per finding). The page is the same two tables, every
text escaped, styles inline, nothing loaded from the network.
"""

from __future__ import annotations

import html
import io
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from drafter.errors import InternalError, OutputError
from drafter.fsutil import atomic_write_bytes, atomic_write_text, explain_os_error
from drafter.review.folder import PAGE_NAME, WORKBOOK_NAME, FolderReview, Issue, Report
from drafter.text.width import text_width

SUMMARY_SHEET = "汇总"
FINDINGS_SHEET = "问题清单"

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "hint": "提示"}
#: Fill colours (RGB) of the status cell, and of the page's status badges.
STATUS_COLOUR = {"通过": "C6EFCE", "有警告": "FFEB9C", "有错误": "FFC7CE", "无法读取": "D9D9D9"}

SUMMARY_HEADER = ("文件", "状态", "机关", "年度", "错误", "警告", "提示", "缺少的法定部分", "成文日期", "成文日期逾期",
                  "与上年重复", "上年报告", "说明", "标题", "字数", "段落数", "法定部分所在位置")
FINDINGS_HEADER = ("文件", "机关", "类别", "部分", "段落", "段落开头", "严重程度", "问题", "代码")

_MAX_WIDTH = 60  # characters (half-width units) a column may take
_LINE_POINTS = 15  # height of a line of 11-point text in a row
#: Columns of long text: narrower, wrapped (the row grows instead), so a printed page stays legible.
_WRAPPED = {"标题": 34, "法定部分所在位置": 44, "成文日期逾期": 34, "说明": 40, "问题": 60, "段落开头": 30,
            "缺少的法定部分": 24, "机关": 24, "部分": 24}


def summary_row(report: Report) -> list[Any]:
    parts = "；".join(f"{label}：{where}" for label, where in report.parts.items() if where)
    share = f"{report.repeat_share:.0%}" if report.repeat_share is not None else ""
    counts: list[Any] = [report.count(s) for s in SEVERITY_LABEL] if report.readable else ["", "", ""]
    return [report.path.name, report.status, report.agency, report.year or "", *counts,
            "、".join(report.missing_parts), report.date.isoformat() if report.date else "", report.late_date,
            share, report.previous.name if report.previous else "", report.error, report.title,
            report.chars or "", report.paragraph_count or "", parts]


def where_label(report: Report, issue: Issue) -> str:
    if issue.paragraph is None:
        return DOCUMENT_WHERE
    unit = "段" if report.kind in ("docx", "converted") else "行"
    return f"第{issue.paragraph}{unit}"


DOCUMENT_WHERE = "全文"


def finding_rows(review: FolderReview) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for report in review.reports:
        for issue in report.issues:
            rows.append([report.path.name, report.agency, issue.category, issue.part, where_label(report, issue),
                         issue.opening, SEVERITY_LABEL[issue.severity], issue.finding.message, issue.finding.code])
    return rows


# --- workbook -------------------------------------------------------------------------------------


def write_workbook(review: FolderReview, path: Path) -> Path:
    """Write 审阅汇总.xlsx and read it back (a mismatch is a bug, not the user's problem)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    findings = book.create_sheet(FINDINGS_SHEET)
    rows = [summary_row(r) for r in review.reports]
    detail = finding_rows(review)
    bold = Font(bold=True)
    for sheet, header, body in ((summary, SUMMARY_HEADER, rows), (findings, FINDINGS_HEADER, detail)):
        sheet.append(list(header))
        for row in body:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(vertical="center")
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"  # printed: landscape, as wide as the page, the header on every page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.auto_filter.ref = sheet.dimensions
        _fit_columns(sheet, [list(header), *body])
    status_col = SUMMARY_HEADER.index("状态") + 1
    for k, report in enumerate(review.reports, start=2):
        colour = STATUS_COLOUR[report.status]
        summary.cell(k, status_col).fill = PatternFill("solid", start_color=colour, end_color=colour)
    severity_col = FINDINGS_HEADER.index("严重程度") + 1
    colours = {"错误": STATUS_COLOUR["有错误"], "警告": STATUS_COLOUR["有警告"]}
    for k in range(2, len(detail) + 2):
        cell = findings.cell(k, severity_col)
        if cell.value in colours:
            cell.fill = PatternFill("solid", start_color=colours[str(cell.value)], end_color=colours[str(cell.value)])
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())  # an OSError becomes a Chinese OutputError there
    _read_back(path, rows, detail)
    return path


def _fit_columns(sheet: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Column widths from the widest cell, a Chinese character counted as two units; long-text
    columns capped and wrapped, every cell aligned to the top."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    top, wrapped = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    lines = [1] * len(rows)
    for c, name in enumerate(rows[0]):
        widths = [text_width(str(row[c]) if row[c] is not None else "") * 2 for row in rows]
        cap = _WRAPPED.get(str(name), _MAX_WIDTH)
        width = min(cap, max(widths) + 2)
        sheet.column_dimensions[get_column_letter(c + 1)].width = width
        for r, cell in enumerate(sheet.iter_rows(min_row=2, min_col=c + 1, max_col=c + 1), start=1):
            cell[0].alignment = wrapped if max(widths) + 2 > cap else top
            lines[r] = max(lines[r], math.ceil(widths[r] / (width - 1)) if widths[r] else 1)
    for r in range(1, len(rows)):  # row heights set here: not every reader recomputes them for wrapped text
        if lines[r] > 1:
            sheet.row_dimensions[r + 1].height = _LINE_POINTS * lines[r]


def _read_back(path: Path, rows: list[list[Any]], detail: list[list[Any]]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        for name, header, body in ((SUMMARY_SHEET, SUMMARY_HEADER, rows), (FINDINGS_SHEET, FINDINGS_HEADER, detail)):
            got = [[("" if v is None else v) for v in row] for row in book[name].iter_rows(values_only=True)]
            want = [list(header), *[[("" if v is None else v) for v in row] for row in body]]
            if got != want:
                raise InternalError(f"{path}: the sheet {name} does not read back as written")
    finally:
        book.close()


# --- page -----------------------------------------------------------------------------------------

_CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #bbb; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #eee; position: sticky; top: 0; }
td.num { text-align: right; }
.s-通过 { background: #C6EFCE; } .s-有警告 { background: #FFEB9C; }
.s-有错误 { background: #FFC7CE; } .s-无法读取 { background: #D9D9D9; }
.v-错误 { color: #9C0006; font-weight: bold; } .v-警告 { color: #9C5700; }
"""


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], classes: dict[int, str] | None = None) -> str:
    classes = classes or {}
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead>",
           "<tbody>"]
    for row in rows:
        cells = []
        for c, value in enumerate(row):
            text = "" if value is None else str(value)
            css = f"{classes[c]}{text}" if c in classes else ("num" if isinstance(value, int) else "")
            attr = f' class="{html.escape(css, quote=True)}"' if css else ""
            cells.append(f"<td{attr}>{html.escape(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def write_page(review: FolderReview, path: Path) -> Path:
    rows = [summary_row(r) for r in review.reports]
    detail = finding_rows(review)
    readable = sum(r.readable for r in review.reports)
    title = f"法治政府建设年度报告审阅汇总：{review.folder.name}"
    body = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>共 {len(review.reports)} 份，读取 {readable} 份，无法读取 {len(review.reports) - readable} 份；"
        f"有错误 {sum(r.status == '有错误' for r in review.reports)} 份。</p>",
        f"<h2>{SUMMARY_SHEET}</h2>", _table(SUMMARY_HEADER, rows, {1: "s-"}),
        f"<h2>{FINDINGS_SHEET}（{len(detail)} 条）</h2>", _table(FINDINGS_HEADER, detail, {6: "v-"}),
        "</body>", "</html>", "",
    ]
    atomic_write_text(path, "\n".join(body))
    return path


# --- JSON -----------------------------------------------------------------------------------------


def review_json(review: FolderReview) -> str:
    reports = []
    for r in review.reports:
        reports.append({
            "file": str(r.path), "status": r.status, "error": r.error or None, "agency": r.agency or None,
            "year": r.year, "title": r.title or None, "date": r.date.isoformat() if r.date else None,
            "chars": r.chars, "paragraphs": r.paragraph_count, "parts": r.parts, "missing_parts": r.missing_parts,
            "counts": {s: r.count(s) for s in SEVERITY_LABEL},
            "previous": str(r.previous) if r.previous else None, "repeat_share": r.repeat_share,
            "annotated": str(r.annotated) if r.annotated else None,
            "findings": [{"category": i.category, "part": i.part, "paragraph": i.paragraph, "opening": i.opening,
                          "severity": i.severity, "code": i.finding.code, "message": i.finding.message}
                         for i in r.issues],
        })
    skipped = [{"file": str(path), "reason": reason} for path, reason in review.skipped]
    return json.dumps({"folder": str(review.folder), "reports": reports, "skipped": skipped}, ensure_ascii=False,
                      indent=2)


# --- everything -----------------------------------------------------------------------------------


def write_results(review: FolderReview, out_dir: Path, *, annotate: bool = False) -> list[Path]:
    """The workbook, the page and (with `annotate`) the annotated copies; returns the paths written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}：无法创建输出文件夹（{explain_os_error(exc, '创建')}）。") from None
    if annotate:  # first, so that the workbook and the page can name the copies
        from drafter.review.annotate import annotate as annotate_one

        for report in review.reports:
            report.annotated = annotate_one(report, out_dir)
            report.docx_data = None
    written = [write_workbook(review, out_dir / WORKBOOK_NAME), write_page(review, out_dir / PAGE_NAME)]
    return written + [r.annotated for r in review.reports if r.annotated]
