"""How a source's links read, the way readers know from Wikipedia's citations: the title links to
the original while it is live, to the archived copy once the original is dead or has changed
("Archived 3 December 2026 from the original"), with the archive date as readers write dates.

One decision, made here for the sources page, the full briefing's endnotes and the citation
popovers alike; templates only display it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.dates import long_date
from sitegen.content.model import Source

# What a reader is told about an original that no longer says what was cited.
STATUS_NOTES = {"dead": "now offline", "changed": "since changed"}


@dataclass(frozen=True, slots=True)
class SourceView:
    href: str | None  # what the title links to: the original, or the archive first
    archive_first: bool  # the title links to the archive; `original` is then the live URL
    original: str | None  # the original URL
    archive: str | None  # the archived copy's URL
    archived: str | None  # ISO date of the archived copy
    note: str | None  # from STATUS_NOTES, for an original that is dead or changed

    @property
    def archived_label(self) -> str | None:
        """ "Archived 3 December 2026" ("Archived" alone when the date is not known)."""
        if self.archive is None:
            return None
        return f"Archived {long_date(self.archived)}" if self.archived else "Archived"


def source_view(source: Source) -> SourceView:
    note = STATUS_NOTES.get(source.status or "")
    # with no original URL at all, the archived copy is the only link there is
    archive_first = source.archive_url is not None and (note is not None or source.url is None)
    return SourceView(
        href=source.archive_url if archive_first else source.url or source.archive_url,
        archive_first=archive_first,
        original=source.url,
        archive=source.archive_url,
        archived=source.archived,
        note=note,
    )
