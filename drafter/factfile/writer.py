"""Write a Facts model as the text of a fact file a person can edit by hand.

Same shape as the curated examples: the schema modeline first (so VS Code checks and
completes the file), keys in the order of the fact model (the order `factfile.document` inserts new
keys in), every text a block literal with one paragraph per line, nothing written that only
repeats a default. The caller writes the text (`importing.recognise` does so atomically, with a backup).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap

from drafter.factfile.document import MODELINE_PREFIX, order_for, paragraphs_value, round_trip_yaml
from drafter.factfile.model import Facts

__all__ = ["facts_mapping", "facts_yaml"]

#: Fields holding paragraphs (a list of strings in the model), written as `|` blocks.
_PARAGRAPHS = {"preamble", "closing", "text"}
#: The factdoc key order of the mappings under these keys.
_NESTED_ORDER = {"agency": "agency", "sections": "section", "items": "item"}


def _mapping(data: dict[str, Any], order: list[str]) -> CommentedMap:
    """`data` in `order` (keys it does not name keep their model order, after the named ones)."""
    out = CommentedMap()
    for key in [*(k for k in order if k in data), *(k for k in data if k not in order)]:
        out[key] = _value(key, data[key])
    return out


def _value(key: str, value: Any) -> Any:
    if key in _PARAGRAPHS and isinstance(value, list):
        return paragraphs_value(value)
    if key == "title" and isinstance(value, str) and "\n" in value:
        return paragraphs_value(value.split("\n"))  # the user's line breaks, kept
    if isinstance(value, dict):
        return _mapping(value, order_for(_NESTED_ORDER[key]) if key in _NESTED_ORDER else [])
    if isinstance(value, list):
        return [_mapping(v, order_for(_NESTED_ORDER[key]) if key in _NESTED_ORDER else []) if isinstance(v, dict)
                else v for v in value]
    return value


def facts_mapping(facts: Facts) -> CommentedMap:
    """The fact file's content in report order, leaving out what equals the default.

    Every field is written (letterhead, seal, note, imprint, attachment pages too): the dump of
    the model, not a list of fields kept by hand. Dates stay dates, so YAML shows 2024-01-30.
    """
    return _mapping(facts.model_dump(exclude_defaults=True, exclude_none=True), order_for(""))


def facts_yaml(facts: Facts, *, schema: str | None = None, comments: Sequence[str] = ()) -> str:
    """YAML text of `factfile.model`: modeline, comment lines, then the mapping."""
    buffer = io.StringIO()
    round_trip_yaml().dump(facts_mapping(facts), buffer)
    head = [f"{MODELINE_PREFIX}{schema}"] if schema else []
    head += [f"# {line}" for line in comments]
    return "\n".join(head + [buffer.getvalue()])
