"""How deeply a section's Markdown nests, counted on its lines before Python-Markdown sees them.

Python-Markdown parses each level of nested lists and quotes inside the call for the level
around it, and what it does far down differs between its releases: 3.5 runs out of Python's
stack near 300 levels (a RecursionError), 3.11 stops nesting, silently, near 220 and takes
seconds over a thousand indented lines. So that what sitegen accepts does not depend on the
installed release, sitegen counts the levels itself and refuses a section past MAX_NESTING.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Far beyond a briefing's lists in quotes in lists (or code indented inside them), far below
# where any Python-Markdown release misbehaves; 25 levels of indentation are the 100 columns
# that were the limit before levels were counted.
MAX_NESTING = 25

TAB_LENGTH = 4  # Python-Markdown's default: a nested block is indented 4 columns, a tab reaches the next 4

# A list item's marker as Python-Markdown's block parser knows it (bullets, then `1.`), with the
# blanks after it: `- - x` is a list in a list.
_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]+\.)[ \t]+")
# Most lines open no level at all: they are skipped at the cost of one look at their first character.
_MAY_NEST = frozenset(" \t>-*+0123456789")


def _after(column: int, char: str) -> int:
    return column + TAB_LENGTH - column % TAB_LENGTH if char == "\t" else column + 1


def nesting_levels(line: str) -> Iterator[int]:
    """The index in `line` where each level of nesting it opens begins: each 4 columns of
    indentation, each `>` of a quote and each list marker, in the order they come."""
    index, column = 0, 0
    while True:
        indent_from, begun = column, index
        while index < len(line) and line[index] in " \t":
            column = _after(column, line[index])
            index += 1
            if column - indent_from >= TAB_LENGTH:
                yield begun
                indent_from, begun = indent_from + TAB_LENGTH, index
        if line.startswith(">", index):
            yield index
            index, column = index + 1, column + 1
            if line.startswith(" ", index):  # `> ` is the marker, as in Python-Markdown
                index, column = index + 1, column + 1
        elif marker := _LIST_MARKER.match(line, index):
            yield index
            for char in marker.group():
                column = _after(column, char)
            index = marker.end()
        else:
            return


def first_too_deep(text: str, limit: int = MAX_NESTING) -> tuple[int, int] | None:
    """The line and column (both from 0) where the first level past `limit` begins, or None."""
    for number, line in enumerate(text.split("\n")):
        if line[:1] in _MAY_NEST:
            for depth, index in enumerate(nesting_levels(line), 1):
                if depth > limit:
                    return number, index
    return None
