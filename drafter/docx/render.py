"""Facts -> DOCX through the docxtpl template in templates/, saved atomically.

The template owns the look (styles, page setup, page numbers); layout.py owns the
order and numbering; this module only joins them, places the signature block and
protects a DOCX the clerk may have edited by hand since the last build.

The built-in template is filled from its compiled snippets (drafter.docx.compiled), so a build
imports docxtpl, python-docx and jinja2 only to compile it once or for a user's `--template`:
those imports stay inside the functions that need them.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from drafter import TYPE_CHECKING
from drafter.docx.archive import check_archive
from drafter.docx.compiled import MAX_PROPERTY, PLACED, fill
from drafter.docx.layout import Block, layout
from drafter.docx.package import (
    BLANK_DIGEST,
    STAMP_PREFIX,
    BuildResult,
    is_unedited_build,
    package_digest,
    write_build,
)
from drafter.docx.spec import format_spec
from drafter.errors import InputFileError, TemplateFileError
from drafter.factfile.source import LoadedFacts
from drafter.resources import template_path
from drafter.text.width import text_width

if TYPE_CHECKING:
    from typing import Any

    from docxtpl import DocxTemplate

    from drafter.factfile.model import Facts

__all__ = ["BuildResult", "build", "is_unedited_build", "probe_package", "render_docx"]



_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")
_MISSING_KEY = re.compile(r"has no attribute '([^']+)'$")


def _undefined_in_chinese(text: str) -> str:
    """Jinja's "'agency' is undefined" / "'dict object' has no attribute 'x'" said in Chinese, with the name."""
    if m := _UNDEFINED_NAME.match(text):
        return f"模板渲染失败：模板用到了不存在的变量“{m[1]}”"
    if m := _MISSING_KEY.search(text):
        return f"模板渲染失败：模板用到了不存在的内容“{m[1]}”"
    return "模板渲染失败"


def render_docx(facts: Facts, *, template: Path | None = None, fonts: str | None = None) -> bytes:
    """The DOCX of `factfile.model` as bytes (nothing is written): the built-in template from its
    compiled snippets (drafter.docx.compiled), a user's template with docxtpl."""
    if template is None:
        blocks = layout(facts)
        data = fill(facts, blocks, fonts or facts.fonts)
        if data is not None:
            return data
    return render_with_docxtpl(facts, template=template, fonts=fonts)


