"""The example fact files reproduce their real reports completely, in order and in clean form.

Each `examples/<slug>/` holds `source.txt` (an unmodified web capture of a real report) and
`facts.yaml` (the hand-curated fact file). The checks:

1. source.txt is still byte-for-byte the seed it was copied from;
2. facts.yaml loads;
3. every report-body paragraph of source.txt (web furniture dropped by the explicit per-example
   patterns below) occurs, in order, in the output paragraphs, and nothing else is in the output
   except the report's metadata (title, 主送机关, 文号, 署名, 日期);
4. the output has no half-width , : ; ( ) ? ! and no whitespace next to CJK text.

The output paragraphs come from `output_paragraphs`, which for now flattens the fact model; it
is the single place to switch to reading the built DOCX.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tempfile
from pathlib import Path

import docx
import pytest

from drafter.docx.render import build
from drafter.factfile.model import Facts, format_date, load_facts

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"

#: slug -> the seed file it was copied from.
SEED_FILES = {
    "longgang-2020": "000_1027f9a957e759b9.txt",
    "longquan-2023": "001_cfbfc38e1e168df2.txt",
    "binhai-2021": "002_0cd3ec2a4c8e1635.txt",
    "luohe-2020": "003_acf107ec8495534f.txt",
    "jianghai-2019": "004_65ab4452a8706f7e.txt",
}
SLUGS = list(SEED_FILES)
#: SHA-256 of each seed as captured, so a clone without ../shared still proves source.txt untouched.
SEED_SHA256 = {
    "longgang-2020": "02ebf0e747e4e13367dcc77d0d2d5f9460952265a0667c1e777ad8b63a8a598d",
    "longquan-2023": "d776c8e6257dc7641f6b33a0510fb40d70080a23b78afd8a5c90eb8fb280edd6",
    "binhai-2021": "27c1f041a36179f9cc2f062fb131122c2860787ab8efe38acda511ca6230131f",
    "luohe-2020": "a7972348c614d5d9f40d8af1f2b8bd9435878f1bea3e04298df458f83ae67070",
    "jianghai-2019": "288832bab8c5c7cbf34fe7db108aaf5771a6eb0d058f7eabd020a55320bcc2ba",
}

#: slug -> web furniture lines of source.txt. A plain string must equal the stripped line;
#: a compiled pattern must fullmatch it. Every entry matches exactly one line of its source.
FURNITURE: dict[str, list[str | re.Pattern[str]]] = {
    "longgang-2020": [
        re.compile(r"发布时间: 2020年12月17日 来源:龙岗区科技创新局 浏览次数:- T浏览字号:"),
        "扫一扫在手机打开当前页",
    ],
    "longquan-2023": [
        "> 政务公开 | > 部门 | > 龙泉市科技局 | > 法治政府建设年度报告 |",
        # the attachment link; the title and 文号 it carries are checked as metadata
        "龙科〔2024〕2号龙泉市科学技术局关于2023年度法治政府建设工作情况的报告.pdf",
    ],
    "binhai-2021": [
        "当前位置: 首页> 政务公开> 最新文件",
        re.compile(r"发布日期: 2022-02-16 16:46\s+来源: 区科技局"),
        "字号:",
        "• 扫一扫在手机打开当前页",
        "全国各省市政府网站",
        "天津市各区政府网站",
        "滨海新区政府系统网站",
        "重点链接",
    ],
    "luohe-2020": [
        "附件: 漯河市科学技术局2020年度法治政府建设工作报告",
        # the title, shown only after the date; it is checked as metadata (it leads the output)
        "漯河市科学技术局2020年度法治政府建设工作报告",
        "下一篇:返回列表",
        re.compile(r"留言与评论\(共有 0 条评论\) \|"),
    ],
    "jianghai-2019": [
        "[image: image1.png]",
    ],
}

#: slug -> the report's metadata as the source shows it (None: the source has none).
META: dict[str, dict[str, str | None]] = {
    "longgang-2020": {
        "title": "龙岗区科技创新局2020年度法治政府建设工作报告",
        "to": None, "doc_number": None, "signature": None, "date": None,
    },
    "longquan-2023": {
        "title": "龙泉市科学技术局关于2023年度法治政府建设工作情况的报告",
        "to": None, "doc_number": "龙科〔2024〕2号", "signature": "龙泉市科学技术局", "date": "2024年1月30日",
    },
    "binhai-2021": {
        "title": "区科技局2021年法治政府建设情况和2022年工作计划",
        "to": None, "doc_number": None, "signature": None, "date": None,
    },
    "luohe-2020": {
        "title": "漯河市科学技术局2020年度法治政府建设工作报告",
        "to": "市法治政府建设领导小组办公室", "doc_number": None, "signature": None, "date": "2021年1月22日",
    },
    "jianghai-2019": {
        "title": "科技局2019年法治政府建设年度报告",
        "to": None, "doc_number": None, "signature": "江门市江海区科学技术局", "date": None,
    },
}


# --- the output under test ------------------------------------------------------


def facts_of(slug: str) -> Facts:
    return load_facts(EXAMPLES / slug / "facts.yaml").facts


@functools.cache
def built_docx(slug: str) -> Path:
    """Build the example once per test session into a private temporary folder."""
    out = Path(tempfile.mkdtemp(prefix=f"drafter-{slug}-")) / f"{slug}.docx"
    return build(EXAMPLES / slug / "facts.yaml", out).output


def output_paragraphs(slug: str) -> list[str]:
    """The non-empty paragraphs of the built DOCX, read back with python-docx, in order.

    A title broken into lines is one paragraph with line breaks; it is compared as one line.
    """
    document = docx.Document(str(built_docx(slug)))
    texts = [p.text.replace("\n", "") for p in document.paragraphs]
    return [t for t in texts if t.strip()]


# --- normalisation ----------------------------------------------------------------

_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"})
_CN_NUM = "一二三四五六七八九十"
_HEADING_NUMBER = re.compile(rf"^(?:[{_CN_NUM}]+、|（[{_CN_NUM}]+）|（\d+）|\d+[.．、])")


def normalise(paragraph: str) -> str:
    p = re.sub(r"\s+", "", paragraph).translate(_FULL)
    p = _HEADING_NUMBER.sub("", p, count=1)
    return p[:-1] if p.endswith("。") else p


def _is_furniture(slug: str, line: str) -> bool:
    for pattern in FURNITURE[slug]:
        if isinstance(pattern, str) and line == pattern:
            return True
        if isinstance(pattern, re.Pattern) and pattern.fullmatch(line):
            return True
    return False


def source_lines(slug: str) -> list[str]:
    text = (EXAMPLES / slug / "source.txt").read_text("utf-8")
    return [line.strip() for line in text.split("\n") if line.strip()]


def source_paragraphs(slug: str) -> list[str]:
    """The report-body paragraphs of source.txt, normalised."""
    return [normalise(line) for line in source_lines(slug) if not _is_furniture(slug, line)]


def _meta_tokens(slug: str) -> list[str]:
    """What the output may carry besides the source's body: the report's metadata."""
    facts = facts_of(slug)
    tokens = [facts.effective_title(), facts.effective_signature(), f"{facts.to}：" if facts.to else None,
              facts.doc_number, format_date(facts.date) if facts.date else None]
    return [normalise(t) for t in tokens if t]


# --- tests -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_source_is_the_unmodified_seed(slug: str) -> None:
    """The recorded hash holds on any clone; where ../shared is checked out, the bytes are compared too."""
    source = (EXAMPLES / slug / "source.txt").read_bytes()
    assert hashlib.sha256(source).hexdigest() == SEED_SHA256[slug]
    if SEEDS.is_dir():
        assert source == (SEEDS / SEED_FILES[slug]).read_bytes()


@pytest.mark.parametrize("slug", SLUGS)
def test_facts_load(slug: str) -> None:
    """Each example loads as the report of its year, with the body the source has."""
    facts = load_facts(EXAMPLES / slug / "facts.yaml").facts
    assert facts.year == int(slug.rsplit("-", 1)[1])
    assert facts.effective_title() == META[slug]["title"]
    assert len(facts.sections) >= 3 and all(s.items or s.text for s in facts.sections)


@pytest.mark.parametrize("slug", SLUGS)
def test_furniture_patterns_are_precise(slug: str) -> None:
    """Each furniture entry drops exactly one line, so no body paragraph can go by accident."""
    lines = source_lines(slug)
    for pattern in FURNITURE[slug]:
        hits = [line for line in lines
                if (line == pattern if isinstance(pattern, str) else pattern.fullmatch(line))]
        assert len(hits) == 1, f"{pattern!r} matches {len(hits)} lines"


@pytest.mark.parametrize("slug", SLUGS)
def test_metadata_matches_the_source(slug: str) -> None:
    facts = facts_of(slug)
    meta = META[slug]
    out = output_paragraphs(slug)
    assert facts.effective_title() == meta["title"]
    assert "".join(out).find(meta["title"]) >= 0
    assert facts.to == meta["to"]
    assert facts.doc_number == meta["doc_number"]
    assert (format_date(facts.date) if facts.date else None) == meta["date"]
    if meta["to"]:
        assert f"{meta['to']}：" in out
    for key in ("doc_number", "signature", "date"):
        if meta[key]:
            assert meta[key] in out, f"{key} {meta[key]} missing from the output"
    if meta["signature"] is None:
        # the source shows no signature line: nothing but the default may be written
        assert facts.signature is None


@pytest.mark.parametrize("slug", SLUGS)
def test_every_source_paragraph_is_in_the_output_in_order(slug: str) -> None:
    paragraphs = source_paragraphs(slug)
    normalised = [normalise(p) for p in output_paragraphs(slug)]
    output = "".join(normalised)
    # a source paragraph must start and end on output paragraph boundaries: two source paragraphs
    # merged into one output paragraph fail (one split over several, like a broken title, passes)
    boundaries, offset = {0}, 0
    for p in normalised:
        offset += len(p)
        boundaries.add(offset)
    pos = 0
    gaps = []
    for i, para in enumerate(paragraphs):
        at = output.find(para, pos)
        assert at >= 0, f"source paragraph {i + 1} not found after output position {pos}: {para[:60]}…"
        assert at in boundaries and at + len(para) in boundaries, (
            f"source paragraph {i + 1} is not a whole output paragraph: {para[:60]}…")
        gaps.append(output[pos:at])
        pos = at + len(para)
    gaps.append(output[pos:])
    # nothing but metadata between the source paragraphs: the output adds no text of its own
    tokens = _meta_tokens(slug)
    for gap in gaps:
        rest = gap
        while rest:
            token = next((t for t in tokens if rest.startswith(t)), None)
            assert token is not None, f"output text not in the source: {rest[:60]}…"
            rest = rest[len(token):]


_NUMBER_FORM = [(re.compile(rf"^([{_CN_NUM}]+)、"), "一、"), (re.compile(rf"^（([{_CN_NUM}]+)）"), "（一）"),
                (re.compile(r"^（(\d+)）"), "（1）"), (re.compile(r"^(\d+)[.．、]"), "1.")]


def heading_number(paragraph: str) -> tuple[str, str] | None:
    """("1.", "3") for "3.规范执法程序" or "3、规范…" (the source's 、 after an Arabic number is the same level)."""
    p = re.sub(r"\s+", "", paragraph).translate(_FULL)
    for pattern, form in _NUMBER_FORM:
        m = pattern.match(p)
        if m:
            return form, m.group(1)
    return None


@pytest.mark.parametrize("slug", SLUGS)
def test_heading_numbers_are_the_sources_numbers(slug: str) -> None:
    """normalise() strips heading numbers to compare text; here the numbers themselves are compared:
    every numbered source paragraph is output with the same number in the same form (so 1. 2. under
    （一） and 1. again under （二）, as the source has it)."""
    out = output_paragraphs(slug)
    by_text: dict[str, list[str]] = {}
    for paragraph in out:
        by_text.setdefault(normalise(paragraph), []).append(paragraph)
    numbered = 0
    for line in source_lines(slug):
        if _is_furniture(slug, line) or heading_number(line) is None:
            continue
        text = normalise(line)
        matches = by_text.get(text) or [p for p in out if normalise(p).startswith(text)]
        assert matches, f"numbered source paragraph not in the output: {line[:40]}"
        assert {heading_number(p) for p in matches} == {heading_number(line)}, (line[:40], matches[0][:40])
        numbered += 1
    assert numbered >= 5  # every example has numbered headings


@pytest.mark.parametrize("slug", SLUGS)
def test_heading_numbers_restart_under_each_parent(slug: str) -> None:
    """The output's own numbering: each level counts 1, 2, 3… and starts again under a new parent."""
    counters = [0, 0, 0, 0]
    levels = {"一、": 0, "（一）": 1, "1.": 2, "（1）": 3}
    from drafter.text.numerals import parse_chinese_numeral

    for paragraph in output_paragraphs(slug)[1:]:  # [0] is the title
        found = heading_number(paragraph)
        if found is None:
            continue
        form, number = found
        level = levels[form]
        value = int(number) if number.isdigit() else parse_chinese_numeral(number)
        assert value == counters[level] + 1, f"{paragraph[:30]}: expected {counters[level] + 1}"
        counters[level] = value
        counters[level + 1:] = [0] * (3 - level)


_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》〈〉〔〕【】—…·"
_HALF_WIDTH_NEXT_TO_CJK = re.compile(rf"[{_CJK}][,:;()?!]|[,:;()?!][{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(rf"[{_CJK}]\s+[{_CJK}]")


@pytest.mark.parametrize("slug", SLUGS)
def test_output_punctuation_is_clean(slug: str) -> None:
    for para in output_paragraphs(slug):
        m = _HALF_WIDTH_NEXT_TO_CJK.search(para)
        assert not m, f"half-width punctuation in Chinese text: …{para[max(0, m.start() - 10):m.end() + 10]}…"
        m = _SPACE_BETWEEN_CJK.search(para)
        assert not m, f"whitespace between Chinese characters: …{para[max(0, m.start() - 10):m.end() + 10]}…"
