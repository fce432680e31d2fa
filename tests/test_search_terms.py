"""How search splits text into the terms it looks up: Chinese and Japanese by overlapping pairs of
characters, Hangul words whole and in pairs, Latin words as they are; the index's terms and the
query's are made by the same function in Python and in search.js (run here with node), so that
the two cannot drift apart; reading time counts Chinese and Japanese text in characters."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, build_into, load_global

from sitegen.site import writing_systems
from sitegen.site.reader import reading_minutes
from sitegen.site.search_index import search_words

SEARCH_SCRIPT = REPO / "templates" / "static" / "search.js"

# search.js run in a context of its own, without a page: it leaves its split on the window and
# stops, as it does on a page without a search box.
NODE_PROGRAM = """
const fs = require("fs"), vm = require("vm");
const sandbox = { window: {}, document: { getElementById: () => null } };
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), sandbox);
const texts = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map((text) => sandbox.window.SITEGEN_SEARCH_WORDS(text))));
"""


def script_words(texts: list[str]) -> list[list[list[str]]]:
    """search.js's searchWords of each text, through node."""
    done = subprocess.run(
        ["node", "-e", NODE_PROGRAM, str(SEARCH_SCRIPT)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_chinese_and_japanese_are_split_into_overlapping_pairs_of_characters():
    assert search_words("高市首相") == [["高市", "市首", "首相"]]
    assert search_words("习近平主席") == [["习近", "近平", "平主", "主席"]]
    # a run goes on across kanji and kana; punctuation, the middle dot and spaces end it
    assert search_words("高市首相は、李在明・大統領") == [
        ["高市", "市首", "首相", "相は"],
        ["李在", "在明"],
        ["大統", "統領"],
    ]
    assert search_words("高 市") == [["高"], ["市"]]  # a character alone stays itself
    assert search_words("𠮷野家") == [["𠮷野", "野家"]]  # outside the Basic Multilingual Plane


def test_hangul_words_are_kept_whole_and_in_pairs():
    assert search_words("이재명 대통령이") == [
        ["이재명", "이재", "재명"],
        ["대통령이", "대통", "통령", "령이"],
    ]
    assert search_words("「이재명은」") == [["이재명은", "이재", "재명", "명은"]]
    assert search_words("한국 한") == [["한국"], ["한"]]


def test_latin_words_stay_words_folded_as_before():
    assert search_words("South Korea’s LEE Jae-myung — Café") == [
        ["south"],
        ["korea's"],
        ["lee"],
        ["jae-myung"],
        ["—"],
        ["cafe"],
    ]
    assert search_words("Lee의 visit") == [["lee"], ["의"], ["visit"]]


def block_edges() -> list[str]:
    """Each range's first and last character and their neighbours outside it, in pairs and in
    words, so that a range written differently in search.js shows."""
    ranges = writing_systems.HAN_AND_KANA + writing_systems.HANGUL + writing_systems.CJK_PUNCTUATION
    texts = []
    for low, high in re.findall(r"(.)-(.)", ranges):
        around = [chr(ord(low) - 1), low, chr(ord(low) + 1), chr(ord(high) - 1), high, chr(ord(high) + 1)]
        around = [c for c in around if unicodedata.category(c) != "Cs"]  # no lone surrogates
        texts += ["".join(around), " ".join(around), "a" + "".join(around) + "한국어"]
    return texts


def test_the_search_script_splits_text_as_the_index_does(built_briefing: Path, tmp_path: Path):
    cjk = build_into(tmp_path / "cjk", FIXTURES / "cjk")
    documents = load_global(built_briefing / "assets" / "search-index.js", "SITEGEN_SEARCH") + load_global(
        cjk / "assets" / "search-index.js", "SITEGEN_SEARCH"
    )
    texts = [
        "高市首相は、李在明大統領と会談した。",
        "이재명 대통령이 習近平 주석과 ﾀｶｲﾁ ＡＰＥＣ 〜「引用」 Straße İstanbul ΟΔΟΣ Ǆ ﬁ",
        "가\u0301나 が ガ か\u3099 e\u0301 \u1100\u1161\u11a8 豈",  # to be composed, or folded
        *block_edges(),
        *(document[field] for document in documents for field in ("title", "text")),
    ]
    assert script_words(texts) == [search_words(text) for text in texts]


def test_the_index_lists_the_terms_of_cjk_documents_only(tmp_path: Path):
    output = build_into(tmp_path / "output", FIXTURES / "cjk")
    documents = {
        document["title"]: document
        for document in load_global(output / "assets" / "search-index.js", "SITEGEN_SEARCH")
    }
    korean = documents["한국어 검색 시험"]["terms"].split(" ")
    japanese = documents["日本語の検索テスト"]["terms"].split(" ")
    assert {"이재명은", "이재", "재명", "대통령이라는"} <= set(korean)
    assert {"高市", "市早", "早苗"} <= set(japanese)
    assert korean == sorted(set(korean)) and japanese == sorted(set(japanese))
    for document in documents.values():  # the terms of its CJK words, as a query splits them
        words = search_words(document["title"]) + search_words(document["text"])
        cjk = {term for word in words if writing_systems.CJK_CHARACTER.match(word[0]) for term in word}
        if cjk:
            assert document["terms"].split(" ") == sorted(cjk)
        else:
            assert "terms" not in document
    assert "terms" not in documents["Notes in English"]  # a Latin document's entry is as it was


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("高" * 500, 1),
        ("高" * 501, 2),
        ("高市首相は、" * 100, 1),  # 500 Han and kana characters: the 100 commas are not counted
        ("word " * 200 + "高市", 2),  # words and characters add up
        ("이재명 대통령이 " * 100, 1),  # Korean by its 200 words, as it is spaced
        ("이재명 대통령이 " * 101, 2),
        ("word " * 200, 1),
    ],
)
def test_reading_time_counts_chinese_and_japanese_in_characters(text: str, minutes: int):
    assert reading_minutes(text) == minutes
