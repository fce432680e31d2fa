"""How long a full build takes, and how long the preview takes to put a page edited in one
section back on disk, for synthetic briefings of 100 and 1,000 sections.

    .venv/bin/python benchmarks/preview_rebuild.py [--sizes 100 1000] [--runs 5] [--profile]

Each figure is the median of --runs runs after one warm-up. "one-section rebuild" is the time
from the edited file being saved to the rebuilt page being on disk, in-process (the
PreviewBuilder that `sitegen serve` calls); the server's file-watching poll (every 250 ms)
comes on top of it.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_briefing import write_briefing  # noqa: E402

from sitegen.build import build  # noqa: E402
from sitegen.config import BuildConfig  # noqa: E402
from sitegen.preview.rebuild import PreviewBuilder  # noqa: E402


def median_seconds(action, runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size: int, runs: int, profile: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"sitegen-bench-{size}-"))
    try:
        content = write_briefing(folder, size)
        templates = folder / "templates"
        shutil.copytree(REPO / "templates", templates)
        full_config = BuildConfig(content, templates, folder / "output")
        full = median_seconds(lambda: build(full_config), runs)

        builder = PreviewBuilder(BuildConfig(content, templates, folder / "preview", include_drafts=True))
        builder.build()
        section = content / "sections" / f"part-{size // 2}.md"
        page = folder / "preview" / "sections" / f"part-{size // 2}.html"
        edits = iter(range(10**6))

        def edit_and_rebuild() -> None:
            marker = f"edit number {next(edits)}"
            text = section.read_text(encoding="utf-8")
            head, _, tail = text.partition("## Heading 1")
            section.write_text(f"{head}{marker}\n\n## Heading 1{tail}", encoding="utf-8")
            outcome = builder.build()
            assert marker in page.read_text(encoding="utf-8"), "the page was not rebuilt"
            edit_and_rebuild.outcome = outcome  # type: ignore[attr-defined]

        rebuild = median_seconds(edit_and_rebuild, runs)
        outcome = edit_and_rebuild.outcome  # type: ignore[attr-defined]
        print(
            f"{size:>6} sections | full build {full * 1000:8.0f} ms | one-section rebuild "
            f"{rebuild * 1000:6.0f} ms ({rebuild / full:5.1%} of full; rendered "
            f"{outcome.rendered} of {len(builder.snapshot.pages)} pages, converted "
            f"{outcome.converted} section)",
            flush=True,
        )
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(edit_and_rebuild)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of one one-section rebuild per size"
    )
    args = parser.parse_args()
    for size in args.sizes:
        measure(size, args.runs, args.profile)


if __name__ == "__main__":
    main()
