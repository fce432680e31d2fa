"""A persistent cache of published image versions, so that an image is processed once.

An entry is keyed by the SHA-256 digest of the source file's bytes (plus the versions of sitegen and
Pillow and the settings that shape the output), so a changed image is a new key and an
unchanged one is never decoded again, whatever its name or place. Each entry is a small JSON
record (kind, widths and heights) beside one file per version. Like the Markdown cache, new
entries are written only by a build that landed, entries no build used are removed then, and
the folder lives outside the output folder: deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sitegen.atomic import write_atomically
from sitegen.media.images import EXTENSIONS, Processed, Version

FORMAT = 1  # in the name only: an entry's stamp (code_stamp.py) says what wrote it


class ImageCache:
    def __init__(self, folder: Path | None, salt: str):
        self.folder = folder / f"images-{FORMAT}" if folder else None
        self.salt = salt
        self._new: dict[str, Processed] = {}
        self._used: set[str] = set()

    def key(self, digest: str) -> str:
        """The entry of a source file whose bytes have the SHA-256 `digest`."""
        return hashlib.sha256(f"{self.salt}\0{digest}".encode()).hexdigest()

    def keep(self, key: str) -> None:
        """Keep an entry that this build used without reading it (the preview's memory)."""
        self._used.add(key)

    def get(self, key: str) -> Processed | None:
        self._used.add(key)
        if key in self._new:
            return self._new[key]
        if self.folder is None:
            return None
        try:
            record = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            if record.get("salt") != self.salt:
                return None
            kind = record["kind"]
            versions = tuple(
                Version(width, height, (self.folder / _blob(key, width, kind)).read_bytes())
                for width, height in record["versions"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged: the image is processed again, nothing worse
        return Processed(kind, versions) if versions else None

    def put(self, key: str, processed: Processed) -> None:
        self._used.add(key)
        self._new[key] = processed

    def save(self) -> None:
        """Write the new entries and remove those this build did not use."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, processed in self._new.items():
                for version in processed.versions:
                    write_atomically(self.folder / _blob(key, version.width, processed.kind), version.data)
                record = {
                    "salt": self.salt,
                    "kind": processed.kind,
                    "versions": [[v.width, v.height] for v in processed.versions],
                }
                write_atomically(self.folder / f"{key}.json", json.dumps(record).encode())
            for path in self.folder.iterdir():
                if path.name.split(".")[0].split("-")[0] not in self._used:
                    path.unlink(missing_ok=True)
        except OSError:
            pass  # an unwritable cache folder only costs speed next time
        self._new = {}
        self._used = set()


def _blob(key: str, width: int, kind: str) -> str:
    return f"{key}-{width}.{EXTENSIONS[kind]}"
