"""Raster images decoded, checked and encoded again with Pillow: the published versions of
a JPEG, PNG or WebP file (what sitegen/media/images.py says it accepts and publishes).

Pillow earns its place: decoding JPEG, PNG and WebP safely, resampling well and encoding them
again is far beyond what sitegen should write itself. This is its own module so that Pillow
is imported only by a build that has an image to process, not by every build, which would
pay for the import for nothing (sitegen/media/library.py imports it when one has).
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from sitegen.media.images import (
    JPEG_QUALITY,
    MAX_PIXELS,
    NAMES,
    WEBP_QUALITY,
    ImageError,
    Processed,
    Version,
    version_widths,
)

_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def process_raster(data: bytes, kind: str) -> Processed:
    """The published versions of a JPEG, PNG or WebP file; ImageError when it is refused."""
    image = _opened(data, kind)
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise ImageError("is truncated or damaged: it cannot be decoded") from None
    pixels = _pixels_only(image, kind)
    icc = image.info.get("icc_profile") if kind != "png" else None
    versions = []
    for width in version_widths(pixels.width):
        height = max(1, round(pixels.height * width / pixels.width))
        resized = (
            pixels
            if width == pixels.width
            else pixels.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        versions.append(Version(width, height, _encoded(resized, kind, icc)))
    return Processed(kind, tuple(versions))


def _opened(data: bytes, kind: str) -> Image.Image:
    """The image with only its header read, checked for animation and pixel count."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[kind]])
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ImageError(f"cannot be read as a {NAMES[kind]} image: it is truncated or damaged") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"has more pixels than the limit of {MAX_PIXELS:,}") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageError(
            f"is {width:,} × {height:,} pixels ({width * height:,} pixels); the "
            f"limit is {MAX_PIXELS:,} pixels (resize it; a small file that "
            "decodes this large is a decompression bomb)"
        )
    if getattr(image, "n_frames", 1) > 1:
        raise ImageError("is animated; sitegen publishes still images only")
    if kind == "jpeg":  # decode at the smallest scale that still gives the widest version
        target = version_widths(width)[-1]
        image.draft(image.mode, (target, max(1, height * target // width)))
    return image


def _pixels_only(image: Image.Image, kind: str) -> Image.Image:
    """A new image holding only the pixels: no EXIF, XMP, comments or text chunks to leak."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if kind == "jpeg":
        mode = "L" if image.mode == "L" else "RGB"
    else:
        mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else ("RGBA" if has_alpha else "RGB")
    converted = image if image.mode == mode else image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encoded(image: Image.Image, kind: str, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if kind == "jpeg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **extra)
    elif kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4, **extra)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
