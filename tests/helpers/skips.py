"""The one way a test may skip: on a developer machine that lacks a tool, never under CI.

CI installs everything the suite needs (scripts/install-system-deps.sh, setup-fonts.sh,
setup-lsp.sh), so a skip there would hide a feature that was never tested: under CI=true
the same condition fails the test with its reason.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_outside_ci(message: str) -> NoReturn:
    """Skip with `message` (which says what is missing and how to get it); fail under CI=true."""
    if in_ci():
        pytest.fail(message + " -- CI=true, so this is an error, not a skip", pytrace=False)
    pytest.skip(message)
