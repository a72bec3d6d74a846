"""What to write for each field of the fact file, in one wording for `drafter check` and the editor.

The sentence is derived from the field's JSON Schema as pydantic emits it for the fact model
(type, enum, pattern, bounds, keys of a nested model) and from the example in the field's
description ("如“龙泉市科学技术局”"). `drafter check` words its type and format errors with it
(factfile.model), and the editor schema carries the same sentence as each property's
`errorMessage` (factfile.schema), so the two never say different things.
"""

from __future__ import annotations

import re
from typing import Any

Schema = dict[str, Any]

DATE_RULE = "应为日期，例如 2025-02-20 或 2025年2月20日"
_EXAMPLE = re.compile(r"如\s*(?:“([^”]+)”|(\S+?)(?:[，。；、（]|$))")


def example_of(description: str) -> str | None:
    """The first example a description gives ("如“龙泉市人民政府”" or "如 2024")."""
    match = _EXAMPLE.search(description or "")
    if not match:
        return None
    return match.group(1) or match.group(2)


def without_null(node: Schema) -> Schema:
    """`X | None` as X: leaving a key out is how the fact file says "none"."""
    for key in ("anyOf", "oneOf"):
        branches = node.get(key)
        if isinstance(branches, list):
            kept = [b for b in branches if b.get("type") != "null"]
            if len(kept) == 1 and len(kept) < len(branches):
                rest = {k: v for k, v in node.items() if k not in (key, "default")}
                return {**kept[0], **rest}
    return node


def resolve(node: Schema, defs: Schema) -> Schema:
    """The definition a `$ref` names, with the referring node's own keywords on top."""
    node = without_null(node)
    ref = node.get("$ref")
    if isinstance(ref, str):
        target = defs[ref.rsplit("/", 1)[-1]]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _is_paragraphs(node: Schema) -> bool:
    branches = node.get("anyOf") or []
    return {b.get("type") for b in branches} == {"string", "array"}


def keys_rule(node: Schema, defs: Schema) -> str:
    """The keys a mapping may hold, the required ones marked."""
    required = set(node.get("required", []))
    keys = [f"{key}（{resolve(prop, defs).get('title') or key}{'，必填' if key in required else ''}）"
            for key, prop in node.get("properties", {}).items()]
    return "可写的键：" + "、".join(keys)


def requirement(node: Schema, defs: Schema, example: str | None = None) -> str:
    """What a value of this schema must be, e.g. "应为 1990 到 2100 之间的整数，例如 2024"."""
    node = resolve(node, defs)
    example = example or example_of(node.get("description", ""))
    if _is_paragraphs(node):
        if "每行一段" in node.get("description", ""):
            return "应为文字（多段时写“|”，下一行起每行一段），或每项以“- ”开头的列表"
        return "应为文字，或每项以“- ”开头的列表"
    branches = node.get("anyOf") or node.get("oneOf")
    if branches:
        return "，或".join(requirement(b, defs) for b in branches).replace("，或应为", "，或")
    if "enum" in node:
        return "只能是：" + "、".join(str(v) for v in node["enum"])
    kind = node.get("type")
    if kind == "integer":
        bounds = f" {node['minimum']} 到 {node['maximum']} 之间的" if "minimum" in node and "maximum" in node else ""
        return f"应为{bounds}整数" + (f"，例如 {example}" if example else "")
    if kind == "boolean":
        return "应为 true 或 false"
    if kind == "string" and "pattern" in node:
        return DATE_RULE
    if kind == "string":
        empty = "，不能为空" if node.get("minLength") else ""
        return f"应为文字{empty}" + (f"，例如“{example}”" if example else "")
    if kind == "array":
        least = "，至少一项" if node.get("minItems") else ""
        return f"应为列表，每项以“- ”开头{least}"
    if kind == "object" or "properties" in node:
        return "应为“键: 值”形式的内容，" + keys_rule(node, defs)
    return "取值无效"


def field_rule(key: str, title: str, node: Schema, defs: Schema) -> str:
    """The whole sentence for a field: "“year”（年度）应为 1990 到 2100 之间的整数，例如 2024".

    A mapping is named by its model's title ("“items”（小标题条目）…"), the same wherever it is used.
    """
    ref = without_null(node).get("$ref")
    if isinstance(ref, str):
        title = defs[ref.rsplit("/", 1)[-1]].get("title") or title
    return f"“{key}”（{title}）{requirement(node, defs)}"


def rule_at(root: Schema, path: tuple[str | int, ...]) -> str | None:
    """The sentence for the value at `path` (a list item is named by its list's key and title)."""
    defs = root.get("$defs") or root.get("definitions") or {}
    node: Schema = root
    key = title = ""
    for part in path:
        current = resolve(node, defs)
        if isinstance(part, int):  # a list item, also of a text-or-list field
            lists = [resolve(b, defs) for b in current.get("anyOf") or []] + [current]
            items = next((n["items"] for n in lists if n.get("type") == "array" and isinstance(n.get("items"), dict)), None)
            if items is None:
                return None
            node = items
            continue
        if "properties" not in current:  # a union of a text and a mapping: the mapping's branch
            mappings = [resolve(b, defs) for b in current.get("anyOf") or current.get("oneOf") or []]
            current = next((m for m in mappings if "properties" in m), current)
        prop = current.get("properties", {}).get(part)
        if prop is None:
            return None
        node, key, title = prop, part, resolve(prop, defs).get("title") or part
    return field_rule(key, title, node, defs) if key else None
