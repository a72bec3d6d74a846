"""Run the real command line (`python -m drafter`) in a subprocess, as a user would.

`restricted=True` runs it without the capabilities that let root ignore file permissions,
so read-only folders and unreadable files behave for root (as in CI containers) the way
they do for a clerk's account.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Drop CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH from the bounding set, then exec the CLI.
#: (A wrapper program instead of preexec_fn, which is unsafe when tests run threads.)
_RESTRICT = """\
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
        sys.exit(97)
os.execv(sys.executable, [sys.executable, "-m", "drafter", *sys.argv[1:]])
"""
NO_RESTRICT_EXIT = 97


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def command(args: Sequence[str], restricted: bool = False) -> list[str]:
    if restricted and is_root():
        return [sys.executable, "-c", _RESTRICT, *args]
    return [sys.executable, "-m", "drafter", *args]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_cli(args: Sequence[str | Path], *, cwd: Path | None = None, restricted: bool = False,
            timeout: float = 120, env: Mapping[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """`env` adds to (or, with a None value, removes from) the environment, e.g. PYTHONIOENCODING."""
    full = environment()
    for name, value in (env or {}).items():
        if value is None:
            full.pop(name, None)
        else:
            full[name] = value
    # Output is read back in the console encoding asked for (UTF-8 by default).
    encoding = (env or {}).get("PYTHONIOENCODING") or "utf-8"
    return subprocess.run(command([str(a) for a in args], restricted), cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=timeout, encoding=encoding,
                          errors="backslashreplace")
