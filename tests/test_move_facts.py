"""`sitegen move-facts`: facts defined in sentences moved into facts.yaml, the site the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, edit, make_project, parse, snapshot, words_of

XI = "content/briefings/xi-lee-summit"
SECURITY = f"{XI}/sections/security.md"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    project = make_project(tmp_path, REPO / "content")
    edit(
        project / SECURITY,
        "may discuss sensitive issues such as [[fact:alliance-modernisation|modernisation of the U.S.–South "
        "Korea alliance]].",
        "may discuss [[fact:sensitive-issues = sensitive issues]] such as modernisation of the U.S.–South "
        "Korea alliance.[@reuters-agencies]",
    )
    return project


def _built(project: Path, run_sitegen, name: str) -> dict[str, bytes]:
    result = run_sitegen(project, "build", "--no-cache", "--output", name)
    assert result.status == 0, result.err
    return snapshot(project / name)


def test_moved_facts_make_the_same_site(desk: Path, run_sitegen):
    before = _built(desk, run_sitegen, "before")
    facts = (desk / f"{XI}/facts.yaml").read_text(encoding="utf-8")
    result = run_sitegen(desk, "move-facts")
    assert result.status == 0, result.err
    line = facts.count("\n") + 2  # after a blank line
    assert result.out == (
        f"moved fact 'xi-lee-summit/sensitive-issues' from {SECURITY}:13:44 to {XI}/facts.yaml:{line}\n"
    )
    # facts.yaml kept as it was, the fact added at its end; the sentence a plain reference now
    assert (desk / f"{XI}/facts.yaml").read_text(encoding="utf-8").startswith(facts)
    text = (desk / SECURITY).read_text(encoding="utf-8")
    assert "may discuss [[fact:sensitive-issues]] such as" in text
    after = _built(desk, run_sitegen, "after")
    section = "briefings/xi-lee-summit/sections/security.html"
    differ = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    # the same fact, in the model as on its pages (links to spots aside, numbered in order)
    entries = [
        words_of(
            parse(desk / page / "briefings/xi-lee-summit/facts/index.html").find(id="fact-sensitive-issues")
        )
        for page in ("before", "after")
    ]
    assert entries[0] == entries[1]
    assert entries[0].startswith("Experts say Xi and Lee may discuss sensitive issues such as")
    # the mark moved from the end of the sentence to the figure: the section's text and the
    # links to its spots (numbered in order: entity pages, the sources page) are all that changed
    assert differ <= {
        section,
        "briefings/xi-lee-summit/full/index.html",
        "briefings/xi-lee-summit/facts/index.html",
        "sources/index.html",
    } | {name for name in differ if name.startswith("entities/")}
    for page in ("before", "after"):
        paragraph = (
            parse(desk / page / section).select_one('a[data-fact="sensitive-issues"]').find_parent("p")
        )
        assert len(paragraph.select("a.cite-mark")) == 2
        for mark in paragraph.select("sup.cite"):
            mark.decompose()
        assert (
            words_of(paragraph).split()
            == (
                "Experts say Xi and Lee may discuss sensitive issues such as modernisation of the U.S.–South "
                "Korea alliance. Seoul is also expected to reassure Beijing that its plans to develop "
                "nuclear-powered submarines are aimed solely at deterring North Korea."
            ).split()
        )


def test_nothing_to_move(tmp_path: Path, run_sitegen):
    project = make_project(tmp_path, REPO / "content")
    before = snapshot(project)
    result = run_sitegen(project, "move-facts")
    assert (result.status, result.out) == (0, "no facts are defined in sentences: nothing to move\n")
    assert snapshot(project) == before


def test_an_unknown_briefing(desk: Path, run_sitegen):
    before = snapshot(desk)
    result = run_sitegen(desk, "move-facts", "xi-summit")
    assert result.status == 2
    assert result.err == (
        "sitegen: move-facts: no briefing 'xi-summit' (the briefings are: takaichi-lee-nara, xi-lee-summit)\n"
    )
    assert snapshot(desk) == before
