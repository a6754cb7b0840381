"""A small Language Server Protocol client for the editor tests: JSON-RPC over a server's stdio.

It speaks just enough of the protocol to open documents and ask what an editor asks (completion,
hover, diagnostics). Every wait has a time limit, so a hung server fails the test instead of
hanging the run.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

WAIT = 30.0
"""Seconds any one answer may take; the server answers in well under a second when healthy."""


class ServerError(RuntimeError):
    """The server died, answered with an error, or did not answer in time."""


class LanguageServer:
    """One server process, started on a workspace folder, with `settings` as its configuration."""

    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._answers: dict[int, dict[str, Any]] = {}
        self._next_id = 0
        self._version = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "workspace": {
                        "configuration": True,
                        "didChangeConfiguration": {"dynamicRegistration": True},
                    },
                    "textDocument": {
                        "completion": {
                            "completionItem": {"snippetSupport": True, "tagSupport": {"valueSet": [1]}}
                        },
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {"tagSupport": {"valueSet": [1, 2]}},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _read(self) -> None:
        """Read framed messages off stdout into the queue; None marks the end of the stream."""
        stream = self.process.stdout
        assert stream is not None
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
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if length is None:
                    continue
                self.messages.put(json.loads(stream.read(length)))
        finally:
            self.messages.put(None)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdin.flush()

    def _next(self, timeout: float) -> dict[str, Any]:
        """The next message from the server, answering its own requests on the way."""
        try:
            message = self.messages.get(timeout=timeout)
        except queue.Empty:
            raise ServerError(f"the server sent nothing for {timeout:.0f} s") from None
        if message is None:
            raise ServerError(f"the server exited (status {self.process.poll()})")
        if "method" in message and "id" in message:
            self._send({"id": message["id"], "result": self._answer(message)})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        elif "id" in message:
            self._answers[message["id"]] = message
        return message

    def _answer(self, request: dict[str, Any]) -> Any:
        """The server asks for its settings section by section; other requests need only null."""
        if request["method"] == "workspace/configuration":
            return [self.settings.get(item.get("section", ""), None) for item in request["params"]["items"]]
        return None

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = WAIT) -> Any:
        self._next_id += 1
        number = self._next_id
        self._send({"id": number, "method": method, "params": params})
        while number not in self._answers:
            self._next(timeout)
        answer = self._answers.pop(number)
        if "error" in answer:
            raise ServerError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result")

    def open(self, path: Path, text: str | None = None) -> str:
        """Open a document (its text on disk unless given) and return its URI."""
        uri = path.resolve().as_uri()
        self.diagnostics.pop(uri, None)
        content = path.read_text(encoding="utf-8") if text is None else text
        # The server caches a parse by URI and version: a reopened URI needs a new version.
        self._version += 1
        document = {"uri": uri, "languageId": "yaml", "version": self._version, "text": content}
        self.notify("textDocument/didOpen", {"textDocument": document})
        return uri

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def wait_diagnostics(self, uri: str, timeout: float = WAIT) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for a document after it is opened."""
        while uri not in self.diagnostics:
            self._next(timeout)
        return self.diagnostics[uri]

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        position = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        result = self.request("textDocument/completion", position)
        if isinstance(result, dict):
            return list(result.get("items", []))
        return list(result or [])

    def hover(self, uri: str, line: int, character: int) -> str:
        position = {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        result = self.request("textDocument/hover", position)
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def shutdown(self) -> None:
        """Ask the server to stop; kill it if it does not."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout=5)
                self.notify("exit", None)
            self.process.wait(timeout=5)
        except (ServerError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
