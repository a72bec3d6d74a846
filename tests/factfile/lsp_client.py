"""A small LSP client that drives yaml-language-server over stdio, as VS Code's YAML extension does.

JSON-RPC with Content-Length framing; a reader thread puts every message on a queue and each wait
is bounded by a deadline (no sleeps). The server is the one scripts/setup-lsp.sh installs.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import IO, Any

from tests.helpers.samples import ROOT

SERVER = ROOT / ".cache" / "lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
WAIT = 60.0  # seconds: a bound for a busy 2-core machine, not a pause

#: What VS Code's YAML extension sends, less the network: no schema store.
SETTINGS: dict[str, Any] = {
    "validate": True, "hover": True, "completion": True, "format": {"enable": False},
    "schemaStore": {"enable": False}, "schemas": {}, "disableDefaultProperties": False,
}


class LspError(AssertionError):
    pass


class YamlLanguageServer:
    def __init__(self, node: str, root: Path, locale: str = "zh-cn") -> None:
        self.proc = subprocess.Popen(
            [node, str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env={**os.environ, "NODE_OPTIONS": ""},
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in: IO[bytes] = self.proc.stdin
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._next_id = 0
        self.diagnostics: dict[str, list[list[dict[str, Any]]]] = {}
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(), "locale": locale,
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                "textDocument": {
                    "completion": {"completionItem": {"snippetSupport": True,
                                                      "documentationFormat": ["markdown", "plaintext"]}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {},
                },
            },
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})

    # -- transport ---------------------------------------------------------------

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length is None:
                    continue
                self._messages.put(json.loads(stream.read(length)))
        finally:
            self._messages.put(None)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self._in.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._in.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def _answer(self, message: dict[str, Any]) -> None:
        """Answer the server's own requests as an editor does."""
        result: Any = None
        if message["method"] == "workspace/configuration":
            sections = [item.get("section") for item in message["params"]["items"]]
            result = [SETTINGS if s == "yaml" else {} for s in sections]
        self._send({"id": message["id"], "result": result})

    def _pump(self, deadline: float) -> dict[str, Any]:
        """The next message that is not a request from the server, within `deadline`."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LspError("yaml-language-server 在限定时间内没有回应")
            try:
                message = self._messages.get(timeout=left)
            except queue.Empty:
                raise LspError("yaml-language-server 在限定时间内没有回应") from None
            if message is None:
                raise LspError("yaml-language-server 已退出")
            if "method" in message and "id" in message:
                self._answer(message)
                continue
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics.setdefault(params["uri"], []).append(params["diagnostics"])
            return message

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        my_id = self._next_id
        self._send({"id": my_id, "method": method, "params": params})
        deadline = time.monotonic() + WAIT
        while True:
            message = self._pump(deadline)
            if message.get("id") == my_id:
                if "error" in message:
                    raise LspError(f"{method}: {message['error']}")
                return message.get("result")

    # -- documents -----------------------------------------------------------------

    def open(self, uri: str, text: str) -> list[dict[str, Any]]:
        """Open a document and return the diagnostics the server publishes for it."""
        seen = len(self.diagnostics.get(uri, []))
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        deadline = time.monotonic() + WAIT
        while len(self.diagnostics.get(uri, [])) <= seen:
            self._pump(deadline)
        return self.diagnostics[uri][-1]

    def change(self, uri: str, text: str, version: int) -> list[dict[str, Any]]:
        """Replace an open document's text, as the editor does when the file changed on disk, and
        return the diagnostics for it. (Reopening the same URI is no substitute: the server keeps
        its parse of a URI by version, and a reopened document starts at version 1 again.)"""
        seen = len(self.diagnostics.get(uri, []))
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})
        deadline = time.monotonic() + WAIT
        while len(self.diagnostics.get(uri, [])) <= seen:
            self._pump(deadline)
        return self.diagnostics[uri][-1]

    def close(self, uri: str) -> None:
        """Close a document and wait for the server to clear its diagnostics, so that opening it
        again returns the diagnostics of the new text, not this clearing."""
        seen = len(self.diagnostics.get(uri, []))
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        deadline = time.monotonic() + WAIT
        while len(self.diagnostics.get(uri, [])) <= seen or self.diagnostics[uri][-1]:
            self._pump(deadline)

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request("textDocument/completion",
                              {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        return result["items"] if isinstance(result, dict) else (result or [])

    def hover(self, uri: str, line: int, character: int) -> Any:
        return self.request("textDocument/hover",
                            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})

    def shutdown(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=WAIT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=WAIT)
