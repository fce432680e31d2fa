"""A large site's pages are rendered by a pool of worker processes, which write them into the
new output folder themselves: the folder must be what one process writes, file for file and
in its manifest, and a page that fails must leave no output behind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, snapshot

from sitegen.build import PAGE_POOL_THRESHOLD, build
from sitegen.config import BuildConfig
from sitegen.errors import ContentError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def large_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini", content)
    body = (content / "sections/one.md").read_text()
    for n in range(PAGE_POOL_THRESHOLD):
        (content / f"sections/extra{n:03d}.md").write_text(
            body.replace("order: 1", f"order: {n + 10}").replace("two.md#details", "one.md")
        )
    return content


def test_pages_written_by_the_workers_are_those_one_process_writes(large_content, tmp_path):
    alone = build(BuildConfig(large_content, TEMPLATES, tmp_path / "alone", cache_dir=None, workers=1))
    pooled = build(BuildConfig(large_content, TEMPLATES, tmp_path / "pooled", cache_dir=None, workers=2))
    assert len(pooled.pages) > PAGE_POOL_THRESHOLD
    assert snapshot(tmp_path / "pooled") == snapshot(tmp_path / "alone")
    manifest = json.loads((tmp_path / "pooled/.sitegen-output.json").read_text())
    files = {name for name in snapshot(tmp_path / "pooled") if name != ".sitegen-output.json"}
    assert set(manifest) == files and sorted(alone.written) == sorted(pooled.written)


def test_a_page_failing_in_a_worker_leaves_no_output(large_content, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "section.html").write_text(
        (TEMPLATES / "section.html")
        .read_text()
        .replace("{% block main %}", "{% block main %}{{ no_such_value }}")
    )
    config = BuildConfig(large_content, templates, tmp_path / "output", cache_dir=None, workers=2)
    with pytest.raises(ContentError) as raised:
        build(config)
    assert any("no_such_value" in problem.message for problem in raised.value.problems)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "templates"]


def test_a_pooled_build_after_an_edit_is_what_one_process_writes(large_content, tmp_path):
    # the search index, feed, sitemap and data export are made, and written, by a forked
    # process meanwhile; after an edit of a section's text the data export and the sitemap
    # are kept from the last build
    def pooled() -> None:
        build(
            BuildConfig(
                large_content,
                TEMPLATES,
                tmp_path / "pooled",
                cache_dir=cache,
                workers=2,
                base_url="https://example.org/site/",
            )
        )

    cache = tmp_path / "cache"
    pooled()
    section = large_content / "sections/extra007.md"
    section.write_text(section.read_text() + "\nOne more sentence.\n")
    pooled()
    build(
        BuildConfig(
            large_content,
            TEMPLATES,
            tmp_path / "alone",
            cache_dir=None,
            workers=1,
            base_url="https://example.org/site/",
        )
    )
    assert "One more sentence." in (tmp_path / "pooled/assets/search-index.js").read_text()
    assert snapshot(tmp_path / "pooled") == snapshot(tmp_path / "alone")
