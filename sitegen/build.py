"""The build, step by step: load → validate → resolve → plan pages → render → write.

This is the one module that knows the order of the steps.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar
from urllib.parse import urlsplit

import jinja2
from jinja2 import Environment

from sitegen import urls
from sitegen.checks.quotes import verify_snapshots
from sitegen.code_stamp import code_stamp_or_none
from sitegen.config import BuildConfig
from sitegen.content.dates import ContentDates, content_dates
from sitegen.content.fields import is_web_url
from sitegen.content.load import ParseCache, TextFile, load_content, load_snapshots
from sitegen.content.model import Site
from sitegen.content.model_cache import ModelCache
from sitegen.content.snapshots import snapshots_by_source
from sitegen.content.validate import build_site
from sitegen.errors import ContentError, Location, Problem, UsageError, display_path
from sitegen.incremental.reads import PageReads, Roots
from sitegen.incremental.reads import begin as begin_reads
from sitegen.incremental.state import PageStates, ReadsStore, head_digest
from sitegen.markdown.cache import ConversionCache, DamagedEntry
from sitegen.markdown.conversion import conversion_salt
from sitegen.media.library import MediaLibrary
from sitegen.output.freshness import (
    Inputs,
    PreviousBuild,
    inputs_digest,
    previous_build,
    reads_path,
    record_build,
    retired_output_path,
)
from sitegen.output.write import MANIFEST, StagedOutput
from sitegen.process_tuning import fewer_collections, return_large_buffers
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.site.pages import Page, SiteQueries, View, plan_pages
from sitegen.site.publish import has_feed, publishing_digests, publishing_files
from sitegen.site.reader import source_cards_script
from sitegen.site.render import make_environment
from sitegen.site.render_many import PAGE_POOL_THRESHOLD, Sink, render_pages
from sitegen.site.resolve import Resolved, resolve
from sitegen.site.search_index import search_index_script
from sitegen.site.template_cache import TemplateCodeCache
from sitegen.site.text_fragments import quote_links
from sitegen.template_folders import TemplateFolders
from sitegen.workers import made_aside

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BuildCaches:
    """What a build keeps for the next one: converted Markdown, published images and each
    page's digest (for the build's record). Saved only by a build that landed."""

    conversions: ConversionCache
    media: MediaLibrary
    models: ModelCache
    templates: TemplateCodeCache
    reads: ReadsStore
    page_states: PageStates | None  # what each page read, for the next build
    page_digests: dict[str, str]
    pages_kept: int  # pages taken from the previous output instead of rendered

    def save(self) -> None:
        self.conversions.save()
        self.media.cache.save()
        self.models.save()
        self.templates.save()
        if self.page_states is not None:
            self.reads.save(self.page_states.record())


@dataclass(frozen=True, slots=True)
class SiteOutput:
    """A built site in memory: every file it consists of, and the pages among them."""

    resolved: Resolved
    pages: tuple[Page, ...]
    files: dict[str, bytes]
    cache: BuildCaches


def load_site(config: BuildConfig, cache: ParseCache | None = None, models: ModelCache | None = None) -> Site:
    """Read and check the content; raises ContentError with every problem found. `models`
    holds the checked entries of files unchanged since the last build (model_cache.py)."""
    if not config.content_dir.is_dir():
        raise UsageError(f"content folder not found: {display_path(config.content_dir)}")
    problems: list[Problem] = []
    raw = load_content(config.content_dir, problems, cache, models)
    if problems:
        raise ContentError(problems)
    site = build_site(raw, include_drafts=config.include_drafts, models=models)
    if config.base_url is not None:
        site = replace(site, base_url=checked_base_url(config.base_url))
    return site


def checked_base_url(url: str) -> str:
    """--base-url as the site's public URL: absolute http(s), ending in "/"."""
    # is_web_url: http(s), a host, no spaces or control characters (it goes into sitemap.xml)
    if not is_web_url(url) or (parts := urlsplit(url)).query or parts.fragment:
        raise UsageError(
            f"--base-url must be an absolute http(s) URL such as "
            f"https://user.github.io/briefing/, not '{url}'"
        )
    return url if url.endswith("/") else url + "/"


def check_templates_folder(config: BuildConfig) -> None:
    """A templates folder named on the command line must exist (the default templates/ may
    not: the built-in theme then serves alone); so must the theme."""
    if config.templates_required and not config.templates_dir.is_dir():
        raise UsageError(f"templates folder not found: {display_path(config.templates_dir)}")
    if not config.theme_dir.is_dir():
        raise UsageError(
            f"sitegen's built-in theme is missing ({display_path(config.theme_dir)}): reinstall sitegen"
        )


