"""How a briefing is sourced, in the figures a reader and a news aggregator read: its sentences,
how many rest on a source, how many are marked as the desk's own analysis (`[!analysis]`), and
the sources it cites. What counts as a sentence is sitegen/markdown/sentences.py's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.model import Briefing
from sitegen.site.resolve import Resolved


@dataclass(frozen=True, slots=True)
class Sourcing:
    sentences: int
    sourced: int
    analysis: int
    sources: int

    @property
    def article_type(self) -> str:
        """schema.org's type for it: an analysis when most of its sentences are marked as the
        desk's own (https://schema.org/AnalysisNewsArticle), else reporting."""
        return "AnalysisNewsArticle" if self.analysis * 2 > self.sentences else "ReportageNewsArticle"


def briefing_sourcing(resolved: Resolved, briefing: Briefing, sources: int) -> Sourcing:
    """`sources`: how many sources the briefing cites (pages.sources_cited_by_briefing)."""
    sentences = sourced = analysis = 0
    for section in briefing.sections:
        coverage = resolved.sections[section.key].coverage
        if coverage is not None:
            sentences += coverage.sentences
            sourced += coverage.sourced
            analysis += coverage.analysis
    return Sourcing(sentences, sourced, analysis, sources)
