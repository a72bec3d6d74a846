"""JSON Schema of the fact file, for editors (VS Code YAML extension via yaml-language-server).

pydantic emits draft 2020-12; yaml-language-server validates with draft-07 semantics,
so we rename $defs to definitions and keep to draft-07 keywords. On top of pydantic's schema
the editor form
- gives every value an `errorMessage`: the sentence `drafter check` uses for the same field
  (factfile.fieldrules), which yaml-language-server shows instead of its generic English text; the
  checks it would word generically (minimum, minLength, minItems) are written as keywords whose
  failure it words with `errorMessage` (if/then, pattern, contains);
- words a missing or an unknown key as `drafter check` does. The server words both with the
  mapping's one `errorMessage` (an ajv-errors object per keyword is not read: it ends up as the
  message itself), so each required key is its own `allOf` entry with its own sentence, and unknown
  keys are refused by `propertyNames` (which the server checks on the key, with the sentence of the
  branch that fails: a key of another level, a key one slip away, anything else) instead of
  `additionalProperties: false`. The cost: completion no longer fills in a mapping's required keys;
  it offers them with their Chinese documentation;
- keeps the model's rules across fields that draft-07 can say (Section, Imprint carry them) and
  the depth of items: one definition per level, the last refusing further items;
- writes `X | None` as X (leaving a key out is how a fact file says "none"), so a hover shows
  one title and completion never inserts `null`;
- inserts what a clerk would type: last year for `year`, `true` for a switch that is off by
  default, a whole-file skeleton for an empty file (`defaultSnippets`).

`drafter schema --install` keeps a copy at a fixed place per user (`installed_schema_path`), so a
fact file's `$schema` line survives moving the file and works offline.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from drafter.errors import Finding, OutputError
from drafter.factfile.document import SCHEMA_NAME
from drafter.factfile.fieldrules import (
    Schema,
    field_rule,
    misplaced_rule,
    missing_rule,
    model_keys,
    near_pattern,
    near_rule,
    requirement,
    resolve,
    unknown_rule,
    without_null,
)
from drafter.factfile.model import MAX_ITEM_DEPTH, TOO_DEEP, fact_json_schema

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
#: Keywords newer than draft-07 that must never appear in the shipped schema.
NEWER_KEYWORDS = {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef",
                  "$dynamicAnchor", "dependentRequired", "dependentSchemas", "minContains", "maxContains"}
#: Where `installed_schema_path` puts the schema instead of the per-user data folder (tests).
DATA_DIR_ENV = "DRAFTER_DATA_DIR"


def last_year() -> int:
    return dt.date.today().year - 1


#: Keywords a branch of a union may share with another without changing what either means.
_ANNOTATIONS = {"title", "description", "errorMessage", "type"}


class _EditorForm:
    """pydantic's schema made into the editor's (see the module docstring)."""

    def __init__(self, raw: Schema, year: int) -> None:
        self.raw = raw
        self.defs: Schema = raw.get("$defs", {})
        self.year = year
        self.def_messages: dict[str, str] = {}  # a model's sentence, from the key that holds it

    def object(self, node: Schema) -> Schema:
        """A mapping: its values, a sentence per required key, its keys checked one by one."""
        out = {k: v for k, v in node.items() if k not in ("properties", "required", "additionalProperties")}
        titles = {key: resolve(prop, self.defs).get("title") or key for key, prop in node.get("properties", {}).items()}
        out["properties"] = {key: self.value(prop, key, titles[key]) for key, prop in node.get("properties", {}).items()}
        required = [{"required": [key], "errorMessage": missing_rule(key, titles[key], node["properties"][key], self.defs)}
                    for key in node.get("required", [])]
        if required:
            out["allOf"] = [*node.get("allOf", []), *required]
        out["propertyNames"] = self.names(node)
        return out

    def names(self, node: Schema) -> Schema:
        """The keys of a mapping, each unknown one worded as `fieldrules.unknown_key_rule` words it.

        `doNotSuggest` keeps the server from offering a "property" placeholder for these names."""
        known = list(node.get("properties", {}))
        chain: Schema = {"enum": known, "errorMessage": unknown_rule(node, self.defs)}
        for key in reversed(known):
            chain = {"if": {"pattern": near_pattern(key)},
                     "then": {"const": key, "errorMessage": near_rule(key, node, self.defs)}, "else": chain}
        elsewhere = [k for k in model_keys(self.raw) if k not in known]
        chain = {"if": {"enum": elsewhere}, "then": {"enum": known, "errorMessage": misplaced_rule(node, self.defs)},
                 "else": chain}
        return {"doNotSuggest": True, "if": {"enum": known}, "else": chain}

    def merged(self, branches: list[Schema]) -> Schema | None:
        """A union of a text and a list or a mapping as one node of several types. yaml-language-server
        words a mismatch of a union in its own English ("Expected "string | array""), but a mismatch
        of a `type` list with the node's errorMessage; the two mean the same to any validator."""
        out: Schema = {"type": []}
        for branch in branches:
            branch = resolve(branch, self.defs)
            kind = branch.get("type") or ("object" if "properties" in branch else None)
            if not isinstance(kind, str) or kind in out["type"]:
                return None
            out["type"].append(kind)
            for k, v in branch.items():
                if k in _ANNOTATIONS:
                    continue
                if k in out:
                    return None
                out[k] = v
        return out

    def value(self, node: Schema, key: str, title: str) -> Schema:
        """One value's schema, every part that can fail carrying the field's sentence."""
        message = field_rule(key, title, node, self.defs)
        node = without_null(node)
        ref = node.get("$ref")
        if isinstance(ref, str):  # the model's own node says it: its required and unknown keys fail there
            self.def_messages[ref.rsplit("/", 1)[-1]] = message
        for union in ("anyOf", "oneOf"):
            merged = self.merged(node[union]) if union in node else None
            if merged is not None:
                node = {**{k: v for k, v in node.items() if k != union}, **merged}
        out: Schema = {k: v for k, v in node.items()
                       if k not in ("anyOf", "oneOf", "items", "properties", "required", "additionalProperties")}
        if out.get("default") is None or out.get("default") == []:
            out.pop("default", None)
        for union in ("anyOf", "oneOf"):
            if union in node:
                out[union] = [self.branch(b, key, title, message) for b in node[union]]
        if "items" in node:
            out["items"] = self.value(node["items"], key, title)
        if "properties" in node:
            mapping = self.object(node)
            out.update({k: mapping[k] for k in ("properties", "allOf", "propertyNames") if k in mapping})
        if node.get("minItems") == 1:  # `contains` words its failure with errorMessage; minItems does not
            del out["minItems"]
            out["contains"] = {}
        if node.get("minLength") == 1:
            del out["minLength"]
            out["pattern"] = r"\S"
        if "minimum" in node and "maximum" in node:
            low, high = out.pop("minimum"), out.pop("maximum")
            out["if"] = {"type": "integer", "not": {"minimum": low, "maximum": high}}
            out["then"] = {"type": "null", "errorMessage": message}
        if out.get("type") == "boolean" and out.get("default") is False:
            del out["default"]  # who adds a switch that is off by default turns it on
            out["defaultSnippets"] = [{"label": "true", "description": "打开此项", "body": True}]
        if key == "year" and out.get("type") == "integer":
            out["defaultSnippets"] = [{"label": str(self.year), "description": "上一年度", "body": self.year}]
        if key == "kind" and "enum" in out:
            from drafter.factfile.sections import section_kinds

            kinds = section_kinds()
            out["enumDescriptions"] = [kinds[k].label if k in kinds else "" for k in out["enum"]]
        out["errorMessage"] = message
        return out

    def branch(self, node: Schema, key: str, title: str, message: str) -> Schema:
        out = self.value(node, key, title)
        out["errorMessage"] = message  # the whole field's sentence: a branch alone tells half of it
        return out

    def skeleton(self) -> list[Schema]:
        from drafter.factfile.sections import statutory_kinds

        body = {"agency": {"name": ""}, "year": self.year, "sections": [{"kind": k} for k in statutory_kinds()]}
        return [{"label": "事实文件骨架", "description": "机关、年度和法定的各部分，逐项填写", "body": body}]


