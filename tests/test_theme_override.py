"""A project's own templates/ over the built-in theme, file by file: a project without one builds
with the theme alone; a template or static file of the project's replaces the theme's of the
same name and changes nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REPO, html_pages, parse, resolve_link, snapshot

from sitegen.config import BuildConfig
from sitegen.output.freshness import inputs_digest

THEME = REPO / "templates"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """The bundled desk's content in a project with no templates/ of its own."""
    project = tmp_path / "desk"
    shutil.copytree(REPO / "content", project / "content")
    return project


@pytest.fixture
def theme_only(desk: Path, run_sitegen) -> dict[str, bytes]:
    """The desk built with the built-in theme alone."""
    result = run_sitegen(desk, "build", "--no-cache", "--output", "plain")
    assert (result.status, result.err) == (0, "")
    return snapshot(desk / "plain")


def build_with(project: Path, run_sitegen, files: dict[str, str | bytes]) -> dict[str, bytes]:
    """Build into overridden/ with `files` written into the project's templates/."""
    for name, data in files.items():
        path = project / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result = run_sitegen(project, "build", "--no-cache", "--output", "overridden")
    assert (result.status, result.err) == (0, "")
    return snapshot(project / "overridden")


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    assert before.keys() == after.keys()
    return {name for name in before if before[name] != after[name]}


def test_a_project_without_templates_builds_exactly_as_with_the_themes_own(theme_only, tmp_path, run_sitegen):
    project = tmp_path / "with-copy"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(THEME, project / "templates")
    assert run_sitegen(project, "build", "--no-cache").status == 0
    assert snapshot(project / "output") == theme_only


def test_overriding_one_page_template_changes_that_page_and_nothing_else(desk, theme_only, run_sitegen):
    sources = (THEME / "sources.html").read_text(encoding="utf-8")
    assert "<h1>Sources</h1>" in sources
    ours = sources.replace(
        "<h1>Sources</h1>", '<h1>Sources</h1>\n<p class="desk-note">Checked by our desk.</p>'
    )
    after = build_with(desk, run_sitegen, {"sources.html": ours})
    assert changed(theme_only, after) == {"sources/index.html"}
    note = parse(desk / "overridden/sources/index.html").select_one("main p.desk-note")
    assert note.get_text() == "Checked by our desk."


def test_overriding_the_footer_changes_the_footer_of_every_page_only(desk, theme_only, run_sitegen):
    footer = '<footer class="site-footer">\n  <p>© Example Desk</p>\n</footer>\n'
    after = build_with(desk, run_sitegen, {"_footer.html": footer})
    pages = {page.relative_to(desk / "overridden").as_posix() for page in html_pages(desk / "overridden")}
    assert changed(theme_only, after) == pages
    for name in pages:
        mine, theirs = parse(desk / "overridden" / name), parse(desk / "plain" / name)
        assert mine.select_one("footer.site-footer").get_text(strip=True) == "© Example Desk"
        for soup in (mine, theirs):
            soup.select_one("footer.site-footer").decompose()
        assert str(mine) == str(theirs), f"{name} changed outside its footer"


def test_a_static_file_of_the_projects_replaces_the_themes(desk, theme_only, run_sitegen):
    after = build_with(desk, run_sitegen, {"static/style.css": "body { color: teal; }\n"})
    assert changed(theme_only, after) == {"assets/style.css"}
    assert after["assets/style.css"] == b"body { color: teal; }\n"


def test_a_stylesheet_of_ones_own_beside_the_themes(desk, theme_only, run_sitegen):
    head = "<link rel=\"stylesheet\" href=\"{{ href('asset', 'custom.css') }}\">\n"
    after = build_with(
        desk, run_sitegen, {"static/custom.css": ".site-title { color: teal; }\n", "_head_extra.html": head}
    )
    assert after["assets/custom.css"] == b".site-title { color: teal; }\n"
    assert after["assets/style.css"] == theme_only["assets/style.css"]
    for page in html_pages(desk / "overridden"):
        if page.name == "404.html":  # links from the site's root path; covered elsewhere
            continue
        links = [link["href"] for link in parse(page).select('head link[rel="stylesheet"]')]
        assert len(links) == 2
        target, _ = resolve_link(page, links[1], desk / "overridden")
        assert target == (desk / "overridden/assets/custom.css").resolve()


def test_a_changed_theme_file_forces_a_rebuild(tmp_path):
    """A new version of sitegen may bring a new theme: the digest that lets a build skip its
    work covers the theme's files too."""
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    config = BuildConfig(REPO / "content", tmp_path / "templates", tmp_path / "output", theme_dir=theme)
    before = inputs_digest(config)
    (theme / "static/style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    after = inputs_digest(config)
    assert before is not None and after is not None and after.digest != before.digest


def test_a_named_templates_folder_must_exist(desk, run_sitegen):
    result = run_sitegen(desk, "build", "--templates", "mine")
    assert (result.status, result.out) == (2, "")
    assert result.err == "sitegen: templates folder not found: mine\n"


# The two examples of docs/theming.md, as a user copies them into a project.


def copy_example(name: str, project: Path) -> None:
    shutil.copytree(REPO / "docs/examples" / name / "templates", project / "templates")


def test_the_footer_example(desk, theme_only, run_sitegen):
    copy_example("footer", desk)
    after = build_with(desk, run_sitegen, {})
    assert changed(theme_only, after) == {name for name in after if name.endswith(".html")}
    output = desk / "overridden"
    page = output / "briefings/xi-lee-summit/sections/overview.html"
    footer = parse(page).select_one("footer.site-footer")
    assert footer.p.get_text(strip=True) == "Compiled by the Example Desk. Every claim links to its source."
    hrefs = [a["href"] for a in footer.select("a")]
    assert hrefs[2] == "mailto:desk@example.org"
    assert [resolve_link(page, href, output)[0] for href in hrefs[:2]] == [
        (output / "briefings/xi-lee-summit/full/index.html").resolve(),
        (output / "sources/index.html").resolve(),
    ]


def test_the_stylesheet_example(desk, theme_only, run_sitegen):
    copy_example("stylesheet", desk)
    after = build_with(desk, run_sitegen, {})
    assert (
        after["assets/custom.css"]
        == (REPO / "docs/examples/stylesheet/templates/static/custom.css").read_bytes()
    )
    page = desk / "overridden/entities/index.html"
    links = [link["href"] for link in parse(page).select('head link[rel="stylesheet"]')]
    assert links == ["../assets/style.css", "../assets/custom.css"]
