"""`sitegen new briefing|section`: the next piece in the content format, with its required fields
filled in, so the project still builds; a bad id, an unknown briefing or a taken id is one line
on stderr and nothing written."""

from __future__ import annotations

import shutil

import pytest
import yaml
from helpers import FIXTURES, parse, snapshot

from sitegen.content.load import read_text, split_front_matter


@pytest.fixture
def desk(tmp_path, run_sitegen):
    assert run_sitegen(tmp_path, "init", "--quiet", "site").status == 0
    return tmp_path / "site"


def front_matter(path) -> dict:
    markdown = split_front_matter(read_text(path, []), [])
    return dict(markdown.front_matter)


def test_new_briefing_writes_a_briefing_that_builds(desk, run_sitegen):
    result = run_sitegen(desk, "new", "briefing", "city-budget", "--title", "The city budget")
    assert (result.status, result.err) == (0, "")
    assert result.out.splitlines() == [
        "created content/briefings/city-budget/briefing.yaml",
        "created content/briefings/city-budget/facts.yaml",
        "created content/briefings/city-budget/quotes.yaml",
        "created content/briefings/city-budget/events.yaml",
        "created content/briefings/city-budget/sections/overview.md",
    ]
    folder = desk / "content/briefings/city-budget"
    assert yaml.safe_load((folder / "briefing.yaml").read_text("utf-8")) == {"title": "The city budget"}
    assert front_matter(folder / "sections/overview.md") == {"title": "Overview", "order": 1}
    assert run_sitegen(desk, "build").status == 0
    home = parse(desk / "output/briefings/city-budget/index.html")
    assert home.find("h1").get_text(strip=True) == "The city budget"


def test_new_section_comes_after_the_last_one(desk, run_sitegen):
    sections = desk / "content/briefings/example-briefing/sections"
    (sections / "later.md").write_text(
        "---\ntitle: Later\norder: 7\n---\nText [@example-source].\n", encoding="utf-8"
    )
    result = run_sitegen(desk, "new", "section", "example-briefing/background", "--title", "Background")
    assert (result.status, result.err) == (0, "")
    assert result.out == ("created content/briefings/example-briefing/sections/background.md (order 8)\n")
    assert front_matter(sections / "background.md") == {"title": "Background", "order": 8}
    assert run_sitegen(desk, "build").status == 0
    assert (
        parse(desk / "output/briefings/example-briefing/sections/background.html")
        .find("h1")
        .get_text(strip=True)
        == "Background"
    )


def test_the_briefing_may_go_unnamed_when_there_is_one(desk, run_sitegen):
    result = run_sitegen(desk, "new", "section", "background", "--title", "Background")
    assert result.status == 0
    assert (desk / "content/briefings/example-briefing/sections/background.md").is_file()


def test_new_section_in_a_one_briefing_project(tmp_path, run_sitegen):
    project = tmp_path / "one"
    shutil.copytree(FIXTURES / "mini", project / "content")
    result = run_sitegen(project, "new", "section", "three", "--title", "Three")
    assert result.status == 0
    assert result.out == "created content/sections/three.md (order 3)\n"
    assert run_sitegen(project, "build").status == 0


@pytest.mark.parametrize(
    "title",
    [
        "Yes",
        "Q&A: what next?",
        "#1 in the polls",
        "1e3",
        "“Quoted” — and ‘more’",
        "  padded  ",
        "[[not-a-link]]",
    ],
)
def test_titles_are_written_so_that_they_read_back_as_given(desk, run_sitegen, title):
    result = run_sitegen(desk, "new", "section", "example-briefing/next", "--title", title)
    assert result.status == 0
    written = front_matter(desk / "content/briefings/example-briefing/sections/next.md")
    assert written["title"] == title.strip()
    assert run_sitegen(desk, "build").status == 0


# Usage mistakes: exit 2, one line.


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["briefing", "City Budget", "--title", "x"],
            "invalid briefing id 'City Budget': use letters, digits and single hyphens (at most 80 "
            "characters)",
        ),
        (
            ["section", "example-briefing/back.ground", "--title", "x"],
            "invalid section id 'back.ground': use letters, digits and single hyphens (at most 80 "
            "characters)",
        ),
        (
            ["section", "a/b/c", "--title", "x"],
            "invalid briefing id 'a/b': use letters, digits and single hyphens (at most 80 characters)",
        ),
        (["briefing", "index", "--title", "x"], "the briefing id 'index' is reserved"),
        (["briefing", "next", "--title", "  "], "--title must not be empty"),
        (
            ["briefing", "next", "--title", "two\nlines"],
            "--title must be one line of text, without control characters",
        ),
    ],
)
def test_bad_arguments(desk, run_sitegen, argv, message):
    before = snapshot(desk)
    result = run_sitegen(desk, "new", *argv)
    assert (result.status, result.out, result.err) == (2, "", f"sitegen: {message}\n")
    assert snapshot(desk) == before


