"""What readers of the bundled desk saw on its pages, set right: figures set as figures and
phrases as text, dates as the site writes them, each place listed once, excerpts cut at words."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import (
    OTHER_BRIEFING,
    REPO,
    SEED_PAGES,
    assert_output_is_a_clean_builds,
    build,
    build_into,
    edit,
    parse,
    words_of,
)

from sitegen.build import build as full_build
from sitegen.config import BuildConfig
from sitegen.content.quantities import is_figure
from sitegen.markdown.section_text import shortened
from sitegen.preview.rebuild import PreviewBuilder

NARA_PAGES = "briefings/takaichi-lee-nara"


def test_key_fact_cards_set_figures_large_and_phrases_as_text(built_briefing):
    seed = parse(built_briefing / SEED_PAGES / "index.html")
    nara = parse(built_briefing / NARA_PAGES / "index.html")
    seed_values = [words_of(v) for v in seed.select(".key-facts .value")]
    nara_cards = nara.select(".key-facts li")
    assert "about 28,500" in seed_values and "nearly half" in seed_values  # figures
    assert "two months" not in seed_values  # a phrase
    assert nara_cards and not [words_of(v) for v in nara.select(".key-facts .value")]
    phrase_card = next(card for card in nara_cards if "second visit to Japan" in words_of(card))
    # the phrase reads within its statement, and the card still leads to the fact's entry
    assert "The trip to Nara is Lee’s second visit to Japan since August." in words_of(phrase_card)
    assert phrase_card.select_one("a.entry-link")["href"] == "facts/index.html#fact-second-visit"


def test_a_fact_page_labels_only_a_figure_as_a_figure(built_briefing):
    nara = parse(built_briefing / NARA_PAGES / "facts" / "index.html")
    seed = parse(built_briefing / SEED_PAGES / "facts" / "index.html")
    took_office = nara.select_one("#fact-took-office")
    assert "Lee and Takaichi both took office in 2025." in words_of(took_office)
    assert "Figure" not in words_of(took_office)
    troops = words_of(seed.select_one("#fact-us-troops"))
    assert "Figure: about 28,500" in troops


def test_a_fact_used_twice_in_a_section_lists_the_section_once(built_briefing):
    for briefing in (SEED_PAGES, NARA_PAGES):
        page = parse(built_briefing / briefing / "facts" / "index.html")
        for line in page.select(".used-in"):
            places = [link["href"].partition("#")[0] for link in line.select("a")]
            assert len(places) == len(set(places)), words_of(line)


def test_a_key_facts_as_of_date_reads_as_a_date(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    facts = content / OTHER_BRIEFING.removeprefix("content/") / "facts.yaml"
    edit(facts, "  value: in 2025\n", "  value: in 2025\n  as_of: 2026-01\n")
    edit(
        facts,
        "  value: second visit to Japan since August\n",
        "  value: second visit to Japan since August\n  as_of: 2026-01-13\n",
    )
    output = build_into(tmp_path / "output", content)
    page = parse(output / NARA_PAGES / "facts" / "index.html")
    # after the statement's citation mark, a space and the date as the site writes dates
    assert re.search(r"\S \(as of January 2026\)", words_of(page.select_one("#fact-took-office")))
    assert "(as of 13 January 2026)" in words_of(page.select_one("#fact-second-visit"))
    assert "2026-01" not in words_of(page.select_one(".fact-list"))


def test_the_sources_page_lists_each_place_once_by_its_section(built_briefing):
    page = parse(built_briefing / "sources" / "index.html")
    lists = page.select(".cited-at ul")
    assert lists
    for spots in lists:
        seen = [
            (item.a["href"].partition("#")[0], words_of(item.select_one(".context")))
            for item in spots.select("li")
        ]
        assert len(seen) == len(set(seen)), seen
        for item in spots.select("li"):
            assert not words_of(item.a).startswith("Back to")  # the reader did not come from there


def test_excerpts_on_the_sources_page_end_at_a_word(built_briefing):
    page = parse(built_briefing / "sources" / "index.html")
    cut = [words_of(c) for c in page.select(".context") if words_of(c).endswith("…")]
    assert cut
    for excerpt in cut:
        item = next(c for c in page.select(".context") if words_of(c) == excerpt).find_parent("li")
        section, _, _ = item.a["href"].partition("#")
        prose = parse((built_briefing / "sources" / section).resolve()).select_one(".prose")
        for mark in prose.select("sup.cite"):
            mark.decompose()
        prose = words_of(prose)
        last_word = re.findall(r"\w+", excerpt)[-1]  # where the cut is
        assert re.search(rf"\b{last_word}\b", prose), f"{excerpt!r} stops inside a word"


def test_shortened_text_stops_at_the_end_of_a_word():
    text = "China reacted angrily to the suggestion that Japan could intervene militarily"
    assert shortened(text, 60) == "China reacted angrily to the suggestion that Japan could…"
    assert shortened(text, 200) == text
    assert shortened("a" * 80, 10) == "a" * 9 + "…"  # one long word: cut as it is
    assert shortened("one, two three", 10) == "one, two…"


@pytest.mark.parametrize(
    ("value", "figure"),
    [
        ("about 28,500", True),
        ("nearly half", True),
        ("60.7 percent", True),
        ("3.2 million euros", True),
        ("about one-third", True),
        ("second visit to Japan since August", False),
        ("in 2025", False),
        ("sensitive issues", False),
    ],
)
def test_a_figure_is_a_number_or_a_share_and_a_phrase_is_not(value, figure):
    assert is_figure(value) is figure


def test_a_briefings_citation_marks_count_from_one_in_that_briefing(built_briefing):
    for briefing in (SEED_PAGES, NARA_PAGES):
        numbers: dict[str, set[str]] = {}  # source id -> the numbers its marks show
        for page in (built_briefing / briefing).rglob("*.html"):
            for mark in parse(page).select("a.cite-mark"):
                source = mark.get("data-source") or mark["href"].rpartition("#src-")[2]
                numbers.setdefault(source, set()).add(re.match(r"\[(\d+)\]", words_of(mark)).group(1))
        assert all(len(shown) == 1 for shown in numbers.values()), numbers  # one number a source
        assert sorted(int(n) for shown in numbers.values() for n in shown) == list(range(1, len(numbers) + 1))
        # the whole briefing's endnotes carry the numbers its marks show
        endnotes = parse(built_briefing / briefing / "full" / "index.html").select(".endnote-list > li")
        assert [li["value"] for li in endnotes] == [str(n) for n in range(1, len(endnotes) + 1)]
    # the second briefing's own source, first met in its text, is its [1]
    nara = parse(built_briefing / NARA_PAGES / "sections" / "overview.html")
    assert words_of(nara.select_one('a.cite-mark[data-source="anews-takaichi-lee"]')).startswith("[1]")


def test_a_briefing_renumbered_by_one_sections_edit_builds_as_a_clean_build(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    facts_page = briefing_project / "output" / NARA_PAGES / "facts" / "index.html"
    assert words_of(parse(facts_page).select_one("#fact-took-office a.cite-mark")).startswith("[1]")
    # the first section now cites the other source first: the briefing's numbers swap, on
    # pages whose own inputs did not change too
    edit(
        briefing_project / OTHER_BRIEFING / "sections" / "overview.md",
        "Japanese Prime Minister [[Sanae Takaichi]] called",
        "Japanese Prime Minister[@reuters-agencies] [[Sanae Takaichi]] called",
    )
    build(briefing_project, run_sitegen)
    assert words_of(parse(facts_page).select_one("#fact-took-office a.cite-mark")).startswith("[2]")
    assert_output_is_a_clean_builds(briefing_project, run_sitegen)


def test_the_preview_renumbers_a_briefings_other_sections_as_a_full_build_does(briefing_project):
    def config(output: str) -> BuildConfig:
        content, templates = briefing_project / "content", briefing_project / "templates"
        return BuildConfig(content, templates, briefing_project.parent / output, include_drafts=True)

    preview = PreviewBuilder(config("preview"))
    preview.build()
    edit(
        briefing_project / OTHER_BRIEFING / "sections" / "overview.md",
        "Japanese Prime Minister [[Sanae Takaichi]] called",
        "Japanese Prime Minister[@reuters-agencies] [[Sanae Takaichi]] called",
    )
    preview.build()
    full_build(config("full"))
    for page in ("shuttle-diplomacy", "china-dispute"):
        shown, built = (
            (briefing_project.parent / output / NARA_PAGES / "sections" / f"{page}.html").read_bytes()
            for output in ("preview", "full")
        )
        assert shown == built, page
