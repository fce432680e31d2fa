"""Which addresses `check --links` connects to: by default, public ones only.

A link in the content is somebody else's URL. Followed blindly, it, or a redirect its server
answers with, makes the checker ask this machine or its network (`http://127.0.0.1:9200/`,
a cloud's metadata service at 169.254.169.254 on a CI runner) and report what answered. So a
host name is looked up once, each address it resolves to is judged, and the socket is
connected to the very address judged: no second lookup, which DNS could answer differently
(DNS rebinding), stands between the judgement and the connection. Numeric spellings
(`2130706434`, `0x7f.1`, `0177.0.0.1`) resolve like any name and are judged by what they
resolve to; an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) by the IPv4 address it maps.
`allow_private` (`--allow-private`) admits every address, for desks that cite intranet sources.
"""

from __future__ import annotations

import ipaddress
import socket

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# (address, port) pairs counted as public whatever their address. Empty: tests, which may
# reach loopback alone, let a server there stand in for a public one, so that what they test
# is this module's judgement of every other address.
PUBLIC_STAND_INS: frozenset[tuple[str, int]] = frozenset()

# What makes an address not public, in the order it is named: 127.0.0.1 and 240.0.0.1 are
# "private" too for `ipaddress`, but "loopback" and "reserved" say more. `is_site_local`
# (fec0::/10, deprecated) exists for IPv6 only.
_KINDS = (
    ("is_loopback", "a loopback address"),
    ("is_unspecified", "the unspecified address"),
    ("is_link_local", "a link-local address"),
    ("is_multicast", "a multicast address"),
    ("is_site_local", "a site-local address"),
    ("is_reserved", "a reserved address"),
    ("is_private", "a private address"),
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class NotPublic(Exception):
    """A host that resolves to no address the checker may connect to."""

    def __init__(self, host: str, address: str, kind: str):
        super().__init__(host, address, kind)
        self.host, self.address, self.kind = host, address, kind  # the address as looked up

    def __str__(self) -> str:
        if self.host == self.address:
            return f"{self.address} is {self.kind}"
        return f"{self.host} resolves to {self.address}, {self.kind}"


def not_public(address: Address) -> str | None:
    """What makes `address` not public ("a loopback address"); None when it is public. An
    IPv4 address inside an IPv6 one is judged itself: mapped (::ffff:a.b.c.d) or behind a NAT64
    gateway (64:ff9b::a.b.c.d, RFC 6052, what DNS64 answers on an IPv6-only network)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        elif address in _NAT64:
            address = ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    for test, kind in _KINDS:  # multicast counts as global for `ipaddress`: tested first
        if getattr(address, test, False):
            return kind
    return None if address.is_global else "an address that is not public"


def connect(host: str, port: int, timeout: float, allow_private: bool) -> tuple[socket.socket, bool]:
    """A TCP socket connected to the first of `host`'s addresses that may be asked and
    answers, and whether that address is not public (asked because of `allow_private`).
    Raises NotPublic, naming the first address refused, when none may be asked; the last
    connection's OSError when none answers; socket.gaierror when the name is not found."""
    refused: NotPublic | None = None
    failure: OSError | None = None
    for family, kind, protocol, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = str(sockaddr[0])
        why = (
            None if (address, sockaddr[1]) in PUBLIC_STAND_INS else not_public(ipaddress.ip_address(address))
        )
        if why is not None and not allow_private:
            refused = refused or NotPublic(host, address, why)
            continue
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)  # the address judged, not the name again
        except OSError as error:
            sock.close()
            failure = error
            continue
        return sock, why is not None
    if failure is not None:
        raise failure
    if refused is not None:
        raise refused
    raise OSError(f"{host} has no address")  # getaddrinfo raises first, in practice
