"""The list of pages to produce: path, template, what each shows, and what each depends on.

The page list is data: writing, link checking, the sitemap and incremental rebuilds all read
it. `depends_on` names every input whose change can change the page; sitegen/site/inputs.py
says what each key stands for. Every page shows the site header and navigation, hence `site`
everywhere; a briefing's pages show its header, hence `briefing:<id>`; anything that prints a
citation mark needs `sources` (numbers and publishers); anything that names the briefing a
fact or a mention comes from needs `briefings`. A section page depends on its own converted
HTML (`section:<key>` holds it), so the data its references show is covered without naming
each reference.

A desk's pages: the site home (its briefings, newest first), per briefing its home, sections,
key facts, timeline and full text, then the shared pages: who's who and one page per entity,
sources, the site's timeline, recent changes, search. In the one-briefing layout the
briefing's home and timeline are the site's (they sit at the root), as before desks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen import urls
from sitegen.content.model import Briefing, Change, Entity, Event, Fact, Quote, Site
from sitegen.content.visuals import Chart, Figure
from sitegen.site.reader import ShiftedHtml, reading_minutes
from sitegen.site.resolve import Backlink, RenderedSection, Resolved
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
    context: Mapping[str, Any]
    depends_on: frozenset[str] = field(default_factory=frozenset)
    briefing: Briefing | None = None  # the briefing the page belongs to, if one


class LazyContext(Mapping[str, Any]):
    """A page's template variables, made when first asked for (when the page is rendered): a
    build after an edit renders a handful of a desk's thousands of pages and takes the rest
    as they are, and making every page's navigation, entity groups and cited sources was
    wasted on those."""

    __slots__ = ("_make", "_made")

    def __init__(self, make: Callable[[], dict[str, Any]]):
        self._make: Callable[[], dict[str, Any]] | None = make
        self._made: dict[str, Any] = {}

    def _context(self) -> dict[str, Any]:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    def __getitem__(self, key: str) -> Any:
        return self._context()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._context())

    def __len__(self) -> int:
        return len(self._context())


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
    planner = _Planner(resolved)
    pages = [] if site.sole_briefing else [planner.desk_home()]
    if len(site.briefings) > HOME_BRIEFINGS:
        pages += planner.archive_pages()
    for briefing in site.briefings:
        pages += planner.briefing_pages(briefing)
    pages.append(planner.entities_index())
    involvement, involved_keys = _index_involvement(site)
    pages += [
        planner.entity_page(entity, involvement[entity.id], involved_keys[entity.id])
        for entity in site.entities.values()
    ]
    pages.append(planner.sources_page())
    if not site.sole_briefing:
        pages.append(planner.site_timeline())
    if has_changes(site):
        pages.append(planner.changes_page())
    pages.append(planner.page(urls.SEARCH, "search.html", "Search", {}, set()))
    pages.append(
        planner.page(
            urls.NOT_FOUND,
            "404.html",
            "Page not found",
            {"link_root": urls.root_path(site.base_url)},
            {"briefings", *(f"sections:titles:{b.id}" for b in site.briefings)},
        )
    )
    return tuple(pages)


def has_changes(site: Site) -> bool:
    return any(briefing.changes for briefing in site.briefings)


def section_page(resolved: Resolved, briefing: Briefing, index: int) -> Page:
    """The page of a briefing's `index`th section."""
    return _Planner(resolved).section_page(briefing, index)


