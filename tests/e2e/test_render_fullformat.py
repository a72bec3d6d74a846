"""Proof by rendering for the full official format: 版头, both signature modes, attachments, 版记.

Three fact files cover the variants; each is built, converted once with LibreOffice (two at
a time) and then measured by several tests: positions of text from its baselines, rules
(the red separator line, the 版记 lines) from the PDF's drawing, and the visible top edge
of the red 发文机关标志 from the rendered page.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from drafter.docx.libreoffice import convert_to_pdf
from drafter.docx.render import build
from drafter.text.width import set_width
from tests.helpers import pdfdraw as pd
from tests.helpers import pdfmeasure as pm
from tests.helpers.samples import MINIMAL

pytestmark = pytest.mark.render

CHAR = 15.75  # one 字 of body text (16 pt condensed by 0.25 pt)
LINE = 579 / 20  # the exact line pitch, 28.95 pt
TYPE_WIDTH = pm.TYPE_AREA_RIGHT - pm.TYPE_AREA_LEFT
LONG_ATTACHMENT = "2023年度龙泉市科学技术局重大行政决策事项目录清单及公众参与专家论证风险评估情况汇总表"

VARIANTS = {
    # 版头, seal (署名 wider than the date), 附注, two attachments (one wraps, one has a page), full 版记.
    "letterhead": MINIMAL + f"""\
to: 龙泉市人民政府
doc_number: 龙科〔2024〕2号
letterhead:
  signer: 张三
seal: true
note: 此件公开发布
attachments:
  - {LONG_ATTACHMENT}
  - title: 2023年度行政执法统计数据
    text: |
      2023年，共开展行政检查14次，行政处罚5件。
      全局应持证人员4人，持证率100%。
imprint:
  cc: [龙泉市司法局, 丽水市科学技术局]
  printer: 龙泉市科学技术局办公室
  date: 2024-01-31
""",
    # No seal, the date wider than 署名; one attachment named only; 版记 without 抄送.
    "wide-date": MINIMAL.replace("date: 2024-01-30", "date: 2024-12-30") + f"""\
signature: 龙泉市科技局
attachments: [{LONG_ATTACHMENT}]
imprint:
  printer: 龙泉市科学技术局办公室
  date: 2024-12-31
""",
    # Seal with the date wider than 署名; a 发文机关标志 too long for one line at 初号; 抄送 only.
    "seal-wide-date": MINIMAL.replace("date: 2024-01-30", "date: 2024-12-30") + """\
signature: 龙泉市科技局
seal: true
doc_number: 龙科〔2024〕12号
letterhead:
  name: 龙泉市科学技术局龙泉市司法局联合文件
  signer: 李四
imprint:
  cc: 龙泉市人民政府办公室
""",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, list[pd.DrawnPage]]]:
    pm.require_render_tools()
    pm.require_stand_in_fonts()
    folder = tmp_path_factory.mktemp("fullformat")

    def one(name: str) -> tuple[str, tuple[Path, list[pd.DrawnPage]]]:
        facts = folder / f"{name}.yaml"
        facts.write_text(VARIANTS[name], encoding="utf-8")
        pdf = convert_to_pdf(build(facts).output, folder / f"{name}.pdf")
        return name, (pdf, pd.read_drawing(pdf))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, VARIANTS))


def _x(chars: float) -> float:
    """x of a position `chars` 字 from the type area's left edge."""
    return pm.TYPE_AREA_LEFT + chars * CHAR


# --- 版头 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["letterhead", "seal-wide-date"])
def test_letterhead_name_is_red_centred_and_35_mm_below_the_type_area_top(rendered, variant):
    pdf, pages = rendered[variant]
    first = pages[0]
    name = first.lines[0]
    assert name.text.endswith("文件")
    assert all(pd.is_red(c["non_stroking_color"]) for c in name.chars)
    assert name.size == 42
    assert all("NotoSerifCJK" in f and "Bold" in f for f in name.fonts(name.text))  # the 小标宋 stand-in
    centre = (name.x0 + name.x1) / 2
    assert abs(centre - (pm.TYPE_AREA_LEFT + pm.TYPE_AREA_RIGHT) / 2) < 1.5
    assert name.x0 >= pm.TYPE_AREA_LEFT - 0.5 and name.x1 <= pm.TYPE_AREA_RIGHT + 0.5  # squeezed when long
    rows = pd.ink_rows(pdf, 1, pd.red_pixel, pm.TYPE_AREA_TOP, name.baseline)
    assert rows is not None, "no red ink above the 发文机关标志's baseline"
    ink_top, _ = rows
    assert abs(pm.mm(ink_top - pm.TYPE_AREA_TOP) - 35) < 1.0, pm.mm(ink_top - pm.TYPE_AREA_TOP)


