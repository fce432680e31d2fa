"""`sitegen check --links` against a local server that answers as rotting links do: each answer
reported where the URL is written, politely, within its time limits, cached; without
`--links` neither check nor build opens a connection; and without `--allow-private` nothing
but public addresses is asked, first request and redirects alike.

Tests may reach loopback alone: the servers here are on 127.0.0.1 and 127.0.0.2, so the tests
of answers pass `--allow-private`, and those of the address rule let the module's server stand
in for a public one (`public_server`); every other address is only ever judged, never asked
(`only_loopback` fails a test that would connect elsewhere)."""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import socket
import ssl
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import edit
from link_server import link_server, refused_url

from sitegen.checks import addresses
from sitegen.checks.http_probe import MAX_HEADER_BYTES, as_ascii

WEB_URL = "url: https://example.org/story"
WHERE = "content/sources.yaml:6:8"  # where the source 'web' writes its URL
FAST = ("--link-timeout", "1")


@pytest.fixture(scope="module")
def server():
    with link_server() as running:
        yield running


def point_web_at(project: Path, url: str) -> None:
    edit(project / "content/sources.yaml", WEB_URL, f"url: {url}")


def problems(result) -> list[str]:
    """The problem lines of `check --links`: without the links summary and the count."""
    lines = result.out.strip().splitlines()
    assert re.fullmatch(r"links: \d+ \(.*\) in \d+\.\d s", lines[0]), lines[0]
    return lines[1:-1]


def check_links(project: Path, run_sitegen, *args: str):
    """`check --links` asking this machine's test servers: with --allow-private."""
    return run_sitegen(project, "check", "--links", "--allow-private", *FAST, *args)


def source_problem(url: str, severity: str, text: str, code: str) -> str:
    return f"{WHERE}: {severity}: source 'web': link {url} {text} [{code}]"


GONE = "; if it is gone for good, set 'status: dead' and add an 'archive_url'"


@pytest.mark.parametrize(
    "path, severity, text, code",
    [
        ("gone-404", "error", f"is broken: 404 Not Found{GONE}", "broken-link"),
        ("gone-410", "error", f"is broken: 410 Gone{GONE}", "broken-link"),
        ("garbage", "error", f"is broken: answered with something that is not HTTP{GONE}", "broken-link"),
        (
            "huge-headers",
            "error",
            f"is broken: headers larger than {MAX_HEADER_BYTES // 1024} KiB{GONE}",
            "broken-link",
        ),
        (
            "many-headers",
            "error",
            f"is broken: headers larger than {MAX_HEADER_BYTES // 1024} KiB{GONE}",
            "broken-link",
        ),
        ("early-hints", "error", f"is broken: 410 Gone{GONE}", "broken-link"),
        (
            "limited",
            "warning",
            "could not be verified: 429 Too Many Requests, asking to wait 120 s",
            "unverified-link",
        ),
        ("unavailable", "warning", "could not be verified: 503 Service Unavailable", "unverified-link"),
        (
            "forbidden",
            "warning",
            "could not be verified: 403 Forbidden (the site may turn away automated checks)",
            "unverified-link",
        ),
        ("slow", "warning", "could not be verified: no answer within 1 s", "unverified-link"),
        ("trickle", "warning", "could not be verified: no answer within 1 s", "unverified-link"),
    ],
)
def test_each_kind_of_failure_is_reported_where_the_url_is_written(
    mini_project, run_sitegen, server, path, severity, text, code
):
    url = server.url(f"{path}/{mini_project.parent.name}")  # a path of its own: a fresh count
    point_web_at(mini_project, url)
    result = check_links(mini_project, run_sitegen)
    assert problems(result) == [source_problem(url, severity, text, code)]
    assert result.status == (1 if severity == "error" else 0)
    assert result.err == ""


