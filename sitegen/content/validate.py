"""Checking raw content and turning it into the typed model, collecting every problem on the way."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitegen.errors import ContentError, Location, Problem
from sitegen.content.fields import CONVERTERS, blank, describe, is_web_url
from sitegen.content.load import LocatedMap, MarkdownFile, RawContent, YamlFile
from sitegen.content.model import (
    ENTITY_KINDS,
    Briefing,
    Entity,
    Event,
    Fact,
    Quote,
    Section,
    Site,
    Source,
)

# Ids become file names and URL fragments: letters or digits of any script, joined by hyphens.
ID_PATTERN = re.compile(r"[^\W_](?:[\w-]{0,78}[^\W_])?")
# A file name may hold 255 bytes; an id becomes `<id>.html` and letters of some scripts take
# four bytes each in UTF-8, so the length in bytes is bounded too.
MAX_ID_BYTES = 200
RESERVED_IDS = frozenset({"index"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    kind: str  # text | int | bool | date | url | id | ids | texts
    required: bool = False


def _spec(required: str = "", **fields: str) -> dict[str, FieldSpec]:
    names = set(required.split())
    return {name: FieldSpec(kind, name in names) for name, kind in fields.items()}


SITE_FIELDS = _spec("title", title="text", language="text", base_url="url")
BRIEFING_FIELDS = _spec(
    "title", title="text", standfirst="text", publisher="text", authors="texts",
    published="date", updated="date", key_facts="ids")
SOURCE_FIELDS = _spec(
    "publisher", publisher="text", title="text", url="url", published="date", accessed="date")
ENTITY_FIELDS = _spec(
    "name kind", name="text", kind="text", description="text", sources="ids", aliases="texts")
FACT_FIELDS = _spec(
    "statement sources", statement="text", value="text", sources="ids", as_of="text",
    entities="ids")
QUOTE_FIELDS = _spec(
    "text speaker sources", text="text", speaker="id", role="text", context="text", sources="ids")
EVENT_FIELDS = _spec(
    "when what sources", when="text", date="date", what="text", sources="ids", entities="ids")
SECTION_FIELDS = _spec(
    "title order", title="text", order="int", summary="text", draft="bool")


class _Checker:
    """Holds the problem list while one content tree is checked."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, where: Location, message: str, code: str) -> None:
        self.problems.append(Problem(where, message, code))

    def entry_fields(self, entry: Any, where: Location, what: str,
                     spec: dict[str, FieldSpec]) -> dict[str, Any] | None:
        """Check one mapping against its field spec; returns clean values, or None if unusable."""
        if not isinstance(entry, LocatedMap):
            self.error(where, f"{what} must be a mapping of fields", "wrong-type")
            return None
        values: dict[str, Any] = {}
        for key in entry:
            if key not in spec:
                hint = difflib.get_close_matches(key, spec, n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.error(entry.key_location(key),
                           f"unknown field '{key}' in {what}{suggestion}", "unknown-field")
        ok = True
        for name, field in spec.items():
            raw = entry.get(name)
            value = None
            if not blank(raw):
                value = self.typed(raw, field.kind, entry, name, what)
                if value is None:
                    ok = ok and not field.required
            elif field.required:
                code = "no-source" if name == "sources" else "missing-field"
                self.error(where, f"{what} is missing required field '{name}'", code)
                ok = False
            values[name] = value
        return values if ok else None

    def typed(self, raw: Any, kind: str, entry: LocatedMap, name: str, owner: str) -> Any:
        """Field `name` of `owner` converted to its kind, or None with a problem recorded.
        Its location and the message are made only for a problem (a large briefing has
        hundreds of thousands of fields)."""
        value, expected = CONVERTERS[kind](raw)
        bad_id = None
        if value is not None and kind in ("id", "ids"):
            bad_id = next((item for item in ((value,) if kind == "id" else value)
                           if not ID_PATTERN.fullmatch(item)), None)
        if value is not None and bad_id is None and (kind != "url" or is_web_url(value)):
            return value
        what = f"{owner}: '{name}'"
        if value is None:
            message, code = f"{what} must be {expected}, not {describe(raw)}", "wrong-type"
        elif bad_id is not None:
            message, code = f"{what}: '{bad_id}' is not a valid id", "bad-id"
        else:
            message, code = f"{what} must be an http:// or https:// URL, not '{value}'", "bad-url"
        self.error(entry.value_location(name), message, code)
        return None

    def check_id(self, key: str, where: Location, what: str) -> bool:
        if not ID_PATTERN.fullmatch(key):
            self.error(where, f"invalid {what} id '{key}': use letters, digits and single "
                       "hyphens (at most 80 characters)", "bad-id")
            return False
        if len(key.encode("utf-8")) > MAX_ID_BYTES:
            self.error(where, f"the {what} id '{key[:20]}…' is too long ({len(key.encode('utf-8'))} "
                       f"bytes in UTF-8; at most {MAX_ID_BYTES})", "bad-id")
            return False
        if key in RESERVED_IDS:
            self.error(where, f"the {what} id '{key}' is reserved", "bad-id")
            return False
        return True


def build_site(raw: RawContent, include_drafts: bool = False) -> Site:
    """Check the raw content and build the model; raises ContentError with every problem found."""
    checker = _Checker()
    files = raw.yaml_files
    for required in ("site", "briefing"):
        if required not in files:
            checker.error(Location(f"{raw.content_dir}/{required}.yaml"),
                          f"missing file: every project needs {required}.yaml", "missing-file")
    site_fields = _single(checker, files.get("site"), "the site", SITE_FIELDS) or {}
    briefing_fields = _single(checker, files.get("briefing"), "the briefing", BRIEFING_FIELDS)

    declared: dict[str, set[str]] = {}  # ids written, valid or not: no cascade of "unknown id"
    sources = _entries(checker, files.get("sources"), "source", SOURCE_FIELDS, _make_source,
                       declared)
    entities = _entries(checker, files.get("entities"), "entity", ENTITY_FIELDS, _make_entity,
                        declared)
    facts = _entries(checker, files.get("facts"), "fact", FACT_FIELDS, _make_fact, declared)
    quotes = _entries(checker, files.get("quotes"), "quote", QUOTE_FIELDS, _make_quote, declared)
    events = _entries(checker, files.get("events"), "event", EVENT_FIELDS, _make_event, declared)
    sections = _sections(checker, raw, include_drafts)

    for entity in entities.values():
        if entity.kind not in ENTITY_KINDS:
            checker.error(entity.origin, f"entity '{entity.id}' has unknown kind '{entity.kind}' "
                          f"(use one of: {', '.join(ENTITY_KINDS)})", "bad-kind")
    _check_references(checker, declared, entities, facts, quotes, events)
    _check_names(checker, entities)
    key_facts: tuple[str, ...] = ()
    if briefing_fields is not None:
        key_facts = briefing_fields["key_facts"] or ()
        where = files["briefing"].data.value_location("key_facts")
        for fact_id in key_facts:
            if fact_id not in declared["fact"]:
                checker.error(where, f"unknown fact '{fact_id}' in key_facts", "unknown-id")

    if checker.problems:
        raise ContentError(checker.problems)
    assert briefing_fields is not None
    briefing = Briefing(
        id="briefing",
        title=briefing_fields["title"],
        standfirst=briefing_fields["standfirst"],
        publisher=briefing_fields["publisher"],
        authors=briefing_fields["authors"] or (),
        published=briefing_fields["published"],
        updated=briefing_fields["updated"],
        key_facts=key_facts,
        sections=sections,
        facts=facts,
        quotes=quotes,
        events=events,
        origin=Location(files["briefing"].path),
    )
    base_url = site_fields.get("base_url")
    return Site(
        title=site_fields.get("title") or briefing.title,
        language=site_fields.get("language") or "en",
        base_url=base_url if base_url is None or base_url.endswith("/") else base_url + "/",
        entities=entities,
        sources=sources,
        briefings=(briefing,),
    )


def _single(checker: _Checker, file: YamlFile | None, what: str,
            spec: dict[str, FieldSpec]) -> dict[str, Any] | None:
    if file is None:
        return None
    if file.data is None:
        required = ", ".join(f"'{name}'" for name, field in spec.items() if field.required)
        checker.error(Location(file.path, 1, 1), f"the file is empty: {what} needs {required}",
                      "missing-field")
        return None
    return checker.entry_fields(file.data, Location(file.path, 1, 1), what, spec)


def _entries(checker: _Checker, file: YamlFile | None, kind: str, spec: dict[str, FieldSpec],
             make: Callable[[str, dict[str, Any], Location], Any],
             declared: dict[str, set[str]]) -> dict[str, Any]:
    """A YAML file mapping ids to entries, as model objects keyed by id (in file order)."""
    declared[kind] = set()
    if file is None or file.data is None:
        return {}
    data = file.data
    if not isinstance(data, LocatedMap):
        checker.error(Location(file.path, 1, 1),
                      f"{file.path.rsplit('/', 1)[-1]} must map each {kind} id to its fields",
                      "wrong-type")
        return {}
    result = {}
    declared[kind].update(data)
    for key, entry in data.items():
        where = data.key_location(key)
        if not checker.check_id(key, where, kind):
            continue
        values = checker.entry_fields(entry, where, f"{kind} '{key}'", spec)
        if values is not None:
            result[key] = make(key, values, where)
    return result


def _make_source(key: str, v: dict[str, Any], where: Location) -> Source:
    return Source(key, v["publisher"], v["title"], v["url"], v["published"], v["accessed"], where)


def _make_entity(key: str, v: dict[str, Any], where: Location) -> Entity:
    return Entity(key, v["name"], v["kind"], v["description"], v["sources"] or (),
                  v["aliases"] or (), where)


def _make_fact(key: str, v: dict[str, Any], where: Location) -> Fact:
    return Fact(key, v["statement"], v["value"], v["sources"], v["as_of"], v["entities"] or (),
                where)


def _make_quote(key: str, v: dict[str, Any], where: Location) -> Quote:
    return Quote(key, v["text"], v["speaker"], v["role"], v["context"], v["sources"], where)


def _make_event(key: str, v: dict[str, Any], where: Location) -> Event:
    return Event(key, v["when"], v["date"], v["what"], v["sources"], v["entities"] or (), where)


def section_of(file: MarkdownFile, include_drafts: bool) -> Section | None:
    """One section file on its own (what the preview needs to answer a save at once); None
    when it has a problem or is a draft left out. The whole-briefing checks are build_site's."""
    checker = _Checker()
    section = _section(checker, file, include_drafts)
    return None if checker.problems else section


def _section(checker: _Checker, file: MarkdownFile, include_drafts: bool) -> Section | None:
    slug = file.path.rsplit("/", 1)[-1].removesuffix(".md")
    where = Location(file.path, 1, 1)
    if not checker.check_id(slug, where, "section"):
        return None
    values = checker.entry_fields(file.front_matter, file.front_matter_location,
                                  f"section '{slug}'", SECTION_FIELDS)
    if values is None or (values["draft"] and not include_drafts):
        return None
    return Section(slug, values["title"], values["order"], values["summary"],
                   bool(values["draft"]), file.body, file.body_first_line, where)


def _sections(checker: _Checker, raw: RawContent, include_drafts: bool) -> tuple[Section, ...]:
    sections = [section for file in raw.sections
                if (section := _section(checker, file, include_drafts)) is not None]
    if not sections and not checker.problems:
        checker.error(Location(f"{raw.content_dir}/sections"),
                      "the briefing has no sections: add Markdown files to content/sections/",
                      "no-sections")
    by_order: dict[int, Section] = {}
    for section in sections:
        if section.order in by_order:
            checker.error(section.origin, f"section '{section.id}' has the same order "
                          f"({section.order}) as section '{by_order[section.order].id}'",
                          "duplicate-order")
        by_order.setdefault(section.order, section)
    return tuple(sorted(sections, key=lambda s: (s.order, s.id)))


def _check_references(checker: _Checker, declared: dict[str, set[str]], entities: dict,
                      facts: dict, quotes: dict, events: dict) -> None:
    """Every id that a data entry names must exist."""
    def need(ids: tuple[str, ...], kind: str, owner: str, where: Location) -> None:
        for ref in ids:
            if ref not in declared[kind]:
                checker.error(where, f"{owner} names unknown {kind} '{ref}'", "unknown-id")

    for entity in entities.values():
        need(entity.sources, "source", f"entity '{entity.id}'", entity.origin)
    for fact in facts.values():
        need(fact.sources, "source", f"fact '{fact.id}'", fact.origin)
        need(fact.entities, "entity", f"fact '{fact.id}'", fact.origin)
    for quote in quotes.values():
        need(quote.sources, "source", f"quote '{quote.id}'", quote.origin)
        need((quote.speaker,), "entity", f"quote '{quote.id}'", quote.origin)
    for event in events.values():
        need(event.sources, "source", f"event '{event.id}'", event.origin)
        need(event.entities, "entity", f"event '{event.id}'", event.origin)


def _check_names(checker: _Checker, entities: dict[str, Entity]) -> None:
    """A name or alias must lead to one entity only, or `[[Lee]]` would be ambiguous."""
    owner = {entity.id.casefold(): entity.id for entity in entities.values()}
    for entity in entities.values():
        for name in (entity.name, *entity.aliases):
            key = name.casefold()
            if key in owner and owner[key] != entity.id:
                checker.error(entity.origin, f"entity '{entity.id}' claims the name '{name}', "
                              f"which entity '{owner[key]}' already has", "duplicate-alias")
            owner.setdefault(key, entity.id)
