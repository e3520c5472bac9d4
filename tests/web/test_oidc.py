"""Signing in with the organisation's account against a real OpenID Connect provider
on 127.0.0.1 (``tests/oidc_provider.py``): the app talks to it over HTTP, through a
relay that can alter the token response. The test plays the browser: it presses
"Inloggen met ..." on the login page, signs in at the provider's own form and follows
the provider back to the app."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.errors import InvalidInput
from directory.ports import Store
from graph.stores import open_store
from tests.oidc_provider import Provider, local_provider, query_of
from tests.oidc_provider import providers_file as shared_providers_file
from tests.web.conftest import PASSWORD, csrf_token, signed_in_client
from web import create_app

CLIENT_ID = "kernteamdb"
SECRET_ENV = "KERNTEAMDB_TEST_OIDC_SECRET"


def providers_file(folder: Path, issuer: str) -> str:
    return shared_providers_file(folder, issuer, key="gemeente", label="Gemeente Test", secret_env=SECRET_ENV,
                                 roles={"kt-beheer": "admin", "kt-coordinatie": "coordinator",
                                        "kt-wijkwerk": "wijkwerker"})


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with local_provider() as running:
        yield running


@pytest.fixture
def pool_copy(pool_file, tmp_path) -> Iterator[Store]:
    copy = tmp_path / "pool.db"
    shutil.copyfile(pool_file[0], copy)
    opened = open_store(f"sqlite:///{copy}")
    yield opened
    opened.close()


def make_app(store: Store, issuer: str, folder: Path, monkeypatch: pytest.MonkeyPatch,
             **config: Any) -> Flask:
    monkeypatch.setenv(SECRET_ENV, "geheim uit de omgeving")
    return create_app({"TESTING": True, "OIDC_CONFIG": providers_file(folder, issuer), **config}, store=store)


@pytest.fixture
def app(pool_copy, provider, tmp_path, monkeypatch) -> Flask:
    provider.relay.before_token = provider.relay.after_token = None
    provider.relay.seen.clear()
    return make_app(pool_copy, provider.issuer, tmp_path, monkeypatch)


def start(client: FlaskClient) -> str:
    """Press "Inloggen met Gemeente Test" (a link); the provider's authorization address."""
    page = client.get("/inloggen?next=/zoeken").get_data(as_text=True)
    button = re.search(r'<a class="button primary" href="([^"]+)">Inloggen met Gemeente Test</a>', page)
    assert button is not None and button.group(1) == "/inloggen/gemeente?next=/zoeken"
    started = client.get(button.group(1))
    assert started.status_code == 302
    return str(started.headers["Location"])


def come_back(client: FlaskClient, back: str) -> Any:
    parts = urlsplit(back)
    assert parts.path == "/inloggen/gemeente/terug"
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client: FlaskClient, provider: Provider, sub: str) -> Any:
    """The whole round: the app's button, the provider's form, back to the app."""
    return come_back(client, provider.sign_in_at_form(start(client), sub))


def refused_with(answer: Any, status: int, words: str) -> None:
    assert answer.status_code == status
    page = answer.get_data(as_text=True)
    assert words in page and 'role="alert"' in page and "Traceback" not in page


def logged_reason(caplog: pytest.LogCaptureFixture) -> str:
    """Why the app refused the provider's answer, as its log says (the check that failed)."""
    return " ".join(r.getMessage() for r in caplog.records if "refused the answer" in r.getMessage())


def signed_in_as(client: FlaskClient) -> str | None:
    page = client.get("/zoeken")
    if page.status_code != 200:
        return None
    with client.session_transaction() as session:
        return str(session["user"])


