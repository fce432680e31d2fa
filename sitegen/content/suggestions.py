"""What to say of an id that names nothing (`[[fact:south-korea-tpo]]`, `sources: [japan-today]`):
the closest ids of its kind ("did you mean"), the item of another kind that has that id, or,
when its kind has few ids, all of them. Validation (ids in YAML fields) and the Markdown
references (markdown/references.py, through markdown/conversion.py) both say it from here.

Ids are compared as the caller writes them: `troops`, or `briefing/troops` for a briefing's
item where the caller qualifies them. A key `first/soldiers` is compared with the items of
briefing `first` only, a key without a briefing with the ids without one; the same id in
another briefing is suggested before them (`troops` may be meant as `first/troops`).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping

MAX_SUGGESTIONS = 3
# difflib's own cutoff: `us-troops` finds `troops`, `bob` finds neither `alice` nor `ruritania`
SIMILARITY = 0.6
# When a kind has no more ids than this and none is close, all of them are listed.
FEW = 8

_PLURALS = {"entity": "entities"}


def unknown_id(
    kind: str,
    key: str,
    known: Mapping[str, Collection[str]],
    spellings: Collection[str] = (),
    markdown: bool = False,
) -> str:
    """`unknown fact 'x'` and what may help: see id_hint."""
    return f"unknown {kind} '{key}'{id_hint(kind, key, known, spellings, markdown)}"


def id_hint(
    kind: str,
    key: str,
    known: Mapping[str, Collection[str]],
    spellings: Collection[str] = (),
    markdown: bool = False,
) -> str:
    """What to add to "unknown `kind` 'key'": `known` holds the ids of each kind (of items,
    "fact", "source", "briefing"...); `spellings`, other ways an item of `kind` may be named
    (an entity's name and aliases), suggested as they are written; `markdown`: the message is
    about a section, so an item of another kind is shown with the reference that names it.
    The empty string when nothing would help."""
    other = _other_kind(kind, key, known)
    if other is not None:
        other_kind, other_key = other
        written = f" ({reference(other_kind, other_key)})" if markdown else ""
        return f": there is {_article(other_kind)} {other_kind} '{other_key}'{written}"
    # the key itself is among them only when its item was refused for a problem of its own
    ids = [item for item in _same_briefing(key, known.get(kind, ())) if item != key]
    # the same id in another briefing first (`[[fact:troops]]` for `first/troops`), then the closest
    elsewhere = sorted(
        item for item in known.get(kind, ()) if item != key and _item_id(item) == _item_id(key)
    )
    close = [*elsewhere, *_closest(key, [*ids, *_same_briefing(key, spellings)])][:MAX_SUGGESTIONS]
    if close:
        return f" (did you mean {_either(close)}?)"
    if not known.get(kind):
        return f"; there are no {plural(kind)}"
    if ids and len(ids) <= FEW:
        return f"; the known {plural(kind)} are: {', '.join(ids)}"
    return ""


def plural(kind: str) -> str:
    return _PLURALS.get(kind, f"{kind}s")


def reference(kind: str, key: str) -> str:
    """How a section names an item: `[[fact:us-troops]]`, `[[alice]]`, `[@wire]`."""
    if kind == "source":
        return f"[@{key}]"
    if kind == "entity":
        return f"[[{key}]]"
    return f"[[{kind}:{key}]]"


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"


def _briefing_of(key: str) -> str:
    return key.rpartition("/")[0]


def _same_briefing(key: str, ids: Collection[str]) -> list[str]:
    """The ids of `ids` in the briefing `key` names (or, without one, those without), sorted:
    the same message for the same content, whatever order the ids were collected in."""
    briefing = _briefing_of(key)
    return sorted(item for item in ids if _briefing_of(item) == briefing)


def _closest(key: str, candidates: list[str]) -> list[str]:
    """At most MAX_SUGGESTIONS of `candidates` (of the briefing `key` names), closest first.
    Compared without the briefing, which they share (`first/soldiers` is not close to
    `first/troops`), and without case (an entity is `[[Xi Jinping]]` and `[[xi jinping]]`)."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(_item_id(candidate).casefold(), candidate)
    matcher = difflib.SequenceMatcher(b=_item_id(key).casefold())
    scored = []
    for folded in by_folded:
        matcher.set_seq1(folded)
        if (ratio := matcher.ratio()) >= SIMILARITY:
            scored.append((-ratio, folded))
    # as difflib.get_close_matches, but equally close ones in alphabetical order
    return [by_folded[folded] for _, folded in sorted(scored)[:MAX_SUGGESTIONS]]


def _item_id(key: str) -> str:
    return key.rpartition("/")[2]


def _either(ids: list[str]) -> str:
    quoted = [f"'{item}'" for item in ids]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _other_kind(kind: str, key: str, known: Mapping[str, Collection[str]]) -> tuple[str, str] | None:
    """The kind and key of an item of another kind with the id `key`: the same key, or else
    the same id in any briefing (a source `troops` is not the fact `first/troops`, but that
    is what an editor who wrote it most likely meant). Briefings are not items."""
    others = {other: ids for other, ids in known.items() if other not in (kind, "briefing")}
    for other, ids in others.items():
        if key in ids:
            return other, key
    for other, ids in others.items():
        same = sorted(item for item in ids if _item_id(item) == _item_id(key))
        if same:
            return other, same[0]
    return None
