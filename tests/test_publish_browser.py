"""The published site in real Chromium, served like GitHub Pages: as a project site under
/briefing/ and as a user site at /. Every page crawled; every link and #anchor must land, and
no request may leave the base path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from helpers import build_into
from pages_server import serve_site

pytestmark = pytest.mark.browser

SITES = {"/briefing/": "https://example.github.io/briefing/", "/": "https://example.github.io/"}


@dataclass
class Crawl:
    pages: dict[str, set[str]] = field(default_factory=dict)  # page URL -> element ids
    statuses: dict[str, int] = field(default_factory=dict)  # every URL requested -> status
    anchors: list[tuple[str, str, str]] = field(default_factory=list)  # (from, page, fragment)
    links: list[tuple[str, str]] = field(default_factory=list)  # (from, target without #)
    blocked: list[str] = field(default_factory=list)  # requests to other hosts


def crawl(browser, start: str) -> Crawl:
    result = Crawl()
    context = browser.new_context()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))

    def route(route_) -> None:
        if route_.request.url.startswith(origin):
            route_.continue_()
        else:
            result.blocked.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    context.on("response", lambda r: result.statuses.setdefault(r.url, r.status))
    queue = [start]
    page = context.new_page()
    while queue:
        url = queue.pop()
        if url in result.pages:
            continue
        page.goto(url)
        result.pages[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)"):
            target, fragment = urldefrag(href)
            if not target.startswith(origin):
                continue
            result.links.append((url, target))
            if fragment:
                result.anchors.append((url, target, fragment))
            if target.endswith((".html", "/")) and target not in result.pages:
                queue.append(target)
    for _, target in result.links:  # feed, data, stylesheet: fetched without a page
        if target not in result.statuses:
            result.statuses[target] = context.request.get(target, max_redirects=0).status
    context.close()
    return result


@pytest.fixture(scope="module", params=list(SITES))
def served(request, tmp_path_factory):
    base = request.param
    output = build_into(tmp_path_factory.mktemp("site") / "output", base_url=SITES[base])
    with serve_site(output, base) as server:
        yield base, output, server


def test_every_link_and_anchor_lands_and_nothing_leaves_the_base(served, chromium):
    base, output, server = served
    result = crawl(chromium, server.url)
    html_files = {p for p in output.rglob("*.html") if p.name != "404.html"}
    assert len(result.pages) >= len(html_files) - 1  # index.html and ./ are one page
    broken = sorted(
        {(source, target) for source, target in result.links if result.statuses.get(target) != 200}
    )
    assert broken == []
    missing = [
        (source, target, fragment)
        for source, target, fragment in result.anchors
        if fragment not in result.pages.get(target, set())
    ]
    assert missing == []
    assert result.blocked == []
    assert [path for path in server.requested if not path.startswith(base)] == []
    assert all(status == 200 for status in result.statuses.values())


def test_404_page_works_deep_under_the_base(served, chromium):
    base, _, server = served
    page = chromium.new_page()
    responses: dict[str, int] = {}
    page.on("response", lambda r: responses.setdefault(r.url, r.status))
    missing = server.url + "a/b/c"
    reply = page.goto(missing)
    assert reply.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # the stylesheet applied: it moves the skip link off-screen
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).left") == "-999px"
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    page.close()
    assert {status for url, status in responses.items() if url != missing} == {200}
    targets = {urldefrag(link)[0] for link in links} - {missing}  # minus "#main" on this page
    assert server.url + "index.html" in targets
    for target in targets:
        assert urlsplit(target).path.startswith(base)
        path = urlsplit(target).path[len(base) :]
        assert Path(path).suffix in (".html", ".json"), target
    page = chromium.new_page()
    statuses = [page.goto(target).status for target in sorted(targets)]
    page.close()
    assert set(statuses) == {200}