def vet_site(config: BuildConfig, resolved: Resolved) -> Resolved:
    """Raise ContentError with what `sitegen check` finds without the network, before a page is
    written: its errors (quotes, figures and numbers that the snapshots of their sources do not
    hold) stop the build as the content's own errors do; with `config.strict`, its warnings too.
    The site that passes, with its quotes' links to their sources' words (`with_quote_links`,
    from the snapshots read once)."""
    loading: list[Problem] = []
    files = load_snapshots(config.content_dir, loading)
    if config.strict:
        # checks/rules.py runs the build (render_site), so it is imported only when asked for
        from sitegen.checks.rules import CheckOptions, offline_problems

        problems = offline_problems(config.content_dir, resolved, CheckOptions(dt.date.today()))
    else:
        problems = verify_snapshots(config.content_dir, resolved, (files, loading))
    if problems:
        raise ContentError(problems)
    return with_quote_links(resolved, files)


def with_quote_links(resolved: Resolved, files: Sequence[TextFile]) -> Resolved:
    """`resolved` with the links of its quotes to their sources' words, for the quotes found in
    their sources' snapshots `files` (what is wrong with a snapshot, vet_site reports)."""
    snapshots = snapshots_by_source(files, resolved.site.sources, [])
    if not snapshots:
        return resolved
    return replace(resolved, quote_links=quote_links(resolved.site, snapshots))


def render_site(config: BuildConfig, progress: Progress = NO_PROGRESS) -> SiteOutput:
    """Everything but writing: the complete site as bytes per output path, every section's
    details decoded (what `sitegen check` reads of each). Not vetted (`vet_site`): `check`
    looks for those problems itself, beside its warnings."""

    def attempt(cached_conversions: bool) -> SiteOutput:
        files: dict[str, bytes] = {}
        resolved, pages, cache = produce_site(
            config, files.__setitem__, progress, cached_conversions=cached_conversions, vetted=False
        )
        for rendered in resolved.sections.values():
            rendered.coverage  # noqa: B018 - decoded here, where a damaged entry is redone
        return SiteOutput(resolved, pages, files, cache)

    return _redone_if_damaged(attempt)


def _redone_if_damaged(attempt: Callable[[bool], T]) -> T:
    """`attempt(True)`, reading the cache's conversions; `attempt(False)`, converting every
    section afresh, should a stored conversion turn out damaged when its details are decoded
    (markdown/cache.py): a damaged cache only ever costs time."""
    try:
        return attempt(True)
    except DamagedEntry:
        return attempt(False)


Made = tuple[Resolved, tuple[Page, ...], BuildCaches]  # what produce_site gives


def produce_site(
    config: BuildConfig,
    sink: Sink,
    progress: Progress = NO_PROGRESS,
    previous: PreviousBuild | None = None,
    keep: Keep | None = None,
    recorded: Callable[[str], None] | None = None,
    cached_conversions: bool = True,
    vetted: bool = True,
) -> Made:
    """Make every file of the site, handing each to `sink` as soon as it is made (so a build
    need not hold the whole site in memory); raises ContentError once all pages were tried.

    With the cache, each page's inputs are digested (kept with the build's record); a page
    whose digest is the `previous` build's, and whose file there is as written, is handed to
    `keep` instead of being rendered again.

    With `recorded`, `sink` writes files that forked workers can write too: the workers
    rendering pages hand them to it themselves, and `recorded` is told here of each.

    Not `cached_conversions`, every section is converted afresh (and its cache entry
    replaced). `vetted`: what `sitegen check` would refuse stops it before any page is made
    (`vet_site`)."""
    return_large_buffers()
    with fewer_collections():
        progress.step("reading content")
        models = ModelCache(config.cache_dir)
        site = load_site(config, models=models)
        check_templates_folder(config)
        library = MediaLibrary(config.content_dir, config.cache_dir)
        site, images = library.publish(site)
        stamp = code_stamp_or_none() if config.cache_dir else ""
        cache = ConversionCache(config.cache_dir, conversion_salt(), read=cached_conversions, code=stamp)
        progress.step("converting sections", sum(len(b.sections) for b in site.briefings))
        resolved = resolve(site, cache, config.workers, converted=progress.advance)
        if vetted:
            resolved = vet_site(config, resolved)
        else:
            resolved = with_quote_links(resolved, load_snapshots(config.content_dir, []))
        pages = plan_pages(resolved)
        dates = content_dates(site, config.content_dir)
        feed = has_feed(resolved, dates)
        templates = TemplateCodeCache(config.cache_dir, stamp)
        env = make_environment(config.template_folders(), templates)
        begin_reads()
        roots = Roots(resolved, SiteQueries(resolved))
        reads = ReadsStore(reads_path(config), stamp)
        states = _page_states(config, env, resolved, roots, feed, reads) if keep else None
        keeping = bool(config.cache_dir and keep)
        with made_aside(
            lambda: _site_wide(config, resolved, pages, dates, keeping, previous, sink if recorded else None),
            worth_it=len(pages) >= PAGE_POOL_THRESHOLD and config.workers != 1,
        ) as site_wide:
            # the search index, feed, sitemap and data in another process meanwhile, which
            # writes them too: the pages outlast that work, so the build does not wait for it
            digests, stale = _render_or_keep(
                config, env, View(roots), pages, feed, sink, progress, previous, keep, recorded, states
            )
            progress.step("writing search, feed and sitemap")
            made = site_wide()
            if made.writer != os.getpid():  # another process wrote them: counted here
                for path in made.written:
                    recorded(path)  # type: ignore[misc]
            for path, (source, status) in made.kept.items():
                keep(path, source, status)  # type: ignore[misc]
            for path, data in {**made.files, **images}.items():
                sink(path, data)
            digests.update(made.digests)
    return (
        resolved,
        pages,
        BuildCaches(cache, library, models, templates, reads, states, digests, len(pages) - len(stale)),
    )


