"""The Jinja environments DOCX templates are rendered in: compiled once, strict, autoescaped.

A template given with ``--template`` comes from outside, so it is rendered in a sandbox:

- it sees plain data only (dicts, lists, strings, numbers built for it by `plain_context`),
  never the model objects: no method of ours can be reached (``facts.parse_file(...)``);
- on that data only a whitelist of harmless methods (``strip``, ``split``, ``get``, …), filters
  and tests is available, and no global but ``range`` and ``dict``;
- `*`, `**`, `%` and `+` refuse results beyond a size, ``range`` has a budget of elements per
  render, and `RenderGuard` stops a render that runs too long, grows the process too much or
  writes too much output.

The template shipped in templates/ is ours and skips all this (a third of a render).
Each environment is shared by every render in a process, so watch mode and batches compile
the template's XML once instead of on every build.
"""

from __future__ import annotations

import ctypes
import operator
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sized
from functools import cache
from types import TracebackType
from typing import Any, Literal

from jinja2 import DictLoader, Environment, StrictUndefined, Template, Undefined
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from drafter.records import Record
from drafter.text.numerals import small_int

#: Upper bound on a string or list built by `*` or `+` in a template, and on an exponent.
MAX_REPEAT = 1_000_000
MAX_EXPONENT = 100
#: Widest field a `%` format may ask for ("%999999999d" would allocate a gigabyte).
MAX_FORMAT_WIDTH = 1000
#: Elements one `range()` may produce (as Jinja's own sandbox), and all `range()` calls of one render may produce together (nested loops multiply).
MAX_RANGE = 100_000
MAX_RANGE_TOTAL = 1_000_000
#: Limits of one render of a user's template (the shipped template takes ~12 ms and ~1 MB).
MAX_RENDER_SECONDS = 10.0
MAX_OUTPUT_CHARS = 16 * 1024 * 1024
MAX_MEMORY_GROWTH = 512 * 1024 * 1024
#: How often the guard looks at the clock and the process size.
_POLL_SECONDS = 0.02
#: Compiled templates kept (one template DOCX has a body, headers, footers and properties).
_CACHE_SIZE = 64

#: Filters and tests a user's template may use: none allocates by an argument (center, indent,
#: format, wordwrap, batch), bypasses escaping (safe), reaches attributes by name (attr) or is random.
SAFE_FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float", "forceescape",
    "groupby", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
    "rejectattr", "replace", "reverse", "round", "select", "selectattr", "sort", "string", "striptags", "sum",
    "title", "trim", "truncate", "unique", "upper", "wordcount",
})
SAFE_TESTS = frozenset({
    "!=", "<", "<=", "==", ">", ">=", "boolean", "defined", "divisibleby", "eq", "equalto", "escaped", "even",
    "false", "float", "ge", "greaterthan", "gt", "in", "integer", "iterable", "le", "lessthan", "lower", "lt",
    "mapping", "ne", "none", "number", "odd", "sameas", "sequence", "string", "true", "undefined", "upper",
})
#: Methods of the plain data a template may call (none of them allocates by an argument).
_SAFE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset({"strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith",
                    "lower", "upper", "title", "capitalize", "find", "rfind", "count", "isdigit",
                    "isspace", "isalpha", "isalnum", "partition", "rpartition", "removeprefix", "removesuffix"}),
    dict: frozenset({"items", "keys", "values", "get"}),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
}
_PLAIN_SCALARS = (str, int, float, bool, type(None))
_FORMAT_FIELD = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TemplateLimitError(SecurityError):
    """A user's template went past a render limit; the message is Chinese and names the limit."""


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


# --- plain data for a user's template ----------------------------------------------------------------


def plain(value: Any) -> Any:
    """`value` as dicts, lists, strings and numbers only (pydantic models, records, dates converted)."""
    if isinstance(value, _PLAIN_SCALARS):
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return plain(dump(mode="json"))
    if isinstance(value, Record):  # layout's blocks
        return plain({name: getattr(value, name) for name in value.__slots__})
    return str(value)


def plain_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The render context of a user's template: every value converted by `plain`."""
    return {name: plain(value) for name, value in context.items()}


# --- the guard: time, process size, output ---------------------------------------------------------------


