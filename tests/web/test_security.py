"""Defences a person would never see until they are missing: CSRF tokens on
every form, security headers, and no inline script anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import web
from tests.web.conftest import PASSWORD, bearer, csrf_token


def test_csrf_protection_is_on_in_this_app(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


@pytest.mark.parametrize("token", [None, "", "wrong", "IjAwMDAi.AAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_the_login_form_refuses_a_missing_or_wrong_csrf_token(client, token):
    csrf_token(client)  # the browser has a session with a real token
    data = {"name": "admin", "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    answer = client.post("/inloggen", data=data)
    assert answer.status_code == 400 and "Formulier verlopen" in answer.get_data(as_text=True)
    assert client.get("/").status_code == 302  # nobody was signed in


def test_a_token_from_another_session_is_refused(app, client):
    other = app.test_client()
    stolen = csrf_token(other)
    csrf_token(client)
    answer = client.post("/inloggen", data={"name": "admin", "password": PASSWORD, "csrf_token": stolen})
    assert answer.status_code == 400


@pytest.mark.parametrize("token", [None, "wrong"])
def test_the_logout_form_refuses_a_missing_or_wrong_csrf_token(as_role, token):
    client = as_role("admin")
    answer = client.post("/uitloggen", data={} if token is None else {"csrf_token": token})
    assert answer.status_code == 400
    assert client.get("/").status_code == 200  # still signed in


@pytest.mark.parametrize("url", ["/inloggen", "/", "/api/v1/me", "/nergens", "/api/v1/nergens"])
def test_security_headers_on_pages_api_and_errors(as_role, url):
    answer = as_role("admin").get(url)
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["Cache-Control"] == "no-store"  # staff contact details stay out of caches


def test_token_answers_carry_the_headers_too(client, tokens):
    answer = client.get("/api/v1/professionals", headers=bearer(tokens["triagist"]))
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_style():
    """The policy forbids them, so a page that used them would break. Scripts
    come from files (``src``); the only other script element allowed is a
    JSON data block, which browsers never run."""
    templates = Path(web.__file__).parent / "pages" / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, flags=re.S):
            assert ('src="' in tag and not body.strip()) or 'type="application/json"' in tag, template.name
        assert text.count("<script") == len(re.findall(r"<script[^>]*>.*?</script>", text, flags=re.S))
        assert "<style" not in text and " style=" not in text, template.name
        assert "onclick=" not in text.lower() and "javascript:" not in text.lower(), template.name
