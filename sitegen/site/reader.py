"""Reading aids computed from the resolved briefing: reading time, plain text, heading shifts,
and the source cards that citation popovers show.

Everything here is a pure function of the resolved briefing, so templates only display it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from sitegen import urls
from sitegen.content.model import Site, Source
from sitegen.site.source_view import source_view
from sitegen.site.writing_systems import HAN_AND_KANA_CHARACTER, HAN_KANA_OR_PUNCTUATION

# Adults read continuous prose at about 200-250 words a minute; a briefing is dense, so we take
# the lower end and round up: "1 min" for anything short.
WORDS_PER_MINUTE = 200
# Chinese and Japanese have no spaces to count words by: their characters are counted, at the
# rate Hugo's .ReadingTime takes for CJK text (501 characters a minute beside its 213 words),
# rounded as our word rate is. Korean spaces its words, and is counted by them.
CJK_CHARACTERS_PER_MINUTE = 500
_HEADING_TAG = re.compile(r"<(/?)h([1-5])([\s>])")


def reading_minutes(text: str) -> int:
    """Minutes to read a text, rounded up, at least one: its words at WORDS_PER_MINUTE and its
    Han and kana characters at CJK_CHARACTERS_PER_MINUTE."""
    characters = len(HAN_AND_KANA_CHARACTER.findall(text))
    if characters:  # the words are what is left between the runs of Han and kana
        text = HAN_KANA_OR_PUNCTUATION.sub(" ", text)
    minutes = Fraction(len(text.split()), WORDS_PER_MINUTE) + Fraction(characters, CJK_CHARACTERS_PER_MINUTE)
    return max(1, math.ceil(minutes))


def shift_headings(html: str, levels: int = 1) -> str:
    """Demote every heading by `levels` (h2 -> h3), for section bodies nested under an h2.

    A tag-level rewrite is safe here because section HTML comes from our Markdown converter,
    which shows raw HTML in the content as text, so every `<hN` in it is a real heading.
    """
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}{m.group(3)}", html)


@dataclass(frozen=True, slots=True)
class ShiftedHtml:
    """`shift_headings(html)`, made when a template shows it (`{{ html | safe }}` asks for
    `__html__`): planned for every briefing's full-text page, the shifted copies held the
    text of every section once more, though a build after an edit renders one such page."""

    html: str
    levels: int = 1

    def __html__(self) -> str:
        return shift_headings(self.html, self.levels)

    def __str__(self) -> str:
        return self.__html__()


def source_cards_script(site: Site, numbers: Mapping[str, int]) -> bytes:
    """`assets/sources.js`: what a citation popover shows for each source, keyed by source id.

    A script (not JSON fetched at run time) so that popovers also work from `file://`.
    """
    cards = {key: _card(source, numbers[key]) for key, source in site.sources.items()}
    return data_script("SITEGEN_SOURCES", cards)


def _card(source: Source, number: int) -> dict[str, object]:
    view = source_view(source)
    return {
        "number": number,
        "publisher": source.publisher,
        "title": source.title,
        "url": view.href,
        "entry": urls.target("source", source.id),
        "archived": view.archived_label,
        "status": view.note and f"Original {view.note}",
    }


def data_script(global_name: str, data: object) -> bytes:
    """A script assigning `data` to `window.<global_name>`: deterministic (sorted keys) and
    safe even if inlined (no `<`, `>` or `&` that could close the script element)."""
    return b"".join((b"window.", global_name.encode(), b" = ", _json_bytes(data), b";\n"))


def list_script(global_name: str, items: Iterable[object]) -> bytes:
    """`data_script` of a list, made LIST_BATCH items at a time: the search index's JSON,
    which grows with the site, made as one str took up to four bytes a character, and each
    escaping a copy; one item at a time, a call of json.dumps for each was slower."""
    batches, batch = [], []
    for item in items:
        batch.append(item)
        if len(batch) == LIST_BATCH:
            batches.append(_json_bytes(batch)[1:-1])  # the items, without the list's brackets
            batch = []
    if batch:
        batches.append(_json_bytes(batch)[1:-1])
    return b"".join((b"window.", global_name.encode(), b" = [", b",".join(batches), b"];\n"))


LIST_BATCH = 256


def _json_bytes(data: object) -> bytes:
    return (
        compact_json(data)
        .encode()
        .replace(b"<", b"\\u003c")
        .replace(b">", b"\\u003e")
        .replace(b"&", b"\\u0026")
    )


def compact_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
