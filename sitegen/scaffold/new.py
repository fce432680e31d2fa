"""`sitegen new`: the next briefing or section, in the content format, with its required fields
filled in, so that the project still builds.

An invalid id is a usage error (exit 2); an unknown briefing or a taken id is a problem with the
content, named by its file (exit 1). Nothing is written then, and nothing is ever overwritten.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from sitegen.content.characters import forbidden_character
from sitegen.content.load import BRIEFINGS_FOLDER, read_text, split_front_matter
from sitegen.content.placeholders import FIRST_SECTION_BODY, NEW_SECTION_BODY
from sitegen.content.validate import file_name_form, id_problem
from sitegen.errors import ContentError, Location, Problem, UsageError, display_path
from sitegen.scaffold.writing import write_new_files

SECTIONS_FOLDER = "sections"
FIRST_SECTION = "overview"
# A briefing's item files, empty (valid: no entries yet), each with one example entry in a
# comment; `sitegen new fact|quote|event` appends below it.
SKELETONS = {
    "facts": (
        "# The briefing's facts, each with its source. `sitegen new fact` adds one; for example:\n"
        "# us-troops:\n"
        "#   statement: The United States keeps about 28,500 troops in South Korea.\n"
        "#   value: about 28,500\n"
        "#   sources: [source-id]\n"
    ),
    "quotes": (
        "# The briefing's quotes, word for word. `sitegen new quote` adds one; for example:\n"
        "# minister-on-talks:\n"
        "#   text: the words exactly as the source has them\n"
        "#   speaker: entity-id\n"
        "#   sources: [source-id]\n"
    ),
    "events": (
        "# The briefing's events, as the sources date them. `sitegen new event` adds one; for example:\n"
        "# summit-opens:\n"
        "#   when: on Monday\n"
        "#   what: The summit opens in Beijing.\n"
        "#   sources: [source-id]\n"
    ),
}


def new_briefing(content_dir: Path, briefing_id: str, title: str) -> list[Path]:
    """content/briefings/<id>/ with briefing.yaml, empty facts, quotes and events files and a
    first section; the files written."""
    _check_id(briefing_id, "briefing")
    title = _checked_title(title)
    _check_content_folder(content_dir)
    top = content_dir / "briefing.yaml"
    if top.is_file():
        raise _problem(
            top,
            "this project holds one briefing at the top of "
            f"{display_path(content_dir)}/: to add another, first move it into "
            f"{display_path(content_dir / BRIEFINGS_FOLDER)}/<id>/",
        )
    folder = content_dir / BRIEFINGS_FOLDER / briefing_id
    _check_free(folder, _existing(content_dir / BRIEFINGS_FOLDER), "briefing")
    briefing = (
        f"title: {_yaml_text(title)}\n"
        "# standfirst: one or two sentences shown under the title\n"
        "# publisher: who published what the briefing draws on (or authors: [Name])\n"
        "# published: YYYY-MM-DD, when it is published\n"
        "# key_facts: [fact-id, ...], the facts shown at a glance\n"
    )
    section = _section_text("Overview", 1, FIRST_SECTION_BODY)
    files = {
        "briefing.yaml": briefing.encode("utf-8"),
        **{f"{kind}.yaml": example.encode("utf-8") for kind, example in SKELETONS.items()},
        f"{SECTIONS_FOLDER}/{FIRST_SECTION}.md": section.encode("utf-8"),
    }
    written = write_new_files(folder, files)
    return [folder / name for name in written]


def new_section(content_dir: Path, target: str, title: str) -> tuple[Path, int]:
    """A section file `BRIEFING/ID` (or `ID` when the project has one briefing) placed after
    the briefing's last section; the file written and its order."""
    briefing_id, _, section_id = target.rpartition("/")
    if briefing_id:
        _check_id(briefing_id, "briefing")
    _check_id(section_id, "section")
    title = _checked_title(title)
    _check_content_folder(content_dir)
    folder = briefing_folder(content_dir, briefing_id)
    sections = folder / SECTIONS_FOLDER
    path = sections / f"{section_id}.md"
    _check_free(path, _existing(sections, ".md"), "section")
    order = max(_orders(sections), default=0) + 1
    written = write_new_files(sections, {path.name: _section_text(title, order).encode("utf-8")})
    if not written:  # made by someone else since it was looked for
        raise _problem(path, "a section with this id already exists")
    return path, order