def test_a_long_letterhead_name_is_squeezed_onto_one_line(rendered):
    _, pages = rendered["seal-wide-date"]
    name = pages[0].lines[0]
    assert name.text == "龙泉市科学技术局龙泉市司法局联合文件"
    assert name.x1 - name.x0 > TYPE_WIDTH - 20  # as wide as the type area, not wrapped


@pytest.mark.parametrize("variant, number, signer", [("letterhead", "龙科〔2024〕2号", "张三"),
                                                     ("seal-wide-date", "龙科〔2024〕12号", "李四")])
def test_number_and_signer_share_one_line_one_character_in_from_each_side(rendered, variant, number, signer):
    _, pages = rendered[variant]
    line = pages[0].find("签发人")
    assert line.text == number + "签发人：" + signer
    assert abs(line.x0 - _x(1)) < 1.0  # 发文字号 居左空一字
    assert abs(pm.TYPE_AREA_RIGHT - line.x1 - CHAR) < 1.5  # 签发人 居右空一字
    assert line.fonts("签发人：") == {"FandolFang-Regular"}  # 仿宋
    assert line.fonts(signer) == {"FandolKai-Regular"}  # name in 楷体
    name = pages[0].lines[0]
    gap = line.em_top - name.em_bottom
    assert 2 * LINE <= gap <= 2.6 * LINE, gap / LINE  # 发文机关标志下空二行


@pytest.mark.parametrize("variant", ["letterhead", "seal-wide-date"])
def test_red_rule_is_4_mm_below_the_number_as_wide_as_the_type_area(rendered, variant):
    _, pages = rendered[variant]
    first = pages[0]
    red = [r for r in first.rules if pd.is_red(r.color)]
    assert len(red) == 1, red
    (rule,) = red
    assert abs(rule.x0 - pm.TYPE_AREA_LEFT) < 0.5 and abs(rule.x1 - pm.TYPE_AREA_RIGHT) < 0.5
    assert abs(pm.mm(rule.width) - 156) < 0.3
    number = first.find("签发人")
    assert abs(pm.mm(rule.y - number.em_bottom) - 4) < 0.5, pm.mm(rule.y - number.em_bottom)
    title = first.lines[first.lines.index(number) + 1]
    assert "报告" in title.text or "关于" in title.text
    assert 2 * LINE <= title.em_top - rule.y <= 2.5 * LINE, (title.em_top - rule.y) / LINE  # 下空二行


# --- signature block ---------------------------------------------------------------------


def _signature_and_date(pages: list[pd.DrawnPage], signature: str, date: str) -> tuple[pd.TextLine, pd.TextLine]:
    for page in pages:
        sigs = [line for line in page.lines if line.text == signature]
        dates = [line for line in page.lines if line.text == date]
        if sigs and dates:
            assert dates[0].baseline - sigs[-1].baseline == pytest.approx(LINE, abs=0.5)  # date on the next line
            return sigs[-1], dates[0]
    raise AssertionError("署名/成文日期 not found")


def test_with_seal_the_date_is_4_characters_in_and_the_signature_centred_on_it(rendered):
    _, pages = rendered["letterhead"]
    sig, date = _signature_and_date(pages, "龙泉市科学技术局", "2024年1月30日")
    assert abs(pm.TYPE_AREA_RIGHT - date.x1 - 4 * CHAR) < 1.0  # 右空四字
    nominal_date_left = 28 - 4 - set_width("2024年1月30日")
    assert abs(sig.x0 - _x(nominal_date_left + (set_width("2024年1月30日") - 8) / 2)) < 1.0
    # Centred on the date as rendered: the date is measured with the space LibreOffice (and
    # Word) put between its digits and 年月日 (issue 20: it used to sit 7.4 pt off centre).
    assert abs((sig.x0 + sig.x1) / 2 - (date.x0 + date.x1) / 2) < 0.15 * CHAR


