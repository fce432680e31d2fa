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
import operator
import shutil
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from sitegen.atomic import write_atomically
from sitegen.marshal_file import read_stamped, write_stamped

FORMAT = 9  # in the name only: an entry's stamp (code_stamp.py) says what wrote it
FINGERPRINTS_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CachedConversion:
    """What a conversion produced, in plain data, and the lookups it depended on. One read
    from the cache holds its mentions and coverage as the bytes they are stored as
    (`stored_details`, for `decode_details`), not decoded."""

    html: str
    toc: tuple[tuple[int, str, str], ...]
    mentions: tuple[tuple[str, str, str, str, str], ...]
    links: tuple[tuple[str, str | None, tuple[str, int, int]], ...]
    text: str  # plain text, for reading time and search
    lookups: Mapping[str, str]
    coverage: tuple = ()  # the section's sourcing (sentences.Coverage.as_data)
    external_links: tuple[tuple[str, tuple[str, int, int]], ...] = ()  # (URL, where written)
    digest: str = ""  # of all the above but the lookups: what a page showing it depends on
    stored_details: bytes | None = None  # mentions and coverage as stored, when read


class DamagedEntry(Exception):  # noqa: N818 - what it is, not an error in sitegen
    """Stored details that are not what sitegen writes, though their checksum holds: only a
    file written on purpose gets here, when they are first decoded; the build is then made
    again without reading the cache's conversions."""


