"""The exact page view of `drafter serve`: the report's real DOCX → PDF render (LibreOffice), each
page drawn to a PNG with PDFium (pypdfium2) and shown as images in the page, in every browser alike.

LibreOffice takes seconds, so the pages are kept in memory by the DOCX's content hash (the build
is deterministic): an unchanged report is rendered once. The cache holds a few reports, a bounded
number of pages each; one render runs at a time (soffice is heavy; PDFium is not thread-safe).
"""

from __future__ import annotations

import hashlib
import struct
import tempfile
import threading
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

#: Pixels per inch of the page images: an A4 page is 909 x 1286, sharp on a laptop screen.
DPI = 110
#: Pages drawn per report at most (a report has 5 to 15; the rest is said, not drawn).
MAX_PAGES = 60
#: Reports kept (about 1.5 MB of PNG per ten pages).
KEEP = 6


@dataclass(frozen=True)
class Rendered:
    digest: str  # of the DOCX: the pages' address
    pages: tuple[bytes, ...]  # PNG images
    total: int  # pages in the PDF (more than len(pages) past MAX_PAGES)


class PageCache:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._done: OrderedDict[str, Rendered] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> Rendered | None:
        with self._lock:
            found = self._done.get(digest)
            if found is not None:
                self._done.move_to_end(digest)
            return found

    def render(self, facts: Path) -> Rendered:
        """Build the DOCX of `facts` (in a temporary folder: nothing is written beside the report),
        and its pages as PNG unless this very DOCX was rendered before."""
        from drafter.docx.libreoffice import convert_to_pdf
        from drafter.pipeline import run

        with self._lock, tempfile.TemporaryDirectory(prefix="drafter-pages-") as tmp:
            docx = run(facts, Path(tmp) / "report.docx").output
            digest = content_digest(docx)
            found = self._done.get(digest)
            if found is not None:
                self._done.move_to_end(digest)
                return found
            pdf = convert_to_pdf(docx, Path(tmp) / "report.pdf")
            pages, total = pdf_pages(pdf)
            rendered = Rendered(digest, tuple(pages), total)
            self._done[digest] = rendered
            while len(self._done) > self.keep:
                self._done.popitem(last=False)
            return rendered


def content_digest(docx: Path) -> str:
    """The hash of what a DOCX holds (its parts' names and bytes): the zip's own member dates
    differ from one build to the next, the content of an unchanged report does not."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(docx) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            digest.update(info.filename.encode("utf-8") + b"\0")
            digest.update(archive.read(info))
    return digest.hexdigest()[:20]


def pdf_pages(pdf: Path, *, dpi: int = DPI, limit: int = MAX_PAGES) -> tuple[list[bytes], int]:
    """The first `limit` pages of `pdf` as PNG images, and how many pages it has."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        total = len(document)
        images = []
        for index in range(min(total, limit)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # 3 bytes a pixel, R G B
            try:
                images.append(png(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride))
            finally:
                bitmap.close()
                page.close()
        return images, total
    finally:
        document.close()


def png(rgb: bytes, width: int, height: int, stride: int) -> bytes:
    """An RGB image (rows `stride` bytes apart) as a PNG file; no imaging library needed."""
    row = width * 3
    raw = b"".join(b"\0" + rgb[y * stride:y * stride + row] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