@pytest.mark.parametrize("path, status", [("moved-301", 301), ("moved-308", 308)])
def test_a_permanent_redirect_suggests_the_new_url(mini_project, run_sitegen, server, path, status):
    url = server.url(path)
    point_web_at(mini_project, url)
    result = check_links(mini_project, run_sitegen)
    assert problems(result) == [
        source_problem(
            url,
            "warning",
            f"has moved permanently ({status}) to {server.url('ok')}: use the new URL",
            "moved-link",
        )
    ]
    assert result.status == 0


def test_the_new_url_is_where_the_permanent_redirects_lead(mini_project, run_sitegen, server):
    url = server.url("moved-then-temporary")  # 301 to /temporary, which 302s to /ok
    point_web_at(mini_project, url)
    assert problems(check_links(mini_project, run_sitegen)) == [
        source_problem(
            url,
            "warning",
            f"has moved permanently (301) to {server.url('temporary')}: use the new URL",
            "moved-link",
        )
    ]


@pytest.mark.parametrize("path", ["ok", "temporary", "no-head", "huge", "150-headers"])
def test_working_links_pass(mini_project, run_sitegen, server, path):
    point_web_at(mini_project, server.url(path))
    result = check_links(mini_project, run_sitegen)
    assert (problems(result), result.status) == ([], 0)


def test_head_refused_falls_back_to_get_and_no_body_is_read(mini_project, run_sitegen, server):
    point_web_at(mini_project, server.url("huge/once"))
    assert problems(check_links(mini_project, run_sitegen)) == []
    assert [m for m, p, _ in server.requests if p == "/huge/once"] == ["HEAD", "GET"]
    # the server offered 10 GiB; what it managed to send before the checker hung up is what
    # the sockets' buffers hold, not what was read
    assert server.body_bytes_sent < 64 * 1024**2


def test_a_429_is_retried_after_the_wait_it_asks_for(mini_project, run_sitegen, server):
    point_web_at(mini_project, server.url("limited-once/x"))
    assert problems(check_links(mini_project, run_sitegen)) == []
    times = [t for _, p, t in server.requests if p == "/limited-once/x"]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95  # Retry-After: 1


def test_a_503_is_retried(mini_project, run_sitegen, server):
    point_web_at(mini_project, server.url("unavailable-once/x"))
    assert problems(check_links(mini_project, run_sitegen)) == []
    assert server.hits["/unavailable-once/x"] == 2


def test_a_connection_refused(mini_project, run_sitegen):
    url = refused_url()
    point_web_at(mini_project, url)
    result = check_links(mini_project, run_sitegen)
    assert problems(result) == [
        source_problem(url, "error", f"is broken: connection refused{GONE}", "broken-link")
    ]
    assert result.status == 1


def test_a_redirect_loop(mini_project, run_sitegen, server):
    url = server.url("loop-a")
    point_web_at(mini_project, url)
    loop = " → ".join(server.url(p) for p in ("loop-a", "loop-b", "loop-a"))
    assert problems(check_links(mini_project, run_sitegen)) == [
        source_problem(url, "error", f"is broken: redirect loop ({loop}){GONE}", "broken-link")
    ]


def test_links_in_sections_and_archives_are_located_too(mini_project, run_sitegen, server):
    gone = server.url("gone-404/section")
    edit(
        mini_project / "content/sections/two.md",
        "More about [[ruritania]] [@web].",
        f"More about [[ruritania]] [@web], as [the map]({gone}) showed [@wire].",
    )
    archive = server.url("gone-410/archive")
    edit(mini_project / "content/sources.yaml", WEB_URL, f"url: {server.url('ok')}\n  archive_url: {archive}")
    result = check_links(mini_project, run_sitegen)
    assert problems(result) == [
        f"content/sections/two.md:9:47: error: link {gone} is broken: 404 Not Found [broken-link]",
        f"content/sources.yaml:7:16: error: source 'web': archive link {archive} is broken: "
        "410 Gone [broken-link]",
    ]


