"""The warnings of `sitegen check` about figures and charts: image files no figure uses,
figures and charts no section shows, and images over a size limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitegen.checks.draft_uses import DraftUses
from sitegen.content.load import files_with_suffixes
from sitegen.errors import Location, Problem
from sitegen.site.resolve import Resolved

# The files that look like images, whatever sitegen accepts (a .gif lying around is unused too).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".svg", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".avif")
# A raster image is resized before it is published, so its size costs the repository and
# the build, not the reader; an SVG is published as it is, and weighs on every page showing it.
MAX_PHOTO_BYTES = 5_000_000
MAX_SVG_BYTES = 100_000


def _warning(where: Location, message: str, code: str) -> Problem:
    return Problem(where, message, code, "warning")


def media_warnings(resolved: Resolved, content_dir: Path, in_drafts: DraftUses) -> Iterator[Problem]:
    site = resolved.site
    images = files_with_suffixes(content_dir, IMAGE_SUFFIXES)
    shown = content_dir.as_posix().rstrip("/")
    used = set()
    # a draft briefing's figures are not read by the build: its folder's images are its own
    draft_folders = tuple(f"briefings/{briefing.id}/" for briefing in site.drafts.briefings)
    for briefing in site.briefings:
        for figure in briefing.figures.values():
            used.add(figure.file)
            if figure.key not in in_drafts["figure"] and not resolved.backlinks_to("figure", figure.key):
                yield _warning(
                    figure.origin, f"figure '{figure.id}' is not shown in any section", "unused-figure"
                )
            size = images.get(figure.file, 0)
            limit = MAX_SVG_BYTES if figure.file.lower().endswith(".svg") else MAX_PHOTO_BYTES
            if size > limit:
                yield _warning(
                    figure.file_at,
                    f"figure '{figure.id}': '{figure.file}' is "
                    f"{size:,} bytes, over the limit of {limit:,} bytes for "
                    f"{'an SVG' if limit == MAX_SVG_BYTES else 'a raster image'}",
                    "large-image",
                )
        for chart in briefing.charts.values():
            if chart.key not in in_drafts["chart"] and not resolved.backlinks_to("chart", chart.key):
                yield _warning(
                    chart.origin, f"chart '{chart.id}' is not shown in any section", "unused-chart"
                )
    for path in images:
        if path not in used and not path.startswith(draft_folders):
            yield _warning(
                Location(f"{shown}/{path}"), "image file is not used by any figure", "unused-image"
            )
