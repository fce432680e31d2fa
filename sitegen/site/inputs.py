"""What each input key of a page (`Page.depends_on`) stands for, as a value that can be compared.

Two builds that give a key equal values show the same thing for it, so a page whose keys all
compare equal (and whose templates did not change) renders to the same bytes. Values are
plain model objects and tuples; comparing them costs far less than rendering. The key
grammar, used by sitegen/site/pages.py:

    site                                 the site header and navigation
    site:description                     the description of a page of no briefing
    briefings                            the header of every briefing, newest first
    briefing:<id>                        one briefing's header, key facts and change log
    sections:titles:<id>                 key, title, summary, order, draft of a briefing's sections
    sections:<id>                        a briefing's sections with their converted HTML
    section:<key>                        one section with its converted HTML, TOC, mentions
    entities | sources                   a shared registry, in file order (sources: with the
                                         numbers each briefing gives them)
    facts:<id> | quotes:<id> | events:<id>    one briefing's collection, in file order
      (also figures:<id> | charts:<id>)
    entity:<id> | source:<id>            one shared item
    fact:<key> | quote:<key> | event:<key>    one item of a briefing
      (also figure:<key> | chart:<key>; a figure holds its published image's digest)
    backlinks:<kind>:<id or key>         the spots in the text that refer to one item
    quote-links:<id>                     the links of a briefing's quotes to their sources' words

An unknown key raises KeyError: the caller must then treat the page as changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from sitegen.content.item_digests import ItemDigests
from sitegen.content.model import Briefing, Section
from sitegen.site.backlink_memo import BacklinkMemo, Parts
from sitegen.site.pages import has_changes
from sitegen.site.resolve import Backlink, RenderedSection, Resolved, index_backlinks


def section_header(section: Section) -> tuple[Any, ...]:
    """What other pages show of a section: its title and link, not its text."""
    return (section.key, section.title, section.summary, section.order, section.draft)


def briefing_header(briefing: Briefing) -> tuple[Any, ...]:
    return (
        briefing.id,
        briefing.title,
        briefing.standfirst,
        briefing.publisher,
        briefing.authors,
        briefing.published,
        briefing.updated,
        briefing.key_facts,
        briefing.changes,
        briefing.draft,
        briefing.live,
    )


class InputValues:
    """The value of every input key for one resolved site, computed when first asked for."""

    def __init__(self, resolved: Resolved):
        self.resolved = resolved
        self._cache: dict[str, Any] = {}
        self._headers: dict[str, tuple[Any, ...]] | None = None
        site = resolved.site
        self._shared: dict[str, Any] = {"entity": site.entities, "source": site.sources}
        self._whole: dict[str, Callable[[], Any]] = {
            "site": lambda: (
                site.title,
                site.description,
                site.language,
                site.base_url,
                site.sole_briefing,
                has_changes(site),
                site.policies,  # in every page's footer
            ),
            # what the site's description comes from: its own, else its newest briefing's
            "site:description": lambda: (
                site.description,
                site.briefings[0].standfirst,
                site.briefings[0].title,
            ),
            "briefings": lambda: tuple(briefing_header(b) for b in site.briefings),
            "entities": lambda: tuple(site.entities.items()),
            # a citation mark shows its briefing's number, which the briefing's other
            # sections decide (sitegen/markdown/source_numbers.py)
            "sources": lambda: (
                tuple(site.sources.items()),
                tuple((key, tuple(numbers.items())) for key, numbers in resolved.briefing_numbers.items()),
            ),
        }

    def value(self, key: str) -> Any:
        if key not in self._cache:
            self._cache[key] = self._compute(key)
        return self._cache[key]

    def _section_headers(self) -> dict[str, tuple[Any, ...]]:
        if self._headers is None:
            self._headers = {
                section.key: section_header(section) for section in self.resolved.site.sections()
            }
        return self._headers

    def section_order(self) -> tuple[tuple[Any, ...], ...]:
        """Every section's header, in the site's order (briefings newest first)."""
        return tuple(self._section_headers().values())

    def _compute(self, key: str) -> Any:
        if key in self._whole:
            return self._whole[key]()
        kind, _, rest = key.partition(":")
        site = self.resolved.site
        if kind == "section":
            return self.resolved.sections.get(rest)
        if kind == "backlinks":
            target_kind, _, target = rest.partition(":")
            headers = self._section_headers()
            return tuple(
                (headers[spot.section.key], spot.anchor, spot.context, spot.kind)
                for spot in self.resolved.backlinks_to(target_kind, target)
            )
        if kind == "sections":
            titles, _, briefing_id = rest.rpartition(":")
            briefing = site.by_id.get(briefing_id)
            if briefing is None or titles not in ("", "titles"):
                raise KeyError(key)
            if titles:
                return tuple(section_header(s) for s in briefing.sections)
            return tuple(self.resolved.sections[s.key] for s in briefing.sections)
        if kind == "briefing":
            briefing = site.by_id.get(rest)
            return briefing_header(briefing) if briefing else None
        if kind == "quote-links":
            briefing = site.by_id.get(rest)
            links = self.resolved.quote_links
            return tuple((q.key, links.get(q.key)) for q in briefing.quotes.values()) if briefing else None
        if kind in ("facts", "quotes", "events", "figures", "charts"):
            briefing = site.by_id.get(rest)
            return tuple(getattr(briefing, kind).items()) if briefing else None
        if kind in self._shared and rest:
            return self._shared[kind].get(rest)
        if kind in ("fact", "quote", "event", "figure", "chart") and rest:
            return getattr(site, kind)(rest)
        raise KeyError(key)


def changed_keys(before: InputValues, after: InputValues) -> Callable[[str], bool]:
    """A memoised test 'did this key's value change between the two builds?'."""
    verdicts: dict[str, bool] = {}
    may_differ = _backlinks_that_may_differ(before, after)

    def changed(key: str) -> bool:
        if key not in verdicts:
            if may_differ is not None and key.startswith("backlinks:") and key not in may_differ:
                verdicts[key] = False
            else:
                verdicts[key] = before.value(key) != after.value(key)
        return verdicts[key]

    return changed


