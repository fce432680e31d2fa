"""How sitegen talks to a person at a terminal: colour where it may, a progress bar on runs
that take a while, and plain lines everywhere else (a pipe, a log file, CI).

Imported by every command, so it imports nothing heavy: the progress library (tqdm) is loaded
only once a bar is about to show.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any, TextIO

from sitegen.errors import Problem, printable, report_line
from sitegen.progress import Progress

# Runs shorter than this show no progress at all: a bar that flashes by tells nothing.
PROGRESS_DELAY = 1.0
_STYLES = {"bold": "1", "red": "1;31", "green": "32", "yellow": "33", "dim": "2"}


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def colour_allowed(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything but "" (as
    https://no-color.org asks) or the terminal says it can show none (TERM=dumb)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _is_terminal(stream)


def progress_allowed(stream: TextIO) -> bool:
    """Progress only on a terminal, never in CI (whose log may pretend to be one)."""
    return _is_terminal(stream) and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Painter:
    """Wraps text in a terminal's colour codes when colour is allowed on its stream."""

    def __init__(self, stream: TextIO):
        self.enabled = colour_allowed(stream)

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if self.enabled and text else text


def problem_line(problem: Problem, paint: Painter) -> str:
    """`report_line` with the severity in colour."""
    line = report_line(problem)
    prefix, severity = printable(f"{problem.location}: "), problem.severity
    if not paint.enabled or not line.startswith(f"{prefix}{severity}: "):
        return line
    colour = "red" if severity == "error" else "yellow"
    return prefix + paint(severity, colour) + line[len(prefix) + len(severity) :]


def count(number: int, word: str, plural: str = "") -> str:
    """ "1 page", "1,204 pages"; `plural` when adding "s" will not do."""
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def duration(seconds: float) -> str:
    """As a person reads it: "840 ms", "2.4 s", "73 s"."""
    if seconds < 1:
        return f"{max(seconds * 1000, 1):.0f} ms"
    return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"


def build_summary(
    pages: int,
    output: str,
    seconds: float,
    counts: Iterable[tuple[int, str, str]],
    paint: Painter,
    kept: int = 0,
) -> str:
    """The closing line of a build, like Hugo's summary: what it made, from what, how fast.
    `counts`: (number, word, plural) of each kind of thing it was made from; `kept`: pages
    taken unchanged from the last build."""
    made = ", ".join(count(*counted) for counted in counts)
    unchanged = f" ({kept:,} of them unchanged)" if kept else ""
    return (
        f"{paint('built', 'green')} {count(pages, 'page')} into {output}/ in "
        f"{duration(seconds)}{unchanged}: {made}"
    )


class TerminalProgress(Progress):
    """A progress bar on a terminal (stderr), shown only once the run has taken longer than
    PROGRESS_DELAY, then step by step, with the items (sections, pages) done; it is cleared
    when the step ends, so the terminal keeps only the summary."""

    UNITS = {"converting sections": "section", "rendering pages": "page"}
    REDRAW = 0.1  # seconds between two redraws at most

    def __init__(self, stream: TextIO, delay: float | None = None):
        self.stream = stream
        self.due = time.monotonic() + (PROGRESS_DELAY if delay is None else delay)
        self.name = ""
        self.total: int | None = None
        self.done = 0
        self.bar: Any = None  # a tqdm bar once shown (tqdm is imported only then)

    def step(self, name: str, total: int | None = None) -> None:
        self.close()
        self.name, self.total, self.done = name, total, 0
        self._show_when_due()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        else:
            self._show_when_due()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _show_when_due(self) -> None:
        if time.monotonic() < self.due:
            return
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: builds fork worker processes
        counted = self.total is not None
        self.bar = tqdm(
            total=self.total,
            initial=self.done,
            desc=self.name,
            file=self.stream,
            leave=False,
            unit=self.UNITS.get(self.name, "item"),
            dynamic_ncols=True,
            mininterval=self.REDRAW,
            bar_format="{desc} {bar} {n_fmt}/{total_fmt} {unit}s [{elapsed}]"
            if counted
            else "{desc} [{elapsed}]",
        )
