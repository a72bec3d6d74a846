"""Read an existing report into lines: plain text (any common Chinese encoding), a saved web
page, DOCX, old .doc/.wps.

A line is one paragraph as the author wrote it. The reader keeps what the structure
recogniser needs beyond the words: the line number in the source (so warnings can point
at it), for text the first-line indent, and for DOCX the heading level a paragraph's style
gives and whether it is styled as the title. Old Word/WPS files go through LibreOffice
into DOCX first, whatever their name says.
"""

from __future__ import annotations

import codecs
import io
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast
from zlib import error as zlib_error

from drafter.errors import InputFileError, InputTooLarge
from drafter.fsutil import explain_os_error
from drafter.text.encoding import ALL_NUL, Unicode, only_nul, sniff
from drafter.text.numerals import chinese_numeral, small_int
from drafter.text.patterns import LINE_SEPARATORS
from drafter.text.width import text_width

if TYPE_CHECKING:  # python-docx is imported only when a DOCX is read
    from docx.document import Document
    from docx.oxml.text.paragraph import CT_P
    from docx.parts.document import DocumentPart
    from docx.text.paragraph import Paragraph
    from lxml.etree import _Element

#: Suffixes read as DOCX, those LibreOffice converts to DOCX first, and saved web pages.
DOCX_SUFFIXES = (".docx", ".docm", ".dotx")
CONVERT_SUFFIXES = (".doc", ".wps", ".wpt", ".dot", ".rtf", ".odt")
HTML_SUFFIXES = (".html", ".htm", ".shtml")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT_TIMEOUT = 120  # seconds LibreOffice may take for one file
_REFUSED = {
    ".pdf": "暂不支持直接导入 PDF。请在 PDF 阅读器中全选复制正文，粘贴到记事本另存为 .txt 后再导入。",
    ".yaml": "这已经是事实文件（YAML），不需要导入，可以直接运行 drafter build。",
    ".yml": "这已经是事实文件（YAML），不需要导入，可以直接运行 drafter build。",
}


@dataclass(frozen=True)
class SourceLine:
    """One paragraph of the source."""

    text: str
    number: int  # 1-based line (text) or paragraph (DOCX) number, for messages
    style_level: int | None = None  # heading level from a DOCX style or outline level (1 = top)
    title_style: bool = False  # DOCX "Title" style (its line breaks are kept in `text`)
    indent: float = 0.0  # text: width (in 字) of the spaces the line started with, a first-line indent


@dataclass(frozen=True)
class Source:
    """The lines of a report and how they were obtained."""

    path: Path
    lines: list[SourceLine]
    kind: str  # "text", "html", "docx" or "converted"
    encoding: str | None = None  # for text: the encoding used, in words for the user
    #: Text the fact file cannot hold (footnotes, endnotes), each shown to the user by the import report.
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        """How the file was read, for the user: "文本，编码 GB18030（GBK/GB2312）"."""
        if self.kind == "text":
            return f"文本，编码 {self.encoding}"
        if self.kind == "html":
            return f"网页，编码 {self.encoding}；行号指从网页中提取出的文字的行"
        return "DOCX 文档" if self.kind == "docx" else "经 LibreOffice 转换的旧版文档"


