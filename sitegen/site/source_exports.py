"""The sources to take away, in the formats reference managers import: CSL-JSON (Zotero, Pandoc,
citeproc), BibTeX (biblatex's `@online`, `urldate`) and RIS (EndNote, Mendeley); and each
briefing's own citation in CSL-JSON and BibTeX.

A source with a URL is cited as the web page read (CSL `webpage`, `@online`, RIS `ELEC`), one
without as the publisher's report (`article-newspaper`, `@misc`, `NEWS`). Only what the content
says goes in: no field for a date or URL it does not give. Pure functions of the site: the same
content gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sitegen import urls
from sitegen.content.model import Briefing, Site, Source
from sitegen.site.source_view import STATUS_NOTES

# (label, output path, media type) of the sources page's downloads
SOURCE_DOWNLOADS = (
    ("CSL-JSON", urls.SOURCES_CSL_JSON, "application/vnd.citationstyles.csl+json"),
    ("BibTeX", urls.SOURCES_BIBTEX, "application/x-bibtex"),
    ("RIS", urls.SOURCES_RIS, "application/x-research-info-systems"),
)


@dataclass(frozen=True, slots=True)
class BriefingCitation:
    """What "Cite this briefing" shows: the BibTeX entry to copy, and the files to download."""

    bibtex: str
    downloads: tuple[tuple[str, str, str], ...]  # (label, output path, media type)


def source_export_files(site: Site) -> dict[str, bytes]:
    """Output path -> bytes of the three exports of the site's sources, and of each briefing's
    own citation."""
    sources = list(site.sources.values())
    files = {
        urls.SOURCES_CSL_JSON: _json([source_csl(source) for source in sources]),
        urls.SOURCES_BIBTEX: "".join(map(source_bibtex, sources)).encode(),
        urls.SOURCES_RIS: "".join(map(source_ris, sources)).encode(),
    }
    for briefing in site.briefings:
        folder = urls.briefing_root(briefing.id)
        files[folder + urls.CITE_CSL_JSON] = _json([briefing_csl(site, briefing)])
        files[folder + urls.CITE_BIBTEX] = briefing_bibtex(site, briefing).encode()
    return files


def briefing_citation(site: Site, briefing: Briefing) -> BriefingCitation:
    folder = urls.briefing_root(briefing.id)
    return BriefingCitation(
        briefing_bibtex(site, briefing),
        (
            ("CSL-JSON", folder + urls.CITE_CSL_JSON, SOURCE_DOWNLOADS[0][2]),
            ("BibTeX", folder + urls.CITE_BIBTEX, SOURCE_DOWNLOADS[1][2]),
        ),
    )


def _json(items: list[dict[str, Any]]) -> bytes:
    return (json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


# --- CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html) -------------


def _csl_date(iso: str) -> dict[str, Any]:
    """An ISO date ("2026-01-13", "2026-01", "2026") as CSL date parts."""
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def _archive_note(source: Source) -> str | None:
    """The archived copy and the original's state, in words: CSL and RIS have no field for an
    archive's URL, and a note is what reference managers keep and show."""
    parts = []
    if source.archive_url:
        when = f" {source.archived}" if source.archived else ""
        parts.append(f"Archived{when}: {source.archive_url}")
    if note := STATUS_NOTES.get(source.status or ""):
        parts.append(f"Original {note}")
    return ". ".join(parts) or None


def source_csl(source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": source.id,
        "type": "webpage" if source.url else "article-newspaper",
        "publisher": source.publisher,
        "container-title": source.publisher,  # the site (webpage) or paper (article) it is in
    }
    optional = {
        "title": source.title,
        "URL": source.url,
        "issued": source.published and _csl_date(source.published),
        "accessed": source.accessed and _csl_date(source.accessed),
        "note": _archive_note(source),
    }
    item.update({name: value for name, value in optional.items() if value})
    return item


def briefing_csl(site: Site, briefing: Briefing) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": briefing.id or "briefing",
        "type": "webpage",
        "title": briefing.title,
        "container-title": site.title,
    }
    optional = {
        "author": [{"literal": name} for name in briefing.authors],
        "publisher": briefing.publisher,
        "abstract": briefing.standfirst,
        "issued": briefing.published and _csl_date(briefing.published),
        "URL": _public_url(site, briefing),
    }
    item.update({name: value for name, value in optional.items() if value})
    return item


