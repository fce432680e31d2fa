"""Reading content files: YAML and Markdown front matter, keeping the line and column of every value.

Nothing else in sitegen opens a content file. What comes out is plain Python data
(`LocatedMap`, `LocatedList`, scalars) that remembers where each value was written.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from sitegen.content.model_cache import ModelCache, text_digest
from sitegen.errors import Location, Problem, UsageError, display_path

# The C loader is several times faster; both are "safe": no arbitrary Python objects.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalar_constructor = yaml.constructor.SafeConstructor()


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader with its tag resolution done in fewer steps (PyYAML's general resolver
    was a third of the time spent loading a large briefing). Same tags for every scalar: the
    safe loader's own implicit resolvers, looked up by first character; no path resolvers."""

    _implicit = {first: tuple(resolvers) for first, resolvers
                 in _SafeLoader.yaml_implicit_resolvers.items()}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self._implicit.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


# A briefing file is written by hand; 20 MB holds some 200,000 facts, more is a mistake.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Bounds alias expansion ("billion laughs"): values reached again through aliases.
MAX_ALIAS_EXPANSION = 100_000
MAX_YAML_DEPTH = 50

# C0 controls other than tab and newline have no place in text written by hand; in Markdown
# they could also collide with Python-Markdown's own placeholders (STX/ETX).
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_COLLECTION_TAGS = {_SEQ_TAG, _MAP_TAG}
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class LocatedMap(dict):
    """A YAML mapping that remembers where it, each key and each value were written."""

    location: Location
    # Positions are asked for mostly to report a problem: kept as raw marks, made into
    # Locations on demand (a large facts file has hundreds of thousands of keys and values).
    key_marks: dict[str, Any]
    value_marks: dict[str, Any]
    first_line: int

    def key_location(self, key: str) -> Location:
        return self._at(self.key_marks.get(key))

    def value_location(self, key: str) -> Location:
        return self._at(self.value_marks.get(key))

    def _at(self, mark: Any) -> Location:
        if mark is None:
            return self.location
        return Location(self.location.path, mark.line + self.first_line, mark.column + 1)


class LocatedList(list):
    """A YAML sequence that remembers where it was written."""

    location: Location


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
                problems.append(Problem(Location(shown), f"file is too large ({size:,} bytes; "
                                        f"the limit is {MAX_FILE_BYTES:,})", "file-too-large"))
                return None
            data = stream.read()
    except OSError as exc:  # the disk or permissions, not the content: sitegen cannot run
        raise UsageError(f"cannot read {shown}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(Location(shown, line, col),
                                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                "not-utf8"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if control := _CONTROL_CHARACTER.search(text):
        problems.append(Problem(_place(text, control.start(), shown), "file contains the control character "
                                f"U+{ord(control.group()):04X}; remove it", "control-character"))
        return None
    return TextFile(shown, text, status)


def shown_in(folder_shown: str, name: str) -> str:
    """What display_path gives for the file `name` in a folder it shows as `folder_shown`,
    without asking the system for the working directory again (a 1,000-section desk's 1,800
    files: 0.03 s)."""
    return name if folder_shown == "." else f"{folder_shown}/{name}"


def _place(text: str, offset: int, path: str) -> Location:
    """The 1-based line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return Location(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def parse_yaml(text: str, path: str, problems: list[Problem], first_line: int = 1) -> Any:
    """Parse one YAML document into located data; `first_line` is where `text` starts in the file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + first_line, mark.column + 1) if mark else Location(path)
        problems.append(Problem(where, f"YAML syntax error: {exc.problem or exc.context}", "yaml"))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        # libyaml counts bytes of the UTF-8 encoding, not characters.
        at = len(text.encode("utf-8")[:exc.position].decode("utf-8", "ignore"))
        where = _place(text, at, path).shifted(first_line - 1)
        problems.append(Problem(where, f"YAML error: {exc.reason}", "yaml"))
        return None
    except yaml.YAMLError as exc:  # not expected from a string, but never a traceback
        problems.append(Problem(Location(path, first_line, 1), f"YAML error: {exc}", "yaml"))
        return None
    if node is None:
        return None
    converter = _NodeConverter(path, first_line, problems)
    try:
        return converter.convert(node, 0)
    except _TooBig as exc:
        problems.append(Problem(exc.location, exc.message, "yaml-too-big"))
        return None


