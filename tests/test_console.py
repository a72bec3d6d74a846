"""drafter.console: a message never prints a control character as it is (issue 13 item 14)."""

from __future__ import annotations

import pytest

from drafter import console
from drafter.errors import Finding


def test_control_characters_in_a_message_are_written_as_escapes() -> None:
    assert console.visible("第 1 行\x00当\x00前\x1b[31m\u202e\x85") == "第 1 行\\x00当\\x00前\\x1b[31m\\u202e\\x85"
    assert console.visible("两行\n之间\t有 Tab") == "两行\n之间\t有 Tab"  # line breaks and tabs are layout


def test_every_way_of_printing_escapes_them(capsys: pytest.CaptureFixture[str]) -> None:
    console.info("删去了：\x00栏\x00目")
    console.error("文件\x07名")
    console.print_findings([Finding("含有\x01的文字", "f\x1b.yaml", 2, 3, "text")])
    out, err = capsys.readouterr()
    assert out == "删去了：\\x00栏\\x00目\n"
    assert err == "文件\\x07名\nf\\x1b.yaml:2:3: 错误: ［text］含有\\x01的文字\n"
