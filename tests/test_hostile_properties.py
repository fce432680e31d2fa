"""Property-based: for any input, sitegen builds or reports located errors (exit 1); it never
raises, and it never writes outside the output folder."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from unittest import mock

import pytest
from conftest import FIXTURES, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_input import assert_harmless

from sitegen import cli
from sitegen.content.located_yaml import LocatedList, LocatedMap, parse_yaml
from sitegen.site.render import make_environment

# Each build-based example is a whole build (~0.1 s); the loader alone is cheap.
# No example database: the suite leaves nothing behind in the repository.
SETTINGS = settings(max_examples=100, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
LOADER_SETTINGS = settings(max_examples=500, deadline=None, database=None)
# The pages where section text and entity names appear.
PAGES_TO_PARSE = ("sections/two.html", "full/index.html", "entities/index.html")
LOCATED = re.compile(r"content/[^:]+:\d+(:\d+)?: \S")

YAML_TOKENS = ["a", "b", ":", ": ", " ", "  ", "\n", "- ", "[", "]", "{", "}", ",", "&x ", "*x",
               "!!str ", "!!python/object:os.system ", "!!set ", "!custom ", "'", '"', "#",
               "---\n", "...\n", "<<: ", "? ", "|\n", ">\n", "\t", "1", "2026-01-01", "~",
               "null", "é", "한", "\ufeff", "%YAML 1.1\n", "&a [*a]", "\\", "\x85", "\u2028"]
yaml_text = st.one_of(st.text(max_size=200),
                      st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join))

MARKDOWN_TOKENS = ["[[", "]]", "fact:", "quote:", "event:", "entity:", "troops", "alice-says",
                   "talks", "alice", "Alice", "Strelsau", "|", "[@", "@wire", "@web", "@", ";",
                   "[", "]", "(", ")", "](", "]: ", "two.md", "one.md", "#details", "#", "##",
                   "javascript:", "vbscript:", "data:", "http://example.org", "mailto:", "<",
                   ">", "<script>", "onerror=", '"', "\n", "\n\n", " ", "    ", "x", "*", "_",
                   "`", "```", "- ", "> ", "1. ", "!", "&#106;", "&amp;", "%2e", "../", "한",
                   "{: ", "\\", "---"]
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
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b""
            for p in sorted(folder.rglob("*"))
            if not p.is_relative_to(output) and not p.is_relative_to(cache)}


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
        with contextlib.chdir(project), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
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
    assert data is None or isinstance(data, (LocatedMap, LocatedList, str, int, float, bool)) \
        or hasattr(data, "isoformat")
    for problem in problems:
        location = problem.location
        assert (location.path, location.line >= 1, location.col >= 1) == ("content/x.yaml", True,
                                                                           True), problem


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
