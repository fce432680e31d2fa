"""The command line: parse arguments, run a command, turn its outcome into an exit status.

Exit status: 0 success, 1 problems in the content, 2 could not run.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sitegen.errors import ContentError, UsageError, count_summary, printable, report_json, report_line


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
    check.add_argument("--coverage", action="store_true",
                       help="report the share of sourced sentences per section and briefing")
    check.add_argument("--links", action="store_true",
                       help="check every source URL, archive URL and web link over HTTP")
    check.add_argument("--link-timeout", type=_seconds, default=10.0, metavar="S",
                       help="seconds one request may take (default: 10)")
    check.add_argument("--link-time-limit", type=_seconds, default=120.0, metavar="S",
                       help="seconds the whole link check may take (default: 120)")
    check.add_argument("--link-cache-hours", type=_hours, default=24.0, metavar="H",
                       help="trust an earlier answer for this long (default: 24; 0: ask again)")
    return parser


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of days, not {text!r}")
    return int(text)


def _amount(unit: str, zero: bool) -> Callable[[str], float]:
    """A command-line value: a finite number of `unit`, above 0 (or 0 too when `zero`)."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (0 <= value if zero else 0 < value) or value == math.inf:
            raise argparse.ArgumentTypeError(f"expected a number of {unit}, not {text!r}")
        return value
    return parse


_seconds, _hours = _amount("seconds", zero=False), _amount("hours", zero=True)


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


def report_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from sitegen.config import BuildConfig
    from sitegen.output.freshness import current_pages, inputs_digest, record_build

    config = BuildConfig(args.content, args.templates, args.output, args.base_url,
                         cache_dir=None if args.no_cache else Path(".sitegen-cache"))
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


def _check(args: argparse.Namespace) -> int:
    import datetime as dt

    from sitegen.checks.coverage import coverage_report, report_data, report_text
    from sitegen.checks.links import LinkOptions
    from sitegen.checks.rules import DEFAULT_MAX_AGE_DAYS, CheckOptions, check_project
    from sitegen.config import BuildConfig

    config = BuildConfig(args.content, args.templates)
    days = DEFAULT_MAX_AGE_DAYS if args.max_age_days is None else args.max_age_days
    links = LinkOptions(args.link_timeout, args.link_time_limit, args.link_cache_hours) \
        if args.links else None
    result = check_project(config, CheckOptions(dt.date.today(), days, links))
    problems = result.problems
    coverage = coverage_report(result.resolved) if args.coverage and result.resolved else None
    if args.format == "json":
        data = report_json(problems)
        if coverage:
            data["coverage"] = report_data(*coverage)
        if result.links:
            data["links"] = result.links.as_data()
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        if coverage:
            print(report_text(*coverage), end="\n\n")
        if result.links:
            print(result.links)
        for problem in problems:
            print(report_line(problem))
        print(count_summary(problems))
    failing = [p for p in problems if args.strict or p.severity == "error"]
    return 1 if failing else 0


def _serve(args: argparse.Namespace) -> int:
    from sitegen.config import BuildConfig
    from sitegen.preview.serve import serve

    return serve(BuildConfig(args.content, args.templates, args.output, args.base_url),
                 args.host, args.port)
