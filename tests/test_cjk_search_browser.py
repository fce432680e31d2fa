"""Search in Chromium on text in Korean and Japanese (tests/fixtures/cjk): 이재명 is found inside
이재명은, 高市 inside 高市早苗, the snippet marks what was searched, and words a Japanese reader
separates with 、 or ・ are looked up apart; and a Latin query still finds what it did on the
bundled desk."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, build_into, parse
from pages_server import serve_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cjk_site(tmp_path_factory):
    output = build_into(tmp_path_factory.mktemp("cjk") / "output", FIXTURES / "cjk")
    with serve_site(output, "/briefing/") as server:
        server.output = output
        yield server


def search(chromium, start: str, query: str) -> list[tuple[str, str, str]]:
    """Each hit for `query` typed into the search box of the page at `start`: its kind, its
    title and the words its snippet marks."""
    page = chromium.new_page()
    page.goto(start)
    page.get_by_role("searchbox", name="Search the site").fill(query)
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_selector(".search-status")
    hits = page.locator(".search-hits > li")
    found = [
        (
            hits.nth(i).locator(".search-kind").text_content(),  # shown in capitals
            hits.nth(i).locator("a").inner_text(),
            " ".join(hits.nth(i).locator("mark").all_inner_texts()),
        )
        for i in range(hits.count())
    ]
    page.close()
    return found


@pytest.mark.parametrize("where", ["subpath", "file"])
def test_a_korean_name_is_found_inside_the_word_its_ending_is_part_of(cjk_site, chromium, where):
    start = cjk_site.url if where == "subpath" else (cjk_site.output / "index.html").as_uri()
    # the section says 이재명은 and 이재명 대통령이; the Japanese and English ones neither
    assert search(chromium, start, "이재명") == [("Section", "한국어 검색 시험", "이재명")]


def test_a_japanese_name_is_found_in_text_without_spaces(cjk_site, chromium):
    # 高市早苗という名前は…, after kana with voiced marks (が), which must not move the mark
    assert search(chromium, cjk_site.url, "高市") == [("Section", "日本語の検索テスト", "高市")]


def test_words_separated_by_japanese_punctuation_are_looked_up_apart(cjk_site, chromium):
    for query in ("高市・名前", "名前、高市"):
        assert [title for _kind, title, _mark in search(chromium, cjk_site.url, query)] == [
            "日本語の検索テスト"
        ]


def test_cjk_words_not_in_the_text_find_nothing(cjk_site, chromium):
    assert search(chromium, cjk_site.url, "李在明") == []
    assert search(chromium, cjk_site.url, "高市首相") == []  # the text has 高市, not 首相


def test_a_latin_query_finds_every_section_that_has_the_word(built_briefing: Path, chromium):
    with serve_site(built_briefing, "/briefing/") as site:
        hits = search(chromium, site.url, "Takaichi")
    sections = {title for kind, title, _mark in hits if kind == "Section"}
    having = {
        parse(page).find("h1").get_text(strip=True)
        for page in built_briefing.glob("briefings/*/sections/*.html")
        if "takaichi" in parse(page).select_one(".prose").get_text(" ").lower()
    }
    assert having and sections == having
    assert {mark.lower() for _kind, _title, mark in hits if mark} == {"takaichi"}
