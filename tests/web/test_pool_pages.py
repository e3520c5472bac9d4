"""Teams and Organisaties: browsing who works where."""

from __future__ import annotations

import pytest

from tests.conftest import small_document
from tests.web.conftest import signed_in_client, worker_on


@pytest.mark.parametrize("path", ["/teams", "/teams/wt-zuidoost", "/organisaties",
                                  "/organisaties/org-vivent"])
def test_signed_out_the_pages_send_you_to_the_login(client, path):
    answer = client.get(path)
    assert answer.status_code == 302 and "/inloggen" in answer.headers["Location"]


def test_the_teams_list_and_a_team_with_its_members(as_role):
    worker = as_role("wijkwerker")
    listed = worker.get("/teams").get_data(as_text=True)
    assert 'href="/teams/kt-zuidoost">Kernteam Zuidoost</a>' in listed
    assert "expertiseteam (komt samen)" in listed
    team = worker.get("/teams/wt-zuidoost").get_data(as_text=True)
    assert "<h1>Sociaal wijkteam Zuidoost</h1>" in team
    assert 'href="/profiel/p-bram">Bram Jansen</a>' in team and "Leden (2)" in team
    assert "Verbinders naar andere organisaties" in team


def test_the_organisations_list_and_an_organisation_with_its_people_and_partners(as_role):
    worker = as_role("coordinator")
    listed = worker.get("/organisaties").get_data(as_text=True)
    assert 'href="/organisaties/org-cafe">Alzheimer Café</a>' in listed
    vivent = worker.get("/organisaties/org-vivent").get_data(as_text=True)
    assert 'href="/profiel/p-anna">Anna de Vries</a>' in vivent
    # Anna (Vivent) shared cases with Bram (Gemeente)
    assert '<td><a href="/organisaties/org-gemeente">Gemeente</a></td><td>' in vivent
    cafe = worker.get("/organisaties/org-cafe").get_data(as_text=True)
    assert "Helpt bij" in cafe and '<li><a href="/expertise/dementie">Dementie</a></li>' in cafe


@pytest.mark.parametrize("path", ["/teams/no-such-team", "/organisaties/no-such-org"])
def test_unknown_teams_and_organisations_are_the_dutch_404_page(as_role, path):
    answer = as_role("wijkwerker").get(path)
    assert answer.status_code == 404 and "Niet gevonden" in answer.get_data(as_text=True)


def test_stored_html_and_script_addresses_stay_harmless(store):
    document = small_document()
    document["organisations"][0]["name"] = "<b>Vivent</b>"
    document["organisations"][0]["website"] = "javascript:alert(1)"
    html = worker_on(store, document).get("/organisaties/org-vivent").get_data(as_text=True)
    assert "<b>Vivent</b>" not in html and "&lt;b&gt;Vivent&lt;/b&gt;" in html
    assert 'href="javascript:' not in html


def test_a_retired_team_and_organisation_are_marked_as_closed(fresh_app, writer):
    assert writer("POST", "/api/v1/teams/wt-zuidoost/retire").status_code == 200
    assert writer("POST", "/api/v1/organisations/org-cafe/retire").status_code == 200
    worker = signed_in_client(fresh_app, "wijkwerker")
    teams = worker.get("/teams").get_data(as_text=True)
    assert 'Sociaal wijkteam Zuidoost</a> <span class="retired">opgeheven</span>' in teams
    assert teams.count('class="retired"') == 1
    assert "Dit team is opgeheven" in worker.get("/teams/wt-zuidoost").get_data(as_text=True)
    organisations = worker.get("/organisaties").get_data(as_text=True)
    assert 'Alzheimer Café</a> <span class="retired">opgeheven</span>' in organisations
    assert "Deze organisatie is opgeheven" in worker.get("/organisaties/org-cafe").get_data(as_text=True)
    assert "opgeheven" not in worker.get("/organisaties/org-vivent").get_data(as_text=True)
