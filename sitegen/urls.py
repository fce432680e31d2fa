"""Every internal URL: where each page lives and how one page links to another.

All links are relative to the page that holds them, so the site works unchanged under `/`,
under a project subpath like `/briefing/`, and from `file://`. Links point at files
(`entities/index.html`, never `entities/`) because `file://` does not serve folder indexes.
Templates never build paths; they ask `href(kind, key)`.

A desk's briefing lives in its own folder, `briefings/<id>/`, whatever other briefings the
site holds, so its URLs never change when one is added or removed. A project in the
one-briefing layout keeps its briefing at the root (its briefing id is ""), as before desks.
Sections, facts, quotes and events are named by their key (`xi-lee-summit/us-troops`, see
sitegen/content/model.py); entities and sources by their id.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from sitegen.content.model import split_key

HOME = "index.html"
ENTITIES = "entities/index.html"
SOURCES = "sources/index.html"
TIMELINE = "timeline/index.html"
CHANGES = "changes/index.html"
NOT_FOUND = "404.html"
STYLESHEET = "assets/style.css"
ICON = "assets/icon.svg"
FEED = "feed.xml"
BRIEFING_FEED = "updates.xml"  # a briefing's own feed, in its folder (sitegen/site/feeds.py)
BRIEFING_CHANGES = "changes.js"  # a briefing's change events, in its folder (site/since_visit.py)
BRIEFING_CHANGES_JSON = "changes.json"  # the same, polled by the open pages of a live briefing
SITEMAP = "sitemap.xml"
DATA = "data/site.json"
# the sources to take away, beside the sources page (sitegen/site/source_exports.py)
SOURCES_CSL_JSON = "sources/sources.json"
SOURCES_BIBTEX = "sources/sources.bib"
SOURCES_RIS = "sources/sources.ris"
CITE_CSL_JSON = "cite.json"  # a briefing's own citation, in its folder
CITE_BIBTEX = "cite.bib"
SEARCH = "search/index.html"
# Scripts: reader.js and search.js are static files; the two data scripts are generated.
READER_SCRIPT = "assets/reader.js"
SEARCH_SCRIPT = "assets/search.js"
SOURCE_CARDS = "assets/sources.js"
SEARCH_INDEX = "assets/search-index.js"
BRIEFINGS_FOLDER = "briefings"
FIGURES_FOLDER = "figures"  # published images, named by their content (sitegen/media/library.py)
ASSETS = "assets"  # where the static files of templates/static/ go

_LISTS = {
    "home": HOME,
    "entities": ENTITIES,
    "sources": SOURCES,
    "timeline": TIMELINE,
    "changes": CHANGES,
    "stylesheet": STYLESHEET,
    "icon": ICON,
    "feed": FEED,
    "sitemap": SITEMAP,
    "data": DATA,
    "search": SEARCH,
    "reader-script": READER_SCRIPT,
    "search-script": SEARCH_SCRIPT,
    "source-cards": SOURCE_CARDS,
    "search-index": SEARCH_INDEX,
}
# A briefing's own pages, inside its folder; named by the briefing's id.
_BRIEFING_PAGES = {
    "briefing": "index.html",
    "briefing-facts": "facts/index.html",
    "briefing-timeline": "timeline/index.html",
    "full": "full/index.html",
}
# Items shown as entries of a briefing's page: (page, fragment prefix); named by their key.
_BRIEFING_ANCHORS = {
    "fact": ("facts/index.html", "fact-"),
    "quote": ("facts/index.html", "quote-"),
    "event": ("timeline/index.html", "event-"),
}
SOURCE_PREFIX = "src-"


def briefing_root(briefing: str) -> str:
    """The folder of a briefing's pages, relative to the site root ("" or "briefings/<id>/")."""
    return f"{BRIEFINGS_FOLDER}/{briefing}/" if briefing else ""


def anchor_id(kind: str, key: str) -> str:
    """The element id of an item's entry on the page that lists it (`src-reuters`,
    `fact-us-troops`)."""
    if kind == "source":
        return SOURCE_PREFIX + key
    return _BRIEFING_ANCHORS[kind][1] + split_key(key)[1]


