"""Located problems: where in which file something is wrong, kept as data, formatted at the edge."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# Control characters and line separators from the content would break the one-problem-per-line
# output, or drive the terminal (ESC sequences); they are shown escaped instead.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


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
        return printable(f"{self.location}: {self.message}")


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


def report_line(problem: Problem) -> str:
    """`path:line:col: error|warning: message [code]`, the format of `sitegen check`."""
    code = f" [{problem.code}]" if problem.code else ""
    return printable(f"{problem.location}: {problem.severity}: {problem.message}{code}")


def count_summary(problems: Iterable[Problem]) -> str:
    """One line: "2 errors, 1 warning" or "no problems found"."""
    severities = [problem.severity for problem in problems]
    parts = [
        f"{n} {kind}{'s' if n != 1 else ''}" for kind in ("error", "warning") if (n := severities.count(kind))
    ]
    return ", ".join(parts) if parts else "no problems found"


def report_json(problems: Iterable[Problem]) -> dict[str, object]:
    """The problems as data for tools (editors, CI annotations)."""
    listed = list(problems)
    return {
        "problems": [
            {
                "path": p.location.path,
                "line": p.location.line,
                "col": p.location.col,
                "severity": p.severity,
                "code": p.code,
                "message": p.message,
            }
            for p in listed
        ],
        "errors": sum(p.severity == "error" for p in listed),
        "warnings": sum(p.severity == "warning" for p in listed),
    }
