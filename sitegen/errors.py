"""Located problems: where in which file something is wrong, kept as data, formatted at the edge."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class Location(NamedTuple):
    """A place in a content file; line and column are 1-based, 0 means unknown.

    A named tuple rather than a frozen dataclass: loading makes one per YAML value, and a
    tuple is several times cheaper to create; it sorts by path, line, column all the same.
    """

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.col:
                text += f":{self.col}"
        return text

    def shifted(self, lines: int) -> Location:
        """The same place in a file where this text starts `lines` lines further down."""
        return Location(self.path, self.line + lines if self.line else 0, self.col)


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the content, with where it is."""

    location: Location
    message: str
    code: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ContentError(Exception):
    """Raised by a step that found problems; carries all of them, sorted by place."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """The command could not run at all (a missing folder, a refused output path)."""


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()
