"""Facts -> DOCX through the docxtpl template in templates/, saved atomically.

The template owns the look (styles, page setup, page numbers); layout.py owns the
order and numbering; this module only joins them, places the signature block and
protects a DOCX the clerk may have edited by hand since the last build.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .docxformat import apply_styles, format_spec, set_alignment, set_indent, set_keep_next
from .errors import TemplateFileError
from .facts import Facts, LoadedFacts, load_facts
from .fsutil import atomic_write_bytes, make_backup
from .layout import Block, layout
from .resources import template_path
from .textwidth import text_width

#: Written into docProps/core.xml so a rebuild can tell its own output from a hand-edited file.
_STAMP_PREFIX = "drafter:sha256:"
_PLACED = ("signature", "date", "attach", "lh_name")


@dataclass
class BuildResult:
    output: Path
    backup: Path | None  # where a hand-edited previous DOCX was saved, if any


def default_output(facts_path: Path) -> Path:
    return facts_path.with_suffix(".docx")


def render_docx(facts: Facts, *, template: Path | None = None, fonts: str | None = None) -> bytes:
    """The DOCX of `facts` as bytes (nothing is written)."""
    blocks = layout(facts)
    tpl = _load_template(template)
    apply_styles(tpl.docx, fonts or facts.fonts, facts.bold_headings)
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render({"blocks": blocks, "facts": facts}, env)
    except TemplateError as exc:
        where = template or template_path("report.docx")
        raise TemplateFileError(f"{where}：模板渲染失败（{exc}）。请检查模板中的 {{{{ }}}} 与 {{% %}} 标记。") from None
    _place_blocks(tpl, blocks)
    _keep_signature_with_body(tpl)
    props = tpl.docx.core_properties
    props.title = facts.effective_title().replace("\n", "")
    props.author = facts.effective_signature()
    props.subject = f"{facts.year}年度法治政府建设年度报告"
    props.identifier = ""
    buffer = io.BytesIO()
    tpl.save(buffer)
    return _stamp(buffer.getvalue())


def build(facts_path: Path | str, output: Path | str | None = None, *, template: Path | None = None,
          fonts: str | None = None, loaded: LoadedFacts | None = None) -> BuildResult:
    """Load, validate and build; keeps a backup of a previous DOCX that was edited by hand."""
    facts_path = Path(facts_path)
    loaded = loaded or load_facts(facts_path)
    out = Path(output) if output else default_output(facts_path)
    data = render_docx(loaded.facts, template=template, fonts=fonts)
    backup = make_backup(out) if out.exists() and not is_unedited_build(out) else None
    atomic_write_bytes(out, data)
    return BuildResult(out, backup)


def _load_template(template: Path | None) -> DocxTemplate:
    path = template or template_path("report.docx")
    if not path.is_file():
        raise TemplateFileError(f"{path}：找不到模板文件。")
    tpl = DocxTemplate(str(path))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateFileError(f"{path}：模板不是有效的 DOCX 文件（{type(exc).__name__}）。") from None
    return tpl


def _place_blocks(tpl: DocxTemplate, blocks: list[Block]) -> None:
    """Set the computed indents of 署名, 成文日期 and 附件说明 (they differ per report), and
    squeeze a 发文机关标志 that is wider than the type area."""
    spec = format_spec()
    pitch = spec.char_pitch_twips
    style_ids = {tpl.docx.styles[spec.style_name(kind)].style_id: kind for kind in _PLACED}
    queues = {kind: [b for b in blocks if b.kind == kind] for kind in _PLACED}
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


def _keep_signature_with_body(tpl: DocxTemplate) -> None:
    """Keep 署名 with the date and with the last line of text above it (keepNext).

    A signature alone at the top of a page is not allowed (GB/T 9704-2012 7.3.5.4: adjust
    the spacing instead, never "此页无正文"); moving the last line of text along keeps the
    block on a page that has text.
    """
    name = format_spec().style_name("signature")
    style_id = tpl.docx.styles[name].style_id
    for paragraph in tpl.docx.element.body.iter(qn("w:p")):
        ppr = paragraph.pPr
        if ppr is None or ppr.pStyle is None or ppr.pStyle.val != style_id:
            continue
        chain = [paragraph]
        previous = paragraph.getprevious()
        while previous is not None and previous.tag == qn("w:p"):
            chain.append(previous)
            if "".join(previous.itertext()).strip():
                break
            previous = previous.getprevious()
        for p in chain:
            set_keep_next(p.get_or_add_pPr())
        return


def _fit_width(paragraph, text: str, char_twips: float, width_twips: int) -> None:
    """Scale the characters horizontally (w:w) so that one line of `text` fits `width_twips`."""
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


def _document_hash(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return hashlib.sha256(zf.read("word/document.xml")).hexdigest()


def _stamp(data: bytes) -> bytes:
    """Record the hash of the body in core.xml's identifier (the body itself is unchanged)."""
    digest = _document_hash(data)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = blob.replace(b"<dc:identifier></dc:identifier>", b"")
                blob = blob.replace(b"<dc:identifier/>", b"")
                blob = blob.replace(
                    b"</cp:coreProperties>",
                    f"<dc:identifier>{_STAMP_PREFIX}{digest}</dc:identifier></cp:coreProperties>".encode(),
                )
            dst.writestr(info, blob)
    return out.getvalue()


def is_unedited_build(path: Path) -> bool:
    """True when `path` is a DOCX this tool wrote and nobody has changed since."""
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
        start = core.find(_STAMP_PREFIX)
        if start < 0:
            return False
        recorded = core[start + len(_STAMP_PREFIX): start + len(_STAMP_PREFIX) + 64]
        return recorded == _document_hash(data)
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