def read_source(path: Path | str) -> Source:
    """Read a .txt, .html, .docx, .doc or .wps report; raise InputFileError with a Chinese message."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{path}：找不到这个文件。")
    if path.is_dir():
        raise InputFileError(f"{path}：这是一个文件夹，请给出要导入的报告文件。")
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        raise InputFileError(f"{path}：{_REFUSED[suffix]}")
    data = _read_bytes(path)  # once: what the file is comes from its first bytes, not its name
    if suffix in CONVERT_SUFFIXES or data[:8] == _OLE_MAGIC:  # old binary Word/WPS, whatever its name
        from drafter.docx.libreoffice import find_soffice

        if find_soffice() is not None:  # without it, the message says how to do without LibreOffice
            _require_compound_file(data, path)  # LibreOffice "converts" junk behind the magic into garbage
        with tempfile.TemporaryDirectory(prefix="drafter-import-") as tmp:
            converted = convert_to_docx(path, Path(tmp), data, suffix=suffix if suffix in CONVERT_SUFFIXES else ".doc")
            notes: list[str] = []
            lines = read_docx(converted, shown_as=path, notes=notes)
            _require_fits("\n".join(line.text for line in lines), path)
            return Source(path, lines, "converted", notes=tuple(notes))
    if suffix in DOCX_SUFFIXES or (suffix not in HTML_SUFFIXES and data[:4] == b"PK\x03\x04"):
        notes = []
        lines = read_docx(io.BytesIO(data), shown_as=path, notes=notes)  # also a DOCX under another name
        _require_fits("\n".join(line.text for line in lines), path)
        return Source(path, lines, "docx", notes=tuple(notes))
    text, encoding = decode_text(data, path)
    if suffix in HTML_SUFFIXES:
        return Source(path, text_lines(_require_fits(html_text(text), path)), "html", encoding)
    return Source(path, text_lines(_require_fits(text, path)), "text", encoding)


def _require_fits(text: str, path: Path) -> str:
    """The text of a report, refused when a fact file could not hold it (before it is split and recognised:
    a 50 MB text would take minutes and gigabytes, only to give a fact file no command reads)."""
    from drafter.factfile.source import MAX_BYTES, utf8_size
    from drafter.inputs import human_size

    size = utf8_size(text)
    if size > MAX_BYTES:
        raise InputTooLarge(f"{path}：报告中的文字有 {human_size(size)}，超过事实文件的上限 {human_size(MAX_BYTES)}；"
                            "一份年度报告的文字通常只有几十 KB，请检查是否选错了文件。", size)
    return text


#: A report to import: a long text is a few hundred KB, a DOCX with pictures some megabytes.
MAX_SOURCE_BYTES = 64 * 1024 * 1024


_ROOT_ENTRY = "Root Entry".encode("utf-16-le")


def _require_compound_file(data: bytes, path: Path) -> None:
    """Refuse an old Word/WPS file whose OLE compound-file header or directory is not there: byte
    order FFFE, version 3 (512-byte sectors) or 4 (4096), whole sectors, and a root directory entry."""
    ok = len(data) >= 1536 and data[:8] == _OLE_MAGIC and data[28:30] == b"\xfe\xff"
    if ok:
        version, shift = int.from_bytes(data[26:28], "little"), int.from_bytes(data[30:32], "little")
        ok = (version, shift) in ((3, 9), (4, 12)) and _ROOT_ENTRY in data
    if not ok:
        raise InputFileError(f"{path}：这个旧版 Word/WPS 文档已损坏（文件结构不完整），无法导入。"
                             "请在 Word 或 WPS 中打开，另存为 .docx 后再导入。")


def _read_bytes(path: Path) -> bytes:
    from drafter.inputs import read_regular

    return read_regular(path, MAX_SOURCE_BYTES)  # a regular file, never more than the limit


# --- plain text ------------------------------------------------------------------------------

#: What the user is told for the encodings a Chinese text file comes in (Unicode ones: encoding.Unicode.name).
_ENCODING_NAMES = {
    "gb18030": "GB18030（GBK/GB2312）",
    "big5": "Big5（繁体）",
    "cp932": "Shift-JIS（日文）",
    "shift_jis": "Shift-JIS（日文）",
}
_CHINESE_LEGACY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}
_CHINESE = _CHINESE_LEGACY | {"big5", "big5hkscs", "cp950", "utf_16", "utf_16_le", "utf_16_be", "utf_32",
                              "utf_32_le", "utf_32_be"}


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode text; return it with the name of the encoding used.

    A byte-order mark decides, or for UTF-16/UTF-32 without one the places of the NUL bytes
    (encoding.sniff); strict UTF-8 is tried next (it almost never decodes other encodings by
    accident); otherwise charset-normalizer guesses. Its Chinese guesses are decoded as GB18030,
    the superset of GB2312 and GBK, so no rare character is lost.
    """
    if only_nul(data):
        raise InputFileError(f"{path}：{ALL_NUL}")
    found = sniff(data)
    if found is not None:
        return _decode(data, found.codec, found.name, path, skip=len(found.bom)), found.name
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputFileError(f"{path}：无法识别文件的文字编码，它可能不是文本文件。请另存为 UTF-8 编码的 .txt 后再导入。")
    codec = codecs.lookup(best.encoding).name.replace("-", "_")
    if codec in _CHINESE_LEGACY or (codec not in _CHINESE and _more_hanzi_as_gb18030(data, str(best))):
        codec = "gb18030"
    if codec in ("utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"):  # too little text for encoding.sniff
        name = Unicode(codec.replace("_", "-"), b"").name
    else:
        name = _ENCODING_NAMES.get(codec, f"{best.encoding}（自动识别）")
    return _decode(data, codec, name, path), name


