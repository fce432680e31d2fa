"""Validated entries of content files, kept between builds by the text they came from.

A build after an edit reads every content file again, but most are as they were: for those,
parsing their YAML and checking each field against its spec (two thirds of loading a large
desk) gives the same model objects as last time. This cache keeps those objects, as plain
tuples in one marshal file in the cache folder, keyed by each file's path and a digest of its
text; a file whose text changed, or that had any problem, is read and checked afresh. What
spans files (unknown ids, names, superseding facts) is checked at every build all the same.

marshal is Python's own fast format for plain values; its file is written by this sitegen,
with this Python, into the cache folder, and is ignored when it is anything else (another
version, damaged): only a slower build.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import sitegen
from sitegen.errors import Location
from sitegen.marshal_file import read_stamped, write_stamped

FORMAT = 1  # bump when the stored shape changes


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def as_plain(item: Any) -> tuple:
    """A model object's fields as plain values (a Location as a plain tuple)."""
    return tuple(tuple(value) if isinstance(value, Location) else value
                 for value in (getattr(item, field.name) for field in fields(item)))


def from_plain(kind: type, values: tuple) -> Any:
    """The model object of `kind` that `as_plain` gave these values."""
    width, origin = _shape(kind)
    if len(values) != width:
        raise TypeError(f"{kind.__name__} has {width} fields, not {len(values)}")
    if origin is None:
        return kind(*values)
    return kind(*values[:origin], Location(*values[origin]), *values[origin + 1:])


@functools.cache
def _shape(kind: type) -> tuple[int, int | None]:
    """How many fields `kind` has, and which is its origin (looked up once per kind, not for
    each of the 10,500 entries a 1,000-section desk keeps: 0.02 s)."""
    names = [field.name for field in fields(kind)]
    return len(names), names.index("origin") if "origin" in names else None


class ModelCache:
    """Entries by file: `get` what the last build kept, `put` what this one checked, `save`
    once the build landed."""

    def __init__(self, folder: Path | None):
        self.path = folder / f"model-{FORMAT}.marshal" if folder else None
        self._stamp = (FORMAT, sitegen.__version__, sys.version)
        self._old: dict[str, Any] = read_stamped(self.path, self._stamp)
        self._new: dict[str, tuple[str, Any]] = {}

    def get(self, path: str, digest: str) -> Any:
        """What was kept for the file at `path` when its text had this digest; None else."""
        entry = self._old.get(path)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == digest:
            self._new[path] = entry
            return entry[1]
        return None

    def put(self, path: str, digest: str, payload: Any) -> None:
        self._new[path] = (digest, payload)

    def save(self) -> None:
        """Write what this build kept (only the files it read: deleted ones drop out)."""
        if self._new != self._old:
            write_stamped(self.path, self._stamp, self._new)
