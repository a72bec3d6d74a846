"""The interview engine without a terminal: order, back, jump, resume at every kind of question, drafts,
and the reproductions of issue 12 that live in the answer logic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drafter.factfile.document import FactDocument
from drafter.factfile.model import load_facts
from drafter.interview.drafts import Drafts
from drafter.interview.engine import BACK_CHOICE, Interview, Step
from drafter.interview.questions import load_spec
from drafter.interview.wizard import WizardInterrupted, run_wizard
from tests.helpers.fakeprompter import DEFAULT, TODAY, ScriptedPrompter, run
from tests.interview.test_wizard import BASICS, FULL, MEASURE_ONE, PREAMBLE, REST


def engine(path: Path, mode: str = "new") -> Interview:
    return Interview(FactDocument.open(path), spec=load_spec(), today=TODAY, mode=mode, drafts=Drafts.beside(path))


def now(step: Step | None) -> Step:
    assert step is not None, "the interview ended"
    return step


def answer_all(e: Interview, answers: list[object]) -> None:
    for value in answers:
        assert e.current is not None
        outcome = e.answer(value)
        assert outcome.accepted, (now(e.current).message, outcome.error)


def test_steps_carry_part_item_path_and_progress(tmp_path: Path):
    e = engine(tmp_path / "r.yaml")
    step = now(e.current)
    assert step.id == "basics/agency.name" and step.part == "〔1/7〕基本信息" and step.progress[0] == 0
    answer_all(e, ["某局", "2024", "", "", "", "开头。", "强化组织领导", "做了。", True, False, "add", "依法行政"])
    step = now(e.current)
    assert step.where == "第2条举措" and "第2条举措" in step.context and "已答" in step.context
    assert step.message.startswith("正文")


def test_back_goes_to_the_previous_question_across_parts_and_keeps_answers(tmp_path: Path):
    path = tmp_path / "r.yaml"
    e = engine(path)
    answer_all(e, ["某局", "2024", "", "", "", "开头。"])
    assert now(e.current).id == "measures/items[0]/heading"
    assert now(e.back()).id == "preamble/preamble"  # across parts
    assert now(e.current).default == "开头。"  # prefilled with the saved answer
    assert now(e.back()).id == "basics/date"
    assert now(e.back()).id == "basics/doc_number"
    answer_all(e, ["某局〔2025〕1号"])  # fix it, then straight on to where we were
    assert now(e.current).id == "measures/items[0]/heading"
    assert "某局〔2025〕1号" in path.read_text("utf-8")


def test_back_from_a_new_item_returns_to_the_menu_and_from_the_menu_into_the_item(tmp_path: Path):
    e = engine(tmp_path / "r.yaml")
    answer_all(e, ["某局", "2024", "", "", "", "开头。", "强化组织领导", "做了。", True, False, "add"])
    assert now(e.current).id == "measures/items[1]/heading"
    assert now(e.back()).id == "measures/items:menu"
    assert now(e.back()).id == "measures/items[0]/items:ask"
    assert now(e.back()).id == "measures/items[0]/run_in"


def test_jump_to_one_question_or_one_item(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    e = engine(path, mode="edit")
    assert now(e.current).id == "edit:menu"
    assert now(e.jump("measures/items[0]/text")).message.startswith("正文")
    answer_all(e, ["召开专题会议5次。"])
    assert load_facts(path).facts.sections[0].items[0].text == ["召开专题会议5次。"]
    targets = dict((v, k) for k, v in e.targets() if v)
    assert "measures/items:menu" in targets and "basics/agency.name" in targets


def test_edit_changes_one_measure_text_in_four_prompts(tmp_path: Path):
    """Friction: changing one measure's text took about 9 prompts."""
    path = tmp_path / "r.yaml"
    run(path, FULL)
    _, prompter = run(path, [("要修改哪一部分", ("section", 0)), ("修改哪一项", ("item", "items", 0)),
                             ("哪一项", "text"), ("正文", "新的正文。"),
                             ("哪一项", BACK_CHOICE), ("修改哪一项", BACK_CHOICE), ("要修改哪一部分", "quit")],
                      mode="edit")
    assert len(prompter.asked) == 7
    assert load_facts(path).facts.sections[0].items[0].text == ["新的正文。"]


