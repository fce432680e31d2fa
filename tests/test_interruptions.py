"""Builds that are killed, interrupted or run twice at once, as CI, a closed laptop or the
out-of-memory killer do it: output/ is always exactly a complete site, no process outlives
sitegen, and the next build leaves nothing behind but output/ and the cache.

Each run of sitegen here is a subprocess carrying a marker in its environment, which its
worker processes inherit: /proc then tells whether any of them is still alive.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import REPO, children, free_port, snapshot, start_serve, wait_until

from sitegen.output.lock import lock_path
from sitegen.output.write import MANIFEST, STAGING_MARK

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/environ").exists(), reason="finds processes through Linux's /proc"
)

SECTIONS = 300  # above both pools' thresholds (64 sections to convert, 200 pages to render)
KILLS = 16  # per signal, spread evenly over a whole build
WAIT_SECONDS = 30  # generous: the machine is shared; no test asserts how fast anything is
PROJECT_FILES = [".sitegen-cache", "content-a", "content-b", "output", "templates"]


def marked_processes(marker: str) -> list[int]:
    """Every live process whose environment carries `marker` (sitegen and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"SITEGEN_TEST_RUN={marker}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@dataclass
class Run:
    """One `sitegen` subprocess."""

    process: subprocess.Popen
    marker: str

    def finish(self) -> tuple[int, str, str]:
        try:
            out, err = self.process.communicate(timeout=WAIT_SECONDS * 4)
        except subprocess.TimeoutExpired:
            self.process.kill()  # a hung sitegen must not outlive the test
            pytest.fail(f"sitegen did not end: {self.process.communicate()}")
        return self.process.returncode, out, err

    def wait_for_workers(self) -> None:
        wait_until(
            lambda: self.process.poll() is None and len(children(self.process.pid)) >= 2,
            "sitegen to start its worker processes",
        )

    def leftover_processes(self) -> list[int]:
        """Processes of this run still alive once it ended (waits for them a while first)."""
        deadline = time.monotonic() + 5
        while (alive := marked_processes(self.marker)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return alive


def start(project: Path, *args: str, new_session: bool = False) -> Run:
    marker = uuid.uuid4().hex
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", *args],
        cwd=project,
        env={**os.environ, "SITEGEN_TEST_RUN": marker},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )
    return Run(process, marker)


def sitegen(project: Path, *args: str) -> tuple[int, str, str]:
    return start(project, *args).finish()


@dataclass
class LargeSite:
    """A project with two versions of a generated briefing of SECTIONS sections, and the
    complete output of each, built apart (`content-a` -> references['a'])."""

    project: Path
    references: dict[str, dict[str, bytes]] = field(default_factory=dict)

    def copy(self, destination: Path) -> Path:
        shutil.copytree(self.project, destination, symlinks=True)
        return destination


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> LargeSite:
    spec = importlib.util.spec_from_file_location(
        "synthetic_briefing", REPO / "benchmarks" / "synthetic_briefing.py"
    )
    assert spec and spec.loader
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    root = tmp_path_factory.mktemp("large")
    site = LargeSite(root / "project")
    site.project.mkdir()
    shutil.copytree(REPO / "templates", site.project / "templates")
    for version, seed in (("a", 1), ("b", 2)):
        synthetic.write_briefing(root / version, SECTIONS, seed).rename(site.project / f"content-{version}")
        reference = root / f"reference-{version}"
        status, _, err = sitegen(
            site.project, "build", "--no-cache", "--content", f"content-{version}", "--output", str(reference)
        )
        assert status == 0, err
        site.references[version] = snapshot(reference)
    assert site.references["a"] != site.references["b"]
    return site


def version_in(output: Path, site: LargeSite) -> str | None:
    """Which complete site the output folder is, exactly; None when it is neither."""
    found = snapshot(output) if output.is_dir() else {}
    return next((version for version, files in site.references.items() if files == found), None)


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name not in PROJECT_FILES)


