"""A persistent cache of converted section Markdown, so that a warm build skips conversion.

An entry is keyed by a hash of the section's text and place (plus the versions of sitegen and
Python-Markdown, and the converter's configuration), and remembers a fingerprint of every item
the conversion looked up (`fact:us-troops`, `entity:Xi`, `source:reuters`...). It is reused only
if each of those still has the same fingerprint, so a change to any input invalidates exactly
the sections that show it. The cache lives outside the output folder; deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

FORMAT = 2  # bump when the stored shape changes


@dataclass(frozen=True, slots=True)
class CachedConversion:
    """What a conversion produced, in plain data, and the lookups it depended on."""

    html: str
    toc: tuple[tuple[int, str, str], ...]
    mentions: tuple[tuple[str, str, str, str, str], ...]
    links: tuple[tuple[str, str | None, tuple[str, int, int]], ...]
    text: str  # plain text, for reading time and search
    lookups: Mapping[str, str]


class ConversionCache:
    """Entries read from one JSON file at start, written back (used entries only) at the end."""

    def __init__(self, folder: Path | None, salt: str):
        self.path = folder / f"markdown-{FORMAT}.json" if folder else None
        self.salt = salt
        self._stored: dict[str, dict] = self._read()
        self._kept: dict[str, dict] = {}
        self.hits = self.misses = 0

    def _read(self) -> dict[str, dict]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged cache is only a slower build
        if not isinstance(data, dict) or data.get("salt") != self.salt:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def key(self, section_id: str, path: str, first_line: int, body: str) -> str:
        digest = hashlib.sha256()
        for part in (self.salt, section_id, path, str(first_line), body):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def get(self, key: str, fingerprint: Callable[[str], str]) -> CachedConversion | None:
        entry = self._stored.get(key)
        if entry is None or any(fingerprint(lookup) != value
                                for lookup, value in entry["lookups"].items()):
            self.misses += 1
            return None
        self.hits += 1
        self._kept[key] = entry
        return CachedConversion(
            entry["html"],
            tuple(tuple(item) for item in entry["toc"]),  # type: ignore[misc]
            tuple(tuple(item) for item in entry["mentions"]),  # type: ignore[misc]
            tuple((section, fragment, tuple(where))  # type: ignore[misc]
                  for section, fragment, where in entry["links"]),
            entry["text"],
            entry["lookups"],
        )

    def put(self, key: str, conversion: CachedConversion) -> None:
        self._kept[key] = {
            "html": conversion.html,
            "toc": [list(item) for item in conversion.toc],
            "mentions": [list(item) for item in conversion.mentions],
            "links": [[section, fragment, list(where)]
                      for section, fragment, where in conversion.links],
            "text": conversion.text,
            "lookups": dict(sorted(conversion.lookups.items())),
        }

    def save(self) -> None:
        """Write the entries this build used; entries of deleted or edited sections drop out."""
        if self.path is None or (self._kept.keys() == self._stored.keys() and not self.misses):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".markdown-", dir=self.path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"salt": self.salt, "entries": self._kept}, stream,
                          ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            os.replace(temporary, self.path)
        except OSError:
            pass  # an unwritable cache folder only costs speed next time
