"""Where signing in (and the language switch) sends you: only ever a path on
this site, read the way a browser reads it (issue 16, finding 3)."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, csrf_token
from web.next_page import safe_next, same_site_path

#: ``next`` as the request carries it (already URL-decoded) -> where the browser is sent.
TABLE = [
    ("/ok?x=1", "/ok?x=1"),
    ("/zoeken?q=dementie&wijk=Zuidoost", "/zoeken?q=dementie&wijk=Zuidoost"),
    ("/\t/evil.example", "/"),  # what ?next=/%09/evil.example decodes to
    ("/\n/evil.example", "/"),
    ("/\r\n/evil.example", "/"),
    ("/\\evil", "/"),
    ("\\\\evil", "/"),
    ("//evil", "/"),
    ("///evil", "/"),
    (" //evil", "/"),
    ("https://evil", "/"),
    ("https:/evil", "/"),
    ("javascript:alert(1)", "/"),
    ("evil.example", "/"),
    ("/x\nSet-Cookie: a=b", "/xSet-Cookie: a=b"),  # a path on this site, without the line break
    ("", "/"),
]


@pytest.mark.parametrize(("given", "sent_to"), TABLE)
def test_next_is_kept_only_as_a_path_on_this_site(app, given, sent_to):
    with app.test_request_context():
        assert safe_next(given) == sent_to
    found = same_site_path(given)
    assert found is None or (found.startswith("/") and not found.startswith("//"))


@pytest.mark.parametrize("query", ["/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example",
                                   "/%5Cevil", "//evil", "https://evil", "%2F%2Fevil"])
def test_signed_in_a_crafted_next_goes_to_the_start_page(as_role, query):
    answer = as_role("wijkwerker").get(f"/inloggen?next={query}")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"


def test_signed_in_a_line_break_in_next_is_no_error(as_role):
    answer = as_role("wijkwerker").get("/inloggen?next=/ok%0d%0aSet-Cookie:%20x=1")
    assert answer.status_code == 302 and answer.headers["Location"] == "/okSet-Cookie:%20x=1"
    assert "x=1" not in answer.headers.get("Set-Cookie", "")


def test_signed_in_a_plain_next_still_works(as_role):
    answer = as_role("wijkwerker").get("/inloggen?next=/ok?x=1")
    assert answer.status_code == 302 and answer.headers["Location"] == "/ok?x=1"


@pytest.mark.parametrize("given", ["/\t/evil.example", "/\\evil", "//evil", "https://evil"])
def test_signing_in_with_a_crafted_next_goes_to_the_start_page(fresh_app, given):
    client = fresh_app.test_client()
    token = csrf_token(client)
    answer = client.post("/inloggen", data={"csrf_token": token, "name": "admin", "password": PASSWORD,
                                            "next": given})
    assert answer.status_code == 302 and answer.headers["Location"] == "/"


def test_a_newline_in_next_after_signing_in_is_no_error(fresh_app):
    client = fresh_app.test_client()
    token = csrf_token(client)
    answer = client.post("/inloggen", data={"csrf_token": token, "name": "admin", "password": PASSWORD,
                                            "next": "/ok\n?x=1"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/ok?x=1"


@pytest.mark.parametrize("given", ["/\t/evil.example", "/\\evil", "/\n"])
def test_the_language_switch_goes_back_only_to_this_site(client, given):
    token = csrf_token(client)
    answer = client.post("/taal", data={"csrf_token": token, "lang": "en", "next": given})
    assert answer.status_code == 302 and not answer.headers["Location"].startswith("//")
    assert "\n" not in answer.headers["Location"]
