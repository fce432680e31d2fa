"""Digests of model items, each made once per item: of everything it holds (what a page shows
of it, sitegen/site/inputs.py), and of everything but where it was written (what a converted
section shows of it, the fingerprints of sitegen/markdown/conversion.py).

A build after one edit digests every item of the site, twice, to tell which conversions and
pages the edit changed, though the edit changed few of them. The items of files the model
cache kept come with the digests the build that checked them made (model_cache.py), so only
the edited files' items are digested again.
"""

from __future__ import annotations

import functools
import hashlib
import operator
from collections.abc import Callable, Iterable
from dataclasses import fields


def full_digest(item: object) -> bytes:
    """A digest of the repr of a model object (a frozen dataclass of strings, numbers and
    tuples of them), which shows every field, its origin included."""
    return _blake(repr(item))


def content_digest(item: object) -> bytes:
    """A digest of a model object's field values but its origin."""
    kind: type = type(item)
    return _blake(repr(_content_of(kind)(item)))


def digest_of_parts(parts: Iterable[bytes]) -> str:
    """A digest of a sequence of byte strings: each is taken with its length, so no two
    sequences run together alike."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _blake(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@functools.cache
def _content_of(kind: type) -> Callable[[object], tuple]:
    """A getter of an item's field values but its origin, as a tuple (made once per kind:
    looking the fields up for each item a desk's cached sections name was a cost of every
    build)."""
    names = [field.name for field in fields(kind) if field.name != "origin"]
    getter = operator.attrgetter(*names)
    return getter if len(names) > 1 else lambda item: (getter(item),)


class ItemDigests:
    """The digests of the items of one site, by item (the very object): noted for the items
    taken from the model cache, made when first asked for of the others."""

    def __init__(self) -> None:
        # id -> [item (kept alive, so that its id is not reused), full, content]
        self._known: dict[int, list] = {}

    def note(self, item: object, full: bytes, content: bytes | None = None) -> None:
        self._known[id(item)] = [item, full, content]

    def full(self, item: object) -> bytes:
        known = self._entry(item)
        if known[1] is None:
            known[1] = full_digest(item)
        return known[1]  # type: ignore[no-any-return]

    def content(self, item: object) -> bytes:
        known = self._entry(item)
        if known[2] is None:
            known[2] = content_digest(item)
        return known[2]  # type: ignore[no-any-return]

    def _entry(self, item: object) -> list:
        known = self._known.get(id(item))
        if known is None:
            known = self._known[id(item)] = [item, None, None]
        return known
