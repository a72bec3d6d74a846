"""drafter serve without a browser (Starlette's TestClient): security, paths, uploads, errors, exports."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from httpx import Response
from starlette.testclient import TestClient

from drafter.cli import main
from drafter.web.app import Server, create_app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "luohe-2020" / "facts.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "reports"
    path.mkdir()
    (path / "luohe.yaml").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    return path


@pytest.fixture
def server(folder: Path) -> Server:
    return Server(folder)


@pytest.fixture
def client(server: Server) -> TestClient:
    return TestClient(create_app(server), base_url="http://127.0.0.1:8000", raise_server_exceptions=False)


def no_internals(text: str, folder: Path) -> None:
    assert "Traceback" not in text and "File \"" not in text
    assert str(folder) not in text and str(folder.parent) not in text


def test_home_lists_the_reports_with_year_agency_completeness_and_checks(client: TestClient) -> None:
    page = client.get("/").text
    assert "luohe.yaml" in page and "2020" in page and "漯河市科学技术局" in page
    assert re.search(r"已答 \d+/\d+", page)
    assert "检查" in page


@pytest.mark.parametrize("route", ["/new", "/carry", "/import", "/r/luohe.yaml/answer", "/r/luohe.yaml/back",
                                   "/r/luohe.yaml/jump", "/r/luohe.yaml/draft"])
def test_every_write_needs_the_csrf_token(client: TestClient, folder: Path, route: str) -> None:
    before = sorted(p.name for p in folder.iterdir()), (folder / "luohe.yaml").read_bytes()
    for data in ({}, {"csrf": "wrong"}):
        response = client.post(route, data={**data, "agency": "某局", "year": "2025", "source": "luohe.yaml",
                                            "step": "basics/to", "value": "x", "target": "basics/to"})
        assert response.status_code == 403
        assert "安全校验码" in response.text
    assert (sorted(p.name for p in folder.iterdir()), (folder / "luohe.yaml").read_bytes()) == before


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd.yaml", "..%2Fx.yaml", ".hidden.yaml",
                                  "x.txt", "a%5Cb.yaml"])
def test_paths_outside_the_folder_are_refused(client: TestClient, folder: Path, name: str) -> None:
    for url in (f"/r/{name}", f"/r/{name}/preview", f"/r/{name}/download/docx", f"/r/{name}/state"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        no_internals(response.text, folder)


def test_a_link_leading_out_of_the_folder_is_refused(client: TestClient, folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    (folder / "link.yaml").symlink_to(outside)
    for url in ("/r/link.yaml", "/r/link.yaml/preview", "/r/link.yaml/download/public.txt"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "漯河" not in response.text
    assert "link.yaml" not in client.get("/").text


def test_host_header_of_another_site_is_refused(client: TestClient) -> None:
    response = client.get("/", headers={"host": "evil.example:8000"})
    assert response.status_code == 403 and "只接受本机地址" in response.text


def test_off_loopback_the_token_is_required(folder: Path) -> None:
    guarded = TestClient(create_app(Server(folder, token="tok-123")), base_url="http://192.0.2.1:8000")
    assert guarded.get("/").status_code == 403
    assert guarded.get("/?token=wrong").status_code == 403
    response = guarded.get("/?token=tok-123", follow_redirects=False)
    assert response.status_code == 303 and "token" not in response.headers["location"]
    assert guarded.get("/").status_code == 200  # the cookie


def test_serve_refuses_another_address_without_the_explicit_flag(folder: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(folder), "--host", "0.0.0.0", "--no-browser"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


def _csrf(client: TestClient) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert match
    return match.group(1)


def _upload(client: TestClient, name: str, content: bytes) -> Response:
    response: Response = client.post("/import", data={"csrf": _csrf(client)},
                                     files={"file": (name, content, "application/octet-stream")})
    return response


def test_uploads_are_limited_in_type_and_size(client: TestClient, folder: Path) -> None:
    response = _upload(client, "x.exe", b"MZ")
    assert response.status_code == 415 and "只能导入" in response.text
    response = _upload(client, "big.txt", b"a" * (10 * 1024 * 1024 + 10))
    assert response.status_code == 413 and "太大" in response.text
    assert sorted(p.name for p in folder.iterdir()) == ["luohe.yaml"]


def _docx_with(member: str, data: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused(client: TestClient, folder: Path) -> None:
    response = _upload(client, "bomb.docx", _docx_with("word/document.xml", b"\0" * (80 * 1024 * 1024)))
    assert response.status_code == 413 and "压缩炸弹" in response.text


def test_xml_entities_are_refused(client: TestClient, folder: Path) -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    response = _upload(client, "xxe.docx", _docx_with("word/document.xml", xxe))
    assert response.status_code == 400 and "DOCTYPE" in response.text
    assert "root:" not in response.text


def test_a_text_upload_is_imported_like_drafter_import(client: TestClient, folder: Path) -> None:
    source = (EXAMPLE.parent / "source.txt").read_bytes()
    response = _upload(client, "漯河.txt", source)
    assert response.status_code == 200
    assert "已从“漯河.txt”导入" in response.text
    assert (folder / "漯河.yaml").exists()


def test_not_a_docx_is_refused_in_chinese(client: TestClient, folder: Path) -> None:
    response = _upload(client, "x.docx", b"not a zip")
    assert response.status_code == 400 and "不是有效的 .docx" in response.text
    no_internals(response.text, folder)


def test_a_broken_fact_file_is_explained_without_internal_paths(client: TestClient, folder: Path) -> None:
    (folder / "bad.yaml").write_text("year: [\n", "utf-8")
    for url in ("/r/bad.yaml", "/r/bad.yaml/preview", "/r/bad.yaml/download/docx", "/"):
        response = client.get(url)
        assert response.status_code < 500, url
        no_internals(response.text, folder)
    assert "有错误" in client.get("/r/bad.yaml").text


def test_a_bug_shows_a_chinese_page_without_traceback(client: TestClient, server: Server, folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> list[dict[str, object]]:
        raise RuntimeError(f"secret internals in {folder}")

    monkeypatch.setattr(server, "listing", boom)
    response = client.get("/")
    assert response.status_code == 500 and "内部出错" in response.text
    no_internals(response.text, folder)
    assert "secret internals" not in response.text


def test_unknown_pages_are_chinese(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404 and "找不到这个页面" in response.text


def test_answer_with_a_validation_error_is_shown_by_the_field(client: TestClient, folder: Path) -> None:
    csrf = _csrf(client)
    client.post("/new", data={"csrf": csrf, "agency": "某某市统计局", "year": "2025"})
    page = client.get("/r/2025.yaml").text
    assert 'data-step="basics/to"' in page
    client.post("/r/2025.yaml/answer", data={"csrf": csrf, "step": "basics/to", "value": ""})
    response = client.post("/r/2025.yaml/answer", data={"csrf": csrf, "step": "basics/doc_number", "value": "乱写"})
    assert response.status_code == 422
    assert re.search(r'class="field-error"[^>]*>发文字号应写成', response.text)
    assert 'value="乱写"' in response.text


def test_public_exports_leave_out_letterhead_signer_and_imprint(client: TestClient, folder: Path) -> None:
    text = (folder / "luohe.yaml").read_text("utf-8")
    (folder / "luohe.yaml").write_text(text + "doc_number: 漯科〔2021〕1号\nletterhead:\n  signer: 张三\nimprint:\n  printer: 某某办公室\n  date: 2021-02-01\n", "utf-8")
    html = client.get("/r/luohe.yaml/download/public.html").text
    plain = client.get("/r/luohe.yaml/download/public.txt").text
    preview = client.get("/r/luohe.yaml/preview").text
    assert "张三" in preview and "某某办公室" in preview
    for out in (html, plain):
        assert "张三" not in out and "某某办公室" not in out and "文件" not in out.split("\n")[0]
        assert "漯河市科学技术局" in out
    assert "<script" not in html


def test_build_writes_the_public_html_and_text(folder: Path, tmp_path: Path) -> None:
    assert main(["build", str(folder / "luohe.yaml"), "--html", "--text"]) in (0, 1)
    assert (folder / "luohe.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "　　" in (folder / "luohe.txt").read_text("utf-8")


def test_carry_over_from_last_year_starts_at_the_first_carried_plan(client: TestClient, folder: Path) -> None:
    response = client.post("/carry", data={"csrf": _csrf(client), "source": "luohe.yaml"})
    assert response.status_code == 200
    assert (folder / "2021.yaml").exists()
    assert "2021" in (folder / "2021.yaml").read_text("utf-8")
    assert "结转" in response.text


def test_messages_name_no_server_folder_nor_home(tmp_path: Path) -> None:
    from drafter.web.security import scrub

    home = str(Path.home())
    text = scrub(f"{tmp_path}/a.yaml：错误；见 file://{home}/.local/share/x.json", tmp_path)
    assert str(tmp_path) not in text and home not in text
    assert text.startswith("a.yaml：错误") and "~/.local/share/x.json" in text


def test_the_page_speaks_of_buttons_not_terminal_keys(client: TestClient) -> None:
    page = client.get("/r/luohe.yaml").text
    assert "PgUp" not in page and "drafter edit" not in page
    assert "上一步" in page


@pytest.mark.render
def test_the_pdf_is_the_real_page_render(client: TestClient) -> None:
    from tests.helpers.pdfmeasure import require_render_tools

    require_render_tools("soffice")
    response = client.get("/r/luohe.yaml/download/pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "inline" in response.headers["content-disposition"]


def test_a_check_finding_is_shown_at_its_field_and_in_the_outline(client: TestClient) -> None:
    target = "measures/items[1]/items[6]/text"  # luohe-2020 repeats "五是" there (ordinal-repeat)
    page = client.get("/r/luohe.yaml").text
    assert re.search(rf'value="{re.escape(target)}" class="jump[^"]* flagged"', page)
    assert len(re.findall(r'class="jump[^"]* flagged"', page)) == 1
    client.post("/r/luohe.yaml/jump", data={"csrf": _csrf(client), "target": target})
    page = client.get("/r/luohe.yaml").text
    assert f'data-step="{target}"' in page
    assert re.search(r'<p class="finding level-warning">检查：“五是”重复出现', page)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_fact_file_does_not_hang_the_server(folder: Path) -> None:
    # _disk reads the file on every page and poll: a FIFO (or /dev/zero-like file) must be read
    # like every other input, without blocking and within the fact-file limit.
    from drafter.web.app import _disk

    os.mkfifo(folder / "pipe.yaml")
    assert _disk(folder / "pipe.yaml") == "\0unreadable"
    big = folder / "big.yaml"
    big.write_bytes(b"# x\n" * (1024 * 1024))  # 4 MB, over the fact-file limit
    assert _disk(big) == "\0unreadable"


def test_an_upload_is_held_to_the_same_package_limits_as_drafter_import(client: TestClient, folder: Path) -> None:
    # one set of limits (drafter.docx.archive.check_archive) for every .docx drafter opens
    from drafter.docx.archive import MAX_MEMBERS

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for index in range(MAX_MEMBERS + 1):
            archive.writestr(f"word/media/p{index}.bin", b"")
    response = _upload(client, "many.docx", buffer.getvalue())
    assert response.status_code == 413 and "部件" in response.text
    no_internals(response.text, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["luohe.yaml"]


def test_a_garbled_upload_prints_no_english_warning_in_the_terminal(client: TestClient,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    # python-multipart logs its own English parse error (uvicorn leaves it to Python's last-resort
    # handler, which prints it to the terminal); the page already says it in Chinese
    response = client.post("/import", content=b"garbage",
                           headers={"Content-Type": "multipart/form-data; boundary=zz"})
    assert response.status_code == 400 and "请求无法处理" in response.text
    assert not [r for r in caplog.records if r.name.startswith("python_multipart")]


def test_the_preview_of_an_unreadable_fact_file_says_why(client: TestClient, folder: Path) -> None:
    (folder / "big.yaml").write_bytes(b"# x\n" * (1024 * 1024))  # over the fact-file limit
    (folder / "gbk.yaml").write_bytes("year: 2024\nagency:\n  name: 某局\n".encode("gbk"))
    big = client.get("/r/big.yaml/preview")
    assert "超过上限" in big.text and "U+0000" not in big.text
    gbk = client.get("/r/gbk.yaml/preview")
    assert "UTF-8" in gbk.text and "U+0000" not in gbk.text
    no_internals(big.text + gbk.text, folder)


def test_a_number_of_5000_digits_is_answered_in_chinese_on_every_page(client: TestClient, folder: Path) -> None:
    """int() refuses 4,300 digits and more in English (issue 13 item 14): a file, a form and a header."""
    digits = "1" * 5000
    (folder / "huge.yaml").write_text(EXAMPLE.read_text("utf-8").replace("year: 2020", f"year: {digits}"), "utf-8")
    csrf = _csrf(client)
    pages = {
        "page": client.get("/r/huge.yaml"),
        "preview": client.get("/r/huge.yaml/preview"),
        "new": client.post("/new", data={"csrf": csrf, "agency": "某某市统计局", "year": digits}),
        "carry": client.post("/carry", data={"csrf": csrf, "source": "huge.yaml"}),
        "length": client.post("/new", data={"csrf": csrf, "agency": "某某市统计局", "year": "2025"},
                              headers={"content-length": digits}),
    }
    for name, response in pages.items():
        assert response.status_code < 500, (name, response.status_code)
        assert "Exceeds the limit" not in response.text and "digits" not in response.text, name
        no_internals(response.text, folder)
    assert "应为 1990 到 2100 之间的整数" in pages["preview"].text
    assert "年度应为四位数字的年份" in pages["new"].text
    assert "不能结转" in pages["carry"].text
    assert pages["length"].status_code == 413
