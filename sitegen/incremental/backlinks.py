"""The spots that refer to an item (`resolved.backlinks_to`), read again only where an edit
may have changed them.

A list of spots is made from the sections that refer to the item, in the site's order, each
section's spots from its conversion. Asking every list again after an edit would mean
decoding every section's references (56,600 spots on a 1,000-section desk), whatever the
edit. So a list's digest is made of parts, one per section that holds spots there, and the
reads file keeps each list's parts: with the sections in the same order, a list can only
differ if a section that changed (its conversion, or it came or went) held some of its spots
or holds some now; its digest is then made again from the parts of the sections that did not
change and the new spots of those that did.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

BACKLINKS = "resolved|backlinks_to|"  # the reads this module answers (reads.py's grammar)

Parts = tuple[tuple[str, bytes], ...]  # (section key, digest of its spots there), in site order


def spot_parts(spots: Iterable[Any]) -> Parts:
    """Per section, in order, a digest of its spots (each anchor, excerpt and kind with its
    length, so that different spots never run together into the same bytes)."""
    strings: dict[str, list[str]] = {}
    for spot in spots:
        strings.setdefault(spot.section.key, []).extend(
            (
                f"{len(spot.anchor)}:{spot.anchor}",
                f"{len(spot.context)}:{spot.context}",
                f"{len(spot.kind)}:{spot.kind}",
            )
        )
    return tuple(
        (section, _blake("|".join(values).encode("utf-8", "surrogatepass")))
        for section, values in strings.items()
    )


def parts_digest(parts: Parts) -> bytes:
    return _blake(
        b"".join(section.encode("utf-8", "surrogatepass") + b"\0" + part for section, part in parts)
    )


def spots_digest(spots: Iterable[Any]) -> bytes:
    """What a read of these spots found (the sections they are in are read on their own)."""
    return parts_digest(spot_parts(spots))


def _blake(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class SpotParts:
    """This build's lists of spots, from the last build's parts where they still hold."""

    def __init__(self, resolved: Any, kept: Mapping[str, Parts], kept_order: str, changed_items: set[str]):
        self._resolved = resolved
        sections = resolved.sections
        self.order = _blake(repr(list(sections)).encode("utf-8", "surrogatepass")).hex()
        self._kept = kept if kept_order == self.order else {}
        self._changed = {
            key.partition(":")[2] for key in changed_items if key.startswith(("rendered:", "section:"))
        }
        self._places = {key: place for place, key in enumerate(sections)}
        self._changed_spots: dict[tuple[str, str], list[Any]] | None = None
        self._now: dict[str, Parts] = {}

    def may_differ(self, read: str) -> bool:
        parts = self._kept.get(read)
        if parts is None:
            return True
        if any(section in self._changed for section, _ in parts):
            return True
        return _target(read) in self._spots_of_changed()

    def digest(self, read: str) -> bytes:
        return parts_digest(self.parts(read))

    def parts(self, read: str) -> Parts:
        found = self._now.get(read)
        if found is None:
            kept = self._kept.get(read)
            if kept is None:
                found = spot_parts(self._resolved.backlinks_to(*_target(read)))
            else:
                fresh = spot_parts(self._spots_of_changed().get(_target(read), ()))
                merged = [part for part in kept if part[0] not in self._changed] + list(fresh)
                found = tuple(sorted(merged, key=lambda part: self._places[part[0]]))
            self._now[read] = found
        return found

    def record(self, reads: Iterable[str]) -> dict[str, Parts]:
        """The parts of each of these reads, for the next build: kept where nothing changed."""
        return {
            read: self._now.get(read) or (self._kept[read] if not self.may_differ(read) else self.parts(read))
            for read in reads
            if read.startswith(BACKLINKS)
        }

    def _spots_of_changed(self) -> dict[tuple[str, str], list[Any]]:
        """The spots in the sections that changed, by what they refer to (only these sections'
        references are decoded)."""
        if self._changed_spots is None:
            index: dict[tuple[str, str], list[Any]] = {}
            sections = self._resolved.sections
            for key in sections.keys() & self._changed:
                for spot in _spots(sections[key]):
                    index.setdefault(spot[0], []).append(spot[1])
            self._changed_spots = index
        return self._changed_spots


def _spots(rendered: Any) -> Iterable[tuple[tuple[str, str], Any]]:
    """A section's spots, as resolve.index_backlinks makes them: (what it refers to, the spot)."""
    for mention in rendered.mentions:
        yield (
            (mention.kind, mention.target),
            _Spot(rendered.section, mention.anchor, mention.context, mention.kind),
        )


class _Spot:
    __slots__ = ("anchor", "context", "kind", "section")

    def __init__(self, section: Any, anchor: str, context: str, kind: str):
        self.section, self.anchor, self.context, self.kind = section, anchor, context, kind


def _target(read: str) -> tuple[str, str]:
    """(kind, id or key) of a backlinks read: `resolved|backlinks_to|[["=","entity"],["=","nara"]]`."""
    (_, kind), (_, key) = json.loads(read[len(BACKLINKS) :])
    return kind, key
