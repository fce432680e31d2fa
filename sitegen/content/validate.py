"""Checking raw content and turning it into the typed model, collecting every problem on the way."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sitegen.content.field_specs import (
    BRIEFING_FIELDS,
    CHANGE_FIELDS,
    CHART_FIELDS,
    ENTITY_FIELDS,
    EVENT_FIELDS,
    FACT_FIELDS,
    FIGURE_FIELDS,
    POINT_FIELDS,
    QUOTE_FIELDS,
    SECTION_FIELDS,
    SITE_FIELDS,
    SOURCE_FIELDS,
    TRUST_TERMS,
    FieldSpec,
)
from sitegen.content.fields import CONVERTERS, ID_KINDS, blank, describe, is_web_url
from sitegen.content.impossible_dates import why_not_a_date
from sitegen.content.inline_facts import defining, definitions
from sitegen.content.item_digests import ItemDigests
from sitegen.content.load import MarkdownFile, RawBriefing, RawContent, YamlFile
from sitegen.content.located_yaml import LocatedMap
from sitegen.content.model import (
    Briefing,
    Change,
    Drafts,
    Entity,
    Event,
    Fact,
    Quote,
    Section,
    Site,
    Source,
    item_key,
    qualified,
)
from sitegen.content.model_cache import ModelCache, as_plain, from_plain
from sitegen.content.suggestions import id_hint, unknown_id
from sitegen.content.validate_visuals import VisualMakers
from sitegen.errors import ContentError, Location, Problem

# Ids become file names and URL fragments: letters or digits of any script, joined by hyphens.
ID_PATTERN = re.compile(r"[^\W_](?:[\w-]{0,78}[^\W_])?")
# A file name may hold 255 bytes; an id becomes `<id>.html` and letters of some scripts take
# four bytes each in UTF-8, so the length in bytes is bounded too.
MAX_ID_BYTES = 200
RESERVED_IDS = frozenset({"index"})
# What Windows names devices, with any extension too (`con.html` is the console): no file there
# can have such a name. https://learn.microsoft.com/windows/win32/fileio/naming-a-file
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{port}{number}" for port in ("com", "lpt") for number in "0123456789¹²³"}
)


class _Checker:
    """Holds the problem list while one content tree is checked."""

    def __init__(self, models: ModelCache | None = None) -> None:
        self.problems: list[Problem] = []
        self.supersedes_at: dict[str, Location] = {}  # fact key -> where `supersedes` is written
        self.models = models  # checked entries kept between builds
        self.digests = ItemDigests()  # of the items, those kept with their entries noted

    def error(self, where: Location, message: str, code: str) -> None:
        self.problems.append(Problem(where, message, code))

    def entry_fields(
        self, entry: Any, where: Location, what: str, spec: dict[str, FieldSpec]
    ) -> dict[str, Any] | None:
        """Check one mapping against its field spec; returns clean values, or None if unusable."""
        if not isinstance(entry, LocatedMap):
            self.error(where, f"{what} must be a mapping of fields", "wrong-type")
            return None
        values: dict[str, Any] = {}
        for key in entry:
            if key not in spec:
                hint = difflib.get_close_matches(key, spec, n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.error(
                    entry.key_location(key), f"unknown field '{key}' in {what}{suggestion}", "unknown-field"
                )
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
        if value is not None and kind in ID_KINDS:
            items = value if ID_KINDS[kind] else (value,)
            bad_id = next((item for item in items if not _valid_id(item, kind)), None)
        if value is not None and bad_id is None and (kind != "url" or is_web_url(value)):
            return value
        what = f"{owner}: '{name}'"
        if value is None:
            message, code = f"{what} must be {expected}, not {describe(raw)}", "wrong-type"
            if kind == "date" and isinstance(raw, str) and (why := why_not_a_date(raw)):
                message += f" ({why})"
        elif bad_id is not None:
            message, code = f"{what}: '{bad_id}' is not a valid id", "bad-id"
        else:
            message, code = f"{what} must be an http:// or https:// URL, not '{value}'", "bad-url"
        self.error(entry.value_location(name), message, code)
        return None

    def check_id(self, key: str, where: Location, what: str) -> bool:
        message = id_problem(key, what)
        if message is not None:
            self.error(where, message, "bad-id")
        return message is None

    def one_file_each(self, key: str, where: Location, what: str, seen: dict[str, str]) -> bool:
        """Whether the page named by `key` is a file of its own on macOS and Windows too, beside
        those of the ids in `seen` (file-name form -> id), which it joins; if not, said."""
        same = seen.setdefault(file_name_form(key), key)
        if same == key:
            return True
        composed = unicodedata.normalize("NFC", key) == unicodedata.normalize("NFC", same)
        how = "in how their letters are composed: NFC or NFD" if composed else "in case"
        self.error(
            where,
            f"{what} '{key}' has the same id as {what} '{same}' (ids may not differ only {how})",
            "duplicate-id",
        )
        return False


def id_problem(key: str, what: str) -> str | None:
    """What is wrong with `key` as the id of a `what` ("section"), or None when it is valid."""
    if not ID_PATTERN.fullmatch(key):
        return f"invalid {what} id '{key}': use letters, digits and single hyphens (at most 80 characters)"
    if len(key.encode("utf-8")) > MAX_ID_BYTES:
        return (
            f"the {what} id '{key[:20]}…' is too long ({len(key.encode('utf-8'))} bytes in "
            f"UTF-8; at most {MAX_ID_BYTES})"
        )
    lowered = key.lower()
    if lowered in RESERVED_IDS:
        return f"the {what} id '{key}' is reserved"
    if lowered in WINDOWS_DEVICE_NAMES:
        return (
            f"the {what} id '{key}' is a device name on Windows, where no file may be "
            f"called '{key}', with any extension"
        )
    if lowered != key:  # `Capital` beside `capital` would be one file on macOS and Windows
        return f"invalid {what} id '{key}': ids are lowercase (write '{lowered}')"
    return None


def file_name_form(key: str) -> str:
    """What macOS and Windows see of a file name: letters without case (casefolded: `ς` is
    `σ`) and composed (macOS takes `한` and its three jamo for one name)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", key).casefold())