def _more_hanzi_as_gb18030(data: bytes, guessed: str) -> bool:
    """A short GBK text can look Korean or Japanese to a detector; a Chinese report reads as hanzi."""
    if _kana(guessed) * 20 >= max(1, _hanzi(guessed)):  # kana: Japanese, which GB18030 would turn to mojibake
        return False
    try:
        as_gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return _hanzi(as_gb) > _hanzi(guessed)


def _kana(text: str) -> int:
    """Hiragana and katakana: a Chinese report has none, a Japanese text is full of them."""
    return sum(1 for ch in text if "\u3041" <= ch <= "\u30ff" and ch not in "\u30fb\u30fc")


def _hanzi(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _decode(data: bytes, codec: str, name: str, path: Path, *, skip: int = 0) -> str:
    """`data` past its first `skip` bytes (a byte-order mark) as `codec`, which the user knows as `name`."""
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{path}：文件的编码是 {name}，但从第 {skip + exc.start + 1} 字节起不是完整的字符，"
                             "文件可能被截断或已损坏。") from None


def text_lines(text: str) -> list[SourceLine]:
    """Non-empty lines with their 1-based line numbers; form feeds and old Mac line ends count too."""
    lines = re.split(rf"\r\n|\r|\n|\f|\v|[{LINE_SEPARATORS}]", text)
    return [SourceLine(line.strip(), i, indent=text_width(line[: len(line) - len(line.lstrip())]))
            for i, line in enumerate(lines, start=1) if line.strip()]


# --- a web page saved from the browser ----------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
               "ul", "ol", "dd", "dt", "blockquote", "pre", "hr", "header", "footer", "nav", "td", "th"}

#: Not shown on the page (the <title> is the browser tab's, often with the site name appended).
_HIDDEN_TAGS = {"script", "style", "noscript", "template", "title"}