def test_outside_a_project(tmp_path, run_sitegen):
    result = run_sitegen(tmp_path, "new", "briefing", "next", "--title", "Next")
    assert result.status == 2
    assert result.err == (
        "sitegen: content folder not found: content (run sitegen new in a "
        "project folder, or make one with sitegen init DIR)\n"
    )


def test_the_briefing_must_be_named_when_there_are_several(desk, run_sitegen):
    assert run_sitegen(desk, "new", "briefing", "second", "--title", "Second").status == 0
    result = run_sitegen(desk, "new", "section", "background", "--title", "Background")
    assert (result.status, result.err) == (
        2,
        "sitegen: name the briefing the section belongs "
        "to: sitegen new section BRIEFING/ID (the "
        "briefings: example-briefing, second)\n",
    )


# Content problems: exit 1, the file in the way named.


def test_a_taken_briefing_id(desk, run_sitegen):
    before = snapshot(desk)
    result = run_sitegen(desk, "new", "briefing", "example-briefing", "--title", "Again")
    assert (result.status, result.out) == (1, "")
    assert result.err == ("content/briefings/example-briefing: a briefing with this id already exists\n")
    assert snapshot(desk) == before


def test_a_section_id_in_capitals(desk, run_sitegen):
    result = run_sitegen(desk, "new", "section", "example-briefing/Overview", "--title", "Again")
    assert result.status == 2
    assert result.err == "sitegen: invalid section id 'Overview': ids are lowercase (write 'overview')\n"


def test_an_unknown_briefing(desk, run_sitegen):
    before = snapshot(desk)
    result = run_sitegen(desk, "new", "section", "nope/background", "--title", "Background")
    assert (result.status, result.out) == (1, "")
    assert result.err == (
        "content/briefings/nope: no briefing 'nope' in this project (the briefings: example-briefing)\n"
    )
    assert snapshot(desk) == before


def test_a_second_briefing_in_a_one_briefing_project(tmp_path, run_sitegen):
    project = tmp_path / "one"
    shutil.copytree(FIXTURES / "mini", project / "content")
    result = run_sitegen(project, "new", "briefing", "second", "--title", "Second")
    assert result.status == 1
    assert result.err == (
        "content/briefing.yaml: this project holds one briefing at the top of "
        "content/: to add another, first move it into content/briefings/<id>/\n"
    )
    assert not (project / "content/briefings").exists()


def test_new_briefing_writes_empty_item_files_showing_an_example(desk, run_sitegen):
    assert run_sitegen(desk, "new", "briefing", "city-budget", "--title", "The city budget").status == 0
    folder = desk / "content/briefings/city-budget"
    for kind, field in (("facts", "statement"), ("quotes", "speaker"), ("events", "when")):
        text = (folder / f"{kind}.yaml").read_text("utf-8")
        assert yaml.safe_load(text) is None  # no entries yet
        example = yaml.safe_load("\n".join(line.removeprefix("# ") for line in text.splitlines()[1:]))
        assert field in next(iter(example.values()))
    added = run_sitegen(
        desk, "new", "fact", "city-budget/total", "--source", "example-source", "--statement", "It is big."
    )
    assert added.status == 0, added.err
    assert (folder / "facts.yaml").read_text("utf-8").startswith("# The briefing's facts")


@pytest.mark.parametrize(
    ("command", "file", "place", "placeholder"),
    [
        (
            ("briefing", "city-budget"),
            "content/briefings/city-budget/sections/overview.md",
            "5:37",
            "replace this text",
        ),
        (
            ("section", "example-briefing/later"),
            "content/briefings/example-briefing/sections/later.md",
            "5:1",
            "Write this section here.",
        ),
    ],
)
def test_placeholder_text_fails_check_strict_at_its_place(
    desk, run_sitegen, command, file, place, placeholder
):
    assert run_sitegen(desk, "check", "--strict").status == 0
    assert run_sitegen(desk, "new", *command, "--title", "Later").status == 0
    warning = (
        f"{file}:{place}: warning: placeholder text '{placeholder}' left in section "
        f"'{file.rsplit('/', 1)[-1][:-3]}': write your own [placeholder-text]"
    )
    plain = run_sitegen(desk, "check")
    assert plain.status == 0
    assert placeholder_warnings(plain.out) == [warning]
    strict = run_sitegen(desk, "check", "--strict")
    assert strict.status == 1
    assert placeholder_warnings(strict.out) == [warning]


def placeholder_warnings(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.endswith("[placeholder-text]")]
