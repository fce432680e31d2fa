"""Property-based: CSS in an SVG figure that would load another file is refused however it is
spelt (CSS escapes, letter case, comments, XML character references), with its place."""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.media.svg import check_svg

SETTINGS = settings(max_examples=400, deadline=None, database=None)
URL = "http://evil.example/x"
NOT_OWN = f"reference to '{URL}' is not allowed: an SVG figure may only refer to its own parts ('#id')"
HEX_DIGITS = "0123456789abcdefABCDEF"


class Loader(NamedTuple):
    """A way for CSS to load a file: the name a browser decodes, and what follows it."""

    name: str
    rest: str
    message: str
    at_rule: bool = False


LOADERS = [
    Loader("url", f"({URL})", NOT_OWN),
    Loader("url", f'("{URL}")', NOT_OWN),
    Loader("url", f"( '{URL}' )", NOT_OWN),
    Loader("src", f'("{URL}")', NOT_OWN),
    Loader(
        "image-set",
        f'("{URL}" 1x)',
        "CSS function 'image-set()' is not allowed in an SVG figure: it loads an image",
    ),
    Loader(
        "-webkit-image-set",
        f'(/* */"{URL}" 1x)',
        "CSS function '-webkit-image-set()' is not allowed in an SVG figure: it loads an image",
    ),
    Loader(
        "image", f'("{URL}")', "CSS function 'image()' is not allowed in an SVG figure: it loads an image"
    ),
    Loader(
        "cross-fade",
        f"(url({URL}), url(#a), 50%)",
        "CSS function 'cross-fade()' is not allowed in an SVG figure: it loads an image",
    ),
    Loader(
        "element",
        "(#a)",
        "CSS function 'element()' is not allowed in an SVG figure: it paints another element as an image",
    ),
    Loader(
        "import",
        f' /**/ "{URL}";',
        "'@import' is not allowed in an SVG figure: it loads another file",
        at_rule=True,
    ),
    Loader(
        "font-face",
        "{font-family:x;src:local(x)}",
        "'@font-face' is not allowed in an SVG figure: it can load a font file",
        at_rule=True,
    ),
]


@st.composite
def escaped(draw: st.DrawFn, name: str) -> str:
    """`name` as CSS may spell it: each character as it is (in either case, names being
    case-insensitive), as a hex escape (any case, zero-padded, with or without the one space
    that ends it) or, when it is no hex digit, behind a backslash."""
    spelt = []
    for index, char in enumerate(name):
        following = name[index + 1] if index + 1 < len(name) else "("
        ways = ["plain", "hex"] + (["backslash"] if char not in HEX_DIGITS else [])
        way = draw(st.sampled_from(ways))
        if way == "plain":
            spelt.append(draw(st.sampled_from([char.lower(), char.upper()])))
        elif way == "backslash":
            spelt.append("\\" + char)
        else:
            digits = f"{ord(draw(st.sampled_from([char.lower(), char.upper()]))):x}"
            digits = "0" * draw(st.integers(0, 6 - len(digits))) + digits
            digits = "".join(draw(st.sampled_from([d.lower(), d.upper()])) for d in digits)
            # The escape ends at the first non-hex character, or eats one space after it.
            needs_space = following in HEX_DIGITS or following.isspace()
            spelt.append("\\" + digits + (" " if needs_space or draw(st.booleans()) else ""))
    return "".join(spelt)


comment = st.sampled_from(["", " ", "/**/", "/* url( @import */", "\n", "\t/* x */ "])


@st.composite
def in_xml(draw: st.DrawFn, text: str, quote: str = "") -> str:
    """`text` as XML character data or attribute value: some characters as character
    references (the parser decodes them before CSS sees anything)."""
    out = []
    for char in text:
        if char in "<&" + quote or draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from([f"&#{ord(char)};", f"&#x{ord(char):X};"])))
        else:
            out.append(char)
    return "".join(out)


class Figure(NamedTuple):
    svg: str
    line: int
    col: int
    message: str


def figure(
    before: str, css_before: str, token: str, css_after: str, after: str, message: str, element_place: bool
) -> Figure:
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 9 9'>\n{before}{css_before}"
    # Refused where the token starts, or, in an attribute, where its element starts.
    line = svg.count("\n") + 1
    col = 1 if element_place else len(svg) - svg.rfind("\n")
    return Figure(svg + token + css_after + after + "\n</svg>", line, col, message)


@st.composite
def hostile_figures(draw: st.DrawFn) -> Figure:
    loader = draw(st.sampled_from(LOADERS))
    spelt = ("@" if loader.at_rule else "") + draw(escaped(loader.name)) + loader.rest
    place = draw(
        st.sampled_from(
            ["style element", "style attribute", "fill attribute"]
            if not loader.at_rule
            else ["style element"]
        )
    )
    if place == "style element":
        if loader.at_rule:
            css_before, css_after = draw(comment), draw(comment)
        else:
            css_before = f"svg{{{draw(comment)}background-image{draw(comment)}:{draw(comment)}"
            css_after = f"{draw(comment)}}}"
        return figure(
            "<style>",
            draw(in_xml(css_before)),
            draw(in_xml(spelt)),
            draw(in_xml(css_after)),
            "</style>",
            loader.message,
            False,
        )
    if place == "style attribute":
        css = f"fill: #ccc;{draw(comment)}background-image:{draw(comment)}{spelt}"
        return figure('<rect style="', "", draw(in_xml(css, '"')), "", '"/>', loader.message, True)
    return figure('<rect fill="', "", draw(in_xml(spelt, '"')), "", '"/>', loader.message, True)


@SETTINGS
@given(hostile_figures())
def test_css_that_loads_a_file_is_refused_however_it_is_spelt(case):
    size, problems = check_svg(case.svg.encode(), "box.svg")
    assert size is None
    assert [str(problem) for problem in problems] == [f"box.svg:{case.line}:{case.col}: {case.message}"], (
        case.svg
    )
