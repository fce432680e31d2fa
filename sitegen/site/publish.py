"""The files GitHub Pages and readers' tools look for beside the pages: `.nojekyll`, `CNAME`,
`robots.txt`, `sitemap.xml`, the Atom feeds (the site's; each briefing's and entity's, made
in sitegen/site/feeds.py), the JSON export of the site's data, the sources to take away
(CSL-JSON, BibTeX, RIS; sitegen/site/source_exports.py) and each briefing's change events
(sitegen/site/since_visit.py).

Each is a pure function of the resolved site, the page list and the content dates (see
sitegen/content/dates.py); none reads the clock, so the same input gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from collections.abc import Container, Iterator, Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

from sitegen import urls
from sitegen.content.dates import ContentDates
from sitegen.content.item_digests import digest_of_parts
from sitegen.content.model import Briefing, Site
from sitegen.site.feeds import follow_feeds
from sitegen.site.metadata import site_description
from sitegen.site.pages import Page
from sitegen.site.resolve import Resolved
from sitegen.site.since_visit import since_visit_scripts
from sitegen.site.source_exports import source_export_files

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DATA_FORMAT = "sitegen-site/1"


def publishing_files(
    resolved: Resolved, pages: Sequence[Page], dates: ContentDates, leave_out: Container[str] = ()
) -> dict[str, bytes]:
    """Output path -> bytes. The sitemap and feed need absolute URLs (their standards say so),
    so without a base_url they are left out; the feed also needs a date (RFC 4287 `updated`).
    The files named in `leave_out` (the build keeps them from the last) are not made."""
    base_url = resolved.site.base_url
    files = {".nojekyll": b""}  # serve files as they are: no Jekyll run on GitHub Pages
    if urls.DATA not in leave_out:
        files[urls.DATA] = site_data(resolved)
    domain = custom_domain(base_url)
    if domain:
        files["CNAME"] = f"{domain}\n".encode()
    if base_url and urls.SITEMAP not in leave_out:
        files[urls.SITEMAP] = sitemap(base_url, pages, dates)
    files["robots.txt"] = robots(base_url)
    files.update(source_export_files(resolved.site))  # sources.json, .bib, .ris; cite files
    files.update(since_visit_scripts(resolved.site))  # what a returning reader sees marked
    if has_feed(resolved, dates):
        files[urls.FEED] = atom_feed(resolved, dates)
        files.update(follow_feeds(resolved, dates))  # one per briefing and entity (feeds.py)
    return files


def publishing_digests(resolved: Resolved, pages: Sequence[Page], dates: ContentDates) -> dict[str, str]:
    """A digest of what each of the costlier files is made from: a build keeps the last
    build's file when it is equal (making the data export and the sitemap, at every build,
    cost several times what their digests do)."""
    site = resolved.site
    digests = {urls.DATA: digest_of_parts(_data_inputs(site))}
    if site.base_url:
        digests[urls.SITEMAP] = digest_of_parts(
            [repr((site.base_url, [(page.path, dates.of(page.briefing)) for page in pages])).encode()]
        )
    return digests


def _data_inputs(site: Site) -> Iterator[bytes]:
    """Everything site_data reads, in parts; its entries by their digests (all fields but
    the origin, content/item_digests.py), which the model cache mostly kept."""
    yield repr((DATA_FORMAT, site.title, site.description, site.language, site.base_url)).encode()
    for briefing in site.briefings:
        sections = [(s.key, s.id, s.title, s.summary) for s in briefing.sections]
        yield repr((*briefing_header(briefing), sections)).encode()
        for items in (briefing.facts, briefing.quotes, briefing.events):
            yield repr(tuple(items)).encode()
            yield from map(site.digests.content, items.values())
    for registry in (site.sources, site.entities):
        yield repr(tuple(registry)).encode()
        yield from map(site.digests.content, registry.values())


def has_feed(resolved: Resolved, dates: ContentDates) -> bool:
    return bool(resolved.site.base_url and dates.site)


def custom_domain(base_url: str | None) -> str | None:
    """The host for a CNAME file: a base_url at the root of a host that is not GitHub's own
    (`*.github.io`) or a local one. A custom domain under a path belongs to another
    repository's CNAME, so none is written then."""
    if not base_url:
        return None
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if parts.path not in ("", "/") or not host or "." not in host:
        return None
    if host.endswith(".github.io") or host == "github.io" or host.replace(".", "").isdigit():
        return None
    return host


def robots(base_url: str | None) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url}{urls.SITEMAP}")
    return ("\n".join(lines) + "\n").encode()


def sitemap(base_url: str, pages: Sequence[Page], dates: ContentDates) -> bytes:
    """https://www.sitemaps.org/protocol.html: one <url> per page in the page list; a
    briefing's pages carry its own date, the others the site's."""
    root = ET.Element("urlset")
    for page in pages:
        if page.path == urls.NOT_FOUND:
            continue
        entry = ET.SubElement(root, "url")
        ET.SubElement(entry, "loc").text = urls.public_url(base_url, page.path)
        if date := dates.of(page.briefing):
            ET.SubElement(entry, "lastmod").text = date
    return _xml(root, SITEMAP_NS)