def _valid_id(text: str, kind: str) -> bool:
    """An id, or for a reference (`ref`) also `briefing-id/id`."""
    parts = text.split("/") if kind in ("ref", "refs") else [text]
    return len(parts) <= 2 and all(ID_PATTERN.fullmatch(part) for part in parts)


@dataclass(slots=True)
class _Declared:
    """Every id written, valid or not, so that one bad entry causes no cascade of 'unknown id'."""

    source: set[str]
    entity: set[str]
    fact: set[str]
    quote: set[str]
    event: set[str]
    briefing: set[str]

    def unknown(self, kind: str, key: str, drafts: Drafts | None = None) -> str:
        """What to say of `key`, which names no `kind` ("fact"): its briefing when that is
        what is missing (or a draft the build leaves out), else the ids it may have meant
        (suggestions.py)."""
        briefing, _, _ = key.rpartition("/")
        if briefing and drafts is not None and drafts.has_briefing(briefing):
            return drafts.refused(kind, key, briefing)
        if briefing and briefing not in self.briefing:
            hint = id_hint("briefing", briefing, {"briefing": self.briefing})
            return f"unknown {kind} '{key}': there is no briefing '{briefing}'{hint}"
        known = {
            "source": self.source,
            "entity": self.entity,
            "fact": self.fact,
            "quote": self.quote,
            "event": self.event,
        }
        return unknown_id(kind, key, known)


