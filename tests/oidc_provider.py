"""A real OpenID Connect provider on 127.0.0.1 for the tests (``oidc-provider-mock``:
Authlib's authorization server with a login form), behind a relay that can alter
what passes between the app and the provider.

``local_provider()`` starts both on free ports and always stops them again. The app
is configured with the relay's address as issuer: discovery, keys and tokens all
pass through it (the provider names its endpoints after the Host it is asked
under, which the relay passes on), so a test can tamper with a real token
response — change a byte of the ID token, ask the provider under another name
(another issuer), swap in a code issued to another client (another audience) —
without touching Authlib or the app. Every request the relay passed is kept.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request

#: The provider, in a process of its own: its code (a test dependency on Authlib's older
#: server API) changes the warning filters while it serves, which must not reach the tests.
_PROVIDER = """
import sys
from datetime import timedelta
from pathlib import Path
from werkzeug.serving import make_server
from oidc_provider_mock import app
lasts = timedelta(seconds=float(sys.argv[1]))
server = make_server("127.0.0.1", 0, app(require_nonce=True, access_token_max_age=lasts), threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""

#: Headers that describe one hop, not the message: never passed on.
_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive"}

#: Changes a token request (body, headers) on its way to the provider.
Before = Callable[[bytes, dict[str, str]], tuple[bytes, dict[str, str]]]


@dataclass
class Relay:
    """A WSGI app passing every request on to the provider at ``port``."""

    port: int
    before_token: Before | None = None
    after_token: Callable[[bytes], bytes] | None = None
    seen: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        request = Request(environ)
        body = request.get_data()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP}
        token = request.path == "/oauth2/token"
        sent = body.decode() or request.query_string.decode()
        self.seen.append((request.method, request.path, parse_qs(sent)))
        if token and self.before_token is not None:
            body, headers = self.before_token(body, headers)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            query = f"?{request.query_string.decode()}" if request.query_string else ""
            connection.request(request.method, request.path + query, body=body, headers=headers)
            answer = connection.getresponse()
            data, status, reason = answer.read(), answer.status, answer.reason
            passed = [(k, v) for k, v in answer.getheaders() if k.lower() not in _HOP]
        finally:
            connection.close()
        if token and self.after_token is not None:
            data = self.after_token(data)
        start_response(f"{status} {reason}", [*passed, ("Content-Length", str(len(data)))])
        return [data]


@dataclass
class Provider:
    """The running provider: ``issuer`` is the relay's address."""

    issuer: str
    direct: str
    relay: Relay

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        """What the provider says about ``sub`` from now on (its own user API)."""
        answer = requests.put(f"{self.direct}/users/{sub}", json=claims, timeout=10)
        assert answer.status_code == 204, answer.text

    def sign_in_at_form(self, authorize_url: str, sub: str) -> str:
        """A person at the provider's own login form signing in as ``sub`` (or, with
        ``sub`` empty, pressing Deny); where the provider sends the browser back to."""
        form = {"sub": sub} if sub else {"action": "deny"}
        answer = requests.post(authorize_url, data=form, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        return str(answer.headers["Location"])


def _served(app: Any) -> tuple[Any, threading.Thread]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


@contextmanager
def local_provider(*, lasts: timedelta = timedelta(hours=1)) -> Iterator[Provider]:
    """The provider (ID tokens valid for ``lasts``; a nonce required) and its relay,
    on 127.0.0.1; stopped afterwards."""
    process = subprocess.Popen([sys.executable, "-W", "ignore", "-c", _PROVIDER, str(lasts.total_seconds())],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(process.stdout.readline()) if process.stdout else 0
        relay = Relay(port)
        relayed, thread = _served(relay)
        try:
            yield Provider(f"http://127.0.0.1:{relayed.server_port}", f"http://127.0.0.1:{port}", relay)
        finally:
            relayed.shutdown()
            relayed.server_close()
            thread.join(5)
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout:
            process.stdout.close()


def providers_file(folder: Path, issuer: str, *, key: str, label: str, secret_env: str,
                   roles: dict[str, str]) -> str:
    """A providers file (``directory.accounts.providers``) naming one provider at
    ``issuer`` with client id ``kernteamdb`` and the groups claim; its path."""
    path = folder / "oidc.toml"
    mapped = "\n".join(f'"{value}" = "{role}"' for value, role in roles.items())
    path.write_text(f"""
[providers.{key}]
label = "{label}"
issuer = "{issuer}"
client_id = "kernteamdb"
client_secret_env = "{secret_env}"
role_claim = "groups"

[providers.{key}.roles]
{mapped}
""", encoding="utf-8")
    return str(path)


def query_of(url: str) -> dict[str, str]:
    """The query parameters of ``url``, one value each."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
