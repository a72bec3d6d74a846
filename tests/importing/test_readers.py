"""Import from real files: encodings, DOCX (typed, styled and auto-numbered headings), .doc/.wps via
LibreOffice, the five seeds against their curated fact files, round trips through `drafter build`,
the written fact file and the CLI."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from drafter.cli import main
from drafter.docx.render import build
from drafter.errors import InputFileError
from drafter.factfile.document import schema_reference
from drafter.factfile.model import Facts, load_facts, parse_facts
from drafter.factfile.schema import installed_schema_path, schema_text
from drafter.factfile.writer import facts_yaml
from drafter.importing.recognise import import_report, import_to_file
from tests.e2e.test_examples import EXAMPLES, SLUGS
from tests.helpers.pdfmeasure import require_render_tools
from tests.helpers.samples import MINIMAL

#: Where a curated fact file says more than its source text can: judgement calls the importer
#: cannot make, with what the source itself supports. agency.short is a curator's choice in every
#: example (no report text carries it), so it is left out of every comparison.
CURATED_JUDGEMENT = {
    # the text names the agency only as 龙岗区科技创新局 (title and 来源); "深圳市" is from knowledge
    "longgang-2020": {"agency.name": ("深圳市龙岗区科技创新局", "龙岗区科技创新局")},
    # the text names it 区科技局 (title and 来源); the full name appears only inside a document title
    "binhai-2021": {"agency.name": ("天津市滨海新区科学技术局", "区科技局")},
}


def comparable(facts: Facts) -> dict:
    data = facts.model_dump()
    data["agency"]["short"] = None
    return data


def seed_text(slug: str) -> str:
    return (EXAMPLES / slug / "source.txt").read_text("utf-8")


# --- the five seeds reproduce their curated fact files ------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_importing_a_seed_gives_its_curated_facts(slug: str) -> None:
    imported = comparable(import_report(EXAMPLES / slug / "source.txt").facts)
    curated = comparable(load_facts(EXAMPLES / slug / "facts.yaml").facts)
    for field, (curated_value, source_value) in CURATED_JUDGEMENT.get(slug, {}).items():
        group, key = field.split(".")
        assert (curated[group][key], imported[group][key]) == (curated_value, source_value)
        imported[group][key] = curated_value
    assert imported == curated


@pytest.mark.parametrize("slug", SLUGS)
def test_a_built_docx_imports_back_to_the_same_facts(slug: str, tmp_path: Path) -> None:
    out = build(EXAMPLES / slug / "facts.yaml", tmp_path / f"{slug}.docx").output
    result = import_report(out)
    assert comparable(result.facts) == comparable(load_facts(EXAMPLES / slug / "facts.yaml").facts)
    assert result.removed == [] and result.repairs.mark_count == 0


def test_every_fact_of_a_formal_report_survives_build_and_import(write_facts, tmp_path: Path) -> None:
    text = MINIMAL.replace("year: 2023\n", "year: 2023\ntitle: |\n  龙泉市科学技术局\n  关于2023年度法治政府建设情况的报告\n") + (
        "to: 龙泉市人民政府\ndoc_number: 龙科〔2024〕2号\nsignature: 中共龙泉市科学技术局党组\n"
        "closing: 特此报告。\nattachments: [2023年度行政执法统计表, 法律顾问工作情况]\n")
    facts_path = write_facts(text)
    out = build(facts_path, tmp_path / "formal.docx").output
    imported = import_report(out).facts
    original = load_facts(facts_path).facts
    assert imported.title == "龙泉市科学技术局\n关于2023年度法治政府建设情况的报告"  # a chosen line break is kept
    assert comparable(imported) == comparable(original)


# --- encodings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("codec", "named"), [
    ("utf-8", "UTF-8"),
    ("utf-8-sig", "UTF-8（带 BOM）"),
    ("gb18030", "GB18030（GBK/GB2312）"),
    ("utf-16", "UTF-16"),
    ("utf-16-le", "UTF-16 LE（无 BOM）"),  # once guessed to be GBK
    ("utf-16-be", "UTF-16 BE（无 BOM）"),
    ("utf-32", "UTF-32 LE"),  # once read as UTF-16 with a NUL after every character
    ("utf-32-be", "UTF-32 BE（无 BOM）"),
])
def test_text_in_any_common_encoding(codec: str, named: str, tmp_path: Path) -> None:
    source = tmp_path / "2023报告.txt"
    source.write_bytes(seed_text("longquan-2023").encode(codec))
    result = import_report(source)
    assert result.source is not None and result.source.encoding == named
    assert result.facts == import_report(EXAMPLES / "longquan-2023" / "source.txt").facts


def test_gbk_text_from_notepad_with_windows_line_ends(tmp_path: Path) -> None:
    text = seed_text("jianghai-2019").replace("\n", "\r\n")
    source = tmp_path / "jianghai.txt"
    source.write_bytes(text.encode("gbk"))
    result = import_report(source)
    assert result.source is not None and result.source.encoding == "GB18030（GBK/GB2312）"
    assert comparable(result.facts) == comparable(load_facts(EXAMPLES / "jianghai-2019" / "facts.yaml").facts)


@pytest.mark.parametrize("text", ["存在的问题", "一、主要举措和成效", "龙泉市科学技术局"])
def test_short_gbk_text_is_not_taken_for_korean(text: str, tmp_path: Path) -> None:
    from drafter.importing.readers import decode_text

    assert decode_text(text.encode("gbk"), tmp_path / "x.txt") == (text, "GB18030（GBK/GB2312）")


def test_a_file_of_only_nul_bytes_is_refused_for_that_reason(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    source.write_bytes(b"\0" * 2048)
    with pytest.raises(InputFileError, match="文件内容全部是空字节"):
        import_report(source)


def test_a_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "报告.txt"
    source.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputFileError) as info:
        import_report(source)
    assert str(source) in info.value.message


@pytest.mark.parametrize("kind", ["txt", "html", "docx"])
def test_a_report_whose_text_no_fact_file_could_hold_is_refused_by_its_size(kind: str, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Before recognition, which would take minutes on 50 MB, and with the size, never as an alias bomb."""
    from drafter.factfile import source as factsource
    from drafter.inputs import InputTooLarge

    monkeypatch.setattr(factsource, "MAX_BYTES", 20 * 1024)
    paragraph = "认真贯彻落实中央全面依法治国委员会系列会议精神。"  # 72 bytes
    source = tmp_path / f"报告.{kind}"
    if kind == "txt":
        source.write_text((paragraph + "\n") * 400, "utf-8")
    elif kind == "html":
        source.write_text("<html><body>" + f"<p>{paragraph}</p>" * 400 + "</body></html>", "utf-8")
    else:
        document = docx.Document()
        for _ in range(400):
            document.add_paragraph(paragraph)
        document.save(str(source))
    with pytest.raises(InputTooLarge) as info:
        import_report(source)
    assert "报告中的文字有 29 KB，超过事实文件的上限 20 KB" in info.value.message, info.value.message


