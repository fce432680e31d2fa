"""The rules of `sitegen check`: the build's own errors, plus warnings about unused or stale content.

Errors are not written twice: `check` runs every step of the build except writing
(`render_site`), so `check` and `build` refuse exactly the same content. Warnings need the
resolved site (who cites what), so they are looked for once the content has no errors; so are
the errors against the snapshots of sources (checks/quotes.py), which `build` looks for at the
same point (build.vet_site), and `build --strict` the warnings too.

Each warning rule is a small function from the resolved site to located problems; those that
ask what is unused are handed what the left-out drafts use, found once per check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.build import render_site
from sitegen.checks.coverage import all_analysis, thinly_sourced_facts, unsourced_sentences
from sitegen.checks.draft_uses import DraftUses, draft_uses
from sitegen.checks.links import LinkOptions, LinkSummary, check_links
from sitegen.checks.media_rules import media_warnings
from sitegen.checks.quotes import verify_snapshots
from sitegen.config import BuildConfig
from sitegen.content.load import hidden_briefing_folders
from sitegen.content.lookalike_ids import Named, lookalike_ids
from sitegen.content.model import Event, Fact, Quote, Section
from sitegen.content.placeholders import PLACEHOLDERS
from sitegen.content.reference_syntax import fact_label
from sitegen.content.visuals import Chart, Figure
from sitegen.errors import ContentError, Location, Problem
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.site.resolve import Resolved

DEFAULT_MAX_AGE_DAYS = 365
# `as_of` is free text ("this year", "in May"); only these ISO forms can be aged.
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class CheckOptions:
    today: dt.date
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    links: LinkOptions | None = None  # check links over HTTP; None: never touch the network


@dataclass(frozen=True, slots=True)
class CheckResult:
    problems: tuple[Problem, ...]  # sorted
    resolved: Resolved | None  # None when errors in the content stopped the check early
    links: LinkSummary | None = None  # with --links, what was asked over HTTP


def check_project(
    config: BuildConfig, options: CheckOptions, progress: Progress = NO_PROGRESS
) -> CheckResult:
    """Every problem of a project; UsageError when it cannot be checked at all."""
    try:
        output = render_site(config, progress)
    except ContentError as error:
        return CheckResult(error.problems, None)
    problems = offline_problems(config.content_dir, output.resolved, options)
    links = None
    if options.links is not None:
        found, links = check_links(config.content_dir, output.resolved, options.links)
        problems.extend(found)
    return CheckResult(tuple(sorted(problems)), output.resolved, links)


def offline_problems(content_dir: Path, resolved: Resolved, options: CheckOptions) -> list[Problem]:
    """What `check` finds in a site that builds, without the network: every warning, and the
    errors against the snapshots of sources (which `build` refuses too, build.vet_site)."""
    in_drafts = draft_uses(resolved.site)
    problems = [problem for rule in UNUSED_RULES for problem in rule(resolved, in_drafts)]
    problems += [problem for rule in WARNING_RULES for problem in rule(resolved, options)]
    problems += media_warnings(resolved, content_dir, in_drafts)
    problems += hidden_folders(content_dir)
    problems += verify_snapshots(content_dir, resolved)
    return problems


def _warning(origin: Location, message: str, code: str) -> Problem:
    return Problem(origin, message, code, "warning")


def _facts(resolved: Resolved) -> Iterator[Fact]:
    for briefing in resolved.site.briefings:
        yield from briefing.facts.values()


def _quotes(resolved: Resolved) -> Iterator[Quote]:
    for briefing in resolved.site.briefings:
        yield from briefing.quotes.values()


def _events(resolved: Resolved) -> Iterator[Event]:
    for briefing in resolved.site.briefings:
        yield from briefing.events.values()


def _visuals(resolved: Resolved) -> Iterator[Figure | Chart]:
    for briefing in resolved.site.briefings:
        yield from briefing.figures.values()
        yield from briefing.charts.values()


def unused_sources(resolved: Resolved, in_drafts: DraftUses) -> Iterator[Problem]:
    """A source that no text cites and no fact, quote, event or entity names."""
    site = resolved.site
    named = {
        key
        for item in (
            *_facts(resolved),
            *_quotes(resolved),
            *_events(resolved),
            *site.entities.values(),
            *_visuals(resolved),
        )
        for key in item.sources
    }
    named |= in_drafts["source"]
    for source in site.sources.values():
        if source.id not in named and not resolved.backlinks_to("source", source.id):
            yield _warning(source.origin, f"source '{source.id}' is never cited", "unused-source")


def unused_facts(resolved: Resolved, in_drafts: DraftUses) -> Iterator[Problem]:
    """A fact that no section mentions and that is not a key fact of any briefing, nor
    superseded (a superseded figure stays on record)."""
    key_facts = {key for briefing in resolved.site.briefings for key in briefing.key_facts}
    key_facts |= in_drafts["fact"]
    for fact in _facts(resolved):
        if (
            fact.key not in key_facts
            and fact.key not in resolved.superseded_by
            and not resolved.backlinks_to("fact", fact.key)
        ):
            yield _warning(
                fact.origin, f"fact '{fact.id}' is not used in any section or in key_facts", "unused-fact"
            )


def unused_quotes(resolved: Resolved, in_drafts: DraftUses) -> Iterator[Problem]:
    for quote in _quotes(resolved):
        if quote.key not in in_drafts["quote"] and not resolved.backlinks_to("quote", quote.key):
            yield _warning(quote.origin, f"quote '{quote.id}' is not used in any section", "unused-quote")


def unused_entities(resolved: Resolved, in_drafts: DraftUses) -> Iterator[Problem]:
    """An entity that no section mentions and no fact, quote or event involves."""
    involved = {quote.speaker for quote in _quotes(resolved)}
    involving: list[Fact | Event] = [*_facts(resolved), *_events(resolved)]
    involved.update(key for item in involving for key in item.entities)
    involved |= in_drafts["entity"]
    for entity in resolved.site.entities.values():
        if entity.id not in involved and not resolved.backlinks_to("entity", entity.id):
            yield _warning(entity.origin, f"entity '{entity.id}' is not mentioned anywhere", "unused-entity")


def superseded_facts(resolved: Resolved, options: CheckOptions) -> Iterator[Problem]:
    """A section (or a key facts list) that still shows a figure a newer fact replaced, unless
    the text says it means to (`[[fact:id|history]]`, `[[fact:id|history: words]]`)."""
    site = resolved.site
    for key, newer in resolved.superseded_by.items():
        sections = {spot.section.key: spot.section for spot in resolved.backlinks_to("fact", key)}
        for section in sections.values():
            found = reference_spots(section, "fact", key)
            # the section's file when the text does not show the reference plainly
            spots = (
                [where for where, label in found if not fact_label(label).history]
                if found
                else [section.origin]
            )
            for where in spots:
                yield _warning(
                    where,
                    f"section '{section.id}' cites fact '{key}', which fact '{newer.key}' supersedes",
                    "superseded-fact",
                )
        for briefing in site.briefings:
            if key in briefing.key_facts:
                yield _warning(
                    briefing.origin,
                    f"key_facts lists fact '{key}', which fact '{newer.key}' supersedes",
                    "superseded-fact",
                )


def reference_spots(section: Section, kind: str, key: str) -> list[tuple[Location, str | None]]:
    """Each place a section's text refers to an item (`[[fact:id]]`, or `[[fact:briefing/id]]`),
    with the word after its `|` if any."""
    briefing, _, item_id = key.rpartition("/")
    names = [re.escape(key)] + ([re.escape(item_id)] if briefing == section.briefing else [])
    pattern = re.compile(r"\[\[" + kind + r":\s*(?:" + "|".join(names) + r")\s*(?:\|([^\]]*))?\]\]")
    body = section.body
    return [
        (
            Location(
                section.origin.path,
                section.body_first_line + body.count("\n", 0, match.start()),
                match.start() - body.rfind("\n", 0, match.start()),
            ),
            match.group(1).strip() if match.group(1) is not None else None,
        )
        for match in pattern.finditer(body)
    ]


def stale_facts(resolved: Resolved, options: CheckOptions) -> Iterator[Problem]:
    """A fact whose ISO `as_of` lies more than `max_age_days` before today."""
    for fact in _facts(resolved):
        if fact.key in resolved.superseded_by:
            continue  # already replaced by a newer figure
        held_until = as_of_date(fact.as_of)
        if held_until is None:
            continue
        age = (options.today - held_until).days
        if age > options.max_age_days:
            yield _warning(
                fact.origin,
                f"fact '{fact.id}' is {age} days old (as of "
                f"{fact.as_of}; the limit is {options.max_age_days} days)",
                "stale-fact",
            )


def as_of_date(as_of: str | None) -> dt.date | None:
    """The last day an ISO `as_of` (YYYY-MM-DD, YYYY-MM or YYYY) covers; None for free text."""
    text = (as_of or "").strip()
    try:
        if match := _ISO_DAY.fullmatch(text):
            return dt.date(*map(int, match.groups()))
        if match := _ISO_MONTH.fullmatch(text):
            year, month = map(int, match.groups())
            first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
            return first_of_next - dt.timedelta(days=1)
        if _ISO_YEAR.fullmatch(text):
            return dt.date(int(text), 12, 31)
    except ValueError:  # 2026-13-01: not a date, so not something to age
        return None
    return None


def uncited_sections(resolved: Resolved, options: CheckOptions) -> Iterator[Problem]:
    """A section whose text carries no citation mark (directly or through a fact, quote, event),
    unless all of it is marked as the desk's own analysis."""
    for rendered in resolved.sections.values():
        section = rendered.section
        if not section.body.strip():
            yield _warning(section.origin, f"section '{section.id}' has no text", "empty-section")
        elif not any(mention.kind == "source" for mention in rendered.mentions) and not all_analysis(
            resolved, section.key
        ):
            yield _warning(section.origin, f"section '{section.id}' cites no source", "uncited-section")


