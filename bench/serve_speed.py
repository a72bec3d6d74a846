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

from drafter.web.app import Server, _has_soffice, create_app

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 20
LIMITS = {"preview": 0.200, "page view (drawn)": 0.200}
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
        page = client.get("/r/report.yaml").text
        version = re.search(r'data-version="([0-9a-f]+)"', page)
        assert version
        target = "preamble/preamble"
        text = (folder / "report.yaml").read_text("utf-8")
        preamble = re.search(r"preamble: \|\n((?:  .*\n)+)", text)
        paragraphs = "\n".join(line.strip() for line in preamble.group(1).splitlines()) if preamble else "开头段。"

        def jump() -> None:
            client.post("/r/report.yaml/jump", data={"csrf": csrf, "target": target}, follow_redirects=False)

        edits = iter(range(10**6))

        def answer() -> None:  # a changed text each time: the file is really written
            jump()
            response = client.post("/r/report.yaml/answer", data={
                "csrf": csrf, "step": target, "kind": "paragraphs", "version": version.group(1),
                "value": f"{paragraphs}\n第{next(edits)}次修改。"}, follow_redirects=False)
            assert response.status_code == 303, response.text

        def autosave() -> None:  # what the page sends a second after the last key: into the fact file
            saved = client.post("/r/report.yaml/save", data={
                "csrf": csrf, "step": target, "version": version.group(1),
                "value": f"{paragraphs}\n第{next(edits)}次输入"}).json()
            assert saved["saved"] and not list(folder.glob("*网页版本*")), saved

        actions: dict[str, Callable[[], object]] = {
            "home": lambda: client.get("/"),
            "question page": lambda: client.get("/r/report.yaml"),
            "jump": jump,
            "answer (jump + save)": answer,
            "autosave": autosave,
            "state poll": lambda: client.get(f"/r/report.yaml/state?v={version.group(1)}"),
            "back": lambda: client.post("/r/report.yaml/back", data={"csrf": csrf}, follow_redirects=False),
            "preview": lambda: client.get("/r/report.yaml/preview"),
        }
        if _has_soffice():  # the exact page view once its pages are drawn: the DOCX is built to find them
            actions["page view (drawn)"] = lambda: client.get("/r/report.yaml/pages")
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
