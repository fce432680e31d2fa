"""Sources to take away: sources.json (CSL-JSON), sources.bib (BibTeX) and sources.ris (RIS)
beside the sources page, and each briefing's "Cite this briefing", read back as a reader's
reference manager reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from helpers import FIXTURES, assert_output_is_a_clean_builds, build, edit, parse, resolve_link, words_of

CSL_SCHEMA = json.loads((FIXTURES / "csl/csl-data.json").read_text(encoding="utf-8"))
ANEWS_URL = "https://www.anews.com.tr/asia/2026/01/13/takaichi-says-urged-s-koreas-lee-to-help-ensure-regional-stability"
ARCHIVE = "https://web.archive.org/web/20261203000000/https://www.anews.com.tr/asia/2026/01/13/x#top"
ANEWS_TITLE = "Takaichi says urged S. Korea’s Lee to help ‘ensure regional stability’"
REUTERS_TITLE = "China’s Xi to Host South Korea’s Lee Amid Regional Tensions"
# TeX's special characters, each of which must come back as itself
AWKWARD_TITLE = r"R&D: 60% of #1 {costs} cost $5_000 ~ ^ \ too"
AWKWARD_TEX = (
    r"R\&D: 60\% of \#1 \{costs\} cost \$5\_000 \textasciitilde{} \textasciicircum{} \textbackslash{} too"
)


def with_access_and_archive(project: Path) -> None:
    edit(
        project / "content/sources.yaml",
        "  published: 2026-01-13\n",
        "  published: 2026-01-13\n  accessed: 2026-11-29\n"
        f"  archive_url: {ARCHIVE}\n  archived: 2026-12-03\n",
    )


@pytest.fixture
def exported(briefing_project, run_sitegen) -> Path:
    """The bundled desk's output, its A News source given an access date and an archived copy."""
    with_access_and_archive(briefing_project)
    build(briefing_project, run_sitegen, "--base-url", "https://example.org/desk/")
    return briefing_project / "output"


def bibtex_entries(path: Path) -> dict[str, object]:
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return {entry.key: entry for entry in library.entries}


def ris_records(path: Path) -> list[dict[str, list[str]]]:
    """RIS read as its specification writes it: `XX  - value` lines, CR LF, from TY to ER."""
    records: list[dict[str, list[str]]] = []
    text = path.read_bytes().decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, line
        tag, value = match.groups()
        if tag == "TY":
            records.append({})
        records[-1].setdefault(tag, []).append(value)
    assert all(record["ER"] == [""] for record in records)
    return records


def test_sources_json_is_csl_json_valid_against_the_csl_schema(exported: Path):
    items = json.loads((exported / "sources/sources.json").read_text(encoding="utf-8"))
    jsonschema.validate(items, CSL_SCHEMA, cls=jsonschema.Draft7Validator)
    by_id = {item["id"]: item for item in items}
    assert list(by_id) == ["reuters-agencies", "anews-takaichi-lee"]  # sources.yaml's order
    anews = by_id["anews-takaichi-lee"]
    assert anews["type"] == "webpage"
    assert anews["URL"] == ANEWS_URL
    assert anews["title"] == ANEWS_TITLE
    assert anews["publisher"] == anews["container-title"] == "A News"
    assert anews["issued"] == {"date-parts": [[2026, 1, 13]]}
    assert anews["accessed"] == {"date-parts": [[2026, 11, 29]]}
    assert anews["note"] == f"Archived 2026-12-03: {ARCHIVE}"
    # no URL nor date invented for the source that gives none
    assert by_id["reuters-agencies"] == {
        "id": "reuters-agencies",
        "type": "article-newspaper",
        "title": REUTERS_TITLE,
        "publisher": "Reuters / Agencies",
        "container-title": "Reuters / Agencies",
    }


def test_a_source_that_is_not_valid_csl_would_fail_the_schema():
    # the check above can fail: the schema refuses what CSL does not know
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "webpage", "urldate": "2026"}], CSL_SCHEMA)


