"""Every error path answers in one shape: ``{"error": {"code", "message",
"details"}}`` with the status of its code for the API, a short Dutch page
for people; never a traceback."""

from __future__ import annotations

import pytest

from web.errors import STATUS

TOO_LARGE = b"x" * (2 * 1024 * 1024 + 1)  # one byte over MAX_CONTENT_LENGTH

API_ERRORS = [
    # (method, url, who, body, status, code)
    ("GET", "/api/v1/me", None, None, 401, "unauthorized"),
    ("GET", "/api/v1/me", "bad-token", None, 401, "unauthorized"),
    ("GET", "/api/v1/users", "wijkwerker", None, 403, "forbidden"),
    ("GET", "/api/v1/professionals/p-nobody", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/teams/nope", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/organisations/nope", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/expertise/nope", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/cases", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/no-such-thing", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/search?q=" + "x" * 501, "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/search?q=dementie&limit=0", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/search?q=dementie&limit=101", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/search?q=dementie&limit=veel", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/search?q=dementie&colour=blue", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/search?q=dementie&requester=p-nobody", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/search?q=dementie&team=t-nobody", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/search?area=nope", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/professionals?limit=0", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/professionals?limit=101", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/professionals?offset=-1", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/professionals?offset=9223372036854775800", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/professionals?offset=1.5e35", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/audit?offset=150000000000000000000000000000000000", "admin", None, 400,
     "invalid_input"),
    ("GET", "/api/v1/network/path?from=p-eva", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/network/path?from=p-eva&to=p-nobody", "admin", None, 404, "not_found"),
    ("GET", "/api/v1/network/ego/p-anna?depth=3", "admin", None, 400, "invalid_input"),
    ("GET", "/api/v1/network/ego/p-nobody", "admin", None, 404, "not_found"),
    ("POST", "/api/v1/search", "admin", None, 405, "method_not_allowed"),
    ("PUT", "/api/v1/professionals/p-anna", "admin", None, 405, "method_not_allowed"),
    ("GET", "/api/v1/test/conflict", "admin", None, 409, "conflict"),
    ("POST", "/api/v1/test/upload", "admin", TOO_LARGE, 413, "too_large"),
    ("GET", "/api/v1/test/crash", "admin", None, 500, "internal_error"),
    ("GET", "/api/v1/me", "closed-store", None, 503, "unavailable"),
]


@pytest.mark.parametrize(("method", "url", "who", "body", "status", "code"), API_ERRORS,
                         ids=[f"{s}-{m}-{u[:60]}" for m, u, _, _, s, _ in API_ERRORS])
def test_every_api_error_has_the_one_shape(faulty, method, url, who, body, status, code):
    answer = faulty(method, url, who, body)
    assert answer.status_code == status == STATUS[code]
    assert answer.mimetype == "application/json"
    body = answer.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details", "problems"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    text = answer.get_data(as_text=True)
    assert "Traceback" not in text and "internal detail" not in text


@pytest.mark.parametrize("body", [b"[" * 5000 + b"]" * 5000,
                                  b'{"name": "A", "bio": ' + b"[" * 2000 + b"]" * 2000 + b"}",
                                  b'{"name": "A", "hours_per_half_year": NaN}'])
def test_a_body_nested_too_deep_or_not_json_is_a_400(faulty, body):
    answer = faulty("POST", "/api/v1/professionals", "admin", body)
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "invalid_input"


def test_impossible_numbers_and_deep_nesting_say_what_is_wrong(faulty):
    offset = faulty("GET", "/api/v1/professionals?offset=9223372036854775800", "admin").get_json()
    assert offset["error"]["details"] == ["offset: 9223372036854775800, must be at most 2147483647"]
    nested = faulty("POST", "/api/v1/professionals", "admin", b"[" * 5000 + b"]" * 5000).get_json()
    assert nested["error"]["details"] == ["(body): nested more than 32 levels"]
    not_a_number = faulty("POST", "/api/v1/professionals", "admin", b'{"name": "A", "bio": NaN}').get_json()
    assert not_a_number["error"]["details"][0].startswith("(body): not JSON (")
    assert "line 1 column" in not_a_number["error"]["details"][0]


def test_details_list_every_problem(faulty):
    body = faulty("GET", "/api/v1/professionals?limit=0&offset=-2", "admin").get_json()
    assert body["error"]["details"] == ["limit: 0, must be from 1 to 100", "offset: -2, must be 0 or more"]
    conflict = faulty("GET", "/api/v1/test/conflict", "admin").get_json()
    assert conflict["error"]["details"] == ["professionals[0]: stale version"]


PAGE_ERRORS = [
    ("GET", "/nergens", "admin", None, 404, "Niet gevonden"),
    ("GET", "/test/forbidden", "admin", None, 403, "Geen toegang"),
    ("POST", "/uitloggen", "admin", {"x": "1"}, 400, "Formulier verlopen"),  # no CSRF token
    ("PUT", "/inloggen", "admin", None, 405, "Niet mogelijk"),
    ("POST", "/inloggen", None, TOO_LARGE, 413, "Te groot"),
    ("GET", "/test/crash", "admin", None, 500, "Er ging iets mis"),
    ("GET", "/", "closed-store", None, 503, "Even niet bereikbaar"),
]


@pytest.mark.parametrize(("method", "url", "who", "body", "status", "title"), PAGE_ERRORS)
def test_every_page_error_is_a_short_dutch_page(faulty, method, url, who, body, status, title):
    answer = faulty(method, url, who, body, html=True)
    assert answer.status_code == status
    html = answer.get_data(as_text=True)
    assert answer.mimetype == "text/html" and '<html lang="nl">' in html
    assert f"<h1>{title}</h1>" in html and f"Foutcode {status}" in html
    assert "Traceback" not in html and "internal detail" not in html


@pytest.mark.parametrize(("method", "url", "html", "allowed"), [
    ("PUT", "/api/v1/professionals/p-anna", False, {"GET", "HEAD", "OPTIONS", "PATCH", "DELETE"}),
    ("TRACE", "/api/v1/me", False, {"GET", "HEAD", "OPTIONS"}),
    ("DELETE", "/healthz", False, {"GET", "HEAD", "OPTIONS"}),
    ("PUT", "/inloggen", True, {"GET", "HEAD", "OPTIONS", "POST"}),
])
def test_every_405_names_the_methods_that_are_allowed(faulty, method, url, html, allowed):
    """RFC 9110: a client told "not like this" is also told how (``Allow``)."""
    answer = faulty(method, url, "admin", html=html)
    assert answer.status_code == 405
    assert {m.strip() for m in answer.headers.get("Allow", "").split(",")} == allowed


@pytest.mark.parametrize(("method", "url", "allowed"), [
    ("DELETE", "/api/v1/professionals/p-anna/merge", {"POST", "OPTIONS"}),
    ("PATCH", "/api/v1/teams/kt-zuidoost/retire", {"POST", "OPTIONS"}),
    ("DELETE", "/api/v1/professionals/p-anna/export", {"GET", "HEAD", "OPTIONS"}),
])
def test_another_method_on_an_action_is_a_405_not_a_record(faulty, method, url, allowed):
    """``/professionals/p-anna/merge`` is the merge, never a record named ``p-anna/merge``."""
    answer = faulty(method, url, "admin")
    assert answer.status_code == 405 and answer.get_json()["error"]["code"] == "method_not_allowed"
    assert {m.strip() for m in answer.headers["Allow"].split(",")} == allowed


def test_an_anonymous_405_on_the_health_check_is_not_a_sign_in(faulty):
    answer = faulty("DELETE", "/healthz", None)
    assert answer.status_code == 405 and "GET" in answer.headers["Allow"]
