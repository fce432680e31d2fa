"""`sitegen init DIR`: a new project that builds at once, with an example desk to replace.

The starter project is the folder starter/ beside this module, installed with sitegen. Names
that begin with "dot-" there begin with "." in the project (package data leaves dot-files
out); two placeholders say where the project's GitHub Pages workflow installs sitegen from.
The editor's files (the JSON Schemas of the content files and VS Code's settings that use
them) are made by editor_schemas.py, from the field specs of this very sitegen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from sitegen.errors import UsageError, display_path
from sitegen.scaffold.editor_schemas import editor_files
from sitegen.scaffold.writing import write_new_files

STARTER = Path(__file__).resolve().parent / "starter"
# Not in the way of a new project: a folder made by `git init` or `git clone` of an empty
# repository holds this alone.
IGNORED_ENTRIES = frozenset({".git"})


@dataclass(frozen=True, slots=True)
class Initialised:
    written: tuple[str, ...]  # the files written, relative to the project folder
    kept: tuple[str, ...]  # files already there that differ from the starter's, left as they were


def init_project(folder: Path, force: bool = False) -> Initialised:
    """Write the starter project into `folder` (new or empty; with `force`, a folder with
    files, whose own files all stay as they are)."""
    if folder.is_symlink() and not folder.exists():
        raise UsageError(f"cannot create a project in '{display_path(folder)}': it is a broken symbolic link")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot create a project in '{display_path(folder)}': it is a file")
    if folder.is_dir() and not force and _has_entries(folder):
        raise UsageError(
            f"'{display_path(folder)}' is not empty: choose a new or empty folder, "
            "or add --force to write the example files that are missing there "
            "(a file already there is never replaced)"
        )
    files = starter_files(install_requirement())
    kept = tuple(name for name, data in files.items() if _differs(folder / name, data))
    return Initialised(tuple(write_new_files(folder, files)), kept)


def _differs(path: Path, data: bytes) -> bool:
    """Something of the user's is at `path` that is not the starter's file."""
    if path.is_symlink() or path.is_dir():
        return True
    return path.is_file() and path.read_bytes() != data


def _has_entries(folder: Path) -> bool:
    try:
        return any(entry.name not in IGNORED_ENTRIES for entry in folder.iterdir())
    except OSError as error:
        raise UsageError(f"cannot read '{display_path(folder)}': {error.strerror}") from None


def starter_files(requirement: str) -> dict[str, bytes]:
    """Every file of the starter project by its path in the project, placeholders filled."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file():
            continue
        name = "/".join(
            "." + part[4:] if part.startswith("dot-") else part for part in path.relative_to(STARTER).parts
        )
        text = path.read_text(encoding="utf-8")
        text = text.replace("@SITEGEN_REQUIREMENT@", requirement)
        text = text.replace("@SITEGEN_NOTE@", _requirement_note(requirement))
        files[name] = text.encode("utf-8")
    files.update(editor_files())
    return dict(sorted(files.items()))


def install_requirement() -> str:
    """How a build machine can install this very sitegen, as a pip requirement: known when it
    was installed from a git repository (PEP 610's direct_url.json records where from), else
    empty."""
    try:
        recorded = distribution("sitegen").read_text("direct_url.json")
        origin = json.loads(recorded) if recorded else {}
    except (PackageNotFoundError, OSError, ValueError):
        return ""
    vcs = origin.get("vcs_info") if isinstance(origin, dict) else None
    url = origin.get("url", "") if isinstance(origin, dict) else ""
    if (
        not isinstance(vcs, dict)
        or vcs.get("vcs") != "git"
        or not isinstance(url, str)
        or not url.startswith("https://")
        or not vcs.get("commit_id")
    ):
        return ""
    return f"sitegen @ git+{url}@{vcs['commit_id']}"


def _requirement_note(requirement: str) -> str:
    if requirement:
        return f"`{requirement}`, the sitegen this project was made with; change it to upgrade."
    return (
        "set it to where your sitegen comes from, for instance\n"
        "`sitegen @ git+https://github.com/OWNER/sitegen@TAG` (the bare name `sitegen` on "
        "PyPI is\nanother project). Until it is set, the workflow stops and says so."
    )
