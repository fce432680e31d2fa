"""The media step, between validation and resolving: every figure's image read, checked and
published once, and the site handed on with each figure knowing its published versions.

For each figure: its file is read (sitegen/content/load.py keeps it inside content/), its
content must match its extension, an SVG must be safe (svg.py) and a raster image whole and of
bounded size (images.py). Raster versions come from the cache when the same bytes were
processed before (image_cache.py); only new or changed images are decoded. Output files are
named by a digest of the source's bytes, so a changed image never reaches a reader stale.
All problems of all figures are collected, and nothing is written when there is one.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import PIL

from sitegen import urls
from sitegen.code_stamp import code_stamp_or_none
from sitegen.content.load import read_binary
from sitegen.content.model import Site
from sitegen.content.visuals import Figure, ImageVersion, PublishedImage
from sitegen.errors import ContentError, Problem, display_path
from sitegen.media.image_cache import ImageCache
from sitegen.media.images import (
    DEFAULT_WIDTH,
    EXTENSIONS,
    JPEG_QUALITY,
    WEBP_QUALITY,
    WIDTHS,
    ImageError,
    Processed,
    expected_kind,
)
from sitegen.media.svg import check_svg

_UNSAFE_NAME = re.compile(r"[^a-z0-9]+")


def media_salt() -> str:
    """Everything besides an image's bytes that shapes its published versions."""
    return "|".join(
        (code_stamp_or_none(), PIL.__version__, repr(WIDTHS), str(JPEG_QUALITY), str(WEBP_QUALITY))
    )


@dataclass(frozen=True, slots=True)
class _Published:
    image: PublishedImage
    files: Mapping[str, bytes]


class MediaLibrary:
    """Publishes the images of a site. Kept between builds by the preview, it remembers what
    it published by the digest of each source file, so an unchanged image costs a hash."""

    def __init__(self, content_dir: Path, cache_dir: Path | None):
        self.content_dir = content_dir
        self.cache = ImageCache(cache_dir, media_salt())
        self._published: dict[tuple[str, str], _Published] = {}  # (digest, name) ->
        self.processed = 0  # raster images decoded and encoded by this library
        self.reused = 0  # raster images taken from the cache or from memory

    def publish(self, site: Site) -> tuple[Site, dict[str, bytes]]:
        """The site with every figure's `image` filled in, and the files to publish;
        raises ContentError with every problem found."""
        problems: list[Problem] = []
        files: dict[str, bytes] = {}
        briefings = []
        used: dict[tuple[str, str], _Published] = {}
        for briefing in site.briefings:
            figures = {}
            for key, figure in briefing.figures.items():
                published = self._figure(figure, problems, used)
                if published is not None:
                    files.update(published.files)
                    figures[key] = replace(figure, image=published.image)
            briefings.append(replace(briefing, figures=figures))
        if problems:
            raise ContentError(problems)
        self._published = used  # what the next build may reuse without reading the cache
        return replace(site, briefings=tuple(briefings), by_id={}), files

    def _figure(
        self, figure: Figure, problems: list[Problem], used: dict[tuple[str, str], _Published]
    ) -> _Published | None:
        owner = f"figure '{figure.id}'"
        data = read_binary(self.content_dir, figure.file, owner, figure.file_at, problems)
        if data is None:
            return None
        digest = hashlib.sha256(data).hexdigest()
        name = _output_name(figure.file, digest)
        known = used.get((digest, name)) or self._published.get((digest, name))
        if known is not None:
            if known.image.kind != "svg":
                self.reused += 1
                self.cache.keep(self.cache.key(digest))
            used[(digest, name)] = known
            return known
        extension = posixpath.splitext(figure.file)[1]
        try:
            kind = expected_kind(extension, data)
            if kind == "svg":
                published = self._svg(figure, data, digest, name, problems)
            else:
                published = self._raster(data, kind, digest, name)
        except ImageError as error:
            problems.append(Problem(figure.file_at, f"{owner}: '{figure.file}' {error}", "bad-image"))
            return None
        if published is not None:
            used[(digest, name)] = published
        return published

    def _svg(
        self, figure: Figure, data: bytes, digest: str, name: str, problems: list[Problem]
    ) -> _Published | None:
        size, found = check_svg(data, display_path(self.content_dir / figure.file))
        if size is None:
            problems.extend(found)
            return None
        path = f"{name}.svg"
        image = PublishedImage(
            "svg", size.width, size.height, digest, (ImageVersion(path, size.width),), path
        )
        return _Published(image, {path: data})

    def _raster(self, data: bytes, kind: str, digest: str, name: str) -> _Published:
        key = self.cache.key(digest)
        processed = self.cache.get(key)
        if processed is None:
            from sitegen.media.raster import process_raster  # Pillow, only when needed

            processed = process_raster(data, kind)
            self.cache.put(key, processed)
            self.processed += 1
        else:
            self.reused += 1
        return _published(processed, digest, name)


def _output_name(file: str, digest: str) -> str:
    """`figures/<name>-<digest>`: the file's name made safe for a URL, and the first hex
    digits of its content's digest (a changed image gets a new name)."""
    stem = posixpath.splitext(posixpath.basename(file))[0]
    safe = _UNSAFE_NAME.sub("-", stem.lower()).strip("-")[:60] or "image"
    return f"{urls.FIGURES_FOLDER}/{safe}-{digest[:10]}"


def _published(processed: Processed, digest: str, name: str) -> _Published:
    extension = EXTENSIONS[processed.kind]
    files = {f"{name}-{v.width}.{extension}": v.data for v in processed.versions}
    versions = tuple(ImageVersion(f"{name}-{v.width}.{extension}", v.width) for v in processed.versions)
    default = min(versions, key=lambda v: (v.width < DEFAULT_WIDTH, abs(v.width - DEFAULT_WIDTH)))
    largest = processed.largest
    return _Published(
        PublishedImage(processed.kind, largest.width, largest.height, digest, versions, default.path), files
    )