def moment(project: Path, before: str, after: str | None) -> str:
    """Where in the build a kill landed, as far as the disk tells."""
    staging = [path for path in project.glob(".output.building-*")]
    # a build with the cache starts from the output it retired last time, kept in the cache
    reused = [path for path in project.glob(".sitegen-cache/retired-output-*")]
    if after != before:
        return "after the swap"
    if any((path / MANIFEST).is_file() for path in staging):
        return "swapping"
    if any((path / STAGING_MARK).is_file() for path in (*staging, *reused)):
        return "loading to writing"
    return "starting up"


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_stopped_at_any_moment_leaves_a_complete_site(large_site, tmp_path, stop):
    project = large_site.copy(tmp_path / "project")
    output = project / "output"
    durations = []
    for version in ("a", "b"):  # the shorter of two builds: the machine may be busy
        started = time.monotonic()
        assert sitegen(project, "build", "--content", f"content-{version}")[0] == 0
        durations.append(time.monotonic() - started)
    duration = min(durations)
    current, moments, orphans, mixed = "b", Counter(), 0, 0
    for kill in range(KILLS):
        target = "b" if current == "a" else "a"
        run = start(project, "build", "--content", f"content-{target}")
        time.sleep(duration * 1.2 * kill / (KILLS - 1))  # from start-up to past the swap
        run.process.send_signal(stop)
        status, out, err = run.finish()
        orphans += len(run.leftover_processes())
        now = version_in(output, large_site)
        mixed += now is None
        if stop == signal.SIGKILL:
            moments[moment(project, current, now)] += 1
        else:
            assert "Traceback" not in err, err
            if status == 128 + stop:  # else it came before sitegen listened, or after it ended
                state = "holds the new build" if now == target else "is unchanged"
                assert err.splitlines() == [f"sitegen: build interrupted; 'output' {state}"]
            moments[
                {0: "after it ended", -stop: "starting up"}.get(
                    status, "after the swap" if now == target else "loading to writing"
                )
            ] += 1
            assert leftovers(project) == []  # SIGTERM leaves nothing, even before a next build
        current = now or current
    assert (orphans, mixed) == (0, 0)
    status, _, err = sitegen(project, "build", "--content", "content-a")
    assert (status, err) == (0, "")  # a lock left by a killed build is taken over at once
    assert version_in(output, large_site) == "a"
    assert sorted(path.name for path in project.iterdir()) == PROJECT_FILES
    record = REPO / "tests-output" / f"fault-injection-{signal.Signals(stop).name}.json"
    record.parent.mkdir(exist_ok=True)
    record.write_text(
        json.dumps(
            {
                "kills": KILLS,
                "sections": SECTIONS,
                "build_seconds": round(duration, 2),
                "moments": moments,
                "orphans": orphans,
                "mixed": mixed,
            },
            indent=1,
        )
        + "\n"
    )


@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_workers_end_with_a_sitegen_killed_outright(large_site, tmp_path, command):
    project = large_site.copy(tmp_path / "project")
    args = {"build": ["--no-cache"], "check": [], "serve": ["--port", str(free_port())]}[command]
    run = start(project, command, "--content", "content-a", *args)
    run.wait_for_workers()
    run.process.kill()
    run.finish()
    assert run.leftover_processes() == []


@pytest.mark.parametrize(
    "stop, status, group",
    [
        (signal.SIGTERM, 143, False),
        (signal.SIGINT, 130, False),
        (signal.SIGINT, 130, True),  # Ctrl-C in a terminal reaches the workers too
        (signal.SIGTERM, 143, True),  # so does a CI runner cancelling the job's process group
    ],
    ids=["SIGTERM", "SIGINT", "Ctrl-C", "SIGTERM-to-group"],
)
def test_an_interrupted_build_says_so_and_leaves_the_previous_site(large_site, tmp_path, stop, status, group):
    project = large_site.copy(tmp_path / "project")
    assert sitegen(project, "build", "--content", "content-a")[0] == 0
    run = start(project, "build", "--content", "content-b", new_session=group)
    run.wait_for_workers()
    if group:
        os.killpg(run.process.pid, stop)
    else:
        run.process.send_signal(stop)
    assert run.finish() == (status, "", "sitegen: build interrupted; 'output' is unchanged\n")
    assert run.leftover_processes() == []
    assert version_in(project / "output", large_site) == "a"
    assert leftovers(project) == []


def test_an_interrupted_check_says_so(large_site, tmp_path):
    project = large_site.copy(tmp_path / "project")
    run = start(project, "check", "--content", "content-a")
    run.wait_for_workers()
    run.process.send_signal(signal.SIGTERM)
    assert run.finish() == (143, "", "sitegen: check interrupted\n")
    assert run.leftover_processes() == []


def test_a_second_build_into_the_same_folder_waits_for_the_first(large_site, tmp_path):
    project = large_site.copy(tmp_path / "project")
    first = start(project, "build", "--content", "content-a")
    first.wait_for_workers()
    second = start(project, "build", "--content", "content-a")
    status, out, err = first.finish()
    assert (status, err) == (0, "")
    pages = out.split()[1]  # "built 458 pages into output/"
    assert second.finish() == (
        0,
        f"output/ is up to date ({pages} pages): nothing changed since it was built\n",
        f"sitegen: waiting for another sitegen build (process {first.process.pid}) to finish "
        "writing 'output'\n",
    )
    assert version_in(project / "output", large_site) == "a"
    assert leftovers(project) == []


