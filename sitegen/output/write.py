"""Atomic output: build into a temporary folder beside the output, then swap it in.

A failed build never touches the previous site; a reader or a deploy never sees a half-written
one. Each output folder sitegen makes holds a manifest of the files it wrote; a file that is
not in it (the user's own) is carried over into the new output, never deleted. sitegen refuses
to write into a folder it did not create, or over the project's own sources.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Set
from pathlib import Path, PurePosixPath

from sitegen.errors import UsageError, display_path
from sitegen.output.exchange import exchange_folders
from sitegen.workers import stops_deferred

MANIFEST = ".sitegen-output.json"
STAGING_MARK = ".sitegen-staging"  # in a folder being built: the process id of its builder


def check_output_folder(output: Path, protected: Iterable[Path]) -> None:
    """Refuse an output folder that is, holds or sits inside a folder sitegen reads from,
    or that is or holds the project folder (the working directory)."""
    target = output.resolve()
    if Path.cwd().resolve().is_relative_to(target):
        raise UsageError(f"refusing to use '{display_path(output)}' as the output folder: "
                         "it is or holds the project folder")
    for source in protected:
        source = source.resolve()
        if target == source or source.is_relative_to(target) or target.is_relative_to(source):
            raise UsageError(f"refusing to use '{display_path(output)}' as the output folder: "
                             f"it overlaps '{display_path(source)}', which sitegen reads from")
    if target == Path.home().resolve():
        raise UsageError(f"refusing to use '{display_path(output)}' as the output folder: "
                         "it is your home folder")
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise UsageError(f"refusing to use '{display_path(output)}' as the output folder: "
                         "it is not a plain folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise UsageError(f"refusing to write into '{display_path(output)}': it is not empty and "
                         f"sitegen did not create it (no {MANIFEST}); choose an empty folder")


def safe_relative_path(name: str) -> PurePosixPath:
    """A page path that cannot leave the output folder (no absolute paths, no '..').

    Ids are already checked when the content is read (no '/', '.', spaces); this is the last
    guard, so a bug elsewhere cannot write outside the output folder either."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in name.split("/")) \
            or "\\" in name or "\0" in name or ":" in name:
        raise UsageError(f"refusing to write '{name}': the path would leave the output folder")
    return path


class StagedOutput:
    """A new output folder, written file by file beside the old one, then swapped in whole.

    Files go to disk as they are made, so a build never holds the whole site in memory. Used
    as a context manager: until `commit`, the previous output is untouched, and leaving the
    block with an error removes every trace of the new one.
    """

    def __init__(self, output: Path, protected: Iterable[Path]):
        check_output_folder(output, protected)
        self.output = output
        self.names: list[str] = []
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            remove_abandoned(output)
            with stops_deferred():  # not a folder made but left unmarked by an interrupt
                self.staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(output),
                                                     dir=output.parent))
                try:
                    (self.staging / STAGING_MARK).write_text(f"{os.getpid()}\n", encoding="ascii")
                except OSError:
                    self.staging.rmdir()
                    raise
        except OSError as error:
            raise _write_failed(output, error) from None
        except BaseException:  # an interrupt that waited for the folder to be made and marked
            if hasattr(self, "staging"):
                _remove_folder(self.staging)
            raise
        self._folders: set[Path] = set()

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            _remove_folder(self.staging)

    def write(self, name: str, data: bytes) -> None:
        destination = self.staging / safe_relative_path(name)
        if destination.parent not in self._folders:
            destination.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(destination.parent)
        try:
            destination.write_bytes(data)
        except OSError as error:
            raise _write_failed(self.output, error) from None
        self.names.append(name)

    def keep(self, name: str, source: Path) -> None:
        """Put the file `source` (of the previous output, unchanged) in the new folder as
        `name`: a hard link, which costs no copy; a copy where the disk refuses links."""
        destination = self.staging / safe_relative_path(name)
        if destination.parent not in self._folders:
            destination.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(destination.parent)
        try:
            try:
                os.link(source, destination)
            except OSError:
                shutil.copy2(source, destination)
        except OSError as error:
            raise _write_failed(self.output, error) from None
        self.names.append(name)

    def commit(self) -> None:
        """Swap the new folder in; the user's own files in the old one move over with it."""
        try:
            foreign = _foreign_files(self.output, _previous_manifest(self.output))
            clashes = sorted(set(foreign) & set(self.names))
            if clashes:
                raise UsageError(f"refusing to overwrite '{display_path(self.output / clashes[0])}'"
                                 ": sitegen did not write it")
            _carry_over(self.output, self.staging, foreign)
            (self.staging / MANIFEST).write_text(json.dumps(sorted(self.names), indent=0) + "\n",
                                                 encoding="utf-8")
            self.staging.chmod(0o755)
            (self.staging / STAGING_MARK).unlink()  # the manifest marks the folder from now on
            _swap_in(self.staging, self.output)
        except OSError as error:
            raise _write_failed(self.output, error) from None


