"""The command line: parse arguments, run a command, turn its outcome into an exit status.

Exit status: 0 success, 1 problems in the content, 2 could not run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sitegen import __version__
from sitegen.errors import ContentError, UsageError, count_summary, display_path, printable, report_json
from sitegen.process_tuning import fewer_collections
from sitegen.progress import NO_PROGRESS, Progress
from sitegen.terminal import Painter, TerminalProgress, build_summary, problem_line, progress_allowed

if TYPE_CHECKING:
    from sitegen.config import BuildConfig


SHORT_HELP = f"""\
sitegen {__version__}: cross-linked, sourced briefing sites from YAML and Markdown

  sitegen init DIR    start a project in DIR, with an example briefing to replace
  sitegen build       build the site into output/
  sitegen serve       preview it with live reload as you edit
  sitegen check       look for problems; writes nothing

More: sitegen --help, and sitegen COMMAND --help.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitegen", description="Build a cross-linked, sourced briefing site."
    )
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = commands.add_parser("init", help="start a new project, with an example briefing")
    init.add_argument("folder", type=Path, metavar="DIR", help="the project folder (new or empty)")
    init.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that has files, adding what is missing; a file "
        "already there is never replaced",
    )
    _quiet_option(init)
    schemas = commands.add_parser(
        "schemas", help="write the content files' JSON Schemas for the editor, and VS Code's settings"
    )
    _quiet_option(schemas)
    new = commands.add_parser("new", help="add a briefing, section, source, entity, fact, quote or event")
    pieces = new.add_subparsers(dest="piece", required=True, metavar="WHAT")
    briefing = pieces.add_parser("briefing", help="a briefing, with a first section")
    briefing.add_argument("id", metavar="ID", help="its id: letters, digits and hyphens")
    section = pieces.add_parser("section", help="a section, after the briefing's last one")
    section.add_argument(
        "id", metavar="BRIEFING/ID", help="the briefing's id and the section's (ID alone: the only briefing)"
    )
    for piece in (briefing, section):
        piece.add_argument("--title", required=True, help="its title")
    _new_item_parsers(pieces, briefing, section)
    build = commands.add_parser("build", help="build the site into the output folder")
    _folder_options(build)
    _quiet_option(build)
    build.add_argument(
        "--base-url", metavar="URL", help="public URL of the site, e.g. https://user.github.io/briefing/"
    )
    build.add_argument(
        "--no-cache", action="store_true", help="convert every section afresh (the cache is .sitegen-cache/)"
    )
    build.add_argument(
        "--strict", action="store_true", help="fail on the warnings of `sitegen check` too (not --links)"
    )
    serve = commands.add_parser("serve", help="preview the site with live reload, drafts included")
    _folder_options(serve, output=".sitegen-preview")
    serve.add_argument(
        "--base-url", metavar="URL", help="public URL of the site; the preview serves under its path"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    check = commands.add_parser("check", help="check the content and templates; writes nothing")
    _folder_options(check, output=None)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--briefing", metavar="ID", help="report only the problems in one briefing's folder")
    check.add_argument("--drafts", action="store_true", help="check drafts too, as the preview shows them")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json for tools"
    )
    check.add_argument(
        "--max-age-days",
        type=_days,
        default=None,
        metavar="N",
        help="warn about facts whose ISO as_of date is older (default: 365)",
    )
    check.add_argument(
        "--coverage",
        action="store_true",
        help="report the share of sourced sentences per section and briefing",
    )
    check.add_argument(
        "--links", action="store_true", help="check every source URL, archive URL and web link over HTTP"
    )
    check.add_argument(
        "--link-timeout",
        type=_seconds,
        default=10.0,
        metavar="S",
        help="seconds one request may take (default: 10)",
    )
    check.add_argument(
        "--link-time-limit",
        type=_seconds,
        default=120.0,
        metavar="S",
        help="seconds the whole link check may take (default: 120)",
    )
    check.add_argument(
        "--link-cache-hours",
        type=_hours,
        default=24.0,
        metavar="H",
        help="trust an earlier answer for this long (default: 24; 0: ask again)",
    )
    check.add_argument(
        "--allow-private",
        action="store_true",
        help="with --links, also ask links to this machine and private networks "
        "(loopback, private, link-local addresses), which are refused by default",
    )
    _quiet_option(check)
    facts = commands.add_parser(
        "move-facts", help="move facts defined in sentences ([[fact:id = value]]) into facts.yaml"
    )
    facts.add_argument("briefings", nargs="*", metavar="BRIEFING", help="only these briefings (default: all)")
    facts.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="content folder (default: content)",
    )
    move = commands.add_parser("move-to-desk", help="move a one-briefing project into content/briefings/ID/")
    move.add_argument("id", metavar="ID", help="the briefing's id, e.g. xi-lee-summit")
    move.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="content folder (default: content)",
    )
    return parser


