"""The built-in template compiled once into XML snippets: a build fills them and writes the zip.

Rendering templates/report.docx with docxtpl costs a fifth of a second of imports (python-docx,
lxml, docxtpl, jinja2) and ~20 ms a report, yet every paragraph of a kind comes out the same
but for its text. Compiling renders one probe document per kind through render.py's own path
(text fields replaced by sentinels), cuts out each kind's paragraphs, the parts before and
after the body, docProps/core.xml and every other member (already compressed). `fill` then
puts each block's escaped text into its kind's snippet, makes the few paragraph changes
render.py makes through python-docx (the placed indents, the signature page's line heights,
the squeezed 发文机关标志), stamps the package and writes the zip: the same parts, byte for
byte, as the docxtpl path (tests/docx/test_compiled.py compares them on the examples and on
generated fact files).

The compiled form is cached on disk (the per-user cache folder) under a key over the template,
the format data, the code that shapes the output, the drafter and Python versions and the
installed python-docx, docxtpl and lxml; a cache
that cannot be read, or is corrupt, is rebuilt; one that cannot be written costs a compile per
process. Anything the snippets were not made for (a kind without a probe, a character XML cannot
hold) returns None and the caller renders with docxtpl.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from functools import cache
from pathlib import Path

from drafter import TYPE_CHECKING, __version__
from drafter.docx.package import (
    BLANK_DIGEST,
    CORE,
    STAMP_PREFIX,
    Member,
    deflate,
    package_digest,
    sha256,
    write_zip,
)
from drafter.docx.spec import PPR_ORDER, format_spec
from drafter.errors import DrafterError
from drafter.fsutil import write_cache_file
from drafter.records import Frozen
from drafter.resources import template_path
from drafter.text.patterns import NOT_XML_CHARS
from drafter.text.width import text_width

if TYPE_CHECKING:
    from typing import Any

    from drafter.docx.layout import Block
    from drafter.factfile.model import Facts

DOCUMENT = "word/document.xml"
#: Kinds with one prototype each in templates/report.docx ("body" stands for the template's else branch).
KINDS = ("title", "docno", "to", "h1", "h2", "h3", "h4", "runin2", "runin3", "runin4", "attach", "signature",
         "date", "note", "attach_label", "attach_title", "lh_space", "lh_name", "lh_docno", "blank", "body")
#: The kinds whose paragraphs are placed after rendering (render._place_blocks, and fill below).
PLACED = ("signature", "date", "attach", "lh_name")
#: Bump when the compiled form or the way it is filled changes.
FORMAT = 1
#: python-docx refuses longer core properties; the text in the body is never shortened.
MAX_PROPERTY = 255
#: The files whose content shapes the output: a change to any of them recompiles.
_SOURCES = ("report.docx", "format.yaml", "fonts.yaml")
_CODE = ("render.py", "ooxml.py", "compiled.py", "package.py", "jinjaenv.py")

_FIELD = "\ue000{}\ue000"
_FIELDS = re.compile("\ue000([tla])\ue000")
_PROPS = {"title": "\ue001t\ue001", "author": "\ue001a\ue001", "subject": "\ue001s\ue001",
          "identifier": STAMP_PREFIX + "\ue001i\ue001"}
_PROP_FIELDS = re.compile("\ue001([tasi])\ue001")
_PPR = re.compile(r"<w:pPr/>|<w:pPr>(.*?)</w:pPr>", re.S)
_PPR_CHILD = re.compile(r"<w:([A-Za-z]+)\b[^>]*?(?:/>|>.*?</w:\1>)", re.S)
_RANK = {tag.removeprefix("w:"): i for i, tag in enumerate(PPR_ORDER)}


class CompileError(Exception):
    """The template rendered in a way the snippets cannot reproduce (a bug: tests catch it)."""


class Compiled(Frozen):
    """The default template for one font profile, cut into what a build fills in."""

    __slots__ = ("head", "tail", "snippets", "br", "core", "members")

    def __init__(self, head: str, tail: str, snippets: dict[str, list[str]], br: str, core: list[str],
                 members: list[tuple[str, int, int, int, bytes, bytes]]) -> None:
        self.head = head  # document.xml up to and including <w:body>
        self.tail = tail  # from <w:sectPr to the end
        self.snippets = snippets  # kind (imprint: "imprint:<lead><text>") -> literal, field, literal, ...
        self.br = br  # what a line break inside a text becomes
        self.core = core  # docProps/core.xml: literal, property, literal, ...
        self.members = members  # name, method, crc, size, stored, plain (archive order)

    def to_bytes(self) -> bytes:
        return marshal.dumps((FORMAT, self.head, self.tail, self.snippets, self.br, self.core, self.members))

    @classmethod
    def from_bytes(cls, data: bytes) -> Compiled:
        form, head, tail, snippets, br, core, members = marshal.loads(data)  # noqa: S302 - our own cache file
        if form != FORMAT:
            raise ValueError("another format")
        return cls(head, tail, snippets, br, core, [tuple(m) for m in members])


# --- filling ----------------------------------------------------------------------------------------------


def fill(facts: Facts, blocks: list[Block], fonts: str) -> bytes | None:
    """The DOCX of `blocks` from the compiled default template, or None when it cannot be made here."""
    compiled = load(fonts, facts.bold_headings)
    spec = format_spec()
    pitch = spec.char_pitch_twips
    body: list[str] = []
    heights = True  # render._set_line_heights stops at the 版记
    for block in blocks:
        if block.kind == "imprint":
            heights = False
            key = f"imprint:{int(bool(block.lead))}{int(bool(block.text))}"
        else:
            key = block.kind
        pieces = compiled.snippets.get(key)
        if pieces is None or NOT_XML_CHARS.search(block.text + block.lead + block.aside):
            return None
        xml = _fill(pieces, {"t": block.text, "l": block.lead, "a": block.aside}, compiled.br)
        changes: dict[str, str] = {}
        if block.kind == "lh_name":
            xml = _fit_width(xml, block.text, spec.styles["lh_name"].size_pt * 20, spec.type_width_twips)
        elif block.kind in PLACED:
            if block.right_chars is not None:
                changes["ind"] = _ind(right=round(block.right_chars * pitch))
                changes["jc"] = '<w:jc w:val="right"/>'
            elif block.indent_chars is not None:
                hanging = round(block.hanging_chars * pitch) if block.hanging_chars else None
                changes["ind"] = _ind(left=round(block.indent_chars * pitch), hanging=hanging)
        if heights:
            if block.line_twips is not None:
                changes["spacing"] = (f'<w:spacing w:before="0" w:after="0" w:line="{block.line_twips}" '
                                      'w:lineRule="exact"/>')
            if block.keep_next:
                changes["keepNext"] = "<w:keepNext/>"
        if changes:
            xml = _change_ppr(xml, changes)
        body.append(xml)
    document = (compiled.head + "".join(body) + compiled.tail).replace(
        '<w:t xml:space="preserve"></w:t>', '<w:t xml:space="preserve"/>')  # lxml writes an empty text so
    title = facts.effective_title().replace("\n", "")[:MAX_PROPERTY]
    props = {"t": title, "a": facts.effective_signature()[:MAX_PROPERTY],
             "s": f"{facts.year}年度法治政府建设年度报告"}
    if NOT_XML_CHARS.search(title + props["a"]):
        return None
    parts = {DOCUMENT: document.encode("utf-8")}
    parts[CORE] = _core(compiled, props, BLANK_DIGEST)
    digest = package_digest([(name, parts.get(name, plain)) for name, _, _, _, _, plain in compiled.members])
    parts[CORE] = _core(compiled, props, digest)
    return write_zip(deflate(name, parts[name]) if name in parts else Member(name, method, crc, size, stored)
                     for name, method, crc, size, stored, _ in compiled.members)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fill(pieces: list[str], values: dict[str, str], br: str) -> str:
    out = [pieces[0]]
    for i in range(1, len(pieces), 2):
        out.append(_escape(values[pieces[i]]).replace("\n", br))
        out.append(pieces[i + 1])
    return "".join(out)


def _core(compiled: Compiled, props: dict[str, str], digest: str) -> bytes:
    values = {**props, "i": digest}
    return _fill(compiled.core, values, "").encode("utf-8")


def _ind(*, left: int | None = None, right: int | None = None, hanging: int | None = None) -> str:
    """ooxml.set_indent(…, first_line_chars=0) as XML."""
    attrs = ""
    if left is not None:
        attrs += f' w:left="{left}"'
    if right is not None:
        attrs += f' w:right="{right}"'
    attrs += f' w:hanging="{hanging}"' if hanging else ' w:firstLineChars="0" w:firstLine="0"'
    return f"<w:ind{attrs}/>"


def _change_ppr(xml: str, changes: dict[str, str]) -> str:
    """Set the children `changes` (tag -> element) of the first paragraph's pPr, in schema order."""
    found = _PPR.search(xml)
    if found is None:
        raise CompileError("a prototype paragraph without pPr")
    children = [(m.group(1), m.group()) for m in _PPR_CHILD.finditer(found.group(1) or "")]
    kept = [(tag, el) for tag, el in children if tag not in changes]
    added = [(tag, el) for tag, el in changes.items()]
    merged = sorted(kept + added, key=lambda child: _RANK.get(child[0], len(_RANK)))
    # python-docx appends what it adds, then sorts stably: an existing child keeps its place among equals
    ppr = "<w:pPr>" + "".join(el for _, el in merged) + "</w:pPr>"
    return xml[:found.start()] + ppr + xml[found.end():]


