"""What a project's own templates read of the model, recorded while they render.

The built-in theme's pages declare what they show (`Page.depends_on`), held to clean builds by
the tests; a template the project wrote can read anything. Its reads are recorded instead, the
way Lektor records an artifact's dependencies while building it: every `item.attribute` and
`item[key]` a template evaluates on a model item (the site, the resolved site, a briefing, a
section and its conversion, a fact, quote, event, figure, chart, entity or source), every call
of an item's method (`resolved.backlinks_to("entity", "nara")`), and every item printed whole
(`{{ fact }}`). A read is a key (`fact:xi-lee-summit/us-troops|value`); the next build looks
each one up again in its own model and keeps the page only when every value is the same.

What the page's context holds (a timeline's entries, an entity's groups) is made by sitegen's
own code from the model, and stays covered by the page's declared keys; the values read off it
are recorded as they are reached.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import jinja2

from sitegen.content.model import Briefing, Entity, Event, Fact, Quote, Section, Site, Source
from sitegen.content.visuals import Chart, Figure
from sitegen.site.inputs import Digester
from sitegen.site.resolve import RenderedSection, Resolved

WHOLE = "*"  # the attribute of a read of the whole item: printed, or passed on unrecorded

# type -> the key of an item of it, which `_find` turns back into the item in another build
_KEYS: dict[type, Callable[[Any], str]] = {
    Site: lambda _: "site",
    Resolved: lambda _: "resolved",
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

_reads: set[str] | None = None  # the reads of the page being rendered, when recording


@contextmanager
def recording() -> Iterator[set[str]]:
    """Record the reads of what is rendered inside, into the set given."""
    global _reads
    outer, _reads = _reads, set()
    try:
        yield _reads
    finally:
        _reads = outer


class RecordingEnvironment(jinja2.Environment):
    """Jinja's environment, noting each attribute, item and method a template takes from a
    model item while `recording()` is on (Jinja compiles `a.b` to `environment.getattr(a, "b")`
    and `a[b]` to `environment.getitem(a, b)`); what it returns is unchanged."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        return _noted(obj, attribute, value) if _reads is not None else value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if _reads is not None and isinstance(argument, str):
            return _noted(obj, argument, value)
        return value


def printed_whole(value: Any) -> Any:
    """Jinja's `finalize`: an item printed whole (`{{ fact }}`) has been read whole."""
    if _reads is not None and (key := _key_of(value)) is not None:
        _reads.add(f"{key}|{WHOLE}")
    return value


def _key_of(item: Any) -> str | None:
    key = _KEYS.get(type(item))
    return key(item) if key is not None else None


def _noted(obj: Any, attribute: str, value: Any) -> Any:
    assert _reads is not None
    key = _key_of(obj)
    if key is None:
        return value
    if callable(value) and not isinstance(value, type):
        return _RecordedCall(key, attribute, value)
    _reads.add(f"{key}|{attribute}")
    return value


class _RecordedCall:
    """A model item's method, as a template got it: each call is a read of its result."""

    __slots__ = ("_attribute", "_item", "_method")

    def __init__(self, item: str, attribute: str, method: Callable[..., Any]):
        self._item, self._attribute, self._method = item, attribute, method

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        encoded = _encoded((args, tuple(sorted(kwargs.items()))))
        if _reads is not None:
            # arguments that cannot be written down: the whole item was read
            _reads.add(
                f"{self._item}|{WHOLE}" if encoded is None else f"{self._item}|{self._attribute}|{encoded!r}"
            )
        return self._method(*args, **kwargs)


def _encoded(value: Any) -> Any:
    """Arguments as plain data that `_decoded` makes again from another build's model (an
    item by its key); None when some cannot be."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return ("=", value)
    if isinstance(value, (tuple, list)):
        parts = [_encoded(part) for part in value]
        return None if any(part is None for part in parts) else ("()", tuple(parts))
    key = _key_of(value)
    return ("@", key) if key is not None else None


def _decoded(value: Any, resolved: Resolved) -> Any:
    tag, data = value
    if tag == "=":
        return data
    if tag == "()":
        return tuple(_decoded(part, resolved) for part in data)
    return _find(data, resolved)


def _find(key: str, resolved: Resolved) -> Any:
    """The item `key` names in this build's model; None when it has none."""
    site = resolved.site
    if key == "site":
        return site
    if key == "resolved":
        return resolved
    kind, _, name = key.partition(":")
    if kind == "briefing":
        return site.by_id.get(name)
    if kind in ("section", "rendered"):
        rendered = resolved.sections.get(name)
        return rendered if kind == "rendered" or rendered is None else rendered.section
    if kind == "entity":
        return site.entities.get(name)
    if kind == "source":
        return site.sources.get(name)
    if kind in ("fact", "quote", "event", "figure", "chart"):
        return getattr(site, kind)(name)
    return None


def value_of(read: str, resolved: Resolved) -> Any:
    """What a read finds in this build's model (an absent item reads as None)."""
    key, _, rest = read.partition("|")
    attribute, _, arguments = rest.partition("|")
    item = _find(key, resolved)
    if item is None or attribute == WHOLE:
        return item
    found = getattr(item, attribute, None)
    if found is None and isinstance(item, Mapping):
        found = item.get(attribute)
    if arguments and callable(found):
        try:
            args, kwargs = _decoded(ast.literal_eval(arguments), resolved)
            return found(*args, **dict(kwargs))
        except (ValueError, SyntaxError, TypeError, LookupError, AttributeError):
            return ("unreadable", read)
    return found


def reads_digest(reads: Iterable[str], resolved: Resolved, digester: Digester) -> str:
    """One digest of what each read finds now: equal digests, equal values."""
    digest = hashlib.blake2b(digest_size=16)
    for read in sorted(reads):
        value = value_of(read, resolved)
        if isinstance(value, Mapping):
            value = tuple(value.items())
        digest.update(read.encode("utf-8", "surrogatepass") + b"\0" + digester.digest(value) + b"\0")
    return digest.hexdigest()
