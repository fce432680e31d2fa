"""Asking one URL whether it still answers: HEAD (GET when HEAD is refused), redirects followed
one by one and remembered, 429 and 503 retried after the wait the server asks for.

Only public addresses are asked, for the first request and for every redirect, unless
`allow_private` says otherwise (checks/addresses.py, which connects the socket). Only the
status line and the headers are read, never the body, and at most MAX_HEADER_BYTES of them;
a request may take `timeout` seconds in all, which `Watchdog` enforces from outside by
shutting its socket (a server sending one byte a second would otherwise never time out).
Standard library only: `http.client` writes the request on the socket connected here, and
the answer's head is read here (`read_head`), line by line within its byte limit, so that
headers past it are reported as such however many lines they take (http.client's reader stops
at 100 header lines and calls that not HTTP).
"""

from __future__ import annotations

import email.message
import email.parser
import email.utils
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import sitegen
from sitegen.checks.addresses import NotPublic, connect

MAX_HEADER_BYTES = 64 * 1024
USER_AGENT = f"sitegen-link-check/{sitegen.__version__} (a static site's link checker)"
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
RETRIED = {429, 503}

# What became of a URL. Only the first three say something lasting, and are cached.
OK, BROKEN, REFUSED = "ok", "broken", "refused"  # REFUSED: 401/403, maybe to robots only
SLOW, LIMITED, UNAVAILABLE, UNCHECKED = "slow", "limited", "unavailable", "unchecked"
NOT_PUBLIC = "not-public"  # the URL, or a redirect, leads to an address not asked by default
LASTING = (OK, BROKEN, REFUSED)


