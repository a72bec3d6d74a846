"""drafter serve without a browser (Starlette's TestClient): security, paths, uploads, errors, exports,
autosave into the fact file and what it refuses, conflicts with hand edits, the wording of the pages."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpx import Client, Response
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
                                   "/r/luohe.yaml/jump", "/r/luohe.yaml/save"])
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


def _csrf(client: Client) -> str:
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


def _version(page: str) -> str:
    match = re.search(r'data-version="([0-9a-f]+)"', page)
    assert match
    return match.group(1)


def test_answer_with_a_validation_error_is_shown_by_the_field(client: TestClient, folder: Path) -> None:
    csrf = _csrf(client)
    client.post("/new", data={"csrf": csrf, "agency": "某某市统计局", "year": "2025"})
    page = client.get("/r/2025.yaml").text
    assert 'data-step="basics/to"' in page
    client.post("/r/2025.yaml/answer", data={"csrf": csrf, "step": "basics/to", "value": "", "kind": "line",
                                             "version": _version(page)})
    response = client.post("/r/2025.yaml/answer", data={"csrf": csrf, "step": "basics/doc_number", "value": "乱写",
                                                        "kind": "line", "version": _version(page)})
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
    # in the list of findings too, by the question's name (a clerk never sees the file's lines)
    assert re.search(rf'form="jump-form" name="target" value="{re.escape(target)}" class="where"[^>]*>正文</button> '
                     r'“五是”重复出现', page)
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


# --- autosave into the fact file, and what it refuses ---------------------------------------------------


def _open(client: TestClient, name: str = "luohe.yaml", target: str = "preamble/preamble") -> str:
    """Jump to `target` and return the page's version of the file."""
    client.post(f"/r/{name}/jump", data={"csrf": _csrf(client), "target": target})
    page = client.get(f"/r/{name}").text
    assert f'data-step="{target}"' in page
    return _version(page)


def _save(client: TestClient, value: str, version: str, name: str = "luohe.yaml", step: str = "preamble/preamble",
          **extra: str) -> Response:
    response: Response = client.post(f"/r/{name}/save", data={"csrf": _csrf(client), "step": step, "value": value,
                                                             "version": version, **extra},
                                     headers={"Accept": "application/json"})
    return response


def test_autosave_writes_the_field_into_the_fact_file_keeping_comments(client: TestClient, folder: Path) -> None:
    path = folder / "luohe.yaml"
    path.write_text("# 局办公室手写的说明\n" + path.read_text("utf-8"), "utf-8")
    version = _open(client)
    answer = _save(client, "改写的开头段。\n第二段写到一半", version).json()
    assert answer["saved"] and not answer["error"] and answer["version"] != version
    text = path.read_text("utf-8")
    assert "# 局办公室手写的说明\n" in text and "  改写的开头段。\n  第二段写到一半\n" in text
    # the next save from the same page carries the version it was given: still in step
    assert _save(client, "改写的开头段。\n第二段写完了。", answer["version"]).json()["saved"]
    assert "第二段写完了。" in path.read_text("utf-8") and not list(folder.glob("*网页版本*"))


def test_autosave_of_a_value_not_valid_yet_keeps_it_as_a_draft_with_the_reason(client: TestClient,
                                                                               folder: Path) -> None:
    before = (folder / "luohe.yaml").read_text("utf-8")
    version = _open(client, target="basics/doc_number")
    answer = _save(client, "漯科〔2021", version, step="basics/doc_number").json()
    assert not answer["saved"] and "发文字号" in answer["error"]
    assert (folder / "luohe.yaml").read_text("utf-8") == before
    assert "漯科〔2021" in (folder / "luohe.yaml.draft").read_text("utf-8")
    page = client.get("/r/luohe.yaml").text
    assert 'value="漯科〔2021"' in page and re.search(r'class="field-error" id="field-error" role="alert">发文字号', page)


