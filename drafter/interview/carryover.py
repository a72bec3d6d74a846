"""Start next year's fact file from last year's: `drafter new 2025.yaml --from 2024.yaml`.

Agency data stays, the year moves on, and every item of last year's 下一年度主要安排
becomes a pending item of this year's 主要举措和成效 (marked by a comment on its heading),
so the wizard asks, promise by promise, what was done. Yearly facts (文号, 成文日期,
preamble, the other parts) are not carried: they must be written anew.
"""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.errors import CarryOverError
from drafter.factfile.document import FactDocument, paragraphs_value
from drafter.factfile.model import Section, load_facts
from drafter.fsutil import shell_arg
from drafter.interview.drafts import Drafts
from drafter.interview.questions import Spec
from drafter.text.numerals import NUMERAL_CHARS

#: Facts that describe the agency rather than the year (agency itself is always carried).
CARRIED_KEYS = ("to", "signature", "fonts", "bold_headings")
#: Longest heading made from the first clause of a plan written as a paragraph.
HEADING_CHARS = 30
_ENUMERATION = re.compile(rf"^[{NUMERAL_CHARS}]+是[，,]?")
_CLAUSE_END = re.compile(r"[，。；：,;:]")


def heading_from_paragraph(paragraph: str) -> str:
    """'一是以“服务型行政执法示范点”为载体，全面推进……' -> '以“服务型行政执法示范点”为载体'."""
    text = _ENUMERATION.sub("", paragraph.strip())
    head = _CLAUSE_END.split(text, 1)[0].strip()
    return (head or text or paragraph.strip())[:HEADING_CHARS]


def _pending_items(plans: Section | None, marker: str) -> list[CommentedMap]:
    """Last year's plans as pending items; plans written as paragraphs give one item per paragraph.

    `plans` is validated: headings are clean lines, texts clean lists of paragraphs, run_in a bool.
    """
    if plans is None:
        return []
    entries: list[tuple[str, bool | None, list[str]]] = [
        (i.heading, i.run_in if "run_in" in i.model_fields_set else None, i.text) for i in plans.items
    ] or [(heading_from_paragraph(p), None, [p]) for p in plans.text]
    pending = []
    for number, (heading, run_in, text) in enumerate(entries, 1):
        item = CommentedMap()
        item["heading"] = heading
        if run_in is not None:
            item["run_in"] = run_in
        if text:
            item["text"] = paragraphs_value(text)
        item.yaml_add_eol_comment(f"{marker}（上年第{number}条）", "heading")
        pending.append(item)
    return pending


def carry_over(old_path: Path, new_path: Path, spec: Spec) -> FactDocument:
    """Write the new year's starting file and return it, opened for the wizard."""
    old_path, new_path = Path(old_path), Path(new_path)
    if new_path.exists():
        raise CarryOverError(
            f"{new_path} 已经存在，不能再从 {old_path} 结转（以免覆盖已写的内容）。\n"
            f"继续填写请运行：drafter new {shell_arg(new_path)}（不加 --from）；要重新结转，请先把 {new_path} 改名或删除。"
        )
    if old_path.resolve() == new_path.resolve():
        raise CarryOverError("--from 指定的上年文件与新文件是同一个文件。")
    old = load_facts(old_path).facts
    marker = spec.carry.marker if spec.carry else ""
    doc = FactDocument(new_path, CommentedMap(), existed=False)
    data = doc.data
    data["agency"] = CommentedMap(old.agency.model_dump(exclude_none=True))
    data["year"] = old.year + 1
    for key in CARRIED_KEYS:
        value = getattr(old, key)
        if key in old.model_fields_set and value is not None:
            data[key] = value
    data.yaml_set_start_comment(
        f"由 {old_path.name}（{old.year}年度）结转：机关信息沿用，年度顺延一年；\n"
        f"上年“下一年度主要安排”的各条已转为本年“主要举措和成效”的待写条目（标题后注有“{marker}”）。"
    )
    pending = _pending_items(next((s for s in old.sections if s.kind == "plans"), None), marker)
    if pending:
        section = doc.add_section("measures")
        section["items"] = CommentedSeq(pending)
    doc.save()
    # last year's preamble, 不足 and 第一责任人 are offered as starting text (never written as this year's)
    by_kind = {s.kind: s for s in old.sections}
    offers = {"preamble/preamble": "\n".join(old.preamble)}
    for kind in ("problems", "leader"):
        if kind in by_kind:
            offers[f"{kind}/text"] = "\n".join(by_kind[kind].text)
    Drafts.beside(new_path).offer(offers)
    return doc
