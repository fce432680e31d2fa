"""Reading aids computed from the resolved briefing: reading time, plain text, heading shifts,
and the source cards that citation popovers show.

Everything here is a pure function of the resolved briefing, so templates only display it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from html.parser import HTMLParser

from sitegen import urls
from sitegen.model import Site

# Adults read continuous prose at about 200-250 words a minute; a briefing is dense, so we take
# the lower end and round up: "1 min" for anything short.
WORDS_PER_MINUTE = 200
_HEADING_TAG = re.compile(r"<(/?)h([1-5])([\s>])")


class _TextCollector(HTMLParser):
    """The words a reader reads: citation marks and visually hidden labels are left out."""

    SKIPPED_CLASSES = {"cite", "visually-hidden"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0  # > 0 while inside a skipped element
        self._stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        skipped = bool(classes & self.SKIPPED_CLASSES)
        if tag not in _VOID:
            self._stack.append(skipped)
            self._skip_depth += skipped
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self._stack:
            self._skip_depth -= self._stack.pop()
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td",
           "th", "tr", "div", "section", "figure", "dd", "dt"}


def plain_text(html: str) -> str:
    """The readable text of rendered HTML, whitespace collapsed, without citation marks."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = " ".join("".join(collector.parts).split())
    return re.sub(r"\s+([.,;:!?’”)])", r"\1", text)


def reading_minutes(html: str) -> int:
    """Minutes to read rendered HTML at WORDS_PER_MINUTE, rounded up, at least one."""
    words = len(plain_text(html).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def shift_headings(html: str, levels: int = 1) -> str:
    """Demote every heading by `levels` (h2 -> h3), for section bodies nested under an h2.

    A tag-level rewrite is safe here because section HTML comes from our Markdown converter,
    which shows raw HTML in the content as text, so every `<hN` in it is a real heading.
    """
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}{m.group(3)}",
                            html)


def source_cards_script(site: Site, numbers: Mapping[str, int]) -> bytes:
    """`assets/sources.js`: what a citation popover shows for each source, keyed by source id.

    A script (not JSON fetched at run time) so that popovers also work from `file://`.
    """
    cards = {key: {"number": numbers[key], "publisher": source.publisher,
                   "title": source.title, "url": source.url,
                   "entry": urls.target("source", key)}
             for key, source in site.sources.items()}
    return data_script("SITEGEN_SOURCES", cards)


def data_script(global_name: str, data: object) -> bytes:
    """A script assigning `data` to `window.<global_name>`: deterministic (sorted keys) and
    safe even if inlined (no `<`, `>` or `&` that could close the script element)."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.{global_name} = {payload};\n".encode()
