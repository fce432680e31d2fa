"""How fast the command line answers: `sitegen --help` (budget: 150 ms), `sitegen --version`,
`sitegen` alone (the short help) and `sitegen init` (budget for both: well under a second).

    .venv/bin/python benchmarks/cli_speed.py [--runs 20]

Each command runs --runs times in a fresh process, as a user's shell runs it: through the
`sitegen` script the package installs beside this Python (`python -m sitegen` when there is
none), after one warm-up run (the file cache). It prints the median and the slowest run, and
for comparison the start of a bare Python (`python -c pass`), which no command can beat.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGETS = {"--help": 0.150, "--version": 1.0, "(no command)": 1.0, "init": 1.0}


def sitegen_command() -> list[str]:
    script = Path(sys.executable).parent / "sitegen"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "sitegen"]


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(runs: int, command: list[str], cwd: Path, before=None) -> list[float]:
    times = []
    for run in range(runs + 1):
        if before is not None:
            before()
        elapsed = timed(command, cwd)
        if run:  # the first is the warm-up
            times.append(elapsed)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # sitegen's modules as bytecode, as installing its wheel leaves them (see build_speed.py)
    spec = importlib.util.find_spec("sitegen")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)
    sitegen = sitegen_command()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        project = work / "site"

        def no_project() -> None:
            shutil.rmtree(project, ignore_errors=True)

        rows = {
            "python -c pass": measure(args.runs, [sys.executable, "-c", "pass"], work),
            "--help": measure(args.runs, [*sitegen, "--help"], work),
            "--version": measure(args.runs, [*sitegen, "--version"], work),
            "(no command)": measure(args.runs, sitegen, work),
            "init": measure(args.runs, [*sitegen, "init", "--quiet", "site"], work, no_project),
        }
    print(f"{' '.join(sitegen)} — {args.runs} runs each, after one warm-up")
    print(f"{'command':<16}{'median':>10}{'slowest':>10}  budget")
    failed = False
    for name, times in rows.items():
        median, slowest = statistics.median(times), max(times)
        budget = BUDGETS.get(name)
        verdict = (
            "" if budget is None else (f"{budget * 1000:.0f} ms: " + ("ok" if median < budget else "OVER"))
        )
        failed |= budget is not None and median >= budget
        print(f"{name:<16}{median * 1000:>8.1f}ms{slowest * 1000:>8.1f}ms  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
