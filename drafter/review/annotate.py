"""The copy a reviewer sends back: 原文件名-审阅.docx with a Word comment (批注) at each paragraph that
has a finding, author "drafter"; the received file is never written.

Comments are added with python-docx's comment support (≥ 1.2), which anchors a comment on whole
runs: the range covers the paragraph's runs, so the text and its formatting are unchanged. Findings
about the whole report (a missing part, page setup) are anchored at its title (else at the first
paragraph with text).
The copy is read back: every comment must be there, by "drafter", at its paragraph.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import Any

from drafter.errors import InternalError
from drafter.fsutil import atomic_write_bytes
from drafter.review.folder import ANNOTATED_SUFFIX, Issue, Report

AUTHOR = "drafter"
INITIALS = "D"
_SEVERITY = {"error": "错误", "warning": "警告", "hint": "提示"}


def annotated_name(report: Report) -> str:
    return f"{report.path.stem}{ANNOTATED_SUFFIX}.docx"


def comment_lines(issues: list[Issue]) -> list[str]:
    return [f"【{_SEVERITY[i.severity]}·{i.category}】{i.finding.message}" for i in issues]


def annotate(report: Report, out_dir: Path) -> Path | None:
    """Write the annotated copy of a readable DOCX (or converted .doc/.wps) report into `out_dir`;
    None when the report has no findings to comment on or is not a Word document."""
    if not report.can_annotate or not report.issues:
        return None
    import docx
    from docx.text.paragraph import Paragraph

    from drafter.docx.inspect import body_paragraphs, paragraph_text

    data = report.docx_data if report.docx_data is not None else report.path.read_bytes()
    document = docx.Document(io.BytesIO(data))
    paragraphs = body_paragraphs(document)
    by_paragraph: dict[int, list[Issue]] = defaultdict(list)
    whole = report.title_paragraph or next(
        (k for k, p in enumerate(paragraphs, start=1) if paragraph_text(p).strip()), 1)
    for issue in report.issues:
        n = issue.paragraph if issue.paragraph is not None and 1 <= issue.paragraph <= len(paragraphs) else whole
        by_paragraph[n].append(issue)
    for n in sorted(by_paragraph):
        para = Paragraph(paragraphs[n - 1], document._body)
        runs = para.runs or [para.add_run()]  # an empty paragraph gets an empty run to hold the range
        lines = comment_lines(by_paragraph[n])
        comment = document.add_comment(runs, text=lines[0], author=AUTHOR, initials=INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    target = out_dir / annotated_name(report)
    atomic_write_bytes(target, buffer.getvalue())  # `out_dir` exists (summary.write_results)
    _read_back(target, {n: comment_lines(issues) for n, issues in by_paragraph.items()})
    return target


def read_comments(path: Path) -> dict[int, list[tuple[str, str]]]:
    """(author, text) of each comment of a DOCX, by the 1-based body paragraph its range starts in."""
    import docx
    from docx.oxml.ns import qn

    from drafter.docx.inspect import body_paragraphs

    document = docx.Document(str(path))
    comments: dict[str, Any] = {str(c.comment_id): c for c in document.comments}
    out: dict[int, list[tuple[str, str]]] = {}
    for n, p in enumerate(body_paragraphs(document), start=1):
        for start in p.iter(qn("w:commentRangeStart")):
            c = comments[start.get(qn("w:id"))]
            out.setdefault(n, []).append((c.author, c.text))
    return out


def _read_back(path: Path, expected: dict[int, list[str]]) -> None:
    found = {n: mine for n, found in read_comments(path).items() if (mine := [c for c in found if c[0] == AUTHOR])}
    want = {n: [(AUTHOR, "\n".join(lines))] for n, lines in expected.items()}
    if found != want:
        raise InternalError(f"{path}: the comments do not read back as written")
