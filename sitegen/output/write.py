"""Atomic output: build into a temporary folder beside the output, then swap it in.

A failed build never touches the previous site; a reader or a deploy never sees a half-written
one. Each output folder sitegen makes holds a manifest of the files it wrote; a file that is
not in it (the user's own) is carried over into the new output, never deleted. sitegen refuses
to write into a folder it did not create, or over the project's own sources.

With a cache, the output a swap retires is kept there rather than removed, and the next build
starts its new folder from it: after one edit, a site of 3,800 pages in 1,000 folders then
costs a few hundred file operations instead of making every folder and linking every page
again and removing the old tree, which were a good part of such a build
(docs/performance.md).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Set
from pathlib import Path, PurePosixPath

from sitegen.atomic import write_atomically
from sitegen.errors import UsageError, display_path
from sitegen.output.exchange import exchange_folders
from sitegen.output.leftovers import (
    MANIFEST,
    STAGING_MARK,
    builder_of,
    is_running,
    remove_abandoned,
    remove_folder,
    staging_prefix,
)
from sitegen.output.retired import (
    clear,
    clear_way,
    holds_exactly,
    open_plain_file,
    plain_contents,
    remove_files,
    same_file,
    usable_retired,
)
from sitegen.workers import stops_deferred


def check_output_folder(output: Path, protected: Iterable[Path]) -> None:
    """Refuse an output folder that is, holds or sits inside a folder sitegen reads from,
    or that is or holds the project folder (the working directory)."""
    target = output.resolve()
    if Path.cwd().resolve().is_relative_to(target):
        raise UsageError(
            f"refusing to use '{display_path(output)}' as the output folder: "
            "it is or holds the project folder"
        )
    for source in protected:
        source = source.resolve()
        if target == source or source.is_relative_to(target) or target.is_relative_to(source):
            raise UsageError(
                f"refusing to use '{display_path(output)}' as the output folder: "
                f"it overlaps '{display_path(source)}', which sitegen reads from"
            )
    if target == Path.home().resolve():
        raise UsageError(
            f"refusing to use '{display_path(output)}' as the output folder: it is your home folder"
        )
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise UsageError(
            f"refusing to use '{display_path(output)}' as the output folder: it is not a plain folder"
        )
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise UsageError(
            f"refusing to write into '{display_path(output)}': it is not empty and "
            f"sitegen did not create it (no {MANIFEST}); choose an empty folder"
        )


def safe_relative_path(name: str) -> PurePosixPath:
    """A page path that cannot leave the output folder (no absolute paths, no '..').

    Ids are already checked when the content is read (no '/', '.', spaces); this is the last
    guard, so a bug elsewhere cannot write outside the output folder either."""
    return PurePosixPath(safe_name(name))


def safe_name(name: str) -> str:
    """`name` when it is a path that stays inside the output folder (see safe_relative_path),
    checked on the string: every page of a build goes through it."""
    # a leading "/" (absolute), a "//" and the empty name all make an empty part
    if (
        any(part in ("..", ".", "") for part in name.split("/"))
        or "\\" in name
        or "\0" in name
        or ":" in name
    ):
        raise UsageError(f"refusing to write '{name}': the path would leave the output folder")
    return name


class StagedOutput:
    """A new output folder, written file by file beside the old one, then swapped in whole.

    Files go to disk as they are made, so a build never holds the whole site in memory. Used
    as a context manager: until `commit`, the previous output is untouched, and leaving the
    block with an error removes every trace of the new one.
    """

    def __init__(self, output: Path, protected: Iterable[Path], retired: Path | None = None):
        """`retired`: where the output this build replaces is kept for the next build to
        start from (a folder in the cache); None removes it."""
        check_output_folder(output, protected)
        self.output = output
        self.retired = usable_retired(retired, output)
        self.names: list[str] = []
        self._folders: set[str] = set()
        # files the folder held when the build began, with their inodes, and its device
        self._present: dict[str, int] = {}
        self._device = -1
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            remove_abandoned(output)
            with stops_deferred():  # not a folder made but left unmarked by an interrupt
                self.staging = self._take_retired() or _new_staging(output)
        except OSError as error:
            raise _write_failed(output, error) from None  # its path is the error's own
        except BaseException:  # an interrupt that waited for the folder to be made and marked
            if hasattr(self, "staging"):
                remove_folder(self.staging)
            raise
        self.reusing = self.staging == self.retired
        # the pages the output holds now; None when its manifest is unreadable (the swap
        # says so)
        self._earlier = _manifest_or_none(output)

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            remove_folder(self.staging)

    def write(self, name: str, data: bytes) -> None:
        destination = self._place(name)
        try:
            if not self._linked_if_same(name, destination, data):
                path = Path(destination)
                if self.reusing:
                    clear(path)  # it may be a link to the same page in the output
                path.write_bytes(data)
        except OSError as error:
            raise _write_failed(self.output, error, destination) from None
        self.names.append(name)

    def _linked_if_same(self, name: str, destination: str, data: bytes) -> bool:
        """Link the output's own file for `name` into the new folder when it holds exactly
        `data`: a build without the cache, or after sitegen changed, renders every page,
        most of them as they were. A new file costs far more than a link on some disks, this
        project's test machines' among them (docs/performance.md)."""
        if self._earlier is None or name not in self._earlier:
            return False
        current = os.path.join(self.output, name)
        with open_plain_file(current) as opened:
            if opened is None or not holds_exactly(opened, data):
                return False
            if self.reusing:
                if name in self._present and same_file(opened.fileno(), destination):
                    return True  # the old output this folder started from had it
                clear(Path(destination))
            try:
                os.link(current, destination, follow_symlinks=False)
            except OSError:  # a disk without hard links: written instead
                return False
            if same_file(opened.fileno(), destination):
                return True
            os.unlink(destination)  # replaced meanwhile: what was read is not what was linked
            return False

    def record(self, name: str) -> None:
        """Count `name` as written: a forked worker wrote it with `write` (whose own record
        of it went with the worker)."""
        self.names.append(name)

    def keep(self, name: str, source: str, status: os.stat_result | None = None) -> None:
        """Put the file `source` (of the previous output, unchanged; `status`, its stat when
        known) in the new folder as `name`: a hard link, which costs no copy; a copy where the
        disk refuses links."""
        destination = self._place(name)
        self.names.append(name)
        if (
            self.reusing
            and name in self._present
            and (
                (status.st_ino, status.st_dev) == (self._present[name], self._device)
                if status is not None
                else same_file(source, destination)
            )
        ):
            # already linked, by the build that made the output (known by the inode that
            # listing the folder gave, not by a stat of each kept page)
            return
        try:
            if self.reusing:
                clear(Path(destination))
            try:
                os.link(source, destination)
            except OSError:
                shutil.copy2(source, destination)
        except OSError as error:
            raise _write_failed(self.output, error, destination) from None

    def commit(self) -> None:
        """Swap the new folder in; the user's own files in the old one move over with it."""
        manifest = self.staging / MANIFEST
        try:
            ours = self._earlier if self._earlier is not None else _previous_manifest(self.output)
            foreign = _foreign_files(self.output, ours)
            clashes = sorted(set(foreign) & set(self.names))
            if clashes:
                raise UsageError(
                    f"refusing to overwrite '{display_path(self.output / clashes[0])}'"
                    ": sitegen did not write it"
                )
            if self.reusing:
                remove_files(self.staging, self._present.keys() - set(self.names) - set(foreign))
            _carry_over(self.output, self.staging, foreign)
            clear(manifest)
            try:
                manifest.write_text(json.dumps(sorted(self.names), indent=0) + "\n", encoding="utf-8")
            except OSError as error:  # a full disk: the write fails, not the open
                raise _write_failed(self.output, error, manifest) from None
            self.staging.chmod(0o755)
            (self.staging / STAGING_MARK).unlink()  # the manifest marks the folder from now on
        except OSError as error:
            raise _write_failed(self.output, error) from None
        try:
            self._swap_in()
        except OSError as error:  # the exchange, or the renames undone: the output as it was
            shown = display_path(self.output)
            raise UsageError(
                f"could not swap the new site into '{shown}': "
                f"{error.strerror or error}; '{shown}' is unchanged"
            ) from None

    def _place(self, name: str) -> str:
        """The path of `name` in the new folder, its folder made. (Strings, not Path objects:
        a build after one edit keeps thousands of pages, each a Path made and parsed for
        nothing.)"""
        destination = os.path.join(self.staging, safe_name(name))
        folder = os.path.dirname(destination)
        if folder not in self._folders:
            try:
                os.makedirs(folder, exist_ok=True)
            except (FileExistsError, NotADirectoryError) as error:
                if not self.reusing:
                    raise _write_failed(self.output, error, folder) from None
                clear_way(self.staging, Path(folder))  # a file of the old output stood in the way
                os.makedirs(folder, exist_ok=True)
            except OSError as error:
                raise _write_failed(self.output, error, folder) from None
            self._folders.add(folder)
        return destination

    def _take_retired(self) -> Path | None:
        """The output the last build retired, marked as this build's folder and cleared of
        anything but folders and plain files; None when there is none to start from."""
        folder = self.retired
        if folder is None or not os.path.lexists(folder):
            return None
        mark = folder / STAGING_MARK
        if folder.is_symlink() or not folder.is_dir() or (mark.is_file() and is_running(builder_of(mark))):
            self.retired = None  # not ours to use, or another build's: leave it be
            return None
        if mark.is_file() or not (folder / MANIFEST).is_file():
            remove_folder(folder)  # a build that was updating it was killed: start afresh
            return None
        try:
            mark.write_text(f"{os.getpid()}\n", encoding="ascii")
            self._present, self._folders = plain_contents(folder)
            self._device = os.stat(folder).st_dev
        except OSError:  # left marked: the next build removes it
            self.retired, self._present, self._folders = None, {}, set()
            return None
        return folder

    def _swap_in(self) -> None:
        """Put the new folder in the place of the output; keep or remove the old output."""
        staging, output = self.staging, self.output
        if not output.exists():
            os.rename(staging, output)
            return
        if exchange_folders(staging, output):  # one atomic step: the old site is now in staging
            self._retire(staging)
            return
        retired = _new_place(output)
        # Two renames: the only moment without an output folder is between them; a failure there
        # puts the previous site back, and a build killed there is mended by the next one.
        os.rename(output, retired)
        try:
            os.rename(staging, output)
        except BaseException as error:
            try:
                os.rename(retired, output)
            except OSError:
                if not isinstance(error, OSError):
                    raise error from None
                shown = display_path(output)  # remove_abandoned puts it back
                raise UsageError(
                    f"could not swap the new site into '{shown}': "
                    f"{error.strerror or error}; '{shown}' is missing: the previous "
                    f"site is in '{display_path(retired)}', which the next build "
                    "puts back"
                ) from None
            raise
        self._retire(retired)

    def _retire(self, old_output: Path) -> None:
        if old_output == self.retired:
            return  # already where the next build looks for it
        if self.retired is not None and not os.path.lexists(self.retired):
            try:
                self.retired.parent.mkdir(parents=True, exist_ok=True)
                os.rename(old_output, self.retired)
                return
            except OSError:
                pass
        remove_folder(old_output)


