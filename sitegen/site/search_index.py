"""The static search index: one small document per section, entity, fact, quote, event and
source, each saying which briefing it is from.

Written as `assets/search-index.js` (a script assigning a global, not JSON fetched at run
time) so that search works from `file://` as well as under `/` or `/<repo>/`. Documents are
listed in the site's reading order and serialised with sorted keys, so the file is
byte-identical from one build to the next. URLs are relative to the site root; the search
page resolves them against its own link to the home page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen import urls
from sitegen.site.reader import list_script
from sitegen.site.resolve import Resolved


@dataclass(frozen=True, slots=True)
class SearchDocument:
    kind: str  # shown as a label: Section, Who's who, Fact, Quote, Event, Source
    title: str
    url: str  # relative to the site root, maybe with #fragment
    text: str  # what is searched besides the title, and where snippets come from
    briefing: str  # the title of the briefing it is from; "" for what all briefings share


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
        ({name: getattr(document, name) for name in fields} for document in search_documents(resolved)),
    )
