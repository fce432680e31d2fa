"""A briefing desk: several briefings on one site, cross-linked through shared entities and
sources, with updates, corrections and facts that supersede earlier ones.

Built from tests/fixtures/desk: `first` (published 1 May), `second` (1 June, with an update and
a correction, a fact superseding one of `first`, references into `first`) and `third`
(undated)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from helpers import FIXTURES, assert_fails_with, edit, make_project, parse, snapshot, words_of

BASE_URL = "https://example.org/desk/"
FIRST, SECOND, THIRD = "Talks begin in Ruritania", "A month of talks", "Background on Ruritania"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    return make_project(tmp_path, FIXTURES / "desk")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from sitegen.build import build
    from sitegen.config import BuildConfig

    project = make_project(tmp_path_factory.mktemp("desk"), FIXTURES / "desk")
    output = project / "output"
    build(BuildConfig(project / "content", project / "templates", output, BASE_URL))
    return output


def target_of(page: Path, href: str) -> tuple[Path, str]:
    path, _, fragment = href.partition("#")
    return (page.parent / path).resolve() if path else page.resolve(), fragment


# --- the site home and the briefings' own URLs ------------------------------------------------


def test_home_lists_the_briefings_newest_first_with_dates_and_the_latest_change(built: Path):
    home = parse(built / "index.html")
    cards = home.select(".briefing-card")
    assert [words_of(card.select_one(".card-title")) for card in cards] == [SECOND, FIRST, THIRD]
    assert [words_of(card.select_one(".standfirst")) for card in cards] == [
        "The second briefing, a month later.",
        "The first briefing of the desk.",
        "An undated background briefing.",
    ]
    second_meta = cards[0].select_one(".meta")
    assert second_meta.select_one("time")["datetime"] == "2026-06-01"
    note = second_meta.select_one(".change-note")
    assert words_of(note) == "Corrected 3 June 2026"  # the latest change is a correction
    assert note.select_one("time")["datetime"] == "2026-06-03"
    assert cards[1].select_one(".change-note") is None
    links = [card.select_one(".card-title a")["href"] for card in cards]
    assert links == [
        "briefings/second/index.html",
        "briefings/first/index.html",
        "briefings/third/index.html",
    ]


def test_each_briefing_lives_in_its_own_folder_whatever_the_others(desk: Path, run_sitegen):
    assert run_sitegen(desk, "build").status == 0
    before = sorted(
        p.relative_to(desk / "output").as_posix() for p in (desk / "output/briefings/first").rglob("*.html")
    )
    shutil.rmtree(desk / "content/briefings/third")
    edit(desk / "content/briefings/second/sections/update.md", " [@gazette]", "")
    assert run_sitegen(desk, "build").status == 0
    after = sorted(
        p.relative_to(desk / "output").as_posix() for p in (desk / "output/briefings/first").rglob("*.html")
    )
    assert (
        before
        == after
        == [
            "briefings/first/facts/index.html",
            "briefings/first/full/index.html",
            "briefings/first/index.html",
            "briefings/first/sections/one.html",
            "briefings/first/timeline/index.html",
        ]
    )
    assert not (desk / "output/briefings/third").exists()


# --- references and backlinks across briefings ---------------------------------------------


def test_a_reference_to_another_briefings_fact_links_and_is_listed_there(built: Path):
    section = built / "briefings/second/sections/update.html"
    links = {a.get_text(): a["href"] for a in parse(section).select(".prose .fact a")}
    assert target_of(section, links["about 100"]) == (
        (built / "briefings/first/facts/index.html").resolve(),
        "fact-troops",
    )
    facts = built / "briefings/first/facts/index.html"
    entry = parse(facts).find(id="fact-troops")
    used = entry.select(".used-in a")
    assert [words_of(a) for a in used] == [f"The talks resume ({SECOND})", "The talks"]
    landed, anchor = target_of(facts, used[0]["href"])
    assert landed == section.resolve()
    assert parse(section).find(id=anchor).select_one("a")["href"].endswith("#fact-troops")


def test_a_link_to_another_briefings_section_file_reaches_its_heading(built: Path):
    section = built / "briefings/second/sections/update.html"
    link = parse(section).find("a", string="the first briefing")
    landed, anchor = target_of(section, link["href"])
    assert landed == (built / "briefings/first/sections/one.html").resolve()
    assert parse(landed).find(id=anchor).get_text() == "Troops"


def test_entity_pages_group_what_each_briefing_says(built: Path):
    page = parse(built / "entities/alice.html")
    groups = page.select(".entity-briefing")
    assert [words_of(group.find("h2")) for group in groups] == [f"In {SECOND}", f"In {FIRST}"]
    second, first = groups
    assert [words_of(h) for h in second.find_all("h3")] == ["Events", "Mentioned in"]
    assert [words_of(h) for h in first.find_all("h3")] == ["Quotes", "Events", "Mentioned in"]
    assert "We will talk" in words_of(first.select_one("figure.quote"))
    mentions = [a["href"] for a in second.select(".backlinks a")]
    assert mentions and all(h.startswith("../briefings/second/sections/update.html#") for h in mentions)


def test_the_sources_page_groups_each_sources_citations_by_briefing(built: Path):
    page = built / "sources/index.html"
    entry = parse(page).find(id="src-wire")
    # five marks, two of them in one sentence: four places to go to
    assert words_of(entry.select_one("summary")) == "Cited 4 times in 2 briefings"
    groups = [words_of(p) for p in entry.select("p.in-briefing")]
    assert groups == [SECOND, FIRST]
    for link in entry.select(".backlinks a"):
        landed, anchor = target_of(page, link["href"])
        spot = parse(landed).find(id=anchor)
        assert (
            spot is not None and spot.select_one('a[data-source="wire"]') or spot.get("data-source") == "wire"
        )


def test_the_site_timeline_merges_every_briefings_events_by_date(built: Path):
    page = parse(built / "timeline/index.html")
    entries = [
        (words_of(li.select_one(".when")), words_of(li.select_one(".in-briefing")))
        for li in page.select(".timeline > li")
    ]
    # exact dates in date order; "in April" stays before its briefing's 2 May, "in the summer"
    # after its briefing's 5 June, each with its briefing
    assert entries == [
        ("20 April", f"From {SECOND}"),
        ("in April", f"From {FIRST}"),
        ("2 May", f"From {FIRST}"),
        ("5 June", f"From {SECOND}"),
        ("in the summer", f"From {SECOND}"),
    ]
    own = parse(built / "briefings/second/timeline/index.html")
    assert [words_of(p) for p in own.select(".timeline .when")] == ["20 April", "5 June", "in the summer"]


def test_search_results_say_which_briefing_they_are_from(built: Path):
    script = (built / "assets/search-index.js").read_text(encoding="utf-8")
    documents = json.loads(script.split("=", 1)[1].rstrip().rstrip(";"))
    sections = {doc["title"]: doc["briefing"] for doc in documents if doc["kind"] == "Section"}
    assert sections == {"The talks": FIRST, "The talks resume": SECOND, "Background": THIRD}
    shared = {doc["briefing"] for doc in documents if doc["kind"] in ("Who’s who", "Source")}
    assert shared == {""}


# --- updates, corrections and superseded facts ------------------------------------------------


def test_the_change_log_shows_under_the_title_at_the_end_and_on_the_changes_page(built: Path):
    home = parse(built / "briefings/second/index.html")
    assert words_of(home.select_one(".page-header .change-note")) == "Corrected 3 June 2026"
    log = [words_of(li) for li in home.select(".change-log li")]
    assert log == [
        "Correction, 3 June 2026: The talks resumed on 5 June, not 4 June.",
        "Update, 2 June 2026: Added the June figure for troops.",
    ]
    section = parse(built / "briefings/second/sections/update.html")
    note = section.select_one(".page-header .change-note")
    assert note["href"] == "../index.html#changes"
    changes = parse(built / "changes/index.html")
    rows = [words_of(li) for li in changes.select(".change-list > li")]
    assert rows == [
        f"Correction, 3 June 2026, {SECOND} The talks resumed on 5 June, not 4 June.",
        f"Update, 2 June 2026, {SECOND} Added the June figure for troops.",
    ]


def test_the_feed_has_one_entry_per_briefing_updated_by_its_log(built: Path):
    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [SECOND, FIRST]  # third has no date
    second, first = feed.entries
    assert second.id == f"{BASE_URL}briefings/second/"
    assert (second.updated, second.published) == ("2026-06-03T00:00:00Z", "2026-06-01T00:00:00Z")
    assert (first.updated, first.published) == ("2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z")
    assert feed.feed.updated == "2026-06-03T00:00:00Z"
    assert (
        parse_fragment(second.content[0].value).find("p").get_text()
        == "Correction, 2026-06-03: The talks resumed on 5 June, not 4 June."
    )


def parse_fragment(markup: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "html5lib")


def test_json_ld_carries_date_modified_and_the_corrections(built: Path):
    (block,) = [
        json.loads(s.string)
        for s in parse(built / "briefings/second/index.html").find_all("script", type="application/ld+json")
    ]
    assert block["@type"] == "ReportageNewsArticle"  # no sentence is marked analysis
    assert (block["datePublished"], block["dateModified"]) == ("2026-06-01", "2026-06-03")
    assert block["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": "2026-06-03",
            "text": "The talks resumed on 5 June, not 4 June.",
        }
    ]
    (first,) = [
        json.loads(s.string)
        for s in parse(built / "briefings/first/index.html").find_all("script", type="application/ld+json")
    ]
    assert "correction" not in first and "dateModified" not in first


def test_a_superseded_fact_shows_the_current_figure_and_the_earlier_one(built: Path):
    old = parse(built / "briefings/first/facts/index.html").find(id="fact-troops")
    note = old.select_one(".superseded")
    assert words_of(note).startswith("Superseded. The current figure is about 150")
    assert note.select_one('a[href="../../second/facts/index.html#fact-troops-june"]')
    assert [a["href"] for a in old.select("sup.cite a")] == [
        "../../../sources/index.html#src-wire",
        "../../../sources/index.html#src-gazette",
    ]
    new = parse(built / "briefings/second/facts/index.html").find(id="fact-troops-june")
    earlier = new.select_one(".earlier")
    assert words_of(earlier).startswith("Earlier figure: about 100")
    assert [a["href"] for a in new.select("sup.cite a")] == [
        "../../../sources/index.html#src-gazette",
        "../../../sources/index.html#src-wire",
    ]


def test_check_warns_where_a_section_still_cites_a_superseded_fact(desk: Path, run_sitegen):
    result = run_sitegen(desk, "check")
    assert result.status == 0
    assert result.out.splitlines() == [
        "content/briefings/first/briefing.yaml: warning: key_facts lists fact 'first/troops', "
        "which fact 'second/troops-june' supersedes [superseded-fact]",
        "content/briefings/first/sections/one.md:10:11: warning: section 'one' cites fact "
        "'first/troops', which fact 'second/troops-june' supersedes [superseded-fact]",
        "content/briefings/second/sections/update.md:11:49: warning: section 'update' cites "
        "fact 'first/troops', which fact 'second/troops-june' supersedes [superseded-fact]",
        "3 warnings",
    ]


def test_a_superseded_fact_mentioned_as_history_is_not_warned_about(desk: Path, run_sitegen):
    update = desk / "content/briefings/second/sections/update.md"
    edit(update, "up from [[fact:first/troops]]", "up from [[fact:first/troops|history]]")
    result = run_sitegen(desk, "check")
    assert result.status == 0
    assert result.out.splitlines() == [
        "content/briefings/first/briefing.yaml: warning: key_facts lists fact 'first/troops', "
        "which fact 'second/troops-june' supersedes [superseded-fact]",
        "content/briefings/first/sections/one.md:10:11: warning: section 'one' cites fact "
        "'first/troops', which fact 'second/troops-june' supersedes [superseded-fact]",
        "2 warnings",
    ]
    # shown as any mention of the fact: its value, linked to its entry, which says it was superseded
    page = parse_page(desk, run_sitegen, "briefings/second/sections/update.html")
    (mention,) = [span for span in page.select("span.fact") if "about 100" in words_of(span)]
    link = mention.select_one("a.fact-value")
    assert link["href"] == "../../../briefings/first/facts/index.html#fact-troops"


def test_a_fact_reference_with_words_of_its_own(desk: Path, run_sitegen):
    """`[[fact:id|words]]`: the words link to the fact's entry, with its marks, set as text."""
    update = desk / "content/briefings/second/sections/update.md"
    edit(update, "up from [[fact:first/troops]]", "up from [[fact:first/troops|the earlier count]]")
    page = parse_page(desk, run_sitegen, "briefings/second/sections/update.html")
    link = page.select_one('a[data-fact="troops"]')
    assert words_of(link) == "the earlier count"
    assert link["class"] == ["fact-words"]
    assert link["href"].endswith("briefings/first/facts/index.html#fact-troops")
    assert link.find_parent("span", class_="fact").select("a.cite-mark")