def test_an_imported_fact_file_over_a_limit_is_a_message_not_a_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text fits but the fact file written from it does not (YAML adds indentation and keys)."""
    from drafter.factfile import source as factsource
    from drafter.factfile import yamlread
    from drafter.importing import recognise
    from drafter.inputs import InputTooLarge

    source = tmp_path / "报告.txt"
    source.write_text(seed_text("longquan-2023"), "utf-8")
    size = len(seed_text("longquan-2023").encode())
    monkeypatch.setattr(factsource, "MAX_BYTES", size + 100)
    monkeypatch.setattr(recognise, "MAX_BYTES", size + 100)
    with pytest.raises(InputTooLarge, match="由它生成的事实文件有 .* KB，超过事实文件的上限"):
        import_to_file(source, tmp_path / "out.yaml")
    monkeypatch.setattr(recognise, "MAX_BYTES", 10 * size)
    monkeypatch.setattr(factsource, "MAX_BYTES", 10 * size)
    monkeypatch.setattr(yamlread, "MAX_NODES", 30)
    with pytest.raises(InputFileError, match="由它生成的事实文件中的值过多"):
        import_to_file(source, tmp_path / "out.yaml")
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize(("name", "words"), [("报告.pdf", "PDF"), ("facts.yaml", "事实文件"), ("无此文件.txt", "找不到")])
def test_inputs_that_cannot_be_imported(name: str, words: str, tmp_path: Path) -> None:
    path = tmp_path / name
    if not name.startswith("无此"):
        path.write_text("x", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        import_report(path)
    assert words in info.value.message and info.value.exit_code == 3


# --- DOCX ----------------------------------------------------------------------------------------------


def seed_docx(slug: str, path: Path) -> Path:
    """A DOCX with one paragraph per line of the seed, the way a clerk pastes a web page into Word."""
    document = docx.Document()
    for line in seed_text(slug).split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))
    return path


def test_docx_of_a_pasted_web_page(tmp_path: Path) -> None:
    path = seed_docx("luohe-2020", tmp_path / "luohe.docx")
    result = import_report(path)
    assert result.source is not None and result.source.kind == "docx"
    assert comparable(result.facts) == comparable(load_facts(EXAMPLES / "luohe-2020" / "facts.yaml").facts)
    assert [r.label for r in result.removed] == ["附件链接", "标题（文末重复）", "翻页链接", "评论计数"]


def test_docx_headings_from_styles_when_the_text_has_no_numbers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某区司法局2024年度法治政府建设情况报告", style="Title")
    document.add_paragraph("2024年，我局扎实推进法治政府建设。")
    document.add_paragraph("主要举措和成效", style="Heading 2")
    document.add_paragraph("加强组织领导", style="Heading 3")
    document.add_paragraph("局党组专题研究4次。")
    document.add_paragraph("存在的问题", style="Heading 2")
    document.add_paragraph("人员不足。")
    path = tmp_path / "styled.docx"
    document.save(str(path))
    facts = import_report(path).facts
    assert facts.title == "某区司法局2024年度法治政府建设情况报告" and facts.year == 2024
    assert [(s.kind, s.heading) for s in facts.sections] == [("measures", "主要举措和成效"), ("problems", "存在的问题")]
    assert facts.sections[0].items[0].heading == "加强组织领导"
    assert facts.sections[0].items[0].text == ["局党组专题研究4次。"]


NUMBERING = f"""<w:numbering {nsdecls('w')}>
  <w:abstractNum w:abstractNumId="7">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="5"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def test_docx_automatic_numbering_is_read_as_the_reader_sees_it(tmp_path: Path) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    title = document.add_paragraph("某区司法局2024年度法治政府建设情况报告")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def numbered(text: str, level: int) -> None:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr>'))

    numbered("主要举措和成效", 0)
    numbered("加强组织领导", 1)
    numbered("健全机制。成立领导小组。", 2)
    numbered("落实责任。签订责任书。", 2)
    numbered("依法履行职能", 1)
    numbered("健全制度。制定办法。", 2)
    numbered("存在的问题和不足", 0)
    document.add_paragraph("人员不足。")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    result = import_report(path)
    measures, problems = result.facts.sections
    assert measures.kind == "measures" and problems.kind == "problems"
    assert [i.heading for i in measures.items] == ["加强组织领导", "依法履行职能"]
    assert [(i.heading, i.text) for i in measures.items[0].items] == [("健全机制", ["成立领导小组。"]),
                                                                     ("落实责任", ["签订责任书。"])]
    assert [i.heading for i in measures.items[1].items] == ["健全制度"]  # level 3 restarts under a new （二）
    assert result.findings == []


