"""drafter serve in a real headless Chromium: a complete report through the pages, typing saved into
the fact file that survives a closed tab, a draft with its reason, back and jump, reordering and
deleting items, hand edits on disk (reloaded, never overwritten: both versions kept), carry-over and
import from the home page, the exact page view, the DOCX download, the XSS corpus, CSRF and the
access token. Screenshots for the README are written to docs/ on the way by `make screenshots`."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.web.conftest import Live, wait_for

#: Where the screenshots go: docs/ (the README's pictures) only when asked for with `make screenshots`,
#: so an ordinary test run leaves the committed files alone.
DOCS = Path(os.environ["DRAFTER_SCREENSHOTS"]) if os.environ.get("DRAFTER_SCREENSHOTS") \
    else Path(tempfile.mkdtemp(prefix="drafter-screenshots-"))

ANSWERS = {
    "basics/to": "某某市人民政府",
    "basics/doc_number": "某司〔2026〕1号",
    "basics/date": "2026-02-20",
    "preamble/preamble": "2025年，我局深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下。",
    "measures/items[0]/heading": "健全依法决策机制",
    "measures/items[0]/text": "严格执行重大行政决策程序规定，全年重大决策均经合法性审查。\n推行法律顾问参与决策，意见采纳率明显提高。",
    "problems/text": "一是法治宣传针对性不强。二是执法人员培训覆盖面不够。",
    "leader/text": "主要负责人认真履行推进法治建设第一责任人职责，专题研究法治政府建设工作4次。",
    "plans/items[0]/heading": "加强执法队伍建设",
    "plans/items[0]/text": "组织全员执法培训，开展案卷评查。",
}


@contextmanager
def polling_held(driver: WebDriver) -> Iterator[None]:
    """The page's look for hand edits held back (its request blocked in the browser), so the file
    can change between the page's last look and its next write, as it does between two polls."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/state?*"]})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def mark(driver: WebDriver) -> None:
    driver.execute_script("window.__stale = true;")


def wait_new_page(driver: WebDriver) -> None:
    wait_for(lambda: driver.execute_script("return window.__stale === undefined && document.readyState === 'complete'"),
             "the next page")


def current(driver: WebDriver) -> tuple[str, str] | None:
    forms = driver.find_elements(By.ID, "answer-form")
    if not forms:
        return None
    return forms[0].get_attribute("data-step") or "", forms[0].get_attribute("data-kind") or ""


def field(driver: WebDriver) -> Any:
    return driver.find_element(By.ID, "answer")


def type_answer(driver: WebDriver, text: str) -> None:
    box = field(driver)
    box.clear()
    box.send_keys(text)


def submit(driver: WebDriver, button: str = "next") -> None:
    mark(driver)
    driver.find_element(By.ID, button).click()
    wait_new_page(driver)


def choose(driver: WebDriver, label_part: str) -> None:
    for label in driver.find_elements(By.CSS_SELECTOR, ".choices .choice"):
        if label_part in label.text:
            label.find_element(By.TAG_NAME, "input").click()
            submit(driver)
            return
    raise AssertionError(f"no choice {label_part!r}")


def jump_to(driver: WebDriver, label_part: str) -> None:
    """Click the outline entry whose label contains `label_part` and wait for its question."""
    mark(driver)
    next(b for b in driver.find_elements(By.CSS_SELECTOR, "button.jump") if label_part in b.text).click()
    wait_new_page(driver)


def open_page(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete", url)


def new_report(driver: WebDriver, live: Live, agency: str = "某某市司法局", year: str = "2025") -> None:
    open_page(driver, live.url())
    driver.find_element(By.NAME, "agency").send_keys(agency)
    year_box = driver.find_element(By.NAME, "year")
    year_box.clear()
    year_box.send_keys(year)
    mark(driver)
    driver.find_element(By.CSS_SELECTOR, "#new-form button").click()
    wait_new_page(driver)


def answer_all(driver: WebDriver, answers: dict[str, str], shots: bool = False, limit: int = 60) -> None:
    for _ in range(limit):
        now = current(driver)
        if now is None:
            return
        step, kind = now
        if kind in ("line", "paragraphs"):
            if step in answers:
                type_answer(driver, answers[step])
            if shots and step == "preamble/preamble":
                wait_for(lambda: save_state(driver) == "saved", "the save indicator")
                driver.save_screenshot(str(DOCS / "serve-question.png"))
            submit(driver)
        elif kind == "confirm":
            submit(driver, "answer-no" if step.endswith(":ask") or step.endswith(":gate") else "answer-yes")
        else:
            labels = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".choices .choice")]
            done = next((t for t in labels if "写完了" in t), None)
            choose(driver, done or labels[0])
    raise AssertionError(f"the interview did not finish: at {current(driver)}: "
                         f"{[e.text for e in driver.find_elements(By.CSS_SELECTOR, '.field-error, .notice')]}")


