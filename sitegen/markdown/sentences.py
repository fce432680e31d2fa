"""The sentences of a converted section and the sources each one rests on: sourcing coverage.

A sentence is sourced when it carries a citation mark, a fact, a quote or an event (each shows
its sources' marks), and is the desk's own when it carries the analysis mark (`[!analysis]`, at
its end like a citation; at the start of a paragraph or list item it marks the whole of it).
Headings and code are not claims; a block quotation is one claim, a table row another. A
sentence that only points to another section ("See [the details](two.md).") is not a claim.

Sentences end at `.`, `!`, `?` or `…` (closing quotes and citation marks after it belong to
the sentence) followed by a space and a word, an opening quote or a reference (not only a
capital: many scripts have no case), and at `。！？`; `U.S.`, `e.g.` and common abbreviations
(`Mr.`, `Gen.`) end none.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from sitegen.content.sentence_bounds import CITE as _CITE
from sitegen.content.sentence_bounds import MARK as _MARK
from sitegen.content.sentence_bounds import POINTER as _POINTER
from sitegen.content.sentence_bounds import REFERENCE as _REFERENCE
from sitegen.content.sentence_bounds import WORD as _WORD
from sitegen.content.sentence_bounds import run_end as _run_end
from sitegen.content.sentence_bounds import sentence_spans as _sentences
from sitegen.markdown.section_text import Shown, as_is, shortened

ANALYSIS_CLASS = "own-analysis"  # what `[!analysis]` is in the tree until sentences are counted
EXCERPT_CHARS = 60

_CLAIM_BLOCKS = {"p", "li", "dd", "dt"}
_CONTAINERS = {"ul", "ol", "dl", "blockquote", "div", "section", "table", "tbody", "figure"}
_NOT_CLAIMS = {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "thead", "script", "style"}
_ESCAPED = re.compile("\x02(\\d+)\x03")  # Python-Markdown's placeholder for `\*` and the like
_SPACES = re.compile(r"\s*")
_CLAIM_WORDS = re.compile(r"[\w" + _REFERENCE + _WORD + "]")
_ELEMENTS = re.compile("[" + _CITE + _MARK + _REFERENCE + _WORD + _POINTER + "]")
_DIGIT = re.compile(r"\d")
_PLAIN_RUN = re.compile("[^\n\x02" + _CITE + _MARK + _REFERENCE + _WORD + _POINTER + "]*")


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a section's sentences rest on."""

    sentences: int  # claims counted
    sourced: int
    analysis: int  # marked as the desk's own
    claims: tuple[tuple[str, int], ...]  # (source id, sourced sentences citing it), by id
    unsourced: tuple[tuple[int, int, str], ...]  # (file line, column, excerpt) of each
    # the sourced sentences whose own words hold a digit, for checking their numbers against
    # the snapshots of their sources (checks/quotes.py)
    numbered: tuple[NumberedSentence, ...] = ()

    def as_data(self) -> tuple:
        return (
            self.sentences,
            self.sourced,
            self.analysis,
            [list(item) for item in self.claims],
            [list(item) for item in self.unsourced],
            [[s.line, s.col, s.words, list(s.sources), s.text] for s in self.numbered],
        )

    @classmethod
    def from_data(cls, data: list) -> Coverage:
        sentences, sourced, analysis, claims, unsourced, numbered = data
        return cls(
            sentences,
            sourced,
            analysis,
            tuple((s, n) for s, n in claims),
            tuple((line, col, text) for line, col, text in unsourced),
            tuple(
                NumberedSentence(line, col, words, tuple(sources), text)
                for line, col, words, sources, text in numbered
            ),
        )


@dataclass(frozen=True, slots=True)
class NumberedSentence:
    """A sourced sentence with a digit in its own words (not in the facts, events, quotes,
    citation marks, links or code it holds: those are checked, or not claims, on their own)."""

    line: int  # where it starts in the section's file
    col: int
    words: str  # its own words, each element it holds a space
    sources: tuple[str, ...]  # the ids of the sources it rests on, sorted
    text: str  # as a reader reads it (the facts, events and quotes it holds left out)

    @property
    def excerpt(self) -> str:
        return cut(self.text)


