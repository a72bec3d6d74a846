"""Server-side speed of `drafter serve` on the longest example (issue 14: every interaction
≤ 100 ms, a preview refresh ≤ 200 ms). Run: PYTHONPATH=. python bench/serve_speed.py

Times each request through the ASGI app in-process (Starlette's TestClient: no network, no
browser), on a copy of the longest example in a temporary folder; prints the median and the
worst of N rounds per interaction and exits 1 when a limit is exceeded.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from starlette.testclient import TestClient

from drafter.web.app import Server, create_app

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 20
LIMITS = {"preview": 0.200}
DEFAULT_LIMIT = 0.100


def longest_example() -> Path:
    return max((ROOT / "examples").glob("*/facts.yaml"), key=lambda p: p.stat().st_size)


def main() -> int:
    source = longest_example()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "report.yaml").write_text(source.read_text("utf-8"), "utf-8")
        client = TestClient(create_app(Server(folder)), base_url="http://127.0.0.1")
        home = client.get("/").text
        match = re.search(r'name="csrf-token" content="([^"]+)"', home)
        assert match
        csrf = match.group(1)
        client.get("/r/report.yaml")
        target = "preamble/preamble"
        text = (folder / "report.yaml").read_text("utf-8")
        preamble = re.search(r"preamble: \|\n((?:  .*\n)+)", text)
        paragraphs = "\n".join(line.strip() for line in preamble.group(1).splitlines()) if preamble else "开头段。"

        def jump() -> None:
            client.post("/r/report.yaml/jump", data={"csrf": csrf, "target": target}, follow_redirects=False)

        edits = iter(range(10**6))

        def answer() -> None:  # a changed text each time: the file is really written
            jump()
            client.post("/r/report.yaml/answer", data={"csrf": csrf, "step": target,
                                                       "value": f"{paragraphs}\n第{next(edits)}次修改。"},
                        follow_redirects=False)

        def draft() -> None:
            jump()
            saved = client.post("/r/report.yaml/draft", data={"csrf": csrf, "step": target,
                                                               "value": paragraphs + "又一段"}).json()
            assert saved["saved"], saved

        actions: dict[str, Callable[[], object]] = {
            "home": lambda: client.get("/"),
            "question page": lambda: client.get("/r/report.yaml"),
            "jump": jump,
            "answer (jump + save)": answer,
            "jump + draft autosave": draft,
            "state poll": lambda: client.get("/r/report.yaml/state"),
            "back": lambda: client.post("/r/report.yaml/back", data={"csrf": csrf}, follow_redirects=False),
            "preview": lambda: client.get("/r/report.yaml/preview"),
        }
        failed = False
        print(f"drafter serve，最长的示例 {source.parent.name}（{source.stat().st_size} 字节），每项 {ROUNDS} 次：")
        for name, action in actions.items():
            action()  # warm up (imports, caches)
            times = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                action()
                times.append(time.perf_counter() - start)
            limit = LIMITS.get(name, DEFAULT_LIMIT)
            worst = max(times)
            ok = statistics.median(times) <= limit
            failed |= not ok
            print(f"  {name:<22} 中位数 {statistics.median(times) * 1000:6.1f} ms  最慢 {worst * 1000:6.1f} ms"
                  f"  上限 {limit * 1000:.0f} ms  {'通过' if ok else '超出'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