def _new_item_parsers(pieces: argparse._SubParsersAction, *made: argparse.ArgumentParser) -> None:
    """`sitegen new entity|fact|quote|event|source`, and the options every piece shares."""
    from sitegen.content.model import ENTITY_KINDS

    entity = pieces.add_parser("entity", help="a person, country, organisation or place, in entities.yaml")
    entity.add_argument("name", metavar="NAME", help="its name as the sources write it")
    entity.add_argument("--id", help="its id (default: the name as a slug, 'lee-jae-myung')")
    entity.add_argument("--kind", required=True, choices=ENTITY_KINDS, help="what it is")
    entity.add_argument("--description", help="who or what it is, in the source's words")
    entity.add_argument("--source", action="append", default=[], help="a source that describes it")
    items = []
    for kind, what in (("fact", "a sourced fact"), ("quote", "a sourced quote"), ("event", "a dated event")):
        item = pieces.add_parser(kind, help=f"{what}, in the briefing's {kind}s.yaml")
        item.add_argument(
            "id", metavar="BRIEFING/ID", help="the briefing's id and the new id (ID alone: the only briefing)"
        )
        item.add_argument(
            "--source", action="append", required=True, help="the id of a source it comes from (repeatable)"
        )
        items.append(item)
    fact, quote, event = items
    fact.add_argument("--statement", required=True, help="the fact, in one or two sentences")
    fact.add_argument("--value", help="the figure in the source's words ('about 28,500')")
    quote.add_argument("--speaker", required=True, help="the id of the entity quoted")
    quote.add_argument("--text", required=True, help="the words quoted, exactly as the source has them")
    quote.add_argument("--role", help="the speaker's role as the source gives it")
    event.add_argument("--when", required=True, help="when, as the source says it ('in November')")
    event.add_argument("--what", required=True, help="what happened")
    source = pieces.add_parser("source", help="a source from its web page (fetched), with a snapshot")
    source.add_argument("url", metavar="URL", nargs="?", help="the page's http(s) URL")
    source.add_argument("--id", help="its id (default: from the URL)")
    source.add_argument(
        "--from-file", type=Path, metavar="HTML", help="a page saved from the browser instead (no network)"
    )
    source.add_argument("--url", dest="page_url", metavar="URL", help="with --from-file: the page's URL")
    source.add_argument("--timeout", type=_seconds, default=20.0, metavar="S", help="seconds (default: 20)")
    source.add_argument(
        "--allow-private", action="store_true", help="fetch from this machine or a private network too"
    )
    for piece in (*made, entity, *items, source):
        piece.add_argument(
            "--content",
            type=Path,
            default=Path("content"),
            metavar="DIR",
            help="content folder (default: content)",
        )
        _quiet_option(piece)


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of days, not {text!r}")
    return int(text)


def _quiet_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")


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
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="content folder (default: content)",
    )
    parser.add_argument(
        "--templates",
        type=Path,
        default=None,
        metavar="DIR",
        help="your templates, used before the built-in theme's of the same name "
        "(default: templates, when there is one)",
    )
    if output is None:
        return
    parser.add_argument(
        "--output", type=Path, default=Path(output), metavar="DIR", help=f"output folder (default: {output})"
    )


