"""Build the offline bundle: `make bundle` -> dist/drafter-离线安装-<version>/.

The folder holds the drafter wheel and every dependency as wheels for Windows (win_amd64) and
Linux (manylinux x86_64), CPython 3.11-3.13, plus the install/start scripts from scripts/bundle/
(Windows ones written with CRLF line ends, 说明.txt with a BOM for Notepad).

pip resolves each target with --platform/--python-version, but it evaluates environment markers
such as `sys_platform == "win32"` against the machine it runs on, so a dependency needed only on
Windows would be left out by a build on Linux. `closure()` therefore walks the wheels' own
Requires-Dist with the target's markers and the builder fetches whatever is still missing.

Usage: python scripts/make_bundle.py [--dist DIR]
"""

from __future__ import annotations

import argparse
import email.parser
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "scripts" / "bundle"
PYTHONS = ("3.11", "3.12", "3.13")
WINDOWS_SCRIPTS = ("安装.bat", "启动.bat")
UNIX_SCRIPTS = ("install.sh", "start.sh")
OTHER_FILES = ("launch.py",)
README_NAME = "说明.txt"


@dataclass(frozen=True)
class Target:
    """One platform the bundle serves: pip's --platform values and the markers that hold there."""

    name: str
    platforms: tuple[str, ...]  # pip's --platform values (pip does not widen a manylinux tag to older glibcs)
    sys_platform: str
    platform_system: str
    os_name: str
    machine: str

    def markers(self, python: str) -> dict[str, str]:
        env: dict[str, str] = {key: str(value) for key, value in default_environment().items()}
        major, minor = python.split(".")
        env.update(python_version=python, python_full_version=f"{python}.0", sys_platform=self.sys_platform,
                   platform_system=self.platform_system, os_name=self.os_name, platform_machine=self.machine,
                   implementation_name="cpython", platform_python_implementation="CPython",
                   implementation_version=f"{major}.{minor}.0")
        return env

    def tags(self, python: str) -> set[Tag]:
        version = tuple(int(part) for part in python.split("."))
        platforms = list(self.platforms)
        if self.sys_platform == "linux":  # a wheel for an older glibc runs on a newer one
            platforms += [f"manylinux_2_{minor}_x86_64" for minor in range(27, 4, -1)]
            platforms += ["manylinux2010_x86_64", "manylinux1_x86_64"]
        return set(cpython_tags(version, platforms=platforms)) | set(compatible_tags(version, platforms=platforms))


WINDOWS = Target("win_amd64", ("win_amd64",), "win32", "Windows", "nt", "AMD64")
# glibc 2.28 and later: UOS 20, Kylin V10, Debian 10+, RHEL 8+.
LINUX = Target("manylinux_x86_64", ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"),
               "linux", "Linux", "posix", "x86_64")
TARGETS = (WINDOWS, LINUX)


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def bundle_name(version: str) -> str:
    return f"drafter-离线安装-{version}"


def isolated_pip_env() -> dict[str, str]:
    """pip with no configuration files and no PIP_* variables: only what the command line says counts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


def pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    proc = subprocess.run(cmd, env=isolated_pip_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"make_bundle: pip failed ({' '.join(cmd)}):\n{proc.stdout}\n{proc.stderr}")


def build_drafter_wheel(dest: Path) -> Path:
    """The drafter wheel, built from a clean copy (a stray build/ folder must not lend it files)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, source / name)
        for name in ("drafter", "templates", "prompts", "examples", "schema"):
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        pip("wheel", "--quiet", "--no-deps", "-w", str(dest), str(source))
    (wheel,) = dest.glob("drafter-*.whl")
    return wheel


# --- the dependency closure, read from the wheels themselves -------------------------------------------


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str
    version: Version
    tags: frozenset[Tag]

    def requirements(self) -> list[Requirement]:
        with zipfile.ZipFile(self.path) as zf:
            (meta,) = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            message = email.parser.BytesParser().parsebytes(zf.read(meta))
        return [Requirement(line) for line in message.get_all("Requires-Dist") or []]


def wheels_in(folder: Path) -> list[Wheel]:
    found = []
    for path in sorted(folder.glob("*.whl")):
        name, version, _build, tags = parse_wheel_filename(path.name)
        found.append(Wheel(path, str(name), version, frozenset(tags)))
    return found