class _TooBig(Exception):
    def __init__(self, location: Location, message: str):
        self.location, self.message = location, message


class _NodeConverter:
    """Turns composed YAML nodes into located Python values, with bounds and duplicate-key checks."""

    def __init__(self, path: str, first_line: int, problems: list[Problem]):
        self.path, self.first_line, self.problems = path, first_line, problems
        self.expanded = 0
        self.seen: set[int] = set()
        self.entry: yaml.Node | None = None  # the top-level key being converted

    def where(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + self.first_line, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Any:
        if id(node) in self.seen:  # reached again through an alias
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                # An alias points at its anchor's node: name the entry whose expansion overflowed.
                raise _TooBig(self.where(self.entry or node), f"YAML aliases expand to more than "
                              f"{MAX_ALIAS_EXPANSION:,} values")
        else:
            self.seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            raise _TooBig(self.where(node), f"YAML is nested more than {MAX_YAML_DEPTH} levels deep")
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.problems.append(Problem(self.where(node),
                                         f"unsupported YAML tag '{node.tag}'", "yaml-tag"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = LocatedList()
            items.location = self.where(node)
            items.extend(self.convert(child, depth + 1) for child in node.value)
            return items
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:
            return node.value  # what SafeConstructor would return, without its overhead
        if node.tag not in _SCALAR_TAGS:
            self.problems.append(Problem(self.where(node),
                                         f"unsupported YAML tag '{node.tag}'", "yaml-tag"))
            return None
        try:
            return _scalar_constructor.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            self.problems.append(Problem(self.where(node), f"invalid value: {exc}", "yaml"))
            return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> LocatedMap:
        result = LocatedMap()
        result.location = self.where(node)
        result.key_marks, result.value_marks = {}, {}
        result.first_line = self.first_line
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.where(key_node),
                                             "YAML merge keys ('<<') are not supported", "yaml"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.where(key_node), "a key must be plain text",
                                             "yaml"))
                continue
            key = str(key_node.value)
            if key in result:
                first = result.key_location(key)
                self.problems.append(Problem(self.where(key_node), f"duplicate key '{key}' "
                                             f"(first at line {first.line})", "duplicate-key"))
                continue
            if depth == 0:
                self.entry = key_node
            result[key] = self.convert(value_node, depth + 1)
            result.key_marks[key] = key_node.start_mark
            result.value_marks[key] = value_node.start_mark
        return result


def split_front_matter(file: TextFile, problems: list[Problem]) -> MarkdownFile | None:
    """Split `---` front matter from a Markdown body; the front matter is located YAML."""
    lines = file.text.split("\n")
    if not file.text.strip():
        problems.append(Problem(Location(file.path, 1, 1), "the file is empty: a section needs "
                                "front matter with 'title' and 'order', then its text",
                                "front-matter"))
        return None
    if lines[0].strip() != "---":
        problems.append(Problem(Location(file.path, 1, 1),
                                "missing front matter: the file must start with a '---' line",
                                "front-matter"))
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        problems.append(Problem(Location(file.path, 1, 1),
                                "front matter is not closed: add a '---' line after it",
                                "front-matter"))
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
    return MarkdownFile(file.path, data, where, "\n".join(lines[index + 1:]), index + 2)


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

    def parse(self, file: TextFile, parse: Callable[[TextFile, list[Problem]], Any],
              problems: list[Problem]) -> Any:
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


def load_content(content_dir: Path, problems: list[Problem], cache: ParseCache | None = None,
                 models: ModelCache | None = None) -> RawContent:
    """Read every content file under `content_dir`; problems are appended, never raised.
    A file whose checked entries `models` kept from the last build is not parsed again."""
    reader = _Reader(content_dir.resolve(), cache or ParseCache(), models, problems)
    content = _Folder(content_dir, display_path(content_dir), True)
    listing = _listing(content)
    yaml_files = reader.yaml_files(content, SITE_FILES, listing)
    top = reader.briefing_files(content, "", listing)
    briefings = None
    entry = listing.get(BRIEFINGS_FOLDER)
    if entry is not None and entry.is_dir() \
            and (folder := reader.subfolder(content, entry, report=True)).inside:
        listed = _listing(folder)
        briefings = tuple(
            reader.briefing_files(briefing, name)
            for name, entry in sorted(listed.items())
            if not name.startswith(".") and entry.is_dir()
            and (briefing := reader.subfolder(folder, entry, report=True)).inside)
    return RawContent(yaml_files, top, briefings, content.shown)


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

    def __init__(self, root: Path, cache: ParseCache, models: ModelCache | None,
                 problems: list[Problem]):
        self.root, self.cache, self.models, self.problems = root, cache, models, problems

    def subfolder(self, parent: _Folder, entry: os.DirEntry, report: bool = False) -> _Folder:
        """The folder `entry` of `parent`'s listing: inside content/ with its parent when it
        is a folder and not a link to one (without resolving its path: 600 folders of a desk,
        0.01 s), else as resolving it says (`report`: saying so when it is not)."""
        path = parent.path / entry.name
        if parent.inside and not entry.is_symlink():
            inside = True
        elif report:
            inside = _inside(path, self.root, self.problems)
        else:
            inside = self._inside(path)
        return _Folder(path, shown_in(parent.shown, entry.name), inside)

    def yaml_files(self, folder: _Folder, names: tuple[str, ...],
                   listing: dict[str, os.DirEntry] | None = None) -> dict[str, YamlFile]:
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
            kept = self.models.get(text.path, digest) \
                if self.models and name in CACHED_FILES else None
            files[name] = YamlFile(text.path, None, digest, kept) if kept is not None else \
                YamlFile(text.path, self.cache.parse(text, _parse_yaml_file, self.problems),
                         digest)
        return files

    def _file(self, folder: _Folder, listing: dict[str, os.DirEntry],
              name: str) -> tuple[Path, os.stat_result | None] | None:
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

    def briefing_files(self, folder: _Folder, name: str,
                       listing: dict[str, os.DirEntry] | None = None) -> RawBriefing:
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
    problems.append(Problem(Location(display_path(folder)),
                            "refusing a symlink that points outside the content folder",
                            "symlink-outside"))
    return False


def _content_file(folder: Path, root: Path, name: str, problems: list[Problem],
                  folder_inside: bool = False) -> tuple[Path, os.stat_result | None] | None:
    """The file if it exists and stays inside content/ (a symlink out of it is refused), with
    its lstat when it is a regular file known to be inside. `folder_inside`: `folder` is known
    to be inside content/, so a regular file in it (not a symlink) is too, without resolving
    its path (a 1,000-section desk's 1,800 files: 0.03 s)."""
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
        problems.append(Problem(Location(display_path(path)),
                                "refusing a symlink that points outside the content folder",
                                "symlink-outside"))
        return None
    if not path.is_file():
        problems.append(Problem(Location(display_path(path)), "not a regular file", "unreadable"))
        return None
    return path, None


def read_binary(content_dir: Path, relative: str, owner: str, where: Location,
                problems: list[Problem]) -> bytes | None:
    """The bytes of a file inside content/ (an image), `relative` to it; None, with a problem
    located at `where` (the YAML field that names it), when it is missing, leaves the content
    folder through a symlink, or is over MAX_FILE_BYTES."""
    root = content_dir.resolve()
    path = content_dir / relative
    if not path.exists() and not path.is_symlink():
        problems.append(Problem(where, f"{owner}: there is no file '{relative}' in "
                                f"{display_path(content_dir)}/", "missing-file"))
        return None
    if not path.resolve().is_relative_to(root):
        problems.append(Problem(where, f"{owner}: '{relative}' is a symlink that points outside "
                                "the content folder", "symlink-outside"))
        return None
    if not path.is_file():
        problems.append(Problem(where, f"{owner}: '{relative}' is not a regular file", "unreadable"))
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(where, f"{owner}: '{relative}' is too large ({size:,} bytes; "
                                    f"the limit is {MAX_FILE_BYTES:,})", "file-too-large"))
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
        if any(part.startswith(".") for part in relative.parts) or not path.is_file() \
                or path.suffix.lower() not in suffixes:
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
