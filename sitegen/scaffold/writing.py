"""Writing new files into a project: all of them or none, and never over a file that is there.

Each file goes to a temporary name beside its place and is moved in with os.replace, so no
file is ever seen half-written; should one fail (a full disk, a refused permission), every
file and folder written before it is removed again and the project is as it was.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from sitegen.errors import UsageError, display_path
from sitegen.output.write import replace_file


def write_new_files(root: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write `files` (paths relative to `root`, which is made when missing) that do not exist
    yet; returns the ones written. Raises UsageError, having removed them again, when any
    cannot be written."""
    made: list[Path] = []  # files and folders made, in order, to remove on failure
    written: list[str] = []
    try:
        _make_folder(root, made)
        for name, data in files.items():
            destination = root.joinpath(*PurePosixPath(name).parts)
            if destination.exists() or destination.is_symlink():
                continue
            _make_folder(destination.parent, made)
            replace_file(destination, data)
            made.append(destination)
            written.append(name)
    except OSError as error:
        for path in reversed(made):
            try:
                path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
            except OSError:
                pass
        where = error.filename or root
        raise UsageError(
            f"could not write '{display_path(Path(where))}': {error.strerror or error}; nothing was written"
        ) from None
    return written


def _make_folder(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)