def conversion_digest(
    html: str, toc: tuple, mentions: tuple, links: tuple, text: str, coverage: tuple, external_links: tuple
) -> str:
    """A digest of what a conversion produced (kept with it, so that a build digests a
    page's inputs without going over each section's HTML again; sitegen/site/inputs.py)."""
    data = repr((html, toc, mentions, links, text, coverage, external_links))
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class ConversionCache:
    """One small file per entry, named by its key: a build reads only the entries it asks
    for, writes only new ones, and afterwards removes those no section used (edited or deleted
    sections), so the cache holds one build's worth.

    An entry is a line of JSON, then the HTML and the plain text as they are (their lengths in
    bytes are in the JSON), and each sentence a mention quotes is stored once: a build after
    one edit reads every section's entry, and each of the two made that quicker than parsing
    JSON that holds it all (docs/performance.md)."""

    def __init__(self, folder: Path | None, salt: str, read: bool = True, code: str = ""):
        self.folder = folder / f"markdown-{FORMAT}" if folder else None
        self.salt = salt
        self.read = read  # False: every section converted afresh, and its entry written anew
        self._new: dict[str, bytes] = {}  # key -> entry, written by save()
        self.reused: set[str] = set()
        self.hits = self.misses = 0
        self._fingerprints_file = folder / f"fingerprints-{FINGERPRINTS_FORMAT}.marshal" if folder else None
        self._code = code  # a digest of sitegen's code: what computes fingerprints
        self._fingerprints: tuple[tuple, dict[str, str], dict[str, str]] | None = None

    def fingerprints(self, lookups: str) -> dict[str, str]:
        """The fingerprint of each lookup, as the last build computed them (lookup ->
        fingerprint), if it saw a site whose lookups_digest was `lookups`; else none. A
        fingerprint is a function of what lookups find, which that digest covers: computing
        them all again was a cost of every build after an edit."""
        stamp = (FINGERPRINTS_FORMAT, self.salt, self._code, lookups)
        known = read_stamped(self._fingerprints_file, stamp) if self.read and self._code else {}
        self._fingerprints = (stamp, known, known)
        return dict(known)

    def keep_fingerprints(self, fingerprints: dict[str, str]) -> None:
        """What `fingerprints` gave, with those this build computed since: written by save()."""
        if self._fingerprints is not None:
            stamp, known, _ = self._fingerprints
            self._fingerprints = (stamp, known, fingerprints)

    def key(self, section_id: str, path: str, first_line: int, body: str) -> str:
        digest = hashlib.sha256()
        for part in (self.salt, section_id, path, str(first_line), body):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def get(self, key: str, fingerprints: Mapping[str, str]) -> CachedConversion | None:
        """The entry under `key`, if each lookup it made still finds what it found then
        (`fingerprints`: lookup -> fingerprint now)."""
        entry = self._read(key)
        lookups = entry["lookups"] if entry is not None else {}
        # compared in C: a 1,000-section desk's cached sections made 52,500 lookups
        if entry is None or not all(
            map(operator.eq, map(fingerprints.__getitem__, lookups), lookups.values())
        ):
            self.misses += 1
            return None
        self.hits += 1
        self.reused.add(key)
        return CachedConversion(
            entry["html"],
            tuple(map(tuple, entry["toc"])),  # type: ignore[misc]
            (),
            tuple(
                (section, fragment, tuple(where))  # type: ignore[misc]
                for section, fragment, where in entry["links"]
            ),
            entry["text"],
            entry["lookups"],
            (),
            tuple((url, tuple(where)) for url, where in entry["external_links"]),  # type: ignore[misc]
            entry["digest"],
            entry["details"],
        )

    def _read(self, key: str) -> dict | None:
        """The entry stored under `key` if it is whole and was written by this version of
        sitegen; None for anything else (absent, truncated, garbled, foreign): a damaged
        cache only makes a slower build."""
        if self.folder is None or not self.read:
            return None
        try:
            entry = decode_entry((self.folder / f"{key}{SUFFIX}").read_bytes())
        except OSError:
            return None
        if entry is None or entry.get("salt") != self.salt or not _well_formed(entry):
            return None
        return entry

    def put(self, key: str, conversion: CachedConversion) -> None:
        if self.folder is None:
            return
        self._new[key] = encode_entry(
            {
                "salt": self.salt,
                "html": conversion.html,
                "toc": [list(item) for item in conversion.toc],
                "mentions": [list(item) for item in conversion.mentions],
                "links": [[section, fragment, list(where)] for section, fragment, where in conversion.links],
                "text": conversion.text,
                "lookups": dict(sorted(conversion.lookups.items())),
                "coverage": list(conversion.coverage),
                "external_links": [[url, list(where)] for url, where in conversion.external_links],
                "digest": conversion.digest,
            }
        )

    def save(self) -> None:
        """Write the new entries and remove those this build did not use."""
        if self.folder is None:
            return
        if self._fingerprints is not None and self._code:
            stamp, known, now = self._fingerprints
            if now != known:
                write_stamped(self._fingerprints_file, stamp, now)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, data in self._new.items():
                write_atomically(self.folder / f"{key}{SUFFIX}", data)
            used = self.reused | self._new.keys()
            for path in self.folder.glob(f"*{SUFFIX}"):
                if path.stem not in used:
                    path.unlink(missing_ok=True)
            for folder in self.folder.parent.glob("markdown-*"):  # other formats' entries
                if (
                    folder != self.folder
                    and folder.name[9:].isdigit()
                    and folder.is_dir()
                    and not folder.is_symlink()
                ):
                    shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # an unwritable cache folder only costs speed next time
        self._new = {}


SUFFIX = ".entry"
_BLOBS = ("html", "text", "details")  # stored after the JSON line, as they are
_DETAILS = ("mentions", "coverage")  # stored in "details", decoded only when asked for


def encode_entry(entry: Mapping[str, Any]) -> bytes:
    """An entry as stored: its JSON line (in which no string holds a raw line break), then
    the HTML, the text and the details (mentions and coverage, as JSON), UTF-8; the line
    gives the length and CRC-32 of each, so that bytes changed or moved from one to another
    are noticed (a CRC-32 of them all costs little beside reading them). A mention gives the
    number of its sentence (its context) among the details' `contexts`: a sentence with five
    references was stored five times, and such repeats were most of the entries' bytes.

    The details are most of the JSON and of the time reading it takes, and a build after one
    edit needs them only for the edited sections:
    sitegen/markdown/conversion.py's SectionDetails decodes them when first asked for."""
    numbers: dict[str, int] = {}
    details = {
        "mentions": [
            [*mention[:4], numbers.setdefault(mention[4], len(numbers))] for mention in entry["mentions"]
        ],
        "contexts": list(numbers),
        "coverage": list(entry["coverage"]),
    }
    blobs = [
        str(entry["html"]).encode("utf-8", "surrogatepass"),
        str(entry["text"]).encode("utf-8", "surrogatepass"),
        _json_line(details),
    ]
    header = {name: value for name, value in entry.items() if name not in (*_BLOBS, *_DETAILS)}
    header["bytes"] = [len(data) for data in blobs]
    header["crc32"] = [zlib.crc32(data) for data in blobs]
    return b"\n".join((_json_line(header), b"".join(blobs)))


