"""A fact defined in the sentence that first states it: `[[fact:id = value]]`."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    REPO,
    assert_output_is_a_clean_builds,
    build,
    edit,
    make_project,
    parse,
    snapshot,
    words_of,
)

XI = "content/briefings/xi-lee-summit"
SECURITY = f"{XI}/sections/security.md"
WRITTEN = (
    "Experts say [[Xi]] and [[Lee]] may discuss sensitive issues such as "
    "[[fact:alliance-modernisation|modernisation of the U.S.–South Korea alliance]]."
)
DEFINED = (
    "Experts say [[Xi]] and [[Lee]] may discuss [[fact:sensitive-issues = sensitive issues]] such as\n"
    "modernisation of the *U.S.–South Korea alliance*.[@reuters-agencies]"
)
STATEMENT = (
    "Experts say Xi and Lee may discuss sensitive issues such as modernisation of the "
    "U.S.–South Korea alliance."
)


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    project = make_project(tmp_path, REPO / "content")
    edit(project / SECURITY, WRITTEN, DEFINED)
    return project


def _line_col(path: Path, text: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in {path}")


def _entry(output: Path, fact: str):
    return parse(output / "briefings/xi-lee-summit/facts/index.html").find(id=f"fact-{fact}")


def test_a_sentence_defines_a_fact_as_facts_yaml_would(desk: Path, run_sitegen):
    result = run_sitegen(desk, "build")
    assert result.status == 0, result.err
    entry = _entry(desk / "output", "sensitive-issues")
    assert entry is not None
    text = words_of(entry)
    assert text.startswith(STATEMENT)  # the sentence as readers see it: names, no markup
    assert "Figure" not in text  # "sensitive issues" is a phrase, read in its statement
    assert [a["href"].rpartition("#")[2] for a in entry.select("a.cite-mark")] == ["src-reuters-agencies"]
    involved = [words_of(a) for a in entry.select('a[href*="entities/"]')]
    assert involved == ["Xi Jinping", "Lee Jae Myung"]
    assert "Used in: Security and North Korea" in text


def test_the_sentence_shows_the_value_linked_and_its_citation_once(desk: Path, run_sitegen):
    assert run_sitegen(desk, "build").status == 0
    page = parse(desk / "output/briefings/xi-lee-summit/sections/security.html")
    value = page.select_one('a.fact-value[data-fact="sensitive-issues"]')
    assert words_of(value) == "sensitive issues"
    assert value["href"].endswith("facts/index.html#fact-sensitive-issues")
    assert value.find_parent("span").select("a.cite-mark") == []  # the sentence's mark is its source
    paragraph = value.find_parent("p")
    written = (desk / SECURITY).read_text(encoding="utf-8").split("\n\n")
    block = next(block for block in written if "[[fact:sensitive-issues" in block)
    # one per citation written and per fact referred to: none for the definition
    marks = block.count("[@") + block.count("[[fact:") - block.count(" = ")
    assert len(paragraph.select("a.cite-mark")) == marks
    # nothing of the syntax is left on the page
    assert "=" not in words_of(paragraph)


def test_a_defined_fact_can_be_a_key_fact_and_cited_from_another_briefing(desk: Path, run_sitegen):
    edit(desk / f"{XI}/briefing.yaml", "  - second-meeting\n", "  - second-meeting\n  - sensitive-issues\n")
    nara = desk / "content/briefings/takaichi-lee-nara/sections"
    section = next(iter(sorted(nara.glob("*.md"))))
    section.write_text(
        section.read_text(encoding="utf-8")
        + "\nEarlier, [[fact:xi-lee-summit/sensitive-issues]] were expected.\n",
        encoding="utf-8",
    )
    assert run_sitegen(desk, "build").status == 0, "the fact is known everywhere"
    glance = parse(desk / "output/briefings/xi-lee-summit/index.html")
    shown = {
        item.select_one("a.entry-link")["href"].rpartition("#")[2]: words_of(item.select_one(".statement"))
        for item in glance.select(".key-facts li")
        if item.select_one("a.entry-link")
    }
    assert shown["fact-sensitive-issues"] == STATEMENT
    other = parse(desk / f"output/briefings/takaichi-lee-nara/sections/{section.stem}.html")
    link = other.select_one('a.fact-value[data-fact="sensitive-issues"]')
    assert link is not None and link.find_parent("span").select("a.cite-mark")  # a reference: marks


def test_editing_the_sentence_updates_the_fact_in_a_cached_build(desk: Path, run_sitegen):
    build(desk, run_sitegen)
    edit(desk / SECURITY, "may discuss [[fact:", "might discuss [[fact:")
    build(desk, run_sitegen)
    assert words_of(_entry(desk / "output", "sensitive-issues")).startswith(
        "Experts say Xi and Lee might discuss"
    )
    assert_output_is_a_clean_builds(desk, run_sitegen)


def _fails(desk: Path, run_sitegen, message: str, at: str) -> None:
    before = snapshot(desk)
    result = run_sitegen(desk, "build")
    line, col = _line_col(desk / SECURITY, at)
    assert result.status == 1
    assert result.err.splitlines()[0] == f"{SECURITY}:{line}:{col}: {message}"
    assert snapshot(desk) == before


def test_a_defined_fact_needs_a_citation_in_its_sentence(desk: Path, run_sitegen):
    edit(desk / SECURITY, "alliance*.[@reuters-agencies]", "alliance*.")
    _fails(
        desk,
        run_sitegen,
        "fact 'sensitive-issues' is defined in a sentence that cites no source: a defined fact takes its "
        "sources from its sentence's citation marks, as in [@source-id]",
        "[[fact:sensitive-issues = ",
    )


def test_an_id_facts_yaml_has_already_is_refused(desk: Path, run_sitegen):
    edit(desk / SECURITY, "[[fact:sensitive-issues = ", "[[fact:us-troops = ")
    line = _line_col(desk / f"{XI}/facts.yaml", "us-troops:")[0]
    _fails(
        desk,
        run_sitegen,
        f"fact 'us-troops' is defined twice: here and at {XI}/facts.yaml:{line}:1",
        "[[fact:us-troops = ",
    )


def test_a_definition_in_another_briefing_is_refused(desk: Path, run_sitegen):
    edit(desk / SECURITY, "[[fact:sensitive-issues = ", "[[fact:takaichi-lee-nara/sensitive = ")
    _fails(
        desk,
        run_sitegen,
        "a fact is defined in its own briefing: write [[fact:sensitive = ...]] in briefing "
        "'xi-lee-summit', without 'takaichi-lee-nara/'",
        "[[fact:takaichi-lee-nara/sensitive = ",
    )


def test_a_draft_sections_facts_are_left_out_with_it(desk: Path, run_sitegen):
    edit(desk / SECURITY, "order: 2\n", "order: 2\ndraft: true\n")
    assert run_sitegen(desk, "build").status == 0
    assert _entry(desk / "output", "sensitive-issues") is None
    assert _entry(desk / "output", "us-troops") is not None
