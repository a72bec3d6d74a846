"""Locate the project's data folders (templates/, prompts/, schema/, fonts/).

In a source checkout or editable install they sit beside the package; a wheel
carries them inside the package as drafter/_data/<name>.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import InputFileError

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
