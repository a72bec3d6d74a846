"""`drafter review`: the receiving office (法治办) checks a folder of departments' reports at once.

Every report goes through the shared stages: `importing` reads it (DOCX, old .doc/.wps through
LibreOffice, text, saved web page) and recognises its facts; `review.checks` runs the checks of
`drafter check` on those facts; `docx.verify` runs the format checks of `drafter verify` on the
DOCX. Each finding is placed at the paragraph of the received file it concerns, so the workbook,
the page and the annotated copy all point at the same paragraph. A fact file (.yaml) is checked
as `drafter check` does. One unreadable file never stops the others: it is listed with the reason.
With `--previous`, each report is matched to the same department's earlier report
(`similarity.match_agency`) and its paragraphs that repeat that report are listed.

Nothing here prints; drafter.console and drafter.cli do.
"""

from __future__ import annotations

import datetime as dt
import stat
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import BUG_LINE, DrafterError, Finding, InputFileError
from drafter.fsutil import explain_os_error

if TYPE_CHECKING:
    from drafter.errors import Severity

#: What a folder review reads; everything else in the folder is left alone.
REPORT_SUFFIXES = (".docx", ".docm", ".doc", ".wps", ".txt", ".html", ".htm", ".yaml", ".yml")
#: The summary written into the results folder.
WORKBOOK_NAME = "审阅汇总.xlsx"
PAGE_NAME = "审阅汇总.html"
#: The annotated copy of 原文件名.docx is 原文件名-审阅.docx.
ANNOTATED_SUFFIX = "-审阅"
#: A report whose share of repeated paragraphs reaches this gets a warning of its own.
REPEAT_SHARE_WARNING = 0.3

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream names of an encrypted (password-protected) Office file, as stored in its OLE directory.
_ENCRYPTED_MARKS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

CATEGORY_CONTENT = "内容"
CATEGORY_FORMAT = "格式"
CATEGORY_IMPORT = "识别"
CATEGORY_REPEAT = "照抄上年"
DOCUMENT_PART = "全文"

SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "hint": 2}

#: Codes of the check rules about a 成文日期 that comes too late (or in the wrong year).
LATE_DATE_CODES = ("date-late-report", "date-late-publish", "date-far", "date-in-year")


@dataclass
class Issue:
    """One finding as the reviewer sees it: where in the received file, and in which part."""

    finding: Finding
    category: str  # CATEGORY_*
    paragraph: int | None  # 1-based paragraph of the DOCX (line of a text or fact file); None: the whole report
    opening: str = ""  # the first characters of that paragraph
    part: str = DOCUMENT_PART  # the part of the report the paragraph is in

    @property
    def severity(self) -> Severity:
        return self.finding.severity


@dataclass
class Report:
    """What the review found in one received file."""

    path: Path
    error: str = ""  # why the file could not be read; empty when it was
    kind: str = ""  # "docx", "converted", "text", "html" or "facts"
    agency: str = ""
    year: int | None = None
    title: str = ""
    date: dt.date | None = None
    chars: int = 0  # characters of text (spaces not counted)
    paragraph_count: int = 0
    parts: dict[str, str] = field(default_factory=dict)  # statutory part label -> where found ("" = missing)
    issues: list[Issue] = field(default_factory=list)
    texts: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, text) compared with last year
    previous: Path | None = None  # the same department's earlier report
    repeat_share: float | None = None  # share of compared paragraphs that repeat it
    part_starts: list[tuple[int, str]] = field(default_factory=list)  # (first paragraph, part) in order
    title_paragraph: int | None = None  # where comments on the whole report are anchored
    docx_data: bytes | None = None  # a converted .doc/.wps as DOCX, for the annotated copy
    annotated: Path | None = None
    bug: str = ""  # traceback of an internal error in drafter

    @property
    def readable(self) -> bool:
        return not self.error

    def count(self, severity: str) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    @property
    def status(self) -> str:
        if self.error:
            return "无法读取"
        if self.count("error"):
            return "有错误"
        if self.count("warning"):
            return "有警告"
        return "通过"

    @property
    def missing_parts(self) -> list[str]:
        return [label for label, where in self.parts.items() if not where]

    @property
    def late_date(self) -> str:
        """The message of a check finding about a late 成文日期, or ""."""
        return next((i.finding.message for i in self.issues if i.finding.code in LATE_DATE_CODES), "")

    @property
    def can_annotate(self) -> bool:
        return self.readable and self.kind in ("docx", "converted")


