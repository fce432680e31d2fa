"""`sitegen build` when nothing changed: it says the output is up to date and writes nothing;
any change to what a build reads, or to what it wrote, means a full build again."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from helpers import SEED_BRIEFING, SEED_PAGES, append

pytestmark = pytest.mark.usefixtures("files_settle_at_once")


def output_state(output: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(output).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def test_a_second_build_of_unchanged_inputs_writes_nothing(briefing_project, run_sitegen):
    first = run_sitegen(briefing_project, "build")
    assert first.status == 0 and first.out.startswith("built ")
    before = output_state(briefing_project / "output")

    second = run_sitegen(briefing_project, "build")
    assert second.status == 0
    pages = re.match(r"built (\d+) pages", first.out).group(1)
    assert second.out == f"output/ is up to date ({pages} pages): nothing changed since it was built\n"
    assert output_state(briefing_project / "output") == before  # not even rewritten


def edit_in_place(path: Path) -> None:
    """A change of one letter, the size and the modification time as before (`cp -p`)."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("months", "MONTHS", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize(
    "change",
    [
        "section",
        "yaml",
        "yaml in place",
        "template",
        "stylesheet",
        "new content file",
        "base url",
        "source date",
        "output page edited",
        "output page removed",
        "no cache",
    ],
)
def test_any_change_to_inputs_or_output_means_a_full_build(
    briefing_project, run_sitegen, monkeypatch, change
):
    assert run_sitegen(briefing_project, "build", "--base-url", "https://a.example/b/").status == 0
    output = briefing_project / "output"
    page = output / SEED_PAGES / "sections/security.html"
    expected = page.read_bytes()
    args = ["build", "--base-url", "https://a.example/b/"]
    if change == "section":
        append(briefing_project / SEED_BRIEFING / "sections/security.md", "\n")
    elif change == "yaml":
        append(briefing_project / SEED_BRIEFING / "facts.yaml", "\n")
    elif change == "yaml in place":
        edit_in_place(briefing_project / SEED_BRIEFING / "facts.yaml")
    elif change == "template":
        append(briefing_project / "templates/section.html", "\n")
    elif change == "stylesheet":
        append(briefing_project / "templates/static/style.css", "\n")
    elif change == "new content file":
        (briefing_project / SEED_BRIEFING / "sections/notes.txt").write_text("x", encoding="utf-8")
    elif change == "base url":
        args[-1] = "https://a.example/c/"
    elif change == "source date":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")
    elif change == "output page edited":
        page.write_bytes(b"<p>edited by hand</p>")
    elif change == "output page removed":
        page.unlink()
    elif change == "no cache":
        args.append("--no-cache")

    again = run_sitegen(briefing_project, *args)
    assert again.status == 0
    assert again.out.startswith("built ")
    if change in ("output page edited", "output page removed", "no cache", "yaml"):
        assert page.read_bytes() == expected  # put back as the build makes it


# Files the build does not read as content still count (a later version of sitegen may), in
# any folder, and a link counts by where it points as well as by what it points to.
TREE_CHANGES = {
    "a file in a new folder": lambda brief: (
        (brief / "notes").mkdir() or (brief / "notes/draft.txt").write_text("x", encoding="utf-8")
    ),
    "a link pointed elsewhere": lambda brief: (
        (brief / "facts-link.txt").unlink() or (brief / "facts-link.txt").symlink_to("quotes.yaml")
    ),
    "a link to a folder pointed elsewhere": lambda brief: (
        (brief / "sections-link").unlink() or (brief / "sections-link").symlink_to(".")
    ),
}


@pytest.mark.parametrize("change", TREE_CHANGES)
def test_a_change_anywhere_in_the_content_folder_means_a_build(briefing_project, run_sitegen, change):
    brief = briefing_project / SEED_BRIEFING
    (brief / "facts-link.txt").symlink_to("facts.yaml")
    (brief / "sections-link").symlink_to("sections")
    assert run_sitegen(briefing_project, "build").status == 0
    assert run_sitegen(briefing_project, "build").out.startswith("output/ is up to date")
    TREE_CHANGES[change](brief)
    again = run_sitegen(briefing_project, "build")
    assert (again.status, again.err) == (0, "")
    assert again.out.startswith("built ")


def test_another_version_of_a_library_means_a_full_build(
    briefing_project, run_sitegen, monkeypatch, tmp_path
):
    """The record names the versions of the libraries that shape the pages, read from their
    metadata folders on sys.path: one installed in front of the others (as a virtualenv or
    an upgrade does) is the one that counts."""
    from sitegen.code_stamp import LIBRARIES, code_stamp, installed_versions

    assert run_sitegen(briefing_project, "build").status == 0
    installed = installed_versions(LIBRARIES)
    assert installed["markdown"] != "-" and installed["jinja2"] != "-"
    upgraded = tmp_path / "site-packages"
    (upgraded / "Markdown-99.1.dist-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(upgraded), *sys.path])
    assert installed_versions(["markdown", "Jinja2"]) == {"markdown": "99.1", "Jinja2": installed["jinja2"]}
    code_stamp.cache_clear()
    try:
        result = run_sitegen(briefing_project, "build")
    finally:
        code_stamp.cache_clear()  # the next test's sitegen is the real one
    assert result.status == 0 and result.out.startswith("built ")
    assert "unchanged)" not in result.out  # no page taken from the last build
