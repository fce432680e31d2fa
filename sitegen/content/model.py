"""The typed, immutable site: its briefings and what they say, with where each piece was written.

A site (a "desk") holds one or more briefings that share one registry of entities and one of
sources. Facts, quotes, events and sections belong to a briefing; across the site they are
named by a key that qualifies the id with the briefing's (`xi-lee-summit/us-troops`). A site
in the one-briefing layout has a single briefing whose id is "" and whose keys are bare ids.

The model knows nothing of files, Markdown rendering or URLs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitegen.content.item_digests import ItemDigests
from sitegen.errors import Location

if TYPE_CHECKING:
    from sitegen.content.visuals import Chart, Figure

ENTITY_KINDS = ("person", "country", "organisation", "place")
# Whether a source's original URL still says what is cited (as Wikipedia's `url-status`).
SOURCE_STATUSES = ("live", "dead", "changed")
CHANGE_KINDS = ("update", "correction")
# The id of the briefing of a one-briefing project (content/briefing.yaml, no briefings/ folder).
SOLE_BRIEFING = ""


def item_key(briefing: str, item_id: str) -> str:
    """The site-wide key of a briefing's fact, quote, event or section."""
    return f"{briefing}/{item_id}" if briefing else item_id


def qualified(reference: str, briefing: str) -> str:
    """The key of a reference written in `briefing`: `us-troops` names its own fact,
    `xi-lee-summit/us-troops` another briefing's."""
    return reference if "/" in reference else item_key(briefing, reference)


def split_key(key: str) -> tuple[str, str]:
    """(briefing id, item id) of a key made by `item_key`."""
    briefing, _, item_id = key.rpartition("/")
    return briefing, item_id


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    publisher: str
    title: str | None
    url: str | None  # http(s) only; None when the source gives none (never invented)
    published: str | None
    accessed: str | None
    origin: Location
    archive_url: str | None = None  # a copy kept by an archive (Wayback Machine, archive.today)
    archived: str | None = None  # ISO date the copy was made
    status: str | None = None  # SOURCE_STATUSES: the original live, dead, or changed since cited


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
    supersedes: str | None  # the key of an earlier fact whose figure this one replaces
    briefing: str
    origin: Location

    @property
    def key(self) -> str:
        return item_key(self.briefing, self.id)


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    speaker: str  # an entity id
    role: str | None  # the speaker's role as the source gives it
    context: str | None
    sources: tuple[str, ...]
    briefing: str
    origin: Location

    @property
    def key(self) -> str:
        return item_key(self.briefing, self.id)


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    when: str  # as the source gives it: "in November", "Sunday"
    date: str | None  # ISO date, only where one is known
    what: str
    sources: tuple[str, ...]
    entities: tuple[str, ...]
    briefing: str
    origin: Location

    @property
    def key(self) -> str:
        return item_key(self.briefing, self.id)


@dataclass(frozen=True, slots=True)
class Section:
    id: str  # the file name without .md; also the URL slug
    title: str
    order: int
    summary: str | None
    draft: bool
    body: str  # Markdown
    body_first_line: int  # file line of the body's first line, for located errors
    briefing: str
    origin: Location  # the file (line 1)

    @property
    def key(self) -> str:
        return item_key(self.briefing, self.id)


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of a briefing's log: an update or a correction, dated, in one sentence."""

    date: str  # ISO date
    kind: str  # update | correction
    text: str
    origin: Location


