"""Feeds to follow one briefing or one person: each briefing's and entity's Atom feed, linked
from its page, valid Atom with ids that stay put from build to build."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from helpers import FIXTURES, REPO, build_into, edit, make_project, parse, resolve_link

from sitegen.build import build
from sitegen.config import BuildConfig

BASE_URL = "https://example.org/desk/"
SECOND = "A month of talks"


def build_desk(project: Path, base_url: str | None = BASE_URL) -> Path:
    output = project / "output"
    build(BuildConfig(project / "content", project / "templates", output, base_url))
    return output


@pytest.fixture(scope="module")
def desk_output(tmp_path_factory) -> Path:
    return build_desk(make_project(tmp_path_factory.mktemp("desk"), FIXTURES / "desk"))


def read_feed(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    for entry in feed.entries:  # RFC 4287 4.1.2: every entry has an id, a title and a date
        assert entry.id.startswith("urn:uuid:") and entry.title and entry.updated
    return feed


def html(entry) -> BeautifulSoup:
    return BeautifulSoup(entry.content[0].value, "html5lib")


def test_a_briefings_feed_has_its_publication_changes_and_new_figures_newest_first(desk_output: Path):
    feed = read_feed(desk_output / "briefings/second/updates.xml")
    assert feed.feed.title == f"{SECOND}: updates and corrections"
    assert feed.feed.link == f"{BASE_URL}briefings/second/"
    assert [(e.title, e.updated) for e in feed.entries] == [
        # a figure without a day of its own takes the briefing's last date
        ("New figure: About 150 troops are now stationed in Ruritania.", "2026-06-03T00:00:00Z"),
        (f"Correction: {SECOND}", "2026-06-03T00:00:00Z"),
        (f"Update: {SECOND}", "2026-06-02T00:00:00Z"),
        (f"Published: {SECOND}", "2026-06-01T00:00:00Z"),
    ]
    figure, correction, update, _ = feed.entries
    assert html(correction).get_text() == "Correction, 2026-06-03: The talks resumed on 5 June, not 4 June."
    assert "Was: about 100. Now: about 150." in html(figure).get_text()
    assert figure.link == f"{BASE_URL}briefings/second/facts/#fact-troops-june"
    assert update.link == f"{BASE_URL}briefings/second/"


def test_an_entitys_feed_has_the_briefings_and_changes_that_involve_it(desk_output: Path):
    ruritania = read_feed(desk_output / "entities/ruritania.xml")
    titles = [entry.title for entry in ruritania.entries]
    # both briefings whose facts name it, and the figure that changed; not the changes that
    # do not name it
    assert "New figure: About 150 troops are now stationed in Ruritania." in titles
    assert "Published: Talks begin in Ruritania" in titles and f"Published: {SECOND}" in titles
    assert not any(title.startswith(("Correction", "Update")) for title in titles)
    assert [e.updated for e in ruritania.entries] == sorted(
        (e.updated for e in ruritania.entries), reverse=True
    )


def test_an_entity_named_in_a_correction_gets_it_in_its_feed(tmp_path: Path):
    project = make_project(tmp_path, FIXTURES / "desk")
    edit(project / "content/briefings/second/briefing.yaml", "not 4 June.", "not 4 June, Alice said.")
    output = build_desk(project)
    alice = read_feed(output / "entities/alice.xml")
    assert f"Correction: {SECOND}" in [entry.title for entry in alice.entries]
    bob = read_feed(output / "entities/bob.xml")
    assert f"Correction: {SECOND}" not in [entry.title for entry in bob.entries]


def test_entry_ids_stay_when_the_build_time_or_a_newer_change_differs(desk_output: Path, tmp_path: Path):
    ids = {e.title: e.id for e in read_feed(desk_output / "briefings/second/updates.xml").entries}
    project = make_project(tmp_path, FIXTURES / "desk")
    edit(
        project / "content/briefings/second/briefing.yaml",
        "changes:\n",
        "changes:\n  - date: 2026-06-09\n    kind: update\n    text: A later update.\n",
    )
    again = {e.title: e.id for e in read_feed(build_desk(project) / "briefings/second/updates.xml").entries}
    assert len(set(again.values())) == len(again)  # the two updates' titles are alike
    for title, entry_id in ids.items():
        assert again[title] == entry_id, title


def test_the_briefing_home_and_entity_page_link_their_feeds(desk_output: Path):
    for page, feed in (
        (desk_output / "briefings/second/index.html", desk_output / "briefings/second/updates.xml"),
        (desk_output / "entities/alice.html", desk_output / "entities/alice.xml"),
    ):
        soup = parse(page)
        alternates = [
            resolve_link(page, link["href"], desk_output)[0]
            for link in soup.find_all("link", rel="alternate", type="application/atom+xml")
        ]
        assert feed.resolve() in alternates, page
        follow = soup.select_one("p.follow a")
        assert follow is not None and follow.get_text().startswith("Follow"), page
        assert resolve_link(page, follow["href"], desk_output)[0] == feed.resolve()


def test_the_bundled_desks_feeds_are_valid_atom(tmp_path: Path):
    output = build_into(tmp_path / "output", REPO / "content")
    feeds = sorted(output.glob("entities/*.xml")) + sorted(output.glob("briefings/*/updates.xml"))
    assert len(feeds) == len([p for p in output.glob("entities/*.html") if p.name != "index.html"]) + 2
    for path in feeds:
        read_feed(path)
    takaichi = read_feed(output / "entities/sanae-takaichi.xml")
    assert "Published: Takaichi says urged S. Korea’s Lee to help ‘ensure regional stability’" in [
        entry.title for entry in takaichi.entries
    ]


def test_without_a_base_url_there_are_no_feeds_to_follow(tmp_path: Path):
    output = build_desk(make_project(tmp_path, FIXTURES / "desk"), base_url=None)
    assert not list(output.rglob("*.xml"))
    assert parse(output / "entities/alice.html").select_one("p.follow") is None
    assert parse(output / "briefings/second/index.html").select_one("p.follow") is None
