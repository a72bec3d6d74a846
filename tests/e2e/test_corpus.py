"""The bad-input corpus (tests/corpus/cases.yaml): every case through the real CLI.

Each input gets either a located Chinese message and a non-zero exit, or a DOCX that
opens and contains the user's text, whole. Never a traceback, never untranslated parser
English, never a half-written or stray file. The file cases run `python -m drafter` in
subprocesses (two at a time); the ~70 control-character variants run through
`drafter.cli.main` in-process for speed, and once more all together through the real CLI
as one batch. A render-marked test opens a few of the built DOCX files in LibreOffice.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from ruamel.yaml import YAML

from drafter.cli import main
from drafter.docx.render import build
from tests.helpers.clirun import NO_RESTRICT_EXIT, is_root, run_cli
from tests.helpers.pdfmeasure import require_render_tools
from tests.helpers.samples import MINIMAL, ROOT
from tests.helpers.skips import skip_outside_ci

CORPUS = ROOT / "tests" / "corpus"
INPUTS = CORPUS / "inputs"

#: Words of the YAML parser's English messages; a user must never see them.
_ENGLISH = re.compile(r"\b(expected|found|while (scanning|parsing)|but got|could not|mapping values|scalar"
                      r"|Exceeds the limit|Unable to parse|Input should be|codec can't)\b")

_PREAMBLE = "2023年，龙泉市科学技术局扎实推进依法行政和法治政府建设工作。现将有关情况报告如下："
_SPLIT_AT = "扎实推进"


@dataclass
class Case:
    id: str
    exit: int
    file: str | None = None
    generate: str | None = None
    setup: str | None = None
    args: list[str] | None = None
    message: str | None = None
    not_message: list[str] = dataclasses.field(default_factory=list)  # fragments stderr must not hold (a misdiagnosis)
    line: int | None = None
    field: str | None = None
    contains: list[str] = dataclasses.field(default_factory=list)
    absent: list[str] = dataclasses.field(default_factory=list)
    char: int | None = None
    command: str = "build"  # build, check, import or verify
    template: str | None = None  # build with --template: a copy of report.docx with this paragraph added
    stdout: str | None = None  # a fragment that must be on stdout
    input_after: list[str] = dataclasses.field(default_factory=list)  # lines the input holds afterwards (check --fix)
    input_encoding: str = "utf-8"
    env: dict[str, str] = dataclasses.field(default_factory=dict)  # e.g. a console's PYTHONIOENCODING


def load_cases() -> list[Case]:
    raw: list[dict[str, Any]] = YAML(typ="safe", pure=True).load((CORPUS / "cases.yaml").read_text("utf-8"))
    cases: list[Case] = []
    for entry in raw:
        entry = dict(entry)
        chars = entry.pop("chars", None)
        given = entry.pop("id", None)  # cases that share an input or a setup name themselves
        name = entry.get("file") or entry.get("generate") or entry.get("setup")
        if entry.get("setup") and entry.get("file"):
            name = f"{entry['setup']}"
        name = given or name
        assert name, f"a corpus entry has an id or names its file, generator or setup: {entry}"
        if chars is None:
            cases.append(Case(id=Path(name).stem, **entry))
            continue
        for code in chars:
            one = dict(entry)
            if one.get("message"):
                one["message"] = one["message"].format(code=f"{code:04X}")
            cases.append(Case(id=f"{name}-U+{code:04X}", char=code, **one))
    return cases


CASES = load_cases()
CHAR_CASES = [c for c in CASES if c.char is not None]
CLI_CASES = [c for c in CASES if c.char is None]


def test_the_corpus_is_big_enough_and_every_input_is_used():
    assert len(CLI_CASES) >= 40
    assert len(CASES) >= 100
    named = {c.file for c in CASES if c.file}
    on_disk = {p.name for p in INPUTS.iterdir()}
    assert named == on_disk, "every input has a case and every case's input exists"
    assert len({c.id for c in CASES}) == len(CASES), "case ids are unique"
    # the categories the issue asks for are all present
    for needle in ("tab-indent", "unclosed-double-quote", "bad-indentation", "year-as-chinese", "missing-year",
                   "duplicate-top-level-key", "unknown-key-typo", "alias-bomb", "twenty-megabytes",
                   "one-megabyte-paragraph", "xml-special-characters", "jinja-syntax-in-text", "emoji-and-rare-cjk",
                   "lone-surrogate-escape", "gbk-encoded", "utf8-bom", "crlf-line-endings", "output-folder-missing",
                   "output-folder-read-only", "output-held-open"):
        assert any(c.id.startswith(needle) for c in CASES), needle
    assert {c.char for c in CHAR_CASES if c.generate == "raw-control-character"} >= set(range(0x20))
    assert {c.char for c in CHAR_CASES if c.generate == "escaped-control-character"} >= set(range(0x20))


# --- inputs that are generated rather than committed ----------------------------------------------


def _control_text(case: Case) -> str:
    assert case.char is not None
    if case.generate == "raw-control-character":
        return MINIMAL.replace(_SPLIT_AT, _SPLIT_AT + chr(case.char), 1)
    escaped = _PREAMBLE.replace(_SPLIT_AT, _SPLIT_AT + f"\\x{case.char:02x}")
    return MINIMAL.replace(f"preamble: |\n  {_PREAMBLE}\n", f'preamble: "{escaped}"\n')


def hostile_template(expression: str, folder: Path) -> Path:
    """A copy of the shipped template with one more paragraph holding `expression`."""
    doc = docx.Document(str(ROOT / "templates" / "report.docx"))
    if expression == "<no placeholders>":
        body = doc.element.body
        for paragraph in list(body.iterchildren(qn("w:p"))):
            body.remove(paragraph)
        doc.add_paragraph("一份没有任何标记的模板")
    else:
        doc.add_paragraph(expression)
    path = folder / "模板.docx"
    doc.save(str(path))
    return path


_MB = 1024 * 1024


def _chunks(head: bytes, fill: bytes, megabytes: int, tail: bytes = b"") -> Iterator[bytes]:
    yield head
    for _ in range(megabytes):
        yield fill * (_MB // len(fill))
    yield tail


def _docx_with(members: dict[str, Iterable[bytes]], path: Path) -> Path:
    """The members of a small real DOCX, with `members` added or replaced (written in chunks)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename not in members:
                out.writestr(info, src.read(info))
        for name, chunks in members.items():
            with out.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
    return path


