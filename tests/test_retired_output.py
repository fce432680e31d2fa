"""A build with the cache keeps the output it replaced in the cache, and the next build starts
its new folder from it (sitegen/output/write.py). Whatever that old folder holds, the output
must be what a clean build makes, the user's own files must survive, and nothing may be
written outside the output folder and the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import (
    SEED_BRIEFING,
    SEED_PAGES,
    assert_output_is_a_clean_builds,
    build,
    edit,
    snapshot,
)

SECTION = f"{SEED_BRIEFING}/sections/technology.md"
OTHER_SECTION = f"{SEED_BRIEFING}/sections/overview.md"


def retired_folder(project: Path) -> Path:
    (folder,) = (project / ".sitegen-cache").glob("retired-output-*")
    return folder


def test_a_chain_of_edits_gives_a_clean_builds_output_at_each_step(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    own_file = briefing_project / "output/CNAME"
    own_file.write_text("briefing.example.org\n")
    steps = [
        lambda: edit(briefing_project / SECTION, "\n## ", "\nA first new sentence.\n\n## "),
        lambda: edit(briefing_project / SECTION, "order: 3", "order: 3\ndraft: true"),
        lambda: edit(
            briefing_project / "templates/_macros.html",
            '<span class="statement">',
            '<span class="statement fact-statement">',
        ),
        lambda: edit(briefing_project / SECTION, "draft: true", "draft: false"),
        lambda: edit(briefing_project / OTHER_SECTION, "\n## ", "\nAnother sentence.\n\n## "),
        lambda: edit(briefing_project / SECTION, "A first new sentence.", "A changed sentence."),
    ]
    for number, step in enumerate(steps, start=1):
        step()
        build(briefing_project, run_sitegen)
        assert_output_is_a_clean_builds(briefing_project, run_sitegen, "CNAME"), f"after step {number}"
        assert own_file.read_text() == "briefing.example.org\n"
    drafted = briefing_project / "output" / SEED_PAGES / "sections/technology.html"
    assert "A changed sentence." in drafted.read_text()
    assert retired_folder(briefing_project).is_dir()  # the previous output, kept


def test_the_output_it_replaced_is_kept_in_the_cache_and_not_beside_the_output(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    edit(briefing_project / SECTION, "\n## ", "\nA new sentence.\n\n## ")
    build(briefing_project, run_sitegen)
    retired = retired_folder(briefing_project)
    page = f"{SEED_PAGES}/sections/technology.html"
    assert "A new sentence." not in (retired / page).read_text()  # the output before the edit
    assert sorted(p.name for p in briefing_project.iterdir()) == [
        ".sitegen-cache",
        "content",
        "output",
        "templates",
    ]


def test_a_page_removed_from_the_site_is_not_brought_back_from_the_old_output(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    edit(briefing_project / OTHER_SECTION, "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)  # the first output is now retired, with the section
    edit(briefing_project / SECTION, "order: 3", "order: 3\ndraft: true")
    build(briefing_project, run_sitegen)
    assert not (briefing_project / "output" / SEED_PAGES / "sections/technology.html").exists()
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_a_link_planted_in_the_old_output_leads_nowhere(briefing_project, run_sitegen, tmp_path):
    build(briefing_project, run_sitegen)
    edit(briefing_project / OTHER_SECTION, "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "kept.txt").write_text("not sitegen's")
    sections = retired_folder(briefing_project) / SEED_PAGES / "sections"
    for page in sections.iterdir():
        page.unlink()
    sections.rmdir()
    sections.symlink_to(elsewhere, target_is_directory=True)
    (retired_folder(briefing_project) / "index.html").unlink()
    (retired_folder(briefing_project) / "index.html").symlink_to(elsewhere / "kept.txt")
    edit(briefing_project / SECTION, "\n## ", "\nA new sentence.\n\n## ")
    build(briefing_project, run_sitegen)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["kept.txt"]
    assert (elsewhere / "kept.txt").read_text() == "not sitegen's"
    assert not (briefing_project / "output" / SEED_PAGES / "sections").is_symlink()
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_an_old_output_left_half_updated_by_a_killed_build_is_not_used(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    edit(briefing_project / OTHER_SECTION, "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    retired = retired_folder(briefing_project)
    # what a build killed while updating it leaves: its mark, and a page half written
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    (retired / ".sitegen-staging").write_text(finished.stdout)
    (retired / SEED_PAGES / "index.html").write_bytes(b"<!DOCTYPE html><p>half")
    (retired / "search-left-over.json").write_text("{}")
    edit(briefing_project / SECTION, "\n## ", "\nA new sentence.\n\n## ")
    build(briefing_project, run_sitegen)
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)
    assert not (retired / ".sitegen-staging").exists()


def test_a_failed_build_leaves_the_output_as_it_was(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    edit(briefing_project / OTHER_SECTION, "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    before = snapshot(briefing_project / "output")
    edit(briefing_project / SECTION, "\n## ", "\nSee [[fact:no-such-fact]].\n\n## ")
    assert run_sitegen(briefing_project, "build").status == 1
    assert snapshot(briefing_project / "output") == before
    edit(briefing_project / SECTION, "See [[fact:no-such-fact]].", "Fixed.")
    build(briefing_project, run_sitegen)
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_pages_kept_from_the_old_output_are_not_copies(briefing_project, run_sitegen):
    """The point of starting from the old output: an unchanged page is the same file in the
    output, in the folder the build starts from, and in the new output (no copy, no link
    made again)."""
    build(briefing_project, run_sitegen)
    for sentence in ("One.", "Two.", "Three."):
        edit(briefing_project / OTHER_SECTION, "\n## ", f"\n{sentence}\n\n## ")
        build(briefing_project, run_sitegen)
    page = "entities/japan.html"
    output = os.stat(briefing_project / "output" / page)
    retired = os.stat(retired_folder(briefing_project) / page)
    assert os.path.samestat(output, retired) and output.st_nlink == 2