def numbered_docx(path: Path, numbering: str, *, ilvl: str = "0", title_jc: str | None = None) -> Path:
    """A report whose first heading is numbered by Word from `text.numerals` (list 5)."""
    document = docx.Document()
    part = document.part.numbering_part.element
    for child in list(part):
        part.remove(child)
    for child in parse_xml(numbering):
        part.append(child)
    title = document.add_paragraph("某区司法局2024年度法治政府建设情况报告")
    if title_jc:
        title._p.get_or_add_pPr().append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{title_jc}"/>'))
    heading = document.add_paragraph("主要举措和成效")
    heading._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="5"/></w:numPr>'))
    document.add_paragraph("局党组专题研究4次。")
    document.save(str(path))
    return path


def one_level(start: str = "1", ilvl: str = "0", fmt: str = "chineseCounting") -> str:
    return (f'<w:numbering {nsdecls("w")}><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="{ilvl}">'
            f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1、"/></w:lvl>'
            '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="7"/></w:num></w:numbering>')


def test_a_chinese_list_starting_at_zero_is_read_not_a_traceback(tmp_path: Path) -> None:
    result = import_report(numbered_docx(tmp_path / "zero.docx", one_level(start="0")))
    assert "0、主要举措和成效" in result.facts.preamble  # Word starts the list at 0: not a heading


