"""Bad content: every problem reported as file:line:col, all in one run, exit 1, nothing written."""

from __future__ import annotations

from helpers import assert_fails_with, edit


def test_unknown_fact_in_a_section(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/one.md", "[[fact:troops]]", "[[fact:us-troops]]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        ("content/sections/one.md:10:11: unknown fact 'us-troops' (did you mean 'troops'?)"),
    )


def test_unknown_entity_source_and_quote_all_reported_in_one_run(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/two.md", "[[alice|The minister]]", "[[bob]]")
    edit(mini_project / "content/sections/two.md", "[@wire; @web]", "[@wire; @nope]")
    edit(mini_project / "content/sections/one.md", "[[quote:alice-says]]", "[[quote:missing]]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/one.md:12:1: unknown quote 'missing'; the known quotes are: alice-says",
        "content/sections/two.md:5:1: unknown entity 'bob'; the known entities are: alice, ruritania",
        "content/sections/two.md:5:35: unknown source 'nope'; the known sources are: web, wire",
    )


def test_yaml_syntax_error(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/facts.yaml", "  value: about 100", "  value: [about 100")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:3:10: the list opened with '[' here is not closed: end it with ']' "
        "(and separate its items with commas)",
    )


def test_missing_required_field(mini_project, run_sitegen, previous_output):
    edit(
        mini_project / "content/facts.yaml", "  statement: About 100 troops are stationed in Ruritania.\n", ""
    )
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:1:1: fact 'troops' is missing required field 'statement'",
    )


def test_wrongly_typed_field(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/two.md", "order: 2", "order: second")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/two.md:3:8: section 'two': 'order' must be a whole number, not 'second'",
    )


def test_duplicate_id(mini_project, run_sitegen, previous_output):
    facts = mini_project / "content/facts.yaml"
    facts.write_text(facts.read_text() + "troops:\n  statement: Again.\n  sources: [wire]\n")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:6:1: duplicate key 'troops' (first at line 1)",
    )


def test_unknown_id_in_data(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/facts.yaml", "sources: [wire]", "sources: [wires]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:1:1: fact 'troops': 'sources' names unknown source 'wires' "
        "(did you mean 'wire'?)",
    )


def test_section_without_title(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/two.md", "title: Two\n", "")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/two.md:2:1: section 'two' is missing required field 'title'",
    )


def test_unknown_field_suggests_the_right_one(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/facts.yaml", "  sources: [wire]", "  sourcse: [wire]")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/facts.yaml:1:1: fact 'troops' is missing required field 'sources'",
        "content/facts.yaml:4:3: unknown field 'sourcse' in fact 'troops' (did you mean 'sources'?)",
    )


def test_link_to_missing_section_heading(mini_project, run_sitegen, previous_output):
    edit(mini_project / "content/sections/one.md", "two.md#details", "two.md#nowhere")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/sections/one.md:14:23: link to unknown heading '#nowhere' in section 'two'",
    )


def test_missing_content_folder_cannot_run(tmp_path, run_sitegen):
    result = run_sitegen(tmp_path, "build")
    assert result.status == 2
    assert result.err == "sitegen: content folder not found: content\n"