@dataclass
class FolderReview:
    folder: Path
    reports: list[Report]
    previous_folder: Path | None = None
    previous_unreadable: list[Report] = field(default_factory=list)
    #: entries named like a report that are no file to read (a pipe, a link to nothing), with the reason
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when no report has an error (an unreadable file counts as one), 1 otherwise; 70 when
        drafter itself failed on a file (a bug, reported with its traceback)."""
        from drafter.errors import EXIT_BUG, EXIT_INVALID, EXIT_OK

        if any(r.bug for r in self.reports):
            return EXIT_BUG
        unread = any(r.error or r.count("error") for r in self.reports) or self.skipped
        return EXIT_INVALID if unread else EXIT_OK


Progress = Callable[[int, int, int], None]  # (done, total, failed)


# --- which files ----------------------------------------------------------------------------


def collect(folder: Path) -> list[Path]:
    """The reports in `folder` (not its subfolders): known suffixes, no hidden or Office lock files,
    nothing this command wrote (the page, annotated copies), should the results go into the folder."""
    return _listing(folder)[0]


def _not_a_file(path: Path) -> str | None:
    """Why an entry named like a report cannot be read as one (None for a regular file or a folder)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:  # a link to nothing, or links that lead to each other
        return f"这是快捷方式（符号链接），指向的文件无法打开：{explain_os_error(exc)}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "不是普通文件（是管道、设备或套接字），无法作为报告读取"


