"""The built briefing in Chromium as readers meet it: accessible, valid, self-contained, searchable,
readable on a phone, without JavaScript and on paper.

axe-core and vnu.jar come from tests/node/node_modules (installed by `bash .ci/test`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import REPO, SEED_PAGES, SEED_SECTIONS, axe_violations, nu_html_checker_errors, page_paths, parse
from pages_server import serve_site

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "tests-output" / "screenshots"


def words(text: str) -> str:
    return " ".join(text.split())


def reading_text(element) -> str:
    """The words of a parsed element as a reader reads them, citation marks left out."""
    for mark in element.select("sup.cite"):
        mark.decompose()
    return words(element.get_text())


def shown_text(page, selector: str) -> str:
    """The text Chromium renders in `selector`, citation marks left out."""
    page.evaluate("document.querySelectorAll('sup.cite').forEach(mark => mark.remove())")
    return words(page.locator(selector).inner_text())


@pytest.fixture(scope="module")
def site(built_briefing):
    with serve_site(built_briefing, "/briefing/") as server:
        yield server


def test_axe_finds_no_violations_on_any_page_in_either_theme(built_briefing, site, chromium):
    assert axe_violations(built_briefing, site.url, chromium) == {}


def test_the_nu_html_checker_finds_no_errors(built_briefing):
    assert nu_html_checker_errors(built_briefing) == []


def test_no_page_requests_anything_from_another_host(built_briefing, site, chromium):
    context = chromium.new_context()
    outside: list[str] = []

    def route(request_route):
        if urlsplit(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in page_paths(built_briefing):
        page.goto(site.url + path, wait_until="networkidle")
    context.close()
    assert outside == []
    assert errors == []
    assert not [p for p in site.requested if not p.startswith("/briefing/")]


def word_in_one_section(output: Path) -> tuple[str, Path]:
    """A word of at least 8 letters that appears in exactly one section of the desk's first
    briefing and in no other section of any briefing; and that section's page."""
    texts = {
        page: words(parse(page).select_one(".prose").get_text(" ")).lower()
        for page in sorted(output.glob("briefings/*/sections/*.html"))
    }
    for page, text in texts.items():
        if not page.is_relative_to(output / SEED_PAGES):
            continue
        for word in sorted(set(re.findall(r"[a-z]{8,}", text))):
            if not any(word in other for key, other in texts.items() if key != page):
                return word, page
    raise AssertionError("no word is unique to one section")


@pytest.mark.parametrize("where", ["subpath", "file"])
def test_searching_a_word_from_one_section_finds_that_section(built_briefing, site, chromium, where):
    word, section = word_in_one_section(built_briefing)
    title = parse(section).find("h1").get_text(strip=True)
    start = site.url if where == "subpath" else (built_briefing / "index.html").as_uri()
    page = chromium.new_page()
    page.goto(start)
    page.get_by_role("searchbox", name="Search the site").fill(word)
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_selector(".search-hits a")
    hits = page.locator(".search-hits > li")
    sections = [
        (hits.nth(i).locator("a").inner_text(), hits.nth(i).locator(".search-briefing").inner_text())
        for i in range(hits.count())
        if hits.nth(i).locator(".search-kind").inner_text().lower() == "section"
    ]
    target = page.locator(".search-hits a", has_text=title).first
    target.click()
    page.wait_for_load_state()
    landed = page.locator("h1").inner_text()
    in_briefing = page.locator(".briefing-nav-title").text_content().strip()
    page.close()
    # the one section, saying which briefing it is from
    assert sections == [(title, "In China’s Xi to Host South Korea’s Lee Amid Regional Tensions")]
    assert landed == title
    assert in_briefing == "China’s Xi to Host South Korea’s Lee Amid Regional Tensions"


def test_no_page_scrolls_sideways_on_a_360px_phone(built_briefing, site, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    wide = {}
    for path in page_paths(built_briefing):
        page.goto(site.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[path] = width
    context.close()
    assert wide == {}


def test_without_javascript_every_section_reads_in_full(built_briefing, site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    for slug in SEED_SECTIONS:
        page.goto(f"{site.url}{SEED_PAGES}/sections/{slug}.html")
        shown = shown_text(page, "main")
        prose = parse(built_briefing / SEED_PAGES / "sections" / f"{slug}.html").select_one(".prose")
        for block in prose.find_all(["p", "h2", "h3", "blockquote"]):
            assert reading_text(block) in shown, (slug, block.get_text())
    page.goto(f"{site.url}search/index.html?q=korea")
    assert page.get_by_role("link", name="Who’s who").last.is_visible()
    context.close()


def test_printing_the_full_briefing_shows_every_section_and_source(built_briefing, site, chromium):
    page = chromium.new_page()
    page.emulate_media(media="print")
    page.goto(f"{site.url}{SEED_PAGES}/full/index.html")
    printed = shown_text(page, "body")
    nav_visible = page.locator(".site-nav").is_visible()
    pdf = page.pdf(format="A4")
    page.close()
    for slug in SEED_SECTIONS:
        soup = parse(built_briefing / SEED_PAGES / "sections" / f"{slug}.html")
        assert soup.find("h1").get_text(strip=True) in printed
        for paragraph in soup.select_one(".prose").find_all("p"):
            assert reading_text(paragraph) in printed
    cited = parse(built_briefing / SEED_PAGES / "full" / "index.html").select(".endnotes li")
    assert cited  # the sources it cites, as endnotes
    for source in cited:
        assert reading_text(source) in printed
    assert "Reuters / Agencies" in printed
    assert not nav_visible
    assert pdf.startswith(b"%PDF")


def test_keyboard_focus_on_a_citation_shows_its_source(site, chromium):
    page = chromium.new_page()
    page.goto(f"{site.url}{SEED_PAGES}/sections/security.html")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.cite-mark')"):
            break
    else:
        pytest.fail("no citation mark reachable with the Tab key")
    popover = page.get_by_role("tooltip")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    page.keyboard.press("Escape")
    hidden = popover.is_hidden()
    page.close()
    assert "Reuters / Agencies" in text
    assert described == "cite-popover"
    assert hidden


def test_hovering_a_citation_shows_its_source(site, chromium):
    page = chromium.new_page()
    page.goto(f"{site.url}{SEED_PAGES}/sections/overview.html")
    page.locator("a.cite-mark").first.hover()
    text = page.get_by_role("tooltip").inner_text()
    page.close()
    assert "China’s Xi to Host South Korea’s Lee" in text


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_screenshots_of_home_and_a_section(site, chromium, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for name, path in (("home", ""), ("section", f"{SEED_PAGES}/sections/overview.html")):
        page.goto(site.url + path)
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
    context.close()
