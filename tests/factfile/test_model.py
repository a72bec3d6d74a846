"""Fact file loading and validation: every problem at once, located, in Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.errors import FactFileError, InputFileError
from drafter.factfile.model import format_doc_number, load_facts, parse_doc_number, parse_facts
from tests.helpers.samples import MINIMAL


def findings_of(text: str) -> list:
    with pytest.raises(FactFileError) as info:
        parse_facts(text, "f.yaml")
    return info.value.findings


def test_minimal_file_loads_with_defaults():
    facts = parse_facts(MINIMAL).facts
    assert facts.agency.name == "龙泉市科学技术局"
    assert facts.date == dt.date(2024, 1, 30)
    assert facts.effective_title() == "龙泉市科学技术局关于2023年度法治政府建设情况的报告"
    assert facts.effective_signature() == "龙泉市科学技术局"
    assert facts.fonts == "gb2312"
    assert facts.sections[0].items[0].text == ["认真贯彻落实中央全面依法治国委员会系列会议精神。", "坚持重大决策科学化民主化法治化。"]
    assert facts.section_heading(facts.sections[0]) == "2023年度推进法治政府建设的主要举措和成效"
    assert facts.section_heading(facts.sections[3]) == "2024年度推进法治政府建设的主要安排"


def test_paragraphs_may_be_a_list_and_blank_lines_are_dropped():
    text = MINIMAL.replace("    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。",
                           "    text:\n      - 第一段。\n      - ''\n      - 第二段。")
    facts = parse_facts(text).facts
    assert facts.sections[1].text == ["第一段。", "第二段。"]


@pytest.mark.parametrize("item, fragment", [('"第一段\\n第二段。"', "不能换行"), ('"第一段\\r第二段。"', "U+000D"),
                                            ("|\n          第一段\n          第二段。", "不能换行")])
def test_a_paragraph_in_a_list_may_not_hold_a_line_break(item: str, fragment: str):
    """A list gives one paragraph per item: a break inside an item would become a break inside a paragraph."""
    text = MINIMAL.replace("    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。",
                           f"    text:\n      - 其他段落。\n      - {item}")
    (finding,) = findings_of(text)
    assert finding.path == "sections[1].text[1]", "the paragraph of the list, not the list"
    assert fragment in finding.message


def test_the_same_paragraphs_as_a_block_are_two_paragraphs():
    text = MINIMAL.replace("    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。",
                           "    text: |\n      第一段\n      第二段。")
    assert parse_facts(text).facts.sections[1].text == ["第一段", "第二段。"]


def test_bom_and_crlf_are_accepted(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    facts = load_facts(path).facts
    assert facts.preamble[0].endswith("报告如下：")


def test_gbk_file_is_refused_with_line_and_hint(tmp_path: Path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("year: 2023\nagency:\n  name: 科技局\n".encode("gbk"))
    with pytest.raises(FactFileError) as info:
        load_facts(path)
    (finding,) = info.value.findings
    assert (finding.line, finding.code) == (3, "encoding")
    assert "UTF-8" in finding.message and "GBK" in finding.message


def test_missing_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputFileError) as info:
        load_facts(tmp_path / "nope.yaml")
    assert "文件不存在" in info.value.message


def test_yaml_syntax_error_has_line_and_column_in_chinese():
    (finding,) = findings_of("year: 2023\nagency:\n\tname: x\n")
    assert (finding.line, finding.column) == (3, 1)
    assert "Tab" in finding.message


def test_unclosed_quote_is_located():
    (finding,) = findings_of('year: 2023\ntitle: "abc\nagency: {name: x}\n')
    assert finding.code == "yaml-syntax"
    assert finding.line is not None
    assert "引号" in finding.message


def test_unknown_key_suggests_the_right_one():
    findings = findings_of(MINIMAL.replace("preamble:", "preambel:"))
    typo = [f for f in findings if f.code == "extra_forbidden"]
    assert len(typo) == 1
    assert typo[0].message == "未知的键，是不是“preamble”（开头段）？"
    assert (typo[0].line, typo[0].column, typo[0].path) == (5, 1, "preambel")


def test_nested_unknown_key_is_located_at_the_key():
    findings = findings_of(MINIMAL.replace("        run_in: true\n        text: |", "        runin: true\n        text: |", 1))
    (typo,) = [f for f in findings if f.code == "extra_forbidden"]
    assert typo.path == "sections[0].items[0].runin"
    assert typo.line == 11 and typo.column == 9
    assert "run_in" in typo.message


def test_duplicate_key_is_an_error_not_a_silent_overwrite():
    findings = findings_of(MINIMAL + "year: 2024\n")
    (dup,) = [f for f in findings if f.code == "duplicate-key"]
    assert dup.path == "year"
    assert "第 3 行已有" in dup.message


TEN_MISTAKES = """\
agency:
  nmae: 某局