@dataclass(slots=True)
class _Flat:
    """A block's text with one character standing for each element, and what those are."""

    text: list[str] = field(default_factory=list)
    items: dict[int, _Item] = field(default_factory=dict)  # by offset in the text
    size: int = 0  # characters so far

    def add(self, text: str) -> None:
        if "\x02" in text:
            text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), text)
        self.text.append(text)
        self.size += len(text)

    def element(self, kind: str, element: etree.Element | None = None, written: str = "") -> None:
        sources = _sources(element) if kind in (_CITE, _REFERENCE) and element is not None else frozenset()
        shown = "".join(element.itertext()) if kind in (_WORD, _POINTER) and element is not None else ""
        self.items[self.size] = _Item(kind, sources, written or shown, shown)
        self.text.append(kind)
        self.size += 1


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str
    sources: frozenset[str]
    written: str  # as written in the Markdown, when it must be found there
    shown: str  # what a reader reads (for excerpts)


# Where a sentence starts in the section's file, (line, col), given its first words as written
# (longest first); called for each sentence in order.
Locate = Callable[[list[str]], tuple[int, int]]


def section_coverage(
    root: etree.Element, written: Mapping[str, str], locate: Locate, shown: Shown = as_is
) -> Coverage:
    """The coverage of a converted section. `written` gives the Markdown each entity link was
    written as (by its element id), `locate` finds written text in the section's file,
    `shown` turns the tree's text into what the page shows (section_text.py)."""
    sentences = sourced = analysis = 0
    claims: Counter[str] = Counter()
    unsourced = []
    numbered = []
    for flat, whole_block_own, whole in _claims(root, written):
        joined = "".join(flat.text)
        offsets = list(flat.items)  # ascending: items are added in order
        for start, end in [(0, flat.size)] if whole else _sentences(joined):
            text = joined[start:end]
            inside = [flat.items[n] for n in offsets[bisect_left(offsets, start) : bisect_left(offsets, end)]]
            kinds = {item.kind for item in inside}
            sources = frozenset().union(*(item.sources for item in inside))
            if not _CLAIM_WORDS.search(text) or _only_points(text, kinds):
                continue
            line, col = locate(_first_written(flat, joined, start, end))
            sentences += 1
            if sources:
                sourced += 1
                claims.update(sources)
                words = _ELEMENTS.sub(" ", text)
                if _DIGIT.search(words):
                    readable = _readable(text, inside, shown)
                    numbered.append(NumberedSentence(line, col, words, tuple(sorted(sources)), readable))
            elif whole_block_own or _MARK in kinds:
                analysis += 1
            else:
                unsourced.append((line, col, _excerpt(text, inside, shown)))
    return Coverage(
        sentences, sourced, analysis, tuple(sorted(claims.items())), tuple(unsourced), tuple(numbered)
    )


def _only_points(text: str, kinds: set[str]) -> bool:
    """ "See [the details](two.md)." is a pointer to another section, not a claim."""
    if _POINTER not in kinds:
        return False
    return len(re.findall(r"\w+", text.replace(_POINTER, " "))) <= 2


def _claims(root: etree.Element, written: Mapping[str, str]) -> Iterator[tuple[_Flat, bool, bool]]:
    """Each block that holds claims, flattened, with whether it is marked as the desk's own and
    whether it is one claim whatever its punctuation (a quotation, a table row)."""
    for element in root:
        classes = set((element.get("class") or "").split())
        if element.tag in _NOT_CLAIMS:
            continue
        if element.tag == "figure" and classes & {"chart", "figure"}:
            continue  # a chart or an image: sourced, point by point or by its credit
        if element.tag == "figure" and "quote" in classes or element.tag == "tr":
            flat = _Flat()
            _inline(element, flat, written, [], split=False)
            yield flat, False, True
        elif element.tag in _CLAIM_BLOCKS:
            flat, nested = _Flat(), list[etree.Element]()
            _inline(element, flat, written, nested)
            text = "".join(flat.text).lstrip()
            yield flat, text.startswith(_MARK), False
            for block in nested:
                yield from _claims(_holder(block), written)
        elif element.tag in _CONTAINERS:
            yield from _claims(element, written)


