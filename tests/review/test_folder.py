"""`drafter review` over a folder built from the examples and deliberately broken copies.

Every planted problem must appear in the workbook, the page and the annotated copy at the paragraph
where it was planted (found here independently, with zipfile + lxml); the clean files get nothing.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from drafter.cli import main
from drafter.errors import EXIT_BUG, EXIT_INVALID, EXIT_OK, InputFileError
from drafter.resources import data_dir
from drafter.review.annotate import AUTHOR, read_comments
from drafter.review.folder import review_folder
from drafter.review.summary import FINDINGS_HEADER, FINDINGS_SHEET, SUMMARY_HEADER, SUMMARY_SHEET
from tests.helpers.pdfmeasure import require_render_tools
from tests.helpers.reviewfolder import (
    Folder,
    Planted,
    W,
    build_docx,
    build_folder,
    example_facts,
    file_hashes,
    paragraph_of,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Folder:
    built = build_folder(tmp_path_factory.mktemp("review"))
    built.exit_code = main(["review", str(built.received), "-o", str(built.out), "--previous", str(built.previous),
                            "--annotate"])
    return built



def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    book = load_workbook(path)
    rows = list(book[name].iter_rows(values_only=True))
    header = SUMMARY_HEADER if name == SUMMARY_SHEET else FINDINGS_HEADER
    assert rows[0] == header
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _expected_where(folder: Folder, p: Planted) -> str:
    return f"第{paragraph_of(folder.received / p.file, p.anchor)}段" if p.anchor else "全文"


def _finding_rows(folder: Folder) -> list[dict[str, Any]]:
    return _sheet(folder.out / "审阅汇总.xlsx", FINDINGS_SHEET)


def _messages(folder: Folder, file: str, where: str) -> list[str]:
    return [r["问题"] for r in _finding_rows(folder) if r["文件"] == file and r["段落"] == where]


def test_exit_code_is_one_when_a_report_has_errors(folder: Folder) -> None:
    assert folder.exit_code == EXIT_INVALID


def test_every_planted_problem_is_in_the_workbook_at_its_paragraph(folder: Folder) -> None:
    rows = _finding_rows(folder)
    for p in folder.planted:
        where = _expected_where(folder, p)
        hits = [r for r in rows if r["文件"] == p.file and r["代码"] == p.code and r["段落"] == where]
        assert hits, (p, where, [(r["代码"], r["段落"]) for r in rows if r["文件"] == p.file])
    parts = {(r["文件"], r["代码"]): r["部分"] for r in rows}
    assert parts[("年份错误.docx", "year-future")] == "主要举措和成效"
    assert parts[("日期逾期.docx", "date-late-publish")] == "落款"
    assert parts[("缺少部分.docx", "missing-part")] == "全文"


def test_the_workbook_summary(folder: Folder) -> None:
    summary = {r["文件"]: r for r in _sheet(folder.out / "审阅汇总.xlsx", SUMMARY_SHEET)}
    assert set(summary) == {p.name for p in folder.received.iterdir() if p.is_file()}
    assert summary["缺少部分.docx"]["缺少的法定部分"] == "存在的不足和原因"
    assert "2024年4月20日" in summary["日期逾期.docx"]["成文日期逾期"]
    assert summary["日期逾期.docx"]["成文日期"] == "2024-04-20"
    assert summary["行距.docx"]["状态"] == "有错误" and summary["行距.docx"]["错误"] >= 1
    copied = summary["照抄上年.docx"]
    assert copied["上年报告"] == "龙泉市科学技术局2023年度报告.docx"
    assert int(copied["与上年重复"].rstrip("%")) >= 90
    assert summary["江海区科技局.docx"]["上年报告"] == "江海区科技局2018.docx"
    assert summary["江海区科技局.docx"]["与上年重复"] == "0%"
    for name, words in folder.unreadable.items():
        assert summary[name]["状态"] == "无法读取" and words in summary[name]["说明"], summary[name]
    for name in folder.clean:
        row = summary[name]
        assert (row["状态"], row["错误"], row["警告"], row["提示"], row["缺少的法定部分"]) == ("通过", 0, 0, 0, None)
    parts = summary["江海区科技局.docx"]["法定部分所在位置"]
    for label, heading in (("主要举措和成效", "推进法治政府建设的主要举措和成效"),
                           ("存在的不足和原因", "推进法治政府建设存在的不足"),
                           ("党政主要负责人履行推进法治建设第一责任人职责情况", "三、党政主要负责人履行"),
                           ("下一年度主要安排", "下一年度推进法治政府建设的主要安排")):
        assert f"{label}：第{paragraph_of(folder.received / '江海区科技局.docx', heading)}段" in parts
    default = paragraph_of(folder.received / "行距.docx", "2023年度推进法治政府建设的主要举措和成效")
    assert f"主要举措和成效：第{default}段" in summary["行距.docx"]["法定部分所在位置"]  # a default heading


def test_workbook_is_sortable_filterable_frozen_and_coloured(folder: Folder) -> None:
    book = load_workbook(folder.out / "审阅汇总.xlsx")
    for name in (SUMMARY_SHEET, FINDINGS_SHEET):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
    sheet = book[SUMMARY_SHEET]
    status = SUMMARY_HEADER.index("状态")
    colours = {row[0].value: row[status].fill.start_color.rgb for row in sheet.iter_rows(min_row=2)}
    assert colours["江海区科技局.docx"].endswith("C6EFCE")
    assert colours["行距.docx"].endswith("FFC7CE")
    assert colours["加密.docx"].endswith("D9D9D9")
    for name in ("文件", "机关", "标题", "法定部分所在位置"):  # a Chinese character takes two units
        col = chr(ord("A") + SUMMARY_HEADER.index(name))
        width = sheet.column_dimensions[col].width
        for cell in sheet[col][1:]:
            need = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(cell.value or ""))
            if need > width:  # too long for the column: wrapped, the row tall enough for its lines
                assert cell.alignment.wrap_text, (name, cell.value)
                assert sheet.row_dimensions[cell.row].height >= 15 * math.ceil(need / width), (name, cell.value)


def test_nothing_is_reported_for_the_clean_files(folder: Folder) -> None:
    rows = _finding_rows(folder)
    assert [r for r in rows if r["文件"] in folder.clean] == []
    page = (folder.out / "审阅汇总.html").read_text(encoding="utf-8")
    findings = page.split("问题清单", 1)[1]
    for name in folder.clean:
        assert html.escape(name) not in findings
        assert not (folder.out / f"{Path(name).stem}-审阅.docx").exists()


def _page_rows(page: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        rows.append([html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)])
    return rows


def test_every_planted_problem_is_on_the_page(folder: Folder) -> None:
    page = (folder.out / "审阅汇总.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page  # opens offline, loads nothing
    rows = _page_rows(page)
    code_col, file_col, where_col = (FINDINGS_HEADER.index(h) for h in ("代码", "文件", "段落"))
    for p in folder.planted:
        where = _expected_where(folder, p)
        assert any(len(r) == len(FINDINGS_HEADER) and r[file_col] == p.file and r[code_col] == p.code
                   and r[where_col] == where for r in rows), p
    for name, words in folder.unreadable.items():
        note = SUMMARY_HEADER.index("说明")
        assert any(len(r) == len(SUMMARY_HEADER) and r[0] == name and words in r[note] for r in rows), name


def test_every_planted_problem_is_commented_at_its_paragraph(folder: Folder) -> None:
    for p in folder.planted:
        annotated = folder.out / f"{Path(p.file).stem}-审阅.docx"
        comments = read_comments(annotated)
        # a finding on the whole report is commented at the title
        n = paragraph_of(folder.received / p.file, p.anchor or "法治政府建设工作情况的报告")
        where = _expected_where(folder, p)
        expected = [m for m in _messages(folder, p.file, where)]
        assert n in comments, (p, sorted(comments))
        (author, text), = comments[n]
        assert author == AUTHOR
        for message in expected:
            assert message in text


def test_originals_are_untouched_and_copies_otherwise_identical(folder: Folder) -> None:
    assert file_hashes(folder.received) == folder.hashes
    for p in {p.file for p in folder.planted}:
        original, annotated = folder.received / p, folder.out / f"{Path(p).stem}-审阅.docx"
        with zipfile.ZipFile(original) as a, zipfile.ZipFile(annotated) as b:
            for name in a.namelist():
                if not name.endswith(".xml") or name in ("[Content_Types].xml",):
                    continue
                first, second = etree.fromstring(a.read(name)), etree.fromstring(b.read(name))
                if name == "word/document.xml":
                    _strip_comment_marks(second)
                assert etree.tostring(first, method="c14n") == etree.tostring(second, method="c14n"), name


def _strip_comment_marks(root: Any) -> None:
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in list(root.iter(f"{{{W}}}{tag}")):
            el.getparent().remove(el)
    for ref in list(root.iter(f"{{{W}}}commentReference")):
        run = ref.getparent()
        run.getparent().remove(run)
    for run in list(root.iter(f"{{{W}}}r")):  # the empty run an empty paragraph was given
        if len(run) == 0:
            run.getparent().remove(run)


def test_libreoffice_opens_the_annotated_copy_with_its_comments(folder: Folder, tmp_path: Path) -> None:
    require_render_tools("soffice")
    from drafter.docx.libreoffice import convert, find_soffice

    annotated = folder.out / "行距-审阅.docx"
    src = tmp_path / "annotated.docx"
    shutil.copy(annotated, src)
    done = convert(find_soffice() or "soffice", src, "fodt", timeout=180, shown_as=annotated)
    assert done.produced is not None, done.output
    root = etree.parse(str(done.produced)).getroot()
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    dc = "http://purl.org/dc/elements/1.1/"
    notes = list(root.iter(f"{{{office}}}annotation"))
    assert len(notes) == len(read_comments(annotated))
    assert {n.findtext(f"{{{dc}}}creator") for n in notes} == {AUTHOR}
    texts = ["".join(n.itertext()) for n in notes]
    assert any("行距" in t for t in texts)


def test_json_output(folder: Folder, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    code = main(["review", str(folder.received), "-o", str(tmp_path), "--format", "json"])
    assert code == EXIT_INVALID
    data = json.loads(capsys.readouterr().out)
    by_file = {Path(r["file"]).name: r for r in data["reports"]}
    assert by_file["江海区科技局.docx"]["findings"] == []
    assert by_file["加密.docx"]["status"] == "无法读取"
    late = by_file["日期逾期.docx"]["findings"]
    assert any(f["code"] == "date-late-publish" and f["paragraph"] == paragraph_of(
        folder.received / "日期逾期.docx", "2024年4月20日") for f in late)


def test_a_clean_folder_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(data_dir("examples") / "longquan-2023" / "facts.yaml", folder / "a.yaml")
    assert main(["review", str(folder)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "a.yaml（龙泉市科学技术局，2023 年度）：通过" in captured.out
    assert "正在审阅：1/1" in captured.err
    assert (folder / "审阅结果" / "审阅汇总.xlsx").is_file()
    assert main(["review", str(folder)]) == EXIT_OK  # the results folder is not read as reports
    capsys.readouterr()
    assert main(["review", str(folder), "-o", str(folder)]) == EXIT_OK
    assert main(["review", str(folder), "-o", str(folder)]) == EXIT_OK  # nor its page, in the folder itself
    assert "共 1 份" in capsys.readouterr().out.splitlines()[-3]


def test_progress_counts_unreadable_files() -> None:
    import io

    from drafter.console import ProgressLine

    stream = io.StringIO()
    ProgressLine(stream, label="正在审阅", failed="无法读取")(2, 2, 1)
    assert stream.getvalue() == "正在审阅：2/2，无法读取 1 份\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes and links")
def test_entries_that_are_no_file_are_named_not_silently_left_out(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A pipe, a link to nothing and two links to each other named *.docx were left out without a word:
    the 法治办 counted one report less than it had received and was told nothing."""
    folder = tmp_path / "收到 的报告"
    folder.mkdir()
    shutil.copy(data_dir("examples") / "longquan-2023" / "facts.yaml", folder / "a.yaml")
    os.mkfifo(folder / "管道.docx")
    (folder / "失效.docx").symlink_to(folder / "不存在.docx")
    (folder / "环1.docx").symlink_to(folder / "环2.docx")
    (folder / "环2.docx").symlink_to(folder / "环1.docx")
    assert main(["review", str(folder)]) == EXIT_INVALID  # a report that cannot be read is never a pass
    out = capsys.readouterr().out
    assert "管道.docx：已跳过，不是普通文件" in out
    assert "失效.docx：已跳过，这是快捷方式（符号链接）" in out and "环1.docx：已跳过" in out
    assert "另有 4 个报告文件无法读取，已跳过" in out and "Traceback" not in out
    assert main(["review", str(folder), "--format", "json"]) == EXIT_INVALID
    skipped = json.loads(capsys.readouterr().out)["skipped"]
    assert sorted(Path(s["file"]).name for s in skipped) == ["失效.docx", "环1.docx", "环2.docx", "管道.docx"]


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "没有可审阅的报告"),
    (lambda p: None, "文件夹不存在"),
    (lambda p: p.write_text("x", encoding="utf-8"), "不是文件夹"),
])
def test_bad_folder_is_a_chinese_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         make: Callable[[Path], None], words: str) -> None:
    target = tmp_path / "收到"
    make(target)
    assert main(["review", str(target)]) == InputFileError.exit_code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_old_word_file_through_libreoffice(tmp_path: Path, folder: Folder) -> None:
    require_render_tools("soffice")
    from drafter.docx.libreoffice import convert, find_soffice

    work = tmp_path / "w"
    work.mkdir()
    shutil.copy(folder.received / "日期逾期.docx", work / "src.docx")
    done = convert(find_soffice() or "soffice", work / "src.docx", "doc:MS Word 97", timeout=180, shown_as=work)
    assert done.produced is not None
    received = tmp_path / "in"
    received.mkdir()
    shutil.copy(done.produced, received / "旧版.doc")
    assert main(["review", str(received), "--annotate", "-o", str(tmp_path / "out")]) == EXIT_OK  # a warning
    rows = _sheet(tmp_path / "out" / "审阅汇总.xlsx", FINDINGS_SHEET)
    assert any(r["代码"] == "date-late-publish" for r in rows)
    comments = read_comments(tmp_path / "out" / "旧版-审阅.docx")
    assert any("2024年4月20日" in text for found in comments.values() for _, text in found)