year: 二〇二三
titel: 报告
to: "主送\\t机关"
doc_number: 龙科2024号
date: 2024-02-30
fonts: mac
sections:
  - kind: measure
    items:
      - heading: ""
        run_in: maybe
  - text: 没有标题的部分
"""


def test_ten_mistakes_give_ten_located_chinese_messages():
    findings = findings_of(TEN_MISTAKES)
    # agency.name missing comes with the typo nmae: 11 findings for 10 mistakes.
    codes = [f.code for f in findings]
    assert len(findings) >= 10
    for f in findings:
        assert f.file == "f.yaml" and f.line is not None and f.column is not None and f.path
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message), f.message
    assert codes.count("extra_forbidden") == 2
    lines = {f.path: f.line for f in findings}
    assert lines["year"] == 3
    assert lines["to"] == 5
    assert lines["doc_number"] == 6
    assert lines["date"] == 7
    assert lines["fonts"] == 8
    assert lines["sections[0].kind"] == 10
    assert lines["sections[0].items[0].heading"] == 12
    assert lines["sections[0].items[0].run_in"] == 13
    assert lines["sections[1]"] == 14


@pytest.mark.parametrize(
    "text, expected",
    [
        ("龙科〔2024〕2号", ("龙科", 2024, 2)),
        ("龙科[2024]2号", ("龙科", 2024, 2)),
        ("龙科（2024）12号", ("龙科", 2024, 12)),
        ("津滨科发〔2021〕 25号", ("津滨科发", 2021, 25)),
    ],
)
def test_doc_number_forms(text, expected):
    assert parse_doc_number(text) == expected
    code, year, num = expected
    assert format_doc_number(text) == f"{code}〔{year}〕{num}号"


@pytest.mark.parametrize("value", ["2024年1月30日", "'2024-01-30'", "2024/1/30"])
def test_date_forms(value):
    facts = parse_facts(MINIMAL.replace("date: 2024-01-30", f"date: {value}")).facts
    assert facts.date == dt.date(2024, 1, 30)


@pytest.mark.parametrize("char", ["\x07", "\x0c", "\x0b", "\x00", "\x1b", "\x85"])
def test_control_characters_are_refused_with_their_name(char):
    escaped = f"\\x{ord(char):02x}"
    findings = findings_of(MINIMAL.replace("  name: 龙泉市科学技术局", f'  name: "龙泉{escaped}科技局"'))
    (bad,) = findings
    assert bad.path == "agency.name" and "控制字符" in bad.message and f"U+{ord(char):04X}" in bad.message


def test_docxtpl_marker_is_refused():
    findings = findings_of(MINIMAL.replace("依法履行职能", "依法{_{履行"))
    assert any("{_{" in f.message for f in findings)


def test_items_deeper_than_four_levels_are_refused():
    deep = MINIMAL.replace(
        "      - heading: 依法履行职能\n",
        "      - heading: 二级\n        items:\n          - heading: 三级\n            items:\n"
        "              - heading: 四级\n                items:\n                  - heading: 五级\n"
        "      - heading: 依法履行职能\n",
    )
    findings = findings_of(deep)
    assert [f.code for f in findings] == ["too-deep"]
    assert "四级" in findings[0].message


def test_empty_file_is_reported():
    (finding,) = findings_of("")
    assert finding.code == "not-a-mapping"


def test_alias_bomb_is_stopped():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for name in "bcdefgh":
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = name
    findings = findings_of(bomb)
    assert any(f.code == "alias-bomb" for f in findings)


def test_folded_text_is_read_without_fold_markers():
    text = MINIMAL.replace("    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。",
                           "    text: >\n      一是法治建设整体水平有待提升；\n      二是普法宣传的深度和广度不够。\n\n      第二段。")
    facts = parse_facts(text).facts
    assert facts.sections[1].text == ["一是法治建设整体水平有待提升； 二是普法宣传的深度和广度不够。", "第二段。"]


def test_a_wrong_attachment_entry_is_named_by_its_field_not_by_the_union_tag():
    (finding,) = findings_of(MINIMAL + "attachments: [5]\n")
    assert finding.path == "attachments[0]"
    assert finding.message == ("“attachments”（附件）应为文字，不能为空，"
                               "或“键: 值”形式的内容，可写的键：title（附件名称，必填）、text（附件正文）")
    assert "attachment-" not in finding.message


@pytest.mark.parametrize(
    "extra, path, label",
    [
        ("imprint: {cc: [某局], printer: 某办公室, date: 5}\n", "imprint.date", "印发日期"),
        ("attachments: [{title: 5}]\n", "attachments[0].title", "附件名称"),
        ("letterhead: {signer: 5}\ndoc_number: 龙科〔2024〕2号\n", "letterhead.signer", "签发人"),
    ],
)
def test_a_field_is_labelled_with_the_title_of_that_field_in_its_model(extra, path, label):
    (finding,) = findings_of(MINIMAL + extra)
    assert finding.path == path
    assert f"（{label}）" in finding.message, finding.message


def test_agency_name_is_labelled_as_the_full_name_of_the_agency():
    (finding,) = findings_of(MINIMAL.replace("  name: 龙泉市科学技术局", "  name: [1]"))
    assert finding.path == "agency.name"
    assert "（机关全称）" in finding.message


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_an_infinite_or_undefined_year_gets_the_chinese_integer_message(value):
    (finding,) = findings_of(MINIMAL.replace("year: 2023", f"year: {value}"))
    assert finding.path == "year"
    assert finding.message == "“year”（年度）应为 1990 到 2100 之间的整数，例如 2024"


@pytest.mark.parametrize("bad, fragment", [("\t", "制表符"), ("{_% 与 {_{", "“{_%”"), ("{_{ 与 %_}", "“{_{”")])
def test_a_refused_character_in_a_block_text_is_located_on_its_own_line(bad, fragment):
    """The message names the first refused marker in the text, on the line it stands on."""
    text = MINIMAL.replace("          坚持重大决策科学化民主化法治化。",
                           f"          坚持重大决策\n          科学化民主{bad}化法治化。")
    (finding,) = findings_of(text)
    assert finding.path == "sections[0].items[0].text"
    assert (finding.line, finding.column) == (15, 16)  # the `|` is on line 12; the character itself
    assert fragment in finding.message


def test_a_line_break_in_a_one_line_block_points_at_the_first_line():
    (finding,) = findings_of(MINIMAL.replace("      - heading: 依法履行职能", "      - heading: |\n          依法\n          履行职能"))
    assert finding.path == "sections[0].items[1].heading"
    assert finding.line == 16 and "只能写一行" in finding.message  # the `|` is on line 15


@pytest.mark.parametrize("indicator", [">", ">-", "|", "|+", "|-"])
def test_a_refused_character_in_a_block_list_item_is_located_at_the_character(indicator: str):
    """Issue 13 item 14: an error in a `- >` paragraph was located at the list's first line, as the list's."""
    first = "        一是法治建设\n" if indicator.startswith(">") else ""  # a `|` paragraph has one line
    text = MINIMAL.replace("    text: 一是法治建设整体水平有待提升；二是普法宣传的深度和广度不够。",
                           f"    text:\n      - 其他段落。\n      - {indicator}\n{first}        整体{{_{{水平有待提升。")
    (finding,) = findings_of(text)
    lines = text.split("\n")
    assert finding.path == "sections[1].text[1]" and "{_{" in finding.message
    assert (finding.line, finding.column) == (lines.index("        整体{_{水平有待提升。") + 1, 11)


def test_a_one_line_field_written_as_a_block_is_accepted():
    text = MINIMAL.replace("year: 2023", "year: 2023\nto: |\n  龙泉市人民政府\n").replace(
        "      - heading: 依法履行职能", "      - heading: >\n          依法履行职能\n")
    facts = parse_facts(text).facts
    assert facts.to == "龙泉市人民政府" and facts.sections[0].items[1].heading == "依法履行职能"