def _backlinks_that_may_differ(before: InputValues, after: InputValues) -> set[str] | None:
    """The backlink keys that can have changed, or None when any can.

    Spots come from converted sections, in section order, and show each section's header;
    with the headers (and so the order) unchanged, only the items a re-converted section
    mentions, before or after, can gain, lose or change a spot. Comparing those alone keeps a
    one-section edit from rebuilding every backlink list of a large briefing.
    """
    if (
        before.value("briefings") != after.value("briefings")
        or before.section_order() != after.section_order()
    ):
        return None
    old, new = before.resolved.sections, after.resolved.sections
    keys = set()
    for section_id, rendered in new.items():
        earlier = old.get(section_id)
        if earlier is rendered:  # the same conversion, reused
            continue
        for mention in (*(earlier.mentions if earlier else ()), *rendered.mentions):
            keys.add(f"backlinks:{mention.kind}:{mention.target}")
    return keys


class Digester:
    """Digests of input values that are the same in every process for equal values (what
    `sitegen build` keeps between runs; `hash()` and set order change from one to the next).

    A value's digest is that of its repr, which for the values the keys hold (strings,
    numbers, tuples of them, model objects: dataclasses, whose repr shows every field) is
    the same for equal values. A model object is digested once however many values hold it
    (a section's conversion is in `section:<key>` and in `sections:<id>`, a fact in
    `fact:<key>` and `facts:<id>`), by the site's ItemDigests, which has those of the items
    the model cache kept from the last build already."""

    def __init__(self, items: ItemDigests) -> None:
        self._items = items
        self._sections: dict[int, tuple[RenderedSection, bytes]] = {}

    def digest(self, value: Any) -> bytes:
        if isinstance(value, (tuple, list)) and value:
            first = value[0]
            if dataclasses.is_dataclass(first):  # e.g. every section of a briefing
                return _blake(b"".join(self._object(item) for item in value))
            if type(first) is tuple and len(first) == 2 and dataclasses.is_dataclass(first[1]):
                return _blake(
                    b"".join(
                        repr(key).encode() + self._object(item)  # items()
                        for key, item in value
                    )
                )
        if dataclasses.is_dataclass(value):
            return self._object(value)
        return _blake(repr(value).encode("utf-8", "surrogatepass"))

    def _object(self, value: object) -> bytes:
        if not isinstance(value, RenderedSection) or not value.conversion_digest:
            return self._items.full(value)
        known = self._sections.get(id(value))
        if known is None:
            # the section (its text, front matter, place) and what converting it made
            known = self._sections[id(value)] = (
                value,
                _blake(self._items.full(value.section) + value.conversion_digest.encode()),
            )
        return known[1]


