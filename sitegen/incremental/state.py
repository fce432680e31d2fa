"""Whether a page is still the one the last build made: the one staleness rule, for `build` and
the preview alike.

A page's digest is made of its head (path, template, title, whether the site has a feed, every
template's source) and of what each of its recorded reads found (reads.py). The next build
looks each read up again in its own model: a page whose head and reads give the digest the
last build recorded shows the same bytes, and is kept; any other is rendered. That is the one
invariant: **a kept page's recorded inputs are unchanged.**
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from sitegen.incremental.reads import PageReads, Roots, entry, evaluate, reads_digest
from sitegen.marshal_file import read_stamped, write_stamped

FORMAT = 1  # of the reads file (its stamp also holds sitegen's code stamp)

PageRecord = tuple[str, tuple[str, ...]]  # a page's digest, and its reads


class PageStates:
    """The last build's pages and this build's, decided one by one."""

    def __init__(
        self, previous: Mapping[str, PageRecord], roots: Roots, head: Callable[[str, str, str], str]
    ):
        """`head(path, template, title)`: the digest of a page's head in this build."""
        self._previous = previous
        self._roots = roots
        self._head = head
        self._found: dict[str, bytes] = {}  # read -> entry(read, what it finds in this model)
        self.now: dict[str, PageRecord] = {}

    def unchanged(self, path: str, template: str, title: str) -> str | None:
        """The page's digest when its reads find what they found when the last build made
        it (the page then is as it was, and is noted as kept); None when it must be rendered."""
        before = self._previous.get(path)
        if before is None:
            return None
        digest = page_digest(self._head(path, template, title), reads_digest(before[1], self._read))
        if digest != before[0]:
            return None
        self.now[path] = before
        return digest

    def rendered(self, path: str, template: str, title: str, reads: PageReads) -> str:
        """Note what a page rendered read; its digest."""
        digest = page_digest(self._head(path, template, title), reads[0])
        self.now[path] = (digest, reads[1])
        return digest

    def forget(self, path: str) -> None:
        """A kept page that could not be taken after all: it is rendered."""
        self.now.pop(path, None)

    def _read(self, read: str) -> bytes:
        found = self._found.get(read)
        if found is None:
            found = self._found[read] = entry(read, evaluate(read, self._roots))
        return found


def page_digest(head: str, reads: str) -> str:
    return hashlib.blake2b(f"{head}|{reads}".encode(), digest_size=16).hexdigest()


def head_digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class ReadsStore:
    """The pages' records between builds, in the cache: written only by a build that landed;
    anything but what this sitegen wrote reads as no record (every page is rendered)."""

    def __init__(self, path: Path | None, stamp: str):
        self.path = path
        self._stamp = (FORMAT, stamp, sys.version)

    def load(self) -> dict[str, PageRecord]:
        kept = read_stamped(self.path, self._stamp)
        if not all(_well_formed(name, record) for name, record in kept.items()):
            return {}
        return kept

    def save(self, records: Mapping[str, PageRecord]) -> None:
        # each read once in the file, however many pages made it (marshal writes a string
        # seen before as a reference to it)
        interned: dict[str, str] = {}
        shared = {
            path: (digest, tuple(interned.setdefault(read, read) for read in reads))
            for path, (digest, reads) in records.items()
        }
        write_stamped(self.path, self._stamp, shared)


def _well_formed(name: object, record: object) -> bool:
    return (
        isinstance(name, str)
        and isinstance(record, tuple)
        and len(record) == 2
        and isinstance(record[0], str)
        and isinstance(record[1], tuple)
        and all(type(read) is str for read in record[1])
    )
