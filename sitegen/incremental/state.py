"""Whether a page is still the one the last build made: one decision, for `build` and the
preview alike.

A page's record is its head (path, template, title, whether the site has a feed, every
template's source) and its recorded reads (reads.py), each with the digest of what it found.
The next build asks, of each read the last one recorded, whether it finds the same now; a page
whose head is the same and whose reads all find the same shows the same bytes, and is kept;
any other is rendered. That is the one invariant: **a kept page's recorded inputs are
unchanged.**

Asking every read again would cost a build as much as rendering (a 1,000-section desk's pages
make 93,000 distinct reads), so a read is looked up again only when what it reads may differ:

- a read of an item's attribute, when the item's digest changed (or it came or went);
- a read that asks the site a question (`site.fact(key)`, `resolved.fact_history(fact)`, a
  query), when some item of the kinds the question reads changed (`KINDS_READ`; a question
  not listed there is always asked again);
- a read of the spots that refer to an item (`resolved.backlinks_to`), when a section that
  held some of them, or holds some now, changed (backlinks.py).

Every other read finds what it found.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.incremental.backlinks import BACKLINKS, Parts, SpotParts
from sitegen.incremental.reads import (
    WHOLE,
    PageReads,
    Roots,
    blake,
    entry,
    evaluate,
    item_digests,
)
from sitegen.marshal_file import read_stamped, write_stamped

FORMAT = 2  # of the reads file (its stamp also holds sitegen's code stamp)

# The kinds of item each question of the site reads (item digests: reads.item_digests).
KINDS_READ: dict[str, frozenset[str]] = {
    "site|fact": frozenset({"fact"}),
    "site|quote": frozenset({"quote"}),
    "site|event": frozenset({"event"}),
    "site|figure": frozenset({"figure"}),
    "site|chart": frozenset({"chart"}),
    "site|sections": frozenset({"section", "briefing"}),
    "resolved|fact_history": frozenset({"fact"}),
    # a briefing's citation numbers: the order its sections cite sources in
    "resolved|numbers": frozenset({"rendered", "section", "briefing", "source"}),
    "queries|has_changes": frozenset({"briefing"}),
    "queries|recent_changes": frozenset({"briefing"}),
    "queries|site_timeline": frozenset({"event", "briefing"}),
    "queries|involvement": frozenset({"fact", "quote", "event", "figure", "chart", "briefing"}),
}


@dataclass(slots=True)
class Record:
    """What the last build's pages read, as the reads file keeps it."""

    reads: tuple[str, ...] = ()
    digests: tuple[bytes, ...] = ()  # what each read found
    items: dict[str, bytes] = field(default_factory=dict)  # item key -> its digest
    # page path -> its head, its digest, the numbers of its reads (an array of "I", as bytes)
    pages: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    spots: dict[str, Parts] = field(default_factory=dict)  # backlinks read -> its parts
    section_order: str = ""


