"""The marks that tell sitegen's folders beside the output apart, and removing the ones a
build killed outright left behind (sitegen/output/write.py makes them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MANIFEST = ".sitegen-output.json"
STAGING_MARK = ".sitegen-staging"  # in a folder being built: the process id of its builder


def staging_prefix(output: Path) -> str:
    return f".{output.name}.building-"


def remove_abandoned(output: Path) -> None:
    """Remove the folders that builds into `output` killed outright left beside it.

    Only folders sitegen marked as its own are touched: named after the output folder, and
    holding either the staging mark of a builder that is no longer running or a manifest
    (an old output waiting to be removed), or nothing at all. Should the output folder itself
    be missing (a build killed between the two renames of a swap), a complete one takes its
    place again instead of being removed.
    """
    prefix = staging_prefix(output)
    try:
        leftovers = sorted(
            path
            for path in output.parent.iterdir()
            if path.name.startswith(prefix) and path.is_dir() and not path.is_symlink()
        )
    except OSError:
        return
    for folder in leftovers:
        mark, manifest = folder / STAGING_MARK, folder / MANIFEST
        if mark.is_file():
            if is_running(builder_of(mark)):
                continue
        elif not manifest.is_file() and any(folder.iterdir()):
            continue  # not ours
        if manifest.is_file() and not mark.is_file() and not output.exists():
            os.rename(folder, output)
            continue
        remove_folder(folder)


def builder_of(mark: Path) -> int | None:
    try:
        return int(mark.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def is_running(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def remove_folder(folder: Path) -> None:
    """Remove a folder sitegen made, its marks last: a removal cut short leaves it still
    marked (or empty), so the next build finishes the job."""
    marks = (STAGING_MARK, MANIFEST)
    try:
        for child in folder.iterdir():
            if child.name in marks:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for name in marks:
            (folder / name).unlink(missing_ok=True)
        folder.rmdir()
    except OSError:
        pass  # best effort: whatever is left stays marked for the next build
