"""Keep the compiled form of the regular expressions a command uses, so the next process skips compiling them.

Python compiles every regular expression anew in each process: for a whole `drafter build` that is
about a sixth of its time (drafter's text rules, PyYAML's reader and resolver). The regex engine's
compiled code depends only on the pattern, its flags and the interpreter, so this module stores it
(marshal, in the per-user cache folder, under a key over the interpreter's version and the engine's
constants) and, at the start of the next process, puts the patterns straight into `re`'s own cache,
where `re.compile` finds them. It uses the internals of CPython's `re` (its cache and `_sre.compile`):
anything unexpected, a missing or unreadable file included, only means the patterns are compiled
as usual. No other module needs to know: they call `re.compile` as ever.

Builds keep their own file (group "build"): a build uses about 60 patterns, the other commands
hundreds more (import, review, serve), and seeding a pattern costs a few microseconds whether or
not the process then uses it.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import zlib

#: How many patterns the cache file keeps at most (re's own cache holds 512).
MAX_PATTERNS = 400

#: The array type code of the engine's code words (_sre.CODESIZE bytes each; part of the file's name).
_CODE = "I"

_seeded: set[tuple[type, str | bytes, int]] = set()
#: The file group `seed` read, which `save` writes.
_group = "other"


def _path(group: str) -> str | None:
    """The cache file of `group` for this interpreter and regex engine, or None where it cannot be told."""
    try:
        import _sre  # type: ignore[import-not-found]
        from array import array

        if array(_CODE).itemsize != _sre.CODESIZE:
            return None
        stamp = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}-{_sre.MAXREPEAT}-{_sre.MAXGROUPS}"
        from drafter.cachedir import cache_dir

        return os.path.join(cache_dir(), f"regex-{group}-{sys.hexversion:x}-{stamp}.bin")
    except Exception:  # noqa: BLE001 - no cache is always a correct answer
        return None


def seed(group: str = "other") -> None:
    """Put the patterns stored for `group` into `re`'s cache (before the modules that compile them are imported)."""
    global _group
    _group = group
    cache = getattr(re, "_cache", None)
    path = _path(group)
    if not isinstance(cache, dict) or path is None or sys.implementation.name != "cpython":
        return
    try:
        with open(path, "rb") as file:
            stored = file.read()
        if int.from_bytes(stored[:4], "big") != zlib.crc32(stored[4:]):
            return  # damaged: the next save writes it anew
        import _sre
        from array import array

        compiled = {}
        for pattern, key_flags, flags, code, groups, groupindex, indexgroup in marshal.loads(stored[4:]):  # noqa: S302
            compiled[type(pattern), pattern, key_flags] = _sre.compile(
                pattern, flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - an absent, old or damaged file: compile as usual
        return
    for key, value in compiled.items():
        if key not in cache:
            cache[key] = value
            _seeded.add(key)


def save() -> None:
    """Store the patterns this process compiled that the file `seed` read did not have (at most MAX_PATTERNS).

    Called when a command is done; costs compiling those patterns once more, so only when some were new.
    """
    cache = getattr(re, "_cache", None)
    path = _path(_group)
    if not isinstance(cache, dict) or path is None or sys.implementation.name != "cpython":
        return
    keys = [key for key in list(cache) if isinstance(key, tuple) and len(key) == 3]
    if all(key in _seeded for key in keys) or len(_seeded) >= MAX_PATTERNS:
        return
    try:
        from array import array
        from pathlib import Path
        from re import _compiler, _parser  # type: ignore[attr-defined]

        from drafter.fsutil import write_cache_file

        entries = []
        for _, pattern, key_flags in keys[-MAX_PATTERNS:]:  # the most recently compiled, as re's cache keeps
            parsed = _parser.parse(pattern, key_flags)
            code = _compiler._code(parsed, key_flags)
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for name, index in groupindex.items():
                indexgroup[index] = name
            code_bytes = array(_CODE, code).tobytes()  # bytes: a marshalled list of ints loads slowly
            entries.append((pattern, key_flags, key_flags | parsed.state.flags, code_bytes,
                            parsed.state.groups - 1, groupindex, tuple(indexgroup)))
        payload = marshal.dumps(entries)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_cache_file(Path(path), zlib.crc32(payload).to_bytes(4, "big") + payload)
    except Exception:  # noqa: BLE001 - an unwritable cache only costs the next process the compiling
        return
