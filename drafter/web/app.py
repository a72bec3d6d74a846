"""`drafter serve`: the interview in a local web page, a second driver of drafter.interview.engine.

Each report (fact file) in the folder gets one `Interview` held in memory; a page shows its
current step, a form posts the answer (validated and saved by the engine through the round-trip
writer, so comments and hand edits survive), 上一步 calls `back()`, the outline calls `jump()`,
and what is being typed is kept as the engine's draft (debounced by the page, and once more when
the tab is closed), so a reopened tab or a restarted server shows it again.

The file on disk is the truth: before every action the server compares it with the text it last
saw; a hand edit is loaded (the page polls and reloads), and an answer posted against the old
text is never written over it: it is kept as the draft of its question and the user is told.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import tempfile
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
from drafter.fsutil import atomic_write_bytes
from drafter.interview.drafts import Drafts
from drafter.interview.engine import Interview, Slot
from drafter.interview.questions import Spec, load_spec
from drafter.text.numerals import small_int
from drafter.web import security
from drafter.web.security import Refused

CSRF_FIELD = "csrf"
TOKEN_COOKIE = "drafter_token"
_ITEM = re.compile(r"\[(\d+)\]")
_TERMINAL_HINT = re.compile(r"（要修改已答内容，可按 PgUp[^）]*）")


@dataclass
class Report:
    """One fact file and the interview over it."""

    path: Path
    interview: Interview | None = None
    seen: str | None = None  # the file's text when this server last read or wrote it
    notices: list[str] = field(default_factory=list)
    error: str = ""
    findings: list[Finding] = field(default_factory=list)


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
            report.notices.append("这份报告的文件刚在别处被修改过（例如用文本编辑器），页面已载入修改后的内容。")

    def saved(self, report: Report) -> None:
        report.seen = _disk(report.path)

    def scrub(self, text: str) -> str:
        return security.scrub(text, self.folder, Path(tempfile.gettempdir()))

    def for_page(self, note: str) -> str:
        """An engine note as the page says it: the terminal's keys become the page's buttons."""
        note = _TERMINAL_HINT.sub("（要修改已答内容，可点“上一步”或左侧目录中的问题）", note)
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
                row["status"], row["level"] = f"无法打开：{self.scrub(exc.message)}", "error"
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


def with_draft(interview: Interview, spec: Spec) -> str | None:
    """The fact file's text as it would be with the text being typed at the current question
    (kept as a draft, not yet submitted), so the preview follows the typing; None without a draft."""
    import copy
    import io

    from drafter.factfile.document import paragraphs_value, round_trip_yaml

    step = interview.current
    if step is None or not step.draft or step.question is None or step.kind not in ("line", "paragraphs"):
        return None
    data = copy.deepcopy(interview.doc.data)
    segments = step.id.split("/")
    try:
        part = spec.part(segments[0])
    except StopIteration:
        return None
    node: Any = data
    if part.target != "root":
        sections = data.setdefault("sections", [])
        node = next((s for s in sections if isinstance(s, dict) and s.get("kind") == part.target), None)
        if node is None:
            node = {"kind": part.target}
            sections.append(node)
    for segment in segments[1:-1]:
        match = re.fullmatch(r"(.+)\[(\d+)\]", segment)
        if match is None or not isinstance(node, dict):
            return None
        items = node.setdefault(match.group(1), [])
        index = int(match.group(2))
        if not isinstance(items, list) or index > len(items):
            return None
        if index == len(items):
            items.append({})  # the entry being added
        node = items[index]
    text = str(step.default or "")
    value: Any = paragraphs_value([p.strip() for p in text.split("\n") if p.strip()]) \
        if step.kind == "paragraphs" else text.strip()
    keys = step.question.key.split(".")
    for key in keys[:-1]:
        if not isinstance(node, dict):
            return None
        node = node.setdefault(key, {})
    if not isinstance(node, dict):
        return None
    year = small_int(str(value)) if keys[-1] == "year" else None
    node[keys[-1]] = year if year is not None else value
    buffer = io.StringIO()
    round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


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
    from drafter.review.checks import check_file

    try:
        return check_file(path)[1]
    except DrafterError as exc:
        return list(exc.findings)


# --- the application ---------------------------------------------------------------------------------


def create_app(server: Server) -> Starlette:  # noqa: C901 - the routes read best together
    # python-multipart logs each malformed upload in English before raising; the page says it in Chinese
    logging.getLogger("python_multipart").setLevel(logging.ERROR)

    async def form(request: Request) -> Any:
        length = request.headers.get("content-length")
        size = small_int(length) if length else None
        if length and (size is None or size > security.MAX_UPLOAD + 65536):  # 5,000 digits: too large too
            raise Refused("上传的文件太大（不能超过 10 MB）。", 413)
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
        server.report(name).notices.append(
            f"已从“{original}”导入为 {name}。请对照原文核对标题、各部分和小标题层级"
            + (f"（导入时有 {found} 处需要核对，见右侧检查结果）。" if found else "。"))
        return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def report_page(request: Request) -> Response:
        name = request.path_params["name"]
        report = server.report(name)
        return render_report(report, name)

    def render_report(report: Report, name: str, *, error: str = "", typed: str | None = None,
                      status: int = 200) -> Response:
        if report.interview is None:
            return server.page("broken.html", status=200, name=name, error=report.error, findings=report.findings,
                               version=version_of(report.seen))
        interview = report.interview
        step = interview.current
        notes = [server.for_page(n) for n in interview.take_notes() if n.strip()]
        notices, report.notices = report.notices, []
        findings = server.located(_findings(report.path)) if report.path.exists() else []
        value = step.default if step is not None else None
        if typed is not None:
            value = typed
        data = interview.doc.data
        agency = data.get("agency")
        outline = interview.targets()
        return server.page(
            "report.html", status=status, name=name, step=step, value=value, error=error, notes=notes,
            notices=notices, parts=_part_progress(interview, server.spec), outline=outline,
            field_findings=findings_at(step.id, findings, interview, server.spec) if step else [],
            flagged={t for _, t in outline if t and findings_at(t, findings, interview, server.spec)},
            findings=findings,
            agency=agency.get("name", "") if isinstance(agency, dict) else "", year=data.get("year", ""),
            version=version_of(report.seen), progress=interview.progress())

    async def answer(request: Request) -> Response:
        name = request.path_params["name"]
        data = await form(request)
        report = server.reports.get(name)
        stale = report is not None and report.interview is not None and _disk(report.path) != report.seen
        step_id = _text(data.get("step")) or ""
        typed = _text(data.get("value"))
        if stale and report is not None:
            # the file was edited elsewhere since the page was shown: load it, keep what was typed as a draft
            if typed and report.interview is not None and report.interview.current is not None \
                    and report.interview.current.id == step_id:
                report.interview.keep_draft(typed)
            server.load(report, changed=True)
            if typed:
                report.notices.append("你刚才提交的内容没有写入文件（以免覆盖别处的修改），已保留在输入框中，请核对后再提交。")
            return RedirectResponse(f"/r/{_q(name)}", status_code=303)
        report = server.report(name)
        interview = report.interview
        if interview is None or interview.current is None or interview.current.id != step_id:
            return RedirectResponse(f"/r/{_q(name)}", status_code=303)  # an old page: show the current step
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
        report.notices.extend(server.for_page(n) for n in outcome.notes if n.strip())
        return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def back(request: Request) -> Response:
        name = request.path_params["name"]
        await form(request)
        report = server.report(name)
        if report.interview is not None:
            report.interview.back()
        return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def jump(request: Request) -> Response:
        name = request.path_params["name"]
        data = await form(request)
        report = server.report(name)
        target = _text(data.get("target")) or ""
        if report.interview is not None and target:
            if target not in {t for _, t in report.interview.targets() if t}:
                raise Refused("找不到要跳转的问题（报告可能刚被修改），请刷新页面。", 404)
            report.interview.jump(target)
        return RedirectResponse(f"/r/{_q(name)}", status_code=303)

    async def draft(request: Request) -> Response:
        name = request.path_params["name"]
        data = await form(request)
        report = server.reports.get(name)
        if report is None or report.interview is None:
            return JSONResponse({"saved": False, "reload": True})
        text = _text(data.get("value")) or ""
        step = report.interview.current
        if step is None or step.id != (_text(data.get("step")) or "") or step.kind not in ("line", "paragraphs"):
            return JSONResponse({"saved": False, "reload": True})
        report.interview.keep_draft(text)
        step.default, step.draft = text, True
        changed = _disk(report.path) != report.seen
        return JSONResponse({"saved": True, "reload": changed, "version": version_of(report.seen)})

    async def state(request: Request) -> Response:
        name = request.path_params["name"]
        path = security.confined(server.folder, name)
        return JSONResponse({"version": version_of(_disk(path))}, headers={"Cache-Control": "no-store"})

    async def preview(request: Request) -> Response:
        from drafter.factfile.model import parse_facts
        from drafter.web.export import body_html

        name = request.path_params["name"]
        path = security.confined(server.folder, name)
        if not path.exists():
            raise Refused("找不到这份报告。", 404)
        report = server.reports.get(name)
        typed = None
        if request.query_params.get("live") and report is not None and report.interview is not None \
                and _disk(path) == report.seen:
            typed = with_draft(report.interview, server.spec)
        try:
            if typed is None:
                typed = read_fact_text(path)  # says in Chinese why a file cannot be read
            loaded = parse_facts(with_outline(typed, server.spec), name)
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
        report = server.reports.get(name)
        if report is not None:
            server.saved(report)  # the build does not change the fact file; keep the versions in step
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
        Route("/r/{name}/draft", draft, methods=["POST"]),
        Route("/r/{name}/state", state),
        Route("/r/{name}/preview", preview),
        Route("/r/{name}/download/{what}", download),
        Mount("/static", app=StaticFiles(packages=[("drafter.web", "static")]), name="static"),
    ]

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return server.page("error.html", status=exc.status, message=exc.message)

    async def drafter_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DrafterError)
        lines = [server.scrub(exc.message)] + [server.scrub(f.message) for f in exc.findings[:20]]
        return server.page("error.html", status=422, message="\n".join(lines))

    async def http_error(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 500)
        message = {404: "找不到这个页面。", 405: "不支持这种请求方式。"}.get(code, "请求无法处理。")
        return server.page("error.html", status=code, message=message)

    async def bug(request: Request, exc: Exception) -> Response:
        return server.page("error.html", status=500,
                           message="drafter 内部出错（这不是你的输入造成的）。已填写的内容都保存在事实文件中，请刷新页面重试，并报告这个问题。")

    app = Starlette(routes=routes, exception_handlers={
        Refused: refused, DrafterError: drafter_error, HTTPException: http_error, Exception: bug})
    return Guard(app, server)  # type: ignore[return-value]


_NO_STORE = {"Cache-Control": "no-store"}


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
