"""`sitegen serve`: the editor's preview, with live reload, built into its own folder.

Everything specific to the `livereload` package is here. livereload keeps its state at class
level and calls the watcher with no error handling, so `Preview.rebuild` catches every error
itself: the last good build stays on disk and is served, with an overlay naming file, line and
message, until a save fixes it. Pages are served under the path the site will have on GitHub
Pages (the path of base_url), and only files of the built site are ever served, only to a
browser showing the preview (gate.py: no foreign Host, no foreign Origin on live reload).
"""

from __future__ import annotations

import asyncio
import base64
import errno
import hashlib
import html
import ipaddress
import logging
import mimetypes
import os
import re
import sys
import time
import traceback
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import ioloop, web

from sitegen.config import BuildConfig
from sitegen.errors import ContentError, UsageError
from sitegen.output.write import MANIFEST
from sitegen.preview.gate import Gate, Refusal
from sitegen.preview.rebuild import PreviewBuilder

PREVIEW_FOLDER = Path(".sitegen-preview")
POLL_INTERVAL_MS = 250
POLL_SETTLE_SECONDS = 0.05  # a save that writes several files is seen as one change
ERROR_ID = "sitegen-build-error"
# The longest file name Linux and macOS file systems take, in bytes: a longer URL path
# component names no file of the site, and is not handed to the system (which would refuse
# it with ENAMETOOLONG). A file system taking less is covered by the OSError in `locate`.
NAME_MAX = 255
# A connection is closed when its request has not fully arrived this long after it was
# awaited (tornado's idle_connection_timeout and body_timeout): a browser sends its request
# at once, so only a slow or stalled client meets it. An open live-reload socket is not
# affected. Read when the server starts, so that a test can shorten it.
CONNECTION_TIMEOUT_SECONDS = 10.0


class Preview:
    """The preview's state: the builder, the last error, the path the site is served under."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.builder = PreviewBuilder(config)
        self.error: str | None = None
        self.base_path = base_path(config.base_url)

    def quick(self, changed: Collection[Path]) -> str | None:
        """The page of a section whose text alone changed, written at once; its URL path.
        Anything unexpected is left to `rebuild`, which always follows."""
        if self.error is not None:
            return None
        started = time.perf_counter()
        try:
            written = self.builder.quick_section_page(changed)
        except Exception:  # the full rebuild that follows reports whatever this was
            return None
        if written is None:
            return None
        took = (time.perf_counter() - started) * 1000
        print(f"updated {written} in {took:.0f} ms", flush=True)
        return self.base_path + written

    def rebuild(self) -> Reload:
        """Build what changed; what the browsers should reload. Never raises an error of the
        content (livereload would print a traceback and stop watching)."""
        started = time.perf_counter()
        try:
            outcome = self.builder.build()
        except (ContentError, UsageError) as error:
            return self._fail(error)
        except OSError as error:
            return self._fail(UsageError(f"could not build the preview: {error}"))
        except Exception as error:  # a bug in sitegen: say so, keep serving the last build
            traceback.print_exc()
            return self._fail(
                UsageError(f"internal error, please report it: {type(error).__name__}: {error}")
            )
        site = self.builder.snapshot.resolved.site if self.builder.snapshot else None
        old_base, had_error, self.error = self.base_path, self.error is not None, None
        if site is not None:
            self.base_path = base_path(site.base_url)
        took = (time.perf_counter() - started) * 1000
        print(
            f"rebuilt {outcome.rendered} page{'s' if outcome.rendered != 1 else ''} "
            f"({len(outcome.written)} file{'s' if len(outcome.written) != 1 else ''} changed) "
            f"in {took:.0f} ms",
            flush=True,
        )
        if had_error or outcome.full or old_base != self.base_path:
            return EVERYTHING
        return tuple(self.base_path + path for path in (*outcome.written, *outcome.removed))

    def _fail(self, error: ContentError | UsageError) -> Reload:
        if isinstance(error, ContentError):
            lines = [str(problem) for problem in error.problems]
            count = len(lines)
            summary = f"{count} error{'s' if count != 1 else ''}"
        else:
            lines, summary = [f"sitegen: {error}"], "the preview could not be built"
        text = "\n".join(lines)
        if text != self.error:  # the terminal shows each error once, not at every save
            print("\n".join([*lines, f"{summary}; {self._fallback()}"]), file=sys.stderr, flush=True)
        changed = text != self.error
        self.error = text
        return EVERYTHING if changed else ()

    def _fallback(self) -> str:
        if self.builder.snapshot is None:
            return "nothing to show until it is fixed"
        return "still serving the last good build"

    def locate(self, relative: str) -> Path | None:
        """The file of the built site at `relative` (a URL path under the base path), or None:
        never a file outside the output folder, never sitegen's own bookkeeping."""
        parts = PurePosixPath(relative).parts if relative else ()
        if any(
            part in ("..", ".")
            or part.startswith(".")
            or "\\" in part
            or "\0" in part
            or len(part.encode("utf-8", "surrogatepass")) > NAME_MAX
            for part in parts
        ):
            return None
        root = self.config.output_dir.resolve()
        candidate = root.joinpath(*parts)
        try:
            if relative == "" or relative.endswith("/") or candidate.is_dir():
                candidate = candidate / "index.html"
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(root) or not real.is_file() or real.name == MANIFEST:
            return None
        return real

    def error_overlay(self) -> bytes:
        assert self.error is not None
        return (
            f'<div id="{ERROR_ID}" role="alert">'
            "<h1>The briefing could not be rebuilt</h1>"
            f"<pre>{html.escape(self.error)}</pre>"
            f"<p>{'Behind this message: the last good build. ' if self.builder.snapshot else ''}"
            "Save a fix and this page reloads by itself.</p></div>"
        ).encode()