def run() -> NoReturn:
    """The `sitegen` command: `main`, then out of the process without tearing down the
    interpreter. A build leaves a site's worth of objects that Python would free one by one
    on the way out, a wait the user sees after a large build, though the system takes the
    memory back at once; nothing of sitegen's waits for exit handlers (docs/performance.md)."""
    status = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe (`sitegen check | head`): nothing more to say
            pass
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        print(SHORT_HELP, end="")
        return 0
    args = _parser().parse_args(argv)
    previous = _stop_on_signals()
    try:
        try:
            return _run(args)
        except (KeyboardInterrupt, Stopped) as stop:  # before a build began, or not a build
            unchanged = f"; '{display_path(args.output)}' is unchanged" if args.command == "build" else ""
            print(f"sitegen: {args.command} interrupted{unchanged}", file=sys.stderr)
            return 128 + (stop.signum if isinstance(stop, Stopped) else signal.SIGINT)
    finally:
        _restore_signals(previous)


def _run(args: argparse.Namespace) -> int:
    try:
        return COMMANDS[args.command](args)
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


class Stopped(BaseException):
    """A signal asked sitegen to stop (a BaseException: no `except Exception` may swallow it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop_on_signals() -> dict[signal.Signals, object] | None:
    """SIGTERM (what CI sends on cancel) and SIGINT (Ctrl-C) unwind the command like an
    error, so staging folders are removed and workers stopped; a second signal ends sitegen
    at once. SIGINT stays a KeyboardInterrupt, which the preview server expects."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous: dict[signal.Signals, object] = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)
    }
    for number in previous:
        signal.signal(number, _stop)
    return previous


def _stop(signum: int, frame: object) -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _restore_signals(previous: dict[signal.Signals, object] | None) -> None:
    for number, handler in (previous or {}).items():
        signal.signal(number, handler)  # type: ignore[arg-type]


def report_problems(error: ContentError) -> None:
    paint = Painter(sys.stderr)
    for problem in error.problems:
        # a warning stops only `build --strict`: said as `check` says it
        print(problem if problem.severity == "error" else problem_line(problem, paint), file=sys.stderr)
    print(paint(count_summary(error.problems), "red") + "; nothing was written", file=sys.stderr)


def _config(
    args: argparse.Namespace,
    output: Path = Path("output"),
    base_url: str | None = None,
    cache_dir: Path | None = Path(".sitegen-cache"),
    strict: bool = False,
) -> BuildConfig:
    """The build configuration the command line asks for: --templates, when given, must exist;
    the default templates/ need not."""
    from sitegen.config import BuildConfig

    templates = args.templates if args.templates is not None else Path("templates")
    return BuildConfig(
        args.content,
        templates,
        output,
        base_url,
        cache_dir=cache_dir,
        templates_required=args.templates is not None,
        strict=strict,
    )


def _progress(args: argparse.Namespace) -> Progress:
    if args.quiet or not progress_allowed(sys.stderr):
        return NO_PROGRESS
    return TerminalProgress(sys.stderr)