def test_a_dead_source_may_be_broken_but_not_alive(mini_project, run_sitegen, server):
    edit(
        mini_project / "content/sources.yaml",
        WEB_URL,
        f"url: {server.url('gone-404/dead')}\n  archive_url: {server.url('ok')}\n  status: dead",
    )
    assert problems(check_links(mini_project, run_sitegen)) == []
    edit(mini_project / "content/sources.yaml", server.url("gone-404/dead"), server.url("page"))
    assert problems(check_links(mini_project, run_sitegen)) == [
        f"{WHERE}: warning: source 'web' is marked dead, but {server.url('page')} answers 200 OK "
        "[link-status]"
    ]


def test_a_broken_original_with_an_archive_suggests_the_status(mini_project, run_sitegen, server):
    url = server.url("gone-404/with-archive")
    edit(mini_project / "content/sources.yaml", WEB_URL, f"url: {url}\n  archive_url: {server.url('ok')}")
    assert problems(check_links(mini_project, run_sitegen)) == [
        source_problem(
            url,
            "error",
            "is broken: 404 Not Found; set 'status: dead' so that readers get the archived copy first",
            "broken-link",
        )
    ]


def test_answers_are_cached_for_a_while(mini_project, run_sitegen, server):
    point_web_at(mini_project, server.url("gone-404/cached"))
    first = check_links(mini_project, run_sitegen)
    asked = len(server.requests)
    second = check_links(mini_project, run_sitegen)
    assert len(server.requests) == asked  # nothing asked again
    assert problems(second) == problems(first)
    assert second.out.splitlines()[0].startswith("links: 1 (0 asked over the network, 1 from the cache)")
    cache = json.loads((mini_project / ".sitegen-cache/links-2.json").read_text(encoding="utf-8"))
    assert list(cache["links"]) == [server.url("gone-404/cached")]
    check_links(mini_project, run_sitegen, "--link-cache-hours", "0")
    assert len(server.requests) > asked


def test_what_may_change_soon_is_not_cached(mini_project, run_sitegen, server):
    point_web_at(mini_project, server.url("slow/uncached"))
    check_links(mini_project, run_sitegen)
    check_links(mini_project, run_sitegen)
    assert server.hits["/slow/uncached"] == 2


def test_the_whole_run_ends_at_its_time_limit(mini_project, run_sitegen, server):
    point_web_at(mini_project, server.url("slow/limit"))
    edit(
        mini_project / "content/sections/two.md",
        "More about [[ruritania]] [@web].",
        f"More about [[ruritania]] [@web], as [the map]({server.url('trickle/limit')}) showed [@wire].",
    )
    outcome: list = []
    runner = threading.Thread(
        target=lambda: outcome.append(
            run_sitegen(
                mini_project,
                "check",
                "--links",
                "--allow-private",
                "--link-timeout",
                "30",
                "--link-time-limit",
                "1",
            )
        )
    )
    runner.start()
    runner.join(60)  # guards against a hang only; the run itself ends after about a second
    assert not runner.is_alive(), "check --links outlived its time limit"
    assert problems(outcome[0]) == [
        f"content/sections/two.md:9:47: warning: link {server.url('trickle/limit')} was not "
        "checked: the time limit of 1 s was reached [unchecked-link]",
        f"{WHERE}: warning: source 'web': link {server.url('slow/limit')} was not checked: the "
        "time limit of 1 s was reached [unchecked-link]",
    ]


def test_no_more_than_two_requests_at_once_to_one_host(mini_project, run_sitegen):
    with link_server() as own:  # its own server: a clean count of requests at once
        point_web_at(mini_project, own.url("slowly/source"))
        links = " ".join(f"[{n}]({own.url(f'slowly/{n}')})" for n in range(12))
        edit(
            mini_project / "content/sections/two.md",
            "More about [[ruritania]] [@web].",
            f"More about [[ruritania]] [@web]. Links: {links} [@wire].",
        )
        assert problems(check_links(mini_project, run_sitegen)) == []
        assert own.hits.total() >= 12
        assert own.most_active == 2


