"""Dubbelen: likely duplicate professionals side by side, and merging two of
them in the browser — who may, the confirmation page, what the pages show
afterwards, and what a stale or crafted form gets."""

from __future__ import annotations

import json

import pytest

from directory.exchange.document import import_document
from tests.web.conftest import csrf_token, signed_in_client

FORBIDDEN = ("wijkwerker", "triagist", "specialist")

#: Anna de Vries a second time: another spelling, a second area and case of her own.
ANNA_AGAIN = {"format": "kernteamdb/1", "professionals": [
    {"id": "p-anna2", "name": "Vries, Anna de", "organisation": "org-vivent", "email": "anna@example.org",
     "phone": "06-00000009", "expertise": [{"area": "dementie", "level": 2}, {"area": "nah", "level": 2}],
     "teams": ["wt-zuidoost"], "wijken": ["West"], "hours_per_half_year": 20}],
    "cases": [{"id": "c-0009", "opened": "2026-09-01", "areas": ["nah"],
               "participants": [{"professional": "p-eva", "role": "regie"},
                                {"professional": "p-anna2", "role": "specialist", "hours": 1}]}]}


@pytest.fixture
def twice(fresh_app):
    """The fresh app with Anna in the pool twice."""
    import_document(json.dumps(ANNA_AGAIN), pool_of(fresh_app))
    return fresh_app


def pool_of(app):
    return app.extensions["kernteamdb.store"]


def text(answer):
    return answer.get_data(as_text=True)


def post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/zoeken"), **data})


def versions(app):
    found = pool_of(app).versions("professionals", ["p-anna", "p-anna2"])
    return {"keep_version": found["p-anna"], "duplicate_version": found["p-anna2"]}


KEEP_ANNA = {"a": "p-anna", "b": "p-anna2", "keep": "a"}
CONFIRM = {"keep": "p-anna", "duplicate": "p-anna2"}


@pytest.mark.parametrize("role", FORBIDDEN)
def test_other_roles_get_the_403_page_and_no_menu_item(twice, role):
    client = signed_in_client(twice, role)
    answer = client.get("/dubbelen")
    assert answer.status_code == 403 and "Geen toegang" in text(answer)
    assert 'href="/dubbelen"' not in text(client.get("/zoeken"))


@pytest.mark.parametrize("role", FORBIDDEN)
@pytest.mark.parametrize("path, data", [("/dubbelen/samenvoegen", KEEP_ANNA),
                                        ("/dubbelen/samenvoegen/bevestigen", CONFIRM)])
def test_a_crafted_merge_by_another_role_is_refused_and_changes_nothing(twice, role, path, data):
    before = pool_of(twice).revision()
    answer = post(signed_in_client(twice, role), path, data)
    assert answer.status_code == 403 and "Geen toegang" in text(answer)
    assert pool_of(twice).revision() == before


def test_the_coordinator_sees_the_pair_side_by_side_surest_first(twice):
    client = signed_in_client(twice, "coordinator")
    assert 'href="/dubbelen"' in text(client.get("/beheer/"))  # one of the Beheer tools
    page = text(client.get("/dubbelen"))
    assert "Anna de Vries en Vries, Anna de" in page
    assert "zelfde e-mailadres" in page and "zekerheid 100%" in page
    assert "zelfde naam en organisatie" in page  # each sign in Dutch, never the English
    assert "same e-mail" not in page and "same name" not in page
    pair = page.split("Anna de Vries en Vries, Anna de")[1].split("</section>")[0]
    for shown in ("06-00000001", "06-00000009", "Vivent", "Dementie (specialist)", "NAH (ervaren)",
                  "<td>2</td><td>1</td>"):  # cases: Anna 2, the second profile 1
        assert shown in pair, shown


def test_no_pairs_says_so(as_role):
    assert "Geen waarschijnlijke dubbelen gevonden." in text(as_role("admin").get("/dubbelen"))


