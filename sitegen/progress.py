"""What a long run tells the person waiting for it: which step it is at, and how many of the
step's items (sections, pages) are done. The command line shows it on a terminal."""

from __future__ import annotations


class Progress:
    """Told how a run goes; this one keeps it to itself (tests, the preview, a pipe, CI)."""

    def step(self, name: str, total: int | None = None) -> None:
        """A step begins; `total` items when it counts any."""

    def advance(self, count: int = 1) -> None:
        """`count` more items of the step are done."""

    def close(self) -> None:
        """The run is over (or failed): leave the terminal as it was."""


NO_PROGRESS = Progress()
