"""The readable text of a converted section, taken from its element tree: an excerpt around
each reference for backlink lists, and the plain text for reading time and search."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

CONTEXT_CHARS = 160  # length of the excerpt shown beside a backlink
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")


def excerpt(block: etree.Element) -> str:
    """The readable text of a block, without citation marks, cut to a backlink-sized excerpt."""
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(_reading_text(block).split()))
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1].rstrip() + "…"


def _reading_text(element: etree.Element) -> str:
    if element.get("class") in ("cite", "visually-hidden") or element.tag == "svg":
        return element.tail or ""
    inner = (element.text or "") + "".join(_reading_text(child) for child in element)
    if element.tag == "q" or (element.tag == "blockquote"):
        inner = f"“{inner.strip()}” "
    return inner + (element.tail or "")


_TEXT_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td",
                "th", "tr", "div", "figure", "dd", "dt"}


def plain_text(root: etree.Element) -> str:
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
            parts.append(element.text or "")
            for child in element:
                collect(child)
            if block:
                parts.append(" ")
        parts.append(element.tail or "")

    for child in root:
        collect(child)
    text = " ".join("".join(parts).split())
    return _SPACE_BEFORE_CLOSING.sub(r"\1", text)


_SPACE_BEFORE_CLOSING = re.compile(r"\s+([.,;:!?’”)])")
