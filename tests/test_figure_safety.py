"""Figures that must not be published: each refused with its place and its reason, exit 1,
and nothing written (the previous output stays as it was; no image reaches the cache)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from figure_files import FIGURES_YAML, figure_project, photo, png
from helpers import snapshot
from PIL import Image

XMLNS = 'xmlns="http://www.w3.org/2000/svg"'
NOT_OWN = "is not allowed: an SVG figure may only refer to its own parts ('#id')"


def refused(project: Path, run_sitegen, *lines: str) -> None:
    """A build of `project` fails with exactly `lines`, writing nothing anywhere."""
    before = snapshot(project)
    result = run_sitegen(project, "build")
    assert result.status == 1, result.out
    reported = result.err.strip().splitlines()
    assert reported[:-1] == list(lines)
    count = len(lines)
    assert reported[-1] == f"{count} error{'s' if count != 1 else ''}; nothing was written"
    assert snapshot(project) == before


def svg_project(tmp_path: Path, svg: str) -> Path:
    figures = "box:\n  file: figures/box.svg\n  alt: A box\n  credit: 'Diagram: the desk'\n"
    return figure_project(tmp_path, figures, {"figures/box.svg": svg.encode()}, "[[figure:box]]")


SVG = "content/figures/box.svg"


@pytest.mark.parametrize(
    "svg, line",
    [
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<script>alert(1)</script>\n</svg>",
            f"{SVG}:2:1: SVG element 'script' is not allowed: scripts run when an SVG file is opened "
            "on its own",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'\n     onload='alert(1)'>\n</svg>",
            f"{SVG}:1:1: event handler attribute 'onload' is not allowed in an SVG figure",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n  <rect onclick='x()' width='9' height='9'/>\n</svg>",
            f"{SVG}:2:3: event handler attribute 'onclick' is not allowed in an SVG figure",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<foreignObject><p>hi</p></foreignObject>\n</svg>",
            f"{SVG}:2:1: SVG element 'foreignObject' is not allowed: it embeds HTML, which can run scripts",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<use href='https://evil.example/x.svg#a'/>\n</svg>",
            f"{SVG}:2:1: reference to 'https://evil.example/x.svg#a' {NOT_OWN}",
        ),
        (
            f"<svg {XMLNS} xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 9 9'>\n"
            "<use xlink:href='javascript:alert(1)'/>\n</svg>",
            f"{SVG}:2:1: reference to 'javascript:alert(1)' {NOT_OWN}",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<rect style='fill: url(https://evil.example/p)'/>\n</svg>",
            f"{SVG}:2:1: reference to 'https://evil.example/p' {NOT_OWN}",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<style>@import 'https://evil.example/x.css';</style>\n</svg>",
            f"{SVG}:2:8: '@import' is not allowed in an SVG figure: it loads another file",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<image href='photo.jpg' width='9' height='9'/>\n</svg>",
            f"{SVG}:2:1: SVG element 'image' is not allowed: it shows another file",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<set attributeName='href' to='javascript:x()'/>\n</svg>",
            f"{SVG}:2:1: SVG element 'set' is not allowed: animation can rewrite links and attributes",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<h:script xmlns:h='http://www.w3.org/1999/xhtml'>x()"
            "</h:script>\n</svg>",
            f"{SVG}:2:1: element 'script' of another XML vocabulary "
            "(http://www.w3.org/1999/xhtml) is not allowed in an SVG figure (save it as plain SVG)",
        ),
        (
            "<?xml version='1.0'?>\n<!DOCTYPE svg [<!ENTITY a 'aaaaaaaa'>]>\n"
            f"<svg {XMLNS} viewBox='0 0 9 9'><text>&a;</text></svg>",
            f"{SVG}:2:15: a DOCTYPE is not allowed in an SVG figure (its entities can expand without "
            "bound or read other files)",
        ),
        (
            f"<?xml-stylesheet href='https://evil.example/x.css'?>\n<svg {XMLNS} viewBox='0 0 9 9'/>",
            f"{SVG}:1:1: processing instruction '<?xml-stylesheet?>' is not allowed in an SVG figure",
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 9 9'>\n<rect>\n</svg>",
            f"{SVG}:3:3: the SVG is not well-formed XML: mismatched tag",
        ),
        (
            "<svg viewBox='0 0 9 9'/>",
            f"{SVG}:1:1: the root element is 'svg', not an SVG <svg> "
            "element in the namespace http://www.w3.org/2000/svg",
        ),
        (
            f"<svg {XMLNS}>\n<rect width='9' height='9'/>\n</svg>",
            f"{SVG}:1:1: the SVG has no size: give its <svg> element a viewBox (or width and height "
            "in pixels)",
        ),
    ],
    ids=[
        "script",
        "onload",
        "onclick",
        "foreignObject",
        "external-href",
        "javascript-href",
        "style-url",
        "style-import",
        "image",
        "animation",
        "xhtml-script",
        "doctype",
        "stylesheet-pi",
        "not-well-formed",
        "no-namespace",
        "no-size",
    ],
)
def test_each_unsafe_svg_is_refused_with_its_place(tmp_path, run_sitegen, svg, line):
    refused(svg_project(tmp_path, svg), run_sitegen, line)


def test_every_unsafe_part_of_an_svg_is_reported(tmp_path, run_sitegen):
    svg = (
        f"<svg {XMLNS} viewBox='0 0 9 9' onload='a()'>\n<script>b()</script>\n"
        "<rect onmouseover='c()'/>\n</svg>"
    )
    refused(
        svg_project(tmp_path, svg),
        run_sitegen,
        f"{SVG}:1:1: event handler attribute 'onload' is not allowed in an SVG figure",
        f"{SVG}:2:1: SVG element 'script' is not allowed: scripts run when an SVG file is opened on its own",
        f"{SVG}:3:1: event handler attribute 'onmouseover' is not allowed in an SVG figure",
    )


BOX = f"<svg {XMLNS} viewBox='0 0 9 9'>\n"


# Each of these built before and, opened on its own in Chromium, fetched the URL: a browser
# reads CSS with its escapes decoded, so the check reads it the same way (tinycss2).
@pytest.mark.parametrize(
    "svg, line",
    [
        (
            BOX + r"<style>svg{background-image:\75 rl(http://evil.example/x)}</style>" "\n</svg>",
            f"{SVG}:2:29: reference to 'http://evil.example/x' {NOT_OWN}",
        ),
        (
            BOX + r'<style>@\69mport "http://evil.example/x.css";</style>' "\n</svg>",
            f"{SVG}:2:8: '@import' is not allowed in an SVG figure: it loads another file",
        ),
        (
            BOX + "<style>svg{background:url(http://evil.example/x</style>\n</svg>",
            f"{SVG}:2:23: reference to 'http://evil.example/x' {NOT_OWN}",
        ),
        (
            BOX + '<style>svg{background:image-set("http://evil.example/x" 1x)}</style>\n</svg>',
            f"{SVG}:2:23: CSS function 'image-set()' is not allowed in an SVG figure: it loads an image",
        ),
        (
            BOX + r"<rect style='background-image:\75 rl(http://evil.example/x)'/>" "\n</svg>",
            f"{SVG}:2:1: reference to 'http://evil.example/x' {NOT_OWN}",
        ),
        (
            BOX + "<style><![CDATA[\n  .a { fill: #c00 }\n  .b { background: \\000055rl(http://evil"
            ".example/x) }\n]]></style>\n</svg>",
            f"{SVG}:4:20: reference to 'http://evil.example/x' {NOT_OWN}",
        ),
        (
            BOX + "<style>svg{background:&#117;rl(http://evil.example/x)}</style>\n</svg>",
            f"{SVG}:2:23: reference to 'http://evil.example/x' {NOT_OWN}",
        ),
        (
            BOX + "<style>svg{mask:-webkit-cross-fade(url(#a), url(#b), 50%)}</style>\n</svg>",
            f"{SVG}:2:17: CSS function '-webkit-cross-fade()' is not allowed in an SVG figure: it "
            "loads an image",
        ),
        (
            BOX + "<style>@font-face{font-family:x;src:local(x)}</style>\n</svg>",
            f"{SVG}:2:8: '@font-face' is not allowed in an SVG figure: it can load a font file",
        ),
        (
            BOX + '<style>@namespace x "http://evil.example/";</style>\n</svg>',
            f"{SVG}:2:8: '@namespace' is not allowed in an SVG figure (its CSS may use @media, "
            "@supports, @keyframes)",
        ),
        (
            BOX + "<rect fill='\\75 rl(http://evil.example/x)'/>\n</svg>",
            f"{SVG}:2:1: reference to 'http://evil.example/x' {NOT_OWN}",
        ),
        (
            BOX + "<style>svg{background:url(http://evil.example/a b)}</style>\n</svg>",
            f"{SVG}:2:23: a malformed 'url(' is not allowed in an SVG figure's CSS",
        ),
    ],
    ids=[
        "escaped-url",
        "escaped-import",
        "unclosed-url",
        "image-set",
        "escaped-url-attribute",
        "cdata-lines",
        "character-reference",
        "vendor-function",
        "font-face",
        "other-at-rule",
        "presentation-attribute",
        "bad-url",
    ],
)
def test_css_in_an_svg_is_read_as_a_browser_reads_it(tmp_path, run_sitegen, svg, line):
    refused(svg_project(tmp_path, svg), run_sitegen, line)


def test_a_style_sheet_holds_text_only(tmp_path, run_sitegen):
    # A browser joins the text around the element: "u" + "rl(" is url(.
    svg = BOX + "<style>svg{background:u<desc/>rl(http://evil.example/x)}</style>\n</svg>"
    refused(
        svg_project(tmp_path, svg),
        run_sitegen,
        f"{SVG}:2:23: reference to 'http://evil.example/x' {NOT_OWN}",
        f"{SVG}:2:24: element 'desc' is not allowed inside <style>: it holds CSS only",
    )


VIEW_BOX_RULE = (
    "is not a size sitegen can publish: it must be four numbers (x, y, width, "
    "height), none beyond ±1,000,000, with a width and height above 0"
)
LENGTH_RULE = "is not a size sitegen can publish: it must be above 0 and at most 1,000,000 pixels"


@pytest.mark.parametrize(
    "svg, lines",
    [
        (
            f"<svg {XMLNS} viewBox='0 0 nan inf'/>",
            [f"{SVG}:1:1: the <svg> element's viewBox '0 0 nan inf' {VIEW_BOX_RULE}"],
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 1e308 1e308'/>",
            [f"{SVG}:1:1: the <svg> element's viewBox '0 0 1e308 1e308' {VIEW_BOX_RULE}"],
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 1e999 9'/>",
            [f"{SVG}:1:1: the <svg> element's viewBox '0 0 1e999 9' {VIEW_BOX_RULE}"],
        ),
        (
            f"<svg {XMLNS} viewBox='0 0 -9 9'/>",
            [f"{SVG}:1:1: the <svg> element's viewBox '0 0 -9 9' {VIEW_BOX_RULE}"],
        ),
        (
            f"<?xml version='1.0'?>\n<svg {XMLNS} width='0' height='1e308' viewBox='0 0 9 9'/>",
            [
                f"{SVG}:2:1: the <svg> element's height '1e308' {LENGTH_RULE}",
                f"{SVG}:2:1: the <svg> element's width '0' {LENGTH_RULE}",
            ],
        ),
    ],
    ids=["nan-inf", "1e308", "overflow", "negative", "zero-and-huge"],
)
def test_an_svg_size_must_be_one_a_page_can_hold(tmp_path, run_sitegen, svg, lines):
    refused(svg_project(tmp_path, svg), run_sitegen, *lines)


FIGURE_FILE = "content/figures.yaml:2:9: figure 'map'"


def truncated_jpeg() -> bytes:
    data = photo()
    return data[: len(data) // 2]


def bomb() -> bytes:
    """A 64-megapixel PNG of a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, message",
    [
        (
            "photo.jpg",
            png(),
            "'figures/photo.jpg' does not hold a JPEG image, as its extension '.jpg' says (it holds PNG)",
        ),
        (
            "photo.jpg",
            b"GIF89a" + bytes(40),
            "'figures/photo.jpg' does not hold a JPEG image, as its extension '.jpg' says (it holds GIF)",
        ),
        (
            "photo.jpg",
            b"<html><script>alert(1)</script></html>",
            "'figures/photo.jpg' does not hold "
            "a JPEG image, as its extension '.jpg' says (its content is not an image sitegen knows)",
        ),
        ("photo.jpg", truncated_jpeg(), "'figures/photo.jpg' is truncated or damaged: it cannot be decoded"),
        (
            "photo.jpg",
            photo()[:300],
            "'figures/photo.jpg' cannot be read as a JPEG image: it is truncated or damaged",
        ),
        (
            "photo.png",
            bomb(),
            "'figures/photo.png' is 8,000 × 8,000 pixels (64,000,000 pixels); the "
            "limit is 40,000,000 pixels (resize it; a small file that decodes this large is a "
            "decompression bomb)",
        ),
        (
            "photo.svg",
            png(),
            "'figures/photo.svg' does not hold an SVG image, as its extension '.svg' says (it holds PNG)",
        ),
    ],
    ids=["png-as-jpeg", "gif-as-jpeg", "html-as-jpeg", "truncated", "cut-in-header", "bomb", "png-as-svg"],
)
def test_a_broken_or_disguised_image_is_refused(tmp_path, run_sitegen, name, data, message):
    figures = FIGURES_YAML.replace("figures/photo.jpg", f"figures/{name}")
    project = figure_project(tmp_path, figures, {f"figures/{name}": data})
    refused(project, run_sitegen, f"{FIGURE_FILE}: {message}")


