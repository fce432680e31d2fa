"""A build that renders a page exactly as the output already holds it links the output's file
into the new output instead of writing a new one (sitegen/output/write.py): a build without
the cache, or after sitegen changed, renders every page. The output must still be what a build
into an empty folder makes, whatever was done to the old output's files."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import clean_build, site_of

UNCHANGED = "entities/ruritania.html"  # shown by no section: the edit below leaves it alone
EDITED = "sections/one.html"


def rebuild(project: Path, run_sitegen) -> None:
    result = run_sitegen(project, "build", "--no-cache")
    assert result.status == 0, result.err


def add_sentence(project: Path) -> None:
    section = project / "content/sections/one.md"
    section.write_text(section.read_text() + "\nA sentence added since.\n")


def test_a_page_rendered_as_it_was_is_the_old_file_and_the_output_is_a_clean_builds(
    mini_project, run_sitegen
):
    rebuild(mini_project, run_sitegen)
    output = mini_project / "output"
    unchanged, edited = os.stat(output / UNCHANGED), os.stat(output / EDITED)
    add_sentence(mini_project)
    rebuild(mini_project, run_sitegen)
    assert os.path.samestat(os.stat(output / UNCHANGED), unchanged)  # linked, not written
    assert not os.path.samestat(os.stat(output / EDITED), edited)
    assert "A sentence added since." in (output / EDITED).read_text()
    assert site_of(output) == {
        name: data
        for name, data in clean_build(mini_project, run_sitegen).items()
        if name != ".sitegen-output.json"
    }


def test_a_page_changed_by_hand_in_the_output_is_written_again(mini_project, run_sitegen):
    rebuild(mini_project, run_sitegen)
    page = mini_project / "output" / UNCHANGED
    rendered = page.read_bytes()
    changed_in_place = rendered.replace(b"Ruritania", b"Ruritanic")  # the same length
    assert changed_in_place != rendered
    with open(page, "r+b") as stream:  # the same file, not a new one
        stream.write(changed_in_place)
    rebuild(mini_project, run_sitegen)
    assert page.read_bytes() == rendered


def test_a_symlink_in_the_output_to_a_file_with_the_pages_bytes_is_not_linked(
    mini_project, run_sitegen, tmp_path
):
    rebuild(mini_project, run_sitegen)
    page = mini_project / "output" / UNCHANGED
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(elsewhere)
    rebuild(mini_project, run_sitegen)
    assert not page.is_symlink()
    assert page.read_bytes() == elsewhere.read_bytes()
    assert os.stat(elsewhere).st_nlink == 1  # not linked into the output either
    assert not os.path.samestat(os.stat(page), os.stat(elsewhere))


def test_a_build_with_the_cache_after_sitegen_changed_links_what_it_renders_alike(
    mini_project, run_sitegen, monkeypatch
):
    """The cache's record of pages is for the sitegen that made them; another renders every
    page again (here: the record's renderer made different), and links those it renders as
    they were."""
    assert run_sitegen(mini_project, "build").status == 0
    output = mini_project / "output"
    unchanged = os.stat(output / UNCHANGED)
    from sitegen.output import freshness

    monkeypatch.setattr(freshness, "renderer_digest", lambda: "another sitegen")
    add_sentence(mini_project)
    assert run_sitegen(mini_project, "build").status == 0
    assert os.path.samestat(os.stat(output / UNCHANGED), unchanged)
    assert site_of(output) == {
        name: data
        for name, data in clean_build(mini_project, run_sitegen).items()
        if name != ".sitegen-output.json"
    }