def test_first_sign_in_creates_the_user_with_the_mapped_role_linked_by_email(app, client, provider):
    provider.set_user("anna-1", {"email": "anna@example.org", "groups": ["andere-groep", "kt-wijkwerk"]})
    answer = sign_in(client, provider, "anna-1")
    assert answer.status_code == 302 and answer.headers["Location"] == "/zoeken"  # where they were going
    assert signed_in_as(client) == "anna@example.org"
    user = app.extensions["kernteamdb.store"].user_by_identity(provider.issuer, "anna-1")
    assert (user.role, user.professional, user.password_hash) == ("wijkwerker", "p-anna", None)
    assert "Anna de Vries" in client.get("/zoeken").get_data(as_text=True)  # signed in as her profile
    audit = [(e.kind, e.action) for e in app.extensions["kernteamdb.store"].audit_entries(user=user.name)]
    assert audit == [("users", "create"), ("signin", "sign_in")]


def test_the_flow_sends_pkce_state_and_nonce(client, provider):
    provider.set_user("pkce-1", {"groups": ["kt-wijkwerk"]})
    authorize = start(client)
    asked = query_of(authorize)
    assert asked["client_id"] == CLIENT_ID and asked["response_type"] == "code"
    assert asked["code_challenge_method"] == "S256" and asked["state"] and asked["nonce"]
    assert set(asked["scope"].split()) == {"openid", "email", "profile"}
    assert come_back(client, provider.sign_in_at_form(authorize, "pkce-1")).status_code == 302
    token_requests = [form for method, path, form in provider.relay.seen if path == "/oauth2/token"]
    verifier = token_requests[-1]["code_verifier"][0]
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert digest == asked["code_challenge"] and len(verifier) >= 43


def test_a_second_sign_in_gives_the_role_the_changed_group_gives(app, client, provider):
    provider.set_user("bram-1", {"email": "bram@example.org", "groups": ["kt-wijkwerk"]})
    sign_in(client, provider, "bram-1")
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/zoeken")})
    provider.set_user("bram-1", {"email": "bram@example.org", "groups": ["kt-coordinatie"]})
    assert sign_in(client, provider, "bram-1").status_code == 302
    store = app.extensions["kernteamdb.store"]
    assert store.user_by_identity(provider.issuer, "bram-1").role == "coordinator"
    changes = [e for e in store.audit_entries(kind="users") if e.action == "update"]
    assert [(e.before["role"], e.after["role"]) for e in changes] == [("wijkwerker", "coordinator")]
    assert client.get("/beheer/").status_code == 200  # the coordinator's tools open
    users = signed_in_client(app, "admin").get("/beheer/gebruikers").get_data(as_text=True)
    assert "bram@example.org <small>(via Gemeente Test)</small>" in users


def test_a_user_removed_from_the_group_is_refused_and_their_sessions_end(app, client, provider):
    provider.set_user("cor-1", {"groups": ["kt-beheer"]})
    sign_in(client, provider, "cor-1")
    assert signed_in_as(client) is not None
    provider.set_user("cor-1", {"groups": ["oud-team"]})  # they left: the organisation took the group away
    elsewhere = app.test_client()
    refused_with(sign_in(elsewhere, provider, "cor-1"), 403, "geeft geen toegang tot KernteamDB")
    assert signed_in_as(elsewhere) is None
    assert signed_in_as(client) is None  # the session they still had ended too


def test_the_provider_refusing_or_the_person_cancelling_is_said_on_the_login_page(client, provider, caplog):
    refused_with(come_back(client, provider.sign_in_at_form(start(client), "")), 401,
                 "Inloggen bij Gemeente Test is afgebroken")
    start(client)
    refused_with(client.get("/inloggen/gemeente/terug?error=server_error&state=x"), 401,
                 "Gemeente Test liet je niet inloggen")
    refused_with(client.get("/inloggen/gemeente/terug?error=%0Anep%20logregel"), 401, "liet je niet inloggen")
    assert "error server_error" in caplog.text and "nep logregel" not in caplog.text
    assert signed_in_as(client) is None


