"""What the sources page, entity pages, search and coverage quote of a section: the text its
page shows, whatever Python-Markdown does on the way (character references, escapes, code,
raw HTML shown as text, email autolinks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import load_global, parse

SECTION = r"""---
title: Two
order: 2
---
[[alice|The minister]] said AT&amp;T and &copy; `a < b` `&amp;`
\*not emphasis\* <b>bold</b>, write to <desk@example.org> [@wire].

## Details

## AT&amp;T & `x<y`

More about [[ruritania]] [@web]. Unsourced AT&amp;T `a<b`.
"""
SHOWN = "The minister said AT&T and © a < b &amp; *not emphasis* <b>bold</b>, write to desk@example.org."


@pytest.fixture
def project(mini_project: Path) -> Path:
    (mini_project / "content/sections/two.md").write_text(SECTION, encoding="utf-8")
    return mini_project


def page_text(element) -> str:
    """An element's text as the page shows it, without its citation marks."""
    for mark in element.select(".cite"):
        mark.decompose()
    return " ".join(element.get_text().split()).replace(" .", ".").replace(" ,", ",")


def test_the_sources_and_entity_pages_quote_what_the_section_shows(project, run_sitegen):
    assert run_sitegen(project, "build").status == 0
    output = project / "output"
    paragraph = parse(output / "sections/two.html").select_one(".prose p")
    assert page_text(paragraph) == SHOWN
    sources = parse(output / "sources/index.html")
    spots = [" ".join(span.get_text().split()) for span in sources.select("#src-wire .context")]
    assert SHOWN in spots
    entity = parse(output / "entities/alice.html")
    assert SHOWN in [" ".join(item.get_text().split()) for item in entity.select(".context")]


def test_the_search_index_holds_what_the_section_shows(project, run_sitegen):
    assert run_sitegen(project, "build").status == 0
    documents = load_global(project / "output/assets/search-index.js", "SITEGEN_SEARCH")
    two = next(doc for doc in documents if doc["url"] == "sections/two.html")
    assert two["text"] == (f"{SHOWN} Details AT&T & x<y More about Ruritania. Unsourced AT&T a<b.")


def test_the_contents_of_a_section_name_its_headings_as_they_read(project, run_sitegen):
    assert run_sitegen(project, "build").status == 0
    page = parse(project / "output/sections/two.html")
    headings = [heading.get_text() for heading in page.select(".prose h2")]
    assert headings == ["Details", "AT&T & x<y"]
    assert [item.get_text() for item in page.select("nav.toc li")] == headings


def test_coverage_quotes_an_unsourced_sentence_as_it_reads(project, run_sitegen):
    result = run_sitegen(project, "check")
    assert (
        "content/sections/two.md:12:34: warning: sentence rests on no source: “Unsourced "
        "AT&T a<b.” (cite a source, or mark the desk's own analysis with [!analysis]) "
        "[unsourced-sentence]" in result.out.splitlines()
    )
