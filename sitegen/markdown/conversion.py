"""Converting section Markdown to HTML: one converter per process, a persistent cache, and a
process pool when a briefing is large enough for one to pay.

Each conversion records what it looked up (`fact:us-troops`, `entity:Xi`, `source:wire`) with a
fingerprint of the item it found, so the cache can tell exactly when a stored conversion is
stale: only when one of those items changed, or the section's own text or place.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import markdown
from markdown import Markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode

from sitegen import urls
from sitegen.code_stamp import code_stamp_or_none
from sitegen.content.item_digests import ItemDigests, digest_of_parts
from sitegen.content.model import Entity, Event, Fact, Quote, Section, Site, Source, item_key, qualified
from sitegen.content.suggestions import id_hint, unknown_id
from sitegen.content.visuals import Chart, Figure
from sitegen.errors import ContentError, Location, Problem
from sitegen.markdown.alignment import AlignmentExtension
from sitegen.markdown.cache import (
    CachedConversion,
    ConversionCache,
    DamagedEntry,
    conversion_digest,
    decode_details,
)
from sitegen.markdown.nesting import MAX_NESTING, first_too_deep
from sitegen.markdown.references import Mention, ReferenceExtension, SectionLink
from sitegen.markdown.sentences import Coverage
from sitegen.markdown.source_numbers import briefing_numbers
from sitegen.workers import can_fork, worker_pool

# The extensions SectionConverter builds, by name (part of every cache key)
EXTENSIONS = ("tables", "sane_lists", "toc", "sitegen.markdown.alignment")
TOC_DEPTH = "2-3"
# Below this many sections to convert, starting worker processes costs more than it saves.
POOL_THRESHOLD = 64


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    anchor: str
    title: str


class SectionDetails:
    """What converting a section found besides its HTML: the spots that refer to items
    (mentions) and the sources its sentences rest on (coverage). Read from the cache, they
    are decoded when first asked for: they are most of a stored conversion's JSON, and a build
    after one edit asks for the edited sections' only (docs/performance.md).
    Equal, and shown, as the values they hold."""

    __slots__ = ("_stored", "_mentions", "_coverage")

    def __init__(
        self,
        mentions: tuple[Mention, ...] = (),
        coverage: Coverage | None = None,
        stored: bytes | None = None,
    ):
        self._stored = stored  # the cache entry's details, until decoded
        self._mentions = mentions
        self._coverage = coverage

    @property
    def mentions(self) -> tuple[Mention, ...]:
        self._decode()
        return self._mentions

    @property
    def coverage(self) -> Coverage | None:
        self._decode()
        return self._coverage

    def _decode(self) -> None:
        """Raises DamagedEntry for stored details sitegen did not write."""
        if self._stored is None:
            return
        mentions, coverage = decode_details(self._stored)
        try:
            self._coverage = Coverage.from_data(list(coverage)) if coverage else None
        except (ValueError, TypeError):
            raise DamagedEntry("a cached conversion's coverage is not as sitegen writes it") from None
        self._mentions = tuple(map(Mention._make, mentions))
        self._stored = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SectionDetails):
            return NotImplemented
        return (self.mentions, self.coverage) == (other.mentions, other.coverage)

    def __hash__(self) -> int:
        return hash((self.mentions, self.coverage))

    def __repr__(self) -> str:
        return f"SectionDetails(mentions={self.mentions!r}, coverage={self.coverage!r})"


@dataclass(frozen=True, slots=True)
class RenderedSection:
    section: Section
    html: str
    toc: tuple[TocEntry, ...]
    links: tuple[SectionLink, ...]
    text: str  # the words a reader reads (reading time, search)
    details: SectionDetails  # its mentions and sentence coverage
    external_links: tuple[tuple[str, Location], ...] = ()  # http(s) links, where written
    conversion_digest: str = ""  # of the conversion it comes from (markdown/cache.py)

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.details.mentions

    @property
    def coverage(self) -> Coverage | None:  # its sentences and the sources they rest on
        return self.details.coverage


def conversion_salt() -> str:
    """Everything besides the inputs that shapes a conversion; part of every cache key."""
    return "|".join((code_stamp_or_none(), markdown.__version__, repr(EXTENSIONS), TOC_DEPTH))


def _fingerprint(digests: ItemDigests, item: object, *extra: object) -> str:
    """A short digest of a model item's content (not of where it was written), and `extra`."""
    if item is None:
        return "-"
    data = digests.content(item) + repr(extra).encode("utf-8", "surrogatepass")
    return hashlib.sha1(data).hexdigest()[:16]


