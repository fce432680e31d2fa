"""Knowing when a build would change nothing: the output folder already holds exactly what
the current inputs make.

After each build with the cache, a small record goes to the cache folder: a digest of all a
build reads (every file under content/, templates/ and the built-in theme, the options, what
the content date is taken from, sitegen's own code, the versions of Python and of the
libraries that shape the output) and the size and modification time of every file it wrote.
The next build compares both, before importing anything heavy; when nothing differs it writes
nothing. Any doubt (no record, a file sitegen wrote since changed or removed, anything
unreadable) means a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sitegen.config import BuildConfig
from sitegen.site.dates import date_inputs

# The libraries whose output ends up in the pages.
LIBRARIES = ("markdown", "jinja2", "markupsafe", "pyyaml", "pillow")
RECORD_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Record:
    inputs: str  # digest of every input (see inputs_digest)
    pages: int
    outputs: dict[str, tuple[int, int]]  # output path -> (size, mtime in ns) after writing


def inputs_digest(config: BuildConfig) -> str | None:
    """A digest that changes whenever anything that shapes the output does; None when some
    input cannot be read (the build then says which)."""
    try:
        return _digest(config)
    except OSError:
        return None


def _digest(config: BuildConfig) -> str:
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "replace"))
            digest.update(b"\0")

    add(str(RECORD_FORMAT), sys.version, *(_version(name) for name in LIBRARIES))
    add(repr((config.base_url, config.include_drafts)), *date_inputs(config.content_dir))
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):  # sitegen itself
        add(path.relative_to(package).as_posix(), path.read_bytes())
    # the content, the project's templates and the built-in theme (a new version of sitegen
    # may bring a new theme; in sitegen's own repository it is templates/ itself)
    folders = config.template_folders()
    add(repr(folders))
    for root in (config.content_dir, *folders.search_path):
        add(str(root))
        for path in sorted(root.rglob("*")):
            if path.is_symlink():
                add(path.relative_to(root).as_posix(), "->", os.readlink(path))
            if path.is_file():
                add(path.relative_to(root).as_posix(), path.read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def _record_path(config: BuildConfig) -> Path | None:
    if config.cache_dir is None:
        return None
    place = hashlib.sha256(str(config.output_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return config.cache_dir / f"build-{place}.json"


def current_pages(config: BuildConfig, inputs: str) -> int | None:
    """The number of pages in the output folder when it is exactly what these inputs make;
    None when a build is needed."""
    path = _record_path(config)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        record = Record(data["inputs"], data["pages"],
                        {name: (size, mtime) for name, (size, mtime) in data["outputs"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # absent, or damaged (truncated, garbled, another program's): build
    if not isinstance(record.inputs, str) or not isinstance(record.pages, int):
        return None
    if record.inputs != inputs or _output_state(config.output_dir, record.outputs) != record.outputs:
        return None
    return record.pages


def _output_state(output: Path, names: Iterable[str]) -> dict[str, tuple[int, int]] | None:
    state = {}
    for name in names:
        try:
            stat = (output / name).stat()
        except OSError:
            return None
        state[name] = (stat.st_size, stat.st_mtime_ns)
    return state


def record_build(config: BuildConfig, inputs: str, pages: int, written: Iterable[str]) -> None:
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
        temporary.write_text(json.dumps({"inputs": inputs, "pages": pages, "outputs": outputs}),
                             encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass

