"""The list of pages to produce: path, template, title, and how each page's variables are made.

The page list is data: writing, link checking, the sitemap and incremental rebuilds all read
it. A page's variables are made when it is rendered, from a `View` of the model in which every
read is recorded (sitegen/incremental/reads.py): what a page shows is what it read, and
nobody lists it by hand. The make functions take nothing from the model at planning time but
the page's identity (the ids in its path); the rest they read through the view. Whatever
reads the whole site to answer (which items involve an entity, a briefing's timeline) is a
`SiteQueries` method, read as one value.

A desk's pages: the site home (its briefings, newest first), per briefing its home, sections,
key facts, timeline and full text, then the shared pages: who's who and one page per entity,
sources, the site's timeline, recent changes, search. In the one-briefing layout the
briefing's home and timeline are the site's (they sit at the root), as before desks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen import urls
from sitegen.content.model import Briefing, Change, Entity, Event, Fact, Quote, Site
from sitegen.content.visuals import Chart, Figure
from sitegen.incremental.reads import Roots
from sitegen.site.reader import ShiftedHtml, reading_minutes
from sitegen.site.resolve import Backlink, Resolved
from sitegen.site.source_exports import SOURCE_DOWNLOADS, briefing_citation
from sitegen.site.sourcing import briefing_sourcing
from sitegen.site.timeline import briefing_timeline, site_timeline

ENTITY_GROUPS = (
    ("person", "People"),
    ("country", "Countries"),
    ("organisation", "Organisations"),
    ("place", "Places"),
)


@dataclass(frozen=True, slots=True)
class NavLink:
    label: str
    kind: str
    key: str | None
    current: bool


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # relative to the output root, e.g. "sections/overview.html"
    template: str
    title: str
    # the page's own template variables, made from a View when the page is rendered
    make: Callable[[View], dict[str, Any]] = field(repr=False, compare=False)
    briefing: Any = None  # the briefing the page belongs to, if one (tracked while rendering)


class View:
    """The model as a page reads it: the resolved site, the site and the queries as tracked
    roots (sitegen/incremental/reads.py), and any item by its key."""

    def __init__(self, roots: Roots):
        self._roots = roots
        self.resolved = roots.view("resolved")
        self.site = roots.view("site")
        self.queries = roots.view("queries")

    def item(self, key: str) -> Any:
        """The item a page is about (its id is in the page's path), or one a read named."""
        return self._roots.view(key)


@dataclass(frozen=True, slots=True)
class BriefingGroup:
    """What one briefing says of an entity (or where it cites a source)."""

    briefing: Briefing
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    mentions: list[Backlink] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    event: Event
    briefing: Briefing
    anchor: str  # the entry's element id


def plan_pages(resolved: Resolved) -> tuple[Page, ...]:
    """Every page of the site, in a stable order."""
    site = resolved.site
    pages = [] if site.sole_briefing else [_desk_home(site)]
    if len(site.briefings) > HOME_BRIEFINGS:
        pages += _archive_pages(site)
    for briefing in site.briefings:
        pages += _briefing_pages(briefing)
    pages.append(_page(urls.ENTITIES, "entities.html", "Who’s who", _entities_index))
    pages += [_entity_page(entity) for entity in site.entities.values()]
    pages.append(_page(urls.SOURCES, "sources.html", "Sources", _sources_context))
    if not site.sole_briefing:
        pages.append(_page(urls.TIMELINE, "timeline.html", "Timeline", _site_timeline))
    if has_changes(site):
        pages.append(_page(urls.CHANGES, "changes.html", "Updates and corrections", _changes_context))
    pages.append(_page(urls.SEARCH, "search.html", "Search", lambda view: {}))
    pages.append(_page(urls.NOT_FOUND, "404.html", "Page not found", _not_found_context))
    return tuple(pages)


def has_changes(site: Site) -> bool:
    return any(briefing.changes for briefing in site.briefings)


def section_page(briefing: Briefing, index: int) -> Page:
    """The page of a briefing's `index`th section."""
    section = briefing.sections[index]
    key = section.key

    def make(view: View) -> dict[str, Any]:
        sections = view.item(f"briefing:{briefing.id}").sections
        rendered = view.item(f"rendered:{key}")
        return {
            "section": rendered.section,
            "rendered": rendered,
            "previous": sections[index - 1] if index > 0 else None,
            "next": sections[index + 1] if index + 1 < len(sections) else None,
            "reading_minutes": reading_minutes(rendered.text),
        }

    return _page(urls.page_of("section", key), "section.html", section.title, make, briefing)


def _page(
    path: str,
    template: str,
    title: str,
    make: Callable[[View], dict[str, Any]],
    briefing: Briefing | None = None,
) -> Page:
    """A page whose own variables `make` makes; every page also has its navigation."""
    briefing_id = briefing.id if briefing is not None else None

    def make_all(view: View) -> dict[str, Any]:
        return {
            "briefing": view.item(f"briefing:{briefing_id}") if briefing_id is not None else None,
            "site_nav": _site_nav(view, path),
            "briefing_nav": _briefing_nav(view, path, briefing_id),
            **make(view),
        }

    return Page(path, template, title, make_all, briefing)


def _site_nav(view: View, path: str) -> list[NavLink]:
    changes = [("Updates", "changes", None)] if view.queries.has_changes() else []
    links: list[tuple[str, str, str | None]]
    if view.site.sole_briefing:
        links = [
            ("Briefing", "briefing", ""),
            ("Key facts", "briefing-facts", ""),
            ("Who’s who", "entities", None),
            ("Timeline", "briefing-timeline", ""),
            ("Sources", "sources", None),
            *changes,
            ("Print / PDF", "full", ""),
        ]
    else:
        links = [
            ("Briefings", "home", None),
            ("Who’s who", "entities", None),
            ("Timeline", "timeline", None),
            ("Sources", "sources", None),
            *changes,
        ]
    return [NavLink(label, kind, key, urls.page_of(kind, key) == path) for label, kind, key in links]


def _briefing_nav(view: View, path: str, briefing_id: str | None) -> list[NavLink]:
    if briefing_id is None or view.site.sole_briefing:
        return []
    return [
        NavLink(label, kind, briefing_id, urls.page_of(kind, briefing_id) == path)
        for label, kind in (
            ("Overview", "briefing"),
            ("Key facts", "briefing-facts"),
            ("Timeline", "briefing-timeline"),
            ("Print / PDF", "full"),
        )
    ]


# The site's own pages


def _desk_home(site: Site) -> Page:
    def make(view: View) -> dict[str, Any]:
        briefings = view.site.briefings
        shown = briefings[:HOME_BRIEFINGS]
        return {
            "cards": [{"briefing": b, "minutes": _briefing_minutes(view, b)} for b in shown],
            "key_facts": [view.site.fact(key) for key in briefings[0].key_facts],
            "recent_changes": view.queries.recent_changes()[:RECENT_CHANGES],
            "more": len(briefings) - len(shown),
        }

    return _page(urls.HOME, "home.html", site.title, make)


def _archive_pages(site: Site) -> list[Page]:
    """Every briefing, newest first, in pages of ARCHIVE_PAGE_SIZE: the home shows only
    the newest, and a desk grows for years."""

    def make(number: int) -> Callable[[View], dict[str, Any]]:
        def context(view: View) -> dict[str, Any]:
            briefings = view.site.briefings
            start = (number - 1) * ARCHIVE_PAGE_SIZE
            return {
                "listed": briefings[start : start + ARCHIVE_PAGE_SIZE],
                "number": number,
                "pages": (len(briefings) - 1) // ARCHIVE_PAGE_SIZE + 1,
            }

        return context

    count = (len(site.briefings) - 1) // ARCHIVE_PAGE_SIZE + 1
    return [
        _page(
            urls.page_of("archive", str(number)),
            "archive.html",
            "All briefings" + (f", page {number}" if number > 1 else ""),
            make(number),
        )
        for number in range(1, count + 1)
    ]


def _entities_index(view: View) -> dict[str, Any]:
    return {"entity_groups": entity_groups(view.site.entities.values())}


def _entity_page(entity: Entity) -> Page:
    def make(view: View) -> dict[str, Any]:
        # what each briefing says of it (one question of the whole site), grouped with where
        # its text mentions it
        groups = {
            group.briefing.id: BriefingGroup(
                group.briefing,
                list(group.facts),
                list(group.quotes),
                list(group.events),
                [],
                list(group.figures),
                list(group.charts),
            )
            for group in view.queries.involvement(entity.id)
        }
        for spot in view.resolved.backlinks_to("entity", entity.id):
            briefing = view.site.by_id[spot.section.briefing]
            groups.setdefault(briefing.id, BriefingGroup(briefing)).mentions.append(spot)
        order = _briefing_order(view)
        return {
            "entity": view.item(f"entity:{entity.id}"),
            "grouped": not view.site.sole_briefing,
            "groups": [groups[key] for key in sorted(groups, key=order.__getitem__)],
        }

    return _page(urls.page_of("entity", entity.id), "entity.html", entity.name, make)


def _sources_context(view: View) -> dict[str, Any]:
    site, order = view.site, _briefing_order(view)
    spots = {
        key: by_briefing(site, distinct(view.resolved.backlinks_to("source", key)), order)
        for key in site.sources
    }
    return {"spots": spots, "grouped": not site.sole_briefing, "downloads": SOURCE_DOWNLOADS}


def _briefing_order(view: View) -> dict[str, int]:
    """Briefing id -> its place in the site (newest first)."""
    return {briefing.id: number for number, briefing in enumerate(view.site.briefings)}


def _registry_order(view: View) -> dict[str, int]:
    """Entity id -> its place in entities.yaml."""
    return {key: number for number, key in enumerate(view.site.entities)}


def _briefing_minutes(view: View, briefing: Any) -> int:
    return sum(reading_minutes(view.item(f"rendered:{s.key}").text) for s in briefing.sections)


def _site_timeline(view: View) -> dict[str, Any]:
    return {"entries": view.queries.site_timeline(), "grouped": True}


def _changes_context(view: View) -> dict[str, Any]:
    return {"changes": view.queries.recent_changes()}


def _not_found_context(view: View) -> dict[str, Any]:
    return {"link_root": urls.root_path(view.site.base_url)}


# A briefing's pages


def _briefing_pages(briefing: Briefing) -> list[Page]:
    key = briefing.id
    pages = [_briefing_home(briefing)]
    pages += [section_page(briefing, index) for index in range(len(briefing.sections))]
    pages.append(
        _page(
            urls.page_of("briefing-facts", key),
            "facts.html",
            "Key facts and quotes",
            lambda view: {},
            briefing,
        )
    )
    pages.append(
        _page(
            urls.page_of("briefing-timeline", key),
            "timeline.html",
            "Timeline",
            lambda view: {"entries": _briefing_timeline(view.item(f"briefing:{key}")), "grouped": False},
            briefing,
        )
    )
    pages.append(_full_briefing(briefing))
    return pages


def _briefing_home(briefing: Briefing) -> Page:
    key = briefing.id

    def make(view: View) -> dict[str, Any]:
        shown = view.item(f"briefing:{key}")
        minutes = {s.key: reading_minutes(view.item(f"rendered:{s.key}").text) for s in shown.sections}
        cited = sources_cited_by_briefing(view.resolved, shown)
        return {
            "key_facts": [view.site.fact(fact) for fact in shown.key_facts],
            "entity_groups": entity_groups(entities_of(view.resolved, shown, _registry_order(view))),
            "reading_minutes": minutes,
            "total_minutes": sum(minutes.values()),
            "sourcing": briefing_sourcing(view.resolved, shown, len(cited)),
            "citation": briefing_citation(view.site, shown),  # from its header and the site's
        }

    return _page(urls.page_of("briefing", key), "briefing.html", briefing.title, make, briefing)


def _full_briefing(briefing: Briefing) -> Page:
    """All sections on one page under h2s, so their own headings move one level down."""
    key = briefing.id

    def make(view: View) -> dict[str, Any]:
        shown = view.item(f"briefing:{key}")
        return {
            "parts": [(s, ShiftedHtml(view.item(f"rendered:{s.key}").html)) for s in shown.sections],
            "entity_groups": entity_groups(entities_of(view.resolved, shown, _registry_order(view))),
            "sources_cited": sources_cited_by_briefing(view.resolved, shown),
            "reading_minutes": _briefing_minutes(view, shown),
        }

    return _page(urls.page_of("full", key), "full.html", "Full briefing", make, briefing)


class SiteQueries:
    """The questions pages ask of the whole site, each answer read as one value: made from the
    model as it is, and asked again by the next build to compare (sitegen/incremental/state.py
    says which kinds of item each reads). Everything else a page shows it reads through its
    View item by item."""

    def __init__(self, resolved: Resolved):
        self._site = resolved.site
        self._involvement: dict[str, dict[str, BriefingGroup]] | None = None

    def has_changes(self) -> bool:
        return has_changes(self._site)

    def recent_changes(self) -> list[tuple[Briefing, Change]]:
        return recent_changes(self._site)

    def involvement(self, entity_id: str) -> list[BriefingGroup]:
        """Per briefing, in the site's order, the facts, quotes, events, figures and charts
        that involve the entity."""
        if self._involvement is None:
            self._involvement = _index_involvement(self._site)
        return list(self._involvement.get(entity_id, {}).values())

    def site_timeline(self) -> list[TimelineEntry]:
        site = self._site
        return [
            TimelineEntry(event, site.by_id[event.briefing], f"event-{event.key}")
            for event in site_timeline(site.briefings)
        ]


def _briefing_timeline(briefing: Any) -> list[TimelineEntry]:
    return [
        TimelineEntry(event, briefing, urls.anchor_id("event", event.key))
        for event in briefing_timeline(briefing.events.values())
    ]


RECENT_CHANGES = 5  # on the site home
HOME_BRIEFINGS = 10  # the newest, on the home page; the others in the archive
ARCHIVE_PAGE_SIZE = 50


def recent_changes(site: Site) -> list[tuple[Briefing, Change]]:
    """Every update and correction of the site, newest first (briefing order among equals)."""
    changes = [(briefing, change) for briefing in site.briefings for change in briefing.changes]
    return sorted(changes, key=lambda pair: pair[1].date, reverse=True)


def entity_groups(entities: Iterable[Entity]) -> list[tuple[str, list[Entity]]]:
    members = list(entities)
    groups = []
    for kind, label in ENTITY_GROUPS:
        of_kind = sorted((e for e in members if e.kind == kind), key=lambda e: e.name.casefold())
        if of_kind:
            groups.append((label, of_kind))
    return groups


def entities_of(resolved: Resolved, briefing: Briefing, registry_order: Mapping[str, int]) -> list[Entity]:
    """The entities a briefing mentions or whose facts, quotes and events it holds, in the
    registry's order (`registry_order`: entity id -> its place in entities.yaml)."""
    site = resolved.site
    if site.sole_briefing:
        return list(site.entities.values())  # as before desks: the whole registry
    keys = {quote.speaker for quote in briefing.quotes.values()}
    involving: list[Fact | Event] = [*briefing.facts.values(), *briefing.events.values()]
    keys.update(key for item in involving for key in item.entities)
    keys.update(
        mention.target
        for section in briefing.sections
        for mention in resolved.sections[section.key].mentions
        if mention.kind == "entity"
    )
    # sorted by place, not found by going over the registry, which would be the whole registry
    # for each briefing of a desk
    return [
        site.entities[key] for key in sorted(keys & registry_order.keys(), key=registry_order.__getitem__)
    ]


def sources_cited_by_briefing(resolved: Resolved, briefing: Briefing) -> list[str]:
    """Source ids a briefing's sections cite (directly or through what they show), in the
    order of its numbers; every source in the one-briefing layout, as before desks."""
    site = resolved.site
    if site.sole_briefing:
        return list(site.sources)
    cited: set[str] = set()
    for section in briefing.sections:
        cited.update(sources_cited_in(resolved, section.key))
    return _in_source_order(resolved, cited, briefing.id)


def sources_cited_in(resolved: Resolved, section_key: str) -> list[str]:
    """Source ids a section cites, directly or through the facts, quotes and events it shows,
    in the order of its briefing's numbers."""
    site = resolved.site
    cited: set[str] = set()
    for mention in resolved.sections[section_key].mentions:
        if mention.kind == "source":
            cited.add(mention.target)
        elif mention.kind in ("fact", "quote", "event"):
            item = getattr(site, mention.kind)(mention.target)
            cited.update(item.sources)
    return _in_source_order(resolved, cited, resolved.sections[section_key].section.briefing)


def _in_source_order(resolved: Resolved, keys: set[str], briefing: str) -> list[str]:
    # sorted by number rather than found by going over every source, which would be all of
    # them for each section
    numbers = resolved.numbers(briefing)
    return sorted(keys & numbers.keys(), key=numbers.__getitem__)


def distinct(spots: Iterable[Backlink]) -> list[Backlink]:
    """The spots, each excerpt of a section once: two marks in one sentence are one place to
    go back to, not two entries reading the same."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for spot in spots:
        if (spot.section.key, spot.context) not in seen:
            seen.add((spot.section.key, spot.context))
            kept.append(spot)
    return kept


def by_briefing(
    site: Site, spots: Iterable[Backlink], briefing_order: Mapping[str, int]
) -> list[tuple[Briefing, list[Backlink]]]:
    """Spots grouped by the briefing they are in, briefings newest first (in
    `briefing_order`, briefing id -> place in the site)."""
    groups: dict[str, list[Backlink]] = {}
    for spot in spots:
        groups.setdefault(spot.section.briefing, []).append(spot)
    return [(site.by_id[key], groups[key]) for key in sorted(groups, key=briefing_order.__getitem__)]


def _index_involvement(site: Site) -> dict[str, dict[str, BriefingGroup]]:
    """For each entity, per briefing, the facts, quotes, events, figures and charts that
    involve it."""
    index: dict[str, dict[str, BriefingGroup]] = {key: {} for key in site.entities}

    def group(entity: str, briefing: Briefing) -> BriefingGroup:
        groups = index.setdefault(entity, {})
        found = groups.get(briefing.id)
        if found is None:  # made only when missing: 15,000 involvements on a desk
            found = groups[briefing.id] = BriefingGroup(briefing)
        return found

    for briefing in site.briefings:
        for fact in briefing.facts.values():
            for entity in fact.entities:
                group(entity, briefing).facts.append(fact)
        for quote in briefing.quotes.values():
            group(quote.speaker, briefing).quotes.append(quote)
        for event in briefing.events.values():
            for entity in event.entities:
                group(entity, briefing).events.append(event)
        for figure in briefing.figures.values():
            for entity in figure.entities:
                group(entity, briefing).figures.append(figure)
        for chart in briefing.charts.values():
            for entity in chart.entities:
                group(entity, briefing).charts.append(chart)
    return index
