"""The offline bundle (`make bundle`): proof without Windows that it installs where the clerks are.

The bundle is built once per session by `scripts/make_bundle.py` (it downloads the wheels from PyPI)
and cached under .cache/bundle/<hash of its inputs>, so a second session reuses it. Tests that need
it are marked `bundle`; deselect them with `-m "not bundle"`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from packaging.utils import parse_wheel_filename

from scripts import make_bundle as mb

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ("pyproject.toml", "README.md", "drafter", "templates", "prompts", "examples", "schema", "scripts")


def _inputs_hash() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        top = ROOT / name
        for path in sorted([top] if top.is_file() else top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def bundle() -> Path:
    dist = ROOT / ".cache" / "bundle" / _inputs_hash()
    out = dist / mb.bundle_name(mb.project_version())
    if not out.is_dir():  # build() renames a finished folder into place, so a present one is complete
        for stale in dist.parent.glob("*"):  # bundles of earlier inputs
            if stale != dist:
                shutil.rmtree(stale, ignore_errors=True)
        mb.build(dist)
    return out


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's machine: no checkout on the path, no pip configuration."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env.update(extra)
    return env


def _base_python() -> str:
    """The interpreter the venv was made from (what a user's python3 would be)."""
    return str(Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}")


@pytest.mark.bundle
def test_the_bundle_holds_wheels_for_each_target_and_the_scripts(bundle: Path) -> None:
    assert bundle.name == "drafter-离线安装-" + mb.project_version()
    names = {p.name for p in bundle.iterdir()}
    assert {"安装.bat", "启动.bat", "install.sh", "start.sh", "launch.py", "说明.txt", "wheels"} <= names
    wheels = list((bundle / "wheels").glob("*.whl"))
    assert any(w.name.startswith(f"drafter-{mb.project_version()}-py3-none-any") for w in wheels)
    for target in mb.TARGETS:
        for python in mb.PYTHONS:
            chosen, missing = mb.closure(bundle / "wheels", target, python)
            assert missing == [], (target.name, python, missing)
            names_chosen = {w.name for w in chosen}
            assert {"drafter", "pydantic-core", "lxml", "pyyaml", "python-docx"} <= names_chosen
            core = next(w for w in chosen if w.name == "pydantic-core")  # a compiled one, so tags are per target
            assert all(t.interpreter == "cp" + python.replace(".", "") for t in core.tags), core.path.name


@pytest.mark.bundle
@pytest.mark.parametrize("python", mb.PYTHONS)
@pytest.mark.parametrize("target", mb.TARGETS, ids=lambda t: t.name)
def test_pip_resolves_the_full_set_from_the_bundle_alone(bundle: Path, tmp_path: Path, target: mb.Target,
                                                         python: str) -> None:
    report = tmp_path / "report.json"
    platforms = [arg for platform in target.platforms for arg in ("--platform", platform)]
    proc = subprocess.run([sys.executable, "-m", "pip", "--isolated", "--disable-pip-version-check", "install",
                           "--dry-run", "--ignore-installed", "--report", str(report), *platforms,
                           "--python-version", python, "--implementation", "cp", "--only-binary=:all:",
                           "--no-index", "--find-links", str(bundle / "wheels"), "drafter"],
                          env=_clean_env(), capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installed = json.loads(report.read_text(encoding="utf-8"))["install"]
    files = {Path(item["download_info"]["url"].removeprefix("file://")).name for item in installed}
    # every file pip takes is in the bundle, and it is the same set our marker-aware closure finds
    chosen, _missing = mb.closure(bundle / "wheels", target, python)
    assert files == {w.path.name for w in chosen}
    tag = "win_amd64" if target is mb.WINDOWS else "manylinux"
    compiled = [f for f in files if "-cp3" in f]  # the version-specific ones, or the stable ABI (abi3)
    own = f"cp{python.replace('.', '')}"
    assert compiled and all(tag in f and (f.split("-")[-2] == own or f.split("-")[-2] == "abi3") for f in compiled)
    assert any(f.split("-")[-2] == own for f in compiled)


@pytest.mark.bundle
def test_install_sh_installs_with_the_network_cut_and_builds_an_example(bundle: Path, tmp_path: Path) -> None:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.fail("unshare -n (as root) is needed to cut the network for this test")
    where = tmp_path / "含 空格 的路径" / bundle.name  # as unpacked on a clerk's desktop
    shutil.copytree(bundle, where)
    home = tmp_path / "用户 目录" / "drafter"
    env = _clean_env(DRAFTER_HOME=str(home), PYTHON=_base_python())
    offline = ["unshare", "-n"]
    probe = subprocess.run([*offline, sys.executable, "-c", "import socket; socket.create_connection(('pypi.org', 443), 5)"],
                           capture_output=True, text=True)
    assert probe.returncode != 0  # the network really is cut
    proc = subprocess.run([*offline, "sh", str(where / "install.sh")], env=env, cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "安装完成" in proc.stdout and f"drafter {mb.project_version()}" in proc.stdout
    drafter = home / "venv" / "bin" / "drafter"
    site = subprocess.run([str(home / "venv" / "bin" / "python"), "-c", "import drafter; print(drafter.__file__)"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert Path(site.strip()).is_relative_to(home)  # the installed copy, not the checkout
    out = tmp_path / "报告 输出" / "漯河.docx"
    out.parent.mkdir()
    facts = ROOT / "examples" / "luohe-2020" / "facts.yaml"
    built = subprocess.run([*offline, str(drafter), "build", str(facts), "-o", str(out)], env=env, cwd=tmp_path,
                           capture_output=True, text=True)
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr
    assert any("漯河市科学技术局" in p.text for p in docx.Document(str(out)).paragraphs)

    # start.sh: in a drafter without `serve` it prints the usage in the work folder and, with no
    # terminal to keep open, ends; with `serve` it starts the server there.
    work = tmp_path / "我的 文档" / "法治政府建设报告"
    start_env = {**env, "DRAFTER_WORKDIR": str(work)}
    has_serve = subprocess.run([str(drafter), "serve", "--help"], env=env, capture_output=True).returncode == 0
    if not has_serve:
        started = subprocess.run([*offline, "sh", str(where / "start.sh")], env=start_env, cwd=tmp_path,
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
        assert started.returncode == 0, started.stdout + started.stderr
        assert f"文件保存在：{work}" in started.stdout and "drafter new 2024.yaml" in started.stdout
        assert "用法：drafter" in started.stdout and work.is_dir()
    else:  # `drafter serve` prints its address and keeps running until stopped
        server = subprocess.Popen([*offline, "sh", str(where / "start.sh")], env={**start_env, "BROWSER": "true"},
                                  cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            assert server.stdout is not None
            seen = ""
            for line in server.stdout:
                seen += line
                if "http://127.0.0.1" in line:
                    break
            assert "http://127.0.0.1" in seen and work.is_dir(), seen
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)


@pytest.mark.bundle
def test_start_sh_and_bat_say_to_install_first(bundle: Path, tmp_path: Path) -> None:
    proc = subprocess.run(["sh", str(bundle / "start.sh")], env=_clean_env(DRAFTER_HOME=str(tmp_path / "无")),
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "还没有安装 drafter" in proc.stderr and "install.sh" in proc.stderr
    bat = (bundle / "启动.bat").read_text(encoding="utf-8")
    assert "还没有安装 drafter" in bat and "安装.bat" in bat


PATH_VARIABLES = re.compile(r"%~dp0|%(?:VENV|WHEELS|PY|DRAFTER_HOME|LOCALAPPDATA)%")


def _unquoted_paths(line: str) -> list[str]:
    """Path expansions outside double quotes: each would split at a space in 'C:\\Users\\张 三'."""
    found = []
    for match in PATH_VARIABLES.finditer(line):
        if line[: match.start()].count('"') % 2 == 0:
            found.append(match.group())
    return found


@pytest.mark.bundle
@pytest.mark.parametrize("name", mb.WINDOWS_SCRIPTS)
def test_windows_scripts_have_crlf_and_quote_every_path(bundle: Path, name: str) -> None:
    raw = (bundle / name).read_bytes()
    assert raw.count(b"\n") > 5 and raw.count(b"\n") == raw.count(b"\r\n"), "every line must end in CRLF"
    assert not raw.startswith(b"\xef\xbb\xbf")  # cmd would run the BOM as part of '@echo off'
    text = raw.decode("utf-8")
    lines = text.split("\r\n")
    chcp = next(i for i, line in enumerate(lines) if line.startswith("chcp 65001"))
    assert all(line.isascii() for line in lines[: chcp + 1])  # read in the OEM code page before chcp
    assert not any(re.search(r"[\u4e00-\u9fff]", line) for line in lines if line.lower().startswith("rem"))
    for line in lines:
        if not line.lower().startswith(("rem ", "echo ")):  # words, not commands
            assert _unquoted_paths(line) == [], line
    for referenced in re.findall(r'%~dp0([^"\\]+)', text):  # every file the script uses is in the bundle
        assert (bundle / referenced).exists(), referenced


def test_the_quoting_check_finds_an_unquoted_path() -> None:
    assert _unquoted_paths(r'"%VENV%\Scripts\python.exe" -m pip --find-links %WHEELS% drafter') == ["%WHEELS%"]
    assert _unquoted_paths(r'set "WHEELS=%~dp0wheels"') == []


@pytest.mark.bundle
def test_unix_scripts_and_notes(bundle: Path) -> None:
    for name in mb.UNIX_SCRIPTS:
        path = bundle / name
        assert b"\r" not in path.read_bytes() and os.access(path, os.X_OK)
        assert subprocess.run(["sh", "-n", str(path)], capture_output=True).returncode == 0
    notes = (bundle / "说明.txt").read_bytes()
    assert notes.startswith(b"\xef\xbb\xbf") and notes.count(b"\n") == notes.count(b"\r\n")  # for Notepad
    text = notes.decode("utf-8-sig")
    for needed in ("python.org", "LibreOffice", "安装.bat", "启动.bat", "install.sh", "start.sh", mb.project_version()):
        assert needed in text, needed


def _wheel(folder: Path, name: str, version: str, tag: str, requires: list[str]) -> None:
    dist = f"{name}-{version}"
    with zipfile.ZipFile(folder / f"{dist}-{tag}.whl", "w") as zf:
        meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
        zf.writestr(f"{dist}.dist-info/METADATA", meta)


def test_the_closure_reads_markers_for_the_target_not_this_machine(tmp_path: Path) -> None:
    """pip evaluates `sys_platform == "win32"` on the machine it runs on; the closure must not."""
    _wheel(tmp_path, "drafter", "1.0", "py3-none-any", ['click>=8', 'uvloop; sys_platform != "win32"'])
    _wheel(tmp_path, "click", "8.1", "py3-none-any", ['colorama; platform_system == "Windows"'])
    _wheel(tmp_path, "uvloop", "0.2", "cp312-cp312-manylinux_2_17_x86_64", [])
    chosen, missing = mb.closure(tmp_path, mb.WINDOWS, "3.12")
    assert missing == ['colorama; platform_system == "Windows"'] and {w.name for w in chosen} == {"drafter", "click"}
    chosen, missing = mb.closure(tmp_path, mb.LINUX, "3.12")
    assert missing == [] and {w.name for w in chosen} == {"drafter", "click", "uvloop"}
    _wheel(tmp_path, "colorama", "0.4", "py2.py3-none-any", [])
    assert mb.closure(tmp_path, mb.WINDOWS, "3.12")[1] == []
    assert mb.closure(tmp_path, mb.LINUX, "3.11")[1] == ['uvloop; sys_platform != "win32"']  # cp312 only
    assert parse_wheel_filename((tmp_path / "colorama-0.4-py2.py3-none-any.whl").name)[0] == "colorama"
