"""Editing a profile in the browser: a specialist their own, a coordinator any;
problems per field in Dutch with the input kept; two edits of one version;
the one-click confirmation; CSRF."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import csrf_token, signed_in_client

EDIT = "/profiel/p-anna/bewerken"


def form_of(client, path=EDIT) -> dict[str, str | list[str]]:
    """The form on ``path`` as a browser would send it unchanged."""
    html = client.get(path).get_data(as_text=True)
    data: dict[str, str | list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) == "submit"):
            continue
        if kind and kind.group(1) == "checkbox":
            if "checked" in tag:
                data.setdefault(name.group(1), [])
                data[name.group(1)].append(value.group(1) if value else "y")  # type: ignore[union-attr]
            continue
        data[name.group(1)] = value.group(1) if value else ""
    for tag, name, options in re.findall(r'(<select[^>]*name="([^"]+)"[^>]*>)(.*?)</select>', html, re.S):
        chosen = [a or b for a, b in re.findall(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', options)]
        data[name] = chosen if "multiple" in tag else (chosen or [""])[0]
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s?(.*?)</textarea>', html, re.S):
        data[name] = text
    data["csrf_token"] = csrf_token(client, path)
    return data


def html_of(answer) -> str:
    return answer.get_data(as_text=True)


def test_the_specialist_edits_their_own_profile(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    page = html_of(anna.get("/profiel/p-anna"))
    assert f'href="{EDIT}">Bewerken</a>' in page and "Mijn profiel klopt nog" in page
    form = form_of(anna)
    assert form["expertise-0-area"] == "dementie" and form["expertise-0-level"] == "3"
    assert "name" not in form and "organisation" not in form  # only the coordinator's
    form.update({"phone": "06-12345678", "hours_per_half_year": "32,5", "bio": "Ik help graag.",
                 "expertise-1-area": "nah", "expertise-1-level": "2", "other_wijken": "West, Noord"})
    answer = anna.post(EDIT, data=form)
    assert answer.status_code == 302 and answer.headers["Location"] == "/profiel/p-anna"
    page = html_of(anna.get("/profiel/p-anna"))
    assert "Het profiel is opgeslagen." in page and "06-12345678" in page and "Ik help graag." in page
    assert "NAH" in page and "Wijken: Noord, West, Zuidoost" in page and "van 32,5 uur" in page
    assert "Laatst bevestigd:" in page  # editing one's own profile also confirms it


def test_a_row_is_removed_and_a_row_added_without_saving(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    form = form_of(anna)
    rows = len([k for k in form if k.endswith("-area")])
    added = anna.post(EDIT, data={**form, "add_row": "Rij toevoegen", "phone": "06-99999999"})
    assert added.status_code == 200 and f'name="expertise-{rows}-area"' in html_of(added)
    assert 'value="06-99999999"' in html_of(added)  # nothing lost, nothing saved yet
    assert "06-99999999" not in html_of(anna.get("/profiel/p-anna"))
    assert anna.post(EDIT, data={**form, "expertise-0-remove": "y"}).status_code == 302
    # her cases still show dementia, but no longer a declared level
    assert "<td>niet opgegeven</td>" in html_of(anna.get("/profiel/p-anna"))


def test_problems_are_shown_per_field_in_dutch_and_the_input_is_kept(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    form = form_of(anna)
    form.update({"email": "anna-at-example", "phone": "bel me", "hours_per_half_year": "veel",
                 "expertise-1-area": "dementie", "expertise-1-level": "2"})
    answer = anna.post(EDIT, data=form)
    html = html_of(answer)
    assert answer.status_code == 400
    assert 'id="hours_per_half_year-fout">Vul een aantal uren in' in html
    assert 'value="anna-at-example"' in html and 'value="bel me"' in html and 'value="veel"' in html
    # the hours are fixed; the service then names the other fields
    form["hours_per_half_year"] = "40"
    html = html_of(anna.post(EDIT, data=form))
    assert 'id="email-fout">Dit is geen geldig e-mailadres.' in html
    assert 'id="phone-fout">Dit is geen geldig telefoonnummer' in html
    assert 'id="expertise-1-area-fout">&#39;dementie&#39; staat er twee keer in.' in html
    assert "Er zijn 3 problemen; er is niets opgeslagen." in html
    assert "anna@example.org" in html_of(anna.get("/profiel/p-anna"))  # nothing saved


def test_two_edits_of_the_same_version_the_second_is_refused_and_the_first_kept(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    coordinator = signed_in_client(fresh_app, "coordinator")
    hers, theirs = form_of(anna), form_of(coordinator)
    assert hers["version"] == theirs["version"]
    assert coordinator.post(EDIT, data={**theirs, "role": "casemanager NAH"}).status_code == 302
    second = anna.post(EDIT, data={**hers, "phone": "06-55555555"})
    html = html_of(second)
    assert second.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in html
    assert 'value="06-55555555"' in html  # her input is kept
    page = html_of(anna.get("/profiel/p-anna"))
    assert "casemanager NAH" in page and "06-55555555" not in page
    # saving again, now knowingly on top of the current version, works
    newer = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    assert newer and newer.group(1) != hers["version"]
    resent = {**hers, "version": newer.group(1), "phone": "06-55555555"}
    assert anna.post(EDIT, data=resent).status_code == 302
    assert "06-55555555" in html_of(anna.get("/profiel/p-anna"))


def test_the_coordinator_edits_any_profile_with_the_coordinator_fields(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    form = form_of(coordinator, "/profiel/p-cees/bewerken")
    assert form["name"] == "Cees Bakker" and form["organisation"] == "org-vivent"
    form.update({"name": "Cees Bakker-Smit", "teams": ["kt-zuidoost"], "organisation": "org-gemeente"})
    form.pop("active", None)  # unticked: no longer active
    assert coordinator.post("/profiel/p-cees/bewerken", data=form).status_code == 302
    page = html_of(coordinator.get("/profiel/p-cees"))
    assert "<h1>Cees Bakker-Smit</h1>" in page and "niet meer actief" in page
    assert 'href="/teams/kt-zuidoost">Kernteam Zuidoost</a>' in page and ">Gemeente</a>" in page
    emptied = coordinator.post("/profiel/p-cees/bewerken",
                               data={**form_of(coordinator, "/profiel/p-cees/bewerken"), "name": " "})
    assert emptied.status_code == 400 and 'id="name-fout">Vul dit in.' in html_of(emptied)


def test_a_specialist_may_not_send_the_coordinators_fields(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    anna.post(EDIT, data={**form_of(anna), "name": "Anna de Baas", "organisation": "org-gemeente"})
    assert "Anna de Baas" not in html_of(anna.get("/profiel/p-anna"))  # the form has no such fields


@pytest.mark.parametrize("role,path", [
    ("specialist", "/profiel/p-cees/bewerken"),   # someone else's profile
    ("wijkwerker", "/profiel/p-bram/bewerken"),   # their own, but a wijkwerker keeps no profile
    ("wijkwerker", EDIT), ("triagist", EDIT), ("specialist", "/profiel/nieuw")])
def test_who_may_not_edit_gets_the_403_page_and_no_link(fresh_app, role, path):
    client = signed_in_client(fresh_app, role)
    assert client.get(path).status_code == 403
    answer = client.post(path, data={"csrf_token": csrf_token(client, "/zoeken"), "phone": "06-11111111"})
    assert answer.status_code == 403 and "Geen toegang" in html_of(answer)
    profile = html_of(client.get(path.removesuffix("/bewerken").replace("/nieuw", "/p-anna")))
    if role != "specialist" or path != "/profiel/nieuw":
        assert ">Bewerken</a>" not in profile
    assert "06-11111111" not in html_of(client.get("/profiel/p-anna"))


def test_an_unknown_profile_is_the_404_page(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    assert coordinator.get("/profiel/p-nobody/bewerken").status_code == 404
    assert signed_in_client(fresh_app, "specialist").get("/profiel/p-nobody/bewerken").status_code == 404


def test_a_form_without_its_csrf_token_is_refused(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    form = form_of(anna)
    del form["csrf_token"]
    answer = anna.post(EDIT, data={**form, "phone": "06-77777777"})
    assert answer.status_code == 400 and "Formulier verlopen" in html_of(answer)
    confirm = anna.post("/profiel/p-anna/bevestigen", data={})
    assert confirm.status_code == 400
    page = html_of(anna.get("/profiel/p-anna"))
    assert "06-77777777" not in page and "Nog nooit bevestigd." in page


def test_the_specialist_confirms_in_one_click(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    token = csrf_token(anna, "/profiel/p-anna")
    version = re.search(r'name="version" value="(\d+)"', html_of(anna.get("/profiel/p-anna")))
    assert version
    answer = anna.post("/profiel/p-anna/bevestigen", data={"csrf_token": token, "version": version.group(1)})
    assert answer.status_code == 302
    page = html_of(anna.get("/profiel/p-anna"))
    assert "Dank je wel: het profiel is bevestigd." in page and "Laatst bevestigd:" in page
    again = anna.post("/profiel/p-anna/bevestigen", data={"csrf_token": token, "version": version.group(1)})
    assert again.status_code == 409
    assert "Iemand anders heeft dit profiel intussen gewijzigd" in html_of(again)


@pytest.mark.parametrize("role", ["wijkwerker", "triagist", "coordinator"])
def test_only_the_specialist_confirms_their_own_profile(fresh_app, role):
    client = signed_in_client(fresh_app, role)
    assert "Mijn profiel klopt nog" not in html_of(client.get("/profiel/p-anna"))
    with fresh_app.app_context():
        version = fresh_app.extensions["kernteamdb.store"].versions("professionals", ["p-anna"])["p-anna"]
    answer = client.post("/profiel/p-anna/bevestigen",
                         data={"csrf_token": csrf_token(client, "/zoeken"), "version": str(version)})
    page = html_of(signed_in_client(fresh_app, "specialist").get("/profiel/p-anna"))
    if role == "coordinator":  # the service lets a coordinator confirm on someone's behalf
        assert answer.status_code == 302 and "Laatst bevestigd:" in page
    else:
        assert answer.status_code == 403 and "Nog nooit bevestigd." in page


def test_the_coordinator_adds_a_professional(fresh_app):
    coordinator = signed_in_client(fresh_app, "coordinator")
    empty = coordinator.post("/profiel/nieuw", data={"csrf_token": csrf_token(coordinator, "/profiel/nieuw"),
                                                     "email": "nieuw"})
    assert empty.status_code == 400 and 'id="name-fout">Vul dit in.' in html_of(empty)
    assert 'value="nieuw"' in html_of(empty)
    form = {**form_of(coordinator, "/profiel/nieuw?organisatie=org-vivent"), "name": "Fleur Visser",
            "role": "schuldhulpverlener", "expertise-0-area": "schulden", "expertise-0-level": "3",
            "active": "y"}
    assert form["organisation"] == "org-vivent"
    answer = coordinator.post("/profiel/nieuw", data=form)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/profiel/p-")
    page = html_of(coordinator.get(answer.headers["Location"]))
    assert "<h1>Fleur Visser</h1>" in page and "Schuldhulpverlening" in page and ">Vivent</a>" in page


def test_a_form_without_a_version_saves_nothing(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    form = {**form_of(anna), "phone": "06-44444444"}
    del form["version"]
    answer = anna.post(EDIT, data=form)
    assert answer.status_code == 409 and 'value="06-44444444"' in html_of(answer)
    assert "06-44444444" not in html_of(anna.get("/profiel/p-anna"))


def test_a_control_character_is_refused_at_its_field_in_dutch(fresh_app):
    anna = signed_in_client(fresh_app, "specialist")
    form = form_of(anna)
    form.update({"bio": "Ik help\x00graag.", "phone": "06-12345678"})
    answer = anna.post(EDIT, data=form)
    assert answer.status_code == 400
    assert "Hier staat een onzichtbaar stuurteken in (U+0000); haal het weg." in html_of(answer)
    assert fresh_app.extensions["kernteamdb.store"].get("professionals", "p-anna").phone != "06-12345678"
