"""The coordinator's forms for organisations and teams: create, edit, retire
(with a confirmation page) and reactivate; everyone else is refused."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import csrf_token, signed_in_client
from tests.web.test_edit_profile import form_of


def html_of(answer) -> str:
    return answer.get_data(as_text=True)


def test_the_coordinator_adds_an_organisation_with_problems_first(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    assert 'href="/organisaties/nieuw">Nieuwe organisatie</a>' in html_of(coordinator.get("/organisaties"))
    token = csrf_token(coordinator, "/organisaties/nieuw")
    bad = coordinator.post("/organisaties/nieuw", data={"csrf_token": token, "name": "", "phone": "bellen",
                                                        "kind": "schuldhulp"})
    html = html_of(bad)
    assert bad.status_code == 400 and 'id="name-fout">Vul dit in.' in html
    assert 'id="phone-fout">Dit is geen geldig telefoonnummer' in html and 'value="schuldhulp"' in html
    good = coordinator.post("/organisaties/nieuw", data={
        "csrf_token": token, "name": "Schuldhulp Bosch", "kind": "schuldhulp", "line": "1",
        "areas": ["schulden"], "wijken": ["Zuidoost"], "other_wijken": "Nuland"})
    assert good.status_code == 302 and good.headers["Location"].startswith("/organisaties/org-")
    page = html_of(coordinator.get(good.headers["Location"]))
    assert "<h1>Schuldhulp Bosch</h1>" in page and "Schuldhulpverlening" in page
    assert "Nuland, Zuidoost" in page and "eerste lijn" in page


def test_the_coordinator_edits_an_organisation_and_a_stale_edit_is_refused(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    assert 'href="/organisaties/org-vivent/bewerken">Bewerken</a>' in \
        html_of(coordinator.get("/organisaties/org-vivent"))
    form = form_of(coordinator, "/organisaties/org-vivent/bewerken")
    assert form["name"] == "Vivent" and form["line"] == "2"
    other = signed_in_client(fresh_app, "admin")
    assert other.post("/organisaties/org-vivent/bewerken",
                      data={**form_of(other, "/organisaties/org-vivent/bewerken"),
                            "website": "https://vivent.example"}).status_code == 302
    stale = coordinator.post("/organisaties/org-vivent/bewerken", data={**form, "name": "Vivent Zorg"})
    assert stale.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in html_of(stale)
    assert 'value="Vivent Zorg"' in html_of(stale)
    page = html_of(coordinator.get("/organisaties/org-vivent"))
    assert "https://vivent.example" in page and "Vivent Zorg" not in page


def test_the_coordinator_adds_and_edits_a_team(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    token = csrf_token(coordinator, "/teams/nieuw")
    created = coordinator.post("/teams/nieuw", data={"csrf_token": token, "name": "Sociaal wijkteam West",
                                                     "kind": "wijkteam", "wijk": "West",
                                                     "organisation": "org-gemeente"})
    assert created.status_code == 302
    page = html_of(coordinator.get(created.headers["Location"]))
    assert "<h1>Sociaal wijkteam West</h1>" in page and "sociaal wijkteam, West" in page
    form = form_of(coordinator, "/teams/kt-zuidoost/bewerken")
    form.update({"meets": "elke dinsdag", "organisation": "org-nergens"})
    bad = coordinator.post("/teams/kt-zuidoost/bewerken", data=form)
    assert bad.status_code == 400
    assert "id=\"organisation-fout\">Onbekende organisatie &#39;org-nergens&#39;." in html_of(bad)
    form["organisation"] = "org-vivent"
    assert coordinator.post("/teams/kt-zuidoost/bewerken", data=form).status_code == 302
    assert "Komt samen: elke dinsdag" in html_of(coordinator.get("/teams/kt-zuidoost"))


@pytest.mark.parametrize("kind,path,name", [("organisations", "/organisaties/org-cafe", "Alzheimer Café"),
                                            ("teams", "/teams/wt-zuidoost", "Sociaal wijkteam Zuidoost")])
def test_retire_after_confirming_and_reactivate(fresh_app, kind, path, name):
    coordinator = signed_in_client(fresh_app, "coordinator")
    assert f'href="{path}/opheffen">Opheffen</a>' in html_of(coordinator.get(path))
    confirm = html_of(coordinator.get(f"{path}/opheffen"))
    assert f"{name} opheffen</h1>" in confirm and "opgeheven" not in html_of(coordinator.get(path))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', confirm)
    assert version
    token = csrf_token(coordinator, f"{path}/opheffen")
    done = coordinator.post(f"{path}/opheffen", data={"csrf_token": token, "version": version.group(1)})
    assert done.status_code == 302 and done.headers["Location"] == path
    page = html_of(coordinator.get(path))
    assert "is opgeheven" in page and "Laat weer meedoen" in page
    back = coordinator.post(f"{path}/heropenen", data={"csrf_token": token})
    assert back.status_code == 302
    page = html_of(coordinator.get(path))
    assert "doet weer mee" in page and "Laat weer meedoen" not in page


@pytest.mark.parametrize("role", ["specialist", "wijkwerker", "triagist"])
@pytest.mark.parametrize("path", ["/organisaties/nieuw", "/organisaties/org-vivent/bewerken",
                                  "/organisaties/org-vivent/opheffen", "/teams/nieuw",
                                  "/teams/kt-zuidoost/bewerken", "/teams/kt-zuidoost/opheffen"])
def test_only_a_coordinator_may_change_organisations_and_teams(fresh_app, role, path):
    client = signed_in_client(fresh_app, role)
    assert client.get(path).status_code == 403
    token = csrf_token(client, "/zoeken")
    answer = client.post(path, data={"csrf_token": token, "name": "Overgenomen"})
    assert answer.status_code == 403 and "Geen toegang" in html_of(answer)
    for page in ("/organisaties", "/organisaties/org-vivent", "/teams", "/teams/kt-zuidoost"):
        html = html_of(client.get(page))
        assert "/bewerken" not in html and "/opheffen" not in html and "/nieuw" not in html
    assert "Overgenomen" not in html_of(client.get("/organisaties")) + html_of(client.get("/teams"))


@pytest.mark.parametrize("role", ["specialist", "wijkwerker"])
def test_reactivating_is_refused_too(fresh_app, writer, role):
    assert writer("POST", "/api/v1/teams/kt-zuidoost/retire").status_code == 200
    client = signed_in_client(fresh_app, role)
    answer = client.post("/teams/kt-zuidoost/heropenen", data={"csrf_token": csrf_token(client, "/zoeken")})
    assert answer.status_code == 403
    assert "Dit team is opgeheven" in html_of(client.get("/teams/kt-zuidoost"))


def test_unknown_records_and_missing_tokens(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    for path in ("/organisaties/org-nergens/bewerken", "/teams/t-nergens/opheffen"):
        assert coordinator.get(path).status_code == 404
    assert coordinator.post("/teams/t-nergens/heropenen",
                            data={"csrf_token": csrf_token(coordinator, "/teams")}).status_code == 404
    form = form_of(coordinator, "/teams/kt-zuidoost/bewerken")
    del form["csrf_token"]
    answer = coordinator.post("/teams/kt-zuidoost/bewerken", data={**form, "name": "Zonder token"})
    assert answer.status_code == 400 and "Formulier verlopen" in html_of(answer)
    assert coordinator.post("/teams/kt-zuidoost/opheffen", data={}).status_code == 400
    assert "Zonder token" not in html_of(coordinator.get("/teams"))
    assert "opgeheven" not in html_of(coordinator.get("/teams/kt-zuidoost"))
