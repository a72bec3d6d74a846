"""One error family, one boundary: user errors are Chinese messages with their exit code; a bug in
drafter exits 70 with "这是 drafter 的缺陷，请报告" and its traceback, never disguised as a file error."""

from __future__ import annotations

import ast
import errno
import importlib
import os
import pkgutil
from pathlib import Path

import drafter
from drafter.cli import main
from drafter.errors import BUG_LINE, EXIT_BUG, EXIT_INTERRUPTED, EXIT_IO, DrafterError
from tests.helpers.samples import MINIMAL

PACKAGE = Path(drafter.__file__).parent


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _boom(*_args, **_kwargs):
    raise RuntimeError("boom")


def _assert_bug(code: int, err: str) -> None:
    assert code == EXIT_BUG
    lines = err.splitlines()
    assert BUG_LINE in lines
    below = "\n".join(lines[lines.index(BUG_LINE) + 1:])
    assert below.startswith("Traceback (most recent call last):") and "RuntimeError: boom" in below


def test_an_internal_bug_in_build_exits_70_with_the_chinese_line_and_the_traceback(write_facts, monkeypatch, capsys):
    import drafter.docx.render

    facts = write_facts(MINIMAL)
    monkeypatch.setattr(drafter.docx.render, "build", _boom)
    code = main(["build", str(facts)])
    _assert_bug(code, capsys.readouterr().err)


def test_a_batch_with_an_internal_bug_in_one_file_reports_it_as_a_bug(tmp_path: Path, monkeypatch, capsys):
    import drafter.docx.render

    folder = tmp_path / "各部门"
    folder.mkdir()
    for name in ("甲", "乙", "丙"):
        (folder / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    real = drafter.docx.render.build

    def flaky(facts, output=None, **kwargs):
        if Path(facts).name == "乙.yaml":
            raise RuntimeError("boom")
        return real(facts, output, **kwargs)

    monkeypatch.setattr(drafter.docx.render, "build", flaky)
    code = main(["build", str(folder), "-j", "1"])
    err = capsys.readouterr().err
    assert code == EXIT_BUG
    assert f"✗ {folder / '乙.yaml'}" in err and BUG_LINE in err
    assert "Traceback (most recent call last):" in err and "RuntimeError: boom" in err
    assert (folder / "甲.docx").is_file() and (folder / "丙.docx").is_file()


def test_a_bug_while_reading_a_docx_to_import_is_not_called_a_damaged_file(tmp_path: Path, monkeypatch, capsys):
    import docx

    source = tmp_path / "报告.docx"
    docx.Document().save(str(source))
    monkeypatch.setattr(docx, "Document", _boom)
    code = main(["import", str(source)])
    err = capsys.readouterr().err
    _assert_bug(code, err)
    assert "已损坏" not in err


def test_an_import_result_that_does_not_round_trip_is_a_bug_not_a_file_error(tmp_path: Path, monkeypatch, capsys):
    import drafter.importing.recognise as recognise

    source = tmp_path / "报告.txt"
    source.write_text("龙泉市科学技术局2023年法治政府建设年度报告\n\n一、主要举措\n认真贯彻落实。\n", encoding="utf-8")
    real = recognise.parse_facts

    def altered(text, name="<输入>"):
        return real(text.replace("认真贯彻落实", "认真落实"), name)

    monkeypatch.setattr(recognise, "parse_facts", altered)
    code = main(["import", str(source)])
    err = capsys.readouterr().err
    assert code == EXIT_BUG and BUG_LINE in err
    assert "InternalError" in err and "Traceback (most recent call last):" in err
    assert not source.with_suffix(".yaml").exists()


def test_an_unreadable_input_still_gets_its_chinese_file_message(tmp_path: Path, monkeypatch, capsys):
    source = tmp_path / "报告.txt"
    source.write_text("一、主要举措\n", encoding="utf-8")

    real_open = os.open

    def refuse(path, flags, *args, **kwargs):  # inputs.read_regular opens with os.open
        if Path(path) == source:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code = main(["import", str(source)])
    err = capsys.readouterr().err
    assert code == EXIT_IO
    assert f"{source}：无法读取文件（没有权限读取）。" in err  # worded by fsutil.explain_os_error, like every OS error
    assert BUG_LINE not in err and "Traceback" not in err


def test_a_damaged_docx_is_still_a_file_error(tmp_path: Path, capsys):
    import zipfile

    source = tmp_path / "报告.docx"
    with zipfile.ZipFile(source, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types")
    code = main(["import", str(source)])
    err = capsys.readouterr().err
    assert code == EXIT_IO and "Traceback" not in err and BUG_LINE not in err


def test_ctrl_c_exits_130(write_facts, monkeypatch, capsys):
    import drafter.docx.render

    def interrupt(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(drafter.docx.render, "build", interrupt)
    assert main(["build", str(write_facts(MINIMAL))]) == EXIT_INTERRUPTED == 130
    assert "已中断" in capsys.readouterr().err


def test_every_user_facing_exception_is_defined_in_errors_py():
    for info in pkgutil.walk_packages(drafter.__path__, "drafter."):
        if info.name != "drafter.__main__":
            importlib.import_module(info.name)
    pending = [DrafterError]
    outside = []
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__ != "drafter.errors":
            outside.append(f"{cls.__module__}.{cls.__qualname__}")
    assert outside == []


def test_exit_codes_are_defined_once_in_errors_py():
    """130 (and every other exit code) is written once; the CLI and the errors refer to the names."""
    for path in _modules():
        if path.name == "errors.py":
            continue
        rel = path.relative_to(PACKAGE)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                literal = isinstance(node.value, ast.Constant) and isinstance(node.value.value, int)
                assert not [n for n in names if literal and (n.startswith("EXIT_") or n == "exit_code")], \
                    (rel, node.lineno)
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant):
                assert node.value.value not in (EXIT_BUG, EXIT_INTERRUPTED), (rel, node.lineno)


def test_only_the_cli_catches_every_exception():
    """A broad `except Exception` elsewhere must re-raise or keep the traceback, never turn a bug into a
    user error; the known places are listed with why they are allowed."""
    allowed = {
        "cli.py",  # the boundary: a bug becomes exit 70 with its traceback
        "batch.py",  # one file's bug is kept with its traceback for the summary; the others go on
        "review/folder.py",  # drafter review, as batch: one report's bug kept with its traceback (exit 70)
        "docx/render.py",  # a user's own template failing is the template's error; ours re-raises
        "factfile/fastcompose.py",  # any libyaml complaint: ruamel reads the text again and words it
        "rxcache.py",  # CPython-internal regex cache: any failure means compiling as usual, never a wrong answer
        "pipeline.py",  # the review checks' thread hands its exception, traceback and all, to the caller to raise
    }
    found = set()
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) \
                    and node.type.id in ("Exception", "BaseException"):
                reraises = any(isinstance(n, ast.Raise) and n.exc is None for n in ast.walk(node))
                if not reraises:
                    found.add(str(path.relative_to(PACKAGE)))
    assert found <= allowed, found - allowed


def test_libreoffice_is_driven_from_one_module():
    for path in _modules():
        if path.name == "libreoffice.py":
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE)
        assert "import subprocess" not in text, rel
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "drafter.docx.libreoffice":
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{rel} uses private {private} of drafter.docx.libreoffice"


def test_os_errors_are_explained_in_one_place():
    """Only fsutil maps errno / OSError subclasses to words; everyone else calls explain_os_error."""
    for path in _modules():
        if path.name == "fsutil.py":
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE)
        assert "errno." not in text, rel
        assert "isinstance(exc, PermissionError)" not in text, rel
