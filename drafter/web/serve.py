"""Starting `drafter serve`: the address (loopback unless asked otherwise), the port, the browser."""

from __future__ import annotations

import socket
import webbrowser
from pathlib import Path

from drafter.errors import InputFileError, UsageError
from drafter.web import security


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def serve(folder: Path, *, host: str = "127.0.0.1", port: int | None = None, open_browser: bool = True,
          allow_remote: bool = False) -> int:
    import uvicorn

    from drafter.web.app import Server, create_app

    folder = Path(folder)
    if not folder.is_dir():
        raise InputFileError(f"{folder}：不是文件夹。drafter serve 后面写报告（事实文件）所在的文件夹，如 drafter serve .")
    remote = not security.is_loopback(host)
    if remote and not allow_remote:
        raise UsageError(f"只在本机地址上提供服务更安全；要让其他电脑访问 {host}，请同时加上 --allow-remote"
                         f"（届时网址中会带有随机的访问码，只有拿到完整网址的人才能打开）。")
    token = security.new_token() if remote else None
    server = Server(folder, token=token)
    app = create_app(server)
    port = port or free_port(host)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"drafter serve：报告文件夹 {folder.resolve()}")
    print(f"请在浏览器中打开：{url}")
    print("按 Ctrl-C 停止。")
    if open_browser and not remote:
        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, date_header=False)
    return 0