def page_of(kind: str, key: str | None = None) -> str:
    """The output path of the page that shows `kind` (and item), e.g. `entities/xi.html`."""
    if kind in _LISTS:
        return _LISTS[kind]
    assert key is not None, kind
    if kind == "file":  # a published file such as an image, by its path from the root
        return key
    if kind == "entity":
        return f"entities/{key}.html"
    if kind == "entity-feed":  # beside the entity's page, so it works under any base path
        return f"entities/{key}.xml"
    if kind == "briefing-feed":  # in the briefing's folder; not feed.xml, the site's feed
        return briefing_root(key) + BRIEFING_FEED
    if kind == "briefing-changes":
        return briefing_root(key) + BRIEFING_CHANGES
    if kind == "briefing-changes-json":
        return briefing_root(key) + BRIEFING_CHANGES_JSON
    if kind == "asset":  # a static file of the theme or the project: templates/static/<key>
        return f"{ASSETS}/{key}"
    if kind == "source":
        return SOURCES
    if kind == "archive":  # numbered pages of the list of every briefing
        return f"{BRIEFINGS_FOLDER}/index{'' if key == '1' else f'-{key}'}.html"
    if kind in _BRIEFING_PAGES:
        return briefing_root(key) + _BRIEFING_PAGES[kind]
    briefing, item_id = split_key(key)
    if kind == "section":
        return f"{briefing_root(briefing)}sections/{item_id}.html"
    return briefing_root(briefing) + _BRIEFING_ANCHORS[kind][0]


@functools.lru_cache(maxsize=65536)  # a page links to the same items as many others
def target(kind: str, key: str | None = None, fragment: str | None = None) -> str:
    """The output path plus fragment of a page or item, relative to the site root."""
    path = page_of(kind, key)
    if fragment is None and key is not None and (kind == "source" or kind in _BRIEFING_ANCHORS):
        fragment = anchor_id(kind, key)
    return path + (f"#{fragment}" if fragment else "")


def relative(from_page: str, to: str) -> str:
    """A link from the page at `from_page` to `to` (a root-relative path, maybe with #fragment).

    Output paths are plain (no "." or ".." parts), so the link climbs from the page's folder to
    the deepest folder both share and goes down from there. Much cheaper than
    posixpath.relpath, which matters: a large site asks this hundreds of thousands of times
    (370,000 links on a 1,000-section desk), from few folders to few folders.
    """
    if to.startswith("#"):
        return to
    path, hash_mark, fragment = to.partition("#")
    if path == from_page and fragment:
        return f"#{fragment}"
    if "/" not in from_page:
        return to
    folder, _, name = path.rpartition("/")
    return _way(from_page.rpartition("/")[0], folder) + name + hash_mark + fragment


@functools.lru_cache(maxsize=4096)
def _way(from_folder: str, to_folder: str) -> str:
    """The relative path from one folder of the site to another ("" or ending in "/");
    both relative to the root, "" for the root itself."""
    here = from_folder.split("/") if from_folder else []
    there = to_folder.split("/") if to_folder else []
    shared = 0
    while shared < len(here) and shared < len(there) and here[shared] == there[shared]:
        shared += 1
    down = "/".join(there[shared:])
    return "../" * (len(here) - shared) + (down + "/" if down else "")


def markdown_prefix(briefing: str) -> str:
    """How links in a briefing's converted Markdown reach the site root: the pages that show
    it (its section pages, its full view) all sit one folder below the briefing's folder."""
    return "../" * (briefing_root(briefing).count("/") + 1)


def href(from_page: str, kind: str, key: str | None = None, fragment: str | None = None) -> str:
    return relative(from_page, target(kind, key, fragment))


def root_path(base_url: str | None) -> str:
    """The path part of the public URL (`/briefing/`), or `/` when the site has none."""
    if not base_url:
        return "/"
    path = urlsplit(base_url).path
    return path if path.endswith("/") else path + "/"


def href_from_root(root: str, kind: str, key: str | None = None, fragment: str | None = None) -> str:
    """An absolute-path link, for the one page served at unknown depth (404.html): a relative
    link there would resolve against whatever missing URL the reader asked for."""
    return root + target(kind, key, fragment)


def public_url(base_url: str, path: str) -> str:
    """The absolute URL of an output file; a folder's index.html is named by its folder."""
    if path == HOME:
        return base_url
    if path.endswith("/" + HOME):
        path = path[: -len(HOME)]
    return base_url + path