def _render_or_keep(
    config: BuildConfig,
    env: Environment,
    view: View,
    pages: Sequence[Page],
    feed: bool,
    sink: Sink,
    progress: Progress,
    previous: PreviousBuild | None,
    keep: Keep | None,
    recorded: Callable[[str], None] | None,
    states: PageStates | None,
) -> tuple[dict[str, str], list[Page]]:
    """Render each page into `sink`, or hand it to `keep` when `states` says the previous
    build's file is still right (sitegen/incremental/state.py); the digests, and the pages
    rendered."""
    progress.step("rendering pages", len(pages))
    digests: dict[str, str] = {}

    def page_made(path: str, data: bytes) -> None:
        sink(path, data)
        progress.advance()

    def page_written(path: str) -> None:  # by a worker
        recorded(path)  # type: ignore[misc]
        progress.advance()

    stale = []
    for page in pages:
        found = None
        if states is not None and keep and states.unchanged(page.path, page.template, page.title):
            digests[page.path] = states.digest(page.path)
            found = previous.unchanged(page.path, digests[page.path]) if previous else None
            if found is None:  # the file is not the one the last build wrote
                states.forget(page.path)
                del digests[page.path]
        if found is None:
            stale.append(page)
        else:
            keep(page.path, *found)  # type: ignore[misc]
            progress.advance()
    by_path = {page.path: page for page in stale}

    def noted(path: str, reads: PageReads) -> None:
        if states is not None:
            page = by_path[path]
            states.rendered(path, page.template, page.title, reads)
            digests[path] = states.digest(path)

    render_pages(
        env, stale, view, feed, page_made, config.workers, (sink, page_written) if recorded else None, noted
    )
    return digests, stale


def _page_states(
    config: BuildConfig, env: Environment, resolved: Resolved, roots: Roots, feed: bool, store: ReadsStore
) -> PageStates | None:
    """What decides which pages are kept: None without the cache, or when the templates cannot
    all be read (rendering then says which). Every page counts every template as its own
    (finding which templates one uses means parsing them all, at every build): a changed
    template renders all pages."""
    if not config.cache_dir:
        return None
    assert env.loader is not None
    try:
        templates = tuple(
            (name, env.loader.get_source(env, name)[0])
            for name in sorted(env.list_templates())
            if not name.startswith("static/")
        )
    except (jinja2.TemplateError, UnicodeError, OSError):
        return None
    templates_digest = head_digest(templates)  # once, not a repr of every template for each page
    return PageStates(
        store.load(),
        roots,
        lambda path, template, title: head_digest(path, template, title, feed, templates_digest),
    )


Keep = Callable[[str, str, os.stat_result], None]  # a file of the previous output, and its stat


