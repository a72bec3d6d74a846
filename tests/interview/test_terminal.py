"""The questionary wiring, driven through prompt_toolkit's pipe input (no terminal needed)."""

from __future__ import annotations

import datetime as dt
import io
import stat
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from drafter.factfile.model import load_facts
from drafter.interview.terminal import Ask, HelpRequest, QuestionaryPrompter
from drafter.interview.wizard import WizardInterrupted, run_wizard

TODAY = dt.date(2025, 2, 1)
ENTER, SUBMIT, DOWN, CTRL_C, CTRL_D, F1, BACKSPACE = "\r", "\x1b\r", "\x1b[B", "\x03", "\x04", "\x1bOP", "\x7f"


class FedPrompter(QuestionaryPrompter):
    """The real prompter; before each question the next keystrokes go into the pipe."""

    def __init__(self, pipe, keys: list[str]) -> None:
        self.echo = io.StringIO()
        super().__init__(input=pipe, output=DummyOutput(), echo=self.echo)
        self.pipe, self.keys = pipe, list(keys)
        self.messages: list[str] = []

    def ask(self, ask: Ask):
        self.messages.append(ask.message)
        assert self.keys, f"no keys left for {ask.message!r}"
        self.pipe.send_text(self.keys.pop(0))
        return super().ask(ask)


def wizard(path: Path, keys: list[str], **kwargs) -> FedPrompter:
    with create_pipe_input() as pipe:
        prompter = FedPrompter(pipe, keys)
        try:
            run_wizard(path, prompter, today=TODAY, **kwargs)
        finally:
            assert not prompter.keys, f"keys not used: {prompter.keys}"
    return prompter


BASICS = ["龙泉市科学技术局" + ENTER, ENTER, "龙泉市人民政府" + ENTER, "龙科〔2025〕3号" + ENTER, "2025年2月20日" + ENTER]
PREAMBLE = ["2024年，龙泉市科学技术局深入学习贯彻习近平法治思想，扎实推进依法行政。\r现将有关情况报告如下：" + SUBMIT]


@pytest.mark.timeout(30)
def test_chinese_answers_a_repeating_group_ctrl_c_and_resume(tmp_path: Path):
    path = tmp_path / "2024.yaml"
    first_item = ["强化组织领导，坚持民主决策" + ENTER,
                  "主要负责人2次召开专题会议。\r聘请法律顾问（律师事务所）审查合同12份！" + SUBMIT, "y", "n"]
    # group menu: choices are add / edit / delete / done with "add" preselected (a habitual Enter adds one more)
    add_another = ENTER
    second_item = ["依法履行职能" + ENTER, "“双随机、一公开”实现100%。" + SUBMIT, ENTER, "n"]
    keys = BASICS + PREAMBLE + first_item + [add_another] + second_item + [CTRL_C]
    with pytest.raises(WizardInterrupted):
        wizard(path, keys)
    facts_text = path.read_text("utf-8")
    assert "聘请法律顾问（律师事务所）审查合同12份！" in facts_text
    assert "heading: 依法履行职能" in facts_text

    rest = [DOWN * 4 + ENTER,  # menu: add / edit / delete / move / done
            "一是法治建设力量薄弱；二是普法的深度和广度不够。" + SUBMIT,
            "局主要领导认真履行推进法治建设第一责任人职责。" + SUBMIT,
            "深入学习贯彻习近平法治思想" + ENTER, "抓好领导干部带头学法用法。" + SUBMIT, "y", DOWN * 3 + ENTER,
            "n"]
    prompter = wizard(path, rest)
    assert prompter.messages[0].startswith("举措：下一步做什么")
    assert "（二）依法履行职能" in prompter.echo.getvalue()
    facts = load_facts(path).facts
    assert [i.heading for i in facts.sections[0].items] == ["强化组织领导，坚持民主决策", "依法履行职能"]
    assert facts.sections[0].items[0].text == ["主要负责人2次召开专题会议。", "聘请法律顾问（律师事务所）审查合同12份！"]
    assert facts.sections[0].items[1].run_in is True  # Enter kept the default taken from the item before
    assert facts.preamble[1] == "现将有关情况报告如下："
    assert (tmp_path / "2024.docx").exists()


