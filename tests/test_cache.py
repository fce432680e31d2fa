"""The Markdown cache: a warm build reuses conversions, and any change redoes exactly what it must."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, edit

from sitegen.build import load_site, render_site
from sitegen.config import BuildConfig
from sitegen.markdown.cache import FORMAT, SUFFIX, ConversionCache
from sitegen.markdown.conversion import conversion_salt
from sitegen.site.resolve import resolve


@pytest.fixture
def project(mini_project: Path) -> Path:
    return mini_project


def converted(project: Path, salt: str | None = None) -> set[str]:
    """Build with the project's cache and return the sections that had to be converted."""
    config = BuildConfig(project / "content", project / "templates", project / "output")
    site = load_site(config)
    cache = ConversionCache(project / ".cache", salt or conversion_salt())
    before = {s.id for s in site.sections()}
    resolve(site, cache, workers=1)
    cache.save()
    assert cache.hits + cache.misses == len(before)
    reused = {key for key in before if _was_hit(cache, site, key)}
    return before - reused


def _was_hit(cache: ConversionCache, site, section_id: str) -> bool:
    section = next(s for s in site.sections() if s.id == section_id)
    return cache.key(section.key, section.origin.path, section.body_first_line, section.body) in cache.reused


def test_a_warm_build_converts_nothing(project: Path):
    assert converted(project) == {"one", "two"}
    assert converted(project) == set()


def test_editing_a_section_redoes_only_that_section(project: Path):
    converted(project)
    edit(project / "content/sections/two.md", "More about", "Much more about")
    assert converted(project) == {"two"}


def test_changing_a_fact_redoes_the_sections_that_show_it(project: Path):
    converted(project)
    edit(project / "content/facts.yaml", "value: about 100", "value: nearly 100")
    assert converted(project) == {"one"}


def test_changing_an_entity_redoes_the_sections_that_refer_to_it(project: Path):
    converted(project)
    edit(project / "content/entities.yaml", "name: Alice Example", "name: Alice Exemplar")
    assert converted(project) == {"one", "two"}  # both refer to Alice
    edit(project / "content/entities.yaml", "kind: country", "kind: place")
    assert converted(project) == {"one", "two"}  # both link Ruritania (one by its alias)
    edit(project / "content/entities.yaml", "  description: a minister\n", "")
    assert converted(project) == {"one", "two"}


def test_an_alias_moving_to_another_entity_redoes_its_sections(project: Path):
    converted(project)
    edit(project / "content/entities.yaml", "  aliases: [Strelsau]\n", "")
    edit(project / "content/entities.yaml", "  aliases: [Alice]", "  aliases: [Alice, Strelsau]")
    assert converted(project) == {"one", "two"}  # one says [[Strelsau]]; two quotes Alice


def test_renumbering_sources_redoes_every_section_that_cites(project: Path):
    converted(project)
    sources = project / "content/sources.yaml"
    text = sources.read_text()
    wire, web = text.split("web:\n")
    sources.write_text("web:\n" + web + wire)
    assert converted(project) == {"one", "two"}


def test_moving_a_fact_within_its_file_changes_nothing(project: Path):
    converted(project)
    facts = project / "content/facts.yaml"
    facts.write_text("# a comment that moves every line down\n\n" + facts.read_text())
    assert converted(project) == set()


def test_a_new_sitegen_or_markdown_version_redoes_everything(project: Path):
    converted(project)
    assert converted(project, salt=conversion_salt() + "|next") == {"one", "two"}


def test_cached_output_is_byte_identical_to_uncached(project: Path):
    with_cache = BuildConfig(
        project / "content", project / "templates", project / "out", cache_dir=project / ".cache"
    )
    render_site(with_cache)
    edit(project / "content/facts.yaml", "value: about 100", "value: nearly 100")
    warm = render_site(with_cache).files
    cold = render_site(
        BuildConfig(project / "content", project / "templates", project / "out", cache_dir=None)
    ).files
    assert warm == cold


def test_a_damaged_cache_is_ignored(project: Path):
    converted(project)
    entries = sorted((project / ".cache" / f"markdown-{FORMAT}").glob(f"*{SUFFIX}"))
    assert len(entries) == 2
    entries[0].write_text("{not json")
    entries[1].write_bytes(b"\xff\xfe")
    assert converted(project) == {"one", "two"}


def test_the_cache_keeps_only_what_the_last_build_used(project: Path):
    converted(project)
    edit(project / "content/sections/two.md", "More about", "Much more about")
    converted(project)
    (project / "content/sections/one.md").unlink()
    assert converted(project) == set()
    assert len(list((project / ".cache" / f"markdown-{FORMAT}").glob(f"*{SUFFIX}"))) == 1


def test_the_pool_gives_the_same_pages_as_one_process(tmp_path: Path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    body = (content / "sections/one.md").read_text()
    for n in range(200):  # above both pools' thresholds (sections to convert, pages to render)
        (content / f"sections/extra{n:02d}.md").write_text(
            body.replace("order: 1", f"order: {n + 10}").replace("two.md#details", "one.md")
        )
    templates = Path(__file__).resolve().parent.parent / "templates"
    one = render_site(BuildConfig(content, templates, tmp_path / "o", cache_dir=None, workers=1))
    two = render_site(BuildConfig(content, templates, tmp_path / "o", cache_dir=None, workers=2))
    assert len(one.pages) > 200
    assert one.files == two.files
