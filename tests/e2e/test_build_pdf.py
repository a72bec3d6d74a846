"""`drafter build --pdf`: a PDF next to the DOCX through LibreOffice, or a clear message without it."""

from __future__ import annotations

import pytest

from drafter.cli import main
from drafter.docx import libreoffice as pdf_module
from tests.helpers import pdfmeasure as pm
from tests.helpers.samples import MINIMAL


def test_without_libreoffice_the_docx_is_kept_and_the_message_says_what_to_install(write_facts, capsys, monkeypatch):
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    facts = write_facts(MINIMAL)
    assert main(["build", str(facts), "--pdf"]) == 3
    captured = capsys.readouterr()
    assert f"已生成：{facts.with_suffix('.docx')}" in captured.out
    assert "未找到 LibreOffice" in captured.err and "安装 LibreOffice" in captured.err
    assert "Traceback" not in captured.err
    assert facts.with_suffix(".docx").exists() and not facts.with_suffix(".pdf").exists()


@pytest.mark.render
def test_pdf_is_written_next_to_the_output(write_facts, tmp_path, capsys):
    pm.require_render_tools()
    pm.require_stand_in_fonts()  # which page the signature lands on depends on the fonts' metrics
    target = tmp_path / "报告.docx"
    assert main(["build", str(write_facts(MINIMAL)), "-o", str(target), "--pdf"]) == 0
    pdf = tmp_path / "报告.pdf"
    assert f"已生成：{pdf}" in capsys.readouterr().out
    pages = pm.read_pdf(pdf)
    assert pages and pm.is_a4(pages[0])
    assert "龙泉市科学技术局" in pages[-1].text


def test_libreoffice_that_cannot_start_is_explained_in_chinese(write_facts, tmp_path, capsys, monkeypatch):
    import subprocess

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pdf_module, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(subprocess, "Popen", refuse)
    assert main(["build", str(write_facts(MINIMAL)), "-o", str(tmp_path / "r.docx"), "--pdf"]) != 0
    err = capsys.readouterr().err
    assert "无法启动 LibreOffice" in err and "没有权限运行" in err and "Permission" not in err
