"""The team proposal for several needs suggests people to call now: never
someone without hours left this half-year or retired, someone not confirmed
for over a year only when no one else meets the need, and a need no one
available meets is said, not silently dropped (issue 18: "geheugenproblemen
en schulden" proposed Tom Visser, with 0 hours left and unconfirmed since
January 2025)."""

from __future__ import annotations

import json
from datetime import date

from directory.exchange.document import import_document
from directory.search.queries import SearchQuery, check_query
from graph.search import rank_experts

TODAY = date(2026, 11, 16)

#: Two debt counsellors: the first knows Anna (dementie), so with her they work together best.
CLOSE = {"id": "p-debt", "name": "Schuldhulp", "knows": ["p-anna"],
         "expertise": [{"area": "schulden", "level": 3}]}
OTHER = {"id": "p-debt2", "name": "Schuldhulp twee", "expertise": [{"area": "schulden", "level": 3}]}


def team_for(store, q, *people, cases=(), areas=()):
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": list(people),
                                "cases": list(cases)}), store)
    query = SearchQuery(q, tuple(areas))
    check_query(query, store)
    return rank_experts(store, query, today=TODAY).team


def booked_full(person: str) -> dict:
    """A case this half-year with the person's whole budget of 40 hours."""
    return {"id": f"c-full-{person}", "opened": "2026-10-01", "areas": ["schulden"],
            "participants": [{"professional": person, "role": "specialist", "hours": 40}]}


def test_the_closest_colleague_is_proposed_when_every_rule_allows(small_store):
    team = team_for(small_store, "dementie en schulden", CLOSE, OTHER)
    assert team.members == ("p-anna", "p-debt") and team.uncovered == ()


def test_someone_without_hours_left_is_not_proposed_when_another_has_hours(small_store):
    team = team_for(small_store, "dementie en schulden", CLOSE, OTHER, cases=[booked_full("p-debt")])
    assert team.members == ("p-anna", "p-debt2") and team.covers["schulden"] == "p-debt2"


def test_someone_without_hours_left_is_never_proposed_and_the_need_is_named(small_store):
    team = team_for(small_store, "dementie en schulden", CLOSE, cases=[booked_full("p-debt")])
    assert team.members == ("p-anna",) and team.covers == {"dementie": "p-anna"}
    assert team.uncovered == ("schulden",)
    assert team.as_json()["uncovered"] == ["schulden"] and team.as_json()["members"] == ["p-anna"]


def test_a_retired_professional_is_never_proposed(small_store):
    team = team_for(small_store, "dementie en schulden", {**CLOSE, "active": False}, OTHER)
    assert team.members == ("p-anna", "p-debt2")
    # the small pool's only NAH expert is retired: nobody is left for that need
    nah = team_for(small_store, "", areas=["dementie", "nah"])
    assert nah.members == ("p-anna",) and nah.uncovered == ("nah",)


def test_a_profile_unconfirmed_for_over_a_year_only_when_nobody_else_meets_the_need(small_store):
    stale = {**CLOSE, "confirmed": "2025-01-31"}
    assert team_for(small_store, "dementie en schulden", stale, OTHER).members == ("p-anna", "p-debt2")
    # without the other counsellor the stale one is still better than nobody
    alone = team_for(small_store, "dementie en schulden", {**OTHER, "active": False})
    assert alone.members == ("p-anna", "p-debt") and alone.uncovered == ()


def test_when_no_need_can_be_met_the_proposal_says_so_with_nobody_in_it(small_store):
    team = team_for(small_store, "", {**OTHER, "active": False}, areas=["schulden", "nah"])
    assert team.members == () and team.covers == {} and set(team.uncovered) == {"schulden", "nah"}


def test_hours_booked_on_an_open_consultation_between_two_searches_take_the_person_out(small_store):
    """Who may be proposed is worked out per place and kept while the records
    stay the same: a consultation step that books someone's last hours must
    still reach the very next search."""
    from datetime import UTC, datetime

    from directory.consultations.records import Booking, Consultation
    from directory.ports import ImportPlan

    assert team_for(small_store, "dementie en schulden", CLOSE, OTHER).members == ("p-anna", "p-debt")
    now = datetime(2026, 11, 16, 9, tzinfo=UTC)
    small_store.apply(ImportPlan({}, consultations=(Consultation(
        id="c-open", model="netwerk", team="wt-zuidoost", lead="p-bram", opened=now,
        bookings=(Booking(professional="p-debt", day=TODAY, hours=40, by="anna", at=now),)),)))
    query = SearchQuery("dementie en schulden", ())
    check_query(query, small_store)
    assert rank_experts(small_store, query, today=TODAY).team.members == ("p-anna", "p-debt2")
