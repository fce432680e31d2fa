"""Reading content files: the content tree, each file's text, its YAML and Markdown front
matter (parsed by sitegen/content/located_yaml.py, which keeps the line and column of every
value), taking a file unchanged since the last build from the model cache unread.

Nothing else in sitegen opens a content file. What comes out is plain Python data
(`LocatedMap`, `LocatedList`, scalars) that remembers where each value was written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sitegen.content.characters import describe, forbidden_character
from sitegen.content.located_yaml import LocatedMap, parse_yaml, place_of
from sitegen.content.model_cache import ModelCache, text_digest
from sitegen.errors import Location, Problem, UsageError, display_path

# A briefing file is written by hand; 20 MB holds some 200,000 facts, more is a mistake.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TextFile:
    path: str  # as shown in messages, e.g. "content/sections/security.md"
    text: str
    status: os.stat_result | None = None  # the file's, taken before its bytes were read


@dataclass(frozen=True, slots=True)
class MarkdownFile:
    path: str
    front_matter: LocatedMap
    front_matter_location: Location
    body: str
    body_first_line: int  # the 1-based file line where the body starts
    digest: str = ""  # of its text (model_cache.py)
    cached: Any = None  # its section as the last build checked it; then nothing else is set


def read_text(path: Path, problems: list[Problem], shown: str | None = None) -> TextFile | None:
    """Read a UTF-8 file (a BOM is allowed), reporting size and encoding problems. `shown`:
    the path as messages show it, when the caller knows it (see shown_in)."""
    shown = shown or display_path(path)
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            size = status.st_size
            if size > MAX_FILE_BYTES:
                problems.append(
                    Problem(
                        Location(shown),
                        f"file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})",
                        "file-too-large",
                    )
                )
                return None
            data = stream.read()
    except OSError as exc:  # the disk or permissions, not the content: sitegen cannot run
        raise UsageError(f"cannot read {shown}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Problem(
                Location(shown, line, col),
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                "not-utf8",
            )
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # controls, noncharacters (content/characters.py): no page, feed or export may hold them
    if found := forbidden_character(text):
        problems.append(
            Problem(
                place_of(text, found.start(), shown),
                f"file contains {describe(ord(found.group()))}; remove it",
                "control-character",
            )
        )
        return None
    return TextFile(shown, text, status)


def shown_in(folder_shown: str, name: str) -> str:
    """What display_path gives for the file `name` in a folder it shows as `folder_shown`,
    without asking the system for the working directory again, as display_path does for
    each file it shows (docs/performance.md)."""
    return name if folder_shown == "." else f"{folder_shown}/{name}"


def split_front_matter(file: TextFile, problems: list[Problem]) -> MarkdownFile | None:
    """Split `---` front matter from a Markdown body; the front matter is located YAML."""
    lines = file.text.split("\n")
    if not file.text.strip():
        problems.append(
            Problem(
                Location(file.path, 1, 1),
                "the file is empty: a section needs front matter with 'title' and 'order', then its text",
                "front-matter",
            )
        )
        return None
    if lines[0].strip() != "---":
        problems.append(
            Problem(
                Location(file.path, 1, 1),
                "missing front matter: the file must start with a '---' line",
                "front-matter",
            )
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        problems.append(
            Problem(
                Location(file.path, 1, 1),
                "front matter is not closed: add a '---' line after it",
                "front-matter",
            )
        )
        return None
    yaml_text = "\n".join(lines[1:index])
    data = parse_yaml(yaml_text, file.path, problems, first_line=2)
    where = Location(file.path, 2, 1)
    if data is None:
        data = LocatedMap()
        data.location, data.key_marks, data.value_marks = where, {}, {}
        data.first_line = 2
    elif not isinstance(data, LocatedMap):
        problems.append(Problem(where, "front matter must be a mapping of fields", "front-matter"))
        return None
    return MarkdownFile(file.path, data, where, "\n".join(lines[index + 1 :]), index + 2)


# Shared by every briefing of a site, at the top of content/.
SITE_FILES = ("site", "sources", "entities")
# One briefing's own files: at the top of content/ in the one-briefing layout, else in
# content/briefings/<id>/.
BRIEFING_FILES = ("briefing", "facts", "quotes", "events", "figures", "charts")
BRIEFINGS_FOLDER = "briefings"


@dataclass(frozen=True, slots=True)
class YamlFile:
    path: str
    data: Any  # LocatedMap when well-formed; anything else is reported by validation
    digest: str = ""  # of its text (model_cache.py)
    cached: Any = None  # its entries as the last build checked them; then `data` is None


@dataclass(frozen=True, slots=True)
class RawBriefing:
    """One briefing's files, as read: content/briefings/<id>/ or, in the one-briefing layout,
    the briefing files at the top of content/."""

    folder: str  # its folder's name: the briefing's id ("" in the one-briefing layout)
    path: str  # its folder as shown in messages
    yaml_files: dict[str, YamlFile]  # keyed by name without extension: "facts"
    sections: tuple[MarkdownFile, ...]
    has_sections_folder: bool


@dataclass(frozen=True, slots=True)
class RawContent:
    """Everything read from content/, before any meaning is checked."""

    yaml_files: dict[str, YamlFile]  # the site's own files: site, sources, entities
    top: RawBriefing  # briefing files at the top of content/ (the one-briefing layout)
    briefings: tuple[RawBriefing, ...] | None  # content/briefings/*/; None without that folder
    content_dir: str


class ParseCache:
    """Parsed files kept with their exact text, so that a file whose text did not change is
    not parsed again (the preview rebuilds after every save). Never stale: the key is the
    whole text. Files with problems are not kept, so their problems are always reported."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, Any]] = {}

    def parse(
        self, file: TextFile, parse: Callable[[TextFile, list[Problem]], Any], problems: list[Problem]
    ) -> Any:
        entry = self._entries.get(file.path)
        if entry is not None and entry[0] == file.text:
            return entry[1]
        found: list[Problem] = []
        result = parse(file, found)
        problems.extend(found)
        if found:
            self._entries.pop(file.path, None)
        else:
            self._entries[file.path] = (file.text, result)
        return result


