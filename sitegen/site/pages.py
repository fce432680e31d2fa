"""The list of pages to produce: path, template, what each shows, and what each depends on.

The page list is data: writing, link checking, the sitemap and incremental rebuilds all read
it. `depends_on` names every input whose change can change the page; sitegen/preview/inputs.py says
what each key stands for. Every page shows the site and briefing header (base.html), hence
`site` and `briefing` everywhere; anything that prints a citation mark needs `sources` (numbers
and publishers). A section page depends on its own converted HTML (`section:<id>` holds it), so
the data its references show is covered without naming each reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.site import urls
from sitegen.content.model import Entity, Site
from sitegen.site.reader import reading_minutes, shift_headings
from sitegen.site.resolve import Backlink, RenderedSection, Resolved

ENTITY_GROUPS = (("person", "People"), ("country", "Countries"),
                 ("organisation", "Organisations"), ("place", "Places"))


_COMMON = frozenset({"site", "briefing"})


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # relative to the output root, e.g. "sections/overview.html"
    template: str
    title: str
    context: Mapping[str, Any]
    depends_on: frozenset[str] = field(default_factory=frozenset)


def plan_pages(resolved: Resolved) -> tuple[Page, ...]:
    """Every page of the site, in a stable order."""
    site = resolved.site
    pages = [_home(resolved)]
    pages += _section_pages(resolved)
    pages.append(_entities_index(site))
    involvement = _index_involvement(resolved)
    pages += [_entity_page(resolved, entity, involvement) for entity in site.entities.values()]
    briefing = site.briefing
    pages.append(Page(urls.SOURCES, "sources.html", "Sources", {}, _COMMON | {
        "sources", *(f"backlinks:source:{key}" for key in site.sources)}))
    pages.append(Page(urls.FACTS, "facts.html", "Key facts and quotes", {}, _COMMON | {
        "facts", "quotes", "sources", "entities",
        *(f"backlinks:fact:{key}" for key in briefing.facts),
        *(f"backlinks:quote:{key}" for key in briefing.quotes)}))
    pages.append(Page(urls.TIMELINE, "timeline.html", "Timeline", {},
                      _COMMON | {"events", "sources", "entities"}))
    pages.append(_full_briefing(resolved))
    pages.append(Page(urls.SEARCH, "search.html", "Search", {}, _COMMON))
    pages.append(Page(urls.NOT_FOUND, "404.html", "Page not found",
                      {"link_root": urls.root_path(site.base_url)},
                      _COMMON | {"sections:titles"}))
    return tuple(pages)


def _full_briefing(resolved: Resolved) -> Page:
    """All sections on one page under h2s, so their own headings move one level down."""
    site = resolved.site
    parts = [(section, shift_headings(resolved.sections[section.id].html))
             for section in site.briefing.sections]
    return Page(urls.FULL, "full.html", "Full briefing",
                {"parts": parts, "entity_groups": entity_groups(site),
                 "reading_minutes": sum(reading_minutes(part.text)
                                        for part in resolved.sections.values())},
                _COMMON | {"sections", "facts", "quotes", "events", "entities", "sources"})


def _home(resolved: Resolved) -> Page:
    briefing = resolved.site.briefing
    key_facts = [briefing.facts[key] for key in briefing.key_facts]
    minutes = {key: reading_minutes(part.text) for key, part in resolved.sections.items()}
    return Page(urls.HOME, "home.html", briefing.title,
                {"key_facts": key_facts, "entity_groups": entity_groups(resolved.site),
                 "reading_minutes": minutes, "total_minutes": sum(minutes.values())},
                # "sections": reading times come from every section's text
                _COMMON | {"sections", "sections:titles", "entities", "sources",
                           *(f"fact:{key}" for key in briefing.key_facts)})


def _section_pages(resolved: Resolved) -> list[Page]:
    return [section_page(resolved, index) for index in range(len(resolved.site.briefing.sections))]


def section_page(resolved: Resolved, index: int) -> Page:
    """The page of the briefing's `index`th section."""
    sections = resolved.site.briefing.sections
    section = sections[index]
    previous = sections[index - 1] if index > 0 else None
    following = sections[index + 1] if index + 1 < len(sections) else None
    rendered: RenderedSection = resolved.sections[section.id]
    return Page(urls.page_of("section", section.id), "section.html", section.title,
                {"section": rendered.section, "rendered": rendered, "previous": previous,
                 "next": following, "reading_minutes": reading_minutes(rendered.text)},
                _COMMON | {f"section:{section.id}", "sections:titles"})


def entity_groups(site: Site) -> list[tuple[str, list[Entity]]]:
    groups = []
    for kind, label in ENTITY_GROUPS:
        members = sorted((e for e in site.entities.values() if e.kind == kind),
                         key=lambda e: e.name.casefold())
        if members:
            groups.append((label, members))
    return groups


def _entities_index(site: Site) -> Page:
    return Page(urls.ENTITIES, "entities.html", "Who’s who",
                {"entity_groups": entity_groups(site)}, _COMMON | {"entities", "sources"})


def _index_involvement(resolved: Resolved) -> dict[str, dict[str, list[Any]]]:
    """For each entity, the facts, quotes and events that involve it (one pass over each)."""
    briefing = resolved.site.briefing
    index: dict[str, dict[str, list[Any]]] = {
        key: {"facts": [], "quotes": [], "events": []} for key in resolved.site.entities}
    for fact in briefing.facts.values():
        for key in fact.entities:
            index[key]["facts"].append(fact)
    for quote in briefing.quotes.values():
        index[quote.speaker]["quotes"].append(quote)
    for event in briefing.events.values():
        for key in event.entities:
            index[key]["events"].append(event)
    return index


def _entity_page(resolved: Resolved, entity: Entity,
                 involvement: dict[str, dict[str, list[Any]]]) -> Page:
    mentions: list[Backlink] = list(resolved.backlinks_to("entity", entity.id))
    involved = involvement[entity.id]
    return Page(urls.page_of("entity", entity.id), "entity.html", entity.name,
                {"entity": entity, **involved, "mentions": mentions},
                _COMMON | {f"entity:{entity.id}", "sources", f"backlinks:entity:{entity.id}",
                           *(f"{kind[:-1]}:{item.id}" for kind, items in involved.items()
                             for item in items)})
