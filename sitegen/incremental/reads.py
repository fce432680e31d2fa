"""What a page reads of the model, recorded while it is made.

The way Lektor records an artifact's dependencies while building it (`Context.record_dependency`):
a page's context is made, and its templates render, from a *view* of the resolved site, in
which every model item is a `Tracked` proxy. Each attribute a page takes from an item, and
each method it calls with its arguments, is a read (`fact:xi-lee-summit/us-troops|value`,
`resolved|backlinks_to|[["=","entity"],["=","nara"]]`), noted with the digest of what it
found. Whatever the page goes on to read of what it found (an item inside a list) is a read
of its own, so a list's digest holds its items by key only: `briefing:b|events` changes when
an event comes, goes or moves, `event:b/e|when` when that event's words do.

Nobody declares a page's inputs: sitegen's own page code and a project's templates alike read
through the view. `evaluate` finds what a read finds in another build's model; a page whose
reads all find the same is the same page (sitegen/incremental/state.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sitegen.content.model import Briefing, Entity, Event, Fact, Quote, Section, Site, Source
from sitegen.content.visuals import Chart, Figure
from sitegen.incremental.backlinks import spots_digest
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
        self._tracked: dict[int, Tracked] = {}  # each item's proxy, made once

    def tracked(self, item: Any, make: Callable[[Any], str]) -> Tracked:
        found = self._tracked.get(id(item))
        if found is None:
            found = self._tracked[id(item)] = Tracked(item, make(item))
        return found

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


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: Any) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return names


_shapes = Shapes()  # replaced at the start of each build (`begin`)


def begin() -> Shapes:
    """A new build: forget the digests of the last one's values."""
    global _shapes
    _shapes = Shapes()
    return _shapes


def blake(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


_blake = blake


def wrap(value: Any) -> Any:
    """What a read hands on: plain values as they are, items tracked, and containers and
    records that may hold items behind proxies that wrap what is taken from them."""
    kind = type(value)
    if kind in _PLAIN_TYPES or kind is Tracked:
        return value
    make = _KEYS.get(kind)
    if make is not None:
        return _shapes.tracked(value, make)
    if isinstance(value, _PLAIN):  # Markup and other str subclasses
        return value
    if isinstance(value, Mapping):
        return value if _all_plain(value.values()) else _Mapping(value)
    if isinstance(value, (tuple, list)):
        if _all_plain(value):
            return value
        return _Record(value) if hasattr(value, "_fields") else _Sequence(value)  # NamedTuple
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value if _all_plain(getattr(value, name) for name in _field_names(kind)) else _Record(value)
    return value


def _all_plain(values: Any) -> bool:
    return all(type(value) in _PLAIN_TYPES for value in values)


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
        reads = _active.reads
        if reads is not None:
            read = f"{self._key}|{name}"
            if read not in reads:  # digested once per page, however often it reads it
                reads[read] = _shapes.digest(value)
        return wrap(value)

    def __eq__(self, other: object) -> bool:
        return bool(self._item == unwrap(other))

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        note(f"{self._key}|{WHOLE}", whole_digest(self._item))
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
            note(f"{self._item}|{WHOLE}", whole_digest(self._item_value()))
        else:
            arguments = json.dumps(encoded, ensure_ascii=False, separators=(",", ":"))
            note(f"{self._item}|{self._name}|{arguments}", digest_of(self._name, value))
        return wrap(value)

    def _item_value(self) -> Any:
        return self._method.__self__  # type: ignore[attr-defined]


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
        return whole_digest(item)
    try:
        value = getattr(item, name)
        if arguments:
            value = value(*(_decoded(part, roots) for part in json.loads(arguments)))
    except Exception:  # noqa: BLE001 - whatever it is, it is not what the page found
        return ABSENT
    return digest_of(name, value)


def digest_of(name: str, value: Any) -> bytes:
    """What a read of attribute or method `name` found, digested."""
    if name == "backlinks_to":  # by parts, which backlinks.py can make again cheaply
        return spots_digest(value)
    return _shapes.digest(value)


def whole_digest(item: Any) -> bytes:
    return blake(repr(item).encode("utf-8", "surrogatepass"))


def _decoded(value: Any, roots: Roots) -> Any:
    if len(value) == 2 and value[0] in ("=", "@"):
        return value[1] if value[0] == "=" else roots.find(value[1])
    return tuple(_decoded(part, roots) for part in value)


PageReads = tuple[tuple[str, bytes], ...]  # a page's reads, in order, each with what it found


def page_reads(reads: Mapping[str, bytes]) -> PageReads:
    return tuple(sorted(reads.items()))


def reads_digest(keys: Sequence[str], entry_of: Callable[[str], bytes]) -> str:
    """`entry_of(read)`: `entry(read, digest of what it finds)`."""
    return blake(b"".join([entry_of(key) for key in keys])).hex()


def entry(read: str, digest: bytes) -> bytes:
    """A read and what it found, as a page's digest takes it in."""
    return read.encode("utf-8", "surrogatepass") + b"\0" + digest


def item_digests(resolved: Any) -> dict[str, bytes]:
    """A digest of every item of the model that pages read attributes of, by key: equal
    digests, equal attributes (a list's items by key; the site and a briefing by what they
    hold besides their items, and the keys of those in order)."""
    site = resolved.site
    full = site.digests.full
    found: dict[str, bytes] = {
        "site": whole_digest(
            (
                site.title,
                site.language,
                site.base_url,
                site.description,
                site.min_fact_sources,
                site.policies,
                list(site.entities),
                list(site.sources),
                [b.id for b in site.briefings],
                [b.id for b in site.drafts.briefings],
                [s.key for s in site.drafts.sections],
            )
        )
    }
    for key, entity in site.entities.items():
        found[f"entity:{key}"] = full(entity)
    for key, source in site.sources.items():
        found[f"source:{key}"] = full(source)
    for briefing in site.briefings:
        collections = [
            list(getattr(briefing, name)) for name in ("facts", "quotes", "events", "figures", "charts")
        ]
        header = [
            getattr(briefing, f.name)
            for f in dataclasses.fields(briefing)
            if f.name not in ("facts", "quotes", "events", "figures", "charts", "sections")
        ]
        found[f"briefing:{briefing.id}"] = whole_digest(
            (header, collections, [s.key for s in briefing.sections])
        )
        for kind in ("fact", "quote", "event", "figure", "chart"):
            for item in getattr(briefing, f"{kind}s").values():
                found[f"{kind}:{item.key}"] = full(item)
        for section in briefing.sections:
            found[f"section:{section.key}"] = full(section)
    for key, rendered in resolved.sections.items():
        # a conversion is what its section and every item it shows make it (markdown/cache.py)
        found[f"rendered:{key}"] = blake(full(rendered.section) + rendered.conversion_digest.encode())
    return found
