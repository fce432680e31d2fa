"""The static search index: one small document per section, entity, fact, quote, event and
source, each saying which briefing it is from.

Written as `assets/search-index.js` (a script assigning a global, not JSON fetched at run
time) so that search works from `file://` as well as under `/` or `/<repo>/`. Documents are
listed in the site's reading order and serialised with sorted keys, so the file is
byte-identical from one build to the next. URLs are relative to the site root; the search
page resolves them against its own link to the home page.

Latin (and any spaced) text is searched as it is shown, a query word anywhere in it. Chinese and
Japanese do not put spaces between words, so their text is looked up by overlapping pairs of
characters (高市首相 as 高市, 市首, 首相), as Lucene's CJKBigramFilter does; Korean words are
spaced but take endings (이재명은, 이재명이), so a Hangul word is also looked up by its pairs.
Each document lists those terms, and `search_words` is the one split: search.js's
`searchWords` makes the same of a query (tests/test_search_terms.py runs both).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass

from sitegen import urls
from sitegen.site.reader import list_script
from sitegen.site.resolve import Resolved
from sitegen.site.writing_systems import CJK_CHARACTER, CJK_PUNCTUATION, HAN_AND_KANA, HANGUL


@dataclass(frozen=True, slots=True)
class SearchDocument:
    kind: str  # shown as a label: Section, Who's who, Fact, Quote, Event, Source
    title: str
    url: str  # relative to the site root, maybe with #fragment
    text: str  # what is searched besides the title, and where snippets come from
    briefing: str  # the title of the briefing it is from; "" for what all briefings share
    terms: str = ""  # the CJK terms of title and text (search_words), sorted, space-separated

    def with_terms(self) -> SearchDocument:
        if not CJK_CHARACTER.search(self.title) and not CJK_CHARACTER.search(self.text):
            return self  # the common case, and what keeps a Latin desk's index as it was
        terms = set()
        for text in (self.title, self.text):  # search_words' CJK words, without the others
            for run in _CJK_RUN.finditer(fold(text)):
                terms.update(_terms(run.group()))
        return SearchDocument(
            self.kind, self.title, self.url, self.text, self.briefing, " ".join(sorted(terms))
        )


_COMBINING_ACCENTS = re.compile("[\u0300-\u036f]")
_CJK_RUN = re.compile(f"[{HAN_AND_KANA}]+|[{HANGUL}]+")
_RUN = re.compile(f"{_CJK_RUN.pattern}|[^\\s{HAN_AND_KANA}{HANGUL}{CJK_PUNCTUATION}]+")
_HAN_AND_KANA_RUN = re.compile(f"[{HAN_AND_KANA}]+")


def fold(text: str) -> str:
    """Text as search compares it: accents and case ignored, curly apostrophes straight. NFC
    again after the accents go, so that a Hangul syllable stays one character (NFD splits it
    into its jamo) and a snippet's place in the folded text is its place in the shown one."""
    without_accents = _COMBINING_ACCENTS.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", without_accents).lower().replace("’", "'").replace("‘", "'")


def search_words(text: str) -> list[list[str]]:
    """The folded text's words, each as the terms it is found by: a word of Latin or another
    spaced script as itself (`["korea's"]`), a run of Han and kana as its overlapping pairs of
    characters (`["高市", "市首", "首相"]`; one character alone as itself), a Hangul word as itself
    and then its pairs (`["이재명은", "이재", "재명", "명은"]`). Spaces and CJK punctuation separate
    words. search.js's searchWords is the same function."""
    return [_terms(match.group()) for match in _RUN.finditer(fold(text))]


def _terms(run: str) -> list[str]:
    if _HAN_AND_KANA_RUN.fullmatch(run):
        return _pairs(run)
    if CJK_CHARACTER.match(run):  # Hangul
        return [run, *_pairs(run)] if len(run) > 2 else [run]
    return [run]


def _pairs(run: str) -> list[str]:
    return list(map(operator.add, run, run[1:])) if len(run) > 1 else [run]


def search_documents(resolved: Resolved) -> list[SearchDocument]:
    site = resolved.site
    names = {key: entity.name for key, entity in site.entities.items()}
    documents = []
    for briefing in site.briefings:
        # in the one-briefing layout every result is from the one briefing: no need to say so
        title = "" if site.sole_briefing else briefing.title
        documents += [
            SearchDocument(
                "Section",
                section.title,
                urls.target("section", section.key),
                " ".join(filter(None, (section.summary, resolved.sections[section.key].text))),
                title,
            )
            for section in briefing.sections
        ]
        documents += [
            SearchDocument(
                "Fact",
                fact.value or _headline(fact.statement),
                urls.target("fact", fact.key),
                fact.statement,
                title,
            )
            for fact in briefing.facts.values()
        ]
        documents += [
            SearchDocument(
                "Quote",
                names.get(quote.speaker, quote.speaker),
                urls.target("quote", quote.key),
                " ".join(filter(None, (quote.text, quote.role, quote.context))),
                title,
            )
            for quote in briefing.quotes.values()
        ]
        documents += [
            SearchDocument("Event", event.when, urls.target("event", event.key), event.what, title)
            for event in briefing.events.values()
        ]
    documents += [
        SearchDocument(
            "Who’s who",
            entity.name,
            urls.target("entity", entity.id),
            " ".join(filter(None, (entity.description, *entity.aliases))),
            "",
        )
        for entity in site.entities.values()
    ]
    documents += [
        SearchDocument(
            "Source",
            source.title or source.publisher,
            urls.target("source", source.id),
            " ".join(filter(None, (source.publisher, source.url))),
            "",
        )
        for source in site.sources.values()
    ]
    return documents


def _headline(sentence: str, limit: int = 72) -> str:
    """A statement cut at a word boundary, so a result's title stays one or two lines."""
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def search_index_script(resolved: Resolved) -> bytes:
    """The index as a script (reader.list_script)."""
    fields = SearchDocument.__slots__  # plain dicts: dataclasses.asdict deep-copies each value
    return list_script(
        "SITEGEN_SEARCH",
        (
            # a document without CJK text has no terms: the field is left out, not sent empty
            {name: value for name in fields if (value := getattr(document, name)) or name != "terms"}
            for document in map(SearchDocument.with_terms, search_documents(resolved))
        ),
    )
