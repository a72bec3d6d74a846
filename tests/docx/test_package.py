"""The zip writer writes what zipfile.ZipFile.writestr writes, byte for byte."""

from __future__ import annotations

import io
import zipfile

from drafter.docx.package import deflate, write_zip


def test_write_zip_matches_zipfile_byte_for_byte():
    members = [("[Content_Types].xml", b"<Types/>" * 40), ("word/document.xml", "正文".encode() * 500),
               ("docProps/thumbnail.jpeg", bytes(range(256)) * 20), ("empty.xml", b"")]
    when = (2026, 12, 3, 4, 5, 7)
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
            zf.writestr(info, data)
    assert write_zip([deflate(name, data) for name, data in members], when) == expected.getvalue()
