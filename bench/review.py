"""`python bench/review.py`: how long `drafter review` takes on a folder a 法治办 receives.

Builds N reports of about ten pages (bench/report.py, a different seed each, DOCX through
`drafter build`) and N earlier-year reports of the same departments, then times, as whole
processes, `drafter review FOLDER` and `drafter review FOLDER --previous PREV --annotate`
(several runs, medians; no LibreOffice conversion: every file is a DOCX), sampling the summed
PSS and RSS of the process tree (bench/run.py's TreeMemory). The page count of one report is
measured by converting it to PDF with LibreOffice once, when LibreOffice is installed.

Prints a table and writes it, with the machine and the command, into README.md between the
review-bench markers. No assertions: numbers only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import make_report, to_yaml  # noqa: E402
from run import Row, TreeMemory, bench_parser, child_env, drafter_command, machine, table, write_readme  # noqa: E402

START, END = "<!-- review-bench:start -->", "<!-- review-bench:end -->"
TARGET_SECONDS = 30
TARGET_MIB = 200
#: Characters of body text for about ten pages (bench/report.py's 9,500 give about 17).
TEN_PAGES_CHARS = 5_600


def build_folder(folder: Path, count: int, *, year_shift: int, seed_base: int) -> None:
    facts = folder.parent / f"{folder.name}-facts"
    facts.mkdir()
    for i in range(count):
        text = to_yaml(make_report(seed=seed_base + i, target=TEN_PAGES_CHARS))
        if year_shift:
            text = text.replace("2024", str(2024 + year_shift)).replace("2025", str(2025 + year_shift))
        (facts / f"{i:03d}.yaml").write_text(text, encoding="utf-8")
    subprocess.run([*drafter_command(), "build", str(facts), "-o", str(folder)], check=True, env=child_env(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def pages(docx: Path, work: Path) -> int | None:
    from drafter.docx.libreoffice import convert_to_pdf, find_soffice

    if find_soffice() is None or shutil.which("pdfinfo") is None:
        return None
    pdf = convert_to_pdf(docx, work / "one.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, flags=re.M)
    return int(m.group(1)) if m else None


def timed(command: list[str], runs: int, work: Path) -> tuple[float, float, float, float]:
    """Median wall-clock and CPU seconds (user + system, the command and what it waited for), peak
    PSS and peak RSS (MiB) of the process tree over `runs` runs."""
    times, cpu, pss, rss = [], [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=work, env=child_env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        with TreeMemory(proc.pid) as memory:
            _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        cpu.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: some report has an error
            raise SystemExit(f"drafter review 失败（退出码 {os.waitstatus_to_exitcode(status)}）")
        pss, rss = max(pss, memory.peak_pss_kib), max(rss, memory.peak_rss_kib)
    return statistics.median(times), statistics.median(cpu), pss / 1024, rss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser("drafter review 性能测试", runs=3)
    parser.add_argument("--count", type=int, default=50, help="报告份数，默认 50")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="drafter-review-bench-") as tmp:
        work = Path(tmp)
        received, previous = work / "received", work / "previous"
        build_folder(received, args.count, year_shift=0, seed_base=0)
        build_folder(previous, args.count, year_shift=-1, seed_base=1000)
        first = sorted(received.glob("*.docx"))[0]
        page_count = pages(first, work)
        chars = make_report(seed=0, target=TEN_PAGES_CHARS).chars()
        rows: list[Row] = []
        load = os.getloadavg()[0]
        for label, extra in (("drafter review", []),
                             ("drafter review --previous --annotate", ["--previous", str(previous), "--annotate"])):
            out = work / f"out-{len(rows)}"
            seconds, cpu, pss, rss = timed([*drafter_command(), "review", str(received), "-o", str(out), *extra],
                                      args.runs, work)
            rows.append(Row(f"{label}：{args.count} 份（{os.cpu_count()} 核）", f"{seconds:.1f} 秒（CPU 时间 {cpu:.1f} 秒）",
                            f"≤ {TARGET_SECONDS} 秒", seconds <= TARGET_SECONDS))
            rows.append(Row("　同上，进程树内存峰值（PSS 合计／RSS 合计）", f"{pss:.0f} MiB ／ {rss:.0f} MiB",
                            f"≤ {TARGET_MIB} MiB", pss <= TARGET_MIB))

    shown_pages = f"约 {page_count} 页" if page_count else "页数未测（没有 LibreOffice）"
    command = f"python bench/review.py --count {args.count} --runs {args.runs}"
    text = "\n".join([
        table(rows), "",
        f"测试报告：{args.count} 份 DOCX，每份 {chars} 字正文、{shown_pages}（bench/report.py 按不同随机种子生成，"
        f"由 drafter build 生成 DOCX，不经 LibreOffice 转换）；上年报告 {args.count} 份，同一批机关。每项测 {args.runs} 次取中位数。",
        f"机器：{machine()}；开始测量时的平均负载 {load:.1f}（与其他程序共用时墙上时间会变长，"
        f"CPU 时间不受影响）。命令：`{command}`，{dt.date.today().isoformat()}。",
    ])
    print(text)
    if not args.no_write:
        write_readme(text, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
