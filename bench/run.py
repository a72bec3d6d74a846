"""`make bench`: how fast drafter is on a realistic report, side by side with pandoc, in one run.

drafter is measured as a user has it: a wheel is built from this checkout and installed into a fresh
virtual environment (its dependencies are taken from the development environment through a .pth
file, so nothing is downloaded); the in-process rebuild imports this checkout. On a shared, busy
machine a single timing says little, so the whole-process comparisons are *paired*: drafter and
pandoc take turns, and the figure is the median of the per-pair ratios (a busy spell slows both
runs of a pair alike).

Measures:
- `drafter build` as a whole process vs `pandoc` converting the same content (Markdown + reference
  DOCX, `-f markdown-raw_html-smart`): median of paired ratios, target ≤ 0.75;
- an in-process rebuild of the same facts (what `drafter build --watch` pays per save), target ≤ 10 ms;
- 1000 reports in one `drafter build FOLDER` command against pandoc converting reports two at a
  time: throughput ratio (paired), target ≥ 8, and peak PSS of the whole process tree, target ≤ 60 MiB;
- time until the wizard (`drafter new`) shows its first prompt, target ≤ 150 ms;
- `drafter --help`, target ≤ 50 ms.

Prints a table and writes it, with the machine, its load and the command, into README.md between
the bench markers. No assertions: numbers only.
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
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import make_report, to_markdown, to_yaml  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TARGET_RATIO = 0.75
TARGET_REBUILD_MS = 10
TARGET_BATCH_TIMES = 8
TARGET_BATCH_MIB = 60
TARGET_WIZARD_MS = 150
TARGET_HELP_MS = 50
#: Reports pandoc converts (two at a time) to measure its throughput.
PANDOC_BATCH = 60


@dataclass
class Row:
    name: str
    value: str
    target: str = ""
    ok: bool | None = None

    def verdict(self) -> str:
        return "" if self.ok is None else ("达标" if self.ok else "未达标")


def drafter_command() -> list[str]:
    """The development environment's drafter (bench/review.py); this benchmark uses the wheel (Installed)."""
    script = Path(sys.executable).with_name("drafter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "drafter"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled
    env.pop("PYTHONPATH", None)  # the wheel, not this checkout
    return env


@dataclass
class Installed:
    """drafter installed from a wheel of this checkout into a fresh virtual environment."""

    python: Path
    drafter: Path
    wheel: str


def install_wheel(work: Path) -> Installed:
    """Build the wheel (pip, with build isolation as a release would) and install it into a new venv
    without pip; the dependencies come from this environment's site-packages through a .pth file."""
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, env=child_env())
    (wheel,) = dist.glob("drafter-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True, env=child_env())
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True, env=child_env()).stdout.strip()
    Path(site, "drafter-bench-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return Installed(python, python.with_name("drafter"), wheel.name)


def run_quiet(command: list[str], cwd: Path) -> float:
    """Wall-clock seconds of one run (output discarded; a failure stops the benchmark)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=child_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def paired(first: Callable[[], float], second: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """`runs` pairs of timings, taking turns (and which goes first), after one warm-up run of each."""
    first(), second()
    a: list[float] = []
    b: list[float] = []
    for n in range(runs):
        if n % 2:
            b.append(second())
            a.append(first())
        else:
            a.append(first())
            b.append(second())
    return a, b


def median_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


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


def write_report(work: Path) -> tuple[Path, Path, str]:
    report = make_report()
    facts = work / "report.yaml"
    facts.write_text(to_yaml(report), encoding="utf-8")
    markdown = work / "report.md"
    markdown.write_text(to_markdown(report), encoding="utf-8")
    return facts, markdown, f"{report.chars()} 字正文，四个法定部分，{len(report.measures) + len(report.plans)} 个二级标题"


def pandoc_command(markdown: Path, output: Path) -> list[str] | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    return [pandoc, "-f", "markdown-raw_html-smart", str(markdown), "--reference-doc",
            str(ROOT / "templates" / "report.docx"), "-o", str(output)]


def bench_whole_process(work: Path, app: Installed, runs: int) -> list[Row]:
    facts, markdown, _ = write_report(work)
    build = [str(app.drafter), "build", str(facts), "-o", str(work / "drafter.docx")]
    bare = [str(app.python), "-c", "pass"]
    bare_ms = median_ms([run_quiet(bare, work) for _ in range(runs)])
    convert = pandoc_command(markdown, work / "pandoc.docx")
    label = "drafter build 整个进程（约 18 页的报告，含生成前检查）"
    if convert is None:
        build_ms = median_ms([run_quiet(build, work) for _ in range(runs)])
        return [Row(label, f"{build_ms:.0f} ms"), Row("　其中启动 Python（不做任何事）", f"{bare_ms:.0f} ms"),
                Row("drafter / pandoc 用时之比（成对测量的中位数）", "n/a：未安装 pandoc", f"≤ {TARGET_RATIO}")]
    version = subprocess.run([convert[0], "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    drafter_times, pandoc_times = paired(lambda: run_quiet(build, work), lambda: run_quiet(convert, work), runs)
    ratio = median_ratio(drafter_times, pandoc_times)
    return [Row(label, f"{median_ms(drafter_times):.0f} ms"),
            Row("　其中启动 Python（不做任何事）", f"{bare_ms:.0f} ms"),
            Row(f"pandoc 转换同样内容（{version}）", f"{median_ms(pandoc_times):.0f} ms"),
            Row("drafter / pandoc 用时之比（成对测量的中位数）", f"{ratio:.2f}", f"≤ {TARGET_RATIO}", ratio <= TARGET_RATIO)]


def bench_rebuild(work: Path, runs: int) -> list[Row]:
    """What watch mode pays per save: drafter.pipeline.run (read + validate, review checks, build + atomic write)."""
    from drafter.docx.compiled import fill
    from drafter.docx.layout import layout
    from drafter.factfile.light import load_light
    from drafter.fsutil import release_replaced
    from drafter.pipeline import run
    from drafter.review.checks import check

    facts = work / "report.yaml"
    out = work / "rebuild.docx"
    loaded = load_light(facts)
    assert loaded is not None, "the benchmark report should take the light path"

    def measure(step: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
        for _ in range(3):
            step()
            release_replaced()
        times = []
        for _ in range(runs):
            start = clock()
            step()
            times.append(clock() - start)
            release_replaced()  # as watch does once the build is reported (fsutil._hold), untimed
        return median_ms(times)

    total = measure(lambda: run(facts, out))
    cpu = measure(lambda: run(facts, out), time.process_time)
    file_sync, folder_sync, freeing = durability(lambda: run(facts, out), runs)
    load = measure(lambda: load_light(facts), time.process_time)
    render = measure(lambda: fill(loaded.facts, layout(loaded.facts), loaded.facts.fonts), time.process_time)
    review = measure(lambda: check(loaded), time.process_time)
    return [Row("重新生成（进程内，--watch 每次保存的开销）",
                f"{total:.1f} ms（其中 CPU 时间 {cpu:.1f} ms：读取校验 {load:.1f} + 生成 {render:.1f} + 检查 {review:.1f}，"
                "检查在等待写入磁盘时同时进行；其余是安全写入磁盘）", f"≤ {TARGET_REBUILD_MS} ms",
                total <= TARGET_REBUILD_MS),
            Row("　其中安全写入磁盘的等待（每次生成都有，整个进程的生成也一样）",
                f"fsync 新文件 {file_sync:.1f} ms + fsync 所在文件夹 {folder_sync:.1f} ms；另有释放被替换的旧文件 "
                f"{freeing:.1f} ms，在报告结果之后（整个进程的生成在进程退出时）")]


def durability(step: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median ms of the output file's fsync, its folder's fsync (drafter.fsutil, in that order in one
    build) and of freeing the file the build replaced (fsutil.release_replaced)."""
    from drafter import fsutil

    syncs: list[list[float]] = []
    freeing: list[float] = []
    real_fsync = os.fsync

    def timed_fsync(fd: Any) -> None:
        start = time.perf_counter()
        real_fsync(fd)
        syncs[-1].append(time.perf_counter() - start)

    setattr(os, "fsync", timed_fsync)  # noqa: B010 - the module fsutil calls, for this measurement only
    try:
        for _ in range(runs):
            syncs.append([])
            step()
            start = time.perf_counter()
            fsutil.release_replaced()
            freeing.append(time.perf_counter() - start)
    finally:
        setattr(os, "fsync", real_fsync)  # noqa: B010
    return (median_ms([s[0] for s in syncs]), median_ms([s[-1] for s in syncs]), median_ms(freeing))


def pandoc_batch(work: Path, count: int) -> float | None:
    """Seconds pandoc takes for `count` reports, two conversions at a time (None without pandoc)."""
    folder = work / "pandoc-batch"
    folder.mkdir(exist_ok=True)
    commands = []
    for i in range(count):
        markdown = folder / f"{i:04d}.md"
        markdown.write_text(to_markdown(make_report(seed=i)), encoding="utf-8")
        command = pandoc_command(markdown, markdown.with_suffix(".docx"))
        if command is None:
            return None
        commands.append(command)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda command: run_quiet(command, folder), commands))
    return time.perf_counter() - start


