"""Where sentences end, in a block's text flattened to plain characters (each element that the
text holds, a citation mark or a reference, stands as one placeholder character).

Sentences end at `.`, `!`, `?` or `…` (closing quotes and citation marks after it belong to
the sentence) followed by a space and a word, an opening quote or a reference (not only a
capital: many scripts have no case), and at `。！？`; `U.S.`, `e.g.` and common abbreviations
(`Mr.`, `Gen.`) end none. markdown/sentences.py counts the claims of converted sections with
it, and content/ finds the sentence that defines a fact in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# One character stands for each element in the flattened text of a block.
CITE = "\ue000"  # citation marks: they close the sentence before them
MARK = "\ue001"  # the analysis mark: the same
REFERENCE = "\ue002"  # a fact, quote or event: part of the sentence, with sources
WORD = "\ue003"  # an entity link or code: a word of the sentence
POINTER = "\ue004"  # a link to another section
TRAILING = CITE + MARK

_END = re.compile(r"[.!?…]+[\"'’”»)\]]*|[。！？]")
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.)*[A-Za-z]|Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|"
    r"Rev|Hon|No|Nos|vs|etc|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_NEXT_SENTENCE = re.compile(r"\s+[\"'‘“«(\[]?[\w" + REFERENCE + WORD + POINTER + "]")
_MARKS_AFTER = re.compile(r"(?:[ \t]*[" + TRAILING + "])*")
_BLANK_TO_END = re.compile(r"\s*\Z")
_LAST_WORD = re.compile(r"[\w.]*\Z")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in a block's flattened text."""
    start = 0
    for match in _END.finditer(text):
        end = run_end(_MARKS_AFTER, text, match.end())
        if match.group() in "。！？" or _BLANK_TO_END.match(text, end):
            pass
        elif not _NEXT_SENTENCE.match(text, end):
            continue
        elif match.group().startswith(".") and _abbreviated(text, match.start()):
            continue
        yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


def run_end(pattern: re.Pattern[str], text: str, start: int, end: int | None = None) -> int:
    """Where a run of `pattern` (which may match nothing) starting at `start` ends."""
    found = pattern.match(text, start, len(text) if end is None else end)
    return found.end() if found else start


def _abbreviated(text: str, full_stop: int) -> bool:
    word = _LAST_WORD.search(text, max(0, full_stop - 40), full_stop)
    return bool(word and word.group() and _ABBREVIATION.fullmatch(word.group()))
