"""The HTML of a figure and of a chart placed in a section (`[[figure:id]]`, `[[chart:id]]`).

A figure: `<figure>` with the image (its size set, every published width in `srcset`) and a
caption that ends with the credit and its citation marks. A chart: `<figure>` with its title
and description as the caption, the SVG drawn by sitegen/media/charts.py, the data as a table
(for screen readers and for print; a source per row) and the citation marks of its sources
under it. The elements are Python-Markdown's (ElementTree), with every text atomic so that no
inline pattern rewrites a label.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown.util import AtomicString

from sitegen.content.visuals import Chart, Figure, PublishedImage
from sitegen.media.charts import draw

# The reading column is 36rem wide less 2 × 1.25rem of padding (templates/static/style.css);
# narrower screens give it the viewport less that padding.
SIZES = "(min-width: 36rem) 33.5rem, calc(100vw - 2.5rem)"

Href = Callable[[str], str]  # a published file's path from the site root -> its link
Citations = Callable[[tuple[str, ...]], "etree.Element | None"]


def figure_element(
    figure: Figure, anchor: str, href: Href, citations: Citations, publisher: Callable[[str], str]
) -> tuple[etree.Element, etree.Element]:
    """The `<figure>` of an image, and the `<img>` in it."""
    image = figure.image
    assert image is not None, "the media step publishes every figure's image"
    element = etree.Element("figure", {"class": "figure", "id": anchor})
    img = etree.SubElement(element, "img", _image_attributes(image, href, figure.alt))
    caption = etree.SubElement(element, "figcaption")
    if figure.caption:
        _text(caption, "span", figure.caption + " ", "figure-caption")
    credit = _text(
        caption,
        "span",
        figure.credit or "Source: " + ", ".join(publisher(key) for key in figure.sources),
        "figure-credit",
    )
    marks = citations(figure.sources) if figure.sources else None
    if marks is not None:
        credit.append(marks)
    if figure.licence:
        _text(caption, "span", f" Licence: {figure.licence}.", "figure-licence")
    return element, img


def _image_attributes(image: PublishedImage, href: Href, alt: str) -> dict[str, str]:
    attributes = {
        "src": href(image.default),
        "alt": alt,
        "width": str(image.width),
        "height": str(image.height),
        "loading": "lazy",
        "decoding": "async",
    }
    if len(image.versions) > 1:
        attributes["srcset"] = ", ".join(f"{href(v.path)} {v.width}w" for v in image.versions)
        attributes["sizes"] = SIZES
    return attributes


def chart_element(
    chart: Chart,
    anchor: str,
    citations: Citations,
    publisher: Callable[[str], str],
    source_label: Callable[[str], str],
) -> etree.Element:
    """The `<figure>` of a chart: caption, drawing, data table, sources."""
    element = etree.Element("figure", {"class": "chart", "id": anchor})
    caption = etree.SubElement(element, "figcaption")
    _text(caption, "span", chart.title, "chart-title")
    _text(caption, "span", chart.description, "chart-description")
    element.append(_atomic(draw(chart, f"{anchor}-chart")))
    table = etree.SubElement(element, "table", {"class": "chart-data"})
    _text(table, "caption", f"The data of the chart: {chart.title}")
    head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
    for label in (chart.category_axis, chart.value_axis, "Source"):
        _text(head, "th", label).set("scope", "col")
    body = etree.SubElement(table, "tbody")
    for point in chart.points:
        row = etree.SubElement(body, "tr")
        _text(row, "th", point.label).set("scope", "row")
        _text(row, "td", point.words)
        _text(row, "td", "; ".join(source_label(key) for key in point.sources))
    sources = _text(
        element,
        "p",
        ("Sources: " if len(chart.sources) > 1 else "Source: ")
        + ", ".join(publisher(key) for key in chart.sources),
        "chart-sources",
    )
    marks = citations(chart.sources)
    if marks is not None:
        sources.append(marks)
    return element


def _text(parent: etree.Element, tag: str, text: str, css: str | None = None) -> etree.Element:
    element = etree.SubElement(parent, tag, {"class": css} if css else {})
    element.text = AtomicString(text)
    return element


def _atomic(element: etree.Element) -> etree.Element:
    """Every text in a drawn tree made atomic: Python-Markdown's inline patterns skip it."""
    for node in element.iter():
        if node.text:
            node.text = AtomicString(node.text)
    return element
