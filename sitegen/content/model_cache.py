"""Validated entries of content files, kept between builds by the text they came from.

A build after an edit finds most content files as they were: for those, parsing their YAML
and checking each field against its spec (most of the time loading a large desk takes:
docs/performance.md) gives the same model objects as last time. This cache keeps those
objects, as plain tuples in marshal files in the cache folder (with their digests,
content/item_digests.py), keyed by each file's path and a digest of its text; a file whose
text changed, or that had any problem, is read and checked afresh. What spans files (unknown
ids, names, superseding facts) is checked at every build all the same.

The entries are spread over SHARDS files by path, and a build writes only those whose
entries changed: after one edit, one small file rather than the whole cache, whose size grows
with the desk.

Each entry also keeps the state of the file it came from when it was read (sitegen/file_state.py):
a file whose state is the same at the next build has the same text, and is not read again
(reading and digesting every file of a desk was a cost of each build after an edit).

marshal is Python's own fast format for plain values; its file is written by this sitegen,
with this Python, into the cache folder, and is ignored when it is anything else (another
version, damaged): only a slower build.
"""

from __future__ import annotations

import functools
import hashlib
import os
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

from sitegen.code_stamp import code_stamp_or_none
from sitegen.errors import Location
from sitegen.file_state import FileState, settled_before, settled_state, state_of
from sitegen.marshal_file import read_stamped, write_stamped

FORMAT = 5  # in the files' names only: what a file holds is told by its stamp (code_stamp.py)
SHARDS = 32


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def as_plain(item: Any) -> tuple:
    """A model object's fields as plain values (a Location as a plain tuple)."""
    return tuple(
        tuple(value) if isinstance(value, Location) else value
        for value in (getattr(item, field.name) for field in fields(item))
    )


def from_plain(kind: type, values: tuple) -> Any:
    """The model object of `kind` that `as_plain` gave these values."""
    width, origin = _shape(kind)
    if len(values) != width:
        raise TypeError(f"{kind.__name__} has {width} fields, not {len(values)}")
    if origin is None:
        return kind(*values)
    return kind(*values[:origin], Location(*values[origin]), *values[origin + 1 :])


@functools.cache
def _shape(kind: type) -> tuple[int, int | None]:
    """How many fields `kind` has, and which is its origin (looked up once per kind, not for
    each of the thousands of entries a desk keeps)."""
    names = [field.name for field in fields(kind)]
    return len(names), names.index("origin") if "origin" in names else None


class ModelCache:
    """Entries by file: `get` what the last build kept, `put` what this one checked, `save`
    once the build landed; `unchanged` what the last build kept of a file still in the same
    state, without reading it."""

    def __init__(self, folder: Path | None):
        stamp = code_stamp_or_none()
        self.folder = folder if stamp else None  # sitegen's code unreadable: nothing kept
        # written by this very code: an entry of another shape (a model field added) is
        # never read back as this code's
        self._stamp = (FORMAT, stamp)
        self._old_shards = [read_stamped(self._shard_path(number), self._stamp) for number in range(SHARDS)]
        self._old: dict[str, Any] = {
            path: entry for shard in self._old_shards for path, entry in shard.items()
        }
        self._new: dict[str, tuple[str, Any, FileState | None]] = {}
        self._states: dict[str, FileState | None] = {}  # of the files read by this build
        self._settled_before = settled_before()

    def _shard_path(self, number: int) -> Path | None:
        return self.folder / f"model-{FORMAT}.{number:02d}.marshal" if self.folder else None

    def unchanged(self, path: str, status: os.stat_result) -> tuple[str, Any] | None:
        """(digest, entries) of the file at `path` if the last build read it in the state
        `status` gives (and found it settled); None else: the file must be read."""
        entry = self._old.get(path)
        if (
            isinstance(entry, tuple)
            and len(entry) == 3
            and entry[2] is not None
            and entry[2] == state_of(status)
        ):
            self._new[path] = entry
            return entry[0], entry[1]
        return None

    def read(self, path: str, status: os.stat_result) -> None:
        """Note the state of a file this build reads, taken before its bytes were."""
        self._states[path] = settled_state(status, self._settled_before)

    def get(self, path: str, digest: str) -> Any:
        """What was kept for the file at `path` when its text had this digest; None else."""
        entry = self._old.get(path)
        if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == digest:
            state = self._states.get(path)
            self._new[path] = entry if entry[2] == state else (entry[0], entry[1], state)
            return entry[1]
        return None

    def put(self, path: str, digest: str, payload: Any) -> None:
        self._new[path] = (digest, payload, self._states.get(path))

    def save(self) -> None:
        """Write what this build kept (only the files it read: deleted ones drop out), in
        the shards whose entries changed."""
        shards: list[dict[str, tuple[str, Any, FileState | None]]] = [{} for _ in range(SHARDS)]
        for path, entry in self._new.items():
            shards[zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS][path] = entry
        for number, (new, old) in enumerate(zip(shards, self._old_shards, strict=True)):
            if new != old:  # kept entries are the very objects read: compared by identity
                write_stamped(self._shard_path(number), self._stamp, new)
