"""Links that open a source at a quote's words: the quoted passage found in the source's snapshot,
and a URL with a text fragment of it (WICG Scroll-to-Text-Fragment,
https://wicg.github.io/scroll-to-text-fragment/).

A quote whose words are not found in a snapshot of its source gets no such link: only the words
as the snapshot holds them (its own quotation marks, apostrophes and dashes, which a browser
matches character for character) can be trusted to be on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote

from sitegen.content.model import Quote, Site
from sitegen.content.snapshots import Snapshot

# A passage of more words than this is linked by its first and last words (`text=start,end`):
# a long directive breaks on any word the page has since changed, a range only on its ends.
WHOLE_PASSAGE_WORDS = 8
RANGE_END_WORDS = 4
# encodeURIComponent leaves these and ASCII letters and digits as they are; the spec also
# asks for `-`, `&` and `,` to be encoded (they delimit the directive), which Python's quote
# would keep for `-` alone.
_KEPT = "!'()*~"


def directive_part(text: str) -> str:
    """One part of a text directive (textStart, textEnd), percent-encoded (UTF-8)."""
    return quote(text, safe=_KEPT).replace("-", "%2D")


def text_fragment_url(url: str, passage: str) -> str:
    """`url` with a text directive for `passage`: the whole passage when it is short, else its
    first and last words. A URL that has a fragment keeps it, the directive after it
    (`#top:~:text=`), as the spec's fragment directive delimiter allows."""
    words = passage.split()
    if len(words) <= WHOLE_PASSAGE_WORDS:
        directive = directive_part(" ".join(words))
    else:
        start = " ".join(words[:RANGE_END_WORDS])
        end = " ".join(words[-RANGE_END_WORDS:])
        directive = f"{directive_part(start)},{directive_part(end)}"
    return f"{url}{'' if '#' in url else '#'}:~:text={directive}"


def _letters(text: str) -> tuple[str, list[int]]:
    """The letters and digits of `text`, lowercased, and where in `text` each one is: what two
    texts are compared by, their punctuation, spacing and typography aside."""
    kept: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isalnum():
            for lowered in char.lower():
                kept.append(lowered)
                where.append(index)
    return "".join(kept), where


def quoted_passage(
    snapshot: str, words: str, letters_of: dict[str, tuple[str, list[int]]] | None = None
) -> str | None:
    """The passage of `snapshot` that holds `words` as the snapshot writes them (from its first
    letter or digit to its last, whitespace collapsed), or None when it holds none. A match
    must start and end at a word's edge ("new chapter" is not in "renew chapters").
    `letters_of` keeps each snapshot's letters, found once for all the quotes of its source."""
    wanted, _ = _letters(words)
    if not wanted:
        return None
    if letters_of is None:
        letters_of = {}
    if snapshot not in letters_of:
        letters_of[snapshot] = _letters(snapshot)
    letters, where = letters_of[snapshot]
    found = letters.find(wanted)
    while found != -1:
        first, last = where[found], where[found + len(wanted) - 1]
        if (first == 0 or not snapshot[first - 1].isalnum()) and (
            last + 1 == len(snapshot) or not snapshot[last + 1].isalnum()
        ):
            return " ".join(snapshot[first : last + 1].split())
        found = letters.find(wanted, found + 1)
    return None


def quote_links(site: Site, snapshots: Mapping[str, Snapshot]) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each quote found in the snapshot of a source that has a URL: that source's id and a
    link to its page at the quote's words, in the order the quote cites them."""
    links: dict[str, tuple[tuple[str, str], ...]] = {}
    letters_of: dict[str, tuple[str, list[int]]] = {}
    for briefing in site.briefings:
        for item in briefing.quotes.values():
            found = tuple(_links_of(item, site, snapshots, letters_of))
            if found:
                links[item.key] = found
    return links


def _links_of(
    item: Quote, site: Site, snapshots: Mapping[str, Snapshot], letters_of: dict[str, tuple[str, list[int]]]
) -> Iterable[tuple[str, str]]:
    for key in item.sources:
        source, snapshot = site.sources.get(key), snapshots.get(key)
        if source is None or source.url is None or snapshot is None:
            continue
        passage = quoted_passage(snapshot.text, item.text, letters_of)
        if passage is not None:
            yield key, text_fragment_url(source.url, passage)