def _fit_width(xml: str, text: str, char_twips: float, width_twips: int) -> str:
    """render._fit_width: scale the characters of every run so that one line of `text` fits."""
    natural = text_width(text) * char_twips
    if natural <= width_twips:
        return xml
    scale = f'<w:w w:val="{int(100 * width_twips / natural)}"/>'
    if "<w:rPr>" in xml or "<w:w " in xml:
        raise CompileError("a 发文机关标志 prototype with run properties")
    return xml.replace("<w:r>", f"<w:r><w:rPr>{scale}</w:rPr>")


# --- compiling and the cache -------------------------------------------------------------------------------


@cache
def load(fonts: str, bold_headings: bool) -> Compiled:
    """The compiled template for `fonts`: from this process, the disk cache, or compiled now."""
    key = _key(fonts, bold_headings)
    path = cache_dir() / f"template-{key[:40]}.bin"
    try:
        raw = path.read_bytes()
        if sha256(raw[32:]).digest() == raw[:32]:
            return Compiled.from_bytes(raw[32:])
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing or corrupt: compile again
    compiled = compile_template(fonts, bold_headings)
    payload = compiled.to_bytes()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_cache_file(path, sha256(payload).digest() + payload)
    except (OSError, DrafterError):  # an unwritable cache only costs the next process a compile
        pass
    return compiled