def build_site(raw: RawContent, include_drafts: bool = False, models: ModelCache | None = None) -> Site:
    """Check the raw content and build the model; raises ContentError with every problem found.
    Files that `models` kept as the last build checked them are not checked field by field
    again; those checked now are put into it."""
    checker = _Checker(models)
    files = raw.yaml_files
    if "site" not in files:
        checker.error(
            Location(f"{raw.content_dir}/site.yaml"),
            "missing file: every project needs site.yaml",
            "missing-file",
        )
    site_fields = _single(checker, files.get("site"), "the site", SITE_FIELDS) or {}
    _check_at_least_one(checker, files.get("site"), site_fields, "the site")
    declared = _Declared(set(), set(), set(), set(), set(), set())
    sources = _entries(checker, files.get("sources"), "source", SOURCE_FIELDS, _make_source, declared.source)
    entities = _entries(
        checker, files.get("entities"), "entity", ENTITY_FIELDS, _make_entity, declared.entity
    )
    raw_briefings = _briefing_folders(checker, raw)
    declared.briefing.update(folder.folder for folder in raw_briefings)
    built = [_briefing(checker, folder, declared, entities) for folder in raw_briefings]
    drafts = Drafts()
    if not include_drafts:
        built, drafts = _leave_out_drafts(checker, built, declared)
    facts = {fact.key: fact for briefing in built if briefing for fact in briefing.facts.values()}
    built = [
        _with_visuals(checker, folder, briefing, facts, declared) if briefing else None
        for folder, briefing in zip(raw_briefings, built, strict=True)
    ]
    briefings = [briefing for briefing in built if briefing is not None]
    for folder, briefing in zip(raw_briefings, built, strict=True):
        for fact_key in briefing.key_facts if briefing else ():  # once every briefing is read
            if fact_key not in declared.fact:
                where = folder.yaml_files["briefing"].data.value_location("key_facts")
                checker.error(
                    where,
                    f"the briefing: 'key_facts' names {declared.unknown('fact', fact_key, drafts)}",
                    "unknown-id",
                )

    for entity in entities.values():
        if entity.kind not in ENTITY_FIELDS["kind"].choices:
            checker.error(
                entity.origin,
                f"entity '{entity.id}' has unknown kind '{entity.kind}' "
                f"(use one of: {', '.join(ENTITY_FIELDS['kind'].choices)})",
                "bad-kind",
            )
    _check_archives(checker, files.get("sources"), sources)
    _check_references(checker, declared, entities, briefings)
    _check_names(checker, entities)
    _check_supersedes(checker, declared, briefings, drafts)
    if checker.problems:
        raise ContentError(checker.problems)
    base_url = site_fields.get("base_url")
    title = site_fields.get("title") or briefings[0].title
    return Site(
        title=title,
        language=site_fields.get("language") or "en",
        base_url=base_url if base_url is None or base_url.endswith("/") else base_url + "/",
        entities=entities,
        sources=sources,
        briefings=tuple(sorted(briefings, key=_newest_first)),
        description=site_fields.get("description"),
        min_fact_sources=site_fields.get("min_fact_sources") or 1,
        policies=tuple((term, site_fields[term]) for term in TRUST_TERMS if site_fields.get(term)),
        digests=checker.digests,
        drafts=drafts,
    )


def _newest_first(briefing: Briefing) -> tuple[int, str, str]:
    """Dated briefings newest first (ISO dates sort as text), then undated ones by id."""
    published = briefing.published or ""
    inverted = "".join(chr(0x7F - ord(c)) for c in published)  # descending as text
    return (0 if published else 1, inverted, briefing.id)


def _briefing_folders(checker: _Checker, raw: RawContent) -> list[RawBriefing]:
    """The briefings of the project: one per folder in content/briefings/ (a desk), or the
    briefing files at the top of content/ (the one-briefing layout), never both."""
    top = raw.top
    if raw.briefings is None or not raw.briefings:
        if "briefing" not in top.yaml_files:
            checker.error(
                Location(f"{raw.content_dir}/briefing.yaml"),
                "missing file: a project needs briefing.yaml, or one folder per "
                f"briefing in {raw.content_dir}/briefings/",
                "missing-file",
            )
        return [top]
    for name, file in top.yaml_files.items():
        checker.error(
            Location(file.path),
            f"{name}.yaml belongs to one briefing: in a project "
            f"with {raw.content_dir}/briefings/, move it into a briefing's folder "
            "(see docs/content-format.md)",
            "layout",
        )
    if top.has_sections_folder:
        checker.error(
            Location(f"{raw.content_dir}/sections"),
            "sections belong to one "
            f"briefing: in a project with {raw.content_dir}/briefings/, move them into "
            "a briefing's folder (see docs/content-format.md)",
            "layout",
        )
    usable = []
    seen: dict[str, str] = {}
    for folder in raw.briefings:
        where = Location(folder.path)
        # distinct on this disk, one folder on macOS and Windows: the URLs would collide
        if not checker.check_id(folder.folder, where, "briefing") or not checker.one_file_each(
            folder.folder, where, "briefing", seen
        ):
            continue
        if "briefing" not in folder.yaml_files:
            checker.error(
                Location(f"{folder.path}/briefing.yaml"),
                "missing file: every briefing folder needs briefing.yaml",
                "missing-file",
            )
            continue
        usable.append(folder)
    return usable


