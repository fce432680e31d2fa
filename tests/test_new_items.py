"""`sitegen new entity|fact|quote|event`: one entry appended to its file in place (every other
line of the file, comments included, as it was), the project still loading, the reference to
paste printed; a taken id refused with the existing entry's file:line, an unknown source,
speaker or briefing refused with the ids it may have meant, and nothing written then."""

from __future__ import annotations

import pytest
from helpers import snapshot

from sitegen.content.load import load_content
from sitegen.content.validate import build_site

BRIEFING = "content/briefings/example-briefing"


@pytest.fixture
def desk(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "--quiet", "site").status == 0
    return tmp_path / "site"


def site_of(desk):
    problems: list = []
    raw = load_content(desk / "content", problems)
    assert problems == []
    return build_site(raw)


def assert_appended(path, before: str) -> list[str]:
    """The file begins with every line it had, unchanged; the lines added after them."""
    after = path.read_text("utf-8")
    assert after.startswith(before)
    return after[len(before) :].splitlines()


def test_new_entity_is_appended_to_the_registry_with_its_comments_kept(desk, run_sitegen):
    registry = desk / "content/entities.yaml"
    before = registry.read_text("utf-8")
    assert before.startswith("# EXAMPLE")  # the comment that must survive
    result = run_sitegen(desk, "new", "entity", "José Ramos-Horta", "--kind", "person")
    assert (result.status, result.err) == (0, "")
    line = before.count("\n") + 2  # after a blank line
    assert result.out == (
        f"added entity 'jose-ramos-horta' to content/entities.yaml:{line}\n[[jose-ramos-horta]]\n"
    )
    assert assert_appended(registry, before) == [
        "",
        "jose-ramos-horta:",
        "  name: José Ramos-Horta",
        "  kind: person",
    ]
    entity = site_of(desk).entities["jose-ramos-horta"]
    assert (entity.name, entity.kind, entity.origin.line) == ("José Ramos-Horta", "person", line)


def test_new_fact_prints_the_reference_and_the_section_using_it_builds(desk, run_sitegen):
    facts = desk / BRIEFING / "facts.yaml"
    before = facts.read_text("utf-8")
    result = run_sitegen(
        desk,
        "new",
        "fact",
        "example-briefing/bridge-traffic",
        "--source",
        "example-source",
        "--statement",
        "About 14,000 vehicles cross the bridge: on a typical weekday.",
        "--value",
        "about 14,000",
    )
    assert result.status == 0, result.err
    assert result.out.splitlines()[-1] == "[[fact:bridge-traffic]]"
    added = assert_appended(facts, before)
    assert added[1] == "bridge-traffic:"
    fact = site_of(desk).by_id["example-briefing"].facts["bridge-traffic"]
    assert fact.statement == "About 14,000 vehicles cross the bridge: on a typical weekday."
    assert (fact.value, fact.sources) == ("about 14,000", ("example-source",))
    overview = next((desk / BRIEFING / "sections").glob("*.md"))
    overview.write_text(overview.read_text("utf-8") + "\nTraffic: [[fact:bridge-traffic]].\n", "utf-8")
    assert run_sitegen(desk, "build").status == 0


def test_new_quote_and_event_land_in_their_files(desk, run_sitegen):
    quote = run_sitegen(
        desk,
        "new",
        "quote",
        "example-briefing/alex-on-bridge",
        "--source",
        "example-source",
        "--speaker",
        "alex-example",
        "--text",
        "“It cannot wait another winter,” he said",
    )
    event = run_sitegen(
        desk,
        "new",
        "event",
        "example-briefing/bridge-closes",
        "--source",
        "example-source",
        "--when",
        "on 7 April",
        "--what",
        "The bridge closes for six weeks.",
    )
    assert (quote.status, event.status) == (0, 0), quote.err + event.err
    assert quote.out.splitlines()[-1] == "[[quote:alex-on-bridge]]"
    assert event.out.splitlines()[-1] == "[[event:bridge-closes]]"
    briefing = site_of(desk).by_id["example-briefing"]
    assert briefing.quotes["alex-on-bridge"].text == "“It cannot wait another winter,” he said"
    assert briefing.quotes["alex-on-bridge"].speaker == "alex-example"
    assert (briefing.events["bridge-closes"].when, briefing.events["bridge-closes"].what) == (
        "on 7 April",
        "The bridge closes for six weeks.",
    )


