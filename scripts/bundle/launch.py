"""Start drafter for a clerk (run by 启动.bat / start.sh with the installed virtual environment's Python).

Works in <documents>/法治政府建设报告 (created when missing; DRAFTER_WORKDIR overrides it). A drafter
with the browser front end runs `drafter serve <folder>`, which prints the address and opens the
browser. A drafter without it prints the usage and leaves a command window (cmd on Windows, the
user's shell elsewhere) open in that folder with `drafter` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

FOLDER = "法治政府建设报告"


def documents() -> Path:
    """The user's documents folder as the desktop names it (redirected or localised names included)."""
    home = Path.home()
    if sys.platform == "win32":
        import ctypes
        import uuid

        class GUID(ctypes.Structure):
            _fields_ = [("data1", ctypes.c_ulong), ("data2", ctypes.c_ushort), ("data3", ctypes.c_ushort),
                        ("data4", ctypes.c_ubyte * 8)]

        known = uuid.UUID("{FDD39AD0-238F-46AF-ADB4-6C85480369C7}")  # FOLDERID_Documents
        guid = GUID(known.time_low, known.time_mid, known.time_hi_version,
                    (ctypes.c_ubyte * 8).from_buffer_copy(known.bytes[8:]))
        found = ctypes.c_wchar_p()
        if ctypes.windll.shell32.SHGetKnownFolderPath(ctypes.byref(guid), 0, None, ctypes.byref(found)) == 0:
            path = found.value
            ctypes.windll.ole32.CoTaskMemFree(found)
            if path:
                return Path(path)
        return home / "Documents"
    try:
        named = subprocess.run(["xdg-user-dir", "DOCUMENTS"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        named = ""
    if named.strip() and Path(named.strip()) != home:
        return Path(named.strip())
    for name in ("文档", "Documents"):
        if (home / name).is_dir():
            return home / name
    return home


def workdir() -> Path:
    chosen = os.environ.get("DRAFTER_WORKDIR")
    folder = Path(chosen) if chosen else documents() / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def main() -> int:
    scripts = Path(sys.executable).parent  # the virtual environment's Scripts (Windows) or bin folder
    drafter = str(scripts / ("drafter.exe" if sys.platform == "win32" else "drafter"))
    folder = workdir()
    os.chdir(folder)
    has_serve = subprocess.run([drafter, "serve", "--help"], capture_output=True).returncode == 0
    if has_serve:
        return subprocess.call([drafter, "serve", str(folder)])
    print(f"文件保存在：{folder}")
    print("这个版本的 drafter 还没有浏览器界面，请在本窗口中输入命令，例如：")
    print("  drafter new 2024.yaml      （向导：逐项回答，生成 2024.yaml 和 2024.docx）")
    print("  drafter import 去年的报告.docx -o 2024.yaml")
    print("  drafter build 2024.yaml    （生成 2024.docx）")
    print()
    sys.stdout.flush()
    subprocess.call([drafter, "--help"])
    if not sys.stdin.isatty():
        return 0
    env = {**os.environ, "PATH": str(scripts) + os.pathsep + os.environ.get("PATH", "")}
    if sys.platform == "win32":
        return subprocess.call([os.environ.get("COMSPEC", "cmd.exe"), "/k"], env=env)
    shell = os.environ.get("SHELL") or shutil.which("bash") or "/bin/sh"
    return subprocess.call([shell, "-i"], env=env)


if __name__ == "__main__":
    sys.exit(main())