def _defined_in_text(
    checker: _Checker,
    sections: tuple[Section, ...],
    facts: dict[str, Fact],
    quotes: dict[str, Quote],
    events: dict[str, Event],
    entities: dict[str, Entity],
    declared: set[str],
) -> dict[str, Fact]:
    """The facts the sections' text defines (`[[fact:id = value]]`, content/inline_facts.py),
    by id, each once: an id facts.yaml or another sentence has already is an error."""
    if not any(defining(section.body) for section in sections):
        return {}
    names = {name.casefold(): e for e in entities.values() for name in (e.id, e.name, *e.aliases)}

    def shown(kind: str, key: str) -> str:
        collections: dict[str, Mapping[str, object]] = {"fact": facts, "quote": quotes, "event": events}
        item = collections.get(kind, {}).get(key)
        if isinstance(item, Fact):
            return item.value or item.statement
        if isinstance(item, Quote):
            return f"“{item.text}”"
        return item.when if isinstance(item, Event) else key

    defined: dict[str, Fact] = {}
    for section in sections:
        for definition in definitions(section, lambda name: names.get(name.casefold()), shown):
            where, name = definition.where, definition.id
            if "/" in name:
                checker.error(
                    where,
                    f"a fact is defined in its own briefing: write [[fact:{name.rpartition('/')[2]} = "
                    f"...]] in briefing '{section.briefing}', without '{name.rpartition('/')[0]}/'",
                    "bad-id",
                )
                continue
            if not checker.check_id(name, where, "fact"):
                continue
            earlier = facts.get(name) or defined.get(name)
            if earlier is not None:
                checker.error(
                    where,
                    f"fact '{name}' is defined twice: here and at {earlier.origin}",
                    "duplicate-id",
                )
                continue
            if not definition.value:
                checker.error(where, f"fact '{name}' has no value after ' = '", "missing-field")
                continue
            if not definition.sources:
                checker.error(
                    where,
                    f"fact '{name}' is defined in a sentence that cites no source: a defined fact "
                    "takes its sources from its sentence's citation marks, as in [@source-id]",
                    "missing-field",
                )
                continue
            defined[name] = Fact(
                name,
                definition.statement,
                definition.value,
                definition.sources,
                None,
                definition.entities,
                None,
                section.briefing,
                where,
            )
            declared.add(item_key(section.briefing, name))
    return defined


def _leave_out_drafts(
    checker: _Checker, built: list[Briefing | None], declared: _Declared
) -> tuple[list[Briefing | None], Drafts]:
    """The briefings a build publishes (draft briefings as None, draft sections taken out),
    and the drafts left out; the ids of a draft briefing's items are no longer declared, so
    that a published page naming one is an error, as it would be a broken link."""
    left_out = [briefing for briefing in built if briefing is not None and briefing.draft]
    if left_out and len(left_out) == sum(briefing is not None for briefing in built):
        checker.error(
            left_out[0].origin,
            "every briefing is a draft (draft: true), so there is nothing to publish; "
            "`sitegen serve` shows drafts",
            "all-drafts",
        )
    for draft in left_out:
        for kind in ("fact", "quote", "event"):
            getattr(declared, kind).difference_update(
                item_key(draft.id, item_id) for item_id in getattr(draft, f"{kind}s")
            )
    draft_sections: list[Section] = []
    published: list[Briefing | None] = []
    for briefing in built:
        if briefing is None or briefing.draft:
            published.append(None)
            continue
        drafts_here = [section for section in briefing.sections if section.draft]
        if drafts_here:
            draft_sections += drafts_here
            # and the facts their sentences define
            files = {section.origin.path for section in drafts_here}
            defined_there = {key for key, fact in briefing.facts.items() if fact.origin.path in files}
            declared.fact.difference_update(item_key(briefing.id, key) for key in defined_there)
            briefing = replace(
                briefing,
                sections=tuple(s for s in briefing.sections if not s.draft),
                facts={key: fact for key, fact in briefing.facts.items() if key not in defined_there},
            )
        published.append(briefing)
    return published, Drafts(tuple(left_out), tuple(draft_sections))