def test_a_broken_image_leaves_the_previous_site_and_no_cache_entry(tmp_path, run_sitegen):
    project = figure_project(tmp_path)
    assert run_sitegen(project, "build").status == 0
    (project / "content" / "figures" / "photo.jpg").write_bytes(truncated_jpeg())
    refused(
        project,
        run_sitegen,
        f"{FIGURE_FILE}: 'figures/photo.jpg' is truncated or damaged: it cannot be decoded",
    )


@pytest.mark.parametrize(
    "file, message",
    [
        (
            "../secret.jpg",
            "file '../secret.jpg' is outside the content folder (an image must live inside it)",
        ),
        (
            "/etc/passwd.jpg",
            "file '/etc/passwd.jpg' is outside the content folder (an image must live inside it)",
        ),
        (
            "figures/../../templates/x.png",
            "file 'figures/../../templates/x.png' is outside the content folder "
            "(an image must live inside it)",
        ),
        ("figures/none.jpg", "there is no file 'figures/none.jpg' in content/"),
        (
            "figures/anim.gif",
            "file 'figures/anim.gif' is not an image type sitegen publishes (use .jpg, "
            ".jpeg, .png, .webp or .svg)",
        ),
        (
            "figures/scan.tiff",
            "file 'figures/scan.tiff' is not an image type sitegen publishes (use .jpg, "
            ".jpeg, .png, .webp or .svg)",
        ),
    ],
)
def test_an_image_path_must_stay_inside_content_and_name_an_image(tmp_path, run_sitegen, file, message):
    project = figure_project(tmp_path, FIGURES_YAML.replace("figures/photo.jpg", file))
    refused(project, run_sitegen, f"{FIGURE_FILE}: {message}")