class _Planner:
    """Makes the pages of one resolved site; knows the navigation every page carries."""

    def __init__(self, resolved: Resolved):
        self.resolved = resolved
        self.site = resolved.site
        self.nav = self._site_nav()  # the same links on every page
        self._minutes: dict[str, int] = {}
        # places in the site's order, to sort a few items by instead of going over all
        self.registry_order = {key: number for number, key in enumerate(self.site.entities)}
        self.briefing_order = {b.id: number for number, b in enumerate(self.site.briefings)}

    def minutes(self, section_key: str) -> int:
        """A section's reading time, counted once: three pages show it (its own, its
        briefing's and the full text), and counting words goes over the whole text."""
        if section_key not in self._minutes:
            self._minutes[section_key] = reading_minutes(self.resolved.sections[section_key].text)
        return self._minutes[section_key]

    def page(
        self,
        path: str,
        template: str,
        title: str,
        context: dict[str, Any] | Callable[[], dict[str, Any]],
        depends_on: Iterable[str],
        briefing: Briefing | None = None,
    ) -> Page:
        """A page; `context` (its own template variables) may be a function that makes
        them, called only if the page is rendered."""

        def make_context() -> dict[str, Any]:
            site_nav = [
                NavLink(label, kind, key, urls.page_of(kind, key) == path) for label, kind, key in self.nav
            ]
            briefing_nav = (
                []
                if briefing is None or self.site.sole_briefing
                else [
                    NavLink(label, kind, briefing.id, urls.page_of(kind, briefing.id) == path)
                    for label, kind in (
                        ("Overview", "briefing"),
                        ("Key facts", "briefing-facts"),
                        ("Timeline", "briefing-timeline"),
                        ("Print / PDF", "full"),
                    )
                ]
            )
            return {
                "briefing": briefing,
                "site_nav": site_nav,
                "briefing_nav": briefing_nav,
                **(context() if callable(context) else context),
            }

        keys = {"site", *depends_on} | ({f"briefing:{briefing.id}"} if briefing else set())
        if briefing is None and template != "entity.html":  # described as the site is
            keys.add("site:description")
        return Page(path, template, title, LazyContext(make_context), frozenset(keys), briefing)

    def _site_nav(self) -> list[tuple[str, str, str | None]]:
        changes = [("Updates", "changes", None)] if has_changes(self.site) else []
        if self.site.sole_briefing:
            return [
                ("Briefing", "briefing", ""),
                ("Key facts", "briefing-facts", ""),
                ("Who’s who", "entities", None),
                ("Timeline", "briefing-timeline", ""),
                ("Sources", "sources", None),
                *changes,
                ("Print / PDF", "full", ""),
            ]
        return [
            ("Briefings", "home", None),
            ("Who’s who", "entities", None),
            ("Timeline", "timeline", None),
            ("Sources", "sources", None),
            *changes,
        ]

    # The site's own pages

    def desk_home(self) -> Page:
        site = self.site
        shown = site.briefings[:HOME_BRIEFINGS]
        lead = site.briefings[0]
        return self.page(
            urls.HOME,
            "home.html",
            site.title,
            lambda: {
                "cards": [self._card(briefing) for briefing in shown],
                "key_facts": [site.fact(key) for key in lead.key_facts],
                "recent_changes": recent_changes(site)[:RECENT_CHANGES],
                "more": len(site.briefings) - len(shown),
            },
            {
                "briefings",
                *(f"sections:titles:{b.id}" for b in shown),
                *(f"sections:{b.id}" for b in shown),
                "sources",
                *(f"fact:{key}" for key in lead.key_facts),
            },
        )

    def archive_pages(self) -> list[Page]:
        """Every briefing, newest first, in pages of ARCHIVE_PAGE_SIZE: the home shows only
        the newest, and a desk grows for years."""
        briefings = self.site.briefings
        numbers = range(1, (len(briefings) - 1) // ARCHIVE_PAGE_SIZE + 2)
        return [
            self.page(
                urls.page_of("archive", str(number)),
                "archive.html",
                "All briefings" + (f", page {number}" if number > 1 else ""),
                {
                    "listed": briefings[(number - 1) * ARCHIVE_PAGE_SIZE : number * ARCHIVE_PAGE_SIZE],
                    "number": number,
                    "pages": len(numbers),
                },
                {"briefings"},
            )
            for number in numbers
        ]

    def _card(self, briefing: Briefing) -> dict[str, Any]:
        return {"briefing": briefing, "minutes": sum(self.minutes(s.key) for s in briefing.sections)}

    def entities_index(self) -> Page:
        return self.page(
            urls.ENTITIES,
            "entities.html",
            "Who’s who",
            {"entity_groups": entity_groups(self.site.entities.values())},
            {"entities", "sources"},
        )

    def entity_page(self, entity: Entity, involved: dict[str, BriefingGroup], items: set[str]) -> Page:
        """`items`: the input keys of what `involved` holds (`fact:<key>`...)."""
        shown = {f"backlinks:{item}" for item in items if item.startswith(("figure", "chart"))}

        def context() -> dict[str, Any]:
            # where the text mentions it, grouped with what each briefing says of it: made
            # only for a page that is rendered (2,000 entity pages, 56,600 spots on a desk)
            groups = dict(involved)
            for spot in self.resolved.backlinks_to("entity", entity.id):
                briefing = self.site.by_id[spot.section.briefing]
                groups.setdefault(briefing.id, BriefingGroup(briefing)).mentions.append(spot)
            return {
                "entity": entity,
                "grouped": not self.site.sole_briefing,
                "groups": [groups[key] for key in sorted(groups, key=self.briefing_order.__getitem__)],
            }

        return self.page(
            urls.page_of("entity", entity.id),
            "entity.html",
            entity.name,
            context,
            {f"entity:{entity.id}", "sources", "briefings", f"backlinks:entity:{entity.id}", *items, *shown},
        )

    def sources_page(self) -> Page:
        site = self.site

        def context() -> dict[str, Any]:
            spots = {
                key: by_briefing(
                    site, distinct(self.resolved.backlinks_to("source", key)), self.briefing_order
                )
                for key in site.sources
            }
            return {"spots": spots, "grouped": not site.sole_briefing, "downloads": SOURCE_DOWNLOADS}

        return self.page(
            urls.SOURCES,
            "sources.html",
            "Sources",
            context,
            {"sources", "briefings", *(f"backlinks:source:{key}" for key in site.sources)},
        )

    def site_timeline(self) -> Page:
        site = self.site
        entries = [
            TimelineEntry(event, site.by_id[event.briefing], f"event-{event.key}")
            for event in site_timeline(site.briefings)
        ]
        return self.page(
            urls.TIMELINE,
            "timeline.html",
            "Timeline",
            {"entries": entries, "grouped": True},
            {"briefings", "sources", "entities", *(f"events:{b.id}" for b in site.briefings)},
        )

    def changes_page(self) -> Page:
        return self.page(
            urls.CHANGES,
            "changes.html",
            "Updates and corrections",
            {"changes": recent_changes(self.site)},
            {"briefings"},
        )

    # A briefing's pages

    def briefing_pages(self, briefing: Briefing) -> list[Page]:
        key = briefing.id
        pages = [self.briefing_home(briefing)]
        pages += [self.section_page(briefing, index) for index in range(len(briefing.sections))]
        pages.append(self._facts_page(briefing))
        entries = [
            TimelineEntry(event, briefing, urls.anchor_id("event", event.key))
            for event in briefing_timeline(briefing.events.values())
        ]
        pages.append(
            self.page(
                urls.page_of("briefing-timeline", key),
                "timeline.html",
                "Timeline",
                {"entries": entries, "grouped": False},
                {f"events:{key}", "sources", "entities"},
                briefing,
            )
        )
        pages.append(self._full_briefing(briefing))
        return pages

    def briefing_home(self, briefing: Briefing) -> Page:
        def context() -> dict[str, Any]:
            minutes = {s.key: self.minutes(s.key) for s in briefing.sections}
            involved = entities_of(self.resolved, briefing, self.registry_order)
            return {
                "key_facts": [self.site.fact(key) for key in briefing.key_facts],
                "entity_groups": entity_groups(involved),
                "reading_minutes": minutes,
                "total_minutes": sum(minutes.values()),
                "sourcing": briefing_sourcing(
                    self.resolved, briefing, len(sources_cited_by_briefing(self.resolved, briefing))
                ),
                "citation": briefing_citation(self.site, briefing),  # from its header and the site's
            }

        return self.page(
            urls.page_of("briefing", briefing.id),
            "briefing.html",
            briefing.title,
            context,
            # "sections:<id>": reading times and sourcing come from every section's text
            {
                f"sections:{briefing.id}",
                f"sections:titles:{briefing.id}",
                "entities",
                "sources",
                *(f"fact:{key}" for key in briefing.key_facts),
            },
            briefing,
        )

    def section_page(self, briefing: Briefing, index: int) -> Page:
        sections = briefing.sections
        section = sections[index]
        previous = sections[index - 1] if index > 0 else None
        following = sections[index + 1] if index + 1 < len(sections) else None
        rendered: RenderedSection = self.resolved.sections[section.key]
        # made only for a page that is rendered: counting the words of every section would be
        # wasted on a build after one edit, which renders few of them
        return self.page(
            urls.page_of("section", section.key),
            "section.html",
            section.title,
            lambda: {
                "section": rendered.section,
                "rendered": rendered,
                "previous": previous,
                "next": following,
                "reading_minutes": self.minutes(section.key),
            },
            # "sources": the JSON-LD cites each source the section does, in full
            {f"section:{section.key}", f"sections:titles:{briefing.id}", "sources"},
            briefing,
        )

    def _facts_page(self, briefing: Briefing) -> Page:
        related = {
            f"fact:{other.key}"
            for fact in briefing.facts.values()
            for chain in self.resolved.fact_history(fact)
            for other in chain
        }
        return self.page(
            urls.page_of("briefing-facts", briefing.id),
            "facts.html",
            "Key facts and quotes",
            {},
            {
                f"facts:{briefing.id}",
                f"quotes:{briefing.id}",
                f"quote-links:{briefing.id}",
                "sources",
                "entities",
                "briefings",
                *related,
                *(f"backlinks:fact:{fact.key}" for fact in briefing.facts.values()),
                *(f"backlinks:quote:{q.key}" for q in briefing.quotes.values()),
            },
            briefing,
        )

    def _full_briefing(self, briefing: Briefing) -> Page:
        """All sections on one page under h2s, so their own headings move one level down."""

        def context() -> dict[str, Any]:
            involved = entities_of(self.resolved, briefing, self.registry_order)
            return {
                "parts": [
                    (section, ShiftedHtml(self.resolved.sections[section.key].html))
                    for section in briefing.sections
                ],
                "entity_groups": entity_groups(involved),
                "sources_cited": sources_cited_by_briefing(self.resolved, briefing),
                "reading_minutes": sum(self.minutes(s.key) for s in briefing.sections),
            }

        key = briefing.id
        return self.page(
            urls.page_of("full", key),
            "full.html",
            "Full briefing",
            context,
            {f"sections:{key}", f"facts:{key}", f"quotes:{key}", f"events:{key}", "entities", "sources"},
            briefing,
        )


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


def _index_involvement(site: Site) -> tuple[dict[str, dict[str, BriefingGroup]], dict[str, set[str]]]:
    """For each entity, per briefing, the facts, quotes, events, figures and charts that
    involve it; and, for each entity, their input keys (`fact:<key>`...), each made once per
    item (20,000 uses on a desk)."""
    index: dict[str, dict[str, BriefingGroup]] = {key: {} for key in site.entities}
    keys: dict[str, set[str]] = {key: set() for key in site.entities}

    def group(entity: str, briefing: Briefing, key: str) -> BriefingGroup:
        keys[entity].add(key)
        groups = index[entity]
        found = groups.get(briefing.id)
        if found is None:  # made only when missing: 15,000 involvements on a desk
            found = groups[briefing.id] = BriefingGroup(briefing)
        return found

    for briefing in site.briefings:
        for fact in briefing.facts.values():
            key = f"fact:{fact.key}"
            for entity in fact.entities:
                group(entity, briefing, key).facts.append(fact)
        for quote in briefing.quotes.values():
            group(quote.speaker, briefing, f"quote:{quote.key}").quotes.append(quote)
            keys[quote.speaker].add(f"quote-links:{briefing.id}")  # its links to the source's words
        for event in briefing.events.values():
            key = f"event:{event.key}"
            for entity in event.entities:
                group(entity, briefing, key).events.append(event)
        for figure in briefing.figures.values():
            key = f"figure:{figure.key}"
            for entity in figure.entities:
                group(entity, briefing, key).figures.append(figure)
        for chart in briefing.charts.values():
            key = f"chart:{chart.key}"
            for entity in chart.entities:
                group(entity, briefing, key).charts.append(chart)
    return index, keys
