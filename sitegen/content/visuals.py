"""The typed figures and charts of a briefing: images with their alt text, caption and credit,
and charts drawn from sourced data points. Part of the model (see model.py): immutable, and
each remembers where it was written.

A figure's `image` is filled in by the media step (sitegen/media/library.py) once the file was
read, checked and its published versions made; validation leaves it None.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.model import item_key
from sitegen.content.quantities import Quantity
from sitegen.errors import Location

CHART_KINDS = ("bar", "line")


@dataclass(frozen=True, slots=True)
class ImageVersion:
    """One published file of an image: its output path and its width in pixels."""

    path: str
    width: int


@dataclass(frozen=True, slots=True)
class PublishedImage:
    """What a page needs to show an image: its size (so nothing jumps while it loads), the
    version to use by default, and every width made (for srcset; one for an SVG)."""

    kind: str  # jpeg | png | webp | svg
    width: int
    height: int
    digest: str  # of the source file's bytes
    versions: tuple[ImageVersion, ...]  # narrowest first
    default: str  # the output path of the version in `src`


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    file: str  # the image, relative to the content folder (posix)
    alt: str
    caption: str | None
    credit: str | None  # "Photo: Name / Agency"; a figure has a credit, sources, or both
    sources: tuple[str, ...]
    licence: str | None
    entities: tuple[str, ...]
    briefing: str
    origin: Location
    file_at: Location  # where `file` is written, for problems with the image itself
    image: PublishedImage | None = None

    @property
    def key(self) -> str:
        return item_key(self.briefing, self.id)


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One data point: a label, the figure in its source's words, and those sources. A point
    written as `fact:` takes the fact's value and sources (and links to it)."""

    label: str
    words: str
    quantity: Quantity
    sources: tuple[str, ...]
    fact: str | None  # the key of the fact it shows, if one
    origin: Location


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    kind: str  # bar | line
    title: str
    description: str  # a sentence saying what the chart shows, for those who cannot see it
    category_axis: str  # what the labels are: the axis of categories (bar) or time (line)
    value_axis: str  # what the values measure
    points: tuple[ChartPoint, ...]
    entities: tuple[str, ...]
    briefing: str
    origin: Location

    @property
    def key(self) -> str:
        return item_key(self.briefing, self.id)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source of its points, once each, in the order they first appear."""
        return tuple(dict.fromkeys(key for point in self.points for key in point.sources))
