"""What `check --links` learnt, kept for a while in the cache folder so that the next run asks
the network only about the rest. Only lasting answers from a server are kept (a page that
answered, one that is gone, one that refuses robots); a timeout, a 429 or a connection that
failed is asked again next time."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path

from sitegen.atomic import write_atomically
from sitegen.checks.http_probe import LASTING, Answer

FORMAT = 2  # 2: each answer says whether it came from an address that is not public
FILE_NAME = f"links-{FORMAT}.json"


class LinkCache:
    def __init__(self, folder: Path | None, max_age_seconds: float):
        self.path = folder / FILE_NAME if folder is not None and max_age_seconds > 0 else None
        self.max_age = max_age_seconds
        self._entries: dict[str, tuple[float, Answer]] = {}
        self._changed = False
        if self.path is not None:
            self._entries = self._read(self.path, time.time())

    def _read(self, path: Path, now: float) -> dict[str, tuple[float, Answer]]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = {
                url: (float(entry["checked"]), Answer.from_data(entry["answer"]))
                for url, entry in data["links"].items()
            }
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # none yet, or damaged: the links are only asked again
        return {url: entry for url, entry in entries.items() if now - entry[0] < self.max_age}

    def get(self, url: str) -> Answer | None:
        entry = self._entries.get(url)
        return entry[1] if entry else None

    def put(self, answers: Iterable[Answer]) -> None:
        now = time.time()
        for answer in answers:
            # only what a server said: a name not found or a refused connection may as well
            # be this machine being offline
            if answer.outcome in LASTING and answer.status is not None:
                self._entries[answer.url] = (now, answer)
                self._changed = True

    def save(self) -> None:
        """Write the entries, atomically (a reader never sees half a file)."""
        if self.path is None or not self._changed:
            return
        data = {
            "format": FORMAT,
            "links": {
                url: {"checked": checked, "answer": answer.as_data()}
                for url, (checked, answer) in sorted(self._entries.items())
            },
        }
        try:
            write_atomically(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # an unwritable cache only costs time next run
