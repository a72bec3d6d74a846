"""JSON Schema of the fact file, for editors (VS Code YAML extension via yaml-language-server).

pydantic emits draft 2020-12; yaml-language-server validates with draft-07 semantics,
so we rename $defs to definitions and keep to draft-07 keywords.
"""

from __future__ import annotations

import json
from typing import Any

from drafter.factfile.model import Facts

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
#: Keywords newer than draft-07 that must never appear in the shipped schema.
NEWER_KEYWORDS = {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef",
                  "$dynamicAnchor", "dependentRequired", "dependentSchemas", "minContains", "maxContains"}


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


def fact_schema() -> dict[str, Any]:
    schema = _to_draft07(Facts.model_json_schema(mode="validation"))
    return {"$schema": DRAFT_07, **schema}


def schema_text() -> str:
    return json.dumps(fact_schema(), ensure_ascii=False, indent=2) + "\n"