def test_a_hand_edit_is_never_overwritten_by_a_page_that_missed_it(client: TestClient, folder: Path) -> None:
    path = folder / "luohe.yaml"
    version = _open(client)
    hand = path.read_text("utf-8").replace("漯河市科学技术局", "漯河市科学技术局（手改）") + "# 手写\n"
    path.write_text(hand, "utf-8")
    answer = _save(client, "网页上写的开头段。", version).json()
    assert answer == {"saved": False, "reload": True}
    assert path.read_text("utf-8") == hand
    [copy] = folder.glob("luohe.网页版本-*.yaml")
    assert re.fullmatch(r"luohe\.网页版本-\d{8}-\d{6}\.yaml", copy.name)
    mine = copy.read_text("utf-8")
    assert "网页上写的开头段。" in mine and "（手改）" not in mine
    page = client.get("/r/luohe.yaml").text
    assert copy.name in page and "另存为" in page and "（手改）" in page
    # a second page still showing the old version is refused the same way
    assert _save(client, "另一个旧页面。", version).json()["reload"]
    assert path.read_text("utf-8") == hand and len(list(folder.glob("luohe.网页版本-*.yaml"))) == 2


def test_the_poll_says_reload_only_for_changes_the_page_has_not_seen(client: TestClient, folder: Path) -> None:
    version = _open(client)
    assert client.get(f"/r/luohe.yaml/state?v={version}").json() == {"reload": False}
    newer = _save(client, "网页上写的开头段。", version).json()["version"]
    # its own saves, and the page it came from: nothing to reload
    assert client.get(f"/r/luohe.yaml/state?v={version}").json() == {"reload": False}
    assert client.get(f"/r/luohe.yaml/state?v={newer}").json() == {"reload": False}
    (folder / "luohe.yaml").write_text((folder / "luohe.yaml").read_text("utf-8") + "# 手写\n", "utf-8")
    assert client.get(f"/r/luohe.yaml/state?v={newer}").json() == {"reload": True}
    assert client.get("/r/luohe.yaml/state").json() == {"reload": True}


def test_a_save_onto_a_file_made_invalid_by_hand_keeps_both(client: TestClient, folder: Path) -> None:
    path = folder / "luohe.yaml"
    version = _open(client)
    path.write_text("year: [\n", "utf-8")
    response = _save(client, "网页上写的开头段。", version)
    assert response.status_code == 200 and response.json()["reload"]
    assert path.read_text("utf-8") == "year: [\n"
    [copy] = folder.glob("luohe.网页版本-*.yaml")
    assert "网页上写的开头段。" in copy.read_text("utf-8")
    page = client.get("/r/luohe.yaml")
    assert page.status_code == 200 and "有错误" in page.text and copy.name in page.text
    no_internals(page.text, folder)


def test_a_save_after_a_restart_onto_a_broken_file_keeps_the_text_as_a_draft(folder: Path) -> None:
    (folder / "luohe.yaml").write_text("year: [\n", "utf-8")
    client = TestClient(create_app(Server(folder)), base_url="http://127.0.0.1:8000")
    response = _save(client, "服务重启前写的开头段。", "0123456789abcdef")
    assert response.status_code == 200 and response.json()["reload"]
    assert "服务重启前写的开头段。" in (folder / "luohe.yaml.draft").read_text("utf-8")


def test_late_saves_from_a_page_never_undo_newer_ones(client: TestClient, folder: Path) -> None:
    version = _open(client)
    assert _save(client, "第三次。", version, page="p1", seq="3").json()["saved"]
    assert _save(client, "第二次。", version, page="p1", seq="2").json() == {"saved": False, "late": True}
    text = (folder / "luohe.yaml").read_text("utf-8")
    assert "第三次。" in text and "第二次。" not in text


def test_concurrent_saves_leave_one_whole_valid_file(folder: Path) -> None:
    import threading

    import httpx

    from drafter.factfile.model import load_facts
    from tests.web.conftest import Live

    live = Live(folder)  # the real server: uvicorn, requests arriving at once
    try:
        with httpx.Client(base_url=live.url()) as client:
            csrf = _csrf(client)
            client.post("/r/luohe.yaml/jump", data={"csrf": csrf, "target": "preamble/preamble"})
            version = _version(client.get("/r/luohe.yaml").text)
        results: list[int] = []

        def send(n: int) -> None:
            with httpx.Client(base_url=live.url()) as own:
                for k in range(5):
                    results.append(own.post("/r/luohe.yaml/save", data={
                        "csrf": csrf, "step": "preamble/preamble", "value": f"第{n}个页面第{k}次保存。",
                        "version": version, "page": f"p{n}", "seq": str(k)}).status_code)

        threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        live.stop()
    assert results == [200] * 20
    preamble = load_facts(folder / "luohe.yaml").facts.preamble
    assert len(preamble) == 1 and re.fullmatch(r"第\d个页面第\d次保存。", preamble[0])
    assert not list(folder.glob("*网页版本*"))  # the server's own writes are no conflict
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_reports_are_guarded_when_the_app_is_called_from_threads(server: Server, folder: Path) -> None:
    # uvicorn runs the handlers on one event loop; each test client (or another ASGI server) may run
    # them on threads of its own, which must not interleave a check of the file with its write
    import threading

    version = _open(TestClient(create_app(server), base_url="http://127.0.0.1:8000"))
    results: list[dict[str, object]] = []

    def send(n: int) -> None:
        own = TestClient(create_app(server), base_url="http://127.0.0.1:8000")
        for k in range(5):
            results.append(_save(own, f"第{n}个页面第{k}次保存。", version, page=f"p{n}", seq=str(k)).json())

    threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.get("saved") for r in results) and not list(folder.glob("*网页版本*"))


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd.yaml", "..%2Fx.yaml", "a%5Cb.yaml",
                                  "nothere.yaml"])
