"""What a returning reader is shown as new: each briefing's change events, as a script.

`briefings/<id>/changes.js` (`changes.js` at the root in the one-briefing layout) assigns
`window.SITEGEN_CHANGES` the briefing's events: each update and correction of its log, each
superseded figure, each section. The reader's browser (templates/static/since.js) marks the
events it had not seen at the reader's last visit, kept in its own localStorage: nothing
leaves the browser.

A live briefing (`live: true`) also gets `changes.json`, the same data, which its open pages
poll for a newer build's events.

One file per briefing, not one for the site: a page needs only its own briefing's events,
and a desk of hundreds of briefings would otherwise load all of theirs on every page. A
script, not JSON fetched at run time, so that it also works from `file://` (as
`assets/sources.js`, sitegen/site/reader.py).

An event's id is what it is known by from build to build (a change by its date and place
among that day's entries, oldest first, as its feed entry is in sitegen/site/feeds.py), so a
reader's browser recognises the events it has already seen. Its date is the change log's;
a superseded figure carries its `as_of` when that is a day, a section none (the content
dates neither, and none is invented).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen import urls
from sitegen.content.model import Briefing, Site
from sitegen.site.reader import compact_json, data_script

GLOBAL_NAME = "SITEGEN_CHANGES"
CHANGE_LABELS = {"update": "Update", "correction": "Correction"}


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    id: str  # stable from build to build
    kind: str  # update | correction | figure | section
    label: str  # what the page calls it: "Correction", "New figure"
    date: str | None  # ISO day, where the content gives one
    text: str  # what the summary says of it
    page: str  # the output path of the page that shows it
    element: str  # the id of the element there that is marked


def since_visit_scripts(site: Site) -> dict[str, bytes]:
    """Output path -> bytes of each briefing's change events script; for a live briefing
    (`live: true`) also of the same events as JSON, which its open pages poll for new ones
    (over http(s) only: from file:// a fetch fails, and there is no new build to find)."""
    files = {}
    for briefing in site.briefings:
        poll = urls.page_of("briefing-changes-json", briefing.id) if briefing.live else None
        events = [dataclasses.asdict(event) for event in change_events(site, briefing)]
        data = {"briefing": briefing.id, "events": events, "poll": poll}
        files[urls.page_of("briefing-changes", briefing.id)] = data_script(GLOBAL_NAME, data)
        if poll:
            files[poll] = compact_json(data).encode() + b"\n"
    return files


def change_anchors(briefing: Briefing) -> list[str]:
    """The element id of each entry of the briefing's change log, in the log's order
    (newest first): its date and its place among that day's entries, oldest first, so that
    a change logged later leaves the ids of the earlier ones be."""
    places: dict[str, int] = {}
    anchors = []
    for change in reversed(briefing.changes):
        places[change.date] = places.get(change.date, 0) + 1
        anchors.append(f"change-{change.date}-{places[change.date]}")
    return anchors[::-1]


def change_events(site: Site, briefing: Briefing) -> Iterator[ChangeEvent]:
    """The briefing's events: its log (newest first), its superseded figures (in file
    order), its sections (in reading order)."""
    home = urls.page_of("briefing", briefing.id)
    for change, anchor in zip(briefing.changes, change_anchors(briefing), strict=True):
        place = anchor.rpartition("-")[2]
        yield ChangeEvent(
            f"change/{briefing.id}/{change.date}/{place}",
            change.kind,
            CHANGE_LABELS[change.kind],
            change.date,
            change.text,
            home,
            anchor,
        )
    facts_page = urls.page_of("briefing-facts", briefing.id)
    for fact in briefing.facts.values():
        older = site.fact(fact.supersedes) if fact.supersedes else None
        if older is None:
            continue
        was = older.value or older.statement
        yield ChangeEvent(
            f"supersession/{fact.key}",
            "figure",
            "New figure",
            _day(fact.as_of),
            f"{fact.statement} (was: {was})",
            facts_page,
            urls.anchor_id("fact", fact.key),
        )
    for section in briefing.sections:
        yield ChangeEvent(
            f"section/{section.key}",
            "section",
            "New section",
            None,
            section.title,
            home,
            section_anchor(section.id),
        )


def section_anchor(section_id: str) -> str:
    """The element id of a section's entry in its briefing home's list of sections."""
    return f"section-entry-{section_id}"


def _day(text: str | None) -> str | None:
    """An `as_of` that is an ISO day; anything vaguer ("this year") is no date."""
    if text and len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        return text
    return None
