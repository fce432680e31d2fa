"""Backlink digests kept between builds (sitegen/site/backlink_memo.py): after any edit that
changes who mentions what, the pages listing mentions are what a clean build makes; a memo
that is damaged, or from another site, costs only time."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from helpers import SEED_BRIEFING, assert_output_is_a_clean_builds, build, edit

from sitegen.site import inputs, resolve
from sitegen.site.backlink_memo import FORMAT
from sitegen.site.inputs import PageDigests
from sitegen.site.resolve import index_backlinks

OTHER = "content/briefings/takaichi-lee-nara/sections/overview.md"
TECHNOLOGY = f"{SEED_BRIEFING}/sections/technology.md"


def memo_file(project: Path) -> Path:
    return project / ".sitegen-cache" / f"backlinks-{FORMAT}.marshal"


# Each changes the spots some entity's page lists, in a different way.
STEPS = {
    # the section's only mention of Taiwan; Nara, which the section did not mention
    "a mention removed": lambda p: edit(p / OTHER, "stance on [[Taiwan]]", "stance on Taiwan"),
    "a mention added": lambda p: edit(p / TECHNOLOGY, "\n## ", "\nSeoul watched [[Nara]].\n\n## "),
    "a mention's sentence reworded": lambda p: edit(p / OTHER, "in [[Beijing]];", "in [[Beijing]] then;"),
    "a section's title": lambda p: edit(p / OTHER, "title: Overview", "title: The meeting"),
    "a section moved": lambda p: edit(p / TECHNOLOGY, "order: 3", "order: 0"),
    "a section left out": lambda p: edit(p / TECHNOLOGY, "order: 0", "order: 0\ndraft: true"),
    "a section back": lambda p: edit(p / TECHNOLOGY, "draft: true", "draft: false"),
}


def test_a_chain_of_mention_edits_gives_a_clean_builds_output_at_each_step(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    assert memo_file(briefing_project).is_file()
    for name, step in STEPS.items():
        step(briefing_project)
        build(briefing_project, run_sitegen)
        assert_output_is_a_clean_builds(briefing_project, run_sitegen), f"after: {name}"


def test_after_one_edit_only_the_lists_it_can_change_are_digested(briefing_project, run_sitegen, monkeypatch):
    build(briefing_project, run_sitegen)
    digested: list[str] = []
    backlinks = PageDigests._backlinks

    def counting(self, key):
        digested.append(key)
        return backlinks(self, key)

    monkeypatch.setattr(PageDigests, "_backlinks", counting)
    STEPS["a mention's sentence reworded"](briefing_project)
    build(briefing_project, run_sitegen)
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)
    # every list the edited section is in, and no other
    assert "backlinks:entity:china" in digested
    assert "backlinks:entity:taiwan" in digested  # in the same section, another sentence
    assert "backlinks:entity:huawei" not in digested  # only in the other briefing
    assert 0 < len(digested) <= 20
    assert all(key.startswith("backlinks:") for key in digested)


def test_an_edit_that_changes_no_list_reads_only_the_edited_sections_spots(
    briefing_project, run_sitegen, monkeypatch
):
    """Its lists' digests come from the memo's parts and the edited section's spots: the
    site's spots are not indexed (rendering a page that lists spots would index them)."""
    build(briefing_project, run_sitegen)
    indexed: list[int] = []  # how many sections' spots were indexed, each time

    def indexing(rendered):
        indexed.append(len(rendered))
        return index_backlinks(rendered)

    monkeypatch.setattr(resolve, "index_backlinks", indexing)
    monkeypatch.setattr(inputs, "index_backlinks", indexing)
    edit(briefing_project / OTHER, "\n## ", "\nA sentence that names nobody.\n\n## ")
    build(briefing_project, run_sitegen)
    assert indexed == [1]
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


DAMAGE = {
    "cut short": lambda data: data[: len(data) // 2],
    "not marshal": lambda data: b"\x00garbage",
    "another shape": lambda data: marshal.dumps(("stamp", [1, 2])),
    "lists of the wrong shape": lambda data: marshal.dumps(
        (
            marshal.loads(data)[0],
            {**marshal.loads(data)[1], "lists": {key: "digest" for key in marshal.loads(data)[1]["lists"]}},
        )
    ),
    "parts that are not strings and bytes": lambda data: marshal.dumps(
        (
            marshal.loads(data)[0],
            {
                **marshal.loads(data)[1],
                "lists": {
                    key: (
                        entry[0],
                        tuple([1] if n % 2 else 1 for n in range(len(entry[1]))),
                        tuple(1 for _ in entry[2]),
                    )
                    for key, entry in marshal.loads(data)[1]["lists"].items()
                },
            },
        )
    ),
    "another site's order": lambda data: marshal.dumps(
        (marshal.loads(data)[0], {**marshal.loads(data)[1], "order": "another site"})
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_memo_is_only_slower(briefing_project, run_sitegen, damage):
    build(briefing_project, run_sitegen)
    path = memo_file(briefing_project)
    path.write_bytes(damage(path.read_bytes()))
    STEPS["a mention removed"](briefing_project)
    result = run_sitegen(briefing_project, "build")
    assert (result.status, result.err) == (0, "")
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)
