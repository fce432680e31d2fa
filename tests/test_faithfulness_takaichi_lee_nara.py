"""The briefing takaichi-lee-nara says only what its source article says.

The article's text, as retrieved, is stored in tests/fixtures/articles/<source-id>.txt
(first line: the URL; second line: the headline; then the text), so this test always runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import NEW_ENTITIES, REPO, normalise

CONTENT = REPO / "content"
BRIEFING_ID = "takaichi-lee-nara"
BRIEFING = CONTENT / "briefings" / BRIEFING_ID
SOURCE_ID = "anews-takaichi-lee"
ARTICLE_FILE = REPO / "tests" / "fixtures" / "articles" / f"{SOURCE_ID}.txt"
# The first briefing, before or after it moves to content/briefings/xi-lee-summit/.
OTHER_ID = "xi-lee-summit"

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NUMBER = re.compile(r"\d[\d,.]*")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@pytest.fixture(scope="module")
def fixture_lines() -> list[str]:
    assert ARTICLE_FILE.is_file(), f"the article's text is missing: {ARTICLE_FILE}"
    lines = ARTICLE_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 3 and lines[0].startswith("https://"), "first line: URL; second: headline"
    return lines


@pytest.fixture(scope="module")
def url(fixture_lines: list[str]) -> str:
    return fixture_lines[0].strip()


@pytest.fixture(scope="module")
def article(fixture_lines: list[str]) -> str:
    """The headline and the text (not the URL), normalised."""
    return normalise("\n".join(fixture_lines[1:]))


@pytest.fixture(scope="module")
def source() -> dict:
    sources = load(CONTENT / "sources.yaml")
    assert SOURCE_ID in sources, f"source '{SOURCE_ID}' is missing from content/sources.yaml"
    return sources[SOURCE_ID]


def briefing_file(name: str) -> dict:
    return load(BRIEFING / f"{name}.yaml")


def sections() -> list[Path]:
    paths = sorted((BRIEFING / "sections").glob("*.md"))
    assert 2 <= len(paths) <= 3, "the briefing has 2 or 3 sections"
    return paths


def entries() -> list[tuple[str, str, dict]]:
    return [
        (kind, key, entry)
        for kind in ("facts", "quotes", "events")
        for key, entry in briefing_file(kind).items()
    ]


# --- the source ---------------------------------------------------------------------------------


def test_source_url_and_headline_are_the_articles(source: dict, url: str, fixture_lines: list[str]):
    assert source["url"] == url, "the source's URL is not the article's"
    assert normalise(source["title"]) == normalise(fixture_lines[1]), "title is not the headline"
    assert normalise(briefing_file("briefing")["title"]) == normalise(fixture_lines[1])


def test_every_entry_cites_the_article():
    for kind, key, entry in entries():
        assert entry.get("sources") == [SOURCE_ID], f"{kind} '{key}' does not cite {SOURCE_ID}"
    for key in NEW_ENTITIES:
        entity = load(CONTENT / "entities.yaml")[key]
        if entity.get("description"):
            assert entity.get("sources") == [SOURCE_ID], f"description of '{key}' is unsourced"


# --- words, roles, values -----------------------------------------------------------------------


def test_quotes_are_verbatim(article: str):
    quotes = briefing_file("quotes")
    assert quotes
    for key, quote in quotes.items():
        assert normalise(quote["text"]) in article, f"quote '{key}' is not in the article"
        if quote.get("role"):
            assert normalise(quote["role"]) in article, f"role of '{key}' is not in the article"


def test_new_entities_and_descriptions_come_from_the_article(article: str):
    entities = load(CONTENT / "entities.yaml")
    for key in NEW_ENTITIES:
        assert key in entities, f"entity '{key}' is missing"
        entity = entities[key]
        assert normalise(entity["name"]) in article, f"entity '{key}' is not named in the article"
        for alias in entity.get("aliases", []):
            assert normalise(alias) in article, f"alias '{alias}' of '{key}' is not in the article"
        if entity.get("description"):
            assert normalise(entity["description"]) in article, (
                f"description of '{key}' is not the article's words"
            )


def test_fact_values_are_the_articles_words(article: str):
    for key, fact in briefing_file("facts").items():
        if fact.get("value"):
            assert normalise(str(fact["value"])) in article, f"value of fact '{key}' is invented"
        if fact.get("as_of"):
            assert normalise(str(fact["as_of"])) in article, f"as_of of fact '{key}' is invented"


def test_events_keep_the_articles_wording_of_time(article: str):
    for key, event in briefing_file("events").items():
        assert normalise(event["when"]) in article, f"'when' of event '{key}' is not the article's"


def test_quoted_phrases_in_the_prose_are_the_articles(article: str):
    """Words put between quotation marks in sections, statements and standfirst are verbatim."""
    texts = [path.read_text(encoding="utf-8") for path in sections()]
    texts += [fact["statement"] for fact in briefing_file("facts").values()]
    texts += [event["what"] for event in briefing_file("events").values()]
    texts.append(briefing_file("briefing")["standfirst"])
    for text in texts:
        for phrase in re.findall(r"“([^”]+)”", text):
            assert normalise(phrase) in article, f"“{phrase}” is not in the article"


def test_every_number_is_in_the_article(article: str):
    numbers_in_article = {n.rstrip(".,") for n in NUMBER.findall(article)}
    entities = load(CONTENT / "entities.yaml")
    texts = {
        path.relative_to(REPO): path.read_text(encoding="utf-8")
        for path in [*BRIEFING.glob("*.yaml"), *sections()]
    }
    texts["new entities"] = yaml.safe_dump({key: entities[key] for key in NEW_ENTITIES}, allow_unicode=True)
    for where, text in texts.items():
        text = re.sub(r"^order: \d+$", "", text, flags=re.M)  # section order is ours
        text = re.sub(r"^(\s*)(published|date): \d{4}-\d{2}-\d{2}$", "", text, flags=re.M)
        for number in NUMBER.findall(text):
            assert number.rstrip(".,") in numbers_in_article, (
                f"{where}: the number {number} is not in the article"
            )


# --- dates --------------------------------------------------------------------------------------


def date_is_justified(iso: str, article: str, url: str) -> bool:
    """An ISO date needs its day and month in the text and its year in the text or the URL,
    or the whole date in the URL's date line (…/2026/01/13/…)."""
    year, month, day = ISO_DATE.fullmatch(iso).groups()
    if f"/{year}/{month}/{day}/" in url:
        return True
    name = MONTHS[int(month) - 1]
    short = name[:3]
    day_number = str(int(day))
    spellings = [
        f"{name} {day_number}",
        f"{short}. {day_number}",
        f"{short} {day_number}",
        f"{day_number} {name}",
    ]
    day_and_month = any(re.search(rf"\b{re.escape(normalise(s))}\b", article) for s in spellings)
    return day_and_month and (year in article or year in url)


