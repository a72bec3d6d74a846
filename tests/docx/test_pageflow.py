"""Page flow and Word/WPS fidelity read from the XML (no LibreOffice needed; issue 20).

A developer without LibreOffice still notices when the keep properties go missing: headings
keep with the next paragraph, body text has widow/orphan control, and the 署名 is tied to the
date and to the last text above it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from drafter.docx.inspect import Inspector, body_paragraphs, paragraph_text
from drafter.docx.render import build, render_docx
from drafter.docx.verify import verify_docx
from tests.helpers import pageflow as pageflow_corpus
from tests.helpers.samples import MINIMAL


@pytest.fixture
def built(write_facts) -> Path:
    return build(write_facts(MINIMAL + "attachments: [附件甲]\n")).output


def _paragraphs(path: Path) -> tuple[Inspector, list]:
    doc = docx.Document(str(path))
    return Inspector(doc), body_paragraphs(doc)


def test_headings_keep_with_the_next_paragraph(built: Path):
    ins, paras = _paragraphs(built)
    headings = [p for p in paras if ins.paragraph_style_id(p) in ("Heading1", "Heading2", "Heading3", "Heading4")]
    assert len(headings) >= 3
    for p in headings:
        assert ins.has_para_flag(p, "w:keepNext"), paragraph_text(p)


def test_body_text_has_widow_and_orphan_control(built: Path):
    ins, paras = _paragraphs(built)
    body = [p for p in paras if paragraph_text(p).strip() and ins.paragraph_style_id(p) in (None, "Normal")]
    assert body
    for p in body:
        assert ins.has_para_flag(p, "w:widowControl"), paragraph_text(p)


def _chain(path: Path) -> tuple[list[str], list[bool]]:
    ins, paras = _paragraphs(path)
    return [paragraph_text(p) for p in paras], [ins.has_para_flag(p, "w:keepNext") for p in paras]


def test_signature_keeps_with_the_date_and_the_text_above(write_facts):
    texts, kept = _chain(build(write_facts(MINIMAL)).output)
    sig = texts.index("龙泉市科学技术局")
    assert texts[sig + 1] == "2024年1月30日"
    last_text = max(i for i in range(sig) if texts[i].strip())
    assert all(kept[last_text:sig + 1]) and not kept[sig + 1]


def test_a_page_the_layout_tightened_keeps_the_signature_block_on_the_grid(built: Path):
    """MINIMAL with a 附件说明 needs 24 lines: page 1 gets tighter lines above the 附件说明
    (GB/T 9704-2012 7.3.5), it and the signature block keep the grid, and no keepNext ties the
    text (LibreOffice would move the whole last paragraph of such a tie)."""
    texts, kept = _chain(built)
    sig = texts.index("龙泉市科学技术局")
    assert texts[sig - 1] == "" and texts[sig - 2].startswith("附件：") and texts[sig - 3] == ""
    assert all(kept[sig - 3:sig + 1]) and not kept[sig - 4]
    ins, paras = _paragraphs(built)
    pitches = [(ins.spacing(p).line or 0) / 20 for p in paras]
    assert len(set(pitches[:sig - 3])) == 1 and pitches[0] < 579 / 20
    assert pitches[sig - 3:sig + 2] == [579 / 20] * 5


def test_layout_moves_the_last_lines_of_a_full_page_over_to_the_signature(write_facts):
    """MINIMAL with 主送机关, 发文字号 and a 附件说明 ends its text on the last line of page 1: the
    layout gives page 1 looser lines so that the last paragraph and its heading go to page 2."""
    from drafter.docx.layout import block_unit, layout, type_height_twips
    from drafter.docx.pageflow import paginate
    from drafter.factfile.model import load_facts

    blocks = [b for b in layout(load_facts(write_facts(MINIMAL + "to: 某市人民政府\ndoc_number: 龙科〔2024〕2号\nattachments: [附件甲]\n")).facts)
              if b.kind != "imprint"]
    placed = paginate([block_unit(b) for b in blocks], type_height_twips())
    kinds = [b.kind for b in blocks]
    sig, last = kinds.index("signature"), kinds.index("attach") - 2
    assert placed[sig].first_page == placed[last].last_page == placed[kinds.index("date")].last_page == 1
    assert placed[last - 1].first_page == 1 and kinds[last - 1] == "h1"  # the heading went along


@pytest.mark.parametrize("case", pageflow_corpus.corpus(), ids=lambda c: c.name)
def test_every_corpus_case_verifies_clean(case, tmp_path: Path):
    """The build's page flow and verify's reckoning of it agree on the whole stress corpus."""
    out = tmp_path / f"{case.name}.docx"
    out.write_bytes(render_docx(pageflow_corpus.case_facts(case)))
    assert verify_docx(out) == []


def test_automatic_space_between_chinese_and_digits_is_left_on(built: Path):
    """Word then spaces 2024年1月30日 as LibreOffice does (which ignores the switch), and the
    signature geometry, which counts that space (set_width), holds in both (issue 20, obs. 3)."""
    ins, paras = _paragraphs(built)
    date = next(p for p in paras if paragraph_text(p) == "2024年1月30日")
    assert ins.para_value(date, "w:autoSpaceDN") not in ("0", "false", "off")
    assert ins.para_value(date, "w:autoSpaceDE") not in ("0", "false", "off")


def test_title_lines_are_counted_at_the_width_titles_are_broken_at():
    """The pagination counts a title's lines with the same 20-字 line as `break_title` breaks them."""
    from drafter.docx.layout import Block, block_unit
    from drafter.text.titles import TITLE_LINE_CHARS

    assert block_unit(Block("title", "字" * TITLE_LINE_CHARS)).lines == 1
    assert block_unit(Block("title", "字" * (TITLE_LINE_CHARS + 1))).lines == 2