@pytest.mark.parametrize(("numbering", "ilvl"), [
    (one_level(start="x"), "0"), (one_level(ilvl="x"), "0"), (one_level(), "a"), (one_level(start=""), "")])
def test_malformed_numbering_attributes_count_as_missing(numbering: str, ilvl: str, tmp_path: Path) -> None:
    facts = import_report(numbered_docx(tmp_path / "bad.docx", numbering, ilvl=ilvl)).facts
    assert [(s.kind, s.heading) for s in facts.sections] == [("measures", "主要举措和成效")]


@pytest.mark.parametrize("jc", ["start", "end", "both", "distribute", "bogus"])
def test_alignment_values_python_docx_cannot_name_are_read(jc: str, tmp_path: Path) -> None:
    facts = import_report(numbered_docx(tmp_path / "jc.docx", one_level(), title_jc=jc)).facts
    assert facts.title == "某区司法局2024年度法治政府建设情况报告" and facts.sections[0].kind == "measures"


def test_docx_tables_are_read_cell_by_cell(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某局2024年度法治政府建设情况报告")
    document.add_paragraph("一、主要举措和成效")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "办理复议案件"
    table.cell(0, 1).text = "3件"
    path = tmp_path / "table.docx"
    document.save(str(path))
    assert import_report(path).facts.sections[0].text == ["办理复议案件", "3件"]


def test_a_broken_docx_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "坏.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputFileError) as info:
        import_report(path)
    assert "坏.docx" in info.value.message
    assert "不是有效的 DOCX 文档" in info.value.message and "BadZipFile" not in info.value.message


def test_a_docx_with_damaged_xml_is_refused_in_chinese(tmp_path: Path) -> None:
    import zipfile

    good = seed_docx("luohe-2020", tmp_path / "好.docx")
    path = tmp_path / "坏.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else src.read(item))
    with pytest.raises(InputFileError) as info:
        import_report(path)
    message = info.value.message
    assert message.startswith(f"{path}：DOCX 文档已损坏") and "另存为 .docx" in message
    assert not re.search(r"[A-Za-z]+(Error|Exception)", message)


def test_the_source_file_is_opened_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    opened = []
    real = os.open

    def counting(name, *args, **kwargs):  # every input is opened by drafter.inputs through os.open
        opened.append(Path(name).name) if Path(name).parent == tmp_path else None
        return real(name, *args, **kwargs)

    monkeypatch.setattr("drafter.inputs.os.open", counting)
    text = tmp_path / "报告.txt"
    text.write_text(seed_text("longquan-2023"), encoding="utf-8")
    docx_path = seed_docx("longquan-2023", tmp_path / "报告.docx")
    opened.clear()
    from_text = import_report(text)
    from_docx = import_report(docx_path)
    assert opened == ["报告.txt", "报告.docx"]
    # read once, and read whole: both give the report's facts
    for result in (from_text, from_docx):
        assert result.facts.agency.name == "龙泉市科学技术局" and result.facts.doc_number == "龙科〔2024〕2号"
        assert len(result.facts.sections) == 4


# --- old Word / WPS through LibreOffice ---------------------------------------------------------------------


def to_doc(source: Path, outdir: Path) -> Path:
    """Save `source` as a Word 97-2003 .doc with LibreOffice (what an old office PC produces)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice
    outdir.mkdir(exist_ok=True)
    profile = outdir / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "doc",
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=180)
    return outdir / f"{source.stem}.doc"


@pytest.mark.render
def test_doc_and_wps_files_are_converted_through_libreoffice(tmp_path: Path) -> None:
    require_render_tools("soffice")
    doc = to_doc(seed_docx("longquan-2023", tmp_path / "longquan.docx"), tmp_path)
    expected = comparable(load_facts(EXAMPLES / "longquan-2023" / "facts.yaml").facts)
    result = import_report(doc)
    assert result.source is not None and result.source.kind == "converted" and comparable(result.facts) == expected
    wps = tmp_path / "龙泉 2023.wps"  # WPS Office writes the same binary format under its own suffix
    shutil.copyfile(doc, wps)
    assert comparable(import_report(wps).facts) == expected


def test_doc_without_libreoffice_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr("drafter.docx.libreoffice.find_soffice", lambda: None)
    path = tmp_path / "2023报告.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert main(["import", str(path)]) == 3
    err = capsys.readouterr().err
    assert "LibreOffice" in err and "另存为" in err and "2023报告.doc" in err
    assert not (tmp_path / "2023报告.yaml").exists()


# --- the written fact file ----------------------------------------------------------------------------------


def test_written_fact_file_is_hand_editable_and_loads_back(tmp_path: Path) -> None:
    outcome = import_to_file(EXAMPLES / "luohe-2020" / "source.txt", tmp_path / "2020.yaml")
    text = outcome.output.read_text("utf-8")
    schema = installed_schema_path()  # the per-user copy: the line stays valid when the file moves
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={schema.as_uri()}"
    assert schema.read_text("utf-8") == schema_text()
    assert "preamble: |\n  今年以来，市科技局" in text
    assert "        text: |\n" in text and "closing: |\n  总之，" in text
    assert "\n          - heading: 领导高度重视\n            run_in: true\n            text: |\n" in text
    assert "fonts:" not in text and "bold_headings:" not in text and "short:" not in text
    assert load_facts(outcome.output).facts == outcome.result.facts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020.yaml"]  # no temporary file left behind


def test_schema_reference_is_relative_inside_the_project() -> None:
    assert schema_reference(EXAMPLES / "new-2024" / "facts.yaml") == "../../schema/facts.schema.json"


def test_an_existing_fact_file_is_backed_up_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "2023.yaml"
    target.write_text("# 我手工改过的文件\n", encoding="utf-8")
    outcome = import_to_file(EXAMPLES / "longquan-2023" / "source.txt", target)
    assert outcome.backup is not None and outcome.backup.read_text("utf-8") == "# 我手工改过的文件\n"
    assert load_facts(target).facts.doc_number == "龙科〔2024〕2号"


def test_yaml_text_keeps_values_that_look_like_other_types_as_text() -> None:
    facts = parse_facts(MINIMAL).facts.model_copy(update={"to": "2024", "closing": ["yes"]})
    assert parse_facts(facts_yaml(facts)).facts == facts


def test_every_field_of_the_model_is_written_and_read_back() -> None:
    facts = parse_facts(MINIMAL).facts.model_copy(update={
        "title": "龙泉市科学技术局\n关于2023年度法治政府建设情况的报告", "doc_number": "龙科〔2024〕2号",
        "fonts": "windows", "bold_headings": True, "closing": ["特此报告。"],
    })
    extra = parse_facts(
        "agency: {name: 某局}\nyear: 2023\ndoc_number: 龙科〔2024〕2号\nsections: [{kind: measures, text: 正文。}]\n"
        "attachments: [2023年度行政执法统计表, {title: 法律顾问工作情况, text: \"第一段。\\n第二段。\"}]\n"
        "letterhead: {name: 龙泉市科学技术局文件, signer: 张三}\nseal: true\nnote: 此件公开发布\n"
        "imprint: {cc: [市司法局], printer: 龙泉市科学技术局办公室, date: 2024-01-31}\n").facts
    facts = facts.model_copy(update={k: getattr(extra, k) for k in ("attachments", "letterhead", "seal", "note",
                                                                   "imprint")})
    text = facts_yaml(facts)
    assert parse_facts(text).facts == facts
    assert "date: 2024-01-30\n" in text and "  date: 2024-01-31\n" in text  # dates, not quoted strings
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == ["agency", "year", "title", "doc_number", "date", "fonts", "bold_headings", "preamble", "sections",
                    "closing", "attachments", "letterhead", "seal", "note", "imprint"]
    assert "    text: |\n      第一段。\n      第二段。\n" in text


# --- the command line ----------------------------------------------------------------------------------


@pytest.mark.parametrize("paragraph", [
    "我局制定了《办法》(试行),",
    "工作依照法(a)(b)",
    "活动于( 12月4日 )举行。",
    "依据江法治办[2020]23号文件 ,开展 培训。",
    "情况如下:一是; 二是?三是!",
])
def test_a_freshly_imported_file_passes_the_punctuation_check(paragraph: str, tmp_path: Path) -> None:
    from drafter.review.checks import check_file
    from drafter.text.rules import FIXABLE_CODES

    source = tmp_path / "报告.txt"
    source.write_text("某区司法局关于2023年度法治政府建设情况的报告\n2023年，我局扎实推进法治政府建设。\n"
                      f"一、主要举措和成效\n{paragraph}\n", encoding="utf-8")
    target = import_to_file(source).output
    _, findings = check_file(target)
    assert [f.message for f in findings if f.code in FIXABLE_CODES] == []


def test_cli_import_reports_removed_lines_repairs_and_warnings(tmp_path: Path, capsys) -> None:
    source = tmp_path / "2021报告.txt"
    source.write_text(seed_text("binhai-2021").replace("二、强化法治建设领导", "三、强化法治建设领导"), encoding="utf-8")
    assert main(["import", str(source)]) == 0
    out = capsys.readouterr().out
    assert "已读取：" in out and "文本，编码 UTF-8" in out
    assert "删去了 8 行不属于报告正文的内容（加 --keep-all 可保留）：" in out
    assert "  第 1 行［栏目路径］当前位置: 首页> 政务公开> 最新文件" in out
    assert "  第 59 行［文末链接］重点链接" in out
    assert "半角标点改为全角 208 处" in out and "删去夹在中文里的多余空格 2 处" in out
    assert f"{source}:16: 警告: 编号“三、”与位置不符（这是同级第 2 个），生成时按位置编为“二、”" in out
    target = tmp_path / "2021报告.yaml"
    assert f"已写入：{target}" in out and f"drafter build {target}" in out
    assert load_facts(target).facts.sections[1].kind == "leader"


def test_cli_keep_all(tmp_path: Path, capsys) -> None:
    target = tmp_path / "out.yaml"
    assert main(["import", str(EXAMPLES / "longgang-2020" / "source.txt"), "-o", str(target), "--keep-all"]) == 0
    out = capsys.readouterr().out
    assert "删去了" not in out and "按 --keep-all 保留了 2 行网页附属内容，作为普通段落导入" in out
    facts = load_facts(target).facts
    assert facts.preamble[0].startswith("发布时间: 2020年12月17日")
    assert facts.closing == ["扫一扫在手机打开当前页"]


def test_cli_refuses_to_write_over_its_source(tmp_path: Path, capsys) -> None:
    source = tmp_path / "报告.yaml.txt"
    shutil.copyfile(EXAMPLES / "jianghai-2019" / "source.txt", source)
    assert main(["import", str(source), "-o", str(source)]) == 3
    assert "不能与要导入的报告是同一个文件" in capsys.readouterr().err
    assert source.read_bytes() == (EXAMPLES / "jianghai-2019" / "source.txt").read_bytes()


def test_cli_import_of_a_fact_file_says_it_needs_no_import(tmp_path: Path, capsys) -> None:
    facts = tmp_path / "2023.yaml"
    facts.write_text(MINIMAL, encoding="utf-8")
    assert main(["import", str(facts)]) == 3
    err = capsys.readouterr().err
    assert "这已经是事实文件（YAML），不需要导入" in err and "同一个文件" not in err
    assert facts.read_text("utf-8") == MINIMAL


def test_cli_import_into_a_folder_asks_for_a_file_name(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "事实文件"
    folder.mkdir()
    source = tmp_path / "龙泉2023.txt"
    shutil.copyfile(EXAMPLES / "longquan-2023" / "source.txt", source)
    assert main(["import", str(source), "-o", str(folder)]) == 3
    err = capsys.readouterr().err
    assert f"{folder}：这是一个文件夹" in err and str(folder / "龙泉2023.yaml") in err and ".bak" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["事实文件", "龙泉2023.txt"] and not any(folder.iterdir())


def test_reserved_template_markers_in_a_report_are_split_and_reported(tmp_path: Path, capsys) -> None:
    source = tmp_path / "报告.txt"
    source.write_text("某区司法局关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n"
                      "模板写法{_{x}_}与{_%y%_}。\n", encoding="utf-8")
    assert main(["import", str(source)]) == 0
    out = capsys.readouterr().out
    assert f"{source}:3: 警告: 这一行含有 drafter 保留的字符组合" in out and "缺陷" not in out
    facts = load_facts(tmp_path / "报告.yaml").facts
    assert facts.sections[0].text == ["模板写法{_ {x}_ }与{_ %y%_ }。"]


def test_cli_help_lists_import(capsys) -> None:
    assert main(["import", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--keep-all" in out and "报告文件" in out


def test_import_then_build_in_a_fresh_folder(tmp_path: Path) -> None:
    target = import_to_file(EXAMPLES / "longquan-2023" / "source.txt", tmp_path / "2023.yaml").output
    docx_path = build(target).output
    texts = [p.text for p in docx.Document(str(docx_path)).paragraphs if p.text.strip()]
    assert texts[0] == "龙科〔2024〕2号" and texts[-1] == "2024年1月30日"
    assert os.path.getsize(docx_path) > 0 and dt.date(2024, 1, 30) == load_facts(target).facts.date


# --- text copied from a PDF: hard line breaks at a fixed width -----------------------------------------


def hard_wrap(text: str, width: int, *, indent: bool) -> str:
    """Break every paragraph at `width` 字, the way text copied out of a PDF arrives."""
    from drafter.text.width import char_width

    out = []
    for paragraph in text.splitlines():
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        line, used = ("　　", 2.0) if indent else ("", 0.0)
        for ch in paragraph:
            if used + char_width(ch) > width:
                out.append(line)
                line, used = "", 0.0
            line += ch
            used += char_width(ch)
        out.append(line)
    return "\n".join(out) + "\n"


def all_text(facts: Facts) -> str:
    parts = [facts.effective_title(), *facts.preamble]

    def walk(items) -> None:
        for item in items:
            parts.extend([item.heading, *item.text])
            walk(item.items)

    for section in facts.sections:
        parts.extend([facts.section_heading(section), *section.text])
        walk(section.items)
    return "".join(parts + facts.closing)


@pytest.mark.parametrize("width", [28, 35])
def test_pdf_copy_with_first_line_indents_is_joined_back_into_paragraphs(width: int, tmp_path: Path) -> None:
    source = tmp_path / "pdf-copy.txt"
    source.write_text(hard_wrap(seed_text("jianghai-2019"), width, indent=True), encoding="utf-8")
    result = import_report(source)
    assert comparable(result.facts) == comparable(load_facts(EXAMPLES / "jianghai-2019" / "facts.yaml").facts)
    assert result.findings[0].code == "unwrapped" and result.findings[0].severity == "hint"


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_copy_without_indents_keeps_every_word_in_order(slug: str, tmp_path: Path) -> None:
    """Without indents a full line ending in 。 may end a paragraph or not; no text may be lost either way."""
    source = tmp_path / "pdf-copy.txt"
    source.write_text(hard_wrap(seed_text(slug), 35, indent=False), encoding="utf-8")
    imported = import_report(source).facts
    curated = load_facts(EXAMPLES / slug / "facts.yaml").facts
    assert all_text(imported) == all_text(curated)
    assert [s.kind for s in imported.sections] == [s.kind for s in curated.sections]


def test_a_web_capture_is_not_mistaken_for_a_pdf_copy() -> None:
    for slug in SLUGS:
        assert "unwrapped" not in [f.code for f in import_report(EXAMPLES / slug / "source.txt").findings]


# --- a web page saved from the browser ----------------------------------------------------------------


def saved_page(slug: str, title: str) -> str:
    """The seed's lines inside the markup of a typical government site: menu, breadcrumb, footer."""
    from html import escape

    body = "\n".join(f"<p style='text-indent:2em'>{escape(line.strip())}</p>"
                     for line in seed_text(slug).splitlines() if line.strip())
    return f"""<!DOCTYPE html><html><head><meta charset="gbk"><title>{title}_龙泉市人民政府</title>
<script>var _hmt = _hmt || []; document.write("统计");</script><style>p {{ margin: 0 }}</style></head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></div>
<h1>{title}</h1>
{body}
<div class="footer"><a href="#">网站地图</a> | <a href="#">联系我们</a><br>
版权所有：龙泉市人民政府&nbsp;&nbsp;浙ICP备05000000号<br>网站标识码：3311810000</div></body></html>"""


def test_a_saved_web_page(tmp_path: Path) -> None:
    title = "龙泉市科学技术局关于2023年度法治政府建设工作情况的报告"
    page = tmp_path / "龙泉2023.html"
    page.write_bytes(saved_page("longquan-2023", title).encode("gb18030"))
    result = import_report(page)
    assert result.source is not None and result.source.kind == "html" and result.source.encoding == "GB18030（GBK/GB2312）"
    assert comparable(result.facts) == comparable(load_facts(EXAMPLES / "longquan-2023" / "facts.yaml").facts)
    labels = [r.label for r in result.removed]
    assert labels.count("页面导航") == 4 and labels.count("网站信息") == 3
    assert "统计" not in str(result.facts.model_dump()) and "_龙泉市人民政府" not in str(result.facts.model_dump())


def test_pictures_of_a_saved_page_are_named_in_chinese(tmp_path: Path) -> None:
    page = tmp_path / "龙泉2023.html"
    markup = saved_page("longquan-2023", "龙泉市科学技术局关于2023年度法治政府建设工作情况的报告")
    page.write_text(markup.replace("<h1>", "<p><img src='a.jpg' alt='合影'></p><p><img src='b.png'></p><h1>"),
                    encoding="utf-8")
    removed = [(r.label, r.text) for r in import_report(page).removed if r.label == "图片占位"]
    assert removed == [("图片占位", "[图片：合影]"), ("图片占位", "[图片]")]
    kept = import_report(page, keep_all=True).facts.preamble
    assert "[图片：合影]" in kept and "[图片]" in kept and "image" not in str(kept)


@pytest.mark.render
def test_an_old_doc_saved_under_a_docx_name_is_converted(tmp_path: Path) -> None:
    require_render_tools("soffice")
    doc = to_doc(seed_docx("jianghai-2019", tmp_path / "jianghai.docx"), tmp_path / "out")
    misnamed = tmp_path / "江海2019.docx"
    shutil.copyfile(doc, misnamed)
    result = import_report(misnamed)
    assert result.source is not None and result.source.kind == "converted"
    assert comparable(result.facts) == comparable(load_facts(EXAMPLES / "jianghai-2019" / "facts.yaml").facts)


def test_a_title_style_paragraph_read_as_body_text_is_one_paragraph_per_line(tmp_path: Path) -> None:
    """A 文号 of 5,000 digits is no 文号, so the title below it was not found either: its line break,
    kept for a title, went into a paragraph of the fact file, and import failed as a drafter bug."""
    document = docx.Document()
    document.add_paragraph("龙科〔2024〕" + "1" * 5000 + "号")
    title = document.add_paragraph("龙泉市科学技术局关于2023年度", style="Title")
    title.add_run().add_break()
    title.add_run("法治政府建设情况的报告")
    document.add_paragraph("2023年，我局扎实推进依法行政。")
    document.add_paragraph("一、主要举措")
    document.add_paragraph("认真贯彻落实。")
    source = tmp_path / "报告.docx"
    document.save(str(source))
    facts = import_report(source).facts
    assert "法治政府建设情况的报告" in facts.preamble
    assert all("\n" not in paragraph for paragraph in facts.preamble)