def drafter_batch(work: Path, app: Installed, folder: Path, n: int) -> tuple[float, int, int, int]:
    """Seconds, peak PSS and RSS of the process tree (KiB), largest single RSS (KiB) of one folder build."""
    out = work / f"batch-out-{n}"
    start = time.perf_counter()
    proc = subprocess.Popen([str(app.drafter), "build", str(folder), "-o", str(out)], cwd=work, env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with TreeMemory(proc.pid) as memory:
        _, status, usage = os.wait4(proc.pid, 0)  # usage: this command and the workers it waited for
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"批量生成失败（退出码 {os.waitstatus_to_exitcode(status)}）")
    shutil.rmtree(out)
    return elapsed, memory.peak_pss_kib, memory.peak_rss_kib, usage.ru_maxrss


def bench_batch(work: Path, app: Installed, count: int, runs: int) -> list[Row]:
    folder = work / "batch"
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:04d}.yaml").write_text(to_yaml(make_report(seed=i)), encoding="utf-8")
    drafter_batch(work, app, folder, -1)  # warm-up: disk cache, compiled template
    ratios, throughputs, pandoc_rates, rss, pss, largest = [], [], [], 0, 0, 0
    for n in range(runs):
        elapsed, peak_pss, peak_rss, single = drafter_batch(work, app, folder, n)
        throughputs.append(count / elapsed)
        rss, pss, largest = max(rss, peak_rss), max(pss, peak_pss), max(largest, single)
        pandoc_seconds = pandoc_batch(work, PANDOC_BATCH)
        if pandoc_seconds is not None:
            pandoc_rates.append(PANDOC_BATCH / pandoc_seconds)
            ratios.append(throughputs[-1] / pandoc_rates[-1])
    mib = pss / 1024
    rate = statistics.median(throughputs)
    rows = [Row(f"批量生成 {count} 份（一条命令，{os.cpu_count()} 核，含生成前检查）",
                f"{rate:.0f} 份/秒（平均每份 {1000 / rate:.1f} ms）")]
    if ratios:
        times = statistics.median(ratios)
        rows += [Row(f"pandoc 两个同时转换 {PANDOC_BATCH} 份", f"{statistics.median(pandoc_rates):.0f} 份/秒"),
                 Row("drafter 批量生成 / pandoc 的吞吐量之比（成对测量的中位数）", f"{times:.1f} 倍",
                     f"≥ {TARGET_BATCH_TIMES} 倍", times >= TARGET_BATCH_TIMES)]
    else:
        rows.append(Row("drafter 批量生成 / pandoc 的吞吐量之比", "n/a：未安装 pandoc", f"≥ {TARGET_BATCH_TIMES} 倍"))
    rows += [Row("批量生成时整个进程树的内存峰值（PSS 合计）", f"{mib:.0f} MiB", f"≤ {TARGET_BATCH_MIB} MiB",
                 mib <= TARGET_BATCH_MIB),
             Row("　同上，RSS 合计（共享页重复计入）／最大单个进程 RSS", f"{rss / 1024:.0f} MiB ／ {largest / 1024:.0f} MiB")]
    return rows


