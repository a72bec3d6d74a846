"""All user-facing printing: findings, results, errors. Everything here is Chinese."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from .errors import Finding

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
