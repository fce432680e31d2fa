"""Archived sources in Chromium: the citation popover says when the source was archived and that
the original is offline, and the sources page showing it stays accessible."""

from __future__ import annotations

import pytest
from helpers import ARCHIVE, AXE, archive_web_source, tool
from pages_server import serve_site

pytestmark = pytest.mark.browser


def test_the_popover_of_a_dead_source_says_it_was_archived(mini_project, run_sitegen, chromium):
    archive_web_source(mini_project, f"archive_url: {ARCHIVE}", "archived: 2026-12-03", "status: dead")
    assert run_sitegen(mini_project, "build").status == 0
    with serve_site(mini_project / "output") as server:
        # axe is injected as an inline script: the page's Content-Security-Policy would refuse it
        context = chromium.new_context(bypass_csp=True)
        page = context.new_page()
        page.goto(f"{server.url}sections/two.html")
        page.locator("a.cite-mark[data-source='web']").first.hover()
        lines = page.get_by_role("tooltip").inner_text().splitlines()
        page.goto(f"{server.url}sources/index.html")
        page.add_script_tag(content=tool(AXE).read_text(encoding="utf-8"))
        violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
        context.close()
    assert lines == ["SOURCE 2", "Example News", "Archived 3 December 2026", "Original now offline"]
    assert violations == []