def site_files(
    config: BuildConfig,
    resolved: Resolved,
    pages: tuple[Page, ...],
    dates: ContentDates,
    leave_out: Container[str] = (),
) -> dict[str, bytes]:
    """The files made from the whole site rather than one page: assets, the search index,
    the source cards, the feed, the sitemap and the data export (of those last two, not the
    ones named in `leave_out`)."""
    files = _static_files(config.template_folders())
    files[urls.SOURCE_CARDS] = source_cards_script(resolved.site, resolved.source_numbers)
    files[urls.SEARCH_INDEX] = search_index_script(resolved)
    files.update(publishing_files(resolved, pages, dates, leave_out))
    return files


@dataclass(frozen=True, slots=True)
class SiteWide:
    """The site-wide files of a build: made, or kept from the last build's output."""

    files: dict[str, bytes]  # made, for the caller to write
    written: tuple[str, ...]  # made and written by the process that made them
    writer: int  # that process's id
    kept: dict[str, tuple[str, os.stat_result]]  # name -> the last output's file, its stat
    digests: dict[str, str]  # name -> digest of its inputs, for the build's record


def _site_wide(
    config: BuildConfig,
    resolved: Resolved,
    pages: tuple[Page, ...],
    dates: ContentDates,
    digested: bool,
    previous: PreviousBuild | None,
    write: Sink | None,
) -> SiteWide:
    """site_files, but for the data export and sitemap when `previous` wrote them from the
    same inputs and they are still as written: those are kept. `digested`: their digests
    are wanted (for the next build), with the cache. With `write`, the files are written
    here, not sent to the parent to write (the search index grows with the site, and sending
    it is a copy across processes)."""
    digests = publishing_digests(resolved, pages, dates) if digested else {}
    kept = {
        name: found
        for name, digest in digests.items()
        if previous is not None and (found := previous.unchanged(name, digest)) is not None
    }
    files = site_files(config, resolved, pages, dates, kept.keys())
    if write is None:
        return SiteWide(files, (), os.getpid(), kept, digests)
    for name, data in files.items():
        write(name, data)
    return SiteWide({}, tuple(files), os.getpid(), kept, digests)


def _static_files(folders: TemplateFolders) -> dict[str, bytes]:
    """The stylesheet and other assets, copied under assets/: the project's static files and
    the theme's it does not replace; nothing from outside either templates folder."""
    files, problems = {}, []
    for name, (path, folder) in folders.static_files().items():
        # a link to ~/.ssh must not get published
        if not path.resolve().is_relative_to(folder.resolve()):
            problems.append(
                Problem(
                    Location(display_path(path)),
                    "refusing a symlink that points outside the templates folder",
                    "symlink-outside",
                )
            )
        elif path.is_file():
            files[urls.page_of("asset", name)] = path.read_bytes()
    if problems:
        raise ContentError(problems)
    return files


@dataclass(frozen=True, slots=True)
class Built:
    resolved: Resolved
    pages: tuple[Page, ...]
    written: tuple[str, ...]  # every file written into the output folder, the manifest included
    images_processed: int = 0  # raster images decoded and encoded (not taken from the cache)
    images_reused: int = 0
    page_digests: dict[str, str] = field(default_factory=dict)
    pages_kept: int = 0  # taken from the previous output, their inputs unchanged


def build(config: BuildConfig, progress: Progress = NO_PROGRESS, inputs: Inputs | None = None) -> Built:
    """Render the whole site and swap it into the output folder; nothing is written on error.

    With the cache, the build is recorded for the next one (output/freshness.py), whoever
    calls it: the command line, the tests, a program that builds twice. `inputs`: the digest of
    what it reads, when the caller made it already (before the content was read)."""
    if config.cache_dir and inputs is None:
        inputs = inputs_digest(config)
    previous = previous_build(config) if config.cache_dir else None

    def attempt(cached_conversions: bool) -> tuple[StagedOutput, Made]:
        with StagedOutput(
            config.output_dir,
            config.protected_dirs,  # refuses first
            retired_output_path(config),
        ) as staged:
            made = produce_site(
                config, staged.write, progress, previous, staged.keep, staged.record, cached_conversions
            )
            staged.commit()
        return staged, made

    staged, (resolved, pages, cache) = _redone_if_damaged(attempt)
    cache.save()  # only a build that landed leaves anything behind
    if config.cache_dir and inputs is not None:
        record_build(config, inputs, len(pages), (*staged.names, MANIFEST), cache.page_digests)
    return Built(
        resolved,
        pages,
        (*staged.names, MANIFEST),
        cache.media.processed,
        cache.media.reused,
        cache.page_digests,
        cache.pages_kept,
    )
