"""One vocabulary: the wizard, `check`, `build`, `import` and `verify` give every input the same verdict.

Each row is something a user writes: a heading, an attachment name, a 文号, a 成文日期, a text with an
odd character. Each stage is driven through its real entry point (the wizard's answer validator
for the shipped question, and `drafter check / build / import / verify` through `cli.main`) and
asked one question: is this right as written? The wizard says so by taking the answer unchanged,
`check` by finding nothing, `build` by printing it unchanged, `import` by keeping it unchanged,
`verify` by finding nothing in a DOCX that holds it. All five must agree.

The second half keeps the vocabulary in one place: the section kinds of the model, of
templates/sections.yaml and of templates/import.yaml are the same, and the key patterns are
defined only in drafter/text/patterns.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import docx
import pytest
from docx.oxml.ns import qn

from drafter.cli import main
from drafter.factfile.model import SectionKindName, format_date, load_facts
from drafter.factfile.sections import section_kinds, statutory_kinds
from drafter.importing.rules import import_rules
from drafter.interview.answers import convert
from drafter.interview.questions import load_spec
from drafter.resources import load_data, template_path
from tests.helpers.samples import ROOT

REPORT_YEAR = 2023

#: A report that every stage takes as it is; each row puts its input in place of one of these.
HEADING, ATTACHMENT, DOCNO, DATE, SENTENCE = "坚持依法决策", "某某统计表", "龙科〔2024〕2号", "2024年1月30日", "扎实推进依法行政"

FACTS = f"""\
agency:
  name: 龙泉市科学技术局
year: {REPORT_YEAR}
to: 龙泉市人民政府
doc_number: "{{docno}}"
date: "{{date}}"
preamble: "2023年，龙泉市科学技术局{{sentence}}和法治政府建设工作。现将有关情况报告如下："
sections:
  - kind: measures
    items:
      - heading: "{{heading}}"
        text: 严格落实规范性文件前置审核。
  - kind: problems
    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。
  - kind: leader
    text: 局主要领导认真履行法治建设第一责任人职责。
  - kind: plans
    text: 深入学习贯彻习近平法治思想，抓好领导干部带头学法用法。
attachments:
  - "{{attachment}}"
