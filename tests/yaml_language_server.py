"""A small client of the YAML language server (npm's yaml-language-server, from tests/node), over
stdio as an editor talks to it: Language Server Protocol messages in JSON-RPC, each after a
Content-Length header. It opens documents and returns the diagnostics the server publishes."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

# How long the server may take to answer; it checks a small file in milliseconds.
TIMEOUT = 30


class YamlLanguageServer:
    def __init__(self, server: Path, root: Path, settings: dict[str, Any]):
        """Start `server` (its bin/yaml-language-server) for the workspace `root` with the
        `yaml.*` settings an editor would send (`{"yaml.schemas": {...}}`)."""
        self.process = subprocess.Popen(
            ["node", str(server), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.opened: set[str] = set()
        threading.Thread(target=self._read, daemon=True).start()
        self.settings = {
            "yaml": {"validate": True, **{k.removeprefix("yaml."): v for k, v in settings.items()}}
        }
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def diagnostics(self, path: Path, text: str) -> list[tuple[int, str]]:
        """Open `text` as the file `path` (a path not opened before); the problems the server
        reports in it, as (line counted from 1, message)."""
        return self.diagnostics_of({path: text})[path]

    def diagnostics_of(self, documents: dict[Path, str]) -> dict[Path, list[tuple[int, str]]]:
        """Several files opened at once (the server takes a moment for each), as diagnostics()."""
        uris = {path.as_uri(): path for path in documents}
        # A path is opened once only: the server may publish again for a document (when it is
        # closed, when settings arrive), which must not be taken for another text's problems.
        assert not set(uris) & self.opened, "a path opened before"
        self.opened.update(uris)
        for uri, path in uris.items():
            self.notify(
                "textDocument/didOpen",
                {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": documents[path]}},
            )
        found: dict[Path, list[tuple[int, str]]] = {}
        while len(found) < len(uris):
            message = self._wait(
                lambda m: (
                    m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] in uris
                    and uris[m["params"]["uri"]] not in found
                )
            )
            marks = message["params"]["diagnostics"]
            found[uris[message["params"]["uri"]]] = sorted(
                (mark["range"]["start"]["line"] + 1, mark["message"]) for mark in marks
            )
        for uri in uris:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return found

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        number = self.next_id
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == number and "method" not in m).get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()

    def _wait(self, wanted) -> dict[str, Any]:
        """The next message `wanted` picks, answering the server's own requests meanwhile."""
        while True:
            try:
                message = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"the YAML language server said nothing for {TIMEOUT} s") from None
            if "method" in message and "id" in message:  # a request of the server's
                self._answer(message)
            elif wanted(message):
                return message

    def _answer(self, request: dict[str, Any]) -> None:
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [self._setting(item.get("section", "")) for item in request["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def _setting(self, section: str) -> Any:
        value: Any = self.settings
        for part in filter(None, section.split(".")):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if line == b"" or length is None:
                return
            self.messages.put(json.loads(stream.read(length)))
