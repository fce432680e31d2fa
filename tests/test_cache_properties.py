"""Property: after any sequence of edits, with any template a project wrote, a cached build
gives the bytes of a build without the cache.

Hypothesis draws a template override (or none) and a few edits of every kind: a field of any
YAML file, a section's text or front matter, a section added, removed or renamed, a briefing
removed, a template or static file changed, a file replaced by another of the same size and
modification time. Each cached build is compared with a build without the cache, made in
another folder with nothing shared."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import REPO, site_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import cli

# Template overrides a project might write, each reading another part of the model.
OVERRIDES = {
    "none": None,
    "section lists events": (
        "section.html",
        "{% block main %}",
        "{% for e in briefing.events.values() %}<i>{{ e.when }}</i>{% endfor %}",
    ),
    "entity lists sources": (
        "entity.html",
        "{% block main %}",
        "{% for s in site.sources.values() %}<i>{{ s.url }}</i>{% endfor %}",
    ),
    "briefing lists other facts": (
        "briefing.html",
        "{% block main %}",
        "{% for b in site.briefings %}{% for f in b.facts.values() %}"
        "<i>{{ f.value }}</i>{% endfor %}{% endfor %}",
    ),
    "base shows the site title": ("base.html", "<body>", "<i>{{ site.title }}</i>"),
    "sources page counts backlinks": (
        "sources.html",
        "{% block main %}",
        "{% for key in site.sources %}<i>{{ key }}: "
        "{{ resolved.backlinks_to('source', key)|length }}</i>"
        "{% endfor %}",
    ),
}

# A field line of a YAML file or of a section's front matter: `key: value`.
FIELD = re.compile(r"^(\s*(?:- )?)([a-z_]+)(:[ \t]+)(\S.*)$")
TEXT_KEYS = {
    "title",
    "name",
    "description",
    "standfirst",
    "statement",
    "what",
    "when",
    "text",
    "caption",
    "publisher",
    "value",
    "url",
    "role",
    "summary",
    "alt",
    "as_of",
    "published",
    "date",
    "order",
}


def copy_project(destination: Path) -> Path:
    shutil.copytree(REPO / "content", destination / "content")
    shutil.copytree(REPO / "templates", destination / "templates")
    return destination


def build(project: Path, *args: str) -> int:
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return cli.main(["build", "--quiet", *args])
    finally:
        os.chdir(cwd)


def field_lines(project: Path) -> dict[Path, list[int]]:
    """Per content file, the numbers of its lines that hold a field an edit may change."""
    found: dict[Path, list[int]] = {}
    for path in sorted((project / "content").rglob("*")):
        if path.suffix not in (".yaml", ".md") or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            match = FIELD.match(line)
            if match and match.group(2) in TEXT_KEYS and match.group(4)[0] not in "|>[{&*":
                found.setdefault(path, []).append(number)
    return found


def changed_value(key: str, value: str, salt: int) -> str:
    quote = value[-1] if value[-1] in "\"'" and value[0] == value[-1] else ""
    bare = value[1:-1] if quote else value
    if key in ("published", "date") and re.fullmatch(r"\d{4}-\d\d-\d\d", bare):
        new = f"{bare[:8]}{(int(bare[8:]) % 27) + 1:02d}"
    elif key == "order" and bare.isdigit():
        new = str(int(bare) + 1 + salt % 3)
    elif key == "url":
        new = bare.rstrip("/") + f"/p{salt}"
    else:
        new = f"{bare} zq{salt}"
    return f"{quote}{new}{quote}"


def edit_a_field(project: Path, pick: int, salt: int) -> None:
    # a file first, then one of its lines: a long registry does not crowd out the rest
    lines = field_lines(project)
    files = sorted(lines)
    path = files[pick % len(files)]
    number = lines[path][(pick // len(files)) % len(lines[path])]
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    match = FIELD.match(text[number].rstrip("\n"))
    assert match
    prefix, key, colon, value = match.groups()
    text[number] = f"{prefix}{key}{colon}{changed_value(key, value, salt)}\n"
    path.write_text("".join(text), encoding="utf-8")


def sections(project: Path) -> list[Path]:
    return sorted((project / "content/briefings").glob("*/sections/*.md"))


def edit_a_section_text(project: Path, pick: int, salt: int) -> None:
    path = sections(project)[pick % len(sections(project))]
    path.write_text(path.read_text(encoding="utf-8") + f"\nAn added line {salt}.\n", encoding="utf-8")


def add_a_section(project: Path, pick: int, salt: int) -> None:
    folder = sections(project)[pick % len(sections(project))].parent
    (folder / f"added-{salt}.md").write_text(
        f"---\ntitle: Added {salt}\norder: {salt % 7 + 1}\n---\nAn added section.\n", encoding="utf-8"
    )


def remove_a_section(project: Path, pick: int, salt: int) -> None:
    found = sections(project)
    found[pick % len(found)].unlink()


def rename_a_section(project: Path, pick: int, salt: int) -> None:
    path = sections(project)[pick % len(sections(project))]
    path.rename(path.with_name(f"renamed-{salt}.md"))


def remove_a_briefing(project: Path, pick: int, salt: int) -> None:
    briefings = sorted((project / "content/briefings").iterdir())
    if len(briefings) > 1:
        shutil.rmtree(briefings[pick % len(briefings)])


def edit_a_template(project: Path, pick: int, salt: int) -> None:
    names = sorted(path for path in (project / "templates").glob("*.html"))
    path = names[pick % len(names)]
    path.write_text(
        path.read_text(encoding="utf-8") + f"\n{{# edit {salt} #}}<!-- {salt} -->\n", encoding="utf-8"
    )


def edit_a_static_file(project: Path, pick: int, salt: int) -> None:
    files = sorted(
        path
        for path in (project / "templates/static").rglob("*")
        if path.is_file() and path.suffix in (".css", ".js")
    )
    path = files[pick % len(files)]
    path.write_text(path.read_text(encoding="utf-8") + f"\n/* {salt} */\n", encoding="utf-8")


def replace_keeping_size_and_time(project: Path, pick: int, salt: int) -> None:
    """One letter of a section changed, its size and modification time put back."""
    path = sections(project)[pick % len(sections(project))]
    status = path.stat()
    data = path.read_bytes()
    at = data.rfind(b"e")
    if at < 0:
        return
    path.write_bytes(data[:at] + b"a" + data[at + 1 :])
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


EDITS: tuple[Callable[[Path, int, int], None], ...] = (
    edit_a_field,
    edit_a_field,
    edit_a_field,
    edit_a_field,
    edit_a_field,
    edit_a_section_text,
    add_a_section,
    remove_a_section,
    rename_a_section,
    remove_a_briefing,
    edit_a_template,
    edit_a_static_file,
    replace_keeping_size_and_time,
)


@pytest.mark.usefixtures("files_settle_at_once")
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    override=st.sampled_from(sorted(OVERRIDES)),
    edits=st.lists(
        st.tuples(st.sampled_from(range(len(EDITS))), st.integers(0, 10_000), st.integers(1, 99)),
        min_size=1,
        max_size=3,
    ),
)
def test_a_cached_build_is_a_clean_build_whatever_the_templates_and_edits(override, edits):
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        if OVERRIDES[override] is not None:
            name, anchor, addition = OVERRIDES[override]
            template = project / "templates" / name
            text = template.read_text(encoding="utf-8")
            assert anchor in text, (name, anchor)
            template.write_text(text.replace(anchor, anchor + addition, 1), encoding="utf-8")
        assert build(project) == 0
        for kind, pick, salt in edits:
            backup = Path(folder) / "backup"
            shutil.copytree(project / "content", backup / "content")
            shutil.copytree(project / "templates", backup / "templates")
            EDITS[kind](project, pick, salt)
            if build(project) != 0:  # an edit the content refuses: undone, built again
                for part in ("content", "templates"):
                    shutil.rmtree(project / part)
                    shutil.copytree(backup / part, project / part)
                assert build(project) == 0
            shutil.rmtree(backup)
        oracle = copy_project_from(project, Path(folder) / "oracle")
        assert build(oracle, "--no-cache") == 0
        assert not (oracle / ".sitegen-cache").exists()
        assert site_of(project / "output") == site_of(oracle / "output")


def copy_project_from(project: Path, destination: Path) -> Path:
    shutil.copytree(project / "content", destination / "content")
    shutil.copytree(project / "templates", destination / "templates")
    return destination