def test_text_and_web_page_reports_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    source = (data_dir("examples") / "longquan-2023" / "source.txt").read_text(encoding="utf-8")
    (folder / "网页复制.txt").write_text(source, encoding="utf-8")
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in source.splitlines())
    (folder / "网页.html").write_text(f"<html><body>{paragraphs}</body></html>", encoding="gb18030")
    review = review_folder(folder)
    assert [(r.path.name, r.kind, r.agency, r.year) for r in review.reports] == [
        ("网页.html", "html", "龙泉市科学技术局", 2023), ("网页复制.txt", "text", "龙泉市科学技术局", 2023)]
    for r in review.reports:
        assert r.parts["存在的不足和原因"], r.parts


def test_a_bug_on_one_file_leaves_the_others_reviewed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import drafter.importing.recognise as recognise

    folder = tmp_path / "in"
    folder.mkdir()
    clean = build_docx(example_facts("longquan-2023"), folder / "a.docx", tmp_path)
    shutil.copy(clean, folder / "b.docx")
    real = recognise.import_report

    def broken(path: Path | str, **kwargs: Any) -> Any:
        if Path(path).name == "a.docx":
            raise TypeError("a bug")
        return real(path, **kwargs)

    monkeypatch.setattr(recognise, "import_report", broken)
    assert main(["review", str(folder)]) == EXIT_BUG
    captured = capsys.readouterr()
    assert "a.docx：无法读取。内部错误（TypeError）" in captured.out
    assert "Traceback" in captured.err and "a bug" in captured.err
    assert "b.docx（龙泉市科学技术局，2023 年度）：通过" in captured.out


