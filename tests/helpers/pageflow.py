"""The page-flow stress corpus and the page rules it is judged by (test support, not a test module).

A report's page breaks fall wherever the text lengths put them. The corpus sweeps the length
of a paragraph that crosses a page break over a whole page (22 cases a family), so every
later element — a heading, the last lines of the body, the 附件说明, the 署名, the 成文日期
and the 版记 — falls on every line of a page once per family. `page_faults` reads a rendered PDF and names every
break the standard (GB/T 9704-2012 7.3.5) or ordinary typesetting forbids.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.factfile.model import Facts
from tests.helpers import pdfmeasure as pm

PITCH = 579 / 20  # pt: one line of the 22-line grid
LINES_PER_PAGE = 22
SIGNATURE = "某某市科学技术局"
DATE_TEXT = "2025年1月20日"
#: The body text: one character, so a paragraph of n lines is exactly n * 28 - 2 characters.
FILL = "法"


def paragraph(lines: int) -> str:
    """A body paragraph that takes exactly `lines` lines (two-character first-line indent)."""
    return FILL * (lines * 28 - 2)


@dataclass(frozen=True)
class Case:
    family: str
    lead_lines: int

    @property
    def name(self) -> str:
        return f"{self.family}-{self.lead_lines:02d}"


#: Families: what follows the swept opening paragraph, and which end matter they carry.
FAMILIES = ("plain", "notes", "seal")


def corpus() -> list[Case]:
    return [Case(family, n) for family in FAMILIES for n in range(LINES_PER_PAGE)]


def case_facts(case: Case) -> Facts:
    """The fact file of one corpus case.

    Page 1 holds the title, 主送机关, a short preamble and the first section (headings of three
    levels); the swept paragraph of the second section starts on line 16 and crosses the page
    break, so everything after it — the third section's heading and text, the 附件说明, the
    署名, the date, the 附注 and the 版记 — moves down one line per case.
    """
    data: dict[str, Any] = {
        "agency": {"name": SIGNATURE}, "year": 2024, "date": "2025-01-20", "to": "某某市人民政府",
        "preamble": [paragraph(2)],
        "sections": [
            {"kind": "measures", "items": [
                {"heading": "强化组织领导", "text": [paragraph(3)]},
                {"heading": "完善制度体系", "run_in": True, "text": [paragraph(2)],
                 "items": [{"heading": "规范决策程序", "text": [paragraph(1)]}]},
            ]},
            {"kind": "problems", "text": [paragraph(8 + case.lead_lines)]},
            {"kind": "plans", "text": [paragraph({"plain": 4, "notes": 1, "seal": 2}[case.family])]},
        ],
    }
    if case.family == "notes":
        data["attachments"] = ["某某市科学技术局2024年度行政执法统计表", "某某市科学技术局2024年度规范性文件目录"]
        data["imprint"] = {"cc": ["市司法局"], "printer": "某某市科学技术局办公室", "date": "2025-01-21"}
    if case.family == "seal":
        data["seal"] = True
        data["note"] = "此件公开发布"
        data["closing"] = [paragraph(3)]
        data["attachments"] = [{"title": "某某市科学技术局2024年度法治政府建设重点任务完成情况",
                                "text": [paragraph(4)]}]
        data["imprint"] = {"printer": "某某市科学技术局办公室", "date": "2025-01-21"}
    return Facts.model_validate(data)


def convert_many(docxs: list[Path], outdir: Path, timeout: float = 600) -> None:
    """Convert several DOCX files with one LibreOffice start (PDFs land in `outdir`, same stems).

    drafter's own converter starts LibreOffice once per file (about a second each); the corpus
    has dozens of files, so it is converted in a few batches with the same font map.
    """
    from drafter.docx.libreoffice import find_soffice, fontconfig_file

    soffice = find_soffice()
    assert soffice is not None
    env = dict(os.environ)
    conf = fontconfig_file()
    if conf is not None:
        env["FONTCONFIG_FILE"] = str(conf)
    with tempfile.TemporaryDirectory(prefix="pageflow-profile-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
                        "--nologo", "--nodefault", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, docxs)],
                       env=env, capture_output=True, timeout=timeout, check=True, stdin=subprocess.DEVNULL)
    missing = [d.name for d in docxs if not (outdir / (d.stem + ".pdf")).is_file()]
    assert not missing, f"LibreOffice did not convert {missing}"


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．](?!\d)|（\d+）)")
_SIGNATURE_BLOCK = (SIGNATURE, DATE_TEXT, "（此件公开发布）")


def lines_short(page: pm.Page) -> int:
    """How many grid lines are left empty at the bottom of the page's type area."""
    lines = pm.body_lines(page)
    if not lines:
        return LINES_PER_PAGE
    return max(0, int((pm.TYPE_AREA_BOTTOM - lines[-1].y_max) / PITCH + 0.3))


