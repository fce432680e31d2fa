"""Table column alignment as classes (`align-right`), not style attributes.

Python-Markdown's tables extension writes `style="text-align: right;"` on the cells of an
aligned column; the pages' Content-Security-Policy allows no inline style, so the browser
would drop the alignment (and report each cell). The stylesheet aligns these classes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_ALIGNMENT = re.compile(r"text-align:\s*(left|right|center);?")


class AlignmentClasses(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for cell in (*root.iter("th"), *root.iter("td")):
            style = cell.attrib.pop("style", None)
            if style is not None and (found := _ALIGNMENT.fullmatch(style.strip())):
                classes = cell.get("class", "").split()
                cell.set("class", " ".join([*classes, f"align-{found[1]}"]))


class AlignmentExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(AlignmentClasses(md), "sitegen-alignment", 3)


def makeExtension(**kwargs: object) -> AlignmentExtension:  # noqa: N802 - Python-Markdown's name
    return AlignmentExtension(**kwargs)
