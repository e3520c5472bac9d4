"""Who gets in where: every endpoint signed out, with a session and with a
token, and for each role where the role matters."""

from __future__ import annotations

import time

import pytest

from directory.accounts.roles import ROLES
from tests.web.conftest import bearer

API = [
    "/api/v1/search?q=dementie",
    "/api/v1/professionals", "/api/v1/professionals/p-anna",
    "/api/v1/organisations", "/api/v1/organisations/org-vivent",
    "/api/v1/expertise", "/api/v1/expertise/dementie",
    "/api/v1/teams", "/api/v1/teams/wt-zuidoost",
    "/api/v1/network/path?from=p-eva&to=p-anna", "/api/v1/network/ego/p-anna?depth=2",
    "/api/v1/me", "/api/v1/openapi.json",
]
PAGES = ["/"]


@pytest.mark.parametrize("url", API)
def test_signed_out_the_api_answers_401_in_the_error_shape(client, url):
    answer = client.get(url)
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthorized"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("url", [*PAGES, "/no-such-page"])
def test_signed_out_pages_redirect_to_the_login_page(client, url):
    answer = client.get(url)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/inloggen?next=")


@pytest.mark.parametrize("url", ["/inloggen", "/healthz"])
def test_only_the_login_page_and_the_health_check_are_open(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", API)
def test_every_role_may_read_with_a_session(as_role, url, role):
    answer = as_role(role).get(url)
    assert answer.status_code == 200, answer.get_json()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", API)
def test_every_role_may_read_with_a_token(client, tokens, url, role):
    answer = client.get(url, headers=bearer(tokens[role]))
    assert answer.status_code == 200, answer.get_json()
    assert "Set-Cookie" not in answer.headers  # a token opens no browser session


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_may_list_the_users(client, tokens, as_role, role):
    for answer in (client.get("/api/v1/users", headers=bearer(tokens[role])),
                   as_role(role).get("/api/v1/users")):
        if role == "admin":
            assert answer.status_code == 200
            assert [u["name"] for u in answer.get_json()["items"]] == sorted(ROLES)
            assert "password_hash" not in answer.get_data(as_text=True)
        else:
            assert answer.status_code == 403
            assert answer.get_json()["error"] == {
                "code": "forbidden", "message": f"a {role} may not manage users", "details": [],
                "problems": []}


def test_me_tells_the_role_and_its_permissions(client, tokens):
    assert client.get("/api/v1/me", headers=bearer(tokens["coordinator"])).get_json() == {
        "name": "coordinator", "role": "coordinator", "professional": None,
        "permissions": ["consult", "evaluate", "manage_consultations", "read_audit", "read_pool",
                        "write_pool"]}
    linked = client.get("/api/v1/me", headers=bearer(tokens["wijkwerker"])).get_json()
    assert linked["professional"] == "p-bram"


@pytest.mark.parametrize("header", ["Bearer kt_not-a-real-token", "Bearer ", "Basic YWRtaW46ZGVtbw==",
                                    "kt_no-scheme"])
def test_a_bad_token_is_refused_even_with_a_session(as_role, header):
    answer = as_role("admin").get("/api/v1/me", headers={"Authorization": header})
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "unauthorized"


def test_a_token_does_not_open_the_html_pages(client, tokens):
    assert client.get("/", headers=bearer(tokens["admin"])).status_code == 302


def test_a_session_ends_after_twelve_hours_whatever_happens(as_role):
    client = as_role("admin")
    with client.session_transaction() as session:
        session["since"] = int(time.time()) - 12 * 3600 - 1
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/").status_code == 302


def test_a_forged_session_for_another_user_is_refused(as_role):
    client = as_role("wijkwerker")
    with client.session_transaction() as session:
        session["user"] = "admin"  # the check value belongs to the wijkwerker's password
    assert client.get("/api/v1/users").status_code == 401