def _public_url(site: Site, briefing: Briefing) -> str | None:
    if site.base_url is None:
        return None
    return urls.public_url(site.base_url, urls.page_of("briefing", briefing.id))


# --- BibTeX (biblatex's data model: @online with url and urldate) -----------------------------

# What TeX reads as markup, written so that it prints as itself.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL = re.compile("[" + re.escape("".join(_TEX_SPECIALS)) + "]")
# In a URL, characters that would end a field or start a TeX command: percent-encoded, which
# names the same address (RFC 3986 section 2.1).
_URL_UNSAFE = {"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"}


def tex_text(text: str) -> str:
    """Text as a BibTeX field's value: TeX's special characters escaped, whitespace collapsed
    (a blank line would end a paragraph). Other characters stay as they are: biber and
    biblatex read UTF-8."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_SPECIALS[m.group()], " ".join(text.split()))


def tex_url(url: str) -> str:
    """A URL for biblatex's verbatim `url` field: only braces, backslashes and spaces encoded."""
    return "".join(_URL_UNSAFE.get(char, char) for char in url)


def _url_in_text(url: str) -> str:
    # \url in another field's text: hyperref asks for % and # escaped there
    return r"\url{" + tex_url(url).replace("%", r"\%").replace("#", r"\#") + "}"


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str | None]]) -> str:
    lines = [f"@{kind}{{{key},"]
    lines.extend(f"  {name} = {{{value}}}," for name, value in fields if value)
    return "\n".join(lines) + "\n}\n\n"


def source_bibtex(source: Source) -> str:
    note_parts = []
    if source.archive_url:
        when = f" {source.archived}" if source.archived else ""
        note_parts.append(f"Archived{when}: {_url_in_text(source.archive_url)}")
    if status := STATUS_NOTES.get(source.status or ""):
        note_parts.append(f"Original {tex_text(status)}")
    return _bibtex_entry(
        "online" if source.url else "misc",
        source.id,
        [
            ("title", source.title and tex_text(source.title)),
            ("organization", tex_text(source.publisher)),
            ("date", source.published),
            ("url", source.url and tex_url(source.url)),
            ("urldate", source.accessed),
            ("note", ". ".join(note_parts)),
        ],
    )


def briefing_bibtex(site: Site, briefing: Briefing) -> str:
    # each name braced whole: BibTeX would otherwise split "Reuters / Agencies" into a given
    # and a family name
    authors = " and ".join("{" + tex_text(name) + "}" for name in briefing.authors)
    url = _public_url(site, briefing)
    return _bibtex_entry(
        "online",
        briefing.id or "briefing",
        [
            ("title", tex_text(briefing.title)),
            ("author", authors),
            ("organization", tex_text(briefing.publisher or site.title)),
            ("date", briefing.published),
            ("url", url and tex_url(url)),
        ],
    ).removesuffix("\n")


# --- RIS (https://en.wikipedia.org/wiki/RIS_(file_format)) ------------------------------------


def _ris_date(iso: str) -> str:
    """RIS dates are YYYY/MM/DD, with missing parts left empty."""
    parts = iso.split("-") + ["", ""]
    return "/".join(parts[:3])


def source_ris(source: Source) -> str:
    return "".join(_ris_lines(source)) + "\r\n"


def _ris_lines(source: Source) -> Iterator[str]:
    # one tag per line, "XX  - value", lines ending CR LF as the format's specification has them
    def line(tag: str, value: str | None) -> Iterator[str]:
        if value:
            yield f"{tag}  - {' '.join(value.split())}\r\n"

    yield from line("TY", "ELEC" if source.url else "NEWS")
    yield from line("ID", source.id)
    yield from line("TI", source.title)
    yield from line("PB", source.publisher)
    yield from line("T2", source.publisher)
    if source.published:
        yield from line("PY", source.published[:4])
        yield from line("DA", _ris_date(source.published))
    yield from line("UR", source.url)
    yield from line("Y2", source.accessed and _ris_date(source.accessed))
    yield from line("N1", _archive_note(source))
    yield "ER  - \r\n"
