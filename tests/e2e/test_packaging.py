"""A wheel (what `pip install drafter` gets, not the editable checkout) carries every data folder.

Without them an installed drafter failed every command: templates/, prompts/, examples/ and
schema/ sit at the top of the checkout and drafter.resources finds them beside the package only
in a checkout. The wheel is built for real, unpacked, and run without the checkout on the path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[2]


def test_an_installed_wheel_builds_checks_and_offers_the_wizard_data(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a clean copy: an in-tree build/ folder must not lend the wheel its files
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("drafter", "templates", "prompts", "examples", "schema"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = wheels.glob("drafter-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import drafter.resources as r; "
                            "print(r.data_dir('templates')); print(r.data_dir('examples'))"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where
    facts = ROOT / "examples" / "longquan-2023" / "facts.yaml"
    out = tmp_path / "报告.docx"
    for argv in (["build", str(facts), "-o", str(out)], ["check", str(facts)], ["schema"]):
        proc = subprocess.run([sys.executable, "-m", "drafter", *argv], env=env, cwd=tmp_path,
                              capture_output=True, text=True)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert any("龙泉市科学技术局" in p.text for p in docx.Document(str(out)).paragraphs)
    excerpts = subprocess.run([sys.executable, "-c", "from drafter.interview.questions import help_text, load_spec; "
                               "print(sum('龙泉' in help_text(q) for q in load_spec().all_questions()))"],
                              env=env, cwd=tmp_path, capture_output=True, text=True)
    assert excerpts.returncode == 0 and int(excerpts.stdout) > 0, excerpts.stderr  # the examples' excerpts


def test_a_broken_install_says_so_in_chinese(monkeypatch) -> None:
    import pytest

    from drafter import resources
    from drafter.errors import InputFileError

    monkeypatch.setattr(resources, "_PACKAGE", Path("/nonexistent/drafter"))
    resources.data_dir.cache_clear()
    try:
        with pytest.raises(InputFileError) as caught:
            resources.data_dir("templates")
        assert "安装不完整" in caught.value.message and "templates" in caught.value.message
    finally:
        resources.data_dir.cache_clear()
