"""Which fields each kind of entry has, of which kind (fields.py) and which are required: the
one declaration that validate.py checks content against and schema.py writes JSON Schemas from."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.content.model import CHANGE_KINDS, ENTITY_KINDS, SOURCE_STATUSES
from sitegen.content.visuals import CHART_KINDS


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: str  # text | int | bool | date | url | id | ids | ref | refs | texts | entries
    required: bool = False
    entry: dict[str, FieldSpec] = field(default_factory=dict)  # of each of a list's "entries"
    choices: tuple[str, ...] = ()  # the words a "text" may be, when it is one of a few


# A field's kind; or the spec each entry of a list of "entries" is checked against; or the
# words a "text" may be, when it is one of a few (validate.py reports any other word).
_Kind = str | dict[str, FieldSpec] | tuple[str, ...]


def _spec(required: str = "", **fields: _Kind) -> dict[str, FieldSpec]:
    names = set(required.split())
    return {name: _field(kind, name in names) for name, kind in fields.items()}


def _field(kind: _Kind, required: bool) -> FieldSpec:
    if isinstance(kind, dict):
        return FieldSpec("entries", required, entry=kind)
    if isinstance(kind, tuple):
        return FieldSpec("text", required, choices=kind)
    return FieldSpec(kind, required)


CHANGE_FIELDS = _spec("date kind text", date="date", kind=CHANGE_KINDS, text="text")
# The Trust Project's terms for a site's own policy pages, as schema.org names them, with the
# words the footer links them by.
TRUST_TERMS = {
    "correctionsPolicy": "Corrections policy",
    "verificationFactCheckingPolicy": "Fact-checking policy",
    "masthead": "Masthead",
}
SITE_FIELDS = _spec(
    "title",
    title="text",
    description="text",
    language="text",
    base_url="url",
    min_fact_sources="int",
    **dict.fromkeys(TRUST_TERMS, "url"),
)
BRIEFING_FIELDS = _spec(
    "title",
    title="text",
    standfirst="text",
    publisher="text",
    authors="texts",
    published="date",
    updated="date",
    key_facts="refs",
    changes=CHANGE_FIELDS,
    min_fact_sources="int",
    draft="bool",
    live="bool",
)
SOURCE_FIELDS = _spec(
    "publisher",
    publisher="text",
    title="text",
    url="url",
    published="date",
    accessed="date",
    archive_url="url",
    archived="date",
    status=SOURCE_STATUSES,
)
ENTITY_FIELDS = _spec(
    "name kind", name="text", kind=ENTITY_KINDS, description="text", sources="ids", aliases="texts"
)
FACT_FIELDS = _spec(
    "statement sources",
    statement="text",
    value="text",
    sources="ids",
    as_of="text",
    entities="ids",
    supersedes="ref",
)
QUOTE_FIELDS = _spec(
    "text speaker sources", text="text", speaker="id", role="text", context="text", sources="ids"
)
EVENT_FIELDS = _spec(
    "when what sources", when="text", date="date", what="text", sources="ids", entities="ids"
)
SECTION_FIELDS = _spec("title order", title="text", order="int", summary="text", draft="bool")
FIGURE_FIELDS = _spec(  # alt text is required too: validate_visuals reports it with the credit
    "file",
    file="text",
    alt="text",
    caption="text",
    credit="text",
    sources="ids",
    licence="text",
    entities="ids",
)
POINT_FIELDS = _spec("label", label="text", value="text", sources="ids", fact="ref")
CHART_FIELDS = _spec(
    "kind title description category_axis value_axis points",
    kind=CHART_KINDS,
    title="text",
    description="text",
    category_axis="text",
    value_axis="text",
    points=POINT_FIELDS,
    entities="ids",
)

# The files that hold one mapping of fields, and those that map each entry's id to its fields
# (load.py's SITE_FILES and BRIEFING_FILES, by their names without .yaml).
ONE_ENTRY_FILES = {"site": SITE_FIELDS, "briefing": BRIEFING_FIELDS}
ENTRY_FILES = {
    "sources": SOURCE_FIELDS,
    "entities": ENTITY_FIELDS,
    "facts": FACT_FIELDS,
    "quotes": QUOTE_FIELDS,
    "events": EVENT_FIELDS,
    "figures": FIGURE_FIELDS,
    "charts": CHART_FIELDS,
}