def html_text(markup: str) -> str:
    """The visible text of a saved page, one block element per line (scripts and styles left out)."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _HIDDEN_TAGS:
                self.skip += 1
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")
            elif tag == "img":
                alt = (dict(attrs).get("alt") or "").strip()
                self.parts.append(f"\n[图片：{alt}]\n" if alt else "\n[图片]\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in _HIDDEN_TAGS:
                self.skip = max(0, self.skip - 1)
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))

    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


# --- DOCX ----------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}


def read_docx(source: Path | IO[bytes], *, shown_as: Path | None = None,
              notes: list[str] | None = None) -> list[SourceLine]:
    """Paragraphs of the body (tables cell by cell, content controls, text boxes) with automatic
    numbering written out; every visible character of each, whatever element holds it.

    `source`: the file, or its bytes already read; `shown_as`: the name the user gave;
    `notes` receives the text of footnotes and endnotes, which a fact file has no place for.
    """
    import zipfile

    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError, PackageNotFoundError

    from drafter.docx.archive import check_archive

    # What opening a package whose parts cannot be parsed raises: a missing part (KeyError), bad XML
    # (lxml's errors are SyntaxErrors), a bad value, python-docx's own errors, a broken zip member.
    # Anything else (TypeError, AttributeError, …) is a bug in drafter, not a damaged file.
    damaged = (KeyError, ValueError, NotImplementedError, EOFError, zlib_error, SyntaxError, PythonDocxError, OpcError)
    name = shown_as or source
    check_archive(source, str(name))
    try:
        document = docx.Document(str(source) if isinstance(source, Path) else source)
    except OSError as exc:
        raise InputFileError(f"{name}：无法读取（{explain_os_error(exc)}）。") from None
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise InputFileError(f"{name}：不是有效的 DOCX 文档（不是 Word 2007 以后保存的 .docx 格式，或文件不完整），无法读取。"
                             "请在 Word/WPS 中打开后另存为 .docx 再导入。") from None
    except damaged:
        raise InputFileError(f"{name}：DOCX 文档已损坏（其中的内容无法解析），无法读取。"
                             "请在 Word/WPS 中打开后另存为 .docx 再导入。") from None
    numbers = _AutoNumbers(document)
    out: list[SourceLine] = []
    for number, paragraph in enumerate(_body_paragraphs(document), start=1):
        style = _style_name(paragraph)
        level = _style_level(paragraph, style)
        title = style.lower() in _TITLE_STYLES
        text = (numbers.prefix(paragraph) + paragraph_text(paragraph._p)).replace("\t", " ")
        if title:  # keep the title's line breaks: the importer tells chosen ones from automatic ones
            parts = ["\n".join(part.strip() for part in text.split("\n") if part.strip())]
        elif _centred(paragraph):
            parts = [text.replace("\n", "")]
        else:
            parts = text.split("\n")
        for part in parts:
            if part.strip():
                out.append(SourceLine(part.strip(), number, level, title))
    if notes is not None:
        notes.extend(_note_texts(document))
    return out


def _body_paragraphs(document: Document) -> Iterator[Paragraph]:
    """Paragraphs in document order: tables cell by cell, block-level content controls (w:sdt)
    and custom XML opened up, each paragraph followed by the paragraphs of its text boxes."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    parent = document._body
    row_tag, cell_tag = qn("w:tr"), qn("w:tc")

    def walk(container: _Element) -> Iterator[Paragraph]:
        for child in container.iterchildren():
            tag = child.tag
            if tag == qn("w:p"):
                yield Paragraph(cast("CT_P", child), parent)
                for box in _text_boxes(child):
                    yield from walk(box)
            elif tag == qn("w:tbl"):
                for row in _unwrapped(child, row_tag):
                    for cell in _unwrapped(row, cell_tag):  # a merged cell is one w:tc: never repeated
                        yield from walk(cell)
            elif tag in _CONTAINERS:
                yield from walk(_content_of(child))

    yield from walk(document.element.body)


def _unwrapped(element: _Element, tag: str) -> Iterator[_Element]:
    """The `tag` children of `element`, also those wrapped in content controls or custom XML."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _unwrapped(_content_of(child), tag)


def _content_of(element: _Element) -> _Element:
    """A content control's w:sdtContent; custom XML and smart tags hold their content directly."""
    from docx.oxml.ns import qn

    content = element.find(qn("w:sdtContent"))
    return content if content is not None else element


def _text_boxes(paragraph: _Element) -> list[_Element]:
    """The w:txbxContent of the text boxes anchored in `paragraph` (the DrawingML copy, not the
    VML fallback that repeats it)."""
    from docx.oxml.ns import qn

    return [box for box in paragraph.iter(qn("w:txbxContent")) if not _inside(box, _HIDDEN_COPIES, paragraph)
            and not _inside(box, {qn("w:txbxContent")}, paragraph)]


