"""The Jinja2 environment and page rendering: autoescaped, strict about undefined names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from sitegen import urls
from sitegen.content.dates import as_of_text, long_date
from sitegen.content.field_specs import TRUST_TERMS
from sitegen.content.quantities import is_figure
from sitegen.errors import ContentError, Location, Problem, display_path
from sitegen.site.metadata import HeadMeta
from sitegen.site.pages import Page, View
from sitegen.site.since_visit import change_anchors, section_anchor
from sitegen.site.source_view import source_view
from sitegen.template_folders import THEME, TemplateFolders


def make_environment(
    folders: TemplateFolders, code_cache: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """`code_cache` keeps compiled templates between builds (sitegen/site/template_cache.py)."""
    env = jinja2.Environment(
        loader=_FolderLoader(folders),
        bytecode_cache=code_cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Every build makes its environment, and the preview a new one when any template's
        # bytes changed: Jinja's check of each template's modification time, for every page
        # and every template it imports, would ask again what the build already knows.
        auto_reload=False,
    )
    env.filters["long_date"] = long_date
    env.filters["as_of"] = as_of_text
    # the ids of what templates/static/since.js marks as new (sitegen/site/since_visit.py)
    env.filters["change_anchors"] = change_anchors
    env.filters["section_anchor"] = section_anchor
    # a value that is a number or a share may be set as a figure; a phrase reads as text
    env.tests["figure"] = lambda value: bool(value) and is_figure(value)
    env.globals["source_view"] = source_view
    return env


class _FolderLoader(jinja2.FileSystemLoader):
    """Jinja's loader over the project's templates and the theme, first found first; it
    remembers the folders so that a problem can say whose template it is in."""

    def __init__(self, folders: TemplateFolders):
        super().__init__([str(folder) for folder in folders.search_path])
        self.folders = folders


def render_page(
    env: jinja2.Environment, page: Page, context: Mapping[str, Any], view: View, head: HeadMeta
) -> bytes:
    """One page's HTML, encoded; template mistakes become located problems naming the
    template. `context`: the page's variables, made from `view` (`Page.make`); `head` is the
    page's publishing metadata (sitegen/site/metadata.py).

    Each piece is encoded as it is made: joining the pieces into one str first held the
    full-briefing page, the largest, twice more at the peak, as text and bytes."""
    try:
        template = env.get_template(page.template)
        # The 404 page is served at any depth, where relative links would break.
        link_root = context.get("link_root")
        href = partial(urls.href_from_root, link_root) if link_root else partial(urls.href, page.path)
        pieces = template.generate(
            page=replace(page, briefing=context["briefing"]),  # the briefing as the page reads it
            site=view.site,
            resolved=view.resolved,
            href=href,
            head=head,
            trust_terms=TRUST_TERMS,  # the footer's words for the site's policy pages
            **context,
        )
        return b"".join(piece.encode("utf-8") for piece in pieces)
    except jinja2.TemplateSyntaxError as exc:
        where = _template_file(env, exc.name or page.template)
        raise ContentError([_problem(env, where, exc.lineno or 0, exc.message or str(exc))]) from None
    except jinja2.TemplateNotFound as exc:
        where, line = _failing_template_line(env, exc, page.template)
        raise ContentError([_problem(env, where, line, f"template '{exc.name}' not found")]) from None
    except UnicodeDecodeError:
        where = _template_file(env, page.template)
        raise ContentError(
            [_problem(env, where, 0, "not valid UTF-8 (the template or one it includes)")]
        ) from None
    except jinja2.TemplateError as exc:  # undefined names and other runtime template mistakes
        where, line = _failing_template_line(env, exc, page.template)
        raise ContentError([_problem(env, where, line, exc.message or str(exc))]) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # `{{ 1 / 0 }}` or `{{ x + 1 }}` with text in x: a mistake in the user's template when a
        # template frame is in the traceback; otherwise sitegen's own bug, to be reported as such.
        where, line = _failing_template_line(env, exc, page.template)
        if not line:
            raise
        raise ContentError([_problem(env, where, line, str(exc))]) from None


def _folders(env: jinja2.Environment) -> TemplateFolders | None:
    return env.loader.folders if isinstance(env.loader, _FolderLoader) else None


def _problem(env: jinja2.Environment, path: Path, line: int, message: str) -> Problem:
    """A template problem at its file and line, saying whether the file is the project's own
    or the built-in theme's."""
    folders = _folders(env)
    owner = folders.owner(path) if folders is not None else THEME
    return Problem(Location(display_path(path), line), f"template error ({owner}): {message}", "template")


def _template_file(env: jinja2.Environment, name: str) -> Path:
    folders = _folders(env)
    return folders.find(name) if folders is not None else Path(name)


def _failing_template_line(env: jinja2.Environment, exc: BaseException, fallback: str) -> tuple[Path, int]:
    """The template file and line the error happened in (Jinja puts template frames in the
    traceback with the template's own file and line); `fallback`'s file, line 0, without."""
    tb = exc.__traceback__
    where, line = _template_file(env, fallback), 0
    loader = env.loader
    folders = (
        tuple(str(Path(folder)) for folder in loader.searchpath)
        if isinstance(loader, jinja2.FileSystemLoader)
        else ()
    )
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folders) or filename.endswith((".html", ".xml")):
            where, line = Path(filename), tb.tb_lineno
        tb = tb.tb_next
    return where, line


def uses_any(env: jinja2.Environment, name: str, templates: frozenset[str]) -> bool:
    """Whether the page template `name` uses any of `templates` (or may: one it names
    through an expression, or one that does not parse, counts as all)."""
    if not templates:
        return False
    try:
        closure = template_closure(env, name)
    except (jinja2.TemplateError, UnicodeError, OSError):
        return True
    return closure is None or not closure.isdisjoint(templates)


def template_closure(env: jinja2.Environment, name: str) -> frozenset[str] | None:
    """`name` and every template it extends, includes or imports, recursively; None when a
    template names another through an expression (the dependency cannot be known)."""
    assert env.loader is not None
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = env.loader.get_source(env, current)
        for referenced in jinja2.meta.find_referenced_templates(env.parse(source)):
            if referenced is None:
                return None
            pending.append(referenced)
    return frozenset(seen)
