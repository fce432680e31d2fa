"""Which requests the preview answers: only those a browser showing the preview would make.

A web page elsewhere can reach a server on 127.0.0.1 in two ways, and both are closed here.
Through DNS rebinding its own name comes to point at 127.0.0.1, so its requests carry
`Host: evil.example`: only a Host naming the address the preview listens on is answered
(webpack-dev-server's `allowedHosts`, Vite's `server.allowedHosts`). A WebSocket, or a plain
GET such as `<img src=".../forcereload">`, is not held back by the same-origin policy: the
live-reload socket and /forcereload are answered only with an Origin that is the preview's own
(tornado's default `check_origin` rule, which livereload turns off).

Pure functions of header values: the server in serve.py asks, and sends what they refuse.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Above any URL of the site: a page's path holds at most two ids of 200 bytes each
# (sitegen/content/validate.py, MAX_ID_BYTES), some 1,200 bytes once percent-encoded; below
# what would make a path the system refuses to look up (PATH_MAX, 4096 bytes on Linux).
MAX_URI_BYTES = 2048
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

# host, or [IPv6 address], then an optional :port; no user info, no path, nothing else
_HOST = re.compile(
    r"(?:\[(?P<bracketed>[0-9a-f:.]+)\]|(?P<name>[^\[\]:/@\\\s]+))"
    r"(?::[0-9]{1,5})?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Refusal:
    """The answer to a request the preview does not serve: its status and a line saying why."""

    status: int
    text: str


@dataclass(frozen=True, slots=True)
class Gate:
    """The host names the preview answers to.

    The port of a Host is not compared: a rebinding page cannot choose the name, whatever the
    port, while an SSH tunnel or a container's port mapping changes the port and not the name.
    """

    names: tuple[str, ...]  # lower case; IPv6 addresses without brackets, in their short form
    any_address: bool  # listening on 0.0.0.0 or ::, where any address of the machine names it

    @classmethod
    def listening_on(cls, host: str) -> Gate:
        bound = _normal_name(host.strip("[]"))
        try:
            unspecified = ipaddress.ip_address(bound).is_unspecified
        except ValueError:
            unspecified = False
        return cls(tuple(dict.fromkeys((*LOOPBACK_NAMES, bound))), unspecified)

    def check_request(self, host: str | None, uri: str) -> Refusal | None:
        """A Refusal for a request whose Host does not name the preview, or whose target is
        longer than MAX_URI_BYTES; None for a request to answer."""
        if not self._names_preview(host):
            return Refusal(
                421,
                "misdirected request: this sitegen preview answers only to "
                f"{self._described()}, not to the host this request named\n",
            )
        if len(uri.encode()) > MAX_URI_BYTES:
            return Refusal(
                414,
                f"URI too long: this sitegen preview answers only URLs of at most {MAX_URI_BYTES} bytes\n",
            )
        return None

    def check_origin(self, origin: str | None, host: str) -> Refusal | None:
        """A Refusal unless `origin` (the Origin header) is the page's own origin, the one of
        `host` (the Host header, already checked): a missing or foreign Origin is refused."""
        own = f"http://{host.lower()}"
        if origin is not None:
            parts = urlsplit(origin.strip())
            if parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower():
                return None
        return Refusal(
            403,
            "forbidden: live reload answers only pages of this sitegen "
            f"preview, whose Origin is {own}; this request had "
            f"{'no Origin' if origin is None else 'another one'}\n",
        )

    def _names_preview(self, host: str | None) -> bool:
        found = _HOST.fullmatch(host or "")
        if found is None:
            return False
        name = _normal_name(found["bracketed"] or found["name"])
        if name in self.names:
            return True
        if not self.any_address:
            return False
        try:  # an address cannot be rebound: a browser sends it only when the user typed it
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def _described(self) -> str:
        shown = [f"[{name}]" if ":" in name else name for name in self.names]
        if self.any_address:
            shown = [name for name in shown if name not in ("0.0.0.0", "[::]")]
            shown.append("an IP address of this machine")
        return ", ".join(shown[:-1]) + " or " + shown[-1]


def _normal_name(name: str) -> str:
    name = name.lower()
    try:
        return str(ipaddress.ip_address(name))  # [0:0:0:0:0:0:0:1] is [::1]
    except ValueError:
        return name
