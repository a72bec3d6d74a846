"""Write docs/模板示例.docx: the built-in template plus a header that uses the template variables.

The README's `--template` section points at it; tests/e2e/test_readme.py builds with it and checks
that it is what this script writes. Run after `make template`: python -m scripts.example_template
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from drafter.resources import template_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "模板示例.docx"
#: Odd and even pages (the template sets evenAndOddHeaders); the first page has no header of its own.
HEADER = "{{ facts.agency.name }}　{{ facts.year }}年度法治政府建设情况报告"


def make(dest: Path = EXAMPLE) -> Path:
    document = docx.Document(str(template_path("report.docx")))
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.text = HEADER
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(dest))
    return dest


if __name__ == "__main__":
    print(make())