_DIGITS = "1" * 5000
#: Numbers of 5,000 digits where a DOCX has numbers (int() refuses 4,300 in English, float() gives infinity).
_HUGE_NUMBERS = [
    ("word/styles.xml", r'<w:sz w:val="\d+"', f'<w:sz w:val="{_DIGITS}"'),
    ("word/styles.xml", r'w:firstLine="\d+"', f'w:firstLine="{_DIGITS}"'),
    ("word/styles.xml", r'w:firstLineChars="\d+"', f'w:firstLineChars="{_DIGITS}"'),
    ("word/styles.xml", r' w:line="\d+"', f' w:line="{_DIGITS}"'),
    ("word/styles.xml", r'<w:outlineLvl w:val="\d"', f'<w:outlineLvl w:val="{_DIGITS}"'),
    ("word/document.xml", r'w:linePitch="\d+"', f'w:linePitch="{_DIGITS}"'),
    ("word/document.xml", r'w:top="\d+"', f'w:top="1e{_DIGITS}"'),
    ("word/numbering.xml", r'<w:start w:val="\d+"', f'<w:start w:val="{_DIGITS}"'),
]


def _generate_numbers_docx(kind: str, path: Path) -> Path:
    """A report built by drafter, then numbers of 5,000 digits written into its parts (issue 13 item 14)."""
    facts = path.with_suffix(".yaml")
    facts.write_text(MINIMAL.replace("year: 2023", "year: 2023\ndoc_number: 龙科〔2024〕2号"), "utf-8")
    build(facts, path)
    facts.unlink()
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    edits = _HUGE_NUMBERS if kind == "docx-5000-digit-attributes" else [
        ("word/document.xml", r"龙科〔2024〕2号", f"龙科〔2024〕{_DIGITS}号")]
    for part, pattern, replacement in edits:
        text, count = re.subn(pattern, replacement, members[part].decode("utf-8"))
        assert count, (part, pattern)
        members[part] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _generate_docx(kind: str, path: Path) -> Path:
    """Hostile DOCX packages: each must be refused before it is unpacked or parsed."""
    if kind.startswith("docx-5000-digit"):
        return _generate_numbers_docx(kind, path)
    if kind == "docx-bomb-document":  # document.xml unpacks to 400 MB (under a megabyte packed)
        head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
        return _docx_with({"word/document.xml": _chunks(head, b"x", 400, b"</w:t></w:r></w:p></w:body></w:document>")},
                          path)
    if kind == "docx-bomb-styles":  # the bomb in another part python-docx parses
        head = b'<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        return _docx_with({"word/styles.xml": _chunks(head, b"<!-- -->", 100, b"</w:styles>")}, path)
    if kind == "docx-bomb-media":  # a picture that unpacks to 300 MB
        return _docx_with({"word/media/image1.png": _chunks(b"", b"\0", 300)}, path)
    if kind == "docx-many-members":
        return _docx_with({f"customXml/item{n}.xml": [b"<a/>"] for n in range(5000)}, path)
    if kind == "docx-many-small-parts":  # each part under the limit, together 300 MB
        return _docx_with({f"word/media/image{n}.png": _chunks(b"", b"\0", 60) for n in range(5)}, path)
    raise AssertionError(f"unknown generator {kind}")