def _briefing(
    checker: _Checker, folder: RawBriefing, declared: _Declared, entities: dict[str, Entity]
) -> Briefing | None:
    """The briefing with every section, drafts included (build_site leaves drafts out)."""
    files = folder.yaml_files
    key = folder.folder
    fields = _single(checker, files.get("briefing"), "the briefing", BRIEFING_FIELDS)
    make = _Makers(key, checker.supersedes_at)
    facts = _entries(checker, files.get("facts"), "fact", FACT_FIELDS, make.fact, declared.fact, key)
    quotes = _entries(checker, files.get("quotes"), "quote", QUOTE_FIELDS, make.quote, declared.quote, key)
    events = _entries(checker, files.get("events"), "event", EVENT_FIELDS, make.event, declared.event, key)
    sections = _sections(checker, folder)
    facts = {**facts, **_defined_in_text(checker, sections, facts, quotes, events, entities, declared.fact)}
    if fields is None:
        return None
    key_facts = tuple(qualified(ref, key) for ref in fields["key_facts"] or ())
    _check_at_least_one(checker, files["briefing"], fields, "the briefing")
    changes = _changes(checker, files["briefing"].data, fields)
    return Briefing(
        id=key,
        title=fields["title"],
        standfirst=fields["standfirst"],
        publisher=fields["publisher"],
        authors=fields["authors"] or (),
        published=fields["published"],
        updated=fields["updated"],
        key_facts=key_facts,
        changes=changes,
        sections=sections,
        facts=facts,
        quotes=quotes,
        events=events,
        origin=Location(files["briefing"].path),
        min_fact_sources=fields["min_fact_sources"],
        draft=bool(fields["draft"]),
        live=bool(fields["live"]),
    )


def _with_visuals(
    checker: _Checker, folder: RawBriefing, briefing: Briefing, facts: dict[str, Fact], declared: _Declared
) -> Briefing:
    """The briefing with its figures and charts (once every briefing's facts are known)."""
    make = VisualMakers(checker, folder, facts, declared, POINT_FIELDS)
    files = folder.yaml_files
    return replace(
        briefing,
        figures=_entries(
            checker, files.get("figures"), "figure", FIGURE_FIELDS, make.figure, set(), briefing.id
        ),
        charts=_entries(checker, files.get("charts"), "chart", CHART_FIELDS, make.chart, set(), briefing.id),
    )


def _check_at_least_one(checker: _Checker, file: YamlFile | None, fields: dict[str, Any], what: str) -> None:
    """`min_fact_sources` asks each fact for at least one source (validation's own rule)."""
    rule = fields.get("min_fact_sources")
    if file is not None and rule is not None and rule < 1:
        checker.error(
            file.data.value_location("min_fact_sources"),
            f"{what}: 'min_fact_sources' must be at least 1, not {rule}",
            "wrong-type",
        )
        fields["min_fact_sources"] = None


def _changes(checker: _Checker, data: LocatedMap, fields: dict[str, Any]) -> tuple[Change, ...]:
    """The briefing's log of updates and corrections, newest first (file order among equals)."""
    changes = []
    for number, entry in enumerate(fields["changes"] or (), 1):
        where = entry.location if isinstance(entry, LocatedMap) else data.value_location("changes")
        values = checker.entry_fields(entry, where, f"change {number}", CHANGE_FIELDS)
        if values is None:
            continue
        if values["kind"] not in CHANGE_FIELDS["kind"].choices:
            checker.error(
                entry.value_location("kind"),
                f"change {number} has unknown kind "
                f"'{values['kind']}' (use one of: {', '.join(CHANGE_FIELDS['kind'].choices)})",
                "bad-kind",
            )
            continue
        published = fields["published"]
        if published and values["date"] < published:
            checker.error(
                entry.value_location("date"),
                f"change {number}: 'date' is {values['date']}, "
                f"before the briefing was published ({published})",
                "bad-date",
            )
            continue
        changes.append(Change(values["date"], values["kind"], values["text"], where))
    return tuple(sorted(changes, key=lambda change: change.date, reverse=True))


