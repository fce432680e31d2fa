"""Which characters belong to the scripts written without spaces between words (Chinese and
Japanese: Han, Hiragana, Katakana) and to Hangul, which Korean writes with spaces: what search
and reading time need to know to treat CJK text as it is written.

The ranges are Unicode blocks, written out because Python's `re` has no `\\p{Script=...}`;
`templates/static/search.js` holds the same ranges (tests/test_search_terms.py runs both on the
same texts).
"""

from __future__ import annotations

import re

# Han (radicals, iteration marks 々 〇 and Suzhou numerals, the unified ideographs with
# extension A, compatibility ideographs, extensions B to G), Hiragana, Katakana (its phonetic
# extensions and the half-width forms), without the katakana middle dot ・, which separates words.
HAN_AND_KANA = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
# Hangul syllables and jamo (conjoining, compatibility, extended A and B).
HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
# CJK punctuation (、。「」〜, the ideographic space), the katakana middle dot and full-width
# punctuation: between words, like spaces, and never a word to count or look up.
CJK_PUNCTUATION = (
    "\u3000-\u3004\u3008-\u3020\u3030\u303c-\u303f\u30fb\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)

HAN_AND_KANA_CHARACTER = re.compile(f"[{HAN_AND_KANA}]")
CJK_CHARACTER = re.compile(f"[{HAN_AND_KANA}{HANGUL}]")
HAN_KANA_OR_PUNCTUATION = re.compile(f"[{HAN_AND_KANA}{CJK_PUNCTUATION}]+")
