"""How long `sitegen check --links` takes for 500 links answered by local servers: the first
run (every link asked over HTTP) and the next one (every answer from the cache).

    .venv/bin/python benchmarks/link_check.py [--links 500] [--runs 3]

The servers are tests/link_server.py, on this machine: what is measured is sitegen's own
work and its politeness (at most two requests at once per host), not the internet's latency,
which a real run adds on top. Three cases: all links on one host answering at once; on one
host taking 50 ms an answer (as a busy site may); on 50 hosts (servers on 50 ports) taking
50 ms each. `check` without `--links` is given for comparison: `check --links` does all it
does first. Each figure is the median of --runs runs, each a fresh `sitegen` process; before
each first run the cache is emptied.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from link_server import link_server  # noqa: E402

SITEGEN = [sys.executable, "-m", "sitegen"]


def write_project(folder: Path, urls: list[str]) -> Path:
    """A one-briefing project whose one section links every URL, each in a cited sentence."""
    content = folder / "content"
    (content / "sections").mkdir(parents=True)
    (content / "site.yaml").write_text("title: Links\n")
    (content / "briefing.yaml").write_text("title: Links\n")
    (content / "sources.yaml").write_text("wire:\n  publisher: A wire\n")
    lines = [f"The [page number {n}]({url}) says so [@wire]." for n, url in enumerate(urls)]
    (content / "sections" / "links.md").write_text(
        "---\ntitle: Links\norder: 1\n---\n" + "\n\n".join(lines) + "\n"
    )
    shutil.copytree(REPO / "templates", folder / "templates")
    return folder


def timed(project: Path, *args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [*SITEGEN, "check", *args], cwd=project, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or "links: " in result.stdout and "not checked" in result.stdout:
        sys.exit(f"check failed:\n{result.stdout}{result.stderr}")
    return elapsed


def measure(name: str, links: int, hosts: int, delay: float, runs: int) -> None:
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(link_server()) for _ in range(hosts)]
        for server in servers:
            server.page_delay = delay
        urls = [servers[n % hosts].url(f"page/{n}") for n in range(links)]
        project = write_project(Path(tempfile.mkdtemp(prefix="sitegen-links-")), urls)
        try:
            plain = statistics.median(timed(project) for _ in range(runs))
            first, cached = [], []
            for _ in range(runs):
                shutil.rmtree(project / ".sitegen-cache", ignore_errors=True)
                # the servers are on this machine, which only --allow-private asks
                first.append(timed(project, "--links", "--allow-private"))
                cached.append(timed(project, "--links", "--allow-private"))
        finally:
            shutil.rmtree(project)
    print(
        f"| {name} | {links} | {statistics.median(first):.2f} s | "
        f"{statistics.median(cached):.2f} s | {plain:.2f} s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| case | links | first run | cached run | check without --links |")
    print("|---|---:|---:|---:|---:|")
    measure("1 host, answers at once", args.links, 1, 0.0, args.runs)
    measure("1 host, 50 ms an answer", args.links, 1, 0.05, args.runs)
    measure("50 hosts, 50 ms an answer", args.links, 50, 0.05, args.runs)


if __name__ == "__main__":
    main()
