"""`sitegen check --links`: every source URL, archive URL and web link in the sections asked
over HTTP whether it still answers, each problem reported where the URL is written.

Many links are asked at once (WORKERS threads), at most PER_HOST at a time of one host, hosts
taken in turn; a 429 or 503 makes its whole host wait as long as it asks. The run ends at its
time limit whatever the servers do: what is left is reported as not checked. Lasting answers
are kept in the cache folder for `cache_hours` (checks/link_cache.py). Only public addresses
are asked unless `allow_private` (checks/addresses.py). Without `--links`, nothing in sitegen
opens a network connection.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.checks.http_probe import (
    BROKEN,
    NOT_PUBLIC,
    OK,
    REFUSED,
    SLOW,
    UNCHECKED,
    Answer,
    Host,
    Probe,
    ProbeOptions,
    Watchdog,
)
from sitegen.checks.link_cache import LinkCache
from sitegen.content.load import load_site_file
from sitegen.content.model import Source
from sitegen.errors import Location, Problem
from sitegen.site.resolve import Resolved

WORKERS = 16
PER_HOST = 2


@dataclass(frozen=True, slots=True)
class LinkOptions:
    timeout: float = 10.0  # seconds for one request
    time_limit: float = 120.0  # seconds for the whole run
    cache_hours: float = 24.0  # how long an answer is trusted; 0: ask everything again
    cache_dir: Path | None = Path(".sitegen-cache")
    workers: int = WORKERS
    per_host: int = PER_HOST
    probe: ProbeOptions = field(default_factory=ProbeOptions)  # its timeout is `timeout`
    allow_private: bool = False  # ask this machine and private networks too (--allow-private)


@dataclass(frozen=True, slots=True)
class LinkTarget:
    url: str
    where: Location
    source: Source | None = None  # the source whose `url` or `archive_url` this is
    archive: bool = False


@dataclass(frozen=True, slots=True)
class LinkSummary:
    links: int  # distinct URLs
    asked: int  # asked over the network this time
    cached: int  # answered from the cache
    unchecked: int  # left when the time limit was reached
    seconds: float
    not_public: int = 0  # leading to an address that is not public, without --allow-private

    def as_data(self) -> dict[str, object]:
        return {
            "links": self.links,
            "asked": self.asked,
            "cached": self.cached,
            "unchecked": self.unchecked,
            "not_public": self.not_public,
            "seconds": round(self.seconds, 3),
        }

    def __str__(self) -> str:
        unchecked = f", {self.unchecked} not checked" if self.unchecked else ""
        not_public = f", {self.not_public} not public" if self.not_public else ""
        return (
            f"links: {self.links} ({self.asked} asked over the network, {self.cached} "
            f"from the cache{unchecked}{not_public}) in {self.seconds:.1f} s"
        )


def check_links(
    content_dir: Path, resolved: Resolved, options: LinkOptions
) -> tuple[list[Problem], LinkSummary]:
    started = time.monotonic()
    problems: list[Problem] = []
    targets = link_targets(content_dir, resolved, problems)
    urls = list(dict.fromkeys(target.url for target in targets))
    cache = LinkCache(options.cache_dir, options.cache_hours * 3600)
    # an answer from an address that is not public, cached by a run with --allow-private,
    # is no answer for a run without it
    answers = {
        url: answer
        for url in urls
        if (answer := cache.get(url)) is not None and (options.allow_private or not answer.private)
    }
    cached = len(answers)
    asked = [url for url in urls if url not in answers]
    answers.update(ask_all(asked, options, started + options.time_limit))
    cache.put(answers[url] for url in asked)
    cache.save()
    for target in targets:
        problems.extend(judge(target, answers[target.url], options))
    unchecked = sum(answers[url].outcome == UNCHECKED for url in asked)
    not_public = sum(answers[url].outcome == NOT_PUBLIC for url in asked)
    return problems, LinkSummary(
        len(urls),
        len(asked) - unchecked - not_public,
        cached,
        unchecked,
        time.monotonic() - started,
        not_public,
    )


def link_targets(content_dir: Path, resolved: Resolved, problems: list[Problem]) -> list[LinkTarget]:
    """Every URL to check, where it is written: sources first, then the sections' links."""
    targets = []
    file = load_site_file(content_dir, "sources", problems)
    for source in resolved.site.sources.values():
        entry = file.data.get(source.id) if file is not None and file.data else None
        for name, url in (("url", source.url), ("archive_url", source.archive_url)):
            if url:
                where = entry.value_location(name) if entry is not None else source.origin
                targets.append(LinkTarget(url, where, source, name == "archive_url"))
    for rendered in resolved.sections.values():
        targets.extend(LinkTarget(url, where) for url, where in rendered.external_links)
    return targets


