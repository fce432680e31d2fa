"""Fetching one web page for `sitegen new source URL`: the one request the editor asked for.

http(s) only; each address judged as `check --links` judges it (checks/addresses.py: public
ones only unless `allow_private`), for the URL and every redirect; the whole exchange within
`timeout` seconds (a timer shuts the socket, so a server that trickles bytes cannot hold us),
the body within MAX_PAGE_BYTES. Standard library only, as checks/http_probe.py, whose words
for a failed request (refused, host not found, TLS...) it shares with `check --links`.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import sitegen
from sitegen.checks.addresses import NotPublic, connect
from sitegen.checks.http_probe import REDIRECTS, as_ascii, failure_in_words

MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = f"sitegen/{sitegen.__version__} (adding a source to a briefing)"


class PageRefused(Exception):
    """The page could not be had; the message says why, in a few words."""


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # where it was found, after redirects
    body: bytes


def check_web_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PageRefused(f"only http:// and https:// URLs can be fetched, not '{url}'")


def fetch_page(
    url: str, timeout: float, allow_private: bool = False, max_bytes: int = MAX_PAGE_BYTES
) -> Page:
    """The page at `url`, redirects followed; raises PageRefused."""
    check_web_url(url)
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        status, location, body = _get(current, deadline, timeout, allow_private, max_bytes)
        if status in REDIRECTS and location:
            current = urljoin(current, location)
            check_web_url(current)
            continue
        if status != 200:
            raise PageRefused(f"the server answered {status}")
        return Page(current, body)
    raise PageRefused(f"more than {MAX_REDIRECTS} redirects")


def _get(
    url: str, deadline: float, timeout: float, allow_private: bool, max_bytes: int
) -> tuple[int, str | None, bytes]:
    parts = urlsplit(as_ascii(url))
    host, https = parts.hostname or "", parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    context = ssl.create_default_context()
    connection = (
        http.client.HTTPSConnection(host, port, context=context)
        if https
        else http.client.HTTPConnection(host, port)
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sock: socket.socket | None = None
    timer: threading.Timer | None = None
    timed_out = threading.Event()
    try:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock, _ = connect(host, port, left, allow_private)
        if https:
            sock = context.wrap_socket(sock, server_hostname=host)
        timer = threading.Timer(max(0.0, deadline - time.monotonic()), _shut, (sock, timed_out))
        timer.daemon = True
        timer.start()
        connection.sock = sock
        connection.request(
            "GET",
            path,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml",
                "Accept-Encoding": "identity",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), b""
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise PageRefused(_too_large(max_bytes))
        body = bytearray()
        while chunk := response.read(65536):
            body += chunk
            if len(body) > max_bytes:
                raise PageRefused(_too_large(max_bytes))
        if timed_out.is_set():
            raise TimeoutError
        return response.status, None, bytes(body)
    except PageRefused:
        raise
    except NotPublic as refusal:
        raise PageRefused(f"{refusal}; pass --allow-private to fetch it") from None
    except Exception as error:  # noqa: BLE001 - every failure is one line for the editor
        if timed_out.is_set() or isinstance(error, TimeoutError | socket.timeout):
            raise PageRefused(f"no answer within {timeout:g} s") from None
        raise PageRefused(failure_in_words(error)) from None
    finally:
        if timer is not None:
            timer.cancel()
        connection.close()
        if sock is not None:
            sock.close()


def _shut(sock: socket.socket, timed_out: threading.Event) -> None:
    timed_out.set()
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _too_large(max_bytes: int) -> str:
    return f"the page is larger than {max_bytes // (1024 * 1024)} MiB"
