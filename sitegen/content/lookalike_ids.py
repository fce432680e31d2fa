"""Ids that a reader could take for another: `хi-lee-summit`, whose first letter is Cyrillic,
beside `xi-lee-summit`.

Ids may be written in any script (docs/content-format.md), so the check is on how an id mixes
them, as Unicode TR39 (Security Mechanisms, section 5.2) does for identifiers: the letters of
one id come from one script, or from one of the combinations a language writes together (Latin
with Han and Japanese kana, with Han and Bopomofo, with Han and Hangul). A restricted check: the
full one compares TR39 "skeletons" built from Unicode's confusables data, which no well-kept
package on PyPI offers without a compiler (PyICU builds against ICU; the pure-Python ones list
homoglyphs without skeletons, or are no longer released), so two ids each in one script that
look alike (Cyrillic `сое`, Latin `coe`) pass. The script of a letter is read from its Unicode
name, which starts with it (`CYRILLIC SMALL LETTER HA`): unicodedata knows no Script property.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from sitegen.errors import Location, Problem

# TR39's "highly restrictive" level: the scripts of one id are a subset of one of these
_WRITTEN_TOGETHER = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
# Names whose first word is not a script: the script is the next word, or Han
_WIDTHS = {"FULLWIDTH", "HALFWIDTH"}
_HAN = {"CJK", "IDEOGRAPHIC"}
_SHARED = {"KATAKANA-HIRAGANA"}  # the prolonged sound mark: of both kana


class Named(NamedTuple):
    """An id and where it is written."""

    key: str
    origin: Location


def script_of(letter: str) -> str | None:
    """The script of a letter ('LATIN', 'CYRILLIC', 'HAN'); None for what is of no one script
    (digits, the hyphen, a mark that takes its letter's)."""
    if not letter.isalpha():
        return None
    words = unicodedata.name(letter, "").split()
    if words[:1] and words[0] in _WIDTHS:
        words = words[1:]
    if not words or words[0] in _SHARED:
        return None
    return "HAN" if words[0] in _HAN else words[0]


def lookalike_ids(ids: Iterable[Named], what: str) -> Iterator[Problem]:
    """A warning for each id of `ids` (one kind of id, `what`: "briefing") whose letters mix
    scripts no language writes together, naming the id it differs from only in the letters of
    the other script(s), if there is one."""
    named = list(ids)
    by_length: dict[int, list[str]] = {}
    for item in named:
        by_length.setdefault(len(item.key), []).append(item.key)
    for item in named:
        if item.key.isascii():
            continue
        scripts = [script_of(character) for character in item.key]
        used = set(filter(None, scripts))
        if len(used) < 2 or any(used <= together for together in _WRITTEN_TOGETHER):
            continue
        main = Counter(filter(None, scripts)).most_common(1)[0][0]
        others = [at for at, script in enumerate(scripts) if script and script != main]
        first = item.key[others[0]]
        names = " and ".join(sorted(script.title() for script in used))
        message = f"{what} id '{item.key}' mixes {names} letters ('{first}' is {unicodedata.name(first)})"
        twin = next(
            (key for key in by_length[len(item.key)] if _differs_only_at(item.key, key, others, main)), None
        )
        if twin is not None:
            other_names = " and ".join(sorted({scripts[at].title() for at in others}))  # type: ignore[union-attr]
            message += f", and differs from {what} '{twin}' only in its {other_names} letters"
        else:
            message += ": a reference written in one script would not find it"
        yield Problem(item.origin, message, "lookalike-id", "warning")


def _differs_only_at(key: str, other: str, places: list[int], script: str) -> bool:
    """`other` is `key` with a letter of `script` at each of `places`."""
    if other == key:
        return False
    at = set(places)
    return all(
        (script_of(b) == script) if n in at else a == b
        for n, (a, b) in enumerate(zip(key, other, strict=True))
    )
