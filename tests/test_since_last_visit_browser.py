"""A reader who comes back to a briefing sees what changed since their last visit, in Chromium:
nothing on a first visit; after the desk logs a correction, exactly that correction, marked in
words and listed under "Changes since <date>"; from file:// as over http; nothing at all, and
the page whole, without JavaScript; and what the reader was reading stays where it was."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import AXE, FIXTURES, REPO, SEED_BRIEFING, SEED_PAGES, append, build, edit, make_project, tool
from pages_server import serve_site

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("files_settle_at_once")]

FIRST_VISIT = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
RETURN_VISIT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
HOME = f"{SEED_PAGES}/index.html"
CORRECTION = "The share of exports was misstated and is corrected."
SCREENSHOTS = REPO / "tests-output" / "screenshots"


def log_a_correction(project: Path) -> None:
    """A correction logged above the briefing's earlier update, as a desk logs one."""
    edit(
        project / SEED_BRIEFING / "briefing.yaml",
        "changes:\n",
        f"changes:\n  - date: 2026-12-03\n    kind: correction\n    text: {CORRECTION}\n",
    )


@contextmanager
def reader(chromium, javascript: bool = True, **options) -> Iterator:
    """A browser profile of one reader (its own localStorage), with a clock set to the first
    visit, and the console errors and uncaught exceptions of every page it opens."""
    context = chromium.new_context(timezone_id="UTC", java_script_enabled=javascript, **options)
    context.clock.install(time=FIRST_VISIT)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


def marked(page) -> list[str]:
    """The ids of the elements marked new, and what each badge says to a screen reader."""
    return page.eval_on_selector_all(
        ".since-new", "els => els.map(el => el.id + ': ' + el.querySelector('.since-badge').textContent)"
    )


def summary(page) -> dict:
    return page.evaluate(
        """() => {
        const box = document.getElementById('since-visit');
        return {
          shown: !box.hidden && box.getBoundingClientRect().height > 0,
          heading: box.querySelector('h2') && box.querySelector('h2').textContent,
          region: box.getAttribute('role') === 'region' &&
            box.getAttribute('aria-labelledby') === box.querySelector('h2').id,
          items: [...box.querySelectorAll('li')].map(li => li.textContent),
          links: [...box.querySelectorAll('li a')].map(a => a.href),
        };
      }"""
    )


def test_a_first_visit_marks_nothing_and_a_return_marks_the_new_correction(
    briefing_project, run_sitegen, chromium
):
    build(briefing_project, run_sitegen)
    with serve_site(briefing_project / "output", "/briefing/") as server, reader(chromium) as page:
        page.goto(server.url + HOME)
        assert marked(page) == []
        assert page.locator("#since-visit").is_hidden()
        page.goto(server.url + f"{SEED_PAGES}/facts/index.html")  # a later page of the same visit
        assert marked(page) == []

        log_a_correction(briefing_project)
        build(briefing_project, run_sitegen)
        page.clock.set_system_time(RETURN_VISIT)
        page.goto(server.url + HOME)
        assert marked(page) == ["change-2026-12-03-1: New since your last visit"]
        shown = summary(page)
        assert shown == {
            "shown": True,
            "heading": "Changes since 2 December 2026",
            "region": True,
            "items": [f"Correction, 3 December 2026: {CORRECTION}"],
            "links": [server.url + HOME + "#change-2026-12-03-1"],
        }
        # the badge is words, not only colour, shown before the entry's own
        badge = page.locator("#change-2026-12-03-1 > .since-badge:first-child")
        assert badge.is_visible() and badge.inner_text().startswith("New")

        page.reload()  # the same visit: the marks stay
        assert marked(page) == ["change-2026-12-03-1: New since your last visit"]
        page.clock.set_system_time(datetime(2026, 12, 5, 9, 0, tzinfo=UTC))
        page.goto(server.url + HOME)  # the next visit: seen, so no longer new
        assert marked(page) == []
        assert page.locator("#since-visit").is_hidden()
        assert page.errors == []


