"""A seeded synthetic briefing of N sections, for benchmarks (never for the real content).

Density per section, close to a real briefing: ~700 words in 3 subsections, a table, ~5 facts
(each cited where used), ~10 entity mentions, a quote, an event and a few source marks.
The words are nonsense on purpose: nothing here may be mistaken for reporting.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

WORDS = (
    "alder basin cobalt delta ember fjord garnet harbor isle juniper kestrel lumen meadow "
    "nimbus orchard prairie quarry ridge summit tundra upland valley willow yarrow zephyr "
    "accord budget council decree envoy forum grant policy treaty summit tariff export "
    "import supply route port rail grid cable market quota ledger"
).split()
KINDS = ("person", "country", "organisation", "place")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_briefing(folder: Path, sections: int, seed: int = 7) -> Path:
    """Write a complete content folder for a briefing of `sections` sections; returns it."""
    rng = random.Random(seed)
    content = folder / "content"
    (content / "sections").mkdir(parents=True)
    n_sources = max(3, sections // 10)
    n_entities = max(10, sections // 2)
    sources = [f"source-{i}" for i in range(n_sources)]
    entities = [f"entity-{i}" for i in range(n_entities)]
    (content / "site.yaml").write_text(
        "title: Synthetic briefings\nlanguage: en\nbase_url: https://example.github.io/briefing/\n"
    )
    (content / "briefing.yaml").write_text(
        "title: A synthetic briefing\nstandfirst: Generated for benchmarks.\n"
        "publisher: Nobody\nkey_facts: [fact-0, fact-1, fact-2]\n"
    )
    _write_registries(content, rng, sources, entities)
    _write_items(content, rng, sources, entities, sections)
    for number in range(sections):
        (content / "sections" / f"part-{number}.md").write_text(
            _section(rng, number, sources, n_entities), encoding="utf-8"
        )
    return content


def write_desk(folder: Path, sections: int, per_briefing: int = 5, seed: int = 7) -> Path:
    """Write a content folder for a desk of `sections` sections in briefings of
    `per_briefing` (issue 11's shape: at 1,000 sections, 200 briefings sharing 2,000 entities
    and 500 sources). Each briefing has the density of write_briefing's sections, plus one
    reference per section to a fact of the briefing before it; every tenth has an update."""
    rng = random.Random(seed)
    content = folder / "content"
    content.mkdir(parents=True)
    n_briefings = max(1, sections // per_briefing)
    n_sources, n_entities = max(3, sections // 2), max(10, sections * 2)
    sources = [f"source-{i}" for i in range(n_sources)]
    entities = [f"entity-{i}" for i in range(n_entities)]
    (content / "site.yaml").write_text(
        "title: A synthetic desk\nlanguage: en\nbase_url: https://example.github.io/briefing/\n"
    )
    _write_registries(content, rng, sources, entities)
    start = date(2025, 1, 1)
    for number in range(n_briefings):
        briefing = content / "briefings" / f"briefing-{number}"
        (briefing / "sections").mkdir(parents=True)
        published = start + timedelta(days=number)
        update = (
            f"changes:\n  - date: {published + timedelta(days=2)}\n    kind: update\n"
            f"    text: {_sentence(rng, 10)}\n"
            if number % 10 == 9
            else ""
        )
        (briefing / "briefing.yaml").write_text(
            f"title: Synthetic briefing {number}\nstandfirst: {_sentence(rng, 20)}\n"
            f"publisher: Nobody\npublished: {published}\nkey_facts: [fact-0, fact-1, fact-2]\n"
            f"{update}"
        )
        _write_items(briefing, rng, sources, entities, per_briefing)
        previous = f"briefing-{number - 1}/" if number else ""
        for part in range(per_briefing):
            text = _section(rng, part, sources, n_entities)
            text += f"\nAs reported before, [[fact:{previous}fact-{part}]] were counted.\n"
            (briefing / "sections" / f"part-{part}.md").write_text(text, encoding="utf-8")
    return content


def _write_registries(content: Path, rng: random.Random, sources: list[str], entities: list[str]) -> None:
    (content / "sources.yaml").write_text(
        "".join(
            f"{key}:\n  publisher: Publisher {i}\n  title: Report number {i}\n"
            f"  url: https://example.org/report/{i}\n"
            for i, key in enumerate(sources)
        )
    )
    (content / "entities.yaml").write_text(
        "".join(
            f"{key}:\n  name: Name{i} Surname{i}\n  kind: {KINDS[i % 4]}\n"
            f"  description: {_sentence(rng, 8)}\n  sources: [{rng.choice(sources)}]\n"
            f"  aliases: [Surname{i}]\n"
            for i, key in enumerate(entities)
        )
    )


def _write_items(
    folder: Path, rng: random.Random, sources: list[str], entities: list[str], sections: int
) -> None:
    """facts.yaml, quotes.yaml and events.yaml for `sections` sections (5 facts, a quote and
    an event each)."""
    (folder / "facts.yaml").write_text(
        "".join(
            f"fact-{i}:\n  statement: {_sentence(rng, 20)}\n  value: about {rng.randint(2, 99000)}\n"
            f"  sources: [{rng.choice(sources)}]\n"
            f"  entities: [{', '.join(rng.sample(entities, 2))}]\n"
            for i in range(sections * 5)
        )
    )
    (folder / "quotes.yaml").write_text(
        "".join(
            f"quote-{i}:\n  text: {_sentence(rng, 14)}\n  speaker: {rng.choice(entities)}\n"
            f"  sources: [{rng.choice(sources)}]\n"
            for i in range(sections)
        )
    )
    (folder / "events.yaml").write_text(
        "".join(
            f"event-{i}:\n  when: day {i}\n  what: {_sentence(rng, 10)}\n"
            f"  sources: [{rng.choice(sources)}]\n  entities: [{rng.choice(entities)}]\n"
            for i in range(sections)
        )
    )


def _section(rng: random.Random, number: int, sources: list[str], n_entities: int) -> str:
    lines = [
        "---",
        f"title: Part {number}",
        f"order: {number + 1}",
        f"summary: {_sentence(rng, 12)}",
        "---",
        "",
    ]
    facts = [f"fact-{number * 5 + k}" for k in range(5)]
    for part in range(3):
        lines += [f"## Heading {part}", ""]
        for _paragraph in range(4):
            who = rng.randrange(n_entities)
            sentence = _sentence(rng, 45)
            extra = f" About [[fact:{facts.pop()}]] were counted." if facts else ""
            lines += [
                f"[[Name{who} Surname{who}]] said that {sentence}{extra} "
                f"[[Surname{rng.randrange(n_entities)}]] agreed. [@{rng.choice(sources)}]",
                "",
            ]
        if part == 1:
            lines += [
                "| item | figure |",
                "|---|---|",
                *(f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} |" for _ in range(4)),
                "",
            ]
    lines += [
        f"[[quote:quote-{number}]]",
        "",
        f"It happened on [[event:event-{number}]]. {_sentence(rng, 20)}",
        "",
    ]
    return "\n".join(lines)
