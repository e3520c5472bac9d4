"""The application factory, the signed-in start page with its base template,
and the health check."""

from __future__ import annotations

import subprocess
import sys

from tests.web.conftest import signed_in_client
from web import STORE, create_app


def test_the_app_uses_the_store_it_is_given(store):
    app = create_app({"TESTING": True}, store=store)
    assert app.extensions[STORE] is store


def test_the_start_page_is_dutch_and_counts_the_pool(as_role):
    page = as_role("coordinator").get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "5 professionals" in html and "3 geanonimiseerde casussen" in html


def test_the_base_template_has_a_skip_link_the_user_and_a_logout_button(as_role):
    html = as_role("specialist").get("/").get_data(as_text=True)
    assert '<a class="skip-link" href="#inhoud">' in html and '<main id="inhoud"' in html
    assert 'href="/static/kernteam.css"' in html
    # the user is linked to p-anna, so the header shows who they are in the pool
    assert "<strong>Anna de Vries</strong>" in html and "(specialist)" in html
    assert "specialist, specialist" not in html  # the account is named after its role: once
    assert '<form method="post" action="/uitloggen">' in html and 'name="csrf_token"' in html


def test_the_stylesheet_is_served_with_visible_focus_styles(client):
    with client.get("/static/kernteam.css") as css:
        assert css.status_code == 200 and ":focus-visible" in css.get_data(as_text=True)


def test_the_demo_is_announced(demo_store):
    html = signed_in_client(create_app({"TESTING": True}, store=demo_store), "wijkwerker") \
        .get("/").get_data(as_text=True)
    assert "Demonetwerk" in html and "fictieve personen" in html


def test_health_check_needs_no_sign_in(pool, client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok"}  # details only for admins and tokens


def test_the_privacy_guard_is_whole_before_the_app_takes_a_request(store_url):
    """In a fresh process, as a server starts: create_app returns with deduce
    loaded, so no request ever waits for (or runs without) the name finder."""
    program = ("import sys; from directory.privacy import model; from graph.stores import open_store; "
               "from web import create_app; assert not model.is_loaded(); "
               "create_app(store=open_store(sys.argv[1], create=True)); print(model.is_loaded())")
    done = subprocess.run([sys.executable, "-c", program, store_url], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
