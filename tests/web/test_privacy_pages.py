"""AVG in the browser: downloading one's data, and a coordinator erasing a person
after a confirmation page (their cases stay, anonymously)."""

from __future__ import annotations

import json
import re

import pytest

from tests.web.conftest import csrf_token, signed_in_client


def test_the_specialist_downloads_their_own_data(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    page = anna.get("/profiel/p-anna").get_data(as_text=True)
    assert 'href="/profiel/p-anna/gegevens" download>Download mijn gegevens</a>' in page
    answer = anna.get("/profiel/p-anna/gegevens")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert 'attachment; filename="kernteamdb-gegevens-p-anna.json"' == answer.headers["Content-Disposition"]
    data = json.loads(answer.get_data(as_text=True))
    assert data["professional"]["email"] == "anna@example.org"
    assert data["cases"]["count"] == 2 and data["cases"]["by_area"] == {"dementie": 2, "schulden": 1}
    assert data["accounts"][0]["name"] == "specialist"
    assert "Bram" not in answer.get_data(as_text=True)  # nothing about other people


@pytest.mark.parametrize("role,allowed", [("coordinator", True), ("admin", True), ("specialist", False),
                                          ("wijkwerker", False), ("triagist", False)])
def test_who_may_download_someones_data(fresh_app, role, allowed):
    client = signed_in_client(fresh_app, role)
    answer = client.get("/profiel/p-cees/gegevens")
    assert answer.status_code == (200 if allowed else 403)
    assert ("/profiel/p-cees/gegevens" in client.get("/profiel/p-cees").get_data(as_text=True)) == allowed
    assert client.get("/profiel/p-nobody/gegevens").status_code == 404


def test_a_linked_wijkwerker_downloads_their_own_data_too(fresh_app):
    bram = signed_in_client(fresh_app, "wijkwerker")
    assert bram.get("/profiel/p-bram/gegevens").status_code == 200


def test_the_coordinator_erases_a_person_after_confirming(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    assert 'href="/profiel/p-anna/wissen">Persoon wissen</a>' in \
        coordinator.get("/profiel/p-anna").get_data(as_text=True)
    confirm = coordinator.get("/profiel/p-anna/wissen").get_data(as_text=True)
    assert "<h1>Anna de Vries wissen</h1>" in confirm and "kan niet ongedaan" in confirm
    assert coordinator.get("/profiel/p-anna").status_code == 200  # nothing happened yet
    version = re.search(r'name="version" type="hidden" value="(\d+)"', confirm)
    assert version
    answer = coordinator.post("/profiel/p-anna/wissen", data={
        "csrf_token": csrf_token(coordinator, "/profiel/p-anna/wissen"), "version": version.group(1)})
    assert answer.status_code == 302
    assert "Anna de Vries is gewist." in coordinator.get(answer.headers["Location"]).get_data(as_text=True)
    assert coordinator.get("/profiel/p-anna").status_code == 404
    found = coordinator.get("/zoeken?q=dementie").get_data(as_text=True)
    assert "Anna de Vries" not in found and "Cees Bakker" in found
    assert "Anna de Vries" not in coordinator.get("/teams/kt-zuidoost").get_data(as_text=True)
    # her cases stay, anonymously: Bram's profile still counts two shared dementia cases
    with fresh_app.app_context():
        store = fresh_app.extensions["kernteamdb.store"]
        case = store.get("cases", "c-0001")
        assert [p.professional.startswith("anon-") for p in case.participants] == [False, True]
        assert store.get_user("specialist") is None


@pytest.mark.parametrize("role", ["specialist", "wijkwerker", "triagist"])
def test_only_a_coordinator_may_erase(fresh_app, role):
    client = signed_in_client(fresh_app, role)
    assert "Persoon wissen" not in client.get("/profiel/p-cees").get_data(as_text=True)
    assert client.get("/profiel/p-cees/wissen").status_code == 403
    answer = client.post("/profiel/p-cees/wissen", data={"csrf_token": csrf_token(client, "/zoeken")})
    assert answer.status_code == 403 and "Geen toegang" in answer.get_data(as_text=True)
    assert client.get("/profiel/p-cees").status_code == 200


def test_erasing_needs_the_csrf_token_and_a_current_version(fresh_app, writer):
    coordinator = signed_in_client(fresh_app, "coordinator")
    page = coordinator.get("/profiel/p-cees/wissen").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert version
    assert coordinator.post("/profiel/p-cees/wissen", data={"version": version.group(1)}).status_code == 400
    # someone changes Cees's profile meanwhile: the erasure is refused, to be looked at again
    assert writer("PATCH", "/api/v1/professionals/p-cees",
                  json={"version": int(version.group(1)), "bio": "Nieuw"}).status_code == 200
    token = csrf_token(coordinator, "/profiel/p-cees/wissen")
    stale = coordinator.post("/profiel/p-cees/wissen",
                             data={"csrf_token": token, "version": version.group(1)})
    assert stale.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.get_data(as_text=True)
    assert coordinator.get("/profiel/p-cees").status_code == 200
    assert coordinator.get("/profiel/p-nobody/wissen").status_code == 404