def test_a_return_from_file_urls_marks_the_new_correction_too(briefing_project, run_sitegen, chromium):
    build(briefing_project, run_sitegen)
    home = (briefing_project / "output" / HOME).as_uri()
    with reader(chromium) as page:
        page.goto(home)
        assert marked(page) == []
        log_a_correction(briefing_project)
        build(briefing_project, run_sitegen)
        page.clock.set_system_time(RETURN_VISIT)
        page.goto(home)
        assert marked(page) == ["change-2026-12-03-1: New since your last visit"]
        assert summary(page)["links"] == [home + "#change-2026-12-03-1"]
        assert page.errors == []


def test_without_javascript_nothing_is_marked_and_the_page_is_whole(briefing_project, run_sitegen, chromium):
    log_a_correction(briefing_project)
    build(briefing_project, run_sitegen)
    with serve_site(briefing_project / "output", "/briefing/") as server, reader(chromium, False) as page:
        page.goto(server.url + HOME)
        page.clock.set_system_time(RETURN_VISIT)
        page.goto(server.url + HOME)
        assert marked(page) == []
        assert page.locator("#since-visit").is_hidden()
        assert page.get_by_role("heading", name="In this briefing").is_visible()
        entry = page.locator("#change-2026-12-03-1").text_content()
        assert " ".join(entry.split()) == f"Correction, 3 December 2026: {CORRECTION}"
        assert page.locator(".section-list > li").count() == 3


