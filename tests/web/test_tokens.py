"""API tokens end: an expired token gets the API's 401 error shape, and an
admin withdraws any token from Beheer > Gebruikers (one CSRF button per
token), audited; the list never shows a token itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts import users as accounts
from directory.accounts.tokens import ENVIRONMENT
from tests.web.conftest import bearer, csrf_token, signed_in_client
from tests.web.test_sessions import store_of

NOW = datetime.now(UTC)


def unauthorized(answer) -> bool:
    body = answer.get_json()
    return answer.status_code == 401 and set(body) == {"error"} and body["error"]["code"] == "unauthorized" \
        and set(body["error"]) == {"code", "message", "details", "problems"}


def test_an_expired_token_is_refused_with_the_error_shape(fresh_app):
    store = store_of(fresh_app)
    expired, fresh = "kt_" + "a" * 43, "kt_" + "b" * 43
    store.add_token(accounts.token_digest(expired), "triagist", NOW - timedelta(days=2),
                    expires=NOW - timedelta(seconds=1))
    store.add_token(accounts.token_digest(fresh), "triagist", NOW, expires=NOW + timedelta(days=1))
    client = fresh_app.test_client()
    answer = client.get("/api/v1/me", headers=bearer(expired))
    assert unauthorized(answer) and "expired" in answer.get_json()["error"]["message"]
    assert client.get("/api/v1/me", headers=bearer(fresh)).get_json()["name"] == "triagist"


def test_a_token_made_before_tokens_expired_lasts_the_default_from_its_creation(fresh_app, monkeypatch):
    store = store_of(fresh_app)
    old, young = "kt_" + "c" * 43, "kt_" + "d" * 43
    store.add_token(accounts.token_digest(old), "wijkwerker", NOW - timedelta(days=91))  # no expiry
    store.add_token(accounts.token_digest(young), "wijkwerker", NOW - timedelta(days=89))
    client = fresh_app.test_client()
    assert unauthorized(client.get("/api/v1/me", headers=bearer(old)))
    assert client.get("/api/v1/me", headers=bearer(young)).status_code == 200
    monkeypatch.setenv(ENVIRONMENT, "30")  # a shorter setting ends it too
    assert unauthorized(client.get("/api/v1/me", headers=bearer(young)))


def test_the_users_page_lists_tokens_without_the_secret(fresh_app, tokens):
    admin = signed_in_client(fresh_app, "admin")
    html = admin.get("/beheer/gebruikers").get_data(as_text=True)
    assert "<h2 id=\"tokens\">API-tokens</h2>" in html
    for role, token in tokens.items():
        assert token not in html and accounts.token_digest(token) not in html
        assert f"<code>{accounts.token_digest(token)[:12]}</code>" in html, role
    assert html.count(">Intrekken<") == len(tokens)


def test_an_admin_revokes_one_token_and_it_stops_working_at_once(fresh_app, tokens):
    admin = signed_in_client(fresh_app, "admin")
    victim, other = tokens["specialist"], tokens["triagist"]
    token_id = accounts.token_digest(victim)[:12]
    client = fresh_app.test_client()
    assert client.get("/api/v1/me", headers=bearer(victim)).status_code == 200
    answer = admin.post(f"/beheer/gebruikers/tokens/{token_id}/intrekken",
                        data={"csrf_token": csrf_token(admin, "/beheer/gebruikers")})
    assert answer.status_code == 302 and answer.headers["Location"] == "/beheer/gebruikers"
    page = admin.get("/beheer/gebruikers").get_data(as_text=True)
    assert f"API-token {token_id} van specialist is ingetrokken." in page
    assert f"<code>{token_id}</code>" not in page
    assert unauthorized(client.get("/api/v1/me", headers=bearer(victim)))
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200  # only that one
    entry = store_of(fresh_app).audit_entries(kind="users")[-1]
    assert (entry.user, entry.record, entry.action, entry.before["token"]) == \
        ("admin", "specialist", "revoke_token", token_id)
    trail = admin.get("/beheer/audit?kind=users").get_data(as_text=True)
    assert "API-token ingetrokken" in trail and victim not in trail
    again = admin.post(f"/beheer/gebruikers/tokens/{token_id}/intrekken",
                       data={"csrf_token": csrf_token(admin, "/beheer/gebruikers")})
    assert again.status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "wijkwerker"])
def test_only_an_admin_with_a_csrf_token_revokes(fresh_app, tokens, role):
    token_id = accounts.token_digest(tokens["triagist"])[:12]
    someone = signed_in_client(fresh_app, role)
    refused = someone.post(f"/beheer/gebruikers/tokens/{token_id}/intrekken",
                           data={"csrf_token": csrf_token(someone, "/")})
    assert refused.status_code == 403
    admin = signed_in_client(fresh_app, "admin")
    assert admin.post(f"/beheer/gebruikers/tokens/{token_id}/intrekken", data={}).status_code == 400
    assert fresh_app.test_client().get("/api/v1/me", headers=bearer(tokens["triagist"])
                                       ).status_code == 200