def briefing_folder(content_dir: Path, briefing_id: str) -> Path:
    """The folder of the briefing the new section belongs to."""
    desk = content_dir / BRIEFINGS_FOLDER
    briefings = sorted(_existing(desk).values())
    if not briefing_id:
        if (content_dir / "briefing.yaml").is_file() and not briefings:
            return content_dir  # the one-briefing layout
        if len(briefings) == 1:
            return desk / briefings[0]
        raise UsageError(
            "name the briefing the section belongs to: sitegen new section "
            f"BRIEFING/ID (the briefings: {', '.join(briefings) or 'none yet'})"
        )
    if briefing_id not in briefings:
        known = (
            f" (the briefings: {', '.join(briefings)})"
            if briefings
            else " (sitegen new briefing ID --title ... makes one)"
        )
        raise _problem(desk / briefing_id, f"no briefing '{briefing_id}' in this project{known}")
    return desk / briefing_id


def _orders(sections: Path) -> list[int]:
    """The `order` of every section file in the folder that has a readable one."""
    orders = []
    for path in sorted(sections.glob("*.md")) if sections.is_dir() else ():
        problems: list[Problem] = []
        text = read_text(path, problems)
        markdown = split_front_matter(text, problems) if text is not None else None
        order = markdown.front_matter.get("order") if markdown is not None else None
        if isinstance(order, int) and not isinstance(order, bool):
            orders.append(order)
    return orders


def _section_text(title: str, order: int, body: str = NEW_SECTION_BODY) -> str:
    return f"---\ntitle: {_yaml_text(title)}\norder: {order}\n---\n{body}\n"


def _yaml_text(text: str) -> str:
    """`text` as a YAML value that reads back as exactly `text`: as it is when it does (most
    titles), else quoted (JSON's strings are YAML's too)."""
    try:
        if yaml.safe_load(f"value: {text}") == {"value": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _checked_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise UsageError("--title must not be empty")
    if re.search(r"[\x00-\x1f\x7f\u2028\u2029]", title) or forbidden_character(title):
        raise UsageError("--title must be one line of text, without control characters")
    return title


def _check_id(key: str, what: str) -> None:
    message = id_problem(key, what)
    if message is not None:
        raise UsageError(message)


def _check_content_folder(content_dir: Path) -> None:
    if not content_dir.is_dir():
        raise UsageError(
            f"content folder not found: {display_path(content_dir)} (run sitegen "
            "new in a project folder, or make one with sitegen init DIR)"
        )


def _existing(folder: Path, suffix: str = "") -> dict[str, str]:
    """The ids already taken in `folder`, by their file-name form (validate.file_name_form):
    two ids that differ only in case would be one file on macOS and Windows."""
    if not folder.is_dir():
        return {}
    return {
        file_name_form(entry.name.removesuffix(suffix)): entry.name.removesuffix(suffix)
        for entry in folder.iterdir()
        if not entry.name.startswith(".")
        and entry.name.endswith(suffix)
        and (entry.is_dir() if not suffix else True)
    }


def _check_free(path: Path, taken: dict[str, str], what: str) -> None:
    key = path.name.removesuffix(".md")
    same = taken.get(file_name_form(key))
    if same is not None:
        existing = path.with_name(path.name.replace(key, same, 1))
        raise _problem(existing, f"a {what} with this id already exists")
    if path.exists() or path.is_symlink():
        raise _problem(path, "already exists")


def _problem(path: Path, message: str) -> ContentError:
    return ContentError([Problem(Location(display_path(path)), message, "exists")])
