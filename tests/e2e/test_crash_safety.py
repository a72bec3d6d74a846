"""Crash safety: a killed build leaves the previous DOCX intact, every writer goes through fsutil,
and a user's template cannot reach Python internals."""

from __future__ import annotations

import ast
import errno
import io
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from drafter.docx.render import build, is_unedited_build, render_docx
from drafter.errors import OutputError, TemplateFileError
from drafter.factfile.model import parse_facts
from drafter.fsutil import atomic_write_bytes
from tests.helpers.clirun import ROOT, environment, run_cli
from tests.helpers.samples import MINIMAL

#: Runs the real CLI with os.fsync slowed down: the temporary file is fully written, the rename not yet done.
_SLOW_FSYNC = """\
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    print("WRITING", flush=True)
    time.sleep(60)
os.fsync = slow_fsync
sys.argv = ["drafter", *sys.argv[1:]]
from drafter.cli import run
run()
"""


def _previous_build(tmp_path: Path, text: str = MINIMAL) -> tuple[Path, Path, bytes]:
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    out = tmp_path / "report.docx"
    build(facts, out)
    return facts, out, out.read_bytes()


def test_killed_while_writing_leaves_the_previous_docx_intact(tmp_path: Path):
    facts, out, before = _previous_build(tmp_path)
    facts.write_text(MINIMAL.replace("认真贯彻", "第二版认真贯彻"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_FSYNC, "build", str(facts), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment())
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "WRITING"  # the new DOCX is in a temporary file now
        temporaries = list(tmp_path.glob(".report.docx.*.tmp"))
        assert len(temporaries) == 1 and temporaries[0].stat().st_size > 0
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert out.read_bytes() == before
    assert is_unedited_build(out)
    assert "第二版" not in "".join(p.text for p in docx.Document(str(out)).paragraphs)
    # The next build replaces it normally (the stray temporary file never has the DOCX's name).
    assert run_cli(["build", str(facts), "-o", str(out)]).returncode == 0
    assert "第二版认真贯彻" in "".join(p.text for p in docx.Document(str(out)).paragraphs)


#: Runs the real CLI and kills itself (SIGKILL, no clean-up runs) at a known point of the write:
#: "fsync" once the temporary file's bytes are written, "rename" just before os.replace,
#: "renamed" just after it (before the folder is synced). argv[1] names the point.
_KILL_ITSELF_AT = """\
import os, signal, stat, sys
point = sys.argv[1]
def die(where):
    print("KILLED AT " + where, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
real_fsync, real_replace = os.fsync, os.replace
def fsync(fd):
    real_fsync(fd)
    if point == "fsync" and stat.S_ISREG(os.fstat(fd).st_mode):
        die(point)
def replace(src, dst, **kw):
    if point == "rename":
        die(point)
    real_replace(src, dst, **kw)
    if point == "renamed":
        die(point)
os.fsync, os.replace = fsync, replace
sys.argv = ["drafter", *sys.argv[2:]]
from drafter.cli import run
run()
"""


@pytest.mark.parametrize("point, outcome", [("fsync", "old"), ("rename", "old"), ("renamed", "new")])
def test_killed_at_each_step_of_the_write_the_docx_is_old_or_new_never_half(tmp_path: Path, point: str, outcome: str):
    """Deterministic kills inside the write: before the rename the old DOCX is untouched and the
    new one lies complete in the temporary file; after it the new DOCX is complete under its name."""
    facts, out, before = _previous_build(tmp_path)
    facts.write_text(MINIMAL.replace("认真贯彻", "第二版认真贯彻"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _KILL_ITSELF_AT, point, "build", str(facts), "-o", str(out)],
                          capture_output=True, text=True, env=environment(), timeout=120)
    assert proc.returncode == -signal.SIGKILL and proc.stdout.strip() == f"KILLED AT {point}", proc.stderr
    temporaries = list(tmp_path.glob(".report.docx.*.tmp"))
    texts = "".join(p.text for p in docx.Document(str(out)).paragraphs)
    if outcome == "old":
        assert out.read_bytes() == before and "第二版" not in texts
        (temporary,) = temporaries  # the kill landed inside the write: the new DOCX is complete beside it
        assert is_unedited_build(temporary)
        assert "第二版认真贯彻" in "".join(p.text for p in docx.Document(str(temporary)).paragraphs)
    else:
        assert temporaries == [] and out.read_bytes() != before
        assert is_unedited_build(out) and "第二版认真贯彻" in texts
    # Whatever was left behind, the next build replaces the DOCX normally.
    assert run_cli(["build", str(facts), "-o", str(out)]).returncode == 0
    assert "第二版认真贯彻" in "".join(p.text for p in docx.Document(str(out)).paragraphs)


def test_an_existing_private_output_stays_private(tmp_path: Path):
    """A clerk's 0600 report is written back 0600 (copymode), not with the default 0644."""
    facts, out, _ = _previous_build(tmp_path)
    out.chmod(0o600)
    assert run_cli(["build", str(facts), "-o", str(out)]).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    target = tmp_path / "notes.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_output_gets_the_usual_mode_not_the_private_temporary_one(tmp_path: Path):
    """mkstemp creates 0600; a new file gets 0666 less the umask, like any other program's output."""
    mask = os.umask(0o022)
    os.umask(mask)
    target = tmp_path / "new.txt"
    atomic_write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_the_folder_is_synced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The rename is durable only once the folder's entry is on disk: after os.replace, the folder
    itself (a directory descriptor) is fsynced, and at that moment the file already has its new bytes."""
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")
    real_fsync = os.fsync
    synced: list[tuple[str, bytes]] = []  # (what the fd is, target's content at that moment)

    def observing_fsync(fd: int) -> None:
        info = os.fstat(fd)
        folder = tmp_path.stat()
        kind = "folder" if stat.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino) == (folder.st_dev, folder.st_ino) \
            else "file" if stat.S_ISREG(info.st_mode) else "other"
        synced.append((kind, target.read_bytes()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", observing_fsync)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert ("file", b"old") in synced, "the temporary file is synced before the rename"
    assert ("folder", b"new") in synced, "the folder is synced after the rename"
    assert synced.index(("file", b"old")) < synced.index(("folder", b"new"))


def test_a_file_held_open_on_windows_gives_a_clear_message(tmp_path: Path, monkeypatch):
    """Windows refuses to replace a file Word holds open (sharing violation, errno EACCES)."""
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as caught:
        atomic_write_bytes(target, b"new")
    assert "正在 Word/WPS 等程序中打开" in caught.value.message
    assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file is removed"


# --- every writer goes through fsutil ---------------------------------------------------------------

#: Writes that are allowed outside fsutil.py, and why.
_ALLOWED = {
    ("docx/libreoffice.py", "shutil.copyfile"): "copies the input DOCX into LibreOffice's private temporary folder",
    ("importing/readers.py", "write_bytes"): "copies an old Word file into LibreOffice's private temporary folder",
}
_MODULE_WRITES = {("os", "replace"), ("os", "rename"), ("shutil", "copy"), ("shutil", "copy2"),
                  ("shutil", "copyfile"), ("shutil", "move"), ("tempfile", "mkstemp")}


def _writes(tree: ast.AST) -> list[tuple[str, int]]:
    """Calls that write a file: os/shutil/tempfile writers, Path.write_*, open(..., "w"), .save(path)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            if (owner, func.attr) in _MODULE_WRITES:
                found.append((f"{owner}.{func.attr}", node.lineno))
            elif func.attr in ("write_text", "write_bytes"):
                found.append((func.attr, node.lineno))
            elif func.attr == "save" and (node.args or node.keywords):
                # python-docx / docxtpl: only ever into an in-memory buffer; FactDoc.save() is atomic
                arg = node.args[0] if node.args else None
                if not (isinstance(arg, ast.Name) and arg.id == "buffer"):
                    found.append(("save", node.lineno))
        elif isinstance(func, ast.Name) and func.id == "open":
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            if isinstance(mode, ast.Constant) and any(c in str(mode.value) for c in "wax+"):
                found.append(("open", node.lineno))
    return found


def test_every_write_in_drafter_goes_through_fsutil():
    offenders = []
    sources = sorted((ROOT / "drafter").rglob("*.py"))
    assert len(sources) > 40  # every module of every subpackage
    for source in sources:
        module = source.relative_to(ROOT / "drafter").as_posix()
        if module == "fsutil.py":
            continue
        for name, line in _writes(ast.parse(source.read_text("utf-8"))):
            if (module, name) not in _ALLOWED:
                offenders.append(f"{module}:{line}: {name}")
    assert not offenders, "write through drafter.fsutil (atomic) instead:\n" + "\n".join(offenders)


def test_the_writer_check_sees_a_direct_write():
    tree = ast.parse("Path('x').write_bytes(b'')\nopen('y', 'w')\ndoc.save('z.docx')\nos.replace(a, b)\n"
                     "text.replace('a', 'b')\nopen('r')\ndoc.save(buffer)\nfactdoc.save()\n")
    assert sorted(name for name, _ in _writes(tree)) == ["open", "os.replace", "save", "write_bytes"]


# --- a user's template is sandboxed -------------------------------------------------------------------

MALICIOUS = [
    ("{{ ''.__class__.__mro__ }}", "出于安全考虑已拒绝渲染"),
    ("{{ facts.__class__.__init__.__globals__ }}", "出于安全考虑已拒绝渲染"),
    ("{{ cycler.__init__.__globals__.os.system('touch PWNED') }}", "出于安全考虑已拒绝渲染"),
    ("{{ blocks.append(1) }}", "出于安全考虑已拒绝渲染"),
    ("{{ 'x' * 10**9 }}", "出于安全考虑已拒绝渲染"),
    ("{{ 2 ** 10000000 }}", "出于安全考虑已拒绝渲染"),
    ("{{ range(10**9) | list }}", "模板中的表达式出错"),
    ("{% include '/etc/passwd' %}", "模板渲染失败"),
    ("{{ facts.year // 0 }}", "模板中的表达式出错"),
]


def _template_with(tmp_path: Path, expression: str) -> Path:
    doc = docx.Document(str(ROOT / "templates" / "report.docx"))
    doc.add_paragraph(expression)
    path = tmp_path / "自定义模板.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("expression,message", MALICIOUS, ids=[m[0] for m in MALICIOUS])
def test_a_malicious_template_is_refused_not_executed(expression: str, message: str, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = _template_with(tmp_path, expression)
    with pytest.raises(TemplateFileError) as caught:
        render_docx(parse_facts(MINIMAL).facts, template=template)
    assert message in caught.value.message and str(template) in caught.value.message
    assert not (tmp_path / "PWNED").exists()


def test_a_malicious_template_through_the_cli(tmp_path: Path, write_facts):
    template = _template_with(tmp_path, "{{ facts.__class__.__init__.__globals__ }}")
    out = tmp_path / "out.docx"
    proc = run_cli(["build", str(write_facts(MINIMAL)), "--template", str(template), "-o", str(out)])
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "出于安全考虑已拒绝渲染" in proc.stderr and not out.exists()


def test_a_harmless_custom_template_still_renders(tmp_path: Path):
    template = _template_with(tmp_path, "年度：{{ facts.year }}")
    data = render_docx(parse_facts(MINIMAL).facts, template=template)
    assert "年度：2023" in [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