def test_json_output(mini_project, run_sitegen, server):
    url = server.url("gone-410/json")
    point_web_at(mini_project, url)
    result = check_links(mini_project, run_sitegen, "--format", "json")
    data = json.loads(result.out)
    assert data["problems"] == [
        {
            "path": "content/sources.yaml",
            "line": 6,
            "col": 8,
            "severity": "error",
            "code": "broken-link",
            "message": f"source 'web': link {url} is broken: 410 Gone{GONE}",
        }
    ]
    assert (data["links"]["links"], data["links"]["asked"], data["links"]["cached"]) == (1, 1, 0)


@pytest.mark.parametrize(
    "option, value", [("--link-timeout", "0"), ("--link-time-limit", "-1"), ("--link-cache-hours", "soon")]
)
def test_bad_link_options(mini_project, run_sitegen, option, value):
    with pytest.raises(SystemExit) as exit_info:
        run_sitegen(mini_project, "check", "--links", option, value)
    assert exit_info.value.code == 2


@pytest.mark.parametrize("command", [("check",), ("check", "--coverage"), ("build",)])
def test_without_links_nothing_touches_the_network(mini_project, run_sitegen, monkeypatch, server, command):
    point_web_at(mini_project, server.url("ok"))
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = run_sitegen(mini_project, *command)
    assert (result.status, attempts) == (0, [])


def test_a_failed_connection_is_not_cached(mini_project, run_sitegen):
    point_web_at(mini_project, refused_url())  # as a name lookup fails when offline
    check_links(mini_project, run_sitegen)
    second = check_links(mini_project, run_sitegen)
    assert second.out.splitlines()[0].startswith("links: 1 (1 asked over the network")


@pytest.mark.parametrize(
    "url, ascii_url",
    [
        ("https://bücher.example/straße?q=ü", "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC"),
        ("http://127.0.0.1:8000/a%20b/c?d=e&f", "http://127.0.0.1:8000/a%20b/c?d=e&f"),
        ("https://[::1]:8443/x", "https://[::1]:8443/x"),
    ],
)
def test_international_urls_are_asked_in_ascii(url, ascii_url):
    assert as_ascii(url) == ascii_url


def test_a_link_with_letters_beyond_ascii(mini_project, run_sitegen, server):
    point_web_at(mini_project, server.url("gone-404/café"))
    assert problems(check_links(mini_project, run_sitegen)) == [
        source_problem(server.url("gone-404/café"), "error", f"is broken: 404 Not Found{GONE}", "broken-link")
    ]
    assert "/gone-404/caf%C3%A9" in server.hits


# Addresses that are not public: refused unless --allow-private, first request and redirects

ADVICE = "; pass --allow-private to check it"


def check_links_by_default(project: Path, run_sitegen, *args: str):
    return run_sitegen(project, "check", "--links", *FAST, *args)


@pytest.fixture(scope="module")
def private_server():
    """A server on another loopback address, where a redirect must not lead."""
    with link_server("127.0.0.2") as running:
        yield running


@pytest.fixture
def public_server(server, monkeypatch):
    """The module's server counted as a public one (its address and port, nothing else)."""
    monkeypatch.setattr(addresses, "PUBLIC_STAND_INS", frozenset({("127.0.0.1", server.port)}))
    return server


@pytest.fixture
def only_loopback(monkeypatch):
    """A test citing the metadata service or a private network fails, without connecting,
    if anything tries to connect there: those addresses may only ever be judged."""
    attempts: list = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        ip = ipaddress.ip_address(address[0])
        if not (getattr(ip, "ipv4_mapped", None) or ip).is_loopback:
            attempts.append(address)
            raise AssertionError(f"a connection to {address[0]} was attempted")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield
    assert attempts == []


def first_address(host: str) -> str:
    return socket.getaddrinfo(host, 80, type=socket.SOCK_STREAM)[0][4][0]