def _new_staging(output: Path) -> Path:
    """A new empty folder beside the output, marked as this build's."""
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))
    mark = staging / STAGING_MARK
    try:
        mark.write_text(f"{os.getpid()}\n", encoding="ascii")
    except BaseException as error:  # an interrupt, or a disk that refuses the mark
        mark.unlink(missing_ok=True)  # a full disk makes the file, then refuses its bytes
        staging.rmdir()
        if isinstance(error, OSError):
            raise _write_failed(output, error, mark) from None
        raise
    return staging


def _new_place(output: Path) -> Path:
    """A free name beside the output, for the old output between two renames."""
    place = Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))
    place.rmdir()
    return place


def _write_failed(output: Path, error: OSError, path: str | Path | None = None) -> UsageError:
    """A full disk, a permission, while the new site is staged: said without a traceback,
    with the path being written (`path`, or the error's own: of a link or a rename, the
    destination) and what is true of the output, which is as it was."""
    where = path if path is not None else error.filename2 or error.filename
    at = (
        f" at '{display_path(Path(os.fsdecode(where)))}'"
        if isinstance(where, str | bytes | os.PathLike)
        else ""
    )
    return UsageError(
        f"could not write the new site{at}: {error.strerror or error}; '{display_path(output)}' is unchanged"
    )