def test_sources_bib_parses_back_with_each_source(exported: Path):
    entries = bibtex_entries(exported / "sources/sources.bib")
    assert list(entries) == ["reuters-agencies", "anews-takaichi-lee"]
    anews = entries["anews-takaichi-lee"]
    assert anews.entry_type == "online"
    assert anews["url"] == ANEWS_URL
    assert anews["title"] == ANEWS_TITLE
    assert anews["organization"] == "A News"
    assert anews["date"] == "2026-01-13"
    assert anews["urldate"] == "2026-11-29"
    assert anews["note"] == r"Archived 2026-12-03: \url{" + ARCHIVE.replace("#", r"\#") + "}"
    reuters = entries["reuters-agencies"]
    assert reuters.entry_type == "misc"
    assert {field.key for field in reuters.fields} == {"title", "organization"}


def test_tex_special_characters_in_a_title_come_back_as_themselves(briefing_project, run_sitegen):
    edit(briefing_project / "content/sources.yaml", f"title: {ANEWS_TITLE}", f"title: '{AWKWARD_TITLE}'")
    build(briefing_project, run_sitegen)
    path = briefing_project / "output/sources/sources.bib"
    assert bibtex_entries(path)["anews-takaichi-lee"]["title"] == AWKWARD_TEX
    library = bibtexparser.parse_string(
        path.read_text(encoding="utf-8"), append_middleware=[LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    titles = {entry.key: entry["title"] for entry in library.entries}
    # pylatexenc reads \textasciicircum as U+02C6 (modifier letter circumflex)
    assert titles["anews-takaichi-lee"] == AWKWARD_TITLE.replace("^", "\u02c6")
    assert titles["reuters-agencies"] == REUTERS_TITLE


def test_sources_ris_holds_each_source_with_its_dates(exported: Path):
    reuters, anews = ris_records(exported / "sources/sources.ris")
    assert anews == {
        "TY": ["ELEC"],
        "ID": ["anews-takaichi-lee"],
        "TI": [ANEWS_TITLE],
        "PB": ["A News"],
        "T2": ["A News"],
        "PY": ["2026"],
        "DA": ["2026/01/13"],
        "UR": [ANEWS_URL],
        "Y2": ["2026/11/29"],
        "N1": [f"Archived 2026-12-03: {ARCHIVE}"],
        "ER": [""],
    }
    assert reuters["TY"] == ["NEWS"] and "UR" not in reuters and reuters["PB"] == ["Reuters / Agencies"]


def test_the_sources_page_links_each_export(exported: Path):
    page = exported / "sources/index.html"
    downloads = parse(page).select_one(".source-downloads")
    assert words_of(downloads) == "Download the sources: CSL-JSON · BibTeX · RIS"
    targets = [resolve_link(page, a["href"], exported)[0] for a in downloads.find_all("a")]
    assert targets == [
        exported / "sources/sources.json",
        exported / "sources/sources.bib",
        exported / "sources/sources.ris",
    ]
    assert all(target.is_file() for target in targets)


def test_a_briefing_home_cites_the_briefing_in_csl_json_and_bibtex(exported: Path):
    page = exported / "briefings/takaichi-lee-nara/index.html"
    block = parse(page).select_one("section.cite-this")
    assert words_of(block.find("h2")) == "Cite this briefing"
    links = {a.get_text(): resolve_link(page, a["href"], exported)[0] for a in block.select("p a")}
    assert links == {
        "CSL-JSON": exported / "briefings/takaichi-lee-nara/cite.json",
        "BibTeX": exported / "briefings/takaichi-lee-nara/cite.bib",
    }
    # the BibTeX to copy is the file's, and parses back
    assert block.select_one("details.cite-bibtex pre").get_text() == links["BibTeX"].read_text(
        encoding="utf-8"
    )
    entry = bibtex_entries(links["BibTeX"])["takaichi-lee-nara"]
    assert entry.entry_type == "online"
    assert entry["title"] == ANEWS_TITLE  # the briefing's title is its source's
    assert entry["url"] == "https://example.org/desk/briefings/takaichi-lee-nara/"
    assert entry["date"] == "2026-01-13"
    items = json.loads(links["CSL-JSON"].read_text(encoding="utf-8"))
    jsonschema.validate(items, CSL_SCHEMA, cls=jsonschema.Draft7Validator)
    assert items[0]["URL"] == "https://example.org/desk/briefings/takaichi-lee-nara/"
    assert items[0]["container-title"] == "Briefings"


def test_the_exports_of_a_cached_build_are_a_clean_builds(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    with_access_and_archive(briefing_project)
    build(briefing_project, run_sitegen)
    assert bibtex_entries(briefing_project / "output/sources/sources.bib")["anews-takaichi-lee"][
        "urldate"
    ] == ("2026-11-29")
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)
