"""Shared fixtures: the real briefing built once, tiny projects written into tmp_path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, make_project, snapshot

from sitegen import cli, file_state


@dataclass
class CliRun:
    status: int
    out: str
    err: str


@pytest.fixture
def run_sitegen(monkeypatch, capsys):
    """Run the sitegen command in-process from a project folder, like a user in a shell."""

    def run(project: Path, *args: str) -> CliRun:
        monkeypatch.chdir(project)
        status = cli.main(list(args))
        captured = capsys.readouterr()
        return CliRun(status, captured.out, captured.err)

    return run


@pytest.fixture
def files_settle_at_once(monkeypatch):
    """Each file counts as settled when read (not only 2 s after its last change,
    sitegen/file_state.py): the next build takes every file it finds in the same state
    without reading it, the path a build after an edit takes on files older than the edit."""
    monkeypatch.setattr(file_state, "TRUST_AFTER_NS", 0)


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, FIXTURES / "mini")


@pytest.fixture
def previous_output(mini_project: Path, run_sitegen) -> dict[str, bytes]:
    """A good build already in output/, to prove a failed build leaves it untouched."""
    assert run_sitegen(mini_project, "build").status == 0
    return snapshot(mini_project / "output")


@pytest.fixture
def briefing_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, REPO / "content")


@pytest.fixture(scope="session")
def built_briefing(tmp_path_factory) -> Path:
    """The real briefing in content/, built once for the read-only tests."""
    from sitegen.build import build
    from sitegen.config import BuildConfig

    output = tmp_path_factory.mktemp("briefing") / "output"
    build(BuildConfig(REPO / "content", REPO / "templates", output))
    return output


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the README's test command, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
