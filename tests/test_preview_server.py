"""`sitegen serve`, run as an editor runs it: a subprocess on a free port, over a copy of the
briefing; pages are fetched over HTTP and in Chromium while files change on disk."""

from __future__ import annotations

import asyncio
import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from helpers import BASE_URL, WAIT_SECONDS, edit, free_port, start_serve, wait_until
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from sitegen.preview.gate import Gate, Refusal

BROKEN_FACTS = (
    "content/briefings/xi-lee-summit/facts.yaml:15:10: the list opened with '[' here is not closed: "
    "end it with ']' (and separate its items with commas)"
)
SEED = "briefings/xi-lee-summit/"  # the first briefing's pages, under the base path


@dataclass
class RunningPreview:
    project: Path
    port: int
    process: subprocess.Popen
    out: Path
    err: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/briefing/"

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, http.client.HTTPResponse]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read(), response
        finally:
            connection.close()

    def page(self, path: str) -> BeautifulSoup:
        status, body, _ = self.get("/briefing/" + path)
        assert status == 200, f"{path}: {status}"
        return BeautifulSoup(body, "html5lib")


# `sitegen serve` whose rebuilds fail with an unexpected exception (a bug) while the file
# content/FAULT exists.
FAULTY_SERVE = """
import sys
from sitegen.cli import main
from sitegen.preview.rebuild import PreviewBuilder

build = PreviewBuilder.build
def faulty(self):
    if (self.config.content_dir / "FAULT").exists():
        raise RuntimeError("injected fault")
    return build(self)
PreviewBuilder.build = faulty
sys.exit(main(sys.argv[1:]))
"""

