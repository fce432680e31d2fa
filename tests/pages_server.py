"""A local static server that behaves like GitHub Pages, for tests that load the built site.

The site is mounted under a base path (`/briefing/` for a project site); `dir/` serves
`dir/index.html`; `dir` redirects to `dir/`; `/about` serves `about.html`; there are no
folder listings; a missing path gets the site's `404.html` with status 404; anything outside
the base path is a bare 404. Bound to 127.0.0.1 on a free port.
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Handler(BaseHTTPRequestHandler):
    server: _PagesServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        self.server.requested.append(path)
        base = self.server.base
        if path + "/" == base:
            return self._redirect(base)
        if not path.startswith(base):
            return self._send(404, b"outside the site", "text/plain", send_body)
        relative = path[len(base) :]
        parts = [part for part in relative.split("/") if part]
        if any(part in (".", "..") for part in parts):
            return self._send(404, b"not found", "text/plain", send_body)
        target = self.server.root.joinpath(*parts)
        if relative == "" or relative.endswith("/"):
            target = target / "index.html"
        elif target.is_dir():
            return self._redirect(path + "/")
        elif not target.exists() and target.with_name(target.name + ".html").is_file():
            target = target.with_name(target.name + ".html")
        if target.is_file() and target.resolve().is_relative_to(self.server.root.resolve()):
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return self._send(200, target.read_bytes(), kind, send_body)
        missing = self.server.root / "404.html"
        if missing.is_file():
            return self._send(404, missing.read_bytes(), "text/html", send_body)
        return self._send(404, b"not found", "text/plain", send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        if kind.startswith("text/") and "charset" not in kind:
            kind += "; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _PagesServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, base: str):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root, self.base = root, base
        self.requested: list[str] = []


@contextmanager
def serve_site(root: Path, base: str = "/") -> Iterator[_PagesServer]:
    """Serve `root` under `base`; yields the server (`.url` is the site's address)."""
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    server = _PagesServer(root, base)
    server.url = f"http://127.0.0.1:{server.server_address[1]}{base}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
