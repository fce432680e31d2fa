"""Sourcing coverage: the sentences that rest on no source, the facts that rest on fewer
sources than the rules ask (`min_fact_sources` in site.yaml or briefing.yaml), and the report of
`sitegen check --coverage`, per section and per briefing, as text or data.

What counts as a sentence, sourced or the desk's own analysis, is markdown/sentences.py's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.content.model import Briefing, Fact, Site
from sitegen.errors import Location, Problem
from sitegen.markdown.sentences import Coverage
from sitegen.site.resolve import Resolved

NO_COVERAGE = Coverage(0, 0, 0, (), ())


def unsourced_sentences(resolved: Resolved, options: object) -> Iterator[Problem]:
    """Each sentence with no citation, fact, quote or event and no analysis mark. A section
    that cites nothing at all is left to `uncited-section`: one warning instead of one a line."""
    for rendered in resolved.sections.values():
        if not any(mention.kind == "source" for mention in rendered.mentions):
            continue
        for line, col, excerpt in (rendered.coverage or NO_COVERAGE).unsourced:
            yield Problem(
                Location(rendered.section.origin.path, line, col),
                f"sentence rests on no source: “{excerpt}” (cite a source, or mark "
                "the desk's own analysis with [!analysis])",
                "unsourced-sentence",
                "warning",
            )


def all_analysis(resolved: Resolved, section_key: str) -> bool:
    """A section whose every sentence is marked as the desk's own: it need cite nothing."""
    coverage = resolved.sections[section_key].coverage or NO_COVERAGE
    return coverage.analysis > 0 and coverage.analysis == coverage.sentences


def thinly_sourced_facts(resolved: Resolved, options: object) -> Iterator[Problem]:
    """A fact citing fewer sources than `min_fact_sources` of its briefing (else of the site)."""
    for briefing, fact, rule in _thin_facts(resolved.site):
        count = len(set(fact.sources))
        asked_by = "briefing.yaml" if briefing.min_fact_sources else "site.yaml"
        yield Problem(
            fact.origin,
            f"fact '{fact.id}' rests on {count} source"
            f"{'s' if count != 1 else ''}; {asked_by} asks for at least {rule} "
            "(min_fact_sources)",
            "too-few-sources",
            "warning",
        )


def _thin_facts(site: Site) -> Iterator[tuple[Briefing, Fact, int]]:
    for briefing in site.briefings:
        rule = briefing.min_fact_sources or site.min_fact_sources
        for fact in briefing.facts.values():
            if len(set(fact.sources)) < rule:
                yield briefing, fact, rule


@dataclass(frozen=True, slots=True)
class Tally:
    """Sentences counted in a section, a briefing or the whole site."""

    name: str  # the section's or briefing's id; "" for the site
    title: str
    path: str  # the file (a section's) or folder (a briefing's)
    sentences: int
    sourced: int
    analysis: int
    claims: tuple[tuple[str, int], ...]  # (source id, sourced sentences citing it), most first

    @property
    def unsourced(self) -> int:
        return self.sentences - self.sourced - self.analysis

    @property
    def covered(self) -> float | None:
        """The share of sentences sourced or marked as the desk's own; None with no sentence."""
        return (self.sourced + self.analysis) / self.sentences if self.sentences else None

    def as_data(self) -> dict[str, object]:
        sourced = self.sourced / self.sentences if self.sentences else None
        return {
            "id": self.name,
            "title": self.title,
            "path": self.path,
            "sentences": self.sentences,
            "sourced": self.sourced,
            "analysis": self.analysis,
            "unsourced": self.unsourced,
            "share_sourced": _rounded(sourced),
            "share_covered": _rounded(self.covered),
            "claims": dict(self.claims),
        }


@dataclass(frozen=True, slots=True)
class BriefingCoverage:
    briefing: Tally
    sections: tuple[Tally, ...]
    thin_facts: int  # facts citing fewer sources than the rules ask


def coverage_report(resolved: Resolved) -> tuple[tuple[BriefingCoverage, ...], Tally]:
    """Per briefing (each with its sections) and for the whole site."""
    thin = Counter(briefing.id for briefing, _, _ in _thin_facts(resolved.site))
    briefings = tuple(
        _briefing_coverage(resolved, briefing, thin[briefing.id]) for briefing in resolved.site.briefings
    )
    return briefings, _total("", resolved.site.title, "", [b.briefing for b in briefings])


def _briefing_coverage(resolved: Resolved, briefing: Briefing, thin: int) -> BriefingCoverage:
    sections = []
    for section in briefing.sections:
        coverage = resolved.sections[section.key].coverage or NO_COVERAGE
        sections.append(
            Tally(
                section.id,
                section.title,
                section.origin.path,
                coverage.sentences,
                coverage.sourced,
                coverage.analysis,
                _most_first(Counter(dict(coverage.claims))),
            )
        )
    folder = briefing.origin.path.rsplit("/", 1)[0]
    return BriefingCoverage(_total(briefing.id, briefing.title, folder, sections), tuple(sections), thin)


def _total(name: str, title: str, path: str, parts: list[Tally]) -> Tally:
    claims: Counter[str] = Counter()
    for part in parts:
        claims.update(dict(part.claims))
    return Tally(
        name,
        title,
        path,
        sum(p.sentences for p in parts),
        sum(p.sourced for p in parts),
        sum(p.analysis for p in parts),
        _most_first(claims),
    )


def _most_first(claims: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(claims.items(), key=lambda item: (-item[1], item[0])))


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 4)


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def report_text(briefings: tuple[BriefingCoverage, ...], site: Tally) -> str:
    """The report as a table per briefing, then the whole desk."""
    lines = [
        "Sourcing coverage: sentences that cite a source (through a citation mark, a fact,",
        "a quote or an event) or are marked as the desk's own analysis",
        "",
    ]
    for part in briefings:
        tally = part.briefing
        lines.append(f"{tally.name or 'briefing'} ({tally.path}): {tally.title}")
        width = max([len("section"), *(len(s.name) for s in part.sections)])
        lines.append(f"  {'section':<{width}}  sentences  sourced  analysis  unsourced  covered")
        for row in (*part.sections, tally):
            name = "all" if row is tally else row.name
            lines.append(
                f"  {name:<{width}}  {row.sentences:>9}  {row.sourced:>7}  "
                f"{row.analysis:>8}  {row.unsourced:>9}  {_percent(row.covered):>7}"
            )
        lines.append("  claims per source: " + _claims_text(tally.claims))
        if part.thin_facts:
            lines.append(f"  facts on fewer sources than min_fact_sources asks: {part.thin_facts}")
        lines.append("")
    lines.append(
        f"all briefings: {site.sourced + site.analysis} of {site.sentences} sentences "
        f"covered ({_percent(site.covered)}): {site.sourced} sourced, {site.analysis} "
        f"marked as analysis, {site.unsourced} unsourced"
    )
    lines.append("claims per source: " + _claims_text(site.claims))
    return "\n".join(lines)


def _claims_text(claims: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{source} {count}" for source, count in claims) or "none"


def report_data(briefings: tuple[BriefingCoverage, ...], site: Tally) -> dict[str, object]:
    return {
        "briefings": [
            {
                **part.briefing.as_data(),
                "thin_facts": part.thin_facts,
                "sections": [section.as_data() for section in part.sections],
            }
            for part in briefings
        ],
        "site": site.as_data(),
    }