def _listing(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """`collect`'s reports, and the entries named like reports that are skipped, with the reason:
    a folder of received files that silently leaves one out hides a missing report."""
    if not folder.exists():
        raise InputFileError(f"{folder}：文件夹不存在。")
    if not folder.is_dir():
        raise InputFileError(f"{folder}：这不是文件夹。drafter review 审阅一个文件夹中的全部报告。")
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise InputFileError(f"{folder}：无法读取文件夹（{explain_os_error(exc)}）。") from None
    found = [p for p in entries
             if p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith((".", "~$"))
             and not p.stem.endswith(ANNOTATED_SUFFIX) and p.name not in (WORKBOOK_NAME, PAGE_NAME) and p.is_file()]
    skipped = [(p, reason) for p in entries
               if p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith((".", "~$")) and p not in found
               and (reason := _not_a_file(p)) is not None]
    if not found:
        raise InputFileError(f"{folder}：文件夹中没有可审阅的报告（.docx、.doc、.wps、.txt、.html 或事实文件 .yaml）。")
    return found, skipped


# --- one report -------------------------------------------------------------------------------


def review_report(path: Path, *, light: bool = False) -> Report:
    """Review one file; never raises (except KeyboardInterrupt). `light`: only what matching
    and comparing with a later year need (no checks, no format verification)."""
    report = Report(path)
    try:
        _review(report, light=light)
    except DrafterError as exc:
        report.error = exc.message
    except Exception as exc:  # a bug in drafter: recorded, the other files go on
        report.error = f"内部错误（{type(exc).__name__}）：{BUG_LINE}"
        report.bug = traceback.format_exc()
    if report.error:
        report.error = report.error.removeprefix(f"{path}：")  # the file is named beside the reason
        report.issues = []
    return report


def _review(report: Report, *, light: bool) -> None:
    path = report.path
    if path.suffix.lower() in (".yaml", ".yml"):
        _review_facts(report, light=light)
        return
    from drafter.importing.readers import MAX_SOURCE_BYTES
    from drafter.inputs import read_regular

    data = read_regular(path, MAX_SOURCE_BYTES)  # a regular file, never more than the limit (a FIFO never blocks)
    if data[:8] == _OLE_MAGIC and any(mark in data for mark in _ENCRYPTED_MARKS):
        raise InputFileError("文件设有打开密码（已加密），无法读取。请报送单位去掉密码后重新报送。")
    from drafter.importing.readers import CONVERT_SUFFIXES

    if path.suffix.lower() in CONVERT_SUFFIXES or data[:8] == _OLE_MAGIC:
        with tempfile.TemporaryDirectory(prefix="drafter-review-") as tmp:
            from drafter.importing.readers import convert_to_docx

            suffix = path.suffix.lower() if path.suffix.lower() in CONVERT_SUFFIXES else ".doc"
            converted = convert_to_docx(path, Path(tmp), data, suffix=suffix)
            report.docx_data = converted.read_bytes()
            _review_document(report, converted, "converted", light=light)
        return
    _review_document(report, path, "", light=light)


def _review_facts(report: Report, *, light: bool) -> None:
    from drafter.factfile.locate import text_refs
    from drafter.factfile.model import load_facts
    from drafter.review.checks import check

    loaded = load_facts(report.path)
    report.kind = "facts"
    refs = text_refs(loaded, loaded.source)
    report.texts = [(r.line or 0, r.text) for r in refs if r.role == "text"]
    _describe(report, loaded, refs, {r.field: r.line for r in refs if r.line is not None}, lines={})
    if light:
        return
    for f in check(loaded):
        report.issues.append(Issue(f, CATEGORY_CONTENT, f.line, _opening(_ref_text(refs, f.path)),
                                   _part_of_path(loaded, f.path)))
    _statutory(report, loaded, refs, {r.field: r.line for r in refs if r.line is not None}, lines={})


def _review_document(report: Report, docx_or_text: Path, kind: str, *, light: bool) -> None:
    from drafter.factfile.locate import text_refs
    from drafter.factfile.model import parse_facts
    from drafter.factfile.writer import facts_yaml
    from drafter.importing.recognise import import_report
    from drafter.review.checks import check

    result = import_report(docx_or_text, document=True)
    source = result.source
    assert source is not None
    report.kind = kind or source.kind
    lines = {line.number: line.text for line in source.lines}
    report.texts = [(line.number, line.text) for line in source.lines]
    if light:  # an earlier year's report: what matching and comparing need, no checks
        report.agency, report.year = _agency_name(result.facts), result.facts.year
        return
    loaded = parse_facts(facts_yaml(result.facts), str(report.path))
    refs = text_refs(loaded, loaded.source)
    placed = _place(refs, source.lines)
    _describe(report, loaded, refs, placed, lines)
    where = _Places(loaded, refs, placed, lines)
    report.part_starts = where.starts
    report.title_paragraph = placed.get(("title",))
    for f in result.findings:
        f = Finding(f.message, str(report.path), f.line, None, f.path, f.severity, f.code)
        report.issues.append(Issue(f, CATEGORY_IMPORT, f.line, _opening(lines.get(f.line or -1, "")),
                                   where.part_at(f.line)))
    report.issues += _repaired_marks(report, source.lines, where)
    for f in check(loaded, document=True):
        paragraph = where.paragraph(f)
        f = Finding(where.in_paragraphs(f.message), str(report.path), paragraph, None, f.path, f.severity, f.code)
        report.issues.append(Issue(f, CATEGORY_CONTENT, paragraph, _opening(lines.get(paragraph or -1, "")),
                                   where.part_at(paragraph) if paragraph else _part_of_path(loaded, f.path)))
    if report.kind in ("docx", "converted"):
        for f, paragraph in _verify(docx_or_text):
            f = Finding(f.message, str(report.path), paragraph, None, f.path, f.severity, f.code)
            report.issues.append(Issue(f, CATEGORY_FORMAT, paragraph, _opening(lines.get(paragraph or -1, "")),
                                       where.part_at(paragraph)))
    _statutory(report, loaded, refs, placed, lines)
    report.issues.sort(key=lambda i: (i.paragraph or 0, SEVERITY_RANK[i.severity]))


def _repaired_marks(report: Report, lines: Sequence[Any], where: _Places) -> list[Issue]:
    """Half-width marks, stray spaces and 文号 brackets of the received text, at their paragraphs.

    Import repairs these before the checks see the facts, so they are found here in the received
    lines, by the same rule (`text.rules.safe_fix_spans`) and with the same rules as `drafter check`, in
    their `document` wording (`drafter check --fix` mends fact files, not Word files).
    """
    from drafter.review.checks import rulebook
    from drafter.text.rules import safe_fix_spans

    rules = rulebook().rules
    out = []
    for line in lines:
        for span in safe_fix_spans(line.text):
            rule = rules[span.code]
            f = Finding(rule.document.format(**span.params), str(report.path), line.number, span.start + 1, "",
                        rule.severity, span.code)
            out.append(Issue(f, CATEGORY_CONTENT, line.number, _opening(line.text), where.part_at(line.number)))
    return out


def _verify(path: Path) -> list[tuple[Finding, int | None]]:
    """The findings of `drafter verify`, each with its 1-based paragraph (None: page setup, page numbers)."""
    from drafter.docx.inspect import open_docx
    from drafter.docx.verify import Para, Verifier

    class Placed(Verifier):
        """The shared verifier, recording the paragraph of each finding as it reports it."""

        def __init__(self, doc: Any, file: str) -> None:
            super().__init__(doc, file)
            self.paragraphs: list[int | None] = []

        def report(self, where: Para | str, message: str, code: str) -> None:
            super().report(where, message, code)
            self.paragraphs.append(where.index if isinstance(where, Para) else None)

    verifier = Placed(open_docx(path), str(path))
    findings = verifier.run()
    return list(zip(findings, verifier.paragraphs, strict=True))


def _opening(text: str, width: int = 20) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width] + "…"