@pytest.mark.timeout(300)
def test_complete_report_through_the_pages_and_download_the_docx(chrome: WebDriver, live: Live, folder: Path,
                                                                  downloads: Path) -> None:
    import docx

    open_page(chrome, live.url())
    assert "这个文件夹中还没有报告" in chrome.find_element(By.TAG_NAME, "main").text
    new_report(chrome, live)
    assert (folder / "2025.yaml").exists()
    answer_all(chrome, ANSWERS, shots=True)
    assert chrome.find_element(By.CSS_SELECTOR, "h1.done").text == "全部问题都已回答"
    text = (folder / "2025.yaml").read_text("utf-8")
    for value in ANSWERS.values():
        assert value.split("\n")[0] in text
    # the preview, in the official look
    open_page(chrome, live.url("/r/2025.yaml/preview"))
    sheet = chrome.find_element(By.CSS_SELECTOR, ".sheet")
    assert "某某市司法局关于2025年度法治政府建设情况的报告" in sheet.text.replace("\n", "")
    assert "一、" in sheet.text and "健全依法决策机制" in sheet.text
    chrome.save_screenshot(str(DOCS / "serve-preview.png"))
    open_page(chrome, live.url())
    row = chrome.find_element(By.CSS_SELECTOR, "table.reports tbody tr").text
    assert "2025.yaml" in row and "某某市司法局" in row
    chrome.save_screenshot(str(DOCS / "serve-home.png"))
    # the DOCX, downloaded by the browser and opened with python-docx
    for old in downloads.glob("*"):
        old.unlink()
    open_page(chrome, live.url("/r/2025.yaml"))
    chrome.find_element(By.ID, "download-docx").click()
    got = wait_for(lambda: [p for p in downloads.glob("*.docx")], "the DOCX download", timeout=90)
    wait_for(lambda: not list(downloads.glob("*.crdownload")), "the download to finish", timeout=60)
    document = docx.Document(str(got[0]))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "健全依法决策机制" in body and "某某市人民政府：" in body


def to_question(driver: WebDriver, step: str, limit: int = 8) -> None:
    """Answer with 下一步 (keeping what is there) until the question `step` is shown."""
    for _ in range(limit):
        if (current(driver) or ("", ""))[0] == step:
            return
        submit(driver)
    raise AssertionError(f"never reached {step}: at {current(driver)}")


def save_state(driver: WebDriver) -> str:
    return str(driver.execute_script("return document.body.dataset.saveState || ''"))


@pytest.mark.timeout(120)
def test_typing_is_saved_into_the_fact_file_and_survives_a_closed_tab(chrome: WebDriver, live: Live,
                                                                       folder: Path) -> None:
    new_report(chrome, live, "某某县财政局")
    path = folder / "2025.yaml"
    path.write_text(path.read_text("utf-8") + "# 手写的注释：开头段请局长审定\n", "utf-8")
    open_page(chrome, live.url("/r/2025.yaml"))  # the page is made from the file with the comment
    to_question(chrome, "preamble/preamble")
    original = chrome.current_window_handle
    field(chrome).send_keys("第一段已经写完。")
    wait_for(lambda: save_state(chrome) == "saved", "the save indicator")
    assert "已自动保存到报告文件" in chrome.find_element(By.ID, "autosave-status").text
    assert "开头段：第一段已经写完。" in chrome.find_element(By.CSS_SELECTOR, "button.jump.here").text  # no reload
    text = path.read_text("utf-8")
    assert "第一段已经写完。" in text and "# 手写的注释：开头段请局长审定" in text  # the same round-trip writer
    field(chrome).send_keys("\n第二段写到一半")
    chrome.switch_to.new_window("tab")
    spare = chrome.current_window_handle
    chrome.switch_to.window(original)
    chrome.close()  # mid-paragraph, before the debounce: the page sends it as it goes
    chrome.switch_to.window(spare)
    wait_for(lambda: "第二段写到一半" in path.read_text("utf-8"), "the text in the fact file")
    text = path.read_text("utf-8")
    assert "  第一段已经写完。\n  第二段写到一半\n" in text and "# 手写的注释：开头段请局长审定" in text
    open_page(chrome, live.url("/r/2025.yaml"))
    assert current(chrome) == ("preamble/preamble", "paragraphs")
    assert field(chrome).get_property("value") == "第一段已经写完。\n第二段写到一半"
    # a restarted server (a crash, a power cut) asks the same question with the text: it is in the file
    again = Live(folder)
    try:
        open_page(chrome, again.url("/r/2025.yaml"))
        assert current(chrome) == ("preamble/preamble", "paragraphs")
        assert field(chrome).get_property("value") == "第一段已经写完。\n第二段写到一半"
    finally:
        again.stop()


