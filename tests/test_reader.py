"""What a reader gets without a browser: reading aids, the full briefing, search data, budgets."""

from __future__ import annotations

import math
import xml.etree.ElementTree as etree
from pathlib import Path

from helpers import (
    REPO,
    SEED_BRIEFING,
    SEED_PAGES,
    SEED_SECTIONS,
    html_pages,
    linked_relatively,
    load_global,
    parse,
)

from sitegen.markdown.section_text import plain_text
from sitegen.site.reader import reading_minutes, shift_headings


def text_of(html: str) -> str:
    """The plain text the converter records for a section whose body renders to `html`."""
    return plain_text(etree.fromstring(f"<div>{html}</div>"))


BUDGET_BYTES = 150 * 1024


def test_reading_time_rounds_up_and_ignores_citation_marks():
    words = " ".join(["word"] * 200)
    assert reading_minutes(text_of(f"<p>{words}</p>")) == 1
    assert reading_minutes(text_of(f"<p>{words} one more</p>")) == 2
    marks = '<sup class="cite"><a>[1]<span class="visually-hidden"> source: A B C</span></a></sup>'
    assert reading_minutes(text_of(f"<p>{words}{marks * 50}</p>")) == 1
    assert reading_minutes("") == 1


def test_plain_text_keeps_the_words_and_drops_marks():
    html = (
        '<p>About <span class="fact"><a>28,500</a><sup class="cite"><a>[1]'
        '<span class="visually-hidden"> source: Reuters</span></a></sup></span> troops.</p>'
    )
    assert text_of(html) == "About 28,500 troops."


def test_headings_shift_one_level_down():
    assert shift_headings('<h2 id="a">A</h2><h3>B</h3><p>h2</p>') == '<h3 id="a">A</h3><h4>B</h4><p>h2</p>'


def test_each_section_page_shows_its_reading_time(built_briefing: Path):
    for slug in SEED_SECTIONS:
        soup = parse(built_briefing / SEED_PAGES / "sections" / f"{slug}.html")
        prose = soup.select_one(".prose")
        for mark in prose.select("sup.cite"):
            mark.decompose()
        words = len(prose.get_text(" ").split())
        shown = soup.select_one(".reading-time").get_text(strip=True)
        assert shown == f"{max(1, math.ceil(words / 200))} min read"


def test_last_updated_shows_only_when_the_briefing_has_a_date(
    built_briefing: Path, mini_project, run_sitegen
):
    seed = built_briefing / SEED_PAGES
    for page in (seed / "index.html", seed / "sections" / "overview.html"):  # a log, no `updated`
        assert parse(page).select(".updated") == []
    briefing = mini_project / "content" / "briefing.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8") + "updated: 2026-11-29\n", encoding="utf-8")
    assert run_sitegen(mini_project, "build").status == 0
    for page in ("index.html", "sections/one.html"):
        stamp = parse(mini_project / "output" / page).select_one(".updated time")
        assert stamp["datetime"] == "2026-11-29", page


def test_only_the_first_mention_of_an_entity_in_a_section_is_a_full_link(built_briefing: Path):
    for slug in SEED_SECTIONS:
        seen: set[str] = set()
        page = parse(built_briefing / SEED_PAGES / "sections" / f"{slug}.html")
        for link in page.select(".prose a.entity"):
            first = "entity-first" in link["class"]
            assert first == (link["data-entity"] not in seen), (slug, link.get_text())
            seen.add(link["data-entity"])
        assert len(seen) > 3


def test_every_page_has_one_h1_ordered_headings_a_main_and_a_skip_link(built_briefing: Path):
    for page in html_pages(built_briefing):
        soup = parse(page)
        name = page.relative_to(built_briefing).as_posix()
        assert soup.html["lang"] == "en", name
        assert len(soup.find_all("h1")) == 1, name
        levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (name, levels)
        assert soup.select_one("a.skip-link")["href"] == "#main"
        assert soup.find("main", id="main") is not None, name


def test_every_page_offers_search_that_lands_on_the_search_page(built_briefing: Path):
    search_page = (built_briefing / "search" / "index.html").resolve()
    for page in linked_relatively(built_briefing):
        form = parse(page).select_one('header form[role="search"]')
        assert form is not None and form.find("input", {"name": "q"}) is not None, page
        assert (page.parent / form["action"]).resolve() == search_page


def test_search_page_without_javascript_points_to_the_browsable_pages(built_briefing: Path):
    soup = parse(built_briefing / "search" / "index.html")
    targets = {(built_briefing / "search" / a["href"]).resolve() for a in soup.select(".search-browse a")}
    for page in ("index.html", "entities/index.html", "timeline/index.html"):
        assert (built_briefing / page).resolve() in targets


def test_search_index_covers_every_kind_and_its_links_land(built_briefing: Path):
    documents = load_global(built_briefing / "assets" / "search-index.js", "SITEGEN_SEARCH")
    kinds = {doc["kind"] for doc in documents}
    assert kinds == {"Section", "Who’s who", "Fact", "Quote", "Event", "Source"}
    sections = [doc for doc in documents if doc["kind"] == "Section" and doc["url"].startswith(SEED_PAGES)]
    assert [doc["title"] for doc in sections] == [
        "Overview",
        "Security and North Korea",
        "Technology and Supply Chains",
    ]
    assert "submarines" in sections[1]["text"]
    for doc in documents:
        path, _, fragment = doc["url"].partition("#")
        target = built_briefing / path
        assert target.is_file(), doc
        if fragment:
            assert parse(target).find(id=fragment) is not None, doc


