"""Changing your own password at /wachtwoord: any role, linked from every
page's header, the current password first, the new one twice with the rules
of adding a user, CSRF, audited; the other browsers are signed out, this one
stays signed in."""

from __future__ import annotations

import pytest

from directory.accounts import signin
from directory.accounts.throttle import SignInGate
from directory.errors import Unauthorized
from tests.web.conftest import PASSWORD, csrf_token
from tests.web.test_sessions import copied_cookie, refused, replay, sign_in, store_of

NEW = "een nieuw en lang wachtwoord"


def change(client, current, new, repeat=None, *, token=True):
    data = {"current": current, "password": new, "repeat": new if repeat is None else repeat}
    if token:
        data["csrf_token"] = csrf_token(client, "/wachtwoord")
    return client.post("/wachtwoord", data=data)


@pytest.mark.parametrize("role", ["wijkwerker", "admin"])
def test_every_user_finds_the_page_from_the_header(fresh_app, role):
    client = sign_in(fresh_app, role)
    assert 'href="/wachtwoord">Wachtwoord wijzigen</a>' in client.get("/").get_data(as_text=True)
    page = client.get("/wachtwoord").get_data(as_text=True)
    assert "<h1>Wachtwoord wijzigen</h1>" in page and "Huidig wachtwoord" in page
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page


def test_a_new_password_signs_out_the_other_browsers_but_not_this_one(fresh_app):
    here, elsewhere = sign_in(fresh_app, "specialist"), sign_in(fresh_app, "specialist")
    stolen = copied_cookie(elsewhere)
    answer = change(here, PASSWORD, NEW)
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert "Je wachtwoord is gewijzigd." in here.get("/").get_data(as_text=True)
    assert here.get("/api/v1/me").get_json()["name"] == "specialist"
    assert refused(elsewhere) and refused(replay(fresh_app, stolen))
    store = store_of(fresh_app)
    assert signin.sign_in(store, "specialist", NEW, gate=SignInGate()).name == "specialist"
    with pytest.raises(Unauthorized):
        signin.sign_in(store, "specialist", PASSWORD, gate=SignInGate())
    entry = store.audit_entries(kind="users")[-1]
    assert (entry.user, entry.record, entry.action) == ("specialist", "specialist", "password")
    assert NEW not in repr(entry) and "argon2" not in repr(entry)


@pytest.mark.parametrize(("current", "new", "repeat", "message"), [
    ("niet het wachtwoord", NEW, None, "Dit is niet je huidige wachtwoord."),
    (PASSWORD, NEW, NEW + "x", "De twee wachtwoorden zijn niet gelijk."),
    (PASSWORD, "kort", None, "Een wachtwoord heeft 10 tot 1024 tekens."),
    ("", NEW, None, "Vul je huidige wachtwoord in."),
])
def test_a_wrong_current_password_or_a_bad_new_one_changes_nothing(fresh_app, current, new, repeat, message):
    client = sign_in(fresh_app, "triagist")
    before = store_of(fresh_app).get_user("triagist")
    answer = change(client, current, new, repeat)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and message in html
    assert new not in html and PASSWORD not in html  # passwords are never echoed
    assert store_of(fresh_app).get_user("triagist") == before
    assert client.get("/api/v1/me").status_code == 200  # still signed in


def test_without_a_csrf_token_the_password_stays(fresh_app):
    client = sign_in(fresh_app, "triagist")
    before = store_of(fresh_app).get_user("triagist")
    assert change(client, PASSWORD, NEW, token=False).status_code == 400
    assert store_of(fresh_app).get_user("triagist") == before


def test_signed_out_the_page_leads_to_the_login(client):
    answer = client.get("/wachtwoord")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/inloggen")