@pytest.fixture
def preview_of(mini_project: Path) -> Iterator[tuple[Path, subprocess.Popen]]:
    port = free_port()
    process = start_serve(mini_project, "--port", str(port))
    try:
        wait_until(
            lambda: "previewing on" in (mini_project / "serve.out").read_text(), "the preview to start"
        )
        yield mini_project, process
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=WAIT_SECONDS)


def test_a_build_beside_a_running_preview(preview_of):
    project, serve = preview_of
    status, out, err = sitegen(project, "build")
    assert (status, err) == (0, "") and out.startswith("built ")
    refusal = (
        f"sitegen: '.sitegen-preview' is in use by sitegen serve (process {serve.pid}); "
        "stop it, or choose another --output\n"
    )
    assert sitegen(project, "build", "--output", ".sitegen-preview") == (2, "", refusal)
    assert sitegen(project, "serve", "--port", str(free_port())) == (2, "", refusal)
    assert serve.poll() is None
    assert (project / ".sitegen-preview" / "index.html").is_file()


def test_a_lock_left_by_a_killed_build_is_taken_over(mini_project: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock = lock_path(mini_project / "output")
    lock.write_text(json.dumps({"command": "build", "pid": dead.pid}))
    status, out, err = sitegen(mini_project, "build")
    assert (status, err) == (0, "")
    assert not lock.exists()


def test_only_folders_sitegen_marked_are_removed(mini_project: Path):
    """What builds killed outright left beside output/ goes; anything else named alike stays."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert sitegen(mini_project, "build")[0] == 0

    def folder(name: str, files: dict[str, str]) -> Path:
        path = mini_project / f".output.building-{name}"
        for file, text in files.items():
            (path / file).parent.mkdir(parents=True, exist_ok=True)
            (path / file).write_text(text)
        path.mkdir(exist_ok=True)
        return path

    folder(
        "killed-writing",
        {STAGING_MARK: f"{dead.pid}\n", "index.html": "<!DOCTYPE html>", "sections/one.html": "half"},
    )
    folder("killed-swapping", {MANIFEST: '["index.html"]\n', "index.html": "old"})
    folder("killed-at-once", {})
    running = folder("running", {STAGING_MARK: f"{os.getpid()}\n"})
    mine = folder("mine", {"thesis.pdf": "%PDF"})
    assert sitegen(mini_project, "build", "--no-cache")[0] == 0
    assert sorted(path.name for path in mini_project.iterdir()) == [
        ".output.building-mine",
        ".output.building-running",
        ".sitegen-cache",
        "content",
        "output",
        "templates",
    ]
    assert (mine / "thesis.pdf").read_text() == "%PDF"
    assert (running / STAGING_MARK).is_file()


def test_an_output_folder_lost_mid_swap_is_put_back(mini_project: Path):
    """Where folders cannot be exchanged atomically, a swap is two renames; a build killed
    between them leaves the complete old site beside a missing output/: the next build
    puts it back before anything else."""
    status, out, _ = sitegen(mini_project, "build")
    pages = out.split()[1]
    before = snapshot(mini_project / "output")
    (mini_project / "output").rename(mini_project / ".output.building-x1")
    assert sitegen(mini_project, "build") == (
        0,
        f"output/ is up to date ({pages} pages): nothing changed since it was built\n",
        "",
    )
    assert snapshot(mini_project / "output") == before
    assert sorted(path.name for path in mini_project.iterdir()) == [
        ".sitegen-cache",
        "content",
        "output",
        "templates",
    ]


def test_the_swap_without_an_atomic_exchange_keeps_the_users_files(
    mini_project: Path, run_sitegen, monkeypatch
):
    from sitegen.output import write

    monkeypatch.setattr(write, "exchange_folders", lambda first, second: False)
    assert run_sitegen(mini_project, "build").status == 0
    (mini_project / "output" / "notes.txt").write_text("mine")
    assert run_sitegen(mini_project, "build", "--no-cache").status == 0
    assert (mini_project / "output" / "notes.txt").read_text() == "mine"
    assert sorted(path.name for path in mini_project.iterdir()) == [
        ".sitegen-cache",
        "content",
        "output",
        "templates",
    ]
