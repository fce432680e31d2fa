"""A local HTTP server that answers the way real servers do when links rot, for `check --links`
tests and benchmarks: 200, 301, 308, 302, 404, 410, 429 with Retry-After, 503, slow answers,
headers that never end, a megabyte of short headers, garbage, no answer at all, redirect loops,
a body of gigabytes, a redirect to any URL. Bound to 127.0.0.1 (or another loopback address) on a free
port, over TLS when given a context; `refused_url()` gives an address where nothing listens.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


class _Handler(BaseHTTPRequestHandler):
    server: LinkServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        path, query = urlsplit(self.path)[2:4]
        server = self.server
        with server.lock:
            server.requests.append((method, path, time.monotonic()))
            server.hits[path] += 1
            hits = server.hits[path]
            server.active += 1
            server.most_active = max(server.most_active, server.active)
        self._counted = True
        try:
            self._route(method, path, hits, query)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as a link checker should
        finally:
            self._leave()

    def _leave(self) -> None:
        """No longer a request at once. Said before the answer is written where it counts:
        once the client has read it, it may send its next request before this thread runs
        again (on a busy machine the count then read 3 for a checker that keeps to 2)."""
        if self._counted:
            self._counted = False
            with self.server.lock:
                self.server.active -= 1

    def _route(self, method: str, path: str, hits: int, query: str) -> None:
        name = path.strip("/").split("/")[0]
        if name == "ok":
            return self._status(200)
        if name == "to":  # /to?URL: a redirect to the URL
            return self._status(302, Location=unquote(query))
        if name == "page":  # a page of a server that takes `page_delay` seconds to answer
            self._sleep(self.server.page_delay)
            return self._status(200)
        if name == "moved-301":
            return self._status(301, Location="/ok")
        if name == "moved-308":
            return self._status(308, Location=f"http://127.0.0.1:{self.server.port}/ok")
        if name == "temporary":
            return self._status(302, Location="/ok")
        if name == "moved-then-temporary":
            return self._status(301, Location="/temporary")
        if name == "gone-404":
            return self._status(404)
        if name == "gone-410":
            return self._status(410)
        if name == "limited-once":  # 429 asking for a second, then fine
            return self._status(429, **{"Retry-After": "1"}) if hits == 1 else self._status(200)
        if name == "limited":  # asks for more than anyone should wait
            return self._status(429, **{"Retry-After": "120"})
        if name == "unavailable-once":
            return self._status(503) if hits == 1 else self._status(200)
        if name == "unavailable":
            return self._status(503)
        if name == "forbidden":
            return self._status(403)
        if name == "no-head":
            return self._status(405 if method == "HEAD" else 200)
        if name == "slow":
            self._sleep(self.server.slow_seconds)
            return self._status(200)
        if name == "slowly":  # a polite, slow page: for counting requests at once
            self._sleep(0.2)
            self._leave()
            return self._status(200)
        if name == "trickle":  # a status line, then a byte of header every 0.2 s, forever
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not self.server.stopping.wait(0.2):
                self.wfile.write(b"a")
                self.wfile.flush()
            return None
        if name == "garbage":
            self.wfile.write(b"THIS IS NOT HTTP\r\n\r\n")
            return None
        if name == "hang-up":  # reads the request, then closes without a word
            self.close_connection = True
            return None
        if name == "loop-a":
            return self._status(302, Location="/loop-b")
        if name == "loop-b":
            return self._status(302, Location="/loop-a")
        if name == "huge":  # HEAD refused, GET answered with gigabytes
            if method == "HEAD":
                return self._status(405)
            self.send_response(200)
            self.send_header("Content-Length", str(10 * 1024**3))
            self.end_headers()
            chunk = b"x" * 65536
            while not self.server.stopping.is_set():
                self.wfile.write(chunk)
                with self.server.lock:
                    self.server.body_bytes_sent += len(chunk)
            return None
        if name == "huge-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while not self.server.stopping.is_set():
                self.wfile.write(b"X-Padding: " + b"y" * 1000 + b"\r\n")
                with self.server.lock:
                    self.server.body_bytes_sent += 1013
            return None
        if name == "many-headers":  # 1.1 MB of headers in short lines
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(1100):
                if self.server.stopping.is_set():
                    break
                self.wfile.write(b"X-A: b\r\n" * 125)  # 1,000 bytes
            self.wfile.write(b"\r\n")
            return None
        if name == "150-headers":  # more than http.client's 100, in under 2 KB
            self.send_response(200)
            for number in range(150):
                self.send_header(f"X-Header-{number}", "x")
            self.end_headers()
            return None
        if name == "early-hints":  # an interim 103, then the answer
            self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n")
            return self._status(410)
        return self._status(404)

    def _sleep(self, seconds: float) -> None:
        self.server.stopping.wait(seconds)

    def _status(self, status: int, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        super().__init__((host, 0), _Handler)
        self.host, self.port = host, self.server_address[1]
        self.scheme = "https" if tls else "http"
        if tls is not None:  # each handshake in its request's thread, not in the accepting one
            self.socket = tls.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, float]] = []  # (method, path, monotonic time)
        self.hits: Counter[str] = Counter()
        self.active = self.most_active = 0
        self.body_bytes_sent = 0
        self.slow_seconds = 5.0
        self.page_delay = 0.0
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}/{path.lstrip('/')}"

    def handle_error(self, request: object, client_address: object) -> None:
        if self.scheme == "http":  # over TLS, a client refusing the certificate is expected
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def link_server(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> Iterator[LinkServer]:
    server = LinkServer(host, tls)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    """An address where nothing listens: a port taken from the system, then let go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing-here"
