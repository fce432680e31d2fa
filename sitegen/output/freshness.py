"""Knowing when a build would change nothing: the output folder already holds exactly what
the current inputs make.

After each build with the cache, a small record goes to the cache folder: a digest of all a
build reads (every file under content/, templates/ and the built-in theme, the options, what
the content date is taken from, sitegen's own code, the versions of Python and of the
libraries that shape the output) and the size and modification time of every file it wrote.
An input file found in the state it was when last read is taken by its digest then, without
reading it again (sitegen/file_state.py).
The next build compares both, before importing anything heavy; when nothing differs it writes
nothing. Any doubt (no record, a file sitegen wrote since changed or removed, anything
unreadable) means a full build.

The record also keeps a digest of every page's inputs (sitegen/site/inputs.py), with one of
what renders them (sitegen's code, Python, the libraries): a build after an edit takes the
pages whose inputs did not change from the output folder, as they are, instead of rendering
them again, when the file there is still the one it wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.code_stamp import code_stamp
from sitegen.config import BuildConfig
from sitegen.content.dates import date_inputs
from sitegen.file_state import FileState, settled_before, settled_state, state_of
from sitegen.incremental.state import FORMAT as READS_FORMAT
from sitegen.marshal_file import read_stamped, write_stamped

RECORD_FORMAT = 2
FILES_FORMAT = 1
# what wrote the input files' table: a damaged or foreign one reads as empty (sitegen reads
# every file then, and writes a good one)
_FILES_STAMP = (FILES_FORMAT, sys.version)


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a build reads, digested (see inputs_digest)."""

    digest: str
    # input file -> its state and the digest of its bytes (sitegen/file_state.py), for the
    # files read settled or found in the same state: the next build reads only the others
    files: dict[str, tuple[FileState, str]]


@dataclass(frozen=True, slots=True)
class Record:
    inputs: str  # digest of every input (see inputs_digest)
    pages: int
    # output path -> its state after writing (file_state.py): a file rewritten in place, even
    # with its size and modification time put back, has another change time
    outputs: dict[str, FileState]
    renderer: str  # digest of what renders the pages (see renderer_digest)
    page_digests: dict[str, str]  # page path -> digest of its inputs


@dataclass(frozen=True, slots=True)
class PreviousBuild:
    """What the last build wrote into the output folder, for pages a new build may keep."""

    output: Path
    record: Record

    def unchanged(self, name: str, digest: str | None) -> tuple[str, os.stat_result] | None:
        """The file at `name` in the output folder (its path and stat) when the last build
        wrote it from inputs with this digest and it is still as written; None otherwise."""
        recorded = self.record.outputs.get(name)
        if digest is None or recorded is None or self.record.page_digests.get(name) != digest:
            return None
        path = os.path.join(self.output, name)  # a string: see _output_state
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return (path, stat) if state_of(stat) == recorded else None


def inputs_digest(config: BuildConfig) -> Inputs | None:
    """A digest that changes whenever anything that shapes the output does; None when some
    input cannot be read (the build then says which)."""
    try:
        return _digest(config, read_stamped(_files_path(config), _FILES_STAMP))
    except OSError:
        return None


def _files_path(config: BuildConfig) -> Path | None:
    """Where the states and digests of the input files (Inputs.files) are kept."""
    return config.cache_dir / f"input-files-{FILES_FORMAT}.marshal" if config.cache_dir else None


def renderer_digest() -> str:
    """A digest of what turns inputs into pages (sitegen/code_stamp.py), and of this record's
    format."""
    return f"{RECORD_FORMAT}:{code_stamp()}"


def _digest(config: BuildConfig, known: Mapping[str, tuple[FileState, str]]) -> Inputs:
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "replace"))
            digest.update(b"\0")

    add(renderer_digest())
    add(repr((config.base_url, config.include_drafts)), *date_inputs(config.content_dir))
    if config.strict:  # its verdict holds for the day: a fact's age is a warning (stale-fact)
        add("strict", dt.date.today().isoformat())
    # the content, the project's templates and the built-in theme (a new version of sitegen
    # may bring a new theme; in sitegen's own repository it is templates/ itself)
    folders = config.template_folders()
    add(repr(folders))
    files: dict[str, tuple[FileState, str]] = {}
    before = settled_before()
    for root in (config.content_dir, *folders.search_path):
        add(str(root))
        for name, entry in _tree(root):
            if entry.is_symlink():
                add(name, "->", os.readlink(entry.path))
            if entry.is_file():  # a link to a file counts with the file's bytes
                add(name, _file_digest(entry, known, files, before))
    return Inputs(digest.hexdigest(), files)


def _file_digest(
    entry: os.DirEntry,
    known: Mapping[str, tuple[FileState, str]],
    files: dict[str, tuple[FileState, str]],
    before: int,
) -> str:
    """The digest of a file's bytes: the last build's, while the file is in the same state
    (reading and digesting every input file was most of the up-to-date check's time),
    else read now; noted in `files` when its state counts."""
    state = state_of(entry.stat())
    last = known.get(entry.path)
    if type(last) is tuple and len(last) == 2 and last[0] == state and type(last[1]) is str:
        files[entry.path] = last
        return last[1]
    with open(entry.path, "rb") as stream:
        status = os.fstat(stream.fileno())
        found = hashlib.blake2b(stream.read(), digest_size=16).hexdigest()
    if (settled := settled_state(status, before)) is not None:
        files[entry.path] = (settled, found)
    return found