class SiteReferences:
    """The `ReferenceContext` of a site: what references may name, and where it lives. A
    reference to a fact, quote or event without a briefing names one of the briefing whose
    section is being converted (set by `begin`).

    Every lookup is noted in `lookups` with the fingerprint of what it found.
    """

    def __init__(self, site: Site):
        self.site = site
        self.briefing = ""
        self.section_folder = ""  # of the section being converted, relative to content/
        self.sections = {section.key for section in site.sections()}
        # each briefing numbers its own sources from [1] (sitegen/markdown/source_numbers.py)
        self.numbers_by_briefing = briefing_numbers(site)
        self.source_numbers: Mapping[str, int] = {}
        # a source's fingerprint holds its number in every briefing: a section is converted
        # again when the number its marks show has changed
        self._numbers_of = {
            key: tuple(numbers[key] for numbers in self.numbers_by_briefing.values()) for key in site.sources
        }
        self.entity_names: dict[str, str] = {}
        for entity in site.entities.values():
            for name in (*entity.aliases, entity.name, entity.id):
                self.entity_names[name.casefold()] = entity.id
        self.lookups: dict[str, str] = {}
        # lookup -> its fingerprint, computed when first asked for
        self.fingerprints: _Memo = _Memo(self._fingerprint_of)
        self._entities: dict[str | None, str] = {}  # entity id -> fingerprint

    def begin(self, briefing: str) -> None:
        self.briefing = briefing
        self.source_numbers = self.numbers_by_briefing.get(briefing, {})
        self.section_folder = posixpath.join(urls.briefing_root(briefing), "sections")
        self._prefix = urls.markdown_prefix(briefing)

    def _noted(self, kind: str, key: str, found: object) -> object:
        lookup = f"{kind}:{key}"
        if lookup not in self.lookups:
            self.lookups[lookup] = self.fingerprint(lookup)
        return found

    def entity(self, key: str) -> Entity | None:
        entity_id = self.entity_names.get(key.casefold())
        return self._noted("entity", key, self.site.entities[entity_id] if entity_id else None)  # type: ignore[return-value]

    def fact(self, key: str) -> Fact | None:
        key = qualified(key, self.briefing)
        return self._noted("fact", key, self.site.fact(key))  # type: ignore[return-value]

    def quote(self, key: str) -> Quote | None:
        key = qualified(key, self.briefing)
        return self._noted("quote", key, self.site.quote(key))  # type: ignore[return-value]

    def event(self, key: str) -> Event | None:
        key = qualified(key, self.briefing)
        return self._noted("event", key, self.site.event(key))  # type: ignore[return-value]

    def figure(self, key: str) -> Figure | None:
        key = qualified(key, self.briefing)
        return self._noted("figure", key, self.site.figure(key))  # type: ignore[return-value]

    def chart(self, key: str) -> Chart | None:
        key = qualified(key, self.briefing)
        return self._noted("chart", key, self.site.chart(key))  # type: ignore[return-value]

    def source(self, key: str) -> Source | None:
        return self._noted("source", key, self.site.sources.get(key))  # type: ignore[return-value]

    def source_number(self, key: str) -> int:
        return self.source_numbers[key]

    def href(self, kind: str, key: str | None = None, fragment: str | None = None) -> str:
        return self._prefix + urls.target(kind, key, fragment)

    def section_key(self, path: str) -> str | None:
        """The section a Markdown link names by its file, relative to the linking section's
        file: `security.md`, or `../../other-briefing/sections/security.md` in a desk."""
        folder, _, name = posixpath.normpath(posixpath.join(self.section_folder, path)).rpartition("/")
        briefing = (
            folder.removeprefix(f"{urls.BRIEFINGS_FOLDER}/").removesuffix("/sections")
            if folder != "sections"
            else ""
        )
        key = item_key(briefing, name)
        known = folder == posixpath.join(urls.briefing_root(briefing), "sections") and key in self.sections
        return key if self._noted("section", key, known) else None

    def missing(self, kind: str, key: str) -> str:
        if kind == "section":  # `key`: the file a link names, relative to the linking section's
            own = self.site.by_id.get(self.briefing)
            files = [f"{section.id}.md" for section in own.sections] if own else []
            return unknown_id("section", key, {"section": files})
        briefing, _, _ = key.rpartition("/")
        if kind != "entity" and briefing and self.site.drafts.has_briefing(briefing):
            return self.site.drafts.refused(kind, key, briefing)
        if kind != "entity" and briefing and briefing not in self.site.by_id:
            hint = id_hint("briefing", briefing, {"briefing": list(self.site.by_id)})
            return f"unknown {kind} '{key}': there is no briefing '{briefing}'{hint}"
        names = [name for entity in self.site.entities.values() for name in (entity.name, *entity.aliases)]
        return unknown_id(kind, key, self._written_ids(), names if kind == "entity" else (), markdown=True)

    def _written_ids(self) -> dict[str, list[str]]:
        """The ids of every kind as a section of this briefing writes them: its own briefing's
        items without the briefing, another's with it (made only for a message)."""
        known: dict[str, list[str]] = {"entity": list(self.site.entities), "source": list(self.site.sources)}
        for kind in ("fact", "quote", "event", "figure", "chart"):
            known[kind] = [
                item_id if briefing.id == self.briefing else item_key(briefing.id, item_id)
                for briefing in self.site.briefings
                for item_id in getattr(briefing, f"{kind}s")
            ]
        return known

    def fingerprint(self, lookup: str) -> str:
        """The current fingerprint of a lookup such as `fact:us-troops` (memoised per build:
        `fingerprints[lookup]` is the same, at the cost of a dictionary lookup once known)."""
        return self.fingerprints[lookup]

    def _fingerprint_of(self, lookup: str) -> str:
        kind, _, key = lookup.partition(":")
        site = self.site
        if kind == "entity":  # named by any of its names: one digest per entity
            entity_id = self.entity_names.get(key.casefold())
            if entity_id not in self._entities:
                self._entities[entity_id] = _fingerprint(
                    site.digests, site.entities[entity_id] if entity_id else None
                )
            return self._entities[entity_id]
        if kind == "source":
            return _fingerprint(site.digests, site.sources.get(key), self._numbers_of.get(key))
        if kind == "section":
            return "1" if key in self.sections else "0"
        if kind in ("fact", "quote", "event", "figure", "chart"):
            item = getattr(site, kind)(key)
            # a quote shows its speaker; the others their sources' numbers (a figure's
            # fingerprint covers its published image: a changed file is a new digest)
            extra = [self.fingerprint(f"source:{s}") for s in getattr(item, "sources", ())]
            if kind == "quote" and item is not None:
                extra.append(self.fingerprint(f"entity:{item.speaker}"))
            return _fingerprint(site.digests, item, *extra)
        return "?"  # an unknown kind of lookup never matches: the entry is redone


