"""Incremental rebuilds for the preview: render again only the pages whose inputs changed.

A `PreviewBuilder` keeps the last good build in memory (a `Snapshot`). The next build loads
and checks all content as usual (so every error is found), converts again only the sections
whose text or referenced data changed, and renders only the pages for which some input key
(sitegen/site/inputs.py) or some template in their extends/include/import closure changed.
Whenever the picture is uncertain (no earlier build, a template named by an expression, an
unknown key) the page is rendered. Files whose bytes did not change are not written, so the
output equals what a full build of the same content would produce, byte for byte.

A save that changes only the text of one section (not its front matter) gets an answer first:
`quick_section_page` converts that section and writes its page alone, in milliseconds whatever
the size of the briefing; `build` must follow, for every check and every other page. Quick
answers may come from another thread while `build` runs: a page answered after the build read
the content shows a newer save than the build's, so the build leaves it, and the build that
must follow that save takes it on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from sitegen.build import check_templates_folder, load_site, site_files, vet_site
from sitegen.config import BuildConfig
from sitegen.content.dates import ContentDates, content_dates
from sitegen.content.load import BRIEFINGS_FOLDER, ParseCache, read_text, split_front_matter
from sitegen.content.model import SOLE_BRIEFING, Section, Site, item_key
from sitegen.content.validate import section_of
from sitegen.errors import ContentError, Problem, UsageError
from sitegen.incremental.reads import PageReads, Roots
from sitegen.incremental.reads import begin as begin_reads
from sitegen.incremental.state import PageStates, Record, head_digest
from sitegen.markdown.conversion import SectionConverter, as_rendered
from sitegen.markdown.source_numbers import briefing_numbers
from sitegen.media.library import MediaLibrary
from sitegen.output.write import MANIFEST, update_site, write_site
from sitegen.process_tuning import fewer_collections
from sitegen.site.pages import SiteQueries, View, plan_pages, section_page
from sitegen.site.publish import has_feed
from sitegen.site.render import make_environment
from sitegen.site.render_many import render_pages
from sitegen.site.resolve import RenderedSection, Resolved, check_section_links, resolve


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A finished build: what the next one compares against."""

    resolved: Resolved
    reads: Record  # what each page read (sitegen/incremental/state.py)
    templates: Mapping[str, bytes]  # template name -> source bytes
    digests: Mapping[str, bytes]  # output path -> digest of the bytes on disk
    dates: ContentDates  # the content dates (feed, sitemap), see sitegen/content/dates.py


@dataclass(frozen=True, slots=True)
class Outcome:
    written: tuple[str, ...]  # output paths whose bytes changed (or that are new)
    removed: tuple[str, ...]
    rendered: int  # pages rendered (the others were unchanged)
    converted: int  # sections whose Markdown was converted
    full: bool
    images_processed: int = 0  # images decoded and encoded (new or changed files only)


