"""Drawing a chart as an SVG element tree, at build time, needing no JavaScript.

A small module of our own rather than a plotting library (the closing note of issue 14 has
the comparison, docs/architecture.md its table): a chart here is a handful of bars or points,
and ~300 lines give an SVG of 2-4 KB that is byte-identical for the same input, carries
`role="img"` with a <title> and a <desc>, takes its colours from the page's stylesheet (light,
dark and print follow the page), and is laid out for a 360-pixel-wide viewBox, so its text
stays readable on a phone.

Bar charts are horizontal (long labels wrap above their bar, the way a phone reads); line
charts put time or categories along the bottom. Each value is drawn where its words put it
(sitegen/content/quantities.py) and labelled with those words; an approximate figure ("nearly
half") is drawn dashed and says so in a legend. The element ids are prefixed with `ident`,
unique on the page, since a page may show several charts.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as etree
from collections.abc import Sequence

from sitegen.content.quantities import PERCENT, SHARE
from sitegen.content.visuals import Chart, ChartPoint

WIDTH = 360
FONT = 15  # labels and values
SMALL = 13  # ticks, axis titles, legend
LINE = 18  # line height of wrapped labels
BAR = 20
SHARE_TICKS = ((0.0, "0"), (0.25, "¼"), (0.5, "½"), (0.75, "¾"), (1.0, "all"))
_NARROW = set("iljtfrI.,;:'’!|()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """An estimate of the width of `text` in a sans-serif face (no font is at hand at build
    time); generous, so that labels never overlap."""
    units = sum(0.3 if c in _NARROW else 0.86 if c in _WIDE else 0.66 if c.isupper() else 0.56 for c in text)
    return units * size


def wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _n(value: float) -> str:
    """A coordinate, written the same way every time."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _el(parent: etree.Element, tag: str, text: str | None = None, **attributes: object) -> etree.Element:
    element = etree.SubElement(
        parent,
        tag,
        {
            key.replace("_", "-"): value if isinstance(value, str) else _n(float(value))  # type: ignore[arg-type]
            for key, value in attributes.items()
        },
    )
    if text is not None:
        element.text = text
    return element


