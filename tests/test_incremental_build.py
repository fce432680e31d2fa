"""`sitegen build` after an edit: the pages whose inputs did not change are taken from the last
build as they are, and the output is byte for byte what a clean build makes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import (
    OTHER_BRIEFING,
    SEED_BRIEFING,
    SEED_PAGES,
    assert_output_is_a_clean_builds,
    build,
    clean_build,
    edit,
    snapshot,
)

from sitegen import file_state
from sitegen.content import load
from sitegen.markdown import conversion
from sitegen.site import publish

pytestmark = pytest.mark.usefixtures("files_settle_at_once")


def files_read(monkeypatch) -> list[str]:
    """The content files the builds from now on read, as messages show them."""
    read: list[str] = []
    real = load.read_text

    def reading(path, problems, shown=None):
        text = real(path, problems, shown)
        read.append(text.path if text else str(path))
        return text

    monkeypatch.setattr(load, "read_text", reading)
    return read


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_a_section_edit_renders_only_the_pages_that_show_it(briefing_project, run_sitegen):
    assert build(briefing_project, run_sitegen) == 0  # the first build renders everything
    output = briefing_project / "output"
    entity = output / "entities/north-korea.html"
    before = inode(entity)
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nA new sentence.\n\n## ")
    pages = len(json.loads((output / ".sitegen-output.json").read_text()))
    kept = build(briefing_project, run_sitegen)
    # the section, the briefing's home (reading time) and full text, the desk's home
    assert 20 < kept < pages
    assert inode(entity) == before  # the same file, not written again
    assert "A new sentence." in (output / SEED_PAGES / "sections/technology.html").read_text()
    assert snapshot(output) == {
        **clean_build(briefing_project, run_sitegen),
        ".sitegen-output.json": (output / ".sitegen-output.json").read_bytes(),
    }


def test_the_data_export_and_sitemap_are_made_again_only_when_what_they_show_changes(
    briefing_project, run_sitegen, monkeypatch
):
    made: list[str] = []

    def counted(name: str) -> None:
        real = getattr(publish, name)

        def making(*args):
            made.append(name)
            return real(*args)

        monkeypatch.setattr(publish, name, making)

    counted("site_data")
    counted("sitemap")
    args = ["--base-url", "https://example.org/desk/"]
    build(briefing_project, run_sitegen, *args)
    assert made == ["site_data", "sitemap"]
    made.clear()
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nA new sentence.\n\n## ")
    build(briefing_project, run_sitegen, *args)
    assert made == []  # both kept from the last build
    edit(briefing_project / SEED_BRIEFING / "facts.yaml", "value: two months", "value: two short months")
    build(briefing_project, run_sitegen, *args)
    assert made == ["site_data"]  # the same pages and dates: the same sitemap
    output = briefing_project / "output"
    assert "two short months" in (output / "data/site.json").read_text(encoding="utf-8")
    clean = run_sitegen(briefing_project, "build", "--no-cache", "--output", "clean", *args)
    assert clean.status == 0
    assert snapshot(output) == {
        **snapshot(briefing_project / "clean"),
        ".sitegen-output.json": (output / ".sitegen-output.json").read_bytes(),
    }


EDITS = {
    "a fact's figure": lambda p: edit(
        p / SEED_BRIEFING / "facts.yaml", "value: two months", "value: two short months"
    ),
    "a section's order": lambda p: edit(p / SEED_BRIEFING / "sections/overview.md", "order: 1", "order: 5"),
    "an entity's description": lambda p: edit(
        p / "content/entities.yaml", "description: Chinese President", "description: President of China"
    ),
    "a reference across briefings": lambda p: edit(
        p / OTHER_BRIEFING / "sections/overview.md",
        "in [[Beijing]];",
        "in [[Beijing]] ([[fact:xi-lee-summit/second-meeting]] after their last meeting);",
    ),
    "a correction": lambda p: edit(
        p / OTHER_BRIEFING / "briefing.yaml",
        "key_facts:",
        "changes:\n  - date: 2026-01-14\n    kind: correction\n    text: A corrected figure.\nkey_facts:",
    ),
    "a template": lambda p: edit(
        p / "templates/_macros.html", '<span class="statement">', '<span class="statement fact-statement">'
    ),
    "a source": lambda p: edit(p / "content/sources.yaml", "publisher:", "publisher: The"),
    "a base URL": lambda p: None,  # the build is given another --base-url
    # shown in sources.json, .bib and .ris only (source_exports.py)
    "a source's access date": lambda p: edit(
        p / "content/sources.yaml",
        "  published: 2026-01-13\n",
        "  published: 2026-01-13\n  accessed: 2026-11-29\n",
    ),
    # in the briefing's cite.json, cite.bib and its home's "Cite this briefing"
    "a briefing's authors": lambda p: edit(
        p / OTHER_BRIEFING / "briefing.yaml",
        "publisher: A News\n",
        "publisher: A News\nauthors: [A. Writer]\n",
    ),
    # (of a source without a snapshot: a quote its snapshot does not hold stops the build)
    "a quote's words": lambda p: edit(
        p / SEED_BRIEFING / "quotes.yaml", "slightly more than before", "slightly more than earlier"
    ),
    "a figure's caption": lambda p: edit(
        p / OTHER_BRIEFING / "figures.yaml", "caption: Lee’s meetings", "caption: The meetings of Lee"
    ),
    "a chart's title": lambda p: edit(
        p / SEED_BRIEFING / "charts.yaml", "title: China’s share", "title: The share of China"
    ),
    "an event's date": lambda p: edit(
        p / SEED_BRIEFING / "events.yaml", "when: in November", "when: in early November"
    ),
    "the site's title": lambda p: edit(p / "content/site.yaml", "title: Briefings", "title: The briefings"),
    "an entity added": lambda p: edit(
        p / "content/entities.yaml",
        "# People\n",
        "# People\nnew-envoy:\n  name: A new envoy\n  kind: person\n\n",
    ),
    "a section added": lambda p: (p / SEED_BRIEFING / "sections/added.md").write_text(
        "---\ntitle: An added section\norder: 4\n---\n[[China]] and [[Japan]] again.[@reuters-agencies]\n",
        encoding="utf-8",
    ),
    "a section removed": lambda p: (p / OTHER_BRIEFING / "sections/shuttle-diplomacy.md").unlink(),
    "a briefing removed": lambda p: shutil.rmtree(p / OTHER_BRIEFING),
}


@pytest.mark.parametrize("change", EDITS)
def test_after_each_kind_of_edit_the_output_is_a_clean_builds(briefing_project, run_sitegen, change):
    args = ["--base-url", "https://example.org/desk/"]
    build(briefing_project, run_sitegen, *args)
    before = snapshot(briefing_project / "output")
    EDITS[change](briefing_project)
    if change == "a base URL":
        args = ["--base-url", "https://example.org/other/"]
    build(briefing_project, run_sitegen, *args)
    output = snapshot(briefing_project / "output")
    assert output != before  # the edit shows
    clean = run_sitegen(briefing_project, "build", "--no-cache", "--output", "clean", *args)
    assert clean.status == 0
    expected = snapshot(briefing_project / "clean")
    assert {name: data for name, data in output.items() if name != ".sitegen-output.json"} == {
        name: data for name, data in expected.items() if name != ".sitegen-output.json"
    }


def test_a_page_changed_by_hand_in_the_output_is_made_again(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    page = briefing_project / "output/entities/japan.html"
    good = page.read_bytes()
    page.write_bytes(b"<p>edited by hand</p>")
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    assert page.read_bytes() == good


def test_a_damaged_record_means_every_page_is_rendered(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    for record in (briefing_project / ".sitegen-cache").glob("build-*.json"):
        record.write_text('{"format": 2, "page_digests": "not a mapping"}')
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nMore.\n\n## ")
    assert build(briefing_project, run_sitegen) == 0


# The entries of unchanged files, kept as the last build checked them (content/model_cache.py).


def test_problems_across_files_are_found_when_the_other_files_were_kept(briefing_project, run_sitegen):
    # a fact of one briefing supersedes one of the other; that file is then kept as it is
    edit(
        briefing_project / OTHER_BRIEFING / "facts.yaml",
        "took-office:\n",
        "took-office:\n  supersedes: xi-lee-summit/agreements\n",
    )
    build(briefing_project, run_sitegen)
    # ...while another file names an entity that goes, and closes a cycle of superseding
    edit(briefing_project / "content/entities.yaml", "wi-sung-lac:", "wi-sung-lack:")
    edit(
        briefing_project / SEED_BRIEFING / "facts.yaml",
        "value: more than 10",
        "value: more than 10\n  supersedes: takaichi-lee-nara/took-office",
    )
    kept = run_sitegen(briefing_project, "build")
    clean = run_sitegen(briefing_project, "build", "--no-cache")
    assert kept.status == clean.status == 1
    assert kept.err == clean.err  # the same problems, at the same places
    assert (
        "quote 'wi-new-chapter': 'speaker' names unknown entity 'wi-sung-lac' (did you mean 'wi-sung-lack'?)"
        in kept.err
    )
    assert f"{OTHER_BRIEFING}/facts.yaml:" in kept.err and "in a cycle of facts" in kept.err


def model_files(project: Path) -> list[Path]:
    return sorted((project / ".sitegen-cache").glob("model-*.marshal"))


def test_a_damaged_model_cache_is_ignored(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    for model in model_files(briefing_project):
        model.write_bytes(model.read_bytes()[: len(model.read_bytes()) // 2])  # truncated
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_a_build_after_an_edit_reads_only_the_edited_file(briefing_project, run_sitegen, monkeypatch):
    build(briefing_project, run_sitegen)
    read = files_read(monkeypatch)
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    # of the sections and the files of entries, which the cache keeps (the few small files
    # of a site's and a briefing's own settings are read at every build)
    kept_kinds = [name for name in read if name.endswith(".md") or Path(name).stem in load.CACHED_FILES]
    assert kept_kinds == [f"{SEED_BRIEFING}/sections/technology.md"]
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_an_edit_that_keeps_the_size_and_modification_time_is_seen(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    facts = briefing_project / SEED_BRIEFING / "facts.yaml"
    before = facts.stat()
    edit(facts, "value: about 28,500", "value: about 28,600")  # a figure, shown on the facts page
    os.utime(facts, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or rsync -t
    assert (facts.stat().st_size, facts.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    build(briefing_project, run_sitegen)  # its change time is new: read again
    assert "about 28,600" in (briefing_project / "output" / SEED_PAGES / "facts/index.html").read_text()
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_files_changed_just_before_a_build_are_read_again_by_the_next(
    briefing_project, run_sitegen, monkeypatch
):
    # sitegen's own margin: the project's files were all written a moment ago, and a second
    # change within the tick of a coarse clock would leave a file's state as it was
    monkeypatch.setattr(file_state, "TRUST_AFTER_NS", 2_000_000_000)
    build(briefing_project, run_sitegen)
    read = files_read(monkeypatch)
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    content = briefing_project / "content"
    # the snapshots of sources too: every build checks quotes and figures against them
    assert len(read) == sum(
        1 for path in content.rglob("*") if path.suffix in (".md", ".yaml") or path.parent.name == "snapshots"
    )
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_lookups_are_fingerprinted_again_only_when_what_they_find_changed(
    briefing_project, run_sitegen, monkeypatch
):
    computed: list[object] = []
    real = conversion._fingerprint

    def fingerprint(digests, item, *extra):
        computed.append(item)
        return real(digests, item, *extra)

    monkeypatch.setattr(conversion, "_fingerprint", fingerprint)
    build(briefing_project, run_sitegen)
    assert len(computed) > 20
    computed.clear()
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    assert computed == []  # the last build's fingerprints, for the same items
    edit(briefing_project / SEED_BRIEFING / "facts.yaml", "value: two months", "value: two short months")
    build(briefing_project, run_sitegen)
    assert len(computed) > 20
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_one_edit_rewrites_only_the_model_file_that_holds_the_edited_file(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    before = {path.name: os.stat(path) for path in model_files(briefing_project)}
    assert len(before) > 5  # the bundled desk's 20 files spread over several
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "\n## ", "\nMore.\n\n## ")
    build(briefing_project, run_sitegen)
    after = {path.name: os.stat(path) for path in model_files(briefing_project)}
    assert after.keys() == before.keys()
    rewritten = [name for name in after if not os.path.samestat(after[name], before[name])]
    assert len(rewritten) == 1
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_a_section_made_a_draft_leaves_the_build_though_its_text_was_kept(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "order: 3", "order: 3\ndraft: true")
    build(briefing_project, run_sitegen)
    assert not (briefing_project / "output" / SEED_PAGES / "sections/technology.html").exists()
    edit(briefing_project / SEED_BRIEFING / "sections/technology.md", "draft: true", "draft: false")
    build(briefing_project, run_sitegen)
    assert (briefing_project / "output" / SEED_PAGES / "sections/technology.html").exists()
