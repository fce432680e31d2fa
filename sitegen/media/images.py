"""Images: what a file holds, whether it is what its extension says, and what is published
of a raster image (several widths for srcset, every bit of metadata left behind); the
decoding and encoding themselves are in sitegen/media/raster.py.

sitegen only decides what to accept (types a browser shows, whose content matches the
extension, of bounded pixel count, whole) and what to publish (pixels only: EXIF with its GPS
position, XMP, IPTC and comments are not carried over; the orientation is applied to the
pixels first so the picture stays upright).
"""

from __future__ import annotations

from dataclasses import dataclass

# What each extension must hold; the names are how messages call them.
KIND_OF_EXTENSION = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".svg": "svg"}
NAMES = {
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "svg": "SVG",
    "gif": "GIF",
    "bmp": "BMP",
    "tiff": "TIFF",
    "pdf": "PDF",
    "heic": "HEIC",
    "avif": "AVIF",
}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "svg": "svg"}

# A "decompression bomb" is a small file that decodes to a huge number of pixels; 40 million
# pixels (a 7,700 × 5,200 photo) is past any camera a newsroom uses, and decodes in ~120 MB.
MAX_PIXELS = 40_000_000
# The widths made for srcset (narrowest first). The reading column is at most 36rem (576 CSS
# pixels) wide: 360 serves phones, 720 a desktop screen (and a phone at 2x), 1080 and 1440
# screens of 2x and 3x density. Never wider than the original.
WIDTHS = (360, 720, 1080, 1440)
DEFAULT_WIDTH = 720  # the version in `src`, for browsers that ignore srcset
JPEG_QUALITY = 80
WEBP_QUALITY = 80


class ImageError(Exception):
    """What is wrong with an image file, in words for the message that names it."""


@dataclass(frozen=True, slots=True)
class Version:
    width: int
    height: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Processed:
    """An image as it is published: its kind, and each width made (narrowest first)."""

    kind: str
    versions: tuple[Version, ...]

    @property
    def largest(self) -> Version:
        return self.versions[-1]


def sniff(data: bytes) -> str | None:
    """The kind of image the bytes hold, from their first bytes (not from any file name)."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:2] == b"BM":
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return "avif" if brand in (b"avif", b"avis") else "heic" if brand[:3] in (b"hei", b"mif") else None
    text = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in data[:4096]:
        return "svg"
    return None


def expected_kind(extension: str, data: bytes) -> str:
    """The kind the extension promises, if the bytes hold it; ImageError otherwise."""
    kind = KIND_OF_EXTENSION[extension.lower()]
    found = sniff(data)
    if found != kind:
        holds = f"it holds {NAMES[found]}" if found else "its content is not an image sitegen knows"
        article = "an" if kind == "svg" else "a"
        raise ImageError(
            f"does not hold {article} {NAMES[kind]} image, as its extension '{extension}' says ({holds})"
        )
    return kind


def version_widths(width: int) -> tuple[int, ...]:
    """The widths made of an image `width` pixels wide: those of WIDTHS below it, and the
    image's own width in place of the larger ones."""
    below = [w for w in WIDTHS if w < width]
    return tuple(below + [width] if width <= WIDTHS[-1] else below)