def _inside(element: _Element, tags: set[str], stop: _Element) -> bool:
    node = element.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def paragraph_text(p: _Element) -> str:
    """Every visible character of the paragraph element `p`, in order: runs inside hyperlinks,
    tracked insertions, content controls, smart tags, custom XML and simple fields included;
    deleted text, field codes and the text of text boxes (read as paragraphs of their own) left out."""
    out: list[str] = []
    for element in p.iter(*_TEXT_TAGS):
        if _inside(element, _NOT_TEXT, p):
            continue
        tag = element.tag
        if tag == _W + "t":
            out.append(element.text or "")
        elif tag == _W + "br":
            out.append("" if element.get(_W + "type") in ("page", "column") else "\n")
        else:
            out.append(_TEXT_TAGS[tag])
    return "".join(out)


def _note_texts(document: Document) -> list[str]:
    """The text of each footnote and endnote (not the separators Word keeps among them)."""
    from docx.oxml.ns import qn
    from lxml import etree

    texts: list[str] = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, huge_tree=False))
        except etree.XMLSyntaxError:
            continue
        for note in root:
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = "".join(paragraph_text(p) for p in note.iter(qn("w:p"))).strip()
            if text:
                texts.append(text)
    return texts


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CONTAINERS = {_W + "sdt", _W + "customXml", _W + "smartTag"}
_HIDDEN_COPIES = {_MC_FALLBACK}
_NOT_TEXT = {_W + "del", _W + "moveFrom", _W + "txbxContent", _W + "sdtPr", _MC_FALLBACK}
_TEXT_TAGS = {_W + "t": "", _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-",
              _W + "ptab": "\t"}


def _style_level(paragraph: Paragraph, style: str) -> int | None:
    m = _HEADING_STYLE.match(style.strip())
    if m and int(m.group(1)) >= 1:
        return int(m.group(1))
    from docx.oxml.ns import qn

    for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
        if ppr is None:
            continue
        outline = ppr.find(qn("w:outlineLvl"))
        level = small_int(outline.get(qn("w:val"))) if outline is not None else None
        if level is not None and 0 <= level < 9:
            return level + 1
    return None


def _style_ppr(paragraph: Paragraph) -> _Element | None:
    style = _style_element(paragraph)
    return style.find(_W + "pPr") if style is not None else None


def _style_name(paragraph: Paragraph) -> str:
    style = _style_element(paragraph)
    name = style.find(_W + "name") if style is not None else None
    return (name.get(_W + "val") or "") if name is not None else ""


def _style_element(paragraph: Paragraph) -> _Element | None:
    """The w:style of the paragraph (its own, else the default paragraph style), read from the raw
    XML: python-docx raises on attribute values it has no name for (w:type="Paragraph", w:default="abc")."""
    ppr = paragraph._p.pPr
    pstyle = ppr.find(_W + "pStyle") if ppr is not None else None
    wanted = pstyle.get(_W + "val") if pstyle is not None else None
    try:
        styles = cast("DocumentPart", paragraph.part).styles.element
    except (AttributeError, KeyError, ValueError, SyntaxError):  # a styles part that is not XML: no style
        return None
    by_id, default = _paragraph_styles(styles)
    return by_id.get(wanted, default) if wanted is not None else default


_STYLE_CACHE: dict[int, tuple[_Element, dict[str, _Element], _Element | None]] = {}


def _paragraph_styles(styles: _Element) -> tuple[dict[str, _Element], _Element | None]:
    """Paragraph styles by id, and the default one; kept for the document being read."""
    cached = _STYLE_CACHE.get(id(styles))
    if cached is not None and cached[0] is styles:
        return cached[1], cached[2]
    by_id: dict[str, _Element] = {}
    default: _Element | None = None
    for style in styles.iterchildren(_W + "style"):
        if (style.get(_W + "type") or "paragraph").lower() != "paragraph":
            continue
        by_id.setdefault(style.get(_W + "styleId") or "", style)
        if default is None and (style.get(_W + "default") or "").lower() in ("1", "true", "on"):
            default = style
    _STYLE_CACHE.clear()
    _STYLE_CACHE[id(styles)] = (styles, by_id, default)
    return by_id, default