def test_with_seal_a_date_wider_than_the_signature_keeps_both_centred(rendered):
    _, pages = rendered["seal-wide-date"]
    sig, date = _signature_and_date(pages, "龙泉市科技局", "2024年12月30日")
    assert abs(pm.TYPE_AREA_RIGHT - date.x1 - 4 * CHAR) < 1.0
    d = set_width("2024年12月30日")
    assert abs(sig.x0 - _x(28 - 4 - d + (d - 6) / 2)) < 1.0
    assert sig.x0 > date.x0 and sig.x1 < date.x1
    assert abs((sig.x0 + sig.x1) / 2 - (date.x0 + date.x1) / 2) < 0.15 * CHAR


def test_with_seal_two_blank_lines_leave_room_for_the_seal(rendered):
    _, pages = rendered["letterhead"]
    sig, _ = _signature_and_date(pages, "龙泉市科学技术局", "2024年1月30日")
    page = next(p for p in pages if sig in p.lines)
    above = page.lines[page.lines.index(sig) - 1]
    assert sig.baseline - above.baseline == pytest.approx(3 * LINE, abs=0.5)


def test_without_seal_a_wider_date_is_2_characters_in_and_the_signature_2_left_of_it(rendered):
    _, pages = rendered["wide-date"]
    sig, date = _signature_and_date(pages, "龙泉市科技局", "2024年12月30日")
    assert abs(pm.TYPE_AREA_RIGHT - date.x1 - 2 * CHAR) < 1.0  # 日期右空二字
    assert abs(sig.x0 - _x(28 - 2 - set_width("2024年12月30日") - 2)) < 1.0  # 署名首字 two 字 left of the date's
    # ... as rendered, too (issue 20: the date started one 字 right of the 署名, not two)
    assert abs(date.x0 - sig.x0 - 2 * CHAR) < 0.15 * CHAR
    page = next(p for p in pages if sig in p.lines)
    above = page.lines[page.lines.index(sig) - 1]
    assert sig.baseline - above.baseline == pytest.approx(2 * LINE, abs=0.5)  # one blank line


def test_note_follows_the_date_in_parentheses_two_characters_in(rendered):
    _, pages = rendered["letterhead"]
    _, date = _signature_and_date(pages, "龙泉市科学技术局", "2024年1月30日")
    page = next(p for p in pages if date in p.lines)
    note = page.lines[page.lines.index(date) + 1]
    assert note.text == "（此件公开发布）"
    assert note.baseline - date.baseline == pytest.approx(LINE, abs=0.5)
    assert abs(note.x0 - _x(2)) < 1.0


# --- attachments ---------------------------------------------------------------------------


def _attachment_note(pages: list[pd.DrawnPage]) -> tuple[pd.DrawnPage, list[pd.TextLine]]:
    for page in pages:
        for i, line in enumerate(page.lines):
            if line.text.startswith("附件："):
                return page, page.lines[i:i + 3]
    raise AssertionError("附件说明 not found")


def test_numbered_attachment_note_wraps_aligned_with_the_name(rendered):
    _, pages = rendered["letterhead"]
    _, (first, wrap, second) = _attachment_note(pages)
    assert first.text.startswith("附件：1.2023")
    assert abs(first.x0 - _x(2)) < 1.0  # 左空二字
    # The continuation starts under the name: 2 + 3 (附件：) + 1 (“1.”, two half-width characters).
    assert abs(wrap.x0 - _x(6)) < 1.0
    # The stand-in font's digits are proportional (narrower than the half 字 of 仿宋_GB2312).
    assert abs(wrap.x0 - first.x_of("2023")) < 0.3 * CHAR
    assert LONG_ATTACHMENT.startswith(first.text[len("附件：1."):] + wrap.text)
    assert second.text == "2.2023年度行政执法统计数据"
    assert abs(second.x0 - first.x_of("1.")) < 1.0  # numbers under each other