def test_back_in_edit_returns_to_the_previous_question(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    e = engine(path, mode="edit")
    answer_all(e, [("part", "basics"), ("q", "to"), "某政府"])
    assert now(e.current).id == "basics:fields"
    assert now(e.back()).id == "basics/to"


# --- issue 12, "What a new user hit" ---------------------------------------------------------


def test_1_back_from_the_item_picker_returns_to_the_menu(tmp_path: Path):
    for action in ("edit", "delete", "move"):
        path = tmp_path / f"{action}.yaml"
        extra = [("下一步", "add"), ("小标题", "二"), ("正文", "二。"), ("接排", True), ("下一级", False)]
        script = BASICS + PREAMBLE + MEASURE_ONE + extra + [
            ("下一步", action), ("哪一条", "返回"), ("下一步", "done")] + REST
        _, prompter = run(path, script)
        pick = next(a for a in prompter.asked if "哪一条" in a.message)
        assert ("返回", BACK_CHOICE) in pick.choices
    e = engine(tmp_path / "edit.yaml", mode="edit")
    answer_all(e, [("section", 0), ("menu", "items"), "edit"])
    assert all(value is not None for _, value in now(e.current).choices)  # questionary turns None into the title


def test_2_ctrl_c_keeps_the_typed_text_as_a_draft_and_offers_it_again(tmp_path: Path):
    path = tmp_path / "r.yaml"

    from drafter.interview.terminal import PromptInterrupted

    typing = ScriptedPrompter(BASICS + [("开头段", PromptInterrupted("第一段。\n第二段。"))])
    with pytest.raises(WizardInterrupted) as info:
        run_wizard(path, typing, today=TODAY)
    assert "草稿" in info.value.message
    draft = path.with_name("r.yaml.draft")
    assert "第一段。" in draft.read_text("utf-8")

    _, prompter = run(path, [("开头段", DEFAULT)] + MEASURE_ONE + [("下一步", "done")] + REST)
    assert prompter.asked[0].default == "第一段。\n第二段。"
    assert "已经恢复" in prompter.output
    assert load_facts(path).facts.preamble == ["第一段。", "第二段。"]
    assert not draft.exists()  # removed once saved


def test_3_ctrl_c_at_the_first_question_does_not_claim_a_saved_file(tmp_path: Path):
    path = tmp_path / "z.yaml"
    with pytest.raises(WizardInterrupted) as info:
        run(path, [("机关全称", KeyboardInterrupt)])
    assert not path.exists()
    assert "已经回答的内容都已保存" not in info.value.message and "还没有保存任何回答" in info.value.message


def test_5_resume_at_the_run_in_question_asks_it_and_the_sub_item_question(tmp_path: Path):
    path = tmp_path / "r.yaml"
    with pytest.raises(WizardInterrupted):
        run(path, BASICS + PREAMBLE + [("小标题", "强化组织领导"), ("正文", "做了。"), ("接排", KeyboardInterrupt)])
    _, prompter = run(path, [("接排", False), ("下一级", False), ("下一步", "done")] + REST)
    assert load_facts(path).facts.sections[0].items[0].run_in is False


def test_5_resume_inside_a_sub_item_still_offers_the_sub_item_menu(tmp_path: Path):
    path = tmp_path / "r.yaml"
    subs: list[tuple[str, object]] = [("下一级", True)]
    for n in (1, 2):
        subs += [("下一级小标题", f"小项{n}"), ("正文", f"正文{n}。"), ("接排", True), ("下一步", "add")]
    subs += [("下一级小标题", "小项3"), ("正文", KeyboardInterrupt)]
    with pytest.raises(WizardInterrupted):
        run(path, BASICS + PREAMBLE + [("小标题", "强化组织领导"), ("正文", "")] + subs)
    run(path, [("正文", "正文3。"), ("接排", True), ("下一步", "add"), ("下一级小标题", "小项4"), ("正文", "正文4。"),
               ("接排", True), ("下一步", "done"), ("下一步", "done")] + REST)
    assert [s.heading for s in load_facts(path).facts.sections[0].items[0].items] == ["小项1", "小项2", "小项3", "小项4"]


def test_6_a_comment_before_the_next_section_stays_there_when_items_move_or_go(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL[:5] + PREAMBLE + MEASURE_ONE + [
        ("下一步", "add"), ("小标题", "二"), ("正文", "二。"), ("接排", True), ("下一级", False),
        ("下一步", "add"), ("小标题", "三"), ("正文", "三。"), ("接排", True), ("下一级", False),
        ("下一步", "done")] + REST)
    text = path.read_text("utf-8").replace("  - kind: problems", "  # 注释\n  - kind: problems")
    text = text.replace("to: 龙泉市人民政府", "to: 龙泉市人民政府  # 主送")
    path.write_text(text, "utf-8")
    run(path, [("要修改哪一部分", ("section", 0)), ("修改哪一项", ("menu", "items")),
               ("下一步", "move"), ("移动哪一条", 2), ("移到第几位", 1), ("下一步", "done"),
               ("修改哪一项", BACK_CHOICE), ("要修改哪一部分", ("part", "basics")), ("修改哪一项", ("q", "to")),
               ("主送机关", "龙泉市人民政府办公室"), ("修改哪一项", BACK_CHOICE), ("要修改哪一部分", "quit")],
        mode="edit")
    text = path.read_text("utf-8")
    assert "  # 注释\n  - kind: problems" in text
    assert "to: 龙泉市人民政府办公室  # 主送" in text  # two spaces before # stay two
    run(path, [("要修改哪一部分", ("section", 0)), ("修改哪一项", ("menu", "items")),
               ("下一步", "delete"), ("删除哪一条", 2), ("确定删除", True), ("下一步", "done"),
               ("修改哪一项", BACK_CHOICE), ("要修改哪一部分", "quit")], mode="edit")
    assert "  # 注释\n  - kind: problems" in path.read_text("utf-8")


def test_7_the_date_prompts_own_example_is_accepted(tmp_path: Path):
    path = tmp_path / "r.yaml"
    e = Interview(FactDocument.open(path), spec=load_spec(), today=dt.date(2026, 2, 1), drafts=Drafts.none())
    answer_all(e, ["某局", "2025", "", ""])
    example = now(e.current).message.split("如 ", 1)[1].split(" ", 1)[0]
    assert example == "2026-02-20"
    assert e.answer(example).accepted


def test_8_a_hand_edited_year_in_chinese_is_asked_again_not_reported_done(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    path.write_text(path.read_text("utf-8").replace("year: 2024", "year: 二〇二四"), "utf-8")
    e = engine(path)
    assert now(e.current).id == "basics/year" and now(e.current).default == "二〇二四"


def test_8_plans_need_their_text_and_a_late_date_is_said(tmp_path: Path):
    e = engine(tmp_path / "r.yaml")
    answer_all(e, ["某局", "2024", "", ""])
    outcome = e.answer("2025-03-20")
    assert outcome.accepted and any("晚于2025年3月1日" in n for n in outcome.notes)
    plan_text = next(q for q in load_spec().forms["plan"] if q.key == "text")
    assert not plan_text.empty_ok and "可留空" not in plan_text.message


def test_9_a_rewritten_doc_number_is_said(tmp_path: Path):
    e = engine(tmp_path / "r.yaml")
    answer_all(e, ["某局", "2025", ""])
    outcome = e.answer("某科[2026]第3号")
    assert outcome.accepted and any("某科〔2026〕3号" in n for n in outcome.notes)


def test_11_menus_and_yes_no_questions_have_help(tmp_path: Path):
    e = engine(tmp_path / "r.yaml")
    answer_all(e, ["某局", "2024", "", "", "", "开头。", "强化组织领导", "做了。"])
    assert now(e.current).kind == "confirm" and "接排" in now(e.current).help
    answer_all(e, [True])
    assert now(e.current).kind == "confirm" and "自动生成" in now(e.current).help
    answer_all(e, [False])
    assert now(e.current).kind == "select" and "组织领导" in now(e.current).help and "举措都写完了" in now(e.current).help


# --- friction ----------------------------------------------------------------------------------


def test_after_an_item_the_menu_default_adds_the_next(tmp_path: Path):
    e = engine(tmp_path / "r.yaml")
    answer_all(e, ["某局", "2024", "", "", "", "开头。", "强化组织领导", "做了。", True, False])
    assert now(e.current).id == "measures/items:menu" and now(e.current).default == "add"


def test_carried_plan_dropped_only_after_confirming_and_unchanged_text_is_questioned(tmp_path: Path):
    from tests.interview.test_wizard_files import LAST_YEAR

    old = tmp_path / "2023.yaml"
    old.write_text(LAST_YEAR, "utf-8")
    new = tmp_path / "2024.yaml"
    with pytest.raises(WizardInterrupted):
        run(new, [("发文字号", "龙科〔2025〕1号"), ("成文日期", "2025-01-20"), ("开头段", "开头。"),
                  ("落实了吗", "done"), ("小标题", DEFAULT), ("落实情况和成效", DEFAULT),
                  ("一字不差", False), ("落实情况和成效", "今年学法4次。"), ("接排", DEFAULT),
                  ("落实了吗", "dropped"), ("确定删去", False), ("落实了吗", KeyboardInterrupt)], carry_from=old)
    text = new.read_text("utf-8")
    assert "今年学法4次。" in text and "强化科技政策法规普及" in text  # not deleted without a yes


def test_8_a_heading_typed_with_its_number_is_refused_as_check_refuses_it(tmp_path: Path):
    e = engine(tmp_path / "r.yaml")
    answer_all(e, ["某局", "2024", "", "", "", "开头。"])
    outcome = e.answer("（二）依法行政")
    assert not outcome.accepted and "序号" in outcome.error
    assert e.answer("依法行政").accepted


def test_edit_resumed_at_a_draft_asks_that_question_then_the_menu(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    Drafts.beside(path).keep("measures/items[0]/text", "改了一半")
    e = engine(path, mode="edit")
    assert now(e.current).id == "measures/items[0]/text" and now(e.current).default == "改了一半"
    answer_all(e, ["改好了。"])
    assert now(e.current).id == "edit:menu"
    assert not path.with_name("r.yaml.draft").exists()
    assert load_facts(path).facts.sections[0].items[0].text == ["改好了。"]


def test_carry_over_offers_last_years_texts_and_nudges_when_unchanged(tmp_path: Path):
    from tests.interview.test_wizard_files import LAST_YEAR

    old = tmp_path / "2023.yaml"
    old.write_text(LAST_YEAR, "utf-8")
    new = tmp_path / "2024.yaml"
    with pytest.raises(WizardInterrupted):
        run(new, [("发文字号", ""), ("成文日期", ""), ("开头段", DEFAULT), ("一字未改", False),
                  ("开头段", "2024年的开头段。"), ("落实了吗", KeyboardInterrupt)], carry_from=old)
    facts_text = new.read_text("utf-8")
    assert "2024年的开头段。" in facts_text and "2023年的开头段。" not in facts_text
    # 不足 and 第一责任人 are still on offer, kept beside the file for the next run
    drafts = Drafts.beside(new)
    assert drafts.offers == {"problems/text": "去年的不足。", "leader/text": "去年的第一责任人情况。"}
    e = Interview(FactDocument.open(new), spec=load_spec(), today=TODAY, drafts=drafts)
    assert now(e.jump("problems/text")).default == "去年的不足。"


def test_a_jump_to_a_question_that_is_gone_goes_on_instead_of_ending(tmp_path: Path):
    path = tmp_path / "r.yaml"
    e = engine(path)
    answer_all(e, ["某局", "2024"])
    step = now(e.jump("measures/items[7]/text"))
    assert step.id == "basics/to" and not e.finished


@pytest.mark.parametrize("stop", range(len(FULL)))
def test_resume_at_every_kind_of_question_asks_exactly_where_it_stopped(tmp_path: Path, stop: int):
    """Interrupted at question `stop` (text, yes/no, menu, gate), the next run asks that question first
    and then exactly what an uninterrupted run would have asked."""
    path = tmp_path / "r.yaml"
    expected, _ = FULL[stop]
    with pytest.raises(WizardInterrupted):
        run(path, FULL[:stop] + [(expected, KeyboardInterrupt)])
    _, prompter = run(path, FULL[stop:])
    assert expected in prompter.asked[0].message
    assert not path.with_name("r.yaml.draft").exists()  # nothing left over once the report is done


def test_part_progress_is_public_and_adds_up_to_the_whole(tmp_path: Path):
    # drafter serve shows one bar per part: it needs each part's count without reaching into the engine
    path = tmp_path / "facts.yaml"
    path.write_text((Path(__file__).resolve().parents[2] / "examples/luohe-2020/facts.yaml").read_text("utf-8"), "utf-8")
    e = engine(path, mode="edit")
    counts = [e.part_progress(part) for part in e.spec.parts]
    assert all(0 <= answered <= total for answered, total in counts)
    assert sum(answered for answered, _ in counts) == e.progress()[0]


def test_pgup_after_a_resume_goes_to_the_question_answered_before(tmp_path: Path):
    """The resume note says “可按 PgUp 回到上一题”, but a resumed run answered “已经是第一个问题了。”."""
    path = tmp_path / "r.yaml"
    e = engine(path)
    answer_all(e, ["龙泉市科学技术局", "2024", "龙泉市人民政府"])
    assert now(e.current).id == "basics/doc_number"
    e.drafts.clear()
    e = engine(path)  # a second run resumes at the first unanswered question
    assert now(e.current).id == "basics/doc_number"
    e.take_notes()
    assert now(e.back()).id == "basics/to"
    assert "已经是第一个问题了。" not in e.take_notes()


# --- autosave (drafter serve writes what is typed into the fact file as it is typed) ---------------------


def test_typing_is_written_into_the_fact_file_with_comments_kept_and_the_walk_stays(tmp_path: Path):
    path = tmp_path / "r.yaml"
    e = engine(path)
    answer_all(e, ["某局", "2024", "", "", ""])
    path.write_text(path.read_text("utf-8") + "# 手写的注释\n", "utf-8")
    e = engine(path)
    assert now(e.current).id == "preamble/preamble"
    typed = e.save_typing("preamble/preamble", "第一段写完了。\n第二段写到一半")
    assert typed.written and not typed.error
    text = path.read_text("utf-8")
    assert "第二段写到一半" in text and "# 手写的注释" in text
    assert now(e.current).id == "preamble/preamble" and now(e.current).default == "第一段写完了。\n第二段写到一半"
    # a crash now: the next session asks the same question, with the text from the file
    again = engine(path)
    assert now(again.current).id == "preamble/preamble"
    assert now(again.current).default == "第一段写完了。\n第二段写到一半"
    answer_all(again, ["第一段写完了。\n第二段也写完了。"])
    assert now(again.current).id == "measures/items[0]/heading"
    assert not path.with_name("r.yaml.draft").exists()


def test_a_half_typed_date_stays_a_draft_with_the_reason(tmp_path: Path):
    path = tmp_path / "r.yaml"
    e = engine(path)
    answer_all(e, ["某局", "2024", "", ""])
    assert now(e.current).id == "basics/date"
    before = path.read_text("utf-8")
    typed = e.save_typing("basics/date", "2025-0")
    assert not typed.written and "日期" in typed.error
    assert path.read_text("utf-8") == before
    again = engine(path)
    assert now(again.current).id == "basics/date" and now(again.current).default == "2025-0"
    again.take_notes()
    assert again.save_typing("basics/date", "\u202e2025-02-10").written
    assert "2025-02-10" in path.read_text("utf-8")
    assert again.take_notes() == []  # what parsing would say (a control character removed) waits for 下一步
    assert Drafts.beside(path).typed_at("basics/date") == ""


def test_typing_at_a_question_the_walk_has_left_is_written_there(tmp_path: Path):
    path = tmp_path / "r.yaml"
    run(path, FULL)
    e = engine(path, mode="edit")
    assert now(e.current).id == "edit:menu"
    assert e.save_typing("measures/items[0]/text", "另一个标签页里改的正文。").written
    assert load_facts(path).facts.sections[0].items[0].text == ["另一个标签页里改的正文。"]
    assert now(e.current).id == "edit:menu"
    gone = e.save_typing("measures/items[9]/text", "已经删掉的一条")
    assert not gone.written and "找不到" in gone.error
    assert Drafts.beside(path).typed_at("measures/items[9]/text") == "已经删掉的一条"  # never lost


def test_typing_can_be_written_beside_the_fact_file_instead(tmp_path: Path):
    path = tmp_path / "r.yaml"
    e = engine(path)
    answer_all(e, ["某局", "2024", "", "", ""])
    before = path.read_text("utf-8")
    copy = tmp_path / "r.网页版本.yaml"
    assert e.save_typing("preamble/preamble", "网页上的开头段。", to=copy).written
    assert path.read_text("utf-8") == before
    assert "网页上的开头段。" in copy.read_text("utf-8") and "某局" in copy.read_text("utf-8")
    assert not e.save_typing("basics/agency.name", "某局", to=tmp_path / "same.yaml").written
    assert not (tmp_path / "same.yaml").exists()  # nothing differs: nothing to keep


def test_last_years_text_left_untouched_is_not_written_while_typing(tmp_path: Path):
    from drafter.interview.carryover import carry_over
    from tests.interview.test_wizard_files import LAST_YEAR

    old = tmp_path / "2023.yaml"
    old.write_text(LAST_YEAR, "utf-8")
    new = tmp_path / "2024.yaml"
    carry_over(old, new, load_spec())
    e = engine(new)
    e.jump("problems/text")
    assert now(e.current).default == "去年的不足。"
    assert e.save_typing("problems/text", "去年的不足。").written  # in the file's offers, as before
    assert "去年的不足。" not in new.read_text("utf-8")
    assert Drafts.beside(new).offers["problems/text"] == "去年的不足。"
    assert e.save_typing("problems/text", "今年的不足。").written
    assert "今年的不足。" in new.read_text("utf-8")
    assert "problems/text" not in Drafts.beside(new).offers


def test_a_list_that_still_needs_its_first_entry_is_not_counted_as_answered(tmp_path: Path):
    # a plans part still empty: the interview asks for the first plan, so the progress must not say
    # every question is answered (drafter serve showed 全部已答 37/37 while asking it)
    path = tmp_path / "facts.yaml"
    text = (Path(__file__).resolve().parents[2] / "examples/luohe-2020/facts.yaml").read_text("utf-8")
    head, plans = text.split("  - kind: plans\n")
    path.write_text(head.replace("year: 2020\n", "year: 2020\ndoc_number: 漯科〔2021〕1号\n")
                    + "  - kind: plans\n    heading: 2021年主要安排\nclosing:" + plans.split("closing:", 1)[1], "utf-8")
    e = engine(path)
    assert now(e.current).id == "plans/items[0]/heading"
    answered, total = e.progress()
    assert answered < total
    notes = "".join(e.take_notes())
    assert "整份报告已答" in notes and "全部问题已答" not in notes


def _luohe(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    text = (Path(__file__).resolve().parents[2] / "examples/luohe-2020/facts.yaml").read_text("utf-8")
    path.write_text(text.replace("year: 2020\n", "year: 2020\ndoc_number: 漯科〔2021〕1号\n"), "utf-8")
    return path


def test_plans_written_as_paragraphs_are_asked_as_paragraphs_not_as_an_empty_list(tmp_path: Path):
    """luohe-2020 (and most imported reports) write next year's plans as paragraphs: the interview asked
    for a first plan as if there were none, and the paragraphs could not be seen or edited in it."""
    path = _luohe(tmp_path)
    e = engine(path)
    assert e.current is None or not now(e.current).id.startswith("plans/"), "nothing of the plans is missing"
    answered, total = e.progress()
    assert answered == total
    e = engine(path, mode="edit")
    step = now(e.jump("plans/text"))
    assert step.kind == "paragraphs"
    assert str(step.default).startswith("一是以“服务型行政执法示范点”为载体") and "五是加强法治教育" in str(step.default)
    assert "plans/items:menu" not in dict((v, k) for k, v in e.targets() if v)
    e = engine(path, mode="edit")
    answer_all(e, [("section", 3)])
    menu = now(e.current)  # the part's own menu offers no list beside the text
    assert menu.id == "plans:fields", menu.id
    assert [label for label, _ in menu.choices] == ["这一部分的标题：2021年主要安排", "主要安排：一是以“服务型行政执法示范点”为载体……",
                                                     "改好了，返回"]
    e = engine(path, mode="edit")
    now(e.jump("plans/text"))
    answer_all(e, ["一是全面推进法治政府建设。\n二是加强普法宣传教育。"])
    plans = load_facts(path).facts.sections[-1]
    assert plans.kind == "plans" and plans.text == ["一是全面推进法治政府建设。", "二是加强普法宣传教育。"]
    assert plans.items == []


def test_plans_emptied_as_paragraphs_are_then_asked_item_by_item(tmp_path: Path):
    path = _luohe(tmp_path)
    e = engine(path, mode="edit")
    now(e.jump("plans/text"))
    answer_all(e, [""])
    assert "text:" not in path.read_text("utf-8").split("kind: plans", 1)[1].split("closing:", 1)[0]
    e = engine(path)
    assert now(e.current).id == "plans/items[0]/heading"


def test_plans_with_both_paragraphs_and_items_show_both(tmp_path: Path):
    """A hand-written plans part may hold both; asking the list only without paragraphs hid the items."""
    path = _luohe(tmp_path)
    text = path.read_text("utf-8")
    path.write_text(text.replace("closing:", "    items:\n      - heading: 加强执法监督\n        text: 开展执法检查。\nclosing:", 1),
                    "utf-8")
    assert load_facts(path).facts.sections[-1].items[0].heading == "加强执法监督"
    e = engine(path, mode="edit")
    answer_all(e, [("section", 3)])
    labels = [label for label, _ in now(e.current).choices]
    assert any(label.startswith("主要安排：") for label in labels)
    assert any("加强执法监督" in label for label in labels), labels
    assert "plans/items:menu" in dict((v, k) for k, v in e.targets() if v)