def test_an_image_symlinked_from_outside_content_is_refused(tmp_path, run_sitegen):
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes(photo())
    project = figure_project(tmp_path, files={})
    (project / "content" / "figures").mkdir()
    (project / "content" / "figures" / "photo.jpg").symlink_to(outside)
    refused(
        project,
        run_sitegen,
        f"{FIGURE_FILE}: 'figures/photo.jpg' is a symlink that points outside the content folder",
    )


@pytest.mark.parametrize(
    "figures, message",
    [
        (
            "map:\n  file: figures/photo.jpg\n  credit: 'Photo: Jane Doe'\n",
            "content/figures.yaml:1:1: figure 'map' is missing required field 'alt'",
        ),
        (
            "map:\n  file: figures/photo.jpg\n  alt: A street\n",
            "content/figures.yaml:1:1: figure 'map' needs a credit line ('credit', such as "
            "'Photo: Name / Agency') or its sources ('sources')",
        ),
        (
            "map:\n  file: figures/photo.jpg\n  alt: A street\n  sources: [nowhere]\n",
            "content/figures.yaml:1:1: figure 'map': 'sources' names unknown source 'nowhere'; "
            "the known sources are: web, wire",
        ),
    ],
    ids=["no-alt", "no-credit", "unknown-source"],
)
def test_a_figure_needs_alt_text_and_a_credit(tmp_path, run_sitegen, figures, message):
    refused(figure_project(tmp_path, figures), run_sitegen, message)


def test_a_figure_stands_alone_and_must_exist(tmp_path, run_sitegen):
    project = figure_project(tmp_path, placed="See [[figure:map]] here.\n\n[[figure:nope]]")
    refused(
        project,
        run_sitegen,
        "content/sections/two.md:11:5: a figure stands alone in its paragraph: put "
        "[[figure:map]] on a line of its own, with a blank line before and after it",
        "content/sections/two.md:13:1: unknown figure 'nope'; the known figures are: map",
    )
