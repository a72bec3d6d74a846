"""`drafter serve`: the interview in a local web page, a second driver of drafter.interview.engine.

Each report (fact file) in the folder gets one `Interview` held in memory; a page shows its
current step, a form posts the answer (validated and saved by the engine through the round-trip
writer, so comments and hand edits survive), 上一步 calls `back()`, the outline calls `jump()`.
What is being typed is saved as it is typed (the page sends it, debounced, and once more when
it is left): into the fact file when the question accepts it as it stands, else as the engine's
draft beside it, with the reason shown by the field.

The file on disk is the truth. A page says which version of the file it was made from; the
server knows the versions it wrote itself since it last read the file. A write from a page that
has not seen the file as it is (a hand edit in between) never replaces it: the file stays, the
page's version is written beside it (2025.网页版本-….yaml), the report is read again and the user
is told where the other version is. The page also polls and reloads after a hand edit.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from drafter.errors import DrafterError, Finding
from drafter.factfile.document import FactDocument
from drafter.factfile.yamlread import read_text as read_fact_text
from drafter.fsutil import atomic_write_bytes, backup_path
from drafter.interview.drafts import Drafts
from drafter.interview.engine import Interview, Slot
from drafter.interview.questions import Spec, load_spec
from drafter.text.numerals import small_int
from drafter.web import security
from drafter.web.pages import PageCache
from drafter.web.security import Refused

CSRF_FIELD = "csrf"
TOKEN_COOKIE = "drafter_token"
#: The longest text one field may send (a whole report is rarely 100 000 characters).
MAX_TYPED = 200_000
#: Versions of one report remembered as written by this server (a day of autosaves every second or so).
LINEAGE = 20_000
#: A question's id as the engine makes them ("measures/items[1]/text", "basics/agency.name").
_STEP_ID = re.compile(r"[a-z_]{1,20}(?:/[A-Za-z_.]{1,40}(?:\[\d{1,4}\])?){1,6}")
#: What the page calls the copy that keeps its version when the file was edited elsewhere.
PAGE_VERSION = "网页版本"
#: “sections”（正文各部分） in a check message: the page names the field by its title only.
_FIELD_NAME = re.compile(r"“[A-Za-z_][A-Za-z0-9_.]*”（([^（）]+)）")
_TERMINAL_HINT = re.compile(r"（要修改已答内容，可按 PgUp[^）]*）")
#: “（可运行 drafter check 2025.yaml 查看详情）”: the page shows the details itself.
_CHECK_HINT = re.compile(r"（可运行 drafter check [^）]*查看详情）")
#: The first line of the engine's part announcement: 〔2/7〕开头段（整份报告已答 5/12 题）.
_PART_TITLE = re.compile(r"^〔\d+/\d+〕[^\n]*（整份报告已答 \d+/\d+ 题）$\n?", re.M)
#: The wizard's name for itself in a message (“…，向导无法打开”): the page just says what is wrong.
_WIZARD = re.compile(r"，向导无法打开")


@dataclass
class Report:
    """One fact file and the interview over it."""

    path: Path
    interview: Interview | None = None
    seen: str | None = None  # the file's text when this server last read or wrote it
    # the versions of the file since it was last read from disk, each written by this server: a page
    # made from one of them has seen every change a person made by hand
    lineage: dict[str, None] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # the server's own words to the user (highlighted)
    notes: list[str] = field(default_factory=list)  # the engine's notes after an answer (part intros, what was done)
    error: str = ""
    findings: list[Finding] = field(default_factory=list)
    furthest: int = 0  # the furthest part reached: checks about parts after it wait until they are written
    sent: dict[str, int] = field(default_factory=dict)  # the last autosave number per page (late ones are old)


def _disk(path: Path) -> str | None:
    """The fact file's text as it is on disk, read like every input (regular file, bounded):
    None when it is gone, a marker when it cannot be read (the load then explains why)."""
    if not path.exists():
        return None
    try:
        return read_fact_text(path)
    except DrafterError:
        return "\0unreadable"


def version_of(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Server:
    """The state of one `drafter serve`: the folder, the secrets, the open reports."""

    def __init__(self, folder: Path, *, token: str | None = None, spec: Spec | None = None,
                 today: dt.date | None = None) -> None:
        self.folder = Path(folder).resolve()
        self.token = token  # None on loopback: the machine's user is the only one who can connect
        self.csrf = security.new_token()
        self.spec = spec or load_spec()
        self.today = today
        self.reports: dict[str, Report] = {}
        self.pages = PageCache()
        # held around every look at or change of the reports (never across an await): uvicorn runs the
        # handlers on one event loop, but a test client or another server may call them from threads
        self.lock = threading.RLock()
        self.env = Environment(loader=PackageLoader("drafter.web", "templates"), autoescape=select_autoescape(
            default=True, default_for_string=True), trim_blocks=True, lstrip_blocks=True)

    # -- reports ---------------------------------------------------------------------------------

    def report(self, name: str) -> Report:
        path = security.confined(self.folder, name)
        report = self.reports.get(name)
        if report is None:
            if not path.exists():
                raise Refused("找不到这份报告，可能已被移走或改名。", 404)
            report = self.reports[name] = Report(path)
        if report.interview is None or _disk(path) != report.seen:
            self.load(report, changed=report.interview is not None)
        return report

    def load(self, report: Report, *, changed: bool = False) -> None:
        text = _disk(report.path)
        report.seen = text
        report.lineage = {version_of(text): None}
        report.error, report.findings = "", []
        if text is None:
            report.interview = None
            raise Refused("找不到这份报告，可能已被移走或改名。", 404)
        try:
            doc = FactDocument.open(report.path)
            report.interview = Interview(doc, spec=self.spec, today=self.today, mode="new",
                                         drafts=Drafts.beside(report.path))
        except DrafterError as exc:
            report.interview = None
            report.error = self.scrub(exc.message)
            report.findings = [Finding(self.scrub(f.message), report.path.name, f.line, f.column, f.path, f.severity,
                                       f.code) for f in exc.findings]
            return
        if changed:
            report.interview.take_notes()  # "继续填写…" again on every reload is noise
            report.notices.append("这份报告的文件刚在别处被修改过（例如用文本编辑器），页面已载入修改后的内容。")

    def saved(self, report: Report) -> None:
        """The server has just written the file: what is on disk now is known."""
        report.seen = _disk(report.path)
        report.lineage[version_of(report.seen)] = None
        while len(report.lineage) > LINEAGE:
            del report.lineage[next(iter(report.lineage))]

    def in_step(self, report: Report, version: str | None) -> bool:
        """Whether a page made from `version` of the file has seen everything on disk: nothing was
        changed by hand since this server last read the file, and the page's version is that one or
        one this server wrote after it."""
        return report.interview is not None and _disk(report.path) == report.seen and version in report.lineage

    def conflict(self, report: Report, step_id: str, typed: str | None) -> None:
        """A write from a page that has not seen the file as it is on disk: the file stays as it is,
        the page's version (the report as this server had it, with `typed` at question `step_id`) goes
        beside it under a clearly dated name, and the report is read again from disk."""
        copy, draft = None, False
        if typed is not None and report.interview is not None:
            target = backup_path(report.path, PAGE_VERSION)
            kept = report.interview.save_typing(step_id, typed, to=target)
            copy, draft = (target if kept.written else None), bool(kept.error)
        elif typed is not None:  # the server holds no version to add it to: the text is kept as the question's draft
            Drafts.beside(report.path).keep_aside(step_id, typed)
            draft = True
        self.load(report)
        if report.interview is not None:
            report.interview.take_notes()
        changed = "这份报告的文件刚在别处被修改过（例如用文本编辑器）"
        if copy is not None:
            report.notices.append(
                f"{changed}，网页上的修改没有写进去，以免覆盖那里的修改。网页上的版本（含你刚输入的内容）"
                f"已另存为同一文件夹中的“{copy.name}”，可以在首页打开它，把需要的内容复制回来。本页已载入文件现在的内容。")
        elif draft:
            report.notices.append(f"{changed}，页面已载入修改后的内容。你刚才输入的文字没有写入文件，作为草稿保留在它的输入框中。")
        elif typed is None:
            report.notices.append(f"{changed}，页面已载入修改后的内容；刚才的选择没有执行，请核对后重新选择。")
        else:
            report.notices.append(f"{changed}，页面已载入修改后的内容。")

    def scrub(self, text: str) -> str:
        """A message as a page shows it: no path of the server's folders, no terminal command, each
        field by its Chinese name (“sections”（正文各部分） is “正文各部分”)."""
        text = _WIZARD.sub("", _CHECK_HINT.sub("", _FIELD_NAME.sub(r"“\1”", text)))
        return security.scrub(text, self.folder, Path(tempfile.gettempdir()))

    def for_page(self, note: str) -> str:
        """An engine note as the page says it: the terminal's keys become the page's buttons."""
        note = _TERMINAL_HINT.sub("（要修改已答内容，可点“上一步”或左侧目录中的问题）", note)
        note = _PART_TITLE.sub("", note.strip("\n"))  # the page shows the part and the progress itself
        return self.scrub(note.strip("\n"))

    def located(self, findings: list[Finding]) -> list[Finding]:
        return [Finding(self.scrub(f.message), "", f.line, f.column, f.path, f.severity, f.code) for f in findings]

    def listing(self) -> list[dict[str, Any]]:
        """The fact files of the folder with year, agency, completeness and check status."""
        from drafter.review.checks import check_file

        rows = []
        for path in sorted(self.folder.glob("*.y*ml")):
            if not path.is_file() or path.resolve().parent != self.folder:
                continue
            row: dict[str, Any] = {"name": path.name, "year": "", "agency": "", "progress": (0, 0), "status": "",
                                   "level": "ok"}
            try:
                doc = FactDocument.open(path)
                data = doc.data
                agency = data.get("agency")
                row["agency"] = agency.get("name", "") if isinstance(agency, dict) else ""
                row["year"] = data.get("year", "")
                row["progress"] = Interview(doc, spec=self.spec, today=self.today, drafts=Drafts.none()).progress()
            except DrafterError as exc:
                row["status"], row["level"] = f"无法打开：{self.scrub(exc.message).removeprefix(path.name + '：')}", "error"
                rows.append(row)
                continue
            try:
                _, findings = check_file(path)
            except DrafterError as exc:
                count = len(exc.findings) or 1
                row["status"], row["level"] = f"尚未完成（{count} 处需要补全或改正）", "warning"
            else:
                errors = sum(f.severity == "error" for f in findings)
                warnings = sum(f.severity == "warning" for f in findings)
                if errors:
                    row["status"], row["level"] = f"检查发现 {errors} 处错误", "error"
                elif warnings:
                    row["status"], row["level"] = f"检查发现 {warnings} 处提醒", "warning"
                else:
                    row["status"] = "检查通过"
            rows.append(row)
        return rows

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(csrf=self.csrf, **context)
        return HTMLResponse(html, status_code=status, headers=_HEADERS)


_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


# --- the steps as pages -----------------------------------------------------------------------------


def _part_progress(interview: Interview, spec: Spec) -> list[dict[str, Any]]:
    out = []
    current = interview.current.part if interview.current else ""
    for index, part in enumerate(spec.parts):
        answered, total = interview.part_progress(part)
        label = f"〔{index + 1}/{len(spec.parts)}〕{part.title}"
        out.append({"title": part.title, "answered": answered, "total": total, "current": label == current,
                    "percent": int(100 * answered / total) if total else 0})
    return out


def _section_prefix(target: str, interview: Interview, spec: Spec) -> str | None:
    """Where a question's answers sit in the finding paths: "" for the root, "sections[i]." for a
    part's section (None when the section does not exist yet)."""
    part_id = target.split("/", 1)[0].split(":", 1)[0]
    part = next((p for p in spec.parts if p.id == part_id), None)
    if part is None or part.target == "root":
        return ""
    for index, section in enumerate(interview.doc.sections()):
        if isinstance(section, dict) and section.get("kind") == part.target:
            return f"sections[{index}]."
    return None


