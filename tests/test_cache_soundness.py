"""A cached build publishes what a clean build would: whatever a project's own templates read,
whatever the edit, whichever sitegen wrote the cache.

Each comparison is with a build that uses no cache at all, into another output folder with a
cache folder of its own (the oracle shares nothing with the build it judges)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import OTHER_BRIEFING, REPO, SEED_BRIEFING, SEED_PAGES, build, edit, site_of

from sitegen.config import BuildConfig
from sitegen.preview.rebuild import PreviewBuilder

pytestmark = pytest.mark.usefixtures("files_settle_at_once")


def clean_site(project: Path, tmp_path: Path, code: Path | None = None) -> dict[str, bytes]:
    """The site a build without any cache makes of the project, in a folder of its own (by
    the sitegen in `code`, else this one)."""
    oracle = tmp_path / "oracle"
    if oracle.exists():
        shutil.rmtree(oracle)
    shutil.copytree(project / "content", oracle / "content")
    shutil.copytree(project / "templates", oracle / "templates")
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--no-cache"],
        cwd=oracle,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (oracle / ".sitegen-cache").exists()
    return site_of(oracle / "output")


def override(project: Path, name: str, old: str, new: str) -> None:
    """The project's template `name`, rewritten from the theme's."""
    edit(project / "templates" / name, old, new)


def texts(page: Path, selector: str) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [element.get_text() for element in soup.select(selector)]


# A template a project wrote that reads what no page of the theme's declares, and an edit of
# what it reads: (template, the theme's text it adds its list after, its addition, the page,
# the edit).
OVERRIDES: dict[str, tuple[str, str, str, str, Callable[[Path], None]]] = {
    "a section page listing its briefing's events": (
        "section.html",
        "{% block main %}",
        '<ul id="whens">{% for e in briefing.events.values() %}<li>{{ e.when }}</li>{% endfor %}</ul>',
        f"{SEED_PAGES}/sections/security.html",
        lambda p: edit(p / SEED_BRIEFING / "events.yaml", "when: in December", "when: in early December"),
    ),
    "an entity page listing every source": (
        "entity.html",
        "{% block main %}",
        '<ul id="whens">{% for s in site.sources.values() %}<li>{{ s.title }}</li>{% endfor %}</ul>',
        "entities/japan.html",
        lambda p: edit(p / "content/sources.yaml", "title: Takaichi says", "title: Japan's Takaichi says"),
    ),
    "a briefing home listing another briefing's facts": (
        "briefing.html",
        "{% block main %}",
        '<ul id="whens">{% for b in site.briefings %}{% for f in b.facts.values() %}'
        "<li>{{ f.value }}</li>{% endfor %}{% endfor %}</ul>",
        f"{SEED_PAGES}/index.html",
        lambda p: edit(p / OTHER_BRIEFING / "facts.yaml", "value: ", "value: about "),
    ),
}


@pytest.mark.parametrize("case", OVERRIDES)
def test_a_page_of_a_template_the_project_wrote_shows_every_edit(
    briefing_project, run_sitegen, tmp_path, case
):
    template, after, addition, page, change = OVERRIDES[case]
    override(briefing_project, template, after, after + addition)
    build(briefing_project, run_sitegen)
    before = texts(briefing_project / "output" / page, "#whens li")
    change(briefing_project)
    build(briefing_project, run_sitegen)
    after_edit = texts(briefing_project / "output" / page, "#whens li")
    assert after_edit != before  # the page shows the edit
    assert site_of(briefing_project / "output") == clean_site(briefing_project, tmp_path)


def test_the_preview_shows_every_edit_through_a_template_the_project_wrote(briefing_project, tmp_path):
    template, after, addition, page, change = OVERRIDES["a section page listing its briefing's events"]
    override(briefing_project, template, after, after + addition)
    output = tmp_path / "preview"
    builder = PreviewBuilder(
        BuildConfig(briefing_project / "content", briefing_project / "templates", output)
    )
    builder.build()
    change(briefing_project)
    builder.build()
    assert "in early December" in texts(output / page, "#whens li")
    assert site_of(output) == clean_site(briefing_project, tmp_path)


def test_a_copy_of_the_themes_template_is_kept_as_the_themes_is(briefing_project, run_sitegen):
    """Only what a project changed costs renders: the copy of the theme in the project's
    templates/ (as `briefing_project` has) lets an edit of one section keep the other pages."""
    build(briefing_project, run_sitegen)
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nA new sentence.\n\n## ")
    result = run_sitegen(briefing_project, "build")
    assert result.status == 0 and "of them unchanged)" in result.out


def no_change(project: Path) -> None:
    pass


def without_a_site_description(project: Path) -> None:
    """The site's description is then its newest briefing's standfirst."""
    edit(project / "content/site.yaml", "description:", "# description:")


# Edits of what the theme's pages show beyond their declared inputs, found by comparing
# random edits with clean builds: the edit, and what the project is like before it.
EDITS: dict[str, tuple[Callable[[Path], None], Callable[[Path], None]]] = {
    "a source's URL": (
        no_change,
        lambda p: edit(
            p / "content/sources.yaml", "ensure-regional-stability\n", "ensure-regional-stability-2\n"
        ),
    ),
    "a source's publication date": (
        no_change,
        lambda p: edit(p / "content/sources.yaml", "published: 2026-01-13", "published: 2026-01-12"),
    ),
    "a source's title": (
        no_change,
        lambda p: edit(p / "content/sources.yaml", "title: Takaichi says", "title: Japan's Takaichi says"),
    ),
    # a quote's link to its source's words is the snapshot's typography (text_fragments.py)
    "a snapshot's dash in a quoted passage": (
        no_change,
        lambda p: edit(
            p / "content/snapshots/anews-takaichi-lee.txt", "Japan-South Korea", "Japan–South Korea"
        ),
    ),
    "the newest briefing's standfirst, with no site description": (
        without_a_site_description,
        lambda p: edit(p / OTHER_BRIEFING / "briefing.yaml", "standfirst: >-\n", "standfirst: >-\n  Update:"),
    ),
}


@pytest.mark.parametrize("change", EDITS)
def test_after_an_edit_of_what_the_themes_pages_show_the_output_is_a_clean_builds(
    briefing_project, run_sitegen, tmp_path, change
):
    setup, change_it = EDITS[change]
    setup(briefing_project)
    build(briefing_project, run_sitegen)
    before = site_of(briefing_project / "output")
    change_it(briefing_project)
    build(briefing_project, run_sitegen)
    output = site_of(briefing_project / "output")
    assert output != before
    assert output == clean_site(briefing_project, tmp_path)


def test_a_page_rewritten_in_place_with_its_size_and_time_is_made_again(
    briefing_project, run_sitegen, tmp_path
):
    """A page changed in the output (or in the retired output its files are linked to)
    without changing its size or modification time is not trusted."""
    build(briefing_project, run_sitegen)
    page = briefing_project / "output" / SEED_PAGES / "sections/security.html"
    status = page.stat()
    data = page.read_bytes()
    damaged = data.replace(b"<main", b"<MAIN", 1)
    assert len(damaged) == len(data) and damaged != data
    with open(page, "r+b") as stream:  # in place: the same inode, which retired links share
        stream.write(damaged)
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    edit(briefing_project / SEED_BRIEFING / "sections/overview.md", "\n## ", "\nA new sentence.\n\n## ")
    build(briefing_project, run_sitegen)
    build(briefing_project, run_sitegen)
    assert site_of(briefing_project / "output") == clean_site(briefing_project, tmp_path)


def sitegen_with_a_new_fact_field(tmp_path: Path) -> Path:
    """A copy of sitegen whose Fact has one more, optional, field: what a contributor's
    change of the model (or the next release) is to a cache written by this code."""
    copy = tmp_path / "changed-sitegen"
    shutil.copytree(REPO / "sitegen", copy / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", copy / "templates")
    model = copy / "sitegen/content/model.py"
    text = model.read_text(encoding="utf-8")
    anchor = "    supersedes: str | None  # the key of an earlier fact"
    assert anchor in text
    marker = (
        "    origin: Location\n\n    @property\n    def key(self) -> str:\n"
        "        return item_key(self.briefing, self.id)\n"
    )
    assert text.count(marker) >= 1
    start = text.index("class Fact:")
    at = text.index(marker, start) + len("    origin: Location\n")
    model.write_text(text[:at] + "    reviewed: str | None = None\n" + text[at:], encoding="utf-8")
    return copy


def run_copy(copy: Path, project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_cache_written_by_another_sitegen_is_never_misread(briefing_project, run_sitegen, tmp_path):
    """This sitegen's cache read by one with an extra model field, and that one's read back
    by this one: each build is correct, and none ends in a traceback."""
    changed = sitegen_with_a_new_fact_field(tmp_path)
    build(briefing_project, run_sitegen)
    edit(briefing_project / SEED_BRIEFING / "facts.yaml", "value: two months", "value: two short months")
    result = run_copy(changed, briefing_project)
    assert (result.returncode, "Traceback" in result.stderr) == (0, False), result.stderr
    assert site_of(briefing_project / "output") == clean_site(briefing_project, tmp_path, changed)
    edit(briefing_project / SEED_BRIEFING / "facts.yaml", "value: two short months", "value: two months")
    build(briefing_project, run_sitegen)
    assert site_of(briefing_project / "output") == clean_site(briefing_project, tmp_path)


def test_build_called_from_python_keeps_pages_as_the_command_line_does(briefing_project, tmp_path):
    """The build's record is written by build() itself: a program that builds twice gets
    the second build's unchanged pages kept, and the bytes of a clean build."""
    from sitegen.build import build as build_site

    config = BuildConfig(
        briefing_project / "content",
        briefing_project / "templates",
        briefing_project / "output",
        cache_dir=briefing_project / ".sitegen-cache",
    )
    first = build_site(config)
    assert first.pages_kept == 0
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nA new sentence.\n\n## ")
    second = build_site(config)
    assert 0 < second.pages_kept < len(second.pages)
    assert site_of(briefing_project / "output") == clean_site(briefing_project, tmp_path)
