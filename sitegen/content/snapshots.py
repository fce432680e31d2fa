"""Source snapshots: the text of a source as the editor captured it, one per source, taken from
`content/snapshots/<source-id>.txt` as written or from `<source-id>.html` without its markup.
What `sitegen check` verifies quotes and figures against."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from sitegen.content.load import TextFile
from sitegen.content.suggestions import unknown_id
from sitegen.errors import Location, Problem


@dataclass(frozen=True, slots=True)
class Snapshot:
    source: str  # the source's id
    path: str  # as shown in messages
    text: str  # the readable text


def snapshots_by_source(
    files: Iterable[TextFile], sources: Mapping[str, object], problems: list[Problem]
) -> dict[str, Snapshot]:
    """One snapshot per source id; a file named after no source, or a second file for one
    source, is a problem."""
    found: dict[str, Snapshot] = {}
    for file in files:
        name = file.path.rsplit("/", 1)[-1]
        source, _, suffix = name.rpartition(".")
        where = Location(file.path)
        if source not in sources:
            problems.append(
                Problem(
                    where,
                    f"snapshot of {unknown_id('source', source, {'source': sources})}: "
                    "a snapshot is named <source-id>.txt or <source-id>.html",
                    "unknown-id",
                )
            )
        elif source in found:
            problems.append(
                Problem(
                    where,
                    f"source '{source}' already has a snapshot, {found[source].path}; keep one",
                    "duplicate-snapshot",
                )
            )
        else:
            text = html_text(file.text) if suffix == "html" else file.text
            found[source] = Snapshot(source, file.path, text)
    return found


# Elements whose content is not text a reader reads.
_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "svg", "math"})
# Elements that end a line of text (so words of two paragraphs never run together).
_BREAKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text a reader reads in an HTML page: tags, scripts and styles left out, character
    references decoded, one line per block."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
