"""`sitegen new source`: a source entry filled from the page's own metadata (OpenGraph,
JSON-LD, the canonical link), its main text kept as the snapshot `sitegen check` verifies
quotes against; from a local server started here, or from a saved page. A URL that is not
http(s), a page over the size limit, a server that does not answer in time: one line, exit
1, nothing written. Never the network: every server here is on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import FIXTURES, snapshot
from link_server import link_server, refused_url

from sitegen.content.load import load_content
from sitegen.content.validate import build_site

ARTICLE = FIXTURES / "source_pages/harbour-article.html"
CANONICAL = "https://courier.example/news/2026/03/harbour-bridge-repairs"


@pytest.fixture
def desk(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "--quiet", "site").status == 0
    return tmp_path / "site"


class _Article(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_GET(self) -> None:
        if self.path == "/short":
            self.send_response(301)
            self.send_header("Location", "/news/harbour-bridge")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = ARTICLE.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def article_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sources_of(desk):
    problems: list = []
    site = build_site(load_content(desk / "content", problems))
    assert problems == []
    return site.sources


def assert_the_article_was_added(desk, result, key="harbour-bridge-repairs"):
    assert result.status == 0, result.err
    assert result.out.splitlines()[-2:] == [f"created content/snapshots/{key}.txt", f"[@{key}]"]
    source = sources_of(desk)[key]
    assert (source.publisher, source.title, source.url, source.published) == (
        "The Riverside Courier",
        "Harbour bridge to close for six weeks of repairs",
        CANONICAL,
        "2026-03-04",
    )
    assert source.accessed == dt.date.today().isoformat()
    text = (desk / f"content/snapshots/{key}.txt").read_text("utf-8")
    assert "About 14,000 vehicles cross the bridge on a typical weekday." in text
    for boilerplate in ("Most read", "All rights reserved", "Subscribe"):
        assert boilerplate not in text


def test_a_fetched_page_fills_the_source_and_its_snapshot(desk, run_sitegen, article_server):
    sources = desk / "content/sources.yaml"
    before = sources.read_text("utf-8")
    result = run_sitegen(desk, "new", "source", f"{article_server}/short", "--allow-private")
    assert_the_article_was_added(desk, result)
    assert sources.read_text("utf-8").startswith(before)  # comments and entries as they were


def test_a_saved_page_is_read_offline(desk, run_sitegen):
    result = run_sitegen(desk, "new", "source", "--from-file", str(ARTICLE), "--id", "courier-bridge")
    assert_the_article_was_added(desk, result, "courier-bridge")


def test_the_snapshot_is_what_check_verifies_quotes_against(desk, run_sitegen):
    assert run_sitegen(desk, "new", "source", "--from-file", str(ARTICLE)).status == 0
    quote = (
        "quote",
        "example-briefing/reyes",
        "--source",
        "harbour-bridge-repairs",
        "--speaker",
        "alex-example",
    )
    assert run_sitegen(desk, "new", *quote, "--text", "cannot wait another winter").status == 0
    wrong = run_sitegen(desk, "new", "quote", "example-briefing/reyes-2", *quote[2:], "--text", "can wait")
    assert wrong.status == 0
    result = run_sitegen(desk, "check")
    not_in_source = [line for line in result.out.splitlines() if "[quote-not-in-source]" in line]
    assert len(not_in_source) == 1 and "reyes-2" in not_in_source[0]


def test_a_taken_source_id_is_refused(desk, run_sitegen):
    before = snapshot(desk / "content")
    result = run_sitegen(desk, "new", "source", "--from-file", str(ARTICLE), "--id", "example-source")
    assert result.status == 1
    assert result.err == "content/sources.yaml:3:1: a source with the id 'example-source' is already here\n"
    assert snapshot(desk / "content") == before


def test_a_loopback_page_needs_allow_private(desk, run_sitegen, article_server):
    before = snapshot(desk / "content")
    result = run_sitegen(desk, "new", "source", f"{article_server}/page")
    assert result.status == 1
    assert result.err == (
        f"{article_server}/page: 127.0.0.1 is a loopback address; pass --allow-private to fetch it; "
        "nothing was written\n"
    )
    assert snapshot(desk / "content") == before


@pytest.mark.parametrize(
    ("path", "options", "reason"),
    [
        ("huge", (), "the page is larger than 5 MiB"),
        ("slow", ("--timeout", "0.5"), "no answer within 0.5 s"),
        ("gone-404", (), "the server answered 404"),
        # in the words `check --links` uses (checks/http_probe.py)
        ("garbage", (), "answered with something that is not HTTP"),
        ("hang-up", (), "closed the connection without answering"),
    ],
)
def test_refused_pages_write_nothing(desk, run_sitegen, path, options, reason):
    before = snapshot(desk / "content")
    with link_server() as server:
        url = server.url(path)
        result = run_sitegen(desk, "new", "source", url, "--allow-private", *options)
    assert (result.status, result.out) == (1, "")
    assert result.err == f"{url}: {reason}; nothing was written\n"
    assert snapshot(desk / "content") == before


def test_a_server_that_is_not_there_is_named_so(desk, run_sitegen):
    before = snapshot(desk / "content")
    url = refused_url()
    result = run_sitegen(desk, "new", "source", url, "--allow-private")
    assert (result.status, result.err) == (1, f"{url}: connection refused; nothing was written\n")
    assert snapshot(desk / "content") == before


def test_only_http_urls_are_fetched(desk, run_sitegen):
    result = run_sitegen(desk, "new", "source", "file:///etc/passwd")
    assert (result.status, result.err) == (
        1,
        "file:///etc/passwd: only http:// and https:// URLs can be fetched, not 'file:///etc/passwd'; "
        "nothing was written\n",
    )


def test_a_saved_page_without_a_url_of_its_own_needs_url(desk, run_sitegen, tmp_path):
    page = tmp_path / "saved.html"
    html = ARTICLE.read_text("utf-8")
    page.write_text(
        "\n".join(line for line in html.splitlines() if "canonical" not in line and "og:url" not in line),
        "utf-8",
    )
    result = run_sitegen(desk, "new", "source", "--from-file", str(page))
    assert result.status == 1
    assert result.err.endswith(
        "the page names no canonical URL of its own: give it with --url; nothing was written\n"
    )
    given = run_sitegen(desk, "new", "source", "--from-file", str(page), "--url", CANONICAL)
    assert_the_article_was_added(desk, given)


def test_other_commands_do_not_import_the_extractor():
    import subprocess
    import sys

    code = "import sys; from sitegen import cli; cli._parser(); print('trafilatura' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout == "False\n"
