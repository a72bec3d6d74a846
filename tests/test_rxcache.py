"""drafter.rxcache: regular expressions compiled in one process are served, identical, to the next."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import rxcache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache folder, `re`'s cache as a fresh process has it, and both restored afterwards."""
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(rxcache, "_seeded", set())
    monkeypatch.setattr(rxcache, "_group", "other")
    return tmp_path


def _cached(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    return re._cache.get((str, pattern, flags))  # type: ignore[attr-defined,no-any-return]


def test_a_saved_pattern_is_seeded_into_the_next_process_and_equals_a_fresh_compile(fresh: Path) -> None:
    pattern = r"(?P<year>(?:19|20)\d{2})年[〔\[（]测试[^〕\]）]*[〕\]）]"
    re.compile(pattern, re.M)
    rxcache.save()
    (stored,) = fresh.glob("regex-*.bin")
    del re._cache[str, pattern, int(re.M)]  # type: ignore[attr-defined]

    rxcache.seed()

    seeded = _cached(pattern, int(re.M))
    assert seeded is not None
    assert seeded == re._compiler.compile(pattern, re.M)  # type: ignore[attr-defined]  # same flags, pattern and code
    assert seeded.groupindex == {"year": 1}
    assert seeded.search("见2024年〔测试〕号").group("year") == "2024"  # type: ignore[union-attr]
    assert re.compile(pattern, re.M) is seeded
    assert stored.stat().st_size > 0


def test_a_damaged_file_is_ignored_and_written_anew(fresh: Path) -> None:
    pattern = r"损坏[测试]+"
    re.compile(pattern)
    rxcache.save()
    (stored,) = fresh.glob("regex-*.bin")
    data = bytearray(stored.read_bytes())
    data[-5] ^= 0xFF
    stored.write_bytes(bytes(data))
    del re._cache[str, pattern, 0]  # type: ignore[attr-defined]

    rxcache.seed()
    assert _cached(pattern) is None  # compiled as usual when asked for
    assert re.compile(pattern).fullmatch("损坏测试")

    rxcache.save()
    del re._cache[str, pattern, 0]  # type: ignore[attr-defined]
    rxcache.seed()
    assert _cached(pattern) is not None


def test_nothing_is_written_when_every_pattern_came_from_the_file(fresh: Path) -> None:
    re.compile(r"已有的[模式]")
    rxcache.save()
    (stored,) = fresh.glob("regex-*.bin")
    os.utime(stored, ns=(0, 0))
    rxcache.seed()
    rxcache._seeded.update(key for key in re._cache if isinstance(key, tuple))  # type: ignore[attr-defined]
    rxcache.save()
    assert stored.stat().st_mtime_ns == 0
    re.compile(r"新的[模式]")
    rxcache.save()
    assert stored.stat().st_mtime_ns > 0


def test_a_build_seeds_every_pattern_it_uses_equal_to_a_fresh_compile(tmp_path: Path, write_facts) -> None:
    """Two whole `drafter build` processes: the second finds every pattern in the file, and each stored
    pattern compiles to the same code as `re` would give it."""
    facts = write_facts()
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "drafter", "build", str(facts), "-o", str(tmp_path / "out.docx")]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    probe = (
        "import re, sys\n"
        "from drafter import rxcache\n"
        "rxcache.seed('build')\n"
        "assert rxcache._seeded, 'nothing seeded'\n"
        "for kind, pattern, flags in rxcache._seeded:\n"
        "    assert re._cache[kind, pattern, flags] == re._compiler.compile(pattern, flags), pattern\n"
        "print(len(rxcache._seeded))\n"
    )
    checked = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert int(checked.stdout) > 20
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert second.stdout == first.stdout


def test_a_long_running_process_keeps_the_patterns_it_compiled_last(fresh: Path, monkeypatch) -> None:
    monkeypatch.setattr(rxcache, "MAX_PATTERNS", 5)
    for n in range(8):
        re.compile(f"第{n}[条项]")
    rxcache.save()
    re._cache.clear()  # type: ignore[attr-defined]
    rxcache.seed()
    assert sorted(pattern for _, pattern, _ in rxcache._seeded) == [f"第{n}[条项]" for n in range(3, 8)]


def test_a_build_keeps_its_own_file_so_it_seeds_only_what_builds_use(tmp_path: Path, write_facts) -> None:
    """`drafter check` compiles patterns a build never uses; they go to the other commands' file, which
    a build neither reads nor writes, and the build's file holds only patterns a build compiles."""
    facts = write_facts()
    cache = tmp_path / "cache"
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    build = [sys.executable, "-m", "drafter", "build", str(facts), "-o", str(tmp_path / "out.docx")]
    subprocess.run(build, env=env, capture_output=True, check=True)  # compiles the template (with docxtpl's patterns)
    for stored in cache.glob("regex-*.bin"):
        stored.unlink()
    subprocess.run([sys.executable, "-m", "drafter", "check", str(facts)], env=env, capture_output=True, check=True)
    (other,) = cache.glob("regex-*.bin")
    before = other.read_bytes()
    subprocess.run(build, env=env, capture_output=True, check=True)
    assert other.read_bytes() == before
    probe = (
        "import json, re, sys\n"
        "from drafter import rxcache\n"
        "from drafter.cli import main\n"
        f"main(['build', {str(facts)!r}, '-o', {str(tmp_path / 'again.docx')!r}])\n"  # nothing seeded: compiles all
        "used = {pattern for key in re._cache if isinstance(key, tuple) for pattern in key[1:2]}\n"
        "re._cache.clear()\n"
        "rxcache.seed('build')\n"
        "stored = {pattern for _, pattern, _ in rxcache._seeded}\n"
        "print(json.dumps([len(stored), sorted(map(str, stored - used))]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    count, unused = json.loads(done.stdout.splitlines()[-1])
    assert count > 20 and unused == []