def _resident_bytes() -> int | None:
    """The process's resident size now (Linux), or None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _page_size()
    except (OSError, ValueError, IndexError):
        return None


@cache
def _page_size() -> int:
    import os

    try:
        return os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 4096


class _Stop(BaseException):
    """Raised into the rendering thread by the guard's watchdog (a BaseException: no template catches it)."""


class RenderGuard:
    """Bounds one render of a user's template in time, process growth and output.

    A watchdog thread looks at the clock and the resident size every few milliseconds and,
    past a limit, raises an exception into the rendering thread (between two Python steps, so
    a loop in the template stops however it is written). Output is counted by the environment's
    `concat`. Leaving the block with the limit passed raises TemplateLimitError.
    """

    _local = threading.local()

    def __init__(self, seconds: float | None = None, growth: int | None = None) -> None:
        self.seconds = MAX_RENDER_SECONDS if seconds is None else seconds
        self.growth = MAX_MEMORY_GROWTH if growth is None else growth
        self.output = 0
        self.range_left = MAX_RANGE_TOTAL
        self.reason = ""
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._fired = False
        self._thread_id = threading.get_ident()

    @classmethod
    def current(cls) -> RenderGuard | None:
        return getattr(cls._local, "guard", None)

    def __enter__(self) -> RenderGuard:
        self._local.guard = self
        self._watchdog = threading.Thread(target=self._watch, name="drafter-render-guard", daemon=True)
        self._watchdog.start()
        return self

    def _watch(self) -> None:
        start = time.monotonic()
        base = _resident_bytes()
        while not self._done.wait(_POLL_SECONDS):
            if time.monotonic() - start > self.seconds:
                self._fire(f"渲染时间超过 {self.seconds:g} 秒")
                return
            now = _resident_bytes()
            if base is not None and now is not None and now - base > self.growth:
                self._fire(f"渲染占用的内存超过 {self.growth // (1024 * 1024)} MB")
                return

    def _fire(self, reason: str) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self.reason = reason
            self._fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), ctypes.py_object(_Stop))

    def fail(self, reason: str) -> None:
        """Stop the render now for `reason` (called from the rendering thread)."""
        self.reason = reason
        raise TemplateLimitError(reason)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
        try:
            with self._lock:
                self._done.set()
                if self._fired:  # the exception may still be pending: take it back before leaving
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)
            self._watchdog.join()
        except _Stop:  # delivered between the render's end and the lock
            pass
        finally:
            self._local.guard = None
        if self._fired or isinstance(exc, _Stop):
            raise TemplateLimitError(self.reason) from None
        return False

    def count_output(self, pieces: Iterable[str]) -> str:
        """Join the rendered pieces, stopping once the output passes MAX_OUTPUT_CHARS."""
        out: list[str] = []
        for piece in pieces:
            self.output += len(piece)
            if self.output > MAX_OUTPUT_CHARS:
                self.fail(f"渲染结果超过 {MAX_OUTPUT_CHARS // (1024 * 1024)} MB 字符")
            out.append(piece)
        return "".join(out)


def _bounded_concat(pieces: Iterable[str]) -> str:
    guard = RenderGuard.current()
    if guard is None:
        total = 0
        out: list[str] = []
        for piece in pieces:
            total += len(piece)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateLimitError(f"渲染结果超过 {MAX_OUTPUT_CHARS // (1024 * 1024)} MB 字符")
            out.append(piece)
        return "".join(out)
    return guard.count_output(pieces)


