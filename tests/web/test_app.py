"""The (still minimal) web app: the application factory, the home page and the
health check."""

from __future__ import annotations

from web import STORE, create_app


def test_the_app_uses_the_store_it_is_given(store):
    app = create_app({"TESTING": True}, store=store)
    assert app.extensions[STORE] is store


def test_the_home_page_is_dutch_and_counts_the_pool(small_store):
    page = create_app({"TESTING": True}, store=small_store).test_client().get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "5 professionals" in html and "3 geanonimiseerde casussen" in html


def test_the_demo_is_announced(demo_store):
    html = create_app(store=demo_store).test_client().get("/").get_data(as_text=True)
    assert "Demonetwerk" in html and "fictieve personen" in html


def test_health_check(small_store):
    answer = create_app(store=small_store).test_client().get("/healthz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok", "revision": small_store.revision()}
