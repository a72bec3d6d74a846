"""A font table Word and WPS can use, and Word 2013+'s own compatibility mode (issue 20, observation 5)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from drafter.docx.render import build
from tests.helpers.samples import MINIMAL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(params=["gb2312", "windows"])
def built(request, write_facts) -> Path:
    return build(write_facts(MINIMAL + f"fonts: {request.param}\n")).output


def _part(path: Path, name: str) -> Any:  # lxml's element: find() and get() may be None, asserted by use
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def _named_fonts(path: Path) -> set[str]:
    names: set[str] = set()
    for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        with zipfile.ZipFile(path) as zf:
            if part not in zf.namelist():
                continue
        for fonts in _part(path, part).iter(f"{W}rFonts"):
            names |= {value for attr, value in fonts.attrib.items() if not attr.endswith(("hint", "Theme", "theme"))}
    return names


def test_every_font_the_document_names_has_a_chinese_font_table_entry(built: Path):
    table = {font.get(f"{W}name"): font for font in _part(built, "word/fontTable.xml").iter(f"{W}font")}
    named = _named_fonts(built)
    assert named and named <= table.keys(), named - table.keys()
    for name in named:
        font = table[name]
        assert font.find(f"{W}charset").get(f"{W}val") == "86", name  # GB2312
        assert re.fullmatch(r"[0-9A-F]{20}", font.find(f"{W}panose1").get(f"{W}val")), name
        assert font.find(f"{W}altName").get(f"{W}val"), name
    assert not {"Calibri", "ＭＳ 明朝", "Cambria", "Times New Roman"} & table.keys()


def test_gb2312_fonts_fall_back_to_the_fonts_windows_ships(built: Path):
    table = {font.get(f"{W}name"): font.find(f"{W}altName").get(f"{W}val")
             for font in _part(built, "word/fontTable.xml").iter(f"{W}font")}
    assert table["仿宋_GB2312"] == "仿宋" and table["楷体_GB2312"] == "楷体" and table["方正小标宋简体"] == "宋体"


def test_compatibility_mode_is_word_2013s(built: Path):
    settings = _part(built, "word/settings.xml")
    modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting") if s.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"]
