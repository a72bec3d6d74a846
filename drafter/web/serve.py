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


def lan_address() -> str | None:
    """This computer's address on its network (a UDP socket's local end; no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            address: str = probe.getsockname()[0]
        except OSError:
            return None
    return None if security.is_loopback(address) else address


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
    shown = host
    if host in ("0.0.0.0", "::"):  # every address: show one the other computers can use
        shown = lan_address() or host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"drafter serve：报告文件夹 {folder.resolve()}")
    print(f"请在浏览器中打开：{url}")
    print("按 Ctrl-C 停止。")
    if open_browser and not remote:
        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, date_header=False)
    return 0
