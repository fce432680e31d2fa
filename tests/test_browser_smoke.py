"""The built briefing, served like GitHub Pages under a project subpath, in real Chromium."""

from __future__ import annotations

import pytest
from pages_server import serve_site

pytestmark = pytest.mark.browser


def test_home_loads_its_stylesheet_under_a_subpath(built_briefing, chromium):
    with serve_site(built_briefing, "/briefing/") as server:
        page = chromium.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        page.goto(server.url)
        heading = page.locator("h1").inner_text()
        # the stylesheet applied: the skip link is moved off-screen by it
        left = page.evaluate("getComputedStyle(document.querySelector('.skip-link')).left")
        page.close()
    assert heading == "Briefings"  # the desk's home
    assert left == "-999px"
    assert failed == []
    assert [p for p in server.requested if not p.startswith("/briefing/")] == []