def test_every_iso_date_is_justified_by_the_article(article: str, url: str, source: dict):
    dates = []
    briefing = briefing_file("briefing")
    for field in ("published", "updated"):
        if briefing.get(field):
            dates.append((f"briefing {field}", str(briefing[field])))
    for key, event in briefing_file("events").items():
        if event.get("date"):
            dates.append((f"event '{key}'", str(event["date"])))
    if source.get("published"):
        dates.append(("source published", str(source["published"])))
    for where, iso in dates:
        assert ISO_DATE.fullmatch(iso), f"{where}: {iso} is not an ISO date"
        assert date_is_justified(iso, article, url), f"{where}: {iso} is not in the article"
    if briefing.get("published") and source.get("published"):
        assert str(briefing["published"]) == str(source["published"])


def test_no_other_iso_dates_in_the_prose():
    for path in sections():
        assert not ISO_DATE.search(path.read_text(encoding="utf-8")), (
            f"{path.relative_to(REPO)} contains an ISO date"
        )


# --- references ---------------------------------------------------------------------------------


def other_briefing_folder() -> Path:
    moved = CONTENT / "briefings" / OTHER_ID
    return moved if moved.is_dir() else CONTENT


def test_references_resolve_and_one_crosses_to_the_first_briefing():
    entities = load(CONTENT / "entities.yaml")
    names = {key for key in entities}
    names |= {normalise(e["name"]) for e in entities.values()}
    names |= {normalise(a) for e in entities.values() for a in e.get("aliases", [])}
    own = {kind: briefing_file(kind + "s") for kind in ("fact", "quote", "event")}
    other = {kind: load(other_briefing_folder() / f"{kind}s.yaml") for kind in own}
    sources = load(CONTENT / "sources.yaml")
    crossing = 0
    for path in sections():
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\[\[([^\]]+)\]\]", text):
            target = target.split("|")[0]
            kind, _, ident = target.partition(":")
            if kind == "figure":
                assert ident in briefing_file("figures"), f"{path.name}: unknown figure '{ident}'"
            elif ident and kind in own:
                if "/" in ident:
                    briefing_id, item = ident.split("/", 1)
                    assert briefing_id == OTHER_ID and item in other[kind], (
                        f"{path.name}: unknown {kind} '{ident}'"
                    )
                    crossing += 1
                else:
                    assert ident in own[kind], f"{path.name}: unknown {kind} '{ident}'"
            else:
                assert target in names or normalise(target) in names, (
                    f"{path.name}: unknown entity '{target}'"
                )
        for cited in re.findall(r"@([\w-]+)", text):
            assert cited in sources, f"{path.name}: unknown source '{cited}'"
    assert crossing >= 1, "no reference to the first briefing"
    for key, quote in own["quote"].items():
        assert quote["speaker"] in entities, f"speaker of quote '{key}' is not an entity"
    for kind, items in own.items():
        for key, entry in items.items():
            for entity in entry.get("entities", []):
                assert entity in entities, f"{kind} '{key}' names unknown entity '{entity}'"
    for key in briefing_file("briefing")["key_facts"]:
        assert key in own["fact"], f"key fact '{key}' is not a fact of this briefing"


def test_the_diagram_says_only_what_the_article_says(article: str):
    """The figure drawn for this briefing: every word it shows is a word of the article, and
    each line of it (split at ' · ') is the article's wording."""
    import xml.etree.ElementTree as etree

    svg = etree.parse(BRIEFING / "figures" / "lee-meetings.svg").getroot()
    lines = [text.text for text in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert len(lines) >= 6
    for line in lines:  # (the fixture glues some words together: "PresidentTuesday")
        for word in re.findall(r"[\w’'-]+", normalise(line)):
            assert word in article, f"the diagram's word '{word}' is not in the article"
    joined = normalise(" ".join(lines[-2:]))
    assert joined in article  # "The two leaders met in Takaichi’s picturesque home region"
    assert briefing_file("figures")["lee-meetings"]["sources"] == [SOURCE_ID]
