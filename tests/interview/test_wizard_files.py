"""Hand edits survive the wizard; carry-over from last year's file; the schema modeline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.factfile.document import MODELINE_PREFIX, FactDocument, schema_reference
from drafter.factfile.model import load_facts
from drafter.interview.carryover import CarryOverError, heading_from_paragraph
from drafter.interview.wizard import WizardInterrupted, run_wizard
from tests.helpers.fakeprompter import DEFAULT, TODAY, ScriptedPrompter, run
from tests.helpers.samples import ROOT

HAND_WRITTEN = """\
# 2024 年度报告（办公室 张三 起草）
agency:
  name: 龙泉市科学技术局  # 全称，勿改
  short: 龙泉市科技局
year: 2024
# 下面两项等局长签发后再填
doc_number: '龙科〔2025〕3号'
date: 2025-02-20
preamble: |
  2024年，龙泉市科学技术局深入学习贯彻习近平法治思想。现将有关情况报告如下：
sections:
  # 第一部分：举措
  - kind: measures
    items:
      - heading: 强化组织领导  # 局长改过的标题
        run_in: true
        text: |
          召开专题会议4次。
  - kind: problems
    text:
      - 一是法治建设力量薄弱。   # 列表写法也保留
  - kind: leader
    text: 局主要领导认真履行第一责任人职责。
  - kind: plans
    items:
      - heading: 加强干部学法培训
        text: 抓好领导干部带头学法用法。
