"""Start next year's fact file from last year's: `drafter new 2025.yaml --from 2024.yaml`.

Agency data stays, the year moves on, and every item of last year's 下一年度主要安排
becomes a pending item of this year's 主要举措和成效 (marked by a comment on its heading),
so the wizard asks, promise by promise, what was done. Yearly facts (文号, 成文日期,
preamble, the other parts) are not carried: they must be written anew.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import EXIT_USAGE, DrafterError
from .factdoc import FactDocument, paragraphs_value, plain
from .facts import load_facts
from .questions import Spec

#: Facts that describe the agency rather than the year.
CARRIED_KEYS = ("agency", "to", "signature", "fonts", "bold_headings")
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]+是[，,]?")
_CLAUSE_END = re.compile(r"[，。；：,;:]")


class CarryOverError(DrafterError):
    exit_code = EXIT_USAGE


def heading_from_paragraph(paragraph: str, limit: int = 30) -> str:
    """'一是以“服务型行政执法示范点”为载体，全面推进……' -> '以“服务型行政执法示范点”为载体'."""
    text = _ENUMERATION.sub("", paragraph.strip())
    head = _CLAUSE_END.split(text, 1)[0].strip()
    return (head or text)[:limit]


def planned_items(plans: dict[str, Any]) -> list[dict[str, Any]]:
    """Last year's plans as items; a plans part written as paragraphs gives one item per paragraph."""
    items = [i for i in plans.get("items") or [] if isinstance(i, dict) and i.get("heading")]
    if items:
        return items
    text = plans.get("text") or []
    paragraphs = text if isinstance(text, list) else [p for p in str(text).split("\n")]
    return [{"heading": heading_from_paragraph(p), "text": p.strip()} for p in paragraphs if p.strip()]


def _pending_item(plan: dict[str, Any], marker: str) -> CommentedMap:
    item = CommentedMap()
    item["heading"] = str(plan["heading"])
    if "run_in" in plan:
        item["run_in"] = bool(plan["run_in"])
    text = plan.get("text")
    paragraphs = text if isinstance(text, list) else [p for p in str(text or "").split("\n")]
    paragraphs = [p.strip() for p in paragraphs if p and p.strip()]
    if paragraphs:
        item["text"] = paragraphs_value(paragraphs)
    item.yaml_add_eol_comment(marker, "heading")
    return item


def carry_over(old_path: Path, new_path: Path, spec: Spec) -> FactDocument:
    """Write the new year's starting file and return it, opened for the wizard."""
    old_path, new_path = Path(old_path), Path(new_path)
    if new_path.exists():
        raise CarryOverError(
            f"{new_path} 已经存在，不能再从 {old_path} 结转（以免覆盖已写的内容）。\n"
            f"继续填写请运行：drafter new {new_path}（不加 --from）；要重新结转，请先把 {new_path} 改名或删除。"
        )
    if old_path.resolve() == new_path.resolve():
        raise CarryOverError("--from 指定的上年文件与新文件是同一个文件。")
    old = plain(load_facts(old_path).raw)
    doc = FactDocument(new_path, CommentedMap(), existed=False)
    data = doc.data
    for key in CARRIED_KEYS:
        if key in old and old[key] is not None:
            value = old[key]
            data[key] = CommentedMap(value) if isinstance(value, dict) else value
        if key == "agency":
            data["year"] = int(old["year"]) + 1
    data.yaml_set_start_comment(
        f"由 {old_path.name}（{old['year']}年度）结转：机关信息沿用，年度顺延一年；\n"
        f"上年“下一年度主要安排”的各条已转为本年“主要举措和成效”的待写条目（标题后注有“{spec.carry.marker if spec.carry else ''}”）。"
    )
    plans = next((s for s in old.get("sections") or [] if isinstance(s, dict) and s.get("kind") == "plans"), None)
    marker = spec.carry.marker if spec.carry else ""
    pending = [_pending_item(p, marker) for p in planned_items(plans or {})]
    if pending:
        section = doc.add_section("measures")
        section["items"] = CommentedSeq(pending)
    doc.save()
    return doc
