"""A cache file of plain values in marshal, Python's own fast format, with a stamp naming
what wrote it: read back only by the same writer (same format, same sitegen, same Python);
anything else in its place (another version, damage) reads as nothing, and costs only time."""

from __future__ import annotations

import marshal
from pathlib import Path

from sitegen.atomic import write_atomically


def read_stamped(path: Path | None, stamp: tuple) -> dict:
    """The dictionary saved at `path` with this stamp; {} for anything else."""
    if path is None:
        return {}
    try:
        saved_stamp, value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return value if saved_stamp == stamp and isinstance(value, dict) else {}


def write_stamped(path: Path | None, stamp: tuple, value: dict) -> None:
    """Save `value` whole, best effort: an unwritable cache folder only costs time. The
    files of the same cache in other formats (`backlinks-1.marshal` beside
    `backlinks-2.marshal`, `model-1.marshal` beside `model-2.07.marshal`), which no build
    reads any more, are removed."""
    if path is None:
        return
    try:
        write_atomically(path, marshal.dumps((stamp, value)))
        name, _, rest = path.name.rpartition("-")
        own_format = rest.partition(".")[0]
        for other in path.parent.glob(f"{name}-*{path.suffix}"):
            other_name, _, other_rest = other.name.rpartition("-")
            other_format = other_rest.partition(".")[0]
            if (
                other_name == name
                and other_format.isdigit()
                and other_format != own_format
                and other.is_file()
                and not other.is_symlink()
            ):
                other.unlink()
    except (OSError, ValueError):
        pass
