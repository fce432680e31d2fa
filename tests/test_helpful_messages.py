"""Messages that finish the job: an unknown id says which ids were likely meant, a YAML syntax
error says in plain words what to change, a field error names the field; each at the file,
line and column where the editor must look.

Each case is a change to the mini project and what the build then reports; the build fails with
exactly those lines, writes nothing and leaves output/ as it was (`assert_fails_with`)."""

from __future__ import annotations

import pytest
from helpers import append, assert_fails_with, edit

# A change to a file of the project: (file, old, new) replaces old with new; (file, None, new)
# appends new.
Change = tuple[str, str | None, str]


def case(name: str, changes: list[Change], *reported: str):
    return pytest.param(changes, reported, id=name)


def apply(project, changes: list[Change]) -> None:
    for file, old, new in changes:
        if old is None:
            append(project / file, new)
        else:
            edit(project / file, old, new)


# Unknown ids: the closest ids of the same kind, the item of another kind with that id, or
# all the ids of a kind that has few.
UNKNOWN_IDS = [
    case(
        "a mistyped fact in a section suggests the fact",
        [("content/sections/one.md", "[[fact:troops]]", "[[fact:trops]]")],
        "content/sections/one.md:10:11: unknown fact 'trops' (did you mean 'troops'?)",
    ),
    case(
        "a reference of the wrong kind names the kind and its reference",
        [("content/sections/one.md", "[[fact:troops]]", "[[fact:alice-says]]")],
        "content/sections/one.md:10:11: unknown fact 'alice-says': there is a quote 'alice-says' "
        "([[quote:alice-says]])",
    ),
    case(
        "an entity named like a fact says how to cite the fact",
        [("content/sections/two.md", "More about [[ruritania]]", "More about [[troops]]")],
        "content/sections/two.md:9:12: unknown entity 'troops': there is a fact 'troops' ([[fact:troops]])",
    ),
    case(
        "a mistyped entity name suggests the name",
        [("content/sections/two.md", "[[alice|The minister]]", "[[Alice Exampel]]")],
        "content/sections/two.md:5:1: unknown entity 'Alice Exampel' (did you mean 'Alice Example'?)",
    ),
    case(
        "an unknown citation lists the few known sources",
        [("content/sections/two.md", "More about [[ruritania]] [@web]", "[@japan-today]")],
        "content/sections/two.md:9:1: unknown source 'japan-today'; the known sources are: web, wire",
    ),
    case(
        "many known ids are not listed and at most three are suggested",
        [
            (
                "content/sources.yaml",
                None,
                "".join(f"wire-{n}:\n  publisher: Wire {n}\n" for n in range(1, 10)),
            ),
            ("content/sections/two.md", "[@web].", "[@wire-0] [@japan-today]."),
        ],
        "content/sections/two.md:9:26: unknown source 'wire-0' "
        "(did you mean 'wire-1', 'wire-2' or 'wire-3'?)",
        "content/sections/two.md:9:36: unknown source 'japan-today'",
    ),
    case(
        "a mistyped source of a fact suggests the source",
        [("content/facts.yaml", "sources: [wire]", "sources: [wrie]")],
        "content/facts.yaml:1:1: fact 'troops': 'sources' names unknown source 'wrie' (did you mean 'wire'?)",
    ),
    case(
        "a speaker that is a source says so",
        [("content/quotes.yaml", "speaker: alice", "speaker: wire")],
        "content/quotes.yaml:1:1: quote 'alice-says': 'speaker' names unknown entity 'wire': "
        "there is a source 'wire'",
    ),
    case(
        "a mistyped key fact suggests the fact",
        [("content/briefing.yaml", "key_facts: [troops]", "key_facts: [troop]")],
        "content/briefing.yaml:4:12: the briefing: 'key_facts' names unknown fact 'troop' "
        "(did you mean 'troops'?)",
    ),
    case(
        "a mistyped superseded fact suggests the fact",
        [
            (
                "content/facts.yaml",
                None,
                "more-troops:\n  statement: About 200 troops.\n  sources: [wire]\n  supersedes: troop\n",
            )
        ],
        "content/facts.yaml:9:15: fact 'more-troops': 'supersedes' names unknown fact 'troop' "
        "(did you mean 'troops' or 'more-troops'?)",
    ),
    case(
        "a link to a mistyped section file suggests the file",
        [("content/sections/one.md", "two.md#details", "tow.md#details")],
        "content/sections/one.md:14:23: link to unknown section 'tow.md' "
        "(did you mean 'two.md' or 'one.md'?)",
    ),
]