def write_site(output: Path, files: Mapping[str, bytes], protected: Iterable[Path]) -> None:
    """Write `files` (output-relative path -> content) as the new output folder, atomically."""
    for name in files:
        safe_relative_path(name)  # before anything is written
    with StagedOutput(output, protected) as staged:
        for name in sorted(files):
            staged.write(name, files[name])
        staged.commit()


def update_site(
    output: Path,
    changed: Mapping[str, bytes],
    removed: Iterable[str],
    protected: Iterable[Path],
    ours: Set[str] | None = None,
) -> None:
    """Update a folder sitegen wrote, file by file (the preview's incremental rebuilds).

    Each file is written beside its place and moved in with os.replace, so a browser never
    reads half a page; only files named in the manifest are ever removed. `ours` may give
    the manifest's names when the caller knows them (it saves reading a large manifest).
    """
    check_output_folder(output, protected)
    if not (output / MANIFEST).is_file():
        raise UsageError(f"cannot update '{display_path(output)}': sitegen did not write it")
    ours = _previous_manifest(output) if ours is None else ours
    for name in sorted(changed):
        relative = safe_relative_path(name)
        if name not in ours and (output / relative).exists():
            raise UsageError(
                f"refusing to overwrite '{display_path(output / relative)}': sitegen did not write it"
            )
        replace_file(output / relative, changed[name])
    for name in sorted(set(removed) & ours):
        (output / safe_relative_path(name)).unlink(missing_ok=True)
    names = (ours - set(removed)) | set(changed)
    if names != ours:
        replace_file(output / MANIFEST, (json.dumps(sorted(names), indent=0) + "\n").encode())


