"""The command line: exit codes, Chinese messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx

from drafter import __version__
from drafter.cli import main
from tests.factfile.test_model import TEN_MISTAKES
from tests.helpers.samples import MINIMAL


def test_help_is_chinese_and_lists_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "用法：drafter" in out and "退出码" in out
    for command in ("build", "check", "schema"):
        assert command in out


def test_every_subcommand_has_chinese_help(capsys):
    for command in ("build", "check", "schema"):
        assert main([command, "--help"]) == 0
        out = capsys.readouterr().out
        assert "用法：drafter " + command in out and "显示帮助并退出" in out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"drafter {__version__}"


def test_usage_errors_exit_2_with_a_chinese_message(capsys):
    assert main(["build"]) == 2
    assert "缺少必需的参数：事实文件" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert "无效的选项" in capsys.readouterr().err
    assert main([]) == 2


def test_build_writes_the_default_output_and_says_so(write_facts, capsys):
    facts = write_facts(MINIMAL)
    assert main(["build", str(facts)]) == 0
    out = facts.with_suffix(".docx")
    assert f"已生成：{out}" in capsys.readouterr().out
    assert docx.Document(str(out)).paragraphs


def test_build_with_output_option(write_facts, tmp_path: Path):
    target = tmp_path / "报告.docx"
    assert main(["build", str(write_facts(MINIMAL)), "-o", str(target)]) == 0
    assert target.exists()


def test_invalid_facts_exit_1_with_every_located_finding(write_facts, capsys):
    path = write_facts(TEN_MISTAKES)
    assert main(["build", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:3:7: 错误: ［year］" in err
    assert "是不是“title”（标题）？" in err
    assert err.count(": 错误: ") >= 10 and "共 " in err
    assert not path.with_suffix(".docx").exists()


def test_check_ok_and_json(write_facts, capsys):
    good = write_facts(MINIMAL)
    assert main(["check", str(good)]) == 0
    assert "检查通过" in capsys.readouterr().out
    bad = write_facts(TEN_MISTAKES, "bad.yaml")
    assert main(["check", str(bad), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {"file", "line", "column", "path", "severity", "message", "code"} <= rows[0].keys()
    assert any(r["path"] == "year" and r["line"] == 3 for r in rows)


def test_missing_file_exits_3(tmp_path: Path, capsys):
    assert main(["build", str(tmp_path / "nope.yaml")]) == 3
    assert "文件不存在" in capsys.readouterr().err


def test_schema_command_writes_the_schema(tmp_path: Path):
    target = tmp_path / "s.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert json.loads(target.read_text("utf-8"))["$schema"].startswith("http://json-schema.org/draft-07")


def test_real_process_shows_no_traceback(write_facts):
    bad = write_facts("agency: [\n", "broken.yaml")
    proc = subprocess.run([sys.executable, "-m", "drafter", "build", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "YAML" in proc.stderr and "broken.yaml:" in proc.stderr


def test_option_value_errors_are_chinese(write_facts, capsys):
    """argparse's own wording ("ignored explicit argument", "invalid int value") never reaches a user."""
    path = write_facts(MINIMAL)
    for argv in (["build", str(path), "--pdf=1"], ["build", str(path), "-j", "x"], ["build", str(path), "-j", "0"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "错误" in err and "ignored" not in err and "invalid" not in err and " int " not in err
    main(["build", str(path), "-j", "0"])
    assert "应为不小于 1 的整数" in capsys.readouterr().err


def test_a_missing_template_is_a_file_problem_exit_3(write_facts, tmp_path: Path, capsys):
    path = write_facts(MINIMAL)
    assert main(["build", str(path), "--template", str(tmp_path / "无此模板.docx")]) == 3
    assert "找不到模板文件" in capsys.readouterr().err


def test_sandbox_refusals_are_worded_in_chinese(write_facts, tmp_path: Path, capsys):
    from drafter.resources import template_path

    template = tmp_path / "t.docx"
    document = docx.Document(str(template_path("report.docx")))
    document.add_paragraph('{{ "x" * 10000000 }}')
    document.save(str(template))
    assert main(["build", str(write_facts(MINIMAL)), "--template", str(template)]) == 1
    err = capsys.readouterr().err
    assert "重复次数过大" in err and "repetition" not in err
