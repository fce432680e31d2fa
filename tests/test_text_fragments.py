"""Quotes that open at the source's words: a verified quote's citation links to its source with a
text fragment (WICG Scroll-to-Text-Fragment) of the words as the snapshot holds them."""

from __future__ import annotations

import shutil
from urllib.parse import unquote

import pytest
from helpers import build, edit, parse

from sitegen.site.text_fragments import directive_part, quoted_passage, text_fragment_url

SOURCE = "https://www.anews.com.tr/asia/2026/01/13/takaichi-says-urged-s-koreas-lee-to-help-ensure-regional-stability"


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        # the spec's delimiters: `,` separates start and end, `-` marks a prefix or suffix, `&`
        # separates directives; each is encoded, as is the space
        ("Japan-South Korea, & more", "Japan%2DSouth%20Korea%2C%20%26%20more"),
        # what encodeURIComponent keeps stays as it is
        ("it's (really) *so*! ~x_y.z", "it's%20(really)%20*so*!%20~x_y.z"),
        # curly quotation marks and apostrophes, as UTF-8
        ("“ensure” Lee’s", "%E2%80%9Censure%E2%80%9D%20Lee%E2%80%99s"),
        # non-Latin text: Korean and Japanese
        ("한국 高市", "%ED%95%9C%EA%B5%AD%20%E9%AB%98%E5%B8%82"),
        # a percent sign and a hash are text, not escapes or a new fragment
        ("60.7% #1", "60.7%25%20%231"),
    ],
)
def test_each_part_of_a_text_directive_is_encoded_as_the_spec_asks(text, encoded):
    assert directive_part(text) == encoded
    assert unquote(encoded) == text


def test_a_short_passage_is_linked_whole_and_a_long_one_by_its_first_and_last_words():
    assert text_fragment_url("https://example.org/a", "is more important than ever") == (
        "https://example.org/a#:~:text=is%20more%20important%20than%20ever"
    )
    passage = "while advancing Japan-South Korea relations, both countries should cooperate"
    assert text_fragment_url("https://example.org/a", passage) == (
        "https://example.org/a#:~:text=while%20advancing%20Japan%2DSouth%20Korea,"
        "both%20countries%20should%20cooperate"
    )


def test_a_url_with_a_fragment_keeps_it_before_the_directive():
    assert text_fragment_url("https://example.org/a#top", "new chapter") == (
        "https://example.org/a#top:~:text=new%20chapter"
    )


def test_the_passage_is_the_snapshots_own_typography_and_spacing():
    snapshot = 'Lee said it "is more\nimportant  than ever".\nOthers disagreed.'
    assert quoted_passage(snapshot, "Is more important than ever") == "is more important than ever"
    # the quote's curly apostrophe and en dash, the snapshot's straight ones: the snapshot's win
    snapshot = "He called it Japan - South Korea's moment, and left."
    assert quoted_passage(snapshot, "Japan–South Korea’s moment") == "Japan - South Korea's moment"
    assert quoted_passage("그는 “새로운 장”을 열겠다고 했다", "새로운 장") == "새로운 장"


def test_words_not_in_the_snapshot_or_only_inside_other_words_have_no_passage():
    assert quoted_passage("It opens a renewed chapter.", "new chapter") is None
    assert quoted_passage("It opens a new chapters.", "new chapter") is None
    assert quoted_passage("It opens a new era.", "new chapter") is None
    assert quoted_passage("Later a new chapter opens.", "new chapter") == "new chapter"


def quoted_words_links(page) -> list[tuple[str, str]]:
    """(href, accessible text) of each 'at the quoted words' link on a page."""
    return [
        (a["href"], " ".join(a.get_text().split())) for a in parse(page).select("figure.quote a.quoted-words")
    ]


def test_a_verified_quote_links_to_its_source_at_its_words(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    output = briefing_project / "output"
    facts = quoted_words_links(output / "briefings/takaichi-lee-nara/facts/index.html")
    assert (
        f"{SOURCE}#:~:text=while%20advancing%20Japan%2DSouth%20Korea,fulfill%20their%20respective%20roles",
        "at the quoted words in A News",
    ) in facts
    assert (f"{SOURCE}#:~:text=is%20more%20important%20than%20ever", "at the quoted words in A News") in facts
    assert len(facts) == 4  # every quote of the briefing: its one source has a snapshot
    lee = quoted_words_links(output / "entities/lee-jae-myung.html")
    assert (f"{SOURCE}#:~:text=is%20more%20important%20than%20ever", "at the quoted words in A News") in lee
    # the plain link to the source stays: the citation mark, to the source's entry
    figure = parse(output / "briefings/takaichi-lee-nara/facts/index.html").select_one("figure.quote")
    assert figure.select_one("a.cite-mark")["href"].endswith("#src-anews-takaichi-lee")


def test_a_quote_whose_source_has_no_url_or_no_snapshot_gets_no_such_link(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    output = briefing_project / "output"
    # Reuters / Agencies: no URL, no snapshot
    assert quoted_words_links(output / "briefings/xi-lee-summit/facts/index.html") == []
    assert parse(output / "briefings/xi-lee-summit/facts/index.html").select("figure.quote")
    shutil.rmtree(briefing_project / "content/snapshots")
    build(briefing_project, run_sitegen)
    assert quoted_words_links(output / "briefings/takaichi-lee-nara/facts/index.html") == []
    assert quoted_words_links(output / "entities/sanae-takaichi.html") == []


def test_the_link_follows_the_snapshots_words_after_a_cached_build(briefing_project, run_sitegen):
    build(briefing_project, run_sitegen)
    edit(
        briefing_project / "content/snapshots/anews-takaichi-lee.txt",
        "Japan-South Korea",
        "Japan–South Korea",
    )
    build(briefing_project, run_sitegen)
    links = quoted_words_links(briefing_project / "output/briefings/takaichi-lee-nara/facts/index.html")
    assert any("Japan%E2%80%93South%20Korea" in href for href, _ in links)
