"""Locate and read the project's own data (templates/, prompts/, schema/, examples/).

In a source checkout or editable install the folders sit beside the package; a wheel
carries them inside the package as drafter/_data/<name>.

Our YAML data is plain, so it goes through PyYAML's libyaml parser, about ten times
faster than ruamel's pure-Python one: every `drafter build` reads several data files. A
user's fact file keeps ruamel, which gives the positions and comments that messages need.
tests/test_resources.py proves both parsers read every data file alike (YAML 1.1 vs 1.2).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import InputFileError

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Path of a top-level data folder such as "templates" or "prompts"."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise InputFileError(f"drafter 安装不完整：找不到数据文件夹“{name}”（应在 {_PACKAGE / '_data' / name}）。"
                         "请重新安装 drafter。")


def template_path(name: str) -> Path:
    return data_dir("templates") / name


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the pure-Python loader where libyaml is missing


def load_data(path: Path) -> Any:
    """The plain data of a YAML file shipped with drafter."""
    return yaml.load(path.read_text("utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
