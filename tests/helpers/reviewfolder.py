"""A folder of received reports for `drafter review`: reports built from the examples and broken
copies with one planted problem each (tests/review/test_folder.py, bench/review_screenshots.py).

Paragraph numbers are found here independently of drafter, with zipfile + lxml.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from drafter.pipeline import run
from drafter.resources import data_dir

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def example_facts(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((data_dir("examples") / name / "facts.yaml").read_text(encoding="utf-8"))
    return data


def build_docx(data: dict[str, Any], target: Path, work: Path) -> Path:
    facts = work / f"{target.stem}.yaml"
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run(facts, target)
    return target


def paragraph_texts(path: Path) -> list[str]:
    """Body paragraphs (1-based order = list index + 1), read with zipfile + lxml, not with drafter."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(f"{{{W}}}p"):
        if any(a.tag == f"{{{W}}}txbxContent" for a in p.iterancestors()):
            continue
        out.append("".join(t.text or "" for t in p.iter(f"{{{W}}}t")))
    return out


def paragraph_of(path: Path, text: str) -> int:
    hits = [k for k, t in enumerate(paragraph_texts(path), start=1) if text in t]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def _replace_texts(data: Any, old: str, new: str) -> Any:
    if isinstance(data, str):
        return data.replace(old, new)
    if isinstance(data, list):
        return [_replace_texts(v, old, new) for v in data]
    if isinstance(data, dict):
        return {k: _replace_texts(v, old, new) for k, v in data.items()}
    return data


@dataclass(frozen=True)
class Planted:
    file: str
    code: str
    anchor: str | None  # text of the paragraph it must be placed at; None: the whole report


@dataclass
class Folder:
    received: Path
    previous: Path
    out: Path
    planted: list[Planted]
    clean: list[str]
    unreadable: dict[str, str]  # file -> words of the reason
    hashes: dict[str, str]
    exit_code: int = -1  # of the review run on it


def file_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def build_folder(base: Path) -> Folder:
    """收到的报告/ and 上年报告/ under `base`: clean reports and broken copies, each problem listed."""
    received, previous, work = base / "收到的报告", base / "上年报告", base / "work"
    for d in (received, previous, work):
        d.mkdir(parents=True)
    longquan = example_facts("longquan-2023")
    planted: list[Planted] = []

    clean_docx = build_docx(longquan, work / "clean.docx", work)
    build_docx(longquan, previous / "龙泉市科学技术局2023年度报告.docx", work)
    jianghai = example_facts("jianghai-2019")
    jianghai["date"] = "2020-01-20"
    build_docx(jianghai, received / "江海区科技局.docx", work)
    older = example_facts("luohe-2020")  # another text under the same department's name, a year earlier
    older.update(agency=jianghai["agency"], year=2018, date="2019-01-20", doc_number=None)
    older.pop("title", None)
    older = _replace_texts(older, "漯河市科学技术局", jianghai["agency"]["name"])
    build_docx(older, previous / "江海区科技局2018.docx", work)
    shutil.copy(data_dir("examples") / "longquan-2023" / "facts.yaml", received / "龙泉事实文件.yaml")

    missing = copy.deepcopy(longquan)
    missing["sections"] = [s for s in missing["sections"] if s.get("kind") != "problems"]
    build_docx(missing, received / "缺少部分.docx", work)
    planted.append(Planted("缺少部分.docx", "missing-part", None))

    wrong_year = _replace_texts(longquan, "全局干部均通过2023年度", "全局干部均通过2025年度")
    build_docx(wrong_year, received / "年份错误.docx", work)
    planted.append(Planted("年份错误.docx", "year-future", "全局干部均通过2025年度"))

    late = dict(longquan, date="2024-04-20")
    build_docx(late, received / "日期逾期.docx", work)
    planted.append(Planted("日期逾期.docx", "date-late-publish", "2024年4月20日"))

    spacing = build_docx(longquan, received / "行距.docx", work)
    import docx

    document = docx.Document(str(spacing))
    target = next(p for p in document.paragraphs if p.text.startswith("2023年，龙泉市科学技术局坚持"))
    target.paragraph_format.line_spacing = 1.5
    document.save(str(spacing))
    planted.append(Planted("行距.docx", "line-spacing", "2023年，龙泉市科学技术局坚持"))

    copied = _replace_texts(longquan, "2024年", "2025年")
    copied = _replace_texts(copied, "2023年", "2024年")
    for old, new in (("认领省事项19项", "认领省事项23项"), ("行政检查14项", "行政检查17项"),
                     ("行政处罚5项", "行政处罚6项"), ("持证人员4人", "持证人员5人"), ("2次召开", "3次召开")):
        copied = _replace_texts(copied, old, new)
    copied.update(year=2024, date="2025-01-22", doc_number="龙科〔2025〕3号",
                  title="龙泉市科技局关于2024年度法治政府建设工作情况的报告")
    copied["agency"] = {"name": "龙泉市科技局"}  # the short form: matched with last year's full name
    build_docx(copied, received / "照抄上年.docx", work)
    for anchor in ("认领省事项23项", "持证人员5人", "3次召开"):
        planted.append(Planted("照抄上年.docx", "repeat-previous", anchor))
    planted.append(Planted("照抄上年.docx", "repeat-share", None))

    marks = _replace_texts(longquan, "严格落实规范性文件前置审核、公平竞争审查等工作，", "严格落实规范性文件前置审核、公平竞争审查等工作,")
    build_docx(marks, received / "半角标点.docx", work)
    planted.append(Planted("半角标点.docx", "half-width-punct", "公平竞争审查等工作,"))

    (received / "不是文档.docx").write_text("这是一份说明，不是 Word 文档。", encoding="utf-8")
    data = clean_docx.read_bytes()
    (received / "截断.docx").write_bytes(data[: len(data) // 2])
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    with clean_docx.open("rb") as fh, (received / "加密.docx").open("wb") as out:
        OOXMLFile(fh).encrypt("mima2024", out)
    return Folder(received, previous, base / "审阅结果", planted, ["江海区科技局.docx", "龙泉事实文件.yaml"],
                  {"不是文档.docx": "不是有效的 DOCX", "截断.docx": "不是有效的 DOCX", "加密.docx": "密码"},
                  file_hashes(received))