def judged(host: str, kind: str) -> str:
    """How a refusal names the address: "127.0.0.1 is ..." or "localhost resolves to ...,"."""
    address = first_address(host)
    return f"{host} is {kind}" if host == address else f"{host} resolves to {address}, {kind}"


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]", "[::1]"],
)
def test_a_link_to_this_machine_is_not_asked(mini_project, run_sitegen, server, only_loopback, host):
    path = f"/ok/spelt-{len(host)}-{host.strip('[]').replace(':', '-')}"
    url = f"http://{host}:{server.port}{path}"
    point_web_at(mini_project, url)
    result = check_links_by_default(mini_project, run_sitegen)
    assert problems(result) == [
        source_problem(
            url,
            "error",
            f"was not asked: {judged(urlsplit(url).hostname, 'a loopback address')}{ADVICE}",
            "broken-link",
        )
    ]
    assert result.status == 1
    assert re.match(r"links: 1 \(0 asked over the network, 0 from the cache, 1 not public\)", result.out)
    assert server.hits[path] == 0  # refused before any connection


def test_allow_private_asks_them(mini_project, run_sitegen, server):
    url = server.url("ok/intranet")
    point_web_at(mini_project, url)
    assert problems(check_links_by_default(mini_project, run_sitegen)) == [
        source_problem(url, "error", f"was not asked: 127.0.0.1 is a loopback address{ADVICE}", "broken-link")
    ]
    assert server.hits["/ok/intranet"] == 0
    result = check_links_by_default(mini_project, run_sitegen, "--allow-private")
    assert (problems(result), result.status) == ([], 0)
    assert server.hits["/ok/intranet"] == 1


@pytest.mark.parametrize(
    "url, what",
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        (
            "http://2852039166/latest/meta-data/",
            "2852039166 resolves to 169.254.169.254, a link-local address",
        ),
        ("http://[::ffff:169.254.169.254]/latest/", "::ffff:169.254.169.254 is a link-local address"),
        ("http://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe is a link-local address"),  # NAT64
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://10.0.0.1/wiki", "10.0.0.1 is a private address"),
        ("https://192.168.1.1:8443/admin", "192.168.1.1 is a private address"),
        ("http://[fd00::1]/", "fd00::1 is a private address"),
        ("http://100.64.0.1/", "100.64.0.1 is an address that is not public"),
        ("http://0.0.0.0:9200/", "0.0.0.0 is the unspecified address"),
        ("http://0/", "0 resolves to 0.0.0.0, the unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
    ],
)
def test_private_networks_and_the_metadata_service_are_not_asked(
    mini_project, run_sitegen, only_loopback, url, what
):
    point_web_at(mini_project, url)
    assert problems(check_links_by_default(mini_project, run_sitegen)) == [
        source_problem(url, "error", f"was not asked: {what}{ADVICE}", "broken-link")
    ]