@pytest.mark.timeout(120)
def test_a_value_not_acceptable_yet_stays_a_draft_with_the_reason_by_the_field(chrome: WebDriver, live: Live,
                                                                                folder: Path) -> None:
    new_report(chrome, live, "某某县统计局")
    to_question(chrome, "basics/date")
    before = (folder / "2025.yaml").read_text("utf-8")
    field(chrome).send_keys("2026-0")
    wait_for(lambda: save_state(chrome) == "draft", "the draft indicator")
    message = chrome.find_element(By.ID, "field-error")
    assert message.is_displayed() and "日期" in message.text
    assert (folder / "2025.yaml").read_text("utf-8") == before
    assert "2026-0" in (folder / "2025.yaml.draft").read_text("utf-8")
    open_page(chrome, live.url("/r/2025.yaml"))  # reopened: the draft and its reason are shown again
    assert field(chrome).get_property("value") == "2026-0"
    assert "日期" in chrome.find_element(By.ID, "field-error").text
    field(chrome).send_keys("2-20")
    wait_for(lambda: save_state(chrome) == "saved", "the save indicator")
    assert not chrome.find_element(By.ID, "field-error").is_displayed()
    assert "date: 2026-02-20" in (folder / "2025.yaml").read_text("utf-8")


@pytest.mark.timeout(120)
def test_the_preview_follows_the_typing(chrome: WebDriver, live: Live, folder: Path) -> None:
    new_report(chrome, live, "某某县农业农村局")
    to_question(chrome, "preamble/preamble")
    field(chrome).send_keys("正在输入的开头段，还没有提交")
    # while the frame reloads its document has no body yet: read it as empty and wait on
    preview = "return document.getElementById('preview-frame').contentDocument?.body?.textContent ?? ''"
    wait_for(lambda: "正在输入的开头段，还没有提交" in str(chrome.execute_script(preview)), "the preview to follow")
    assert "正在输入的开头段，还没有提交" in (folder / "2025.yaml").read_text("utf-8")  # saved as typed


@pytest.mark.timeout(120)
def test_back_and_jump(chrome: WebDriver, live: Live) -> None:
    new_report(chrome, live, "某某区教育局")
    type_answer(chrome, "某某区人民政府")
    assert current(chrome) == ("basics/to", "line")
    submit(chrome)
    assert current(chrome) == ("basics/doc_number", "line")
    submit(chrome, "back")
    assert current(chrome) == ("basics/to", "line")
    assert field(chrome).get_property("value") == "某某区人民政府"
    mark(chrome)
    jump = next(b for b in chrome.find_elements(By.CSS_SELECTOR, "button.jump") if "机关全称" in b.text)
    jump.click()
    wait_new_page(chrome)
    assert current(chrome) == ("basics/agency.name", "line")
    assert field(chrome).get_property("value") == "某某区教育局"
    assert "here" in (chrome.find_element(By.CSS_SELECTOR, "button.jump.here").get_attribute("class") or "")


REORDER = """\
agency:
  name: 某某市水利局
year: 2025
preamble: |
  2025年，我局扎实推进法治政府建设。
sections:
  - kind: measures
    items:
      # 第一条的注释
      - heading: 甲举措
        text: |
          甲的正文。
      - heading: 乙举措
        text: |
          乙的正文。
      - heading: 丙举措
        text: |
          丙的正文。
"""