def test_single_attachment_note_has_no_number_and_wraps_after_the_colon(rendered):
    _, pages = rendered["wide-date"]
    _, (first, wrap, _) = _attachment_note(pages)
    assert first.text.startswith("附件：2023")
    assert abs(wrap.x0 - first.x_of("2023")) < 1.0
    assert LONG_ATTACHMENT == first.text[len("附件："):] + wrap.text


def test_attachment_with_text_starts_a_new_page_with_label_and_centred_title(rendered):
    _, pages = rendered["letterhead"]
    (page,) = [p for p in pages if any(line.text == "附件2" for line in p.lines)]
    label, title, body = page.lines[0], page.lines[1], page.lines[2]
    assert label.text == "附件2"
    assert label.fonts("附件2") == {"FandolHei-Regular"}  # 黑体
    assert abs(label.x0 - pm.TYPE_AREA_LEFT) < 1.0  # 顶格
    assert label.em_top - pm.TYPE_AREA_TOP < LINE  # on line 1 of the type area
    assert title.text == "2023年度行政执法统计数据"
    assert title.baseline - label.baseline == pytest.approx(2 * LINE, abs=0.5)  # line 3
    assert abs((title.x0 + title.x1) / 2 - (pm.TYPE_AREA_LEFT + pm.TYPE_AREA_RIGHT) / 2) < 1.5
    assert body.text.startswith("2023年，共开展行政检查") and abs(body.x0 - _x(2)) < 1.0
    sig_page = next(p for p in pages if any(line.text == "（此件公开发布）" for line in p.lines))
    assert page.number == sig_page.number + 1


def test_page_numbers_continue_onto_the_attachment(rendered):
    pdf, _ = rendered["letterhead"]
    pages = pm.read_pdf(pdf)
    assert [pm.page_number_text(pm.page_number_line(p)) for p in pages] == [str(p.number) for p in pages]


# --- 版记 --------------------------------------------------------------------------------


def _imprint_rules(page: pd.DrawnPage) -> list[pd.Rule]:
    return [r for r in page.rules if pd.is_black(r.color) and r.y > pm.TYPE_AREA_TOP]


@pytest.mark.parametrize("variant, expected", [
    ("letterhead", ["抄送：龙泉市司法局，丽水市科学技术局。", "龙泉市科学技术局办公室2024年1月31日印发"]),
    ("wide-date", ["龙泉市科学技术局办公室2024年12月31日印发"]),
    ("seal-wide-date", ["抄送：龙泉市人民政府办公室。"]),
])
def test_imprint_sits_on_the_bottom_edge_of_the_last_page_between_its_rules(rendered, variant, expected):
    _, pages = rendered[variant]
    last = pages[-1]
    rules = _imprint_rules(last)
    assert len(rules) == len(expected) + 1, rules
    for rule in rules:
        assert abs(rule.x0 - pm.TYPE_AREA_LEFT) < 0.5 and abs(rule.x1 - pm.TYPE_AREA_RIGHT) < 0.5
    # first and last thick (0.35 mm ~ 1 pt), the one between thin (0.25 mm ~ 0.75 pt)
    assert rules[0].thickness == pytest.approx(1.0, abs=0.1)
    assert rules[-1].thickness == pytest.approx(1.0, abs=0.1)
    assert all(r.thickness == pytest.approx(0.75, abs=0.1) for r in rules[1:-1])
    assert abs(rules[-1].bottom - pm.TYPE_AREA_BOTTOM) < 0.7  # 末条分隔线与版心下边缘重合
    texts = [line for line in last.lines if rules[0].y < line.baseline < rules[-1].y]
    assert [line.text for line in texts] == expected
    for line, (above, below) in zip(texts, zip(rules, rules[1:], strict=False), strict=True):
        assert above.y < line.em_top and line.em_bottom < below.y
        assert line.size == 14  # 4号
        assert line.fonts(line.text) == {"FandolFang-Regular"}  # 仿宋
        assert abs(line.x0 - (pm.TYPE_AREA_LEFT + 14)) < 1.0  # 左空一字
    printed = [line for line in texts if line.text.endswith("印发")]
    for line in printed:
        assert abs(pm.TYPE_AREA_RIGHT - line.x1 - 14) < 1.0  # 印发日期右空一字
    for page in pages[:-1]:
        assert not [r for r in _imprint_rules(page) if abs(r.bottom - pm.TYPE_AREA_BOTTOM) < 1]