def ticks(points: Sequence[ChartPoint]) -> list[tuple[float, str]]:
    """The value axis: (value, label) from zero to the top of the scale."""
    scale = points[0].quantity.scale
    if scale == SHARE:
        return list(SHARE_TICKS)
    largest = max(point.quantity.value for point in points)
    if scale == PERCENT and largest > 50:
        return [(value, f"{value:g}%") for value in (0, 25, 50, 75, 100)]
    raw = (largest or 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = max(1, math.ceil(largest / step - 1e-9))
    suffix = "%" if scale == PERCENT else ""
    return [(i * step, f"{i * step:,.{_decimals(step)}f}{suffix}") for i in range(count + 1)]


def _decimals(step: float) -> int:
    return 0 if step >= 1 else min(3, -math.floor(math.log10(step)) + (step * 10 % 1 != 0))


def _position(point: ChartPoint) -> float:
    return point.quantity.share if point.quantity.scale == SHARE else point.quantity.value


def draw(chart: Chart, ident: str) -> etree.Element:
    """The chart as an <svg> element, with <title> and <desc> naming it for screen readers."""
    svg = etree.Element(
        "svg",
        {
            "class": f"chart-image chart-{chart.kind}",
            "role": "img",
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "fill": "currentColor",
            "font-size": str(FONT),
        },
    )
    _el(svg, "title", chart.title, id=f"{ident}-title")
    summary = "; ".join(f"{point.label}: {point.words}" for point in chart.points)
    _el(svg, "desc", f"{chart.description} {summary}.", id=f"{ident}-desc")
    height = _bars(svg, chart) if chart.kind == "bar" else _line(svg, chart)
    if any(point.quantity.approximate for point in chart.points):
        height = _legend(svg, height + 10, chart.kind)
    height += 6
    svg.set("viewBox", f"0 0 {WIDTH} {_n(height)}")
    svg.set("width", str(WIDTH))
    svg.set("height", _n(height))
    return svg


def _bars(svg: etree.Element, chart: Chart) -> float:
    axis = ticks(chart.points)
    top_value = axis[-1][0]
    # Values sit after their bar: the bars leave room for the longest one.
    room = max(text_width(point.words, FONT) for point in chart.points) + 8
    plot = WIDTH - room
    _el(
        svg,
        "text",
        chart.category_axis,
        x=0,
        y=SMALL,
        font_size=SMALL,
        font_weight="bold",
        **{"class": "chart-axis-title"},
    )
    grid = _el(svg, "g", **{"class": "chart-grid"})
    marks = _el(svg, "g")
    y = SMALL + 8
    plot_top = y
    for point in chart.points:
        for line in wrap(point.label, WIDTH, FONT):
            y += LINE
            _el(marks, "text", line, x=0, y=y - 4, **{"class": "chart-label"})
        y += 2
        length = plot * _position(point) / top_value
        _el(
            marks,
            "rect",
            x=0,
            y=y,
            width=max(length, 1),
            height=BAR,
            **{"class": "chart-bar" + (" approximate" if point.quantity.approximate else "")},
        )
        _el(
            marks,
            "text",
            point.words,
            x=length + 6,
            y=y + BAR - 5,
            font_weight="bold",
            **{"class": "chart-value"},
        )
        y += BAR + 10
    bottom = y
    for value, label in axis:
        x = plot * value / top_value
        _el(grid, "line", x1=x, x2=x, y1=plot_top, y2=bottom, **{"class": "chart-gridline"})
        anchor = "start" if value == 0 else "end" if value == top_value and x > WIDTH - 20 else "middle"
        _el(
            svg,
            "text",
            label,
            x=x,
            y=bottom + SMALL + 4,
            font_size=SMALL,
            text_anchor=anchor,
            **{"class": "chart-tick"},
        )
    _el(svg, "line", x1=0, x2=plot, y1=bottom, y2=bottom, **{"class": "chart-axis"})
    y = bottom + SMALL + 4
    for line in wrap(chart.value_axis, WIDTH, SMALL):
        y += SMALL + 6
        _el(svg, "text", line, x=0, y=y, font_size=SMALL, font_weight="bold", **{"class": "chart-axis-title"})
    return y


def _line(svg: etree.Element, chart: Chart) -> float:
    axis = ticks(chart.points)
    top_value = axis[-1][0]
    y = 0.0
    for line in wrap(chart.value_axis, WIDTH, SMALL):
        y += SMALL + 4
        _el(svg, "text", line, x=0, y=y, font_size=SMALL, font_weight="bold", **{"class": "chart-axis-title"})
    left = max(text_width(label, SMALL) for _, label in axis) + 8
    right = WIDTH - 12
    top, bottom = y + 24, y + 184
    grid = _el(svg, "g", **{"class": "chart-grid"})
    for value, label in axis:
        at = bottom - (bottom - top) * value / top_value
        _el(grid, "line", x1=left, x2=right, y1=at, y2=at, **{"class": "chart-gridline"})
        _el(
            svg,
            "text",
            label,
            x=left - 6,
            y=at + 4,
            font_size=SMALL,
            text_anchor="end",
            **{"class": "chart-tick"},
        )
    _el(svg, "line", x1=left, x2=right, y1=bottom, y2=bottom, **{"class": "chart-axis"})
    step = (right - left) / (len(chart.points) - 1)
    places = [
        (left + i * step, bottom - (bottom - top) * _position(p) / top_value)
        for i, p in enumerate(chart.points)
    ]
    _el(
        svg,
        "polyline",
        points=" ".join(f"{_n(x)},{_n(y)}" for x, y in places),
        fill="none",
        **{"class": "chart-line"},
    )
    widest = max(text_width(point.label, SMALL) for point in chart.points)
    every = max(1, math.ceil((widest + 8) / step))  # labels that would overlap are skipped
    words = len(chart.points) <= 6
    for index, (point, (x, at)) in enumerate(zip(chart.points, places, strict=True)):
        approximate = point.quantity.approximate
        _el(
            svg,
            "circle",
            cx=x,
            cy=at,
            r=4,
            **{"class": "chart-point" + (" approximate" if approximate else "")},
        )
        anchor = "start" if index == 0 else "end" if index == len(places) - 1 else "middle"
        if words:
            _el(
                svg,
                "text",
                point.words,
                x=x,
                y=at - 9,
                font_size=SMALL,
                text_anchor=anchor,
                font_weight="bold",
                **{"class": "chart-value"},
            )
        if index % every == 0 or index == len(places) - 1:
            _el(
                svg,
                "text",
                point.label,
                x=x,
                y=bottom + SMALL + 6,
                font_size=SMALL,
                text_anchor=anchor,
                **{"class": "chart-tick"},
            )
    y = bottom + SMALL + 6
    for line in wrap(chart.category_axis, WIDTH, SMALL):
        y += SMALL + 6
        _el(svg, "text", line, x=0, y=y, font_size=SMALL, font_weight="bold", **{"class": "chart-axis-title"})
    return y


def _legend(svg: etree.Element, y: float, kind: str) -> float:
    """What a dashed bar or a hollow point means."""
    text = f"{'Dashed' if kind == 'bar' else 'Hollow'}: the source gives an approximate figure"
    lines = wrap(text, WIDTH - 26, SMALL)
    if kind == "bar":
        _el(svg, "rect", x=1, y=y + 1, width=18, height=10, **{"class": "chart-bar approximate chart-key"})
    else:
        _el(svg, "circle", cx=10, cy=y + 6, r=4, **{"class": "chart-point approximate"})
    for line in lines:
        y += SMALL + 2
        _el(svg, "text", line, x=26, y=y, font_size=SMALL, **{"class": "chart-legend"})
    return y
