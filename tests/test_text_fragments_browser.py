"""A quote's 'at the quoted words' link in Chromium: opened on a local copy of the source's page
(its snapshot's text, far down a long page), it scrolls to the quoted words."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import REPO, WAIT_SECONDS, build, parse
from pages_server import serve_site

pytestmark = pytest.mark.browser

SNAPSHOT = REPO / "content/snapshots/anews-takaichi-lee.txt"

# Where on the page the paragraph holding `words` is, in the viewport's coordinates.
PARAGRAPH_TOP = """words => {
  const paragraph = [...document.querySelectorAll('p')].find(p =>
    p.textContent.replace(/\\s+/g, ' ').includes(words));
  return {top: paragraph.getBoundingClientRect().top, height: innerHeight, scrolled: scrollY};
}"""


def source_page(folder: Path) -> None:
    """The source as a page: its snapshot's paragraphs after a screenful of other text, so that
    only a link that finds the words brings them into view."""
    filler = "".join(f"<p>Other news, paragraph {n}.</p>" for n in range(150))
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in SNAPSHOT.read_text(encoding="utf-8").split("\n") if p)
    folder.mkdir()
    (folder / "index.html").write_text(
        f"<!doctype html><html lang=en><title>Source</title><body>{filler}{paragraphs}</body></html>",
        encoding="utf-8",
    )
    (folder / "404.html").write_text("<!doctype html><title>Not found</title>", encoding="utf-8")


def open_at(chromium, url: str, words: str, scrolls: bool = True) -> dict:
    context = chromium.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    page.goto(url)
    if scrolls:  # the text directive is applied once the page has loaded
        page.wait_for_function("scrollY > 0", timeout=WAIT_SECONDS * 1000)
    found = page.evaluate(PARAGRAPH_TOP, words)
    context.close()
    return found


def test_each_quoted_words_link_scrolls_to_the_words(briefing_project, run_sitegen, chromium, tmp_path):
    build(briefing_project, run_sitegen)
    facts = parse(briefing_project / "output/briefings/takaichi-lee-nara/facts/index.html")
    quotes = [
        (
            " ".join(figure.select_one("blockquote").get_text().split()),
            figure.select_one("a.quoted-words")["href"],
        )
        for figure in facts.select("figure.quote")
    ]
    assert len(quotes) == 4
    source_page(tmp_path / "source")
    with serve_site(tmp_path / "source") as server:
        for words, href in quotes:
            local = f"{server.url}#{urlsplit(href).fragment}"
            found = open_at(chromium, local, words[:40])
            assert 0 <= found["top"] < found["height"], (words, local, found)
        # the control: a page opened without the fragment stays at its top
        words, _ = quotes[0]
        found = open_at(chromium, server.url, words[:40], scrolls=False)
        assert found["scrolled"] == 0 and found["top"] > found["height"]
