"""Read the project's own YAML data (format numbers, sections, checks, questions, examples).

These files are ours and plain, so they go through PyYAML's libyaml parser, about ten times
faster than ruamel's pure-Python one: every `drafter build` reads several of them. A user's
fact file keeps ruamel, which gives the positions and comments that messages need.
tests/test_datafiles.py proves both parsers read every data file alike (YAML 1.1 vs 1.2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the pure-Python loader where libyaml is missing


def load_data(path: Path) -> Any:
    """The plain data of a YAML file shipped with drafter."""
    return yaml.load(path.read_text("utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
