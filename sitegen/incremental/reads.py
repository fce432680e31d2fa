"""What a page reads of the model, recorded while it is made.

The way Lektor records an artifact's dependencies while building it (`Context.record_dependency`):
a page's context is made, and its templates render, from a *view* of the resolved site, in
which every model item is a `Tracked` proxy. Each attribute a page takes from an item, and
each method it calls with its arguments, is a read (`fact:xi-lee-summit/us-troops|value`,
`resolved|backlinks_to|(('=', 'entity'), ('=', 'nara'))`), noted with the digest of what it
found. Whatever the page goes on to read of what it found (an item inside a list) is a read
of its own, so a list's digest holds its items by key only: `briefing:b|events` changes when
an event comes, goes or moves, `event:b/e|when` when that event's words do.

Nobody declares a page's inputs: sitegen's own page code and a project's templates alike read
through the view. `evaluate` finds what a read finds in another build's model; a page whose
reads all find the same is the same page (sitegen/incremental/state.py).
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import functools
import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sitegen.content.model import Briefing, Entity, Event, Fact, Quote, Section, Site, Source
from sitegen.content.visuals import Chart, Figure
from sitegen.markdown.conversion import RenderedSection

WHOLE = "*"  # the attribute of an item read whole (printed)
_PLAIN = (str, int, float, bool, type(None), dt.date, bytes)

# type -> the key of an item of it, which `Roots.find` turns back into the item in another build
_KEYS: dict[type, Callable[[Any], str]] = {
    Site: lambda _: "site",
    Briefing: lambda item: f"briefing:{item.id}",
    Section: lambda item: f"section:{item.key}",
    RenderedSection: lambda item: f"rendered:{item.section.key}",
    Fact: lambda item: f"fact:{item.key}",
    Quote: lambda item: f"quote:{item.key}",
    Event: lambda item: f"event:{item.key}",
    Figure: lambda item: f"figure:{item.key}",
    Chart: lambda item: f"chart:{item.key}",
    Entity: lambda item: f"entity:{item.id}",
    Source: lambda item: f"source:{item.id}",
}


class _Recording(threading.local):
    reads: dict[str, bytes] | None = None  # the reads of what is being made, when recording


# per thread: the preview answers a save with one page while a build runs in another thread
_active = _Recording()


@contextmanager
def recording() -> Iterator[dict[str, bytes]]:
    """Record, into the dict given, the reads made inside (read -> digest of what it found);
    a recording inside another adds its reads to the outer one too."""
    outer = _active.reads
    inner = _active.reads = {}
    try:
        yield inner
    finally:
        _active.reads = outer
        if outer is not None:
            outer.update(inner)


def note(read: str, digest: bytes) -> None:
    reads = _active.reads
    if reads is not None:
        reads[read] = digest


def key_of(item: Any) -> str | None:
    if isinstance(item, Tracked):
        return item._key
    make = _KEYS.get(type(item))
    return make(item) if make is not None else None


class Shapes:
    """Digests of values as a read sees them: items by key, everything else by value. Each
    value is digested once per build (the model does not change while it is built; the
    objects are kept alive, so their ids are not reused)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}

    def digest(self, value: Any) -> bytes:
        if type(value) is str:
            return _blake(b"s" + value.encode("utf-8", "surrogatepass"))
        known = self._known.get(id(value))
        if known is None:
            # the value as plain data, items by key, written out by repr (in C, at once)
            text = repr(_plain(value)).encode("utf-8", "surrogatepass")
            known = self._known[id(value)] = (value, _blake(text))
        return known[1]


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), dt.date, bytes})


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is Tracked:
        value = value._item
        kind = type(value)
    make = _KEYS.get(kind)
    if make is not None:
        return ("@", make(value))
    if kind is tuple or kind is list:
        return [_plain(item) for item in value]
    if isinstance(value, tuple):  # a NamedTuple
        return (kind.__name__, [_plain(item) for item in value])
    if isinstance(value, Mapping):
        return ("{", [(_plain(name), _plain(item)) for name, item in value.items()])
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(_plain(item)) for item in value))
    if dataclasses.is_dataclass(value):
        return (kind.__name__, [_plain(getattr(value, name)) for name in _field_names(kind)])
    return (kind.__name__, repr(value))  # Markup, ShiftedHtml: their repr shows what they hold


