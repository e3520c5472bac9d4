"""Who is on the other end, for throttling sign-in: the client's address, and the
opaque key the sign-in checks count it under.

Behind a reverse proxy every request comes from the proxy, and the client's
address is in ``X-Forwarded-For``. Anyone can send that header, so it is only
believed from a trusted proxy: the ``TRUSTED_PROXIES`` setting (or
``KERNTEAMDB_TRUSTED_PROXIES``: addresses or networks, separated by commas).
The header is then read from the right, skipping trusted proxies; the first
other address is the client. From any other sender the header is ignored and
the connection's address counts.

The sign-in checks never see the address itself: ``client_key`` is a keyed
hash of it (with the app's secret key), and all of an IPv6 /64 counts as one
client, since one machine has that many addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable

from flask import current_app, request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def trusted_proxies(setting: str | Iterable[str] | None) -> tuple[Network, ...]:
    """The networks of ``setting`` ("10.0.0.5, 10.1.0.0/16" or a list of such);
    ``ValueError`` naming a wrong one, so a typo stops the server at its start.

    >>> trusted_proxies("127.0.0.1, 10.1.0.0/16")
    (IPv4Network('127.0.0.1/32'), IPv4Network('10.1.0.0/16'))
    """
    if not setting:
        return ()
    parts = setting.split(",") if isinstance(setting, str) else list(setting)
    found = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"trusted proxy '{part}' is not an IP address or network") from None
    return tuple(found)


def _address(text: str) -> Address | None:
    """An address as a proxy may write it: ``1.2.3.4``, ``1.2.3.4:5678``, ``[2001:db8::1]:443``."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: Address | None, proxies: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in proxies)


def is_trusted_proxy(remote: str | None, proxies: tuple[Network, ...]) -> bool:
    """Whether the connection's address ``remote`` is one of the trusted proxies."""
    return _trusted(_address(remote or ""), proxies)


def client_address(remote: str | None, forwarded_for: Iterable[str],
                   proxies: tuple[Network, ...]) -> str:
    """The client's address: ``remote`` (the connection's) unless that is a trusted
    proxy, then the nearest address in ``forwarded_for`` that is not one.

    >>> proxy = trusted_proxies("10.0.0.5")
    >>> client_address("10.0.0.5", ["1.2.3.4, 10.0.0.5"], proxy)
    '1.2.3.4'
    >>> client_address("9.9.9.9", ["1.2.3.4"], proxy)
    '9.9.9.9'
    """
    nearest = _address(remote or "")
    if not _trusted(nearest, proxies):
        return remote or ""
    hops = [hop for header in forwarded_for for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a damaged header: believe no further
        nearest = address
        if not _trusted(address, proxies):
            break
    return str(nearest)


def client_key(address: str, secret: str) -> str:
    """What the sign-in checks count a client under: a keyed hash of its address
    (an IPv6 address by its /64), never the address itself."""
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is None:
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    elif isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        address = str(parsed.ipv4_mapped)
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:16]


def request_client_key() -> str:
    """``client_key`` of the current request's client, by the app's trusted proxies."""
    address = client_address(request.remote_addr, request.headers.getlist("X-Forwarded-For"),
                             current_app.config["TRUSTED_PROXY_NETWORKS"])
    return client_key(address, str(current_app.config["SECRET_KEY"]))
