"""Behind a reverse proxy: the public scheme, host and path prefix come from a
trusted proxy's X-Forwarded-* headers, and from nobody else (``web.proxy``)."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.web.conftest import csrf_token, signed_in_client
from web import create_app

PROXY = {"REMOTE_ADDR": "10.0.0.5"}
STRANGER = {"REMOTE_ADDR": "198.51.100.7"}
PUBLIC = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kernteam.gemeente.nl",
          "X-Forwarded-Prefix": "/kernteamdb"}


@pytest.fixture
def proxied(pool) -> Flask:
    return create_app({"TESTING": True, "TRUSTED_PROXIES": "10.0.0.5, 10.9.0.0/16"}, store=pool)


def test_a_trusted_proxy_gives_the_public_prefix_scheme_and_host(proxied):
    answer = proxied.test_client().get("/", headers=PUBLIC, environ_base=PROXY)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/kernteamdb/inloggen")


def test_links_made_for_outside_use_the_public_https_address(proxied):
    seen = {}

    @proxied.get("/_public_address")
    def public_address() -> str:
        from flask import url_for
        seen["url"] = url_for("auth.login", _external=True)  # as a sign-in provider's return address
        return ""

    signed_in_client(proxied, "wijkwerker").get("/_public_address", headers=PUBLIC, environ_base=PROXY)
    assert seen["url"] == "https://kernteam.gemeente.nl/kernteamdb/inloggen"


def test_anyone_else_cannot_claim_a_scheme_host_or_prefix(proxied):
    answer = proxied.test_client().get("/", headers=PUBLIC, environ_base=STRANGER)
    assert answer.headers["Location"].startswith("/inloggen")


def test_https_from_the_proxy_makes_forms_check_where_they_were_sent_from(proxied):
    client = proxied.test_client()
    token = csrf_token(client)
    form = {"csrf_token": token, "name": "wijkwerker", "password": "verkeerd wachtwoord", "next": "/"}
    # https: a form posted without a Referer is refused (Flask-WTF's strict check under TLS) ...
    bare = client.post("/inloggen", data=form, headers=PUBLIC, environ_base=PROXY)
    assert bare.status_code == 400
    # ... and one from the public address it was served on is checked as usual
    sent = client.post("/inloggen", data=form, environ_base=PROXY,
                       headers={**PUBLIC, "Referer": "https://kernteam.gemeente.nl/kernteamdb/inloggen"})
    assert sent.status_code == 401
    # from a stranger the same headers change nothing: plain http, no Referer needed
    stranger = client.post("/inloggen", data=form, headers=PUBLIC, environ_base=STRANGER)
    assert stranger.status_code == 401


def test_without_trusted_proxies_the_headers_are_ignored(app):
    answer = app.test_client().get("/", headers=PUBLIC, environ_base=PROXY)
    assert answer.headers["Location"].startswith("/inloggen")
