"""Property-based: for any input, sitegen builds or reports located errors (exit 1); it never
raises, and it never writes outside the output folder."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from helpers import FIXTURES, REPO, assert_harmless, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen import cli
from sitegen.content.located_yaml import LocatedList, LocatedMap, parse_yaml
from sitegen.site.render import make_environment

# Each build-based example is a whole build (~0.1 s); the loader alone is cheap.
# No example database: the suite leaves nothing behind in the repository.
SETTINGS = settings(
    max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
LOADER_SETTINGS = settings(max_examples=500, deadline=None, database=None)
# The pages where section text and entity names appear.
PAGES_TO_PARSE = ("sections/two.html", "full/index.html", "entities/index.html")
LOCATED = re.compile(r"content/[^:]+:\d+(:\d+)?: \S")
ATOM = "{http://www.w3.org/2005/Atom}"

YAML_TOKENS = [
    "a",
    "b",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&x ",
    "*x",
    "!!str ",
    "!!python/object:os.system ",
    "!!set ",
    "!custom ",
    "'",
    '"',
    "#",
    "---\n",
    "...\n",
    "<<: ",
    "? ",
    "|\n",
    ">\n",
    "\t",
    "1",
    "2026-01-01",
    "~",
    "null",
    "é",
    "한",
    "\ufeff",
    "%YAML 1.1\n",
    "&a [*a]",
    "\\",
    "\x85",
    "\u2028",
]
yaml_text = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join))

MARKDOWN_TOKENS = [
    "[[",
    "]]",
    "fact:",
    "quote:",
    "event:",
    "entity:",
    "troops",
    "alice-says",
    "talks",
    "alice",
    "Alice",
    "Strelsau",
    "|",
    "[@",
    "@wire",
    "@web",
    "@",
    ";",
    "[",
    "]",
    "(",
    ")",
    "](",
    "]: ",
    "two.md",
    "one.md",
    "#details",
    "#",
    "##",
    "javascript:",
    "vbscript:",
    "data:",
    "http://example.org",
    "mailto:",
    "<",
    ">",
    "<script>",
    "onerror=",
    '"',
    "\n",
    "\n\n",
    " ",
    "    ",
    "x",
    "*",
    "_",
    "`",
    "```",
    "- ",
    "> ",
    "1. ",
    "!",
    "&#106;",
    "&amp;",
    "%2e",
    "../",
    "한",
    "{: ",
    "\\",
    "---",
]
markdown_text = st.lists(st.sampled_from(MARKDOWN_TOKENS), max_size=80).map("".join)


@pytest.fixture(autouse=True, scope="module")
def shared_templates() -> Iterator[None]:
    """Compile the templates once for all examples (the build would compile them each time)."""
    cached = lru_cache(maxsize=None)(make_environment)
    with mock.patch("sitegen.build.make_environment", cached):
        yield


def tree(folder: Path, output: Path) -> dict[str, bytes]:
    """Every file and folder under `folder`, except the output folder's and the build cache's
    (the one other place a build may write, by design: issue 7)."""
    cache = output.parent / ".sitegen-cache"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b""
        for p in sorted(folder.rglob("*"))
        if not p.is_relative_to(output) and not p.is_relative_to(cache)
    }


def build_with(files: dict[str, str]) -> None:
    """Build the mini briefing with `files` replaced; assert the outcome a user may see."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        project = root / "project"
        shutil.copytree(FIXTURES / "mini", project / "content")
        for name, text in files.items():
            (project / "content" / name).write_text(text, encoding="utf-8")
        output = project / "output"
        before = tree(root, output)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["build", "--templates", str(REPO / "templates")])
        assert tree(root, output) == before, "a file outside output/ was written or changed"
        if status == 0:
            written = [p.resolve() for p in output.rglob("*")]
            assert all(p.is_relative_to(output.resolve()) for p in written)
            assert_harmless(output, PAGES_TO_PARSE)
            return
        assert status == 1, err.getvalue()
        assert not output.exists()
        *problems, count = err.getvalue().rstrip("\n").split("\n")
        assert problems and count.endswith("; nothing was written")
        for line in problems:
            assert LOCATED.match(line), line


@LOADER_SETTINGS
@given(yaml_text)
def test_the_yaml_loader_returns_data_or_located_problems(text):
    problems: list = []
    data = parse_yaml(text, "content/x.yaml", problems)
    assert (
        data is None
        or isinstance(data, (LocatedMap, LocatedList, str, int, float, bool))
        or hasattr(data, "isoformat")
    )
    for problem in problems:
        location = problem.location
        assert (location.path, location.line >= 1, location.col >= 1) == ("content/x.yaml", True, True), (
            problem
        )


@SETTINGS
@given(yaml_text)
def test_any_yaml_file_builds_or_fails_with_located_errors(text):
    build_with({"facts.yaml": text})


@SETTINGS
@given(yaml_text, markdown_text)
def test_any_front_matter_builds_or_fails_with_located_errors(front_matter, body):
    build_with({"sections/two.md": f"---\n{front_matter}\n---\n{body}"})