def part_index(target: str, spec: Spec) -> int | None:
    """The part a question id belongs to ("measures/items[1]/text" -> the index of measures)."""
    part_id = target.split("/", 1)[0].split(":", 1)[0]
    return next((i for i, p in enumerate(spec.parts) if p.id == part_id), None)


def finding_part(finding: Finding, interview: Interview, spec: Spec) -> int | None:
    """The part a check finding is about, from its field path (sections[2].items[0].text, preamble,
    agency.name); one on the list of parts itself (`sections`: a part missing) is about the part it
    names, else the body's first part; None when it is about no part."""
    path = finding.path
    match = re.match(r"sections(?:\[(\d+)\])?", path)
    if match:
        body = [i for i, p in enumerate(spec.parts) if p.target != "root"]
        sections = interview.doc.sections()
        if match.group(1) is None or int(match.group(1)) >= len(sections):
            named = [i for i in body if f"“{spec.parts[i].title}”" in finding.message]
            return next(iter(named or body), None)
        section = sections[int(match.group(1))]
        kind = section.get("kind") if isinstance(section, dict) else None
        return next((i for i, p in enumerate(spec.parts) if p.target == kind), body[0] if body else None)
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    return next((i for i, p in enumerate(spec.parts) if p.target == "root" and any(
        q.path[0] == head for q in p.questions)), None)