@functools.cache
def _field_names(kind: Any) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


_shapes = Shapes()  # replaced at the start of each build (`begin`)


def begin() -> Shapes:
    """A new build: forget the digests of the last one's values."""
    global _shapes
    _shapes = Shapes()
    return _shapes


def _blake(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def wrap(value: Any) -> Any:
    """What a read hands on: plain values as they are, items tracked, and containers and
    records that may hold items behind proxies that wrap what is taken from them."""
    if isinstance(value, _PLAIN) or isinstance(value, Tracked):
        return value
    key = key_of(value)
    if key is not None:
        return Tracked(value, key)
    if isinstance(value, Mapping):
        return value if _all_plain(value.values()) else _Mapping(value)
    if isinstance(value, (tuple, list)):
        if _all_plain(value):
            return value
        return _Record(value) if hasattr(value, "_fields") else _Sequence(value)  # NamedTuple
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [getattr(value, field.name) for field in dataclasses.fields(value)]
        return value if _all_plain(fields) else _Record(value)
    return value


def _all_plain(values: Any) -> bool:
    return all(isinstance(value, _PLAIN) for value in values)


def unwrap(value: Any) -> Any:
    if isinstance(value, (Tracked, _Mapping, _Sequence, _Record)):
        return value._item
    if type(value) is tuple:
        return tuple(unwrap(part) for part in value)
    return value


class Tracked:
    """A model item, as a page sees it: each attribute taken from it is a read."""

    __slots__ = ("_item", "_key")

    def __init__(self, item: Any, key: str):
        self._item, self._key = item, key

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._item, name)
        if callable(value) and not isinstance(value, type):
            return _Method(self._key, name, value)
        note(f"{self._key}|{name}", _shapes.digest(value))
        return wrap(value)

    def __eq__(self, other: object) -> bool:
        return bool(self._item == unwrap(other))

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        note(f"{self._key}|{WHOLE}", _blake(repr(self._item).encode("utf-8", "surrogatepass")))
        return str(self._item)

    __repr__ = __str__


class _Method:
    """An item's method, as a page got it: each call is a read of what it returns, with its
    arguments written down (an item by its key)."""

    __slots__ = ("_item", "_method", "_name")

    def __init__(self, item: str, name: str, method: Callable[..., Any]):
        self._item, self._name, self._method = item, name, method

    def __call__(self, *args: Any) -> Any:
        value = self._method(*(unwrap(arg) for arg in args))
        encoded = _encoded(args)
        if encoded is None:  # arguments that cannot be written down: the whole item was read
            read = f"{self._item}|{WHOLE}"
        else:
            read = f"{self._item}|{self._name}|{encoded!r}"
        note(read, _shapes.digest(value))
        return wrap(value)


def _encoded(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return ("=", value)
    if isinstance(value, (tuple, list)):
        parts = tuple(_encoded(part) for part in value)
        return None if any(part is None for part in parts) else parts
    key = key_of(value)
    return ("@", key) if key is not None else None


class _Mapping(Mapping[Any, Any]):
    """A mapping found by a read: its keys and order were in that read's digest."""

    __slots__ = ("_item",)

    def __init__(self, item: Mapping[Any, Any]):
        self._item = item

    def __getitem__(self, key: Any) -> Any:
        return wrap(self._item[key])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._item)

    def __len__(self) -> int:
        return len(self._item)

    def __contains__(self, key: object) -> bool:
        return key in self._item

    def keys(self) -> Any:
        return self._item.keys()