def _tree(root: Path) -> list[tuple[str, os.DirEntry]]:
    """Everything below `root`, by its path relative to it, in a stable order; links to
    folders are not followed. (scandir knows each entry's type without a stat, and makes no
    Path of each: quicker than Path.rglob.)"""
    if not root.is_dir():
        return []
    found: list[tuple[str, os.DirEntry]] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                found.append((prefix + entry.name, entry))
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
    return sorted(found, key=lambda item: item[0])


def _record_path(config: BuildConfig) -> Path | None:
    if config.cache_dir is None:
        return None
    return config.cache_dir / f"build-{_place(config)}.json"


def reads_path(config: BuildConfig) -> Path | None:
    """Where what each page of this output folder read is kept (sitegen/incremental/state.py)."""
    if config.cache_dir is None:
        return None
    return config.cache_dir / f"page-reads-{_place(config)}-{READS_FORMAT}.marshal"


def retired_output_path(config: BuildConfig) -> Path | None:
    """Where a build keeps the output it replaced, for the next build to start from
    (sitegen/output/write.py); None without a cache."""
    if config.cache_dir is None:
        return None
    return config.cache_dir / f"retired-output-{_place(config)}"


def _place(config: BuildConfig) -> str:
    """A name for the output folder, for what the cache keeps about it."""
    return hashlib.sha256(str(config.output_dir.resolve()).encode("utf-8")).hexdigest()[:16]


def current_pages(config: BuildConfig, inputs: str) -> int | None:
    """The number of pages in the output folder when it is exactly what these inputs make;
    None when a build is needed."""
    record = _read_record(config)
    if (
        record is None
        or record.inputs != inputs
        or _output_state(config.output_dir, record.outputs) != record.outputs
    ):
        return None
    return record.pages


def previous_build(config: BuildConfig) -> PreviousBuild | None:
    """The last build into the output folder, when sitegen's code and libraries are the ones
    that made it (their pages may then be kept); None otherwise."""
    record = _read_record(config)
    try:
        renderer = renderer_digest()
    except OSError:
        return None
    if record is None or record.renderer != renderer:
        return None
    return PreviousBuild(config.output_dir, record)


def _read_record(config: BuildConfig) -> Record | None:
    """The record of the last build into the output folder, when it has exactly the shape
    sitegen writes; None when absent or damaged (truncated, garbled, another program's)."""
    path = _record_path(config)
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            identity = os.fstat(stream.fileno())
            identity_key = (identity.st_ino, identity.st_size, identity.st_mtime_ns)
            if (remembered := _records.get(path)) is not None and remembered[0] == identity_key:
                return remembered[1]  # read already by this process (up-to-date check, build)
            data = json.loads(stream.read().decode("utf-8"))
        record = Record(
            data["inputs"],
            data["pages"],
            {name: tuple(state) for name, state in data["outputs"].items()},
            data["renderer"],
            dict(data["page_digests"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if (
        data.get("format") != RECORD_FORMAT
        or not isinstance(record.inputs, str)
        or not isinstance(record.pages, int)
        or not isinstance(record.renderer, str)
        or not all(
            isinstance(name, str) and len(state) == 5 and all(type(part) is int for part in state)
            for name, state in record.outputs.items()
        )
        or not all(
            isinstance(name, str) and isinstance(digest, str) for name, digest in record.page_digests.items()
        )
    ):
        return None
    _records[path] = (identity_key, record)
    return record


# Records read by this process, with the identity of the file each came from.
_records: dict[Path, tuple[tuple[int, int, int], Record]] = {}


def _output_state(output: Path, names: Iterable[str]) -> dict[str, FileState] | None:
    state = {}
    for name in names:
        try:  # joined as strings: making a Path for each page was most of this loop's time
            stat = os.stat(os.path.join(output, name))
        except OSError:
            return None
        state[name] = state_of(stat)
    return state


def record_build(
    config: BuildConfig,
    inputs: Inputs,
    pages: int,
    written: Iterable[str],
    page_digests: Mapping[str, str] | None = None,
) -> None:
    """Remember what the build that just landed read and wrote (best effort: without the
    record the next build is only slower)."""
    path = _record_path(config)
    if path is None:
        return
    outputs = _output_state(config.output_dir, sorted(written))
    if outputs is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # written beside it, then renamed over it: a reader never sees half a record; one
        # temporary name per output folder, whose builds the output lock keeps apart
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(
            json.dumps(
                {
                    "format": RECORD_FORMAT,
                    "inputs": inputs.digest,
                    "pages": pages,
                    "outputs": outputs,
                    "renderer": renderer_digest(),
                    "page_digests": dict(page_digests or {}),
                }
            ),
            encoding="utf-8",
        )
        os.replace(temporary, path)
    except OSError:
        pass
    write_stamped(_files_path(config), _FILES_STAMP, inputs.files)
