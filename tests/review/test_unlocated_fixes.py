"""A finding `--fix` cannot repair does not promise that it can (issue 19).

In folded (`>`) text the column of a character is not known, so `--fix` leaves it alone and says
"另有 N 处无法自动改正". Each such finding used to end with "可用 drafter check --fix 自动改正" and
the verdict counted it as fixable; now it says why it cannot be fixed and what to do.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.review.checks import FIX_HINT, UNLOCATED_FIX_HINT

FOLDED = textwrap.dedent("""\
    agency:
      name: 测试局
    year: 2023
    sections:
      - kind: measures
        text: >
          做了一些工作,取得 成效。
          第二行也有,问题。
      - kind: problems
        text: 还有不足,需要改进。
    """)


def test_folded_text_findings_say_fix_cannot_reach_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(FOLDED, encoding="utf-8")
    assert main(["check", str(facts)]) == 1
    out = capsys.readouterr().out
    folded = [line for line in out.splitlines() if "［sections[0].text］" in line]
    plain = [line for line in out.splitlines() if "［sections[1].text］" in line]
    assert len(folded) == 4 and all(UNLOCATED_FIX_HINT in line and FIX_HINT not in line for line in folded)
    assert len(plain) == 1 and FIX_HINT in plain[0]
    assert "其中 1 个可用 drafter check --fix 自动改正。" in out

    assert main(["check", str(facts), "--fix"]) == 1
    out = capsys.readouterr().out
    assert "已自动改正 1 处" in out and "另有 4 处无法自动改正" in out  # the same four, now said consistently
    assert "text: 还有不足，需要改进。" in facts.read_text(encoding="utf-8")
    assert "可用 drafter check --fix 自动改正" not in out.split("另有 4 处无法自动改正")[1]
