"""The cheapest possible answer to a sign-in flood: ``POST /inloggen`` from a client
with no attempts left is refused before Flask sees it.

A refused attempt that goes through the whole app (session, CSRF check,
form, user lookup, login page) still costs about a millisecond and a half;
32 clients posting as fast as they are answered then fill the server's
queue and slow everyone else. Here such a request is answered 429 with
``Retry-After`` and a short Dutch page, its body unread, from nothing but its
address (``web.client_address``) and the app's ``SignInGate``; it is counted
for the audit trail like any refused attempt (``directory.accounts.signin.refuse_unread``).
Every other request passes through untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from flask import Flask

from directory.accounts import signin
from directory.accounts.throttle import SignInGate
from web.client_address import client_address, client_key
from web.guard import STORE
from web.headers import HEADERS

PAGE = ("<!doctype html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Te veel pogingen – "
        "KernteamDB</title></head><body><main><h1>Te veel pogingen</h1><p>{message}</p>"
        "<p><a href=\"/inloggen\">Terug naar inloggen</a></p></main></body></html>\n")

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


class FastRefusal:
    """WSGI middleware around ``app.wsgi_app``: see the module's docstring."""

    def __init__(self, app: Flask, gate: SignInGate, message: str) -> None:
        self.app, self.gate, self.inner = app, gate, app.wsgi_app
        self.page = PAGE.format(message=escape(message)).encode("utf-8")

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == "/inloggen":
            wait = self._wait(environ)
            if wait:
                start_response("429 Too Many Requests", [
                    ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(self.page))),
                    ("Retry-After", str(wait)), ("Cache-Control", "no-store"), *HEADERS.items()])
                return [self.page]
        return self.inner(environ, start_response)

    def _wait(self, environ: Environ) -> int:
        config = self.app.config
        forwarded = [environ["HTTP_X_FORWARDED_FOR"]] if environ.get("HTTP_X_FORWARDED_FOR") else []
        address = client_address(environ.get("REMOTE_ADDR"), forwarded, config["TRUSTED_PROXY_NETWORKS"])
        client = client_key(address, str(config["SECRET_KEY"]))
        return signin.refuse_unread(self.app.extensions[STORE], self.gate, client)