def test_choosing_nobody_asks_to_choose_on_that_pair(twice):
    client = signed_in_client(twice, "coordinator")
    answer = post(client, "/dubbelen/samenvoegen", {"a": "p-anna", "b": "p-anna2"})
    assert answer.status_code == 400 and "Kies wie blijft." in text(answer)


def test_the_confirmation_shows_the_merged_profile_and_changes_nothing_yet(twice):
    client = signed_in_client(twice, "coordinator")
    before = pool_of(twice).revision()
    page = text(post(client, "/dubbelen/samenvoegen", KEEP_ANNA))
    assert "Samenvoegen bevestigen" in page and "Na het samenvoegen" in page
    merged_column = [row.split("<td>")[-1] for row in page.split("<tr>")[1:]]
    assert any("Dementie (specialist), NAH (ervaren)" in cell for cell in merged_column)  # the higher level
    assert any("Kernteam Zuidoost, Sociaal wijkteam Zuidoost" in cell for cell in merged_column)
    assert "1 casus gaat over naar Anna de Vries" in page
    assert "<td>2</td><td>1</td><td>3</td>" in page  # cases: Anna's, the other profile's, then all three
    assert 'name="duplicate_version"' in page
    assert pool_of(twice).revision() == before


def test_after_the_merge_the_kept_profile_has_it_all_and_the_old_one_points_to_it(twice):
    client = signed_in_client(twice, "coordinator")
    assert "p-anna2" in text(client.get("/zoeken?q=niet-aangeboren+hersenletsel"))
    answer = post(client, "/dubbelen/samenvoegen/bevestigen", {**CONFIRM, **versions(twice)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/profiel/p-anna")
    profile = text(client.get("/profiel/p-anna"))
    assert "zijn samengevoegd" in profile and "NAH" in profile and "West" in profile
    worker = signed_in_client(twice, "wijkwerker")
    old = worker.get("/profiel/p-anna2")
    assert old.status_code == 404 and "samengevoegd" in text(old)
    assert 'href="/profiel/p-anna"' in text(old)
    found = text(worker.get("/zoeken?q=niet-aangeboren+hersenletsel"))
    assert "/profiel/p-anna\"" in found and "p-anna2" not in found
    assert "Geen waarschijnlijke dubbelen gevonden." in text(client.get("/dubbelen"))


def test_a_merge_confirmed_after_someone_changed_a_profile_saves_nothing(twice, writer):
    client = signed_in_client(twice, "coordinator")
    stale = versions(twice)  # then someone edits the second profile through the API
    assert writer("PATCH", "/api/v1/professionals/p-anna2", json={"phone": "06-11111111",
                                                                  "version": stale["duplicate_version"]}
                  ).status_code == 200
    before = pool_of(twice).revision()
    answer = post(client, "/dubbelen/samenvoegen/bevestigen", {**CONFIRM, **stale})
    assert answer.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in text(answer)
    assert pool_of(twice).revision() == before and pool_of(twice).get("professionals", "p-anna2")


@pytest.mark.parametrize("data, message", [
    ({"a": "p-anna", "b": "p-anna", "keep": "a"}, "niet met zichzelf"),
    ({"a": "p-anna", "b": "p-niemand", "keep": "a"}, "Onbekende professional 'p-niemand'"),
])
def test_a_crafted_pair_is_refused_in_dutch(twice, data, message):
    client = signed_in_client(twice, "coordinator")
    answer = post(client, "/dubbelen/samenvoegen", data)
    assert answer.status_code in (400, 404) and message in text(answer).replace("&#39;", "'")


def test_a_merge_without_csrf_token_is_refused(twice):
    client = signed_in_client(twice, "coordinator")
    before = pool_of(twice).revision()
    answer = client.post("/dubbelen/samenvoegen/bevestigen", data=CONFIRM)
    assert answer.status_code == 400 and "Formulier verlopen" in text(answer)
    assert pool_of(twice).revision() == before
