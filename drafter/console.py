"""All user-facing printing: findings, results, errors. Everything here is Chinese."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from .errors import Finding

if TYPE_CHECKING:
    from .importer import ImportOutcome

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "hint": "提示"}


def format_finding(f: Finding) -> str:
    where = f.location()
    field = f"［{f.path}］" if f.path else ""
    return f"{where}: {SEVERITY_LABEL.get(f.severity, f.severity)}: {field}{f.message}"


def print_findings(findings: Iterable[Finding], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for f in findings:
        print(format_finding(f), file=out)


def findings_json(findings: Iterable[Finding]) -> str:
    rows = [
        {"file": f.file, "line": f.line, "column": f.column, "path": f.path,
         "severity": f.severity, "code": f.code, "message": f.message}
        for f in findings
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_LABEL}
    parts = [f"{counts[s]} 个{SEVERITY_LABEL[s]}" for s in SEVERITY_LABEL if counts[s]]
    return "，".join(parts) if parts else "没有发现问题"


def info(message: str) -> None:
    print(message)


def error(message: str) -> None:
    print(message, file=sys.stderr)


def import_report(outcome: ImportOutcome) -> None:
    """What `drafter import` found, removed and changed, so that nothing disappears silently."""
    from .importer import summary_lines
    from .punct import describe

    result = outcome.result
    source = result.source
    if source is not None:
        info(f"已读取：{source.path}（{source.describe()}）")
    for line in summary_lines(result):
        info(line)
    if result.removed:
        info(f"删去了 {len(result.removed)} 行不属于报告正文的内容（加 --keep-all 可保留）：")
        for r in result.removed:
            info(f"  第 {r.line} 行［{r.label}］{r.text}")
    if result.kept:
        info(f"按 --keep-all 保留了 {len(result.kept)} 行网页附属内容，作为普通段落导入（请核对后删除不需要的）。")
    for line in describe(result.repairs):
        info(line)
    print_findings(result.findings, sys.stdout)
    if outcome.backup:
        info(f"原有的 {outcome.output} 已备份为 {outcome.backup}")
    info(f"已写入：{outcome.output}")
    info(f"请对照原文核对后运行：drafter build {outcome.output}")
