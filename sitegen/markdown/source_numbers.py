"""The number of each source in each briefing: a briefing's citation marks start at [1].

A briefing numbers first the sources it cites, in the order a reader meets them (its
sections' citation marks in reading order, then the sources of its facts, quotes, events,
figures and charts), then every other source after them in the site's order, so that any
mark (a fact of another briefing shown in its text, say) still has a number. Read from the
model, before any conversion: a section's marks are numbered as it is converted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from sitegen.content.model import Briefing, Site
from sitegen.content.reference_syntax import CITE_RE

_CITE = re.compile(CITE_RE)

Numbers = Mapping[str, int]  # source id -> its number


def site_numbers(site: Site) -> dict[str, int]:
    """The numbers of the site's list of sources (the sources page)."""
    return {key: number for number, key in enumerate(site.sources, 1)}


def briefing_numbers(site: Site) -> dict[str, dict[str, int]]:
    """Briefing id -> the numbers its pages show (the site's, in the one-briefing layout,
    whose sources page is the briefing's own)."""
    if site.sole_briefing:
        return {briefing.id: site_numbers(site) for briefing in site.briefings}
    return {briefing.id: _numbered(site, _cited_by(briefing)) for briefing in site.briefings}


def _numbered(site: Site, cited: Iterator[str]) -> dict[str, int]:
    first = [key for key in dict.fromkeys(cited) if key in site.sources]  # unknown ids are errors elsewhere
    order = dict.fromkeys([*first, *site.sources])
    return {key: number for number, key in enumerate(order, 1)}


def _cited_by(briefing: Briefing) -> Iterator[str]:
    for section in briefing.sections:
        for match in _CITE.finditer(section.body):
            yield from (part.strip().removeprefix("@") for part in match.group(1).split(";"))
    for collection in (briefing.facts, briefing.quotes, briefing.events, briefing.figures, briefing.charts):
        for item in collection.values():
            yield from getattr(item, "sources", ())
