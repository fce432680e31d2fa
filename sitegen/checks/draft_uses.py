"""What the drafts a build leaves out refer to, so that `check` does not call unused what only a
draft uses: a fact written for a draft section, a source only a draft briefing cites.

Drafts are not converted by `build` or `check` (the preview converts them); their references are
read from the text with the reference syntax's own patterns, which is all these rules need.
Found once per check, and handed to each rule that asks what is unused (checks/rules.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from sitegen.content.model import Briefing, Section, Site, qualified
from sitegen.content.reference_syntax import CITE_RE, WIKI_RE

_WIKI = re.compile(WIKI_RE)
_CITE = re.compile(CITE_RE)

# Kind (`fact`, `quote`, `entity`, `source`, `figure`...) -> the ids or keys; a kind no draft
# uses reads as empty.
DraftUses = defaultdict[str, set[str]]


def draft_uses(site: Site) -> DraftUses:
    """Kind (`fact`, `quote`, `entity`, `source`...) -> the ids or keys the left-out drafts
    use: referred to in their text, or named by a draft briefing's facts, quotes and events."""
    uses: DraftUses = defaultdict(set)
    entity_ids = _entity_names(site)
    for section in _draft_sections(site.drafts.briefings, site.drafts.sections):
        for match in _WIKI.finditer(section.body):
            kind, key = match.group(1) or "entity", match.group(2).strip()
            if kind == "entity":
                uses[kind].add(entity_ids.get(key.casefold(), key))
            else:
                uses[kind].add(qualified(key, section.briefing))
        for match in _CITE.finditer(section.body):
            uses["source"].update(part.strip()[1:] for part in match.group(1).split(";"))
    for briefing in site.drafts.briefings:
        for fact in briefing.facts.values():
            uses["source"].update(fact.sources)
            uses["entity"].update(fact.entities)
        for quote in briefing.quotes.values():
            uses["source"].update(quote.sources)
            uses["entity"].add(quote.speaker)
        for event in briefing.events.values():
            uses["source"].update(event.sources)
            uses["entity"].update(event.entities)
        uses["fact"].update(briefing.key_facts)
    return uses


def _draft_sections(briefings: Iterable[Briefing], sections: Iterable[Section]) -> Iterable[Section]:
    for briefing in briefings:
        yield from briefing.sections
    yield from sections


def _entity_names(site: Site) -> dict[str, str]:
    """Every way the text may name an entity (id, name, alias), folded, -> its id."""
    names: dict[str, str] = {}
    for entity in site.entities.values():
        for name in (entity.id, entity.name, *entity.aliases):
            names.setdefault(name.casefold(), entity.id)
    return names
