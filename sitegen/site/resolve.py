"""Resolving references: converting each section's Markdown and indexing who mentions what.

Input: the model. Output: `Resolved`, which holds every section's HTML and table of contents,
the number of each source, and the backlinks of every entity, fact, quote, event and source.
All lookups go through dictionaries, so the cost grows with the number of references, not
with their product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sitegen.markdown.cache import ConversionCache
from sitegen.markdown.conversion import RenderedSection, Reuse, TocEntry, convert_sections
from sitegen.errors import ContentError, Problem
from sitegen.content.model import Section, Site

__all__ = ["Backlink", "RenderedSection", "Resolved", "TocEntry", "resolve"]


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


def resolve(site: Site, cache: ConversionCache | None = None, workers: int | None = None,
            reuse: Reuse | None = None) -> Resolved:
    """Convert every section and index the backlinks; raises ContentError with all problems.

    `reuse` may hand back an earlier conversion of a section whose inputs did not change
    (the preview's incremental rebuild); any section it returns None for is converted.
    """
    rendered, problems = convert_sections(site, cache, workers, reuse)
    problems.extend(check_section_links(rendered))
    if problems:
        raise ContentError(problems)
    numbers = {key: number for number, key in enumerate(site.sources, 1)}
    return Resolved(site, rendered, numbers, index_backlinks(rendered))


def index_backlinks(rendered: Mapping[str, RenderedSection]) -> dict[tuple[str, str], tuple[Backlink, ...]]:
    spots: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
    for part in rendered.values():
        for mention in part.mentions:
            spots[(mention.kind, mention.target)].append(
                Backlink(part.section, mention.anchor, mention.context, mention.kind))
    return {key: tuple(value) for key, value in spots.items()}


def check_section_links(rendered: Mapping[str, RenderedSection]) -> list[Problem]:
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
