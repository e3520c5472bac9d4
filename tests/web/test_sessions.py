"""Sessions end on the server: a cookie copied before signing out, or before
the user's password, role or account changed, is refused at once — by the
pages and by the API, in this worker and in another one."""

from __future__ import annotations

from directory.accounts import users as accounts
from graph.stores import open_store
from tests.web.conftest import PASSWORD, csrf_token, signed_in_client
from web import create_app

COOKIE = "kernteamdb_session"


def store_of(app):
    return app.extensions["kernteamdb.store"]


def sign_in(app, name):
    client = app.test_client()
    answer = client.post("/inloggen", data={"csrf_token": csrf_token(client), "name": name,
                                            "password": PASSWORD})
    assert answer.status_code == 302
    return client


def replay(app, cookie):
    """Another browser (an attacker) sending a copy of the cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie)
    return other


def copied_cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def refused(client) -> bool:
    page, api = client.get("/"), client.get("/api/v1/me")
    return page.status_code == 302 and page.headers["Location"].startswith("/inloggen") \
        and api.status_code == 401


def test_a_cookie_replayed_after_signing_out_is_refused(fresh_app):
    client = sign_in(fresh_app, "triagist")
    cookie = copied_cookie(client)
    assert replay(fresh_app, cookie).get("/api/v1/me").get_json()["name"] == "triagist"
    client.post("/uitloggen", data={"csrf_token": csrf_token(client, "/")})
    assert refused(replay(fresh_app, cookie))
    # also at another web worker of the same store
    other = open_store(store_of(fresh_app).url)
    try:
        worker = create_app({"TESTING": True, "SECRET_KEY": fresh_app.config["SECRET_KEY"]}, store=other)
        assert refused(replay(worker, cookie))
    finally:
        other.close()


def test_a_role_change_signs_the_user_out_everywhere(fresh_app):
    victim = sign_in(fresh_app, "coordinator")
    cookie = copied_cookie(victim)
    admin = signed_in_client(fresh_app, "admin")
    answer = admin.post("/beheer/gebruikers/coordinator", data={
        "csrf_token": csrf_token(admin, "/beheer/gebruikers/coordinator"), "was_role": "coordinator",
        "was_professional": "", "role": "wijkwerker", "professional": ""})
    assert answer.status_code == 302
    assert refused(victim) and refused(replay(fresh_app, cookie))
    assert admin.get("/api/v1/me").status_code == 200  # the admin's own session is untouched


def test_removing_a_user_or_setting_their_password_ends_their_sessions(fresh_app):
    removed, reset, bystander = (sign_in(fresh_app, name)
                                 for name in ("triagist", "specialist", "wijkwerker"))
    cookies = [copied_cookie(removed), copied_cookie(reset)]
    accounts.remove_user(store_of(fresh_app), "triagist")
    accounts.change_password(store_of(fresh_app), "specialist", "een heel nieuw wachtwoord")
    assert all(refused(replay(fresh_app, cookie)) for cookie in cookies)
    # the name added again with the same password: the old cookie still does not work
    accounts.add_user(store_of(fresh_app), "triagist", "admin", PASSWORD)
    assert refused(replay(fresh_app, cookies[0]))
    assert bystander.get("/api/v1/me").status_code == 200
