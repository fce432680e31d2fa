"""`sitegen move-facts`: the facts that sections define in their sentences (`[[fact:id = value]]`,
content/inline_facts.py) moved into their briefings' facts.yaml, the sentences left showing the
same: each definition becomes `[[fact:id]]`, and a citation mark of the sentence that only
named the fact's sources is taken out, since the reference now shows those marks itself.

All files are written or none: should the project not load afterwards, each is put back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.inline_facts import Definition, definitions
from sitegen.content.model import Fact, Section, Site
from sitegen.content.reference_syntax import CITE_RE
from sitegen.errors import ContentError, UsageError, display_path
from sitegen.output.write import replace_file
from sitegen.scaffold.yaml_entries import entry_text, load_project

_CITE = re.compile(CITE_RE)


@dataclass(frozen=True, slots=True)
class Moved:
    fact: str  # its key
    was: str  # where it was defined, file:line:col
    to: str  # facts.yaml:line


def move_facts(content_dir: Path, briefings: list[str]) -> list[Moved]:
    site = load_project(content_dir)
    chosen = briefings or [briefing.id for briefing in site.briefings]
    unknown = [name for name in chosen if name not in site.by_id]
    if unknown:
        raise UsageError(
            f"move-facts: no briefing '{unknown[0]}' (the briefings are: {', '.join(sorted(site.by_id))})"
        )
    writes: dict[Path, str] = {}
    moved: list[Moved] = []
    for briefing in (site.by_id[name] for name in chosen):
        defined = {key: fact for key, fact in briefing.facts.items() if fact.origin.path.endswith(".md")}
        if not defined:
            continue
        facts_file = Path(briefing.origin.path).parent / "facts.yaml"
        old = writes.get(facts_file) or (
            facts_file.read_text(encoding="utf-8") if facts_file.is_file() else ""
        )
        text = old if not old or old.endswith("\n") else old + "\n"
        for section in briefing.sections:
            found = [d for d in _definitions(site, section) if d.id in defined]
            if found:
                path = Path(section.origin.path)
                writes[path] = _rewritten(path, section, found, defined)
            for definition in found:
                fact = defined[definition.id]
                if text.strip():
                    text += "\n"
                line = text.count("\n") + 1
                text += entry_text(
                    fact.id,
                    {
                        "statement": fact.statement,
                        "value": fact.value,
                        "sources": list(fact.sources),
                        "entities": list(fact.entities) or None,
                    },
                )
                moved.append(Moved(fact.key, str(definition.where), f"{display_path(facts_file)}:{line}"))
        writes[facts_file] = text
    _write_all(content_dir, writes)
    return moved


def _definitions(site: Site, section: Section) -> list[Definition]:
    """The section's definitions, read as validation read them."""
    names = {name.casefold(): e for e in site.entities.values() for name in (e.id, e.name, *e.aliases)}
    return list(definitions(section, lambda name: names.get(name.casefold()), lambda kind, key: key))


def _rewritten(path: Path, section: Section, found: list[Definition], facts: dict[str, Fact]) -> str:
    """The section file with each definition a plain reference, and each citation mark of its
    sentence that cites exactly the fact's sources taken out (with the space before it)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    head = "\n".join(lines[: section.body_first_line - 1])
    start = len(head) + 1 if section.body_first_line > 1 else 0
    if text[start:] != section.body:
        raise UsageError(f"{display_path(path)}: cannot rewrite this file in place (its line endings?)")
    cuts: list[tuple[int, int, str]] = []
    for definition in found:
        begin, end = definition.span
        cuts.append((begin, end, f"[[fact:{definition.id}]]"))
        sources = set(facts[definition.id].sources)
        for cite_begin, cite_end in definition.citations:
            mark = _CITE.fullmatch(section.body[cite_begin:cite_end])
            cited = {part.strip()[1:] for part in mark.group(1).split(";")} if mark else set()
            if cited == sources:
                while cite_begin > 0 and section.body[cite_begin - 1] in " \t":
                    cite_begin -= 1
                cuts.append((cite_begin, cite_end, ""))
    body = section.body
    for begin, end, replacement in sorted(set(cuts), reverse=True):
        body = body[:begin] + replacement + body[end:]
    return text[:start] + body


def _write_all(content_dir: Path, writes: dict[Path, str]) -> None:
    before = {path: path.read_bytes() if path.is_file() else None for path in writes}
    try:
        for path, text in writes.items():
            replace_file(path, text.encode("utf-8"))
        load_project(content_dir)
    except (ContentError, OSError, UsageError):
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                replace_file(path, data)
        raise
