"""The output a build replaced, kept in the cache for the next build to start from.

Its pages that did not change since are already hard links to the output's, and its folders
already exist: after one edit of a 3,800-page site in 1,000 folders, starting from it costs a
few hundred file operations instead of making every folder and linking every page again (and
removing the old tree after the swap). These helpers make sure that whatever it holds, only
plain folders and files sitegen can replace are left in it.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sitegen.output.leftovers import MANIFEST, STAGING_MARK


def usable_retired(retired: Path | None, output: Path) -> Path | None:
    """`retired` when the old output can be renamed there and back: on the output's disk,
    and neither inside the output nor holding it."""
    if retired is None:
        return None
    place, target = retired.absolute(), output.absolute()
    if place.is_relative_to(target) or target.is_relative_to(place):
        return None
    existing = place.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        return retired if os.stat(existing).st_dev == os.stat(output.parent).st_dev else None
    except OSError:
        return None


def plain_contents(folder: Path) -> tuple[dict[str, int], set[str]]:
    """The files below `folder` (relative to it, each with its inode) and the folders (with
    it), any symlink or special file in it removed first (nothing written through them can
    land outside it). Read with scandir, whose entries know their type and inode without a
    stat of each file."""
    files: dict[str, int] = {}
    folders: set[str] = set()
    pending = [(str(folder), "")]
    while pending:
        here, prefix = pending.pop()
        folders.add(here)
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file(follow_symlinks=False):
                    files[prefix + entry.name] = entry.inode()
                else:  # a symlink (to a file or a folder), a pipe, a socket
                    os.unlink(entry.path)
    files.pop(STAGING_MARK, None)
    files.pop(MANIFEST, None)
    return files, folders


def same_file(first: int | str | Path | os.stat_result, second: str | Path) -> bool:
    """Whether `second` (not followed if a symlink) is the file `first` (an open file's
    descriptor, a path, or what stat said of it)."""
    try:
        status = first if isinstance(first, os.stat_result) else os.stat(first)
        return os.path.samestat(status, os.lstat(second))
    except OSError:
        return False


@contextmanager
def open_plain_file(path: str) -> Iterator[BinaryIO | None]:
    """The regular file at `path` opened for reading, or None: not there, a symlink, a
    folder or anything else."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        yield None
        return
    with open(descriptor, "rb") as stream:
        yield stream if stat.S_ISREG(os.fstat(descriptor).st_mode) else None


def holds_exactly(stream: BinaryIO, data: bytes) -> bool:
    return os.fstat(stream.fileno()).st_size == len(data) and stream.read() == data


def clear(path: Path) -> None:
    """Make `path` free for a new file: whatever the old output had there goes."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):
        if not path.is_dir() or path.is_symlink():
            raise
        shutil.rmtree(path)


def clear_way(top: Path, folder: Path) -> None:
    """Remove the files standing where the folders leading to `folder` must be."""
    for part in reversed((folder, *folder.parents)):
        if (
            part.is_relative_to(top)
            and part != top
            and (part.is_symlink() or (part.exists() and not part.is_dir()))
        ):
            part.unlink()


def remove_files(top: Path, names: Iterable[str]) -> None:
    """Remove the files `names` below `top`, and the folders they leave empty."""
    emptied: set[Path] = set()
    for name in names:
        path = top / name
        path.unlink(missing_ok=True)
        emptied.add(path.parent)
    for folder in sorted(emptied, key=lambda path: len(path.parts), reverse=True):
        while folder != top and folder.is_relative_to(top):
            try:
                folder.rmdir()
            except OSError:  # not empty: a page is still in it
                break
            folder = folder.parent
