"""Facts defined in the sentence that first states them: `[[fact:us-troops = about 28,500]]`.

A definition makes a fact of the section's briefing exactly as an entry of facts.yaml would:
its value is the words after `=`, its statement the sentence it stands in (as readers see it),
its sources the citation marks of that sentence (`[@reuters-agencies]`: at least one), its
entities those the sentence names (`[[Lee]]`). It is read from the Markdown before anything is
converted, so that key_facts, `supersedes`, entity pages and other briefings know the fact as
they know any other. Readers see what `[[fact:us-troops]]` shows, without marks of its own: the
sentence's citation is its source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sitegen.content.model import Entity, Section
from sitegen.content.reference_syntax import ANALYSIS_RE, CITE_RE, WIKI_RE, fact_label
from sitegen.content.sentence_bounds import CITE, MARK, REFERENCE, sentence_spans
from sitegen.errors import Location

DEFINES = " = "  # `[[fact:id = value]]`: what marks a definition inside a fact reference
_WIKI = re.compile(WIKI_RE)
_CITE = re.compile(CITE_RE)
_ELEMENT = re.compile(f"(?P<wiki>{WIKI_RE})|(?P<cite>{CITE_RE})|(?P<mark>{ANALYSIS_RE})")
# a block of text: a paragraph ends at a blank line; a heading, a list item or a quotation
# line starts a block of its own
_BLOCK_START = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:#|[-*+][ \t]|\d+[.)][ \t]|>))")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^()\s]*\)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Definition:
    """One `[[fact:id = value]]` as written, with what its sentence says."""

    id: str  # as written before " = "
    value: str
    statement: str  # the sentence, as readers see it
    sources: tuple[str, ...]  # cited in the sentence, in order
    entities: tuple[str, ...]  # named in the sentence, in order
    where: Location
    span: tuple[int, int]  # of the definition in the section's body
    citations: tuple[tuple[int, int], ...]  # of the sentence's citation marks in the body


def defining(body: str) -> bool:
    """Whether a section's text may define a fact (a quick test before reading it)."""
    return "[[fact:" in body and DEFINES in body


def split_definition(key: str) -> tuple[str, str | None]:
    """`us-troops = about 28,500` -> ("us-troops", "about 28,500"); a plain key -> (key, None)."""
    if DEFINES not in key:
        return key, None
    name, _, value = key.partition(DEFINES)
    return name.strip(), value.strip()


def definitions(
    section: Section, entity_named: Callable[[str], Entity | None], shown: Callable[[str, str], str]
) -> Iterator[Definition]:
    """Every fact the section's text defines, in order. `entity_named` finds an entity by id,
    name or alias; `shown` says what another reference of the sentence shows (kind, key)."""
    body = section.body
    if not defining(body):
        return
    starts = [0, *(match.end() for match in _BLOCK_START.finditer(body))]
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        block = body[start:end]
        if DEFINES in block and "[[fact:" in block:
            yield from _in_block(section, start, block, entity_named, shown)


def _in_block(
    section: Section,
    offset: int,
    block: str,
    entity_named: Callable[[str], Entity | None],
    shown: Callable[[str, str], str],
) -> Iterator[Definition]:
    # the block flattened as sentences.py reads converted text: one character per reference
    flat: list[str] = []
    elements: dict[int, re.Match[str]] = {}  # place in the flat text -> the element there
    position = 0
    for match in _ELEMENT.finditer(block):
        flat.append(block[position : match.start()])
        place = sum(map(len, flat))
        elements[place] = match
        flat.append(REFERENCE if match.group("wiki") else CITE if match.group("cite") else MARK)
        position = match.end()
    flat.append(block[position:])
    text = "".join(flat)
    for start, end in sentence_spans(text):
        inside = [elements[place] for place in range(start, end) if place in elements]
        for element in inside:
            wiki = _WIKI.fullmatch(element.group())
            if wiki is None or wiki.group(1) != "fact" or DEFINES not in wiki.group(2):
                continue
            name, value = split_definition(wiki.group(2))
            yield Definition(
                name,
                value or "",
                _statement(text[start:end], start, elements, entity_named, shown),
                _cited(inside),
                _named(inside, entity_named),
                _located(section, offset + element.start()),
                (offset + element.start(), offset + element.end()),
                tuple((offset + e.start(), offset + e.end()) for e in inside if e.group("cite")),
            )


def _statement(
    sentence: str,
    start: int,
    elements: dict[int, re.Match[str]],
    entity_named: Callable[[str], Entity | None],
    shown: Callable[[str, str], str],
) -> str:
    """The sentence as readers see it: each reference as the words it shows, no marks."""
    words = []
    for place, character in enumerate(sentence, start):
        element = elements.get(place)
        if element is None:
            words.append(character)
        elif wiki := _WIKI.fullmatch(element.group()):
            words.append(_shown_reference(wiki, entity_named, shown))
    text = _LINK.sub(r"\1", "".join(words))
    text = _EMPHASIS.sub(r"\2", text)
    return _SPACES.sub(" ", text).strip().replace(" .", ".").replace(" ,", ",")


def _shown_reference(
    wiki: re.Match[str], entity_named: Callable[[str], Entity | None], shown: Callable[[str, str], str]
) -> str:
    kind, key, label = wiki.group(1) or "entity", wiki.group(2).strip(), wiki.group(3)
    if kind == "fact":
        words = fact_label(label).words  # `|history` shows the figure, as the page does
    else:
        words = label.strip() if label else None
    if words:
        return words
    if kind == "entity":
        entity = entity_named(key)
        return entity.name if entity is not None and key == entity.id else key
    name, value = split_definition(key)
    return value if value is not None else shown(kind, name)


def _cited(inside: list[re.Match[str]]) -> tuple[str, ...]:
    cited: dict[str, None] = {}
    for element in inside:
        if cite := _CITE.fullmatch(element.group()):
            for part in cite.group(1).split(";"):
                part = part.strip()
                if part.startswith("@") and len(part) > 1:
                    cited[part[1:]] = None
    return tuple(cited)


def _named(inside: list[re.Match[str]], entity_named: Callable[[str], Entity | None]) -> tuple[str, ...]:
    named: dict[str, None] = {}
    for element in inside:
        wiki = _WIKI.fullmatch(element.group())
        if wiki is not None and (wiki.group(1) or "entity") == "entity":
            entity = entity_named(wiki.group(2).strip())
            if entity is not None:
                named[entity.id] = None
    return tuple(named)


def _located(section: Section, offset: int) -> Location:
    body = section.body
    line_start = body.rfind("\n", 0, offset) + 1
    return Location(
        section.origin.path, section.body_first_line + body.count("\n", 0, offset), offset - line_start + 1
    )