def _single(
    checker: _Checker, file: YamlFile | None, what: str, spec: dict[str, FieldSpec]
) -> dict[str, Any] | None:
    if file is None:
        return None
    if file.data is None:
        required = ", ".join(f"'{name}'" for name, field in spec.items() if field.required)
        checker.error(
            Location(file.path, 1, 1), f"the file is empty: {what} needs {required}", "missing-field"
        )
        return None
    return checker.entry_fields(file.data, Location(file.path, 1, 1), what, spec)


def _entries(
    checker: _Checker,
    file: YamlFile | None,
    kind: str,
    spec: dict[str, FieldSpec],
    make: Callable[[str, dict[str, Any], Location], Any],
    declared: set[str],
    briefing: str | None = None,
) -> dict[str, Any]:
    """A YAML file mapping ids to entries, as model objects keyed by id (in file order).
    `declared` receives every id written (qualified with `briefing` for a briefing's own)."""
    if file is not None and file.cached is not None:
        return _kept_entries(checker, file, kind, declared, briefing)
    if file is None or file.data is None:
        return {}
    data = file.data
    if not isinstance(data, LocatedMap):
        checker.error(
            Location(file.path, 1, 1),
            f"{file.path.rsplit('/', 1)[-1]} must map each {kind} id to its fields",
            "wrong-type",
        )
        return {}
    result = {}
    problems_before = len(checker.problems)
    declared.update(data if briefing is None else (item_key(briefing, key) for key in data))
    files: dict[str, str] | None = {} if kind in PAGE_KINDS else None
    for key, entry in data.items():
        where = data.key_location(key)
        if (
            not checker.check_id(key, where, kind)
            or files is not None
            and not checker.one_file_each(key, where, kind, files)
        ):
            continue
        values = checker.entry_fields(entry, where, f"{kind} '{key}'", spec)
        if values is not None:
            if kind == "fact" and values["supersedes"]:  # located here, checked once all exist
                values["supersedes_at"] = entry.value_location("supersedes")
            made = make(key, values, where)
            if made is not None:
                result[key] = made
    # kept only if the whole build lands (BuildCaches.save): then every check of it passed
    if checker.models and kind in KEPT_KINDS and len(checker.problems) == problems_before:
        checker.models.put(
            file.path,
            file.digest,
            {
                key: (
                    as_plain(item),
                    tuple(checker.supersedes_at.get(item_key(briefing or "", key), ())),
                    checker.digests.full(item),
                    checker.digests.content(item),
                )
                for key, item in result.items()
            },
        )
    return result


# Entries that each have a page of their own, named by their id (entities/<id>.html).
PAGE_KINDS = frozenset({"entity"})
# Entries kept between builds (model_cache.py), by the kind of entry: their model class.
KEPT_KINDS = {"source": Source, "entity": Entity, "fact": Fact, "quote": Quote, "event": Event}


def _kept_entries(
    checker: _Checker, file: YamlFile, kind: str, declared: set[str], briefing: str | None
) -> dict[str, Any]:
    """The entries of a file as the last build checked them (its text has not changed)."""
    declared.update(file.cached if briefing is None else (item_key(briefing, key) for key in file.cached))
    result = {}
    for key, (values, supersedes_at, full, content) in file.cached.items():
        result[key] = item = from_plain(KEPT_KINDS[kind], values)
        checker.digests.note(item, full, content)
        if supersedes_at:
            checker.supersedes_at[item_key(briefing or "", key)] = Location(*supersedes_at)
    return result


def _make_source(key: str, v: dict[str, Any], where: Location) -> Source:
    return Source(
        key,
        v["publisher"],
        v["title"],
        v["url"],
        v["published"],
        v["accessed"],
        where,
        v["archive_url"],
        v["archived"],
        v["status"],
    )


