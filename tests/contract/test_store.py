"""The Store contract: what every backend must answer, the same way.

Parametrised over the backends by the ``store`` fixture in conftest.py."""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory.errors import Conflict, NotFound
from directory.exchange import import_document
from directory.model import KINDS, Case, Claim, Participation, Professional
from directory.ports import ImportPlan, Store


def test_an_empty_store_answers_empty(store: Store):
    assert all(store.count(kind) == 0 for kind in KINDS)
    assert store.get("professionals", "p-anna") is None
    assert store.claims(["dementie"]) == {}
    assert list(store.iter_records("cases")) == []
    assert store.revision() == 0


def test_records_come_back_as_imported(small_store: Store):
    anna = small_store.get("professionals", "p-anna")
    assert anna.name == "Anna de Vries"
    assert anna.expertise == (Claim("dementie", 3),)
    assert anna.hours_per_half_year == 40
    case = small_store.get("cases", "c-0002")
    assert case.areas == ("dementie", "schulden")
    assert [p.professional for p in case.participants] == ["p-bram", "p-anna"]
    assert case.closed == date(2026, 8, 15)


def test_iteration_is_in_id_order(small_store: Store):
    ids = [p.id for p in small_store.iter_records("professionals")]
    assert ids == sorted(ids) == ["p-anna", "p-bram", "p-cees", "p-dina", "p-eva"]
    assert set(small_store.get_many("teams", ["kt-zuidoost", "nope"])) == {"kt-zuidoost"}


TODAY = date(2026, 11, 16)


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


def test_hours_booked_in_a_period(small_store: Store):
    booked = small_store.hours_booked(["p-anna", "p-dina", "p-cees"],
                                      date(2026, 7, 1), date(2026, 12, 31))
    assert booked == {"p-anna": 6.5, "p-dina": 0.0, "p-cees": 0.0}
    assert small_store.hours_booked(["p-dina"], date(2026, 1, 1), date(2026, 6, 30)) == {
        "p-dina": 3.0}


def test_path_through_shared_cases_and_teams(small_store: Store):
    path = small_store.path("p-eva", "p-anna")
    assert path.ids == ("p-eva", "p-bram", "p-anna")
    assert [(x.a, x.b, x.kind) for x in path.links] == [
        ("p-eva", "p-bram", "team"), ("p-bram", "p-anna", "shared_case")]
    assert path.links[1].weight == 2
    assert small_store.path("p-anna", "p-anna").ids == ("p-anna",)


def test_path_between_unconnected_people_is_none(small_store: Store):
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-zz", "name": "Alleen"}]}), small_store)
    assert small_store.path("p-anna", "p-zz").ids is None


def test_path_with_an_unknown_id_is_not_found(small_store: Store):
    with pytest.raises(NotFound):
        small_store.path("p-anna", "p-nobody")


def test_a_replaced_record_takes_its_old_links_with_it(small_store: Store):
    anna = small_store.get("professionals", "p-anna")
    moved = Professional(id=anna.id, name=anna.name, expertise=(Claim("nah", 2),))
    small_store.apply(ImportPlan({"professionals": (moved,)}))
    assert "p-anna" not in small_store.claims(["dementie"])
    assert small_store.claims(["nah"]) == {"p-anna": {"nah": 2}}
    # knows p-bram is gone, but the two shared cases still connect them
    path = small_store.path("p-anna", "p-bram")
    assert [x.kind for x in path.links] == ["shared_case"]


def test_revision_grows_with_each_write(small_store: Store):
    before = small_store.revision()
    small_store.apply(ImportPlan({"professionals": (Professional(id="p-x", name="X"),)}))
    assert small_store.revision() == before + 1


def test_demo_flag(store: Store):
    assert not store.is_demo()
    store.mark_demo()
    assert store.is_demo()


@pytest.mark.parametrize(("change", "named"), [
    ({"participants": ({"professional": "p-nobody"},)}, "unknown professional 'p-nobody'"),
    ({"areas": ("no-such-area",)}, "unknown expertise area 'no-such-area'"),
    ({"team": "no-such-team"}, "nothing was changed"),
])
def test_a_write_with_a_dangling_reference_is_refused_whole(small_store: Store, change, named):
    """Validation normally stops these; the store refuses them too (a plan built
    by other code), and keeps nothing of the write."""
    good = Case(id="c-new-1", opened=date(2026, 9, 1), areas=("dementie",),
                participants=(Participation("p-anna"),))
    fields = {"id": "c-new-2", "opened": date(2026, 9, 2), "areas": ("dementie",),
              "participants": (Participation("p-anna"),)}
    fields.update({k: tuple(Participation(**p) for p in v) if k == "participants" else v
                   for k, v in change.items()})
    before = (small_store.revision(), small_store.count("cases"))
    with pytest.raises(Conflict, match="nothing was changed") as refused:
        small_store.apply(ImportPlan({"cases": (good, Case(**fields))}))
    assert named in refused.value.message
    assert (small_store.revision(), small_store.count("cases")) == before
    assert small_store.get("cases", "c-new-1") is None


def test_history_with_everyone_who_has_some(small_store: Store):
    all_ids = [p.id for p in small_store.iter_records("professionals")]
    asked = small_store.history_summary(all_ids, requester="p-bram", team="wt-zuidoost", today=TODAY)
    everyone = small_store.history_summary(None, requester="p-bram", team="wt-zuidoost", today=TODAY)
    assert everyone == asked and {"p-anna", "p-dina"} <= set(everyone)
    assert small_store.history_summary(None, requester=None, team=None, today=TODAY) == {}


def test_derived_values_are_kept_until_the_store_changes(small_store: Store):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return small_store.count("professionals")

    assert small_store.derived(("count", 1), compute) == 5
    assert small_store.derived(("count", 1), compute) == 5
    assert len(calls) == 1  # kept
    assert small_store.derived(("count", 2), compute) == 5 and len(calls) == 2  # another key
    small_store.apply(ImportPlan({"professionals": (Professional(id="p-x", name="X"),)}))
    assert small_store.derived(("count", 1), compute) == 6 and len(calls) == 3  # a write: afresh


def test_evidence_of_given_people_only(small_store: Store):
    everyone = small_store.evidence_summary(["dementie", "schulden"], TODAY)
    assert small_store.evidence_summary(["dementie", "schulden"], TODAY, ["p-anna", "p-nobody"]) == \
        {"p-anna": everyone["p-anna"]}
    assert small_store.evidence_summary(["dementie"], TODAY, []) == {}
