"""Each briefing's change events (`changes.js`), what a returning reader's browser marks as new:
every update, correction, superseded figure and section, each with an id that stays from
build to build and the element it marks on its page; the same bytes from a cached build as
from a clean one. The marking itself is tested in Chromium (test_since_last_visit_browser.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import (
    FIXTURES,
    SEED_BRIEFING,
    SEED_PAGES,
    assert_output_is_a_clean_builds,
    build,
    edit,
    load_global,
    make_project,
    parse,
    words_of,
)

pytestmark = pytest.mark.usefixtures("files_settle_at_once")

UPDATE = (
    "Now part of a desk of briefings: its people, places and sources are shared with the "
    "follow-up briefing on Lee’s meeting with Takaichi in Nara."
)


def events_of(output: Path, briefing: str) -> list[dict]:
    data = load_global(output / "briefings" / briefing / "changes.js", "SITEGEN_CHANGES")
    assert data["briefing"] == briefing
    return data["events"]


def marked_element(output: Path, event: dict):
    """The element an event marks, found on its page."""
    found = parse(output / event["page"]).find(id=event["element"])
    assert found is not None, event
    return found


def test_a_briefings_events_are_its_log_and_its_sections_each_on_the_page_that_shows_it(built_briefing):
    home = f"{SEED_PAGES}/index.html"
    events = events_of(built_briefing, "xi-lee-summit")
    assert [(e["id"], e["kind"], e["label"], e["date"], e["page"], e["element"]) for e in events] == [
        ("change/xi-lee-summit/2026-11-30/1", "update", "Update", "2026-11-30", home, "change-2026-11-30-1"),
        ("section/xi-lee-summit/overview", "section", "New section", None, home, "section-entry-overview"),
        ("section/xi-lee-summit/security", "section", "New section", None, home, "section-entry-security"),
        (
            "section/xi-lee-summit/technology",
            "section",
            "New section",
            None,
            home,
            "section-entry-technology",
        ),
    ]
    update = marked_element(built_briefing, events[0])
    assert events[0]["text"] == UPDATE
    assert words_of(update) == f"Update, 30 November 2026: {UPDATE}"  # its entry in the change log
    security = marked_element(built_briefing, events[2])
    assert (security.a.get_text(), events[2]["text"]) == ("Security and North Korea",) * 2
    # a briefing with no log still has its events, so that a first visit is remembered
    assert [e["kind"] for e in events_of(built_briefing, "takaichi-lee-nara")] == ["section"] * 3


def test_every_briefing_page_loads_its_own_events_before_the_script_that_marks_them(built_briefing):
    for page in (f"{SEED_PAGES}/index.html", f"{SEED_PAGES}/sections/security.html"):
        sources = [script["src"] for script in parse(built_briefing / page).find_all("script", src=True)]
        events = next(src for src in sources if src.endswith("changes.js"))
        assert (built_briefing / page).parent.joinpath(events).resolve() == (
            built_briefing / SEED_PAGES / "changes.js"
        ).resolve()
        assert sources.index(events) + 1 == sources.index(
            next(src for src in sources if src.endswith("assets/since.js"))
        )
    shared = parse(built_briefing / "entities/index.html").find_all("script", src=True)
    assert not [script for script in shared if script["src"].endswith(("changes.js", "since.js"))]


def test_a_superseded_figure_marks_the_new_fact_with_the_old_value(tmp_path, run_sitegen):
    project = make_project(tmp_path, FIXTURES / "desk")
    build(project, run_sitegen)
    output = project / "output"
    figures = [event for event in events_of(output, "second") if event["kind"] == "figure"]
    assert figures == [
        {
            "id": "supersession/second/troops-june",
            "kind": "figure",
            "label": "New figure",
            "date": None,  # as of June 2026: no day, and none is invented
            "text": "About 150 troops are now stationed in Ruritania. (was: about 100)",
            "page": "briefings/second/facts/index.html",
            "element": "fact-troops-june",
        }
    ]
    assert "About 150 troops" in words_of(marked_element(output, figures[0]))


def test_a_new_correction_is_one_new_event_and_the_others_keep_their_ids(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    output = briefing_project / "output"
    before = events_of(output, "xi-lee-summit")
    edit(
        briefing_project / SEED_BRIEFING / "briefing.yaml",
        "changes:\n",
        "changes:\n  - date: 2026-11-30\n    kind: correction\n    text: A corrected figure.\n",
    )
    build(briefing_project, run_sitegen)
    after = events_of(output, "xi-lee-summit")
    assert after[1:] == before  # the earlier entry of the same day is still /1
    assert (after[0]["id"], after[0]["element"]) == (
        "change/xi-lee-summit/2026-11-30/2",
        "change-2026-11-30-2",
    )
    assert words_of(marked_element(output, after[0])) == "Correction, 30 November 2026: A corrected figure."
    assert words_of(marked_element(output, after[1])) == f"Update, 30 November 2026: {UPDATE}"
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_a_live_briefing_leads_with_key_events_carries_a_live_blog_and_has_events_to_poll(
    briefing_project, run_sitegen
):
    brief = briefing_project / SEED_BRIEFING / "briefing.yaml"
    edit(brief, "key_facts:", "live: true\nkey_facts:")
    edit(
        brief,
        "changes:\n",
        "changes:\n  - date: 2026-12-03\n    kind: correction\n    text: A corrected figure.\n",
    )
    build(briefing_project, run_sitegen)
    output = briefing_project / "output"
    home = parse(output / SEED_PAGES / "index.html")
    key_events = home.find("section", class_="key-events")
    assert words_of(key_events.h2) == "Key events"
    entries = key_events.find_all("li")
    assert [words_of(entry) for entry in entries] == [
        "3 December 2026 Correction A corrected figure.",
        f"30 November 2026 Update {UPDATE}",
    ]
    assert [entry.a["href"] for entry in entries] == ["#change-2026-12-03-1", "#change-2026-11-30-1"]
    assert home.find(id="change-2026-12-03-1") is not None
    (blog,) = [
        data
        for script in home.find_all("script", type="application/ld+json")
        if (data := json.loads(script.string))["@type"] == "LiveBlogPosting"
    ]
    assert blog["liveBlogUpdate"] == [
        {
            "@type": "BlogPosting",
            "headline": "Correction",
            "articleBody": "A corrected figure.",
            "datePublished": "2026-12-03",
        },
        {"@type": "BlogPosting", "headline": "Update", "articleBody": UPDATE, "datePublished": "2026-11-30"},
    ]
    script = load_global(output / SEED_PAGES / "changes.js", "SITEGEN_CHANGES")
    assert script["poll"] == f"{SEED_PAGES}/changes.json"
    assert json.loads((output / SEED_PAGES / "changes.json").read_bytes()) == script
    # a briefing that is not live: no key events, no JSON to poll, its article type kept
    other = parse(output / "briefings/takaichi-lee-nara/index.html")
    assert other.find("section", class_="key-events") is None
    assert not (output / "briefings/takaichi-lee-nara/changes.json").exists()
    assert load_global(output / "briefings/takaichi-lee-nara/changes.js", "SITEGEN_CHANGES")["poll"] is None
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_live_must_be_true_or_false(briefing_project, run_sitegen):
    edit(briefing_project / SEED_BRIEFING / "briefing.yaml", "key_facts:", "live: soon\nkey_facts:")
    result = run_sitegen(briefing_project, "build")
    assert result.status == 1
    assert not (briefing_project / "output").exists()
    assert result.err.splitlines()[0] == (
        f"{SEED_BRIEFING}/briefing.yaml:7:7: the briefing: 'live' must be true or false, not 'soon'"
    )