def test_autosave_paths_outside_the_folder_are_refused(client: TestClient, folder: Path, tmp_path: Path,
                                                       name: str) -> None:
    before = sorted(p.name for p in tmp_path.rglob("*"))
    response = _save(client, "x", "0", name=name)
    assert response.status_code in (403, 404)
    no_internals(response.text, folder)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    for url in (f"/r/{name}/pages", f"/r/{name}/pages/0123/1.png"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        no_internals(response.text, folder)


def test_a_form_body_that_is_not_utf8_is_refused_not_saved_with_replacement_characters(client: TestClient,
                                                                                         folder: Path) -> None:
    """A browser always sends UTF-8; bytes that are not (a broken client, a hostile one) were saved with
    U+FFFD in place of the text: nothing a user typed may be replaced silently."""
    from urllib.parse import quote

    before = (folder / "luohe.yaml").read_text("utf-8")
    version = _open(client)
    fields = f"csrf={_csrf(client)}&step=preamble%2Fpreamble&version={version}&value="
    for value in (quote("改写的开头段", encoding="gbk").encode(), "改写".encode("gbk"), b"%E6%94%B9%E5"):
        response = client.post("/r/luohe.yaml/save", content=fields.encode() + value, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        assert response.status_code == 400, (value, response.status_code)
        assert "UTF-8" in response.json()["problem"]
        assert (folder / "luohe.yaml").read_text("utf-8") == before
    assert _save(client, "改写的开头段。", version).json()["saved"]  # proper UTF-8 still saves


def test_huge_autosave_bodies_are_refused_without_reading_them(client: TestClient, folder: Path) -> None:
    before = (folder / "luohe.yaml").read_text("utf-8")
    version = _open(client)
    too_long = _save(client, "长" * 200_001, version)
    assert too_long.status_code == 413 and "太长" in too_long.json()["problem"]
    huge = client.post("/r/luohe.yaml/save", content=b"x" * 10, headers={
        "Content-Length": str(50 * 1024 * 1024), "Content-Type": "application/x-www-form-urlencoded"})
    assert huge.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it is read
        yield f"csrf={_csrf(client)}&step=preamble%2Fpreamble&value=".encode()
        for _ in range(2000):
            yield b"x" * 1024

    streamed = client.post("/r/luohe.yaml/save", content=chunks(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    assert streamed.status_code == 413 and "太长" in streamed.json()["problem"]
    for response in (huge, streamed):
        no_internals(response.text, folder)
    assert (folder / "luohe.yaml").read_text("utf-8") == before


def test_autosave_without_the_csrf_token_in_json_is_refused(client: TestClient, folder: Path) -> None:
    before = (folder / "luohe.yaml").read_bytes()
    response = client.post("/r/luohe.yaml/save", data={"step": "preamble/preamble", "value": "伪造", "version": "x"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 403 and "安全校验码" in response.json()["problem"]
    assert (folder / "luohe.yaml").read_bytes() == before


@pytest.mark.parametrize("step", ["", "../../etc/passwd", "measures/items:menu", "preamble/" + "x" * 5000,
                                  "measures/items[99999999999999999999]/text", "measures/items[-1]/text"])
def test_autosaves_for_no_question_are_refused_and_leave_nothing(client: TestClient, folder: Path, step: str) -> None:
    before = (folder / "luohe.yaml").read_bytes()
    response = _save(client, "x", _open(client), step=step)
    assert response.status_code == 400 and response.json()["problem"] == "请求不完整，没有保存。"
    assert (folder / "luohe.yaml").read_bytes() == before and not (folder / "luohe.yaml.draft").exists()


def test_autosave_for_a_question_gone_keeps_the_text_aside(client: TestClient, folder: Path) -> None:
    answer = _save(client, "删掉的一条里写的", _open(client), step="measures/items[40]/text").json()
    assert not answer["saved"] and "找不到" in answer["error"]
    assert "删掉的一条里写的" in (folder / "luohe.yaml.draft").read_text("utf-8")


def test_malformed_autosaves_get_chinese_answers_in_json(client: TestClient, folder: Path) -> None:
    headers = {"Accept": "application/json"}
    for response in (client.post("/r/luohe.yaml/save", data={"csrf": _csrf(client)}, headers=headers),
                     client.post("/r/luohe.yaml/save", data={"csrf": _csrf(client), "step": "preamble/preamble"},
                                 headers=headers),
                     client.post("/r/luohe.yaml/save", content=b"garbage",
                                 headers={"Content-Type": "multipart/form-data; boundary=zz", **headers}),
                     _save(client, "x", _open(client), page="p" * 100_000, seq="1"),
                     _save(client, "x", _open(client), page="p", seq="9" * 40)):
        assert response.status_code < 500
        no_internals(response.text, folder)
        answer = response.json()
        assert answer.get("saved") or re.search(r"[\u4e00-\u9fff]", answer["problem"])


def _visible(page: str) -> str:
    """The text a reader sees (no tags, no attribute values)."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)))


def test_a_new_report_shows_no_error_about_parts_not_reached_yet(client: TestClient, folder: Path) -> None:
    page = _visible(client.post("/new", data={"csrf": _csrf(client), "agency": "某某市统计局", "year": "2025"}).text)
    assert "缺少必填项" not in page and "sections" not in page
    assert "尚未填写：开头段、主要举措和成效、存在的不足和原因" in page
    assert re.search(r"已答 2/\d+ 题", page) and "全部" not in page.split("目录")[0]
    # once the clerk reaches the body, what is missing there is said, by its Chinese name
    client.post("/r/2025.yaml/jump", data={"csrf": _csrf(client), "target": "measures/items:menu"})
    page = _visible(client.get("/r/2025.yaml").text)
    assert "缺少必填项“正文各部分”" in page and "sections" not in page
    assert "尚未填写：存在的不足和原因" in page  # the parts after it still wait


def test_progress_says_all_answered_only_when_it_is_so(client: TestClient, folder: Path) -> None:
    from tests.helpers.fakeprompter import run
    from tests.interview.test_wizard import FULL

    # luohe-2020 lacks 发文字号 (its plans, written as paragraphs, are asked as paragraphs: answered)
    page = _visible(client.get("/r/luohe.yaml").text)
    assert "已答 37/38 题" in page and "全部" not in page.split("目录")[0]
    path = folder / "luohe.yaml"
    path.write_text(path.read_text("utf-8").replace("year: 2020\n", "year: 2020\ndoc_number: 漯科〔2021〕1号\n"), "utf-8")
    page = _visible(client.get("/r/luohe.yaml").text)
    assert "已答 38/38 题" in page and "全部" not in page.split("目录")[0]  # the optional part's gate waits
    run(folder / "done.yaml", FULL)
    page = client.get("/r/done.yaml").text
    assert 'data-step="other:gate"' in page and "全部" not in _visible(page).split("目录")[0]
    client.post("/r/done.yaml/answer", data={"csrf": _csrf(client), "step": "other:gate", "kind": "confirm",
                                              "value": "否", "version": _version(page)})
    page = _visible(client.get("/r/done.yaml").text)
    assert re.search(r"全部答完（\d+ 题）", page) and "全部问题都已回答" in page


def test_no_page_names_a_field_by_its_internal_key(client: TestClient, folder: Path) -> None:
    from tests.interview.test_wizard_files import LAST_YEAR

    (folder / "empty.yaml").write_text("agency:\n  name: 某局\nyear: 2025\n", "utf-8")
    (folder / "bad.yaml").write_text("year: [\n", "utf-8")
    (folder / "2023.yaml").write_text(LAST_YEAR, "utf-8")
    client.post("/carry", data={"csrf": _csrf(client), "source": "2023.yaml"})
    client.post("/r/2024.yaml/jump", data={"csrf": _csrf(client), "target": "plans/items:menu"})
    for url in ("/", "/r/empty.yaml", "/r/empty.yaml/preview", "/r/bad.yaml", "/r/bad.yaml/preview", "/r/luohe.yaml",
                "/r/2024.yaml"):
        page = _visible(client.get(url).text)
        for word in ("sections", "preamble", "agency", "heading", "kind:", "date", "$schema", "drafter ", "向导"):
            assert word not in page, (url, word)
    page = _visible(client.get("/r/2024.yaml").text)  # the carried report, its body reached: the parts it lacks
    assert "缺少法定内容“存在的不足和原因”" in page and "请增加一个写明“存在的不足和原因”的部分" in page


def test_a_missing_part_is_said_once_the_clerk_comes_to_it(client: TestClient, folder: Path) -> None:
    from tests.interview.test_wizard_files import LAST_YEAR

    (folder / "2023.yaml").write_text(LAST_YEAR, "utf-8")
    client.post("/carry", data={"csrf": _csrf(client), "source": "2023.yaml"})
    page = _visible(client.get("/r/2024.yaml").text)
    assert "缺少法定内容" not in page and "尚未填写：开头段、存在的不足和原因" in page
    client.post("/r/2024.yaml/jump", data={"csrf": _csrf(client), "target": "problems/text"})
    page = _visible(client.get("/r/2024.yaml").text)
    assert "缺少法定内容“存在的不足和原因”" in page and "缺少法定内容“下一年度主要安排”" not in page


def test_a_new_report_is_greeted_as_new(client: TestClient) -> None:
    page = _visible(client.post("/new", data={"csrf": _csrf(client), "agency": "某某市统计局", "year": "2025"}).text)
    assert "已新建 2025.yaml（某某市统计局，2025年度）" in page and "继续填写" not in page


def test_autosave_answers_with_the_progress_and_the_outline_entry(client: TestClient) -> None:
    version = _open(client)
    answer = _save(client, "改写后的开头段，已经比较长了，还在继续写。", version).json()
    assert re.fullmatch(r"已答 \d+/\d+ 题", answer["progress"])
    assert answer["label"].strip() == "开头段：改写后的开头段，已经比较长了，还在继……"


def test_a_conflict_with_a_text_not_acceptable_yet_keeps_it_as_a_draft(client: TestClient, folder: Path) -> None:
    path = folder / "luohe.yaml"
    version = _open(client, target="basics/doc_number")
    path.write_text(path.read_text("utf-8") + "# 手写\n", "utf-8")
    assert _save(client, "漯科〔20", version, step="basics/doc_number").json()["reload"]
    assert not list(folder.glob("*网页版本*")) and path.read_text("utf-8").endswith("# 手写\n")
    page = client.get("/r/luohe.yaml").text
    assert "作为草稿保留" in page and 'value="漯科〔20"' in page


def test_next_on_an_old_page_keeps_its_text_at_its_question(client: TestClient, folder: Path) -> None:
    # two tabs on one report: the second moved the interview on; 下一步 in the first one still saves
    version = _open(client)
    client.post("/r/luohe.yaml/jump", data={"csrf": _csrf(client), "target": "problems/text"})
    response = client.post("/r/luohe.yaml/answer", data={"csrf": _csrf(client), "step": "preamble/preamble",
                                                         "kind": "paragraphs", "value": "第一个标签页写的开头段。",
                                                         "version": version}, follow_redirects=False)
    assert response.status_code == 303
    assert "第一个标签页写的开头段。" in (folder / "luohe.yaml").read_text("utf-8")
    assert 'data-step="problems/text"' in client.get("/r/luohe.yaml").text


def test_the_page_shows_the_count_once_where_autosave_updates_it(client: TestClient) -> None:
    """Autosave updates #progress; the question card once repeated the engine's own count and then
    said 已答 5/12 beside a top line of 6/12."""
    _open(client)
    page = client.get("/r/luohe.yaml").text
    context = re.search(r'<p class="context">(.*?)</p>', page, re.S)
    assert context and "〔2/" in context.group(1) and "已答" not in context.group(1)
    assert re.search(r'<span id="progress">已答 \d+/\d+ 题</span>', page)


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