def test_a_missing_file_is_made(desk, run_sitegen):
    events = desk / BRIEFING / "events.yaml"
    events.unlink()
    result = run_sitegen(
        desk, "new", "event", "example-briefing/first", "--source", "example-source", "--when", "today",
        "--what", "It began.",
    )  # fmt: skip
    assert result.status == 0, result.err
    assert (
        events.read_text("utf-8") == "first:\n  when: today\n  what: It began.\n  sources: [example-source]\n"
    )


def test_a_taken_id_is_refused_with_where_it_is(desk, run_sitegen):
    registry = desk / "content/entities.yaml"
    line = next(
        n for n, text in enumerate(registry.read_text("utf-8").splitlines(), 1) if text == "alex-example:"
    )
    before = snapshot(desk / "content")
    result = run_sitegen(desk, "new", "entity", "Alex Example", "--kind", "person")
    assert (result.status, result.out) == (1, "")
    assert result.err == (
        f"content/entities.yaml:{line}:1: an entity with the id 'alex-example' is already here\n"
    )
    assert snapshot(desk / "content") == before


def test_a_taken_fact_id_names_its_line(desk, run_sitegen):
    facts = (desk / BRIEFING / "facts.yaml").read_text("utf-8").splitlines()
    key, line = next((text[:-1], n) for n, text in enumerate(facts, 1) if text and text[0].isalpha())
    result = run_sitegen(
        desk, "new", "fact", f"example-briefing/{key}", "--source", "example-source", "--statement", "x"
    )
    assert result.status == 1
    assert result.err == f"{BRIEFING}/facts.yaml:{line}:1: a fact with the id '{key}' is already here\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("fact", "example-briefing/x", "--source", "exmple-source", "--statement", "A."),
            "content/sources.yaml: unknown source 'exmple-source' (known: example-source)",
        ),
        (
            ("quote", "example-briefing/x", "--source", "example-source", "--speaker", "alex", "--text", "t"),
            "content/entities.yaml: unknown entity 'alex' (known: alex-example, example-organisation)",
        ),
        (
            ("event", "exampel-briefing/x", "--source", "example-source", "--when", "w", "--what", "w"),
            "content/briefings/exampel-briefing: no briefing 'exampel-briefing' in this project "
            "(known: example-briefing)",
        ),
    ],
)
def test_unknown_ids_are_refused_with_the_known_ones(desk, run_sitegen, args, message):
    before = snapshot(desk / "content")
    result = run_sitegen(desk, "new", *args)
    assert (result.status, result.err) == (1, message + "\n")
    assert snapshot(desk / "content") == before


def test_an_entry_that_breaks_the_project_is_taken_back(desk, run_sitegen):
    registry = desk / "content/entities.yaml"
    before = registry.read_bytes()
    # the name is another entity's alias: the project would no longer load
    result = run_sitegen(desk, "new", "entity", "Alex", "--id", "alex-two", "--kind", "person")
    assert result.status == 1
    lines = result.err.splitlines()
    assert lines[0] == "content/entities.yaml: not added: with it the project would not load"
    assert "claims the name 'Alex'" in lines[1]
    assert registry.read_bytes() == before


def test_one_briefing_projects_need_no_briefing_id(mini_project, run_sitegen):
    facts = mini_project / "content/facts.yaml"
    before = facts.read_text("utf-8")
    result = run_sitegen(
        mini_project, "new", "fact", "harbour", "--source", "wire", "--statement", "It is wet."
    )
    assert result.status == 0, result.err
    assert result.out.splitlines()[-1] == "[[fact:harbour]]"
    assert assert_appended(facts, before)[1:] == ["harbour:", "  statement: It is wet.", "  sources: [wire]"]


def test_quiet_prints_nothing(desk, run_sitegen):
    result = run_sitegen(desk, "new", "entity", "Harbour Board", "--kind", "organisation", "--quiet")
    assert (result.status, result.out, result.err) == (0, "", "")
    assert "harbour-board:" in (desk / "content/entities.yaml").read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    "statement",
    [
        "yes",
        "2026",
        "null",
        "Talks: not yet.",
        "#1 in the polls",
        "Up 3% # of all",
        "- a list? no",
        "[bracketed]",
        "'single' and \"double\" quotes",
        "A back\\slash, a comma, and {braces}",
        "@handle and `ticks`",
        "Ünïcödé, 中文, العربية",
    ],
)
def test_any_text_reads_back_as_written(desk, run_sitegen, statement):
    result = run_sitegen(
        desk, "new", "fact", "example-briefing/odd", "--source", "example-source", "--statement", statement
    )
    assert result.status == 0, result.err
    assert site_of(desk).by_id["example-briefing"].facts["odd"].statement == statement