class _Memo(dict):
    """A dictionary that computes a missing value when first asked for it."""

    def __init__(self, compute: Callable[[str], str]):
        super().__init__()
        self._compute = compute

    def __missing__(self, key: str) -> str:
        value = self[key] = self._compute(key)
        return value


class SectionConverter:
    """One Markdown instance, reused for every section (building one costs more than a page)."""

    def __init__(self, site: Site):
        self.references = SiteReferences(site)
        self.extension = ReferenceExtension(self.references)
        self._slug_prefix = ""
        # The extensions of EXTENSIONS, as instances: named by string, each is first looked
        # for among installed packages' entry points, whose listing imports
        # importlib.metadata, which costs a build that converts one section more than the
        # conversion does.
        self.markdown = Markdown(
            extensions=[
                TableExtension(),
                SaneListExtension(),
                TocExtension(slugify=self._slugify, toc_depth=TOC_DEPTH),
                AlignmentExtension(),
                self.extension,
            ],
            output_format="html",
        )

    def _slugify(self, value: str, separator: str) -> str:
        # Heading ids carry the section id so they stay unique in the full-briefing view.
        return f"{self._slug_prefix}-{slugify_unicode(value, separator) or 'part'}"

    def convert(self, section: Section) -> CachedConversion:
        """Convert one section; raises ContentError with its problems."""
        self.markdown.reset()
        self.references.lookups = {}
        self._slug_prefix = section.id
        self.references.begin(section.briefing)
        state = self.extension.begin(
            section.id, section.key, section.origin.path, section.body, section.body_first_line
        )
        if (deep := first_too_deep(section.body)) is not None:
            line, column = deep
            where = Location(section.origin.path, section.body_first_line + line, column + 1)
            raise ContentError(
                [
                    Problem(
                        where,
                        "the Markdown is nested too deeply (more than "
                        f"{MAX_NESTING} levels of lists, quotes or indentation)",
                        "too-deep",
                    )
                ]
            )
        try:
            html = self.markdown.convert(section.body)
        except RecursionError:  # a second line of defence: nesting the count above does not know
            raise ContentError(
                [
                    Problem(
                        section.origin,
                        "the Markdown is nested too deeply (lists or quotes inside each other)",
                        "too-deep",
                    )
                ]
            ) from None
        if state.problems:
            raise ContentError(state.problems)
        toc = tuple(
            (entry.level, entry.anchor, entry.title)
            for entry in _flatten_toc(getattr(self.markdown, "toc_tokens", []))
        )
        mentions = tuple((m.kind, m.target, m.section, m.anchor, m.context) for m in state.mentions)
        links = tuple((link.section, link.fragment, tuple(link.location)) for link in state.section_links)
        coverage = state.coverage.as_data() if state.coverage else ()
        external = tuple((url, tuple(where)) for url, where in state.external_links)
        return CachedConversion(
            html,
            toc,
            mentions,
            links,  # type: ignore[arg-type]
            state.text,
            dict(self.references.lookups),  # type: ignore[arg-type]
            coverage,
            external,  # type: ignore[arg-type]
            conversion_digest(html, toc, mentions, links, state.text, coverage, external),
        )


