"""The text `sitegen new` writes where the editor's own belongs (scaffold/new.py), which
`sitegen check` reports wherever it is left (checks/rules.py): defined once, so that `new` can
write no placeholder the check does not know."""

from __future__ import annotations

REPLACE_THIS = "replace this text"
NEW_SECTION_BODY = "Write this section here."
FIRST_SECTION_BODY = f"The first section of this briefing: {REPLACE_THIS}."

# What the check looks for in a section's text: the words of each, so that the first section's
# placeholder is found even where the editor rewrote the rest of its sentence.
PLACEHOLDERS = (REPLACE_THIS, NEW_SECTION_BODY)
