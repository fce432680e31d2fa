"""What made a cache entry: sitegen's own code, Python and the libraries that shape output.

Everything under `.sitegen-cache/` is stamped with `code_stamp()`, computed rather than
bumped by hand: a change to any of sitegen's modules (a model field added, the Markdown
extensions changed), an upgrade of Python or of a library makes every entry a miss. The
code is read as it is on disk, so an upgrade from git counts although `__version__` did not
move.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

# The libraries whose output ends up in the pages.
LIBRARIES = ("markdown", "jinja2", "markupsafe", "pyyaml", "pillow")


@functools.cache  # sitegen's code does not change while it runs
def code_stamp() -> str:
    """A digest of what turns inputs into output: sitegen's code, Python, the libraries.
    Raises OSError when sitegen's own files cannot be read."""
    digest = hashlib.sha256()
    versions = installed_versions(LIBRARIES)
    for part in (sys.version, *(versions[name] for name in LIBRARIES)):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):  # sitegen itself
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_stamp_or_none() -> str:
    """code_stamp(), or "" when sitegen's files cannot be read: then nothing is kept."""
    try:
        return code_stamp()
    except OSError:
        return ""


def installed_versions(names: Iterable[str]) -> dict[str, str]:
    """The version of each installed distribution ("-" when not installed), from the name of
    its metadata folder on sys.path (`jinja2-3.1.6.dist-info`), the first found as
    importlib.metadata finds it; importing importlib.metadata is slower than the rest of an
    up-to-date check, and is left for a distribution found no such way (a zipped egg, a
    folder without the version in its name)."""
    wanted = {_distribution_key(name): name for name in names}
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:  # not a folder: a zip file, a path hook's name
            continue
        for entry in entries:
            stem, dot, kind = entry.rpartition(".")
            project, dash, version = stem.partition("-")
            key = _distribution_key(project)
            if (
                dot
                and kind in ("dist-info", "egg-info")
                and dash
                and version
                and key in wanted
                and wanted[key] not in found
            ):
                found[wanted[key]] = version
    missing = [name for name in names if name not in found]
    if missing:
        from importlib import metadata

        for name in missing:
            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = "-"
    return found


def _distribution_key(name: str) -> str:
    # names compare as PEP 503 has them: case and runs of "-", "_", "." do not count
    return re.sub(r"[-_.]+", "_", name).lower()
