"""The bundled desk's layout in Chromium, at a desktop's and a phone's width: boxes that do not
overlap, cards that stay level, one rule where one is meant, no sideways scrolling at 320 px."""

from __future__ import annotations

import pytest
from helpers import SEED_PAGES

pytestmark = pytest.mark.browser

NARA_SECTION = "briefings/takaichi-lee-nara/sections/overview.html"
BOX = (
    "(selector) => { const r = document.querySelector(selector).getBoundingClientRect();"
    " return [r.left, r.top, r.right, r.bottom]; }"
)


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def open_page(chromium, output, path: str, width: int):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.emulate_media(reduced_motion="reduce")  # scrolling lands at once
    page.goto((output / path).as_uri())
    return page


def test_on_this_page_stays_clear_of_the_briefing_band_and_the_text(built_briefing, chromium):
    page = open_page(chromium, built_briefing, NARA_SECTION, 1280)
    try:
        for scrolled in (0, 400, 2000):
            page.evaluate(f"window.scrollTo(0, {scrolled})")
            toc, band, text = (page.evaluate(BOX, s) for s in (".toc", ".briefing-nav", ".prose"))
            assert toc[2] <= text[0], "the contents sit in the margin, left of the text"
            assert not overlap(toc, band), f"scrolled {scrolled}px: {toc} overlaps the band {band}"
        assert page.evaluate(BOX, ".toc")[1] >= 0  # still in view once the band has gone
    finally:
        page.close()


def test_key_fact_cards_start_their_text_level_with_the_card_beside_them(built_briefing, chromium):
    page = open_page(chromium, built_briefing, f"{SEED_PAGES}/index.html", 1280)
    try:
        cards = page.evaluate(
            "[...document.querySelectorAll('.key-facts li')].map(li => {"
            " const card = li.getBoundingClientRect(); const text = li.querySelector('.key-fact-text');"
            " return [card.top, text.getBoundingClientRect().top, !!li.querySelector('.value')]; })"
        )
    finally:
        page.close()
    rows: dict[float, list] = {}
    for top, text_top, has_value in cards:
        rows.setdefault(round(top), []).append((text_top, has_value))
    mixed = [row for row in rows.values() if len({v for _, v in row}) == 2]
    assert mixed, "the desk has a row with a card with a figure and one without"
    for row in rows.values():
        assert max(t for t, _ in row) - min(t for t, _ in row) < 1, row


def test_an_entity_page_shows_one_rule_before_its_first_briefing(built_briefing, chromium):
    page = open_page(chromium, built_briefing, "entities/sanae-takaichi.html", 1280)
    try:
        rules = page.evaluate(
            "[document.querySelector('.page-header'), document.querySelector('.entity-briefing > h2')]"
            ".map(e => [getComputedStyle(e).borderBottomWidth, getComputedStyle(e).borderTopWidth])"
        )
    finally:
        page.close()
    (header_bottom, _), (_, heading_top) = rules
    assert header_bottom == "1px" and heading_top == "0px"


@pytest.mark.parametrize(
    "path",
    [
        NARA_SECTION,
        f"{SEED_PAGES}/index.html",
        "sources/index.html",
        "entities/sanae-takaichi.html",
        f"{SEED_PAGES}/facts/index.html",
    ],
)
def test_no_page_scrolls_sideways_on_a_small_phone(built_briefing, chromium, path):
    page = open_page(chromium, built_briefing, path, 320)
    try:
        wide = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.close()
    assert wide <= 320
