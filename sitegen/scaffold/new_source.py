"""`sitegen new source URL` (or `--from-file saved.html`): a source entry filled from the
page's own metadata, and the article's text kept as its snapshot (content/snapshots/<id>.txt,
what `sitegen check` verifies quotes and figures against).

The metadata (OpenGraph, JSON-LD, `<meta>`, the canonical link) and the main text are read by
trafilatura, imported here only: no other command pays for loading it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.content.fields import is_web_url
from sitegen.content.validate import id_problem
from sitegen.errors import ContentError, Location, Problem, UsageError, display_path
from sitegen.scaffold.new_items import Added, check_free, slug
from sitegen.scaffold.source_page import MAX_PAGE_BYTES, PageRefused, check_web_url, fetch_page
from sitegen.scaffold.writing import write_new_files
from sitegen.scaffold.yaml_entries import append_entry, entry_text, load_project

SNAPSHOTS_FOLDER = "snapshots"


@dataclass(frozen=True, slots=True)
class PageMetadata:
    url: str | None  # canonical
    publisher: str | None
    title: str | None
    published: dt.date | None
    text: str  # the article's main text


def new_source(
    content_dir: Path,
    url: str | None,
    key: str | None,
    from_file: Path | None,
    page_url: str | None,
    timeout: float,
    allow_private: bool,
) -> Added:
    if (url is None) == (from_file is None):
        raise UsageError("give the page's URL, or --from-file with a page saved from the browser")
    if key is not None and (message := id_problem(key, "source")):
        raise UsageError(message)
    site = load_project(content_dir)
    where = url or display_path(from_file)  # type: ignore[arg-type]
    try:
        if from_file is not None:
            body, found_at = _saved_page(from_file), page_url
        else:
            assert url is not None
            page = fetch_page(url, timeout, allow_private)
            body, found_at = page.body, page.url
        if page_url is not None:
            check_web_url(page_url)
    except PageRefused as refused:
        raise _refused(where, str(refused)) from None
    metadata = page_metadata(body, found_at)
    address = page_url or metadata.url or found_at
    if address is None or not is_web_url(address):
        raise _refused(where, "the page names no canonical URL of its own: give it with --url")
    if not metadata.text:
        raise _refused(where, "no article text was found in the page")
    key = key or source_id(address, metadata.title)
    if not key or id_problem(key, "source"):
        raise UsageError("no id could be made from the page's URL: give one with --id")
    check_free(key, site.sources, "source")
    snapshots = content_dir / SNAPSHOTS_FOLDER
    for taken in (snapshots / f"{key}.txt", snapshots / f"{key}.html"):
        if taken.exists():
            raise ContentError(
                [Problem(Location(display_path(taken)), "a snapshot of this id is already here", "exists")]
            )
    publisher = metadata.publisher or _host(address)
    fields = {
        "publisher": publisher,
        "title": metadata.title,
        "url": address,
        "published": metadata.published,
        "accessed": dt.date.today(),
    }
    snapshot = snapshots / f"{key}.txt"
    write_new_files(snapshots, {snapshot.name: (metadata.text.rstrip() + "\n").encode("utf-8")})
    try:
        line = append_entry(content_dir, content_dir / "sources.yaml", entry_text(key, fields))
    except BaseException:
        snapshot.unlink(missing_ok=True)
        raise
    return Added("source", key, content_dir / "sources.yaml", line, f"[@{key}]", (snapshot,))


def page_metadata(body: bytes, url: str | None) -> PageMetadata:
    """What the page says of itself, and its main text, as trafilatura reads them."""
    import trafilatura  # lazily: only `new source` needs it, and it takes a while to import
    from trafilatura.settings import set_date_params

    document = trafilatura.bare_extraction(
        body,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # the date the page gives as its own, not a guess from dates in its text
        date_extraction_params=set_date_params(extensive=False),
    )
    if document is None:
        return PageMetadata(None, None, None, None, "")

    def value(name: str) -> object:  # a Document since trafilatura 2.0; a dict before
        return document.get(name) if isinstance(document, dict) else getattr(document, name, None)

    published = None
    if isinstance(date := value("date"), str):
        try:
            published = dt.date.fromisoformat(date[:10])
        except ValueError:
            published = None
    text = value("text")
    return PageMetadata(
        _clean(value("url")) or None,
        _clean(value("sitename")) or None,
        _clean(value("title")) or None,
        published,
        text.strip() if isinstance(text, str) else "",
    )


def source_id(url: str, title: str | None) -> str:
    """An id from the URL's last words (`.../harbour-bridge-repairs` -> `harbour-bridge-repairs`),
    else from the title's first words."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    last = re.sub(r"\.[a-z0-9]{1,5}$", "", segments[-1]) if segments else ""
    words = slug(last).split("-")
    if len([w for w in words if w.isalpha()]) < 2 and title:
        words = slug(title).split("-")
    return "-".join(words[:6])


def _saved_page(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageRefused(f"the page is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MiB")
        return path.read_bytes()
    except OSError as error:
        raise PageRefused(f"could not read it: {error.strerror or error}") from None


def _clean(text: object) -> str:
    return " ".join(text.split()) if isinstance(text, str) else ""


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _refused(where: str, message: str) -> ContentError:
    return ContentError([Problem(Location(where), f"{message}; nothing was written", "new-source")])
