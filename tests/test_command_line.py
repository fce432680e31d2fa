"""How the command line talks: a short help without a command, --version, a closing summary,
--quiet, colour only on a terminal and never with NO_COLOR, progress only on a terminal."""

from __future__ import annotations

import gc
import io
import os
import re
import subprocess
import sys
from importlib.metadata import version

import pytest
from helpers import REPO

import sitegen
from sitegen import terminal
from sitegen.errors import Location, Problem

ESC = "\x1b["


def sitegen_process(*args: str, cwd=REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_no_command_prints_a_short_help_pointing_at_the_first_steps(run_sitegen, tmp_path):
    result = run_sitegen(tmp_path)
    assert (result.status, result.err) == (0, "")
    lines = result.out.splitlines()
    assert len(lines) < 15
    commands = [line.split()[1] for line in lines if line.startswith("  sitegen ")]
    assert commands == ["init", "build", "serve", "check"]


def test_version(tmp_path):
    result = sitegen_process("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"sitegen {sitegen.__version__}\n")
    assert version("sitegen") == sitegen.__version__  # the one version: pyproject reads it


def test_help_lists_every_command(tmp_path):
    result = sitegen_process("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("init", "new", "build", "serve", "check"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def test_the_command_line_starts_without_the_heavy_libraries():
    """`sitegen --help` and `--version` stay fast (benchmarks/cli_speed.py times them): the
    command line imports Markdown, Jinja2, YAML and the progress library only when it needs
    them."""
    code = (
        "import sys, sitegen.cli; "
        "print(sorted(m for m in ('markdown', 'jinja2', 'yaml', 'tqdm', 'livereload') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_a_build_ends_with_a_summary_of_what_it_made(mini_project, run_sitegen):
    result = run_sitegen(mini_project, "build")
    assert result.err == ""
    assert re.fullmatch(
        r"built 12 pages into output/ in \d+(\.\d)? m?s: 1 briefing, 2 sections, "
        r"2 entities, 2 sources\n",
        result.out,
    ), result.out


def test_quiet_build_and_check_print_errors_only(mini_project, run_sitegen):
    assert run_sitegen(mini_project, "build", "--quiet").out == ""
    assert run_sitegen(mini_project, "build", "-q").out == ""  # up to date, silently
    (mini_project / "content/sources.yaml").write_text(
        (mini_project / "content/sources.yaml").read_text(encoding="utf-8")
        + "spare:\n  publisher: Nobody cites this\n",
        encoding="utf-8",
    )
    quiet = run_sitegen(mini_project, "check", "--quiet")  # a warning only: nothing to say
    assert (quiet.status, quiet.out, quiet.err) == (0, "", "")
    strict = run_sitegen(mini_project, "check", "--quiet", "--strict")
    assert strict.status == 1
    assert strict.out == (
        "content/sources.yaml:7:1: warning: source 'spare' is never cited [unused-source]\n"
    )


def test_quiet_build_still_reports_errors(mini_project, run_sitegen):
    (mini_project / "content/site.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = run_sitegen(mini_project, "build", "--quiet")
    assert (result.status, result.out) == (1, "")
    assert result.err.splitlines()[-1] == "1 error; nothing was written"


def test_the_process_exits_with_the_commands_status_and_all_it_printed(mini_project):
    """`sitegen` leaves without tearing down the interpreter (cli.run): its exit status and
    everything it wrote must still reach the caller through a pipe, where Python buffers
    output (unless PYTHONUNBUFFERED is set, as on some machines: not here)."""
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}

    def sitegen_buffered(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "sitegen", *args],
            cwd=mini_project,
            capture_output=True,
            text=True,
            check=False,
            env=buffered,
        )

    result = sitegen_buffered("build")
    assert result.returncode == 0 and result.stdout.startswith("built ")
    (mini_project / "content/site.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = sitegen_buffered("build")
    assert result.returncode == 1
    assert result.stderr.startswith("content/site.yaml:")
    assert result.stderr.splitlines()[-1] == "1 error; nothing was written"
    result = sitegen_buffered("build", "--no-such-option")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


# Colour: only on a terminal, never with NO_COLOR.


@pytest.fixture
def on_a_terminal(monkeypatch):
    monkeypatch.setattr(terminal, "_is_terminal", lambda stream: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_colour_on_a_terminal(mini_project, run_sitegen, on_a_terminal, monkeypatch):
    monkeypatch.setattr(terminal, "PROGRESS_DELAY", 3600.0)
    result = run_sitegen(mini_project, "build")
    assert result.out.startswith(f"{ESC}32mbuilt{ESC}0m 12 pages")
    line = terminal.problem_line(
        Problem(Location("content/x.yaml", 3, 1), "m", "c", "warning"), terminal.Painter(sys.stdout)
    )
    assert line == f"content/x.yaml:3:1: {ESC}33mwarning{ESC}0m: m [c]"


@pytest.mark.parametrize("no_color", ["1", "true", "0"])
def test_no_color_means_no_colour_whatever_its_value(
    mini_project, run_sitegen, on_a_terminal, monkeypatch, no_color
):
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setattr(terminal, "PROGRESS_DELAY", 3600.0)
    result = run_sitegen(mini_project, "build")
    assert result.out.startswith("built 12 pages") and ESC not in result.out + result.err


def test_no_colour_when_output_is_not_a_terminal(mini_project, run_sitegen):
    result = run_sitegen(mini_project, "build")
    assert ESC not in result.out + result.err


def test_no_colour_through_a_pipe(mini_project):
    result = sitegen_process("build", cwd=mini_project, env={"NO_COLOR": ""})
    assert result.returncode == 0 and result.stdout.startswith("built ")
    assert ESC not in result.stdout + result.stderr


# Progress: a bar on a terminal for runs that take a while; nothing in CI or through a pipe.


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_build_on_a_terminal_shows_its_steps_and_pages(
    mini_project, run_sitegen, on_a_terminal, monkeypatch
):
    monkeypatch.setattr(terminal, "PROGRESS_DELAY", 0.0)  # as if the run had taken long
    monkeypatch.setattr(terminal.TerminalProgress, "REDRAW", 0.0)  # every page drawn
    result = run_sitegen(mini_project, "build", "--no-cache")
    assert result.status == 0
    shown = result.err.replace("\r", "\n")
    for step in ("converting sections", "rendering pages", "writing search, feed and sitemap"):
        assert step in shown
    assert re.search(r"rendering pages .*12/12 pages", shown)
    assert re.search(r"converting sections .*2/2 sections", shown)
    assert result.out.startswith(f"{ESC}32mbuilt")  # the summary stays, on stdout


def test_a_short_run_shows_no_progress(on_a_terminal):
    stream = FakeTerminal()
    progress = terminal.TerminalProgress(stream, delay=3600)
    progress.step("rendering pages", 3)
    progress.advance(3)
    progress.close()
    assert stream.getvalue() == ""


@pytest.mark.parametrize("quiet", [True, False])
def test_progress_is_off_in_ci_and_when_quiet(mini_project, run_sitegen, on_a_terminal, monkeypatch, quiet):
    monkeypatch.setattr(terminal, "PROGRESS_DELAY", 0.0)
    if not quiet:
        monkeypatch.setenv("CI", "true")
    result = run_sitegen(mini_project, "build", "--no-cache", *(["--quiet"] if quiet else []))
    assert result.status == 0 and result.err == ""


def test_check_shows_progress_too(mini_project, run_sitegen, on_a_terminal, monkeypatch):
    monkeypatch.setattr(terminal, "PROGRESS_DELAY", 0.0)
    result = run_sitegen(mini_project, "check")
    assert "rendering pages" in result.err
    assert result.out == "no problems found\n"


def test_a_build_in_a_program_leaves_the_cycle_collector_as_it_found_it(mini_project, run_sitegen):
    """A build keeps Python's cycle collector out of its way while it runs, and a program
    that goes on after it (a test suite, a script that builds twice) gets it back."""
    assert gc.isenabled()
    assert run_sitegen(mini_project, "build").status == 0
    assert gc.isenabled()
    assert run_sitegen(mini_project, "build", "--no-cache").status == 0
    assert gc.isenabled()