def _check_archives(checker: _Checker, file: YamlFile | None, sources: dict[str, Source]) -> None:
    """A status from the list, and an archive date only with the archive it dates."""
    if file is None or file.cached is not None:
        return  # none, or as the last build, which landed, checked them (model_cache.py)
    for source in sources.values():
        entry = file.data[source.id]
        if source.status is not None and source.status not in SOURCE_FIELDS["status"].choices:
            checker.error(
                entry.value_location("status"),
                f"source '{source.id}' has unknown "
                f"status '{source.status}' (use one of: {', '.join(SOURCE_FIELDS['status'].choices)})",
                "bad-kind",
            )
        if source.archived is not None and source.archive_url is None:
            checker.error(
                entry.value_location("archived"),
                f"source '{source.id}' has "
                "'archived' but no 'archive_url' (the date is that of the archived "
                "copy)",
                "missing-field",
            )


def _make_entity(key: str, v: dict[str, Any], where: Location) -> Entity:
    return Entity(key, v["name"], v["kind"], v["description"], v["sources"] or (), v["aliases"] or (), where)


class _Makers:
    """Model objects of one briefing's entries."""

    def __init__(self, briefing: str, supersedes_at: dict[str, Location]):
        self.briefing = briefing
        self.supersedes_at = supersedes_at

    def fact(self, key: str, v: dict[str, Any], where: Location) -> Fact:
        supersedes = qualified(v["supersedes"], self.briefing) if v["supersedes"] else None
        if supersedes:
            self.supersedes_at[item_key(self.briefing, key)] = v["supersedes_at"]
        return Fact(
            key,
            v["statement"],
            v["value"],
            v["sources"],
            v["as_of"],
            v["entities"] or (),
            supersedes,
            self.briefing,
            where,
        )

    def quote(self, key: str, v: dict[str, Any], where: Location) -> Quote:
        return Quote(
            key, v["text"], v["speaker"], v["role"], v["context"], v["sources"], self.briefing, where
        )

    def event(self, key: str, v: dict[str, Any], where: Location) -> Event:
        return Event(
            key, v["when"], v["date"], v["what"], v["sources"], v["entities"] or (), self.briefing, where
        )


def section_of(file: MarkdownFile, briefing: str, include_drafts: bool) -> Section | None:
    """One section file on its own (what the preview needs to answer a save at once); None
    when it has a problem or is a draft left out. The whole-briefing checks are build_site's."""
    checker = _Checker()
    section = _section(checker, file, briefing, include_drafts)
    return None if checker.problems else section


def _section(checker: _Checker, file: MarkdownFile, briefing: str, include_drafts: bool) -> Section | None:
    if file.cached is not None:  # as the last build checked it: its text has not changed
        values, full = file.cached
        section = from_plain(Section, values)
        checker.digests.note(section, full)
    else:
        slug = _slug(file)
        where = Location(file.path, 1, 1)
        if not checker.check_id(slug, where, "section"):
            return None
        values = checker.entry_fields(
            file.front_matter, file.front_matter_location, f"section '{slug}'", SECTION_FIELDS
        )
        if values is None:
            return None
        section = Section(
            slug,
            values["title"],
            values["order"],
            values["summary"],
            bool(values["draft"]),
            file.body,
            file.body_first_line,
            briefing,
            where,
        )
        if checker.models and file.digest:
            checker.models.put(file.path, file.digest, (as_plain(section), checker.digests.full(section)))
    return None if section.draft and not include_drafts else section


def _slug(file: MarkdownFile) -> str:
    """A section's id: its file's name without `.md`."""
    return file.path.rsplit("/", 1)[-1].removesuffix(".md")


