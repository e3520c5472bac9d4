"""The SearchReads contract: declared levels, evidence and shared history,
as search ranks by them, the same way on every backend (the hours booked and
the taxonomy alone: test_booked_hours.py).

Parametrised over the backends by the ``store`` fixture in conftest.py."""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory.exchange.document import import_document
from directory.pool.model import Claim, Professional
from directory.ports import ImportPlan, Store

TODAY = date(2026, 11, 16)


def test_an_empty_store_answers_empty(store: Store):
    assert store.claims(["dementie"]) == {}
    assert store.evidence_summary(["dementie"], TODAY) == {}
    assert store.history_summary(None, requester=None, team=None, today=TODAY) == {}


def test_claims_and_evidence_leave_out_inactive_people(small_store: Store):
    assert small_store.claims(["dementie", "nah"]) == {
        "p-anna": {"dementie": 3}, "p-cees": {"dementie": 2}}
    evidence = small_store.evidence_summary(["dementie", "schulden", "nah"], TODAY)
    # p-dina is inactive; p-bram had the regie, which is no evidence of expertise
    assert set(evidence) == {"p-anna"}
    count, weight, last = evidence["p-anna"]["dementie"]
    assert (count, last) == (2, date(2026, 8, 15))
    expected = 0.5 ** ((TODAY - date(2026, 7, 20)).days / 365) + \
        0.5 ** ((TODAY - date(2026, 8, 15)).days / 365)
    assert weight == pytest.approx(expected)
    assert evidence["p-anna"]["schulden"][0] == 1


def test_history_with_requester_or_team(small_store: Store):
    mine = small_store.history_summary(["p-anna", "p-cees"], requester="p-bram", team=None,
                                       today=TODAY)
    assert set(mine) == {"p-anna"}
    assert (mine["p-anna"][0], mine["p-anna"][2]) == (2, date(2026, 8, 15))
    team = small_store.history_summary(["p-anna", "p-dina"], requester=None, team="wt-zuidoost",
                                       today=TODAY)
    assert set(team) == {"p-anna", "p-dina"}
    assert small_store.history_summary(["p-anna"], requester=None, team=None, today=TODAY) == {}


def test_replacing_a_case_moves_its_evidence_and_history(small_store: Store):
    import_document(json.dumps({"format": "kernteamdb/1", "cases": [
        {"id": "c-0002", "opened": "2026-03-01", "closed": "2026-03-05", "areas": ["nah"],
         "participants": [{"professional": "p-cees", "hours": 1},
                          {"professional": "p-bram", "role": "regie"}]}]}), small_store)
    evidence = small_store.evidence_summary(["dementie", "schulden"], TODAY)
    assert evidence["p-anna"]["dementie"][:1] == (1,)
    assert evidence["p-anna"]["dementie"][2] == date(2026, 7, 20)  # latest recomputed
    assert "schulden" not in evidence["p-anna"]
    mine = small_store.history_summary(["p-anna", "p-cees"], requester="p-bram", team=None,
                                       today=TODAY)
    assert mine["p-anna"][0] == 1 and mine["p-cees"][0] == 1
    assert small_store.hours_booked(["p-anna"], date(2026, 7, 1), date(2026, 12, 31)) == {
        "p-anna": 2.5}


def test_a_replaced_record_takes_its_old_links_with_it(small_store: Store):
    anna = small_store.get("professionals", "p-anna")
    moved = Professional(id=anna.id, name=anna.name, expertise=(Claim("nah", 2),))
    small_store.apply(ImportPlan({"professionals": (moved,)}))
    assert "p-anna" not in small_store.claims(["dementie"])
    assert small_store.claims(["nah"]) == {"p-anna": {"nah": 2}}
    # knows p-bram is gone, but the two shared cases still connect them
    path = small_store.path("p-anna", "p-bram")
    assert [x.kind for x in path.links] == ["shared_case"]


def test_history_with_everyone_who_has_some(small_store: Store):
    all_ids = [p.id for p in small_store.iter_records("professionals")]
    asked = small_store.history_summary(all_ids, requester="p-bram", team="wt-zuidoost", today=TODAY)
    everyone = small_store.history_summary(None, requester="p-bram", team="wt-zuidoost", today=TODAY)
    assert everyone == asked and {"p-anna", "p-dina"} <= set(everyone)
    assert small_store.history_summary(None, requester=None, team=None, today=TODAY) == {}


def test_evidence_of_given_people_only(small_store: Store):
    everyone = small_store.evidence_summary(["dementie", "schulden"], TODAY)
    assert small_store.evidence_summary(["dementie", "schulden"], TODAY, ["p-anna", "p-nobody"]) == \
        {"p-anna": everyone["p-anna"]}
    assert small_store.evidence_summary(["dementie"], TODAY, []) == {}


def test_a_deleted_person_is_gone_from_the_claims(small_store: Store):
    assert small_store.claims(["dementie"])["p-cees"] == {"dementie": 2}
    small_store.apply(ImportPlan({}, deletes={"professionals": ("p-cees",)}))
    assert "p-cees" not in small_store.claims(["dementie"])