def render_with_docxtpl(facts: Facts, *, template: Path | None = None, fonts: str | None = None) -> bytes:
    """The DOCX rendered by docxtpl and python-docx (a user's template; what the compiled template is made from)."""
    from jinja2 import TemplateError, UndefinedError
    from jinja2.sandbox import SecurityError

    from drafter.docx.jinjaenv import RenderGuard, TemplateLimitError, environment, plain_context

    blocks = layout(facts)
    where = template or template_path("report.docx")
    tpl = _load_template(where, fonts or facts.fonts, facts.bold_headings)
    try:
        if template is None:
            tpl.render({"blocks": blocks, "facts": facts}, environment(sandboxed=False))
        else:  # a user's template: plain data, bounded in time, memory and output
            context = plain_context({"blocks": blocks, "facts": facts})
            with RenderGuard():
                tpl.render(context, environment(sandboxed=True))
    except TemplateLimitError as exc:
        raise TemplateFileError(
            f"{where}：模板渲染超出了限制（{exc}），出于安全考虑已拒绝渲染。"
            "请检查模板中的循环和重复（正常的报告模板渲染不到一秒）。"
        ) from None
    except SecurityError as exc:
        raise TemplateFileError(
            f"{where}：模板中含有不允许的表达式（例如访问以“_”开头的内部属性或生成过大的内容），"
            f"出于安全考虑已拒绝渲染（{exc}）。"
        ) from None
    except UndefinedError as exc:
        raise TemplateFileError(
            f"{where}：{_undefined_in_chinese(str(exc))}（{exc}）。模板中可用的变量只有 facts（事实文件，例如 {{{{ facts.agency.name }}}}、"
            f"{{{{ facts.year }}}}）和 blocks（排好的各段），请检查模板中的 {{{{ }}}} 与 {{% %}} 标记。"
        ) from None
    except TemplateError as exc:
        raise TemplateFileError(f"{where}：模板渲染失败（{exc}）。请检查模板中的 {{{{ }}}} 与 {{% %}} 标记。") from None
    except Exception as exc:
        if template is None:
            raise  # our own template failing is a bug: keep the traceback
        # A user's template can call methods that fail (1 // 0, range(10**9)): its error, not ours.
        raise TemplateFileError(
            f"{where}：模板中的表达式出错（{type(exc).__name__}：{exc}）。请检查模板中的 {{{{ }}}} 与 {{% %}} 标记。"
        ) from None
    _place_blocks(tpl, blocks)
    _set_line_heights(tpl, blocks)
    props = tpl.docx.core_properties
    props.title = facts.effective_title().replace("\n", "")[:MAX_PROPERTY]
    props.author = facts.effective_signature()[:MAX_PROPERTY]
    props.subject = f"{facts.year}年度法治政府建设年度报告"
    # Record a hash of every part so a rebuild can tell its own output from a hand-edited file:
    # save once with a blank stamp, hash the package, save again with the stamp filled in.
    import zipfile

    props.identifier = STAMP_PREFIX + BLANK_DIGEST
    buffer = io.BytesIO()
    tpl.save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        digest = package_digest((name, zf.read(name)) for name in zf.namelist())
    props.identifier = STAMP_PREFIX + digest
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def build(facts_path: Path | str, output: Path | str | None = None, *, template: Path | None = None,
          fonts: str | None = None, loaded: LoadedFacts | None = None) -> BuildResult:
    """Load, validate and build; keeps a backup of a previous DOCX that was edited by hand."""
    facts_path = Path(facts_path)
    if loaded is None:
        from drafter.factfile.model import load_facts

        loaded = load_facts(facts_path)
    facts = loaded.facts
    return write_build(facts_path, output, lambda: render_docx(facts, template=template, fonts=fonts))


def probe_package(blocks: list[Block], fonts: str, bold_headings: bool, props: dict[str, str]) -> bytes:
    """The built-in template rendered with `blocks` as they are (nothing placed) and the core
    properties `props`, saved once: what drafter.docx.compiled cuts its snippets from."""
    from drafter.docx.jinjaenv import environment

    tpl = _load_template(template_path("report.docx"), fonts, bold_headings)
    tpl.render({"blocks": blocks, "facts": None}, environment(sandboxed=False))
    core = tpl.docx.core_properties
    core.title, core.author, core.subject = props["title"], props["author"], props["subject"]
    core.identifier = props["identifier"]
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def _load_template(path: Path, fonts: str, bold_headings: bool) -> DocxTemplate:
    """A fresh copy of the template with the styles of `fonts` applied, parsed from cached bytes."""
    try:
        stat = path.stat()
    except OSError:
        raise InputFileError(f"{path}：找不到模板文件。") from None
    if not path.is_file():
        raise InputFileError(f"{path}：找不到模板文件。")
    data = _styled_template(str(path.resolve()), stat.st_mtime_ns, stat.st_size, fonts, bold_headings)
    tpl = _template_class()(io.BytesIO(data))
    tpl.init_docx()
    return tpl


_PLACEHOLDER = re.compile(rb"\{\{|\{%")


def _require_placeholders(path: Path, data: bytes) -> None:
    """A template without one {{ }} or {% %} would build a DOCX with none of the facts: refuse it."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("word/") and name.endswith(".xml") and _PLACEHOLDER.search(
                    re.sub(rb"<[^>]*>", b"", zf.read(name))):
                return
    raise TemplateFileError(f"{path}：模板中没有任何 {{{{ }}}} 或 {{% %}} 标记，生成的文档不会含有事实文件中的任何内容。"
                            "请在 drafter 自带的模板（templates/report.docx）的副本上修改样式。")


@lru_cache(maxsize=1)
def _template_class() -> type[DocxTemplate]:
    """docxtpl's template with patch_xml memoised: it cleans the same template XML on every render."""
    from docxtpl import DocxTemplate

    class _Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            return _patched_xml(src_xml)

    return _Template


