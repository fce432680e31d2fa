"""YAML read safely into plain data that remembers where each value was written: the line
and column of every mapping, key, value and sequence, for messages that point into the file.

Bounded against hostile input (alias expansion, nesting), refusing tags other than the safe
loader's own and merge keys; problems are appended to a list, never raised.
"""

from __future__ import annotations

from typing import Any

import yaml

from sitegen.content.characters import describe, forbidden_character
from sitegen.content.impossible_dates import why_not_a_date
from sitegen.content.yaml_errors import syntax_problem
from sitegen.errors import Location, Problem

# The C loader is several times faster; both are "safe": no arbitrary Python objects.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalar_constructor = yaml.constructor.SafeConstructor()


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader with its tag resolution done in fewer steps (PyYAML's general resolver
    was a third of the time spent loading a large briefing). Same tags for every scalar: the
    safe loader's own implicit resolvers, looked up by first character; no path resolvers."""

    _implicit = {first: tuple(resolvers) for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()}

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


# Bounds alias expansion ("billion laughs"): values reached again through aliases.
MAX_ALIAS_EXPANSION = 100_000
MAX_YAML_DEPTH = 50
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


def place_of(text: str, offset: int, path: str) -> Location:
    """The 1-based line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return Location(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def parse_yaml(text: str, path: str, problems: list[Problem], first_line: int = 1) -> Any:
    """Parse one YAML document into located data; `first_line` is where `text` starts in the file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problems.append(syntax_problem(exc, text, path, first_line))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        # libyaml counts bytes of the UTF-8 encoding, not characters.
        at = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        where = place_of(text, at, path).shifted(first_line - 1)
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
        self.escapes_seen: set[int] = set()  # double-quoted strings checked (_check_escapes)
        self.entry: yaml.Node | None = None  # the top-level key being converted
        self.field: str | None = None  # the innermost key whose value is being converted

    def where(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + self.first_line, mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Any:
        if id(node) in self.seen:  # reached again through an alias
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                # An alias points at its anchor's node: name the entry whose expansion overflowed.
                raise _TooBig(
                    self.where(self.entry or node),
                    f"YAML aliases expand to more than {MAX_ALIAS_EXPANSION:,} values",
                )
        else:
            self.seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            raise _TooBig(self.where(node), f"YAML is nested more than {MAX_YAML_DEPTH} levels deep")
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.problems.append(Problem(self.where(node), f"unsupported YAML tag '{node.tag}'", "yaml-tag"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = LocatedList()
            items.location = self.where(node)
            items.extend(self.convert(child, depth + 1) for child in node.value)
            return items
        assert isinstance(node, yaml.ScalarNode)  # the tags above: a mapping, a sequence
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR_TAG:
            if node.style == '"':
                self._check_escapes(node)
            return node.value  # what SafeConstructor would return, without its overhead
        if node.tag not in _SCALAR_TAGS:
            self.problems.append(Problem(self.where(node), f"unsupported YAML tag '{node.tag}'", "yaml-tag"))
            return None
        try:
            return _scalar_constructor.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            self.problems.append(Problem(self.where(node), self._invalid(node, exc), "yaml"))
            return None

    def _invalid(self, node: yaml.ScalarNode, exc: Exception) -> str:
        """What is wrong with a value YAML could not make (`published: 2026-02-30`), naming
        the field it is written in."""
        field = f"{self.field}: " if self.field is not None else ""
        if node.tag == "tag:yaml.org,2002:timestamp":
            why = why_not_a_date(node.value) or str(exc)
            return f"{field}invalid date '{node.value}' ({why})"
        return f"{field}invalid value '{node.value}' ({exc})"

    def _check_escapes(self, node: yaml.ScalarNode) -> None:
        """A double-quoted string's escapes (`"\\a"`, `"\\x07"`, `"\\uFFFE"`) may write the
        characters that the file's own text may not hold (content/characters.py). Only this
        style of scalar can: the file's text was checked as it was read (load.py), and plain,
        single-quoted and block scalars hold nothing but that text. Said once for a string
        that aliases repeat."""
        if id(node) in self.escapes_seen:
            return
        self.escapes_seen.add(id(node))
        if found := forbidden_character(node.value):
            self.problems.append(
                Problem(
                    self.where(node),
                    f"text contains {describe(ord(found.group()))}, written as an escape; remove it",
                    "control-character",
                )
            )

    def _mapping(self, node: yaml.MappingNode, depth: int) -> LocatedMap:
        result = LocatedMap()
        result.location = self.where(node)
        result.key_marks, result.value_marks = {}, {}
        result.first_line = self.first_line
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(self.where(key_node), "YAML merge keys ('<<') are not supported", "yaml")
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.where(key_node), "a key must be plain text", "yaml"))
                continue
            if key_node.style == '"':
                self._check_escapes(key_node)
            key = str(key_node.value)
            if key in result:
                first = result.key_location(key)
                self.problems.append(
                    Problem(
                        self.where(key_node),
                        f"duplicate key '{key}' (first at line {first.line})",
                        "duplicate-key",
                    )
                )
                continue
            if depth == 0:
                self.entry = key_node
            outer, self.field = self.field, key
            result[key] = self.convert(value_node, depth + 1)
            self.field = outer
            result.key_marks[key] = key_node.start_mark
            result.value_marks[key] = value_node.start_mark
        return result
