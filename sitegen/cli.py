"""The command line: parse arguments, run a command, turn its outcome into an exit status.

Exit status: 0 success, 1 problems in the content, 2 could not run.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.errors import (
    ContentError,
    UsageError,
    count_summary,
    display_path,
    printable,
    report_json,
    report_line,
)

if TYPE_CHECKING:
    from sitegen.config import BuildConfig


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen", description="Build a cross-linked, sourced briefing site.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build the site into the output folder")
    _folder_options(build)
    build.add_argument("--base-url", metavar="URL",
                       help="public URL of the site, e.g. https://user.github.io/briefing/")
    build.add_argument("--no-cache", action="store_true",
                       help="convert every section afresh (the cache is .sitegen-cache/)")
    serve = commands.add_parser(
        "serve", help="preview the site with live reload, drafts included")
    _folder_options(serve, output=".sitegen-preview")
    serve.add_argument("--base-url", metavar="URL",
                       help="public URL of the site; the preview serves under its path")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    check = commands.add_parser("check", help="check the content and templates; writes nothing")
    _folder_options(check, output=None)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (default) or json for tools")
    check.add_argument("--max-age-days", type=_days, default=None, metavar="N",
                       help="warn about facts whose ISO as_of date is older (default: 365)")
    return parser


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of days, not {text!r}")
    return int(text)


def _folder_options(parser: argparse.ArgumentParser, output: str | None = "output") -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="content folder (default: content)")
    parser.add_argument("--templates", type=Path, default=Path("templates"), metavar="DIR",
                        help="templates folder (default: templates)")
    if output is None:
        return
    parser.add_argument("--output", type=Path, default=Path(output), metavar="DIR",
                        help=f"output folder (default: {output})")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    previous = _stop_on_signals()
    try:
        try:
            return _run(args)
        except (KeyboardInterrupt, Stopped) as stop:  # before a build began, or not a build
            unchanged = f"; '{display_path(args.output)}' is unchanged" \
                if args.command == "build" else ""
            print(f"sitegen: {args.command} interrupted{unchanged}", file=sys.stderr)
            return 128 + (stop.signum if isinstance(stop, Stopped) else signal.SIGINT)
    finally:
        _restore_signals(previous)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "check":
            return _check(args)
        if args.command == "serve":
            return _serve(args)
    except UsageError as error:
        print(printable(f"sitegen: {error}"), file=sys.stderr)
        return 2
    except OSError as error:  # the disk, not the content: a full disk, a permission refused
        where = f": {error.filename}" if error.filename else ""
        print(printable(f"sitegen: {error.strerror or error}{where}"), file=sys.stderr)
        return 2
    except ContentError as error:
        report_problems(error)
        return 1
    return 2


class Stopped(BaseException):
    """A signal asked sitegen to stop (a BaseException: no `except Exception` may swallow it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop_on_signals() -> dict[int, object] | None:
    """SIGTERM (what CI sends on cancel) and SIGINT (Ctrl-C) unwind the command like an
    error, so staging folders are removed and workers stopped; a second signal ends sitegen
    at once. SIGINT stays a KeyboardInterrupt, which the preview server expects."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    for number in previous:
        signal.signal(number, _stop)
    return previous


def _stop(signum: int, frame: object) -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _restore_signals(previous: dict[int, object] | None) -> None:
    for number, handler in (previous or {}).items():
        signal.signal(number, handler)  # type: ignore[arg-type]


def report_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from sitegen.config import BuildConfig
    from sitegen.output.lock import holding_output
    from sitegen.output.write import check_output_folder, remove_abandoned

    config = BuildConfig(args.content, args.templates, args.output, args.base_url,
                         cache_dir=None if args.no_cache else Path(".sitegen-cache"))
    output = config.output_dir
    check_output_folder(output, config.protected_dirs)  # before anything is made beside it
    before = _identity(output)
    try:
        with holding_output(output, "build", lambda line: print(line, file=sys.stderr)):
            remove_abandoned(output)  # what builds killed outright left behind
            return _build_unless_current(config)
    except (KeyboardInterrupt, Stopped) as stop:
        state = "holds the new build" if _identity(output) != before else "is unchanged"
        print(f"sitegen: build interrupted; '{display_path(output)}' {state}", file=sys.stderr)
        return 128 + (stop.signum if isinstance(stop, Stopped) else signal.SIGINT)


def _build_unless_current(config: BuildConfig) -> int:
    from sitegen.output.freshness import current_pages, inputs_digest, record_build

    inputs = inputs_digest(config) if config.cache_dir is not None else None
    if inputs and (pages := current_pages(config, inputs)) is not None:
        print(f"{config.output_dir}/ is up to date ({pages} pages): nothing changed since "
              "it was built")
        return 0
    from sitegen.build import build  # only now: it imports Markdown, Jinja2 and the rest

    result = build(config)
    if inputs:
        record_build(config, inputs, len(result.pages), result.written)
    print(f"built {len(result.pages)} pages into {config.output_dir}/")
    return 0


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder is at `folder` now (a swap puts another one there)."""
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _check(args: argparse.Namespace) -> int:
    import datetime as dt

    from sitegen.checks.rules import DEFAULT_MAX_AGE_DAYS, CheckOptions, check_project
    from sitegen.config import BuildConfig

    config = BuildConfig(args.content, args.templates)
    days = DEFAULT_MAX_AGE_DAYS if args.max_age_days is None else args.max_age_days
    problems = check_project(config, CheckOptions(dt.date.today(), days))
    if args.format == "json":
        print(json.dumps(report_json(problems), ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(report_line(problem))
        print(count_summary(problems))
    failing = [p for p in problems if args.strict or p.severity == "error"]
    return 1 if failing else 0


def _serve(args: argparse.Namespace) -> int:
    from sitegen.config import BuildConfig
    from sitegen.output.lock import holding_output
    from sitegen.output.write import check_output_folder
    from sitegen.preview.serve import serve

    config = BuildConfig(args.content, args.templates, args.output, args.base_url)
    check_output_folder(config.output_dir, config.protected_dirs)
    # held while the preview runs: it writes its folder at every save
    with holding_output(config.output_dir, "serve", lambda line: print(line, file=sys.stderr)):
        return serve(config, args.host, args.port)
