"""The wizard's answer logic with a scripted prompter: order, validation, saving, resume, groups, edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from drafter.factfile.document import MODELINE_PREFIX
from drafter.factfile.model import load_facts
from drafter.interview.wizard import WizardInterrupted, run_wizard
from tests.helpers.fakeprompter import DEFAULT, TODAY, ScriptedPrompter, run

BASICS = [
    ("机关全称", "龙泉市科学技术局"),
    ("报告年度", DEFAULT),
    ("主送机关", "龙泉市人民政府"),
    ("发文字号", "龙科〔2025〕3号"),
    ("成文日期", "2025年2月20日"),
]
PREAMBLE = [("开头段", "2024年，龙泉市科学技术局深入学习贯彻习近平法治思想。\n\n现将有关情况报告如下：")]
MEASURE_ONE = [
    ("小标题", "强化组织领导，坚持民主决策"),
    ("正文", "主要负责人2次召开专题会议，研究部署依法行政工作。\n聘请法律顾问审查合同12份。"),
    ("接排", True),
    ("下一级", False),
]
MEASURES = MEASURE_ONE + [("下一步", "done")]
REST = [
    ("存在的不足", "一是法治建设力量薄弱；二是普法的深度和广度不够。"),
    ("第一责任人", "局主要领导认真履行推进法治建设第一责任人职责。"),
    ("小标题", "深入学习贯彻习近平法治思想"),
    ("具体安排", "抓好领导干部带头学法用法。"),
    ("接排", True),
    ("下一步", "done"),
    ("其他需要报告", False),
]
FULL = BASICS + PREAMBLE + MEASURES + REST


def test_complete_report_from_nothing_validates_and_builds(tmp_path: Path):
    path = tmp_path / "2024.yaml"
    result, prompter = run(path, FULL)
    facts = load_facts(path).facts
    assert facts.agency.name == "龙泉市科学技术局"
    assert facts.year == 2024  # default: the year before today
    assert facts.date == dt.date(2025, 2, 20)
    assert facts.preamble == ["2024年，龙泉市科学技术局深入学习贯彻习近平法治思想。", "现将有关情况报告如下："]
    assert [s.kind for s in facts.sections] == ["measures", "problems", "leader", "plans"]
    assert facts.sections[0].items[0].text[1] == "聘请法律顾问审查合同12份。"
    assert facts.sections[0].items[0].run_in is True
    assert result.docx == tmp_path / "2024.docx" and result.docx.stat().st_size > 5000
    text = path.read_text("utf-8")
    assert text.startswith(MODELINE_PREFIX)
    assert "preamble: |\n  2024年" in text  # paragraphs are a block, one per line
    assert "全部问题都已回答" in prompter.output


def test_statutory_order_of_questions(tmp_path: Path):
    _, prompter = run(tmp_path / "r.yaml", FULL)
    messages = [a.message for a in prompter.asked]
    assert messages[0].startswith("机关全称") and messages[1].startswith("报告年度")
    order = [next(i for i, m in enumerate(messages) if key in m) for key in ("开头段", "小标题", "存在的不足",
                                                                              "第一责任人", "具体安排", "其他需要报告")]
    assert order == sorted(order)


def test_every_answer_is_on_disk_before_the_next_question(tmp_path: Path):
    path = tmp_path / "r.yaml"
    seen: list[str] = []

    class Watching(ScriptedPrompter):
        def ask(self, ask):
            if path.exists():
                seen.append(path.read_text("utf-8"))
                YAML(typ="safe").load(seen[-1])  # always a whole, parseable file
            return super().ask(ask)

    prompter = Watching(FULL)
    run_wizard(path, prompter, today=TODAY)
    assert "龙泉市科学技术局" in seen[0]  # saved before the year was asked
    assert "year: 2024" in seen[1]
    assert not list(tmp_path.glob(".*.tmp"))


def _saved_form(answer) -> str | None:
    """How a text answer shows in the saved file (its first line), None for menus and yes/no."""
    if answer is DEFAULT:
        return "year: 2024"
    if answer == "2025年2月20日":
        return "date: 2025-02-20"  # dates are stored in ISO form
    if isinstance(answer, str) and answer.strip() and answer not in ("done", "add", "quit"):
        return answer.strip().split("\n")[0]
    return None


def test_each_text_answer_is_on_disk_before_the_next_question(tmp_path: Path):
    """Not only the first two: every answer of the whole interview, in groups and sub-items too."""
    path = tmp_path / "r.yaml"
    on_disk: list[str] = []

    class Watching(ScriptedPrompter):
        def ask(self, ask):
            on_disk.append(path.read_text("utf-8") if path.exists() else "")
            return super().ask(ask)

    run_wizard(path, Watching(FULL), today=TODAY)
    on_disk.append(path.read_text("utf-8"))
    assert len(on_disk) == len(FULL) + 1
    checked = 0
    for i, (question, answer) in enumerate(FULL):
        form = _saved_form(answer)
        if form is None:
            continue
        before, after = on_disk[i], on_disk[i + 1]
        assert form in after, f"answer to {question} ({form}) not saved before the next question"
        assert after != before, f"the file did not change after the answer to {question}"
        checked += 1
    assert checked >= 12


class PowerCut(BaseException):
    """The machine goes off: nothing in the wizard handles this (unlike Ctrl+C, which saves and exits)."""


@pytest.mark.parametrize("cut", range(1, len(FULL)))
def test_a_crash_at_any_question_loses_no_earlier_answer(tmp_path: Path, cut: int):
    path = tmp_path / "r.yaml"
    question = FULL[cut][0]
    with pytest.raises(PowerCut):
        run(path, FULL[:cut] + [(question, PowerCut)])
    text = path.read_text("utf-8")
    YAML(typ="safe").load(text)  # a whole, parseable file
    for _, answer in FULL[:cut]:
        form = _saved_form(answer)
        assert form is None or form in text, f"{form} lost by a crash at {question}"


@pytest.mark.parametrize(("question", "bad", "message", "good", "stored"), [
    ("报告年度", "2031", "年度应在 1990 到 2025 之间", "２０２４年", "year: 2024"),
    ("报告年度", "二〇二四", "四位数字", "2024", "year: 2024"),
    ("发文字号", "龙科2025-3", "机关代字〔年份〕序号号", "龙科[2025]3号", "doc_number: 龙科〔2025〕3号"),
    ("发文字号", "龙科〔2023〕3号", "早于报告年度", "龙科（2025）第3号", "doc_number: 龙科〔2025〕3号"),
    ("成文日期", "2024-12-30", "应在报告年度（2024年）之后", "２０２５-２-２０", "date: 2025-02-20"),
    ("成文日期", "2025-02-30", "日期不存在", "2025.2.20", "date: 2025-02-20"),
    ("机关全称", "", "不能为空", "龙泉市科学技术局", "name: 龙泉市科学技术局"),
])
def test_validation_while_typing_in_chinese(tmp_path: Path, question, bad, message, good, stored):
    script: list[tuple[str, object]] = []
    for expected, answer in BASICS:
        script += [(expected, bad), (expected, good)] if expected == question else [(expected, answer)]
    script += [("开头段", KeyboardInterrupt)]
    prompter = ScriptedPrompter(script)
    with pytest.raises(WizardInterrupted):
        run_wizard(tmp_path / "r.yaml", prompter, today=TODAY)
    assert any(message in r for r in prompter.refused), prompter.refused
    assert stored in (tmp_path / "r.yaml").read_text("utf-8")


def test_question_mark_shows_guidance_and_excerpts_then_asks_again(tmp_path: Path):
    script = [("机关全称", "？"), ("机关全称", "龙泉市科学技术局"), ("报告年度", KeyboardInterrupt)]
    prompter = ScriptedPrompter(script)
    with pytest.raises(WizardInterrupted):
        run_wizard(tmp_path / "r.yaml", prompter, today=TODAY)
    help_shown = prompter.output
    assert "【写作要求】" in help_shown and "不用简称" in help_shown
    # excerpts come from the example fact files at run time
    assert "【示例】龙泉市科学技术局 2023年度" in help_shown and "漯河市科学技术局" in help_shown
    assert not prompter.refused  # "?" is never refused as an answer


def test_help_keeps_what_was_typed(tmp_path: Path):
    from drafter.interview.terminal import HelpRequest

    script = BASICS + [("开头段", HelpRequest("写了一半的开头")), ("开头段", DEFAULT), ("小标题", KeyboardInterrupt)]
    prompter = ScriptedPrompter(script)
    with pytest.raises(WizardInterrupted):
        run_wizard(tmp_path / "r.yaml", prompter, today=TODAY)
    assert prompter.asked[-2].default == "写了一半的开头"
    assert "开头段通常只有一段" in prompter.output
    assert "preamble: |\n  写了一半的开头" in (tmp_path / "r.yaml").read_text("utf-8")


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_interrupt_keeps_answers_and_new_resumes_at_the_first_unanswered(tmp_path: Path, stop):
    path = tmp_path / "r.yaml"
    with pytest.raises(WizardInterrupted) as info:
        run(path, BASICS[:3] + [("发文字号", stop)])
    assert info.value.exit_code == 130
    assert f"drafter new {path}" in info.value.message
    text = path.read_text("utf-8")
    assert "龙泉市科学技术局" in text and "year: 2024" in text and "to: 龙泉市人民政府" in text
    assert "doc_number" not in text

    _, prompter = run(path, BASICS[3:] + PREAMBLE + MEASURES + REST)
    assert prompter.asked[0].message.startswith("发文字号")
    assert "继续填写" in prompter.shown[0]
    assert load_facts(path).facts.doc_number == "龙科〔2025〕3号"


def test_commands_shown_after_an_interrupt_quote_a_name_with_a_space(tmp_path: Path):
    """“再次运行 drafter new 2024年 报告.yaml” copied into a shell is two arguments: the second run failed."""
    path = tmp_path / "2024年 报告.yaml"
    with pytest.raises(WizardInterrupted) as info:
        run(path, BASICS[:3] + [("发文字号", KeyboardInterrupt)])
    assert f'drafter new "{path}"' in info.value.message and f'drafter edit "{path}"' in info.value.message
    prompter = ScriptedPrompter([("发文字号", KeyboardInterrupt)])
    with pytest.raises(WizardInterrupted):
        run_wizard(path, prompter, today=TODAY)
    assert f'drafter edit "{path}"' in prompter.shown[0]  # the "继续填写" note


def test_pasted_direction_controls_are_removed_with_a_note_not_refused(tmp_path: Path):
    """A right-to-left override pasted with a web page's text reached the DOCX, where Word showed it reversed;
    refusing it instead would leave the clerk hunting for a character that cannot be seen."""
    path = tmp_path / "r.yaml"
    pasted = [("开头段", "2024年，\u202e龙泉市科学技术局\u202c深入学习贯彻习近平法治思想。"),
              ("小标题", "强化\u2067组织领导\u2069"), ("正文", KeyboardInterrupt)]
    prompter = ScriptedPrompter(BASICS + pasted)
    with pytest.raises(WizardInterrupted):
        run_wizard(path, prompter, today=TODAY)
    assert not prompter.refused
    text = path.read_text("utf-8")
    assert "2024年，龙泉市科学技术局深入学习贯彻习近平法治思想。" in text and "heading: 强化组织领导" in text
    assert "已删除 2 个不可见的文字方向控制字符" in prompter.output


def test_blank_optional_answer_counts_as_answered(tmp_path: Path):
    path = tmp_path / "r.yaml"
    script = [("机关全称", "某局"), ("报告年度", "2024"), ("主送机关", ""), ("发文字号", ""), ("成文日期", ""),
              ("开头段", KeyboardInterrupt)]
    with pytest.raises(WizardInterrupted):
        run(path, script)
    assert "to:\ndoc_number:\ndate:\n" in path.read_text("utf-8")
    with pytest.raises(WizardInterrupted):
        run(path, [("开头段", KeyboardInterrupt)])  # not asked again


def test_resume_inside_a_group_shows_the_group_menu(tmp_path: Path):
    path = tmp_path / "r.yaml"
    with pytest.raises(WizardInterrupted):
        run(path, BASICS + PREAMBLE + MEASURE_ONE + [("下一步", KeyboardInterrupt)])
    _, prompter = run(path, [("下一步", "add"), ("小标题", "依法履行职能"), ("正文", "严格落实合法性审查。"),
                             ("接排", DEFAULT), ("下一级", False), ("下一步", "done")] + REST)
    assert "（一）强化组织领导，坚持民主决策" in prompter.output
    facts = load_facts(path).facts
    assert [i.heading for i in facts.sections[0].items] == ["强化组织领导，坚持民主决策", "依法履行职能"]
    assert facts.sections[0].items[1].run_in is True  # default follows the previous item


def test_an_item_interrupted_after_its_heading_is_completed_on_resume(tmp_path: Path):
    path = tmp_path / "r.yaml"
    with pytest.raises(WizardInterrupted):
        run(path, BASICS + PREAMBLE + [("小标题", "强化组织领导"), ("正文", KeyboardInterrupt)])
    _, prompter = run(path, [("正文", "召开专题会议4次。"), ("接排", True), ("下一级", False), ("下一步", "done")] + REST)
    assert "补全：（一）强化组织领导" in prompter.output
    assert load_facts(path).facts.sections[0].items[0].text == ["召开专题会议4次。"]


def test_repeating_group_add_edit_delete_reorder_and_sub_items(tmp_path: Path):
    path = tmp_path / "r.yaml"
    measures = MEASURE_ONE + [
        ("下一步", "add"), ("小标题", "依法履行职能"), ("正文", ""), ("下一级", True),
        ("下一级小标题", "双随机抽查"), ("正文", "抽查企业46家。"), ("接排", True),
        ("下一步", "add"), ("下一级小标题", "规范性文件"), ("正文", "审核规范性文件3件。"), ("接排", True),
        ("下一步", "done"),
        ("下一步", "add"), ("小标题", "临时一条"), ("正文", "稍后删除。"), ("接排", False), ("下一级", False),
        ("下一步", "move"), ("移动哪一条", 1), ("移到第几位", 0),
        ("下一步", "edit"), ("修改哪一条", 1), ("哪一项", "heading"), ("小标题", "加强组织领导"),
        ("哪一项", "__back__"),
        ("下一步", "delete"), ("删除哪一条", 2), ("确定删除", True),
        ("下一步", "done"),
    ]
    run(path, BASICS + PREAMBLE + measures + REST)
    items = load_facts(path).facts.sections[0].items
    assert [i.heading for i in items] == ["依法履行职能", "加强组织领导"]
    assert [s.heading for s in items[0].items] == ["双随机抽查", "规范性文件"]
    assert items[0].text == [] and items[1].text[0].startswith("主要负责人2次")
    assert "text:\n" in path.read_text("utf-8")  # the blank text is recorded as answered


def test_edit_menu_revisits_a_section_and_builds(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    result, prompter = run(path, [
        ("要修改哪一部分", ("section", 1)),
        ("修改哪一项", ("q", "heading")), ("标题", ""),
        ("修改哪一项", ("q", "text")),
        ("存在的不足", "一是法治建设力量薄弱。\n二是运用法治思维解决问题的能力有待提高。"),
        ("修改哪一项", "__back__"),
        ("要修改哪一部分", ("part", "basics")),
        ("修改哪一项", ("q", "doc_number")), ("发文字号", "龙科〔2025〕9号"),  # one question, not the whole part
        ("修改哪一项", "__back__"),
        ("要修改哪一部分", "build"),
    ], mode="edit")
    facts = load_facts(path).facts
    assert facts.sections[1].text[1] == "二是运用法治思维解决问题的能力有待提高。"
    assert facts.doc_number == "龙科〔2025〕9号"
    assert result.docx and result.docx.exists()
    assert "直接回车使用默认标题“2024年度推进法治政府建设存在的不足和原因”" in prompter.asked[2].message
    assert "  - kind: problems\n    text:" in path.read_text("utf-8")  # empty heading: default, no key
    labels = [label for label, _ in prompter.asked[0].choices]
    assert labels[2] == "一、主要举措和成效（1 条）"
    assert "其他需要报告的情况（未填写）" in labels


def test_edit_a_missing_part_adds_the_section_in_statutory_order(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    run(path, [("要修改哪一部分", ("part", "other")), ("有其他需要报告的情况", True),
               ("其他需要报告", "无。"), ("要修改哪一部分", "quit")], mode="edit")
    assert [s.kind for s in load_facts(path).facts.sections][-1] == "other"


def test_edit_of_a_thematic_section_uses_the_thematic_form(tmp_path: Path):
    from tests.helpers.samples import ROOT

    path = tmp_path / "longgang.yaml"
    path.write_text((ROOT / "examples/longgang-2020/facts.yaml").read_text("utf-8"), "utf-8")
    run(path, [("要修改哪一部分", ("section", 0)), ("哪一项", "heading"), ("这一部分的标题", "加强组织领导"),
               ("哪一项", "__back__"), ("要修改哪一部分", "quit")], mode="edit")
    assert load_facts(path).facts.sections[0].heading == "加强组织领导"


def test_gate_yes_adds_the_other_section(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL[:-1] + [("其他需要报告", True), ("其他需要报告", "本年度无其他需要报告的情况。")])
    assert load_facts(path).facts.sections[-1].kind == "other"


def test_complete_file_goes_straight_to_the_build(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    (tmp_path / "r.docx").unlink()
    # only the optional "other" question is open; everything else is answered
    result, _ = run(path, [("其他需要报告", False)])
    assert result.docx and result.docx.exists()


def test_edit_sets_and_clears_a_section_heading(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    run(path, [("要修改哪一部分", ("section", 3)), ("修改哪一项", ("q", "heading")), ("标题", "2025年工作安排"),
               ("修改哪一项", "__back__"), ("要修改哪一部分", "quit")], mode="edit")
    assert load_facts(path).facts.sections[3].heading == "2025年工作安排"
    run(path, [("要修改哪一部分", ("section", 3)), ("修改哪一项", ("q", "heading")), ("标题", ""),
               ("修改哪一项", "__back__"), ("要修改哪一部分", "quit")], mode="edit")
    assert load_facts(path).facts.sections[3].heading is None


def test_resume_reads_the_parts_once_and_compiles_each_condition_once(tmp_path: Path, monkeypatch):
    from drafter.interview import engine as wizard
    from drafter.interview.questions import load_spec

    path = tmp_path / "r.yaml"
    run(path, FULL)
    compiled: list[str] = []
    compile_expression = wizard._env.compile_expression

    def spy(expression, **kw):
        compiled.append(expression)
        return compile_expression(expression, **kw)

    monkeypatch.setattr(wizard._env, "compile_expression", spy)
    if hasattr(wizard, "_condition"):
        wizard._condition.cache_clear()
    basics = load_spec().part("basics").questions
    reads: list[int] = []
    form_answered = wizard.Interview.form_answered

    def counting(self, questions, slot, **kw):
        if questions is basics:
            reads.append(1)
        return form_answered(self, questions, slot, **kw)

    monkeypatch.setattr(wizard.Interview, "form_answered", counting)
    before = load_facts(path).facts
    result, prompter = run(path, [("其他需要报告", False)])  # only the last, optional part is open
    assert compiled and len(compiled) == len(set(compiled))
    assert len(reads) == 1
    # reading each part once still finds every answered question answered: one question asked,
    # nothing lost, and the report built
    assert len(prompter.asked) == 1 and "其他需要报告" in prompter.asked[0].message
    after = load_facts(path).facts
    assert after.sections[:4] == before.sections[:4] and after.agency == before.agency
    assert result.docx and result.docx.exists()


def test_going_back_then_quitting_keeps_the_paragraph_being_typed(tmp_path: Path):
    """PgUp from a half-written paragraph, then Ctrl-C on the earlier question: the paragraph was lost."""
    from drafter.interview.terminal import BackRequest

    path = tmp_path / "r.yaml"
    script = BASICS + [("开头段", BackRequest("写了一半的开头")), ("成文日期", KeyboardInterrupt)]
    with pytest.raises(WizardInterrupted):
        run_wizard(path, ScriptedPrompter(script), today=TODAY)
    prompter = ScriptedPrompter([("开头段", KeyboardInterrupt)])
    with pytest.raises(WizardInterrupted):
        run_wizard(path, prompter, today=TODAY)
    assert prompter.asked[0].default == "写了一半的开头"


def test_going_back_and_typing_on_the_earlier_question_keeps_both_texts(tmp_path: Path):
    """PgUp from a half-written paragraph, type on the earlier question, then Ctrl-C: the single draft
    slot used to keep only the last question's text, and the paragraph was lost."""
    from drafter.interview.terminal import BackRequest, PromptInterrupted

    path = tmp_path / "r.yaml"
    script = BASICS + [("开头段", BackRequest("写了一半的开头")), ("成文日期", PromptInterrupted("2025-01"))]
    with pytest.raises(WizardInterrupted):
        run_wizard(path, ScriptedPrompter(script), today=TODAY)
    prompter = ScriptedPrompter([("成文日期", "2025-01-30"), ("开头段", KeyboardInterrupt)])
    with pytest.raises(WizardInterrupted):
        run_wizard(path, prompter, today=TODAY)
    assert prompter.asked[0].default == "2025-01"
    assert prompter.asked[1].default == "写了一半的开头"