def test_an_output_that_is_a_file_is_a_chinese_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(data_dir("examples") / "longquan-2023" / "facts.yaml", folder / "a.yaml")
    blocker = tmp_path / "结果"
    blocker.write_text("x", encoding="utf-8")
    code = main(["review", str(folder), "-o", str(blocker)])
    err = capsys.readouterr().err
    assert code == 3 and "无法创建输出文件夹" in err and "Traceback" not in err



def test_a_received_special_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    """A FIFO named like a report is refused at once (the bounded reader opens without blocking);
    a plain read would wait for a writer for ever."""
    import os
    import threading

    from drafter.review.folder import Report, review_report

    fifo = tmp_path / "管道.docx"
    os.mkfifo(fifo)
    found: list[Report] = []
    reader = threading.Thread(target=lambda: found.append(review_report(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    blocked = reader.is_alive()
    if blocked:  # waiting in open(): give it a writer that closes at once, then fail
        os.close(os.open(fifo, os.O_WRONLY))
        reader.join()
    assert not blocked
    assert found and "不是普通文件" in found[0].error, found


FACT_FILE_WORDS = re.compile(r"kind: |date: |（date）|（year）|（title）|run_in|事实文件|agency\.name|check --fix")


def test_messages_about_a_word_report_use_no_fact_file_words(folder: Folder) -> None:
    """A clerk reviewing received Word files has no fact file: no `kind: problems`, no `date:`."""
    rows = [r for r in _finding_rows(folder) if not str(r["文件"]).endswith((".yaml", ".yml"))]
    assert any(r["代码"] == "missing-part" for r in rows)
    assert [r["问题"] for r in rows if FACT_FILE_WORDS.search(r["问题"])] == []


def test_an_unreadable_report_says_unreadable_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "坏.docx").write_bytes(b"PK\x03\x04 not a zip")
    (folder / "空.docx").write_bytes(b"")
    assert main(["review", str(folder), "-o", str(tmp_path / "out")]) == EXIT_INVALID
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("✗")]
    assert len(lines) == 2
    assert [line.count("无法读取") for line in lines] == [1, 1], lines


def test_a_text_report_without_agency_or_title_is_told_without_fact_file_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "一、主要举措\n今年我们依法行政，做了很多工作。\n二、存在的不足\n还有差距。\n"
    (folder / "报告.txt").write_bytes(text.encode("gbk"))
    main(["review", str(folder), "-o", str(tmp_path / "out"), "--format", "json"])
    issues = [i for r in json.loads(capsys.readouterr().out)["reports"] for i in r["findings"]]
    codes = {i["code"] for i in issues}
    assert {"no-agency", "no-title"} <= codes
    assert [i["message"] for i in issues if FACT_FILE_WORDS.search(i["message"]) or "title" in i["message"]] == []


def test_a_report_without_an_agency_name_shows_no_placeholder_as_its_agency(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The importer's placeholder for a missing name (（请填写机关全称）) is not a name to show or match."""
    body = "一、主要举措\n{year}年我们依法行政，做了很多工作，取得了明显成效。\n二、存在的不足\n还有差距，需要继续努力。\n"
    for folder, year in (("in", 2022), ("old", 2021)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "报告.txt").write_text(body.format(year=year), encoding="utf-8")
    main(["review", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--previous", str(tmp_path / "old"),
          "--format", "json"])
    [report] = json.loads(capsys.readouterr().out)["reports"]
    assert report["previous"] is None
    assert report["agency"] is None
    main(["review", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert "报告.txt（机关名称未找到，" in capsys.readouterr().out