class PageStates:
    """The last build's pages and this build's, decided one by one."""

    def __init__(self, previous: Record, roots: Roots, head: Callable[[str, str, str], str]):
        """`head(path, template, title)`: the digest of a page's head in this build."""
        self._previous = previous
        self._roots = roots
        self._head = head
        self.items = item_digests(roots.resolved)
        changed_items = self._changed_items()
        self.spots = SpotParts(roots.resolved, previous.spots, previous.section_order, changed_items)
        self._changed = self._changed_reads(changed_items)
        self._kept: dict[str, tuple[str, str, bytes]] = {}
        self._rendered: dict[str, tuple[str, str, PageReads]] = {}  # head, digest, reads

    def unchanged(self, path: str, template: str, title: str) -> bool:
        """Whether the page the last build made at `path` is still right; noted as kept if so."""
        before = self._previous.pages.get(path)
        if (
            before is None
            or before[0] != self._head(path, template, title)
            or not self._changed.isdisjoint(array("I", before[2]))
        ):
            return False
        self._kept[path] = before
        return True

    def forget(self, path: str) -> None:
        """A page found unchanged whose file could not be taken after all: it is rendered."""
        self._kept.pop(path, None)

    def rendered(self, path: str, template: str, title: str, reads: PageReads) -> None:
        """Note what a page rendered read."""
        head = self._head(path, template, title)
        digest = blake(head.encode() + b"".join([entry(read, found) for read, found in reads])).hex()
        self._rendered[path] = (head, digest, reads)

    def digest(self, path: str) -> str:
        """A digest of the page as this build noted it (the build's record keeps it)."""
        kept = self._kept.get(path)
        return kept[1] if kept is not None else self._rendered[path][1]

    def record(self) -> Record:
        """What this build's pages read, for the next build: the last build's reads, with
        those of the pages rendered added or brought up to date."""
        reads, digests = list(self._previous.reads), list(self._previous.digests)
        numbers = {read: number for number, read in enumerate(reads)}
        pages = dict(self._kept)
        for path, (head, digest, page_reads) in self._rendered.items():
            indices = array("I")
            for read, found in page_reads:
                number = numbers.get(read)
                if number is None:
                    number = numbers[read] = len(reads)
                    reads.append(read)
                    digests.append(found)
                else:
                    digests[number] = found
                indices.append(number)
            pages[path] = (head, digest, indices.tobytes())
        record = _compacted(Record(tuple(reads), tuple(digests), self.items, pages))
        record.spots = self.spots.record(record.reads)
        record.section_order = self.spots.order
        return record

    def _changed_items(self) -> set[str]:
        before, now = self._previous.items, self.items
        return {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}

    def _changed_reads(self, changed_items: set[str]) -> frozenset[int]:
        """The numbers of the last build's reads that find something else now."""
        changed_kinds = {key.partition(":")[0] for key in changed_items}
        before, now = self._previous.items, self.items
        for kind in {key.partition(":")[0] for key in now} - changed_kinds:
            # the same items, but in another order (an entity moved in entities.yaml)
            prefix = kind + ":"
            if [k for k in before if k.startswith(prefix)] != [k for k in now if k.startswith(prefix)]:
                changed_kinds.add(kind)
        changed = []
        previous_digests = self._previous.digests
        for number, read in enumerate(self._previous.reads):
            item, _, rest = read.partition("|")
            name, _, arguments = rest.partition("|")
            if not arguments and name != WHOLE and (item in now or item in before):
                if item not in changed_items:  # an attribute of an item that did not change
                    continue
            elif read.startswith(BACKLINKS):
                if self.spots.may_differ(read) and self.spots.digest(read) != previous_digests[number]:
                    changed.append(number)
                continue
            else:
                kinds = KINDS_READ.get(f"{item}|{name}")
                if kinds is not None and kinds.isdisjoint(changed_kinds):
                    continue  # a question of the site whose kinds of item did not change
            if evaluate(read, self._roots) != previous_digests[number]:
                changed.append(number)
        return frozenset(changed)


def _compacted(record: Record) -> Record:
    """The record without the reads no page makes any more, when they are many (each build
    adds the new reads of the pages it rendered, and leaves the old ones)."""
    used: set[int] = set()
    for _, _, indices in record.pages.values():
        used.update(array("I", indices))
    if len(used) * 4 >= len(record.reads) * 3:
        return record
    kept = sorted(used)
    renumbered = {old: new for new, old in enumerate(kept)}
    pages = {
        path: (head, digest, array("I", [renumbered[n] for n in array("I", indices)]).tobytes())
        for path, (head, digest, indices) in record.pages.items()
    }
    return Record(
        tuple(record.reads[n] for n in kept), tuple(record.digests[n] for n in kept), record.items, pages
    )


def head_digest(*parts: object) -> str:
    return blake(repr(parts).encode("utf-8", "surrogatepass")).hex()


class ReadsStore:
    """The pages' records between builds, in the cache: written only by a build that landed;
    anything but what this sitegen wrote reads as no record (every page is rendered)."""

    def __init__(self, path: Path | None, stamp: str):
        self.path = path
        self._stamp = (FORMAT, stamp, sys.version)

    def load(self) -> Record:
        kept = read_stamped(self.path, self._stamp)
        try:
            record = Record(**kept)
        except TypeError:
            return Record()
        return record if _well_formed(record) else Record()

    def save(self, record: Record) -> None:
        write_stamped(
            self.path,
            self._stamp,
            {
                "reads": record.reads,
                "digests": record.digests,
                "items": record.items,
                "pages": record.pages,
                "spots": record.spots,
                "section_order": record.section_order,
            },
        )


def _well_formed(record: Record) -> bool:
    """Every part of the shape this module writes (a damaged file reads as no record)."""
    count = len(record.reads) if isinstance(record.reads, tuple) else -1
    return (
        count >= 0
        and isinstance(record.digests, tuple)
        and len(record.digests) == count
        and all(type(read) is str for read in record.reads)
        and all(type(digest) is bytes for digest in record.digests)
        and isinstance(record.items, dict)
        and all(type(key) is str and type(digest) is bytes for key, digest in record.items.items())
        and isinstance(record.pages, dict)
        and all(_page_well_formed(name, page, count) for name, page in record.pages.items())
        and isinstance(record.spots, dict)
        and isinstance(record.section_order, str)
    )


def _page_well_formed(name: Any, page: Any, count: int) -> bool:
    if not (
        type(name) is str
        and type(page) is tuple
        and len(page) == 3
        and type(page[0]) is str
        and type(page[1]) is str
        and type(page[2]) is bytes
        and len(page[2]) % array("I").itemsize == 0
    ):
        return False
    return max(array("I", page[2]), default=-1) < count
