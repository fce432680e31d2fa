"""The typed, immutable briefing: what the content says, with where each piece was written.

The model knows nothing of files, Markdown rendering or URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sitegen.errors import Location

ENTITY_KINDS = ("person", "country", "organisation", "place")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    publisher: str
    title: str | None
    url: str | None  # http(s) only; None when the source gives none (never invented)
    published: str | None
    accessed: str | None
    origin: Location


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: str
    description: str | None
    sources: tuple[str, ...]  # the source(s) of the description
    aliases: tuple[str, ...]
    origin: Location


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    statement: str
    value: str | None  # the figure in the source's words ("about 28,500")
    sources: tuple[str, ...]
    as_of: str | None
    entities: tuple[str, ...]
    origin: Location


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    speaker: str  # an entity id
    role: str | None  # the speaker's role as the source gives it
    context: str | None
    sources: tuple[str, ...]
    origin: Location


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    when: str  # as the source gives it: "in November", "Sunday"
    date: str | None  # ISO date, only where one is known
    what: str
    sources: tuple[str, ...]
    entities: tuple[str, ...]
    origin: Location


@dataclass(frozen=True, slots=True)
class Section:
    id: str  # the file name without .md; also the URL slug
    title: str
    order: int
    summary: str | None
    draft: bool
    body: str  # Markdown
    body_first_line: int  # file line of the body's first line, for located errors
    origin: Location  # the file (line 1)


@dataclass(frozen=True, slots=True)
class Briefing:
    id: str
    title: str
    standfirst: str | None
    publisher: str | None
    authors: tuple[str, ...]
    published: str | None
    updated: str | None
    key_facts: tuple[str, ...]
    sections: tuple[Section, ...]  # in reading order
    facts: Mapping[str, Fact]
    quotes: Mapping[str, Quote]
    events: Mapping[str, Event]  # in timeline order
    origin: Location


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    language: str
    base_url: str | None  # the public URL, ending in "/"
    entities: Mapping[str, Entity]  # shared by every briefing
    sources: Mapping[str, Source]  # shared by every briefing
    briefings: tuple[Briefing, ...] = field(default=())

    @property
    def briefing(self) -> Briefing:
        """The site's briefing; sites hold one today, the model leaves room for several."""
        return self.briefings[0]
