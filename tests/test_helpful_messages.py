"""Messages that finish the job: an unknown id says which ids were likely meant, a YAML syntax
error says in plain words what to change, a field error names the field; each at the file,
line and column where the editor must look."""

from __future__ import annotations

from helpers import append, assert_fails_with, edit

# Unknown ids: the closest ids of the same kind, the item of another kind with that id, or
# all the ids of a kind that has few.


def test_a_mistyped_fact_in_a_section_suggests_the_fact(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/one.md", "[[fact:troops]]", "[[fact:trops]]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/one.md:10:11: unknown fact 'trops' (did you mean 'troops'?)",
    )


def test_a_reference_of_the_wrong_kind_names_the_kind_and_its_reference(
    mini_project, run_sitegen, previous_output
):
    edit(mini_project / "content/sections/one.md", "[[fact:troops]]", "[[fact:alice-says]]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/one.md:10:11: unknown fact 'alice-says': there is a quote 'alice-says' "
        "([[quote:alice-says]])",
    )


def test_an_entity_named_like_a_fact_says_how_to_cite_the_fact(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/two.md", "More about [[ruritania]]", "More about [[troops]]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/two.md:9:12: unknown entity 'troops': there is a fact 'troops' ([[fact:troops]])",
    )


def test_a_mistyped_entity_name_suggests_the_name(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/two.md", "[[alice|The minister]]", "[[Alice Exampel]]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/two.md:5:1: unknown entity 'Alice Exampel' (did you mean 'Alice Example'?)",
    )


def test_an_unknown_citation_lists_the_few_known_sources(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/two.md", "More about [[ruritania]] [@web]", "[@japan-today]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/two.md:9:1: unknown source 'japan-today'; the known sources are: web, wire",
    )


def test_many_known_ids_are_not_listed_and_at_most_three_are_suggested(
    mini_project, run_sitegen, previous_output
):
    append(
        mini_project / "content/sources.yaml",
        "".join(f"wire-{n}:\n  publisher: Wire {n}\n" for n in range(1, 10)),
    )
    edit(mini_project / "content/sections/two.md", "[@web].", "[@wire-0] [@japan-today].")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/two.md:9:26: unknown source 'wire-0' "
        "(did you mean 'wire-1', 'wire-2' or 'wire-3'?)",
        "content/sections/two.md:9:36: unknown source 'japan-today'",
    )


def test_a_mistyped_source_of_a_fact_suggests_the_source(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/facts.yaml", "sources: [wire]", "sources: [wrie]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:1:1: fact 'troops': 'sources' names unknown source 'wrie' (did you mean 'wire'?)",
    )


def test_a_speaker_that_is_a_source_says_so(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/quotes.yaml", "speaker: alice", "speaker: wire")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/quotes.yaml:1:1: quote 'alice-says': 'speaker' names unknown entity 'wire': "
        "there is a source 'wire'",
    )


def test_a_mistyped_key_fact_suggests_the_fact(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/briefing.yaml", "key_facts: [troops]", "key_facts: [troop]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/briefing.yaml:4:12: the briefing: 'key_facts' names unknown fact 'troop' "
        "(did you mean 'troops'?)",
    )


def test_a_mistyped_superseded_fact_suggests_the_fact(mini_project, run_sitegen, previous_output):
    append(
        mini_project / "content/facts.yaml",
        "more-troops:\n  statement: About 200 troops.\n  sources: [wire]\n  supersedes: troop\n",
    )
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:9:15: fact 'more-troops': 'supersedes' names unknown fact 'troop' "
        "(did you mean 'troops' or 'more-troops'?)",
    )


def test_a_link_to_a_mistyped_section_file_suggests_the_file(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/one.md", "two.md#details", "tow.md#details")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/one.md:14:23: link to unknown section 'tow.md' "
        "(did you mean 'two.md' or 'one.md'?)",
    )


# YAML syntax errors: what to change, in plain words, where to change it.


