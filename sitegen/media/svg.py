"""Checking an SVG file before it is published, and reading its size.

An SVG is code: opened on its own (not through <img>), it runs its scripts with the site's
origin. sitegen publishes an SVG figure byte for byte, so it refuses, with the file, line and
column, anything that could run or reach outside the file: scripts, event handler attributes,
`foreignObject`, elements of other XML vocabularies (an XHTML `<script>` runs too), animation
elements (they can rewrite a link), references to anything but the file's own parts, DOCTYPEs
(entities) and processing instructions (`<?xml-stylesheet?>`). What is left is an allowlist of
drawing elements. CSS, in `<style>` and in attributes, is read token by token (svg_css.py). The
size sitegen gives the figure's `<img>` comes from the `<svg>` element, and must be one a page can
hold. Refusing rather than cleaning keeps what is published identical to what the author sees in
their editor.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from xml.parsers import expat

from sitegen.errors import Location, Problem
from sitegen.media.svg_css import css_refusals, outside

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_SEPARATOR = "}"

ALLOWED_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "metadata",
        "switch",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "style",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "pattern",
        "marker",
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
    }
)
_WHY_NOT = {
    "script": "scripts run when an SVG file is opened on its own",
    "foreignObject": "it embeds HTML, which can run scripts",
    "image": "it shows another file",
    "a": "it links outside the figure",
    "animate": "animation can rewrite links and attributes",
    "set": "animation can rewrite links and attributes",
    "animateMotion": "animation can rewrite links and attributes",
    "animateTransform": "animation can rewrite links and attributes",
    "iframe": "it embeds another page",
}
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"  # SVG's and CSS's, not Python's float()
_LENGTH = re.compile(rf"\s*({_NUMBER})\s*(?:px)?\s*")
_NUMBER_ONLY = re.compile(_NUMBER)
_VIEW_BOX_SEPARATOR = re.compile(r"\s*,\s*|\s+")
# Far beyond any figure; a page given a larger size (or 1e308) has no use for it.
LARGEST_SIZE = 1_000_000


@dataclass(frozen=True, slots=True)
class SvgSize:
    width: int
    height: int


class _Stop(Exception):
    """Raised from a handler to stop parsing at once (a DOCTYPE: no entity gets expanded)."""


@dataclass(slots=True)
class _StyleText:
    """The text of a `<style>` element, which expat hands over in pieces (a line, a character
    reference, a CDATA section each come apart), with where each piece starts in the file: a
    token split across pieces (`&#117;rl(`) is still one token, and is located where it is."""

    pieces: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, line: int, col: int) -> None:
        self.pieces.append(text)
        self.offsets.append(self.length)
        self.places.append((line, col))
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.pieces)

    def place(self, offset: int) -> tuple[int, int]:
        """Where in the file the character at `offset` in text() stands."""
        index = max(bisect_right(self.offsets, offset) - 1, 0)
        line, col = self.places[index]
        before = self.pieces[index][: offset - self.offsets[index]]
        last_break = max(before.rfind("\n"), before.rfind("\r"))
        if last_break >= 0:
            return line + before.count("\n") + before.count("\r"), len(before) - last_break
        return line, col + len(before)


class _SvgChecker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.parser = expat.ParserCreate(namespace_separator=_SEPARATOR)
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.ExternalEntityRefHandler = lambda *args: 0
        self.root: tuple[str, dict[str, str]] | None = None
        self.root_at = Location(path, 1, 1)
        self.style: _StyleText | None = None  # inside a <style> element: its text so far
        self.depth = 0
        self.refused_at: int | None = None  # the depth of a refused element: its inside is moot

    def here(self) -> Location:
        return Location(self.path, self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)

    def refuse(self, message: str, where: Location | None = None) -> None:
        self.problems.append(Problem(where or self.here(), message, "unsafe-svg"))

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.refused_at is not None:
            return
        namespace, _, local = name.rpartition(_SEPARATOR)
        if self.root is None:
            self.root = (name, attributes)
            self.root_at = self.here()
            if name != f"{SVG_NS}{_SEPARATOR}svg":
                self.refuse(
                    f"the root element is '{local}', not an SVG <svg> element in the namespace {SVG_NS}"
                )
                raise _Stop
        if self.style is not None:
            # A browser reads a style sheet from the text directly inside <style>; an element
            # there would make that text differ from all the text checked here.
            self.refuse(f"element '{local}' is not allowed inside <style>: it holds CSS only")
        elif namespace != SVG_NS:
            self.refuse(
                f"element '{local}' of another XML vocabulary ({namespace or 'no namespace'}) "
                "is not allowed in an SVG figure (save it as plain SVG)"
            )
        elif local in _WHY_NOT:
            self.refuse(f"SVG element '{local}' is not allowed: {_WHY_NOT[local]}")
        elif local not in ALLOWED_ELEMENTS:
            self.refuse(f"SVG element '{local}' is not allowed in a figure (save it as plain SVG)")
        else:
            self.allowed(local, attributes)
            return
        self.refused_at = self.depth

    def allowed(self, local: str, attributes: dict[str, str]) -> None:
        for attribute, value in attributes.items():
            self.attribute(attribute, value)
        if local == "style":
            self.style = _StyleText()

    def attribute(self, name: str, value: str) -> None:
        namespace, _, local = name.rpartition(_SEPARATOR)
        if local.lower().startswith("on"):
            self.refuse(f"event handler attribute '{local}' is not allowed in an SVG figure")
        elif local == "href" and namespace in ("", XLINK_NS) and not value.strip().startswith("#"):
            self.refuse(outside(value))
        else:
            # Every attribute is read as CSS: presentation attributes (fill, clip-path,
            # cursor, ...) are CSS values, and a few more refusals cost nothing.
            for refusal in css_refusals(value, sheet=local == "style" and not namespace):
                self.refuse(refusal.message)
            self.scheme(value, self.here())

    def scheme(self, text: str, where: Location) -> None:
        if "javascript:" in text.lower():
            self.refuse("'javascript:' is not allowed in an SVG figure", where)

    def end(self, name: str) -> None:
        if self.refused_at == self.depth:
            self.refused_at = None
        elif self.refused_at is None and self.style is not None:
            self.style_sheet(self.style)
            self.style = None
        self.depth -= 1

    def style_sheet(self, style: _StyleText) -> None:
        if not style.pieces:
            return
        text = style.text()
        refusals = css_refusals(text, sheet=True)
        # tinycss2 counts lines as css_refusals hands it the text: one break per \n or \r.
        line_starts = [0] + [i + 1 for i, char in enumerate(text) if char in "\n\r"]
        for refusal in refusals:
            offset = min(line_starts[refusal.line - 1] + refusal.col - 1, len(text) - 1)
            self.refuse(refusal.message, Location(self.path, *style.place(offset)))
        self.scheme(text, Location(self.path, *style.places[0]))

    def characters(self, data: str) -> None:
        if self.style is not None and self.refused_at is None:
            self.style.add(data, self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)

    def instruction(self, target: str, data: str) -> None:
        self.refuse(f"processing instruction '<?{target}?>' is not allowed in an SVG figure")

    def doctype(self, *args: object) -> None:
        self.refuse(
            "a DOCTYPE is not allowed in an SVG figure (its entities can expand "
            "without bound or read other files)"
        )
        raise _Stop


def check_svg(data: bytes, path: str) -> tuple[SvgSize | None, list[Problem]]:
    """The size of a safe SVG, or the problems that make it unsafe (each located in `path`)."""
    checker = _SvgChecker(path)
    try:
        checker.parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as error:
        where = Location(path, error.lineno, error.offset + 1)
        checker.problems.append(
            Problem(where, f"the SVG is not well-formed XML: {expat.ErrorString(error.code)}", "unsafe-svg")
        )
    if checker.problems:
        return None, checker.problems
    if checker.root is None:  # not reached: expat refuses a document without an element
        return None, [Problem(Location(path, 1, 1), "the SVG has no element", "unsafe-svg")]
    return _size(checker.root[1], checker.root_at)


def _size(attributes: dict[str, str], where: Location) -> tuple[SvgSize | None, list[Problem]]:
    """The size of the figure: its width and height in pixels, or else its viewBox's."""
    problems = [Problem(where, message, "svg-size") for message in _unusable_sizes(attributes)]
    if problems:
        return None, problems
    width, height = (_LENGTH.fullmatch(attributes.get(name, "")) for name in ("width", "height"))
    if width and height:
        return _rounded(float(width.group(1)), float(height.group(1))), []
    box = _view_box(attributes.get("viewBox", ""))
    if box is not None:
        return _rounded(box[2], box[3]), []
    return None, [
        Problem(
            where,
            "the SVG has no size: give its <svg> element a viewBox (or width and height in pixels)",
            "svg-size",
        )
    ]


