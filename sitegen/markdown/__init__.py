"""Section Markdown -> HTML: the reference syntax, the converter, its cache."""
