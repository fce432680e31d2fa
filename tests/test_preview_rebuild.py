"""The preview's incremental rebuilds: only what changed is rendered, and the result is the
same, byte for byte, as a full build of the same content."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SEED_BRIEFING, SEED_PAGES, edit, parse

from sitegen.build import build
from sitegen.config import BuildConfig
from sitegen.errors import ContentError
from sitegen.preview.rebuild import PreviewBuilder


def folder_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def full_build(project: Path, name: str) -> dict[str, bytes]:
    output = project.parent / name
    build(BuildConfig(project / "content", project / "templates", output, include_drafts=True))
    return folder_files(output)


@pytest.fixture
def preview(briefing_project: Path) -> PreviewBuilder:
    builder = PreviewBuilder(
        BuildConfig(
            briefing_project / "content",
            briefing_project / "templates",
            briefing_project.parent / "preview",
            include_drafts=True,
        )
    )
    builder.build()
    return builder


def test_editing_a_paragraph_rewrites_its_section_the_full_view_and_the_sourcing(preview, briefing_project):
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nA new sentence.\n\n## ")
    outcome = preview.build()
    # the search index holds every section's text; the reading time did not change, but the
    # home's "How this briefing is sourced" counts one more (unsourced) sentence
    assert outcome.written == (
        "assets/search-index.js",
        f"{SEED_PAGES}/full/index.html",
        f"{SEED_PAGES}/index.html",
        f"{SEED_PAGES}/sections/technology.html",
    )
    assert outcome.converted == 1


def test_renaming_a_section_rewrites_home_neighbours_and_backlink_pages(preview, briefing_project):
    edit(
        briefing_project / SEED_BRIEFING / "sections/security.md",
        "title: Security and North Korea",
        "title: Security",
    )
    written = set(preview.build().written)
    assert {
        "index.html",
        f"{SEED_PAGES}/sections/overview.html",
        f"{SEED_PAGES}/sections/security.html",
        f"{SEED_PAGES}/sections/technology.html",
        "sources/index.html",
        "entities/north-korea.html",
    } <= written
    assert "entities/japan.html" not in written  # the security section does not mention Japan
    assert "timeline/index.html" not in written


def test_series_of_edits_gives_the_same_bytes_as_a_full_build(preview, briefing_project):
    content = briefing_project / "content"
    seed = briefing_project / SEED_BRIEFING
    other = content / "briefings/takaichi-lee-nara"
    templates = briefing_project / "templates"
    edits = [
        lambda: edit(
            seed / "sections/security.md",
            "flexible]] to address",
            "flexible]], [[fact:second-meeting]] on, to address",
        ),
        lambda: edit(seed / "facts.yaml", "value: two months", "value: two short months"),
        lambda: edit(seed / "sections/overview.md", "order: 1", "order: 5"),
        lambda: edit(
            content / "entities.yaml", "description: Chinese President", "description: President of China"
        ),
        # across briefings: a reference, a figure that replaces another, a correction
        lambda: edit(
            other / "sections/overview.md",
            "in [[Beijing]];",
            "in [[Beijing]] ([[fact:xi-lee-summit/second-meeting]] after their last meeting);",
        ),
        lambda: edit(
            other / "facts.yaml", "took-office:\n", "took-office:\n  supersedes: xi-lee-summit/agreements\n"
        ),
        lambda: edit(
            other / "briefing.yaml",
            "key_facts:",
            "changes:\n  - date: 2026-01-14\n    kind: correction\n    text: A corrected figure.\nkey_facts:",
        ),
        lambda: edit(
            templates / "_macros.html", '<span class="statement">', '<span class="statement fact-statement">'
        ),
        lambda: (seed / "sections/aftermath.md").write_text(
            "---\ntitle: Aftermath\norder: 9\ndraft: true\n---\n[[Xi]] spoke [@reuters-agencies].\n",
            encoding="utf-8",
        ),
        lambda: edit(templates / "section.html", '<div class="prose">', '<div class="prose body">'),
        lambda: edit(content / "sources.yaml", "publisher:", "publisher: The"),
        lambda: (seed / "sections/technology.md").unlink(),
        lambda: edit(other / "briefing.yaml", "published: 2026-01-13", "published: 2025-01-13"),
        lambda: edit(templates / "static/style.css", "", "/* edited */\n"),
    ]
    for number, change in enumerate(edits):
        change()
        preview.build()
        expected = full_build(briefing_project, f"full-{number}")
        assert folder_files(preview.config.output_dir) == expected, f"after edit {number}"


def test_a_failed_rebuild_keeps_the_last_good_build_and_the_next_one_recovers(preview, briefing_project):
    facts = briefing_project / SEED_BRIEFING / "facts.yaml"
    before = folder_files(preview.config.output_dir)
    original = facts.read_text(encoding="utf-8")
    facts.write_text(original.replace("state-visit:", "state-visit: [", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        preview.build()
    assert folder_files(preview.config.output_dir) == before
    facts.write_text(original.replace("value: two months", "value: 2 months"), encoding="utf-8")
    preview.build()
    assert folder_files(preview.config.output_dir) == full_build(briefing_project, "full")


def test_drafts_show_in_the_preview_marked_and_never_in_a_build(briefing_project, run_sitegen):

    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "order: 3", "order: 3\ndraft: true")
    output = briefing_project.parent / "preview"
    PreviewBuilder(
        BuildConfig(briefing_project / "content", briefing_project / "templates", output, include_drafts=True)
    ).build()
    page = parse(output / f"{SEED_PAGES}/sections/technology.html")
    assert page.select_one("h1 .draft-badge").get_text() == "Draft"
    home = parse(output / SEED_PAGES / "index.html")
    assert "Draft" in [badge.get_text() for badge in home.select(".section-list .draft-badge")]

    assert run_sitegen(briefing_project, "build").status == 0
    built = briefing_project / "output"
    assert not (built / f"{SEED_PAGES}/sections/technology.html").exists()
    links = [a["href"] for a in parse(built / SEED_PAGES / "index.html").select(".section-list a")]
    assert links and "sections/technology.html" not in links


def test_a_deleted_preview_folder_is_written_again_in_full(preview, briefing_project):
    import shutil

    shutil.rmtree(preview.config.output_dir)
    outcome = preview.build()
    assert outcome.full
    assert folder_files(preview.config.output_dir) == full_build(briefing_project, "full")


def test_a_save_of_one_sections_text_gets_its_page_at_once_and_the_rebuild_completes_it(
    preview, briefing_project
):

    section = briefing_project / SEED_BRIEFING / "sections/technology.md"
    output = preview.config.output_dir
    full_page = (output / f"{SEED_PAGES}/full/index.html").read_bytes()
    edit(section, "\n## ", "\nA new sentence about [[Xi]].\n\n## ")

    # an editor that saves by renaming also changes the folder, and keeps a swap file
    swap = section.parent / ".technology.md.swp"
    swap.write_bytes(b"\0")
    changed = [section, section.parent, swap, section.with_name("technology.md~")]
    assert preview.quick_section_page(changed) == f"{SEED_PAGES}/sections/technology.html"
    prose = parse(output / f"{SEED_PAGES}/sections/technology.html").select_one(".prose")
    assert "A new sentence about Xi." in prose.get_text()
    assert (output / f"{SEED_PAGES}/full/index.html").read_bytes() == full_page  # the rebuild's job

    outcome = preview.build()
    assert f"{SEED_PAGES}/sections/technology.html" not in outcome.written  # already on disk
    assert f"{SEED_PAGES}/full/index.html" in outcome.written
    assert "entities/xi-jinping.html" in outcome.written  # a new backlink
    assert folder_files(output) == full_build(briefing_project, "full")


@pytest.mark.parametrize(
    "change", ["front matter", "unknown reference", "broken link", "two files", "yaml file", "new section"]
)
def test_the_quick_answer_is_left_to_the_full_rebuild_when_more_may_have_changed(
    preview, briefing_project, change
):
    content = briefing_project / SEED_BRIEFING
    section = content / "sections/technology.md"
    changed = [section]
    if change == "front matter":  # with its text: the page would show a stale title
        edit(section, "title: ", "title: New ")
        edit(section, "\n## ", "\nMore.\n\n## ")
    elif change == "unknown reference":
        edit(section, "\n## ", "\n[[fact:no-such-fact]]\n\n## ")
    elif change == "broken link":  # a heading another section links to is renamed
        edit(
            content / "sections/overview.md",
            "\n## ",
            "\nSee [supply](technology.md#stabilising-rare-earth-supply-chains).\n\n## ",
        )
        preview.build()
        edit(section, "## Stabilising rare earth supply chains", "## Rare earths")
    elif change == "two files":
        edit(section, "\n## ", "\nMore.\n\n## ")
        edit(content / "sections/overview.md", "\n## ", "\nMore.\n\n## ")
        changed.append(content / "sections/overview.md")
    elif change == "yaml file":
        edit(content / "facts.yaml", "value: two months", "value: two short months")
        changed = [content / "facts.yaml"]
    elif change == "new section":
        changed = [content / "sections/aftermath.md"]
        changed[0].write_text("---\ntitle: Aftermath\norder: 9\n---\nText.\n", encoding="utf-8")
    before = folder_files(preview.config.output_dir)

    assert preview.quick_section_page(changed) is None
    assert folder_files(preview.config.output_dir) == before


def test_a_quick_answer_during_a_rebuild_is_not_overwritten_by_that_rebuild(
    preview, briefing_project, monkeypatch
):
    import sitegen.preview.rebuild

    section = briefing_project / SEED_BRIEFING / "sections/technology.md"
    page = preview.config.output_dir / f"{SEED_PAGES}/sections/technology.html"
    real_site_files = sitegen.preview.rebuild.site_files

    def save_meanwhile(*args, **kwargs):  # the rebuild has read and rendered the first save
        edit(section, "First save.", "Second save.")
        assert preview.quick_section_page([section]) == f"{SEED_PAGES}/sections/technology.html"
        return real_site_files(*args, **kwargs)

    edit(section, "\n## ", "\nFirst save.\n\n## ")
    assert preview.quick_section_page([section]) == f"{SEED_PAGES}/sections/technology.html"
    monkeypatch.setattr(sitegen.preview.rebuild, "site_files", save_meanwhile)
    outcome = preview.build()
    assert f"{SEED_PAGES}/sections/technology.html" not in outcome.written
    assert "Second save." in parse(page).select_one(".prose").get_text()

    monkeypatch.setattr(sitegen.preview.rebuild, "site_files", real_site_files)
    preview.build()  # the rebuild that follows the second save
    assert folder_files(preview.config.output_dir) == full_build(briefing_project, "full")


def test_no_quick_answer_while_the_page_shown_would_carry_a_stale_title(
    preview, briefing_project, monkeypatch
):
    import sitegen.preview.rebuild

    section = briefing_project / SEED_BRIEFING / "sections/technology.md"
    real_site_files = sitegen.preview.rebuild.site_files
    answers = []

    def save_text_meanwhile(*args, **kwargs):  # the title's rebuild is still running
        edit(section, "\n## ", "\nMore text.\n\n## ")
        answers.append(preview.quick_section_page([section]))
        return real_site_files(*args, **kwargs)

    edit(section, "title: ", "title: Renamed ")
    assert preview.quick_section_page([section]) is None
    monkeypatch.setattr(sitegen.preview.rebuild, "site_files", save_text_meanwhile)
    preview.build()
    assert answers == [None]  # the last build's page has the old title


def test_a_save_in_one_briefing_rewrites_only_what_depends_on_it_across_the_desk(preview, briefing_project):
    other = briefing_project / "content/briefings/takaichi-lee-nara"
    edit(
        other / "sections/overview.md",
        "in [[Beijing]];",
        "in [[Beijing]] ([[fact:xi-lee-summit/second-meeting]] after their last meeting);",
    )
    outcome = preview.build()
    written = set(outcome.written)
    assert outcome.converted == 1
    # the page itself and the other briefing's fact entry, which now lists the new spot
    assert {"briefings/takaichi-lee-nara/sections/overview.html", f"{SEED_PAGES}/facts/index.html"} <= written
    # nothing else of the other briefing: its sections do not show the edited one
    assert not [path for path in written if path.startswith(f"{SEED_PAGES}/sections/")]
    # entities named in the edited paragraph show its new text; the others stay
    assert "entities/nara.html" in written and "entities/north-korea.html" not in written
    assert folder_files(preview.config.output_dir) == full_build(briefing_project, "full")


def test_the_preview_processes_again_only_the_image_that_changed(tmp_path):
    from figure_files import FIGURES_YAML, figure_project, photo

    figures = FIGURES_YAML + FIGURES_YAML.replace("map:", "other:").replace("photo.jpg", "two.jpg")
    project = figure_project(
        tmp_path / "p",
        figures,
        {"figures/photo.jpg": photo(), "figures/two.jpg": photo(shade=90)},
        placed="[[figure:map]]\n\n[[figure:other]]",
    )
    builder = PreviewBuilder(
        BuildConfig(
            project / "content",
            project / "templates",
            tmp_path / "preview",
            include_drafts=True,
            cache_dir=tmp_path / "cache",
        )
    )
    assert builder.build().images_processed == 2
    (project / "content" / "figures" / "two.jpg").write_bytes(photo(shade=20))
    outcome = builder.build()
    assert outcome.images_processed == 1
    assert outcome.converted == 1  # the section showing it, and no other
    assert "sections/two.html" in outcome.written
    assert len(outcome.removed) == 4 and all(p.startswith("figures/two-") for p in outcome.removed)
    assert builder.build().images_processed == 0
    assert folder_files(tmp_path / "preview") == {
        name: data for name, data in full_build(project, "full").items()
    }
