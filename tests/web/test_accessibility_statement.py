"""The accessibility statement: public (a barrier may keep someone from
signing in), linked from every page, and it says where to report a problem."""

from __future__ import annotations

from web import create_app


def test_the_statement_is_public_and_linked_from_the_login_page(client):
    login = client.get("/inloggen").get_data(as_text=True)
    assert 'href="/toegankelijkheid"' in login
    page = client.get("/toegankelijkheid")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Toegankelijkheidsverklaring" in text and "WCAG 2.2" in text and "Voldoet gedeeltelijk" in text
    assert "functioneel beheerder of coördinator" in text


def test_the_statement_names_the_contact_the_municipality_configured(store):
    app = create_app({"TESTING": True, "ACCESSIBILITY_CONTACT": "toegankelijkheid@gemeente.example"},
                     store=store)
    text = app.test_client().get("/toegankelijkheid").get_data(as_text=True)
    assert '<a href="mailto:toegankelijkheid@gemeente.example">' in text
