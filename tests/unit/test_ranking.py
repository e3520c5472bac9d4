"""Ranking: declared level, recency-weighted case evidence, shared history,
proximity, wijk, hours and freshness, each visible in the result; checks on the query."""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory.accounts.roles import User
from directory.errors import InvalidInput, NotFound
from directory.exchange.document import import_document
from directory.pool import maintain as pool
from directory.search.queries import SearchQuery, check_query
from graph.search import WEIGHTS, rank_experts

TODAY = date(2026, 11, 16)


def search(store, q="", **kwargs):
    query = SearchQuery(q, **kwargs)
    check_query(query, store)
    return rank_experts(store, query, today=TODAY)


def add(store, **lists):
    import_document(json.dumps({"format": "kernteamdb/1", **lists}), store)


def add_equal_specialists_one_without_hours(store):
    """p-a1 and p-a2, both level 3 in schulden; p-a1's 4 hours are all booked
    (on a case in another area, so no case evidence for schulden)."""
    add(store,
        professionals=[{"id": "p-a1", "name": "A", "hours_per_half_year": 4,
                        "expertise": [{"area": "schulden", "level": 3}]},
                       {"id": "p-a2", "name": "B", "hours_per_half_year": 40,
                        "expertise": [{"area": "schulden", "level": 3}]}],
        cases=[{"id": "c-h1", "opened": "2026-10-01", "areas": ["nah"],
                "participants": [{"professional": "p-a1", "hours": 4}]}])


def test_the_declared_specialist_ranks_first_with_reasons(small_store):
    result = search(small_store, "geheugenproblemen")
    assert [h.id for h in result.results] == ["p-anna", "p-cees"]
    anna = result.results[0]
    assert anna.matched[0].via == "synonym 'geheugenproblemen'"
    assert (anna.matched[0].level, anna.matched[0].cases) == (3, 2)
    assert anna.why[0] == "Specialist dementie, 2 casussen, laatste aug 2026"
    assert anna.organisation == {"id": "org-vivent", "name": "Vivent"}
    assert anna.hours_left == 40 - 6.5
    assert "Nog 33,5 uur dit halfjaar" in anna.why


def test_inactive_people_never_appear(small_store):
    assert search(small_store, "NAH").results == ()


def test_a_query_without_known_expertise_returns_nobody(small_store):
    result = search(small_store, "het regent")
    assert result.results == () and result.areas == ()


def test_case_evidence_without_a_claim_beats_a_bare_level_one_claim(small_store):
    add(small_store,
        professionals=[{"id": "p-fien", "name": "Fien", "expertise": [{"area": "schulden",
                                                                         "level": 1}]},
                       {"id": "p-gijs", "name": "Gijs"}],
        cases=[{"id": f"c-g{i}", "opened": "2026-03-01", "areas": ["schulden"],
                "participants": [{"professional": "p-gijs", "hours": 1}]} for i in range(5)])
    ranked = [h.id for h in search(small_store, "schulden").results]
    assert ranked.index("p-gijs") < ranked.index("p-fien")


def test_no_hours_left_never_ranks_above_an_equal_colleague(small_store):
    add_equal_specialists_one_without_hours(small_store)
    hits = {h.id: h for h in search(small_store, "schulden").results}
    ranked = [h.id for h in search(small_store, "schulden").results]
    assert hits["p-a1"].hours_left == 0
    assert "Geen uren meer dit halfjaar" in hits["p-a1"].why
    assert ranked.index("p-a2") < ranked.index("p-a1")


def test_a_specialist_without_hours_left_scores_exactly_eight_tenths(small_store):
    """The README's "How search ranks": x 0.8 with no hours left. Two equal
    specialists, one with every hour booked: the other's score without its
    (full) availability part, times 0.8, is the first one's score."""
    add_equal_specialists_one_without_hours(small_store)
    hits = {h.id: h for h in search(small_store, "schulden").results}
    assert (hits["p-a1"].hours_left, hits["p-a2"].hours_left) == (0, 40)
    without_availability = hits["p-a2"].score - WEIGHTS["available"]
    assert hits["p-a1"].score == pytest.approx(0.8 * without_availability, abs=1e-4)


def test_shared_history_and_wijk_count_and_are_explained(small_store):
    plain = {h.id: h.score for h in search(small_store, "dementie").results}
    mine = search(small_store, "dementie", requester="p-bram", wijk="Zuidoost")
    anna = mine.results[0]
    assert anna.id == "p-anna" and anna.score > plain["p-anna"]
    assert anna.shared_cases == 2
    assert "2 casussen met jou, laatste aug 2026" in anna.why
    assert "Werkt in Zuidoost" in anna.why
    assert anna.path == ("p-bram", "p-anna")


def test_equal_scores_are_ordered_by_id(small_store):
    add(small_store, professionals=[
        {"id": f"p-z{i}", "name": f"Z{i}", "expertise": [{"area": "nah", "level": 2}]}
        for i in (3, 1, 2)])
    assert [h.id for h in search(small_store, "NAH").results] == ["p-z1", "p-z2", "p-z3"]


def test_informal_resources_are_listed_beside_the_specialists(small_store):
    result = search(small_store, "Alzheimer", wijk="Zuidoost")
    assert [r.id for r in result.resources] == ["org-cafe"]
    assert search(small_store, "schulden").resources == ()


