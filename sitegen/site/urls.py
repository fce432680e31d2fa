"""Every internal URL: where each page lives and how one page links to another.

All links are relative to the page that holds them, so the site works unchanged under `/`,
under a project subpath like `/briefing/`, and from `file://`. Links point at files
(`entities/index.html`, never `entities/`) because `file://` does not serve folder indexes.
Templates never build paths; they ask `href(kind, id)`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

HOME = "index.html"
ENTITIES = "entities/index.html"
SOURCES = "sources/index.html"
FACTS = "facts/index.html"
TIMELINE = "timeline/index.html"
FULL = "full/index.html"
NOT_FOUND = "404.html"
STYLESHEET = "assets/style.css"
ICON = "assets/icon.svg"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
DATA = "data/briefing.json"
SEARCH = "search/index.html"
# Scripts: reader.js and search.js are static files; the two data scripts are generated.
READER_SCRIPT = "assets/reader.js"
SEARCH_SCRIPT = "assets/search.js"
SOURCE_CARDS = "assets/sources.js"
SEARCH_INDEX = "assets/search-index.js"

# Pages that embed rendered section Markdown (its own page, the full-briefing view) all sit
# one folder deep, so links inside converted Markdown start with "../" and stay valid on each.
FROM_MARKDOWN = "../"

_LISTS = {"home": HOME, "entities": ENTITIES, "sources": SOURCES, "facts": FACTS,
          "timeline": TIMELINE, "full": FULL, "stylesheet": STYLESHEET,
          "icon": ICON, "feed": FEED, "sitemap": SITEMAP, "data": DATA,
          "search": SEARCH, "reader-script": READER_SCRIPT,
          "search-script": SEARCH_SCRIPT, "source-cards": SOURCE_CARDS,
          "search-index": SEARCH_INDEX}
_ITEM_PAGES = {"section": "sections/{}.html", "entity": "entities/{}.html"}
# Items shown as entries of a list page: (page, fragment prefix).
_ITEM_ANCHORS = {"source": (SOURCES, "src-"), "fact": (FACTS, "fact-"),
                 "quote": (FACTS, "quote-"), "event": (TIMELINE, "event-")}


def anchor_id(kind: str, item_id: str) -> str:
    """The element id of an item's entry on its list page (`src-reuters`)."""
    return _ITEM_ANCHORS[kind][1] + item_id


def page_of(kind: str, item_id: str | None = None) -> str:
    """The output path of the page that shows `kind` (and item), e.g. `entities/xi.html`."""
    if kind in _LISTS:
        return _LISTS[kind]
    if kind in _ITEM_PAGES:
        assert item_id is not None
        return _ITEM_PAGES[kind].format(item_id)
    return _ITEM_ANCHORS[kind][0]


def target(kind: str, item_id: str | None = None, fragment: str | None = None) -> str:
    """The output path plus fragment of a page or item, relative to the site root."""
    path = page_of(kind, item_id)
    if fragment is None and kind in _ITEM_ANCHORS and item_id is not None:
        fragment = anchor_id(kind, item_id)
    return path + (f"#{fragment}" if fragment else "")


def relative(from_page: str, to: str) -> str:
    """A link from the page at `from_page` to `to` (a root-relative path, maybe with #fragment).

    Output paths are plain (no "." or ".." parts), so the link is "../" once per folder of
    `from_page`, unless both sit in the same folder. Much cheaper than posixpath.relpath, which
    matters: a large briefing asks this hundreds of thousands of times.
    """
    if to.startswith("#"):
        return to
    path, hash_mark, fragment = to.partition("#")
    if path == from_page and fragment:
        return f"#{fragment}"
    folder, slash, _ = from_page.rpartition("/")
    if not slash:
        return to
    if path.startswith(folder) and path[len(folder):len(folder) + 1] == "/" \
            and "/" not in path[len(folder) + 1:]:
        return to[len(folder) + 1:]
    return "../" * (folder.count("/") + 1) + to


def href_from_markdown(kind: str, item_id: str | None = None,
                       fragment: str | None = None) -> str:
    return FROM_MARKDOWN + target(kind, item_id, fragment)


def href(from_page: str, kind: str, item_id: str | None = None,
         fragment: str | None = None) -> str:
    return relative(from_page, target(kind, item_id, fragment))


def root_path(base_url: str | None) -> str:
    """The path part of the public URL (`/briefing/`), or `/` when the site has none."""
    if not base_url:
        return "/"
    path = urlsplit(base_url).path
    return path if path.endswith("/") else path + "/"


def href_from_root(root: str, kind: str, item_id: str | None = None,
                   fragment: str | None = None) -> str:
    """An absolute-path link, for the one page served at unknown depth (404.html): a relative
    link there would resolve against whatever missing URL the reader asked for."""
    return root + target(kind, item_id, fragment)


def public_url(base_url: str, path: str) -> str:
    """The absolute URL of an output file; a folder's index.html is named by its folder."""
    if path == HOME:
        return base_url
    if path.endswith("/" + HOME):
        path = path[: -len(HOME)]
    return base_url + path
