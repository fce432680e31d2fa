"""Quotes and figures checked against the snapshots of their sources (content/snapshots/).

A quote must be in the snapshot of one of its sources word for word; only typography may differ
(curly or straight quotation marks, the kind of dash and the spaces around it, the ellipsis
character, whitespace and line breaks, the case of the first letter). Every figure (a number
written in digits) in a fact's `value` must be in it too, and so must every figure in the own
words of a section's sentence whose sources all have snapshots (a sentence citing a source
without one may take its numbers from there). A mismatch is an error at the quote, fact or
sentence, showing the passage of the snapshot that comes nearest, found with difflib.

Both `build` and `check` run these checks: they read only the snapshots that exist, and do
nothing when there are none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from difflib import SequenceMatcher
from pathlib import Path

from sitegen.content.load import TextFile, load_snapshots
from sitegen.content.model import Site
from sitegen.content.snapshots import Snapshot, snapshots_by_source
from sitegen.errors import Location, Problem
from sitegen.site.resolve import Resolved

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
# A number a source spells out may be written in digits ("two months", "2 months"; "the
# second meeting", "the 2nd meeting"): these words of a snapshot count as their figures.
_CARDINALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = "thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
SPELLED = {
    **{word: str(n) for n, word in enumerate(_CARDINALS)},
    **{word: str(n) for n, word in enumerate(_ORDINALS, start=1)},
    **{word: str(n * 10) for n, word in enumerate(_TENS, start=3)},
}
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters
_TENS_AND_UNITS = re.compile(  # "twenty-one", "forty two", in lowercase text
    r"\b(twenty|" + "|".join(_TENS) + r")[- ](" + "|".join(_CARDINALS[1:10]) + r")\b"
)
_TENS_WORDS = frozenset(("twenty", *_TENS))


def verify_snapshots(
    content_dir: Path, resolved: Resolved, loaded: tuple[Sequence[TextFile], list[Problem]] | None = None
) -> list[Problem]:
    """Every problem with the snapshots themselves, then every quote and figure they belie.
    `loaded`: the snapshot files and the problems reading them, when read already."""
    problems: list[Problem] = list(loaded[1]) if loaded else []
    files = loaded[0] if loaded else load_snapshots(content_dir, problems)
    snapshots = snapshots_by_source(files, resolved.site.sources, problems)
    if snapshots:
        figures_of: dict[str, set[str]] = {}  # by source id, found once for facts and sentences
        problems.extend(unverified_quotes(resolved.site, snapshots))
        problems.extend(unverified_figures(resolved.site, snapshots, figures_of))
        problems.extend(unverified_numbers(resolved, snapshots, figures_of))
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
            for snapshot in kept:  # each snapshot normalised once, not once per quote
                if snapshot.source not in normalised:
                    normalised[snapshot.source] = normalise(snapshot.text)
            texts = [normalised[s.source] for s in kept]
            if any(contains(text, normalise(quote.text)) for text in texts):
                continue
            yield Problem(
                quote.origin,
                f"quote '{quote.id}' is not in {_named(kept)}{_nearest(kept, quote.text)}",
                "quote-not-in-source",
            )


def unverified_figures(
    site: Site, snapshots: Mapping[str, Snapshot], figures_of: dict[str, set[str]]
) -> Iterator[Problem]:
    for briefing in site.briefings:
        for fact in briefing.facts.values():
            kept = [snapshots[key] for key in fact.sources if key in snapshots]
            if not kept or not fact.value:
                continue
            known = _known_figures(kept, figures_of)
            for figure in FIGURE.findall(fact.value):
                if _ungrouped(figure) not in known:
                    yield Problem(
                        fact.origin,
                        f"fact '{fact.id}': the figure {figure} of its "
                        f"value '{fact.value}' is not in {_named(kept)}"
                        f"{_nearest(kept, fact.statement)}",
                        "figure-not-in-source",
                    )


def unverified_numbers(
    resolved: Resolved, snapshots: Mapping[str, Snapshot], figures_of: dict[str, set[str]]
) -> Iterator[Problem]:
    """A figure written in a sentence's own words that none of its sources' snapshots holds."""
    for rendered in resolved.sections.values():
        coverage = rendered.coverage
        for sentence in coverage.numbered if coverage else ():
            if not all(key in snapshots for key in sentence.sources):
                continue  # a source without a snapshot may hold the number
            kept = [snapshots[key] for key in sentence.sources]
            known = _known_figures(kept, figures_of)
            for figure in FIGURE.findall(sentence.words):
                if _ungrouped(figure) not in known:
                    yield Problem(
                        Location(rendered.section.origin.path, sentence.line, sentence.col),
                        f"the number {figure} in the sentence “{sentence.excerpt}” is not in "
                        f"{_named(kept)}{_nearest(kept, sentence.text, differs=False)}",
                        "number-not-in-source",
                    )


def _known_figures(kept: Sequence[Snapshot], figures_of: dict[str, set[str]]) -> set[str]:
    """The figures of these snapshots, each snapshot's found once (`figures_of` keeps them)."""
    for snapshot in kept:
        if snapshot.source not in figures_of:
            figures_of[snapshot.source] = _figures(snapshot.text)
    if len(kept) == 1:  # the usual case, without a copy of a snapshot's every figure
        return figures_of[kept[0].source]
    return set().union(*(figures_of[snapshot.source] for snapshot in kept))


def _figures(text: str) -> set[str]:
    """The figures a snapshot holds: written in digits, or spelled out (SPELLED)."""
    figures = {_ungrouped(figure) for figure in FIGURE.findall(text)}
    lowered = text.lower()
    words = set(_WORD.findall(lowered))  # one pass; a regex of all the words is slower
    figures.update(SPELLED[word] for word in words & SPELLED.keys())
    if words & _TENS_WORDS:
        figures.update(
            str(int(SPELLED[tens]) + int(SPELLED[unit])) for tens, unit in _TENS_AND_UNITS.findall(lowered)
        )
    return figures


def _ungrouped(figure: str) -> str:
    """ "28,500" and "28500" are one figure (a comma between digits groups thousands)."""
    return figure.replace(",", "")


def _named(snapshots: Sequence[Snapshot]) -> str:
    if len(snapshots) == 1:
        return f"the snapshot of source '{snapshots[0].source}' ({snapshots[0].path})"
    return "the snapshots of its sources (" + ", ".join(s.path for s in snapshots) + ")"


def _nearest(snapshots: Sequence[Snapshot], wanted: str, differs: bool = True) -> str:
    """ "; nearest passage: “…”" from whichever snapshot holds the closest match, and (with
    `differs`) where it differs; "" when nothing in them is alike. A sentence's words differ
    from its source's wherever it holds a fact or an event, so where they first differ need
    not be the number."""
    best = max((nearest_passage(s.text, wanted) for s in snapshots), key=lambda found: found[1])
    passage, alike = best
    if not alike:
        return "; nothing in it comes near"
    return f"; nearest passage: “{passage}”{_difference(wanted, passage) if differs else ''}"


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
