"""The Jinja environments DOCX templates are rendered in: compiled once, strict, autoescaped.

A template given with ``--template`` comes from outside, so it is rendered in a sandbox: it
must not reach Python internals (``''.__class__.__mro__``, ``facts.__init__.__globals__``),
change the facts, read files, nor exhaust memory (``'x' * 10**10``). The template shipped in
templates/ is ours and skips the sandbox's per-attribute checks (a third of a render).

Each environment is shared by every render in a process, so watch mode and batches compile
the template's XML once instead of on every build.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from functools import cache
from typing import Any

from jinja2 import DictLoader, Environment, StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

#: Upper bound on a string or list built by `*` in a template, and on an exponent.
MAX_REPEAT = 1_000_000
MAX_EXPONENT = 100
#: Compiled templates kept (one template DOCX has a body, headers, footers and properties).
_CACHE_SIZE = 64


class _CompileOnce(Environment):
    """from_string() that compiles each source once per process (docxtpl calls it for every part on every render)."""

    _compiled: OrderedDict[str, Template]

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:  # noqa: A002
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        cached = self._compiled.get(source)
        if cached is None:
            cached = super().from_string(source)
            self._compiled[source] = cached
            if len(self._compiled) > _CACHE_SIZE:
                self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(source)
        return cached


class TrustedEnvironment(_CompileOnce, Environment):
    """For the template shipped with drafter: StrictUndefined + autoescape, no file access."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, loader=DictLoader({}))
        self._compiled = OrderedDict()


class SandboxEnvironment(_CompileOnce, ImmutableSandboxedEnvironment):
    """For a user's template: immutable sandbox, no file access, bounded `*` and `**`.

    Immutable: a template cannot change the facts or the blocks it is given (no `.append`).
    The empty loader turns `{% include %}` / `{% import %}` into a TemplateNotFound error.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, loader=DictLoader({}))
        self._compiled = OrderedDict()

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise SecurityError(f"重复次数过大（{len(seq)} × {times}）")
            return operator.mul(left, right)
        if op == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"指数过大（{right}）")
            return operator.pow(left, right)
        return super().call_binop(context, op, left, right)


@cache
def environment(*, sandboxed: bool) -> Environment:
    """The process-wide environment (its compile cache is what makes rebuilds cheap)."""
    return SandboxEnvironment() if sandboxed else TrustedEnvironment()