def _unusable_sizes(attributes: dict[str, str]) -> list[str]:
    """What is wrong with each size the <svg> element gives: not a finite number, 0 or less,
    or beyond LARGEST_SIZE (a width in em or % is no size in pixels, and not one of these)."""
    found = []
    for name in ("width", "height"):
        length = _LENGTH.fullmatch(attributes.get(name, ""))
        if length and not 0 < float(length.group(1)) <= LARGEST_SIZE:
            found.append(
                f"the <svg> element's {name} '{_shown(attributes[name])}' is not a "
                f"size sitegen can publish: it must be above 0 and at most "
                f"{LARGEST_SIZE:,} pixels"
            )
    if "viewBox" in attributes:
        box = _view_box(attributes["viewBox"])
        if box is None or not (
            all(abs(number) <= LARGEST_SIZE for number in box) and box[2] > 0 and box[3] > 0
        ):
            found.append(
                f"the <svg> element's viewBox '{_shown(attributes['viewBox'])}' is not "
                "a size sitegen can publish: it must be four numbers (x, y, width, "
                f"height), none beyond ±{LARGEST_SIZE:,}, with a width and height "
                "above 0"
            )
    return found


def _view_box(value: str) -> tuple[float, ...] | None:
    parts = _VIEW_BOX_SEPARATOR.split(value.strip())
    if len(parts) != 4 or not all(_NUMBER_ONLY.fullmatch(part) for part in parts):
        return None
    box = tuple(float(part) for part in parts)
    return box if all(math.isfinite(number) for number in box) else None


def _shown(value: str) -> str:
    return value.strip()[:80]


def _rounded(width: float, height: float) -> SvgSize:
    return SvgSize(max(1, round(width)), max(1, round(height)))
