"""sitegen's search index against Pagefind's, on the same built site: bytes and seconds.

    .venv/bin/python benchmarks/search_engines.py [--pagefind PATH] [--sections 1000] [--runs 3]

Sites: the bundled desk (content/), the synthetic desk of --sections sections
(benchmarks/synthetic_briefing.py `write_desk`), and the same desk with its words in nonsense
Japanese (kana and kanji drawn at random, no spaces between them), since CJK text is where the
two differ. For each it prints the size of sitegen's index (assets/search-index.js) and the
median time `search_index_script` takes on the resolved site; with --pagefind (a Pagefind
binary: `pip install pagefind-bin-extended`, which segments Chinese and Japanese), the time of
`pagefind --site output` and the size of what it writes (all of it, and its index: the entry,
metadata, word index and fragment files, without its JavaScript, CSS and WebAssembly).
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import synthetic_briefing  # noqa: E402

from sitegen.build import build, load_site  # noqa: E402
from sitegen.config import BuildConfig  # noqa: E402
from sitegen.media.library import MediaLibrary  # noqa: E402
from sitegen.site.resolve import resolve  # noqa: E402
from sitegen.site.search_index import search_index_script  # noqa: E402

NONSENSE_CHARACTERS = "カロミセタヌホケあいさとのら山川木水火土石田中本東西"
_SPACE_IN_CJK = re.compile("(?<=[\u3040-\u30ff\u4e00-\u9fff]) (?=[\u3040-\u30ff\u4e00-\u9fff])")


def japanese_desk(folder: Path, sections: int) -> Path:
    """write_desk's desk with nonsense Japanese words, written without spaces."""
    rng = random.Random(11)
    words = tuple("".join(rng.choices(NONSENSE_CHARACTERS, k=rng.randint(2, 4))) for _ in range(60))
    original = synthetic_briefing.WORDS
    synthetic_briefing.WORDS = words
    try:
        content = synthetic_briefing.write_desk(folder, sections)
    finally:
        synthetic_briefing.WORDS = original
    for path in content.rglob("*"):
        if path.suffix in (".md", ".yaml"):
            path.write_text(_SPACE_IN_CJK.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    site = content / "site.yaml"  # <html lang="ja">, which Pagefind segments by
    site.write_text(
        site.read_text(encoding="utf-8").replace("language: en", "language: ja"), encoding="utf-8"
    )
    return content


def index_seconds(content: Path, runs: int) -> float:
    config = BuildConfig(content, REPO / "templates", content.parent / "unused")
    site, _images = MediaLibrary(content, None).publish(load_site(config))
    resolved = resolve(site)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        search_index_script(resolved)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def folder_bytes(folder: Path, suffixes: tuple[str, ...] | None = None) -> int:
    return sum(
        p.stat().st_size
        for p in folder.rglob("*")
        if p.is_file() and (suffixes is None or "".join(p.suffixes[-2:]) in suffixes or p.suffix in suffixes)
    )


def measure(name: str, content: Path, runs: int, pagefind: str | None) -> None:
    output = content.parent / "output"
    build(BuildConfig(content, REPO / "templates", output))
    pages = sum(1 for _ in output.rglob("*.html"))
    ours = (output / "assets" / "search-index.js").stat().st_size
    print(f"{name}: {pages} pages")
    packed = len(gzip.compress((output / "assets" / "search-index.js").read_bytes()))
    print(f"  sitegen  index {ours:>12,} bytes ({packed:,} gzipped)  {index_seconds(content, runs):.4f} s")
    if pagefind:
        times = []
        for _ in range(runs):
            shutil.rmtree(output / "pagefind", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([pagefind, "--site", str(output), "--quiet"], check=True)
            times.append(time.perf_counter() - start)
        written = output / "pagefind"
        index = folder_bytes(written, (".pf_meta", ".pf_index", ".pf_fragment", ".json"))
        print(
            f"  pagefind index {index:>12,} bytes  {statistics.median(times):.4f} s"
            f"  (all it writes: {folder_bytes(written):,} bytes)"
        )
        # What a query fetches with Pagefind's own API: its script, worker, WebAssembly and
        # metadata first, then the index chunk of each word and a fragment for each result shown.
        first = sum(
            p.stat().st_size
            for p in written.iterdir()
            if p.name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
            or (p.name.startswith("wasm.") and not p.name.startswith("wasm.unknown."))
            or p.suffix == ".pf_meta"
        )
        chunks = [p.stat().st_size for p in written.rglob("*.pf_index")]
        fragments = [p.stat().st_size for p in written.rglob("*.pf_fragment")]
        print(
            f"  pagefind a query: {first:,} bytes first, then {statistics.mean(chunks):,.0f} a word "
            f"(mean of {len(chunks)} chunks) and {statistics.mean(fragments):,.0f} a result shown"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pagefind", help="a Pagefind binary to compare with")
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        shutil.copytree(REPO / "content", folder / "bundled" / "content")
        measure("bundled desk", folder / "bundled" / "content", args.runs, args.pagefind)
        desk = synthetic_briefing.write_desk(folder / "desk", args.sections)
        measure(f"{args.sections}-section desk", desk, args.runs, args.pagefind)
        japanese = japanese_desk(folder / "japanese", args.sections)
        measure(f"{args.sections}-section desk in Japanese", japanese, args.runs, args.pagefind)


if __name__ == "__main__":
    main()
