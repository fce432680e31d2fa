"""One new entry added to a content YAML file in place: appended as text, so the file's
comments, order and spelling stay as the editor wrote them, then the project loaded again;
should it no longer load, the file is put back as it was and the problems are reported."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from sitegen.content.load import load_content
from sitegen.content.model import Site
from sitegen.content.validate import build_site
from sitegen.errors import ContentError, Location, Problem, UsageError, display_path
from sitegen.output.write import replace_file

Value = str | Sequence[str]


def entry_text(key: str, fields: Mapping[str, Value | dt.date | None]) -> str:
    """`key:` and its fields, two spaces in, as YAML that reads back as exactly these values;
    fields without a value are left out; a list of ids in flow style (`[a, b]`)."""
    lines = [f"{key}:"]
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, dt.date):
            lines.append(f"  {name}: {value.isoformat()}")
        elif isinstance(value, str):
            lines.append(f"  {name}: {yaml_text(value)}")
        else:
            lines.append(f"  {name}: [{', '.join(yaml_text(item, in_list=True) for item in value)}]")
    return "\n".join(lines) + "\n"


def yaml_text(text: str, in_list: bool = False) -> str:
    """`text` as a YAML scalar that reads back as the same string: as it is when it does,
    else quoted (JSON's strings are YAML's too). In a flow list a comma or bracket counts."""
    written, read = (
        (f"value: [{text}]", {"value": [text]}) if in_list else (f"value: {text}", {"value": text})
    )
    try:
        if yaml.safe_load(written) == read:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def load_project(content_dir: Path) -> Site:
    """The project as it is, drafts included; a project that does not load is refused first,
    so that what goes wrong after adding an entry is the entry's doing."""
    if not content_dir.is_dir():
        raise UsageError(
            f"content folder not found: {display_path(content_dir)} (run sitegen "
            "new in a project folder, or make one with sitegen init DIR)"
        )
    problems: list[Problem] = []
    raw = load_content(content_dir, problems)
    if problems:
        raise ContentError(problems)
    return build_site(raw, include_drafts=True)


def append_entry(content_dir: Path, path: Path, text: str) -> int:
    """Add `text` (one entry, from `entry_text`) at the end of `path`, made when missing;
    the line its key is on. Raises ContentError, with the file as it was, when the project
    then fails to load."""
    before = path.read_bytes() if path.is_file() else None
    old = (before or b"").decode("utf-8")
    if old and not old.endswith("\n"):
        old += "\n"
    if old.strip() and not old.endswith("\n\n"):
        old += "\n"  # a blank line between entries, as the files are written
    replace_file(path, (old + text).encode("utf-8"))
    try:
        load_project(content_dir)
    except ContentError as error:
        _put_back(path, before)
        note = Problem(Location(display_path(path)), "not added: with it the project would not load", "new")
        raise ContentError([note, *error.problems]) from None
    except BaseException:
        _put_back(path, before)
        raise
    return old.count("\n") + 1


def _put_back(path: Path, before: bytes | None) -> None:
    if before is None:
        path.unlink(missing_ok=True)
    else:
        replace_file(path, before)
