"""The page-flow stress corpus rendered with LibreOffice (issue 20).

Every case of tests/helpers/pageflow.py is built, converted in one LibreOffice run and read
back with pdftotext: on no page is a heading the last line, no page holds only the signature
block, the date stays on the 署名's page, and no page but the last (or one before an
attachment or a page holding only the 版记) is more than three lines short of its 22.
"""

from __future__ import annotations

import pytest

from drafter.docx.render import render_docx
from tests.helpers import pageflow as pf
from tests.helpers import pdfmeasure as pm

pytestmark = pytest.mark.render

CASES = pf.corpus()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, list[pm.Page]]:
    pm.require_render_tools()
    pm.require_stand_in_fonts()
    folder = tmp_path_factory.mktemp("pageflow")
    facts = {case.name: pf.case_facts(case) for case in CASES}
    facts.update({name: pf.observed_facts(name) for name in pf.OBSERVED})
    docxs = []
    for name, one in facts.items():
        path = folder / f"{name}.docx"
        path.write_bytes(render_docx(one))
        docxs.append(path)
    pf.convert_many(docxs, folder)
    return {name: pm.read_pdf(folder / f"{name}.pdf") for name in facts}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_no_forbidden_page_break(rendered, case):
    assert pf.page_faults(rendered[case.name]) == []


@pytest.mark.parametrize("name", sorted(pf.OBSERVED))
def test_the_reports_of_observation_2_keep_the_signature_with_text(rendered, name):
    """Issue 20, observation 2: '法治' * 140 left page 4 holding only 署名 and date, * 112
    (with or without a 版记) the date alone on page 4, * 14 page 2 two-thirds empty."""
    assert pf.page_faults(rendered[name]) == []


def test_the_sweep_puts_each_element_on_every_line_of_a_page(monkeypatch):
    """The corpus hits every break position: in the plain flow (no keeps, no widow control,
    no adjusted page) the last heading, the 附件说明, the 署名 and the date each end on every
    one of the 22 lines."""

    from drafter.docx import layout as lay
    from drafter.docx.pageflow import paginate

    monkeypatch.setattr(lay, "keep_signature_with_text", lambda blocks: blocks)
    lines: dict[str, set[int]] = {}
    for case in CASES:
        blocks = [b for b in lay.layout(pf.case_facts(case)) if b.kind != "imprint"]
        units = [lay.block_unit(b).replace(keep_next=False, widow_control=False) for b in blocks]
        placed = paginate(units, lay.type_height_twips())
        for kind in ("h1", "attach", "signature", "date"):
            last = max((i for i, b in enumerate(blocks) if b.kind == kind), default=None)
            if last is not None:
                lines.setdefault(kind, set()).add(round(placed[last].end_twips / (pf.PITCH * 20)))
    assert {kind: sorted(found) for kind, found in lines.items()} == {
        kind: list(range(1, 23)) for kind in ("h1", "attach", "signature", "date")}