# YAML syntax errors: what to change, in plain words, where to change it.
YAML_SYNTAX = [
    case(
        "a tab indenting a line",
        [("content/facts.yaml", "  value: about 100", "\tvalue: about 100")],
        "content/facts.yaml:3:1: a tab character: YAML indents with spaces (replace the tab with spaces)",
    ),
    case(
        "an unquoted colon in a value shows the line quoted",
        [("content/briefing.yaml", "title: A small briefing", "title: Xi: the summit")],
        "content/briefing.yaml:1:10: a colon followed by a space inside a value must be quoted: "
        'write title: "Xi: the summit"',
    ),
    case(
        "an unquoted colon in front matter points at its line",
        [("content/sections/two.md", "title: Two", "title: Two: the details")],
        "content/sections/two.md:2:11: a colon followed by a space inside a value must be quoted: "
        'write title: "Two: the details"',
    ),
    case(
        "a field indented more than the one above",
        [("content/facts.yaml", "  value: about 100", "    value: about 100")],
        "content/facts.yaml:3:5: this line is read as the value of the line above going on, and a "
        "value may not hold a colon followed by a space: if the line is a field of its own, line it "
        "up with the fields above; if the colon is part of the text, put the whole value in quotes",
    ),
    case(
        "a field indented less than the one above",
        [("content/facts.yaml", "  value: about 100", " value: about 100")],
        "content/facts.yaml:3:2: bad indentation: this line is not lined up with the fields above it "
        "(the fields of one mapping start in the same column, indented with spaces)",
    ),
    case(
        "a field without a space after its colon",
        [("content/site.yaml", "title: Mini briefings", "title:Mini briefings")],
        "content/site.yaml:1:6: a colon after a field's name needs a space after it: "
        "write 'title: Mini briefings'",
    ),
    case(
        "an unclosed quote points at the opening quote",
        [("content/quotes.yaml", "  role: a minister", '  role: "a minister')],
        'content/quotes.yaml:4:9: this double quote is not closed: end the value with " too',
    ),
    case(
        "an unclosed bracket points at the opening bracket",
        [("content/events.yaml", "entities: [alice, ruritania]", "entities: [alice, ruritania")],
        "content/events.yaml:5:13: the list opened with '[' here is not closed: end it with ']' "
        "(and separate its items with commas)",
    ),
    case(
        "text after a closing quote",
        [("content/quotes.yaml", "  text: We will talk", '  text: "We will" talk')],
        "content/quotes.yaml:2:19: text after a closing quote: put the quotes around the whole value "
        "(or is a quote on a line above left open?)",
    ),
    case(
        "a list item where a field was expected",
        [("content/site.yaml", None, "- Mini\n")],
        "content/site.yaml:3:1: a list item where a field was expected: a list is the value of a "
        "field (write 'name:' on a line of its own, then the items below it, indented)",
    ),
    case(
        "a value starting with a reserved character",
        [("content/quotes.yaml", "  role: a minister", "  role: @minister")],
        "content/quotes.yaml:4:9: a value cannot start with '@' (YAML keeps it for its own syntax): "
        "put the value in quotes",
    ),
]

# Field errors name the field.
FIELDS = [
    case(
        "an impossible date names its field and why",
        [("content/briefing.yaml", None, "published: 2026-02-30\n")],
        "content/briefing.yaml:5:12: published: invalid date '2026-02-30' (February has 28 days in 2026)",
    ),
    case(
        "an impossible month in a nested field",
        [("content/sources.yaml", "  title: A wire story", "  title: A wire story\n  accessed: 2026-13-01")],
        "content/sources.yaml:4:13: accessed: invalid date '2026-13-01' (there is no month 13)",
    ),
    case(
        "an impossible quoted date says why",
        [("content/briefing.yaml", None, "published: '2026-04-31'\n")],
        "content/briefing.yaml:5:12: the briefing: 'published' must be a date written YYYY-MM-DD, "
        "not '2026-04-31' (April has 30 days)",
    ),
]


@pytest.mark.parametrize(("changes", "reported"), UNKNOWN_IDS + YAML_SYNTAX + FIELDS)
def test_the_build_says_what_to_change_and_where(
    mini_project, run_sitegen, previous_output, changes, reported
):
    apply(mini_project, changes)
    assert_fails_with(mini_project, run_sitegen, previous_output, *reported)
