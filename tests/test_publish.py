"""Publishing: what GitHub Pages, search engines, feed readers and link previews read."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import xmlschema
import yaml
from bs4 import BeautifulSoup
from helpers import (
    BASE_URL,
    FIXTURES,
    REPO,
    SEED_BRIEFING,
    SEED_PAGES,
    SEED_SECTIONS,
    build_into,
    html_pages,
    parse,
    resolve_link,
)

from sitegen.build import load_site
from sitegen.config import BuildConfig
from sitegen.content.dates import content_dates
from sitegen.site.metadata import json_ld_script
from sitegen.site.publish import SITEMAP_NS, custom_domain

STAMP = "2025-11-29T00:27:07Z"
SITEMAP_XSD = FIXTURES / "sitemap-0.9.xsd"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The real briefing built for https://example.github.io/briefing/."""
    return build_into(tmp_path_factory.mktemp("published") / "output")


def page_url(output: Path, page: Path) -> str:
    path = page.relative_to(output).as_posix()
    if path == "index.html":
        return BASE_URL
    return BASE_URL + (path[: -len("index.html")] if path.endswith("/index.html") else path)


def json_ld_blocks(page: Path) -> list[dict]:
    return [
        json.loads(script.string) for script in parse(page).find_all("script", type="application/ld+json")
    ]


# --- GitHub Pages files -------------------------------------------------------------------


def test_nojekyll_always_and_no_cname_on_github_io(published: Path):
    assert (published / ".nojekyll").read_bytes() == b""
    assert not (published / "CNAME").exists()


@pytest.mark.parametrize(
    ("base_url", "cname"),
    [
        ("https://briefing.example.org/", "briefing.example.org"),
        ("https://user.github.io/", None),
        ("https://user.github.io/briefing/", None),
        ("https://example.org/briefing/", None),  # a path under a custom domain: the user site's CNAME
        ("http://localhost:8000/", None),
        ("http://127.0.0.1/", None),
    ],
)
def test_cname_only_for_a_custom_domain_at_its_root(base_url, cname):
    assert custom_domain(base_url) == cname


def test_a_custom_domain_gets_a_cname_file(tmp_path: Path):
    output = build_into(tmp_path / "output", FIXTURES / "mini", "https://news.example.org")
    assert (output / "CNAME").read_text() == "news.example.org\n"


def test_robots_txt_names_the_sitemap(published: Path):
    lines = (published / "robots.txt").read_text().splitlines()
    assert f"Sitemap: {BASE_URL}sitemap.xml" in lines
    assert "User-agent: *" in lines


# --- sitemap --------------------------------------------------------------------------------


def test_sitemap_is_valid_against_the_sitemaps_org_schema(published: Path):
    xmlschema.XMLSchema(SITEMAP_XSD).validate(published / "sitemap.xml")


def sitemap_entries(path: Path) -> list[dict[str, str]]:
    """The sitemap's <url> entries, after validating it against the sitemaps.org schema."""
    xmlschema.XMLSchema(SITEMAP_XSD).validate(path)
    return [
        {child.tag.split("}")[1]: child.text for child in url}
        for url in ET.parse(path).getroot().iter(f"{{{SITEMAP_NS}}}url")
    ]


def test_sitemap_lists_every_page_but_404_with_absolute_urls_and_lastmod(published: Path):
    entries = sitemap_entries(published / "sitemap.xml")
    listed = [entry["loc"] for entry in entries]
    expected = [page_url(published, page) for page in html_pages(published) if page.name != "404.html"]
    assert sorted(listed) == sorted(expected)
    assert len(set(listed)) == len(listed)
    # a briefing's pages carry its own date (its last change, else when it was published),
    # the shared pages the latest of them
    for entry in entries:
        if entry["loc"].startswith(BASE_URL + "briefings/takaichi-lee-nara/"):
            assert entry["lastmod"] == "2026-01-13T00:00:00Z", entry
        else:
            assert entry["lastmod"] == "2026-11-30T00:00:00Z", entry