@pytest.mark.timeout(30)
def test_invalid_answer_cannot_be_submitted_and_full_width_digits_are_accepted(tmp_path: Path):
    path = tmp_path / "r.yaml"
    keys = ["某局" + ENTER,
            BACKSPACE * 4 + "2031" + ENTER + BACKSPACE * 4 + "２０２４" + ENTER,  # refused, then accepted
            ENTER, "龙科2025" + ENTER + BACKSPACE * 4 + "〔2025〕1号" + ENTER, CTRL_D]
    with pytest.raises(WizardInterrupted):
        wizard(path, keys)
    text = path.read_text("utf-8")
    assert "year: 2024" in text and "doc_number: 某局" not in text and "龙科〔2025〕1号" in text


@pytest.mark.timeout(30)
def test_f1_shows_guidance_and_keeps_the_draft(tmp_path: Path):
    path = tmp_path / "r.yaml"
    with pytest.raises(WizardInterrupted):
        wizard(path, ["龙泉市" + F1, "科学技术局" + ENTER, CTRL_C])
    assert "name: 龙泉市科学技术局" in path.read_text("utf-8")


@pytest.mark.timeout(30)
def test_prompter_returns_help_request_and_interrupts():
    with create_pipe_input() as pipe:
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput(), echo=io.StringIO())
        pipe.send_text("写了一半" + F1)
        assert prompter.ask(Ask("paragraphs", "开头段", "", None, has_help=True)) == HelpRequest("写了一半")
        pipe.send_text(DOWN + ENTER)
        assert prompter.ask(Ask("select", "选择", "a", choices=[("甲", "a"), ("乙", "b")])) == "b"
        pipe.send_text(CTRL_C)
        with pytest.raises(KeyboardInterrupt):
            prompter.ask(Ask("confirm", "是否", True))


@pytest.mark.timeout(30)
def test_ctrl_e_writes_the_answer_in_the_editor(tmp_path: Path, monkeypatch):
    done = tmp_path / "editor-ran"
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf '在编辑器里写的第一段。\\n第二段，含全角标点：“引号”。\\n' > \"$1\"\n"
                      f"touch '{done}'\n", "utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)

    def submit_after_editor(pipe) -> None:
        while not done.exists():
            time.sleep(0.05)
        time.sleep(0.2)
        pipe.send_text(SUBMIT)

    with create_pipe_input() as pipe:
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput(), echo=io.StringIO())
        pipe.send_text("\x05")  # Ctrl-E
        threading.Thread(target=submit_after_editor, args=(pipe,), daemon=True).start()
        answer = prompter.ask(Ask("paragraphs", "开头段", "", None, has_help=True))
    assert answer.strip().split("\n") == ["在编辑器里写的第一段。", "第二段，含全角标点：“引号”。"]


# --- issue 12 through the real prompter (pipe input) --------------------------------------------

CTRL_S, PGUP, ESC = "\x13", "\x1b[5~", "\x1b"


def ask_with(keys: str, ask: Ask):
    with create_pipe_input() as pipe:
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput(), echo=io.StringIO())
        pipe.send_text(keys)
        return prompter.ask(ask)


@pytest.mark.timeout(30)
def test_1_back_in_the_item_picker_is_a_value_not_a_crash(tmp_path: Path):
    path = tmp_path / "r.yaml"
    first_item = ["强化组织领导" + ENTER, "召开专题会议。" + CTRL_S, "y", "n"]
    # menu: add / edit / delete / done; 修改其中一条 -> 返回 -> the menu again
    keys = BASICS + PREAMBLE + first_item + [DOWN + ENTER, DOWN + ENTER, CTRL_C]
    with pytest.raises(WizardInterrupted):
        wizard(path, keys)


@pytest.mark.timeout(30)
def test_2_ctrl_c_and_ctrl_d_carry_the_typed_paragraphs():
    from drafter.interview.terminal import PromptInterrupted

    for key in (CTRL_C, CTRL_D):
        with pytest.raises(PromptInterrupted) as info:
            ask_with("第一段。\r第二段写了一半" + key, Ask("paragraphs", "开头段", "", None, has_help=True))
        assert info.value.draft == "第一段。\n第二段写了一半"


@pytest.mark.timeout(30)
def test_4_ctrl_s_submits_and_enter_makes_paragraphs():
    answer = ask_with("第一段。\r第二段。" + CTRL_S, Ask("paragraphs", "开头段", "", None, has_help=True))
    assert answer == "第一段。\n第二段。"


@pytest.mark.timeout(30)
def test_10_yes_no_in_chinese_with_the_default_shown():
    from drafter.interview.terminal import confirm_hint

    assert "直接按 Enter 为“否”" in confirm_hint(False) and "直接按 Enter 为“是”" in confirm_hint(True)
    assert ask_with("是", Ask("confirm", "接排吗？", False)) is True
    assert ask_with("否", Ask("confirm", "接排吗？", True)) is False
    assert ask_with(ENTER, Ask("confirm", "接排吗？", True)) is True


