"""JSON Schemas of the content files, made from the field specs the validator checks against
(field_specs.py), for editors that check YAML while it is typed (the YAML language server).

A schema sees shapes and types only: which fields an entry may have, which it needs, what
kind of value each holds. Which ids exist, dates that are no day of the calendar and the rest
are the validator's, reported by `sitegen check` and the preview.

The language server reads a date (`2026-02-01`) as text, where sitegen's YAML reader makes it a
date: a date field is text of the form YYYY-MM-DD, and an id written as a date passes the
schema (sitegen's check refuses it). The project's settings have it read YAML 1.1, as sitegen
does, where `yes` and `on` are true.
"""

from __future__ import annotations

import json
from typing import Any

from sitegen.content.field_specs import ENTRY_FILES, ONE_ENTRY_FILES, SECTION_FIELDS, FieldSpec

DRAFT = "http://json-schema.org/draft-07/schema#"
# The value of each kind of field (fields.py's CONVERTERS), as the language server sees it.
# Text may be a number (`value: 28500`); a list of ids or texts may be a single one.
_STRING = {"type": ["string"]}
_TEXT = {"type": ["string", "number"]}
_KINDS: dict[str, dict[str, Any]] = {
    "text": _TEXT,
    "int": {"type": ["integer"]},
    "bool": {"type": ["boolean"]},
    "date": {
        "type": ["string"],
        "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*$",
        "patternErrorMessage": "a date written YYYY-MM-DD",  # the language server's own keyword
    },
    "url": {
        "type": ["string"],
        "pattern": r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+\S*\s*$",
        "patternErrorMessage": "an http:// or https:// URL",
    },
    "id": _STRING,
    "ref": _STRING,
    "ids": {"type": ["string", "array"], "items": _STRING},
    "refs": {"type": ["string", "array"], "items": _STRING},
    "texts": {"type": ["string", "number", "array"], "items": _TEXT},
}
# What each file is, for the editor's hover.
_TITLES = {
    "site": "sitegen: the site (content/site.yaml)",
    "briefing": "sitegen: a briefing (briefing.yaml)",
    "sources": "sitegen: sources, by id (sources.yaml)",
    "entities": "sitegen: entities, by id (entities.yaml)",
    "facts": "sitegen: a briefing's facts, by id (facts.yaml)",
    "quotes": "sitegen: a briefing's quotes, by id (quotes.yaml)",
    "events": "sitegen: a briefing's events, by id (events.yaml)",
    "figures": "sitegen: a briefing's figures, by id (figures.yaml)",
    "charts": "sitegen: a briefing's charts, by id (charts.yaml)",
    "section": "sitegen: a section's front matter (sections/*.md)",
}


def content_schemas() -> dict[str, dict[str, Any]]:
    """The schema of each content file by its name ("facts"; "section" for the front matter
    of a section)."""
    schemas = {name: _document(name, entry_schema(spec)) for name, spec in ONE_ENTRY_FILES.items()}
    for name, spec in ENTRY_FILES.items():
        # an empty file is no entries; each key is an entry's id
        by_id = {"type": ["object", "null"], "additionalProperties": entry_schema(spec)}
        schemas[name] = _document(name, by_id)
    schemas["section"] = _document("section", entry_schema(SECTION_FIELDS))
    return schemas


def schema_file_name(name: str) -> str:
    return f"{name}.schema.json"


def schema_text(schema: dict[str, Any]) -> str:
    """The schema as a file holds it: the same bytes for the same sitegen."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def entry_schema(spec: dict[str, FieldSpec]) -> dict[str, Any]:
    """One mapping of fields: only these, the required ones present."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: field_schema(field) for name, field in spec.items()},
        "additionalProperties": False,
    }
    required = [name for name, field in spec.items() if field.required]
    if required:
        schema["required"] = required
    return schema


def field_schema(field: FieldSpec) -> dict[str, Any]:
    """One field's value. An optional field may be left empty (`title:`), as if not written;
    a required one may not."""
    if field.kind == "entries":
        schema: dict[str, Any] = {"type": ["array"], "items": entry_schema(field.entry)}
    elif field.choices:
        schema = {"type": ["string"], "enum": list(field.choices)}
    else:
        schema = json.loads(json.dumps(_KINDS[field.kind]))  # a copy of its own
    if field.required:  # spaces or an empty list are no value (fields.blank)
        if "string" in schema["type"] and "pattern" not in schema and "enum" not in schema:
            schema.update(pattern=r"\S", patternErrorMessage="this field needs a value")
        if "array" in schema["type"]:
            schema["minItems"] = 1
    else:
        schema["type"] = [*schema["type"], "null"]
        if "pattern" in schema:
            schema["pattern"] = rf"^\s*$|{schema['pattern']}"
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


def _document(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": _TITLES[name], **schema}
