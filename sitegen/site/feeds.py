"""The feeds a reader follows one story or one person by: an Atom feed per briefing (its
publication, each update and correction of its log, each superseded figure) and per entity
(the briefings that involve it, and the changes and superseded figures that name it).

Like the site's feed (sitegen/site/publish.py) they exist only with a base_url (RFC 4287 wants
absolute ids and links) and a content date. Entry ids are `urn:uuid:` ids derived from the
base_url and the entry's key (a briefing's id, a change's date and place in the log, a fact's
key), never from the time of the build, so an entry keeps its id from build to build and is
the same entry in every feed that carries it.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from sitegen import urls
from sitegen.content.dates import ContentDates
from sitegen.content.model import Briefing, Change, Entity, Fact
from sitegen.site.resolve import Resolved

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # what the entry's id is derived from
    title: str
    updated: str  # RFC 3339
    link: str  # output path of the page it points to, with fragment
    html: str  # the entry's content
    briefing: Briefing


def follow_feeds(resolved: Resolved, dates: ContentDates) -> dict[str, bytes]:
    """Output path -> bytes of every briefing's and entity's feed (none without a base_url or
    a content date, as for the site's feed)."""
    site = resolved.site
    if not (site.base_url and dates.site):
        return {}
    by_briefing = {
        briefing.id: list(briefing_entries(resolved, briefing, dates)) for briefing in site.briefings
    }
    files = {}
    for briefing in site.briefings:
        files[urls.page_of("briefing-feed", briefing.id)] = _feed(
            resolved,
            urls.page_of("briefing-feed", briefing.id),
            urls.page_of("briefing", briefing.id),
            f"{briefing.title}: updates and corrections",
            by_briefing[briefing.id],
            dates.of(briefing) or dates.site,
        )
    involved = _briefings_involving(resolved)
    for entity in site.entities.values():
        entries = [
            entry
            for briefing in site.briefings
            if briefing.id in involved[entity.id]
            for entry in by_briefing[briefing.id]
            if entry.key == _briefing_key(briefing) or _names(entry, entity, resolved)
        ]
        updated = max((entry.updated for entry in entries), default=dates.site)
        files[urls.page_of("entity-feed", entity.id)] = _feed(
            resolved,
            urls.page_of("entity-feed", entity.id),
            urls.page_of("entity", entity.id),
            f"{entity.name}: briefings, updates and corrections",
            entries,
            updated,
        )
    return files


def briefing_entries(resolved: Resolved, briefing: Briefing, dates: ContentDates) -> Iterable[FeedEntry]:
    """The briefing's publication, its changes and its superseded figures (unsorted)."""
    published = f"{briefing.published}T00:00:00Z" if briefing.published else dates.of(briefing)
    if published:
        yield FeedEntry(
            _briefing_key(briefing),
            f"Published: {briefing.title}",
            published,
            urls.target("briefing", briefing.id),
            f"<p>{escape(briefing.standfirst)}</p>" if briefing.standfirst else "",
            briefing,
        )
    seen: dict[str, int] = {}
    for change in reversed(briefing.changes):  # oldest first: a new change leaves older keys be
        place = seen[change.date] = seen.get(change.date, 0) + 1
        yield _change_entry(briefing, change, place)
    for fact in briefing.facts.values():
        older = resolved.site.fact(fact.supersedes) if fact.supersedes else None
        date = dates.of(briefing)
        if older is not None and date:
            yield _supersession_entry(briefing, older, fact, _day(fact.as_of) or date)


def _change_entry(briefing: Briefing, change: Change, place: int) -> FeedEntry:
    label = "Correction" if change.kind == "correction" else "Update"
    return FeedEntry(
        f"change/{briefing.id}/{change.date}/{place}",
        f"{label}: {briefing.title}",
        f"{change.date}T00:00:00Z",
        urls.target("briefing", briefing.id),
        f"<p><strong>{label}, {escape(change.date)}:</strong> {escape(change.text)}</p>",
        briefing,
    )


def _supersession_entry(briefing: Briefing, older: Fact, newer: Fact, date: str) -> FeedEntry:
    old, new = older.value or older.statement, newer.value or newer.statement
    return FeedEntry(
        f"supersession/{newer.key}",
        f"New figure: {newer.statement}",
        date,
        urls.target("fact", newer.key),
        f"<p>{escape(newer.statement)}</p><p>Was: {escape(old)}. Now: {escape(new)}.</p>",
        briefing,
    )


def _briefing_key(briefing: Briefing) -> str:
    return f"briefing/{briefing.id}"


def _day(text: str | None) -> str | None:
    """An `as_of` that is an ISO day, as a timestamp; anything vaguer ("this year") is not."""
    if text and len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        return f"{text}T00:00:00Z"
    return None


def _briefings_involving(resolved: Resolved) -> dict[str, set[str]]:
    """Entity id -> the briefings whose facts, quotes, events, figures, charts or text involve it."""
    site = resolved.site
    involved: dict[str, set[str]] = {key: set() for key in site.entities}
    for briefing in site.briefings:
        named = [entity for fact in briefing.facts.values() for entity in fact.entities]
        named += [quote.speaker for quote in briefing.quotes.values()]
        named += [entity for event in briefing.events.values() for entity in event.entities]
        named += [entity for figure in briefing.figures.values() for entity in figure.entities]
        named += [entity for chart in briefing.charts.values() for entity in chart.entities]
        for entity in named:
            involved[entity].add(briefing.id)
    for entity in site.entities:
        for spot in resolved.backlinks_to("entity", entity):
            involved[entity].add(spot.section.briefing)
    return involved


def _names(entry: FeedEntry, entity: Entity, resolved: Resolved) -> bool:
    """Whether a change or superseded figure is about the entity: the figure's fact lists it,
    or the change's words name it (its name or an alias)."""
    if entry.key.startswith("supersession/"):
        fact = resolved.site.fact(entry.key.removeprefix("supersession/"))
        return fact is not None and entity.id in fact.entities
    text = entry.html.casefold()
    return any(name.casefold() in text for name in (entity.name, *entity.aliases))


def entry_id(base_url: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base_url}#{key}')}"


def _feed(
    resolved: Resolved, path: str, page: str, title: str, entries: list[FeedEntry], updated: str | None
) -> bytes:
    site = resolved.site
    base_url = site.base_url
    assert base_url is not None and updated is not None
    feed = ET.Element("feed", {f"{{{XML_NS}}}lang": site.language})
    ET.SubElement(feed, "id").text = entry_id(base_url, path)
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "updated").text = updated
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": base_url + path})
    ET.SubElement(
        feed, "link", {"rel": "alternate", "type": "text/html", "href": urls.public_url(base_url, page)}
    )
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = site.title
    ET.SubElement(feed, "generator").text = "sitegen"
    # newest first; on the same day, the later in the briefing's log first
    ordered = sorted(enumerate(entries), key=lambda pair: (pair[1].updated, pair[0]), reverse=True)
    for _, entry in ordered:
        element = ET.SubElement(feed, "entry")
        ET.SubElement(element, "id").text = entry_id(base_url, entry.key)
        ET.SubElement(element, "title").text = entry.title
        ET.SubElement(element, "updated").text = entry.updated
        for name in entry.briefing.authors or (entry.briefing.publisher or site.title,):
            ET.SubElement(ET.SubElement(element, "author"), "name").text = name
        link = urls.public_url(base_url, entry.link.partition("#")[0])
        fragment = entry.link.partition("#")[2]
        href = link + (f"#{fragment}" if fragment else "")
        ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html", "href": href})
        if entry.html:
            ET.SubElement(element, "content", {"type": "html"}).text = entry.html
    return atom_bytes(feed)


def atom_bytes(root: ET.Element) -> bytes:
    # as publish._xml: no text of the model holds a character XML 1.0 cannot (content/characters.py)
    root.set("xmlns", ATOM_NS)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
