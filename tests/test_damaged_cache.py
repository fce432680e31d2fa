"""A damaged cache is never trusted: whatever happened to .sitegen-cache/ (a file cut short by
a full disk or a killed build, garbled bytes, another program's JSON, a cache written by
another version of sitegen), the build ignores what it cannot trust, says nothing alarming,
and gives exactly the output of a build without the cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import snapshot

from sitegen.markdown.cache import FORMAT

POISON = "<p>POISON: from a damaged cache entry</p>"


def entries(project: Path) -> list[Path]:
    return sorted((project / ".sitegen-cache" / f"markdown-{FORMAT}").glob("*.json"))


def with_poison(change: Callable[[dict], object]) -> Callable[[str], str]:
    """A well-formed entry whose HTML is poison, then damaged by `change`: if the build ever
    used it, the poison would show in the pages."""
    def damage(text: str) -> str:
        entry = json.loads(text)
        entry["html"] = POISON
        change(entry)
        return json.dumps(entry)
    return damage


ENTRY_DAMAGE: dict[str, Callable[[str], str]] = {
    "truncated": lambda text: text[:len(text) // 2],
    "empty": lambda text: "",
    "garbled": lambda text: "\ufffd\x00" + text[::-1],
    "another program's JSON": lambda text: '["not", "a", "sitegen", "entry"]',
    "another sitegen version": with_poison(lambda entry: entry.update(salt="0.0.1|3.0|x")),
    "a field missing": with_poison(lambda entry: entry.pop("links")),
    "a field of the wrong type": with_poison(lambda entry: entry.update(toc="not a list")),
    "a row of the wrong length": with_poison(lambda entry: entry["mentions"].append(["x"])),
    "a lookup of the wrong type": with_poison(lambda entry: entry.update(lookups=["fact:x"])),
}


@pytest.mark.parametrize("damage", ENTRY_DAMAGE.values(), ids=ENTRY_DAMAGE.keys())
def test_a_damaged_entry_is_converted_again(mini_project: Path, run_sitegen, damage):
    assert run_sitegen(mini_project, "build").status == 0
    uncached = run_sitegen(mini_project, "build", "--no-cache", "--output", "uncached")
    assert uncached.status == 0
    for entry in entries(mini_project):
        entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    # a new output folder: the build cannot be skipped as up to date, so it reads the cache
    result = run_sitegen(mini_project, "build", "--output", "cached")
    assert (result.status, result.err) == (0, "")
    assert snapshot(mini_project / "cached") == snapshot(mini_project / "uncached")
    # the damaged entries were replaced by good ones
    for entry in entries(mini_project):
        assert POISON not in entry.read_text(encoding="utf-8")


RECORD_DAMAGE: dict[str, Callable[[str], str]] = {
    "truncated": lambda text: text[:len(text) // 2],
    "garbled": lambda text: "\x00\xff" + text[1:],
    "another program's JSON": lambda text: "[1, 2, 3]",
    "outputs of the wrong shape": lambda text: json.dumps({**json.loads(text), "outputs": [1]}),
    "pages of the wrong type": lambda text: json.dumps({**json.loads(text), "pages": "many"}),
    "sizes of the wrong shape": lambda text: json.dumps(
        {**json.loads(text), "outputs": {name: 1 for name in json.loads(text)["outputs"]}}),
}


@pytest.mark.parametrize("damage", RECORD_DAMAGE.values(), ids=RECORD_DAMAGE.keys())
def test_a_damaged_build_record_means_a_full_build(mini_project: Path, run_sitegen, damage):
    assert run_sitegen(mini_project, "build").status == 0
    before = snapshot(mini_project / "output")
    [record] = (mini_project / ".sitegen-cache").glob("build-*.json")
    record.write_text(damage(record.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_sitegen(mini_project, "build")
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("built ")  # not "up to date": the record was not trusted
    assert snapshot(mini_project / "output") == before
    assert run_sitegen(mini_project, "build").out.startswith("output/ is up to date")


@pytest.mark.parametrize("where", [".sitegen-cache", f".sitegen-cache/markdown-{FORMAT}"])
def test_a_file_where_the_cache_folder_should_be_is_only_slower(mini_project: Path,
                                                                run_sitegen, where):
    assert run_sitegen(mini_project, "build", "--no-cache", "--output", "uncached").status == 0
    (mini_project / where).parent.mkdir(parents=True, exist_ok=True)
    (mini_project / where).write_text("not a folder")
    result = run_sitegen(mini_project, "build")
    assert (result.status, result.err) == (0, "")
    assert snapshot(mini_project / "output") == snapshot(mini_project / "uncached")