# 结尾注释
"""


def comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"#[^\n]*", text) if "yaml-language-server" not in m.group(0)]


def test_revisiting_a_hand_commented_file_keeps_every_comment_order_and_untouched_value(tmp_path: Path):
    path = tmp_path / "2024.yaml"
    path.write_text(HAND_WRITTEN, "utf-8")
    run(path, [
        ("要修改哪一部分", ("part", "basics")),
        ("修改哪一项", ("q", "to")), ("主送机关", "龙泉市人民政府"), ("修改哪一项", ("q", "doc_number")),
        ("发文字号", DEFAULT), ("修改哪一项", "__back__"),
        ("要修改哪一部分", ("section", 1)), ("修改哪一项", ("q", "heading")), ("标题", ""),
        ("修改哪一项", ("q", "text")), ("存在的不足", DEFAULT), ("修改哪一项", "__back__"),
        ("要修改哪一部分", ("section", 0)),
        ("修改哪一项", ("item", "items", 0)), ("哪一项", "text"), ("正文", "召开专题会议5次。"),
        ("哪一项", "__back__"), ("修改哪一项", "__back__"),
        ("要修改哪一部分", "quit"),
    ], mode="edit")
    text = path.read_text("utf-8")
    assert comments(text) == comments(HAND_WRITTEN)
    assert text.startswith(MODELINE_PREFIX)
    assert "doc_number: '龙科〔2025〕3号'" in text  # untouched value keeps its quotes
    assert "      - 一是法治建设力量薄弱。" in text  # untouched list style kept
    assert "to: 龙泉市人民政府\n" in text
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == ["agency", "year", "to", "doc_number", "date", "preamble", "sections"]
    assert "召开专题会议5次。" in text
    assert load_facts(path).facts.sections[0].items[0].text == ["召开专题会议5次。"]


def test_new_on_a_hand_written_file_asks_only_what_is_missing(tmp_path: Path):
    path = tmp_path / "2024.yaml"
    path.write_text(HAND_WRITTEN, "utf-8")
    _, prompter = run(path, [("主送机关", ""), ("其他需要报告", False)])
    assert comments(path.read_text("utf-8")) == comments(HAND_WRITTEN)


def test_edit_fixes_a_paragraph_with_a_tab_pasted_from_word(tmp_path: Path):
    """The stored value is invalid (a Tab); only what the user types is validated."""
    path = tmp_path / "2024.yaml"
    path.write_text(HAND_WRITTEN.replace("2024年，龙泉市科学技术局", "2024年，\t龙泉市科学技术局"), "utf-8")
    _, prompter = run(path, [
        ("要修改哪一部分", ("part", "preamble")),
        ("开头段", DEFAULT),  # keeping the Tab is refused ...
        ("开头段", "2024年，龙泉市科学技术局深入学习贯彻习近平法治思想。"),  # ... a clean text is saved
        ("要修改哪一部分", "quit"),
    ], mode="edit")
    assert any("制表符" in r for r in prompter.refused)
    assert load_facts(path).facts.preamble == ["2024年，龙泉市科学技术局深入学习贯彻习近平法治思想。"]


def test_carry_over_checklist_shows_a_pending_plan_with_a_tab(tmp_path: Path):
    path = tmp_path / "2024.yaml"
    path.write_text(HAND_WRITTEN.replace(
        "      - heading: 强化组织领导  # 局长改过的标题\n        run_in: true\n        text: |\n          召开专题会议4次。\n",
        "      - heading: 加强干部学法培训  # 上年安排，待写落实情况\n        text: \"抓好\\t学法。\"\n"), "utf-8")
    prompter = ScriptedPrompter([("主送机关", ""), ("落实了吗", "done"), ("小标题", DEFAULT),
                                 ("落实情况和成效", "集中学法4次。"), ("接排", True), ("下一步", "done"),
                                 ("其他需要报告", KeyboardInterrupt)])
    with pytest.raises(WizardInterrupted):
        run_wizard(path, prompter, today=TODAY)
    assert "上年安排：加强干部学法培训\n　　抓好\t学法。" in prompter.output
    item = load_facts(path).facts.sections[0].items[0]
    assert item.text == ["集中学法4次。"] and item.run_in is True


def test_editing_an_entry_written_as_a_plain_string_is_refused_in_chinese(tmp_path: Path):
    path = tmp_path / "2024.yaml"
    text = HAND_WRITTEN.replace("          召开专题会议4次。\n", "          召开专题会议4次。\n      - 一条只有文字的举措\n")
    path.write_text(text, "utf-8")
    _, prompter = run(path, [
        ("要修改哪一部分", ("section", 0)), ("修改哪一项", ("item", "items", 1)),
        ("修改哪一项", ("menu", "items")),
        ("下一步", "delete"), ("删除哪一条", 1), ("确定删除", True),
        ("下一步", "done"), ("修改哪一项", "__back__"), ("要修改哪一部分", "quit"),
    ], mode="edit")
    assert "“（二）一条只有文字的举措”在文件中只写了一行文字" in prompter.output
    assert "一条只有文字的举措" not in path.read_text("utf-8")  # deleting it is how the menu fixes it
    assert len(load_facts(path).facts.sections[0].items) == 1


def test_modeline_is_relative_inside_the_project_and_a_file_url_outside(tmp_path: Path):
    assert schema_reference(ROOT / "examples/longquan-2023/facts.yaml") == "../../schema/facts.schema.json"
    outside = schema_reference(tmp_path / "2024.yaml")
    assert outside.startswith("file:///") and outside.endswith("/schema/facts.schema.json")
    assert Path(outside.removeprefix("file://")).is_file()


def test_an_existing_modeline_is_kept(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("# yaml-language-server: $schema=my.json\nyear: 2024\n", "utf-8")
    doc = FactDocument.open(path)
    doc.data["year"] = 2023
    doc.save()
    assert path.read_text("utf-8") == "# yaml-language-server: $schema=my.json\nyear: 2023\n"


LAST_YEAR = """\
agency:
  name: 龙泉市科学技术局
  short: 龙泉市科技局
year: 2023
to: 龙泉市人民政府
doc_number: 龙科〔2024〕2号
date: 2024-01-30
preamble: 2023年的开头段。
sections:
  - kind: measures
    items:
      - heading: 去年的举措
        text: 去年做的事。
  - kind: problems
    text: 去年的不足。
  - kind: leader
    text: 去年的第一责任人情况。
  - kind: plans
    items:
      - heading: 加强干部学法培训
        run_in: true
        text: 抓好领导干部带头学法用法。
      - heading: 强化科技政策法规普及
        run_in: true
        text: 组织开展科技进步法宣传。
      - heading: 建设法治文化阵地
        text: 建成地震科普馆法治角。
