"""`python bench/review_screenshots.py`: the two pictures of `drafter review` in the README.

Builds the folder of tests/review/test_folder.py (tests/helpers/reviewfolder.py: reports from the
examples and broken copies), runs `drafter review --previous --annotate` on it, and renders with
LibreOffice (Calc and Writer must be installed):
- docs/review-summary.png: the first page of 审阅汇总.xlsx as LibreOffice prints it, cropped to the table;
- docs/review-annotated.png: the first page of 行距-审阅.docx as LibreOffice exports it. LibreOffice 7.4
  cannot print comments in the margin (its PDF export marks each with a note icon at its paragraph),
  so the text of each note — read back from the PDF LibreOffice wrote — is drawn in a panel beside
  the page, joined to its icon.
Needs the test extras (msoffcrypto-tool, pdfplumber), Pillow, pdftoppm and a CJK font (fc-match).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.cli import main as drafter_main  # noqa: E402
from drafter.docx.libreoffice import convert, find_soffice  # noqa: E402
from tests.helpers.reviewfolder import build_folder  # noqa: E402

DOCS = ROOT / "docs"
SUMMARY_PNG = DOCS / "review-summary.png"
ANNOTATED_PNG = DOCS / "review-annotated.png"


#: Writer's PDF export with each comment as a note (PDF annotation) at its anchor.
WITH_NOTES = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def to_pdf(source: Path, work: Path, to: str = "pdf") -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("需要 LibreOffice（soffice）")
    folder = work / source.stem.encode("utf-8").hex()[:12]
    folder.mkdir()
    copy = folder / f"input{source.suffix}"  # an ASCII name, alone in its folder (libreoffice.convert)
    shutil.copy(source, copy)
    done = convert(soffice, copy, to, timeout=180, shown_as=source)
    if done.produced is None:
        raise SystemExit(f"LibreOffice 未能转换 {source}：{done.output[-400:]}")
    return done.produced


def render(pdf: Path, dpi: int) -> Any:
    from PIL import Image

    stem = pdf.with_name(f"{pdf.stem}-{dpi}")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def font(size: int) -> Any:
    from PIL import ImageFont

    path = subprocess.run(["fc-match", "Noto Sans CJK SC:style=Regular", "--format=%{file}"],
                          capture_output=True, text=True, check=True).stdout.strip()
    return ImageFont.truetype(path, size)


def summary_picture(xlsx: Path, work: Path) -> None:
    from PIL import ImageOps

    page = render(to_pdf(xlsx, work), 200)
    left, top, right, bottom = ImageOps.invert(page.convert("L")).getbbox() or (0, 0, *page.size)
    page.crop((max(0, left - 12), max(0, top - 12), min(right + 12, left + 1500), bottom + 12)).save(SUMMARY_PNG)


def notes(pdf: Path) -> list[tuple[float, float, str]]:
    """(x, y from the top, text) of each note on the first page, in PDF points."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    out = []
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        for ref in resolve1(page.page_obj.annots) or []:
            annot = resolve1(ref)
            if annot.get("Subtype").name != "Text":
                continue
            x0, y0, _, y1 = annot["Rect"]
            raw = annot["Contents"]
            text = raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
            out.append((float(x0), float(page.height) - float(y1), text))
    return out


def annotated_picture(docx: Path, work: Path) -> None:
    from PIL import Image, ImageDraw

    pdf = to_pdf(docx, work, WITH_NOTES)
    dpi = 110
    page = render(pdf, dpi)
    scale = dpi / 72
    panel = 520
    canvas = Image.new("RGB", (page.width + panel, page.height), "white")
    canvas.paste(page, (0, 0))
    draw = ImageDraw.Draw(canvas)
    body, head = font(17), font(17)
    y_free = 20
    for x, y, text in notes(pdf):
        lines = ["drafter："] + [part for line in text.split("\n") for part in textwrap.wrap(line, 27)]
        height = 12 + 26 * len(lines)
        box_top = max(y_free, int(y * scale) - 10)
        box = (page.width + 16, box_top, page.width + panel - 16, box_top + height)
        draw.rectangle(box, fill="#FFF4C2", outline="#C9A400", width=2)
        for k, line in enumerate(lines):
            draw.text((box[0] + 10, box_top + 6 + 26 * k), line, fill="#333333", font=head if k == 0 else body)
        anchor = (int(x * scale), int(y * scale) + 10)
        draw.line([anchor, (box[0], box_top + 16)], fill="#C9A400", width=2)
        draw.ellipse((anchor[0] - 5, anchor[1] - 5, anchor[0] + 5, anchor[1] + 5), outline="#C9A400", width=2)
        y_free = box[3] + 12
    canvas.save(ANNOTATED_PNG)


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="drafter-review-shots-") as tmp:
        work = Path(tmp)
        folder = build_folder(work / "folder")
        drafter_main(["review", str(folder.received), "-o", str(folder.out), "--previous", str(folder.previous),
                      "--annotate"])
        summary_picture(folder.out / "审阅汇总.xlsx", work)
        annotated_picture(folder.out / "行距-审阅.docx", work)
    print(f"已写入：{SUMMARY_PNG}\n已写入：{ANNOTATED_PNG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