def not_reached(report: Report, spec: Spec) -> set[int]:
    """The parts of the report the clerk has not come to yet: after the furthest part the interview
    has reached and with nothing written in them (their checks would only say they are empty)."""
    interview = report.interview
    if interview is None:
        return set()
    step = interview.current
    here = len(spec.parts) if step is None else part_index(step.id, spec)
    if here is not None:
        report.furthest = max(report.furthest, here)
    return {i for i, part in enumerate(spec.parts)
            if i > report.furthest and interview.part_progress(part)[0] == 0}


def findings_at(target: str, findings: list[Finding], interview: Interview, spec: Spec) -> list[Finding]:
    """The check findings about the field a question id names ("measures/items[1]/text" is
    sections[i].items[1].text), so each is shown by its own field and outline entry."""
    if "/" not in target or ":" in target.rsplit("/", 1)[-1]:
        return []
    prefix = _section_prefix(target, interview, spec)
    if prefix is None:
        return []
    middle = target.split("/")[1:]
    wanted = prefix + ".".join(middle)
    out = []
    for f in findings:
        if not f.path:
            continue
        if f.path == wanted or (not prefix and f.path.startswith(wanted + ".")) or \
                (prefix and f.path.startswith(wanted + "[")):
            out.append(f)
    return out


def _where(finding: Finding, outline: list[tuple[str, str]], interview: Interview, spec: Spec) -> tuple[str, str]:
    """The question a finding is about, as (id, label) for a link to it; ("", "") when it is about none."""
    for label, target in outline:
        if target and findings_at(target, [finding], interview, spec):
            return target, label.strip().split("：", 1)[0]
    return "", ""