def _init(args: argparse.Namespace) -> int:
    from sitegen.scaffold.init import init_project

    result = init_project(args.folder, args.force)
    folder = display_path(args.folder)
    for name in result.kept:
        print(
            f"sitegen: kept {folder}/{name}: a file of yours is there, so the example's was not written",
            file=sys.stderr,
        )
    if args.quiet:
        return 0
    paint = Painter(sys.stdout)
    if not result.written:
        print(f"nothing to write: {folder}/ already holds every file of the example")
        return 0
    print(
        f"{paint('created', 'green')} a sitegen project in {folder}/, with an example briefing "
        "to replace (see its README.md)"
    )
    steps = [] if args.folder.resolve() == Path.cwd().resolve() else [(f"cd {folder}", "")]
    steps += [
        ("sitegen build", "build it into output/, then open output/index.html"),
        ("sitegen serve", "preview it as you edit, on http://127.0.0.1:8000"),
        ("sitegen check", "look for problems"),
    ]
    for command, what in steps:
        print(f"  {paint(command.ljust(15), 'bold')} {what}".rstrip())
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from sitegen.scaffold.editor_schemas import SCHEMA_FOLDER, SETTINGS, write_editor_files

    result = write_editor_files(Path.cwd())
    if SETTINGS in result.kept:
        print(
            f"sitegen: kept {SETTINGS}: a file of yours is there; for the schemas, add sitegen's "
            "yaml.schemas to it (see docs/editor.md)",
            file=sys.stderr,
        )
    if not args.quiet:
        written = ", ".join((f"{len(result.schemas)} schemas into {SCHEMA_FOLDER}/", *result.settings))
        print(f"wrote {written}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from sitegen.scaffold.new import new_briefing, new_section

    try:
        if args.piece == "briefing":
            written = new_briefing(args.content, args.id, args.title)
        elif args.piece == "section":
            path, order = new_section(args.content, args.id, args.title)
            written = [path]
        else:
            return _new_item(args)
    except ContentError as error:  # one line each: the file that is in the way, and why
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    if not args.quiet:
        paint = Painter(sys.stdout)
        for path in written:
            order_note = f" (order {order})" if args.piece == "section" else ""
            print(f"{paint('created', 'green')} {display_path(path)}{order_note}")
    return 0


def _new_item(args: argparse.Namespace) -> int:
    """An entry added to a YAML file in place; the reference to paste is printed last."""
    from sitegen.scaffold import new_items

    if args.piece == "entity":
        added = new_items.new_entity(
            args.content, args.name, args.kind, args.id, args.description, args.source
        )
    elif args.piece == "fact":
        added = new_items.new_fact(args.content, args.id, args.source, args.statement, args.value)
    elif args.piece == "quote":
        added = new_items.new_quote(args.content, args.id, args.source, args.speaker, args.text, args.role)
    elif args.piece == "event":
        added = new_items.new_event(args.content, args.id, args.source, args.when, args.what)
    else:
        from sitegen.scaffold.new_source import new_source

        added = new_source(
            args.content, args.url, args.id, args.from_file, args.page_url, args.timeout, args.allow_private
        )
    if not args.quiet:
        paint = Painter(sys.stdout)
        print(
            f"{paint('added', 'green')} {added.kind} '{added.key}' to {display_path(added.path)}:{added.line}"
        )
        for path in added.also_written:
            print(f"{paint('created', 'green')} {display_path(path)}")
        print(added.reference)
    return 0


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    # Collecting cycles among what a build makes frees nothing worth the time
    # (sitegen/process_tuning.py); put back as it was when the build returns, for
    # a caller that goes on (the tests, a program that builds twice).
    with fewer_collections():
        return _build_in(args, started)


def _build_in(args: argparse.Namespace, started: float) -> int:
    from sitegen.output.leftovers import remove_abandoned
    from sitegen.output.lock import holding_output
    from sitegen.output.write import check_output_folder

    config = _config(
        args,
        args.output,
        base_url=args.base_url,
        cache_dir=None if args.no_cache else Path(".sitegen-cache"),
        strict=args.strict,
    )
    output = config.output_dir
    check_output_folder(output, config.protected_dirs)  # before anything is made beside it
    before = _identity(output)
    try:
        with holding_output(output, "build", lambda line: print(line, file=sys.stderr)):
            remove_abandoned(output)  # what builds killed outright left behind
            return _build_unless_current(args, config, started)
    except (KeyboardInterrupt, Stopped) as stop:
        state = "holds the new build" if _identity(output) != before else "is unchanged"
        print(f"sitegen: build interrupted; '{display_path(output)}' {state}", file=sys.stderr)
        return 128 + (stop.signum if isinstance(stop, Stopped) else signal.SIGINT)


def _build_unless_current(args: argparse.Namespace, config: BuildConfig, started: float) -> int:
    from sitegen.output.freshness import current_pages, inputs_digest

    inputs = inputs_digest(config) if config.cache_dir is not None else None
    if inputs and (pages := current_pages(config, inputs.digest)) is not None:
        if not args.quiet:
            print(f"{config.output_dir}/ is up to date ({pages} pages): nothing changed since it was built")
        return 0
    from sitegen.build import build  # only now: it imports Markdown, Jinja2 and the rest

    progress = _progress(args)
    try:
        result = build(config, progress, inputs)
    finally:
        progress.close()
    if not args.quiet:
        site = result.resolved.site
        counts = [
            (len(site.briefings), "briefing", ""),
            (sum(len(briefing.sections) for briefing in site.briefings), "section", ""),
            (len(site.entities), "entity", "entities"),
            (len(site.sources), "source", ""),
        ]
        summary = build_summary(
            len(result.pages),
            display_path(config.output_dir),
            time.perf_counter() - started,
            counts,
            Painter(sys.stdout),
            result.pages_kept,
        )
        images = result.images_processed + result.images_reused
        if images:
            summary += (
                f", {images} image{'s' if images != 1 else ''} ({result.images_processed} "
                f"processed, {result.images_reused} from the cache)"
            )
        print(summary)
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
    from dataclasses import replace

    from sitegen.checks.coverage import coverage_report, report_data, report_text
    from sitegen.checks.links import LinkOptions
    from sitegen.checks.rules import DEFAULT_MAX_AGE_DAYS, CheckOptions, check_project

    config = replace(_config(args), include_drafts=args.drafts)
    days = DEFAULT_MAX_AGE_DAYS if args.max_age_days is None else args.max_age_days
    links = (
        LinkOptions(
            args.link_timeout, args.link_time_limit, args.link_cache_hours, allow_private=args.allow_private
        )
        if args.links
        else None
    )
    progress = _progress(args)
    try:
        result = check_project(config, CheckOptions(dt.date.today(), days, links), progress)
    finally:
        progress.close()
    problems = result.problems
    elsewhere = 0
    if args.briefing is not None:
        folder = _briefing_folder(config.content_dir, args.briefing)
        mine = tuple(p for p in problems if Path(p.location.path).is_relative_to(folder))
        elsewhere, problems = len(problems) - len(mine), mine
    failing = [p for p in problems if args.strict or p.severity == "error"]
    coverage = coverage_report(result.resolved) if args.coverage and result.resolved else None
    if args.format == "json":
        data = report_json(problems)
        if coverage:
            data["coverage"] = report_data(*coverage)
        if result.links:
            data["links"] = result.links.as_data()
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        paint = Painter(sys.stdout)
        if coverage and not args.quiet:
            print(report_text(*coverage), end="\n\n")
        if result.links and not args.quiet:
            print(result.links)
        for problem in failing if args.quiet else problems:
            print(problem_line(problem, paint))
        if not args.quiet:
            print(count_summary(problems))
            if elsewhere:
                print(f"({elsewhere} more outside briefing '{args.briefing}': run sitegen check to see them)")
    return 1 if failing else 0


def _briefing_folder(content: Path, briefing: str) -> Path:
    """The folder of briefing `briefing` in the project (UsageError naming the known ones)."""
    folders = content / "briefings"
    known = (
        sorted(p.name for p in folders.iterdir() if (p / "briefing.yaml").is_file())
        if folders.is_dir()
        else []
    )
    if briefing not in known:
        listed = f"the briefings are: {', '.join(known)}" if known else f"there is no {folders}/"
        raise UsageError(f"check --briefing: no briefing '{briefing}' ({listed})")
    return folders / briefing


def _move_to_desk(args: argparse.Namespace) -> int:
    from sitegen.content.migrate import move_to_desk

    for source, destination in move_to_desk(args.content, args.id):
        print(f"moved {display_path(source)} -> {display_path(destination)}")
    print(
        f"The briefing's pages now live under briefings/{args.id}/ (its sections at "
        f"briefings/{args.id}/sections/...); add the next briefing beside it in "
        f"{display_path(args.content / 'briefings')}/."
    )
    return 0


def _move_facts(args: argparse.Namespace) -> int:
    from sitegen.scaffold.move_facts import move_facts

    moved = move_facts(args.content, args.briefings)
    for item in moved:
        print(f"moved fact '{item.fact}' from {item.was} to {item.to}")
    if not moved:
        print("no facts are defined in sentences: nothing to move")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from sitegen.output.lock import holding_output
    from sitegen.output.write import check_output_folder
    from sitegen.preview.serve import serve

    config = _config(args, args.output, base_url=args.base_url)
    check_output_folder(config.output_dir, config.protected_dirs)
    # held while the preview runs: it writes its folder at every save
    with holding_output(config.output_dir, "serve", lambda line: print(line, file=sys.stderr)):
        return serve(config, args.host, args.port)


# One function per command: a new command is a parser above and an entry here.
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _init,
    "schemas": _schemas,
    "new": _new,
    "build": _build,
    "check": _check,
    "serve": _serve,
    "move-facts": _move_facts,
    "move-to-desk": _move_to_desk,
}
