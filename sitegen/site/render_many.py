"""Rendering many pages: in this process, or in a pool of forked workers when it pays."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import jinja2
from jinja2 import Environment

from sitegen.errors import ContentError, Problem
from sitegen.incremental.reads import PageReads, page_reads, recording
from sitegen.site.metadata import head_meta
from sitegen.site.pages import Page, View
from sitegen.site.render import render_page
from sitegen.workers import can_fork, worker_pool

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Sink = Callable[[str, bytes], None]  # receives each output file: its path and its bytes


def render_pages(
    env: Environment,
    pages: Sequence[Page],
    view: View,
    feed: bool,
    sink: Sink,
    workers: int | None = 1,
    by_workers: tuple[Sink, Callable[[str], None]] | None = None,
    noted: Callable[[str, PageReads], None] | None = None,
) -> None:
    """Render `pages` into `sink`; raises ContentError with the problems of every page that
    failed, once all were tried. `noted` is told what each page rendered read
    (sitegen/incremental/reads.py).

    Large sites render in a pool of forked processes (one per core by default), which inherit
    the resolved site instead of receiving it pickled. With `by_workers` (a sink that writes
    files, and what to tell here of each file written), the workers write their pages
    themselves rather than send them here, which spares pickling every page and holding it in
    this process: a cold build is a little quicker and its peak memory lower
    (docs/performance.md).
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    problems: list[Problem] = []

    def take(order: Sequence[int], results: Iterable[Rendered]) -> None:
        for index, (html, page_problems, reads) in zip(order, results, strict=True):
            if noted is not None and reads is not None:
                noted(pages[index].path, reads)
            if html is True:  # the worker wrote it
                by_workers[1](pages[index].path)  # type: ignore[index]
            elif isinstance(html, bytes):
                sink(pages[index].path, html)
            problems.extend(page_problems)

    if workers > 1 and len(pages) >= PAGE_POOL_THRESHOLD and can_fork():
        global _pool_job
        _pool_job = (env, pages, view, feed, by_workers[0] if by_workers else None)
        # The pages made from the whole briefing (key facts, sources, the full text) take as
        # long as hundreds of others: handed out first, they do not leave one process working
        # alone at the end.
        order = sorted(range(len(pages)), key=lambda n: pages[n].template in PER_ITEM_TEMPLATES)
        _compile_templates(env, {page.template for page in pages})
        chunk = max(4, len(pages) // (workers * 16))
        chunks = [order[start : start + chunk] for start in range(0, len(order), chunk)]
        try:
            # Workers that write their pages send back a flag per page, not the page: all
            # chunks can be handed out at once, and no worker waits for a slow chunk of the
            # other's to be taken (the workers then end together, rather than one working on
            # alone)
            ahead = len(chunks) if by_workers else 2 * workers
            with worker_pool(workers) as pool:
                take(order, (result for results in _in_order(pool, chunks, ahead) for result in results))
        finally:
            _pool_job = None
    else:
        take(range(len(pages)), (_render_one(env, page, view, feed) for page in pages))
    if problems:
        raise ContentError(set(problems))


def _compile_templates(env: Environment, names: Iterable[str]) -> None:
    """Have the templates compiled here, once, rather than in every worker (which inherit
    them), and kept in the template cache; a template that fails is left to rendering, which
    says where."""
    for name in sorted(names):
        try:
            env.get_template(name)
        except (jinja2.TemplateError, UnicodeError, OSError):
            pass


# Below this many pages, starting worker processes costs more than rendering in this one.
PAGE_POOL_THRESHOLD = 200
PER_ITEM_TEMPLATES = frozenset({"section.html", "entity.html"})  # one page per section/entity
_pool_job: tuple[Environment, Sequence[Page], View, bool, Sink | None] | None = None

# a page's bytes (True: written by the worker), its problems, and what it read
Rendered = tuple[bytes | bool | None, tuple[Problem, ...], PageReads | None]


def _render_one(env: Environment, page: Page, view: View, feed: bool) -> Rendered:
    """The page, made from the view with every read recorded."""
    try:
        with recording() as reads:
            context = page.make(view)
            head = head_meta(page, context, view, feed)
            html = render_page(env, page, context, view, head)
        return html, (), page_reads(reads)
    except ContentError as error:
        return None, error.problems, None


def _in_order(
    pool: ProcessPoolExecutor, chunks: Sequence[Sequence[int]], ahead: int
) -> Iterator[list[Rendered]]:
    """Each chunk's pages rendered by the pool, in order, with at most `ahead` chunks handed
    out at a time: pool.map hands out all at once, and pages done after a slow chunk then
    wait in memory, raising the peak."""
    pending: deque[Future[list[Rendered]]] = deque()
    for chunk in chunks:
        if len(pending) >= ahead:
            yield pending.popleft().result()
        pending.append(pool.submit(_render_in_worker, chunk))
    while pending:
        yield pending.popleft().result()


def _render_in_worker(indices: Sequence[int]) -> list[Rendered]:
    assert _pool_job is not None
    env, pages, view, feed, write = _pool_job
    answers: list[Rendered] = []
    for index in indices:
        html, problems, reads = _render_one(env, pages[index], view, feed)
        if write is not None and isinstance(html, bytes):
            write(pages[index].path, html)
            answers.append((True, problems, reads))  # True: written here
        else:
            answers.append((html, problems, reads))
    return answers
