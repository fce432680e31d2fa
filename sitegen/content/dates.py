"""The dates the published files carry (feed `updated`, sitemap `lastmod`), found without guessing.

An article may give no dates, and a build must never invent one or stamp the time it ran (the
same input must give byte-identical output). For each briefing, the first of these that exists
wins:

1. its last update or correction, or `updated`, then `published`, in briefing.yaml: the
   editor's own word;
2. the SOURCE_DATE_EPOCH environment variable (https://reproducible-builds.org/specs/source-date-epoch/);
3. the time of the last git commit that touched the content folder (the same for a checkout);
4. none: the briefing has no date.

The site's date is the latest of its briefings'; without one the feed is left out and the
sitemap has no `lastmod`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sitegen.content.model import Briefing, Site


@dataclass(frozen=True, slots=True)
class ContentDates:
    """RFC 3339 timestamps in UTC (`2026-11-29T00:27:07Z`), or None where nothing says."""

    site: str | None
    briefings: Mapping[str, str | None]  # briefing id -> its date

    def of(self, briefing: Briefing | None) -> str | None:
        return self.site if briefing is None else self.briefings[briefing.id]


def content_dates(site: Site, content_dir: Path) -> ContentDates:
    written = {briefing.id: _written(briefing) for briefing in site.briefings}
    if not all(written.values()):
        fallback = _fallback(content_dir)
        written = {key: date or fallback for key, date in written.items()}
    known = [date for date in written.values() if date]
    return ContentDates(max(known) if known else None, written)


def _written(briefing: Briefing) -> str | None:
    date = briefing.modified or briefing.published
    return f"{date}T00:00:00Z" if date else None


def _fallback(content_dir: Path) -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _utc(int(epoch))
    return _last_commit(content_dir)


def date_inputs(content_dir: Path) -> tuple[str, str]:
    """What `content_dates` goes by besides briefing.yaml (for knowing when nothing changed)."""
    return os.environ.get("SOURCE_DATE_EPOCH", ""), _last_commit(content_dir) or ""


def _last_commit(content_dir: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=content_dir,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git, or not a checkout: nothing to go by
    stamp = result.stdout.strip()
    return _utc(int(stamp)) if result.returncode == 0 and stamp.isdigit() else None


def _utc(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str) -> str:
    """`2026-12-02` as readers write it: "2 December 2026" (the day first, as in British and
    international English; the machine-readable date stays in <time datetime>)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def as_of_text(as_of: str) -> str:
    """A fact's `as_of` as the site writes dates: `2026-01` -> "January 2026", a full ISO date
    as `long_date` writes it, a year or free text ("this year") as written."""
    text = as_of.strip()
    parts = text.split("-")
    if not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        return text
    if len(parts) == 2 and len(parts[1]) == 2 and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3 and len(parts[1]) == len(parts[2]) == 2 and 1 <= int(parts[1]) <= 12:
        return long_date(text)
    return text
