"""The reference syntax of sections' text, as patterns: markdown/references.py converts what
they match, and content/ and checks/ read references from text that is not converted (a fact
defined in a sentence, what a draft uses); and what the label of a fact reference means."""

from __future__ import annotations

from typing import NamedTuple

WIKI_RE = r"\[\[(?:(entity|fact|quote|event|figure|chart):)?([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]"
CITE_RE = r"\[(@[^\[\]\n]+?)\]"
ANALYSIS_RE = r"\[!analysis\]"

# A fact reference's label (`[[fact:id|label]]`): `history` marks a superseded fact mentioned on
# purpose as the earlier figure, which `sitegen check` does not warn of (superseded-fact);
# `history: words` marks it so and shows the words; any other label is the words shown in
# place of the fact's value.
HISTORY_FLAG = "history"
_HISTORY_PREFIX = HISTORY_FLAG + ":"


class FactLabel(NamedTuple):
    words: str | None  # shown in place of the fact's value; None: the value is shown
    history: bool  # mentioned on purpose as history


def fact_label(label: str | None) -> FactLabel:
    """What the label of a fact reference asks for."""
    text = label.strip() if label is not None else ""
    if text == HISTORY_FLAG:
        return FactLabel(None, True)
    if text.startswith(_HISTORY_PREFIX):
        return FactLabel(text[len(_HISTORY_PREFIX) :].strip() or None, True)
    return FactLabel(text or None, False)