@pytest.mark.parametrize(
    "target, what",
    [
        ("http://127.0.0.2:{port}/ok", "127.0.0.2 is a loopback address"),
        ("http://2130706434:{port}/ok", "2130706434 resolves to 127.0.0.2, a loopback address"),
        ("http://localhost:{port}/ok", None),
        ("http://[::1]:{port}/ok", "::1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ],
)
def test_a_redirect_to_an_address_that_is_not_public_is_not_followed(
    mini_project, run_sitegen, public_server, private_server, only_loopback, target, what
):
    target = target.format(port=private_server.port)
    what = what or judged("localhost", "a loopback address")
    url = public_server.url(f"to?{target}")
    point_web_at(mini_project, url)
    before = private_server.hits.total()
    assert problems(check_links_by_default(mini_project, run_sitegen)) == [
        source_problem(
            url, "error", f"was not followed: it redirects to {target}, and {what}{ADVICE}", "broken-link"
        )
    ]
    assert public_server.hits["/to"] >= 1  # the public server was asked, as always
    assert private_server.hits.total() == before


def test_a_redirect_into_a_private_network_is_followed_with_allow_private(
    mini_project, run_sitegen, public_server, private_server
):
    url = public_server.url(f"to?{private_server.url('ok/followed')}")
    point_web_at(mini_project, url)
    result = check_links_by_default(mini_project, run_sitegen, "--allow-private")
    assert (problems(result), result.status) == ([], 0)
    assert private_server.hits["/ok/followed"] == 1


def test_a_public_link_is_asked_as_before(mini_project, run_sitegen, public_server):
    point_web_at(mini_project, public_server.url("gone-404/public"))
    assert problems(check_links_by_default(mini_project, run_sitegen)) == [
        source_problem(
            public_server.url("gone-404/public"), "error", f"is broken: 404 Not Found{GONE}", "broken-link"
        )
    ]


def test_the_address_judged_is_the_address_asked(
    mini_project, run_sitegen, public_server, private_server, monkeypatch
):
    """DNS rebinding: a name that resolves to a public address when it is judged and to a
    private one a moment later must not reach the private one."""
    real_getaddrinfo = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebinding.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        first = len(lookups) == 1
        address = ("127.0.0.1", public_server.port) if first else ("127.0.0.2", private_server.port)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", address)]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    point_web_at(mini_project, "http://rebinding.example/ok/rebound")
    before = private_server.hits.total()
    assert problems(check_links_by_default(mini_project, run_sitegen)) == []
    assert lookups == ["rebinding.example"]  # one request, one lookup
    assert public_server.hits["/ok/rebound"] == 1
    assert private_server.hits.total() == before


def test_an_answer_cached_with_allow_private_is_not_used_without_it(mini_project, run_sitegen, server):
    url = server.url("ok/cached-private")
    point_web_at(mini_project, url)
    assert problems(check_links(mini_project, run_sitegen)) == []  # asked, and cached
    result = check_links_by_default(mini_project, run_sitegen)
    assert problems(result) == [
        source_problem(url, "error", f"was not asked: 127.0.0.1 is a loopback address{ADVICE}", "broken-link")
    ]
    assert result.out.startswith("links: 1 (0 asked over the network, 0 from the cache, 1 not public)")
    again = check_links(mini_project, run_sitegen)  # with --allow-private: from the cache
    assert (problems(again), server.hits["/ok/cached-private"]) == ([], 1)
    assert again.out.startswith("links: 1 (0 asked over the network, 1 from the cache)")


# HTTPS: the socket is connected to the address judged, the certificate checked for the name


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> Path:
    """A certificate authority of the tests' own and a server certificate it signed, for the
    name `localhost` only (no IP address), made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make the test certificates")
    folder = tmp_path_factory.mktemp("tls")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl(
        "req",
        "-x509",
        *key,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "3650",
        "-subj",
        "/CN=sitegen test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    openssl("req", *key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    (folder / "server.ext").write_text(
        "subjectAltName=DNS:localhost\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "3650",
        "-extfile",
        "server.ext",
    )
    return folder


@pytest.fixture(scope="module")
def tls_server(certificates):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "server.pem", certificates / "server.key")
    with link_server(tls=context) as running:
        yield running


def test_https_is_checked_for_the_name_in_the_url(
    mini_project, run_sitegen, tls_server, certificates, monkeypatch
):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))  # trust the tests' CA
    by_name = f"https://localhost:{tls_server.port}/gone-404/tls"
    point_web_at(mini_project, by_name)
    assert problems(check_links(mini_project, run_sitegen)) == [
        source_problem(by_name, "error", f"is broken: 404 Not Found{GONE}", "broken-link")
    ]
    # connected to the same address, but the certificate is not for the name 127.0.0.1
    by_address = tls_server.url("ok/tls")
    edit(mini_project / "content/sources.yaml", by_name, by_address)
    assert problems(check_links(mini_project, run_sitegen)) == [
        source_problem(
            by_address,
            "error",
            "is broken: TLS certificate not valid (IP address mismatch, "
            "certificate is not valid for '127.0.0.1'.)" + GONE,
            "broken-link",
        )
    ]
    assert tls_server.hits["/ok/tls"] == 0


def test_https_with_a_certificate_nobody_vouches_for(mini_project, run_sitegen, tls_server):
    url = f"https://localhost:{tls_server.port}/ok/untrusted"
    point_web_at(mini_project, url)
    assert problems(check_links(mini_project, run_sitegen)) == [
        source_problem(
            url,
            "error",
            f"is broken: TLS certificate not valid (unable to get local issuer certificate){GONE}",
            "broken-link",
        )
    ]