def test_a_retired_organisation_is_no_longer_offered_as_help(small_store):
    pool.retire(small_store, "organisations", "org-cafe", by=User("carla", "coordinator"))
    assert search(small_store, "Alzheimer", wijk="Zuidoost").resources == ()


def test_explicit_area_ids(small_store):
    assert [h.id for h in search(small_store, areas=("dementie",)).results] == ["p-anna", "p-cees"]


@pytest.mark.parametrize(("query", "error"), [
    (SearchQuery(""), InvalidInput),
    (SearchQuery("   "), InvalidInput),
    (SearchQuery("x" * 501), InvalidInput),
    (SearchQuery("dementie", limit=0), InvalidInput),
    (SearchQuery("dementie", limit=101), InvalidInput),
    (SearchQuery("dementie", requester="p-nobody"), NotFound),
    (SearchQuery("dementie", team="t-nobody"), NotFound),
    (SearchQuery("", areas=("nope",)), NotFound),
])
def test_bad_queries_are_refused_with_a_message(small_store, query, error):
    with pytest.raises(error) as caught:
        check_query(query, small_store)
    assert caught.value.message


def test_a_broad_need_is_met_by_narrower_areas(small_store):
    hits = search(small_store, "Hersenen & cognitie").results
    assert [h.id for h in hits] == ["p-anna", "p-cees"]
    assert hits[0].matched[0].area == "dementie"
    assert hits[0].matched[0].via == "exact, narrower area"
    narrow = search(small_store, "dementie").results[0]
    assert hits[0].score < narrow.score  # at a discount


def test_nothing_understood_offers_suggestions(small_store):
    assert search(small_store, "dementi zzz").areas == ("dementie",)  # a typo within budget
    unknown = search(small_store, "alzheimr")
    assert unknown.areas == ("dementie",)  # typo of the synonym
    nothing = search(small_store, "geheugenprobleemmetjes")
    assert nothing.results == ()
    assert nothing.suggestions == ("Dementie",)


def twins(store, **differences):
    """Two otherwise equal NAH specialists, p-t1 and p-t2, and what differs."""
    people = [{"id": f"p-t{i}", "name": f"Tweeling {i}", "hours_per_half_year": 40,
               "expertise": [{"area": "nah", "level": 2}], "confirmed": "2026-10-01"}
              for i in (1, 2)]
    for field, (first, second) in differences.items():
        people[0][field], people[1][field] = first, second
    add(store, professionals=people)


def test_recent_cases_count_more_than_old_ones(small_store):
    twins(small_store)
    add(small_store, cases=[
        {"id": "c-old", "opened": "2023-05-01", "closed": "2023-05-20", "areas": ["nah"],
         "participants": [{"professional": "p-t1", "hours": 1}]},
        {"id": "c-new", "opened": "2026-09-01", "closed": "2026-09-20", "areas": ["nah"],
         "participants": [{"professional": "p-t2", "hours": 1}]}])
    assert [h.id for h in search(small_store, "NAH").results] == ["p-t2", "p-t1"]


def test_a_stale_profile_ranks_a_little_lower(small_store):
    twins(small_store, confirmed=("2024-06-01", "2026-10-01"))
    hits = search(small_store, "NAH").results
    assert [h.id for h in hits] == ["p-t2", "p-t1"]
    assert "Profiel langer dan een jaar niet bevestigd" in hits[1].why
    assert hits[1].score == pytest.approx(hits[0].score * 0.95, abs=1e-3)


def test_people_the_requester_is_tied_to_rank_higher(small_store):
    twins(small_store, knows=([], ["p-anna"]))
    ranked = search(small_store, "NAH", requester="p-bram").results
    assert [h.id for h in ranked] == ["p-t2", "p-t1"]
    assert ranked[0].path == ("p-bram", "p-anna", "p-t2")
    assert "Verbonden via Anna de Vries" in ranked[0].why


def test_covering_every_need_beats_excelling_at_one(small_store):
    add(small_store, professionals=[
        {"id": "p-both", "name": "Allround", "expertise": [{"area": "dementie", "level": 2},
                                                           {"area": "schulden", "level": 2}]},
        {"id": "p-one", "name": "Specialist", "expertise": [{"area": "schulden", "level": 3}]}])
    ranked = [h.id for h in search(small_store, "dementie en schulden").results]
    assert ranked.index("p-both") < ranked.index("p-one")


def test_several_needs_get_a_team_proposal(small_store):
    add(small_store, professionals=[
        {"id": "p-debt", "name": "Schuldhulp", "knows": ["p-anna"],
         "expertise": [{"area": "schulden", "level": 3}]},
        {"id": "p-debt2", "name": "Schuldhulp twee", "expertise": [{"area": "schulden", "level": 3}]}])
    result = search(small_store, "dementie en schulden")
    # p-anna covers dementie and knows p-debt: they work together best
    assert result.team is not None
    assert result.team.members == ("p-anna", "p-debt")
    assert result.team.covers["dementie"] == "p-anna"
    assert result.as_json()["team"]["covers"]["dementie"] == "p-anna"
    assert search(small_store, "dementie").team is None  # one need: no team


def test_a_need_nobody_can_meet_is_named_beside_the_team(small_store):
    team = search(small_store, areas=("dementie", "nah")).team  # the NAH expert is inactive
    assert team is not None and team.members == ("p-anna",) and team.uncovered == ("nah",)