def atom_feed(resolved: Resolved, dates: ContentDates) -> bytes:
    """RFC 4287. One entry per briefing, newest first: a briefing is what a desk publishes,
    and its URL is its id (stable from build to build; a tag: URI would need a minting date,
    which the content does not give and sitegen must not invent). An entry's `updated` is its
    briefing's last update or correction; a briefing with no date at all is left out."""
    site = resolved.site
    base_url = site.base_url
    assert base_url is not None and dates.site is not None
    feed = ET.Element("feed", {f"{{{XML_NS}}}lang": site.language})
    ET.SubElement(feed, "id").text = base_url
    ET.SubElement(feed, "title").text = site.title
    ET.SubElement(feed, "subtitle").text = site_description(site)
    ET.SubElement(feed, "updated").text = dates.site
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": base_url + urls.FEED})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": base_url})
    publishers = dict.fromkeys(b.publisher for b in site.briefings if b.publisher)
    for name in publishers or (site.title,):
        ET.SubElement(ET.SubElement(feed, "author"), "name").text = name
    ET.SubElement(feed, "generator").text = "sitegen"
    for briefing in site.briefings:
        if dates.of(briefing):
            _feed_entry(feed, resolved, briefing, dates)
    return _xml(feed, ATOM_NS)


def _feed_entry(feed: ET.Element, resolved: Resolved, briefing: Briefing, dates: ContentDates) -> None:
    base_url = resolved.site.base_url
    assert base_url is not None
    url = urls.public_url(base_url, urls.page_of("briefing", briefing.id))
    entry = ET.SubElement(feed, "entry")
    ET.SubElement(entry, "id").text = url
    ET.SubElement(entry, "title").text = briefing.title
    ET.SubElement(entry, "updated").text = dates.of(briefing)
    if briefing.published:
        ET.SubElement(entry, "published").text = f"{briefing.published}T00:00:00Z"
    for name in briefing.authors or ((briefing.publisher,) if briefing.publisher else ()):
        ET.SubElement(ET.SubElement(entry, "author"), "name").text = name
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    if briefing.standfirst:
        ET.SubElement(entry, "summary").text = briefing.standfirst
    ET.SubElement(entry, "content", {"type": "html"}).text = _entry_html(base_url, briefing)


def _entry_html(base_url: str, briefing: Briefing) -> str:
    """The entry's content: the latest change (what a feed reader most needs to see), then the
    briefing's sections, linked."""
    parts = []
    if latest := briefing.latest_change:
        label = "Correction" if latest.kind == "correction" else "Update"
        parts.append(f"<p><strong>{label}, {escape(latest.date)}:</strong> {escape(latest.text)}</p>")
    if briefing.standfirst:
        parts.append(f"<p>{escape(briefing.standfirst)}</p>")
    items = "".join(
        f'<li><a href="{escape(urls.public_url(base_url, urls.page_of("section", s.key)))}">'
        f"{escape(s.title)}</a>{': ' + escape(s.summary) if s.summary else ''}</li>"
        for s in briefing.sections
    )
    parts.append(f"<ol>{items}</ol>")
    return "".join(parts)


def _xml(root: ET.Element, namespace: str) -> bytes:
    # ElementTree escapes markup but writes any character it is given, even those XML 1.0
    # cannot hold (U+0007, U+FFFE): what keeps these files well-formed is that no text of the
    # model holds one (content/characters.py), nor the base URL (build.checked_base_url).
    # Unprefixed names in the default namespace, which ElementTree writes only this way.
    root.set("xmlns", namespace)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def site_data(resolved: Resolved) -> bytes:
    """The site's data as JSON for reuse: lists in the content's order, keys sorted. Facts,
    quotes and events carry their `briefing`; a section's `page` is its path in the site."""
    site = resolved.site
    data = {
        "format": DATA_FORMAT,
        "site": {
            "title": site.title,
            "description": site.description,
            "language": site.language,
            "base_url": site.base_url,
        },
        "briefings": [
            {
                **_record(
                    briefing,
                    "id",
                    "title",
                    "standfirst",
                    "publisher",
                    "authors",
                    "published",
                    "updated",
                    "key_facts",
                ),
                "page": urls.page_of("briefing", briefing.id),
                "changes": [_record(change) for change in briefing.changes],
                "sections": [
                    {
                        **_record(section, "id", "title", "summary"),
                        "page": urls.page_of("section", section.key),
                    }
                    for section in briefing.sections
                ],
                "facts": [_record(fact) for fact in briefing.facts.values()],
                "quotes": [_record(quote) for quote in briefing.quotes.values()],
                "events": [_record(event) for event in briefing.events.values()],
            }
            for briefing in site.briefings
        ],
        "sources": [_record(source) for source in site.sources.values()],
        "entities": [
            {**_record(entity), "page": urls.page_of("entity", entity.id)}
            for entity in site.entities.values()
        ],
    }
    global _last_data
    if _last_data is None or _last_data[0] != data:  # the preview edits text far more than data
        # compact: only then does json use its C encoder (the Python one, which indenting
        # takes, is much slower and holds much more memory)
        _last_data = (
            data,
            (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode(),
        )
    return _last_data[1]


# The last export, reused while the data is equal: comparing costs a fraction of encoding.
_last_data: tuple[dict[str, Any], bytes] | None = None


def _record(item: Any, *names: str) -> dict[str, Any]:
    """A model object's fields (all but its origin in the content files, or just `names`)."""
    names = names or tuple(f.name for f in dataclasses.fields(item) if f.name != "origin")
    return {name: list(value) if isinstance(value := getattr(item, name), tuple) else value for name in names}


def briefing_header(briefing: Briefing) -> tuple[Any, ...]:
    """What the data export shows of a briefing besides its items."""
    return (
        briefing.id,
        briefing.title,
        briefing.standfirst,
        briefing.publisher,
        briefing.authors,
        briefing.published,
        briefing.updated,
        briefing.key_facts,
        briefing.changes,
        briefing.draft,
        briefing.live,
    )
