"""Write a Facts model as a fact file a person can edit by hand.

Same shape as the curated examples: the schema modeline first (so VS Code checks and
completes the file), keys in the order of the report, every text a block literal with
one paragraph per line, nothing written that only repeats a default. Writing is atomic
and an existing file is first copied to a timestamped backup.
"""

from __future__ import annotations

import io

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from .factdoc import MODELINE_PREFIX, paragraphs_value, round_trip_yaml, schema_reference
from .facts import Facts, Item, Section

__all__ = ["facts_mapping", "facts_yaml", "schema_reference"]

def _text(paragraphs: list[str]) -> LiteralScalarString:
    return paragraphs_value(paragraphs)


def _node(node: Section | Item) -> CommentedMap:
    """A section or an item: its own keys, then its text and its sub-items."""
    out = CommentedMap()
    if isinstance(node, Section):
        for key in ("kind", "heading"):
            if getattr(node, key):
                out[key] = getattr(node, key)
    else:
        out["heading"] = node.heading
        if node.run_in:
            out["run_in"] = True
    if node.text:
        out["text"] = _text(node.text)
    if node.items:
        out["items"] = [_node(child) for child in node.items]
    return out


def facts_mapping(facts: Facts) -> CommentedMap:
    """The fact file's content in report order, leaving out what equals the default."""
    out = CommentedMap()
    agency = CommentedMap(name=facts.agency.name)
    if facts.agency.short:
        agency["short"] = facts.agency.short
    out["agency"] = agency
    out["year"] = facts.year
    if facts.title:
        out["title"] = _text(facts.title.split("\n")) if "\n" in facts.title else facts.title
    for key in ("to", "doc_number", "signature", "date"):
        value = getattr(facts, key)
        if value is not None:
            out[key] = value
    defaults = Facts.model_fields
    for key in ("fonts", "bold_headings"):
        value = getattr(facts, key)
        if value != defaults[key].default:
            out[key] = value
    if facts.preamble:
        out["preamble"] = _text(facts.preamble)
    out["sections"] = [_node(s) for s in facts.sections]
    if facts.closing:
        out["closing"] = _text(facts.closing)
    if facts.attachments:
        out["attachments"] = list(facts.attachments)
    return out


def facts_yaml(facts: Facts, *, schema: str | None = None, comments: list[str] = ()) -> str:
    """YAML text of `facts`: modeline, comment lines, then the mapping."""
    buffer = io.StringIO()
    round_trip_yaml().dump(facts_mapping(facts), buffer)
    head = [f"{MODELINE_PREFIX}{schema}"] if schema else []
    head += [f"# {line}" for line in comments]
    return "\n".join(head + [buffer.getvalue()])
