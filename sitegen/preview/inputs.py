"""What each input key of a page (`Page.depends_on`) stands for, as a value that can be compared.

Two builds that give a key equal values show the same thing for it, so a page whose keys all
compare equal (and whose templates did not change) renders to the same bytes. Values are
plain model objects and tuples; comparing them costs far less than rendering. The key
grammar, used by sitegen/site/pages.py:

    site, briefing                       the site and briefing headers
    sections:titles                      id, title, summary, order, draft of every section
    sections                             every section with its converted HTML (full view)
    section:<id>                         one section with its converted HTML, TOC, mentions
    entities | facts | quotes | events | sources    a whole collection, in file order
    entity:<id> | fact:<id> | quote:<id> | event:<id> | source:<id>    one item
    backlinks:<kind>:<id>                the spots in the text that refer to one item

An unknown key raises KeyError: the caller must then treat the page as changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitegen.content.model import Section
from sitegen.site.resolve import Resolved


def section_header(section: Section) -> tuple[Any, ...]:
    """What other pages show of a section: its title and link, not its text."""
    return (section.id, section.title, section.summary, section.order, section.draft)


class InputValues:
    """The value of every input key for one resolved site, computed when first asked for."""

    def __init__(self, resolved: Resolved):
        self.resolved = resolved
        self._cache: dict[str, Any] = {}
        self._headers: dict[str, tuple[Any, ...]] | None = None
        site = resolved.site
        briefing = site.briefing
        self._collections: dict[str, Any] = {
            "entity": site.entities, "source": site.sources, "fact": briefing.facts,
            "quote": briefing.quotes, "event": briefing.events}
        self._whole: dict[str, Callable[[], Any]] = {
            "site": lambda: (site.title, site.language, site.base_url),
            "briefing": lambda: (briefing.title, briefing.standfirst, briefing.publisher,
                                 briefing.authors, briefing.published, briefing.updated,
                                 briefing.key_facts),
            "sections:titles": lambda: tuple(section_header(s) for s in briefing.sections),
            "sections": lambda: tuple(resolved.sections[s.id] for s in briefing.sections),
            **{f"{kind}s" if kind != "entity" else "entities":
               (lambda items=items: tuple(items.items()))
               for kind, items in self._collections.items()},
        }

    def value(self, key: str) -> Any:
        if key not in self._cache:
            self._cache[key] = self._compute(key)
        return self._cache[key]

    def _section_headers(self) -> dict[str, tuple[Any, ...]]:
        if self._headers is None:
            self._headers = {section.id: section_header(section)
                             for section in self.resolved.site.briefing.sections}
        return self._headers

    def _compute(self, key: str) -> Any:
        if key in self._whole:
            return self._whole[key]()
        kind, _, item_id = key.partition(":")
        if kind == "section":
            return self.resolved.sections.get(item_id)
        if kind == "backlinks":
            target_kind, _, target_id = item_id.partition(":")
            headers = self._section_headers()
            return tuple((headers[spot.section.id], spot.anchor, spot.context, spot.kind)
                         for spot in self.resolved.backlinks_to(target_kind, target_id))
        if kind in self._collections and item_id:
            return self._collections[kind].get(item_id)
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
    if before.value("sections:titles") != after.value("sections:titles"):
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