def test_a_sentence_defining_a_fact_reads_a_mention_as_history_as_its_figure(desk: Path, run_sitegen):
    one = desk / "content/briefings/first/sections/one.md"
    edit(
        one,
        "There are [[fact:troops]] troops, and talks began [[event:talks]].",
        "There are [[fact:troops|history]] troops, and talks began [[event:talks]] "
        "with [[fact:delegations = two delegations]] [@wire].",
    )
    page = parse_page(desk, run_sitegen, "briefings/first/facts/index.html")
    assert words_of(page.find(id="fact-delegations").select_one(".statement")) == (
        "There are about 100 troops, and talks began 2 May with two delegations."
    )


def test_a_superseded_fact_mentioned_as_history_in_words_of_its_own(desk: Path, run_sitegen):
    """`[[fact:id|history: words]]`: the words, as `|words` shows them, and no warning, as
    `|history` gives."""
    update = desk / "content/briefings/second/sections/update.md"
    edit(update, "up from [[fact:first/troops]]", "up from [[fact:first/troops|history: the earlier count]]")
    result = run_sitegen(desk, "check")
    assert [line for line in result.out.splitlines() if "update.md" in line] == []
    page = parse_page(desk, run_sitegen, "briefings/second/sections/update.html")
    link = page.select_one('a[data-fact="troops"]')
    assert words_of(link) == "the earlier count"
    assert link["class"] == ["fact-words"]
    assert link["href"].endswith("briefings/first/facts/index.html#fact-troops")


