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
