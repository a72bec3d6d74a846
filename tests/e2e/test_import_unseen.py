"""A report the importer was not written against: import it, build it, and compare like a person would.

tests/fixtures/import/xiuzhou-2024.txt is a realistic web capture of a 市场监管局 report written
for this test (not one of the seeds): a two-line title with the 文号 under it, a 主送 with a
half-width colon, a two-paragraph preamble, all four heading levels in mixed forms (一 、 / (一) /
（二） / 1. / 2 . / 1、 / （1） / (2)), run-in and standalone headings, a statutory part named in a
variant wording, 一是…二是… inside a paragraph, 署名 and 成文日期, and web furniture around it.
The expected outline below was written by reading the source, not by running the importer.
"""

from __future__ import annotations

import re

import docx
import pytest

from drafter.docx.render import build
from drafter.importing.recognise import import_to_file
from tests.e2e.test_examples import normalise
from tests.helpers.samples import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "import" / "xiuzhou-2024.txt"

TITLE = "嘉兴市秀洲区市场监督管理局关于2024年度法治政府建设工作情况的报告"

#: The lines of the page that are not the report.
FURNITURE = {
    "首页 > 信息公开 > 法治政府建设年度报告",
    "发布日期：2025-02-20 10:31    来源：区市场监管局    浏览次数：312",
    "【字体：大 中 小】 【打印】",
    "扫一扫在手机打开当前页",
    "相关附件：",
    "上一篇：区市场监管局2024年政府信息公开工作年度报告",
    "下一篇：关于开展2025年“3·15”消费维权活动的通知",
}

#: (level, heading) in order, as a reader of the source sees them.
OUTLINE = [
    (1, "2024年度法治政府建设主要做法与成效"),
    (2, "坚持党的全面领导，压实法治建设责任"),
    (3, "健全领导机制"),
    (3, "落实述法制度"),
    (2, "深化“放管服”改革，优化法治化营商环境"),
    (2, "严格规范公正文明执法"),
    (3, "规范执法程序"),
    (4, "全面推行行政执法“三项制度”"),
    (4, "推进包容审慎监管"),
    (3, "加强执法监督"),
    (1, "存在问题及原因分析"),
    (1, "党政主要负责人履行推进法治建设第一责任人职责情况"),
    (1, "2025年工作安排"),
    (2, "加强执法队伍建设"),
    (2, "创新新业态监管方式"),
    (2, "深化精准普法"),
    (1, "其他需要报告的情况"),
]

_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    folder = tmp_path_factory.mktemp("unseen")
    facts = import_to_file(FIXTURE, folder / "xiuzhou-2024.yaml").output
    return docx.Document(str(build(facts).output))


def outline(document) -> list[tuple[int, str]]:
    """Headings of the built DOCX with their level, read from the paragraph or run-in styles."""
    found = []
    for p in document.paragraphs:
        m = re.fullmatch(r"Heading (\d)", p.style.name)
        if m:
            found.append((int(m.group(1)), _LABEL.sub("", p.text)))
            continue
        first = p.runs[0] if p.runs else None
        if first is not None and first.style is not None and first.style.name.startswith("接排标题"):
            level = int(first.style.name[-1])
            found.append((level, _LABEL.sub("", first.text).removesuffix("。")))
    return found


def source_paragraphs() -> list[str]:
    lines = [line.strip() for line in FIXTURE.read_text("utf-8").splitlines() if line.strip()]
    return [line for line in lines if line not in FURNITURE]


def test_same_title(rebuilt) -> None:
    titles = [p.text.replace("\n", "") for p in rebuilt.paragraphs if p.style.name == "Title"]
    assert titles == [TITLE]


def test_same_headings_at_the_same_levels(rebuilt) -> None:
    assert outline(rebuilt) == OUTLINE


#: The number each heading of OUTLINE carries in the rebuilt DOCX, in order: the source's mixed forms
#: (一 、 / (一) / 2 . / 1、 / (2)) become the standard ones, and each level restarts under a new parent.
LABELS = ["一、", "（一）", "1.", "2.", "（二）", "（三）", "1.", "（1）", "（2）", "2.",
          "二、", "三、", "四、", "（一）", "（二）", "（三）", "五、"]


def labels(document) -> list[str]:
    """The heading numbers as written in the built DOCX (standalone headings and run-in leads)."""
    found = []
    for p in document.paragraphs:
        first = p.runs[0] if p.runs else None
        run_in = first is not None and first.style is not None and first.style.name.startswith("接排标题")
        if re.fullmatch(r"Heading (\d)", p.style.name) or run_in:
            m = _LABEL.match(p.text)
            found.append(m.group(0) if m else "")
    return found


def test_heading_numbers_in_the_rebuilt_docx(rebuilt) -> None:
    assert len(LABELS) == len(OUTLINE)
    assert labels(rebuilt) == LABELS


def test_every_paragraph_in_order_and_nothing_else(rebuilt) -> None:
    output = [normalise(p.text) for p in rebuilt.paragraphs if p.text.strip()]
    joined = "".join(output)
    pos = 0
    for line in source_paragraphs():
        if line.startswith(("秀市监〔", "嘉兴市秀洲区市场监督管理局关于")):
            continue  # the 文号 and the title's first line come before the title in the official layout
        para = normalise(line)
        at = joined.find(para, pos)
        assert at >= 0, f"not in the rebuilt DOCX after position {pos}: {line}"
        pos = at + len(para)
    source = "".join(normalise(line) for line in source_paragraphs())
    for para in output:
        assert para in source, f"the rebuilt DOCX says something the source does not: {para}"


def test_metadata_lines(rebuilt) -> None:
    texts = [p.text for p in rebuilt.paragraphs if p.text.strip()]
    assert texts[0] == "秀市监〔2025〕6号"
    assert texts[2] == "区委、区政府："
    assert texts[-2:] == ["嘉兴市秀洲区市场监督管理局", "2025年2月18日"]