def _flatten_toc(tokens: list[dict]) -> list[TocEntry]:
    entries = []
    for token in tokens:
        # a token's name is the heading's text as HTML (`AT&amp;T`); the templates escape it
        entries.append(TocEntry(token["level"], token["id"], html.unescape(token["name"])))
        entries.extend(_flatten_toc(token.get("children", [])))
    return entries


def as_rendered(section: Section, conversion: CachedConversion) -> RenderedSection:
    if conversion.stored_details is not None:
        details = SectionDetails(stored=conversion.stored_details)
    else:
        details = SectionDetails(
            tuple(map(Mention._make, conversion.mentions)),
            Coverage.from_data(list(conversion.coverage)) if conversion.coverage else None,
        )
    return RenderedSection(
        section,
        conversion.html,
        tuple(TocEntry(*entry) for entry in conversion.toc),
        tuple(
            SectionLink(target, fragment, Location(*where)) for target, fragment, where in conversion.links
        ),
        conversion.text,
        details,
        tuple((url, Location(*where)) for url, where in conversion.external_links),
        conversion.digest,
    )


Reuse = Callable[[Section], "RenderedSection | None"]


def convert_sections(
    site: Site,
    cache: ConversionCache | None = None,
    workers: int | None = None,
    reuse: Reuse | None = None,
    converted: Callable[[int], None] | None = None,
) -> tuple[dict[str, RenderedSection], list[Problem]]:
    """Every section of every briefing converted, keyed by section key: handed back by `reuse`
    (the preview's memory of its last build), else from the cache where still valid, else
    converted afresh. `converted` is told how many more sections are done, as they are."""
    converter = SectionConverter(site)
    if cache is not None:
        converter.references.fingerprints.update(cache.fingerprints(lookups_digest(site)))
    sections = tuple(site.sections())
    results: dict[str, CachedConversion] = {}
    reused: dict[str, RenderedSection] = {}
    keys: dict[str, str] = {}
    todo: list[Section] = []
    for section in sections:
        earlier = reuse(section) if reuse else None
        if earlier is not None:
            reused[section.key] = earlier
            continue
        if cache is None:
            todo.append(section)
            continue
        keys[section.key] = cache.key(section.key, section.origin.path, section.body_first_line, section.body)
        hit = cache.get(keys[section.key], converter.references.fingerprints)
        if hit is None:
            todo.append(section)
        else:
            results[section.key] = hit
    problems: list[Problem] = []
    done = converted or (lambda count: None)
    done(len(sections) - len(todo))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(todo) >= POOL_THRESHOLD and can_fork():
        conversions = _convert_in_pool(site, todo, workers)
    else:
        conversions = (_convert_one(converter, section) for section in todo)
    for section, (conversion, section_problems) in zip(todo, conversions, strict=True):
        done(1)
        problems.extend(section_problems)
        if conversion is not None:
            results[section.key] = conversion
            if cache is not None:
                cache.put(keys[section.key], conversion)
    rendered = {
        section.key: reused[section.key]
        if section.key in reused
        else as_rendered(section, results[section.key])
        for section in sections
        if section.key in results or section.key in reused
    }
    if cache is not None:
        cache.keep_fingerprints(dict(converter.references.fingerprints))
    return rendered, problems


