"""The digests of backlink lists, kept between builds, for those no edit can have changed.

A page listing the spots that refer to an item (an entity's page, the sources page) has a
`backlinks:<kind>:<id>` input (sitegen/site/inputs.py), whose digest goes over every spot
(56,600 on a 1,000-section desk): a cost that grew with the desk, however small the edit.

A list is made from the sections that refer to the item, in the site's order: each section's
spots come from its conversion, shown with the section's header. So when the headers of all
sections (and their order) are as they were, a list can only differ if a section whose
conversion changed (or that came or went) refers to the item now or did before. This memo
keeps, after each build, each list's digest and its parts: the sections that made it, each
with the digest of its own spots; and each section's conversion digest. The next build takes
a list's digest from it when no changed section refers to the item, before or after; for one
that does, only the changed sections' spots are digested again, the others' parts kept (so
the build need not index the site's 56,600 spots to find a list's).

Like the other caches, it is ignored when it is anything but what this sitegen wrote.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sitegen.marshal_file import read_stamped, write_stamped

FORMAT = 2  # bump when the stored shape changes


class BacklinkMemo:
    """`known(key)`: the kept digest of a backlinks key, when still right; `note` each digest
    this build uses, `save` once the build landed."""

    def __init__(self, folder: Path | None, stamp: str):
        """`stamp` names what else shapes the digests (sitegen's code)."""
        self.path = folder / f"backlinks-{FORMAT}.marshal" if folder else None
        self._stamp = (FORMAT, stamp, sys.version)
        kept = read_stamped(self.path, self._stamp)
        shaped = (
            isinstance(kept.get("order"), str)
            and isinstance(kept.get("sections"), dict)
            and isinstance(kept.get("lists"), dict)
        )
        self._old: dict[str, Any] = kept if shaped else {}
        self._reusable: dict[str, Any] = {}  # list key -> its entry, if no edit touched it
        self._stale: set[str] = set()
        self._order = ""
        self._sections: dict[str, str] = {}
        # list key -> (its digest, its sections, the digest of each one's spots there)
        self._new: dict[str, tuple[bytes, tuple[str, ...], tuple[bytes, ...]]] = {}
        self.changed: set[str] | None = None  # sections whose spots may differ; None: any

    def begin(
        self, order: str, conversions: Mapping[str, str], mentioned: Callable[[str], Iterable[str]]
    ) -> None:
        """This build's site: `order`, a digest of every section's header in the site's
        order; `conversions`, section key -> conversion digest ("" when unknown);
        `mentioned(section key)`, the backlinks keys the section's spots are in now."""
        self._order, self._sections = order, dict(conversions)
        if self.path is None or self._old.get("order") != order:
            return
        before: dict[str, str] = self._old["sections"]
        changed = self.changed = {
            key
            for key in before.keys() | conversions.keys()
            if not conversions.get(key) or before.get(key) != conversions.get(key)
        }
        stale = {list_key for key in changed if key in conversions for list_key in mentioned(key)}
        lists = self._old["lists"]
        try:  # each entry's shape is checked when it is asked for (known)
            stale.update(list_key for list_key, entry in lists.items() if not changed.isdisjoint(entry[1]))
        except (TypeError, IndexError, KeyError):  # a damaged memo: nothing is reused
            self.changed = None
            return
        self._reusable, self._stale = lists, stale

    def known(self, list_key: str) -> bytes | None:
        if list_key in self._stale:
            return None
        entry = self._reusable.get(list_key)
        if entry is None or not _well_formed(entry):
            return None
        self._new[list_key] = entry
        return entry[0]

    def parts(self, list_key: str) -> Parts | None:
        """The list's parts as the last build made them, when each of them not in a
        `changed` section is still right; None when the memo cannot say."""
        if self.changed is None:
            return None
        entry = self._old["lists"].get(list_key)
        if (
            not _well_formed(entry)
            or not set(map(type, entry[1])) <= {str}
            or not set(map(type, entry[2])) <= {bytes}
        ):
            return None
        return tuple(zip(entry[1], entry[2], strict=True))

    def note(self, list_key: str, digest: bytes, parts: Parts) -> None:
        self._new[list_key] = (
            digest,
            tuple(section for section, _ in parts),
            tuple(part for _, part in parts),
        )

    def save(self) -> None:
        """Write what this build used (only after it landed)."""
        write_stamped(
            self.path, self._stamp, {"order": self._order, "sections": self._sections, "lists": self._new}
        )


Parts = tuple[tuple[str, bytes], ...]  # (section key, digest of its spots), in site order


def _well_formed(entry: object) -> bool:
    """The shape of a list's entry; its parts' types are checked only where they are read
    (a desk's memo holds thousands of lists and tens of thousands of parts, most of them not
    read by a build after one edit)."""
    return (
        isinstance(entry, tuple)
        and len(entry) == 3
        and isinstance(entry[0], bytes)
        and isinstance(entry[1], tuple)
        and isinstance(entry[2], tuple)
        and len(entry[1]) == len(entry[2])
    )