class PreviewBuilder:
    """Builds into the preview folder, incrementally after the first build."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.snapshot: Snapshot | None = None
        self._env: jinja2.Environment | None = None
        self._parsed = ParseCache()
        self._converter: tuple[Site, SectionConverter] | None = None
        # files written by quick_section_page since the snapshot was taken:
        # path -> (number of the quick answer, digest)
        self._quick_digests: dict[str, tuple[int, bytes]] = {}
        self._quick_answers = 0
        # images published once, and again only when their file changes
        self._media = MediaLibrary(config.content_dir, config.cache_dir)

    def build(self) -> Outcome:
        """Build; raises ContentError or UsageError, leaving the last good build in place."""
        with fewer_collections():
            return self._build()

    def _build(self) -> Outcome:
        config = self.config
        answered_before = self._quick_answers
        processed_before = self._media.processed
        site, images = self._media.publish(load_site(config, self._parsed))
        check_templates_folder(config)
        templates = _read_templates(config)
        previous = self.snapshot
        if not (config.output_dir / MANIFEST).is_file():
            previous = None  # the preview folder was removed: write all of it again
        dates = content_dates(site, config.content_dir)
        if previous is not None and bool(previous.dates.site) != bool(dates.site):
            previous = None  # every page's head metadata (the feed link) differs
        converted: list[str] = []
        resolved = resolve(site, reuse=_conversion_reuse(previous, site, converted))
        resolved = vet_site(config, resolved)  # what `build` refuses, the overlay shows
        pages = plan_pages(resolved)
        env = self._environment(templates)
        feed = has_feed(resolved, dates)
        begin_reads()
        roots = Roots(resolved, SiteQueries(resolved))
        templates_digest = head_digest(tuple(sorted(templates.items())))
        states = PageStates(
            previous.reads if previous is not None else Record(),
            roots,
            lambda path, template, title: head_digest(path, template, title, feed, templates_digest),
        )
        stale = [page for page in pages if not states.unchanged(page.path, page.template, page.title)]
        by_path = {page.path: page for page in stale}

        def noted(path: str, reads: PageReads) -> None:
            states.rendered(path, by_path[path].template, by_path[path].title, reads)

        files: dict[str, bytes] = {}
        render_pages(env, stale, View(roots), feed, files.__setitem__, noted=noted)
        assets = {**site_files(config, resolved, pages, dates), **images}
        files.update(assets)
        quick = dict(self._quick_digests)  # quick answers may come while this one runs
        digests = (
            {}
            if previous is None
            else {**previous.digests, **{path: digest for path, (_, digest) in quick.items()}}
        )
        # A page answered quickly after this build read the content shows a newer save than
        # this build's; it stays, and the rebuild that must follow that save takes it on.
        newer = {path for path, (number, _) in quick.items() if number > answered_before}
        written = []
        for path, data in files.items():
            if path in newer and previous is not None:
                continue
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if digests.get(path) != digest:
                written.append(path)
            digests[path] = digest
        live = {page.path for page in pages} | set(assets)
        removed = sorted(set(digests) - live)
        for path in removed:
            del digests[path]
        self.snapshot = None  # should writing fail half-way, the next build is a full one
        if previous is None:
            write_site(config.output_dir, files, config.protected_dirs)
        else:
            update_site(
                config.output_dir, {path: files[path] for path in written}, removed, config.protected_dirs
            )
        self.snapshot = Snapshot(resolved, states.record(), templates, digests, dates)
        self._media.cache.save()
        self._quick_digests = {
            path: entry for path, entry in self._quick_digests.items() if entry[0] > answered_before
        }
        # made now, while nobody waits: a quick answer to the next save needs it
        self._converter = (resolved.site, SectionConverter(resolved.site))
        return Outcome(
            tuple(sorted(written)),
            tuple(removed),
            len(stale),
            len(converted),
            previous is None,
            self._media.processed - processed_before,
        )

    def quick_section_page(self, changed: Collection[Path]) -> str | None:
        """Write at once the page of the one section whose text (only) changed; its output
        path, or None when `changed` is not such a save or anything looks wrong (`build`,
        which must follow in every case, then reports it)."""
        snapshot, env = self.snapshot, self._env
        # A save also touches what no build reads: the folder, an editor's swap or backup file.
        read = [
            path
            for path in changed
            if path.suffix in (".md", ".yaml")
            or (path.is_relative_to(self.config.templates_dir) and not path.is_dir())
        ]
        if snapshot is None or env is None or len(read) != 1:
            return None
        path = read[0]
        briefing_id = self._briefing_of_section_file(path)
        if briefing_id is None:
            return None
        before = snapshot.resolved.sections.get(item_key(briefing_id, path.stem))
        problems: list[Problem] = []
        try:
            file = read_text(path, problems) if before is not None else None
        except UsageError:  # gone or unreadable since the save was seen
            return None
        if file is None or before is None:
            return None
        markdown = self._parsed.parse(file, split_front_matter, problems)
        section = section_of(markdown, briefing_id, self.config.include_drafts) if markdown else None
        if problems or section is None or replace(section, body=before.section.body) != before.section:
            return None  # the front matter changed: title, order, neighbours may all differ
        try:
            fresh = as_rendered(section, self._section_converter(snapshot.resolved.site).convert(section))
        except ContentError:
            return None
        sections = {**snapshot.resolved.sections, section.key: fresh}
        if check_section_links(sections):
            return None  # a link to one of its headings broke
        resolved = replace(snapshot.resolved, sections=sections)
        briefing = resolved.site.by_id[briefing_id]
        index = next(n for n, s in enumerate(briefing.sections) if s.id == section.id)
        page = section_page(briefing, index)
        files: dict[str, bytes] = {}
        view = View(Roots(resolved, SiteQueries(resolved)))
        try:
            render_pages(env, [page], view, has_feed(resolved, snapshot.dates), files.__setitem__)
        except ContentError:
            return None
        data = files[page.path]
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if self._quick_digests.get(page.path, (0, snapshot.digests.get(page.path)))[1] == digest:
            return None
        # the page is in the last build's manifest: no need to read it
        update_site(
            self.config.output_dir, files, (), self.config.protected_dirs, ours=snapshot.digests.keys()
        )
        self._quick_answers += 1
        self._quick_digests[page.path] = (self._quick_answers, digest)
        return page.path

    def _briefing_of_section_file(self, path: Path) -> str | None:
        """The id of the briefing whose sections folder holds `path`, a Markdown file; None
        for any other file."""
        if path.suffix != ".md" or path.is_symlink() or path.parent.name != "sections":
            return None
        folder = path.parent.parent
        if folder == self.config.content_dir:
            return SOLE_BRIEFING
        if folder.parent == self.config.content_dir / BRIEFINGS_FOLDER:
            return folder.name
        return None

    def _section_converter(self, site: Site) -> SectionConverter:
        if self._converter is None or self._converter[0] is not site:
            self._converter = (site, SectionConverter(site))
        return self._converter[1]

    def _environment(self, templates: Mapping[str, bytes]) -> jinja2.Environment:
        # A fresh environment when any template changed: Jinja's own reload check looks at
        # modification times only, which can miss two saves within the clock's resolution.
        if self._env is None or self.snapshot is None or self.snapshot.templates != templates:
            self._env = make_environment(self.config.template_folders())
        return self._env


def _read_templates(config: BuildConfig) -> dict[str, bytes]:
    """Every template the build would use (a project's over the theme's), by name."""
    folders = config.template_folders()
    return {name: path.read_bytes() for name, path in folders.template_files().items()}


def _conversion_reuse(
    previous: Snapshot | None, site: Site, converted: list[str]
) -> Callable[[Section], RenderedSection | None]:
    """Hands back the previous conversion of a section when nothing it shows changed:
    its own text and front matter, and every item its references display."""

    def convert_again(section: Section) -> RenderedSection | None:
        converted.append(section.id)
        return None  # no conversion to hand back: it is converted

    if previous is None:
        return convert_again
    before = previous.resolved
    old_site = before.site
    if (
        tuple(old_site.sources.items()) != tuple(site.sources.items())
        or before.briefing_numbers != briefing_numbers(site)
        or _entity_names(old_site) != _entity_names(site)
        or set(before.sections) != {section.key for section in site.sections()}
    ):
        return convert_again  # citation numbers, name lookup or section links may differ
    changed = _changed_items(old_site, site)

    def reuse(section: Section) -> RenderedSection | None:
        earlier = before.sections.get(section.key)
        if earlier is None or earlier.section != section:
            return convert_again(section)
        if changed and any((mention.kind, mention.target) in changed for mention in earlier.mentions):
            return convert_again(section)
        return earlier

    return reuse


def _entity_names(site: Site) -> dict[str, str]:
    return {
        name.casefold(): entity.id
        for entity in site.entities.values()
        for name in (*entity.aliases, entity.name, entity.id)
    }


def _changed_items(old: Site, new: Site) -> set[tuple[str, str]]:
    """(kind, id or key) of every entity, fact, quote, event, figure and chart that differs
    between the two sites (a figure whose image file changed differs: it holds the image's
    digest); a quote counts as changed when its speaker did, since a quote reference shows
    the name."""
    changed = {
        ("entity", key)
        for key in old.entities.keys() | new.entities.keys()
        if old.entities.get(key) != new.entities.get(key)
    }
    for kind in ("fact", "quote", "event", "figure", "chart"):
        before, after = _items(old, kind), _items(new, kind)
        changed |= {(kind, key) for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    changed |= {
        ("quote", quote.key)
        for briefing in new.briefings
        for quote in briefing.quotes.values()
        if ("entity", quote.speaker) in changed
    }
    return changed


def _items(site: Site, kind: str) -> dict[str, Any]:
    """Every fact (quote, event) of the site by key."""
    return {item.key: item for briefing in site.briefings for item in getattr(briefing, f"{kind}s").values()}
