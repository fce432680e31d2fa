"""What CSS an SVG figure may hold: read as a browser reads it, token by token.

A `<style>` element or a `style` attribute is CSS, and a presentation attribute (`fill`,
`clip-path`, `cursor`, ...) is a CSS value: a browser decodes its escapes (`\\75 rl(` is
`url(`) and reads past its comments, so a search of the raw text for `url(` misses what the
browser will fetch. tinycss2 tokenizes by the CSS Syntax specification, as browsers
do; what is refused is then decided on its tokens, wherever they stand (a selector, a
declaration, a nested rule): any reference that is not to the figure's own parts (`url()`,
`src()`), every function that loads or paints an image (`image-set()`, `image()`,
`cross-fade()`, `element()`, with or without a vendor prefix), and any at-rule but @media,
@supports and @keyframes (`@import` and `@font-face` load files).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import tinycss2
from tinycss2.ast import Node

ALLOWED_AT_RULES = ("media", "supports", "keyframes")
_WHY_NOT_AT_RULE = {
    "import": "it loads another file",
    "font-face": "it can load a font file",
}
_REFERENCES = frozenset({"url", "src"})
_WHY_NOT_FUNCTION = {
    "image-set": "it loads an image",
    "image": "it loads an image",
    "cross-fade": "it loads an image",
    "element": "it paints another element as an image",
}
_VENDOR_PREFIX = re.compile(r"^-[a-z0-9]+-")


class CssRefusal(NamedTuple):
    """Something CSS may not do in a figure; line and column are 1-based, in the CSS text."""

    line: int
    col: int
    message: str


def outside(target: str) -> str:
    """The refusal of a reference to anything but the figure's own parts."""
    shown = target.strip()[:80]
    return f"reference to '{shown}' is not allowed: an SVG figure may only refer to its own parts ('#id')"


def css_refusals(css: str, *, sheet: bool) -> list[CssRefusal]:
    """What `css` may not do: a style sheet or `style` attribute (`sheet`), or the value of
    another attribute, where an at-rule is inert text."""
    if "(" not in css and "@" not in css:
        return []  # no function, url or at-rule: an escape cannot make a "(" or an "@" that opens one
    # tinycss2 turns "\r\n" into one line break; one for one keeps its columns on ours.
    tokens = tinycss2.parse_component_value_list(css.replace("\r", "\n"), skip_comments=True)
    return list(_refusals(tokens, sheet))


def _refusals(nodes: Iterable[Node], sheet: bool) -> Iterator[CssRefusal]:
    for node in nodes:
        message = _refusal(node, sheet)
        if message is not None:
            yield CssRefusal(node.source_line, node.source_column, message)
        elif node.type == "function":
            yield from _refusals(node.arguments, sheet)
        elif node.type in ("() block", "[] block", "{} block"):
            yield from _refusals(node.content, sheet)


def _refusal(node: Node, sheet: bool) -> str | None:
    if node.type == "url":
        return None if _own(node.value) else outside(node.value)
    if node.type == "function":
        name = _VENDOR_PREFIX.sub("", node.lower_name)
        if name in _REFERENCES:
            target = _target(node.arguments)
            return None if _own(target) else outside(target)
        if name in _WHY_NOT_FUNCTION:
            return (
                f"CSS function '{node.lower_name}()' is not allowed in an SVG figure: "
                f"{_WHY_NOT_FUNCTION[name]}"
            )
        return None
    if node.type == "at-keyword" and sheet and node.lower_value not in ALLOWED_AT_RULES:
        why = _WHY_NOT_AT_RULE.get(node.lower_value)
        if why:
            return f"'@{node.lower_value}' is not allowed in an SVG figure: {why}"
        allowed = ", ".join(f"@{name}" for name in ALLOWED_AT_RULES)
        return f"'@{node.lower_value}' is not allowed in an SVG figure (its CSS may use {allowed})"
    if node.type == "error" and node.kind == "bad-url":
        # A browser drops it; refused all the same, as what it would have fetched is unclear.
        return "a malformed 'url(' is not allowed in an SVG figure's CSS"
    return None


def _own(target: str) -> bool:
    return target.strip().startswith("#")


def _target(arguments: list[Node]) -> str:
    """What `url("...")` refers to: its one string, or, when it holds more, all of it."""
    meaningful = [node for node in arguments if node.type != "whitespace"]
    if len(meaningful) == 1 and meaningful[0].type == "string":
        return meaningful[0].value
    return tinycss2.serialize(arguments)