# What the browsers should reload after a build: the URL paths of the files that changed,
# or EVERYTHING (the error overlay came or went, or the whole site was written again).
Reload = tuple[str, ...]
EVERYTHING: Reload = ("*",)

# livereload.js reloads whatever page it shows on any message. This plugin (livereload.js
# registers every window.LiveReloadPlugin* it finds) keeps a page as it is when the message
# names changed files of which none is that page or a script or stylesheet it loads.
RELOAD_FILTER = b"""<script>
window.LiveReloadPluginSitegen = (function () {
  function Plugin() {}
  Plugin.identifier = "sitegen";
  Plugin.version = "1.0";
  function bare(path) { return path.replace(/index\\.html$/, ""); }
  Plugin.prototype.reload = function (path) {
    if (path.indexOf("sitegen:") !== 0) return false;
    var used = [bare(location.pathname)];
    document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]").forEach(
      function (el) { used.push(bare(new URL(el.src || el.href, location.href).pathname)); });
    return !path.slice(8).split(" ").some(function (changed) {
      return used.indexOf(bare(changed)) >= 0;
    });
  };
  return Plugin;
})();
</script>
"""


# The overlay's look, in the <head>: the pages' Content-Security-Policy refuses style attributes.
OVERLAY_STYLE = (
    f"<style>#{ERROR_ID}{{position:fixed;inset:0;z-index:2147483647;overflow:auto;"
    "background:#fff;color:#111;padding:2rem;font:16px/1.5 system-ui,sans-serif}"
    f"#{ERROR_ID} h1{{color:#a00;margin-top:0}}#{ERROR_ID} pre{{white-space:pre-wrap;"
    "font:15px/1.5 monospace;background:#fee;padding:1rem}</style>\n"
).encode()
_POLICY = re.compile(rb'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)"', re.I)


def preview_policy(policy: str, scripts: tuple[bytes, ...], styles: tuple[bytes, ...]) -> str:
    """A page's Content-Security-Policy, letting through the preview's own inline scripts
    and style (by their hash) and nothing else: an inline script in the content stays
    refused in the preview, as on the published site."""
    directives = [part.split() for part in policy.split(";") if part.strip()]
    default = next((sources for name, *sources in directives if name == "default-src"), ["'self'"])
    for directive, elements in (("script-src", scripts), ("style-src", styles)):
        hashes = [f"'sha256-{_inline_hash(element)}'" for element in elements]
        found = next((parts for parts in directives if parts[0] == directive), None)
        if found is None:
            directives.append([directive, *default, *hashes])
        else:
            found.extend(hashes)
    return "; ".join(" ".join(parts) for parts in directives)


def _inline_hash(element: bytes) -> str:
    content = element[element.index(b">") + 1 : element.rindex(b"</")]
    return base64.b64encode(hashlib.sha256(content).digest()).decode("ascii")


def reload_browsers(reload: Reload) -> None:
    """Tell the connected browsers what changed (on the server's event loop)."""
    if reload == EVERYTHING:
        LiveReloadHandler.reload_waiters("*")
    elif reload:
        LiveReloadHandler.reload_waiters("sitegen:" + " ".join(quote(path) for path in reload))


def base_path(base_url: str | None) -> str:
    """The URL path the site lives under, e.g. '/briefing/' for https://x.github.io/briefing/."""
    path = urlsplit(base_url).path if base_url else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