@SETTINGS
@given(markdown_text)
def test_any_reference_syntax_builds_harmless_pages_or_fails_with_located_errors(body):
    build_with({"sections/two.md": f"---\ntitle: Two\norder: 2\n---\n{body}\n\n## Details\n"})


@SETTINGS
@given(st.text(min_size=1, max_size=40))
def test_no_id_writes_outside_the_output_folder(key):
    entity = f"{json.dumps(key)}:\n  name: {json.dumps(key)}\n  kind: person\n"
    mini = (FIXTURES / "mini/entities.yaml").read_text(encoding="utf-8")
    build_with({"entities.yaml": mini + entity})


# Characters at the edges of what XML 1.0, HTML and JSON accept, and markup's own.
EDGE_CHARACTERS = [
    "\x00",
    "\x07",
    "\t",
    "\n",
    "\r",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\xa0",
    "\u2028",
    "\ud800",
    "\udfff",
    "\ufdd0",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",
    "&",
    "<",
    "]]>",
    "&amp;",
    "&#7;",
    '"',
    "\\",
]
any_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),  # surrogates too
        st.sampled_from(EDGE_CHARACTERS),
    ),
    max_size=20,
).map("".join)


def double_quoted(text: str, escaped: bool) -> str:
    """`text` as a YAML double-quoted string: each character outside printable ASCII as an
    escape (`\\U0001F600`), or, not `escaped`, as itself wherever a UTF-8 file can hold it
    (not a surrogate) and YAML takes it as written (not a line break, which it folds)."""

    def written(character: str) -> str:
        if character in '"\\':
            return "\\" + character
        if (
            " " <= character <= "~"
            or not escaped
            and not "\ud800" <= character <= "\udfff"
            and character not in "\n\r\x85\u2028\u2029"
        ):
            return character
        return f"\\U{ord(character):08X}"

    return '"' + "".join(map(written, text)) + '"'


PUBLISHED_MINI = {  # the mini briefing with what a feed and a sitemap need: a public URL, a date
    "site.yaml": "title: Mini briefings\nlanguage: en\nbase_url: https://example.org/mini/\n",
    "briefing.yaml": "title: {title}\npublisher: Test Wire\npublished: 2026-05-01\n"
    "key_facts: [troops]\nchanges:\n  - date: 2026-05-02\n    kind: update\n"
    "    text: {change}\n",
}


def data_script(path: Path) -> Any:
    """The JSON of a script assigning it to a global (`window.NAME = [...];`)."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("window.") and text.endswith(";\n"), path
    return json.loads(text[text.index(" = ") + 3 : -2])


@SETTINGS
@given(title=any_text, change=any_text, name=any_text, source_title=any_text, escaped=st.booleans())
def test_any_text_fields_give_well_formed_xml_and_json_or_located_errors(
    title, change, name, source_title, escaped
):
    """Titles, a change's text, an entity's name and a source's title, of any characters:
    refused with located messages (exit 1), or feed.xml and sitemap.xml parse as XML, every
    JSON file and script parses, and the feed holds the title as written."""
    quoted = {
        key: double_quoted(text, escaped)
        for key, text in (("title", title), ("change", change), ("name", name), ("source", source_title))
    }
    mini = FIXTURES / "mini"
    files = {
        "site.yaml": PUBLISHED_MINI["site.yaml"],
        "briefing.yaml": PUBLISHED_MINI["briefing.yaml"].format(**quoted),
        "entities.yaml": (mini / "entities.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Alice Example", f"name: {quoted['name']}"),
        "sources.yaml": (mini / "sources.yaml")
        .read_text(encoding="utf-8")
        .replace("title: A wire story", f"title: {quoted['source']}"),
    }
    with tempfile.TemporaryDirectory() as temporary:
        project = Path(temporary) / "project"
        shutil.copytree(mini, project / "content")
        for file, text in files.items():
            (project / "content" / file).write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["build", "--templates", str(REPO / "templates")])
        output = project / "output"
        if status == 1:
            assert not output.exists()
            *problems, count = err.getvalue().rstrip("\n").split("\n")
            assert problems and count.endswith("; nothing was written")
            for line in problems:
                assert LOCATED.match(line), line
            return
        assert status == 0, err.getvalue()
        feed = ET.fromstring((output / "feed.xml").read_bytes())
        ET.fromstring((output / "sitemap.xml").read_bytes())
        for follow in [*output.glob("entities/*.xml"), *output.rglob("updates.xml")]:
            ET.fromstring(follow.read_bytes())  # each briefing's and entity's feed
        entry_title = feed.find(f"{ATOM}entry/{ATOM}title")
        assert entry_title is not None and entry_title.text == title.strip()
        data = json.loads((output / "data/site.json").read_bytes())
        assert data["briefings"][0]["changes"][0]["text"] == change.strip()
        assert {entity["name"] for entity in data["entities"]} >= {name.strip()}
        for script in ("assets/search-index.js", "assets/sources.js"):
            data_script(output / script)
        assert data_script(output / "changes.js")["events"][0]["text"] == change.strip()
        for page in ("index.html", "entities/alice.html", "sources/index.html"):
            for block in parse(output / page).find_all("script", type="application/ld+json"):
                json.loads(block.string)