def open_water_report(driver: WebDriver, live: Live, folder: Path) -> Path:
    """REORDER as 水利.yaml, open at its list of measures."""
    path = folder / "水利.yaml"
    path.write_text(REORDER, "utf-8")
    open_page(driver, live.url("/r/%E6%B0%B4%E5%88%A9.yaml"))
    jump_to(driver, "举措列表")
    return path


@pytest.mark.timeout(120)
def test_reorder_items_keeps_comments(chrome: WebDriver, live: Live, folder: Path) -> None:
    path = open_water_report(chrome, live, folder)
    assert current(chrome) == ("measures/items:menu", "select")
    choose(chrome, "调整顺序")
    choose(chrome, "丙举措")
    choose(chrome, "第 1 位")
    text = path.read_text("utf-8")
    assert text.index("丙举措") < text.index("甲举措") < text.index("乙举措")
    assert text.index("# 第一条的注释") < text.index("甲举措")
    assert "# 第一条的注释" in text


@pytest.mark.timeout(120)
def test_hand_edit_on_disk_is_reloaded_and_never_overwritten(chrome: WebDriver, live: Live, folder: Path) -> None:
    new_report(chrome, live, "某某市商务局")
    path = folder / "2025.yaml"
    assert current(chrome) == ("basics/to", "line")
    path.write_text(path.read_text("utf-8").replace("某某市商务局", "某某市商务局（手改）"), "utf-8")
    question_text = ("return document.readyState === 'complete' ? "
                     "((document.querySelector('.question') || {}).textContent || '') : ''")
    wait_for(lambda: "在别处被修改过" in str(chrome.execute_script(question_text)), "the page to reload the hand edit")
    assert "某某市商务局（手改）" in chrome.find_element(By.CSS_SELECTOR, "header.top").text
    # the file is edited again and the clerk types before the page has looked: both versions are kept
    with polling_held(chrome):
        path.write_text(path.read_text("utf-8") + "# 手写的注释\n", "utf-8")
        hand = path.read_text("utf-8")
        mark(chrome)
        field(chrome).send_keys("某某市人民政府")
        wait_new_page(chrome)  # the autosave found the edit: the page is made again from the file
        assert path.read_text("utf-8") == hand
        copies = list(folder.glob("2025.网页版本-*.yaml"))
        assert len(copies) == 1
        mine = copies[0].read_text("utf-8")
        assert "to: 某某市人民政府" in mine and "某某市商务局（手改）" in mine and "# 手写的注释" not in mine
        notice = chrome.find_element(By.CSS_SELECTOR, ".question .notice").text
        assert "另存为" in notice and copies[0].name in notice
        assert field(chrome).get_property("value") == ""  # the file's value, not the page's
        chrome.save_screenshot(str(DOCS / "serve-conflict.png"))
        # the same for 下一步 on a page that missed an edit
        chrome.execute_script("document.getElementById('answer').value = '某某市司法局';")  # no autosave
        path.write_text(path.read_text("utf-8") + "# 第二条注释\n", "utf-8")
        mark(chrome)
        chrome.execute_script("document.getElementById('answer-form').submit();")
        wait_new_page(chrome)
        text = path.read_text("utf-8")
        assert "# 第二条注释" in text and "某某市司法局" not in text
        assert any("某某市司法局" in c.read_text("utf-8") for c in folder.glob("2025.网页版本-*.yaml"))
        assert "另存为" in chrome.find_element(By.CSS_SELECTOR, ".question .notice").text
    type_answer(chrome, "某某市人民政府")
    submit(chrome)  # the page has seen the file now: written, every comment kept
    text = path.read_text("utf-8")
    assert "to: 某某市人民政府" in text and "# 手写的注释" in text and "# 第二条注释" in text


XSS = ["<script>window.__xss=1</script>", "\"><img src=x onerror=window.__xss=2>", "' onmouseover='window.__xss=3",
       "{{ 7*7 }}", "{% raw %}x{% endraw %}", "\u202eRTL\u202c", "零\u200b宽"]


