"""Writing a file whole, for the output folder and the caches alike."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write beside its place first, then move it in: a reader sees the old file or the new
    one, never a part, and a process killed while writing leaves at most a hidden temporary
    file, which no reader looks at. `mode`: the file's permissions (mkstemp's are 0o600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