def bench_wizard(work: Path, app: Installed, runs: int) -> list[Row]:
    """Until the first question is on the screen, in a pseudo-terminal (the wizard needs one).

    DRAFTER_EXIT_AFTER_FIRST_PROMPT=1 asks the wizard to stop once it has drawn that question.
    """
    name = "向导显示第一个问题的时间（drafter new）"
    import pexpect

    env = {**child_env(), "DRAFTER_EXIT_AFTER_FIRST_PROMPT": "1"}
    times = []
    try:
        for n in range(runs + 1):  # the first run warms the disk cache
            start = time.perf_counter()
            child = pexpect.spawn(str(app.drafter), ["new", str(work / f"new-{n}.yaml")],
                                  cwd=str(work), env=env, encoding="utf-8", dimensions=(40, 120), timeout=30)
            child.expect(["机关全称", r"[?？]"])  # the first question has been drawn
            if n:
                times.append(time.perf_counter() - start)
            child.terminate(force=True)
    except pexpect.ExceptionPexpect as exc:
        return [Row(name, f"n/a：无法测量（{type(exc).__name__}）", f"≤ {TARGET_WIZARD_MS} ms")]
    wizard_ms = median_ms(times)
    return [Row(name, f"{wizard_ms:.0f} ms", f"≤ {TARGET_WIZARD_MS} ms", wizard_ms <= TARGET_WIZARD_MS)]