class _Guarded(web.RequestHandler):
    """Answers only the requests the gate lets through (sitegen/preview/gate.py); any other
    gets the gate's status and its line of plain text, whatever the method."""

    needs_origin = False  # True: only the preview's own pages may ask this

    def initialize(self, gate: Gate) -> None:
        self.gate = gate

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def prepare(self) -> None:
        headers = self.request.headers
        refusal = self.gate.check_request(headers.get("Host"), self.request.uri or "")
        if refusal is None and self.needs_origin:
            refusal = self.gate.check_origin(headers.get("Origin"), headers["Host"])
        if refusal is not None:
            self._refuse(refusal)

    def _refuse(self, refusal: Refusal) -> None:
        self.set_status(refusal.status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(refusal.text)  # after prepare, tornado calls no get()


class _LiveReloadSocket(_Guarded, LiveReloadHandler):
    """livereload's socket, which hears the path of every rebuilt file: for our pages only
    (a missing Origin too is refused: every browser sends one on a WebSocket)."""

    needs_origin = True


class _ForceReload(_Guarded, ForceReloadHandler):
    """livereload's /forcereload, which makes every open page reload: a plain GET, which any
    page can send (an <img> sends no Origin), so it asks for one of ours."""

    needs_origin = True


class _LiveReloadScript(_Guarded, LiveReloadJSHandler):
    pass


# livereload's loader (as livereload/server.py, Server.application, writes it): livereload.js
# from the host and port of the page itself, which then opens the socket there.
LIVE_SCRIPT = (
    b'<script type="text/javascript">(function(){var s=document.createElement("script");'
    b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    b's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    b"document.head.appendChild(s);})();</script>"
)


class _InjectLiveScript(LiveScriptInjector):
    script = LIVE_SCRIPT


class _SiteHandler(_Guarded):
    """Serves the preview folder under the base path, with the error overlay while broken."""

    def initialize(self, gate: Gate, preview: Preview) -> None:  # type: ignore[override]
        super().initialize(gate)
        self.preview = preview

    def head(self, path: str) -> None:
        self.get(path)

    def get(self, path: str) -> None:
        base = self.preview.base_path
        url_path = unquote(self.request.path)
        if not url_path.startswith(base):
            if url_path in ("/", base.rstrip("/")):
                return self.redirect(base)
            return self._not_found()
        found = self.preview.locate(url_path[len(base) :])
        if found is None:
            return self._not_found()
        self._send(200, found.read_bytes(), mimetypes.guess_type(found.name)[0])

    def _not_found(self) -> None:
        page = self.preview.locate("404.html")
        body = (
            page.read_bytes()
            if page
            else (
                b"<!DOCTYPE html><html><head><title>Not found</title></head>"
                b"<body><p>Not found.</p></body></html>"
            )
        )
        self._send(404, body, "text/html")

    def _send(self, status: int, body: bytes, content_type: str | None) -> None:
        content_type = content_type or "application/octet-stream"
        if content_type == "text/html":
            head = RELOAD_FILTER
            if self.preview.error is not None:
                cut = body.rfind(b"</body>")
                cut = len(body) if cut < 0 else cut
                body = body[:cut] + self.preview.error_overlay() + body[cut:]
                head = OVERLAY_STYLE + head
            cut = body.find(b"</head>")  # before livereload.js, which it injects there too
            if cut >= 0:
                body = body[:cut] + head + body[cut:]
            body = _POLICY.sub(
                lambda found: (
                    found[1]
                    + preview_policy(
                        found[2].decode(), (RELOAD_FILTER, LIVE_SCRIPT), (OVERLAY_STYLE,)
                    ).encode()
                    + b'"'
                ),
                body,
                count=1,
            )
        self.set_status(status)
        self.set_header(
            "Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text/") else "")
        )
        if self.request.method != "HEAD":
            self.write(body)