@pytest.mark.timeout(120)
def test_xss_corpus_is_shown_literally(chrome: WebDriver, live: Live, folder: Path) -> None:
    path = folder / "xss.yaml"
    measures = "\n".join(f"      - heading: 第{i}条{s!r}\n        text: |\n          {s}" for i, s in enumerate(XSS))
    path.write_text("agency:\n  name: 某某局\nyear: 2025\npreamble: |\n"
                    + "".join(f"  {s}\n" for s in XSS)
                    + "sections:\n  - kind: measures\n    items:\n"
                    + "\n".join(f"      - heading: {json.dumps('题' + s, ensure_ascii=False)}\n        text: |\n"
                                f"          {s}" for s in XSS) + "\n", "utf-8")
    del measures
    open_page(chrome, live.url("/r/xss.yaml"))
    jump_to(chrome, "开头段")
    assert current(chrome) == ("preamble/preamble", "paragraphs")
    assert field(chrome).get_property("value").split("\n") == XSS
    outline = chrome.find_element(By.CSS_SELECTOR, ".outline").text
    assert "题<script>window.__xss=1</script>" in outline
    assert "{{ 7*7 }}" in outline and "49" not in outline
    open_page(chrome, live.url("/r/xss.yaml/preview"))
    sheet = chrome.execute_script("return document.querySelector('.sheet').textContent")
    for s in XSS:
        assert s in sheet, s
    for url in ("/r/xss.yaml", "/r/xss.yaml/preview", "/"):
        open_page(chrome, live.url(url))
        assert chrome.execute_script("return window.__xss") is None
        assert not chrome.find_elements(By.CSS_SELECTOR, "main img, .sheet img")


