"""Signing in and out in the browser: the Dutch login page, where it sends you,
the pause after five wrong passwords, logout, cookie flags and the secret key."""

from __future__ import annotations

import os
import stat

import pytest

from directory.accounts import users as accounts
from tests.web.conftest import PASSWORD, csrf_token
from web import create_app
from web.settings import secret_file

STRONG = "een goed lang wachtwoord"


def sign_in(client, name, password, next_path=""):
    token = csrf_token(client, f"/inloggen?next={next_path}" if next_path else "/inloggen")
    return client.post("/inloggen", data={"csrf_token": token, "name": name, "password": password,
                                          "next": next_path})


def test_signed_out_pages_lead_to_a_dutch_login_page(client):
    answer = client.get("/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/inloggen?next=/"
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="nl">' in page and "<h1>Inloggen</h1>" in page
    assert '<label for="name">Gebruikersnaam</label>' in page and "Wachtwoord" in page
    assert "Demo-gebruikers" not in page  # not a demo store


def test_signing_in_goes_back_where_you_were(client):
    answer = sign_in(client, "Coordinator", PASSWORD, next_path="/api/v1/me")
    assert answer.status_code == 302 and answer.headers["Location"] == "/api/v1/me"
    assert client.get("/api/v1/me").get_json()["name"] == "coordinator"
    assert client.get("/inloggen").headers["Location"] == "/"  # signed in already


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_signing_in_never_sends_you_to_another_site(client, elsewhere):
    answer = sign_in(client, "admin", PASSWORD, next_path=elsewhere)
    assert answer.status_code == 302 and answer.headers["Location"] == "/"


def test_a_wrong_password_says_so_in_dutch_and_signs_nobody_in(client):
    answer = sign_in(client, "admin", "niet het wachtwoord")
    assert answer.status_code == 401
    assert "Onbekende gebruikersnaam of verkeerd wachtwoord." in answer.get_data(as_text=True)
    assert client.get("/").status_code == 302
    empty = sign_in(client, "", "")
    assert empty.status_code == 400
    assert "Vul je gebruikersnaam en wachtwoord in." in empty.get_data(as_text=True)


def test_five_wrong_passwords_pause_that_name_for_every_worker(small_store):
    accounts.add_user(small_store, "anna", "specialist", STRONG)
    accounts.add_user(small_store, "bram", "wijkwerker", STRONG)
    one = create_app({"TESTING": True}, store=small_store).test_client()
    for _ in range(5):
        assert sign_in(one, "anna", "fout wachtwoord").status_code == 401
    # a second worker process on the same store counts the same failures
    from graph.stores import open_store

    other_store = open_store(small_store.url)
    try:
        two = create_app({"TESTING": True}, store=other_store).test_client()
        paused = sign_in(two, "anna", STRONG)  # even the right password, for now
        assert paused.status_code == 429
        text = paused.get_data(as_text=True)
        assert "Te veel mislukte pogingen" in text and "Probeer het over 15 minuten opnieuw." in text
        assert two.get("/").status_code == 302
        assert sign_in(two, "bram", STRONG).status_code == 302  # other names are not paused
    finally:
        other_store.close()


def test_logging_out_is_a_post_and_ends_the_session(client):
    sign_in(client, "triagist", PASSWORD)
    assert client.get("/").status_code == 200
    assert client.get("/uitloggen").status_code == 405  # a link cannot sign anyone out
    answer = client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/")})
    assert answer.status_code == 302 and answer.headers["Location"] == "/inloggen"
    assert "Je bent uitgelogd." in client.get("/inloggen").get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401


def cookie_header(app) -> str:
    client = app.test_client()
    return client.get("/inloggen").headers["Set-Cookie"]


def test_the_session_cookie_is_httponly_lax_and_secure_outside_tests(pool):
    production = cookie_header(create_app({}, store=pool))
    assert "HttpOnly" in production and "SameSite=Lax" in production and "Secure" in production
    assert "Secure" not in cookie_header(create_app({"PLAIN_HTTP": True}, store=pool))
    assert "Secure" not in cookie_header(create_app({"TESTING": True}, store=pool))


def test_the_secret_key_is_kept_beside_the_store_for_every_worker(pool, monkeypatch):
    monkeypatch.delenv("KERNTEAMDB_SECRET_KEY", raising=False)
    first = create_app({"TESTING": True}, store=pool).config["SECRET_KEY"]
    path = secret_file(pool)
    assert path.read_text().strip() == first and len(first) >= 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert create_app({"TESTING": True}, store=pool).config["SECRET_KEY"] == first
    monkeypatch.setenv("KERNTEAMDB_SECRET_KEY", "from-the-environment")
    assert create_app({"TESTING": True}, store=pool).config["SECRET_KEY"] == "from-the-environment"


def test_a_session_signed_with_another_key_is_not_accepted(pool, as_role):
    client = as_role("admin")
    assert client.get("/api/v1/me").status_code == 200
    other = create_app({"TESTING": True, "SECRET_KEY": "another key"}, store=pool).test_client()
    other.set_cookie("kernteamdb_session", client.get_cookie("kernteamdb_session").value)
    assert other.get("/api/v1/me").status_code == 401
