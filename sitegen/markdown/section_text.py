"""The readable text of a converted section, taken from its element tree: an excerpt around
each reference for backlink lists, and the plain text for reading time and search.

The tree is read before Python-Markdown has finished with it: its text still holds the
placeholders that the page's HTML has not (`AT&amp;T` is `AT\x02wzxhzdk:0\x03T` until the
stashed `&amp;` is put back), and code is escaped (`a &lt; b`). `ShownText` turns such text into
what a reader of the page sees.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown.util import AMP_SUBSTITUTE, ETX, HTML_PLACEHOLDER, STX, HtmlStash

CONTEXT_CHARS = 160  # length of the excerpt shown beside a backlink
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
# Python-Markdown's placeholders: a stashed piece of HTML (an entity, as written), a backslash
# escape (`\*`, by its code point) and the `&` of an email autolink's character references.
_PLACEHOLDER = re.compile(
    "|".join((HTML_PLACEHOLDER % r"(\d+)", f"{STX}(\\d+){ETX}", re.escape(AMP_SUBSTITUTE)))
)
# What Python-Markdown's serializer leaves unescaped for the browser to read as a character
# reference (markdown/serializers.py, RE_AMP): the same is decoded here.
_REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)

Shown = Callable[[str], str]


def as_is(text: str) -> str:
    return text


class ShownText:
    """Text of the tree as the page shows it: the placeholders put back as the HTML has them
    (from `stash`, the Markdown instance's, read when called), then character references
    decoded as the browser decodes them."""

    def __init__(self, stash: HtmlStash):
        self.stash = stash

    def __call__(self, text: str) -> str:
        if STX in text:
            text = _PLACEHOLDER.sub(self._put_back, text)
        if "&" in text:
            text = _REFERENCE.sub(lambda m: html.unescape(m.group()), text)
        return text

    def _put_back(self, placeholder: re.Match[str]) -> str:
        stashed, escaped = placeholder.groups()
        if escaped is not None:
            return chr(int(escaped))
        if stashed is None:
            return "&"  # AMP_SUBSTITUTE
        blocks = self.stash.rawHtmlBlocks
        index = int(stashed)
        block = blocks[index] if index < len(blocks) else ""
        return block if isinstance(block, str) else "".join(block.itertext())


def excerpt(block: etree.Element, shown: Shown = as_is) -> str:
    """The readable text of a block, without citation marks, cut to a backlink-sized excerpt."""
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(_reading_text(block, shown).split()))
    return shortened(text, CONTEXT_CHARS)


def shortened(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ellipsis included, at the end of a word: an
    excerpt that stops inside one ("could interve…") reads as a typo."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():
        # back to the last space, unless the text has none (one long word is cut as it is)
        word_start = cut.rfind(" ")
        cut = cut[:word_start] if word_start > 0 else cut
    return cut.rstrip(" ,;:") + "…"


def _reading_text(element: etree.Element, shown: Shown) -> str:
    if element.get("class") in ("cite", "visually-hidden") or element.tag == "svg":
        return shown(element.tail or "")
    inner = shown(element.text or "") + "".join(_reading_text(child, shown) for child in element)
    if element.tag == "q" or (element.tag == "blockquote"):
        inner = f"“{inner.strip()}” "
    return inner + shown(element.tail or "")


_TEXT_BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figcaption",
    "td",
    "th",
    "tr",
    "div",
    "figure",
    "dd",
    "dt",
}


def plain_text(root: etree.Element, shown: Shown = as_is) -> str:
    """The words a reader reads in a converted section (for reading time and search): the
    text of every element but citation marks, blocks apart, whitespace collapsed. Taken from
    the tree while it exists, so no later step has to parse the HTML again."""
    parts: list[str] = []

    def collect(element: etree.Element) -> None:
        classes = set((element.get("class") or "").split())
        # a chart's drawing repeats its data table in tick marks and labels: not read twice
        if not classes & {"cite", "visually-hidden"} and element.tag != "svg":
            block = element.tag in _TEXT_BLOCKS
            if block:
                parts.append(" ")
            parts.append(shown(element.text or ""))
            for child in element:
                collect(child)
            if block:
                parts.append(" ")
        parts.append(shown(element.tail or ""))

    for child in root:
        collect(child)
    text = " ".join("".join(parts).split())
    return _SPACE_BEFORE_CLOSING.sub(r"\1", text)


_SPACE_BEFORE_CLOSING = re.compile(r"\s+([.,;:!?’”)])")
