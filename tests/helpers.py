"""Helpers the test modules share: functions, constants and classes, no fixtures (those are in
conftest.py). A test module imports from here, never from another test module."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The source article sits in shared/ beside the repository, or beside the folder of worktrees.
SEED = next((folder / "shared" / "seeds" / "000_d54dbba74c640f3b.txt" for folder in REPO.parents
             if (folder / "shared" / "seeds").is_dir()),
            REPO.parent / "shared" / "seeds" / "000_d54dbba74c640f3b.txt")


# The bundled desk's first briefing: its content folder and the folder of its pages.
SEED_BRIEFING = "content/briefings/xi-lee-summit"
SEED_PAGES = "briefings/xi-lee-summit"


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`; `old` must be there, so that a test whose
    file has changed under it fails instead of testing nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: the file changed under the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_project(tmp_path: Path, content: Path) -> Path:
    """A project folder holding a copy of `content` and the repository's templates."""
    project = tmp_path / "project"
    shutil.copytree(content, project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def build(project: Path, run_sitegen, *args: str) -> int:
    """Build with the cache; the number of pages the build says it kept unchanged."""
    result = run_sitegen(project, "build", *args)
    assert result.status == 0, result.err
    kept = re.search(r"\(([\d,]+) of them unchanged\)", result.out)
    return int(kept.group(1).replace(",", "")) if kept else 0


def clean_build(project: Path, run_sitegen) -> dict[str, bytes]:
    result = run_sitegen(project, "build", "--no-cache", "--output", "clean")
    assert result.status == 0, result.err
    return snapshot(project / "clean")


def site_of(folder: Path) -> dict[str, bytes]:
    """The files of the site built into `folder`, the build's own record of them left out."""
    return {name: data for name, data in snapshot(folder).items()
            if name != ".sitegen-output.json"}


def assert_output_is_a_clean_builds(project: Path, run_sitegen, *own_files: str) -> None:
    """output/ holds, byte for byte, what a clean build of `project` makes: besides the build's
    own record, only the user's `own_files` (named as in output/) may differ."""
    output = {name: data for name, data in site_of(project / "output").items()
              if name not in own_files}
    clean = clean_build(project, run_sitegen)
    assert output == {name: data for name, data in clean.items() if name != ".sitegen-output.json"}