def closure(folder: Path, target: Target, python: str, root: str = "drafter") -> tuple[list[Wheel], list[str]]:
    """The wheels an install of `root` on (target, python) takes from `folder`, and the requirements
    that no wheel there satisfies (empty when the folder is complete for that target)."""
    tags = target.tags(python)
    markers = target.markers(python)
    candidates: dict[str, list[Wheel]] = {}
    for wheel in wheels_in(folder):
        if wheel.tags & tags:
            candidates.setdefault(wheel.name, []).append(wheel)
    chosen: dict[str, Wheel] = {}
    missing: list[str] = []
    todo: list[tuple[Requirement, str]] = [(Requirement(root), "")]
    seen: set[tuple[str, str]] = set()
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({**markers, "extra": extra}):
            continue
        name = canonicalize_name(req.name)
        fits = [w for w in candidates.get(name, []) if req.specifier.contains(w.version, prereleases=True)]
        if not fits:
            missing.append(str(req))
            continue
        wheel = chosen.setdefault(name, max(fits, key=lambda w: w.version))
        if wheel not in fits:
            missing.append(f"{req}（已选 {wheel.path.name}）")
            continue
        for wanted in ("", *sorted(req.extras)):
            if (name, wanted) not in seen:
                seen.add((name, wanted))
                todo.extend((sub, wanted) for sub in wheel.requirements())
    return sorted(chosen.values(), key=lambda w: w.name), missing


# --- building -------------------------------------------------------------------------------------------


def download(requirements: Iterable[str], dest: Path, target: Target, python: str) -> None:
    platform_args = [arg for platform in target.platforms for arg in ("--platform", platform)]
    pip("download", "--quiet", "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
        *platform_args, "-d", str(dest), *requirements)


def combos() -> Iterator[tuple[Target, str]]:
    for target in TARGETS:
        for python in PYTHONS:
            yield target, python


def fill(wheels: Path, drafter_wheel: Path) -> None:
    """Download the dependencies for every target, then whatever the marker-aware closure still lacks."""
    def one(combo: tuple[Target, str]) -> None:  # a folder each: two pips never write the same file
        own = wheels / f"{combo[0].name}-{combo[1]}"
        download([str(drafter_wheel)], own, *combo)
        for path in own.iterdir():
            if not (wheels / path.name).exists():
                path.replace(wheels / path.name)
        shutil.rmtree(own)

    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(one, combos()))
    gaps: dict[tuple[Target, str], list[str]] = {}
    for _round in range(5):
        gaps = {combo: closure(wheels, *combo)[1] for combo in combos()}
        if not any(gaps.values()):
            return
        for (target, python), missing in gaps.items():
            if missing:
                download([m.split("（")[0] for m in missing], wheels, target, python)
    raise SystemExit(f"make_bundle: still missing after five rounds: {gaps}")


def copy_scripts(out: Path) -> None:
    for name in WINDOWS_SCRIPTS:
        text = (SOURCE / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        (out / name).write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    for name in UNIX_SCRIPTS:
        shutil.copyfile(SOURCE / name, out / name)
        (out / name).chmod(0o755)
    for name in OTHER_FILES:
        shutil.copyfile(SOURCE / name, out / name)
    notes = (SOURCE / README_NAME).read_text(encoding="utf-8").replace("\r\n", "\n").replace("{version}",
                                                                                           project_version())
    (out / README_NAME).write_bytes(b"\xef\xbb\xbf" + notes.replace("\n", "\r\n").encode("utf-8"))


def build(dist: Path) -> Path:
    out = dist / bundle_name(project_version())
    partial = dist / (out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    wheels = partial / "wheels"
    wheels.mkdir(parents=True)
    drafter_wheel = build_drafter_wheel(wheels)
    fill(wheels, drafter_wheel)
    copy_scripts(partial)
    shutil.rmtree(out, ignore_errors=True)
    partial.rename(out)  # a bundle folder is either complete or absent
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="folder to write the bundle into")
    args = parser.parse_args()
    out = build(args.dist)
    count = len(list((out / "wheels").glob("*.whl")))
    print(f"离线安装包：{out}（{count} 个 wheel）")


if __name__ == "__main__":
    main()
