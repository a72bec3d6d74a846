"""`make bench`: how fast drafter is on a realistic report, side by side with pandoc, in one run.

Measures (several runs each, medians):
- `drafter build` as a whole process vs `pandoc` converting the same content (Markdown +
  reference DOCX, `-f markdown-raw_html-smart`), as a ratio;
- an in-process rebuild of the same facts (what `drafter build --watch` pays per save);
- 1000 reports in one `drafter build FOLDER` command: throughput and peak memory of the whole
  process tree (RSS and PSS summed over the parent and its workers, sampled from /proc);
- time until the wizard (`drafter new`) shows its first prompt;
- `drafter --help` start-up time.

Prints a table and writes it, with the machine and the command, into README.md between the
bench markers. No assertions: numbers only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import make_report, to_markdown, to_yaml  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TARGET_REBUILD_MS = 30
TARGET_BATCH_MIB = 100


@dataclass
class Row:
    name: str
    value: str
    target: str = ""
    ok: bool | None = None

    def verdict(self) -> str:
        return "" if self.ok is None else ("达标" if self.ok else "未达标")


def drafter_command() -> list[str]:
    script = Path(sys.executable).with_name("drafter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "drafter"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled
    return env


def timed_runs(*commands: list[str], runs: int, cwd: Path) -> list[list[float]]:
    """Wall-clock seconds of `runs` runs of each command, after one warm-up run each (disk cache,
    bytecode). The commands take turns, so a busy spell on the machine hits all of them alike."""
    for command in commands:
        subprocess.run(command, cwd=cwd, env=child_env(), check=True, capture_output=True)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, spent in zip(commands, times, strict=True):
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, env=child_env(), check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            spent.append(time.perf_counter() - start)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


# --- memory of a process tree, from /proc -------------------------------------------------------------------


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        parents[int(entry)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    return tree


def _kib(path: str, key: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples the summed RSS and PSS of a process and all its descendants every 50 ms.

    (Every 50 ms, not faster: the sampler shares the two cores with the batch it measures.)
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_rss_kib = 0
        self.peak_pss_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = _descendants(self.pid)
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self._stop.wait(0.05)


# --- the measurements ---------------------------------------------------------------------------------------


def bench_whole_process(work: Path, runs: int) -> tuple[list[Row], dict[str, str]]:
    report = make_report()
    facts = work / "report.yaml"
    facts.write_text(to_yaml(report), encoding="utf-8")
    markdown = work / "report.md"
    markdown.write_text(to_markdown(report), encoding="utf-8")
    build = [*drafter_command(), "build", str(facts), "-o", str(work / "drafter.docx")]
    imports = [sys.executable, "-c", "import drafter.cli, drafter.factfile.model, drafter.docx.render, drafter.review.checks"]
    notes = {"report": f"{report.chars()} 字正文，四个法定部分，{len(report.measures) + len(report.plans)} 个二级标题"}
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        drafter_ms, imports_ms = map(median_ms, timed_runs(build, imports, runs=runs, cwd=work))
        rows = _whole_process_rows(drafter_ms, imports_ms)
        rows.append(Row("pandoc 转换同样内容（Markdown + 参考 DOCX）", "n/a：未安装 pandoc（apt-get install pandoc）"))
        rows.append(Row("drafter / pandoc 用时之比", "n/a：未安装 pandoc", "≤ 1"))
        return rows, notes
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    notes["pandoc"] = version
    convert = [pandoc, "-f", "markdown-raw_html-smart", str(markdown), "--reference-doc",
               str(ROOT / "templates" / "report.docx"), "-o", str(work / "pandoc.docx")]
    drafter_ms, imports_ms, pandoc_ms = map(median_ms, timed_runs(build, imports, convert, runs=runs, cwd=work))
    ratio = drafter_ms / pandoc_ms
    rows = _whole_process_rows(drafter_ms, imports_ms)
    rows.append(Row(f"pandoc 转换同样内容（{version}）", f"{pandoc_ms:.0f} ms"))
    rows.append(Row("drafter / pandoc 用时之比", f"{ratio:.2f}", "≤ 1", ratio <= 1))
    return rows, notes


def _whole_process_rows(drafter_ms: float, imports_ms: float) -> list[Row]:
    return [Row("drafter build 整个进程（约 18 页的报告）", f"{drafter_ms:.0f} ms"),
            Row("　其中启动 Python 并载入所用的库（不做任何事）", f"{imports_ms:.0f} ms")]


def bench_rebuild(work: Path, runs: int) -> list[Row]:
    """What watch mode pays per save: drafter.pipeline.run (load + validate, review checks, render + atomic write)."""
    from drafter.docx.render import render_docx
    from drafter.factfile.model import load_facts
    from drafter.pipeline import run
    from drafter.review.checks import check

    facts = work / "report.yaml"
    out = work / "rebuild.docx"

    def save_once() -> None:
        run(facts, out)

    for _ in range(3):
        save_once()

    def measure(step: Callable[[], object]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        return median_ms(times)

    total = measure(save_once)
    loaded = load_facts(facts)
    load = measure(lambda: load_facts(facts))
    render = measure(lambda: render_docx(loaded.facts))
    review = measure(lambda: check(loaded))
    return [Row("重新生成（进程内，--watch 每次保存的开销）",
                f"{total:.1f} ms（读取校验 {load:.1f} + 渲染 {render:.1f} + 检查 {review:.1f} + 写入）",
                f"≤ {TARGET_REBUILD_MS} ms", total <= TARGET_REBUILD_MS)]


def bench_batch(work: Path, count: int, runs: int) -> list[Row]:
    folder = work / "batch"
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:04d}.yaml").write_text(to_yaml(make_report(seed=i)), encoding="utf-8")
    throughputs, rss, pss, largest = [], 0, 0, 0
    for n in range(runs):
        out = work / f"batch-out-{n}"
        start = time.perf_counter()
        proc = subprocess.Popen([*drafter_command(), "build", str(folder), "-o", str(out)], cwd=work,
                                env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with TreeMemory(proc.pid) as memory:
            _, status, usage = os.wait4(proc.pid, 0)  # usage: this command and the workers it waited for
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"批量生成失败（退出码 {proc.returncode}）")
        throughputs.append(count / elapsed)
        rss, pss = max(rss, memory.peak_rss_kib), max(pss, memory.peak_pss_kib)
        largest = max(largest, usage.ru_maxrss)
        shutil.rmtree(out)
    mib = pss / 1024
    return [
        Row(f"批量生成 {count} 份（一条命令，{os.cpu_count()} 核）",
            f"{statistics.median(throughputs):.0f} 份/秒（平均每份 {1000 / statistics.median(throughputs):.0f} ms）"),
        Row("批量生成时整个进程树的内存峰值（PSS 合计）", f"{mib:.0f} MiB", f"≤ {TARGET_BATCH_MIB} MiB",
            mib <= TARGET_BATCH_MIB),
        Row("　同上，RSS 合计（共享页重复计入）／最大单个进程 RSS", f"{rss / 1024:.0f} MiB ／ {largest / 1024:.0f} MiB"),
    ]


def bench_wizard(work: Path, runs: int) -> list[Row]:
    """Until the first question is on the screen, in a pseudo-terminal (the wizard needs one).

    DRAFTER_EXIT_AFTER_FIRST_PROMPT=1 asks the wizard to stop once it has drawn that question.
    """
    name = "向导显示第一个问题的时间（drafter new）"
    import pexpect

    env = {**child_env(), "DRAFTER_EXIT_AFTER_FIRST_PROMPT": "1"}
    times = []
    try:
        for n in range(runs):
            start = time.perf_counter()
            child = pexpect.spawn(drafter_command()[0], [*drafter_command()[1:], "new", str(work / f"new-{n}.yaml")],
                                  cwd=str(work), env=env, encoding="utf-8", dimensions=(40, 120), timeout=30)
            child.expect(["机关全称", r"[?？]"])  # the first question has been drawn
            times.append(time.perf_counter() - start)
            child.terminate(force=True)
    except pexpect.ExceptionPexpect as exc:
        return [Row(name, f"n/a：无法测量（{type(exc).__name__}）")]
    return [Row(name, f"{median_ms(times):.0f} ms")]


def bench_help(work: Path, runs: int) -> list[Row]:
    (help_times,) = timed_runs([*drafter_command(), "--help"], runs=runs, cwd=work)
    return [Row("drafter --help 启动时间", f"{median_ms(help_times):.0f} ms")]


# --- output --------------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} 核（nproc），{cpu}；Python {platform.python_version()}；{platform.system()} {platform.release()}"


def table(rows: list[Row]) -> str:
    lines = ["| 项目 | 结果 | 目标 | |", "|---|---|---|---|"]
    lines += [f"| {r.name} | {r.value} | {r.target} | {r.verdict()} |" for r in rows]
    return "\n".join(lines)


def write_readme(text: str, start: str = START, end: str = END) -> None:
    """Replace the table between the `start` and `end` markers of README.md (which must have them)."""
    old = README.read_text("utf-8")
    if start not in old or end not in old:
        raise SystemExit(f"README.md 中没有 {start} … {end} 标记，未写入")
    block = f"{start}\n{text}\n{end}"
    new = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, old, flags=re.S)
    tmp = README.with_suffix(".md.tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(README)


def bench_parser(description: str, runs: int) -> argparse.ArgumentParser:
    """The options every benchmark script has: --runs (median of that many) and --no-write."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=runs, help=f"每项测量的次数（取中位数），默认 {runs}")
    parser.add_argument("--no-write", action="store_true", help="只打印，不写入 README.md")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("drafter 性能测试（与 pandoc 对比）", runs=7)
    parser.add_argument("--batch", type=int, default=1000, help="批量生成的份数，默认 1000")
    parser.add_argument("--batch-runs", type=int, default=3, help="批量生成测量的次数，默认 3")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        work = Path(tmp)
        rows, notes = bench_whole_process(work, args.runs)
        rows += bench_rebuild(work, max(args.runs, 20))
        rows += bench_batch(work, args.batch, args.batch_runs)
        rows += bench_wizard(work, args.runs)
        rows += bench_help(work, args.runs)

    command = "make bench（即 python bench/run.py）"
    when = dt.date.today().isoformat()
    text = "\n".join([
        table(rows), "",
        f"测试报告：{notes['report']}，由 bench/report.py 按固定随机种子生成。"
        f"每项测 {args.runs} 次取中位数（批量生成测 {args.batch_runs} 次）。",
        f"机器：{machine()}。命令：`{command}`，{when}。",
    ])
    print(text)
    if not args.no_write:
        write_readme(text)
        print(f"\n已写入 {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
