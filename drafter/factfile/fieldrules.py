"""What to write for each field of the fact file, in one wording for `drafter check` and the editor.

The sentence is derived from the field's JSON Schema as pydantic emits it for the fact model
(type, enum, pattern, bounds, keys of a nested model) and from the example in the field's
description ("如“龙泉市科学技术局”"). `drafter check` words its type and format errors with it
(factfile.model), and the editor schema carries the same sentence as each property's
`errorMessage` (factfile.schema), so the two never say different things.

A missing key and a key the mapping does not know are worded here too. yaml-language-server can
show only a fixed text per schema node, never the key a clerk typed, so these sentences name the
missing key (one node per required key) and, for an unknown key, the key it is one slip away from
(`near_pattern`, the same expression in Python and in the editor) or the keys this level takes;
`drafter check` prints the key itself in its field path.
"""

from __future__ import annotations

import re
from typing import Any

Schema = dict[str, Any]

DATE_RULE = "应为日期，用阿拉伯数字写，例如 2025-02-20 或 2025年2月20日"
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


def _named(key: str, title: str, node: Schema, defs: Schema) -> str:
    """“year”（年度）: a mapping is named by its model's title ("“items”（小标题条目）"), the same
    wherever it is used."""
    ref = without_null(node).get("$ref")
    if isinstance(ref, str):
        title = defs[ref.rsplit("/", 1)[-1]].get("title") or title
    return f"“{key}”（{title}）"


def field_rule(key: str, title: str, node: Schema, defs: Schema) -> str:
    """The whole sentence for a field: "“year”（年度）应为 1990 到 2100 之间的整数，例如 2024"."""
    return _named(key, title, node, defs) + requirement(node, defs)


def missing_rule(key: str, title: str, node: Schema, defs: Schema) -> str:
    """A required key left out: "缺少必填项“year”（年度），应为 1990 到 2100 之间的整数，例如 2024"."""
    return f"缺少必填项{_named(key, title, node, defs)}，{requirement(node, defs)}"


# --- keys a mapping does not know ------------------------------------------------------

_KEY = re.compile(r"[a-z_]+")


def near_pattern(key: str) -> str:
    """The keys one slip away from `key` (a letter left out, added, changed, or two swapped) as a
    regular expression that Python and the editor's ECMAScript (with the u flag) read alike."""
    assert _KEY.fullmatch(key), key  # nothing to escape: letters and "_" only
    forms = [f"{key[:i]}.{key[i:]}" for i in range(len(key) + 1)]  # one letter added
    forms += [f"{key[:i]}.?{key[i + 1:]}" for i in range(len(key))]  # one letter changed or left out
    forms += [key[:i] + key[i + 1] + key[i] + key[i + 2:] for i in range(len(key) - 1)]  # two swapped
    return "^(?:" + "|".join(forms) + ")$"


def model_keys(root: Schema) -> list[str]:
    """Every key of the fact file at any level, in the order the model defines them."""
    defs = root.get("$defs") or root.get("definitions") or {}
    keys: list[str] = []
    for node in [root, *defs.values()]:
        keys += [k for k in node.get("properties", {}) if k not in keys]
    return keys


def misplaced_rule(mapping: Schema, defs: Schema) -> str:
    """A key of another level typed here, mostly a line indented too far or not far enough."""
    return f"这个键不属于这一层，请检查缩进；这一层{keys_rule(mapping, defs)}"


def near_rule(key: str, mapping: Schema, defs: Schema) -> str:
    """A key one slip away from `key` of this mapping."""
    prop = mapping["properties"][key]
    return f"未知的键，是不是{_named(key, resolve(prop, defs).get('title') or key, prop, defs)}？"


def unknown_rule(mapping: Schema, defs: Schema) -> str:
    return f"未知的键；这一层{keys_rule(mapping, defs)}"


def unknown_key_rule(typed: str, mapping: Schema, root: Schema) -> str:
    """The sentence for a key `mapping` does not know; the editor tries the same cases in the same
    order: a key of another level, a key of this one one slip away, anything else."""
    defs = root.get("$defs") or root.get("definitions") or {}
    if typed in model_keys(root):
        return misplaced_rule(mapping, defs)
    near = next((k for k in mapping.get("properties", {}) if re.fullmatch(near_pattern(k), typed)), None)
    return near_rule(near, mapping, defs) if near else unknown_rule(mapping, defs)


# --- the schema at a path of the fact file ---------------------------------------------

def _mapping(node: Schema, defs: Schema) -> Schema:
    """A node resolved, and of a union of a text and a mapping the mapping's branch."""
    current = resolve(node, defs)
    if "properties" not in current:
        mappings = [resolve(b, defs) for b in current.get("anyOf") or current.get("oneOf") or []]
        current = next((m for m in mappings if "properties" in m), current)
    return current


def _walk(root: Schema, path: tuple[str | int, ...]) -> tuple[Schema, str, str] | None:
    """The node of the value at `path`, its key and title (a list item is named by its list's)."""
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
        prop = _mapping(node, defs).get("properties", {}).get(part)
        if prop is None:
            return None
        node, key, title = prop, part, resolve(prop, defs).get("title") or part
    return node, key, title


def rule_at(root: Schema, path: tuple[str | int, ...]) -> str | None:
    """The sentence for the value at `path`."""
    found = _walk(root, path)
    defs = root.get("$defs") or root.get("definitions") or {}
    return field_rule(found[1], found[2], found[0], defs) if found and found[1] else None


def missing_at(root: Schema, path: tuple[str | int, ...]) -> str | None:
    """The sentence for the required key `path[-1]` left out of the mapping at `path[:-1]`."""
    found = _walk(root, path)
    defs = root.get("$defs") or root.get("definitions") or {}
    return missing_rule(found[1], found[2], found[0], defs) if found and found[1] else None


def unknown_at(root: Schema, path: tuple[str | int, ...]) -> str | None:
    """The sentence for the unknown key `path[-1]` of the mapping at `path[:-1]`."""
    found = _walk(root, path[:-1])
    if found is None or not isinstance(path[-1], str):
        return None
    mapping = _mapping(found[0], root.get("$defs") or root.get("definitions") or {})
    return unknown_key_rule(path[-1], mapping, root) if "properties" in mapping else None
