"""All user-facing printing: findings, results, errors. Everything here is Chinese."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from drafter import TYPE_CHECKING
from drafter.errors import BUG_LINE, DrafterError, Finding
from drafter.text.patterns import UNPRINTABLE

if TYPE_CHECKING:
    from typing import TextIO

    from drafter.batch import BatchResult
    from drafter.importing.recognise import ImportOutcome
    from drafter.pipeline import Result
    from drafter.review.fixes import FixResult
    from drafter.review.folder import FolderReview

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "hint": "提示"}


def visible(text: str) -> str:
    """`text` with every control character written as an escape (\\x00, \\u202e): a message quotes the
    user's text and file names, which may hold bytes a terminal would act on or not show at all."""
    return UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                           text)


def _say(text: str, out: TextIO | None = None, *, flush: bool = False) -> None:
    print(visible(text), file=out or sys.stdout, flush=flush)


def format_finding(f: Finding) -> str:
    where = f.location()
    field = f"［{f.path}］" if f.path else ""
    return visible(f"{where}: {SEVERITY_LABEL.get(f.severity, f.severity)}: {field}{f.message}")


def print_findings(findings: Iterable[Finding], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for f in findings:
        print(format_finding(f), file=out)


def findings_json(findings: Iterable[Finding]) -> str:
    import json

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
    _say(message, flush=True)  # flushed: watch mode and batches are read through pipes too


def error(message: str) -> None:
    _say(message, sys.stderr, flush=True)


class ProgressLine:
    """Batch progress on stderr: a redrawn bar on a terminal, a plain line every tenth otherwise.

    In a log the failures are counted on the last line only: workers finish in no fixed order,
    and the same folder must give the same log.
    """

    WIDTH = 24

    def __init__(self, stream: TextIO | None = None, label: str = "正在生成", failed: str = "失败") -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.failed = failed
        self.tty = self.stream.isatty()
        self._last_tenth = -1

    def __call__(self, done: int, total: int, failed: int) -> None:
        tail = f"，{self.failed} {failed} 份" if failed and (self.tty or done == total) else ""
        if self.tty:
            filled = self.WIDTH * done // total
            bar = "█" * filled + "░" * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total}{tail}" + ("\n" if done == total else ""))
        else:
            tenth = done * 10 // total
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(f"{self.label}：{done}/{total}{tail}\n")
        self.stream.flush()


def backup_notice(output: Path, backup: Path | None) -> None:
    """Say where a hand-edited DOCX went before it was replaced (build, watch, batch, wizard)."""
    if backup:
        info(f"原有的 {output} 在上次生成后被修改过，已备份为 {backup}")


def report_error(exc: DrafterError, tail: str = "") -> None:
    """A user error: its message, every finding, and a count (the CLI and watch mode print alike)."""
    error(exc.message)
    print_findings(exc.findings)
    if exc.findings:
        error(f"共 {summary(exc.findings)}。{tail}")


def report_bug(trace: str) -> None:
    """An internal error: the Chinese line, then the traceback below it, on stderr."""
    error(BUG_LINE)
    error(trace.rstrip())


def build_report(result: Result, *, prefix: str = "", elapsed_ms: float | None = None) -> None:
    """After one build (drafter build, --watch): backup, output, then the review checks' findings."""
    backup_notice(result.output, result.backup)
    took = f"（{elapsed_ms:.0f} 毫秒）" if elapsed_ms is not None else ""
    info(f"{prefix}已生成：{result.output}{took}")
    review_notice(result.findings)


def print_batch_summary(batch: BatchResult) -> None:
    """After a batch: backups made and the review checks' findings of the files built (as a single
    build reports them), the count, then every failure with its message and findings."""
    outcomes, failures = batch.outcomes, batch.failures
    reviewed: list[Finding] = []
    for o in outcomes:
        if o.ok:
            backup_notice(o.output, o.backup)
            reviewed += [f for f in o.findings if f.severity != "hint"]
    review_notice(reviewed)
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


def import_report(outcome: ImportOutcome) -> None:
    """What `drafter import` found, removed and changed, so that nothing disappears silently."""
    from drafter.fsutil import shell_arg
    from drafter.importing.recognise import summary_lines
    from drafter.text.punct import describe

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
    info(f"请对照原文核对后运行：drafter build {shell_arg(outcome.output)}")