@pytest.mark.timeout(60)
def test_a_write_without_the_csrf_token_is_refused(chrome: WebDriver, live: Live, folder: Path) -> None:
    new_report(chrome, live, "某某市审计局")
    before = (folder / "2025.yaml").read_text("utf-8")
    status = chrome.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const data = new FormData(); data.append('step', 'basics/to'); data.append('value', '伪造');
        fetch('/r/2025.yaml/answer', {method: 'POST', body: data}).then(r => done(r.status));""")
    assert status == 403
    assert (folder / "2025.yaml").read_text("utf-8") == before


@pytest.mark.timeout(60)
def test_a_server_off_loopback_refuses_a_visit_without_the_token(chrome: WebDriver, folder: Path) -> None:
    guarded = Live(folder, token="s3cret-token-for-the-test")
    try:
        open_page(chrome, guarded.url("/"))
        assert "需要访问码" in chrome.find_element(By.TAG_NAME, "main").text
        assert not chrome.find_elements(By.ID, "new-form")
        open_page(chrome, guarded.url("/?token=s3cret-token-for-the-test"))
        assert chrome.find_elements(By.ID, "new-form")
        assert "token" not in chrome.current_url
        open_page(chrome, guarded.url("/"))  # the cookie now carries it
        assert chrome.find_elements(By.ID, "new-form")
    finally:
        guarded.stop()


@pytest.mark.timeout(120)
def test_delete_an_item_keeps_the_others_and_their_comments(chrome: WebDriver, live: Live, folder: Path) -> None:
    path = open_water_report(chrome, live, folder)
    choose(chrome, "删除其中一条")
    choose(chrome, "乙举措")
    assert current(chrome) == ("measures/items:menu:delete", "confirm")
    assert "确定删除“（二）乙举措”吗" in chrome.find_element(By.CSS_SELECTOR, ".question .message").text
    submit(chrome, "answer-yes")
    text = path.read_text("utf-8")
    assert "乙举措" not in text and "乙的正文" not in text
    assert "甲举措" in text and "丙举措" in text and "# 第一条的注释" in text
    outline = chrome.find_element(By.CSS_SELECTOR, ".outline").text
    assert "乙举措" not in outline and "第二条举措：丙举措" in outline


@pytest.mark.timeout(120)
def test_carry_over_from_last_years_report_on_the_home_page(chrome: WebDriver, live: Live, folder: Path) -> None:
    from tests.interview.test_wizard_files import LAST_YEAR

    (folder / "2023.yaml").write_text(LAST_YEAR, "utf-8")
    open_page(chrome, live.url())
    from selenium.webdriver.support.select import Select

    Select(chrome.find_element(By.NAME, "source")).select_by_visible_text("2023.yaml（2023年度）")
    mark(chrome)
    chrome.find_element(By.CSS_SELECTOR, "#carry-form button").click()
    wait_new_page(chrome)
    assert chrome.current_url.endswith("/r/2024.yaml")
    assert "已从 2023.yaml 结转为 2024.yaml" in chrome.find_element(By.CSS_SELECTOR, ".question").text
    assert "龙泉市科学技术局 2024年度" in chrome.find_element(By.CSS_SELECTOR, "header.top").text
    carried = (folder / "2024.yaml").read_text("utf-8")
    assert "year: 2024" in carried and "加强干部学法培训" in carried
    # last year's plans are this year's measures, each asked about in turn
    answers = {"basics/doc_number": "龙科〔2025〕1号", "basics/date": "2025-01-20", "preamble/preamble": "2024年的开头段。"}
    for _ in range(8):
        step, kind = current(chrome) or ("", "")
        if step.endswith(":carry"):
            break
        if step in answers:
            type_answer(chrome, answers[step])
        submit(chrome, "answer-yes" if kind == "confirm" else "next")
    assert (current(chrome) or ("", ""))[0] == "measures/items[0]:carry"
    assert "加强干部学法培训" in chrome.find_element(By.CSS_SELECTOR, ".question").text


def _upload(driver: WebDriver, live: Live, source: Path) -> None:
    open_page(driver, live.url())
    driver.find_element(By.ID, "upload-file").send_keys(str(source))
    assert driver.find_element(By.ID, "upload-name").text == source.name
    mark(driver)
    driver.find_element(By.CSS_SELECTOR, "#import-form button").click()
    wait_new_page(driver)


@pytest.mark.timeout(180)
def test_importing_a_docx_and_a_txt_opens_the_report_with_their_text(chrome: WebDriver, live: Live, folder: Path,
                                                                     tmp_path: Path) -> None:
    from drafter.pipeline import run

    examples = Path(__file__).resolve().parents[2] / "examples"
    built = tmp_path / "built"
    built.mkdir()
    (built / "facts.yaml").write_text((examples / "longquan-2023" / "facts.yaml").read_text("utf-8"), "utf-8")
    docx = run(built / "facts.yaml", tmp_path / "龙泉2023.docx").output
    _upload(chrome, live, docx)
    assert chrome.current_url.endswith("/r/%E9%BE%99%E6%B3%892023.yaml")
    page = chrome.find_element(By.TAG_NAME, "main").text
    assert "已从“龙泉2023.docx”导入为 龙泉2023.yaml" in page
    assert "龙泉市科学技术局 2023年度" in chrome.find_element(By.CSS_SELECTOR, "header.top").text
    outline = chrome.find_element(By.CSS_SELECTOR, ".outline").text
    assert "深入学习贯彻习近平法治思想" in outline
    # the imported text is what the interview asks about
    jump_to(chrome, "开头段")
    assert current(chrome) == ("preamble/preamble", "paragraphs")
    assert "龙泉市科学技术局" in field(chrome).get_property("value")

    source = tmp_path / "漯河2020.txt"
    source.write_bytes((examples / "luohe-2020" / "source.txt").read_bytes())
    _upload(chrome, live, source)
    assert "已从“漯河2020.txt”导入为 漯河2020.yaml" in chrome.find_element(By.TAG_NAME, "main").text
    assert "加强领导组织，夯实工作责任" in chrome.find_element(By.CSS_SELECTOR, ".outline").text
    assert "加强领导组织，夯实工作责任" in (folder / "漯河2020.yaml").read_text("utf-8")


@pytest.mark.timeout(300)
def test_the_exact_page_view_shows_each_page_of_the_real_render(chrome: WebDriver, live: Live, folder: Path) -> None:
    import urllib.request

    import pypdfium2

    example = Path(__file__).resolve().parents[2] / "examples" / "luohe-2020" / "facts.yaml"
    (folder / "luohe.yaml").write_text(example.read_text("utf-8"), "utf-8")
    open_page(chrome, live.url("/r/luohe.yaml"))
    href = chrome.find_element(By.ID, "open-pages").get_attribute("href")
    assert href
    open_page(chrome, href)
    images = chrome.find_elements(By.CSS_SELECTOR, "img.page")
    loaded = "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
    wait_for(lambda: chrome.execute_script(loaded), "every page image to load", timeout=60)
    widths = chrome.execute_script("return Array.from(document.querySelectorAll('img.page')).map(i => i.naturalWidth)")
    chrome.save_screenshot(str(DOCS / "serve-pages.png"))
    with urllib.request.urlopen(live.url("/r/luohe.yaml/download/pdf"), timeout=120) as response:
        pdf = pypdfium2.PdfDocument(response.read())
    assert len(images) == len(pdf) > 1
    assert all(w > 800 for w in widths)
    assert f"共 {len(pdf)} 页" in chrome.find_element(By.CSS_SELECTOR, ".pages-head").text
