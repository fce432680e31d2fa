"""`sitegen move-to-desk ID`: move a one-briefing project into the desk layout.

The briefing's own files (briefing.yaml, facts.yaml, quotes.yaml, events.yaml, sections/) move
from the top of content/ into content/briefings/<ID>/; the shared registries (site.yaml,
entities.yaml, sources.yaml) and everything else stay. Nothing inside the files needs to
change: a reference without a briefing names one of its own briefing, and section links stay
relative to their folder. Every move is a rename within content/, and a failure part way puts
back what had moved.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.content.load import BRIEFING_FILES, BRIEFINGS_FOLDER
from sitegen.content.validate import id_problem
from sitegen.errors import UsageError, display_path


def move_to_desk(content_dir: Path, briefing_id: str) -> list[tuple[Path, Path]]:
    """Move the briefing's files; the (from, to) pairs, in the order they moved."""
    if id_problem(briefing_id, "briefing") is not None:
        raise UsageError(
            f"'{briefing_id}' cannot be a briefing id: use letters, "
            "digits and single hyphens, e.g. xi-lee-summit"
        )
    if not (content_dir / "briefing.yaml").is_file():
        raise UsageError(
            f"{display_path(content_dir / 'briefing.yaml')} not found: there is no "
            "one-briefing project to move"
        )
    desk = content_dir / BRIEFINGS_FOLDER
    if desk.exists() and any(desk.iterdir()):
        raise UsageError(
            f"{display_path(desk)} already holds briefings: move the files by hand "
            "(see docs/content-format.md)"
        )
    target = desk / briefing_id
    names = [f"{name}.yaml" for name in BRIEFING_FILES] + ["sections"]
    moves = [
        (content_dir / name, target / name)
        for name in names
        if (content_dir / name).exists() or (content_dir / name).is_symlink()
    ]
    target.mkdir(parents=True)
    done: list[tuple[Path, Path]] = []
    try:
        for source, destination in moves:
            os.rename(source, destination)
            done.append((source, destination))
    except OSError as error:
        for source, destination in reversed(done):
            os.rename(destination, source)
        target.rmdir()
        if not any(desk.iterdir()):
            desk.rmdir()
        raise UsageError(
            f"could not move {display_path(moves[len(done)][0])}: {error.strerror}; nothing was moved"
        ) from None
    return done