# --- drafter check / --fix ----------------------------------------------------------------

def _fixable(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.fixable)


def check_report(path: Path | str, findings: list[Finding], *, unfixed_errors: int = 0) -> None:
    """Review findings and a one-line verdict (exit code 1 exactly when errors remain).

    With --dry-run the findings are those after the preview's fixes, while the file on disk still
    has `unfixed_errors`: the verdict says so, matching the exit code.
    """
    out = sys.stdout
    print_findings(findings, out)
    if unfixed_errors:
        _say(f"{path}：以上是自动改正后的情况；文件尚未修改，现有 {unfixed_errors} 个错误，"
             "运行 drafter check --fix 写入改正。", out)
        return
    if not findings:
        _say(f"{path}：检查通过，没有发现问题。", out)
        return
    fixable = _fixable(findings)
    tail = f"其中 {fixable} 个可用 drafter check --fix 自动改正。" if fixable else ""
    if any(f.severity == "error" for f in findings):
        _say(f"{path}：共 {summary(findings)}；错误需改正后再报送。{tail}", out)
    else:
        _say(f"{path}：检查通过（{summary(findings)}）。{tail}", out)


def fix_report(result: FixResult, stream: TextIO | None = None) -> None:
    """The diff of what --fix changed (or would change) and where the backup is."""
    out = stream or sys.stdout
    if result.diff:
        _say(result.diff, out)
    if not result.changes:
        _say(f"{result.path}：没有可以自动改正的问题。", out)
    elif result.written:
        _say(f"{result.path}：已自动改正 {result.changes} 处，原文件已备份为 {result.backup}。", out)
    else:
        _say(f"{result.path}：将自动改正 {result.changes} 处（--dry-run，未写入文件）；以下是改正后仍存在的问题。", out)
    if result.schema:
        done = "已改为" if result.written else "将改为"
        _say(f"$schema 这一行{done}指向 {result.schema}，VS Code 等编辑器据此检查和补全这个文件。", out)
    if result.unlocated:
        _say(f"另有 {result.unlocated} 处无法自动改正（所在文字不是用“|”块或单行写的），请手动修改。", out)


def review_notice(findings: list[Finding]) -> None:
    """After a build: errors and warnings of the review checks, which never stop the build."""
    shown = [f for f in findings if f.severity != "hint"]
    if not shown:
        return
    print_findings(shown)
    _say(f"生成前检查发现 {summary(shown)}（不影响生成）；运行 drafter check 查看，"
         "drafter check --fix 可自动改正标点和空格。", sys.stderr)


# --- drafter review -------------------------------------------------------------------------


def folder_review_report(review: FolderReview, written: list[Path]) -> None:
    """After `drafter review`: one line per report, the unreadable files with the reason, the files written."""
    mark = {"通过": "✓", "有警告": "!", "有错误": "✗", "无法读取": "✗"}
    for r in review.reports:
        if r.error:
            reason = r.error if "无法读取" in r.error else f"无法读取。{r.error}"  # most reasons say so already
            info(f"{mark[r.status]} {r.path.name}：{reason}")
            if r.bug:
                error(r.bug.rstrip())
            continue
        counts = summary([i.finding for i in r.issues])
        repeat = f"；与上年报告重复 {r.repeat_share:.0%}" if r.repeat_share is not None else ""
        missing = f"；缺少{'、'.join(r.missing_parts)}" if r.missing_parts else ""
        info(f"{mark[r.status]} {r.path.name}（{r.agency or '机关名称未找到'}，{r.year} 年度）：{r.status}，{counts}{missing}{repeat}")
    for path, reason in review.skipped:
        info(f"✗ {path.name}：已跳过，{reason}。")
    for r in review.previous_unreadable:
        info(f"上年报告 {r.path.name} 无法读取，未用于比对：{r.error}")
    bad = sum(1 for r in review.reports if r.error)
    errors = sum(1 for r in review.reports if r.status == "有错误")
    skipped = f"；另有 {len(review.skipped)} 个报告文件无法读取，已跳过" if review.skipped else ""
    info(f"共 {len(review.reports)} 份：通过 {sum(r.status == '通过' for r in review.reports)} 份，"
         f"有警告 {sum(r.status == '有警告' for r in review.reports)} 份，有错误 {errors} 份，无法读取 {bad} 份{skipped}。")
    for path in written:
        info(f"已写入：{path}")
