"""The header names the signed-in account's name and role once each, and the menu
has "Mijn profiel" for a user linked to a professional."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from directory.accounts.roles import User
from tests.web.conftest import signed_in_client


def header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_a_role_named_account_shows_its_role_once(as_role):
    html = header(as_role("specialist").get("/teams").get_data(as_text=True))
    assert "<strong>Anna de Vries</strong>" in html and "(specialist)" in html
    assert "specialist, specialist" not in html


def test_an_account_named_otherwise_shows_name_and_role(fresh_app):
    """(On an app of its own: the account it adds must not show up in other tests.)"""
    store = fresh_app.extensions["kernteamdb.store"]
    store.add_user(User("anna.devries", "specialist", "p-anna", "x", datetime.now(UTC)))
    html = header(signed_in_client(fresh_app, "anna.devries").get("/teams").get_data(as_text=True))
    assert "<strong>Anna de Vries</strong>" in html and "(anna.devries, specialist)" in html


def test_an_unlinked_account_named_after_its_role_shows_no_empty_brackets(as_role):
    html = header(as_role("admin").get("/teams").get_data(as_text=True))
    assert "<strong>admin</strong>" in html and "(admin)" not in html and "()" not in html


@pytest.mark.parametrize("role", ["specialist", "wijkwerker"])
def test_mijn_profiel_leads_a_linked_user_to_their_own_profile(as_role, role):
    client = as_role(role)
    html = header(client.get("/teams").get_data(as_text=True))
    assert "Mijn profiel" in html
    link = html.split("Mijn profiel", 1)[0].rsplit('<a href="', 1)[1].split('"', 1)[0]
    own = client.get(link)
    assert own.status_code == 200
    assert 'aria-current="page">Mijn profiel' in header(own.get_data(as_text=True))


def test_no_mijn_profiel_without_a_linked_professional(as_role):
    assert "Mijn profiel" not in header(as_role("admin").get("/teams").get_data(as_text=True))
