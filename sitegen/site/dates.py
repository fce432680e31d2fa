"""The date the published files carry (feed `updated`, sitemap `lastmod`), found without guessing.

The article gives no dates, and a build must never invent one or stamp the time it ran (the
same input must give byte-identical output). The first of these that exists wins:

1. `updated`, then `published`, in briefing.yaml: the editor's own word;
2. the SOURCE_DATE_EPOCH environment variable (https://reproducible-builds.org/specs/source-date-epoch/);
3. the time of the last git commit that touched the content folder (the same for a checkout);
4. none: the feed is left out and the sitemap has no `lastmod`.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sitegen.content.model import Briefing


def content_date(briefing: Briefing, content_dir: Path) -> str | None:
    """An RFC 3339 timestamp in UTC (`2026-11-29T00:27:07Z`), or None when nothing says."""
    written = briefing.updated or briefing.published
    if written:
        return f"{written}T00:00:00Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _utc(int(epoch))
    return _last_commit(content_dir)


def date_inputs(content_dir: Path) -> tuple[str, str]:
    """What `content_date` goes by besides briefing.yaml (for knowing when nothing changed)."""
    return os.environ.get("SOURCE_DATE_EPOCH", ""), _last_commit(content_dir) or ""


def _last_commit(content_dir: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."], cwd=content_dir,
            capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None  # no git, or not a checkout: nothing to go by
    stamp = result.stdout.strip()
    return _utc(int(stamp)) if result.returncode == 0 and stamp.isdigit() else None


def _utc(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
