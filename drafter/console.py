"""All user-facing printing: findings, results, errors. Everything here is Chinese."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

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
    print(message, flush=True)  # flushed: watch mode and batches are read through pipes too


def error(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class ProgressLine:
    """Batch progress on stderr: a redrawn bar on a terminal, a plain line every tenth otherwise."""

    WIDTH = 24

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last_tenth = -1

    def __call__(self, done: int, total: int, failed: int) -> None:
        tail = f"，失败 {failed} 份" if failed else ""
        if self.tty:
            filled = self.WIDTH * done // total
            bar = "█" * filled + "░" * (self.WIDTH - filled)
            self.stream.write(f"\r正在生成 [{bar}] {done}/{total}{tail}" + ("\n" if done == total else ""))
        else:
            tenth = done * 10 // total
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(f"正在生成：{done}/{total}{tail}\n")
        self.stream.flush()


def print_batch_summary(outcomes: Sequence[Any]) -> None:
    """After a batch: backups made, the count, then every failure with its message and findings."""
    failures = [o for o in outcomes if not o.ok]
    for o in outcomes:
        if o.ok and o.backup:
            info(f"原有的 {o.output} 在上次生成后被修改过，已备份为 {o.backup}")
    info(f"共 {len(outcomes)} 份：成功 {len(outcomes) - len(failures)} 份，失败 {len(failures)} 份。")
    if not failures:
        return
    error("以下事实文件未能生成 DOCX：")
    for o in failures:
        error(f"✗ {o.facts}")
        error(f"  {o.message}")
        for f in o.findings:
            error(f"  {format_finding(f)}")
        if o.bug:
            error(o.bug.rstrip())
