"""The build, step by step: load → validate → resolve → plan pages → render → write.

This is the one module that knows the order of the steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment

from sitegen import urls
from sitegen.config import BuildConfig
from sitegen.errors import ContentError, Problem, UsageError, display_path
from sitegen.load import ParseCache, load_content
from sitegen.model import Site
from sitegen.pages import Page, plan_pages
from sitegen.render import make_environment, render_page
from sitegen.resolve import Resolved, resolve
from sitegen.validate import build_site
from sitegen.write import write_site


@dataclass(frozen=True, slots=True)
class SiteOutput:
    """A built site in memory: every file it consists of, and the pages among them."""

    resolved: Resolved
    pages: tuple[Page, ...]
    files: dict[str, bytes]


def load_site(config: BuildConfig, cache: ParseCache | None = None) -> Site:
    """Read and check the content; raises ContentError with every problem found."""
    if not config.content_dir.is_dir():
        raise UsageError(f"content folder not found: {display_path(config.content_dir)}")
    problems: list[Problem] = []
    raw = load_content(config.content_dir, problems, cache)
    if problems:
        raise ContentError(problems)
    site = build_site(raw, include_drafts=config.include_drafts)
    if config.base_url is not None:
        base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
        site = replace(site, base_url=base)
    return site


def render_site(config: BuildConfig) -> SiteOutput:
    """Everything but writing: the complete site as bytes per output path."""
    site = load_site(config)
    if not config.templates_dir.is_dir():
        raise UsageError(f"templates folder not found: {display_path(config.templates_dir)}")
    resolved = resolve(site)
    pages = plan_pages(resolved)
    files = render_pages(make_environment(config.templates_dir), pages, resolved)
    files.update(static_files(config.static_dir))
    return SiteOutput(resolved, pages, files)


def render_pages(env: Environment, pages: Iterable[Page], resolved: Resolved) -> dict[str, bytes]:
    """The HTML of `pages`; raises ContentError with the problems of every page that failed."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for page in pages:
        try:
            files[page.path] = render_page(env, page, resolved).encode("utf-8")
        except ContentError as error:
            problems.extend(error.problems)
    if problems:
        raise ContentError(set(problems))
    return files


def static_files(static_dir: Path) -> dict[str, bytes]:
    """The stylesheet and other assets, copied under assets/."""
    if not static_dir.is_dir():
        return {}
    prefix = urls.STYLESHEET.rsplit("/", 1)[0]
    return {f"{prefix}/{path.relative_to(static_dir).as_posix()}": path.read_bytes()
            for path in sorted(static_dir.rglob("*")) if path.is_file()}


def build(config: BuildConfig) -> SiteOutput:
    """Render the whole site and swap it into the output folder; nothing is written on error."""
    output = render_site(config)
    write_site(config.output_dir, output.files, config.protected_dirs)
    return output
