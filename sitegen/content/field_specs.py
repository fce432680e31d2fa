"""Which fields each kind of entry has, of which kind (fields.py) and which are required: the
one declaration that validate.py checks content against and schema.py writes JSON Schemas from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: str  # text | int | bool | date | url | id | ids | ref | refs | texts | entries
    required: bool = False


def _spec(required: str = "", **fields: str) -> dict[str, FieldSpec]:
    names = set(required.split())
    return {name: FieldSpec(kind, name in names) for name, kind in fields.items()}


SITE_FIELDS = _spec(
    "title", title="text", description="text", language="text", base_url="url", min_fact_sources="int"
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
    changes="entries",
    min_fact_sources="int",
)
CHANGE_FIELDS = _spec("date kind text", date="date", kind="text", text="text")
SOURCE_FIELDS = _spec(
    "publisher",
    publisher="text",
    title="text",
    url="url",
    published="date",
    accessed="date",
    archive_url="url",
    archived="date",
    status="text",
)
ENTITY_FIELDS = _spec(
    "name kind", name="text", kind="text", description="text", sources="ids", aliases="texts"
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
CHART_FIELDS = _spec(
    "kind title description category_axis value_axis points",
    kind="text",
    title="text",
    description="text",
    category_axis="text",
    value_axis="text",
    points="entries",
    entities="ids",
)
POINT_FIELDS = _spec("label", label="text", value="text", sources="ids", fact="ref")