class _RebuildingWatcher(Watcher):
    """Polls the watched folders itself (livereload's own check stops at the first changed
    file, so one save of several files would cost several rebuilds) and rebuilds once per
    save, then tells the browsers to reload.

    A save of one section's text is answered at once with that section's page; the full
    rebuild runs in a worker thread, so the server can hand out that page meanwhile. Saves
    seen during a rebuild get their quick answer at once too, and one more rebuild after it
    (a large briefing takes seconds to rebuild, and saves go on meanwhile)."""

    def __init__(self, preview: Preview, roots: tuple[Path, ...]):
        super().__init__()
        self.preview = preview
        self.roots = roots
        self.seen = self._scan()
        self.rebuilding = False
        self.rebuild_again = False  # something changed while the rebuild ran

    def _scan(self) -> dict[str, tuple[int, int]]:
        """(mtime, size) of every file and folder under the roots. os.scandir, not
        Path.rglob: this runs 4 times a second, and rglob over a large briefing's files would
        take much of each beat."""
        state: dict[str, tuple[int, int]] = {}
        pending = [str(root) for root in self.roots]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        try:
                            stat = entry.stat(follow_symlinks=True)
                            if entry.is_dir(follow_symlinks=False):
                                pending.append(entry.path)
                        except OSError:
                            continue
                        state[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
        return state

    def start(self, callback) -> bool:  # type: ignore[no-untyped-def]
        # livereload polls every 800 ms when this returns False; a quicker beat keeps a
        # save-to-reload round trip well under a second.
        ioloop.PeriodicCallback(callback, POLL_INTERVAL_MS).start()
        return True

    def examine(self) -> tuple[str | None, None]:
        if self._changes:  # livereload's start-up message, handled by livereload itself
            return self._changes.pop()
        current = self._scan()
        if current == self.seen:
            return None, None
        while True:  # wait until the save is complete
            time.sleep(POLL_SETTLE_SECONDS)
            settled = self._scan()
            if settled == current:
                break
            current = settled
        changed = {
            Path(path)
            for path in current.keys() | self.seen.keys()
            if current.get(path) != self.seen.get(path)
        }
        self.seen = current
        quick = self.preview.quick(changed)
        if quick is not None:
            reload_browsers((quick,))
        if self.rebuilding:
            self.rebuild_again = True
        else:
            self._start_rebuild()
        return None, None

    def _start_rebuild(self) -> None:
        self.rebuilding, self.rebuild_again = True, False
        loop = ioloop.IOLoop.current()
        loop.add_future(loop.run_in_executor(None, self.preview.rebuild), self._rebuilt)

    def _rebuilt(self, future: asyncio.Future[Reload]) -> None:
        self.rebuilding = False
        reload_browsers(future.result())
        if self.rebuild_again:
            self._start_rebuild()


class _PreviewServer(Server):
    def __init__(self, preview: Preview, watcher: Watcher):
        super().__init__(watcher=watcher)
        self.preview = preview

    def application(
        self,
        port: int,
        host: str,
        liveport: int | None = None,
        debug: bool | None = None,
        live_css: bool = True,
    ) -> None:
        """livereload's Server.application with our handlers in place of its own, which
        answer any Host and Origin, and with tornado's timeouts, which it does not pass.
        `serve` never asks for a second port for live reload (liveport), nor for tornado's
        reloading of changed Python code (debug)."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        gate = {"gate": Gate.listening_on(host)}
        web.Application(
            [
                (r"/livereload", _LiveReloadSocket, gate),
                (r"/forcereload", _ForceReload, gate),
                (r"/livereload.js", _LiveReloadScript, gate),
                (r"/(.*)", _SiteHandler, {**gate, "preview": self.preview}),
            ],
            transforms=[_InjectLiveScript],
        ).listen(  # raises OSError if the port is taken
            port,
            address=host,
            idle_connection_timeout=CONNECTION_TIMEOUT_SECONDS,
            body_timeout=CONNECTION_TIMEOUT_SECONDS,
        )
        self.preview.rebuild()  # only now: a second `serve` on a taken port must not build
        shown_host = f"[{host}]" if ":" in host else host
        print(
            f"previewing on http://{shown_host}:{port}{self.preview.base_path} "
            f"(built into {self.preview.config.output_dir}/; Ctrl-C to stop)",
            flush=True,
        )

    def _setup_logging(self) -> None:
        # livereload logs every poll and request at INFO; the editor needs only problems.
        logging.getLogger("livereload").setLevel(logging.WARNING)


def serve(config: BuildConfig, host: str, port: int) -> int:
    """Run the preview until Ctrl-C; the exit status of the command."""
    config = replace(config, include_drafts=True)
    if not _is_loopback(host):
        print(
            f"sitegen: warning: serving on {host}: other machines on the network can see "
            "the preview, drafts included",
            file=sys.stderr,
        )
    preview = Preview(config)
    roots = tuple(dict.fromkeys((config.content_dir, config.templates_dir, config.theme_dir)))
    server = _PreviewServer(preview, _RebuildingWatcher(preview, roots))
    try:
        server.serve(port=port, host=host, restart_delay=0)  # returns on Ctrl-C
    except KeyboardInterrupt:  # Ctrl-C during the first build, before livereload's loop
        pass
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is already in use; choose another with --port") from None
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    print("stopped", flush=True)
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
