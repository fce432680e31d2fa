"""What figures cost a build: a briefing with 50 photos, built cold and warm.

    .venv/bin/python benchmarks/images.py [--photos 50] [--width 4000] [--height 3000] [--runs 3]

The photos are synthetic but photo-like for an encoder (noise over gradients, JPEG quality 90,
a camera's 12 megapixels by default, with EXIF), one figure each, spread over ten sections of
the mini test briefing. Printed, as medians of --runs runs, each build a fresh process:
  cold       sitegen build --no-cache: every photo decoded, resized to its widths, encoded
  cold+cache sitegen build with an empty cache: the same, and the versions kept in the cache
  warm       sitegen build again, nothing changed: the output is up to date, nothing is read
             but the inputs' digest
  warm+edit  one section's text changed: every photo is hashed, no photo is decoded
  warm+photo one photo changed: that photo alone is processed
and the bytes published per photo.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SITEGEN = [sys.executable, "-m", "sitegen"]


def photo(width: int, height: int, seed: int) -> bytes:
    noise = Image.effect_noise((width // 4, height // 4), 48).resize((width, height))
    gradient = Image.linear_gradient("L").rotate(seed * 7 % 360).resize((width, height))
    red = Image.blend(noise, gradient, 0.6)
    image = Image.merge("RGB", (red, gradient, Image.effect_noise((width, height), 24)))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, float(seed)), 3: "E", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def write_project(folder: Path, photos: int, width: int, height: int) -> Path:
    project = folder / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    content = project / "content"
    (content / "figures").mkdir()
    figures = []
    for n in range(photos):
        (content / "figures" / f"photo-{n}.jpg").write_bytes(photo(width, height, n))
        figures.append(
            f"photo-{n}:\n  file: figures/photo-{n}.jpg\n  alt: Photo {n}\n  credit: 'Photo: Test Wire'\n"
        )
    (content / "figures.yaml").write_text("".join(figures), encoding="utf-8")
    per_section = max(1, photos // 10)
    for s in range(10):
        shown = "\n\n".join(
            f"[[figure:photo-{n}]]" for n in range(s * per_section, min(photos, (s + 1) * per_section))
        )
        (content / "sections" / f"pics-{s}.md").write_text(
            f"---\ntitle: Pictures {s}\norder: {10 + s}\n---\nPictures [@wire].\n\n{shown}\n",
            encoding="utf-8",
        )
    return project


def timed(project: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([*SITEGEN, "build", *args], cwd=project, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {
        name: [] for name in ("cold", "cold+cache", "warm", "warm+edit", "warm+photo")
    }
    with tempfile.TemporaryDirectory() as scratch:
        project = write_project(Path(scratch), args.photos, args.width, args.height)
        sources = sum(p.stat().st_size for p in (project / "content" / "figures").iterdir())
        for run in range(args.runs):
            shutil.rmtree(project / ".sitegen-cache", ignore_errors=True)
            results["cold"].append(timed(project, "--no-cache"))
            results["cold+cache"].append(timed(project))
            results["warm"].append(timed(project))
            section = project / "content" / "sections" / "one.md"
            section.write_text(section.read_text() + f"\nEdit {run}.\n")
            results["warm+edit"].append(timed(project))
            first = project / "content" / "figures" / "photo-0.jpg"
            first.write_bytes(photo(args.width, args.height, 1000 + run))
            results["warm+photo"].append(timed(project))
        published = sum(p.stat().st_size for p in (project / "output" / "figures").iterdir())
    print(
        f"{args.photos} photos of {args.width} × {args.height} "
        f"({sources / args.photos / 1e6:.1f} MB each on average); "
        f"published {published / args.photos / 1e3:.0f} KB per photo in 4 widths"
    )
    for name, times in results.items():
        print(f"{name:>11}: {statistics.median(times):6.2f} s")


if __name__ == "__main__":
    main()