def is_heading_line(text: str, signature: str = SIGNATURE) -> bool:
    """A heading on its own line (a run-in heading's line goes on with body text, so it ends in FILL)."""
    return bool(_HEADING.match(text)) and not text.endswith(FILL) and text != signature


def _attachment_note_lines(lines: list[pm.Line]) -> set[int]:
    """Indexes of the 附件说明 lines: “附件：”, the numbered names and their wrapped lines
    (which start five or more characters in)."""
    found: set[int] = set()
    inside = False
    for index, line in enumerate(lines):
        text = line.text
        indent = (line.x_min - pm.TYPE_AREA_LEFT) / 15.75
        if text.startswith("附件：") or (inside and (re.match(r"^\d+[.．]", text) or indent > 4.5)):
            found.add(index)
            inside = True
        else:
            inside = False
    return found


def page_faults(pages: list[pm.Page], signature: str = SIGNATURE, date: str = DATE_TEXT) -> list[str]:
    """Every forbidden page break of a rendered report, worded for an assertion message.

    A page may be short by three lines (widow/orphan control, a heading kept with its first
    lines), or by the headings it passed on plus two lines when several headings move together."""
    faults: list[str] = []
    imprint = ("抄送", "某某市科学技术局办公室")
    body = [[line for line in pm.body_lines(page) if not line.text.startswith(imprint)] for page in pages]
    texts = [[line.text for line in pm.body_lines(page)] for page in pages]
    for i, (page, lines) in enumerate(zip(pages, texts, strict=True)):
        n = page.number
        content = [line.text for line in body[i]]
        if content and is_heading_line(content[-1], signature):
            faults.append(f"page {n} ends with the heading {content[-1]!r}")
        notes = _attachment_note_lines(body[i])
        rest = [t for j, t in enumerate(content) if j not in notes]
        if content and all(t in (signature, date, "（此件公开发布）") for t in rest):
            faults.append(f"page {n} holds only the signature block {content}")
        if date in lines and signature not in lines:
            faults.append(f"page {n}: the date is not on the 署名's page")
        last = i == len(pages) - 1
        following = texts[i + 1] if not last else []
        before_attachment = bool(following) and re.fullmatch(r"附件\d*", following[0]) is not None
        before_imprint_page = bool(following) and all(t.startswith(imprint) for t in following)
        headings = next((k for k, t in enumerate(following) if not is_heading_line(t, signature)), 0)
        short = lines_short(page)
        if not (last or before_attachment or before_imprint_page) and short > max(3, headings + 2):
            faults.append(f"page {n} is {short} lines short of {LINES_PER_PAGE}")
    return faults


#: The reports of issue 20, observation 2: a 12-line preamble and a measures section of two
#: 12-line paragraphs, the second followed by '法治' * n; (n, with a 版记).
OBSERVED = {"obs2-140": (140, False), "obs2-112": (112, False), "obs2-112-imprint": (112, True),
            "obs2-14": (14, False)}


def observed_facts(name: str) -> Facts:
    repeat, imprint = OBSERVED[name]
    twelve = paragraph(12)
    data: dict[str, Any] = {
        "agency": {"name": SIGNATURE}, "year": 2024, "date": "2025-01-20",
        "preamble": [twelve],
        "sections": [{"kind": "measures", "text": [twelve, twelve + "法治" * repeat]}],
    }
    if imprint:
        data["imprint"] = {"cc": ["市司法局"], "printer": "某某市科学技术局办公室", "date": "2025-01-21"}
    return Facts.model_validate(data)