def with_outline(text: str, spec: Spec) -> str:
    """A report not yet past its opening has no `sections`, which the fact model requires: the
    preview shows the statutory parts' headings instead, so it follows the typing from the start."""
    import io

    from ruamel.yaml.error import YAMLError

    from drafter.factfile.document import round_trip_yaml

    try:
        data = round_trip_yaml().load(text)
    except (YAMLError, RecursionError):
        return text  # parse_facts reports it, located
    if not isinstance(data, dict) or data.get("sections"):
        return text
    data["sections"] = [{"kind": p.target} for p in spec.parts if p.target != "root" and p.gate is None]
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


def _findings(path: Path) -> list[Finding]:
    """The `drafter check` findings in the words for a reader of the document (`drafter review`'s
    wording: no `kind:` or `date:`), without the note on the `$schema` line that editors read."""
    from drafter.factfile.model import load_facts
    from drafter.review.checks import check

    try:
        return check(load_facts(path), document=True)
    except DrafterError as exc:
        return list(exc.findings)


# --- the application ---------------------------------------------------------------------------------


def create_app(server: Server) -> Starlette:  # noqa: C901 - the routes read best together
    # python-multipart logs each malformed upload in English before raising; the page says it in Chinese
    logging.getLogger("python_multipart").setLevel(logging.ERROR)

    async def form(request: Request, *, limit: int = security.MAX_UPLOAD + 65536) -> Any:
        """The posted form, once its CSRF token is checked; a body over `limit` bytes is refused
        before it is read (by its length) or while it is read (sent without a length)."""
        length = request.headers.get("content-length")
        too_big = Refused("上传的文件太大（不能超过 10 MB）。" if limit > security.MAX_UPLOAD
                          else "提交的内容太长，没有保存。", 413)
        size = small_int(length) if length else None
        if length and (size is None or size > limit):  # 5,000 digits: too large too
            raise too_big
        if not length and request.method == "POST":  # sent in chunks without a length: read it here, bounded
            chunks: list[bytes] = []
            size = 0
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_big
                chunks.append(chunk)
            request._body = b"".join(chunks)  # Starlette parses the form from the body once it is read
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            # Starlette decodes the fields with U+FFFD for bytes that are not UTF-8: refuse them instead
            if not security.form_is_utf8(await request.body()):
                raise Refused("提交的内容不是 UTF-8 编码的文字，没有保存；请刷新页面后重新输入。", 400)
        data = await request.form(max_files=1, max_fields=50)
        if not security.same(_text(data.get(CSRF_FIELD)) or request.headers.get("x-csrf-token"), server.csrf):
            raise Refused("请求缺少有效的安全校验码（可能来自其他网站，或页面已过期）。请刷新页面后重试。", 403)
        return data

    def _text(value: Any) -> str | None:
        """A form field's text; a browser sends a textarea's line breaks as CR LF (HTML form encoding)."""
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else None

    async def home(request: Request) -> Response:
        rows = await run_in_threadpool(server.listing)
        year = (server.today or dt.date.today()).year - 1
        return server.page("home.html", rows=rows, year=year, notice=request.query_params.get("msg", ""))

    async def new_report(request: Request) -> Response:
        data = await form(request)
        agency = (_text(data.get("agency")) or "").strip()
        year_text = (_text(data.get("year")) or "").strip()
        if not agency or len(agency) > 60:
            raise Refused("请填写机关全称（不超过 60 个字）。")
        year = small_int(year_text) if year_text.isdigit() else None
        if year is None or not 2000 <= year <= 2100:
            raise Refused("年度应为四位数字的年份，如 2025。")
        name = _free_name(server.folder, f"{year_text}.yaml", f"{agency}-{year_text}")
        doc = FactDocument.open(security.confined(server.folder, name))
        root = Slot.of(doc.data, "", "basics")
        root.set(("agency", "name"), agency)
        root.set(("year",), year)
        doc.save()
        with server.lock:
            report = server.report(name)
            if report.interview is not None:
                report.interview.take_notes()  # not "继续填写": it was made a moment ago
            report.notices.append(f"已新建 {name}（{agency}，{year_text}年度）。下面逐项填写；输入的内容会自动保存到这个文件。")
        return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def carry(request: Request) -> Response:
        from drafter.interview.carryover import carry_over

        data = await form(request)
        source = security.confined(server.folder, _text(data.get("source")) or "")
        if not source.exists():
            raise Refused("找不到上年的报告。", 404)
        old_year = small_int(str(FactDocument.open(source).data.get("year")))
        if old_year is None:
            raise Refused("上年的报告没有写明年度（year），或年度不是数字，不能结转。")
        name = _free_name(server.folder, f"{old_year + 1}.yaml", f"{source.stem}-{old_year + 1}")
        await run_in_threadpool(carry_over, source, security.confined(server.folder, name), server.spec)
        with server.lock:
            server.report(name).notices.append(
                f"已从 {source.name} 结转为 {name}：沿用机关信息，年度顺延为{old_year + 1}年，"
                f"上年的“下一年度主要安排”将逐条询问落实情况。")
        return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def import_report(request: Request) -> Response:
        from drafter.importing.recognise import import_to_file

        data = await form(request)
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise Refused("请选择要导入的报告文件（.docx、.txt 或 .html）。")
        original = Path(upload.filename.replace("\\", "/")).name
        suffix = Path(original).suffix.lower()
        if suffix not in security.UPLOAD_SUFFIXES:
            raise Refused("只能导入 .docx、.txt 或 .html 文件。", 415)
        content = await upload.read(security.MAX_UPLOAD + 1)
        if len(content) > security.MAX_UPLOAD:
            raise Refused("上传的文件太大（不能超过 10 MB）。", 413)
        stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", Path(original).stem)[:60].strip("_.") or "导入的报告"
        name = _free_name(server.folder, f"{stem}.yaml", f"{stem}-导入")
        with tempfile.TemporaryDirectory(prefix="drafter-upload-") as tmp:
            source = Path(tmp) / f"upload{suffix}"
            atomic_write_bytes(source, content)
            if suffix == ".docx":
                security.check_docx(source)
            outcome = await run_in_threadpool(import_to_file, source, security.confined(server.folder, name))
        found = len(outcome.result.findings) if hasattr(outcome.result, "findings") else 0
        with server.lock:
            server.report(name).notices.append(
                f"已从“{original}”导入为 {name}。请对照原文核对标题、各部分和小标题层级"
                + (f"（导入时有 {found} 处需要核对，见右侧检查结果）。" if found else "。"))
        return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def report_page(request: Request) -> Response:
        name = request.path_params["name"]
        with server.lock:
            return render_report(server.report(name), name)

    def render_report(report: Report, name: str, *, error: str = "", typed: str | None = None,
                      status: int = 200) -> Response:
        if report.interview is None:
            notices, report.notices = report.notices, []
            return server.page("broken.html", status=200, name=name, error=report.error, findings=report.findings,
                               notices=notices, version=version_of(report.seen))
        interview = report.interview
        step = interview.current
        notes = [n for n in (server.for_page(n) for n in report.notes + interview.take_notes()) if n.strip()]
        notices, report.notices, report.notes = report.notices, [], []
        value = step.default if step is not None else None
        if typed is not None:
            value = typed
        if not error and step is not None and step.draft and step.validate is not None and isinstance(value, str):
            error = server.scrub(step.validate(value) or "")  # a draft kept because it is not acceptable yet
        spec = server.spec
        waiting = not_reached(report, spec)
        findings = [f for f in (server.located(_findings(report.path)) if report.path.exists() else [])
                    if not f.path or finding_part(f, interview, spec) not in waiting]
        data = interview.doc.data
        agency = data.get("agency")
        outline = interview.targets()
        return server.page(
            "report.html", status=status, name=name, step=step, value=value, error=error, notes=notes,
            notices=notices, parts=_part_progress(interview, spec), outline=outline,
            field_findings=findings_at(step.id, findings, interview, spec) if step else [],
            flagged={t for _, t in outline if t and findings_at(t, findings, interview, spec)},
            findings=[(f, *_where(f, outline, interview, spec)) for f in findings[:30]], more=max(0, len(findings) - 30),
            waiting=[spec.parts[i].title for i in sorted(waiting) if spec.parts[i].gate is None],
            agency=agency.get("name", "") if isinstance(agency, dict) else "", year=data.get("year", ""),
            version=version_of(report.seen), progress=interview.progress(), exact=_has_soffice())

    async def answer(request: Request) -> Response:
        name = request.path_params["name"]
        data = await form(request)
        step_id = _text(data.get("step")) or ""
        typed = _text(data.get("value"))
        with server.lock:
            report = server.reports.get(name) or server.report(name)
            if not server.in_step(report, _text(data.get("version"))):
                # the file changed on disk since the page was made: it is kept, the page's version beside it
                text = typed if _text(data.get("kind")) in ("line", "paragraphs") else None
                server.conflict(report, step_id, text)
                return RedirectResponse(f"/r/{_q(name)}", status_code=303)
            interview = report.interview
            if interview is None or interview.current is None or interview.current.id != step_id:
                if typed and _text(data.get("kind")) in ("line", "paragraphs") and interview is not None \
                        and _STEP_ID.fullmatch(step_id):
                    interview.save_typing(step_id, typed)  # an old page (another tab): its text is not lost
                    server.saved(report)
                return RedirectResponse(f"/r/{_q(name)}", status_code=303)  # show the current step
            step = interview.current
            value: Any = typed
            if step.kind == "select":
                choice = _text(data.get("choice")) or ""
                index = small_int(choice) if choice.isdigit() else None
                if index is None or index >= len(step.choices):
                    return render_report(report, name, error="请选择一项。", status=422)
                value = step.choices[index][1]
            elif step.kind == "confirm":
                value = typed or ""
            elif value is None:
                value = ""
            outcome = interview.answer(value)
            server.saved(report)
            if not outcome.accepted:
                message = outcome.error or ""
                if not message and outcome.notes:
                    report.notices.extend(outcome.notes)
                return render_report(report, name, error=server.scrub(message),
                                     typed=typed if step.kind in ("line", "paragraphs") else None, status=422)
            report.notes.extend(outcome.notes)
            return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def back(request: Request) -> Response:
        name = request.path_params["name"]
        await form(request)
        with server.lock:
            report = server.report(name)
            if report.interview is not None:
                report.interview.back()
            return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def jump(request: Request) -> Response:
        name = request.path_params["name"]
        data = await form(request)
        with server.lock:
            report = server.report(name)
            target = _text(data.get("target")) or ""
            if report.interview is not None and target:
                if target not in {t for _, t in report.interview.targets() if t}:
                    raise Refused("找不到要跳转的问题（报告可能刚被修改），请刷新页面。", 404)
                report.interview.jump(target)
            return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def save(request: Request) -> Response:
        """What is being typed in one field, sent by the page about a second after the last key (and
        when the field or the page is left): into the fact file when the question accepts it as it
        stands, else kept as its draft with the reason; never over a hand edit the page has not seen."""
        name = request.path_params["name"]
        data = await form(request, limit=4 * MAX_TYPED + 65536)
        step_id, text = _text(data.get("step")) or "", _text(data.get("value"))
        if not _STEP_ID.fullmatch(step_id) or text is None:
            raise Refused("请求不完整，没有保存。")
        if len(text) > MAX_TYPED:
            raise Refused(f"输入的内容太长（超过 {MAX_TYPED // 10000} 万字），没有保存。", 413)
        with server.lock:
            report = server.reports.get(name) or server.report(name)
            page, number = _text(data.get("page")) or "", _text(data.get("seq")) or ""
            if 0 < len(page) <= 64 and number.isdigit() and len(number) < 12:
                if int(number) <= report.sent.get(page, -1):  # a newer text from the same page came first
                    return JSONResponse({"saved": False, "late": True}, headers=_NO_STORE)
                report.sent[page] = int(number)
                while len(report.sent) > 64:
                    del report.sent[next(iter(report.sent))]
            if not server.in_step(report, _text(data.get("version"))):
                server.conflict(report, step_id, text)
                return JSONResponse({"saved": False, "reload": True}, headers=_NO_STORE)
            interview = report.interview
            assert interview is not None  # in step
            typed = interview.save_typing(step_id, text)
            server.saved(report)
            answered, total = interview.progress()
            return JSONResponse({"saved": typed.written, "error": server.scrub(typed.error),
                                 "version": version_of(report.seen), "progress": f"已答 {answered}/{total} 题",
                                 "label": next((label for label, t in interview.targets() if t == step_id), "")},
                                headers=_NO_STORE)

    async def state(request: Request) -> Response:
        """Polled by the page: whether the file changed on disk in a way the page has not seen."""
        name = request.path_params["name"]
        path = security.confined(server.folder, name)
        seen = request.query_params.get("v")
        with server.lock:
            disk = _disk(path)
            report = server.reports.get(name)
            if report is not None and report.interview is not None:
                reload = disk != report.seen or seen not in report.lineage
            else:
                reload = seen != version_of(disk)
            return JSONResponse({"reload": reload}, headers=_NO_STORE)

    async def pages(request: Request) -> Response:
        """The exact page view: the pages of the real DOCX → PDF render as images."""
        name = request.path_params["name"]
        path = security.confined(server.folder, name)
        if not path.exists():
            raise Refused("找不到这份报告。", 404)
        if not _has_soffice():
            return server.page("pages.html", name=name, rendered=None, problems=[
                "这台电脑没有安装 LibreOffice，不能按实际分页查看。可以下载 DOCX，在 Word 或 WPS 中查看分页。"])
        try:
            rendered = await run_in_threadpool(server.pages.render, path)
        except DrafterError as exc:
            problems = [server.scrub(f.message) for f in exc.findings] or [server.scrub(exc.message)]
            return server.page("pages.html", name=name, rendered=None, problems=problems)
        return server.page("pages.html", name=name, rendered=rendered, problems=[])

    async def page_image(request: Request) -> Response:
        security.confined(server.folder, request.path_params["name"])
        rendered = server.pages.get(request.path_params["digest"])
        number = request.path_params["number"]
        if rendered is None or not 1 <= number <= len(rendered.pages):
            raise Refused("这一页的图片已经过期，请刷新页面。", 404)
        return Response(rendered.pages[number - 1], media_type="image/png",
                        headers={"Cache-Control": "private, max-age=86400"})

    async def preview(request: Request) -> Response:
        from drafter.factfile.model import parse_facts
        from drafter.web.export import body_html

        name = request.path_params["name"]
        path = security.confined(server.folder, name)
        if not path.exists():
            raise Refused("找不到这份报告。", 404)
        try:
            text = read_fact_text(path)  # says in Chinese why a file cannot be read
            loaded = parse_facts(with_outline(text, server.spec), name)
        except DrafterError as exc:
            return server.page("preview.html", name=name, body=None,
                               findings=[server.scrub(f.message) for f in exc.findings] or [server.scrub(exc.message)])
        return server.page("preview.html", name=name, body=body_html(loaded.facts), findings=[])

    async def download(request: Request) -> Response:
        from drafter.factfile.model import load_facts

        name = request.path_params["name"]
        what = request.path_params["what"]
        path = security.confined(server.folder, name)
        if not path.exists():
            raise Refused("找不到这份报告。", 404)
        stem = path.stem
        if what in ("public.html", "public.txt"):
            from drafter.web.export import public_html, public_text

            facts = load_facts(path).facts
            if what == "public.html":
                return Response(public_html(facts), media_type="text/html; charset=utf-8", headers=_attachment(
                    f"{stem}-公开版.html"))
            return PlainTextResponse(public_text(facts), headers=_attachment(f"{stem}-公开版.txt"))
        if what not in ("docx", "pdf"):
            raise Refused("没有这种下载。", 404)
        from drafter.pipeline import run

        result = await run_in_threadpool(run, path)
        if what == "docx":
            return FileResponse(result.output, filename=f"{stem}.docx", headers=_NO_STORE,
                                media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        from drafter.docx.libreoffice import convert_to_pdf, find_soffice

        if find_soffice() is None:
            raise Refused("这台电脑没有安装 LibreOffice，不能生成 PDF；请下载 DOCX 后在 Word 或 WPS 中另存为 PDF。", 404)
        pdf = await run_in_threadpool(convert_to_pdf, result.output, result.output.with_suffix(".pdf"))
        return FileResponse(pdf, media_type="application/pdf", headers={
            **_NO_STORE, "Content-Disposition": f"inline; filename*=UTF-8''{_q(stem)}.pdf"})

    routes = [
        Route("/", home),
        Route("/new", new_report, methods=["POST"]),
        Route("/carry", carry, methods=["POST"]),
        Route("/import", import_report, methods=["POST"]),
        Route("/r/{name}", report_page),
        Route("/r/{name}/answer", answer, methods=["POST"]),
        Route("/r/{name}/back", back, methods=["POST"]),
        Route("/r/{name}/jump", jump, methods=["POST"]),
        Route("/r/{name}/save", save, methods=["POST"]),
        Route("/r/{name}/state", state),
        Route("/r/{name}/pages", pages),
        Route("/r/{name}/pages/{digest}/{number:int}.png", page_image),
        Route("/r/{name}/preview", preview),
        Route("/r/{name}/download/{what}", download),
        Mount("/static", app=StaticFiles(packages=[("drafter.web", "static")]), name="static"),
    ]

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        if "application/json" in request.headers.get("accept", ""):  # the page's own requests (autosave)
            return JSONResponse({"saved": False, "problem": exc.message}, status_code=exc.status, headers=_NO_STORE)
        return server.page("error.html", status=exc.status, message=exc.message)

    async def drafter_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DrafterError)
        lines = [server.scrub(exc.message)] + [server.scrub(f.message) for f in exc.findings[:20]]
        return server.page("error.html", status=422, message="\n".join(lines))

    async def http_error(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 500)
        message = {404: "找不到这个页面。", 405: "不支持这种请求方式。"}.get(code, "请求无法处理。")
        return await refused(request, Refused(message, code))

    async def bug(request: Request, exc: Exception) -> Response:
        return server.page("error.html", status=500,
                           message="drafter 内部出错（这不是你的输入造成的）。已填写的内容都保存在事实文件中，请刷新页面重试，并报告这个问题。")

    app = Starlette(routes=routes, exception_handlers={
        Refused: refused, DrafterError: drafter_error, HTTPException: http_error, Exception: bug})
    return Guard(app, server)  # type: ignore[return-value]


