"""What each kind of field in the content accepts (text, a whole number, a date, ids...):
the value as the model keeps it, or None, with the words for what was expected."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from sitegen.content.characters import forbidden_character
from sitegen.content.located_yaml import LocatedList, LocatedMap

URL_SCHEMES = ("http", "https")
_URL_SPACE = re.compile(r"[\s\x00-\x1f\x7f]")


def blank(raw: Any) -> bool:
    """No value at all: absent, empty, or only spaces (a title of spaces is no title)."""
    return raw is None or raw == [] or (isinstance(raw, str) and not raw.strip())


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host, and no spaces or control characters to hide in."""
    if _URL_SPACE.search(url) or forbidden_character(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in URL_SCHEMES and bool(parts.netloc)


def describe(raw: Any) -> str:
    if isinstance(raw, LocatedMap):
        return "a mapping"
    if isinstance(raw, LocatedList):
        return "a list"
    if isinstance(raw, bool):
        return f"'{str(raw).lower()}'"
    return f"'{raw}'"


def _text(raw: Any) -> tuple[str | None, str]:
    if isinstance(raw, str):
        return raw.strip(), "text"
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return str(raw), "text"  # `value: 28500` is still a figure the editor meant as text
    if isinstance(raw, dt.date):
        return raw.isoformat(), "text"
    return None, "text"


def _int(raw: Any) -> tuple[int | None, str]:
    return (raw if isinstance(raw, int) and not isinstance(raw, bool) else None), "a whole number"


def _bool(raw: Any) -> tuple[bool | None, str]:
    return (raw if isinstance(raw, bool) else None), "true or false"


def _date(raw: Any) -> tuple[str | None, str]:
    expected = "a date written YYYY-MM-DD"
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat(), expected
    if isinstance(raw, dt.date):
        return raw.isoformat(), expected
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip()).isoformat(), expected
        except ValueError:
            pass
    return None, expected


def _texts(raw: Any) -> tuple[tuple[str, ...] | None, str]:
    items = raw if isinstance(raw, list) else [raw]
    texts = [_text(item)[0] for item in items]
    if any(text is None for text in texts):
        return None, "a list of texts"
    return tuple(t for t in texts if t), "a list of texts"


def _id(raw: Any) -> tuple[str | None, str]:
    return (raw.strip() if isinstance(raw, str) else None), "an id"


def _ids(raw: Any) -> tuple[tuple[str, ...] | None, str]:
    items = raw if isinstance(raw, list) else [raw]
    if not all(isinstance(item, str) for item in items):
        return None, "an id or a list of ids"
    return tuple(item.strip() for item in items), "an id or a list of ids"


def _ref(raw: Any) -> tuple[str | None, str]:
    return (raw.strip() if isinstance(raw, str) else None), "an id or briefing-id/id"


def _refs(raw: Any) -> tuple[tuple[str, ...] | None, str]:
    value, _ = _ids(raw)
    return value, "an id (or briefing-id/id) or a list of them"


def _entries(raw: Any) -> tuple[list | None, str]:
    return (raw if isinstance(raw, LocatedList) else None), "a list of entries"


# "ref" and "refs" name a fact, quote or event, maybe of another briefing (`briefing/id`);
# "entries" is a list of mappings, each checked against a spec of its own.
CONVERTERS: dict[str, Callable[[Any], tuple[Any, str]]] = {
    "text": _text,
    "int": _int,
    "bool": _bool,
    "date": _date,
    "url": _text,
    "id": _id,
    "ids": _ids,
    "texts": _texts,
    "ref": _ref,
    "refs": _refs,
    "entries": _entries,
}
ID_KINDS = {"id": False, "ids": True, "ref": False, "refs": True}  # kind -> holds a list