"""


def test_carry_over_turns_last_years_plans_into_a_checklist(tmp_path: Path):
    old = tmp_path / "2023.yaml"
    old.write_text(LAST_YEAR, "utf-8")
    new = tmp_path / "2024.yaml"
    with pytest.raises(WizardInterrupted):
        run(new, [("发文字号", KeyboardInterrupt)], carry_from=old)
    text = new.read_text("utf-8")
    assert "year: 2024" in text and "name: 龙泉市科学技术局" in text and "to: 龙泉市人民政府" in text
    assert "龙科〔2024〕2号" not in text and "2024-01-30" not in text and "去年的不足" not in text
    assert text.count("# 上年安排，待写落实情况") == 3

    prompter = ScriptedPrompter([
        ("发文字号", "龙科〔2025〕1号"), ("成文日期", "2025-01-20"), ("开头段", "2024年的开头段。"),
        ("落实了吗", "done"), ("小标题", "加强干部学法培训，学法考试合格率100%"),
        ("落实情况和成效", "领导干部集中学法4次，考试合格率100%。"), ("接排", DEFAULT),
        ("落实了吗", "dropped"), ("确定删去", True),
        ("落实了吗", KeyboardInterrupt),
    ])
    with pytest.raises(WizardInterrupted):
        run_wizard(new, prompter, today=TODAY)
    assert "上年第1条安排：加强干部学法培训" in prompter.output
    assert prompter.output.count("以下各条来自上年报告") == 1
    assert prompter.asked[4].default == "加强干部学法培训"
    assert prompter.asked[5].default == "抓好领导干部带头学法用法。"  # the promise is the draft
    text = new.read_text("utf-8")
    assert text.count("# 上年安排，待写落实情况") == 1  # one checked, one dropped, one still open
    assert "强化科技政策法规普及" not in text

    run(new, [("落实了吗", "done"), ("小标题", DEFAULT), ("落实情况和成效", "建成法治角1处。"), ("接排", False),
              ("下一步", "done"), ("存在的不足", "一是……"), ("第一责任人", "主要负责人……"),
              ("小标题", "深化普法"), ("具体安排", "开展普法活动。"), ("接排", True), ("下一步", "done"), ("其他需要报告", False)])
    facts = load_facts(new).facts
    assert [i.heading for i in facts.sections[0].items] == ["加强干部学法培训，学法考试合格率100%", "建设法治文化阵地"]
    assert facts.sections[0].items[1].text == ["建成法治角1处。"]
    assert "上年安排" not in new.read_text("utf-8").split("sections:")[1]


def test_carry_over_from_plans_written_as_paragraphs(tmp_path: Path):
    old = tmp_path / "2020.yaml"
    old.write_text((ROOT / "examples/luohe-2020/facts.yaml").read_text("utf-8"), "utf-8")
    new = tmp_path / "2021.yaml"
    with pytest.raises(WizardInterrupted):
        run(new, [("发文字号", KeyboardInterrupt)], carry_from=old)
    doc = FactDocument.open(new)
    measures = doc.section("measures")
    assert measures is not None
    items = measures["items"]
    assert items[0]["heading"] == "以“服务型行政执法示范点”为载体"
    assert str(items[0]["text"]).startswith("一是以“服务型行政执法示范点”为载体")
    assert doc.data["year"] == 2021 and doc.data["to"] == "市法治政府建设领导小组办公室"


def test_carry_over_reads_last_years_plans_as_validated(tmp_path: Path):
    """run_in: 'false' is false (it used to become true) and a heading loses its surrounding spaces."""
    old = tmp_path / "2023.yaml"
    old.write_text(LAST_YEAR.replace("      - heading: 强化科技政策法规普及\n        run_in: true",
                                     "      - heading: ' 强化科技政策法规普及 '\n        run_in: 'false'"), "utf-8")
    new = tmp_path / "2024.yaml"
    with pytest.raises(WizardInterrupted):
        run(new, [("发文字号", KeyboardInterrupt)], carry_from=old)
    measures = FactDocument.open(new).section("measures")
    assert measures is not None
    items = measures["items"]
    assert [i["heading"] for i in items] == ["加强干部学法培训", "强化科技政策法规普及", "建设法治文化阵地"]
    assert [i.get("run_in") for i in items] == [True, False, None]  # not written last year: asked again


def test_a_plan_paragraph_that_is_only_its_enumeration_still_gets_a_heading():
    assert heading_from_paragraph("三是") == "三是"


def test_heading_from_paragraph():
    assert heading_from_paragraph("二是加强普法宣传，提高群众法律意识。") == "加强普法宣传"
    assert heading_from_paragraph("一是" + "很" * 40) == "很" * 30


def test_carry_over_never_overwrites_an_existing_file(tmp_path: Path):
    old = tmp_path / "2023.yaml"
    old.write_text(LAST_YEAR, "utf-8")
    new = tmp_path / "2024.yaml"
    new.write_text("year: 2024\n", "utf-8")
    with pytest.raises(CarryOverError) as info:
        run(new, [], carry_from=old)
    assert "已经存在" in info.value.message and info.value.exit_code == 2
    assert new.read_text("utf-8") == "year: 2024\n"


def test_a_file_with_a_yaml_error_is_refused_with_its_line(tmp_path: Path):
    from drafter.errors import FactFileError

    path = tmp_path / "bad.yaml"
    path.write_text("agency:\n  name: 某局\nyear: [2024\n", "utf-8")
    with pytest.raises(FactFileError) as info:
        run(path, [])
    assert info.value.findings[0].line is not None and "drafter check" in info.value.findings[0].message
    assert path.read_text("utf-8") == "agency:\n  name: 某局\nyear: [2024\n"


def test_nested_answers_keep_the_model_key_order_at_any_depth():
    """Not only agency: a nested mapping such as the letterhead gets its keys in the documented order."""
    from ruamel.yaml.comments import CommentedMap

    from drafter.factfile.document import order_for
    from drafter.interview.engine import Slot

    root = CommentedMap()
    slot = Slot.of(root, "root")
    slot.set(("letterhead", "signer"), "张三")
    slot.set(("letterhead", "name"), "龙泉市科学技术局文件")
    expected = [k for k in order_for("letterhead") if k in ("name", "signer")]
    assert expected == ["name", "signer"]
    assert list(root["letterhead"]) == expected


def test_the_first_question_does_not_wait_for_pydantic(tmp_path):
    """Validation (pydantic, ~130 ms to import) is needed at the end or with --from, not to start asking."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from drafter.interview.terminal import FirstPromptShown\n"
        "from drafter.interview.wizard import run_wizard\n"
        "class P:\n"
        "    def show(self, *a, **k): pass\n"
        "    def __getattr__(self, name):\n"
        "        def ask(*a, **k): raise FirstPromptShown()\n"
        "        return ask\n"
        "run_wizard(Path(sys.argv[1]), P())\n"
        "print(sorted(m for m in ('pydantic', 'docx', 'docxtpl') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "2024.yaml")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("stamp", ["2025-02-20 00:00:00", "2025-02-20 09:30:00"])
def test_edit_offers_a_timestamp_date_as_a_date_it_accepts(tmp_path: Path, stamp: str):
    """check and build read `date: 2025-02-20 09:30:00` as 2025年2月20日; the wizard offered
    "2025-02-20T09:30:00" as the answer to keep and then refused it."""
    path = tmp_path / "2024.yaml"
    path.write_text(HAND_WRITTEN.replace("date: 2025-02-20", f"date: {stamp}"), "utf-8")
    _, prompter = run(path, [
        ("要修改哪一部分", ("part", "basics")), ("修改哪一项", ("q", "date")), ("成文日期", DEFAULT),
        ("修改哪一项", "__back__"), ("要修改哪一部分", "quit"),
    ], mode="edit")
    assert [a.default for a in prompter.asked if "成文日期" in a.message] == ["2025-02-20"]
    assert prompter.refused == []
    assert str(load_facts(path).facts.date) == "2025-02-20"