def _bounded_range(*args: int) -> range:
    """range() whose elements, over all calls of one render, stay within MAX_RANGE_TOTAL."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise OverflowError(f"range() 最多产生 {MAX_RANGE} 个元素，这里要 {len(numbers)} 个")
    guard = RenderGuard.current()
    if guard is None:
        return numbers
    guard.range_left -= len(numbers)
    if guard.range_left < 0:
        guard.fail(f"range() 共产生的元素超过 {MAX_RANGE_TOTAL} 个")
    return numbers


def _check_format(template: str, args: Any) -> None:
    for match in _FORMAT_FIELD.finditer(template):
        for part in match.groups():
            if part == "*":
                raise TemplateLimitError("“%”格式中不允许用“*”指定宽度")
            if part is not None and (small_int(part) or MAX_FORMAT_WIDTH + 1) > MAX_FORMAT_WIDTH:
                shown = part if len(part) <= 12 else f"{len(part)} 位数字"
                raise TemplateLimitError(f"“%”格式的宽度过大（{shown}）")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _bounded_filter(name: str, function: Any) -> Any:
    """`function` refusing a result beyond MAX_OUTPUT_CHARS, and join/replace refusing one before it is built."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _predict(name, args, kwargs)
        result = function(*args, **kwargs)
        size = _size(result)
        if size is not None and size > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(f"过滤器 {name} 的结果过大（{size}）")
        return result

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):  # Jinja reads how to pass the context
        if hasattr(function, attribute):
            setattr(bounded, attribute, getattr(function, attribute))
    return bounded


def _predict(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The size of a join or replace, computed before the one C call that would build it."""
    values = [a for a in args if not _is_jinja_context(a)]
    if name == "replace" and len(values) >= 3:
        text, old, new = (str(v) for v in values[:3])
        count = len(text) + 1 if old == "" else text.count(old)
        if len(text) + count * max(0, len(new) - len(old)) > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(f"replace 的结果过大（{count} 处 × {len(new)}）")
    if name == "join" and values and isinstance(values[0], Sized):
        separator = str(values[1] if len(values) > 1 else kwargs.get("d", ""))
        if len(values[0]) * len(separator) > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(f"join 的结果过大（{len(values[0])} 项 × {len(separator)}）")


def _is_jinja_context(value: Any) -> bool:
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return isinstance(value, (Context, EvalContext)) or isinstance(value, Environment)


class SandboxEnvironment(_CompileOnce, ImmutableSandboxedEnvironment):
    """For a user's template: plain data, whitelisted methods, filters and tests, bounded operators.

    Immutable: a template cannot change the facts or the blocks it is given (no `.append`).
    The empty loader turns `{% include %}` / `{% import %}` into a TemplateNotFound error.
    """

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    concat = staticmethod(_bounded_concat)

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, loader=DictLoader({}))
        self._compiled = OrderedDict()
        self.filters = {name: _bounded_filter(name, DEFAULT_FILTERS[name]) for name in SAFE_FILTERS}
        self.tests = {name: DEFAULT_TESTS[name] for name in SAFE_TESTS}
        self.globals = {"range": _bounded_range, "dict": dict}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, (LoopContext, Macro, Undefined)):
            return True
        if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # groupby's (grouper, list) pairs
            return attr in obj._fields
        for kind, methods in _SAFE_METHODS.items():
            if type(obj) is kind or (kind is str and isinstance(obj, Markup)):
                return attr in methods
        return False  # anything else is not plain data: nothing of it is reachable

    def wrap_str_format(self, value: Any) -> None:
        """No str.format / format_map at all ('{:>999999999}'.format(1) allocates a gigabyte)."""
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`b.text`, `facts.year`, `section.items`: a key of a mapping wins over a method name."""
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        for value in (*args, *kwargs.values()):
            size = _size(value)
            if size is not None and size > MAX_OUTPUT_CHARS:
                raise TemplateLimitError(f"传给函数或宏的内容过大（{size}）")
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise TemplateLimitError(f"重复次数过大（{len(seq)} × {times}）")
            return operator.mul(left, right)
        if op == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise TemplateLimitError(f"指数过大（{right}）")
            return operator.pow(left, right)
        if op == "%":
            if isinstance(left, str):
                _check_format(left, right)
            return operator.mod(left, right)
        if op == "+":
            sizes = (_size(left), _size(right))
            if sizes[0] is not None and sizes[1] is not None and sizes[0] + sizes[1] > MAX_REPEAT:
                raise TemplateLimitError(f"拼接的内容过大（{sizes[0] + sizes[1]}）")
            return operator.add(left, right)
        return super().call_binop(context, op, left, right)


@cache
def environment(*, sandboxed: bool) -> Environment:
    """The process-wide environment (its compile cache is what makes rebuilds cheap)."""
    return SandboxEnvironment() if sandboxed else TrustedEnvironment()