def parse_page(project: Path, run_sitegen, page: str):
    assert run_sitegen(project, "build").status == 0
    return parse(project / "output" / page)


# --- bad input ----------------------------------------------------------------------------------


@pytest.fixture
def desk_built(desk: Path, run_sitegen) -> dict[str, bytes]:
    assert run_sitegen(desk, "build").status == 0
    return snapshot(desk / "output")


def test_a_reference_to_a_missing_briefing_or_item(desk, run_sitegen, desk_built):
    edit(
        desk / "content/briefings/second/sections/update.md",
        "[[event:first/talks]]",
        "[[event:fourth/talks]]",
    )
    edit(
        desk / "content/briefings/second/sections/update.md",
        "[[fact:first/troops]]",
        "[[fact:first/soldiers]]",
    )
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/second/sections/update.md:6:69: unknown event "
        "'fourth/talks': there is no briefing 'fourth'; the known briefings are: first, second, third",
        "content/briefings/second/sections/update.md:11:49: unknown fact 'first/soldiers'; "
        "the known facts are: first/troops",
    )


def test_an_update_without_a_date_or_with_one_that_is_not_a_date(desk, run_sitegen, desk_built):
    briefing = desk / "content/briefings/second/briefing.yaml"
    edit(briefing, "  - date: 2026-06-02\n    kind: update", "  - kind: update")
    edit(briefing, "date: 2026-06-03", "date: yesterday")
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/second/briefing.yaml:7:5: change 1 is missing required field 'date'",
        "content/briefings/second/briefing.yaml:9:11: change 2: 'date' must be a "
        "date written YYYY-MM-DD, not 'yesterday'",
    )