def replace_file(destination: Path, data: bytes) -> None:
    """Write a file whole (no reader sees half), readable by all like a page the build wrote."""
    write_atomically(destination, data, 0o644)


def _carry_over(output: Path, staging: Path, foreign: list[str]) -> None:
    """The user's own files, linked into the new output before it is swapped in: at every
    moment each of them is in the output folder, whatever happens to the build."""
    for name in foreign:
        source, destination = output / name, staging / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if same_file(source, destination):
            continue  # the old output a build started from has it already
        clear(destination)
        try:
            os.link(source, destination, follow_symlinks=False)
        except OSError:  # a file system without hard links
            shutil.copy2(source, destination, follow_symlinks=False)


def _manifest_or_none(output: Path) -> set[str] | None:
    try:
        return _previous_manifest(output)
    except UsageError:
        return None


def _previous_manifest(output: Path) -> set[str]:
    manifest = output / MANIFEST
    if not manifest.is_file():
        return set()
    try:
        names = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(
            f"cannot read {display_path(manifest)}; remove the output folder by hand if sitegen made it"
        ) from None
    return {name for name in names if isinstance(name, str)}


def _foreign_files(output: Path, ours: set[str]) -> list[str]:
    """Files in the output folder that sitegen did not write (they must survive)."""
    if not output.is_dir():
        return []
    foreign = []
    folders = [(str(output), "")]
    while folders:  # scandir knows each entry's type without a stat (quicker than os.walk
        # and a test for links among the folders)
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, name + "/"))
                elif name != MANIFEST and name not in ours:  # a link to a folder is a file
                    foreign.append(name)
    return sorted(foreign)