def _holder(element: etree.Element) -> etree.Element:
    holder = etree.Element("div")
    holder.append(element)
    return holder


def _inline(
    element: etree.Element,
    flat: _Flat,
    written: Mapping[str, str],
    nested: list[etree.Element],
    split: bool = True,
) -> None:
    flat.add(element.text or "")
    for child in element:
        classes = set((child.get("class") or "").split())
        if "cite" in classes:
            flat.element(_CITE, child)
        elif ANALYSIS_CLASS in classes:
            flat.element(_MARK)
        elif classes & {"fact", "event", "quote-inline"}:
            flat.element(_REFERENCE, child)
        elif child.tag == "a" and "data-entity" in child.attrib:
            flat.element(_WORD, child, written.get(child.get("id", ""), ""))
        elif child.tag == "code" or child.tag == "a" and not _section_link(child):
            flat.element(_WORD, child)
        elif child.tag == "a":
            flat.element(_POINTER, child)
        elif split and (child.tag in _CLAIM_BLOCKS or child.tag in _CONTAINERS or child.tag in _NOT_CLAIMS):
            nested.append(child)
            flat.add("\n")
        elif child.tag == "br":
            flat.add("\n")
        else:
            _inline(child, flat, written, nested, split)
        flat.add(child.tail or "")


def _sources(element: etree.Element) -> frozenset[str]:
    return frozenset(mark.get("data-source", "") for mark in element.iter("a") if mark.get("data-source"))


def _section_link(link: etree.Element) -> bool:
    href = link.get("href", "")
    return not re.match(r"(https?:|mailto:)", href, re.IGNORECASE)


def _first_written(flat: _Flat, text: str, start: int, end: int) -> list[str]:
    """The sentence's first words as written in the Markdown, longest first, to find it in the
    file: its text up to the first line break, with entity links as written (`[[Lee]] said`
    is found where `[[Lee]]` alone may be an earlier mention)."""
    position = first_position = _run_end(_SPACES, text, start, end)
    parts: list[str] = []
    length = 0
    while position < end and length < 60:
        run = text[position : _run_end(_PLAIN_RUN, text, position, end)]
        parts.append(run)
        length += len(run)
        position += len(run)
        item = flat.items.get(position)
        if item is None or not item.written:
            break  # a line break, an escape, or an element not written as shown
        parts.append(item.written)
        length += len(item.written)
        position += 1
    written = "".join(parts).rstrip()
    first = flat.items.get(first_position)
    shorter = first.written if first else parts[0] if parts else ""
    word = re.match(r"\w*", shorter)
    return [written, shorter, word.group() if word else ""]  # the last: inside `*emphasis*`


def _excerpt(text: str, inside: list[_Item], shown: Shown) -> str:
    """The sentence as a reader reads it, cut to EXCERPT_CHARS."""
    return cut(_readable(text, inside, shown))


def _readable(text: str, inside: list[_Item], shown: Shown) -> str:
    """The sentence as a reader reads it: entity links and links as their words, citation
    marks and the facts, events and quotes it holds left out."""
    elements = iter(item.shown for item in inside)
    readable = _ELEMENTS.sub(lambda _: next(elements, ""), text)
    return " ".join(shown(readable).split())


def cut(readable: str) -> str:
    """At most EXCERPT_CHARS of a sentence, for a message, cut at a word."""
    return shortened(readable, EXCERPT_CHARS)