# --- where a fact stands in the received file ---------------------------------------------------

def _place(refs: Sequence[Any], lines: Sequence[Any]) -> dict[Any, int]:
    """The paragraph of the received file each text of the facts came from (by its field path and
    by its own path), found by its normalised opening, in document order."""
    from drafter.review.similarity import normalise

    norms = [normalise(line.text) for line in lines]
    placed: dict[Any, int] = {}
    cursor = 0
    for ref in refs:
        full = normalise(ref.text)
        key = full[:24]
        if not key:
            continue
        order = [*range(cursor, len(norms)), *range(0, cursor)]
        hit = next((k for k in order if key in norms[k] or (len(norms[k]) >= 6 and norms[k] in full)), None)
        if hit is None:
            continue
        cursor = hit
        placed.setdefault(ref.path, lines[hit].number)
        placed.setdefault(ref.field, lines[hit].number)
    return placed


class _Places:
    """Paragraph and part of each finding of the checks."""

    def __init__(self, loaded: Any, refs: Sequence[Any], placed: dict[Any, int], lines: dict[int, str]) -> None:
        from drafter.factfile.yamlread import format_path

        self.loaded = loaded
        self.by_path = {format_path(p): n for p, n in placed.items()}
        self.lines = lines
        self.by_line = {r.line: placed[r.path] for r in refs if r.line is not None and r.path in placed}
        starts: list[tuple[int, str]] = []
        for ref in refs:
            n = placed.get(ref.path)
            if n is not None:
                starts.append((n, _part_of_path(loaded, format_path(ref.path))))
        date = self._date_paragraph() if loaded.facts.date else None
        if date is not None:
            starts.append((date, "落款"))
        self.starts = sorted(starts)

    def in_paragraphs(self, message: str) -> str:
        """A check message that names a line of the (regenerated) fact file names the paragraph instead."""
        import re

        def swap(m: re.Match[str]) -> str:
            n = self.by_line.get(int(m.group(1)))
            return f"第 {n} 段" if n is not None else "前文"

        return re.sub(r"第 (\d+) 行", swap, message)

    def paragraph(self, f: Finding) -> int | None:
        if f.path in self.by_path:
            return self.by_path[f.path]
        if f.path == "date":
            return self._date_paragraph()
        if f.path.endswith("]"):  # a section or item: its first placed text
            inner = sorted(n for p, n in self.by_path.items() if p.startswith((f.path + ".", f.path + "[")))
            if inner:
                return inner[0]
        return None

    def _date_paragraph(self) -> int | None:
        from drafter.text.values import parse_any_date

        date = self.loaded.facts.date
        for number in sorted(self.lines, reverse=True):
            if parse_any_date(self.lines[number].strip()) == date:
                return number
        return None

    def part_at(self, paragraph: int | None) -> str:
        return part_at(self.starts, paragraph)


