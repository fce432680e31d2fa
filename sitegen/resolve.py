"""Resolving references: converting each section's Markdown and indexing who mentions what.

Input: the model. Output: `Resolved`, which holds every section's HTML and table of contents,
the number of each source, and the backlinks of every entity, fact, quote, event and source.
All lookups go through dictionaries, so the cost grows with the number of references, not
with their product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions.toc import slugify_unicode

from sitegen import urls
from sitegen.errors import ContentError, Problem
from sitegen.model import Entity, Event, Fact, Quote, Section, Site, Source
from sitegen.references import Mention, ReferenceExtension, SectionLink


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True, slots=True)
class RenderedSection:
    section: Section
    html: str
    toc: tuple[TocEntry, ...]
    mentions: tuple[Mention, ...]
    links: tuple[SectionLink, ...]


@dataclass(frozen=True, slots=True)
class Backlink:
    """A spot in a section that refers to something; `anchor` is the element id there."""

    section: Section
    anchor: str
    context: str
    kind: str  # the kind of reference made there


@dataclass(frozen=True, slots=True)
class Resolved:
    site: Site
    sections: Mapping[str, RenderedSection]
    source_numbers: Mapping[str, int]
    backlinks: Mapping[tuple[str, str], tuple[Backlink, ...]]  # (kind, id) -> spots

    def backlinks_to(self, kind: str, item_id: str) -> tuple[Backlink, ...]:
        return self.backlinks.get((kind, item_id), ())


class SiteReferences:
    """The `ReferenceContext` of a site: what references may name, and where it lives."""

    def __init__(self, site: Site):
        self.site = site
        briefing = site.briefing
        self.sections = {section.id for section in briefing.sections}
        self.source_numbers = {key: number for number, key in enumerate(site.sources, 1)}
        self.entity_names: dict[str, str] = {}
        for entity in site.entities.values():
            for name in (*entity.aliases, entity.name, entity.id):
                self.entity_names[name.casefold()] = entity.id

    def entity(self, key: str) -> Entity | None:
        entity_id = self.entity_names.get(key.casefold())
        return self.site.entities[entity_id] if entity_id else None

    def fact(self, key: str) -> Fact | None:
        return self.site.briefing.facts.get(key)

    def quote(self, key: str) -> Quote | None:
        return self.site.briefing.quotes.get(key)

    def event(self, key: str) -> Event | None:
        return self.site.briefing.events.get(key)

    def source(self, key: str) -> Source | None:
        return self.site.sources.get(key)

    def source_number(self, key: str) -> int:
        return self.source_numbers[key]

    def href(self, kind: str, key: str | None = None, fragment: str | None = None) -> str:
        return urls.href_from_markdown(kind, key, fragment)

    def section_exists(self, key: str) -> bool:
        return key in self.sections


class SectionConverter:
    """One Markdown instance, reused for every section (building one costs more than a page)."""

    def __init__(self, site: Site):
        self.references = SiteReferences(site)
        self.extension = ReferenceExtension(self.references)
        self._slug_prefix = ""
        self.markdown = Markdown(extensions=[
            "tables", "sane_lists", "toc", self.extension,
        ], extension_configs={"toc": {"slugify": self._slugify, "toc_depth": "2-3"}},
            output_format="html")

    def _slugify(self, value: str, separator: str) -> str:
        # Heading ids carry the section id so they stay unique in the full-briefing view.
        return f"{self._slug_prefix}-{slugify_unicode(value, separator) or 'part'}"

    def convert(self, section: Section) -> RenderedSection:
        self.markdown.reset()
        self._slug_prefix = section.id
        state = self.extension.begin(section.id, section.origin.path, section.body,
                                     section.body_first_line)
        html = self.markdown.convert(section.body)
        toc = tuple(_flatten_toc(getattr(self.markdown, "toc_tokens", [])))
        if state.problems:
            raise ContentError(state.problems)
        return RenderedSection(section, html, toc, tuple(state.mentions),
                               tuple(state.section_links))


def _flatten_toc(tokens: list[dict]) -> list[TocEntry]:
    entries = []
    for token in tokens:
        entries.append(TocEntry(token["level"], token["id"], token["name"]))
        entries.extend(_flatten_toc(token.get("children", [])))
    return entries


def resolve(site: Site, converter: SectionConverter | None = None,
            reuse: Callable[[Section], RenderedSection | None] | None = None) -> Resolved:
    """Convert every section and index the backlinks; raises ContentError with all problems.

    `reuse` may hand back an earlier conversion of a section whose inputs did not change
    (the preview's incremental rebuild); any section it returns None for is converted.
    """
    converter = converter or SectionConverter(site)
    problems: list[Problem] = []
    rendered: dict[str, RenderedSection] = {}
    for section in site.briefing.sections:
        earlier = reuse(section) if reuse else None
        if earlier is not None:
            rendered[section.id] = earlier
            continue
        try:
            rendered[section.id] = converter.convert(section)
        except ContentError as error:
            problems.extend(error.problems)
    problems.extend(_check_section_links(rendered))
    if problems:
        raise ContentError(problems)
    return Resolved(site, rendered, converter.references.source_numbers, index_backlinks(rendered))


def index_backlinks(rendered: Mapping[str, RenderedSection]) -> dict[tuple[str, str], tuple[Backlink, ...]]:
    spots: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
    for part in rendered.values():
        for mention in part.mentions:
            spots[(mention.kind, mention.target)].append(
                Backlink(part.section, mention.anchor, mention.context, mention.kind))
    return {key: tuple(value) for key, value in spots.items()}


def _check_section_links(rendered: Mapping[str, RenderedSection]) -> list[Problem]:
    problems = []
    for part in rendered.values():
        for link in part.links:
            if link.fragment is None or link.section not in rendered:
                continue
            anchors = {entry.anchor for entry in rendered[link.section].toc}
            if f"{link.section}-{link.fragment}" not in anchors:
                problems.append(Problem(link.location, f"link to unknown heading "
                                        f"'#{link.fragment}' in section '{link.section}'",
                                        "unknown-anchor"))
    return problems