class _Sequence(Sequence[Any]):
    __slots__ = ("_item",)

    def __init__(self, item: Sequence[Any]):
        self._item = item

    def __getitem__(self, index: Any) -> Any:
        found = self._item[index]
        return _Sequence(found) if isinstance(index, slice) else wrap(found)

    def __len__(self) -> int:
        return len(self._item)

    def __iter__(self) -> Iterator[Any]:
        return (wrap(item) for item in self._item)

    def __eq__(self, other: object) -> bool:
        return bool(self._item == unwrap(other))

    __hash__ = None  # type: ignore[assignment]


class _Record:
    """A record found by a read (a timeline entry, a spot in the text): its fields were in
    that read's digest; the items it holds are tracked."""

    __slots__ = ("_item",)

    def __init__(self, item: Any):
        self._item = item

    def __getattr__(self, name: str) -> Any:
        return wrap(getattr(self._item, name))

    def __getitem__(self, index: Any) -> Any:
        return wrap(self._item[index])

    def __iter__(self) -> Iterator[Any]:
        return (wrap(item) for item in self._item)

    def __len__(self) -> int:
        return len(self._item)

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return bool(self._item == unwrap(other))

    __hash__ = None  # type: ignore[assignment]


class Roots:
    """The items of one build's model, found by key."""

    def __init__(self, resolved: Any, queries: Any):
        self.resolved, self.queries = resolved, queries
        self._sections: dict[str, Section] | None = None

    def find(self, key: str) -> Any:
        if key == "resolved":
            return self.resolved
        if key == "queries":
            return self.queries
        site = self.resolved.site
        if key == "site":
            return site
        kind, _, name = key.partition(":")
        if kind == "briefing":
            return site.by_id.get(name)
        if kind == "rendered":
            return self.resolved.sections.get(name)
        if kind == "section":
            if self._sections is None:
                self._sections = {section.key: section for section in site.sections()}
            return self._sections.get(name)
        if kind == "entity":
            return site.entities.get(name)
        if kind == "source":
            return site.sources.get(name)
        if kind in ("fact", "quote", "event", "figure", "chart"):
            return getattr(site, kind)(name)
        return None

    def view(self, key: str) -> Any:
        return Tracked(self.find(key), key)


ABSENT = _blake(b"absent")


def evaluate(read: str, roots: Roots) -> bytes:
    """The digest of what `read` finds in `roots`' model: the digest it was noted with when the
    model holds the same there."""
    item_key, _, rest = read.partition("|")
    name, _, arguments = rest.partition("|")
    item = roots.find(item_key)
    if item is None:
        return ABSENT
    if name == WHOLE:
        return _blake(repr(item).encode("utf-8", "surrogatepass"))
    try:
        value = getattr(item, name)
        if arguments:
            value = value(*(_decoded(part, roots) for part in ast.literal_eval(arguments)))
    except Exception:  # noqa: BLE001 - whatever it is, it is not what the page found
        return ABSENT
    return _shapes.digest(value)


def _decoded(value: Any, roots: Roots) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] in ("=", "@"):
        return value[1] if value[0] == "=" else roots.find(value[1])
    return tuple(_decoded(part, roots) for part in value)


PageReads = tuple[str, tuple[str, ...]]  # a digest of what a page's reads found, and the reads


def page_reads(reads: Mapping[str, bytes]) -> PageReads:
    """What a page read, as the build keeps it: its reads in order, and one digest of what
    they found (`reads_digest` of another build's model gives the same when it holds the same)."""
    keys = tuple(sorted(reads))
    return _blake(b"".join([entry(key, reads[key]) for key in keys])).hex(), keys


def reads_digest(keys: Sequence[str], entry_of: Callable[[str], bytes]) -> str:
    """`entry_of(read)`: `entry(read, digest of what it finds)`."""
    return _blake(b"".join([entry_of(key) for key in keys])).hex()


def entry(read: str, digest: bytes) -> bytes:
    """A read and what it found, as a page's digest takes it in."""
    return read.encode("utf-8", "surrogatepass") + b"\0" + digest
