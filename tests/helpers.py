"""Helpers the test modules share: functions, constants and classes, no fixtures (those are in
conftest.py). A test module imports from here, never from another test module."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The source article sits in shared/ beside the repository, or beside the folder of worktrees.
SEED = next(
    (
        folder / "shared" / "seeds" / "000_d54dbba74c640f3b.txt"
        for folder in REPO.parents
        if (folder / "shared" / "seeds").is_dir()
    ),
    REPO.parent / "shared" / "seeds" / "000_d54dbba74c640f3b.txt",
)


# The bundled desk's first briefing: its content folder and the folder of its pages.
SEED_BRIEFING = "content/briefings/xi-lee-summit"
SEED_PAGES = "briefings/xi-lee-summit"
# Its sections, in their order, with their titles.
SEED_SECTIONS = {
    "overview": "Overview",
    "security": "Security and North Korea",
    "technology": "Technology and Supply Chains",
}
# Its second briefing's content folder.
OTHER_BRIEFING = "content/briefings/takaichi-lee-nara"

ATTACK = "alert(1)"
BAD_SCHEMES = re.compile(r"\s*(javascript|vbscript|data):", re.IGNORECASE)

NODE_MODULES = REPO / "tests" / "node" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
YAML_LANGUAGE_SERVER = NODE_MODULES / "yaml-language-server" / "bin" / "yaml-language-server"

WAIT_SECONDS = 20  # generous: the machine is shared; no test asserts how fast anything is

# Entities appended to content/entities.yaml for the briefing takaichi-lee-nara (append-only,
# shared registry).
NEW_ENTITIES = {"apec", "nara", "gyeongju"}

# A GitHub Pages project site's address: its pages are served under /briefing/.
BASE_URL = "https://example.github.io/briefing/"
EPOCH = "1764376027"  # 2025-11-29T00:27:07Z, a fixed SOURCE_DATE_EPOCH for build_into's builds

ORIGINAL = "https://example.org/story"
ARCHIVE = "https://web.archive.org/web/20261203000000/https://example.org/story"


# --- files and projects -----------------------------------------------------------------------


def make_project(tmp_path: Path, content: Path) -> Path:
    """A project folder holding a copy of `content` and the repository's templates."""
    project = tmp_path / "project"
    shutil.copytree(content, project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    return project


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`; `old` must be there, so that a test whose
    file has changed under it fails instead of testing nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: the file changed under the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def site_of(folder: Path) -> dict[str, bytes]:
    """The files of the site built into `folder`, the build's own record of them left out."""
    return {name: data for name, data in snapshot(folder).items() if name != ".sitegen-output.json"}


# --- builds, and what a build or a check must report ------------------------------------------


def build(project: Path, run_sitegen, *args: str) -> int:
    """Build with the cache; the number of pages the build says it kept unchanged."""
    result = run_sitegen(project, "build", *args)
    assert result.status == 0, result.err
    kept = re.search(r"\(([\d,]+) of them unchanged\)", result.out)
    return int(kept.group(1).replace(",", "")) if kept else 0


def clean_build(project: Path, run_sitegen) -> dict[str, bytes]:
    result = run_sitegen(project, "build", "--no-cache", "--output", "clean")
    assert result.status == 0, result.err
    return snapshot(project / "clean")


def build_into(
    output: Path, content: Path = REPO / "content", base_url: str | None = BASE_URL, epoch: str | None = EPOCH
) -> Path:
    from sitegen.build import build  # not this module's build()
    from sitegen.config import BuildConfig

    with pytest.MonkeyPatch.context() as patch:
        if epoch is None:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            patch.setenv("SOURCE_DATE_EPOCH", epoch)
        build(BuildConfig(content, REPO / "templates", output, base_url))
    return output


def assert_output_is_a_clean_builds(project: Path, run_sitegen, *own_files: str) -> None:
    """output/ holds, byte for byte, what a clean build of `project` makes: besides the build's
    own record, only the user's `own_files` (named as in output/) may differ."""
    output = {name: data for name, data in site_of(project / "output").items() if name not in own_files}
    clean = clean_build(project, run_sitegen)
    assert output == {name: data for name, data in clean.items() if name != ".sitegen-output.json"}


def assert_fails_with(project: Path, run_sitegen, previous: dict[str, bytes], *lines: str) -> None:
    before = snapshot(project)
    result = run_sitegen(project, "build")
    assert result.status == 1
    reported = result.err.strip().splitlines()
    assert reported[:-1] == list(lines)
    assert reported[-1] == f"{len(lines)} error{'s' if len(lines) > 1 else ''}; nothing was written"
    assert "Traceback" not in result.err
    assert snapshot(project / "output") == previous
    assert snapshot(project) == before, "a failed build wrote or changed a file"


def assert_check(project: Path, run_sitegen, status: int, *lines: str, args: tuple = ()) -> None:
    """`sitegen check` prints exactly `lines` then the count, exits with `status`, writes nothing."""
    before = snapshot(project)
    result = run_sitegen(project, "check", *args)
    reported = result.out.strip().splitlines()
    assert reported[:-1] == list(lines)
    errors = sum(": error: " in line for line in lines)
    warnings = len(lines) - errors
    parts = [
        f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in (("error", errors), ("warning", warnings)) if n
    ]
    assert reported[-1] == (", ".join(parts) or "no problems found")
    assert result.status == status
    assert result.err == ""
    assert snapshot(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "templates"]


def assert_warns(project: Path, run_sitegen, *lines: str, args: tuple = ()) -> None:
    assert_check(project, run_sitegen, 0, *lines, args=args)
    assert_check(project, run_sitegen, 1, *lines, args=(*args, "--strict"))


def assert_harmless(output: Path, pages: tuple[str, ...] = ()) -> int:
    """No page of the site (or of `pages`) runs the attack: no injected script, handler or
    script URL."""
    checked = 0
    for page in [output / name for name in pages] or html_pages(output):
        soup = parse(page)
        for element in soup.find_all(True):
            checked += 1
            where = f"{page.relative_to(output)}: <{element.name}>"
            assert element.name not in ("iframe", "svg", "img"), where
            assert not (element.name == "script" and ATTACK in element.get_text()), where
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), f"{where} {name}"
                if name in ("href", "src", "action", "formaction"):
                    assert not BAD_SCHEMES.match(value), f"{where} {name}={value}"
    return checked


# --- pages and what they link to --------------------------------------------------------------


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def words_of(element) -> str:
    """The text of a parsed element, its white space folded to single spaces."""
    return " ".join(element.get_text().split())


def load_global(script: Path, name: str):
    """The data a generated `window.NAME = ...;` script assigns."""
    text = script.read_text(encoding="utf-8")
    prefix = f"window.{name} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


def resolve_link(page: Path, href: str, output: Path) -> tuple[Path, str]:
    """The file and fragment an internal href points at, from `page`."""
    parts = urlsplit(href)
    if parts.path:
        target = (page.parent / unquote(parts.path)).resolve()
    else:
        target = page.resolve()
    return target, unquote(parts.fragment)


def internal_links(page: Path):
    soup = parse(page)
    for element in soup.find_all(["a", "link"], href=True):
        href = element["href"]
        if urlsplit(href).scheme in ("http", "https", "mailto"):
            continue
        yield element, href


def ids_of(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        cache[path] = {tag["id"] for tag in parse(path).find_all(id=True)}
    return cache[path]


def linked_relatively(output: Path) -> list[Path]:
    """Every page but 404.html, which is served at any depth and so links from the site's
    root path (tests/test_publish_browser.py loads it deep under the base path)."""
    return [page for page in html_pages(output) if page.name != "404.html"]


# --- content ----------------------------------------------------------------------------------


def archive_web_source(project: Path, *lines: str) -> None:
    """Add fields to the mini fixture's source 'web' (the one with a URL)."""
    edit(
        project / "content/sources.yaml",
        f"  url: {ORIGINAL}\n",
        f"  url: {ORIGINAL}\n" + "".join(f"  {line}\n" for line in lines),
    )


def normalise(text: str) -> str:
    """Text as the faithfulness tests compare it: quotes straight, white space folded, case
    folded."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold()


# --- axe-core and the Nu Html Checker ---------------------------------------------------------


def tool(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `bash .ci/test`, which installs it with npm")
    return path


def page_paths(output: Path) -> list[str]:
    """Every page but 404.html, whose links are absolute for the site's public base URL (this
    build has none); tests/test_publish_browser.py covers it."""
    return [page.relative_to(output).as_posix() for page in html_pages(output) if page.name != "404.html"]


def axe_violations(output: Path, url: str, chromium) -> dict[str, list[str]]:
    """axe-core's violations on every page of the site built in `output` and served at `url`:
    every rule in the light theme; in the dark theme only contrast can differ."""
    axe = tool(AXE).read_text(encoding="utf-8")
    found = {}
    for scheme, rules in (("light", "{}"), ("dark", "{runOnly: ['color-contrast']}")):
        # axe goes in as an inline script, which the pages' Content-Security-Policy refuses
        context = chromium.new_context(color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for path in page_paths(output):
            page.goto(url + path)
            page.add_script_tag(content=axe)
            violations = page.evaluate(
                f"async () => (await axe.run(document, {rules})).violations"
                ".map(v => v.id + ': ' + v.nodes.length + ' nodes')"
            )
            if violations:
                found[f"{scheme} {path}"] = violations
        context.close()
    return found


def nu_html_checker_errors(output: Path) -> list[str]:
    """The Nu Html Checker's errors on every page in `output`."""
    result = subprocess.run(
        ["java", "-jar", str(tool(VNU)), "--errors-only", "--format", "json", *map(str, html_pages(output))],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors or result.returncode == 0, result.stderr
    return errors


# --- processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {WAIT_SECONDS} s waiting for {what}")
        time.sleep(0.1)


def start_serve(project: Path, *args: str, script: str | None = None) -> subprocess.Popen:
    out, err = project / "serve.out", project / "serve.err"
    command = ["-c", script] if script else ["-m", "sitegen"]
    return subprocess.Popen(
        [sys.executable, *command, "serve", *args], cwd=project, stdout=out.open("w"), stderr=err.open("w")
    )


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found