# `sitegen serve` closing a connection whose request has not arrived 1 s after it was awaited.
QUICK_TIMEOUT = 1.0
QUICK_TIMEOUT_SERVE = f"""
import sys
from sitegen.cli import main
from sitegen.preview import serve
serve.CONNECTION_TIMEOUT_SECONDS = {QUICK_TIMEOUT}
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture
def running_preview(briefing_project: Path) -> Iterator[RunningPreview]:
    with preview_of(briefing_project) as preview:
        yield preview


@pytest.fixture
def faulty_preview(briefing_project: Path) -> Iterator[RunningPreview]:
    with preview_of(briefing_project, script=FAULTY_SERVE) as preview:
        yield preview


@pytest.fixture
def quick_timeout_preview(briefing_project: Path) -> Iterator[RunningPreview]:
    with preview_of(briefing_project, script=QUICK_TIMEOUT_SERVE) as preview:
        yield preview


@contextmanager
def preview_of(briefing_project: Path, script: str | None = None) -> Iterator[RunningPreview]:
    port = free_port()
    process = start_serve(briefing_project, "--port", str(port), "--base-url", BASE_URL, script=script)
    preview = RunningPreview(
        briefing_project, port, process, briefing_project / "serve.out", briefing_project / "serve.err"
    )
    try:

        def answers() -> bool:
            assert process.poll() is None, preview.err.read_text()
            try:
                return preview.get("/briefing/")[0] == 200
            except OSError:
                return False

        wait_until(answers, "the preview server to answer")
        yield preview
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # what Ctrl-C sends
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_serves_the_site_under_its_base_path_and_shows_a_saved_edit(running_preview):
    status, _, response = running_preview.get("/")
    assert (status, response.getheader("Location")) == (302, "/briefing/")
    heading = running_preview.page(SEED + "sections/security.html").select_one("h1")
    assert heading.get_text(strip=True) == "Security and North Korea"

    edit(
        running_preview.project / "content/briefings/xi-lee-summit/sections/security.md",
        "to address broader",
        "to address, and quickly, broader",
    )

    def shows_edit() -> bool:
        prose = running_preview.page(SEED + "sections/security.html").select_one(".prose")
        return "to address, and quickly, broader" in prose.get_text()

    wait_until(shows_edit, "the edited section to be served")


def test_one_save_of_several_files_is_one_rebuild(running_preview):
    content = running_preview.project / "content/briefings/xi-lee-summit"
    edit(content / "facts.yaml", "value: two months", "value: two short months")
    edit(content / "sections/overview.md", "title: ", "title: Saved together, ")

    def shows_both() -> bool:
        home = running_preview.page(SEED + "index.html")
        titles = [a.get_text() for a in home.select(".section-list a")]
        facts = running_preview.page(SEED + "sections/overview.html").get_text()
        return "Saved together, Overview" in titles and "two short months" in facts

    wait_until(shows_both, "both edits to be served")
    rebuilds = [
        line
        for line in running_preview.out.read_text(encoding="utf-8").splitlines()
        if line.startswith("rebuilt ")
    ]
    assert len(rebuilds) == 2  # the first build, then one for the save


@pytest.mark.parametrize(
    "path",
    [
        "/briefing/../content/site.yaml",
        "/briefing/%2e%2e/content/site.yaml",
        "/briefing/..%2fcontent%2fsite.yaml",
        "/briefing/.sitegen-output.json",
        "/content/site.yaml",
    ],
)
def test_never_serves_a_file_outside_the_built_site(running_preview, path):
    status, body, _ = running_preview.get(path)
    assert status == 404
    # whatever page says "not found", it holds neither file's text
    project = running_preview.project
    for secret in (project / "content/site.yaml", project / ".sitegen-preview/.sitegen-output.json"):
        assert secret.read_bytes().strip() not in body


def test_never_follows_a_link_out_of_the_built_site(running_preview):
    (running_preview.project / ".sitegen-preview/leak.html").symlink_to(
        running_preview.project / "content/site.yaml"
    )
    assert running_preview.get("/briefing/leak.html")[0] == 404


@pytest.mark.parametrize("name", ["a" * 256 + ".html", "é" * 128, "a" * 300 + "/index.html"])
def test_a_file_name_longer_than_the_system_takes_is_not_found(running_preview, name):
    status, body, _ = running_preview.get("/briefing/" + quote(name))
    assert status == 404
    assert BeautifulSoup(body, "html5lib").select_one("h1").get_text() == "Page not found"


# A page of another site reaching the preview on 127.0.0.1: through DNS rebinding (its own
# name made to point at 127.0.0.1, so its requests say `Host: evil.example`), or directly
# with a WebSocket or a plain GET, which the same-origin policy lets through.
REFUSED_HOST = (
    "misdirected request: this sitegen preview answers only to 127.0.0.1, "
    "localhost or [::1], not to the host this request named\n"
)


def refused_origin(port: int, had: str) -> str:
    return (
        "forbidden: live reload answers only pages of this sitegen preview, whose Origin "
        f"is http://127.0.0.1:{port}; this request had {had}\n"
    )


def test_answers_only_requests_that_name_its_own_address(running_preview):
    port = running_preview.port
    for host in (
        "127.0.0.1",
        f"127.0.0.1:{port}",
        "localhost",
        f"LocalHost:{port}",
        "[::1]",
        f"[::1]:{port}",
        f"[0:0:0:0:0:0:0:1]:{port}",
    ):
        assert running_preview.get("/briefing/", {"Host": host})[0] == 200, host
    for host in (
        "evil.example",
        f"evil.example:{port}",
        f"127.0.0.1.evil.example:{port}",
        "localhost.evil.example",
        f"::1:{port}",
        "",
    ):
        for path in ("/briefing/", f"/briefing/{SEED}sections/security.html", "/livereload.js"):
            status, body, response = running_preview.get(path, {"Host": host})
            assert (status, response.getheader("Content-Type"), body.decode()) == (
                421,
                "text/plain; charset=utf-8",
                REFUSED_HOST,
            ), (host, path)


@pytest.mark.parametrize(
    ("listening_on", "answered", "refused", "names"),
    [
        (
            "0.0.0.0",
            ["192.168.1.5:8000", "[fe80::1]:8000", "localhost:8000"],
            ["evil.example:8000", "printer.lan"],
            "127.0.0.1, localhost, [::1] or an IP address of this machine",
        ),
        (
            "192.168.1.5",
            ["192.168.1.5:8000", "127.0.0.1"],
            ["192.168.1.6:8000", "evil.example"],
            "127.0.0.1, localhost, [::1] or 192.168.1.5",
        ),
        (
            "desk.lan",
            ["DESK.lan:8000", "[::1]"],
            ["evil.example", "desk.lan.evil.example"],
            "127.0.0.1, localhost, [::1] or desk.lan",
        ),
    ],
)
def test_with_host_the_preview_answers_to_that_address_too_and_to_no_other_name(
    listening_on, answered, refused, names
):
    """`--host`: readers on the network reach the preview by the address or name given, and
    by any address of the machine when it listens on all of them; never by another name."""
    gate = Gate.listening_on(listening_on)
    for host in answered:
        assert gate.check_request(host, "/briefing/") is None, host
    for host in refused:
        assert gate.check_request(host, "/briefing/") == Refusal(
            421,
            f"misdirected request: this sitegen preview answers only to {names}, not to "
            "the host this request named\n",
        ), host


def websocket_handshake(port: int, origin: str | None) -> int:
    """The status the live-reload socket answers a browser's opening handshake with."""
    lines = [
        "GET /livereload HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        *([f"Origin: {origin}"] if origin else []),
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n" not in answer and len(answer) < 4096:  # each recv bounded by the timeout
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def test_the_live_reload_socket_opens_only_to_pages_of_the_preview(running_preview):
    """The socket hears the path of every rebuilt file, drafts included."""
    port = running_preview.port
    assert websocket_handshake(port, f"http://127.0.0.1:{port}") == 101
    for origin in (
        "http://evil.example",
        f"http://evil.example:{port}",
        "null",
        f"http://localhost:{port}",
        f"http://127.0.0.1:{port + 1}",
        None,
    ):
        assert websocket_handshake(port, origin) == 403, origin


def test_only_pages_of_the_preview_can_make_its_open_pages_reload(quick_timeout_preview):
    """/forcereload reloads every open page: another site can ask for it with an <img> (no
    Origin) or a fetch (its own Origin); neither reaches the browser. The browser's socket
    stays open while it waits, longer than a request may take to arrive."""
    port = quick_timeout_preview.port
    own = f"http://127.0.0.1:{port}"

    async def hear_reloads() -> list[str]:
        browser = await websocket_connect(
            HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": own})
        )
        # livereload.js's handshake; the second hello's answer says the info was handled
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        for message in (hello, {"command": "info", "url": own + "/briefing/"}, hello):
            await browser.write_message(json.dumps(message))
        for _ in range(2):
            assert (
                json.loads(await asyncio.wait_for(browser.read_message(), WAIT_SECONDS))["command"] == "hello"
            )
        await asyncio.sleep(QUICK_TIMEOUT * 1.5)
        for headers, had in (({}, "no Origin"), ({"Origin": "http://evil.example"}, "another one")):
            status, body, _ = quick_timeout_preview.get("/forcereload?path=theirs", headers)
            assert (status, body.decode()) == (403, refused_origin(port, had))
        assert quick_timeout_preview.get("/forcereload?path=ours", {"Origin": own})[0] == 200
        heard: list[str] = []
        while "ours" not in heard:  # bounded: each wait gives up after WAIT_SECONDS
            message = await asyncio.wait_for(browser.read_message(), WAIT_SECONDS)
            heard.append(json.loads(message)["path"])
        browser.close()
        return heard

    # "*" may come first: livereload's reload at start-up, sent to a page connected that early.
    # In a thread of its own: a browser test's Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        heard = thread.submit(asyncio.run, hear_reloads()).result()
    assert "theirs" not in heard


def test_a_url_longer_than_2048_bytes_gets_414(running_preview):
    longest = ("/briefing/" + "abc/" * 600)[:2048]
    assert running_preview.get(longest)[0] == 404  # as any page that is not there
    for path in (longest + "c", "/briefing/" + "a" * 8000):
        status, body, response = running_preview.get(path)
        assert (status, response.getheader("Content-Type"), body.decode()) == (
            414,
            "text/plain; charset=utf-8",
            "URI too long: this sitegen preview answers only URLs of at most 2048 bytes\n",
        )


# What a client sends when the connection opens, then a piece of it every 0.2 s.
STALLS = {
    "idle": (b"", b""),
    "slow headers": (b"GET /briefing/ HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-Slow: 1\r\n"),
    "slow body": (b"POST /briefing/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n", b"x"),
    "idle after an answer": (b"GET /briefing/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", b""),
}


@pytest.mark.parametrize("stall", STALLS)
def test_a_stalled_or_slow_connection_is_closed(quick_timeout_preview, stall):
    """Each open connection costs the server a file descriptor: one whose request has not
    fully arrived QUICK_TIMEOUT after it was awaited is closed, however slowly it trickles."""
    opening, piece = STALLS[stall]
    received = b""
    with socket.create_connection(("127.0.0.1", quick_timeout_preview.port)) as connection:
        connection.settimeout(0.2)
        connection.sendall(opening)
        deadline = time.monotonic() + QUICK_TIMEOUT + 5  # generous: the machine is shared
        while time.monotonic() < deadline:
            try:
                connection.sendall(piece)
                chunk = connection.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if not chunk:
                break
            received += chunk
        else:
            pytest.fail(f"the connection was still open {QUICK_TIMEOUT + 5} s later")
    assert received.startswith(b"HTTP/1.1 200 OK\r\n") == (stall == "idle after an answer")


def test_a_broken_yaml_file_shows_an_error_page_until_it_is_fixed(running_preview):
    facts = running_preview.project / "content/briefings/xi-lee-summit/facts.yaml"
    original = facts.read_text(encoding="utf-8")
    facts.write_text(original.replace("  value: two months", "  value: [two months"), encoding="utf-8")

    def error_shown() -> bool:
        return running_preview.page("index.html").select_one("#sitegen-build-error") is not None

    wait_until(error_shown, "the error page")
    overlay = running_preview.page("index.html").select_one("#sitegen-build-error")
    assert overlay.select_one("pre").get_text() == BROKEN_FACTS
    assert (
        running_preview.page(SEED + "index.html").select_one("h1").get_text()
        == "China’s Xi to Host South Korea’s Lee Amid Regional Tensions"
    )  # the last good build

    facts.write_text(original, encoding="utf-8")
    wait_until(lambda: not error_shown(), "the error page to clear")
    errors = running_preview.err.read_text(encoding="utf-8")
    assert errors.count(BROKEN_FACTS) == 1
    assert f"{BROKEN_FACTS}\n1 error; still serving the last good build\n" in errors


def test_a_quote_its_snapshot_does_not_hold_shows_in_the_error_overlay(running_preview):
    quotes = running_preview.project / "content/briefings/takaichi-lee-nara/quotes.yaml"
    edit(quotes, "is more important than ever", "is more vital than ever")

    def error_shown() -> bool:
        return running_preview.page("index.html").select_one("#sitegen-build-error") is not None

    wait_until(error_shown, "the error page")
    shown = running_preview.page("index.html").select_one("#sitegen-build-error pre").get_text()
    assert shown.startswith(
        "content/briefings/takaichi-lee-nara/quotes.yaml:20:1: quote 'lee-more-important' is not in "
        "the snapshot of source 'anews-takaichi-lee' (content/snapshots/anews-takaichi-lee.txt)"
    )
    edit(quotes, "is more vital than ever", "is more important than ever")
    wait_until(lambda: not error_shown(), "the error page to clear")


def test_ctrl_c_stops_the_server_cleanly(running_preview):
    running_preview.process.send_signal(signal.SIGINT)
    assert running_preview.process.wait(timeout=WAIT_SECONDS) == 0
    assert "Traceback" not in running_preview.err.read_text(encoding="utf-8")
    assert running_preview.out.read_text(encoding="utf-8").endswith("stopped\n")


def test_a_port_in_use_gives_a_clear_message(briefing_project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
            cwd=briefing_project,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr == (
        f"sitegen: port {port} on 127.0.0.1 is already in use; choose another with --port\n"
    )
    assert not (briefing_project / ".sitegen-preview").exists()


def test_a_host_other_than_loopback_is_warned_about(briefing_project):
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sitegen", "serve", "--host", "0.0.0.0", "--port", str(port)],
            cwd=briefing_project,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.stderr.splitlines() == [
        "sitegen: warning: serving on 0.0.0.0: other machines on the network can see the "
        "preview, drafts included",
        f"sitegen: port {port} on 0.0.0.0 is already in use; choose another with --port",
    ]


@pytest.mark.browser
def test_the_open_page_follows_edits_and_errors_without_navigation(running_preview, chromium):
    page = chromium.new_page()
    try:
        page.goto(running_preview.url + SEED + "sections/technology.html")
        # connected: livereload.js has shaken hands with the server and will hear reloads
        page.wait_for_function(
            "() => window.LiveReload && window.LiveReload.connector.protocol", timeout=WAIT_SECONDS * 1000
        )
        section = running_preview.project / "content/briefings/xi-lee-summit/sections/technology.md"
        edit(section, "title: ", "title: Edited ")
        page.wait_for_function(
            "() => document.querySelector('h1').textContent.startsWith('Edited ')",
            timeout=WAIT_SECONDS * 1000,
        )

        facts = running_preview.project / "content/briefings/xi-lee-summit/facts.yaml"
        original = facts.read_text(encoding="utf-8")
        facts.write_text(original.replace("  value: two months", "  value: [two months"), encoding="utf-8")
        overlay = page.wait_for_selector("#sitegen-build-error", timeout=WAIT_SECONDS * 1000)
        assert overlay.is_visible()
        # styled from the <head>, as the page's Content-Security-Policy allows (no style="")
        assert overlay.evaluate("element => getComputedStyle(element).position") == "fixed"
        assert page.inner_text("#sitegen-build-error pre") == BROKEN_FACTS

        facts.write_text(original, encoding="utf-8")
        page.wait_for_selector("#sitegen-build-error", state="detached", timeout=WAIT_SECONDS * 1000)
        assert page.inner_text("h1").startswith("Edited ")
    finally:
        page.close()


def test_a_saved_section_text_is_served_before_the_rebuild_finishes(running_preview):
    edit(
        running_preview.project / "content/briefings/xi-lee-summit/sections/technology.md",
        "\n## ",
        "\nA quick sentence.\n\n## ",
    )

    def shows_edit() -> bool:
        page = running_preview.page(SEED + "sections/technology.html")
        return "A quick sentence." in page.get_text()

    wait_until(shows_edit, "the edited section to be served")
    wait_until(
        lambda: "A quick sentence." in running_preview.page(SEED + "full/index.html").get_text(),
        "the full briefing to follow",
    )
    lines = running_preview.out.read_text(encoding="utf-8").splitlines()
    answers = [line.split(" in ")[0] for line in lines if not line.startswith("previewing")]
    # the first build; the section's page on its own; then the rest of the rebuild
    assert [answer.split(" ")[0] for answer in answers] == ["rebuilt", "updated", "rebuilt"]
    assert answers[1] == f"updated {SEED}sections/technology.html"


@pytest.mark.browser
def test_only_pages_whose_files_changed_reload(running_preview, chromium):
    pages = {}
    for path in (SEED + "sections/technology.html", SEED + "sections/security.html", SEED + "full/"):
        page = chromium.new_page()
        page.goto(running_preview.url + path)
        page.wait_for_function(
            "() => window.LiveReload && window.LiveReload.connector.protocol", timeout=WAIT_SECONDS * 1000
        )
        page.evaluate("() => { window.notReloaded = true; }")
        pages[path] = page
    try:
        edit(
            running_preview.project / "content/briefings/xi-lee-summit/sections/technology.md",
            "\n## ",
            "\nA quick sentence.\n\n## ",
        )
        for path in (SEED + "sections/technology.html", SEED + "full/"):  # both show the sentence
            pages[path].wait_for_function(
                "() => !window.notReloaded && document.body.textContent.includes('A quick sentence.')",
                timeout=WAIT_SECONDS * 1000,
            )
        time.sleep(1)  # the same messages reached the security page; it would be reloading now
        assert pages[SEED + "sections/security.html"].evaluate("() => window.notReloaded") is True
    finally:
        for page in pages.values():
            page.close()


@pytest.mark.browser
def test_the_preview_runs_its_own_inline_scripts_and_no_other(running_preview, chromium):
    """livereload's loader and the reload filter are inline scripts: the preview lets them
    through the page's Content-Security-Policy by their hash, and nothing else."""
    sections = running_preview.project / ".sitegen-preview" / SEED / "sections"
    text = (sections / "technology.html").read_text(encoding="utf-8")
    (sections / "injected.html").write_text(
        text.replace('<main id="main">', '<main id="main"><script>window.injectedScript = true;</script>', 1),
        encoding="utf-8",
    )
    page = chromium.new_page()
    try:
        page.goto(running_preview.url + SEED + "sections/injected.html")
        # one look, once connected (livereload may reload the page meanwhile)
        injected = page.wait_for_function(
            "() => window.LiveReload && window.LiveReload.connector.protocol"
            " && window.LiveReloadPluginSitegen && String(window.injectedScript)",
            timeout=WAIT_SECONDS * 1000,
        )
        assert injected.json_value() == "undefined"
    finally:
        page.close()


class _DocumentEnd(HTMLParser):
    """Notes whether the parser reached the end of the document (the </html> end tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.ended = False

    def handle_endtag(self, tag: str) -> None:
        self.ended = self.ended or tag == "html"


def is_complete(body: bytes) -> bool:
    parser = _DocumentEnd()
    parser.feed(body.decode("utf-8"))
    parser.close()
    return parser.ended


def test_concurrent_readers_always_get_whole_pages_through_saves_and_a_failed_rebuild(faulty_preview):
    """8 readers fetch pages while a section is saved 10 times and one rebuild fails with an
    unexpected exception: every answer is a whole page, and the server goes on answering."""
    paths = [
        "/briefing/",
        f"/briefing/{SEED}sections/security.html",
        f"/briefing/{SEED}full/",
        f"/briefing/{SEED}sections/technology.html",
        "/briefing/entities/",
    ]
    answers: list[tuple[int, bool]] = []
    failures: list[str] = []
    saving = threading.Event()
    saving.set()

    def read(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", faulty_preview.port, timeout=10)
        count = offset
        while saving.is_set():
            try:
                connection.request("GET", paths[count % len(paths)])
                response = connection.getresponse()
                answers.append((response.status, is_complete(response.read())))
            except (OSError, http.client.HTTPException) as error:
                failures.append(repr(error))
                connection.close()
            count += 1
        connection.close()

    readers = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for reader in readers:
        reader.start()
    section = faulty_preview.project / "content/briefings/xi-lee-summit/sections/security.md"
    text = section.read_text(encoding="utf-8")
    fault = faulty_preview.project / "content/FAULT"
    try:
        for save in range(1, 11):
            if save == 6:
                fault.write_text("")
                wait_until(lambda: "injected fault" in faulty_preview.err.read_text(), "the faulty rebuild")
                fault.unlink()
            section.write_text(
                text.replace("to address broader", f"to address ({save}) broader", 1), encoding="utf-8"
            )
            time.sleep(0.3)
        wait_until(
            lambda: "address (10)" in faulty_preview.page(SEED + "sections/security.html").get_text(),
            "the last save to be served",
        )
    finally:
        saving.clear()
        for reader in readers:
            reader.join()
    assert failures == []
    assert len(answers) > 100
    assert set(answers) == {(200, True)}
    assert (
        "sitegen: internal error, please report it: RuntimeError: injected fault"
        in faulty_preview.err.read_text()
    )
    assert faulty_preview.page("index.html").select_one("#sitegen-build-error") is None