def test_an_update_dated_before_the_briefing_was_published(desk, run_sitegen, desk_built):
    edit(desk / "content/briefings/second/briefing.yaml", "date: 2026-06-02", "date: 2026-05-30")
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/second/briefing.yaml:7:11: change 1: 'date' is "
        "2026-05-30, before the briefing was published (2026-06-01)",
    )


def test_a_change_of_an_unknown_kind(desk, run_sitegen, desk_built):
    edit(desk / "content/briefings/second/briefing.yaml", "kind: update", "kind: fix")
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/second/briefing.yaml:8:11: change 1 has unknown kind "
        "'fix' (use one of: update, correction)",
    )


def test_a_cycle_of_superseding_facts(desk, run_sitegen, desk_built):
    edit(
        desk / "content/briefings/first/facts.yaml",
        "  as_of: 2026-05\n",
        "  as_of: 2026-05\n  supersedes: second/troops-june\n",
    )
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/first/facts.yaml:6:15: fact 'first/troops' is in a cycle "
        "of facts superseding each other (first/troops → second/troops-june → "
        "first/troops)",
    )


def test_an_id_of_another_briefing_written_without_it_is_suggested_with_it(desk, run_sitegen, desk_built):
    edit(
        desk / "content/briefings/second/sections/update.md",
        "[[fact:first/troops]]",
        "[[fact:troops]]",
    )
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/second/sections/update.md:11:49: unknown fact 'troops' "
        "(did you mean 'first/troops' or 'troops-june'?)",
    )