"""

REPORT = """\
{docno}
龙泉市科学技术局关于2023年度法治政府建设情况的报告
龙泉市人民政府：
2023年，龙泉市科学技术局{sentence}和法治政府建设工作。现将有关情况报告如下：
一、2023年度推进法治政府建设的主要举措和成效
（一）{heading}
严格落实规范性文件前置审核。
二、2023年度推进法治政府建设存在的不足和原因
一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局主要领导认真履行法治建设第一责任人职责。
四、2024年度推进法治政府建设的主要安排
深入学习贯彻习近平法治思想，抓好领导干部带头学法用法。
附件：{attachment}
龙泉市科学技术局
{date}
"""


@dataclass(frozen=True)
class Row:
    field: str  # which placeholder the input replaces
    text: str
    right: bool  # the one verdict all five stages must give
    why: str = ""


ROWS = [
    # headings: numbering is generated from position, so a typed number is wrong in every form
    Row("heading", "坚持依法决策", True),
    Row("heading", "（二）坚持依法决策", False, "二级序号（全角括号）"),
    Row("heading", "(二)坚持依法决策", False, "二级序号（半角括号）"),
    Row("heading", "( 二 ) 坚持依法决策", False, "二级序号（带空格）"),
    Row("heading", "二、坚持依法决策", False, "一级序号"),
    Row("heading", "二．坚持依法决策", False, "一级序号（全角点）"),
    Row("heading", "十一、坚持依法决策", False, "一级序号（两位汉字数字）"),
    Row("heading", "2.坚持依法决策", False, "三级序号"),
    Row("heading", "２．坚持依法决策", False, "三级序号（全角数字）"),
    Row("heading", "2、坚持依法决策", False, "三级序号（顿号）"),
    Row("heading", "（2）坚持依法决策", False, "四级序号"),
    Row("heading", "（２）坚持依法决策", False, "四级序号（全角数字）"),
    Row("heading", "①坚持依法决策", False, "圈码序号"),
    Row("heading", "1.2023年度重点工作", False, "序号后接年份"),
    Row("heading", "1.5亿元投入见成效", True, "小数不是序号"),
    Row("heading", "12.4宪法日集中宣传", True, "日期不是序号"),
    Row("heading", "2023年度重点工作", True),
    Row("heading", "十分重视依法决策", True, "“十”不带顿号"),
    # attachment names: 附件名称后不加标点符号 (GB/T 9704-2012 7.3.4)
    Row("attachment", "某某统计表", True),
    Row("attachment", "某某统计表。", False, "句号"),
    Row("attachment", "某某统计表；", False, "分号"),
    Row("attachment", "某某统计表.", False, "半角点"),
    # 文号
    Row("docno", "龙科〔2024〕2号", True),
    Row("docno", "龙科[2024]2号", False, "方括号"),
    Row("docno", "龙科（2024）2号", False, "圆括号"),
    Row("docno", "龙科〔2024〕第2号", False, "序号前加“第”"),
    # 成文日期: Arabic numerals (GB/T 9704-2012 7.3.5), a day that exists
    Row("date", "2024年1月30日", True),
    Row("date", "二〇二四年一月三十日", False, "汉字数字"),
    Row("date", "二零二四年一月三十日", False, "汉字数字（零）"),
    Row("date", "2024年2月30日", False, "不存在的日期"),
    # characters: format characters print as nothing and are kept; line separators and non-characters are not
    Row("sentence", "扎实推进\u200b依法行政", True, "零宽空格"),
    Row("sentence", "扎实推进\u2028依法行政", False, "U+2028 行分隔符"),
    Row("sentence", "扎实推进\ufffe依法行政", False, "U+FFFE 非字符"),
    Row("sentence", "扎实推进\x07依法行政", False, "控制字符"),
]

BASE = {"heading": HEADING, "attachment": ATTACHMENT, "docno": DOCNO, "date": DATE, "sentence": SENTENCE}
#: The wizard question that takes each field (the wizard does not ask for attachments).
QUESTION = {"heading": "heading", "docno": "doc_number", "date": "date", "sentence": "preamble"}


def _values(row: Row) -> dict[str, str]:
    return {**BASE, row.field: row.text}


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]  # escapes what a YAML double-quoted string needs


def _fact_file(folder: Path, row: Row) -> Path:
    values = {k: _yaml_text(v) for k, v in _values(row).items()}
    path = folder / "facts.yaml"
    path.write_text(FACTS.format(**values), encoding="utf-8")
    return path


# --- the five stages, each through its real entry point -------------------------------------------

def wizard_right(row: Row) -> bool:
    question = next(q for q in load_spec().all_questions() if q.key == QUESTION[row.field])
    try:
        value = convert(question.type, row.text, empty_ok=question.empty_ok, checks=question.validate,
                        year=REPORT_YEAR, today=dt.date(2024, 3, 1))
    except ValueError:
        return False
    if isinstance(value, dt.date):
        return format_date(value) == row.text
    if isinstance(value, list):
        return value == [row.text]
    return bool(value == row.text)


def check_right(row: Row, folder: Path, capsys) -> bool:
    path = _fact_file(folder, row)
    capsys.readouterr()
    code = main(["check", str(path), "--format", "json"])
    findings = json.loads(capsys.readouterr().out or "[]")
    return code == 0 and not findings


def build_right(row: Row, folder: Path, capsys) -> bool:
    path = _fact_file(folder, row)
    out = folder / "out.docx"
    if main(["build", str(path), "-o", str(out)]) != 0:
        return False
    capsys.readouterr()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    return row.text in text


def import_right(row: Row, folder: Path, capsys) -> bool:
    source = folder / "report.txt"
    source.write_text(REPORT.format(**_values(row)), encoding="utf-8")
    out = folder / "imported.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    capsys.readouterr()
    facts = load_facts(out).facts
    imported = {
        "heading": facts.sections[0].items[0].heading if facts.sections[0].items else None,
        "attachment": facts.attachments[0] if facts.attachments else None,
        "docno": facts.doc_number,
        "date": format_date(facts.date) if facts.date else None,
        "sentence": facts.preamble[0] if facts.preamble else None,
    }
    expected = f"2023年，龙泉市科学技术局{row.text}和法治政府建设工作。现将有关情况报告如下：" \
        if row.field == "sentence" else row.text
    return imported[row.field] == expected


@pytest.fixture(scope="module")
def base_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("base")
    path = _fact_file(folder, Row("heading", HEADING, True))
    out = folder / "base.docx"
    assert main(["build", str(path), "-o", str(out)]) == 0
    return out


def verify_right(row: Row, base: Path, folder: Path, capsys) -> bool | None:
    """verify on the built report with the input put where the build prints its field; None when
    a DOCX cannot hold the input at all (XML 1.0 has no U+FFFE and no C0 controls)."""
    document = docx.Document(str(base))
    old = BASE[row.field]
    hits = 0
    for t in document.element.body.iter(qn("w:t")):
        if t.text and old in t.text:
            try:
                t.text = t.text.replace(old, row.text)
            except ValueError:
                return None
            hits += 1
    assert hits == 1, f"“{old}” should stand in one run of the built report"
    edited = folder / "edited.docx"
    document.save(str(edited))
    capsys.readouterr()
    code = main(["verify", str(edited), "--format", "json"])
    findings = json.loads(capsys.readouterr().out or "[]")
    return code == 0 and not findings


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.field}:{r.text}")
def test_wizard_check_build_import_and_verify_agree(row: Row, base_docx: Path, tmp_path: Path, capsys):
    verdicts = {
        "check": check_right(row, tmp_path, capsys),
        "build": build_right(row, tmp_path, capsys),
        "import": import_right(row, tmp_path, capsys),
    }
    if row.field in QUESTION:
        verdicts["wizard"] = wizard_right(row)
    seen = verify_right(row, base_docx, tmp_path, capsys)
    if seen is not None:
        verdicts["verify"] = seen
    assert verdicts == dict.fromkeys(verdicts, row.right), row.why


def test_every_field_of_the_table_reaches_all_five_stages():
    """The rows cover each field with a right and a wrong input, and only attachments skip the wizard."""
    for field in BASE:
        assert {r.right for r in ROWS if r.field == field} == {True, False}, field
    assert set(BASE) - set(QUESTION) == {"attachment"}


# --- one definition ---------------------------------------------------------------------------------

def test_section_kinds_of_the_model_the_data_and_the_import_patterns_are_the_same():
    kinds = tuple(section_kinds())
    assert get_args(SectionKindName) == kinds
    assert statutory_kinds() == ("measures", "problems", "leader", "plans")
    assert set(load_data(template_path("import.yaml"))["section_kinds"]) <= set(kinds)
    assert {entry.kind for entry in import_rules().section_kinds} <= set(kinds)


#: Fragments that only a definition of a format pattern contains, and the one file allowed to hold it.
DEFINITIONS = {
    r"\s*年\s*": "drafter/text/patterns.py",  # 成文日期 with spaces
    "(?P<year>": "drafter/text/patterns.py",  # the year of a 文号
    "〕]］)）】": "drafter/text/patterns.py",  # the brackets of a 文号
    "①-⑳": "drafter/text/patterns.py",  # circled numbers
    "〇○零": "drafter/text/patterns.py",  # zeros of a year in Chinese numerals
    r"\ud800-\udfff": "drafter/text/patterns.py",  # the refused characters
    r"\u2028": "drafter/text/patterns.py",
    "一二三四五六七八九": "drafter/text/numerals.py",  # Chinese digits
    "零一二三四五六七八九": "drafter/text/numerals.py",
    "[.．、]": "drafter/text/patterns.py",  # a heading number with a dot
}


def _sources() -> list[Path]:
    files = sorted((ROOT / "drafter").rglob("*.py")) + sorted((ROOT / "templates").glob("*.yaml"))
    return [f for f in files if "__pycache__" not in f.parts]


@pytest.mark.parametrize("fragment", DEFINITIONS)
def test_each_format_pattern_is_defined_once(fragment: str):
    holders = [str(f.relative_to(ROOT)) for f in _sources() if fragment in f.read_text(encoding="utf-8")]
    assert holders == [DEFINITIONS[fragment]], f"“{fragment}” is defined in {holders}"


def test_no_module_outside_text_compiles_a_date_or_heading_number_pattern():
    number = re.compile(r"re\.compile\([^)]*(年|[一二三四五六七八九十]\]|\\d\{1,2\}\)\\s\*\[\.)")
    offenders = [str(f.relative_to(ROOT)) for f in _sources()
                 if f.suffix == ".py" and "text" not in f.parent.name and number.search(f.read_text(encoding="utf-8"))]
    assert offenders == []