def _to_draft07(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$defs":
                key = "definitions"
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/$defs/", "#/definitions/")
            out[key] = _to_draft07(value)
        return out
    if isinstance(node, list):
        return [_to_draft07(v) for v in node]
    return node


def fact_schema(year: int | None = None) -> dict[str, Any]:
    """The editor schema; `year` is what completion offers for `year:` (default: last year)."""
    raw = fact_json_schema()
    form = _EditorForm(raw, last_year() if year is None else year)
    schema = form.object(raw)
    schema["errorMessage"] = "事实文件" + requirement(raw, form.defs)
    schema["defaultSnippets"] = form.skeleton()
    defs = {name: form.object(node) for name, node in form.defs.items()}  # walks Item's own items too
    # a model still referred to, with the sentence of the key that holds it (Attachment is inlined)
    schema["$defs"] = _item_levels({name: {**defs[name], "errorMessage": message}
                                    for name, message in form.def_messages.items()})
    return {"$schema": DRAFT_07, **_to_draft07(schema)}


def _item_levels(defs: Schema, name: str = "Item") -> Schema:
    """Items nest items, but only MAX_ITEM_DEPTH deep: a copy of the definition per level, each
    referring to the next, and the last one's `items` refusing any entry (and not offered)."""
    names = [name] + [f"{name}{level}" for level in range(3, MAX_ITEM_DEPTH + 2)]  # level 2 is the model's own
    for upper, lower in zip(names, names[1:], strict=False):
        defs[lower] = copy.deepcopy(defs[name])
        defs[upper]["properties"]["items"]["items"]["$ref"] = f"#/$defs/{lower}"
    deepest = defs[names[-1]]["properties"]["items"]
    deepest["doNotSuggest"] = True
    deepest["if"] = {"type": "array", "minItems": 1}
    deepest["then"] = {"type": "null", "errorMessage": TOO_DEEP}
    return defs


def schema_text(year: int | None = None) -> str:
    return json.dumps(fact_schema(year), ensure_ascii=False, indent=2) + "\n"


# --- the per-user copy and the `$schema` line ---------------------------------------

def installed_schema_path() -> Path:
    """The schema's fixed place for this user: it stays when a fact file moves, and needs no network."""
    if os.environ.get(DATA_DIR_ENV):
        base = Path(os.environ[DATA_DIR_ENV])
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "drafter"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "drafter"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "drafter"
    return base / "schema" / SCHEMA_NAME


def install_schema() -> Path:
    """Write the current schema to `installed_schema_path()` (only when it differs); return the path."""
    from drafter.fsutil import atomic_write_text, explain_os_error

    path = installed_schema_path()
    text = schema_text()
    try:
        current = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current != text:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{path.parent}：无法创建文件夹（{explain_os_error(exc, '创建')}）。") from None
        atomic_write_text(path, text)
    return path


_MODELINE = re.compile(r"#\s*yaml-language-server\s*:\s*\$schema=(\S+)")


def schema_target(reference: str, fact_file: Path) -> Path | None:
    """The local file a `$schema=` reference names (relative to the fact file); None for a web address."""
    parsed = urlparse(reference)
    if parsed.scheme == "file":
        return Path(url2pathname(unquote(parsed.path)))
    if parsed.scheme and len(parsed.scheme) > 1:  # http:, https: (a one-letter scheme is a Windows drive)
        return None
    return fact_file.parent / reference


def dead_schema_line(fact_file: Path, source: str) -> tuple[int, int, int] | None:
    """Where a `$schema` reference (in the comments before the content) names no file: the line
    (1-based) and the columns (0-based) of the reference; None when it names one or there is none."""
    for number, line in enumerate(source.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return None
        match = _MODELINE.search(line)
        if not match:
            continue
        target = schema_target(match.group(1), fact_file)
        if target is None or target.is_file():
            return None
        return number, match.start(1), match.end(1)
    return None


def modeline_findings(fact_file: Path | None, source: str) -> list[Finding]:
    """A warning for a `$schema` line that names no file, saying what --fix writes instead."""
    from drafter.factfile.document import schema_reference

    dead = None if fact_file is None else dead_schema_line(fact_file, source)
    if fact_file is None or dead is None:
        return []
    number, start, end = dead
    reference = source.splitlines()[number - 1][start:end]
    return [Finding(
        f"这一行的 $schema 指向的文件不存在（{reference}），VS Code 等编辑器将不再校验和补全这个文件。"
        f"运行 drafter check --fix 可把它改为：{schema_reference(fact_file, install=False)}",
        str(fact_file), number, start + 1, severity="warning", code="schema-missing")]
