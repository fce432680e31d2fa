"""Defense in depth: every page carries a Content-Security-Policy (in a <meta>, since GitHub
Pages cannot send headers) that lets only the site's own scripts and styles run, and a
referrer policy that does not tell the sources a reader opens which page they came from.
Escaping keeps content from becoming markup; should a bug ever let some through, Chromium
refuses to run it, while search and citation popovers go on working."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import SEED_PAGES, html_pages, parse
from pages_server import serve_site

from sitegen.build import render_site
from sitegen.config import BuildConfig

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
# What a bug letting content through as markup could put in a page.
INJECTED = (
    "<script>window.injectedScript = true;</script>"
    '<img src="missing.png" alt="" onerror="window.injectedHandler = true">'
    '<p id="injected-style" style="color: rgb(1, 2, 3)">styled</p>'
    '<base href="https://elsewhere.invalid/">'
)


def policy_of(page: BeautifulSoup) -> tuple[str | None, str | None]:
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    referrer = page.find("meta", attrs={"name": "referrer"})
    return (csp["content"] if csp else None), (referrer["content"] if referrer else None)


def test_every_page_carries_the_policy_before_anything_it_governs(built_briefing):
    for path in html_pages(built_briefing):
        page = parse(path)
        assert policy_of(page) == (POLICY, "no-referrer"), path
        head = [element.name for element in page.head.find_all(True, recursive=False)]
        assert head[:2] == ["meta", "meta"], path  # the charset, then the policy
        assert page.head.find_all("meta")[1].get("http-equiv") == "Content-Security-Policy"


def test_no_page_holds_what_the_policy_would_refuse(built_briefing):
    """No inline script (JSON-LD is data, not run), no style attribute or element, no event
    handler attribute: nothing the policy would block, so nothing breaks under it."""
    for path in html_pages(built_briefing):
        page = parse(path)
        inline = [
            script
            for script in page.find_all("script", src=False)
            if script.get("type") != "application/ld+json"
        ]
        handlers = [
            (element.name, name)
            for element in page.find_all(True)
            for name in element.attrs
            if name.lower().startswith("on")
        ]
        assert (inline, page.find_all(style=True), page.find_all("style"), handlers) == ([], [], [], []), path


def test_aligned_table_columns_use_classes_not_style_attributes(mini_project: Path):
    section = mini_project / "content" / "sections" / "one.md"
    section.write_text(
        section.read_text(encoding="utf-8") + "\n| left | middle | right |\n|:--|:-:|--:|\n| a | b | c |\n",
        encoding="utf-8",
    )
    files = render_site(
        BuildConfig(mini_project / "content", mini_project / "templates", cache_dir=None)
    ).files
    table = BeautifulSoup(files["sections/one.html"], "html5lib").select_one(".prose table")
    assert [cell.get("class") for cell in table.select("tr:last-child td")] == [
        ["align-left"],
        ["align-center"],
        ["align-right"],
    ]
    assert table.find_all(style=True) == []


@pytest.mark.browser
def test_chromium_refuses_injected_script_and_the_sites_own_still_runs(built_briefing, tmp_path, chromium):
    site = tmp_path / "site"
    shutil.copytree(built_briefing, site)
    page_file = site / SEED_PAGES / "sections" / "overview.html"
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(text.replace('<main id="main">', '<main id="main">' + INJECTED, 1), encoding="utf-8")
    with serve_site(site, "/briefing/") as server:
        page = chromium.new_page()
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(f"{server.url}{SEED_PAGES}/sections/security.html", wait_until="networkidle")
        untouched = list(messages)  # a page as built: JSON-LD and all, nothing refused
        page.goto(f"{server.url}{SEED_PAGES}/sections/overview.html", wait_until="networkidle")
        ran = page.evaluate("() => [window.injectedScript, window.injectedHandler]")
        color = page.evaluate("() => getComputedStyle(document.getElementById('injected-style')).color")
        link = page.evaluate("() => document.querySelector('.site-nav a').href")
        page.locator("a.cite-mark").first.hover()  # the site's own script: reader.js
        popover = page.get_by_role("tooltip").inner_text()
        page.get_by_role("searchbox", name="Search the site").fill("Seoul")
        page.get_by_role("button", name="Search").first.click()
        page.wait_for_selector(".search-hits a")  # search.js and its index
        hits = page.locator(".search-hits a").count()
        page.close()
    assert untouched == []
    assert ran == [None, None]
    assert color != "rgb(1, 2, 3)"
    assert link.startswith(server.url)  # the injected <base> changed nothing
    refused = sorted(
        message.split(" violates ")[0]
        for message in messages
        if message.endswith("The action has been blocked.")
    )
    assert refused == [
        "Applying inline style",
        "Executing inline event handler",
        "Executing inline script",
        "Setting the document's base URI to 'https://elsewhere.invalid/'",
    ]
    assert "Reuters / Agencies" in popover
    assert hits > 0
