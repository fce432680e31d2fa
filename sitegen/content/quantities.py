"""Reading a quantity from the words a source uses ("nearly half", "about 28,500", "45%").

A chart draws only what its sources state. Its data points are written as words, and the
number a bar or a line reaches is read from those words here: "nearly half" is drawn at a
half, marked as approximate, and labelled "nearly half"; "two months" is not a quantity a
chart can draw, and is refused rather than guessed. No number is ever typed in beside the
words, so none can be invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

# How the source qualifies its figure: the true value is near it, below it or above it.
EXACT, ABOUT, BELOW, ABOVE = "exact", "about", "below", "above"
SHARE, PERCENT, COUNT = "share", "percent", "count"  # a fraction of a whole, a percentage, a number

_QUALIFIERS = (
    (
        BELOW,
        (
            "nearly",
            "almost",
            "just under",
            "just below",
            "under",
            "below",
            "less than",
            "fewer than",
            "up to",
        ),
    ),
    (ABOVE, ("more than", "over", "above", "at least", "upwards of", "just over")),
    (ABOUT, ("about", "around", "roughly", "approximately", "some", "an estimated", "close to")),
)
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
_FRACTION = re.compile(
    r"(?:(a|one|two|three|four|nine)[\s-]+)?(halves|half|thirds?|quarters?|"
    r"fifths?|tenths?)"
)
_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s*(?:%|per\s?cent|percent))?")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # what the words name: 0.5 for "half", 28500.0 for "about 28,500"
    scale: str  # share | percent | count
    qualifier: str  # exact | about | below | above

    @property
    def approximate(self) -> bool:
        return self.qualifier != EXACT

    @property
    def share(self) -> float:
        """The value as a fraction of a whole (shares and percentages only)."""
        return self.value / 100 if self.scale == PERCENT else self.value


def read_quantity(words: str) -> Quantity | None:
    """The quantity `words` state, or None when they state none a chart can draw."""
    text = " ".join(words.replace("\u2011", "-").split()).casefold()
    qualifier = EXACT
    for kind, phrases in _QUALIFIERS:
        phrase = next((p for p in phrases if text.startswith(p + " ")), None)
        if phrase:
            qualifier, text = kind, text[len(phrase) + 1 :]
            break
    if match := _FRACTION.fullmatch(text):
        numerator = _NUMERATORS[match.group(1)] if match.group(1) else 1
        denominator = _DENOMINATORS[match.group(2)]
        if match.group(2).endswith("s") and numerator == 1:
            return None  # "thirds" alone names no amount
        share = Fraction(numerator, denominator)
        return Quantity(float(share), SHARE, qualifier) if share <= 1 else None
    if match := _NUMBER.fullmatch(text):
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        return Quantity(value, PERCENT if match.group(3) else COUNT, qualifier)
    return None


# A number and at most its scale and one unit: "3.2 million euros", "60.7 percent", "14,000 troops".
_FIGURE = re.compile(
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:%|per\s?cent|percent)?"
    r"(?:\s+(?:thousand|million|billion|trillion))?(?:\s+\w+)?"
)


def is_figure(words: str) -> bool:
    """Whether a fact's value is a figure (a number or a share, as a chart would read it, or a
    number with its unit), which a page may set large; otherwise it is a phrase ("second visit
    to Japan since August", "in 2025"), which reads as text."""
    if read_quantity(words) is not None:
        return True
    text = " ".join(words.replace("\u2011", "-").split()).casefold()
    for _, phrases in _QUALIFIERS:
        phrase = next((p for p in phrases if text.startswith(p + " ")), None)
        if phrase:
            text = text[len(phrase) + 1 :]
            break
    return _FIGURE.fullmatch(text) is not None
