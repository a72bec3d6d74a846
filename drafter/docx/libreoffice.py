"""The one driver of LibreOffice (headless): DOCX → PDF for previews and render checks, and
old .doc/.wps → DOCX for `drafter import` (drafter.importing.readers calls `convert`).

Each conversion runs ``soffice`` with its own throw-away user profile, so several
conversions can run at the same time (parallel tests, a user's open LibreOffice)
without fighting over the profile lock. When the repository's font map is set up
(``fonts/fonts.conf`` plus the fonts fetched by ``scripts/setup-fonts.sh`` into
``.cache/fonts``), ``FONTCONFIG_FILE`` points LibreOffice at it, so the official
font names (仿宋_GB2312, 黑体, ...) render with open stand-ins instead of a sans
fallback. Otherwise the system fontconfig is left alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import RenderError
from drafter.fsutil import atomic_write_bytes, explain_os_error

__all__ = ["Conversion", "convert", "convert_to_pdf", "find_soffice", "fontconfig_file"]

#: Repository root, when drafter runs from a source checkout.
_REPO_ROOT = Path(__file__).resolve().parents[2]

#: Where LibreOffice lives when it is not on PATH.
_SOFFICE_CANDIDATES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)

_STDERR_TAIL_CHARS = 800


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice`` executable, or None if absent."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _SOFFICE_CANDIDATES:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def fontconfig_file() -> Path | None:
    """Return the repository's fontconfig file if it and the stand-in fonts exist."""
    conf = _REPO_ROOT / "fonts" / "fonts.conf"
    font_dir = _REPO_ROOT / ".cache" / "fonts"
    if conf.is_file() and font_dir.is_dir() and any(font_dir.glob("*.otf")):
        return conf
    return None


def convert_to_pdf(docx: Path, pdf: Path, *, timeout: float = 120) -> Path:
    """Convert ``docx`` to ``pdf`` with headless LibreOffice and return ``pdf``.

    The PDF is written next to its final place under a temporary name and then
    renamed, so a reader never sees a half-written file and a failed run leaves
    an existing ``pdf`` untouched. Raises RenderError with a message for the user.
    """
    docx = Path(docx)
    pdf = Path(pdf)
    if not docx.is_file():
        raise RenderError(f"找不到要转换的文件：{docx}")
    if not pdf.parent.is_dir():
        raise RenderError(f"PDF 的输出目录不存在：{pdf.parent}")
    soffice = find_soffice()
    if soffice is None:
        raise RenderError("未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice 后重试。")

    with tempfile.TemporaryDirectory(prefix="drafter-soffice-") as tmp:
        work = Path(tmp)
        # A plain ASCII input name: soffice names its output after the input,
        # and odd names (leading "-", non-ASCII under a C locale) cause trouble.
        source = work / "document.docx"
        try:
            shutil.copyfile(docx, source)
        except OSError as exc:
            raise RenderError(f"{docx}：无法读取要转换的文件（{explain_os_error(exc)}）。") from exc
        done = convert(soffice, source, "pdf", timeout=timeout, shown_as=docx)
        if done.produced is None:
            raise RenderError(_failure_message(docx, done.returncode, done.output))
        atomic_write_bytes(pdf, done.produced.read_bytes())
    return pdf


@dataclass(frozen=True)
class Conversion:
    """What one soffice run left behind."""

    produced: Path | None  # the converted file; None when soffice wrote nothing (or an empty file)
    returncode: int
    output: str  # soffice's stderr (or stdout), for the user when nothing was produced


def convert(soffice: str, source: Path, to: str, *, timeout: float, shown_as: Path) -> Conversion:
    """Convert `source` (a copy with a plain ASCII name, alone in its own temporary folder) with
    headless LibreOffice to the format `to` ("pdf", "docx:MS Word 2007 XML", ...).

    The output goes to an "out" folder beside `source`, the throw-away user profile to
    "profile". Raises RenderError when soffice cannot be started or times out (`shown_as`
    names the file in that message); a run that produces nothing is returned, not raised,
    so that each caller can say what it was trying to do.
    """
    work = source.parent
    outdir = work / "out"
    outdir.mkdir()
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        to,
        "--outdir",
        str(outdir),
        str(source),
    ]
    returncode, output = _run(command, _environment(), timeout, shown_as)
    produced = outdir / f"{source.stem}.{to.split(':', 1)[0]}"
    # soffice exits with 0 even when it could not load or export the file.
    ok = returncode == 0 and produced.is_file() and produced.stat().st_size > 0
    return Conversion(produced if ok else None, returncode, output)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    conf = fontconfig_file()
    if conf is not None:
        env["FONTCONFIG_FILE"] = str(conf)
    return env


def _run(command: list[str], env: dict[str, str] | None, timeout: float, docx: Path) -> tuple[int, str]:
    """Run soffice; on timeout kill its whole process group (soffice.bin is a child)."""
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=posix,
        )
    except OSError as exc:
        raise RenderError(f"无法启动 LibreOffice（{command[0]}）：{explain_os_error(exc, '运行')}。") from exc
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc, posix)
        proc.communicate()
        raise RenderError(
            f"LibreOffice 转换 {docx.name} 超时（超过 {timeout:g} 秒），已终止。请稍后重试，或检查文档是否过大。"
        ) from None
    except BaseException:
        _kill(proc, posix)
        proc.communicate()
        raise
    text = stderr.decode("utf-8", "replace").strip() or stdout.decode("utf-8", "replace").strip()
    return proc.returncode, text


def _kill(proc: subprocess.Popen[bytes], posix: bool) -> None:
    if posix:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            return
        except OSError:
            pass
    proc.kill()


def _failure_message(docx: Path, returncode: int, stderr: str) -> str:
    message = f"LibreOffice 未能把 {docx.name} 转换为 PDF（退出码 {returncode}）。"
    if stderr:
        tail = stderr[-_STDERR_TAIL_CHARS:]
        message += f"\nLibreOffice 输出：\n{tail}"
    else:
        message += "文件可能已损坏，或不是有效的 DOCX 文档。"
    return message
