"""Helpers the test modules share: functions, constants and classes, no fixtures (those are in
conftest.py). A test module imports from here, never from another test module."""

from __future__ import annotations

from pathlib import Path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`; `old` must be there, so that a test whose
    file has changed under it fails instead of testing nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: the file changed under the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
