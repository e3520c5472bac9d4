"""Behind a TLS reverse proxy: the public scheme, host and path prefix, from a
trusted proxy only.

The proxy talks plain HTTP to ``kernteamdb serve`` on this machine, so
without help the app would think it is served as ``http://127.0.0.1:8080``:
redirects (to the login page, after a form) would point there, and the
session cookie would be marked ``Secure`` for an address the browser never
used. A proxy tells the truth in ``X-Forwarded-Proto``, ``X-Forwarded-Host``,
``X-Forwarded-Port`` and ``X-Forwarded-Prefix`` — but anyone can send those
headers, so they are believed only from the proxies named in
``TRUSTED_PROXIES`` (``KERNTEAMDB_TRUSTED_PROXIES``), the same setting that
decides whose ``X-Forwarded-For`` counts for the sign-in throttle
(``web.client_address``). From anyone else they are ignored.

Werkzeug's ``ProxyFix`` does the reading (the last value of each header: the
one the nearest proxy wrote); this middleware decides whether it may.
``X-Forwarded-For`` is left to ``web.client_address``, which walks a chain of
several trusted proxies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

from web.client_address import Network, is_trusted_proxy

Environ = dict[str, Any]


class TrustedProxyHeaders:
    """WSGI middleware: a request from a trusted proxy gets the scheme, host, port
    and prefix the proxy forwarded; any other request is passed on as it came."""

    def __init__(self, app: Any, proxies: tuple[Network, ...]) -> None:
        self.app = app
        self.proxies = proxies
        self.fixed = ProxyFix(app, x_for=0, x_proto=1, x_host=1, x_port=1, x_prefix=1)

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        if self.proxies and is_trusted_proxy(environ.get("REMOTE_ADDR"), self.proxies):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
