"""Writes through ``/api/v1``: the same role rules as everywhere (403), the
version stated with every edit (409 when stale, nothing lost), per-field
400s, and the actions and tools of coordinators."""

from __future__ import annotations

import pytest

from directory.accounts.roles import ROLES
from tests.web.conftest import csrf_token, signed_in_client

READERS = ("wijkwerker", "specialist", "triagist")


def test_a_coordinator_adds_a_record_and_gets_its_place_and_version(writer):
    answer = writer("POST", "/api/v1/teams",
                    json={"name": "Kernteam West", "kind": "kernteam", "wijk": "West"})
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["id"].startswith("team-") and body["name"] == "Kernteam West"
    assert answer.headers["Location"] == f"/api/v1/teams/{body['id']}"
    assert answer.headers["ETag"] == f'"{body["version"]}"'
    assert writer("GET", answer.headers["Location"]).get_json() == body


@pytest.mark.parametrize("role", READERS)
def test_readers_may_not_write(writer, role):
    for method, url, json in (("POST", "/api/v1/teams", {"name": "X"}),
                              ("PATCH", "/api/v1/teams/kt-zuidoost", {"name": "X", "version": 1}),
                              ("DELETE", "/api/v1/organisations/org-cafe", None),
                              ("POST", "/api/v1/teams/kt-zuidoost/retire", None),
                              ("POST", "/api/v1/expertise/dementie/merge", {"duplicate": "nah"})):
        answer = writer(method, url, json=json, role=role)
        assert answer.status_code == 403, (method, url)
        assert answer.get_json()["error"]["code"] == "forbidden"
    assert writer("GET", "/api/v1/organisations/org-cafe").status_code == 200


def test_bad_fields_are_a_400_that_names_each(writer):
    answer = writer("POST", "/api/v1/professionals", json={"name": "X", "email": "nee", "level": 3})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["details"] == ["email: not an e-mail address", "level: unknown key"]
    for body in ([1, 2], "tekst", None):
        refused = writer("POST", "/api/v1/teams", json=body)
        assert refused.status_code == 400 and refused.get_json()["error"]["details"] == [
            "(body): must be a JSON object"]
    broken = writer("POST", "/api/v1/teams", data="{not json", content_type="application/json")
    assert broken.status_code == 400


@pytest.mark.parametrize(("body", "detail"), [
    ({"id": "../evil", "name": "X"}, "id: a new id holds only letters, digits, '-', '_' and '.', "
                                     "and does not start with '.', '-', '=', '+' or '@'"),
    ({"id": "=cmd|' /C calc'!A0", "name": "X"}, "id: a new id holds only letters, digits, '-', '_' and "
                                                "'.', and does not start with '.', '-', '=', '+' or '@'"),
    ({"name": "Anna\x00de Vries"}, "name: holds a control character (U+0000); remove it"),
])
def test_unsafe_ids_and_control_characters_are_refused(writer, body, detail):
    answer = writer("POST", "/api/v1/professionals", json=body)
    assert answer.status_code == 400 and answer.get_json()["error"]["details"] == [detail]


def test_a_record_with_an_id_from_before_the_safe_set_is_still_edited(fresh_app, writer):
    """Ids stored before the rule keep working: read, edited, referred to."""
    import json

    from directory.exchange.document import import_parsed, parse_document

    store = fresh_app.extensions["kernteamdb.store"]
    old = {"format": "kernteamdb/1", "teams": [{"id": "team 7 (oud)", "name": "Oud team"}]}
    import_parsed(parse_document(json.dumps(old), store, new_ids=False), store)
    version = writer("GET", "/api/v1/teams/team 7 (oud)").get_json()["version"]
    edited = writer("PATCH", "/api/v1/teams/team 7 (oud)", json={"name": "Nieuw team", "version": version})
    assert edited.status_code == 200 and edited.get_json()["name"] == "Nieuw team"
    joined = writer("PATCH", "/api/v1/professionals/p-eva", json={
        "teams": ["wt-zuidoost", "team 7 (oud)"],
        "version": writer("GET", "/api/v1/professionals/p-eva").get_json()["version"]})
    assert joined.status_code == 200 and "team 7 (oud)" in joined.get_json()["teams"]


def test_a_version_written_as_a_whole_float_is_the_same_version(writer):
    """JSON Schema counts ``7.0`` as an integer; a client that writes it so is not refused."""
    version = writer("GET", "/api/v1/teams/kt-zuidoost").get_json()["version"]
    answer = writer("PATCH", "/api/v1/teams/kt-zuidoost", json={"name": "Kern", "version": float(version)})
    assert answer.status_code == 200 and answer.get_json()["name"] == "Kern"
    broken = writer("PATCH", "/api/v1/teams/kt-zuidoost", json={"name": "Kern", "version": version + 0.5})
    assert broken.status_code == 400
    assert broken.get_json()["error"]["details"] == [f"version: {version + 0.5}"]


def test_an_edit_states_its_version_and_a_stale_one_is_a_409(writer):
    version = writer("GET", "/api/v1/professionals/p-cees").get_json()["version"]
    missing = writer("PATCH", "/api/v1/professionals/p-cees", json={"bio": "Eerste"})
    assert missing.status_code == 400 and missing.get_json()["error"]["details"] == [
        "version: required (or send If-Match)"]
    first = writer("PATCH", "/api/v1/professionals/p-cees", json={"bio": "Eerste", "version": version})
    assert first.status_code == 200 and first.get_json()["version"] > version
    second = writer("PATCH", "/api/v1/professionals/p-cees", json={"bio": "Tweede"},
                    headers={"If-Match": f'"{version}"'}, role="admin")
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "conflict"
    assert writer("GET", "/api/v1/professionals/p-cees").get_json()["bio"] == "Eerste"
    again = writer("PATCH", "/api/v1/professionals/p-cees", json={"bio": "Tweede"},
                   headers={"If-Match": first.headers["ETag"]}, role="admin")
    assert again.status_code == 200 and again.get_json()["bio"] == "Tweede"