def test_full_briefing_holds_every_section_then_sources_facts_and_people(built_briefing: Path):
    full = parse(built_briefing / SEED_PAGES / "full" / "index.html")
    full_text = " ".join(full.get_text(" ").split())
    for slug in SEED_SECTIONS:
        prose = parse(built_briefing / SEED_PAGES / "sections" / f"{slug}.html").select_one(".prose")
        for paragraph in prose.find_all("p"):
            assert " ".join(paragraph.get_text(" ").split()) in full_text
    sources = [li.get_text(" ", strip=True) for li in full.select(".endnotes li")]
    assert any("Reuters / Agencies" in source for source in sources)
    facts = [
        line
        for line in (REPO / SEED_BRIEFING / "facts.yaml").read_text().splitlines()
        if line and not line.startswith((" ", "#"))
    ]
    assert len(full.select(".full-facts .fact-list > li")) == len(facts)
    names = {a.get_text(strip=True) for a in full.select(".full-entities a.entity")}
    assert {"Xi Jinping", "Lee Jae Myung", "Huawei Technologies", "Taiwan"} <= names
    h2s = [h.get_text(strip=True) for h in full.find_all("h2")]
    assert h2s[-4:] == ["Sources", "Key facts", "Who’s who", "Updates and corrections"]


def test_every_briefing_page_links_print_to_its_full_briefing(built_briefing: Path):
    checked = 0
    for full in built_briefing.glob("briefings/*/full/index.html"):
        folder = full.parent.parent
        for page in folder.rglob("*.html"):
            link = parse(page).select_one(".briefing-nav").find("a", string="Print / PDF")
            assert (page.parent / link["href"]).resolve() == full.resolve()
            checked += 1
    assert checked >= 14


SCREEN_WIDTH = 1280
ROOT_PX = 16


def css_length(text: str, viewport: int) -> float:
    """A length of the forms our `sizes` use: Nrem, Npx, Nvw, calc(100vw - Nrem)."""
    text = text.strip()
    if text.startswith("calc(") and text.endswith(")"):
        left, _, right = text[5:-1].partition(" - ")
        return css_length(left, viewport) - css_length(right, viewport)
    for unit, scale in (("rem", ROOT_PX), ("px", 1), ("vw", viewport / 100)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    raise ValueError(text)


def loaded_image(img, viewport: int = SCREEN_WIDTH) -> str:
    """The file a browser loads for an <img> on a screen `viewport` pixels wide at 1x: the
    narrowest srcset candidate at least as wide as the slot `sizes` gives it."""
    if not img.get("srcset"):
        return img["src"]
    slot = None
    for entry in img["sizes"].split(","):
        entry = entry.strip()
        condition, length = (
            ("", entry)
            if not entry.startswith("(")
            else (entry[: entry.index(")") + 1], entry[entry.index(")") + 1 :])
        )
        if condition.startswith("(min-width:") and viewport < css_length(
            condition[11:].rstrip(")"), viewport
        ):
            continue
        slot = css_length(length, viewport)
        break
    candidates = sorted(
        (int(width.removesuffix("w")), url)
        for url, width in (entry.split() for entry in img["srcset"].split(","))
    )
    return next((url for width, url in candidates if width >= slot), candidates[-1][1])


def test_a_1280_pixel_screen_loads_the_720_pixel_version_of_a_photo():
    from bs4 import BeautifulSoup

    from sitegen.markdown.figures import SIZES

    img = BeautifulSoup(
        f'<img src="a-720.jpg" srcset="a-360.jpg 360w, a-720.jpg 720w, a-1080.jpg 1080w" sizes="{SIZES}">',
        "html5lib",
    ).img
    assert loaded_image(img) == "a-720.jpg"
    assert loaded_image(img, 360) == "a-360.jpg"


def test_no_page_weighs_over_150_kb_with_its_css_js_and_images(built_briefing: Path):
    index = (built_briefing / "assets" / "search-index.js").resolve()
    images = 0
    for page in linked_relatively(built_briefing):
        soup = parse(page)
        assets = {(page.parent / tag["href"]).resolve() for tag in soup.find_all("link", rel="stylesheet")}
        assets |= {(page.parent / tag["src"]).resolve() for tag in soup.find_all("script", src=True)}
        pictures = {(page.parent / loaded_image(img)).resolve() for img in soup.find_all("img")}
        images += len(pictures)
        total = page.stat().st_size + sum(a.stat().st_size for a in (assets - {index}) | pictures)
        assert total < BUDGET_BYTES, (page, total)
    assert images >= 2  # the desk's diagram, on its section and in the full briefing


def test_no_page_asks_another_host_for_anything(built_briefing: Path):
    for page in html_pages(built_briefing):
        soup = parse(page)
        for tag in soup.find_all(["link", "script", "img", "iframe", "source"]):
            ref = tag.get("href") or tag.get("src") or ""
            assert "//" not in ref, (page, ref)
    css = (built_briefing / "assets" / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
