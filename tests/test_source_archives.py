"""Archived sources: `accessed`, `archive_url`, `archived` and `status` on a source, shown on the
sources page, in the full briefing's endnotes and in citation popovers the way Wikipedia's
citations show them; bad values stop the build with their place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ARCHIVE, ORIGINAL, archive_web_source, assert_check, parse, words_of

from sitegen.content.model import Source
from sitegen.errors import Location
from sitegen.site.source_view import source_view


def entry(output: Path, source: str):
    return parse(output / "sources/index.html").find(id=f"src-{source}").select_one(".source-entry")


def cards(output: Path) -> dict:
    script = (output / "assets/sources.js").read_text(encoding="utf-8")
    return json.loads(script.removeprefix("window.SITEGEN_SOURCES = ").rstrip().rstrip(";"))


def test_a_dead_original_links_to_the_archive_first(mini_project, run_sitegen):
    archive_web_source(
        mini_project,
        "accessed: 2026-11-29",
        f"archive_url: {ARCHIVE}",
        "archived: 2026-12-03",
        "status: dead",
    )
    assert run_sitegen(mini_project, "build").status == 0
    output = mini_project / "output"
    shown = entry(output, "web")
    assert words_of(shown) == (
        "Example News · Archived 3 December 2026 from the original, now offline · accessed 29 November 2026"
    )
    links = [(a.get_text(), a["href"]) for a in shown.find_all("a")]
    assert links == [("Example News", ARCHIVE), ("the original", ORIGINAL)]
    assert [t["datetime"] for t in shown.find_all("time")] == ["2026-12-03", "2026-11-29"]

    endnote = parse(output / "full/index.html").select(".endnote-list li")[1]
    assert words_of(endnote) == (
        f"Example News. Archived 3 December 2026: {ARCHIVE}. Original, "
        f"now offline: {ORIGINAL}. Accessed 29 November 2026"
    )
    assert [a["href"] for a in endnote.find_all("a")] == [ARCHIVE, ORIGINAL]

    card = cards(output)["web"]
    assert (card["url"], card["archived"], card["status"]) == (
        ARCHIVE,
        "Archived 3 December 2026",
        "Original now offline",
    )


def test_a_live_original_links_first_and_the_archive_after(mini_project, run_sitegen):
    archive_web_source(mini_project, f"archive_url: {ARCHIVE}", "archived: 2026-12-03", "status: live")
    assert run_sitegen(mini_project, "build").status == 0
    shown = entry(mini_project / "output", "web")
    assert words_of(shown) == "Example News · Archived 3 December 2026"
    assert [(a.get_text(), a["href"]) for a in shown.find_all("a")] == [
        ("Example News", ORIGINAL),
        ("Archived", ARCHIVE),
    ]
    card = cards(mini_project / "output")["web"]
    assert (card["url"], card["archived"], card["status"]) == (ORIGINAL, "Archived 3 December 2026", None)


def test_a_changed_original_links_to_the_archive_first(mini_project, run_sitegen):
    archive_web_source(mini_project, f"archive_url: {ARCHIVE}", "status: changed")
    assert run_sitegen(mini_project, "build").status == 0
    shown = entry(mini_project / "output", "web")
    assert words_of(shown) == "Example News · Archived from the original, since changed"
    assert [a["href"] for a in shown.find_all("a")] == [ARCHIVE, ORIGINAL]


def test_a_dead_original_without_an_archive_says_so(mini_project, run_sitegen):
    archive_web_source(mini_project, "status: dead")
    assert run_sitegen(mini_project, "build").status == 0
    output = mini_project / "output"
    assert words_of(entry(output, "web")) == "Example News · original now offline"
    endnote = parse(output / "full/index.html").select(".endnote-list li")[1]
    assert words_of(endnote) == f"Example News. {ORIGINAL} (now offline)"


def test_sources_without_archives_read_as_before(mini_project, run_sitegen):
    assert run_sitegen(mini_project, "build").status == 0
    output = mini_project / "output"
    assert words_of(entry(output, "wire")) == "A wire story, Test Wire"
    assert [a["href"] for a in entry(output, "web").find_all("a")] == [ORIGINAL]
    assert cards(output)["web"]["archived"] is None


@pytest.mark.parametrize(
    "status, url, archive, first, note",
    [
        (None, ORIGINAL, None, ORIGINAL, None),
        ("live", ORIGINAL, ARCHIVE, ORIGINAL, None),
        ("dead", ORIGINAL, ARCHIVE, ARCHIVE, "now offline"),
        ("changed", ORIGINAL, ARCHIVE, ARCHIVE, "since changed"),
        ("dead", ORIGINAL, None, ORIGINAL, "now offline"),
        (None, None, ARCHIVE, ARCHIVE, None),  # the archived copy is all there is
        (None, None, None, None, None),
    ],
)
def test_which_link_comes_first(status, url, archive, first, note):
    source = Source("s", "P", None, url, None, None, Location("sources.yaml"), archive, None, status)
    view = source_view(source)
    assert (view.href, view.note) == (first, note)


@pytest.mark.parametrize(
    "line, message",
    [
        (
            "archive_url: ftp://archive.example/story",
            "content/sources.yaml:7:16: error: source 'web': 'archive_url' must be an http:// or "
            "https:// URL, not 'ftp://archive.example/story' [bad-url]",
        ),
        (
            "archived: yesterday",
            "content/sources.yaml:7:13: error: source 'web': 'archived' must be a date written "
            "YYYY-MM-DD, not 'yesterday' [wrong-type]",
        ),
        (
            "accessed: 29 November 2026",
            "content/sources.yaml:7:13: error: source 'web': 'accessed' must be a date written "
            "YYYY-MM-DD, not '29 November 2026' [wrong-type]",
        ),
        (
            "status: gone",
            "content/sources.yaml:7:11: error: source 'web' has unknown status 'gone' (use one of: "
            "live, dead, changed) [bad-kind]",
        ),
        (
            "archived: 2026-12-03",
            "content/sources.yaml:7:13: error: source 'web' has 'archived' but no 'archive_url' (the "
            "date is that of the archived copy) [missing-field]",
        ),
    ],
)
def test_bad_archive_fields(mini_project, run_sitegen, line, message):
    archive_web_source(mini_project, line)
    assert_check(mini_project, run_sitegen, 1, message)
    built = run_sitegen(mini_project, "build")
    assert built.status == 1
    assert not (mini_project / "output").exists()
