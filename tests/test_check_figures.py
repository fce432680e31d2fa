"""`sitegen check` on figures and charts: what the build refuses is an error, and unused or
oversized images are warnings, each with its place and its code."""

from __future__ import annotations

from pathlib import Path

from figure_files import FIGURES_YAML, SAFE_SVG, figure_project, photo
from helpers import assert_check, assert_warns

from sitegen.checks.media_rules import MAX_PHOTO_BYTES, MAX_SVG_BYTES


def test_a_project_with_a_used_figure_passes(tmp_path: Path, run_sitegen):
    assert_check(figure_project(tmp_path), run_sitegen, 0, args=("--strict",))


def test_a_figure_without_alt_text_or_credit_is_an_error(tmp_path: Path, run_sitegen):
    figures = "map:\n  file: figures/photo.jpg\n"
    assert_check(
        figure_project(tmp_path, figures),
        run_sitegen,
        1,
        "content/figures.yaml:1:1: error: figure 'map' is missing required field 'alt' [missing-field]",
        "content/figures.yaml:1:1: error: figure 'map' needs a credit line ('credit', "
        "such as 'Photo: Name / Agency') or its sources ('sources') [no-credit]",
    )


def test_a_chart_point_without_a_source_is_an_error(tmp_path: Path, run_sitegen):
    charts = (
        "c:\n  kind: bar\n  title: T\n  description: D\n  category_axis: X\n"
        "  value_axis: Y\n  points:\n    - label: A\n      value: '12'\n"
    )
    project = figure_project(tmp_path, placed="[[figure:map]]\n\n[[chart:c]]")
    (project / "content" / "charts.yaml").write_text(charts, encoding="utf-8")
    assert_check(
        project,
        run_sitegen,
        1,
        "content/charts.yaml:8:7: error: chart 'c', point 1 has no source: add "
        "'sources' (or take the point from a fact) [no-source]",
    )


def test_images_figures_and_charts_nothing_uses(tmp_path: Path, run_sitegen):
    figures = FIGURES_YAML + (
        "spare:\n  file: figures/box.svg\n  alt: A box\n  credit: 'Diagram: the desk'\n"
    )
    project = figure_project(
        tmp_path,
        figures,
        {
            "figures/photo.jpg": photo(),
            "figures/box.svg": SAFE_SVG,
            "figures/old.gif": b"GIF89a",
            "other/scan.png": b"not even a png",
        },
    )
    (project / "content" / "charts.yaml").write_text(
        "c:\n  kind: bar\n  title: T\n  description: D\n  category_axis: X\n  value_axis: Y\n"
        "  points:\n    - label: A\n      fact: troops\n",
        encoding="utf-8",
    )
    assert_warns(
        project,
        run_sitegen,
        "content/charts.yaml:1:1: warning: chart 'c' is not shown in any section [unused-chart]",
        "content/figures.yaml:9:1: warning: figure 'spare' is not shown in any section [unused-figure]",
        "content/figures/old.gif: warning: image file is not used by any figure [unused-image]",
        "content/other/scan.png: warning: image file is not used by any figure [unused-image]",
    )


def test_an_image_over_the_size_limit_is_reported_with_the_limit(tmp_path: Path, run_sitegen):
    svg = SAFE_SVG.replace(b"</svg>", b"<desc>" + b"x" * MAX_SVG_BYTES + b"</desc></svg>")
    figures = FIGURES_YAML + ("box:\n  file: figures/box.svg\n  alt: A box\n  credit: 'Diagram: the desk'\n")
    big_photo = photo(4000, 3000)
    padding = MAX_PHOTO_BYTES + 1 - len(big_photo)
    # bytes after a JPEG's end marker are ignored by decoders: a large file that still decodes
    big_photo += b"\0" * padding
    project = figure_project(
        tmp_path,
        figures,
        {"figures/photo.jpg": big_photo, "figures/box.svg": svg},
        placed="[[figure:map]]\n\n[[figure:box]]",
    )
    assert_warns(
        project,
        run_sitegen,
        f"content/figures.yaml:2:9: warning: figure 'map': 'figures/photo.jpg' is "
        f"{MAX_PHOTO_BYTES + 1:,} bytes, over the limit of {MAX_PHOTO_BYTES:,} bytes for "
        "a raster image [large-image]",
        f"content/figures.yaml:10:9: warning: figure 'box': 'figures/box.svg' is "
        f"{len(svg):,} bytes, over the limit of {MAX_SVG_BYTES:,} bytes for an SVG "
        "[large-image]",
    )