@dataclass(frozen=True, slots=True)
class Briefing:
    id: str  # the folder name in content/briefings/; SOLE_BRIEFING in the one-briefing layout
    title: str
    standfirst: str | None
    publisher: str | None
    authors: tuple[str, ...]
    published: str | None
    updated: str | None
    key_facts: tuple[str, ...]  # fact keys
    changes: tuple[Change, ...]  # newest first
    sections: tuple[Section, ...]  # in reading order
    facts: Mapping[str, Fact]  # by id, in file order
    quotes: Mapping[str, Quote]
    events: Mapping[str, Event]  # in file order
    origin: Location
    figures: Mapping[str, Figure] = field(default_factory=dict)  # see visuals.py
    charts: Mapping[str, Chart] = field(default_factory=dict)
    min_fact_sources: int | None = None  # sources each fact must cite; None: the site's rule
    draft: bool = False  # shown only in the preview, as a draft section is
    live: bool = False  # a developing story: key events first, its open pages told of new ones

    @property
    def latest_change(self) -> Change | None:
        return self.changes[0] if self.changes else None

    @property
    def modified(self) -> str | None:
        """The last day anything in the briefing changed: its latest update or correction, or
        `updated`, whichever is later; None when neither is given."""
        dates = [d for d in (self.updated, self.changes[0].date if self.changes else None) if d]
        return max(dates) if dates else None


@dataclass(frozen=True, slots=True)
class Drafts:
    """What a build leaves out: draft briefings, and the draft sections of the others (the
    preview shows both). Kept so that `check` counts what they use, and so that a reference
    to a draft can say so."""

    briefings: tuple[Briefing, ...] = ()
    sections: tuple[Section, ...] = ()

    def has_briefing(self, briefing_id: str) -> bool:
        return any(briefing.id == briefing_id for briefing in self.briefings)

    @staticmethod
    def refused(kind: str, key: str, briefing_id: str) -> str:
        """What to say of a published page's reference to an item of a draft briefing."""
        return (
            f"{kind} '{key}' is in a draft: briefing '{briefing_id}' has draft: true, so only the "
            "preview shows it and a published page cannot refer to it"
        )


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    language: str
    base_url: str | None  # the public URL, ending in "/"
    entities: Mapping[str, Entity]  # shared by every briefing
    sources: Mapping[str, Source]  # shared by every briefing
    briefings: tuple[Briefing, ...] = field(default=())  # newest first
    description: str | None = None
    min_fact_sources: int = 1  # sources each fact must cite, unless its briefing says otherwise
    # the Trust Project's pages the site names: (schema.org term, http(s) URL), in TRUST_TERMS order
    policies: tuple[tuple[str, str], ...] = ()
    by_id: Mapping[str, Briefing] = field(default_factory=dict, compare=False, repr=False)
    # the digests of its items, made once each (or kept from the last build with them)
    digests: ItemDigests = field(default_factory=ItemDigests, compare=False, repr=False)
    drafts: Drafts = field(default_factory=Drafts, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_id:
            object.__setattr__(self, "by_id", {b.id: b for b in self.briefings})

    @property
    def sole_briefing(self) -> bool:
        """A project in the one-briefing layout: its briefing's pages are the site's."""
        return len(self.briefings) == 1 and self.briefings[0].id == SOLE_BRIEFING

    def _item(self, collection: str, key: str) -> Any:
        """A briefing's fact, quote, event, figure or chart by its key; None when either
        does not exist."""
        briefing, item_id = split_key(key)
        found = self.by_id.get(briefing)
        return getattr(found, collection).get(item_id) if found else None

    def fact(self, key: str) -> Fact | None:
        return self._item("facts", key)  # type: ignore[no-any-return]

    def quote(self, key: str) -> Quote | None:
        return self._item("quotes", key)  # type: ignore[no-any-return]

    def event(self, key: str) -> Event | None:
        return self._item("events", key)  # type: ignore[no-any-return]

    def figure(self, key: str) -> Figure | None:
        return self._item("figures", key)  # type: ignore[no-any-return]

    def chart(self, key: str) -> Chart | None:
        return self._item("charts", key)  # type: ignore[no-any-return]

    def sections(self) -> Iterator[Section]:
        """Every section of every briefing, briefing by briefing, in reading order."""
        for briefing in self.briefings:
            yield from briefing.sections
