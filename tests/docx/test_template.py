"""The committed template is exactly what drafter.docx.template makes, and it is sound."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docxtpl import DocxTemplate

from drafter.docx.template import make_template
from tests.helpers.samples import ROOT

TEMPLATE = ROOT / "templates" / "report.docx"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name != "docProps/core.xml"}


def test_committed_template_matches_the_generator(tmp_path: Path):
    fresh = tmp_path / "report.docx"
    make_template(fresh)
    committed, generated = _parts(TEMPLATE), _parts(fresh)
    assert committed.keys() == generated.keys()
    stale = [name for name in committed if committed[name] != generated[name]]
    assert not stale, f"run `make template`: {stale} differ from drafter/docx/template.py"


def test_template_asks_only_for_what_the_build_provides():
    tpl = DocxTemplate(str(TEMPLATE))
    assert tpl.get_undeclared_template_variables() == {"blocks"}


def test_every_block_kind_of_the_layout_has_a_prototype():
    from drafter.docx.layout import layout
    from drafter.factfile.model import parse_facts
    from tests.helpers.samples import MINIMAL

    facts = parse_facts(MINIMAL + "to: 某市人民政府\ndoc_number: 某科〔2024〕1号\nattachments: [甲]\n").facts
    kinds = {b.kind for b in layout(facts)}
    with zipfile.ZipFile(TEMPLATE) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    for kind in kinds - {"body", "blank"}:
        assert f'b.kind == "{kind}"' in body.replace("&quot;", '"'), kind


def test_paragraph_properties_are_in_schema_order():
    """Word refuses a pPr whose children are out of the CT_PPr sequence; the defaults were once written reversed."""
    from lxml import etree

    from drafter.docx.ooxml import _PPR_ORDER

    rank = {tag.removeprefix("w:"): i for i, tag in enumerate(_PPR_ORDER)}
    with zipfile.ZipFile(TEMPLATE) as zf:
        root = etree.fromstring(zf.read("word/styles.xml"))
    ppr_tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr"
    for ppr in root.iter(ppr_tag):
        names = [etree.QName(child).localname for child in ppr]
        assert names == sorted(names, key=lambda name: rank.get(name, len(rank))), names