def mixed_script_ids(resolved: Resolved, options: CheckOptions) -> Iterator[Problem]:
    """An id whose letters mix scripts, like `хi-lee-summit` (Cyrillic х) beside
    `xi-lee-summit`: compared with the ids of its own kind (content/lookalike_ids.py)."""
    site = resolved.site
    yield from lookalike_ids((Named(b.id, b.origin) for b in site.briefings), "briefing")
    for what, registry in (("entity", site.entities), ("source", site.sources)):
        yield from lookalike_ids((Named(item.id, item.origin) for item in registry.values()), what)
    for briefing in site.briefings:
        for what, items in (
            ("section", briefing.sections),
            ("fact", briefing.facts.values()),
            ("quote", briefing.quotes.values()),
            ("event", briefing.events.values()),
            ("figure", briefing.figures.values()),
            ("chart", briefing.charts.values()),
        ):
            yield from lookalike_ids((Named(item.id, item.origin) for item in items), what)


def hidden_folders(content_dir: Path) -> Iterator[Problem]:
    """A folder of content/briefings/ whose name starts with '.': hidden, so never read as a
    briefing. A warning, not an error: tools keep their state in such folders (.git,
    .ipynb_checkpoints), which must not stop a build; but a briefing hidden by a slip of the
    keyboard should not vanish without a word."""
    for shown in hidden_briefing_folders(content_dir):
        name = shown.rsplit("/", 1)[-1]
        yield _warning(
            Location(shown),
            f"folder '{name}' is not read: a folder whose name "
            "starts with '.' is hidden, and no briefing (rename it to publish it)",
            "hidden-folder",
        )


def placeholder_text(resolved: Resolved, options: CheckOptions) -> Iterator[Problem]:
    """What `sitegen new` writes where the editor's own text belongs: a warning, so that
    `check --strict`, which the publishing workflow runs, refuses to publish it."""
    for rendered in resolved.sections.values():
        section = rendered.section
        for number, line in enumerate(section.body.split("\n")):
            for placeholder in PLACEHOLDERS:
                if (col := line.find(placeholder)) >= 0:
                    where = Location(section.origin.path, section.body_first_line + number, col + 1)
                    message = (
                        f"placeholder text '{placeholder}' left in section '{section.id}': write your own"
                    )
                    yield _warning(where, message, "placeholder-text")


# What no text uses; what the drafts the build leaves out use counts as used.
UNUSED_RULES: tuple[Callable[[Resolved, DraftUses], Iterator[Problem]], ...] = (
    unused_sources,
    unused_facts,
    unused_quotes,
    unused_entities,
)

WARNING_RULES: tuple[Callable[[Resolved, CheckOptions], Iterator[Problem]], ...] = (
    superseded_facts,
    stale_facts,
    uncited_sections,
    unsourced_sentences,
    thinly_sourced_facts,
    mixed_script_ids,
    placeholder_text,
)
