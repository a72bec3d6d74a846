"""What keeps `drafter serve` safe: loopback by default, an access token for any other address,
a CSRF token on every write, the Host header checked (no DNS rebinding), paths confined to the
folder, uploads limited and inspected before parsing, messages without internal paths."""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import zipfile
from pathlib import Path
from urllib.parse import unquote_to_bytes

from drafter.docx.archive import check_archive
from drafter.errors import InputFileError

#: Largest upload accepted (a report with pictures is rarely above a few MB).
MAX_UPLOAD = 10 * 1024 * 1024
UPLOAD_SUFFIXES = (".docx", ".txt", ".html", ".htm")

_NAME = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f.][^/\\:*?\"<>|\x00-\x1f]{0,120}\.ya?ml$")


class Refused(Exception):
    """A request refused for a reason the user is told (in Chinese), with its HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def form_is_utf8(body: bytes) -> bool:
    """Every name and value of an urlencoded form body is UTF-8 once its %XX escapes are undone."""
    for pair in body.split(b"&"):
        for piece in pair.split(b"=", 1):
            try:
                unquote_to_bytes(piece.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


def confined(folder: Path, name: str) -> Path:
    """The fact file `name` inside `folder`; anything else (other folders, `..`, a link that
    leads out of the folder, a name that is not a .yaml file) is refused."""
    if not _NAME.match(name):
        raise Refused("找不到这份报告（文件名无效）。", 404)
    path = folder / name
    try:
        real = path.resolve()
    except OSError:
        raise Refused("找不到这份报告。", 404) from None
    if real.parent != folder.resolve():
        raise Refused("这个文件不在报告文件夹中，不能打开。", 403)
    if path.exists() and not path.is_file():
        raise Refused("找不到这份报告。", 404)
    return path


def check_docx(path: Path) -> None:
    """A .docx is a zip: refuse one that is not, one beyond the package limits every .docx drafter
    opens is held to (a zip bomb), and XML with a DOCTYPE (entity expansion, external entities)."""
    try:
        check_archive(path, "上传的 .docx 文件")
    except InputFileError as exc:
        raise Refused(f"疑似压缩炸弹，不能导入。{exc.message}", 413) from None
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as member:
                        head = member.read(4096)
                    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                        raise Refused("上传的 .docx 文件含有不允许的 XML 声明（DOCTYPE/ENTITY），不能导入。", 400)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise Refused("上传的文件不是有效的 .docx 文档，不能导入。", 400) from None


def scrub(text: str, *folders: Path) -> str:
    """A message as the page shows it: no absolute path of the server's folders."""
    for folder in folders:
        for form in {str(folder), str(folder.resolve())}:
            text = text.replace(form + "/", "").replace(form + "\\", "").replace(form, "报告文件夹")
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    return text
