"""sitegen: turns a briefing (YAML facts + Markdown sections) into a cross-linked static site."""

__version__ = "0.1.0"