def _sections(checker: _Checker, folder: RawBriefing) -> tuple[Section, ...]:
    """Every section of the briefing, drafts included."""
    files: dict[str, str] = {}  # each section is a page, sections/<id>.html; drafts too
    sections = [
        section
        for file in folder.sections
        if (
            id_problem(slug := _slug(file), "section") is not None
            or checker.one_file_each(slug, Location(file.path, 1, 1), "section", files)
        )
        and (section := _section(checker, file, folder.folder, include_drafts=True)) is not None
    ]
    if not sections and not folder.sections:
        checker.error(
            Location(f"{folder.path}/sections"),
            f"the briefing has no sections: add Markdown files to {folder.path}/sections/",
            "no-sections",
        )
    by_order: dict[int, Section] = {}
    for section in sections:
        if section.order in by_order:
            checker.error(
                section.origin,
                f"section '{section.id}' has the same order "
                f"({section.order}) as section '{by_order[section.order].id}'",
                "duplicate-order",
            )
        by_order.setdefault(section.order, section)
    return tuple(sorted(sections, key=lambda s: (s.order, s.id)))


def _check_references(
    checker: _Checker, declared: _Declared, entities: dict, briefings: list[Briefing]
) -> None:
    """Every id that a data entry names must exist."""

    def need(ids: tuple[str, ...], kind: str, owner: str, name: str, where: Location) -> None:
        known = getattr(declared, kind)
        for ref in ids:
            if ref not in known:
                checker.error(where, f"{owner}: '{name}' names {declared.unknown(kind, ref)}", "unknown-id")

    for entity in entities.values():
        need(entity.sources, "source", f"entity '{entity.id}'", "sources", entity.origin)
    for briefing in briefings:
        for fact in briefing.facts.values():
            need(fact.sources, "source", f"fact '{fact.id}'", "sources", fact.origin)
            need(fact.entities, "entity", f"fact '{fact.id}'", "entities", fact.origin)
        for quote in briefing.quotes.values():
            need(quote.sources, "source", f"quote '{quote.id}'", "sources", quote.origin)
            need((quote.speaker,), "entity", f"quote '{quote.id}'", "speaker", quote.origin)
        for event in briefing.events.values():
            need(event.sources, "source", f"event '{event.id}'", "sources", event.origin)
            need(event.entities, "entity", f"event '{event.id}'", "entities", event.origin)


def _check_supersedes(
    checker: _Checker, declared: _Declared, briefings: list[Briefing], drafts: Drafts
) -> None:
    """A fact supersedes an existing fact, each fact is superseded by one newer fact at most,
    and following `supersedes` from any fact never comes back to it."""
    links: dict[str, str] = {}  # fact key -> the key of the fact it supersedes
    superseded_by: dict[str, str] = {}
    for briefing in briefings:
        for fact in briefing.facts.values():
            if fact.supersedes is None:
                continue
            where = checker.supersedes_at.get(fact.key, fact.origin)
            if fact.supersedes not in declared.fact:
                unknown = declared.unknown("fact", fact.supersedes, drafts)
                checker.error(
                    where,
                    f"fact '{fact.id}': 'supersedes' names {unknown}",
                    "unknown-id",
                )
                continue
            if fact.supersedes in superseded_by:
                checker.error(
                    where,
                    f"fact '{fact.key}' supersedes '{fact.supersedes}', which "
                    f"fact '{superseded_by[fact.supersedes]}' already supersedes (let "
                    "the newer of the two supersede the other)",
                    "supersedes-twice",
                )
                continue
            superseded_by[fact.supersedes] = fact.key
            links[fact.key] = fact.supersedes
    reported: set[str] = set()
    for start in links:
        chain, current = [start], links[start]
        while current in links and current not in chain:
            chain.append(current)
            current = links[current]
        if current == start and start not in reported:
            reported.update(chain)
            path = " → ".join([*chain, start])
            checker.error(
                checker.supersedes_at[start],
                f"fact '{start}' is in a cycle of facts superseding each other ({path})",
                "supersedes-cycle",
            )


def _check_names(checker: _Checker, entities: dict[str, Entity]) -> None:
    """A name or alias must lead to one entity only, or `[[Lee]]` would be ambiguous."""
    owner = {entity.id.casefold(): entity.id for entity in entities.values()}
    for entity in entities.values():
        for name in (entity.name, *entity.aliases):
            key = name.casefold()
            if key in owner and owner[key] != entity.id:
                checker.error(
                    entity.origin,
                    f"entity '{entity.id}' claims the name '{name}', which entity '{owner[key]}' already has",
                    "duplicate-alias",
                )
            owner.setdefault(key, entity.id)