def _parse_yaml_file(file: TextFile, problems: list[Problem]) -> Any:
    return parse_yaml(file.text, file.path, problems)


def load_content(
    content_dir: Path,
    problems: list[Problem],
    cache: ParseCache | None = None,
    models: ModelCache | None = None,
) -> RawContent:
    """Read every content file under `content_dir`; problems are appended, never raised.
    A file whose checked entries `models` kept from the last build is not parsed again."""
    reader = _Reader(content_dir.resolve(), cache or ParseCache(), models, problems)
    content = _Folder(content_dir, display_path(content_dir), True)
    listing = _listing(content)
    yaml_files = reader.yaml_files(content, SITE_FILES, listing)
    top = reader.briefing_files(content, "", listing)
    briefings = None
    entry = listing.get(BRIEFINGS_FOLDER)
    if (
        entry is not None
        and entry.is_dir()
        and (folder := reader.subfolder(content, entry, report=True)).inside
    ):
        listed = _listing(folder)
        briefings = tuple(
            reader.briefing_files(briefing, name)
            for name, entry in sorted(listed.items())
            if not _hidden(name)
            and entry.is_dir()
            and (briefing := reader.subfolder(folder, entry, report=True)).inside
        )
    return RawContent(yaml_files, top, briefings, content.shown)


def _hidden(name: str) -> bool:
    # where tools keep their state (.git, .ipynb_checkpoints, .obsidian): never a briefing
    return name.startswith(".")


def hidden_briefing_folders(content_dir: Path) -> list[str]:
    """The folders in content/briefings/ that load_content skips as hidden, as messages show
    them (for `sitegen check` to name: one may be a briefing hidden by mistake)."""
    folder = content_dir / BRIEFINGS_FOLDER
    if not folder.is_dir():
        return []
    shown = display_path(folder)
    listing = _listing(_Folder(folder, shown, True))
    return [
        shown_in(shown, name) for name, entry in sorted(listing.items()) if _hidden(name) and entry.is_dir()
    ]


def load_site_file(content_dir: Path, name: str, problems: list[Problem]) -> YamlFile | None:
    """One of the site's own files (SITE_FILES) read again, for the places of its values."""
    reader = _Reader(content_dir.resolve(), ParseCache(), None, problems)
    files = reader.yaml_files(_Folder(content_dir, display_path(content_dir), True), (name,))
    return files.get(name)


# The files whose checked entries are kept between builds (model_cache.py): the big ones.
CACHED_FILES = frozenset({"sources", "entities", "facts", "quotes", "events"})


@dataclass(frozen=True, slots=True)
class _Folder:
    """A folder of content, as messages show it, and whether it is inside content/ once
    symlinks are followed."""

    path: Path
    shown: str
    inside: bool


def _listing(folder: _Folder) -> dict[str, os.DirEntry]:
    """A folder's entries by name: scandir knows each one's type without a stat, and a file
    the listing lacks is missing without asking (a desk's 200 briefing folders were asked
    for 1,200 files, 400 of them absent, each absent one three times)."""
    with os.scandir(folder.path) as entries:
        return {entry.name: entry for entry in entries}


