"""pytest plugin for `make mutate` (loaded by [tool.mutmut] pytest_add_cli_args): per-module test selection.

mutmut runs each mutant against the tests that called the mutated function in its stats run. A
function such as `heading_label` is called by every build, so that alone would run hundreds of
slow end-to-end tests per mutant. This narrows the run to the test files that pyproject.toml's
[tool.drafter.mutation.tests] lists for the mutant's module: a behaviour change in a module must be
caught by the tests of that module. Outside a mutant run (the stats and clean runs, `make test`)
it does nothing. A mutant left with no test at all ends as "no tests" and counts as survived.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@cache
def mapped_tests() -> dict[str, tuple[str, ...]]:
    """'drafter.text.rules' -> ('tests/text/test_rules.py', ...), from pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    table = data["tool"]["drafter"]["mutation"]["tests"]
    return {path.removesuffix(".py").replace("/", "."): tuple(files) for path, files in table.items()}


def module_of_mutant(name: str) -> str | None:
    """'drafter.text.rules.x_ordinals__mutmut_3' (or a method's 'drafter.review.checks.xǁ_Reviewǁrun__mutmut_1')
    -> 'drafter.text.rules'; None when no mutant is under test."""
    if "__mutmut_" not in name:
        return None  # "", "stats", "fail", "list_all_tests", …: mutmut's own runs
    parts = name.split(".")
    while parts and not parts[-1].startswith(("x_", "xǁ")):
        parts.pop()
    return ".".join(parts[:-1]) or None


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Let pytest generate parametrize ids afresh in every session of this process.

    mutmut runs pytest several times in one process (stats, then each forked mutant). pytest keeps
    the ids it generated for a parametrize mark with explicit ids on the mark and reuses them as
    given ids in the next session, escaping them again: "[附件说明 …]" is "[\\u9644…]" in the first
    session and "[\\\\u9644…]" in the second, so the test ids that mutmut recorded no longer exist
    (pytest exits 4 "not found", which mutmut would count as a kill).
    """
    for mark in metafunc.definition.iter_markers(name="parametrize"):
        source = getattr(mark, "_param_ids_from", None)
        if source is not None and getattr(source, "_param_ids_generated", None) is not None:
            object.__setattr__(source, "_param_ids_generated", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    module = module_of_mutant(os.environ.get("MUTANT_UNDER_TEST", ""))
    if module is None:
        return
    allowed = mapped_tests().get(module, ())
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        (keep if item.nodeid.split("::")[0] in allowed else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
