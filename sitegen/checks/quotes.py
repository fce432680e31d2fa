"""Quotes and figures checked against the snapshots of their sources (content/snapshots/).

A quote must be in the snapshot of one of its sources word for word; only typography may differ
(curly or straight quotation marks, the kind of dash and the spaces around it, the ellipsis
character, whitespace and line breaks, the case of the first letter). Every figure (a number
written in digits) in a fact's `value` must be in it too. A mismatch is an error at the quote or
fact, showing the passage of the snapshot that comes nearest, found with difflib.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path

from sitegen.content.load import load_snapshots
from sitegen.content.model import Site
from sitegen.content.snapshots import Snapshot, snapshots_by_source
from sitegen.errors import Problem

_TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "…": "...",
    }
)
_AROUND_DASH = re.compile(r"\s*-\s*")
# A figure: digits, maybe grouped ("28,500") or with decimals ("1.5").
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
PASSAGE_CHARS = 240  # the longest passage shown in a message


def verify_snapshots(content_dir: Path, site: Site) -> list[Problem]:
    """Every problem with the snapshots themselves, then every quote and figure they belie."""
    problems: list[Problem] = []
    files = load_snapshots(content_dir, problems)
    snapshots = snapshots_by_source(files, site.sources, problems)
    if snapshots:
        problems.extend(unverified_quotes(site, snapshots))
        problems.extend(unverified_figures(site, snapshots))
    return problems


def normalise(text: str) -> str:
    """The text with typography made uniform and whitespace collapsed."""
    text = " ".join(text.translate(_TYPOGRAPHY).split())
    return _AROUND_DASH.sub("-", text)


def contains(snapshot: str, quote: str) -> bool:
    """Whether `quote` is in `snapshot` (both normalised), the case of its first letter aside."""
    quote = quote.strip(" '\"")
    if not quote:
        return True
    return any(
        variant in snapshot for variant in {quote, quote[0].lower() + quote[1:], quote[0].upper() + quote[1:]}
    )


def unverified_quotes(site: Site, snapshots: Mapping[str, Snapshot]) -> Iterator[Problem]:
    normalised: dict[str, str] = {}
    for briefing in site.briefings:
        for quote in briefing.quotes.values():
            kept = [snapshots[key] for key in quote.sources if key in snapshots]
            if not kept:
                continue  # nothing to verify against
            texts = [normalised.setdefault(s.source, normalise(s.text)) for s in kept]
            if any(contains(text, normalise(quote.text)) for text in texts):
                continue
            yield Problem(
                quote.origin,
                f"quote '{quote.id}' is not in {_named(kept)}{_nearest(kept, quote.text)}",
                "quote-not-in-source",
            )


def unverified_figures(site: Site, snapshots: Mapping[str, Snapshot]) -> Iterator[Problem]:
    figures_of: dict[str, set[str]] = {}
    for briefing in site.briefings:
        for fact in briefing.facts.values():
            kept = [snapshots[key] for key in fact.sources if key in snapshots]
            if not kept or not fact.value:
                continue
            known = set().union(*(figures_of.setdefault(s.source, _figures(s.text)) for s in kept))
            for figure in FIGURE.findall(fact.value):
                if _ungrouped(figure) not in known:
                    yield Problem(
                        fact.origin,
                        f"fact '{fact.id}': the figure {figure} of its "
                        f"value '{fact.value}' is not in {_named(kept)}"
                        f"{_nearest(kept, fact.statement)}",
                        "figure-not-in-source",
                    )


def _figures(text: str) -> set[str]:
    return {_ungrouped(figure) for figure in FIGURE.findall(text)}


def _ungrouped(figure: str) -> str:
    """ "28,500" and "28500" are one figure (a comma between digits groups thousands)."""
    return figure.replace(",", "")


def _named(snapshots: Sequence[Snapshot]) -> str:
    if len(snapshots) == 1:
        return f"the snapshot of source '{snapshots[0].source}' ({snapshots[0].path})"
    return "the snapshots of its sources (" + ", ".join(s.path for s in snapshots) + ")"


def _nearest(snapshots: Sequence[Snapshot], wanted: str) -> str:
    """ "; nearest passage: “…”" from whichever snapshot holds the closest match, and where
    it differs; "" when nothing in them is alike."""
    best = max((nearest_passage(s.text, wanted) for s in snapshots), key=lambda found: found[1])
    passage, alike = best
    if not alike:
        return "; nothing in it comes near"
    return f"; nearest passage: “{passage}”{_difference(wanted, passage)}"


def _key(word: str) -> str:
    """A word as compared: typography made uniform, punctuation around it and case ignored."""
    return re.sub(r"^\W+|\W+$", "", normalise(word)).casefold()


def nearest_passage(text: str, wanted: str) -> tuple[str, int]:
    """The passage of `text` most like `wanted`, word by word, and how many words they share in
    a row. Aligned on the longest run of words the two share (difflib's longest match), which
    costs time in proportion to the text's length, so a snapshot of megabytes stays quick."""
    words = list(re.finditer(r"\S+", text))
    want = [_key(word) for word in wanted.split()]
    if not words or not want:
        return "", 0
    matcher = SequenceMatcher(None, want, [_key(w.group()) for w in words], autojunk=False)
    match = matcher.find_longest_match(0, len(want), 0, len(words))
    if match.size == 0:
        return "", 0
    start = max(0, match.b - match.a)
    end = min(len(words), start + len(want))
    passage = " ".join(text[words[start].start() : words[end - 1].end()].split())
    if len(passage) > PASSAGE_CHARS:
        passage = passage[: PASSAGE_CHARS - 1].rstrip() + "…"
    return passage, match.size


def _difference(wanted: str, passage: str) -> str:
    """Where the first difference lies, in words: " (the quote has 'x', the snapshot 'y')"."""
    want, have = wanted.split(), passage.split()
    matcher = SequenceMatcher(None, [_key(w) for w in want], [_key(w) for w in have], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours, theirs = " ".join(want[i1:i2]), " ".join(have[j1:j2])
        if not ours:
            return f" (the snapshot has '{theirs}' where the text has nothing)"
        if not theirs:
            return f" (the snapshot lacks '{ours}')"
        return f" (the text has '{ours}', the snapshot '{theirs}')"
    return ""