def _generate(case: Case, folder: Path) -> Path:
    assert case.generate is not None
    if case.generate.startswith("docx-"):
        return _generate_docx(case.generate, folder / f"{case.generate}.docx")
    if case.generate in _LARGE:
        return _generate_large(case.generate, folder)
    path = folder / f"{case.generate}.yaml"
    if case.generate == "twenty-megabytes":
        line = "  " + "推进严格规范公正文明执法，" * 40 + "\n"
        with path.open("w", encoding="utf-8") as out:
            out.write(MINIMAL + "closing: |\n")
            for _ in range(20 * 1024 * 1024 // len(line.encode()) + 1):
                out.write(line)
        assert path.stat().st_size > 20 * 1024 * 1024
    elif case.generate == "one-megabyte-paragraph":
        paragraph = ("坚持依法决策，规范行政执法行为，全面推进政务公开。" * 14000)[: 1024 * 1024 // 3]
        path.write_text(MINIMAL + f"closing: |\n  {paragraph}\n", encoding="utf-8")
        case.contains = [paragraph]
    else:
        path.write_text(_control_text(case), encoding="utf-8", errors="surrogatepass")
    return path


#: Inputs of 50 MB and more, without a single anchor or alias (issue 13 item 14): the message must name
#: the size and its limit, never an alias bomb. Name -> (file name, head, a chunk, how many chunks, tail).
_REPORT_HEAD = "龙泉市科学技术局关于2023年度法治政府建设情况的报告\n\n一、主要举措\n"
_ITEM = "（一）强化组织领导\n认真贯彻落实系列会议精神。\n"
_ITEM_HTML = "<p>（一）强化组织领导</p><p>认真贯彻落实系列会议精神。</p>\n"
_ATTACHMENT = "  - 龙泉市科学技术局法治政府建设工作台账\n"
_BEFORE_TEXT, _AFTER_TEXT = MINIMAL.split("text: 严格落实规范性文件前置审核。")
_LARGE = {
    "import-50mb-text": ("report.txt", _REPORT_HEAD, _ITEM, 50 * _MB // len(_ITEM.encode()) + 1, ""),
    "import-50mb-html": ("report.html", "<html><body><h1>龙泉市科学技术局关于2023年度法治政府建设情况的报告</h1>",
                         _ITEM_HTML, 50 * _MB // len(_ITEM_HTML.encode()) + 1, "</body></html>"),
    "fact-file-50mb": ("facts.yaml", MINIMAL + "attachments:\n", _ATTACHMENT, 50 * _MB // len(_ATTACHMENT.encode()) + 1,
                       ""),
    # 1.2 MB, within the size limit: 600,000 one-letter paragraphs in a flow list, no anchor anywhere
    "fact-file-many-values": ("facts.yaml", _BEFORE_TEXT + "text: [", "a,", 600_000, "a]" + _AFTER_TEXT),
}


def _generate_large(name: str, folder: Path) -> Path:
    file_name, head, chunk, count, tail = _LARGE[name]
    path = folder / file_name
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for _ in range(count // 1000):
            out.write(chunk * 1000)
        out.write(chunk * (count % 1000) + tail)
    return path


# --- preparing each case ----------------------------------------------------------------------------


@dataclass
class Prepared:
    args: list[str]
    input: Path
    output: Path | None
    folder: Path
    restricted: bool = False
    before: bytes | None = None  # bytes of an output that must survive a failed build
    link_target: Path | None = None  # a symbolic link's target: the link must stay a link


def prepare(case: Case, folder: Path) -> Prepared:
    folder.mkdir(parents=True, exist_ok=True)
    if case.file:
        source = INPUTS / case.file
        data = source.read_bytes()
        input_path = folder / case.file
        input_path.write_bytes(data)
    elif case.generate:
        input_path = _generate(case, folder)
    else:
        input_path = folder / "facts.yaml"
        if case.template is not None:
            input_path.write_text(MINIMAL, encoding="utf-8")
    output: Path | None = folder / ("out.yaml" if case.command == "import" else "out.docx")
    args = [case.command, str(input_path)]
    if case.args is not None:
        args += [a.format(tmp=folder, input=input_path) for a in case.args]
        output = Path(args[args.index("-o") + 1]) if "-o" in args else None
    elif case.command in ("build", "import"):
        args += ["-o", str(output)]
    else:
        output = None
    if case.template is not None:
        args += ["--template", str(hostile_template(case.template.replace("<5000 digits>", _DIGITS), folder))]
    prepared = Prepared(args, input_path, output, folder)
    setup = case.setup
    if setup in ("input-missing", "output-folder-missing"):
        pass  # the command line alone sets these up
    elif setup == "unreadable-input":
        input_path.chmod(0)
        prepared.restricted = True
    elif setup == "empty-folder-as-input":
        (folder / "空文件夹").mkdir()
        prepared.args = ["build", str(folder / "空文件夹")]
        prepared.output = None
    elif setup in ("output-folder-read-only", "output-held-open"):
        locked = folder / "只读"
        locked.mkdir()
        prepared.output = locked / "out.docx"
        prepared.args = ["build", str(input_path), "-o", str(prepared.output)]
        if setup == "output-held-open":
            build(input_path, prepared.output)  # an earlier, unedited build: no backup is needed
            prepared.before = prepared.output.read_bytes()
        locked.chmod(0o555)
        prepared.restricted = True
    elif setup == "output-is-a-folder":
        assert output is not None
        output.mkdir()
    elif setup == "output-read-only-file":
        assert output is not None
        output.write_bytes(b"an older report")
        output.chmod(0o444)
    elif setup == "output-is-the-fact-file":
        prepared.before = input_path.read_bytes()
        prepared.output = input_path
    elif setup in ("output-is-a-link", "output-is-a-dangling-link"):
        assert output is not None
        target = folder / "真正的输出" / "report.docx"
        target.parent.mkdir()
        if setup == "output-is-a-link":
            build(input_path, target)
        output.symlink_to(target)
        prepared.link_target = target
    elif setup is not None and setup.startswith("output-hand-edited-"):
        assert output is not None
        build(input_path, output)
        _hand_edit(output, setup.removeprefix("output-hand-edited-"))
        prepared.before = output.read_bytes()
    elif setup is not None and setup.startswith("output-links-to-"):
        assert output is not None
        output.symlink_to(setup.removeprefix("output-links-to-"))
    elif setup == "input-is-a-fifo":
        input_path.unlink()
        os.mkfifo(input_path)
    elif setup is not None and setup.startswith("input-links-to-"):
        input_path.unlink()
        input_path.symlink_to(setup.removeprefix("input-links-to-"))
    elif setup == "folder-with-odd-entries":
        facts = folder / "事实"
        facts.mkdir()
        input_path.rename(facts / "good.yaml")
        (facts / "dangling.yaml").symlink_to(facts / "nothing.yaml")
        os.mkfifo(facts / "pipe.yaml")
        (facts / "folder.yaml").mkdir()
        prepared.args = ["build", str(facts), "-o", str(folder / "out")]
        prepared.output = None
    elif setup == "input-name-too-long":
        prepared.args[1] = str(folder / ("报" * 90 + ".yaml"))  # 270 bytes: over the 255 a name may have
    elif setup in ("input-in-locked-folder", "folder-build-of-locked-folder", "output-in-locked-folder"):
        locked = folder / "锁住的文件夹"
        locked.mkdir()
        if setup == "input-in-locked-folder":
            moved = locked / input_path.name
            input_path.rename(moved)
            prepared.args[1] = str(moved)
        elif setup == "folder-build-of-locked-folder":
            (locked / "a.yaml").write_bytes(input_path.read_bytes())
            prepared.args = ["build", str(locked), "-o", str(folder / "out")]
            prepared.output = None
        else:
            prepared.output = locked / "out.docx"
            prepared.args = ["build", str(input_path), "-o", str(prepared.output)]
        locked.chmod(0)
        prepared.restricted = True
    elif setup == "output-is-a-fifo":
        assert output is not None
        os.mkfifo(output)
    elif setup == "input-is-a-link":
        target = folder / "真正的事实文件" / input_path.name
        target.parent.mkdir()
        input_path.rename(target)
        input_path.symlink_to(target)
        prepared.link_target = target
    elif setup is not None:
        raise AssertionError(f"unknown setup {setup}")
    return prepared


#: A clerk's edit in Word to one part other than the body: the next build must keep a backup.
_HAND_EDITS = {
    "footer": ("word/footer", b"</w:p>", b"</w:p><w:p><w:r><w:t>\xe6\x89\x8b\xe6\x94\xb9</w:t></w:r></w:p>"),
    "styles": ("word/styles.xml", b"</w:styles>", b"<w:style w:type=\"paragraph\" w:styleId=\"x\"/></w:styles>"),
    "properties": ("docProps/core.xml", b"</dc:title>", b"\xe6\x89\x8b\xe6\x94\xb9</dc:title>"),
    "settings": ("word/settings.xml", b"</w:settings>", b"<w:evenAndOddHeaders/></w:settings>"),
}


def _hand_edit(path: Path, part: str) -> None:
    prefix, old, new = _HAND_EDITS[part]
    members = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    name = next(n for n in sorted(members) if n.startswith(prefix))
    assert old in members[name], name
    members[name] = members[name].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)


def cleanup(prepared: Prepared) -> None:
    for path in prepared.folder.rglob("*"):
        if path.is_symlink():  # chmod would follow it (to /dev/null, say)
            continue
        try:
            path.chmod(0o755 if path.is_dir() else 0o644)
        except OSError:
            pass


# --- checking the outcome ---------------------------------------------------------------------------


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def check(case: Case, prepared: Prepared, exit_code: int, stderr: str, stdout: str = "") -> None:
    assert "Traceback" not in stderr, stderr
    assert exit_code == case.exit, f"exit {exit_code}, expected {case.exit}\n{stderr}"
    visible = stderr.replace(str(prepared.folder), "").replace(prepared.input.name, "")
    assert not _ENGLISH.search(visible), f"untranslated parser message:\n{stderr}"
    if case.message:
        assert case.message in stderr, stderr
    for wrong in case.not_message:
        assert wrong not in stderr + stdout, f"misdiagnosed as {wrong!r}:\n{stderr}{stdout}"
    if case.stdout:
        assert case.stdout in stdout, stdout
    if case.line is not None:
        assert f"{prepared.input}:{case.line}:" in stderr, stderr
    if case.field:
        assert f"［{case.field}］" in stderr, stderr
    if case.setup and case.setup.startswith("output-links-to-"):
        device = Path(case.setup.removeprefix("output-links-to-"))
        assert device.is_symlink() or device.is_char_device(), f"{device} was replaced by a regular file"
        assert prepared.output is not None and prepared.output.is_symlink()
    if case.setup and case.setup.startswith("output-hand-edited-") and case.exit == 0:
        backups = list(prepared.folder.glob("out.bak-*.docx"))
        assert len(backups) == 1 and backups[0].read_bytes() == prepared.before, "a hand-edited DOCX needs a backup"
    if prepared.link_target is not None:
        link = prepared.input if case.setup == "input-is-a-link" else prepared.output
        assert link is not None and link.is_symlink(), "a write through a link must keep the link"
        assert prepared.link_target.is_file() and link.resolve() == prepared.link_target.resolve()
    if case.input_after:
        after = prepared.input.read_bytes().decode(case.input_encoding).splitlines()
        for wanted in case.input_after:
            assert wanted in after, f"{wanted!r} is not a line of the file afterwards:\n" + "\n".join(after)
    leftovers = [p.name for p in prepared.folder.rglob(".*.tmp")]
    assert not leftovers, leftovers
    if case.exit != 0:
        if prepared.before is not None:
            assert prepared.output is not None and prepared.output.read_bytes() == prepared.before
        elif prepared.output is not None and prepared.output.suffix in (".docx", ".yaml") \
                and not os.path.islink(prepared.output):
            assert not os.path.isfile(prepared.output), "a failed command must not leave its output"
        return
    if prepared.output is None:
        return
    if prepared.output.suffix == ".yaml":  # import: the texts must reach the fact file, whole
        written = prepared.output.read_text("utf-8")
        for wanted in case.contains:
            assert wanted in written, f"{wanted[:80]!r} not found whole in the fact file"
        for unwanted in case.absent:
            assert unwanted not in written, f"{unwanted!r} must not reach the fact file"
        assert written.count("文本框中的文字。") <= 1, "a text box is read once, not again from its fallback copy"
        return
    texts = paragraphs(prepared.output)
    for wanted in case.contains:
        assert any(wanted in t for t in texts), f"{wanted[:80]!r} not found whole in the DOCX"
    for unwanted in case.absent:
        assert not any(unwanted in t for t in texts), f"{unwanted!r} must not reach the DOCX"


def _run(case: Case, folder: Path) -> tuple[Prepared, subprocess.CompletedProcess[str]]:
    prepared = prepare(case, folder)
    try:
        return prepared, run_cli(prepared.args, cwd=folder, restricted=prepared.restricted, env=case.env)
    finally:
        cleanup(prepared)


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory) -> dict[str, Future[tuple[Prepared, subprocess.CompletedProcess[str]]]]:
    """All file cases, run two at a time (the CLI is single-threaded; CI machines have two cores)."""
    base = tmp_path_factory.mktemp("corpus")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {case.id: pool.submit(_run, case, base / case.id) for case in CLI_CASES}
        return {name: future for name, future in futures.items()}


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_corpus_case_through_the_real_cli(case: Case, cli_results):
    prepared, proc = cli_results[case.id].result()
    if prepared.restricted and is_root() and proc.returncode == NO_RESTRICT_EXIT:
        skip_outside_ci("running as root without CAP_SETPCAP: read-only folders and held files cannot be "
                        "simulated here, so this case's permission handling is untested")
    check(case, prepared, proc.returncode, proc.stderr, proc.stdout)


@pytest.mark.parametrize("case", CHAR_CASES, ids=[c.id for c in CHAR_CASES])
def test_control_character_case(case: Case, tmp_path: Path, capsys):
    prepared = prepare(case, tmp_path)
    exit_code = main(prepared.args)
    check(case, prepared, exit_code, capsys.readouterr().err)


def test_control_characters_through_the_real_cli_as_one_batch(tmp_path: Path):
    """The same ~70 files through `python -m drafter build FOLDER`: no traceback, each failure listed."""
    folder = tmp_path / "facts"
    folder.mkdir()
    for case in CHAR_CASES:
        (folder / f"{case.id}.yaml").write_text(_control_text(case), encoding="utf-8", errors="surrogatepass")
    proc = run_cli(["build", str(folder), "-o", str(tmp_path / "out")])
    assert "Traceback" not in proc.stderr
    failing = [c for c in CHAR_CASES if c.exit != 0]
    assert proc.returncode == 1
    assert f"共 {len(CHAR_CASES)} 份：成功 {len(CHAR_CASES) - len(failing)} 份，失败 {len(failing)} 份。" in proc.stdout
    for case in failing:
        assert f"✗ {folder / case.id}.yaml" in proc.stderr
        assert f"{folder / case.id}.yaml:{case.line}:" in proc.stderr


@pytest.mark.render
def test_libreoffice_opens_the_docx_built_from_odd_text(cli_results, tmp_path: Path):
    from drafter.docx.libreoffice import convert_to_pdf

    require_render_tools("soffice", "pdftotext")
    picks = {"xml-special-characters": "审查率", "jinja-syntax-in-text": "{{ facts.year }}",
             "emoji-and-rare-cjk": "严格落实审核", "invisible-format-characters": "审核",
             "long-title": "关于进一步加强"}

    def render(name: str) -> str:
        prepared, proc = cli_results[name].result()
        assert proc.returncode == 0 and prepared.output is not None
        pdf = convert_to_pdf(prepared.output, tmp_path / f"{name}.pdf")
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout

    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = dict(zip(picks, pool.map(render, picks), strict=True))
    for name, needle in picks.items():
        assert needle in texts[name].replace("\n", ""), name