def ask_all(urls: list[str], options: LinkOptions, deadline: float) -> dict[str, Answer]:
    """Each URL's answer; those not asked by `deadline` are UNCHECKED."""
    jobs: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in _hosts_in_turn(urls):
        jobs.put(url)
    results: queue.SimpleQueue[Answer] = queue.SimpleQueue()
    stop, watchdog = threading.Event(), Watchdog()
    probe = Probe(
        ProbeOptions(
            options.timeout,
            options.probe.retries,
            options.probe.backoff,
            options.probe.max_wait,
            options.probe.max_redirects,
            options.allow_private,
        ),
        _HostTable(options.per_host),
        watchdog,
        stop,
        deadline,
    )

    def work() -> None:
        while not stop.is_set():
            try:
                url = jobs.get_nowait()
            except queue.Empty:
                return
            results.put(probe.check(url))

    # Daemon threads: one stuck in a name lookup (which no socket timeout covers) must not
    # keep the command from ending once the time limit is reached.
    for _ in range(min(options.workers, len(urls))):
        threading.Thread(target=work, daemon=True, name="sitegen-link-check").start()
    answers: dict[str, Answer] = {}
    while len(answers) < len(urls) and (left := deadline - time.monotonic()) > 0:
        try:
            answer = results.get(timeout=min(0.05, left))
            answers[answer.url] = answer
        except queue.Empty:
            pass
        watchdog.reap(time.monotonic())
    stop.set()
    watchdog.reap(math.inf)
    for url in urls:
        answers.setdefault(url, Answer(url, UNCHECKED, None, "the time limit was reached"))
    return answers


class _HostTable:
    """The politeness state of each host, made on first use."""

    def __init__(self, per_host: int):
        self.per_host = per_host
        self.hosts: dict[str, Host] = {}
        self.lock = threading.Lock()

    def __call__(self, url: str) -> Host:
        key = _host(url)
        with self.lock:
            if key not in self.hosts:
                self.hosts[key] = Host(threading.Semaphore(self.per_host))
            return self.hosts[key]


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{parts.port or ''}"


def _hosts_in_turn(urls: list[str]) -> Iterator[str]:
    """One URL of each host in turn, so that a host with many links does not hold up the
    others while its own wait for their turn."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    queues = list(by_host.values())
    for index in range(max((len(q) for q in queues), default=0)):
        yield from (q[index] for q in queues if index < len(q))


def judge(target: LinkTarget, answer: Answer, options: LinkOptions) -> Iterator[Problem]:
    """What an answer means for the link where it is written."""
    source = target.source
    what = (
        f"source '{source.id}': {'archive link' if target.archive else 'link'}" if source else "link"
    ) + f" {target.url}"
    dead = source is not None and not target.archive and source.status == "dead"
    outcome = answer.outcome

    def warning(message: str, code: str) -> Problem:
        return Problem(target.where, message, code, "warning")

    if outcome == OK:
        if answer.moved_to:
            status = next(status for status, _ in answer.redirects)
            yield warning(
                f"{what} has moved permanently ({status}) to {answer.moved_to}: use the new URL", "moved-link"
            )
        if dead and source is not None:
            yield warning(
                f"source '{source.id}' is marked dead, but {target.url} answers {answer.reason}",
                "link-status",
            )
    elif outcome == BROKEN:
        if not dead:
            yield Problem(target.where, f"{what} is broken: {answer.reason}{_advice(target)}", "broken-link")
    elif outcome == NOT_PUBLIC:
        if not dead:
            led = f"it redirects to {answer.redirects[-1][1]}, and " if answer.redirects else ""
            yield Problem(
                target.where,
                f"{what} was not {'followed' if led else 'asked'}: "
                f"{led}{answer.reason}; pass --allow-private to check it",
                "broken-link",
            )
    elif outcome == UNCHECKED:
        yield warning(
            f"{what} was not checked: the time limit of {options.time_limit:g} s was reached",
            "unchecked-link",
        )
    else:
        yield warning(f"{what} could not be verified: {_unverified(answer, options)}", "unverified-link")


def _advice(target: LinkTarget) -> str:
    source = target.source
    if source is None or target.archive:
        return ""
    if source.archive_url:
        return "; set 'status: dead' so that readers get the archived copy first"
    return "; if it is gone for good, set 'status: dead' and add an 'archive_url'"


def _unverified(answer: Answer, options: LinkOptions) -> str:
    if answer.outcome == SLOW:
        return f"no answer within {options.timeout:g} s"
    if answer.outcome == REFUSED:
        return f"{answer.reason} (the site may turn away automated checks)"
    # LIMITED or UNAVAILABLE, still after the retries
    wait = f", asking to wait {answer.retry_after:g} s" if answer.retry_after is not None else ""
    return f"{answer.reason}{wait}"
