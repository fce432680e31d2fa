"""Figures: an image placed with [[figure:id]] is published with its caption, credit, size and
every width, without its metadata, under a name that changes with its content, and is listed
where cited material is listed. An image is processed once."""

from __future__ import annotations

import io
from pathlib import Path

from figure_files import GPS_IFD, SAFE_SVG, figure_project, photo
from helpers import parse, snapshot
from PIL import Image


def figure_of(project: Path, page: str = "sections/two.html"):
    return parse(project / "output" / page).select_one("figure.figure")


def test_a_figure_shows_its_image_caption_credit_and_licence(tmp_path, run_sitegen):
    project = figure_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    figure = figure_of(project)
    img = figure.find("img")
    assert img["alt"] == "A street in Strelsau at noon"
    caption = figure.find("figcaption")
    assert caption.select_one(".figure-caption").get_text(strip=True) == "Strelsau, where the talks began."
    credit = caption.select_one(".figure-credit")
    assert credit.find(string=True, recursive=False).strip() == "Photo: Jane Doe / Test Wire"
    mark = credit.select_one("a.cite-mark")
    assert mark["href"] == "../sources/index.html#src-wire"
    assert caption.select_one(".figure-licence").get_text(strip=True) == "Licence: CC BY 4.0."


def test_a_raster_image_comes_in_every_width_up_to_its_own_with_its_size_set(tmp_path, run_sitegen):
    project = figure_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    img = figure_of(project).find("img")
    candidates = [entry.strip().split(" ") for entry in img["srcset"].split(",")]
    assert [width for _, width in candidates] == ["360w", "720w", "1080w", "1440w"]
    assert (img["width"], img["height"]) == ("1440", "900")  # 1600 × 1000, at most 1440 wide
    assert img["sizes"] == "(min-width: 36rem) 33.5rem, calc(100vw - 2.5rem)"
    assert img["src"] == candidates[1][0]
    for url, width in candidates:
        with Image.open(project / "output" / "sections" / url) as published:
            assert published.format == "JPEG"
            assert published.width == int(width.removesuffix("w"))
            assert abs(published.height - published.width * 1000 / 1600) <= 1


def test_a_small_image_is_not_enlarged(tmp_path, run_sitegen):
    project = figure_project(tmp_path, files={"figures/photo.jpg": photo(500, 250)})
    assert run_sitegen(project, "build").status == 0
    img = figure_of(project).find("img")
    assert [entry.split()[1] for entry in img["srcset"].split(", ")] == ["360w", "500w"]
    assert (img["width"], img["height"]) == ("500", "250")


def test_a_jpeg_with_a_gps_position_is_published_without_it(tmp_path, run_sitegen):
    source = photo(gps=True)
    with Image.open(io.BytesIO(source)) as original:  # the test's own photo does carry it
        assert original.getexif().get_ifd(GPS_IFD)
    project = figure_project(tmp_path, files={"figures/photo.jpg": source})
    assert run_sitegen(project, "build").status == 0
    published = sorted((project / "output" / "figures").glob("*.jpg"))
    assert len(published) == 4
    for path in published:
        data = path.read_bytes()
        assert b"Exif" not in data and b"TestCam" not in data, path.name
        with Image.open(path) as image:
            assert not image.getexif(), path.name
            assert "exif" not in image.info and "xmp" not in image.info


def test_an_svg_figure_is_published_as_it_is_with_its_size(tmp_path, run_sitegen):
    figures = "box:\n  file: figures/box.svg\n  alt: A grey box\n  credit: 'Diagram: the desk'\n"
    project = figure_project(tmp_path, figures, {"figures/box.svg": SAFE_SVG}, "[[figure:box]]")
    assert run_sitegen(project, "build").status == 0
    img = figure_of(project).find("img")
    assert (img["width"], img["height"]) == ("200", "100")
    assert not img.has_attr("srcset")
    assert (project / "output" / "sections" / img["src"]).read_bytes() == SAFE_SVG
    credit = figure_of(project).select_one(".figure-credit")
    assert credit.get_text(strip=True) == "Diagram: the desk" and not credit.select("a")