@lru_cache(maxsize=16)
def _patched_xml(src_xml: str) -> str:
    from docxtpl import DocxTemplate

    patched: str = DocxTemplate.patch_xml(None, src_xml)  # a pure function of the XML: it never uses self
    return patched


@lru_cache(maxsize=8)
def _styled_template(path: str, mtime_ns: int, size: int, fonts: str, bold_headings: bool) -> bytes:
    """Template bytes with the styles applied; keyed by mtime so an edited template is reloaded."""
    from docxtpl import DocxTemplate

    from drafter.docx.ooxml import apply_styles

    check_archive(Path(path), path)
    tpl = DocxTemplate(path)
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateFileError(f"{path}：模板不是有效的 DOCX 文件（{type(exc).__name__}）。") from None
    apply_styles(tpl.docx, fonts, bold_headings)
    buffer = io.BytesIO()
    tpl.docx.save(buffer)
    if Path(path) != template_path("report.docx").resolve():
        _require_placeholders(Path(path), buffer.getvalue())
    return buffer.getvalue()


def _place_blocks(tpl: DocxTemplate, blocks: list[Block]) -> None:
    """Set the computed indents of 署名, 成文日期 and 附件说明 (they differ per report), and
    squeeze a 发文机关标志 that is wider than the type area."""
    from docx.oxml.ns import qn

    from drafter.docx.ooxml import set_alignment, set_indent

    spec = format_spec()
    pitch = spec.char_pitch_twips
    style_ids = {tpl.docx.styles[spec.style_name(kind)].style_id: kind for kind in PLACED}
    queues = {kind: [b for b in blocks if b.kind == kind] for kind in PLACED}
    for paragraph in tpl.docx.element.body.iter(qn("w:p")):
        ppr = paragraph.pPr
        if ppr is None or ppr.pStyle is None:
            continue
        kind = style_ids.get(ppr.pStyle.val)
        if kind is None or not queues[kind]:
            continue
        block = queues[kind].pop(0)
        if kind == "lh_name":
            _fit_width(paragraph, block.text, spec.styles[kind].size_pt * 20, spec.type_width_twips)
            continue
        if block.right_chars is not None:
            set_indent(ppr, right_twips=round(block.right_chars * pitch), first_line_chars=0)
            set_alignment(ppr, "right")
            continue
        if block.indent_chars is None:
            continue
        left = round(block.indent_chars * pitch)
        hanging = round(block.hanging_chars * pitch) if block.hanging_chars else None
        set_indent(ppr, left_twips=left, hanging_twips=hanging, first_line_chars=0)


def _set_line_heights(tpl: DocxTemplate, blocks: list[Block]) -> None:
    """The keep-with-next ties of the signature block and the adjusted line height of its page
    (layout.keep_signature_with_text). One paragraph per block up to the 版记 (whose frame
    makes several)."""
    from docx.oxml.ns import qn

    from drafter.docx.ooxml import set_exact_spacing, set_keep_next

    paragraphs = tpl.docx.element.body.iterchildren(qn("w:p"))
    for block, paragraph in zip(blocks, paragraphs, strict=False):
        if block.kind == "imprint":
            return
        if block.line_twips is not None:
            set_exact_spacing(paragraph.get_or_add_pPr(), block.line_twips)
        if block.keep_next:
            set_keep_next(paragraph.get_or_add_pPr())


def _fit_width(paragraph: Any, text: str, char_twips: float, width_twips: int) -> None:
    """Scale the characters horizontally (w:w) so that one line of `text` fits `width_twips`."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    natural = text_width(text) * char_twips
    if natural <= width_twips:
        return
    percent = str(int(100 * width_twips / natural))
    for run in paragraph.iter(qn("w:r")):
        rpr = run.get_or_add_rPr()
        scale = rpr.find(qn("w:w"))
        if scale is None:
            scale = OxmlElement("w:w")
            rpr.append(scale)
        scale.set(qn("w:val"), percent)