class _Reader:
    """Reads content files, parsing only those whose entries the last build did not keep."""

    def __init__(self, root: Path, cache: ParseCache, models: ModelCache | None, problems: list[Problem]):
        self.root, self.cache, self.models, self.problems = root, cache, models, problems

    def subfolder(self, parent: _Folder, entry: os.DirEntry, report: bool = False) -> _Folder:
        """The folder `entry` of `parent`'s listing: inside content/ with its parent when it
        is a folder and not a link to one (without resolving its path, an lstat per part of it
        for each of a desk's folders), else as resolving it says (`report`: saying so when it
        is not)."""
        path = parent.path / entry.name
        if parent.inside and not entry.is_symlink():
            inside = True
        elif report:
            inside = _inside(path, self.root, self.problems)
        else:
            inside = self._inside(path)
        return _Folder(path, shown_in(parent.shown, entry.name), inside)

    def yaml_files(
        self, folder: _Folder, names: tuple[str, ...], listing: dict[str, os.DirEntry] | None = None
    ) -> dict[str, YamlFile]:
        """The files `names` (without .yaml) of `folder`, as `listing` (its entries) has them."""
        listing = _listing(folder) if listing is None else listing
        files: dict[str, YamlFile] = {}
        for name in names:
            found = self._file(folder, listing, f"{name}.yaml")
            if found is None:
                continue
            path, status = found
            shown_path = shown_in(folder.shown, path.name)
            if name in CACHED_FILES and (unchanged := self._unchanged(shown_path, status)):
                files[name] = YamlFile(shown_path, None, *unchanged)
                continue
            text = self._read(path, shown_path)
            if text is None:
                continue
            digest = text_digest(text.text)
            kept = self.models.get(text.path, digest) if self.models and name in CACHED_FILES else None
            files[name] = (
                YamlFile(text.path, None, digest, kept)
                if kept is not None
                else YamlFile(text.path, self.cache.parse(text, _parse_yaml_file, self.problems), digest)
            )
        return files

    def _file(
        self, folder: _Folder, listing: dict[str, os.DirEntry], name: str
    ) -> tuple[Path, os.stat_result | None] | None:
        """The file `name` of `folder` as _content_file finds it; a file the listing lacks is
        missing, and a regular one in a folder inside content/ is taken with its lstat."""
        entry = listing.get(name)
        if entry is None:
            return None
        if folder.inside and entry.is_file(follow_symlinks=False):
            try:
                return Path(entry.path), entry.stat(follow_symlinks=False)
            except OSError:
                pass  # gone meanwhile: said below
        return _content_file(folder.path, self.root, name, self.problems, folder.inside)

    def _unchanged(self, shown_path: str, status: os.stat_result | None) -> tuple[str, Any] | None:
        """(digest, entries) kept for a file in the state it was when last read: not read."""
        if self.models is None or status is None:
            return None
        return self.models.unchanged(shown_path, status)

    def _read(self, path: Path, shown_path: str) -> TextFile | None:
        text = read_text(path, self.problems, shown_path)
        if text is not None and self.models is not None and text.status is not None:
            self.models.read(text.path, text.status)
        return text

    def briefing_files(
        self, folder: _Folder, name: str, listing: dict[str, os.DirEntry] | None = None
    ) -> RawBriefing:
        """One briefing's YAML files and sections, from its folder (`listing`: its entries)."""
        listing = _listing(folder) if listing is None else listing
        yaml_files = self.yaml_files(folder, BRIEFING_FILES, listing)
        sections = []
        entry = listing.get("sections")
        has_sections = entry is not None and entry.is_dir()
        if has_sections:
            sections_dir = self.subfolder(folder, entry)  # type: ignore[arg-type]
            listed = _listing(sections_dir)
            for file_name in sorted(listed):
                if not file_name.endswith(".md") or file_name == ".md":  # as Path.suffix has it
                    continue
                found = self._file(sections_dir, listed, file_name)
                if found is None:
                    continue
                shown_path = shown_in(sections_dir.shown, file_name)
                if unchanged := self._unchanged(shown_path, found[1]):
                    sections.append(_kept_section(shown_path, *unchanged))
                    continue
                text = self._read(found[0], shown_path)
                markdown = self._section(text) if text else None
                if markdown is not None:
                    sections.append(markdown)
        return RawBriefing(name, folder.shown, yaml_files, tuple(sections), has_sections)

    def _inside(self, folder: Path) -> bool:
        """Whether `folder` is inside content/ once symlinks are followed (saying nothing
        when it is not: each file in it is then refused by name)."""
        try:
            return folder.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # a symlink loop
            return False

    def _section(self, text: TextFile) -> MarkdownFile | None:
        digest = text_digest(text.text)
        kept = self.models.get(text.path, digest) if self.models else None
        if kept is not None:
            return _kept_section(text.path, digest, kept)
        markdown = self.cache.parse(text, split_front_matter, self.problems)
        return replace(markdown, digest=digest) if markdown is not None else None