def _json_line(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_entry(data: bytes) -> dict | None:
    """The entry `encode_entry` stored, its details left as bytes for `decode_details`; None
    for any other bytes (cut short, garbled)."""
    line, _, rest = data.partition(b"\n")
    try:
        entry = json.loads(line)
        sizes, checks = entry.pop("bytes"), entry.pop("crc32")
        if (
            not isinstance(sizes, list)
            or len(sizes) != len(_BLOBS)
            or not all(type(size) is int and size >= 0 for size in sizes)
            or sum(sizes) != len(rest)
        ):
            return None
        start = 0
        for name, size, check in zip(_BLOBS, sizes, checks, strict=True):
            blob = rest[start : start + size]
            if zlib.crc32(blob) != check:
                return None
            entry[name] = blob if name == "details" else blob.decode("utf-8", "surrogatepass")
            start += size
    # (a UnicodeError, from bytes that are not UTF-8, is a ValueError)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return entry


def decode_details(data: bytes) -> tuple[tuple[tuple[str, str, str, str, str], ...], tuple]:
    """(mentions, coverage) from an entry's stored details; DamagedEntry when they are not
    what `encode_entry` writes."""
    try:
        details = json.loads(data)
        contexts = details["contexts"]
        mentions = [
            [kind, target, section, anchor, _nth(contexts, number)]
            for kind, target, section, anchor, number in details["mentions"]
        ]
        coverage = details["coverage"]
        if _rows_of_strings(mentions, 5) and isinstance(coverage, list):
            return tuple(map(tuple, mentions)), tuple(coverage)  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        pass
    raise DamagedEntry("a cached conversion's mentions are not as sitegen writes them")


def _nth(items: list, number: object) -> object:
    if type(number) is not int or number < 0:  # [-1] would be the last, not an error
        raise IndexError(number)
    return items[number]


def _well_formed(entry: dict) -> bool:
    """Whether a stored entry has exactly the shape `put` writes (a file that parses as JSON
    may still be another program's, or another format's); its details are checked when
    decoded."""

    def row(items: object, length: int) -> bool:
        return isinstance(items, list) and len(items) == length

    try:
        return (
            isinstance(entry["html"], str)
            and isinstance(entry["text"], str)
            and isinstance(entry["details"], bytes)
            and all(
                row(item, 3) and isinstance(item[0], int) and all(isinstance(part, str) for part in item[1:])
                for item in entry["toc"]
            )
            and all(
                row(item, 3)
                and isinstance(item[0], str)
                and (item[1] is None or isinstance(item[1], str))
                and row(item[2], 3)
                and isinstance(item[2][0], str)
                and all(isinstance(number, int) for number in item[2][1:])
                for item in entry["links"]
            )
            and isinstance(entry["lookups"], dict)
            and all(isinstance(value, str) for value in entry["lookups"].values())
            and isinstance(entry["digest"], str)
        )
    except (KeyError, TypeError):
        return False


def _rows_of_strings(rows: object, width: int) -> bool:
    """Whether `rows` is a list of lists of `width` strings; checked in C, not one by one: a
    large desk's cached sections hold tens of thousands of mentions."""
    return (
        isinstance(rows, list)
        and set(map(type, rows)) <= {list}
        and set(map(len, rows)) <= {width}
        and set(map(type, chain.from_iterable(rows))) <= {str}
    )