def test_a_fact_superseded_twice_or_superseding_what_does_not_exist(desk, run_sitegen, desk_built):
    facts = desk / "content/briefings/second/facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + (
            "troops-july:\n  statement: Fewer troops.\n  sources: [gazette]\n"
            "  supersedes: first/troops\nlater:\n  statement: Later.\n  sources: [gazette]\n"
            "  supersedes: troops-august\n"
        ),
        encoding="utf-8",
    )
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/second/facts.yaml:11:15: fact 'second/troops-july' "
        "supersedes 'first/troops', which fact 'second/troops-june' already "
        "supersedes (let the newer of the two supersede the other)",
        "content/briefings/second/facts.yaml:15:15: fact 'later': 'supersedes' names "
        "unknown fact 'second/troops-august' (did you mean 'second/troops-july' or "
        "'second/troops-june'?)",
    )


def test_a_desk_with_briefing_files_left_at_the_top(desk, run_sitegen, desk_built):
    shutil.copy(desk / "content/briefings/first/facts.yaml", desk / "content/facts.yaml")
    (desk / "content/sections").mkdir()
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/facts.yaml: facts.yaml belongs to one briefing: in a project "
        "with content/briefings/, move it into a briefing's folder (see "
        "docs/content-format.md)",
        "content/sections: sections belong to one briefing: in a project with "
        "content/briefings/, move them into a briefing's folder (see "
        "docs/content-format.md)",
    )


def test_a_briefing_folder_without_briefing_yaml_or_with_a_bad_name(desk, run_sitegen, desk_built):
    (desk / "content/briefings/third/briefing.yaml").unlink()
    shutil.copytree(desk / "content/briefings/first", desk / "content/briefings/fourth draft")
    assert_fails_with(
        desk,
        run_sitegen,
        desk_built,
        "content/briefings/fourth draft: invalid briefing id 'fourth draft': use "
        "letters, digits and single hyphens (at most 80 characters)",
        "content/briefings/third/briefing.yaml: missing file: every briefing folder needs briefing.yaml",
    )


# --- the timeline's order, on its own ------------------------------------------------------


def _event(key: str, when: str, date: str | None):
    from sitegen.content.model import Event
    from sitegen.errors import Location

    briefing, _, event_id = key.rpartition("/")
    return Event(event_id, when, date, "", ("s",), (), briefing, Location("x"))


def test_dated_events_take_the_dated_places_in_date_order_and_vague_ones_stay():
    from sitegen.site.timeline import briefing_timeline

    written = [
        _event("b/a", "early on", None),
        _event("b/b", "3 May", "2026-05-03"),
        _event("b/c", "then", None),
        _event("b/d", "1 May", "2026-05-01"),
    ]
    assert [e.id for e in briefing_timeline(written)] == ["a", "d", "c", "b"]


# --- moving a one-briefing project into the desk layout ---------------------------------------