@dataclass(frozen=True, slots=True)
class Answer:
    url: str
    outcome: str  # OK, BROKEN, REFUSED, SLOW, LIMITED, UNAVAILABLE, UNCHECKED or NOT_PUBLIC
    status: int | None  # the last HTTP status; None when no HTTP answer came
    reason: str  # "404 Not Found", "connection refused", "redirect loop (a → b → a)"
    moved_to: str | None = None  # where permanent redirects from `url` lead
    redirects: tuple[tuple[int, str], ...] = ()  # each (status, the URL it led to)
    retry_after: float | None = None  # what a 429 or 503 asked for, in seconds
    private: bool = False  # an address that is not public was asked (with allow_private)

    def as_data(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "outcome": self.outcome,
            "status": self.status,
            "reason": self.reason,
            "moved_to": self.moved_to,
            "redirects": [list(hop) for hop in self.redirects],
            "retry_after": self.retry_after,
            "private": self.private,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Answer:
        return cls(
            data["url"],
            data["outcome"],
            data["status"],
            data["reason"],
            data["moved_to"],
            tuple((status, url) for status, url in data["redirects"]),
            data["retry_after"],
            bool(data["private"]),
        )


@dataclass(frozen=True, slots=True)
class ProbeOptions:
    timeout: float = 10.0  # seconds a request may take, connection and headers
    retries: int = 2  # further tries after a 429 or 503
    backoff: float = 1.0  # the first wait without Retry-After; doubled each time
    max_wait: float = 30.0  # a longer Retry-After is reported instead of waited for
    max_redirects: int = 10
    allow_private: bool = False  # ask loopback, private, link-local... addresses too


class Watchdog:
    """Shuts the sockets whose time is up, from the thread that watches the clock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[int, tuple[socket.socket, float]] = {}
        self._shut: set[int] = set()

    def track(self, sock: socket.socket, deadline: float) -> None:
        with self._lock:
            self._open[id(sock)] = (sock, deadline)

    def forget(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._open.pop(id(sock), None)
            self._shut.discard(id(sock))

    def was_shut(self, sock: socket.socket | None) -> bool:
        """Whether time ran out for this socket (what it read may have been cut short)."""
        with self._lock:
            return id(sock) in self._shut

    def reap(self, now: float) -> None:
        """Shut every socket past its deadline (all of them with now=inf)."""
        with self._lock:
            due = [key for key, (_, deadline) in self._open.items() if deadline <= now]
            for key in due:
                sock, _ = self._open.pop(key)
                self._shut.add(key)
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed by its own thread


@dataclass(slots=True)
class Host:
    """Politeness towards one host: how many requests at once, and not before when."""

    slots: threading.Semaphore
    not_before: float = 0.0  # monotonic time; set by a 429 or 503
    lock: threading.Lock = field(default_factory=threading.Lock)


Hosts = Callable[[str], Host]  # the Host of a URL's host and port


class Stopped(Exception):
    """The run's time is up."""


@dataclass(slots=True)
class Probe:
    """One URL's check, with what it shares with the others: hosts, the watchdog, the clock."""

    options: ProbeOptions
    hosts: Hosts
    watchdog: Watchdog
    stop: threading.Event
    run_deadline: float  # monotonic
    context: ssl.SSLContext = field(default_factory=ssl.create_default_context)

    def check(self, url: str) -> Answer:
        try:
            return self._follow(url)
        except Stopped:
            return Answer(url, UNCHECKED, None, "the time limit was reached")

    def _follow(self, url: str) -> Answer:
        seen = [url]
        redirects: list[tuple[int, str]] = []
        current = url
        private = False
        while True:
            reply = self._ask(current)
            private = private or reply.private
            if reply.status not in REDIRECTS or reply.location is None:
                return _final(url, reply, redirects, private)
            following = urljoin(current, reply.location)
            redirects.append((reply.status, following))
            if urlsplit(following).scheme not in ("http", "https"):
                return Answer(
                    url,
                    BROKEN,
                    reply.status,
                    f"redirects to '{following}', which is not an http(s) URL",
                    redirects=tuple(redirects),
                    private=private,
                )
            if following in seen:
                loop = " → ".join([*seen[seen.index(following) :], following])
                return Answer(
                    url,
                    BROKEN,
                    reply.status,
                    f"redirect loop ({loop})",
                    redirects=tuple(redirects),
                    private=private,
                )
            if len(redirects) > self.options.max_redirects:
                return Answer(
                    url,
                    BROKEN,
                    reply.status,
                    f"more than {self.options.max_redirects} redirects",
                    redirects=tuple(redirects),
                    private=private,
                )
            seen.append(following)
            current = following

    def _ask(self, url: str) -> _Reply:
        """HEAD, retried on 429 and 503; GET when HEAD fails otherwise (many servers answer
        HEAD wrongly: 405, 404, a dropped connection)."""
        reply = self._retried(url, "HEAD")
        if (
            reply.failure == "timed out"
            or reply.status in RETRIED
            or (reply.status is not None and reply.status < 400)
        ):
            return reply
        if reply.not_public or (reply.failure is not None and reply.failure.startswith(_NO_CONNECTION)):
            return reply  # not asked, or no server there: GET would fare no better
        return self._retried(url, "GET")

    def _retried(self, url: str, method: str) -> _Reply:
        host = self.hosts(url)
        for attempt in range(self.options.retries + 1):
            reply = self._request(url, method, host)
            if reply.status not in RETRIED or attempt == self.options.retries:
                return reply
            wait = reply.retry_after if reply.retry_after is not None else self.options.backoff * 2**attempt
            if wait > self.options.max_wait or time.monotonic() + wait >= self.run_deadline:
                return reply
            with host.lock:  # the whole host waits: that is what Retry-After asks
                host.not_before = max(host.not_before, time.monotonic() + wait)
        return reply  # not reached: the last attempt returns above

    def _request(self, url: str, method: str, host: Host) -> _Reply:
        self._wait_for(host)
        if not host.slots.acquire(timeout=max(0.0, self.run_deadline - time.monotonic())):
            raise Stopped
        try:
            self._wait_for(host)
            return self._exchange(url, method)
        finally:
            host.slots.release()

    def _wait_for(self, host: Host) -> None:
        while (delay := host.not_before - time.monotonic()) > 0:
            if time.monotonic() + delay >= self.run_deadline or self.stop.wait(delay):
                raise Stopped
        if self.stop.is_set():
            raise Stopped

    def _exchange(self, url: str, method: str) -> _Reply:
        parts = urlsplit(as_ascii(url))
        host, https = parts.hostname or "", parts.scheme == "https"
        # always given: without one, http.client reads a port out of an IPv6 host ("::1")
        port = parts.port or (443 if https else 80)
        deadline = min(time.monotonic() + self.options.timeout, self.run_deadline)
        # http.client only writes the request, on the socket connected here: it never
        # looks the name up itself
        connection = (
            http.client.HTTPSConnection(host, port, context=self.context)
            if https
            else http.client.HTTPConnection(host, port)
        )
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sock: socket.socket | None = None
        try:
            sock, private = connect(
                host, port, max(0.01, deadline - time.monotonic()), self.options.allow_private
            )
            if https:
                sock = self.context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
            self.watchdog.track(sock, deadline)  # the TLS handshake is timed too
            if isinstance(sock, ssl.SSLSocket):
                sock.do_handshake()
            connection.sock = sock
            connection.request(
                method, path, headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"}
            )
            with sock.makefile("rb") as stream:
                head = read_head(stream)
            if self.watchdog.was_shut(sock):  # the headers were cut off
                raise TimeoutError
            return _Reply(
                head.status,
                f"{head.status} {head.reason}".strip(),
                None,
                head.headers.get("Location"),
                _retry_after(head.headers.get("Retry-After")),
                private,
            )
        except NotPublic as refusal:
            return _Reply(None, "", str(refusal), None, None, not_public=True)
        except Exception as error:  # noqa: BLE001 - every failure is an answer to report
            if self.stop.is_set() or time.monotonic() >= self.run_deadline:
                raise Stopped from None
            return _Reply(None, "", failure_in_words(error, time.monotonic() >= deadline), None, None)
        finally:
            self.watchdog.forget(sock)
            connection.close()  # the body, never wanted, is left unread
            if sock is not None:
                sock.close()


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int | None
    reason: str  # "404 Not Found"
    failure: str | None  # what went wrong when no answer came
    location: str | None
    retry_after: float | None
    private: bool = False  # asked at an address that is not public (allow_private)
    not_public: bool = False  # not asked: `failure` says which address, and why


def as_ascii(url: str) -> str:
    """The URL as a request line needs it: an international host name in IDNA (`bücher.de` ->
    `xn--bcher-kva.de`), other characters of the path and query percent-encoded (UTF-8)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a name IDNA can spell: the lookup will say it is not found
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    path = quote(parts.path, safe="/%:@!$&'()*+,;=~-._")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _final(url: str, reply: _Reply, redirects: list[tuple[int, str]], private: bool) -> Answer:
    moved_to = None
    for status, target in redirects:  # the leading run of permanent redirects
        if status not in PERMANENT:
            break
        moved_to = target
    hops = tuple(redirects)
    if reply.status is None:
        failure = reply.failure or "no answer"
        outcome = NOT_PUBLIC if reply.not_public else SLOW if failure == "timed out" else BROKEN
        return Answer(url, outcome, None, failure, moved_to, hops, private=private)
    status = reply.status
    if status < 400 and status not in REDIRECTS:
        outcome = OK
    elif status in REDIRECTS:  # a redirect without a Location
        outcome = BROKEN
    elif status == 429:
        outcome = LIMITED
    elif status == 503:
        outcome = UNAVAILABLE
    elif status in (401, 403):
        outcome = REFUSED
    else:
        outcome = BROKEN
    return Answer(url, outcome, status, reply.reason, moved_to, hops, reply.retry_after, private)


_NO_CONNECTION = ("connection refused", "host not found", "network unreachable")


def failure_in_words(error: Exception, timed_out: bool = False) -> str:
    """A failed request in a few words: the link check's reason, and `new source`'s."""
    if timed_out or isinstance(error, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(error, AnswerTooLarge):
        return f"headers larger than {MAX_HEADER_BYTES // 1024} KiB"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "host not found"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"TLS error ({error.reason})"
    if isinstance(error, http.client.RemoteDisconnected):
        return "closed the connection without answering"
    if isinstance(error, http.client.HTTPException):
        return "answered with something that is not HTTP"
    if isinstance(error, OSError) and error.errno in (101, 113):  # ENETUNREACH, EHOSTUNREACH
        return "network unreachable"
    if isinstance(error, ConnectionError):
        return "connection reset"
    return f"could not connect ({type(error).__name__})"


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date (RFC 9110, 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class AnswerTooLarge(http.client.HTTPException):
    """The status line and headers went past MAX_HEADER_BYTES."""


@dataclass(frozen=True, slots=True)
class Head:
    """What a link check reads of an answer: its status line and its headers."""

    status: int
    reason: str
    headers: email.message.Message


def read_head(stream: BinaryIO) -> Head:
    """The final answer's status line and headers, interim 1xx answers skipped (RFC 9110,
    15.2), reading no more than MAX_HEADER_BYTES in all: a server must not make us read a
    gigabyte of headers, nor hold us with a million short ones."""
    left = MAX_HEADER_BYTES

    def line() -> bytes:
        nonlocal left
        if left <= 0:
            raise AnswerTooLarge
        data = stream.readline(left)
        left -= len(data)
        if left <= 0 and not data.endswith(b"\n"):
            raise AnswerTooLarge
        return data

    while True:
        first = line()
        if not first:
            raise http.client.RemoteDisconnected("closed without answering")
        version, code, reason = (first.decode("iso-8859-1").split(None, 2) + ["", ""])[:3]
        status = int(code) if len(code) == 3 and code.isascii() and code.isdigit() else 0
        if not version.startswith("HTTP/") or status < 100:
            raise http.client.BadStatusLine(first.decode("iso-8859-1"))
        lines = []
        while (header := line()) not in (b"\r\n", b"\n", b""):
            lines.append(header)
        if status >= 200:
            break
    headers = email.parser.Parser(_class=http.client.HTTPMessage).parsestr(
        b"".join(lines).decode("iso-8859-1"), headersonly=True
    )
    return Head(status, reason.strip(), headers)
