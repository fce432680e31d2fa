"""Korean, Chinese and Japanese names and ids: pages, file names, titles and links all work."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import edit, html_pages, internal_links, parse, resolve_link
from pages_server import serve_site

ENTITIES = """
이재명:
  name: 이재명
  kind: person
  description: 대한민국 대통령
  sources: [wire]
习近平:
  name: 习近平
  kind: person
  aliases: [习主席]
高市早苗:
  name: 高市早苗
  kind: person
"""

SECTION = """---
title: 한중 관계
order: 3
summary: 习近平と高市早苗
---
[[이재명]] 대통령과 [[习主席]], [[高市早苗]] [@wire].

## 안보 문제

See [the first part](one.md#troops) and [this heading](#안보-문제) and
[the same, percent-encoded](%ED%95%9C%EC%A4%91.md#안보-문제).
"""


def write_project(project: Path) -> None:
    content = project / "content"
    entities = content / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8") + ENTITIES, encoding="utf-8")
    (content / "sections/한중.md").write_text(SECTION, encoding="utf-8")
    edit(content / "sections/two.md", "More about", "See [한중](한중.md#안보-문제). More about")


def test_pages_file_names_and_titles_in_non_latin_scripts(mini_project, run_sitegen):
    write_project(mini_project)
    result = run_sitegen(mini_project, "build")
    assert result.status == 0, result.err
    output = mini_project / "output"
    for name in ("이재명", "习近平", "高市早苗"):
        page = parse(output / "entities" / f"{name}.html")
        assert page.find("h1").get_text(strip=True) == name
        assert page.title.get_text().startswith(name)
    section = parse(output / "sections/한중.html")
    assert section.find("h1").get_text(strip=True) == "한중 관계"
    assert section.title.get_text().startswith("한중 관계")
    assert section.find(class_="standfirst").get_text(strip=True) == "习近平と高市早苗"
    assert section.find("h2", id="한중-안보-문제").get_text(strip=True) == "안보 문제"
    links = {a.get_text(): a["href"] for a in section.find(class_="prose").find_all("a")}
    assert links["习主席"] == "../entities/习近平.html"
    assert links["this heading"] == "../sections/한중.html#한중-안보-문제"
    assert links["the same, percent-encoded"] == "../sections/한중.html#한중-안보-문제"


def test_every_link_to_a_non_latin_page_resolves(mini_project, run_sitegen):
    write_project(mini_project)
    assert run_sitegen(mini_project, "build").status == 0
    output = mini_project / "output"
    reached = set()
    for page in html_pages(output):
        if page.name == "404.html":
            continue  # links from the site's root path by design (tests/test_publish_browser.py)
        for _element, href in internal_links(page):
            target, fragment = resolve_link(page, href, output)
            assert target.is_relative_to(output.resolve()), href
            assert target.is_file(), f"{page}: {href}"
            if fragment:
                assert parse(target).find(id=fragment) is not None, f"{page}: {href}"
            reached.add(target.relative_to(output.resolve()).as_posix())
    assert {
        "entities/이재명.html",
        "entities/习近平.html",
        "entities/高市早苗.html",
        "sections/한중.html",
    } <= reached


@pytest.mark.browser
def test_non_latin_pages_open_from_their_links_under_a_subpath(mini_project, run_sitegen, chromium):
    write_project(mini_project)
    assert run_sitegen(mini_project, "build").status == 0
    with serve_site(mini_project / "output", "/briefing/") as server:
        page = chromium.new_page()
        page.goto(server.url + "sections/two.html")
        page.get_by_role("link", name="한중", exact=True).click()
        page.wait_for_load_state()
        section_heading = page.locator("h1").inner_text()
        fragment = page.evaluate("decodeURIComponent(location.hash)")
        page.get_by_role("link", name="习主席").click()
        page.wait_for_load_state()
        entity_heading = page.locator("h1").inner_text()
        page.close()
    assert (section_heading, fragment, entity_heading) == ("한중 관계", "#한중-안보-문제", "习近平")
