"""The Jinja2 environment and page rendering: autoescaped, strict about undefined names."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import jinja2

from sitegen import urls
from sitegen.errors import ContentError, Location, Problem, display_path
from sitegen.metadata import HeadMeta
from sitegen.pages import Page
from sitegen.resolve import Resolved


def make_environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(env: jinja2.Environment, page: Page, resolved: Resolved,
                head: HeadMeta | None = None) -> str:
    """One page's HTML; template mistakes become located problems naming the template.
    `head` is the page's publishing metadata (sitegen/metadata.py), when the caller has it."""
    try:
        template = env.get_template(page.template)
        # The 404 page is served at any depth, where relative links would break.
        link_root = page.context.get("link_root")
        href = partial(urls.href_from_root, link_root) if link_root else partial(urls.href, page.path)
        return template.render(
            page=page,
            site=resolved.site,
            briefing=resolved.site.briefing,
            resolved=resolved,
            href=href,
            **({"head": head} if head else {}),
            **page.context,
        )
    except jinja2.TemplateSyntaxError as exc:
        where = Location(_template_path(env, exc.name or page.template), exc.lineno or 0)
        raise ContentError([Problem(where, f"template error: {exc.message}", "template")]) from None
    except jinja2.TemplateNotFound as exc:
        where = Location(_template_path(env, page.template))
        raise ContentError([Problem(where, f"template not found: '{exc.name}'", "template")]) \
            from None
    except jinja2.UndefinedError as exc:
        raise ContentError([Problem(_failing_template_line(env, exc, page.template),
                                    f"template error: {exc.message}", "template")]) from None


def _template_path(env: jinja2.Environment, name: str) -> str:
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        return display_path(Path(loader.searchpath[0]) / name)
    return name


def _failing_template_line(env: jinja2.Environment, exc: BaseException, fallback: str) -> Location:
    """Jinja puts template frames in the traceback with the template's own file and line."""
    tb = exc.__traceback__
    where = Location(_template_path(env, fallback))
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            where = Location(display_path(Path(filename)), tb.tb_lineno)
        tb = tb.tb_next
    return where
