"""Value classes for the modules a build imports, without `dataclasses`.

A `drafter build` process defines about thirty small classes. `@dataclass` writes and compiles the
source of their methods in every process (about 0.4 ms a class) and imports `inspect`: together some
18 ms of a 65 ms build. These classes write their `__init__` by hand, name their fields in
`__slots__`, and take equality, `repr` and `replace` from here, the way dataclasses behave
(a `Frozen` record is also hashable; none of them enforces immutability at run time).
"""

from __future__ import annotations

from drafter import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any, Self


class Record:
    """Fields are `__slots__` (all of them, in the order of `__init__`); equal when of the same class with
    equal fields, like a dataclass; not hashable, like a mutable dataclass."""

    __slots__: tuple[str, ...] = ()

    def _field_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._field_values() == other._field_values()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({fields})"

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes` (dataclasses.replace); an unknown field name is a TypeError."""
        unknown = set(changes) - set(self.__slots__)
        if unknown:
            raise TypeError(f"{self.__class__.__name__} has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(self.__class__)
        for name in self.__slots__:
            object.__setattr__(copy, name, changes[name] if name in changes else getattr(self, name))
        return copy


class Frozen(Record):
    """A record that is never changed after it is made, so it can be hashed (a frozen dataclass)."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._field_values())


def as_dict(value: Any) -> Any:
    """`value` with every record in it turned into a dict of its fields, recursively (dataclasses.asdict)."""
    if isinstance(value, Record):
        return {name: as_dict(getattr(value, name)) for name in value.__slots__}
    if isinstance(value, list | tuple):
        return type(value)(as_dict(v) for v in value)
    if isinstance(value, dict):
        return {k: as_dict(v) for k, v in value.items()}
    return value
