"""Sourcing coverage: `sitegen check` finds sentences that rest on no source and facts on fewer
sources than the rules ask; `--coverage` reports the share of sourced sentences per section and
per briefing; `[!analysis]` marks the desk's own words and shows nothing to readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import append, assert_check, assert_warns, edit, parse

THREE = """---
title: Three
order: 3
---
[[Alice]] visited [[Strelsau]] [@wire]. She stayed for a week.

The U.S. envoy met [[Alice]] [@web]. [[Alice]] smiled.

Our reading: the talks matter. [!analysis]

[!analysis] This paragraph is ours. All of it.

See [the first part](one.md).

## A heading is not a claim

| who | what |
|---|---|
| Alice | talked [@wire] |
| Bob | listened |
"""


def unsourced(path: str, line: int, col: int, excerpt: str) -> str:
    return (
        f"{path}:{line}:{col}: warning: sentence rests on no source: “{excerpt}” (cite a "
        "source, or mark the desk's own analysis with [!analysis]) [unsourced-sentence]"
    )


def write_three(project: Path, body: str) -> None:
    (project / "content/sections/three.md").write_text(
        f"---\ntitle: Three\norder: 3\n---\n{body}", encoding="utf-8"
    )


@pytest.fixture
def three(mini_project: Path) -> Path:
    write_three(mini_project, THREE.split("---\n", 2)[2])
    return mini_project


def test_each_unsourced_sentence_is_a_warning_at_its_place(three, run_sitegen):
    assert_warns(
        three,
        run_sitegen,
        unsourced("content/sections/three.md", 5, 41, "She stayed for a week."),
        unsourced("content/sections/three.md", 7, 38, "Alice smiled."),
        unsourced("content/sections/three.md", 20, 3, "Bob listened"),
    )


def test_citing_or_marking_each_sentence_clears_the_warnings(three, run_sitegen):
    path = three / "content/sections/three.md"
    edit(path, "for a week.", "for a week [@wire].")
    edit(path, "[[Alice]] smiled.", "[[Alice]] smiled [@web].")
    edit(path, "| Bob | listened |", "| Bob | listened [!analysis] |")
    assert_check(three, run_sitegen, 0, args=("--strict",))


def test_the_analysis_mark_shows_nothing_to_readers(three, run_sitegen):
    assert run_sitegen(three, "build").status == 0
    prose = parse(three / "output/sections/three.html").select_one(".prose")
    paragraphs = [" ".join(p.get_text().split()) for p in prose.find_all("p")]
    assert "Our reading: the talks matter." in paragraphs
    assert "This paragraph is ours. All of it." in paragraphs
    assert "analysis" not in str(prose)


def test_the_report_per_section_and_briefing(three, run_sitegen):
    result = run_sitegen(three, "check", "--coverage")
    assert result.status == 0
    report = result.out.split("\n\n")
    assert report[1].splitlines() == [
        "briefing (content): A small briefing",
        "  section  sentences  sourced  analysis  unsourced  covered",
        "  one              3        3         0          0     100%",
        "  two              2        2         0          0     100%",
        "  three            9        3         3          3      67%",
        "  all             14        8         3          3      79%",
        "  claims per source: wire 5, web 4",
    ]
    assert report[2].splitlines() == [
        "all briefings: 11 of 14 sentences covered (79%): 8 sourced, 3 marked as analysis, 3 unsourced",
        "claims per source: wire 5, web 4",
    ]


def test_the_report_as_json(three, run_sitegen):
    result = run_sitegen(three, "check", "--coverage", "--format", "json")
    data = json.loads(result.out)
    assert data["warnings"] == 3
    briefing = data["coverage"]["briefings"][0]
    three_section = briefing["sections"][2]
    assert three_section == {
        "id": "three",
        "title": "Three",
        "path": "content/sections/three.md",
        "sentences": 9,
        "sourced": 3,
        "analysis": 3,
        "unsourced": 3,
        "share_sourced": 0.3333,
        "share_covered": 0.6667,
        "claims": {"wire": 2, "web": 1},
    }
    assert (briefing["id"], briefing["sentences"], briefing["share_covered"]) == ("", 14, 0.7857)
    assert data["coverage"]["site"]["claims"] == {"wire": 5, "web": 4}


def test_without_coverage_no_report(three, run_sitegen):
    assert "Sourcing coverage" not in run_sitegen(three, "check").out
    assert "coverage" not in json.loads(run_sitegen(three, "check", "--format", "json").out)


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("About 28,500 U.S. troops are there [@wire]. Gen. Alice agreed [@web].", 2),
        ("It grew 2.5 percent [@wire]! Did it [@web]? Yes [@web].", 3),
        ("“We will talk,” she said [@wire]. “Soon.” [@web]", 2),
        ("She left.[@wire] Then [[Alice]] came back.[@web]", 2),
        ("e.g. the talks [@wire]. 東京で会った[@wire]。協力した[@web]。", 3),
    ],
)
def test_where_sentences_end(mini_project, run_sitegen, text, sentences):
    write_three(mini_project, f"{text}\n")
    result = run_sitegen(mini_project, "check", "--coverage", "--format", "json")
    section = json.loads(result.out)["coverage"]["briefings"][0]["sections"][2]
    assert (section["sentences"], section["sourced"]) == (sentences, sentences)


def test_a_section_of_pure_analysis_need_cite_nothing(mini_project, run_sitegen):
    write_three(
        mini_project, "[!analysis] What it means. Why it matters.\n\n- [!analysis] A list item of ours.\n"
    )
    assert_check(mini_project, run_sitegen, 0, args=("--strict",))


def test_warnings_survive_the_conversion_cache(three, run_sitegen):
    first = run_sitegen(three, "check").out
    assert run_sitegen(three, "build").status == 0  # fills .sitegen-cache/
    assert run_sitegen(three, "check").out == first


# Facts on fewer sources than the rules ask.


def test_a_site_rule_asks_two_sources_per_fact(mini_project, run_sitegen):
    append(mini_project / "content/site.yaml", "min_fact_sources: 2\n")
    assert_warns(
        mini_project,
        run_sitegen,
        "content/facts.yaml:1:1: warning: fact 'troops' rests on 1 source; site.yaml "
        "asks for at least 2 (min_fact_sources) [too-few-sources]",
    )
    edit(mini_project / "content/facts.yaml", "sources: [wire]", "sources: [wire, web]")
    assert_check(mini_project, run_sitegen, 0, args=("--strict",))


def test_a_briefing_rule_wins_over_the_site_rule(mini_project, run_sitegen):
    append(mini_project / "content/site.yaml", "min_fact_sources: 2\n")
    append(mini_project / "content/briefing.yaml", "min_fact_sources: 3\n")
    edit(mini_project / "content/facts.yaml", "sources: [wire]", "sources: [wire, web]")
    assert_warns(
        mini_project,
        run_sitegen,
        "content/facts.yaml:1:1: warning: fact 'troops' rests on 2 sources; "
        "briefing.yaml asks for at least 3 (min_fact_sources) [too-few-sources]",
    )
    result = run_sitegen(mini_project, "check", "--coverage")
    assert "  facts on fewer sources than min_fact_sources asks: 1" in result.out.splitlines()


@pytest.mark.parametrize(
    "file, value, message",
    [
        (
            "site.yaml",
            "0",
            "content/site.yaml:3:19: error: the site: 'min_fact_sources' must be at "
            "least 1, not 0 [wrong-type]",
        ),
        (
            "briefing.yaml",
            "two",
            "content/briefing.yaml:5:19: error: the briefing: "
            "'min_fact_sources' must be a whole number, not 'two' [wrong-type]",
        ),
    ],
)
def test_a_bad_rule(mini_project, run_sitegen, file, value, message):
    append(mini_project / "content" / file, f"min_fact_sources: {value}\n")
    assert_check(mini_project, run_sitegen, 1, message)


# The bundled desk.


def test_the_bundled_briefings_are_fully_sourced(briefing_project, run_sitegen):
    result = run_sitegen(briefing_project, "check", "--coverage", "--format", "json")
    assert result.status == 0
    data = json.loads(result.out)
    assert [
        problem
        for problem in data["problems"]
        if problem["code"] in ("unsourced-sentence", "uncited-section")
    ] == []
    for briefing in data["coverage"]["briefings"]:
        assert briefing["sentences"] > 10
        assert briefing["share_covered"] == 1.0, briefing["id"]
        for section in briefing["sections"]:
            assert section["unsourced"] == 0, section["path"]
