"""The built briefing: pages exist, references became links, backlinks land, links resolve."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import (
    REPO,
    SEED_BRIEFING,
    SEED_PAGES,
    SEED_SECTIONS,
    ids_of,
    internal_links,
    linked_relatively,
    parse,
    resolve_link,
    words_of,
)


def test_each_section_has_a_page_with_its_title(built_briefing: Path):
    for slug, title in SEED_SECTIONS.items():
        soup = parse(built_briefing / SEED_PAGES / "sections" / f"{slug}.html")
        assert soup.find("h1").get_text(" ", strip=True) == title
        assert soup.title.get_text().startswith(title)


def test_every_internal_link_and_fragment_resolves(built_briefing: Path):
    cache: dict = {}
    checked = 0
    for page in linked_relatively(built_briefing):
        for _element, href in internal_links(page):
            target, fragment = resolve_link(page, href, built_briefing)
            assert target.is_relative_to(built_briefing.resolve()), f"{page}: {href} leaves the site"
            assert target.is_file(), f"{page.relative_to(built_briefing)}: broken link {href}"
            if fragment:
                assert fragment in ids_of(target, cache), (
                    f"{page.relative_to(built_briefing)}: no element #{fragment} in {href}"
                )
            checked += 1
    assert checked > 200


def test_fact_and_quote_references_carry_citations_to_existing_sources(built_briefing: Path):
    cache: dict = {}
    facts = quotes = 0
    for slug in SEED_SECTIONS:
        page = built_briefing / SEED_PAGES / "sections" / f"{slug}.html"
        soup = parse(page)
        for ref in soup.select(".prose span.fact, .prose span.quote-inline, .prose figure.quote"):
            marks = ref.select("sup.cite a.cite-mark")
            assert marks, f"{slug}: reference without a citation: {ref.get_text()}"
            for mark in marks:
                target, fragment = resolve_link(page, mark["href"], built_briefing)
                assert target == (built_briefing / "sources" / "index.html").resolve()
                assert fragment in ids_of(target, cache)
                entry = parse(target).find(id=fragment)
                assert "Reuters / Agencies" in entry.get_text()
            if "fact" in ref.get("class", []):
                facts += 1
            else:
                quotes += 1
    assert facts >= 5 and quotes >= 2


def test_entity_pages_list_mentions_that_land_on_the_spot(built_briefing: Path):
    soup = parse(built_briefing / "entities" / "lee-jae-myung.html")
    assert soup.find("h1").get_text(strip=True) == "Lee Jae Myung"
    mentions = soup.select("ul.backlinks a")
    assert mentions
    page = built_briefing / "entities" / "lee-jae-myung.html"
    for link in mentions:
        target, fragment = resolve_link(page, link["href"], built_briefing)
        spot = parse(target).find(id=fragment)
        assert spot is not None
        # the spot is a link back to this entity (directly, or as a quote's speaker)
        entity_links = [spot] if spot.name == "a" else spot.select("a.entity")
        assert any(a["href"].endswith("entities/lee-jae-myung.html") for a in entity_links)


def test_previous_and_next_form_one_chain_in_section_order(built_briefing: Path):
    order = []
    page = built_briefing / SEED_PAGES / "sections" / "overview.html"
    seen = set()
    while page is not None:
        assert page not in seen
        seen.add(page)
        order.append(page.stem)
        soup = parse(page)
        following = soup.select_one('nav.pager a[rel="next"]')
        if following is None:
            break
        nxt = (page.parent / following["href"]).resolve()
        back = parse(nxt).select_one('nav.pager a[rel="prev"]')
        assert (nxt.parent / back["href"]).resolve() == page.resolve()
        page = nxt
    assert order == list(SEED_SECTIONS)
    first = parse(built_briefing / SEED_PAGES / "sections" / "overview.html")
    assert first.select_one('a[rel="prev"]') is None


def test_sources_page_links_back_to_every_citation(built_briefing: Path):
    page = built_briefing / "sources" / "index.html"
    entry = parse(page).find(id="src-reuters-agencies")
    assert entry.find("a", href=lambda h: h and h.startswith("http")) is None, (
        "a source without URL must not render a link"
    )
    back = entry.select("ul.backlinks a")
    # every section that cites this source, in every briefing of the desk, each excerpt once
    citing = {
        section.resolve()
        for section in built_briefing.glob("briefings/*/sections/*.html")
        if parse(section).select('.prose a.cite-mark[data-source="reuters-agencies"]')
    }
    assert citing and {(page.parent / a["href"].partition("#")[0]).resolve() for a in back} == citing
    places = [(a["href"].partition("#")[0], words_of(a.find_next(class_="context"))) for a in back]
    assert len(places) == len(set(places))


def test_home_shows_key_facts_sections_and_whos_who(built_briefing: Path):
    soup = parse(built_briefing / SEED_PAGES / "index.html")
    briefing = yaml.safe_load((REPO / SEED_BRIEFING / "briefing.yaml").read_text())
    assert soup.find("h1").get_text(strip=True) == briefing["title"]
    glance = soup.select(".key-facts li")
    assert len(glance) == len(briefing["key_facts"])
    assert all(li.select("sup.cite a") for li in glance)
    assert [a.get_text(strip=True) for a in soup.select(".section-list a")] == list(SEED_SECTIONS.values())
    assert soup.select("a.entity")


def test_timeline_keeps_the_sources_wording_of_dates(built_briefing: Path):
    soup = parse(built_briefing / SEED_PAGES / "timeline" / "index.html")
    whens = [p.get_text(strip=True) for p in soup.select(".timeline .when")]
    assert "in November" in whens and "in December" in whens
    assert all(li.select("sup.cite a") for li in soup.select(".timeline > li"))


def test_two_builds_are_byte_identical(tmp_path: Path):
    from sitegen.build import render_site
    from sitegen.config import BuildConfig

    config = BuildConfig(REPO / "content", REPO / "templates", tmp_path / "out")
    first, second = render_site(config).files, render_site(config).files
    assert first.keys() == second.keys()
    assert all(first[name] == second[name] for name in first)


def test_relative_links_only(built_briefing: Path):
    for page in linked_relatively(built_briefing):
        for _element, href in internal_links(page):
            assert not href.startswith("/"), f"{page}: root-relative link {href}"