def _blake(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class PageDigests:
    """A digest of everything a page is rendered from: its template and every template that
    one uses, its path and title, the value of each of its input keys and whether the site
    has a feed. Equal digests mean equal bytes, as equal values do for the preview."""

    def __init__(
        self, values: InputValues, template_sources: Callable[[str], Any], memo: BacklinkMemo | None = None
    ):
        self.values = values
        self._templates = template_sources  # page template -> its closure's digest, or None
        self._keys: dict[str, bytes] = {}
        self._headers: dict[str, str] = {}  # section key -> digest of its header
        self._digester = Digester(values.resolved.site.digests)
        self._memo = memo  # backlink digests kept from the last build (backlink_memo.py)
        self._changed_spots: dict[tuple[str, str], tuple[Backlink, ...]] | None = None
        self._places: dict[str, int] = {}  # section key -> its place in the site
        if memo is not None:
            sections = values.resolved.sections
            memo.begin(
                self._digester.digest(values.section_order()).hex(),
                {key: part.conversion_digest for key, part in sections.items()},
                lambda key: {
                    f"backlinks:{mention.kind}:{mention.target}" for mention in sections[key].mentions
                },
            )

    def of(self, page: Any, feed: bool) -> str | None:
        """The page's digest; None when it cannot be known (a template named by an
        expression, a key this module does not know)."""
        templates = self._templates(page.template)
        if templates is None:
            return None
        head = repr((page.path, page.template, page.title, feed, templates))
        known = self._keys
        try:  # each key's digest is made once for all pages (38,700 uses of 19,700 keys)
            keys = b"".join(known[key] if key in known else self._key(key) for key in sorted(page.depends_on))
        except KeyError:
            return None
        return hashlib.blake2b(
            _blake(head.encode("utf-8", "surrogatepass")) + keys, digest_size=16
        ).hexdigest()

    def _key(self, key: str) -> bytes:
        if key not in self._keys:
            if key.startswith("backlinks:"):
                known = self._memo.known(key) if self._memo else None
                value = known if known is not None else self._backlinks(key)
            else:
                value = self._digester.digest(self.values.value(key))
            self._keys[key] = _blake(key.encode() + value)
        return self._keys[key]

    def _backlinks(self, key: str) -> bytes:
        """The digest of `InputValues.value(key)` for a backlinks key, made without building
        and repr-ing its tuples, which would go over every spot of the site: from one part per
        section with spots there, which the memo keeps for the sections that did not change
        (only the changed sections' spots are then read, not the whole site's)."""
        target_kind, _, target = key.removeprefix("backlinks:").partition(":")
        kept = self._memo.parts(key) if self._memo is not None else None
        if kept is None:
            parts = self._parts(self.values.resolved.backlinks_to(target_kind, target))
        else:
            parts = self._parts_since(kept, (target_kind, target))
        digest = _blake(b"".join(section.encode() + b"\0" + part for section, part in parts))
        if self._memo is not None:
            self._memo.note(key, digest, parts)
        return digest

    def _parts(self, spots: Iterable[Backlink]) -> Parts:
        """Per section, in order, the digest of its spots: its header (digested once per
        section), then each spot's strings, each with its length, so that different spots
        never run together into the same bytes."""
        strings: dict[str, list[str]] = {}
        for spot in spots:
            section = spot.section.key
            if section not in strings:
                if section not in self._headers:
                    self._headers[section] = self._digester.digest(section_header(spot.section)).hex()
                strings[section] = [self._headers[section]]
            strings[section] += (
                f"{len(spot.anchor)}:{spot.anchor}",
                f"{len(spot.context)}:{spot.context}",
                f"{len(spot.kind)}:{spot.kind}",
            )
        return tuple(
            (section, _blake("|".join(values).encode("utf-8", "surrogatepass")))
            for section, values in strings.items()
        )

    def _parts_since(self, kept: Parts, target: tuple[str, str]) -> Parts:
        """The parts of a list from those the last build made: kept for each section that did
        not change, made again from the changed sections' spots."""
        assert self._memo is not None and self._memo.changed is not None
        changed = self._memo.changed
        if self._changed_spots is None:
            sections = self.values.resolved.sections
            self._changed_spots = index_backlinks(
                {key: part for key, part in sections.items() if key in changed}
            )
            self._places = {key: place for place, key in enumerate(sections)}
        parts = [part for part in kept if part[0] not in changed]
        parts += self._parts(self._changed_spots.get(target, ()))
        return tuple(sorted(parts, key=lambda part: self._places[part[0]]))