def _write_failed(output: Path, error: OSError) -> UsageError:
    # a full disk, a permission: say so, without a traceback
    return UsageError(f"could not write the output: {error.strerror or error}; "
                      f"'{display_path(output)}' is unchanged")


def write_site(output: Path, files: Mapping[str, bytes], protected: Iterable[Path]) -> None:
    """Write `files` (output-relative path -> content) as the new output folder, atomically."""
    for name in files:
        safe_relative_path(name)  # before anything is written
    with StagedOutput(output, protected) as staged:
        for name in sorted(files):
            staged.write(name, files[name])
        staged.commit()


def update_site(output: Path, changed: Mapping[str, bytes], removed: Iterable[str],
                protected: Iterable[Path], ours: Set[str] | None = None) -> None:
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
            raise UsageError(f"refusing to overwrite '{display_path(output / relative)}': "
                             "sitegen did not write it")
        replace_file(output / relative, changed[name])
    for name in sorted(set(removed) & ours):
        (output / safe_relative_path(name)).unlink(missing_ok=True)
    names = (ours - set(removed)) | set(changed)
    if names != ours:
        replace_file(output / MANIFEST, (json.dumps(sorted(names), indent=0) + "\n").encode())


def replace_file(destination: Path, data: bytes) -> None:
    """Write a file whole: beside its place first, then moved in (no reader sees half)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _carry_over(output: Path, staging: Path, foreign: list[str]) -> None:
    """The user's own files, linked into the new output before it is swapped in: at every
    moment each of them is in the output folder, whatever happens to the build."""
    for name in foreign:
        source, destination = output / name, staging / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, destination, follow_symlinks=False)
        except OSError:  # a file system without hard links
            shutil.copy2(source, destination, follow_symlinks=False)


def _swap_in(staging: Path, output: Path) -> None:
    """Put `staging` in the place of `output` and remove the old output."""
    if not output.exists():
        os.rename(staging, output)
        return
    if exchange_folders(staging, output):  # one atomic step: the old site is now in staging
        _remove_folder(staging)
        return
    retired = Path(tempfile.mkdtemp(prefix=_staging_prefix(output), dir=output.parent))
    retired.rmdir()
    # Two renames: the only moment without an output folder is between them; a failure there
    # puts the previous site back, and a build killed there is mended by the next one.
    os.rename(output, retired)
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(retired, output)
        raise
    _remove_folder(retired)


def _staging_prefix(output: Path) -> str:
    return f".{output.name}.building-"


def remove_abandoned(output: Path) -> None:
    """Remove the folders that builds into `output` killed outright left beside it.

    Only folders sitegen marked as its own are touched: named after the output folder, and
    holding either the staging mark of a builder that is no longer running or a manifest
    (an old output waiting to be removed), or nothing at all. Should the output folder itself
    be missing (a build killed between the two renames of a swap), a complete one takes its
    place again instead of being removed.
    """
    prefix = _staging_prefix(output)
    try:
        leftovers = sorted(path for path in output.parent.iterdir()
                           if path.name.startswith(prefix) and path.is_dir()
                           and not path.is_symlink())
    except OSError:
        return
    for folder in leftovers:
        mark, manifest = folder / STAGING_MARK, folder / MANIFEST
        if mark.is_file():
            if _is_running(_builder(mark)):
                continue
        elif not manifest.is_file() and any(folder.iterdir()):
            continue  # not ours
        if manifest.is_file() and not mark.is_file() and not output.exists():
            os.rename(folder, output)
            continue
        _remove_folder(folder)


def _builder(mark: Path) -> int | None:
    try:
        return int(mark.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _is_running(pid: int | None) -> bool:
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


def _remove_folder(folder: Path) -> None:
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


def _previous_manifest(output: Path) -> set[str]:
    manifest = output / MANIFEST
    if not manifest.is_file():
        return set()
    try:
        names = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UsageError(f"cannot read {display_path(manifest)}; remove the output folder "
                         "by hand if sitegen made it") from None
    return {name for name in names if isinstance(name, str)}


def _foreign_files(output: Path, ours: set[str]) -> list[str]:
    """Files in the output folder that sitegen did not write (they must survive)."""
    if not output.is_dir():
        return []
    foreign = []
    for path in sorted(output.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        name = path.relative_to(output).as_posix()
        if name != MANIFEST and name not in ours:
            foreign.append(name)
    return foreign