def test_move_to_desk_moves_the_briefings_files_and_the_project_builds(mini_project, run_sitegen):
    content = mini_project / "content"
    before = snapshot(content)
    result = run_sitegen(mini_project, "move-to-desk", "mini")
    assert result.status == 0, result.err
    assert result.out.splitlines()[:5] == [
        "moved content/briefing.yaml -> content/briefings/mini/briefing.yaml",
        "moved content/facts.yaml -> content/briefings/mini/facts.yaml",
        "moved content/quotes.yaml -> content/briefings/mini/quotes.yaml",
        "moved content/events.yaml -> content/briefings/mini/events.yaml",
        "moved content/sections -> content/briefings/mini/sections",
    ]
    after = snapshot(content)
    shared = ("site.yaml", "entities.yaml", "sources.yaml")
    assert {name: data for name, data in before.items() if name not in shared} == {
        name.removeprefix("briefings/mini/"): data for name, data in after.items() if name not in shared
    }  # the same files, byte for byte, in their new folder
    assert run_sitegen(mini_project, "build").status == 0
    output = mini_project / "output"
    home = parse(output / "index.html")
    assert [a["href"] for a in home.select(".card-title a")] == ["briefings/mini/index.html"]
    section = parse(output / "briefings/mini/sections/one.html")
    assert section.find("h1").get_text() == "One"
    link = section.find("a", string="the second part")
    assert link["href"] == "../../../briefings/mini/sections/two.html#two-details"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("Not An Id",),
            "sitegen: 'Not An Id' cannot be a briefing id: use letters, "
            "digits and single hyphens, e.g. xi-lee-summit",
        ),
        (
            ("mini", "--content", "elsewhere"),
            "sitegen: elsewhere/briefing.yaml not found: there is no one-briefing project to move",
        ),
    ],
)
def test_move_to_desk_refuses_what_it_cannot_do(mini_project, run_sitegen, args, message):
    before = snapshot(mini_project)
    result = run_sitegen(mini_project, "move-to-desk", *args)
    assert (result.status, result.err) == (2, message + "\n")
    assert snapshot(mini_project) == before


def test_move_to_desk_refuses_a_desk(desk, run_sitegen):
    shutil.copy(desk / "content/briefings/first/briefing.yaml", desk / "content/briefing.yaml")
    before = snapshot(desk)
    result = run_sitegen(desk, "move-to-desk", "again")
    assert (result.status, result.err) == (
        2,
        "sitegen: content/briefings already holds briefings: move the files by hand "
        "(see docs/content-format.md)\n",
    )
    assert snapshot(desk) == before


def test_a_long_desk_shows_the_newest_on_the_home_and_every_briefing_in_the_archive(desk, run_sitegen):
    briefings = desk / "content/briefings"
    for number in range(60):  # 63 briefings in all
        folder = briefings / f"extra-{number:02d}"
        shutil.copytree(briefings / "third", folder)
        (folder / "briefing.yaml").write_text(
            f"title: Extra {number}\npublished: 2025-{1 + number // 28:02d}-{1 + number % 28:02d}\n",
            encoding="utf-8",
        )
    assert run_sitegen(desk, "build").status == 0
    output = desk / "output"
    home = parse(output / "index.html")
    titles = [words_of(a) for a in home.select(".card-title a")]
    assert titles[:3] == [SECOND, FIRST, "Extra 59"] and len(titles) == 10
    more = home.select_one(".more-briefings")
    assert words_of(more) == "All briefings (53 more, older ones)"
    listed, page = [], output / "briefings/index.html"
    while True:
        soup = parse(page)
        listed += [words_of(a) for a in soup.select(".archive-title a")]
        following = soup.select_one('nav.pager a[rel="next"]')
        if following is None:
            break
        page = (page.parent / following["href"]).resolve()
    assert len(listed) == 63 and listed[:2] == [SECOND, FIRST] and listed[-1] == THIRD
    assert page == (output / "briefings/index-2.html").resolve()
    assert (more.find("a")["href"], parse(page).find("h1").get_text()) == (
        "briefings/index.html",
        "All briefings (page 2 of 2)",
    )
