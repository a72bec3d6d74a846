"""One rule for names (issue 20, observation 7): an attachment name ending in “。” was accepted
by check and build and then rejected by verify of the built file."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from drafter.cli import main
from drafter.docx.inspect import body_paragraphs, paragraph_text
from drafter.docx.render import build
from drafter.docx.verify import verify_docx
from drafter.errors import FactFileError
from drafter.factfile.model import parse_facts
from drafter.importing.readers import text_lines
from drafter.importing.recognise import recognise
from drafter.text.patterns import NAME_END_MARKS
from tests.helpers.samples import MINIMAL


@pytest.mark.parametrize("mark", list(NAME_END_MARKS))
def test_check_and_verify_refuse_the_same_attachment_names(mark, write_facts, tmp_path: Path, capsys):
    bad = write_facts(MINIMAL + f"attachments: ['2023年度行政执法统计表{mark}']\n", name="bad.yaml")
    assert main(["check", str(bad)]) == 1
    assert "名称末尾不加标点符号" in capsys.readouterr().err
    assert main(["build", str(bad)]) == 1
    # verify judges a file typed elsewhere by the same rule
    good = build(write_facts(MINIMAL + "attachments: ['2023年度行政执法统计表']\n")).output
    assert verify_docx(good) == []
    doc = docx.Document(str(good))
    note = next(p for p in body_paragraphs(doc) if paragraph_text(p).startswith("附件："))
    list(note.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))[-1].text += mark
    doc.save(str(good))
    assert [f.message for f in verify_docx(good) if f.code == "attachment-note"] == [
        f"附件名称后不加标点符号（末尾有“{mark}”）"]


@pytest.mark.parametrize("field", ["agency:\n  name: 龙泉市科学技术局。\n", "signature: 龙泉市科技局。\n",
                                   "letterhead:\n  signer: 张三。\n",
                                   "imprint:\n  printer: 龙泉市科学技术局办公室。\n"])
def test_other_names_follow_the_same_rule(field):
    text = MINIMAL.replace("agency:\n  name: 龙泉市科学技术局\n", "") if field.startswith("agency") else MINIMAL
    with pytest.raises(FactFileError) as caught:
        parse_facts(text + field)
    assert [f.message for f in caught.value.findings] == ["名称末尾不加标点符号，请删去“。”（需要的标点由生成时自动加上）"]


def test_an_imported_attachment_name_loses_its_full_stop():
    text = ("龙泉市科学技术局关于2023年度法治政府建设情况的报告\n2023年，我局扎实推进法治政府建设。\n"
            "一、主要举措和成效\n正文。\n附件：2023年度行政执法统计表。\n龙泉市科学技术局\n2024年1月30日\n")
    facts = recognise(text_lines(text), file="报告.txt").facts
    assert facts.attachments == ["2023年度行政执法统计表"]
