"""What each page tells search engines and link previews: canonical URL, Open Graph, Twitter
card, and schema.org JSON-LD.

Absolute URLs appear here only because those standards require them; without a public URL
(`base_url`) the canonical link, `og:url` and the JSON-LD `url`s are left out rather than
pointing at an invented host.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from sitegen import urls
from sitegen.content.model import Briefing, Entity, Site, Source
from sitegen.site.pages import Page, View, sources_cited_by_briefing, sources_cited_in
from sitegen.site.since_visit import CHANGE_LABELS
from sitegen.site.sourcing import briefing_sourcing

SCHEMA = "https://schema.org"
# schema.org types for our entity kinds (https://schema.org/Person, /Organization, /Country, /Place)
ENTITY_TYPES = {"person": "Person", "organisation": "Organization", "country": "Country", "place": "Place"}
ARTICLE_TEMPLATES = ("briefing.html", "full.html")


@dataclass(frozen=True, slots=True)
class HeadMeta:
    title: str
    description: str
    canonical: str | None  # None without base_url, and on the 404 page
    og_type: str  # "article" | "website"
    site_name: str
    indexable: bool  # False for the 404 page
    has_feed: bool  # whether the Atom feed exists to be linked
    json_ld: Markup  # safe to place between <script> tags as it is
    follow: str | None = None  # the output path of the page's own feed (sitegen/site/feeds.py)


def page_description(page: Page, context: Mapping[str, Any], site: Site) -> str:
    """The same text as the page's <meta name="description"> (see the templates' blocks)."""
    briefing = context["briefing"]
    if page.template == "section.html":
        assert briefing is not None
        return context["section"].summary or briefing.title
    if page.template == "entity.html":
        entity: Entity = context["entity"]
        return f"{entity.name}: {entity.description}" if entity.description else entity.name
    if briefing is not None:
        return briefing.standfirst or briefing.title
    return site_description(site)


def site_description(site: Site) -> str:
    """What the site is: its own description, else its newest briefing's standfirst."""
    lead = site.briefings[0]
    return site.description or lead.standfirst or lead.title


def head_meta(page: Page, context: Mapping[str, Any], view: View, has_feed: bool) -> HeadMeta:
    """`context`: the page's variables; `view`: the model as the page reads it (pages.py)."""
    site = view.site
    indexable = page.path != urls.NOT_FOUND
    canonical = urls.public_url(site.base_url, page.path) if site.base_url and indexable else None
    description = page_description(page, context, site)
    article = page.template in ARTICLE_TEMPLATES or page.template == "section.html"
    data = _structured_data(page, context, view, canonical, description)
    return HeadMeta(
        page.title,
        description,
        canonical,
        "article" if article else "website",
        site.title,
        indexable,
        has_feed,
        json_ld_script(data),
        follow_feed(page, context) if has_feed else None,
    )


def follow_feed(page: Page, context: Mapping[str, Any]) -> str | None:
    """The feed of what the page is about: a briefing's home has its briefing's, an entity's
    page its entity's. They exist exactly when the site's feed does."""
    if page.template == "briefing.html" and page.briefing is not None:
        return urls.page_of("briefing-feed", page.briefing.id)
    if page.template == "entity.html":
        return urls.page_of("entity-feed", context["entity"].id)
    return None


def json_ld_script(data: dict[str, Any]) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` become \\u escapes, which JSON reads back
    as the same characters, so no content can close the script (`</script>`) or open a comment."""
    # compact: only then does json use its C encoder (the key facts page's JSON-LD, indented,
    # was a large share of rendering a large briefing)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for the script context


def _structured_data(
    page: Page, context: Mapping[str, Any], view: View, url: str | None, description: str
) -> dict[str, Any]:
    site, briefing = view.site, context["briefing"]
    if page.template in ARTICLE_TEMPLATES and briefing is not None:
        data = _briefing_article(view, briefing, description)
    elif page.template == "section.html" and briefing is not None:
        section = context["section"]
        data = {
            "@type": "NewsArticle",
            "headline": section.title,
            "description": description,
            "isPartOf": _briefing_reference(site, briefing),
            "citation": [
                _citation(site.sources[key]) for key in sources_cited_in(view.resolved, section.key)
            ],
        }
        _add_dates(data, briefing)
    elif page.template == "entity.html":
        entity = context["entity"]
        data = {"@type": ENTITY_TYPES[entity.kind], "name": entity.name}
        if entity.description:
            data["description"] = entity.description
        if entity.aliases:
            data["alternateName"] = list(entity.aliases)
    elif page.path == urls.HOME:
        data = {
            "@type": "CollectionPage",
            "name": site.title,
            "description": description,
            "hasPart": [_briefing_reference(site, card["briefing"]) for card in context["cards"]],
        }
    else:
        data = {"@type": "WebPage", "name": page.title, "description": description}
        if briefing is not None:
            data["isPartOf"] = _briefing_reference(site, briefing)
    data = {"@context": SCHEMA, **data, "inLanguage": site.language}
    if url:
        data["url"] = url
    return data


def _briefing_article(view: View, briefing: Briefing, description: str) -> dict[str, Any]:
    site = view.site
    cited = sources_cited_by_briefing(view.resolved, briefing)
    kind = briefing_sourcing(view.resolved, briefing, len(cited)).article_type  # by its [!analysis] share
    data: dict[str, Any] = {"@type": kind, "headline": briefing.title, "description": description}
    if briefing.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in briefing.authors]
    elif briefing.publisher:
        data["author"] = {"@type": "Organization", "name": briefing.publisher}
    if briefing.publisher:
        data["publisher"] = {"@type": "Organization", "name": briefing.publisher}
    _add_dates(data, briefing)
    # https://schema.org/correction: "a correction to a CreativeWork ... as a CorrectionComment"
    corrections = [
        {"@type": "CorrectionComment", "text": change.text, "datePublished": change.date}
        for change in briefing.changes
        if change.kind == "correction"
    ]
    if corrections:
        data["correction"] = corrections
    if briefing.live:  # a developing story: https://schema.org/LiveBlogPosting
        _as_live_blog(data, briefing)
    data["citation"] = [_citation(site.sources[key]) for key in cited]
    # the Trust Project's terms (https://schema.org/correctionsPolicy ...), named in site.yaml
    for term, url in site.policies:
        data[term] = url
    return data


def _as_live_blog(data: dict[str, Any], briefing: Briefing) -> None:
    """Its updates and corrections as `liveBlogUpdate`s, newest first as the log; the
    coverage starts when the briefing was published."""
    data["@type"] = "LiveBlogPosting"
    if briefing.published:
        data["coverageStartTime"] = briefing.published
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": CHANGE_LABELS[change.kind],
            "articleBody": change.text,
            "datePublished": change.date,
        }
        for change in briefing.changes
    ]


def _add_dates(data: dict[str, Any], briefing: Briefing) -> None:
    if briefing.published:
        data["datePublished"] = briefing.published
    if briefing.modified:
        data["dateModified"] = briefing.modified


def _briefing_reference(site: Site, briefing: Briefing) -> dict[str, Any]:
    reference: dict[str, Any] = {"@type": "NewsArticle", "headline": briefing.title}
    if site.base_url:
        reference["url"] = urls.public_url(site.base_url, urls.page_of("briefing", briefing.id))
    return reference


def _citation(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title or source.publisher,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.url:
        work["url"] = source.url
    if source.published:
        work["datePublished"] = source.published
    return work
