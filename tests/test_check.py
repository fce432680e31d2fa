"""`sitegen check`: one test per rule, with the exact line, the count, and the exit status."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import append, assert_check, assert_warns, edit

from sitegen.checks.rules import as_of_date


def test_a_clean_project_passes(mini_project, run_sitegen):
    assert_check(mini_project, run_sitegen, 0)
    assert_check(mini_project, run_sitegen, 0, args=("--strict",))


# Errors: the same checks as the build, so each one fails `check` with status 1.


def test_unknown_id(mini_project, run_sitegen):
    edit(mini_project / "content/sections/one.md", "[[fact:troops]]", "[[fact:us-troops]]")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/sections/one.md:10:11: error: unknown fact 'us-troops' "
        "(did you mean 'troops'?) [unknown-id]",
    )


def test_unknown_id_in_data(mini_project, run_sitegen):
    edit(mini_project / "content/events.yaml", "entities: [alice, ruritania]", "entities: [alice, freedonia]")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/events.yaml:1:1: error: event 'talks': 'entities' names unknown entity 'freedonia'; "
        "the known entities are: alice, ruritania [unknown-id]",
    )


def test_duplicate_id(mini_project, run_sitegen):
    append(mini_project / "content/sources.yaml", "wire:\n  publisher: Another Wire\n")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/sources.yaml:7:1: error: duplicate key 'wire' (first at line 1) [duplicate-key]",
    )


@pytest.mark.parametrize(
    "kind, file, line", [("fact", "facts", 4), ("quote", "quotes", 5), ("event", "events", 4)]
)
def test_fact_quote_or_event_without_a_source(mini_project, run_sitegen, kind, file, line):
    path = mini_project / f"content/{file}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].startswith("  sources:")
    path.write_text("".join(lines[: line - 1] + lines[line:]), encoding="utf-8")
    key = {"fact": "troops", "quote": "alice-says", "event": "talks"}[kind]
    assert_check(
        mini_project,
        run_sitegen,
        1,
        f"content/{file}.yaml:1:1: error: {kind} '{key}' is missing required field 'sources' [no-source]",
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/story",
        "data:text/html,<script>alert(1)</script>",
        "//example.org/x",
        "https:///no-host",
        "https://example.org/a b",
    ],
)
def test_source_url_that_is_not_http(mini_project, run_sitegen, url):
    edit(mini_project / "content/sources.yaml", "url: https://example.org/story", f"url: '{url}'")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        f"content/sources.yaml:6:8: error: source 'web': 'url' must be an http:// or "
        f"https:// URL, not '{url}' [bad-url]",
    )


def test_link_to_a_missing_section(mini_project, run_sitegen):
    edit(mini_project / "content/sections/one.md", "(two.md#details)", "(three.md)")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/sections/one.md:14:23: error: link to unknown section 'three.md'; "
        "the known sections are: one.md, two.md [unknown-section]",
    )


def test_link_to_a_missing_anchor(mini_project, run_sitegen):
    edit(mini_project / "content/sections/one.md", "two.md#details", "two.md#nowhere")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/sections/one.md:14:23: error: link to unknown heading '#nowhere' in "
        "section 'two' [unknown-anchor]",
    )


def test_link_to_a_missing_anchor_in_the_same_section(mini_project, run_sitegen):
    edit(mini_project / "content/sections/one.md", "(two.md#details)", "(#nowhere)")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/sections/one.md:14:23: error: link to unknown heading '#nowhere' in "
        "section 'one' [unknown-anchor]",
    )


def test_section_without_title(mini_project, run_sitegen):
    edit(mini_project / "content/sections/two.md", "title: Two\n", "title: '   '\n")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/sections/two.md:2:1: error: section 'two' is missing required field 'title' [missing-field]",
    )


def test_alias_claimed_by_two_entities(mini_project, run_sitegen):
    edit(mini_project / "content/entities.yaml", "aliases: [Strelsau]", "aliases: [Strelsau, Alice]")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/entities.yaml:7:1: error: entity 'ruritania' claims the name 'Alice', "
        "which entity 'alice' already has [duplicate-alias]",
    )


def test_alias_that_is_another_entitys_id(mini_project, run_sitegen):
    edit(mini_project / "content/entities.yaml", "aliases: [Alice]", "aliases: [Alice, Ruritania]")
    assert_check(
        mini_project,
        run_sitegen,
        1,
        "content/entities.yaml:1:1: error: entity 'alice' claims the name 'Ruritania', "
        "which entity 'ruritania' already has [duplicate-alias]",
    )


# Warnings: reported with status 0, and status 1 under --strict.


def test_unused_source(mini_project, run_sitegen):
    append(mini_project / "content/sources.yaml", "spare:\n  publisher: Spare Wire\n")
    assert_warns(
        mini_project,
        run_sitegen,
        "content/sources.yaml:7:1: warning: source 'spare' is never cited [unused-source]",
    )


def test_a_source_named_only_by_an_entity_is_used(mini_project, run_sitegen):
    append(mini_project / "content/sources.yaml", "spare:\n  publisher: Spare Wire\n")
    edit(mini_project / "content/entities.yaml", "sources: [wire]", "sources: [wire, spare]")
    assert_check(mini_project, run_sitegen, 0)


def test_unused_fact(mini_project, run_sitegen):
    append(
        mini_project / "content/facts.yaml",
        "spare-fact:\n  statement: Nobody mentions this.\n  sources: [wire]\n",
    )
    assert_warns(
        mini_project,
        run_sitegen,
        "content/facts.yaml:6:1: warning: fact 'spare-fact' is not used in any section "
        "or in key_facts [unused-fact]",
    )


def test_a_key_fact_is_used(mini_project, run_sitegen):
    edit(
        mini_project / "content/sections/one.md",
        "There are [[fact:troops]] troops",
        "There are troops [@wire]",
    )
    assert_check(mini_project, run_sitegen, 0)


def test_unused_quote(mini_project, run_sitegen):
    append(
        mini_project / "content/quotes.yaml",
        "spare-quote:\n  text: Unheard\n  speaker: alice\n  sources: [wire]\n",
    )
    assert_warns(
        mini_project,
        run_sitegen,
        "content/quotes.yaml:6:1: warning: quote 'spare-quote' is not used in any section [unused-quote]",
    )


def test_unused_entity(mini_project, run_sitegen):
    append(mini_project / "content/entities.yaml", "bob:\n  name: Bob\n  kind: person\n")
    assert_warns(
        mini_project,
        run_sitegen,
        "content/entities.yaml:11:1: warning: entity 'bob' is not mentioned anywhere [unused-entity]",
    )


def test_stale_fact(mini_project, run_sitegen):
    edit(
        mini_project / "content/facts.yaml",
        "  value: about 100\n",
        "  value: about 100\n  as_of: 2000-01-31\n",
    )
    age = (dt.date.today() - dt.date(2000, 1, 31)).days
    assert_warns(
        mini_project,
        run_sitegen,
        f"content/facts.yaml:1:1: warning: fact 'troops' is {age} days old (as of "
        f"2000-01-31; the limit is 30 days) [stale-fact]",
        args=("--max-age-days", "30"),
    )


def test_a_fact_as_of_free_text_or_the_future_is_not_aged(mini_project, run_sitegen):
    edit(
        mini_project / "content/facts.yaml",
        "  value: about 100\n",
        "  value: about 100\n  as_of: this year\n",
    )
    assert_check(mini_project, run_sitegen, 0, args=("--strict", "--max-age-days", "0"))
    edit(mini_project / "content/facts.yaml", "as_of: this year", "as_of: 2999-01-01")
    assert_check(mini_project, run_sitegen, 0, args=("--strict", "--max-age-days", "0"))


@pytest.mark.parametrize(
    "as_of, held_until",
    [
        ("2024-02-10", dt.date(2024, 2, 10)),
        ("2024-02", dt.date(2024, 2, 29)),
        ("2024-12", dt.date(2024, 12, 31)),
        ("2023", dt.date(2023, 12, 31)),
        ("this year", None),
        ("in May 2024", None),
        ("2024-13-01", None),
        (None, None),
    ],
)
def test_only_iso_as_of_dates_can_be_aged(as_of, held_until):
    assert as_of_date(as_of) == held_until


def test_max_age_must_be_a_number_of_days(mini_project, run_sitegen):
    with pytest.raises(SystemExit) as exit_info:
        run_sitegen(mini_project, "check", "--max-age-days", "-3")
    assert exit_info.value.code == 2


def test_section_with_no_citation(mini_project, run_sitegen):
    """One warning for the section, not one for each of its unsourced sentences."""
    (mini_project / "content/sections/three.md").write_text(
        "---\ntitle: Three\norder: 3\n---\n[[Alice]] said nothing sourced. Nor did Bob.\n", encoding="utf-8"
    )
    assert_warns(
        mini_project,
        run_sitegen,
        "content/sections/three.md:1:1: warning: section 'three' cites no source [uncited-section]",
    )


def test_section_with_no_text(mini_project, run_sitegen):
    (mini_project / "content/sections/three.md").write_text(
        "---\ntitle: Three\norder: 3\n---\n\n", encoding="utf-8"
    )
    assert_warns(
        mini_project,
        run_sitegen,
        "content/sections/three.md:1:1: warning: section 'three' has no text [empty-section]",
    )


def test_problems_are_sorted_by_place(mini_project, run_sitegen):
    append(mini_project / "content/sources.yaml", "spare:\n  publisher: Spare Wire\n")
    append(mini_project / "content/entities.yaml", "bob:\n  name: Bob\n  kind: person\n")
    assert_warns(
        mini_project,
        run_sitegen,
        "content/entities.yaml:11:1: warning: entity 'bob' is not mentioned anywhere [unused-entity]",
        "content/sources.yaml:7:1: warning: source 'spare' is never cited [unused-source]",
    )


def test_json_format(mini_project, run_sitegen):
    append(mini_project / "content/sources.yaml", "spare:\n  publisher: Spare Wire\n")
    result = run_sitegen(mini_project, "check", "--format", "json")
    assert result.status == 0
    assert json.loads(result.out) == {
        "problems": [
            {
                "path": "content/sources.yaml",
                "line": 7,
                "col": 1,
                "severity": "warning",
                "code": "unused-source",
                "message": "source 'spare' is never cited",
            }
        ],
        "errors": 0,
        "warnings": 1,
    }


# Could not run: status 2, a message on stderr, no traceback.


def test_missing_content_folder(tmp_path, run_sitegen):
    result = run_sitegen(tmp_path, "check")
    assert (result.status, result.out) == (2, "")
    assert result.err == "sitegen: content folder not found: content\n"


def test_missing_templates_folder(mini_project, run_sitegen):
    result = run_sitegen(mini_project, "check", "--templates", "nowhere")
    assert (result.status, result.out) == (2, "")
    assert result.err == "sitegen: templates folder not found: nowhere\n"


@pytest.mark.parametrize("command", ["check", "build"])
def test_unreadable_file(mini_project, run_sitegen, monkeypatch, command):
    facts = (mini_project / "content/facts.yaml").resolve()
    original = Path.open

    def refuse(path: Path, *args, **kwargs):  # root reads any file, so the refusal is simulated
        if path.resolve() == facts:
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = run_sitegen(mini_project, command)
    assert (result.status, result.out) == (2, "")
    assert result.err == "sitegen: cannot read content/facts.yaml: Permission denied\n"


# check and build agree: the same errors, in the same places.

BREAKAGES = [
    ("sections/one.md", "[[fact:troops]]", "[[fact:nope]] [[Nobody]]"),
    ("facts.yaml", "sources: [wire]", "sources: []"),
    ("sources.yaml", "url: https://example.org/story", "url: javascript:alert(1)"),
    ("entities.yaml", "kind: country", "kind: planet"),
    ("sections/two.md", "## Details", "## Particulars"),
    ("quotes.yaml", "speaker: alice", "speaker: '../../x'"),
]


@pytest.mark.parametrize("file, old, new", BREAKAGES)
def test_check_and_build_report_the_same_errors(mini_project, run_sitegen, file, old, new):
    edit(mini_project / "content" / file, old, new)
    checked = run_sitegen(mini_project, "check")
    built = run_sitegen(mini_project, "build")
    assert checked.status == built.status == 1
    from_check = [
        line.rsplit(" [", 1)[0].replace(": error: ", ": ", 1) for line in checked.out.splitlines()[:-1]
    ]
    assert from_check == built.err.splitlines()[:-1]
    assert from_check
    assert not (mini_project / "output").exists()
