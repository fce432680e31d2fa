"""The bundled briefing xi-lee-summit says only what its source article says.

The article is the seed in shared/seeds/ beside the repository; where it is absent (a clone
on its own) these tests skip, saying so. The desk's own log of changes (`changes:` in
briefing.yaml) is the editors' record, not a claim from the article, and is left out.
"""

from __future__ import annotations

import re

import pytest
import yaml
from helpers import NEW_ENTITIES, REPO, SEED, normalise

CONTENT = REPO / "content" / "briefings" / "xi-lee-summit"
SHARED = REPO / "content"


@pytest.fixture(scope="module")
def article() -> str:
    if not SEED.is_file():
        pytest.skip(
            f"the source article is not beside this checkout ({SEED}); "
            "clone the repository next to shared/ to check the briefing against it"
        )
    return normalise(SEED.read_text(encoding="utf-8"))


def load(name: str) -> dict:
    folder = SHARED if name in ("entities", "sources") else CONTENT
    data = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8")) or {}
    if name == "entities":  # the shared registry also holds the other briefing's entities
        data = {key: entry for key, entry in data.items() if key not in NEW_ENTITIES}
    if name == "sources":
        data = {key: entry for key, entry in data.items() if key == "reuters-agencies"}
    data.pop("changes", None) if name == "briefing" else None
    return data


def content_texts() -> dict[str, str]:
    """The briefing's files as text, the desk's log of changes left out."""
    texts = {
        path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8")
        for path in [*CONTENT.glob("*.yaml"), *CONTENT.glob("sections/*.md")]
    }
    briefing = (CONTENT / "briefing.yaml").relative_to(REPO).as_posix()
    texts[briefing] = texts[briefing].split("\nchanges:")[0]
    texts["content/sources.yaml#reuters-agencies"] = yaml.safe_dump(load("sources"), allow_unicode=True)
    return texts


def test_quotes_are_verbatim(article: str):
    quotes = load("quotes")
    assert quotes
    for key, quote in quotes.items():
        assert normalise(quote["text"]) in article, f"quote '{key}' is not in the article"
        if quote.get("role"):
            assert normalise(quote["role"]) in article, f"role of '{key}' is not in the article"


def test_fact_values_are_the_articles_words(article: str):
    for key, fact in load("facts").items():
        if fact.get("value"):
            assert normalise(str(fact["value"])) in article, f"value of fact '{key}' is invented"
        if fact.get("as_of"):
            assert normalise(str(fact["as_of"])) in article, f"as_of of fact '{key}' is invented"


def test_every_number_in_the_content_is_in_the_article(article: str):
    digits_in_article = set(re.findall(r"\d[\d,.]*", article))
    for name, text in content_texts().items():
        text = re.sub(r"^order: \d+$", "", text, flags=re.M)  # section order is ours
        for number in re.findall(r"\d[\d,.]*", text):
            assert number.rstrip(".,") in {d.rstrip(".,") for d in digits_in_article}, (
                f"{name}: the number {number} is not in the article"
            )


def test_people_and_roles_come_from_the_article(article: str):
    for key, entity in load("entities").items():
        assert normalise(entity["name"]) in article or all(
            normalise(alias) in article for alias in entity.get("aliases", [])[:1]
        ), f"entity '{key}' is not named in the article"
        for alias in entity.get("aliases", []):
            assert normalise(alias) in article, f"alias '{alias}' of '{key}' is not in the article"
        if entity.get("description"):
            assert normalise(entity["description"]) in article, (
                f"description of '{key}' is not the article's words"
            )


def test_no_invented_urls_or_dates():
    for name, text in content_texts().items():
        assert "http" not in text, f"{name} contains a URL; the article has none"
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), (
            f"{name} contains a date; the article gives none"
        )


def test_events_keep_the_articles_wording_of_time(article: str):
    for key, event in load("events").items():
        assert normalise(event["when"]) in article, f"'when' of event '{key}' is not the article's"