def lookups_digest(site: Site) -> str:
    """A digest of everything a section's lookups can find (SiteReferences): every entity,
    source (with the number each briefing gives it, which its sections' text decides), fact,
    quote, event, figure and chart, all of each, and which sections exist. Two sites with
    equal digests give every lookup the same fingerprint. The items' digests are mostly kept
    from the last build, so this costs little beside computing the fingerprints again."""
    digests = site.digests
    parts = [
        repr(
            (
                [section.key for section in site.sections()],
                tuple(site.entities),
                tuple(site.sources),
                sorted((key, tuple(numbers.items())) for key, numbers in briefing_numbers(site).items()),
            )
        ).encode()
    ]
    parts += map(digests.full, site.entities.values())
    parts += map(digests.full, site.sources.values())
    for briefing in site.briefings:
        for collection in (
            briefing.facts,
            briefing.quotes,
            briefing.events,
            briefing.figures,
            briefing.charts,
        ):
            parts.append(repr((briefing.id, tuple(collection))).encode())
            parts += map(digests.full, collection.values())
    return digest_of_parts(parts)


def _convert_one(
    converter: SectionConverter, section: Section
) -> tuple[CachedConversion | None, list[Problem]]:
    try:
        return converter.convert(section), []
    except ContentError as error:
        return None, list(error.problems)


# The pool's workers are forked after this is set, so each inherits the site without pickling
# it, and builds its own converter once.
_pool_site: Site | None = None
_pool_converter: SectionConverter | None = None
_pool_sections: tuple[Section, ...] = ()


def _convert_in_pool(
    site: Site, todo: Sequence[Section], workers: int
) -> Iterator[tuple[CachedConversion | None, list[Problem]]]:
    """The conversions in the order of `todo`, each as soon as it and those before it are done."""
    global _pool_site
    _pool_site = site
    index = {section.key: n for n, section in enumerate(site.sections())}
    chunk = max(8, len(todo) // (workers * 4))
    try:
        with worker_pool(workers) as pool:
            yield from pool.map(_convert_in_worker, [index[s.key] for s in todo], chunksize=chunk)
    finally:
        _pool_site = None


def _convert_in_worker(section_index: int) -> tuple[CachedConversion | None, list[Problem]]:
    global _pool_converter, _pool_sections
    assert _pool_site is not None
    if _pool_converter is None:
        _pool_converter = SectionConverter(_pool_site)
        _pool_sections = tuple(_pool_site.sections())
    return _convert_one(_pool_converter, _pool_sections[section_index])