def test_a_specialist_edits_their_own_profile_only(writer):
    version = writer("GET", "/api/v1/professionals/p-anna").get_json()["version"]
    own = writer("PATCH", "/api/v1/professionals/p-anna", role="specialist",
                 json={"hours_per_half_year": 32, "bio": "Ook NAH", "version": version})
    assert own.status_code == 200 and own.get_json()["hours_per_half_year"] == 32
    name = writer("PATCH", "/api/v1/professionals/p-anna", role="specialist",
                  json={"name": "Anna", "version": own.get_json()["version"]})
    assert name.status_code == 403 and name.get_json()["error"]["details"] == [
        "name: only a coordinator may change this"]
    other = writer("PATCH", "/api/v1/professionals/p-cees", role="specialist",
                   json={"bio": "x", "version": 1})
    assert other.status_code == 403
    confirmed = writer("POST", "/api/v1/professionals/p-anna/confirm", role="specialist")
    assert confirmed.status_code == 200 and confirmed.get_json()["confirmed"]


def test_a_session_write_needs_the_csrf_token(fresh_app):
    client = signed_in_client(fresh_app, "specialist")
    refused = client.post("/api/v1/professionals/p-anna/confirm")
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]["message"]
    token = csrf_token(client, "/")
    accepted = client.post("/api/v1/professionals/p-anna/confirm", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_retired_teams_show_as_inactive_and_come_back(writer):
    retired = writer("POST", "/api/v1/teams/kt-zuidoost/retire")
    assert retired.status_code == 200 and retired.get_json()["active"] is False
    page = writer("GET", "/api/v1/teams").get_json()["items"]
    assert [t.get("active", True) for t in page] == [False, True]
    back = writer("POST", "/api/v1/teams/kt-zuidoost/reactivate",
                  json={"version": retired.get_json()["version"]})
    assert back.status_code == 200 and "active" not in back.get_json()


def test_deleting_what_is_in_use_is_a_409_that_says_by_what(writer):
    answer = writer("DELETE", "/api/v1/teams/wt-zuidoost")
    assert answer.status_code == 409
    assert answer.get_json()["error"]["details"] == ["professionals: p-bram, p-eva",
                                                     "cases: c-0001, c-0002, c-0003"]
    assert writer("DELETE", "/api/v1/organisations/org-cafe").status_code == 204
    assert writer("GET", "/api/v1/organisations/org-cafe").status_code == 404


def test_deleting_a_professional_erases_them_and_keeps_their_cases(writer):
    assert writer("DELETE", "/api/v1/professionals/p-anna").status_code == 204
    assert writer("GET", "/api/v1/professionals/p-anna").status_code == 404
    erased = writer("GET", "/api/v1/audit?kind=professionals&id=p-anna").get_json()["items"]
    assert erased == []
    stand_in = [e for e in writer("GET", "/api/v1/audit?kind=professionals").get_json()["items"]
                if e["action"] == "erase" and e["after"]]
    assert stand_in[0]["after"]["cases"] == 2


def test_both_merges_through_the_api(writer):
    anna = writer("POST", "/api/v1/professionals", json={"id": "p-anna2", "name": "Anna de Vries",
                                                          "email": "anna@example.org"})
    assert anna.status_code == 201
    pairs = writer("GET", "/api/v1/duplicates").get_json()["items"]
    assert pairs[0]["a"] == "p-anna" and pairs[0]["b"] == "p-anna2"
    merged = writer("POST", "/api/v1/professionals/p-anna/merge", json={"duplicate": "p-anna2"})
    assert merged.status_code == 200 and writer("GET", "/api/v1/professionals/p-anna2").status_code == 404
    areas = writer("POST", "/api/v1/expertise/dementie/merge", json={"duplicate": "nah"})
    assert areas.status_code == 200 and "NAH" in areas.get_json()["synonyms"]
    assert writer("POST", "/api/v1/expertise/dementie/merge", json={}).status_code == 400


def test_the_coordinators_tools_are_theirs(writer):
    for role in ROLES:
        allowed = role in ("coordinator", "admin")
        for url in ("/api/v1/duplicates", "/api/v1/audit?since=2020-01-01&limit=5"):
            assert writer("GET", url, role=role).status_code == (200 if allowed else 403), (role, url)
    trail = writer("GET", "/api/v1/audit?kind=users").get_json()["items"]
    assert [(e["id"], e["action"]) for e in trail] == [(role, "create_token") for role in ROLES]
    assert "kt_" not in str(trail)
    assert writer("GET", "/api/v1/audit?since=gisteren").status_code == 400


def test_a_professional_downloads_their_data_and_nobody_elses(writer):
    own = writer("GET", "/api/v1/professionals/p-anna/export", role="specialist")
    assert own.status_code == 200 and own.get_json()["professional"]["id"] == "p-anna"
    assert writer("GET", "/api/v1/professionals/p-cees/export", role="specialist").status_code == 403
    assert writer("GET", "/api/v1/professionals/p-cees/export").status_code == 200
    assert writer("GET", "/api/v1/professionals/p-nobody/export").status_code == 404