@pytest.mark.parametrize("anchoring", ["scroll anchoring", "no scroll anchoring"])
def test_what_the_reader_is_reading_does_not_move_when_the_summary_appears(
    briefing_project, run_sitegen, chromium, anchoring
):
    """A reader scrolled down to the list of sections before the scripts ran (the events held
    up on a slow connection): the summary and marks go in above, and the list stays put, in
    Chromium, which anchors scrolling itself, and as in a browser that does not (Safari)."""
    build(briefing_project, run_sitegen)
    # bypass_csp: to let the test's own style in, which turns Chromium's anchoring off
    own_style = anchoring == "no scroll anchoring"
    with (
        serve_site(briefing_project / "output", "/briefing/") as server,
        reader(chromium, bypass_csp=own_style) as page,
    ):
        page.set_viewport_size({"width": 390, "height": 500})
        page.goto(server.url + HOME)
        log_a_correction(briefing_project)
        build(briefing_project, run_sitegen)
        page.clock.set_system_time(RETURN_VISIT)
        held = []
        page.route("**/changes.js", lambda route: held.append(route))
        page.goto(server.url + HOME, wait_until="commit")
        # parsed and styled, the scripts held
        page.wait_for_function("document.readyState === 'interactive'")
        if own_style:
            page.add_style_tag(content="* { overflow-anchor: none; }")
        assert len(held) == 1
        reading = "() => document.getElementById('sections-heading').getBoundingClientRect().top"
        page.evaluate(
            "() => document.getElementById('sections-heading').scrollIntoView({behavior: 'instant'})"
        )
        before = page.evaluate(reading)
        assert before == pytest.approx(0, abs=1)
        held[0].continue_()
        page.wait_for_load_state("load")
        assert summary(page)["shown"]  # put in above the viewport
        assert page.evaluate(reading) == pytest.approx(before, abs=1)
        assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_returning_visit_is_accessible_and_fits_a_phone(briefing_project, run_sitegen, chromium, scheme):
    """axe finds nothing on the home with its summary and mark (axe goes in as an inline
    script, hence bypass_csp), no page scrolls sideways at 320 px, and the screenshots at
    390 and 1,280 px show the returning visit for the record."""
    build(briefing_project, run_sitegen)
    axe = tool(AXE).read_text(encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with (
        serve_site(briefing_project / "output", "/briefing/") as server,
        reader(chromium, color_scheme=scheme, bypass_csp=True) as page,
    ):
        page.goto(server.url + HOME)
        log_a_correction(briefing_project)
        build(briefing_project, run_sitegen)
        page.clock.set_system_time(RETURN_VISIT)
        for width in (320, 390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(server.url + HOME)
            assert marked(page) == ["change-2026-12-03-1: New since your last visit"]
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width
            if width != 320:
                page.screenshot(path=str(SCREENSHOTS / f"since-last-visit-{scheme}-{width}.png"))
                page.locator(".change-log").screenshot(
                    path=str(SCREENSHOTS / f"since-last-visit-marked-{scheme}-{width}.png")
                )
        page.add_script_tag(content=axe)
        rules = "{}" if scheme == "light" else "{runOnly: ['color-contrast']}"
        violations = page.evaluate(
            f"async () => (await axe.run(document, {rules})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))"
        )
        assert violations == []
        assert page.errors == []


def test_a_new_figure_listed_on_the_home_is_marked_on_the_facts_page_it_links_to(
    tmp_path, run_sitegen, chromium
):
    """The summary's link leads to the page that shows the change, marked there too: the
    same visit, so what was new when it began is still new."""
    project = make_project(tmp_path, FIXTURES / "desk")
    build(project, run_sitegen)
    home = "briefings/second/index.html"
    with serve_site(project / "output", "/briefing/") as server, reader(chromium) as page:
        page.goto(server.url + home)
        append(
            project / "content/briefings/second/facts.yaml",
            "\ntroops-july:\n  statement: About 180 troops are stationed in Ruritania.\n"
            "  value: about 180\n  sources: [gazette]\n  as_of: 2026-07-01\n  supersedes: troops-june\n",
        )
        build(project, run_sitegen)
        page.clock.set_system_time(RETURN_VISIT)
        page.goto(server.url + home)
        assert summary(page)["items"] == [
            "New figure, 1 July 2026: About 180 troops are stationed in Ruritania. (was: about 150)"
        ]
        assert marked(page) == []  # the figure is not on the home
        page.locator("#since-visit a").click()
        page.wait_for_url("**/facts/index.html#fact-troops-july")
        assert marked(page) == ["fact-troops-july: New since your last visit"]
        assert page.errors == []


def make_live(project: Path) -> None:
    edit(project / SEED_BRIEFING / "briefing.yaml", "key_facts:", "live: true\nkey_facts:")


def wait_for(check: Callable[[], bool]) -> None:
    """In real time: the page's clock is Playwright's, moved only by the test."""
    deadline = time.monotonic() + 10
    while not check():
        assert time.monotonic() < deadline, "waited 10 s"
        time.sleep(0.05)


def test_an_open_live_briefing_tells_of_new_updates_once_a_minute_without_moving_anything(
    briefing_project, run_sitegen, chromium
):
    make_live(briefing_project)
    build(briefing_project, run_sitegen)
    with serve_site(briefing_project / "output", "/briefing/") as server, reader(chromium) as page:

        def polls() -> int:
            return sum(path.endswith(f"{SEED_PAGES}/changes.json") for path in server.requested)

        page.set_viewport_size({"width": 390, "height": 600})
        page.goto(server.url + HOME)
        reading = "() => document.getElementById('sections-heading').getBoundingClientRect().top"
        page.evaluate(
            "() => document.getElementById('sections-heading').scrollIntoView({behavior: 'instant'})"
        )
        page.clock.run_for(30_000)
        assert polls() == 0  # not before a minute has passed
        page.clock.run_for(30_000)
        wait_for(lambda: polls() == 1)
        time.sleep(0.3)
        assert page.locator(".live-notice").count() == 0  # nothing new yet

        log_a_correction(briefing_project)
        build(briefing_project, run_sitegen)
        page.clock.run_for(60_000)
        notice = page.get_by_role("status")
        notice.wait_for()
        assert polls() == 2
        assert " ".join(notice.inner_text().split()) == "1 new update Show"
        assert page.evaluate(reading) == pytest.approx(0, abs=1)  # the reader's place kept
        assert (
            page.evaluate("() => getComputedStyle(document.querySelector('.live-notice')).position")
            == "fixed"
        )

        notice.get_by_role("button", name="Show").click()  # the same visit: the update marked
        page.wait_for_selector(".since-new")
        assert marked(page) == ["change-2026-12-03-1: New since your last visit"]
        assert page.errors == []


def test_a_live_briefing_opened_from_a_file_never_polls(briefing_project, run_sitegen, chromium):
    make_live(briefing_project)
    build(briefing_project, run_sitegen)
    with reader(chromium) as page:
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto((briefing_project / "output" / HOME).as_uri())
        page.clock.run_for(180_000)
        time.sleep(0.3)
        assert [url for url in asked if url.endswith("changes.json")] == []
        assert page.locator(".live-notice").count() == 0
        assert page.errors == []
