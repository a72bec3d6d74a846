"""Locate and read the project's own data (templates/, prompts/, schema/, examples/).

In a source checkout or editable install the folders sit beside the package; a wheel
carries them inside the package as drafter/_data/<name>.

Our YAML data is plain, so it goes through PyYAML's libyaml parser, about ten times
faster than ruamel's pure-Python one: every `drafter build` reads several data files. A
user's fact file keeps ruamel, which gives the positions and comments that messages need.
tests/test_resources.py proves both parsers read every data file alike (YAML 1.1 vs 1.2).
"""

from __future__ import annotations

import marshal
import os
import zlib
from functools import cache
from pathlib import Path

import yaml

from drafter import TYPE_CHECKING
from drafter.errors import InputFileError

if TYPE_CHECKING:
    from typing import Any

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
    """The plain data of a YAML file shipped with drafter (parsed once, then kept in the cache folder)."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    cached = None if stat is None else _cached_path(path, stat.st_size, stat.st_mtime_ns)
    if cached is not None:
        try:
            with open(cached, "rb") as file:
                stored = file.read()
            if int.from_bytes(stored[:4], "big") == zlib.crc32(stored[4:]):
                return marshal.loads(stored[4:])  # noqa: S302 - our own cache file
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not cached yet, or damaged: parse the YAML
    data = yaml.load(path.read_text("utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    if cached is not None:
        _keep(cached, data)
    return data


def _cached_path(path: Path, size: int, mtime_ns: int) -> str:
    """The cache file of one version of a data file: its path, size and time, and the parser's version."""
    from drafter.cachedir import cache_dir

    key = f"{path.resolve()}|{size}|{mtime_ns}|{yaml.__version__}|{_LOADER.__name__}"
    return os.path.join(cache_dir(), f"data-{path.stem}-{zlib.crc32(key.encode()):08x}.bin")


def _keep(cached: str, data: Any) -> None:
    """Store parsed data for the next process; data marshal cannot hold (a date) is simply not kept."""
    from drafter.fsutil import write_cache_file

    try:
        payload = marshal.dumps(data)
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        write_cache_file(Path(cached), zlib.crc32(payload).to_bytes(4, "big") + payload)
    except (ValueError, OSError):  # an unwritable cache only costs the next process a parse
        pass