def _part_of_path(loaded: Any, path: str) -> str:
    """The part a field path is in: a statutory part's label, 开头, 结束语 or 全文."""
    import re

    from drafter.factfile.sections import section_kinds
    from drafter.review.checks import section_kind

    m = re.match(r"sections\[(\d+)\]", path)
    if m:
        sections = loaded.facts.sections
        s = int(m.group(1))
        if s < len(sections):
            kind = section_kind(loaded.facts, sections[s])
            return section_kinds()[kind].label
    top = re.split(r"[.\[]", path)[0]
    return {"title": "标题", "doc_number": "发文字号", "to": "主送机关", "preamble": "开头", "closing": "结束语",
            "signature": "落款", "date": "落款", "attachments": "附件说明"}.get(top, DOCUMENT_PART)


def _ref_text(refs: Sequence[Any], path: str) -> str:
    from drafter.factfile.yamlread import format_path

    return next((r.text for r in refs if format_path(r.path) == path or format_path(r.field) == path), "")


def _agency_name(facts: Any) -> str:
    """The reporting agency, "" when the importer found none (its placeholder is no name to match or show)."""
    from drafter.importing.recognise import AGENCY_PLACEHOLDER

    return "" if facts.agency.name == AGENCY_PLACEHOLDER else facts.agency.name


def _describe(report: Report, loaded: Any, refs: Sequence[Any], placed: dict[Any, int], lines: dict[int, str]) -> None:
    facts = loaded.facts
    report.agency = _agency_name(facts)
    report.year = facts.year
    report.title = facts.effective_title().replace("\n", "")
    report.date = facts.date
    texts = list(lines.values()) if lines else [r.text for r in refs]
    report.chars = sum(len("".join(t.split())) for t in texts)
    report.paragraph_count = len(texts)


def _statutory(report: Report, loaded: Any, refs: Sequence[Any], placed: dict[Any, int], lines: dict[int, str]) -> None:
    """Which of the four statutory parts were found, and where (the paragraph of the heading)."""
    from drafter.factfile.sections import section_kinds, statutory_kinds
    from drafter.review.checks import section_kind

    facts = loaded.facts
    kinds = section_kinds()
    where_unit = "段" if report.kind in ("docx", "converted") else "行"
    for kind in statutory_kinds():
        label = kinds[kind].label
        report.parts[label] = ""
        for s, section in enumerate(facts.sections):
            if section_kind(facts, section) != kind:
                continue
            heading = section.heading or kinds[kind].default_heading(facts.year)
            n = placed.get(("sections", s, "heading")) or _heading_paragraph(heading, lines) or next(
                (placed[r.path] for r in refs if r.section == s and r.path in placed), None)
            report.parts[label] = f"第{n}{where_unit}「{_opening(heading, 14)}」" if n else f"「{_opening(heading, 14)}」"
            break
        if not report.parts[label] and kind == "leader":
            folded = next((i for i in report.issues if i.finding.code == "leader-folded"), None)
            if folded is not None:
                report.parts[label] = "未单列，合并写在其他部分"


