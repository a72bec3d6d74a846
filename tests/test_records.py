"""drafter.records behaves as the dataclasses it replaced: equality, hash (frozen), repr, replace, as_dict."""

from __future__ import annotations

import pytest

from drafter.records import Frozen, Record, as_dict


class Point(Frozen):
    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int = 0) -> None:
        self.x = x
        self.y = y


class Bag(Record):
    __slots__ = ("name", "items")

    def __init__(self, name: str, items: list[Point] | None = None) -> None:
        self.name = name
        self.items: list[Point] = [] if items is None else items


class OtherPoint(Frozen):
    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int = 0) -> None:
        self.x = x
        self.y = y


def test_records_are_equal_by_class_and_fields():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != OtherPoint(1, 2)  # as dataclasses: another class is never equal
    assert Point(1, 2) != (1, 2)
    assert Bag("a", [Point(1)]) == Bag("a", [Point(1)])


def test_a_frozen_record_hashes_by_its_fields_and_a_mutable_one_not_at_all():
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    with pytest.raises(TypeError):
        hash(Bag("a"))


def test_repr_names_the_class_and_every_field():
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    assert repr(Bag("a")) == "Bag(name='a', items=[])"


def test_replace_copies_with_changes_and_refuses_unknown_fields():
    p = Point(1, 2)
    q = p.replace(y=5)
    assert (q, p) == (Point(1, 5), Point(1, 2)) and type(q) is Point
    with pytest.raises(TypeError, match="z"):
        p.replace(z=1)


def test_no_instance_dict_and_defaults_are_not_shared():
    assert not hasattr(Point(1), "__dict__")
    a, b = Bag("a"), Bag("b")
    a.items.append(Point(1))
    assert b.items == []


def test_as_dict_turns_nested_records_into_dicts():
    assert as_dict(Bag("a", [Point(1, 2)])) == {"name": "a", "items": [{"x": 1, "y": 2}]}
    assert as_dict({"k": (Point(3),)}) == {"k": ({"x": 3, "y": 0},)}
