"""`sitegen new entity|fact|quote|event`: one entry added to the file it belongs in, with the
fields the validator requires, each id it names checked against the project; what to paste
into a section is returned with it.

The project is loaded first (a project that does not load is refused as it is), the entry
appended as text (yaml_entries.py), the project loaded again.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.model import ENTITY_KINDS, SOLE_BRIEFING, Briefing, Site
from sitegen.content.validate import file_name_form, id_problem
from sitegen.errors import ContentError, Location, Problem, UsageError, display_path
from sitegen.scaffold.new import BRIEFINGS_FOLDER, briefing_folder
from sitegen.scaffold.yaml_entries import Value, append_entry, entry_text, load_project


@dataclass(frozen=True, slots=True)
class Added:
    """An entry written: where, and the reference that shows it in a section."""

    kind: str
    key: str
    path: Path
    line: int
    reference: str
    also_written: tuple[Path, ...] = ()  # a source's snapshot


def slug(name: str) -> str:
    """An id made of a name: `Lee Jae Myung` -> `lee-jae-myung`, accents dropped from Latin
    letters, letters of other scripts kept."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return re.sub(r"[\W_]+", "-", bare).strip("-")[:80].strip("-")


def new_entity(
    content_dir: Path, name: str, kind: str, key: str | None, description: str | None, sources: list[str]
) -> Added:
    """An entity in the shared registry, content/entities.yaml."""
    name = _one_line(name, "NAME")
    key = key or slug(name)
    _check_id(key, "entity")
    if kind not in ENTITY_KINDS:
        raise UsageError(f"--kind must be one of: {', '.join(ENTITY_KINDS)}")
    site = load_project(content_dir)
    check_free(key, site.entities, "entity")
    _check_known(sources, site.sources, "source", content_dir / "sources.yaml")
    fields: dict[str, Value | None] = {
        "name": name,
        "kind": kind,
        "description": _one_line(description, "--description") if description else None,
        "sources": sources or None,
    }
    path = content_dir / "entities.yaml"
    line = append_entry(content_dir, path, entry_text(key, fields))
    return Added("entity", key, path, line, f"[[{key}]]")


def new_fact(content_dir: Path, target: str, sources: list[str], statement: str, value: str | None) -> Added:
    fields: dict[str, Value | None] = {
        "statement": _one_line(statement, "--statement"),
        "value": _one_line(value, "--value") if value is not None else None,
        "sources": sources,
    }
    return _briefing_item(content_dir, target, "fact", fields, sources)


def new_quote(
    content_dir: Path, target: str, sources: list[str], speaker: str, text: str, role: str | None
) -> Added:
    fields: dict[str, Value | None] = {
        "text": _one_line(text, "--text"),
        "speaker": speaker,
        "role": _one_line(role, "--role") if role else None,
        "sources": sources,
    }
    return _briefing_item(content_dir, target, "quote", fields, sources, speaker)


def new_event(content_dir: Path, target: str, sources: list[str], when: str, what: str) -> Added:
    fields: dict[str, Value | None] = {
        "when": _one_line(when, "--when"),
        "what": _one_line(what, "--what"),
        "sources": sources,
    }
    return _briefing_item(content_dir, target, "event", fields, sources)


def _briefing_item(
    content_dir: Path,
    target: str,
    kind: str,
    fields: dict[str, Value | None],
    sources: list[str],
    speaker: str | None = None,
) -> Added:
    """A fact, quote or event `BRIEFING/ID` (`ID` alone when the project has one briefing),
    at the end of the briefing's facts.yaml, quotes.yaml or events.yaml."""
    briefing_id, _, key = target.rpartition("/")
    if briefing_id:
        _check_id(briefing_id, "briefing")
    _check_id(key, kind)
    if not sources:
        raise UsageError("name the source this comes from: --source SOURCE")
    site = load_project(content_dir)
    if briefing_id and briefing_id not in site.by_id:
        known = [b for b in site.by_id if b != SOLE_BRIEFING]
        where = content_dir / BRIEFINGS_FOLDER / briefing_id
        raise _problem(where, f"no briefing '{briefing_id}' in this project{_close(briefing_id, known)}")
    folder = briefing_folder(content_dir, briefing_id)
    briefing = _briefing_of(site, folder, content_dir)
    items: Mapping[str, object] = getattr(briefing, f"{kind}s")
    check_free(key, items, kind)
    _check_known(sources, site.sources, "source", content_dir / "sources.yaml")
    if speaker is not None:
        _check_known([speaker], site.entities, "entity", content_dir / "entities.yaml")
    path = folder / f"{kind}s.yaml"
    line = append_entry(content_dir, path, entry_text(key, fields))
    return Added(kind, key, path, line, f"[[{kind}:{key}]]")


def _briefing_of(site: Site, folder: Path, content_dir: Path) -> Briefing:
    briefing_id = SOLE_BRIEFING if folder == content_dir else folder.name
    return site.by_id[briefing_id]


def check_free(key: str, items: Mapping[str, object], kind: str) -> None:
    """A taken id (or one a file name on macOS and Windows would not tell apart) is refused,
    naming where the entry that has it is written."""
    wanted = file_name_form(key)
    for existing, item in items.items():
        if file_name_form(existing) == wanted:
            origin: Location = getattr(item, "origin")  # noqa: B009 - every model item has one
            raise ContentError(
                [
                    Problem(
                        origin, f"{_article(kind)} {kind} with the id '{existing}' is already here", "exists"
                    )
                ]
            )


def _check_known(ids: Iterable[str], known: Mapping[str, object], kind: str, registry: Path) -> None:
    problems = [
        Problem(
            Location(display_path(registry)),
            f"unknown {kind} '{key}'{_close(key, list(known))}",
            "unknown-id",
        )
        for key in ids
        if key not in known
    ]
    if problems:
        raise ContentError(problems)


def _close(key: str, known: list[str]) -> str:
    """The ids `key` may have meant: the closest few, or all of them when there are few."""
    if not known:
        return " (there are none yet)"
    if len(known) <= 5:
        return f" (known: {', '.join(sorted(known))})"
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _one_line(text: str | None, option: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise UsageError(f"{option} must not be empty")
    return text


def _check_id(key: str, what: str) -> None:
    message = id_problem(key, what)
    if message is not None:
        raise UsageError(message)


def _problem(path: Path, message: str) -> ContentError:
    return ContentError([Problem(Location(display_path(path)), message, "unknown-id")])