def _heading_paragraph(heading: str, lines: dict[int, str]) -> int | None:
    """The paragraph that holds a heading the facts leave to its default wording (a built report prints it)."""
    from drafter.review.similarity import normalise

    key = normalise(heading)[:24]
    return next((n for n, text in sorted(lines.items()) if key and key in normalise(text)), None)


# --- the folder -----------------------------------------------------------------------------------


def review_folder(folder: Path, *, previous: Path | None = None, progress: Progress | None = None) -> FolderReview:
    """Review every report in `folder`; with `previous`, compare each with its department's earlier report."""
    files, skipped = _listing(folder)
    earlier = collect(previous) if previous is not None else []
    tasks = [(p, False) for p in files] + [(p, True) for p in earlier]
    done = _run(tasks, progress)
    review = FolderReview(folder, done[:len(files)], previous, skipped=skipped)
    if previous is not None:
        older = done[len(files):]
        review.previous_unreadable = [r for r in older if not r.readable]
        compare_with_previous(review.reports, [r for r in older if r.readable])
    return review


def compare_with_previous(reports: Sequence[Report], older: Sequence[Report]) -> None:
    """Match each report to its department's earlier report; list the paragraphs that repeat it."""
    from drafter.review.similarity import REPEAT_THRESHOLD, match_agency, repeated_paragraphs

    candidates = [(r.agency, r.year or 0) for r in older]
    for report in reports:
        if not report.readable or report.year is None:
            continue
        k = match_agency(report.agency, report.year, candidates)
        if k is None:
            continue
        before = older[k]
        report.previous = before.path
        current = [t for _, t in report.texts]
        repeats, compared = repeated_paragraphs(current, [t for _, t in before.texts])
        report.repeat_share = len(repeats) / compared if compared else 0.0
        for rep in repeats:
            number, text = report.texts[rep.index]
            prev_number = before.texts[rep.previous][0]
            prev_unit = "段" if before.kind != "facts" else "行"
            message = (f"这一段与上年报告（{before.path.name}，{before.year} 年度）第 {prev_number} {prev_unit}几乎相同"
                       f"（相似度 {rep.score:.0%}，数字和年份不计），请核对是否照抄了上年的内容。")
            f = Finding(message, str(report.path), number, None, "", "warning", "repeat-previous")
            report.issues.append(Issue(f, CATEGORY_REPEAT, number, _opening(text), part_at(report.part_starts, number)))
        if repeats and report.repeat_share >= REPEAT_SHARE_WARNING:
            message = (f"全文 {compared} 个段落中有 {len(repeats)} 个（{report.repeat_share:.0%}）与上年报告"
                       f"（{before.path.name}）几乎相同（相似度不低于 {REPEAT_THRESHOLD:.0%}）。")
            f = Finding(message, str(report.path), None, None, "", "warning", "repeat-share")
            report.issues.append(Issue(f, CATEGORY_REPEAT, None))
        report.issues.sort(key=lambda i: (i.paragraph or 0, SEVERITY_RANK[i.severity]))


def part_at(starts: Sequence[tuple[int, str]], paragraph: int | None) -> str:
    """The part a paragraph is in, from the (first paragraph, part) of each text placed."""
    if paragraph is None:
        return DOCUMENT_PART
    part = "开头"
    for start, label in starts:
        if start > paragraph:
            break
        part = label
    return part


def _run(tasks: list[tuple[Path, bool]], progress: Progress | None) -> list[Report]:
    """One file after the other: a report takes tens of milliseconds, so fifty take seconds and a
    process pool would mostly add start-up time and memory."""
    out: list[Report] = []
    for path, light in tasks:
        out.append(review_report(path, light=light))
        if progress:
            progress(len(out), len(tasks), sum(not r.readable for r in out))
    return out
