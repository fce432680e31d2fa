"""Rebuilding: files the new build does not produce go; files sitegen did not write stay."""

from __future__ import annotations

from pathlib import Path


def test_a_removed_section_disappears_from_output(mini_project: Path, run_sitegen):
    assert run_sitegen(mini_project, "build").status == 0
    page = mini_project / "output" / "sections" / "two.html"
    assert page.is_file()
    (mini_project / "content/sections/two.md").unlink()
    one = mini_project / "content/sections/one.md"
    one.write_text(one.read_text().replace("See [the second part](two.md#details).\n", ""))
    assert run_sitegen(mini_project, "build").status == 0
    assert not page.exists()
    assert (mini_project / "output" / "sections" / "one.html").is_file()


def test_a_file_sitegen_did_not_write_survives_a_rebuild(mini_project: Path, run_sitegen):
    assert run_sitegen(mini_project, "build").status == 0
    mine = mini_project / "output" / "notes" / "editor.txt"
    mine.parent.mkdir()
    mine.write_text("keep me")
    assert run_sitegen(mini_project, "build").status == 0
    assert mine.read_text() == "keep me"
