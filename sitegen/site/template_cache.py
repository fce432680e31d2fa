"""Compiled templates kept between builds.

Jinja's lexer, parser and code generator are Python: making the code of even the few
templates a build after one edit uses costs it far more than loading that code back
(docs/performance.md). The code goes to one marshal file in the cache folder, each
template's under Jinja's key for it (its name and file) with the digest of the source it was
made from; a template whose source changed is compiled again.

Like Python's own __pycache__, what this file holds is run: it is written by this sitegen,
with this Jinja and this Python, into the cache folder, which is as much the project's as its
templates are; anything else in it (another version, damage) is ignored, and costs only time.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from sitegen.marshal_file import read_stamped, write_stamped

FORMAT = 1  # in the name only: an entry's stamp (code_stamp.py) says what wrote it


class TemplateCodeCache(jinja2.BytecodeCache):
    """`stamp` names what else shapes the code (sitegen's own, which sets Jinja's options)."""

    def __init__(self, folder: Path | None, stamp: str):
        self.path = folder / f"templates-{FORMAT}.marshal" if folder else None
        self._stamp = (FORMAT, stamp, jinja2.__version__, sys.version)
        # Jinja's key -> (source checksum, marshalled code)
        self._codes: dict[str, Any] = read_stamped(self.path, self._stamp)
        self._changed = False

    def load_bytecode(self, bucket: Bucket) -> None:
        entry = self._codes.get(bucket.key)
        if not (
            isinstance(entry, tuple)
            and len(entry) == 2
            and entry[0] == bucket.checksum
            and isinstance(entry[1], bytes)
        ):
            return
        try:
            code = marshal.loads(entry[1])
        except (ValueError, EOFError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.path is not None and bucket.code is not None:
            self._codes[bucket.key] = (bucket.checksum, marshal.dumps(bucket.code))
            self._changed = True

    def save(self) -> None:
        """Write the code compiled since the file was read (only after a build landed)."""
        if self._changed:
            write_stamped(self.path, self._stamp, self._codes)
        self._changed = False
