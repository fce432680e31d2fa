"""Image files for the tests, made with Pillow, and a tiny project that shows them."""

from __future__ import annotations

import io
from pathlib import Path

from helpers import FIXTURES, make_project
from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F


def photo(width: int = 1600, height: int = 1000, gps: bool = True, shade: int = 0) -> bytes:
    """A JPEG with a gradient (so it compresses like a photo) and, if asked, a camera make and
    a GPS position in its EXIF."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    if shade:
        image = Image.eval(image, lambda value: (value + shade) % 256)
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "E", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png(width: int = 400, height: int = 300, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return out.getvalue()


SAFE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">\n'
    b'  <title>A box</title>\n  <rect x="1" y="1" width="198" height="98" fill="#ccc"/>\n'
    b"</svg>\n"
)

FIGURES_YAML = """\
map:
  file: figures/photo.jpg
  alt: A street in Strelsau at noon
  caption: Strelsau, where the talks began.
  credit: "Photo: Jane Doe / Test Wire"
  sources: [wire]
  licence: CC BY 4.0
  entities: [ruritania]
"""


def figure_project(
    tmp_path: Path,
    figures: str = FIGURES_YAML,
    files: dict[str, bytes] | None = None,
    placed: str = "[[figure:map]]",
) -> Path:
    """The mini project with figures.yaml, its image files, and `placed` in section two."""
    project = make_project(tmp_path, FIXTURES / "mini")
    content = project / "content"
    (content / "figures.yaml").write_text(figures, encoding="utf-8")
    for name, data in (files if files is not None else {"figures/photo.jpg": photo()}).items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    two = content / "sections" / "two.md"
    two.write_text(two.read_text(encoding="utf-8") + f"\n{placed}\n", encoding="utf-8")
    return project