@pytest.mark.timeout(30)
def test_11_help_and_back_at_menus_and_yes_no():
    from drafter.interview.terminal import BackRequest

    menu = Ask("select", "下一步做什么？", "a", choices=[("甲", "a"), ("乙", "b")])
    assert isinstance(ask_with("?", menu), HelpRequest)
    assert isinstance(ask_with(F1, menu), HelpRequest)
    assert isinstance(ask_with("?", Ask("confirm", "接排吗？", True)), HelpRequest)
    assert isinstance(ask_with(PGUP, menu), BackRequest)
    assert isinstance(ask_with(PGUP, Ask("confirm", "接排吗？", True)), BackRequest)
    assert isinstance(ask_with("写了" + PGUP, Ask("line", "机关全称")), BackRequest)


@pytest.mark.timeout(30)
def test_13_ctrl_e_without_an_editor_does_not_open_vi(monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    answer = ask_with("\x05" + "直接写。" + CTRL_S, Ask("paragraphs", "开头段", "", None, has_help=True))
    assert answer == "直接写。"


@pytest.mark.timeout(30)
def test_back_key_in_new_reaches_the_previous_part(tmp_path: Path):
    path = tmp_path / "r.yaml"
    keys = BASICS + ["开头。" + CTRL_S, PGUP, "开头段改过。" + CTRL_S, CTRL_C]  # PgUp at 小标题 -> 开头段
    with pytest.raises(WizardInterrupted):
        wizard(path, keys)
    assert "开头。开头段改过。" in path.read_text("utf-8")  # prefilled with the saved answer, then extended


@pytest.mark.timeout(30)
def test_2_ctrl_c_mid_paragraph_through_the_wizard_keeps_a_draft_offered_next_time(tmp_path: Path):
    path = tmp_path / "r.yaml"
    with pytest.raises(WizardInterrupted):
        wizard(path, BASICS + ["第一段。\r第二段写了一半" + CTRL_C])
    assert "第二段写了一半" in (tmp_path / "r.yaml.draft").read_text("utf-8")
    with pytest.raises(WizardInterrupted):
        wizard(path, ["，补完。" + CTRL_S, CTRL_C])  # the draft is prefilled: typing goes on after it
    assert "第二段写了一半，补完。" in path.read_text("utf-8")


@pytest.mark.timeout(30)
def test_text_typed_before_going_back_is_there_on_coming_back(tmp_path: Path):
    path = tmp_path / "r.yaml"
    keys = BASICS + ["写了一半的开头" + PGUP, ENTER, "，接着写完。" + CTRL_S, CTRL_C]  # back to 成文日期, Enter keeps it
    with pytest.raises(WizardInterrupted):
        wizard(path, keys)
    assert "写了一半的开头，接着写完。" in path.read_text("utf-8")


@pytest.mark.timeout(30)
def test_a_long_refusal_is_shown_whole_in_a_narrow_window():
    """prompt_toolkit's validation bar is one line high: at 60 columns the end of the reason was cut off."""
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    from drafter.interview.terminal import PromptInterrupted
    from drafter.text.patterns import HEADING_NUMBERED

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=20, columns=60), term="xterm")
    reason = HEADING_NUMBERED.format(number="（一）")
    ask = Ask("line", "小标题（不写序号）", validate=lambda text: reason if text.startswith("（一）") else None)

    class QuitOnceRefused(QuestionaryPrompter):
        """Ctrl-C goes in only after the screen showing the refusal has been drawn."""

        def _add_footer(self, app, footer, state) -> None:
            super()._add_footer(app, footer, state)

            def quit_once_refused(_app) -> None:
                if app.current_buffer.validation_error is not None and not state.get("sent"):
                    state["sent"] = True
                    pipe.send_text(CTRL_C)
            app.after_render += quit_once_refused

    with create_pipe_input() as pipe:
        prompter = QuitOnceRefused(input=pipe, output=output, echo=io.StringIO())
        pipe.send_text("（一）健全依法决策机制" + ENTER)
        with pytest.raises(PromptInterrupted) as info:
            prompter.ask(ask)
    assert info.value.draft == "（一）健全依法决策机制"  # refused, not lost
    shown = screen.getvalue()
    assert "请删去“（一）”" in shown  # the end of the reason, on a second line
