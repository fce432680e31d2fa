"""The characters no content may hold, however they are written: C0 and C1 control characters
(tab and newline aside), noncharacters (U+FDD0–U+FDEF and the last two of every plane) and lone
surrogates.

XML 1.0 cannot carry controls or U+FFFE/U+FFFF even as character references, so one of them in
a title makes `feed.xml` not well-formed; HTML counts each of them as a parse error; a lone
surrogate cannot be encoded as UTF-8 at all; and STX/ETX would collide with Python-Markdown's
own placeholders. Checked on every content file's text as read (load.py), on every YAML string
written with escapes (`"\\a"`, `"\\x07"`, `"\\uFFFE"` decode into them: located_yaml.py), and
on every character reference in Markdown (`&#7;`: markdown/references.py).
"""

from __future__ import annotations

import re

# The BMP's forbidden characters, and every astral one as a candidate: a class of the 32 astral
# noncharacters made the search of a large file many times slower than this (docs/performance.md),
# and astral characters are few in most text; each is then looked at (U+nFFFE, U+nFFFF).
_CANDIDATE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
)


def forbidden_character(text: str) -> re.Match[str] | None:
    """The first character of `text` that no content may hold, if any."""
    for found in _CANDIDATE.finditer(text):
        code_point = ord(found.group())
        if code_point < 0x10000 or code_point & 0xFFFE == 0xFFFE:
            return found
    return None


def is_forbidden(code_point: int) -> bool:
    """Whether the character U+`code_point` is one that no content may hold; so is a number
    past U+10FFFF, which names no character at all."""
    return code_point > 0x10FFFF or forbidden_character(chr(code_point)) is not None


def describe(code_point: int) -> str:
    """'the control character U+0007', 'the noncharacter U+FFFE', 'the lone surrogate U+D800'."""
    if code_point > 0x10FFFF:
        return f"U+{code_point:X}, which is past the last Unicode character (U+10FFFF)"
    if code_point < 0x20 or 0x7F <= code_point <= 0x9F:
        kind = "control character"
    elif 0xD800 <= code_point <= 0xDFFF:
        kind = "lone surrogate"
    else:
        kind = "noncharacter"
    return f"the {kind} U+{code_point:04X}"
