"""PyYAML's syntax errors said in plain words, at the place the editor must look: a tab
indenting a line, a line not lined up with the fields around it, a colon inside a value that
needs quotes (with the line as it should be written), a quote or a bracket left open.

Both of PyYAML's parsers are recognised (libyaml's words differ from the Python parser's:
"mapping values are not allowed in this context" / "... here"); an error not recognised keeps
PyYAML's words.
"""

from __future__ import annotations

import re

import yaml

from sitegen.errors import Location, Problem

# `key:value`: a field whose colon has no space after it
_KEY_WITHOUT_SPACE = re.compile(r"\s*(?:-\s+)?[^\s:#'\"\[\]{}][^:\s]*:(?=[^\s:])")
# `key: value`: up to where a field's value starts
_FIELD = re.compile(r"(\s*(?:-\s+)?[^\s#'\"][^:]*?):\s+(?=\S)")
_QUOTES = {'"': "double quote", "'": "single quote"}
# A line suggested longer than this is shown with its value cut
_SHOWN = 72


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str, first_line: int) -> Problem:
    """The problem for PyYAML's `exc` on `text`, which starts at line `first_line` of `path`."""
    explained = _Explainer(text, path, first_line).explain(exc)
    if explained is not None:
        return Problem(*explained, "yaml")
    mark = exc.problem_mark or exc.context_mark
    where = Location(path, mark.line + first_line, mark.column + 1) if mark else Location(path)
    return Problem(where, f"YAML syntax error: {exc.problem or exc.context}", "yaml")


class _Explainer:
    def __init__(self, text: str, path: str, first_line: int):
        self.lines = text.split("\n")
        self.path, self.first_line = path, first_line

    def at(self, line: int, column: int) -> Location:
        """The place of 0-based `line` and `column` of the text."""
        return Location(self.path, line + self.first_line, column + 1)

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def char(self, mark: yaml.Mark) -> str:
        return self.line(mark.line)[mark.column : mark.column + 1]

    def explain(self, exc: yaml.MarkedYAMLError) -> tuple[Location, str] | None:
        """(where, message) for a syntax error this module knows, else None."""
        problem, context = exc.problem or "", exc.context or ""
        mark, opened = exc.problem_mark, exc.context_mark
        if mark is None:
            return None
        here = self.at(mark.line, mark.column)
        if "tab character" in problem or ("cannot start any token" in problem and self.char(mark) == "\t"):
            return here, "a tab character: YAML indents with spaces (replace the tab with spaces)"
        if "cannot start any token" in problem and self.char(mark):
            return here, (
                f"a value cannot start with '{self.char(mark)}' (YAML keeps it for its own "
                "syntax): put the value in quotes"
            )
        if problem.startswith("mapping values are not allowed"):
            return self.colon(mark.line, mark.column)
        if "undefined alias" in problem:
            return here, (
                "a value cannot start with '*' (YAML reads it as an alias, of an anchor '&' "
                "that is not there): put the value in quotes"
            )
        if opened is None:
            return None
        start = self.at(opened.line, opened.column)
        if "quoted scalar" in context and "end of stream" in problem:
            quote = self.char(opened)
            return start, f"this {_QUOTES.get(quote, 'quote')} is not closed: end the value with {quote} too"
        if "unknown escape character" in problem:
            return here, (
                f"'{self.line(mark.line)[mark.column : mark.column + 2]}' is not an escape YAML "
                "knows: in double quotes write a backslash as '\\\\', or put the value in single quotes"
            )
        if "flow sequence" in context or "flow mapping" in context:
            bracket, end, what = ("[", "]", "list") if "sequence" in context else ("{", "}", "mapping")
            if opened.line == mark.line:
                return here, (
                    f"a comma is missing here, between two items of the {what} opened with "
                    f"'{bracket}' at column {opened.column + 1}"
                )
            return start, (
                f"the {what} opened with '{bracket}' here is not closed: end it with '{end}' "
                "(and separate its items with commas)"
            )
        if "simple key" in context and "expected ':'" in problem:
            return self.at(opened.line, _indent(self.line(opened.line))), (
                "a line without a colon: write a field as 'name: value' (a value that goes on "
                "from the line above is indented more than its field)"
            )
        if "alias" in context:
            return start, "a value cannot start with '*' (YAML reads it as an alias): put the value in quotes"
        if "block mapping" in context and ("expected key" in problem or "expected <block end>" in problem):
            return here, self.not_a_field(mark.line, mark.column)
        if "block collection" in context and "'-'" in problem:
            return here, (
                "bad indentation: the lines above are a list, and this line is not one of its "
                "items (an item starts with '- ', lined up with the others)"
            )
        return None

    def colon(self, number: int, column: int) -> tuple[Location, str]:
        """PyYAML's "mapping values are not allowed": a `: ` where a value was being read."""
        line = self.line(number)
        field = _FIELD.match(line)
        if field is not None and field.end() <= column:  # `title: Xi: the summit`
            value = line[field.end() :].rstrip()
            return self.at(number, column), (
                "a colon followed by a space inside a value must be quoted: write "
                f"{_quoted(field.group(1).strip(), value)}"
            )
        above = next((n for n in range(number - 1, -1, -1) if self.line(n).strip()), None)
        missing = _KEY_WITHOUT_SPACE.match(self.line(above)) if above is not None else None
        if above is not None and missing is not None:  # `a:1`, read as a value going on below
            written = self.line(above)
            colon = missing.end() - 1
            return self.at(above, colon), (
                "a colon after a field's name needs a space after it: write "
                f"'{written[: colon + 1].strip()} {written[colon + 1 :].strip()}'"
            )
        return self.at(number, _indent(line)), (
            "this line is read as the value of the line above going on, and a value may not "
            "hold a colon followed by a space: if the line is a field of its own, line it up "
            "with the fields above; if the colon is part of the text, put the whole value in quotes"
        )

    def not_a_field(self, number: int, column: int) -> str:
        """What is wrong where a mapping met something that is not its next field."""
        line = self.line(number)
        before = line[:column].rstrip()
        if line[column : column + 1] == "-":
            return (
                "a list item where a field was expected: a list is the value of a field (write "
                "'name:' on a line of its own, then the items below it, indented)"
            )
        if before.endswith(('"', "'")):
            return (
                "text after a closing quote: put the quotes around the whole value (or is a "
                "quote on a line above left open?)"
            )
        return (
            "bad indentation: this line is not lined up with the fields above it (the fields "
            "of one mapping start in the same column, indented with spaces)"
        )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _quoted(field: str, value: str) -> str:
    """`field: "value"`, as the editor should write it (a value holding `"` in single quotes)."""
    if len(field) + len(value) > _SHOWN:
        value = value[: max(_SHOWN - len(field), 12)].rstrip() + " …"
    if '"' in value:
        return f"{field}: '" + value.replace("'", "''") + "'"
    return f'{field}: "' + value.replace("\\", "\\\\") + '"'
