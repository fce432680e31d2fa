"""Figures and charts in Chromium: the width a screen loads, a chart readable on a phone in
light and dark mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_files import figure_project
from helpers import SEED_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width, loaded", [(1280, "-720.jpg"), (360, "-360.jpg")])
def test_a_screen_loads_the_width_it_needs(chromium, tmp_path: Path, run_sitegen, width, loaded):
    project = figure_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto((project / "output" / "sections" / "two.html").as_uri())
    img = page.locator("figure.figure img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.figure img').complete")
    assert img.evaluate("i => i.currentSrc").endswith(loaded)
    assert img.evaluate("i => i.naturalWidth") > 0
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_desk_chart_fits_a_phone_and_follows_the_colour_scheme(chromium, built_briefing: Path, scheme):
    page = chromium.new_page(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    page.goto((built_briefing / SEED_PAGES / "sections" / "technology.html").as_uri())
    svg = page.locator("figure.chart svg")
    box = svg.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # the labels are drawn at 15 units in a 360-unit viewBox: at least 12 CSS pixels here
    assert 15 * box["width"] / 360 >= 12.5
    colours = page.evaluate("""() => {
        const text = document.querySelector('figure.chart svg text.chart-label');
        return [getComputedStyle(text).fill, getComputedStyle(document.body).color,
                getComputedStyle(document.body).backgroundColor];
    }""")
    assert colours[0] == colours[1]  # the page's text colour, in light and in dark
    assert colours[0] != colours[2]
    figure = page.locator("figure.figure")  # none here: the diagram is in the other briefing
    assert figure.count() == 0
    page.close()