def _centred(paragraph: Paragraph) -> bool:
    """Centred by the paragraph's own w:jc, read raw: python-docx's `alignment` raises on values
    it has no name for, such as the "start"/"end" that newer Word and WPS write."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.pPr
    jc = ppr.find(qn("w:jc")) if ppr is not None else None
    return jc is not None and jc.get(qn("w:val")) == "center"


def _int(value: str | None, default: int) -> int:
    """A number attribute of the numbering definitions; a malformed one counts as missing."""
    number = small_int(value)
    return default if number is None else number


class _AutoNumbers:
    """Word's automatic list numbering (w:numPr), written out as the reader sees it.

    Without this a heading numbered by Word ("一、" from a list definition) would reach the
    recogniser as bare text. Counters follow the list definition: a level restarts when a
    level above it advances.
    """

    _CHINESE = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
                "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified"}

    def __init__(self, document: Document) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for an in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in an.findall(qn("w:lvl")):
                ilvl = _int(lvl.get(qn("w:ilvl")), 0)
                fmt = self._val(lvl, "w:numFmt") or "decimal"
                text = self._val(lvl, "w:lvlText") or ""
                start = _int(self._val(lvl, "w:start"), 1)
                levels[ilvl] = (fmt, text, start)
            abstract[an.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            ref = self._val(num, "w:abstractNumId")
            if ref in abstract:
                self._levels[num.get(qn("w:numId"))] = abstract[ref]

    def _val(self, element: _Element, tag: str) -> str | None:
        child = element.find(self._qn(tag))
        return child.get(self._qn("w:val")) if child is not None else None

    def _num_pr(self, paragraph: Paragraph) -> tuple[str, int] | None:
        qn = self._qn
        for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
            num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if num_pr is None:
                continue
            num_id = self._val(num_pr, "w:numId")
            ilvl = _int(self._val(num_pr, "w:ilvl"), 0)
            return (num_id, ilvl) if num_id and num_id != "0" else None
        return None

    def prefix(self, paragraph: Paragraph) -> str:
        found = self._num_pr(paragraph)
        if found is None or found[0] not in self._levels:
            return ""
        num_id, ilvl = found
        levels = self._levels[num_id]
        counters = self._counters.setdefault(num_id, {})
        fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            level_fmt, _, level_start = levels.get(k, ("decimal", "", 1))
            n = counters.get(k, level_start)
            # a list may start at 0 (w:start="0"): Chinese numerals begin at 一, Word shows 0 then
            return chinese_numeral(n) if level_fmt in self._CHINESE and n >= 1 else str(n)

        return re.sub(r"%(\d)", render, text)


# --- old Word / WPS files through LibreOffice ---------------------------------------------------


def convert_to_docx(source: Path, workdir: Path, data: bytes, *, suffix: str) -> Path:
    """Convert a .doc/.wps (or .rtf/.odt) file, whose bytes are `data`, to DOCX with headless LibreOffice.

    `suffix` tells LibreOffice the format (an old Word file under another name is given ".doc").
    """
    from drafter.docx.libreoffice import convert, find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise InputFileError(
            f"{source}：导入 {source.suffix} 文件需要 LibreOffice 把它转换为 DOCX，但没有找到 LibreOffice（soffice）。"
            "请安装 LibreOffice 后重试，或在 Word/WPS 中把文件“另存为”.docx 后再导入。"
        )
    # An ASCII name keeps soffice away from locale trouble; the suffix tells it the format.
    copy = workdir / f"document{suffix}"
    copy.write_bytes(data)
    done = convert(soffice, copy, "docx:MS Word 2007 XML", timeout=_CONVERT_TIMEOUT, shown_as=source)
    if done.produced is None:
        detail = f"\nLibreOffice 输出：\n{done.output[-800:]}" if done.output else ""
        raise InputFileError(f"{source}：LibreOffice 未能把它转换为 DOCX（退出码 {done.returncode}），"
                             f"文件可能已损坏或加密。{detail}")
    return done.produced
