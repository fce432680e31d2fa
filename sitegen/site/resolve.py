"""Resolving references: converting each section's Markdown and indexing who mentions what.

Input: the model. Output: `Resolved`, which holds every section's HTML and table of contents
(keyed by section key), the number of each source, the backlinks of every entity, fact, quote,
event and source, and which fact supersedes which. All lookups go through dictionaries, so the
cost grows with the number of references, not with their product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from sitegen.content.model import Fact, Section, Site
from sitegen.errors import ContentError, Problem
from sitegen.markdown.cache import ConversionCache
from sitegen.markdown.conversion import RenderedSection, Reuse, TocEntry, convert_sections
from sitegen.markdown.source_numbers import briefing_numbers, site_numbers

__all__ = ["Backlink", "BacklinkIndex", "RenderedSection", "Resolved", "TocEntry", "resolve"]


class Backlink(NamedTuple):
    """A spot in a section that refers to something; `anchor` is the element id there. (A
    tuple, like Mention: 56,600 are made at every build of a 1,000-section desk.)"""

    section: Section
    anchor: str
    context: str
    kind: str  # the kind of reference made there


class BacklinkIndex:
    """The spots that refer to each item, in the site's order, indexed when first asked for:
    a build after one edit usually needs none of them (56,600 on a 1,000-section desk), its
    backlink lists' digests coming from sitegen/site/backlink_memo.py."""

    def __init__(self, rendered: Mapping[str, RenderedSection]):
        self._rendered = rendered
        self._index: dict[tuple[str, str], tuple[Backlink, ...]] | None = None

    def spots(self, kind: str, key: str) -> tuple[Backlink, ...]:
        if self._index is None:
            self._index = index_backlinks(self._rendered)
        return self._index.get((kind, key), ())


@dataclass(frozen=True, slots=True)
class Resolved:
    site: Site
    sections: Mapping[str, RenderedSection]  # section key -> its conversion
    source_numbers: Mapping[str, int]  # source id -> its number in the site's list of sources
    briefing_numbers: Mapping[str, Mapping[str, int]]  # briefing id -> the numbers its pages show
    backlinks: BacklinkIndex  # (kind, id or key) -> spots
    superseded_by: Mapping[str, Fact]  # fact key -> the newer fact that replaces it
    # quote key -> (source id, its URL at the quote's words): quotes found in the snapshot of
    # a source with a URL (sitegen/site/text_fragments.py; build.with_quote_links)
    quote_links: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def numbers(self, briefing: str | None) -> Mapping[str, int]:
        """The source numbers a page shows: its briefing's (from [1]), else the site's."""
        return self.briefing_numbers.get(briefing, self.source_numbers) if briefing else self.source_numbers

    def backlinks_to(self, kind: str, key: str) -> tuple[Backlink, ...]:
        return self.backlinks.spots(kind, key)

    def fact_history(self, fact: Fact) -> tuple[list[Fact], list[Fact]]:
        """(earlier facts it replaced, newest first; newer facts that replaced it, oldest
        first): the chain of figures a fact belongs to."""
        earlier, current = [], fact
        while current.supersedes is not None:
            older = self.site.fact(current.supersedes)
            if older is None:
                break
            earlier.append(older)
            current = older
        later, current = [], fact
        while current.key in self.superseded_by:
            current = self.superseded_by[current.key]
            later.append(current)
        return earlier, later


def resolve(
    site: Site,
    cache: ConversionCache | None = None,
    workers: int | None = None,
    reuse: Reuse | None = None,
    converted: Callable[[int], None] | None = None,
) -> Resolved:
    """Convert every section and index the backlinks; raises ContentError with all problems.

    `reuse` may hand back an earlier conversion of a section whose inputs did not change
    (the preview's incremental rebuild); any section it returns None for is converted.
    `converted` is told how many more sections are done, as they are (progress on a terminal).
    """
    rendered, problems = convert_sections(site, cache, workers, reuse, converted)
    problems.extend(check_section_links(rendered))
    if problems:
        raise ContentError(problems)
    return Resolved(
        site,
        rendered,
        site_numbers(site),
        briefing_numbers(site),
        BacklinkIndex(rendered),
        supersessions(site),
    )


def supersessions(site: Site) -> dict[str, Fact]:
    """Fact key -> the fact that supersedes it (validation allows one at most, and no cycle)."""
    return {
        fact.supersedes: fact
        for briefing in site.briefings
        for fact in briefing.facts.values()
        if fact.supersedes is not None
    }


def index_backlinks(rendered: Mapping[str, RenderedSection]) -> dict[tuple[str, str], tuple[Backlink, ...]]:
    spots: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
    for part in rendered.values():
        for mention in part.mentions:
            spots[(mention.kind, mention.target)].append(
                Backlink(part.section, mention.anchor, mention.context, mention.kind)
            )
    return {key: tuple(value) for key, value in spots.items()}


def check_section_links(rendered: Mapping[str, RenderedSection]) -> list[Problem]:
    problems = []
    for part in rendered.values():
        for link in part.links:
            if link.fragment is None or link.section not in rendered:
                continue
            target = rendered[link.section]
            anchors = {entry.anchor for entry in target.toc}
            if f"{target.section.id}-{link.fragment}" not in anchors:
                problems.append(
                    Problem(
                        link.location,
                        f"link to unknown heading '#{link.fragment}' in section '{link.section}'",
                        "unknown-anchor",
                    )
                )
    return problems
