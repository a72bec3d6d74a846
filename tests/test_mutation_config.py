"""`make mutate` configuration (pyproject.toml): the core modules and their tests agree, and exist.

Renaming or splitting a core module means editing [tool.drafter.mutation.tests]; this test then
says what else in [tool.mutmut] must follow, long before anyone runs the (slow) mutation run.
"""

from __future__ import annotations

import tomllib

from tests.helpers.mutation import mapped_tests, module_of_mutant
from tests.helpers.samples import ROOT

CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]
MAPPING: dict[str, list[str]] = CONFIG["drafter"]["mutation"]["tests"]


def test_mutmut_mutates_exactly_the_core_modules_and_they_exist():
    assert sorted(CONFIG["mutmut"]["only_mutate"]) == sorted(MAPPING)
    assert [m for m in MAPPING if not (ROOT / m).is_file()] == []


def test_mutmut_collects_exactly_the_tests_of_the_core_modules_and_they_exist():
    wanted = sorted({test for tests in MAPPING.values() for test in tests})
    assert sorted(CONFIG["mutmut"]["pytest_add_cli_args_test_selection"]) == wanted
    assert [t for t in wanted if not (ROOT / t).is_file()] == []


def test_a_mutant_name_gives_its_module():
    assert module_of_mutant("drafter.text.rules.x_ordinals__mutmut_3") == "drafter.text.rules"
    assert module_of_mutant("drafter.review.checks.xǁ_Reviewǁrun__mutmut_12") == "drafter.review.checks"
    assert module_of_mutant("drafter.fsutil.x__umask__mutmut_1") == "drafter.fsutil"
    for not_a_mutant in ("", "stats", "fail", "list_all_tests", "mutant_generation"):
        assert module_of_mutant(not_a_mutant) is None
    assert mapped_tests()["drafter.docx.verify"] == tuple(MAPPING["drafter/docx/verify.py"])
