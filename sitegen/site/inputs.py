"""What each input key of a page (`Page.depends_on`) stands for, as a value that can be compared.

Two builds that give a key equal values show the same thing for it, so a page whose keys all
compare equal (and whose templates did not change) renders to the same bytes. Values are
plain model objects and tuples; comparing them costs far less than rendering. The key
grammar, used by sitegen/site/pages.py:

    site                                 the site header and navigation
    briefings                            the header of every briefing, newest first
    briefing:<id>                        one briefing's header, key facts and change log
    sections:titles:<id>                 key, title, summary, order, draft of a briefing's sections
    sections:<id>                        a briefing's sections with their converted HTML
    section:<key>                        one section with its converted HTML, TOC, mentions
    entities | sources                   a shared registry, in file order
    facts:<id> | quotes:<id> | events:<id>    one briefing's collection, in file order
      (also figures:<id> | charts:<id>)
    entity:<id> | source:<id>            one shared item
    fact:<key> | quote:<key> | event:<key>    one item of a briefing
      (also figure:<key> | chart:<key>; a figure holds its published image's digest)
    backlinks:<kind>:<id or key>         the spots in the text that refer to one item

An unknown key raises KeyError: the caller must then treat the page as changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitegen.content.model import Briefing, Section
from sitegen.site.pages import has_changes
from sitegen.site.resolve import Resolved


def section_header(section: Section) -> tuple[Any, ...]:
    """What other pages show of a section: its title and link, not its text."""
    return (section.key, section.title, section.summary, section.order, section.draft)


def briefing_header(briefing: Briefing) -> tuple[Any, ...]:
    return (briefing.id, briefing.title, briefing.standfirst, briefing.publisher,
            briefing.authors, briefing.published, briefing.updated, briefing.key_facts,
            briefing.changes)


class InputValues:
    """The value of every input key for one resolved site, computed when first asked for."""

    def __init__(self, resolved: Resolved):
        self.resolved = resolved
        self._cache: dict[str, Any] = {}
        self._headers: dict[str, tuple[Any, ...]] | None = None
        site = resolved.site
        self._shared: dict[str, Any] = {"entity": site.entities, "source": site.sources}
        self._whole: dict[str, Callable[[], Any]] = {
            "site": lambda: (site.title, site.description, site.language, site.base_url,
                             site.sole_briefing, has_changes(site)),
            "briefings": lambda: tuple(briefing_header(b) for b in site.briefings),
            "entities": lambda: tuple(site.entities.items()),
            "sources": lambda: tuple(site.sources.items()),
        }

    def value(self, key: str) -> Any:
        if key not in self._cache:
            self._cache[key] = self._compute(key)
        return self._cache[key]

    def _section_headers(self) -> dict[str, tuple[Any, ...]]:
        if self._headers is None:
            self._headers = {section.key: section_header(section)
                             for section in self.resolved.site.sections()}
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
            return tuple((headers[spot.section.key], spot.anchor, spot.context, spot.kind)
                         for spot in self.resolved.backlinks_to(target_kind, target))
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
    if before.value("briefings") != after.value("briefings") \
            or before.section_order() != after.section_order():
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