def bench_help(work: Path, app: Installed, runs: int) -> list[Row]:
    command = [str(app.drafter), "--help"]
    run_quiet(command, work)
    help_ms = median_ms([run_quiet(command, work) for _ in range(runs)])
    return [Row("drafter --help 启动时间", f"{help_ms:.0f} ms", f"≤ {TARGET_HELP_MS} ms", help_ms <= TARGET_HELP_MS)]


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


#: What --only may pick, in the order of the table.
ITEMS = ("build", "rebuild", "batch", "wizard", "help")


def merged(rows: list[Row]) -> list[Row]:
    """The README's table with the rows of `rows` put in place of the rows of the same name (the others
    kept, marked as from an earlier run); rows the table lacks come after the row before them."""
    old = README.read_text("utf-8")
    block = old[old.index(START) + len(START):old.index(END)] if START in old and END in old else ""
    table_rows: list[Row] = []
    for line in block.strip().splitlines()[2:]:
        if not line.startswith("| "):
            break
        name, value, target, verdict = (cell.strip(" ") for cell in line.strip("|").split("|")[:4])
        ok = None if not verdict else verdict == "达标"
        table_rows.append(Row(name, value if value.endswith("*") or not value else value + " *", target, ok))
    fresh = {row.name: row for row in rows}
    out = [fresh.pop(row.name, row) for row in table_rows]
    for row in rows:
        if row.name in fresh:
            before = rows.index(row) - 1
            at = next((i + 1 for i, r in enumerate(out) if before >= 0 and r.name == rows[before].name), len(out))
            out.insert(at, fresh.pop(row.name))
    return out


def bench_parser(description: str, runs: int) -> argparse.ArgumentParser:
    """The options every benchmark script has: --runs (median of that many) and --no-write."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=runs, help=f"每项测量的次数（取中位数），默认 {runs}")
    parser.add_argument("--no-write", action="store_true", help="只打印，不写入 README.md")
    return parser


def load() -> str:
    one, five, _ = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return f"{one:.1f}（5 分钟 {five:.1f}）"


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("drafter 性能测试（与 pandoc 对比）", runs=15)
    parser.add_argument("--batch", type=int, default=1000, help="批量生成的份数，默认 1000")
    parser.add_argument("--batch-runs", type=int, default=3, help="批量生成测量的次数，默认 3")
    parser.add_argument("--only", nargs="+", choices=list(ITEMS), metavar="项目",
                        help=f"只测这几项（{'、'.join(ITEMS)}），写入 README 时只替换表中这几项的行")
    args = parser.parse_args(argv)
    chosen = args.only or list(ITEMS)

    load_before = load()
    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        work = Path(tmp)
        app = install_wheel(work)
        _, _, described = write_report(work)
        rows = []
        for item in chosen:
            if item == "build":
                rows += bench_whole_process(work, app, args.runs)
            elif item == "rebuild":
                rows += bench_rebuild(work, max(args.runs, 20))
            elif item == "batch":
                rows += bench_batch(work, app, args.batch, args.batch_runs)
            elif item == "wizard":
                rows += bench_wizard(work, app, args.runs)
            else:
                rows += bench_help(work, app, args.runs)
    load_after = load()

    command = "make bench（即 python bench/run.py）"
    if args.only:
        command = f"python bench/run.py --only {' '.join(args.only)}"
        rows = merged(rows)
    when = dt.date.today().isoformat()
    text = "\n".join([
        table(rows), "",
        f"测试报告：{described}，由 bench/report.py 按固定随机种子生成。drafter 按用户的方式安装："
        f"由本仓库构建 wheel（{app.wheel}），装入新建的虚拟环境后运行。每项测 {args.runs} 次取中位数"
        f"（批量生成测 {args.batch_runs} 次）；与 pandoc 的比较是成对测量：两者轮流运行，取每对用时之比的中位数。",
        f"机器：{machine()}。这台机器与其他程序共用、负载较高（平均负载开始时 {load_before}，结束时 {load_after}），"
        "单次用时会因此变长，成对测量的比值受影响较小。"
        f"命令：`{command}`，{when}。",
    ] + (["带 * 的结果取自表中原有的（更早一次的）测量，这次没有重测。"] if args.only else []))
    print(text)
    if not args.no_write:
        write_readme(text)
        print(f"\n已写入 {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
