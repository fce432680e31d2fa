"""The inline reference syntax, as a Python-Markdown extension.

    [[xi-jinping]] [[Xi]] [[xi-jinping|the president]]   entity link
    [[fact:us-troops]]                                  fact value + citation marks
    [[fact:xi-lee-summit/us-troops]]                    the same, from another briefing
    [[fact:us-troops-2025|history]]                     a superseded fact, mentioned as history
    [[fact:us-troops-2025|history: the earlier count]]  the same, shown in the text's own words
    [[quote:kang-importance]]                           inline quote; alone in a paragraph: block quote
    [[event:takaichi-remarks]]                          the event's "when" + citation marks
    [@reuters-agencies] [@a; @b]                        citation marks
    [[figure:nara-meeting]]  [[chart:china-shares]]     alone in a paragraph: a figure, a chart
    [!analysis]                                         the desk's own analysis, not a sourced claim

The extension knows the syntax and the HTML it becomes; what an id means comes from a
`ReferenceContext` handed in (like Zola's RenderContext), so the extension holds no site state.
Every reference gets an element id, and is recorded as a `Mention` so that pages can link back
to the exact spot.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol
from urllib.parse import unquote

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import HtmlInlineProcessor, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from sitegen.content.characters import describe, is_forbidden
from sitegen.content.inline_facts import split_definition
from sitegen.content.model import Entity, Event, Fact, Quote, Source
from sitegen.content.reference_syntax import ANALYSIS_RE, CITE_RE, WIKI_RE, fact_label
from sitegen.content.visuals import Chart, Figure
from sitegen.errors import Location, Problem
from sitegen.markdown.figures import chart_element, figure_element
from sitegen.markdown.section_text import ShownText, as_is, excerpt, plain_text
from sitegen.markdown.sentences import ANALYSIS_CLASS, Coverage, section_coverage

KINDS = ("entity", "fact", "quote", "event")
# Python-Markdown's ENTITY_RE, with `&#X41;` too: its serializer passes that on to the page
CHARACTER_REFERENCE_RE = r"(&(?:\#[0-9]+|\#[xX][0-9a-fA-F]+|[a-zA-Z0-9]+);)"
QUOTE_BLOCK_RE = re.compile(r"\s*\[\[quote:([^\[\]|\n]+?)\]\]\s*")
VISUAL_BLOCK_RE = re.compile(r"\s*\[\[(figure|chart):([^\[\]|\n]+?)\]\]\s*")
ALLOWED_LINK = re.compile(r"(https?://|mailto:)", re.IGNORECASE)
SECTION_LINK = re.compile(r"([^:#?]+)\.md(?:#(.*))?")


class ReferenceContext(Protocol):
    """What the extension may look up; built from the model by `resolve`."""

    def entity(self, key: str) -> Entity | None: ...
    def fact(self, key: str) -> Fact | None: ...  # key as written: `id` or `briefing/id`
    def quote(self, key: str) -> Quote | None: ...
    def event(self, key: str) -> Event | None: ...
    def figure(self, key: str) -> Figure | None: ...
    def chart(self, key: str) -> Chart | None: ...
    def source(self, key: str) -> Source | None: ...
    def source_number(self, key: str) -> int: ...
    def href(self, kind: str, key: str | None = None, fragment: str | None = None) -> str: ...
    def section_key(self, path: str) -> str | None: ...  # a link's `x.md` path -> section key
    def missing(self, kind: str, key: str) -> str: ...  # what to say of an unknown reference


class Mention(NamedTuple):
    """One reference in a section: what it points at and the element id of the spot. (A
    tuple, quicker to make than a frozen dataclass: a large desk makes tens of thousands of
    them from the cache at every build.)"""

    kind: str  # entity | fact | quote | event | source
    target: str  # an entity or source id; the key of a fact, quote or event
    section: str  # the key of the section
    anchor: str
    context: str  # the text around it, for backlink lists


@dataclass(frozen=True, slots=True)
class SectionLink:
    """A Markdown link to another section (maybe with #heading), checked once all are converted."""

    section: str  # the key of the section linked to
    fragment: str | None
    location: Location


@dataclass(slots=True)
class ConversionState:
    """What one section's conversion collects; reset before each section."""

    section: str = ""  # the section's id (element ids are made from it)
    section_key: str = ""
    path: str = ""
    body: str = ""
    first_line: int = 1
    mentions: list[Mention] = field(default_factory=list)
    pending: dict[str, tuple[str, str]] = field(default_factory=dict)  # anchor -> (kind, target)
    problems: list[Problem] = field(default_factory=list)
    section_links: list[SectionLink] = field(default_factory=list)
    text: str = ""  # the plain text of the converted section
    coverage: Coverage | None = None  # its sentences and what they rest on
    external_links: list[tuple[str, Location]] = field(default_factory=list)  # http(s) links
    written: dict[str, str] = field(default_factory=dict)  # entity link id -> its Markdown
    seen: dict[str, int] = field(default_factory=dict)
    linked_entities: set[str] = field(default_factory=set)
    counter: int = 0
    # what backlinks quote of a block other than its text (a chart: its title), by id(block)
    block_texts: dict[int, str] = field(default_factory=dict)
    own_images: set[int] = field(default_factory=set)  # id() of the <img> of figures

    def next_anchor(self, kind: str, target: str) -> str:
        self.counter += 1
        anchor = f"ref-{self.section}-{self.counter}"
        self.pending[anchor] = (kind, target)
        return anchor

    def locate(self, text: str, skip: int = 0) -> Location:
        """The file position of the next occurrence of `text` in the raw body (+`skip` chars)."""
        nth = self.seen.get(text, 0)
        self.seen[text] = nth + 1
        start = -1
        for _ in range(nth + 1):
            found = self.body.find(text, start + 1)
            if found < 0:
                break
            start = found
        if start < 0:
            return Location(self.path, self.first_line)
        start += skip
        line = self.body.count("\n", 0, start)
        col = start - (self.body.rfind("\n", 0, start) + 1) + 1
        return Location(self.path, self.first_line + line, col)

    def locate_link(self, href: str) -> Location:
        """Where a link's target is written: inline `](href`, a definition `]: href`, `<href>`."""
        for before in ("](", "]: ", "]:", "<"):
            if before + href in self.body:
                return self.locate(before + href, len(before))
        return self.locate(href)

    def problem(self, raw: str, message: str, code: str) -> None:
        self.problems.append(Problem(self.locate(raw), message, code))


class _Builder:
    """Builds the HTML elements for references; shared by the inline and block processors."""

    def __init__(self, context: ReferenceContext, state: ConversionState):
        self.context, self.state = context, state
        self.shown = as_is  # the tree's text as pages show it (set once Markdown is known)

    def citations(self, source_ids: tuple[str, ...], raw: str) -> etree.Element | None:
        sup = etree.Element("sup", {"class": "cite"})
        for key in source_ids:
            source = self.context.source(key)
            if source is None:
                self.state.problem(raw, self.context.missing("source", key), "unknown-id")
                continue
            number = self.context.source_number(key)
            link = etree.SubElement(
                sup,
                "a",
                {
                    "href": self.context.href("source", key),
                    "id": self.state.next_anchor("source", key),
                    "class": "cite-mark",
                    "data-source": key,
                },
            )
            link.text = AtomicString(f"[{number}]")
            hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
            hidden.text = AtomicString(f" source: {source.publisher}")
        return sup if len(sup) else None

    def entity(self, entity: Entity, label: str | None) -> etree.Element:
        # Every mention links (so entity pages can list them all), but only the first one in
        # a section is styled as a full link; repeats stay quiet so names do not clutter prose.
        first = entity.id not in self.state.linked_entities
        self.state.linked_entities.add(entity.id)
        link = etree.Element(
            "a",
            {
                "href": self.context.href("entity", entity.id),
                "id": self.state.next_anchor("entity", entity.id),
                "class": f"entity entity-{entity.kind}" + (" entity-first" if first else ""),
                "data-entity": entity.id,
            },
        )
        link.text = AtomicString(label or entity.name)
        return link

    def fact(self, fact: Fact, raw: str, marks: bool = True, words: str | None = None) -> etree.Element:
        """The fact's value (or statement), or the `words` the text gives it, linked to its
        entry, with its sources' marks."""
        span = etree.Element("span", {"class": "fact", "id": self.state.next_anchor("fact", fact.key)})
        link = etree.SubElement(
            span,
            "a",
            {"href": self.context.href("fact", fact.key), "class": "fact-value", "data-fact": fact.id},
        )
        link.text = AtomicString(words or fact.value or fact.statement)
        if words:
            link.set("class", "fact-words")  # the text's own words: not set as a figure
        if marks:
            self._append(span, self.citations(fact.sources, raw))
        return span

    def event(self, event: Event, raw: str) -> etree.Element:
        span = etree.Element("span", {"class": "event", "id": self.state.next_anchor("event", event.key)})
        link = etree.SubElement(
            span, "a", {"href": self.context.href("event", event.key), "data-event": event.id}
        )
        link.text = AtomicString(event.when)
        self._append(span, self.citations(event.sources, raw))
        return span

    def inline_quote(self, quote: Quote, raw: str) -> etree.Element:
        span = etree.Element(
            "span", {"class": "quote-inline", "id": self.state.next_anchor("quote", quote.key)}
        )
        q = etree.SubElement(span, "q")
        q.text = AtomicString(quote.text)
        self._append(span, self.citations(quote.sources, raw))
        return span

    def block_quote(self, quote: Quote, raw: str) -> etree.Element:
        figure = etree.Element("figure", {"class": "quote", "id": self.state.next_anchor("quote", quote.key)})
        blockquote = etree.SubElement(figure, "blockquote")
        paragraph = etree.SubElement(blockquote, "p")
        paragraph.text = AtomicString(quote.text)
        caption = etree.SubElement(figure, "figcaption")
        speaker = self.context.entity(quote.speaker)
        if speaker is not None:
            caption.append(self.entity(speaker, None))
        if quote.role:
            role = etree.SubElement(caption, "span", {"class": "role"})
            role.text = AtomicString(f", {quote.role}")
        self._append(caption, self.citations(quote.sources, raw))
        return figure

    def figure(self, figure: Figure, raw: str) -> etree.Element:
        anchor = self.state.next_anchor("figure", figure.key)
        element, img = figure_element(
            figure,
            anchor,
            lambda path: self.context.href("file", path),
            lambda keys: self.citations(keys, raw),
            self._publisher,
        )
        self.state.own_images.add(id(img))
        caption = element.find("figcaption")
        assert caption is not None  # figure_element always writes one
        self.state.block_texts[id(element)] = excerpt(caption, self.shown)
        return element

    def chart(self, chart: Chart, raw: str) -> etree.Element:
        anchor = self.state.next_anchor("chart", chart.key)
        element = chart_element(
            chart, anchor, lambda keys: self.citations(keys, raw), self._publisher, self._source_label
        )
        self.state.block_texts[id(element)] = chart.title
        for fact in dict.fromkeys(point.fact for point in chart.points if point.fact):
            self.state.mentions.append(Mention("fact", fact, self.state.section_key, anchor, chart.title))
        return element

    def _publisher(self, key: str) -> str:
        source = self.context.source(key)
        return source.publisher if source else key

    def _source_label(self, key: str) -> str:
        source = self.context.source(key)
        return f"{source.publisher} [{self.context.source_number(key)}]" if source else key

    @staticmethod
    def _append(parent: etree.Element, child: etree.Element | None) -> None:
        if child is not None:
            parent.append(child)


class WikiReferenceProcessor(InlineProcessor):
    """`[[kind:id]]` and `[[name|label]]`."""

    def __init__(self, builder: _Builder):
        super().__init__(WIKI_RE)
        self.builder = builder

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        kind, key, label = m.group(1) or "entity", m.group(2).strip(), m.group(3)
        raw, context = m.group(0), self.builder.context
        defines = False
        if kind == "fact":  # `[[fact:id = value]]` defines the fact (content/inline_facts.py)
            key, value = split_definition(key)
            defines = value is not None
        found = getattr(context, kind)(key)
        if kind in ("figure", "chart"):
            self.builder.state.problem(
                raw,
                f"a {kind} stands alone in its paragraph: put "
                f"{raw} on a line of its own, with a blank line before "
                "and after it",
                "inline-figure",
            )
            return None, m.start(0), m.end(0)
        if found is None:
            self.builder.state.problem(raw, context.missing(kind, key), "unknown-id")
            placeholder = etree.Element("span", {"class": "unresolved"})
            placeholder.text = AtomicString(label or key)
            return placeholder, m.start(0), m.end(0)
        if kind == "entity":
            element = self.builder.entity(found, label.strip() if label else _as_written(key, found))
            self.builder.state.written[element.get("id", "")] = raw
        elif kind == "fact":
            # a definition's sentence cites the fact's sources: no marks of its own
            element = self.builder.fact(found, raw, marks=not defines, words=fact_label(label).words)
        elif kind == "event":
            element = self.builder.event(found, raw)
        else:
            element = self.builder.inline_quote(found, raw)
        return element, m.start(0), m.end(0)


def _as_written(key: str, entity: Entity) -> str:
    """`[[Xi]]` shows "Xi", `[[xi-jinping]]` shows the entity's name."""
    return entity.name if key == entity.id else key


class CitationProcessor(InlineProcessor):
    """`[@source]` and `[@a; @b]`."""

    def __init__(self, builder: _Builder):
        super().__init__(CITE_RE)
        self.builder = builder

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        keys = [part.strip() for part in m.group(1).split(";")]
        if not all(key.startswith("@") and len(key) > 1 for key in keys):
            return None, None, None  # not our syntax: leave it to Markdown
        sup = self.builder.citations(tuple(key[1:] for key in keys), m.group(0))
        if sup is None:
            sup = etree.Element("span", {"class": "unresolved"})
        return sup, m.start(0), m.end(0)


class AnalysisMarkProcessor(InlineProcessor):
    """`[!analysis]`: the sentence (or, first in a paragraph, the paragraph) is the desk's own
    analysis. Counted by sentences.py, then taken out: readers see nothing of it."""

    def __init__(self) -> None:
        super().__init__(ANALYSIS_RE)

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        return etree.Element("span", {"class": ANALYSIS_CLASS}), m.start(0), m.end(0)


class CharacterReferenceProcessor(HtmlInlineProcessor):
    """Python-Markdown's own `&amp;`, `&#169;`, passed through to the page as written, but
    refusing a reference to a character that no content may hold (`&#7;`, `&#xFFFE;`: see
    content/characters.py): what an escape is to a YAML string."""

    def __init__(self, md: Markdown, state: ConversionState):
        super().__init__(CHARACTER_REFERENCE_RE, md)
        self.state = state

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        reference = m.group(1)
        if reference.startswith("&#"):
            number = reference[2:-1]
            code_point = int(number[1:], 16) if number[0] in "xX" else int(number)
            if is_forbidden(code_point):
                self.state.problem(
                    reference,
                    f"the character reference '{reference}' stands for {describe(code_point)}; remove it",
                    "control-character",
                )
        return super().handleMatch(m, data)


class QuoteBlockProcessor(BlockProcessor):
    """A paragraph holding only `[[quote:id]]` becomes a block quotation with its speaker."""

    def __init__(self, parser, builder: _Builder):  # type: ignore[no-untyped-def]
        super().__init__(parser)
        self.builder = builder

    def test(self, parent: etree.Element, block: str) -> bool:
        return QUOTE_BLOCK_RE.fullmatch(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = QUOTE_BLOCK_RE.fullmatch(block)
        assert match is not None
        key, raw = match.group(1).strip(), block.strip()
        quote = self.builder.context.quote(key)
        if quote is None:
            self.builder.state.problem(raw, self.builder.context.missing("quote", key), "unknown-id")
            return
        parent.append(self.builder.block_quote(quote, raw))


class VisualBlockProcessor(BlockProcessor):
    """A paragraph holding only `[[figure:id]]` or `[[chart:id]]` becomes the figure."""

    def __init__(self, parser, builder: _Builder):  # type: ignore[no-untyped-def]
        super().__init__(parser)
        self.builder = builder

    def test(self, parent: etree.Element, block: str) -> bool:
        return VISUAL_BLOCK_RE.fullmatch(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = VISUAL_BLOCK_RE.fullmatch(block)
        assert match is not None
        kind, key, raw = match.group(1), match.group(2).strip(), block.strip()
        context = self.builder.context
        found = context.figure(key) if kind == "figure" else context.chart(key)
        if found is None:
            self.builder.state.problem(raw, context.missing(kind, key), "unknown-id")
            return
        parent.append(
            self.builder.figure(found, raw) if isinstance(found, Figure) else self.builder.chart(found, raw)
        )


class FinishingTreeprocessor(Treeprocessor):
    """After inline processing: record each mention with its surrounding text, check links."""

    BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "dd", "dt"}

    def __init__(self, md: Markdown, builder: _Builder):
        super().__init__(md)
        self.builder = builder

    def run(self, root: etree.Element) -> None:
        self._excerpts: dict[int, str] = {}
        self._walk(root, None)
        state = self.builder.state
        cursor = _Cursor(state)
        shown = self.builder.shown
        state.coverage = section_coverage(root, state.written, cursor.find, shown)
        _remove_analysis_marks(root)
        state.text = plain_text(root, shown)

    def _walk(self, element: etree.Element, block: etree.Element | None) -> None:
        state = self.builder.state
        if element.tag in self.BLOCKS and (block is None or id(block) not in state.block_texts):
            block = element  # inside a figure or chart, backlinks quote its caption or title
        anchor = element.get("id")
        if anchor in state.pending:
            kind, target = state.pending.pop(anchor)
            state.mentions.append(
                Mention(
                    kind,
                    target,
                    state.section_key,
                    anchor,
                    self._excerpt_of(block if block is not None else element),
                )
            )
        if element.tag == "a" and "href" in element.attrib and "data-source" not in element.attrib:
            self._check_link(element)
        if element.tag == "img" and id(element) not in state.own_images:
            state.problem(
                f"]({element.get('src', '')}",
                "place an image with [[figure:id]] on "
                "a line of its own; its file, alt text, caption and credit go in "
                "figures.yaml (see docs/content-format.md)",
                "image",
            )
            element.set("src", "")
        for child in element:
            self._walk(child, block)

    def _excerpt_of(self, block: etree.Element) -> str:
        """A block's excerpt, computed once however many references the block holds."""
        key = id(block)
        if key not in self._excerpts:
            override = self.builder.state.block_texts.get(key)
            self._excerpts[key] = override if override is not None else excerpt(block, self.builder.shown)
        return self._excerpts[key]

    def _check_link(self, link: etree.Element) -> None:
        if any(mark in link.attrib for mark in ("data-entity", "data-fact", "data-event")):
            return  # made by this extension
        # Python-Markdown writes email autolinks as character references behind a placeholder.
        written = link.get("href", "")
        href = html.unescape(written.replace(AMP_SUBSTITUTE, "&"))
        state, context = self.builder.state, self.builder.context
        if ALLOWED_LINK.match(href):
            link.set("href", href)
            if not href.lower().startswith("mailto:"):
                state.external_links.append((href, state.locate_link(written)))
            return
        if href.startswith("#"):
            state.section_links.append(
                SectionLink(state.section_key, href[1:] or None, state.locate_link(written))
            )
            link.set("href", context.href("section", state.section_key, f"{state.section}-{href[1:]}"))
            return
        section = SECTION_LINK.fullmatch(unquote(href))  # `%ED%95%9C.md` is `한.md`
        if section is None:
            state.problems.append(
                Problem(
                    state.locate_link(written),
                    f"link '{href}' must be an http(s) URL or a section file such as 'security.md'",
                    "bad-link",
                )
            )
            link.attrib.pop("href")
            return
        path, fragment = section.group(1), section.group(2)
        where = state.locate_link(written)
        key = context.section_key(path)
        if key is None:
            message = f"link to {context.missing('section', f'{path}.md')}"
            state.problems.append(Problem(where, message, "unknown-section"))
            link.attrib.pop("href")
            return
        state.section_links.append(SectionLink(key, fragment or None, where))
        slug = key.rpartition("/")[2]
        link.set("href", context.href("section", key, f"{slug}-{fragment}" if fragment else None))


class _Cursor:
    """Finds the sentences of a section in its Markdown one after the other, each after the
    last one found (the same words may occur earlier in the file)."""

    def __init__(self, state: ConversionState):
        self.state, self.position = state, 0

    def find(self, candidates: list[str]) -> tuple[int, int]:
        body = self.state.body
        found = next(
            (at for written in candidates if written and (at := body.find(written, self.position)) >= 0), -1
        )
        if found < 0:
            found = self.position  # not as written (escapes, emphasis): near the last one
        else:
            self.position = found + 1
        line = body.count("\n", 0, found)
        return self.state.first_line + line, found - (body.rfind("\n", 0, found) + 1) + 1


def _remove_analysis_marks(root: etree.Element) -> None:
    for parent in root.iter():
        for child in [c for c in parent if c.get("class") == ANALYSIS_CLASS]:
            index = list(parent).index(child)
            tail = child.tail or ""
            if index:
                previous = parent[index - 1]
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(child)


class ReferenceExtension(Extension):
    """Registers the reference syntax; `state` is read and reset by the converter per section."""

    def __init__(self, context: ReferenceContext):
        super().__init__()
        self.state = ConversionState()
        self.builder = _Builder(context, self.state)

    def extendMarkdown(self, md: Markdown) -> None:
        # Above links (160) and reference links (170), below code spans (190) and escapes (180).
        md.inlinePatterns.register(WikiReferenceProcessor(self.builder), "sitegen-wiki", 175)
        md.inlinePatterns.register(CitationProcessor(self.builder), "sitegen-cite", 174)
        md.inlinePatterns.register(AnalysisMarkProcessor(), "sitegen-analysis", 173)
        md.inlinePatterns.register(CharacterReferenceProcessor(md, self.state), "entity", 80)
        md.parser.blockprocessors.register(QuoteBlockProcessor(md.parser, self.builder), "sitegen-quote", 25)
        md.parser.blockprocessors.register(
            VisualBlockProcessor(md.parser, self.builder), "sitegen-visual", 24
        )
        md.treeprocessors.register(FinishingTreeprocessor(md, self.builder), "sitegen-finish", 4)
        # the finishing step reads the tree while it still holds placeholders (section_text.py)
        self.builder.shown = ShownText(md.htmlStash)
        # Raw HTML is shown as text, never passed through (see docs/content-format.md).
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")

    def begin(self, section: str, key: str, path: str, body: str, first_line: int) -> ConversionState:
        self.state.__init__()  # type: ignore[misc]
        self.state.section, self.state.section_key, self.state.path = section, key, path
        self.state.body, self.state.first_line = body, first_line
        return self.state
