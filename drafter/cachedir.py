"""Where drafter keeps what it works out once for later processes: compiled templates, compiled regular
expressions, parsed data files. Deleting the folder only costs the next command the work again.

Without pathlib: drafter.rxcache asks before anything else is imported.
"""

from __future__ import annotations

import os
import sys


def cache_dir() -> str:
    """DRAFTER_CACHE_DIR, else the per-user cache folder."""
    chosen = os.environ.get("DRAFTER_CACHE_DIR")
    if chosen:
        return chosen
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(base, "drafter", "cache")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "drafter")