def test_a_tab_indenting_a_line(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/facts.yaml", "  value: about 100", "\tvalue: about 100")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:3:1: a tab character: YAML indents with spaces (replace the tab with spaces)",
    )


def test_an_unquoted_colon_in_a_value_shows_the_line_quoted(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/briefing.yaml", "title: A small briefing", "title: Xi: the summit")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/briefing.yaml:1:10: a colon followed by a space inside a value must be quoted: "
        'write title: "Xi: the summit"',
    )


def test_an_unquoted_colon_in_front_matter_points_at_its_line(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/two.md", "title: Two", "title: Two: the details")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/two.md:2:11: a colon followed by a space inside a value must be quoted: "
        'write title: "Two: the details"',
    )


def test_a_field_indented_more_than_the_one_above(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/facts.yaml", "  value: about 100", "    value: about 100")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:3:5: this line is read as the value of the line above going on, and a "
        "value may not hold a colon followed by a space: if the line is a field of its own, line it "
        "up with the fields above; if the colon is part of the text, put the whole value in quotes",
    )


def test_a_field_indented_less_than_the_one_above(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/facts.yaml", "  value: about 100", " value: about 100")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:3:2: bad indentation: this line is not lined up with the fields above it "
        "(the fields of one mapping start in the same column, indented with spaces)",
    )


def test_a_field_without_a_space_after_its_colon(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/site.yaml", "title: Mini briefings", "title:Mini briefings")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/site.yaml:1:6: a colon after a field's name needs a space after it: "
        "write 'title: Mini briefings'",
    )


def test_an_unclosed_quote_points_at_the_opening_quote(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/quotes.yaml", "  role: a minister", '  role: "a minister')
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        'content/quotes.yaml:4:9: this double quote is not closed: end the value with " too',
    )


def test_an_unclosed_bracket_points_at_the_opening_bracket(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/events.yaml", "entities: [alice, ruritania]", "entities: [alice, ruritania")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/events.yaml:5:13: the list opened with '[' here is not closed: end it with ']' "
        "(and separate its items with commas)",
    )


def test_text_after_a_closing_quote(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/quotes.yaml", "  text: We will talk", '  text: "We will" talk')
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/quotes.yaml:2:19: text after a closing quote: put the quotes around the whole value "
        "(or is a quote on a line above left open?)",
    )


def test_a_list_item_where_a_field_was_expected(mini_project, run_sitegen, previous_output):
    append(mini_project / "content/site.yaml", "- Mini\n")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/site.yaml:3:1: a list item where a field was expected: a list is the value of a "
        "field (write 'name:' on a line of its own, then the items below it, indented)",
    )


def test_a_value_starting_with_a_reserved_character(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/quotes.yaml", "  role: a minister", "  role: @minister")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/quotes.yaml:4:9: a value cannot start with '@' (YAML keeps it for its own syntax): "
        "put the value in quotes",
    )


# Field errors name the field.


def test_an_impossible_date_names_its_field_and_why(mini_project, run_sitegen, previous_output):
    append(mini_project / "content/briefing.yaml", "published: 2026-02-30\n")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/briefing.yaml:5:12: published: invalid date '2026-02-30' (February has 28 days in 2026)",
    )


def test_an_impossible_month_in_a_nested_field(mini_project, run_sitegen, previous_output):
    edit(
        mini_project / "content/sources.yaml",
        "  title: A wire story",
        "  title: A wire story\n  accessed: 2026-13-01",
    )
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sources.yaml:4:13: accessed: invalid date '2026-13-01' (there is no month 13)",
    )


def test_an_impossible_quoted_date_says_why(mini_project, run_sitegen, previous_output):
    append(mini_project / "content/briefing.yaml", "published: '2026-04-31'\n")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/briefing.yaml:5:12: the briefing: 'published' must be a date written YYYY-MM-DD, "
        "not '2026-04-31' (April has 30 days)",
    )