STYLED_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="400" height="2e2" viewBox="0 0 200 100">
  <style><![CDATA[
    /* Exported with the desk's colours only: no @import, no web fonts. */
    .bar { fill: url(#shade); stroke: #333; stroke-width: 1.5 }
    .label { font: 12px/1.2 'Noto Sans', sans-serif; font-size: 0.8em; fill: rgb(20 20 20) }
    @media (prefers-color-scheme: dark) { .label { fill: hsl(0 0% 90%) } }
  ]]></style>
  <defs>
    <linearGradient id="shade"><stop offset="0" stop-color="#ccc"/></linearGradient>
    <clipPath id="frame"><rect width="200" height="100"/></clipPath>
  </defs>
  <g clip-path="url(#frame)" transform="translate(1, 2) rotate(3)">
    <rect class="bar" x="10" y="10" width="80" height="60"/>
    <rect style="fill: url( '#shade' ); stroke: #333; opacity: calc(0.5 + 0.25)" x="100"
          y="10" width="80" height="60"/>
    <text class="label" x="10" y="90">Talks, 2025-2026</text>
  </g>
</svg>
"""


def test_an_svg_with_harmless_css_is_published_as_it_is(tmp_path, run_sitegen):
    # Colours, strokes, fonts, references to its own gradient and @media are CSS a figure
    # may hold; "@import" in a comment is no at-rule, and 2e2 is a number of pixels.
    figures = "box:\n  file: figures/box.svg\n  alt: Two bars\n  credit: 'Diagram: the desk'\n"
    project = figure_project(tmp_path, figures, {"figures/box.svg": STYLED_SVG}, "[[figure:box]]")
    result = run_sitegen(project, "build")
    assert result.status == 0, result.err
    img = figure_of(project).find("img")
    assert (img["width"], img["height"]) == ("400", "200")
    assert (project / "output" / "sections" / img["src"]).read_bytes() == STYLED_SVG


def test_a_changed_image_gets_new_file_names(tmp_path, run_sitegen):
    project = figure_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    before = figure_of(project).find("img")["srcset"]
    (project / "content" / "figures" / "photo.jpg").write_bytes(photo(shade=40))
    assert run_sitegen(project, "build").status == 0
    after = figure_of(project).find("img")["srcset"]
    assert before != after
    names = {path.name for path in (project / "output" / "figures").iterdir()}
    assert names == {entry.split()[0].rsplit("/", 1)[1] for entry in after.split(", ")}


def test_an_image_is_processed_once_and_the_output_is_the_same(tmp_path, run_sitegen):
    project = figure_project(tmp_path)
    first = run_sitegen(project, "build")
    assert first.out.startswith("built 12 pages into output/ in ")
    assert first.out.strip().endswith(
        ": 1 briefing, 2 sections, 2 entities, 2 sources, 1 image (1 processed, 0 from the cache)"
    )
    built = snapshot(project / "output")
    two = project / "content" / "sections" / "two.md"
    two.write_text(two.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    second = run_sitegen(project, "build")
    assert second.out.strip().endswith(", 1 image (0 processed, 1 from the cache)")
    again = snapshot(project / "output")
    assert {name: data for name, data in again.items() if name.startswith("figures/")} == {
        name: data for name, data in built.items() if name.startswith("figures/")
    }
    assert run_sitegen(project, "build").out.startswith("output/ is up to date")


def test_the_same_input_gives_byte_identical_images(tmp_path, run_sitegen):
    one = figure_project(tmp_path / "a")
    two = figure_project(tmp_path / "b")
    for project in (one, two):
        assert run_sitegen(project, "build", "--no-cache").status == 0
    assert snapshot(one / "output") == snapshot(two / "output")


def test_a_figure_is_listed_on_its_entity_page_the_sources_page_and_in_full(tmp_path, run_sitegen):
    project = figure_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    output = project / "output"
    entity = parse(output / "entities" / "ruritania.html")
    item = entity.select_one(".visual-list li")
    assert item.select_one(".visual-kind").get_text(strip=True) == "Figure:"
    assert "Strelsau, where the talks began." in item.get_text()
    shown = item.select_one(".shown-in a")
    anchor = figure_of(project)["id"]
    assert shown["href"] == f"../sections/two.html#{anchor}"
    sources = parse(output / "sources" / "index.html")
    spots = sources.select("#src-wire .backlinks li")
    back = [spot for spot in spots if "Strelsau, where the talks began." in spot.get_text()]
    assert len(back) == 1
    assert back[0].find("a")["href"].startswith("../sections/two.html#ref-two-")
    full = parse(output / "full" / "index.html")
    img = full.select_one("figure.figure img")
    assert img["srcset"] == figure_of(project).find("img")["srcset"]  # same folder depth