def _kept_section(path: str, digest: str, kept: Any) -> MarkdownFile:
    """A section file whose section the last build kept (nothing but `cached` is needed)."""
    return MarkdownFile(path, LocatedMap(), Location(path), "", 0, digest, kept)


def _inside(folder: Path, root: Path, problems: list[Problem]) -> bool:
    if folder.resolve().is_relative_to(root):
        return True
    problems.append(
        Problem(
            Location(display_path(folder)),
            "refusing a symlink that points outside the content folder",
            "symlink-outside",
        )
    )
    return False


def _content_file(
    folder: Path, root: Path, name: str, problems: list[Problem], folder_inside: bool = False
) -> tuple[Path, os.stat_result | None] | None:
    """The file if it exists and stays inside content/ (a symlink out of it is refused), with
    its lstat when it is a regular file known to be inside. `folder_inside`: `folder` is known
    to be inside content/, so a regular file in it (not a symlink) is too, without resolving
    its path (an lstat per part of it, for each of a desk's files)."""
    path = folder / name
    if folder_inside:
        try:
            status = os.lstat(path)
            if stat.S_ISREG(status.st_mode):
                return path, status
        except OSError:
            pass  # missing, or unreadable: said below
    if not path.exists() and not path.is_symlink():
        return None
    if not path.resolve().is_relative_to(root):
        problems.append(
            Problem(
                Location(display_path(path)),
                "refusing a symlink that points outside the content folder",
                "symlink-outside",
            )
        )
        return None
    if not path.is_file():
        problems.append(Problem(Location(display_path(path)), "not a regular file", "unreadable"))
        return None
    return path, None


def read_binary(
    content_dir: Path, relative: str, owner: str, where: Location, problems: list[Problem]
) -> bytes | None:
    """The bytes of a file inside content/ (an image), `relative` to it; None, with a problem
    located at `where` (the YAML field that names it), when it is missing, leaves the content
    folder through a symlink, or is over MAX_FILE_BYTES."""
    root = content_dir.resolve()
    path = content_dir / relative
    if not path.exists() and not path.is_symlink():
        problems.append(
            Problem(
                where,
                f"{owner}: there is no file '{relative}' in {display_path(content_dir)}/",
                "missing-file",
            )
        )
        return None
    if not path.resolve().is_relative_to(root):
        problems.append(
            Problem(
                where,
                f"{owner}: '{relative}' is a symlink that points outside the content folder",
                "symlink-outside",
            )
        )
        return None
    if not path.is_file():
        problems.append(Problem(where, f"{owner}: '{relative}' is not a regular file", "unreadable"))
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(
                    where,
                    f"{owner}: '{relative}' is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})",
                    "file-too-large",
                )
            )
            return None
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {display_path(path)}: {exc.strerror}") from None


def files_with_suffixes(content_dir: Path, suffixes: tuple[str, ...]) -> dict[str, int]:
    """Every file under content/ whose name ends in one of `suffixes` (any case), by its path
    relative to content/, with its size in bytes; hidden files and folders are skipped."""
    found = {}
    for path in sorted(content_dir.rglob("*")):
        relative = path.relative_to(content_dir)
        if (
            any(part.startswith(".") for part in relative.parts)
            or not path.is_file()
            or path.suffix.lower() not in suffixes
        ):
            continue
        found[relative.as_posix()] = path.stat().st_size
    return found


# Captured texts of sources, `<source-id>.txt` or `.html`: read for `sitegen check` only, never
# published (no page is made from them and the build does not read them).
SNAPSHOTS_FOLDER = "snapshots"
SNAPSHOT_SUFFIXES = (".txt", ".html")


def load_snapshots(content_dir: Path, problems: list[Problem]) -> tuple[TextFile, ...]:
    """The files in content/snapshots/, read like every content file (UTF-8, at most
    MAX_FILE_BYTES, no symlink out of content/); files of other kinds are left alone."""
    root = content_dir.resolve()
    folder = content_dir / SNAPSHOTS_FOLDER
    if not folder.is_dir() or not _inside(folder, root, problems):
        return ()
    files = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.suffix not in SNAPSHOT_SUFFIXES:
            continue
        found = _content_file(folder, root, entry.name, problems)
        text = read_text(found[0], problems) if found else None
        if text is not None:
            files.append(text)
    return tuple(files)