def _payload_changed(token_response: bytes) -> bytes:
    """The ID token with admin's group written into its claims, its signature left as it was."""
    answer = json.loads(token_response)
    header, payload, signature = answer["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["groups"] = ["kt-beheer"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    answer["id_token"] = f"{header}.{forged}.{signature}"
    return json.dumps(answer).encode()


def _without_id_token(token_response: bytes) -> bytes:
    answer = json.loads(token_response)
    del answer["id_token"]
    return json.dumps(answer).encode()


@pytest.mark.parametrize(("alter", "reason"), [(_payload_changed, "bad_signature"),
                                               (_without_id_token, "no ID token")])
def test_a_tampered_or_missing_id_token_is_refused(app, client, provider, alter, reason, caplog):
    provider.set_user("eve-1", {"groups": ["kt-wijkwerk"]})
    provider.relay.after_token = alter
    refused_with(sign_in(client, provider, "eve-1"), 401, "kon niet worden gecontroleerd")
    assert reason in logged_reason(caplog)
    assert signed_in_as(client) is None
    assert app.extensions["kernteamdb.store"].user_by_identity(provider.issuer, "eve-1") is None


def test_a_token_from_another_issuer_is_refused(app, client, provider, caplog):
    """The provider asked under another name signs a real token with that name as issuer."""
    provider.set_user("iss-1", {"groups": ["kt-wijkwerk"]})
    port = urlsplit(provider.issuer).port

    def other_name(body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
        return body, {**headers, "Host": f"localhost:{port}"}

    provider.relay.before_token = other_name
    refused_with(sign_in(client, provider, "iss-1"), 401, "kon niet worden gecontroleerd")
    assert "Invalid claim: 'iss'" in logged_reason(caplog)
    assert app.extensions["kernteamdb.store"].user_by_identity(provider.issuer, "iss-1") is None


def test_a_token_for_another_client_is_refused(app, client, provider, caplog):
    """A real token, signed by the provider for another application (code substitution)."""
    provider.set_user("aud-1", {"groups": ["kt-wijkwerk"]})
    authorize = start(client)
    ours = query_of(authorize)
    theirs = {**ours, "client_id": "andere-app"}
    other_back = provider.sign_in_at_form(f"{authorize.split('?')[0]}?{urlencode(theirs)}", "aud-1")
    other_code = query_of(other_back)["code"]

    def swapped(body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
        form = dict(query_of("?" + body.decode()))
        form["code"] = other_code
        basic = base64.b64encode(b"andere-app:hun-geheim").decode()
        return urlencode(form).encode(), {**headers, "Authorization": f"Basic {basic}"}

    provider.relay.before_token = swapped
    refused_with(come_back(client, provider.sign_in_at_form(authorize, "aud-1")), 401,
                 "kon niet worden gecontroleerd")
    assert "Invalid claim: 'aud'" in logged_reason(caplog)
    assert app.extensions["kernteamdb.store"].user_by_identity(provider.issuer, "aud-1") is None


def test_an_expired_id_token_is_refused(pool_copy, tmp_path, monkeypatch, caplog):
    with local_provider(lasts=timedelta(minutes=-10)) as stale:
        stale.set_user("old-1", {"groups": ["kt-wijkwerk"]})
        client = make_app(pool_copy, stale.issuer, tmp_path, monkeypatch).test_client()
        refused_with(sign_in(client, stale, "old-1"), 401, "kon niet worden gecontroleerd")
        assert "expired_token" in logged_reason(caplog)
        assert pool_copy.user_by_identity(stale.issuer, "old-1") is None


def test_a_state_that_does_not_match_is_refused(client, app, provider):
    provider.set_user("state-1", {"groups": ["kt-wijkwerk"]})
    back = provider.sign_in_at_form(start(client), "state-1")
    refused_with(come_back(client, back.replace("state=", "state=x")), 400, "niet in deze browser begonnen")
    other_browser = app.test_client()  # a link from someone else's sign-in (login CSRF)
    refused_with(come_back(other_browser, back), 400, "niet in deze browser begonnen")
    assert signed_in_as(other_browser) is None


def test_every_refusal_counts_as_a_failed_sign_in(client, provider):
    def failures() -> float:
        text = client.get("/metrics").get_data(as_text=True)
        return float(re.search(r"^kernteamdb_sign_in_failures_total (\S+)$", text, re.M).group(1))

    before = failures()
    come_back(client, provider.sign_in_at_form(start(client), ""))
    client.get("/inloggen/gemeente/terug?code=x&state=onbekend")
    assert failures() == before + 2


def test_signing_out_offers_to_sign_out_at_the_provider_too(client, provider):
    provider.set_user("uit-1", {"groups": ["kt-wijkwerk"]})
    sign_in(client, provider, "uit-1")
    page = client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/zoeken")},
                       follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Je bent uitgelogd." in html and signed_in_as(client) is None
    link = re.search(r'<a href="([^"]+)">Ook uitloggen bij Gemeente Test</a>', html).group(1)
    asked = query_of(link.replace("&amp;", "&"))
    assert link.startswith(f"{provider.issuer}/oauth2/end_session")
    assert asked["client_id"] == CLIENT_ID and asked["post_logout_redirect_uri"] == "http://localhost/inloggen"
    assert "Ook uitloggen" not in client.get("/inloggen").get_data(as_text=True)  # offered once


def test_with_passwords_off_only_the_provider_signs_in(pool_copy, provider, tmp_path, monkeypatch):
    client = make_app(pool_copy, provider.issuer, tmp_path, monkeypatch, LOCAL_PASSWORDS=False).test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    assert "Inloggen met Gemeente Test" in page and 'name="password"' not in page
    answer = client.post("/inloggen", data={"csrf_token": csrf_token(client), "name": "admin",
                                            "password": PASSWORD})
    refused_with(answer, 403, "Inloggen met een wachtwoord staat uit")
    assert signed_in_as(client) is None


def test_an_unreachable_provider_is_said_not_a_crash(pool_copy, tmp_path, monkeypatch):
    client = make_app(pool_copy, "http://127.0.0.1:9", tmp_path, monkeypatch).test_client()
    refused_with(client.get("/inloggen/gemeente"), 503, "Gemeente Test is nu niet bereikbaar")
    assert client.get("/inloggen/elders").status_code == 404


def test_a_wrong_configuration_stops_the_app_at_start(pool_copy, tmp_path, monkeypatch):
    path = Path(providers_file(tmp_path, "http://127.0.0.1:9"))
    path.write_text(path.read_text().replace('"kt-beheer" = "admin"', '"kt-beheer" = "baas"'))
    monkeypatch.setenv(SECRET_ENV, "geheim")
    with pytest.raises(InvalidInput, match=r"\[providers.gemeente\] roles.kt-beheer: 'baas' is no role"):
        create_app({"TESTING": True, "OIDC_CONFIG": str(path)}, store=pool_copy)
    monkeypatch.setenv("KERNTEAMDB_LOCAL_PASSWORDS", "off")
    with pytest.raises(InvalidInput, match="no sign-in provider is configured"):
        create_app({"TESTING": True}, store=pool_copy)
    monkeypatch.setenv("KERNTEAMDB_LOCAL_PASSWORDS", "misschien")
    with pytest.raises(InvalidInput, match="must be on or off"):
        create_app({"TESTING": True}, store=pool_copy)


def test_behind_a_trusted_proxy_the_provider_is_sent_back_to_the_public_https_address(
        pool_copy, provider, tmp_path, monkeypatch):
    proxied = make_app(pool_copy, provider.issuer, tmp_path, monkeypatch, TRUSTED_PROXIES="10.0.0.5")
    public = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kernteam.gemeente.nl"}
    started = proxied.test_client().get("/inloggen/gemeente", headers=public,
                                        environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert started.status_code == 302
    back = query_of(started.headers["Location"])["redirect_uri"]
    assert back == "https://kernteam.gemeente.nl/inloggen/gemeente/terug"
    # the same headers from anyone else change nothing
    direct = proxied.test_client().get("/inloggen/gemeente", headers=public,
                                       environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert query_of(direct.headers["Location"])["redirect_uri"] == "http://localhost/inloggen/gemeente/terug"
