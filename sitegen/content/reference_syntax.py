"""The reference syntax of sections' text, as patterns: markdown/references.py converts what
they match, and content/ and checks/ read references from text that is not converted (a fact
defined in a sentence, what a draft uses)."""

WIKI_RE = r"\[\[(?:(entity|fact|quote|event|figure|chart):)?([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]"
CITE_RE = r"\[(@[^\[\]\n]+?)\]"
ANALYSIS_RE = r"\[!analysis\]"
