"""Which URLs a crawl may fetch: no file://, loopback, private-range or link-local address unless the
source declared it. Pure functions (no Scrapy), used by the downloader middleware and the resolver in
:mod:`newscrawl.middlewares`.

Pages are data written by strangers: a sitemap ``<loc>``, a feed link, a page link or an HTTP redirect
may point at ``file:///etc/passwd``, ``http://127.0.0.1:6379/``, ``http://169.254.169.254/`` (cloud
metadata) or an intranet host. The rules:

* ``file://`` only for a source with a ``local_root``, and only below that folder (``..`` resolved).
* ``http(s)://`` to a *non-public* address (loopback 127.0.0.0/8 and ::1, ``localhost``, private
  10/8, 172.16/12, 192.168/16, fc00::/7, link-local 169.254/16 and fe80::/10, unspecified,
  multicast, reserved, and IPv4 written as a bare number or in hex/octal such as ``2130706433`` or
  ``0x7f.1``) only when a source's own entry points are on that very address *and port*: a source
  whose ``base_url`` is ``http://127.0.0.1:8080/`` may fetch ``127.0.0.1:8080`` and nothing else
  non-public. That is how the tests and a local mirror work.
* Host *names* are checked again when they are resolved (see ``SafeResolver``): a public-looking
  name that resolves to a non-public address is refused, unless the operator mapped it explicitly
  (``NEWSCRAWL_HOSTS``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .sources import Source

#: Host names that always mean this machine.
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a URL host stands for when it is an IP literal, in any notation browsers and
    libc accept (``127.1``, ``2130706433``, ``0x7f000001``, ``[::ffff:127.0.0.1]``); else None."""
    host = host.strip("[]").split("%", 1)[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except (OSError, ValueError):
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a globally routable unicast address."""
    return address.is_global and not (address.is_multicast or address.is_reserved
                                       or address.is_unspecified)


def host_is_public(host: str) -> bool | None:
    """True/False for an IP literal or a local name; None for other names (decided on resolution)."""
    host = host.lower().rstrip(".")
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return False
    address = parse_ip(host)
    return None if address is None else is_public_address(address)


def origin(url: str) -> tuple[str, int] | None:
    """``(host, port)`` of an http(s) URL, host lower-case (IP literals in canonical form)."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port is None:
        return None
    host = parts.hostname.lower().rstrip(".")
    address = parse_ip(host)
    return (str(address) if address is not None else host), port


def private_origins(sources: Iterable[Source]) -> set[tuple[str, int]]:
    """The non-public origins sources declared as their own (their entry points' host and port)."""
    allowed = set()
    for source in sources:
        for url in (*source.sitemaps, *source.feeds, *source.start_pages, *source.urls):
            found = origin(url)
            if found and host_is_public(found[0]) is False:
                allowed.add(found)
    return allowed


def blocked_reason(url: str, source: Source | None, allowed: set[tuple[str, int]]) -> str | None:
    """Why ``url`` must not be fetched for ``source`` (None: it may be). ``allowed`` holds the
    non-public origins of the source (see :func:`private_origins`); without a source, those of all
    sources."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "unparsable URL"
    scheme = parts.scheme.lower()
    if scheme == "file":
        root = source.local_root if source is not None else None
        if root is None:
            return "file:// URL for a source without local_root"
        if not _below(parts.path, root):
            return "file:// URL outside the source's local_root"
        return None
    if scheme not in DEFAULT_PORTS:
        return f"scheme {scheme or '(none)'!r} is not fetched"
    found = origin(url)
    if found is None:
        return "URL without a usable host"
    if host_is_public(found[0]) is False and found not in allowed:
        return f"non-public address {found[0]}:{found[1]}"
    return None


def _below(path: str, root: str) -> bool:
    root_path = Path(unquote(urlsplit(root).path)).resolve()
    try:
        Path(unquote(path)).resolve().relative_to(root_path)
    except ValueError:
        return False
    return True


def resolution_allowed(host: str, addresses: Iterable[str], trusted: set[str]) -> bool:
    """May a connection to ``host`` go to ``addresses`` (what the name resolved to)?

    IP literals and names the operator trusts (``trusted``: mapped in ``NEWSCRAWL_HOSTS``, or the
    local names a source declared) are decided by :func:`blocked_reason` alone; any other name
    must resolve to public addresses only (no DNS rebinding onto the crawler's own network)."""
    host = host.lower().rstrip(".")
    if parse_ip(host) is not None or host in trusted:
        return True
    parsed = [parse_ip(a) for a in addresses]
    return all(a is not None and is_public_address(a) for a in parsed)