def test_an_undated_briefing_takes_the_environments_date(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    output = build_into(tmp_path / "output", content)
    assert {entry["lastmod"] for entry in sitemap_entries(output / "sitemap.xml")} == {STAMP}


# --- Atom feed ----------------------------------------------------------------------------------


def test_feed_parses_as_atom_with_one_entry_per_briefing(published: Path):
    feed = feedparser.parse((published / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Briefings"
    assert feed.feed.updated == "2026-11-30T00:00:00Z"  # the latest of the briefings
    assert [entry.title for entry in feed.entries] == [
        "Takaichi says urged S. Korea’s Lee to help ‘ensure regional stability’",
        "China’s Xi to Host South Korea’s Lee Amid Regional Tensions",
    ]  # newest first
    newer, older = feed.entries
    assert newer.id == newer.link == f"{BASE_URL}briefings/takaichi-lee-nara/"
    assert (newer.updated, newer.published) == ("2026-01-13T00:00:00Z", "2026-01-13T00:00:00Z")
    assert older.id == older.link == f"{BASE_URL}{SEED_PAGES}/"
    assert older.updated == "2026-11-30T00:00:00Z"  # its update; it gives no publication date
    assert "published" not in older
    # the entry says what changed, then links every section with an absolute URL
    content = parse_html(older.content[0].value)
    assert content.find("p").get_text().startswith("Update, 2026-11-30: Now part of a desk")
    links = [a["href"] for a in content.find_all("a", href=True)]
    assert links == [f"{BASE_URL}{SEED_PAGES}/sections/{slug}.html" for slug in SEED_SECTIONS]


def parse_html(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html5lib")


def test_feed_entry_ids_do_not_change_between_builds(published: Path, tmp_path: Path):
    again = build_into(tmp_path / "again", epoch="1800000000")
    ids = [e.id for e in feedparser.parse((published / "feed.xml").read_bytes()).entries]
    assert ids == [e.id for e in feedparser.parse((again / "feed.xml").read_bytes()).entries]


def test_every_page_links_the_feed(published: Path):
    for page in html_pages(published):
        link = parse(page).find("link", rel="alternate", type="application/atom+xml")
        assert link is not None, page
        target, _ = resolve_link(page, link["href"], published)
        if page.name != "404.html":  # 404.html links from the site root (tested in the browser)
            assert target == (published / "feed.xml").resolve()


# --- dates ---------------------------------------------------------------------------------


def test_same_input_gives_byte_identical_output(published: Path, tmp_path: Path):
    again = build_into(tmp_path / "again")
    files = sorted(p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (published / name).read_bytes() == (again / name).read_bytes(), name


def test_briefing_dates_win_over_the_environment(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    with (content / "briefing.yaml").open("a", encoding="utf-8") as briefing:
        briefing.write("updated: 2026-11-30\n")
    output = build_into(tmp_path / "output", content)
    assert feedparser.parse((output / "feed.xml").read_bytes()).feed.updated == "2026-11-30T00:00:00Z"


def test_last_commit_to_content_when_nothing_else_says(tmp_path: Path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    environment = {
        "GIT_COMMITTER_DATE": "2024-05-06T07:08:09Z",
        "GIT_AUTHOR_DATE": "2024-05-06T07:08:09Z",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "content"]):
        subprocess.run(git + command, cwd=tmp_path, check=True, env=environment)
    site = load_site(BuildConfig(content, REPO / "templates", tmp_path / "output"))
    assert content_dates(site, content).site == "2024-05-06T07:08:09Z"


def test_without_any_date_there_is_no_feed_and_no_lastmod(tmp_path: Path):
    content = tmp_path / "content"  # outside any git checkout
    shutil.copytree(FIXTURES / "mini", content)
    output = build_into(tmp_path / "output", content, epoch=None)
    assert not (output / "feed.xml").exists()
    assert parse(output / "index.html").find("link", type="application/atom+xml") is None
    entries = sitemap_entries(output / "sitemap.xml")
    assert entries and all(list(entry) == ["loc"] for entry in entries)


# --- page metadata ------------------------------------------------------------------------


def test_every_page_has_language_unique_title_description_and_social_tags(published: Path):
    titles = {}
    for page in html_pages(published):
        soup = parse(page)
        assert soup.html["lang"] == "en"
        title = soup.title.string
        assert title and title not in titles, f"{page} repeats the title of {titles.get(title)}"
        titles[title] = page
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert description
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        twitter = {
            m["name"]: m["content"]
            for m in soup.find_all("meta", attrs={"name": True})
            if m["name"].startswith("twitter:")
        }
        assert og["og:description"] == twitter["twitter:description"] == description, page
        assert og["og:title"] and og["og:title"] == twitter["twitter:title"]
        assert twitter["twitter:card"] == "summary"
        canonical = soup.find("link", rel="canonical")
        if page.name == "404.html":
            assert canonical is None and "og:url" not in og
            assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        else:
            assert canonical["href"] == og["og:url"] == page_url(published, page)


def test_without_base_url_no_absolute_url_is_invented(tmp_path: Path):
    output = build_into(tmp_path / "output", FIXTURES / "mini", base_url=None)
    assert not (output / "sitemap.xml").exists() and not (output / "feed.xml").exists()
    assert "Sitemap" not in (output / "robots.txt").read_text()
    for page in html_pages(output):
        soup = parse(page)
        assert soup.find("link", rel="canonical") is None
        assert soup.find("meta", property="og:url") is None
        for block in json_ld_blocks(page):
            assert "url" not in block
    # the 404 page falls back to links from the host's root
    hrefs = [a["href"] for a in parse(output / "404.html").find_all("a", href=True)]
    assert "/index.html" in hrefs


def test_json_ld_on_every_page_with_the_type_that_fits(published: Path):
    entities = yaml.safe_load((REPO / "content" / "entities.yaml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((REPO / "content" / "sources.yaml").read_text(encoding="utf-8"))
    kinds = {"person": "Person", "organisation": "Organization", "country": "Country", "place": "Place"}
    reuters = {
        "@type": "CreativeWork",
        "name": "China’s Xi to Host South Korea’s Lee Amid Regional Tensions",
        "publisher": {"@type": "Organization", "name": "Reuters / Agencies"},
    }
    for page in html_pages(published):
        (block,) = json_ld_blocks(page)
        assert block["@context"] == "https://schema.org"
        path = page.relative_to(published).as_posix()
        article = path.startswith("briefings/") and (
            path.endswith(("/full/index.html", "-summit/index.html", "-nara/index.html"))
            or "/sections/" in path
        )
        if article:  # a briefing: reporting, as its sentences are not marked analysis
            assert block["@type"] == ("NewsArticle" if "/sections/" in path else "ReportageNewsArticle")
            known = [
                (source.get("title") or source["publisher"], source["publisher"])
                for source in sources.values()
            ]
            assert block["citation"] and all(
                (cited["name"], cited["publisher"]["name"]) in known for cited in block["citation"]
            )
            if path.startswith(SEED_PAGES):
                assert block["citation"] == [reuters]  # only what the briefing cites
                assert block["dateModified"] == "2026-11-30"  # its update
        elif path.startswith("entities/") and page.name != "index.html":
            entity = entities[page.stem]
            assert block["@type"] == kinds[entity["kind"]]
            assert block["name"] == entity["name"]
        elif path == "index.html":
            assert block["@type"] == "CollectionPage"
            assert [part["url"] for part in block["hasPart"]] == [
                f"{BASE_URL}briefings/takaichi-lee-nara/",
                f"{BASE_URL}{SEED_PAGES}/",
            ]
        else:
            assert block["@type"] == "WebPage"
        if page.name != "404.html":
            assert block["url"] == page_url(published, page)


def test_json_ld_cannot_be_closed_by_content():
    hostile = {"name": "</script><script>alert(1)</script><!-- & -->"}
    script = str(json_ld_script(hostile))
    assert "<" not in script and ">" not in script
    assert json.loads(script) == hostile


def test_hostile_entity_description_stays_inside_its_json_ld(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    entities = content / "entities.yaml"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace(
            "description: a minister", 'description: "a minister</script><script>alert(1)</script>"'
        ),
        encoding="utf-8",
    )
    output = build_into(tmp_path / "output", content)
    soup = parse(output / "entities" / "alice.html")
    scripts = [s for s in soup.find_all("script") if not s.get("src")]  # reader scripts have src
    assert [s["type"] for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].string)["description"] == "a minister</script><script>alert(1)</script>"


# --- data export ------------------------------------------------------------------------------


def test_data_export_holds_the_sites_data_in_content_order(published: Path):
    data = json.loads((published / "data" / "site.json").read_text(encoding="utf-8"))
    assert data["format"] == "sitegen-site/1"
    shared = {
        name: yaml.safe_load((REPO / "content" / f"{name}.yaml").read_text(encoding="utf-8"))
        for name in ("entities", "sources")
    }
    for name, entries in shared.items():
        assert [entry["id"] for entry in data[name]] == list(entries), name
    assert [b["id"] for b in data["briefings"]] == ["takaichi-lee-nara", "xi-lee-summit"]
    seed = data["briefings"][1]
    own = {
        name: yaml.safe_load((REPO / SEED_BRIEFING / f"{name}.yaml").read_text(encoding="utf-8"))
        for name in ("facts", "quotes", "events")
    }
    for name, entries in own.items():
        assert [entry["id"] for entry in seed[name]] == list(entries), name
        assert {entry["briefing"] for entry in seed[name]} == {"xi-lee-summit"}
    us_troops = next(fact for fact in seed["facts"] if fact["id"] == "us-troops")
    assert us_troops["statement"] == own["facts"]["us-troops"]["statement"]
    assert [s["id"] for s in seed["sections"]] == list(SEED_SECTIONS)
    assert seed["page"] == f"{SEED_PAGES}/index.html"
    assert seed["changes"] == [
        {
            "date": "2026-11-30",
            "kind": "update",
            "text": (
                "Now part of a desk of briefings: its people, places and sources are shared with the "
                "follow-up briefing on Lee’s meeting with Takaichi in Nara."
            ),
        }
    ]


def test_every_page_links_the_data_export(published: Path):
    for page in html_pages(published):
        if page.name == "404.html":
            continue
        targets = {
            resolve_link(page, a["href"], published)[0]
            for a in parse(page).find_all("a", href=True)
            if not urlsplit(a["href"]).scheme
        }
        assert (published / "data" / "site.json").resolve() in targets, page


# --- the command line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["example.github.io/briefing", "ftp://example.org/", "https:///briefing/", "https://example.org/?x=1"],
)
def test_base_url_must_be_absolute_http(mini_project, run_sitegen, url):
    result = run_sitegen(mini_project, "build", "--base-url", url)
    assert result.status == 2
    assert result.err == (
        "sitegen: --base-url must be an absolute http(s) URL such as "
        f"https://user.github.io/briefing/, not '{url}'\n"
    )
    assert not (mini_project / "output").exists()


def test_base_url_option_overrides_site_yaml(mini_project, run_sitegen):
    site = mini_project / "content" / "site.yaml"
    site.write_text(site.read_text() + "base_url: https://wrong.example.org/\n")
    assert run_sitegen(mini_project, "build", "--base-url", "https://u.github.io/mini").status == 0
    canonical = parse(mini_project / "output" / "index.html").find("link", rel="canonical")
    assert canonical["href"] == "https://u.github.io/mini/"
