"""The Jinja2 environment and page rendering: autoescaped, strict about undefined names."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import jinja2
import jinja2.meta

from sitegen.errors import ContentError, Location, Problem, display_path
from sitegen.site import urls
from sitegen.site.dates import long_date
from sitegen.site.metadata import HeadMeta
from sitegen.site.pages import Page
from sitegen.site.resolve import Resolved
from sitegen.site.source_view import source_view


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.globals["source_view"] = source_view
    return env


def render_page(env: jinja2.Environment, page: Page, resolved: Resolved, head: HeadMeta) -> str:
    """One page's HTML; template mistakes become located problems naming the template.
    `head` is the page's publishing metadata (sitegen/site/metadata.py)."""
    try:
        template = env.get_template(page.template)
        # The 404 page is served at any depth, where relative links would break.
        link_root = page.context.get("link_root")
        href = partial(urls.href_from_root, link_root) if link_root else partial(urls.href, page.path)
        return template.render(
            page=page,
            site=resolved.site,
            resolved=resolved,
            href=href,
            head=head,
            **page.context,
        )
    except jinja2.TemplateSyntaxError as exc:
        where = Location(_template_path(env, exc.name or page.template), exc.lineno or 0)
        raise ContentError([Problem(where, f"template error: {exc.message}", "template")]) from None
    except jinja2.TemplateNotFound as exc:
        where = Location(_template_path(env, page.template))
        raise ContentError([Problem(where, f"template not found: '{exc.name}'", "template")]) \
            from None
    except UnicodeDecodeError:
        where = Location(_template_path(env, page.template))
        raise ContentError([Problem(where, "a template (or one it includes) is not valid UTF-8",
                                    "template")]) from None
    except jinja2.TemplateError as exc:  # undefined names and other runtime template mistakes
        raise ContentError([Problem(_failing_template_line(env, exc, page.template),
                                    f"template error: {exc.message}", "template")]) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # `{{ 1 / 0 }}` or `{{ x + 1 }}` with text in x: a mistake in the user's template when a
        # template frame is in the traceback; otherwise sitegen's own bug, to be reported as such.
        where = _failing_template_line(env, exc, page.template)
        if not where.line:
            raise
        raise ContentError([Problem(where, f"template error: {exc}", "template")]) from None


def _template_path(env: jinja2.Environment, name: str) -> str:
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        return display_path(Path(loader.searchpath[0]) / name)
    return name


def _failing_template_line(env: jinja2.Environment, exc: BaseException, fallback: str) -> Location:
    """Jinja puts template frames in the traceback with the template's own file and line."""
    tb = exc.__traceback__
    where = Location(_template_path(env, fallback))
    loader = env.loader
    folders = tuple(str(Path(folder)) for folder in loader.searchpath) \
        if isinstance(loader, jinja2.FileSystemLoader) else ()
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(folders) or filename.endswith((".html", ".xml")):
            where = Location(display_path(Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return where


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
