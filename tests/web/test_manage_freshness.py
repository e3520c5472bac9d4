"""Beheer > Actualiteit (stale profiles for coordinators) and the confirm page
the reminder mail links to: who may see and do what, the filter, a stale
version, CSRF."""

from __future__ import annotations

import re
from datetime import date

import pytest

from directory.accounts.roles import ROLES
from directory.pool import maintain as pool_service
from tests.web.conftest import csrf_token, signed_in_client

TODAY = date(2026, 11, 16)
MANAGERS = ("coordinator", "admin")
OTHERS = ("wijkwerker", "specialist", "triagist")


def rows(html: str) -> list[str]:
    """The names in the table, in order."""
    body = html.split("<tbody>", 1)[1] if "<tbody>" in html else ""
    return re.findall(r'<a href="/profiel/[^"]+">([^<]+)</a>', body)


@pytest.fixture
def today_app(fresh_app):
    fresh_app.config["TODAY"] = TODAY
    return fresh_app


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_admins_see_the_stale_profiles(as_role, role):
    answer = as_role(role).get("/beheer/actualiteit")
    assert answer.status_code == (200 if role in MANAGERS else 403)
    html = answer.get_data(as_text=True)
    if role in MANAGERS:
        assert rows(html) == ["Anna de Vries", "Bram Jansen", "Cees Bakker", "Eva Mulder"]  # never confirmed
        assert '<a href="mailto:anna@example.org">anna@example.org</a>' in html and "nooit" in html
        assert "Dina Smit" not in html  # retired: nobody needs to keep her current
    else:
        assert "Geen toegang" in html and "anna@example.org" not in html


def test_the_list_is_oldest_first_and_a_confirmation_takes_one_off(today_app):
    store = today_app.extensions["kernteamdb.store"]
    pool_service.confirm(store, "p-cees", by=None, today=date(2026, 4, 1))
    pool_service.confirm(store, "p-eva", by=None, today=date(2025, 12, 1))
    pool_service.confirm(store, "p-bram", by=None, today=date(2026, 5, 16))  # exactly 6 months: current
    html = signed_in_client(today_app, "coordinator").get("/beheer/actualiteit").get_data(as_text=True)
    assert rows(html) == ["Anna de Vries", "Eva Mulder", "Cees Bakker"]
    assert "1 dec 2025" in html and "1 apr 2026" in html


def test_the_organisation_filter_and_a_bad_one(as_role):
    coordinator = as_role("coordinator")
    vivent = coordinator.get("/beheer/actualiteit?organisatie=org-vivent").get_data(as_text=True)
    assert rows(vivent) == ["Anna de Vries", "Cees Bakker"]
    assert '<option value="org-vivent" selected>Vivent</option>' in vivent
    bad = coordinator.get("/beheer/actualiteit?organisatie=org-nergens")
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Deze organisatie bestaat niet; kies er een uit de lijst." in html and rows(html) == []
    assert as_role("wijkwerker").get("/beheer/actualiteit?organisatie=org-nergens").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_beheer_entry_and_index_show_only_what_the_role_may_use(as_role, role):
    client = as_role(role)
    header = client.get("/teams").get_data(as_text=True)
    assert ('href="/beheer/"' in header) == (role in MANAGERS)
    index = client.get("/beheer/")
    assert index.status_code == (200 if role in MANAGERS else 403)
    html = index.get_data(as_text=True)
    assert ('href="/beheer/actualiteit"' in html) == (role in MANAGERS)
    assert ('href="/beheer/audit"' in html) == (role in MANAGERS)
    assert ('href="/beheer/gebruikers"' in html) == (role == "admin")


def confirmed(app, professional: str):
    return app.extensions["kernteamdb.store"].get("professionals", professional).confirmed


def test_the_specialist_confirms_their_own_profile_in_one_click(today_app):
    specialist = signed_in_client(today_app, "specialist")
    page = specialist.get("/profiel/p-anna/bevestigen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Mijn profiel klopt nog" in html
    assert "Dit profiel is nog nooit bevestigd." in html and "Dementie (specialist)" in html
    version = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', html).group(1)
    done = specialist.post("/profiel/p-anna/bevestigen",
                           data={"csrf_token": csrf_token(specialist, "/profiel/p-anna/bevestigen"),
                                 "version": version})
    assert done.status_code == 302 and done.headers["Location"] == "/profiel/p-anna"
    assert confirmed(today_app, "p-anna") == TODAY
    assert "het profiel is bevestigd" in specialist.get("/profiel/p-anna").get_data(as_text=True)
    trail = today_app.extensions["kernteamdb.store"].audit_entries(kind="professionals", record="p-anna")
    assert (trail[-1].user, trail[-1].action) == ("specialist", "confirm")
    listed = signed_in_client(today_app, "coordinator").get("/beheer/actualiteit").get_data(as_text=True)
    assert "Anna de Vries" not in rows(listed)


@pytest.mark.parametrize(("role", "professional", "status"), [
    ("specialist", "p-cees", 403),  # not their own
    ("wijkwerker", "p-bram", 403),  # their own, but a wijkwerker keeps no profile
    ("triagist", "p-anna", 403),
    ("coordinator", "p-cees", 302),
    ("admin", "p-anna", 302),
])
def test_who_may_confirm_which_profile(today_app, role, professional, status):
    client = signed_in_client(today_app, role)
    assert client.get(f"/profiel/{professional}/bevestigen").status_code == (403 if status == 403 else 200)
    token = csrf_token(client, "/teams")
    version = today_app.extensions["kernteamdb.store"].versions("professionals", [professional])[professional]
    answer = client.post(f"/profiel/{professional}/bevestigen",
                         data={"csrf_token": token, "version": version})
    assert answer.status_code == status
    assert (confirmed(today_app, professional) == TODAY) == (status == 302)


def test_a_confirmation_without_csrf_token_or_on_a_stale_version_changes_nothing(today_app):
    specialist = signed_in_client(today_app, "specialist")
    store = today_app.extensions["kernteamdb.store"]
    version = store.versions("professionals", ["p-anna"])["p-anna"]
    refused = specialist.post("/profiel/p-anna/bevestigen", data={"version": version})
    assert refused.status_code == 400 and "Formulier verlopen" in refused.get_data(as_text=True)
    token = csrf_token(specialist, "/profiel/p-anna/bevestigen")
    pool_service.edit(store, "professionals", "p-anna", {"bio": "Nieuw"}, version=version, by=None)
    stale = specialist.post("/profiel/p-anna/bevestigen", data={"csrf_token": token, "version": version})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Iemand anders heeft dit profiel intussen gewijzigd" in html and "Nieuw" in html
    garbage = specialist.post("/profiel/p-anna/bevestigen", data={"csrf_token": token, "version": "x"})
    assert garbage.status_code == 400
    assert confirmed(today_app, "p-anna") is None


def test_the_mail_link_leads_through_the_login_page(client):
    answer = client.get("/profiel/p-anna/bevestigen")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/inloggen?next=/profiel/p-anna/bevestigen"