_NO_STORE = {"Cache-Control": "no-store"}


@functools.cache
def _has_soffice() -> bool:
    from drafter.docx.libreoffice import find_soffice

    return find_soffice() is not None


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{_q(filename)}", **_NO_STORE}


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _free_name(folder: Path, first: str, stem: str) -> str:
    if not (folder / first).exists():
        return first
    for n in range(2, 1000):
        candidate = f"{stem}-{n}.yaml" if n > 2 else f"{stem}.yaml"
        if not (folder / candidate).exists():
            return candidate
    raise Refused("文件夹中同名的报告太多，请先整理。")


class Guard:
    """Before any route: the Host header must name this server (no DNS rebinding), and off the
    loopback address every request needs the access token (from the URL once, then a cookie)."""

    def __init__(self, app: ASGIApp, server: Server) -> None:
        self.app, self.server = app, server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        server = self.server
        if server.token is None:
            host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
            if not security.is_loopback(host):
                await server.page("error.html", status=403, message="只接受本机地址（127.0.0.1 或 localhost）的访问。")(
                    scope, receive, send)
                return
        else:
            given = request.query_params.get("token")
            if given is not None and security.same(given, server.token):
                response = RedirectResponse(request.url.path, status_code=303)
                response.set_cookie(TOKEN_COOKIE, server.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            if not security.same(request.cookies.get(TOKEN_COOKIE), server.token):
                await server.page("error.html", status=403,
                                  message="需要访问码：请使用启动 drafter serve 时显示的完整网址（含 token=…）打开。")(
                    scope, receive, send)
                return
        await self.app(scope, receive, send)
