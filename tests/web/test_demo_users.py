"""The demo users: on the login page of a demo store only, and able to sign in."""

from __future__ import annotations

from tests.web.test_signin import sign_in
from web import create_app


def test_the_login_page_of_a_demo_store_lists_the_demo_users(demo_store):
    page = create_app({"TESTING": True}, store=demo_store).test_client().get("/inloggen")
    html = page.get_data(as_text=True)
    assert "Demo-gebruikers" in html and "<code>demo</code>" in html
    for name in ("wijkwerker", "specialist", "triagist", "coordinator", "admin"):
        assert f"<tr><td><code>{name}</code></td><td>{name}</td></tr>" in html


def test_a_demo_user_signs_in_with_demo_and_searches_as_themselves(demo_store):
    client = create_app({"TESTING": True}, store=demo_store).test_client()
    assert sign_in(client, "wijkwerker", "demo").status_code == 302
    me = client.get("/api/v1/me").get_json()
    assert me["professional"] == "p-0043"
    result = client.get("/api/v1/search?q=geheugenproblemen").get_json()
    assert result["results"] and any(hit["shared_cases"] for hit in result["results"])
    html = client.get("/").get_data(as_text=True)
    assert "Sanne Kuipers" in html and "(wijkwerker)" in html and "wijkwerker, wijkwerker" not in html


def test_a_real_store_has_no_demo_users_and_lists_none(small_store):
    client = create_app({"TESTING": True}, store=small_store).test_client()
    assert "Demo-gebruikers" not in client.get("/inloggen").get_data(as_text=True)
    assert sign_in(client, "admin", "demo").status_code == 401
    assert small_store.users() == []