def cache_dir() -> Path:
    """Where compiled templates are kept (drafter.cachedir)."""
    from drafter.cachedir import cache_dir as folder

    return Path(folder())


#: The libraries whose XML the compiled snippets are cut from.
_LIBRARIES = ("docx", "docxtpl", "lxml")


def _library_stamps() -> str:
    """Where each of _LIBRARIES is installed and when its files were written, found without importing
    it: an upgraded library may write other XML, so its output must not be served from an old cache."""
    stamps = []
    for name in _LIBRARIES:
        origin = _origin(name)
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        stamps.append(f"{name}:{origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}:-")
    return "|".join(stamps)


def _origin(name: str) -> str | None:
    """The file a top-level module is (or would be) loaded from: importlib.util.find_spec's answer,
    without importing importlib.util (and contextlib with it: ~0.8 ms of a build)."""
    module = sys.modules.get(name)
    if module is not None:
        spec = getattr(module, "__spec__", None)
        return getattr(spec, "origin", None)
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, None) if find is not None else None
        if spec is not None:
            return getattr(spec, "origin", None)
    return None


def _key(fonts: str, bold_headings: bool) -> str:
    digest = sha256(f"{FORMAT}|{__version__}|{sys.version}|{_library_stamps()}|{fonts}|{bold_headings}".encode())
    here = Path(__file__).resolve().parent
    for path in [template_path(name) for name in _SOURCES] + [here / name for name in _CODE]:
        data = path.read_bytes()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def compile_template(fonts: str, bold_headings: bool) -> Compiled:
    """Render one probe document per kind with docxtpl (render.probe_package) and cut out the snippets."""
    import io
    import zipfile

    from drafter.docx.layout import Block
    from drafter.docx.render import probe_package

    t, lead, aside = (_FIELD.format(c) for c in "tla")
    probes: dict[str, Block] = {kind: Block(kind, t, lead=lead, aside=aside) for kind in KINDS}
    for has_lead in (0, 1):
        for has_text in (0, 1):
            probes[f"imprint:{has_lead}{has_text}"] = Block("imprint", t if has_text else "",
                                                          lead=lead if has_lead else "", aside=aside)
    probes["br"] = Block("body", t + "\n" + t)
    props = {"title": _PROPS["title"], "author": _PROPS["author"], "subject": _PROPS["subject"],
             "identifier": _PROPS["identifier"]}
    bodies: dict[str, str] = {}
    shared: dict[str, Any] | None = None
    for name, block in probes.items():
        with zipfile.ZipFile(io.BytesIO(probe_package([block], fonts, bold_headings, props))) as zf:
            infos = zf.infolist()
            parts = {info.filename: zf.read(info.filename) for info in infos}
            raw = {info.filename: _stored(zf, info) for info in infos}
        document = parts[DOCUMENT].decode("utf-8")
        start, end = document.index("<w:body>") + len("<w:body>"), document.index("<w:sectPr")
        this = {"head": document[:start], "tail": document[end:], "core": parts[CORE],
                "members": [(i.filename, i.compress_type, i.CRC, i.file_size, raw[i.filename], parts[i.filename])
                            for i in infos if i.filename not in (DOCUMENT, CORE)],
                "order": [i.filename for i in infos]}
        if shared is None:
            shared = this
        elif this != shared:
            raise CompileError(f"the probe for {name} changed more than the body")
        bodies[name] = document[start:end]
    assert shared is not None
    br_pieces = _FIELDS.split(bodies.pop("br"))
    if len(br_pieces) != 5:
        raise CompileError("a line break the snippets cannot place")
    snippets = {name: _FIELDS.split(body) for name, body in bodies.items()}
    core = _PROP_FIELDS.split(shared["core"].decode("utf-8"))
    fixed = {m[0]: m for m in shared["members"]}
    members = [fixed.get(name) or (name, 8, 0, 0, b"", b"") for name in shared["order"]]
    if any(m[1] != 8 for m in members if m[0] in (DOCUMENT, CORE)):
        raise CompileError("document.xml or core.xml not deflated")
    return Compiled(shared["head"], shared["tail"], snippets, br_pieces[2], core, members)


def _stored(zf: Any, info: Any) -> bytes:
    """A member's bytes as they stand in the archive (compressed), read past its local header."""
    fp = zf.fp
    fp.seek(info.header_offset + 26)
    name_len, extra_len = int.from_bytes(fp.read(2), "little"), int.from_bytes(fp.read(2), "little")
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    data: bytes = fp.read(info.compress_size)
    return data
