"""The files GitHub Pages and readers' tools look for beside the pages: `.nojekyll`, `CNAME`,
`robots.txt`, `sitemap.xml`, the Atom feed and the JSON export of the briefing's data.

Each is a pure function of the resolved site, the page list and the content date (see
sitegen/site/dates.py); none reads the clock, so the same input gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sitegen.site import urls
from sitegen.site.pages import Page
from sitegen.site.resolve import Resolved

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DATA_FORMAT = "sitegen-briefing/1"


def publishing_files(resolved: Resolved, pages: Sequence[Page],
                     date: str | None) -> dict[str, bytes]:
    """Output path -> bytes. The sitemap and feed need absolute URLs (their standards say so),
    so without a base_url they are left out; the feed also needs a date (RFC 4287 `updated`)."""
    base_url = resolved.site.base_url
    files = {".nojekyll": b"",  # serve files as they are: no Jekyll run on GitHub Pages
             urls.DATA: briefing_data(resolved)}
    domain = custom_domain(base_url)
    if domain:
        files["CNAME"] = f"{domain}\n".encode()
    if base_url:
        files[urls.SITEMAP] = sitemap(base_url, pages, date)
    files["robots.txt"] = robots(base_url)
    if base_url and date:
        files[urls.FEED] = atom_feed(resolved, date)
    return files


def has_feed(resolved: Resolved, date: str | None) -> bool:
    return bool(resolved.site.base_url and date)


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


def sitemap(base_url: str, pages: Sequence[Page], date: str | None) -> bytes:
    """https://www.sitemaps.org/protocol.html: one <url> per page in the page list."""
    root = ET.Element("urlset")
    for page in pages:
        if page.path == urls.NOT_FOUND:
            continue
        entry = ET.SubElement(root, "url")
        ET.SubElement(entry, "loc").text = urls.public_url(base_url, page.path)
        if date:
            ET.SubElement(entry, "lastmod").text = date
    return _xml(root, SITEMAP_NS)


def atom_feed(resolved: Resolved, date: str) -> bytes:
    """RFC 4287. One entry per section: a section is what a reader opens, and its URL is its
    id. URLs as ids stay the same from build to build; a tag: URI would need a minting date,
    which the content does not give and sitegen must not invent."""
    site, briefing = resolved.site, resolved.site.briefing
    base_url = site.base_url
    assert base_url is not None
    feed = ET.Element("feed", {f"{{{XML_NS}}}lang": site.language})
    ET.SubElement(feed, "id").text = base_url
    ET.SubElement(feed, "title").text = briefing.title
    if briefing.standfirst:
        ET.SubElement(feed, "subtitle").text = briefing.standfirst
    ET.SubElement(feed, "updated").text = date
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                                        "href": base_url + urls.FEED})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html",
                                        "href": base_url})
    for name in briefing.authors or (briefing.publisher or site.title,):
        ET.SubElement(ET.SubElement(feed, "author"), "name").text = name
    ET.SubElement(feed, "generator").text = "sitegen"
    for section in briefing.sections:
        url = urls.public_url(base_url, urls.page_of("section", section.id))
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = url
        ET.SubElement(entry, "title").text = section.title
        ET.SubElement(entry, "updated").text = date
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                             "href": url})
        if section.summary:
            ET.SubElement(entry, "summary").text = section.summary
        # The section's HTML links relative to its own page; xml:base makes that page the base.
        content = ET.SubElement(entry, "content", {"type": "html",
                                                          f"{{{XML_NS}}}base": url})
        content.text = resolved.sections[section.id].html
    return _xml(feed, ATOM_NS)


def _xml(root: ET.Element, namespace: str) -> bytes:
    # Unprefixed names in the default namespace, which ElementTree writes only this way.
    root.set("xmlns", namespace)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def briefing_data(resolved: Resolved) -> bytes:
    """The briefing's data as JSON for reuse: lists in the content's order, keys sorted."""
    site, briefing = resolved.site, resolved.site.briefing
    data = {
        "format": DATA_FORMAT,
        "site": {"title": site.title, "language": site.language, "base_url": site.base_url},
        "briefing": {
            **_record(briefing, "title", "standfirst", "publisher", "authors", "published",
                      "updated", "key_facts"),
            "sections": [{**_record(section, "id", "title", "summary"),
                          "page": urls.page_of("section", section.id)}
                         for section in briefing.sections],
        },
        "sources": [_record(source) for source in site.sources.values()],
        "entities": [{**_record(entity), "page": urls.page_of("entity", entity.id)}
                     for entity in site.entities.values()],
        "facts": [_record(fact) for fact in briefing.facts.values()],
        "quotes": [_record(quote) for quote in briefing.quotes.values()],
        "events": [_record(event) for event in briefing.events.values()],
    }
    global _last_data
    if _last_data is None or _last_data[0] != data:  # the preview edits text far more than data
        # compact: only then does json use its C encoder (indented, this took 0.3 s and
        # 40 MiB at 1,000 sections)
        _last_data = (data, (json.dumps(data, ensure_ascii=False, sort_keys=True,
                                        separators=(",", ":")) + "\n").encode())
    return _last_data[1]


# The last export, reused while the data is equal: comparing costs a fraction of encoding.
_last_data: tuple[dict[str, Any], bytes] | None = None


def _record(item: Any, *names: str) -> dict[str, Any]:
    """A model object's fields (all but its origin in the content files, or just `names`)."""
    names = names or tuple(f.name for f in dataclasses.fields(item) if f.name != "origin")
    return {name: list(value) if isinstance(value := getattr(item, name), tuple) else value
            for name in names}
