"""Ids are file names and what references name: refused where two would be one file on macOS
or Windows, or one cannot be a file there; named by `sitegen check` where a reader could take
one for another, or where a folder is skipped."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from helpers import FIXTURES, append, assert_check, assert_fails_with, make_project, snapshot

ENTITY = "{}:\n  name: {}\n  kind: person\n"
SECTION = "---\ntitle: {}\norder: {}\n---\nText [@wire].\n"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    return make_project(tmp_path, FIXTURES / "desk")


@pytest.fixture
def desk_built(desk: Path, run_sitegen) -> dict[str, bytes]:
    assert run_sitegen(desk, "build").status == 0
    return snapshot(desk / "output")


def test_an_id_in_capitals_is_refused(mini_project, run_sitegen, previous_output):
    content = mini_project / "content"
    append(content / "entities.yaml", ENTITY.format("Capital", "The capital"))
    (content / "sections/One.md").write_text(SECTION.format("One again", 3), encoding="utf-8")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/entities.yaml:11:1: invalid entity id 'Capital': ids are lowercase (write 'capital')",
        "content/sections/One.md:1:1: invalid section id 'One': ids are lowercase (write 'one')",
    )


def test_a_briefing_folder_in_capitals_is_refused(desk, run_sitegen, desk_built):
    shutil.copytree(desk / "content/briefings/third", desk / "content/briefings/Third")
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/Third: invalid briefing id 'Third': ids are lowercase (write 'third')",
    )


def test_ids_that_would_be_one_file_on_macos_or_windows_are_refused(
    mini_project, run_sitegen, previous_output
):
    content = mini_project / "content"
    # σ and ς are one letter to Windows' file names (both Σ in capitals)
    append(content / "entities.yaml", ENTITY.format("λόγος", "Logos") + ENTITY.format("λόγοσ", "Logo"))
    composed = "한국"  # two characters; macOS takes their six jamo for the same name
    decomposed = unicodedata.normalize("NFD", composed)
    for order, name in enumerate((composed, decomposed), 3):
        (content / f"sections/{name}.md").write_text(SECTION.format(name, order), encoding="utf-8")
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        "content/entities.yaml:14:1: entity 'λόγοσ' has the same id as entity "
        "'λόγος' (ids may not differ only in case)",
        f"content/sections/{composed}.md:1:1: section '{composed}' has the same id "
        f"as section '{decomposed}' (ids may not differ only in how their letters "
        "are composed: NFC or NFD)",
    )


def test_briefing_folders_that_would_be_one_folder_on_windows_are_refused(desk, run_sitegen, desk_built):
    for name in ("ὁδός", "ὁδόσ"):
        shutil.copytree(desk / "content/briefings/third", desk / "content/briefings" / name)
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/ὁδόσ: briefing 'ὁδόσ' has the same id as briefing "
        "'ὁδός' (ids may not differ only in case)",
    )


def test_windows_device_names_are_refused_as_ids(mini_project, run_sitegen, previous_output):
    content = mini_project / "content"
    append(
        content / "entities.yaml",
        "".join(ENTITY.format(key, f"Device {key}") for key in ("con", "nul", "aux", "com1", "Lpt²")),
    )
    (content / "sections/prn.md").write_text(SECTION.format("Printer", 3), encoding="utf-8")
    device = "is a device name on Windows, where no file may be called '{}', with any extension"
    assert_fails_with(
        mini_project,
        run_sitegen,
        previous_output,
        f"content/entities.yaml:11:1: the entity id 'con' {device.format('con')}",
        f"content/entities.yaml:14:1: the entity id 'nul' {device.format('nul')}",
        f"content/entities.yaml:17:1: the entity id 'aux' {device.format('aux')}",
        f"content/entities.yaml:20:1: the entity id 'com1' {device.format('com1')}",
        f"content/entities.yaml:23:1: the entity id 'Lpt²' {device.format('Lpt²')}",
        f"content/sections/prn.md:1:1: the section id 'prn' {device.format('prn')}",
    )


def test_new_refuses_a_device_name(mini_project, run_sitegen):
    result = run_sitegen(mini_project, "new", "section", "nul", "--title", "Null")
    assert result.status == 2
    assert result.err == (
        "sitegen: the section id 'nul' is a device name on Windows, where no "
        "file may be called 'nul', with any extension\n"
    )


def test_check_names_a_hidden_folder_among_the_briefings(desk, run_sitegen):
    shutil.copytree(desk / "content/briefings/third", desk / "content/briefings/.fourth")
    assert_check(
        desk,
        run_sitegen,
        0,
        "content/briefings/.fourth: warning: folder '.fourth' is not read: a folder "
        "whose name starts with '.' is hidden, and no briefing (rename it to publish "
        "it) [hidden-folder]",
        *SUPERSEDED,
    )


def test_check_names_an_id_that_mixes_scripts(desk, run_sitegen):
    lookalike = "thіrd"  # with a Cyrillic і
    shutil.copytree(desk / "content/briefings/third", desk / "content/briefings" / lookalike)
    append(
        desk / "content/entities.yaml",
        ENTITY.format("аlice", "Alice Lookalike") + ENTITY.format("ѕtrelsau-city", "Strelsau City"),
    )
    assert_check(
        desk,
        run_sitegen,
        0,
        *SUPERSEDED,
        f"content/briefings/{lookalike}/briefing.yaml: warning: briefing id "
        f"'{lookalike}' mixes Cyrillic and Latin letters ('і' is CYRILLIC SMALL LETTER "
        "BYELORUSSIAN-UKRAINIAN I), and differs from briefing 'third' only in its "
        "Cyrillic letters [lookalike-id]",
        "content/entities.yaml:14:1: warning: entity 'аlice' is not mentioned anywhere [unused-entity]",
        "content/entities.yaml:14:1: warning: entity id 'аlice' mixes Cyrillic and "
        "Latin letters ('а' is CYRILLIC SMALL LETTER A), and differs from entity "
        "'alice' only in its Cyrillic letters [lookalike-id]",
        "content/entities.yaml:17:1: warning: entity 'ѕtrelsau-city' is not mentioned "
        "anywhere [unused-entity]",
        "content/entities.yaml:17:1: warning: entity id 'ѕtrelsau-city' mixes Cyrillic "
        "and Latin letters ('ѕ' is CYRILLIC SMALL LETTER DZE): a reference written in "
        "one script would not find it [lookalike-id]",
    )


def test_ids_of_one_script_or_of_scripts_written_together_pass(mini_project, run_sitegen):
    content = mini_project / "content"
    append(
        content / "entities.yaml",
        "".join(
            ENTITY.format(key, f"Name {n}")
            for n, key in enumerate(("서울-seoul", "東京-とうきょう-tokyo", "москва", "αθήνα-2026"))
        ),
    )
    result = run_sitegen(mini_project, "check")
    assert "[lookalike-id]" not in result.out


SUPERSEDED = (
    "content/briefings/first/briefing.yaml: warning: key_facts lists fact 'first/troops', "
    "which fact 'second/troops-june' supersedes [superseded-fact]",
    "content/briefings/first/sections/one.md:10:11: warning: section 'one' cites fact "
    "'first/troops', which fact 'second/troops-june' supersedes [superseded-fact]",
    "content/briefings/second/sections/update.md:11:49: warning: section 'update' cites "
    "fact 'first/troops', which fact 'second/troops-june' supersedes [superseded-fact]",
)
