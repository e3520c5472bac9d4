"""The team proposal is exact: on many random small pools its team is the
one brute force finds by trying every combination of everyone (issue 21),
not only the strongest few per need; when the work would be too much it
says it is not exact instead of pretending."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np

from directory.search.queries import SearchQuery, check_query
from graph.search import rank_experts
from graph.team import MIN_COVER, propose_team, pruned_team
from graph.team_exact import Budget
from tests.conftest import DEMO_TODAY

PLENTY = Budget(pairs=10**9, nodes=10**9)


def brute_force(skills, needs, cost):
    """The smallest team of everyone in ``skills`` covering every coverable need,
    then least cost, most strength, ids: every combination tried."""
    needs = [n for n in needs if any(s.get(n, 0.0) >= MIN_COVER for s in skills.values())]
    people = sorted(skills)
    for size in range(1, len(needs) + 1):
        keys = [(size, round(sum(cost(a, b) for a, b in combinations(team, 2)), 6),
                 -round(sum(max(skills[p].get(n, 0.0) for p in team) for n in needs), 6), team)
                for team in combinations(people, size)
                if all(any(skills[p].get(n, 0.0) >= MIN_COVER for p in team) for n in needs)]
        if keys:
            return min(keys)
    return None


def random_pool(rng: random.Random):
    needs = [f"n{i}" for i in range(rng.randint(2, 5))]
    people = [f"p{i:02d}" for i in range(rng.randint(1, 12))]
    # most people meet one or two needs (so teams of three to five are common), some
    # below the cover; coarse skills and costs, so that ties in cost and strength are common
    skills = {p: {n: rng.choice((0.2, 0.3, 0.5, 0.8, 1.0))
                  for n in rng.sample(needs, min(len(needs), rng.choice((1, 1, 1, 2, 2, 3))))}
              for p in people}
    costs = {frozenset(pair): rng.choice((0.1, 0.25, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0 / 3))
             for pair in combinations(people, 2)}
    return skills, needs, lambda a, b: costs[frozenset((a, b))]


def table_of(cost):
    """An ``among`` that answers with every cost among the people named, as a table."""
    def among(people):
        return np.array([[0.0 if a == b else cost(min(a, b), max(a, b)) for b in people] for a in people])
    return among


def key_of(team, skills, needs):
    covered = [n for n in needs if n not in team.uncovered]
    strength = sum(max(skills[p].get(n, 0.0) for p in team.members) for n in covered)
    return (len(team.members), team.cost, -round(strength, 6), team.members)


def test_the_team_is_the_one_brute_force_finds_on_many_random_pools():
    rng = random.Random(21)
    checked = larger = 0
    for _ in range(3000):
        skills, needs, cost = random_pool(rng)
        best = brute_force(skills, needs, cost)
        team = propose_team(skills, needs, cost, budget=PLENTY)
        # the same team when the costs come as one table (as a search hands them over)
        assert propose_team(skills, needs, cost, budget=PLENTY, among=table_of(cost)) == team
        if best is None:  # no need can be met: the proposal says so with nobody in it
            assert team is not None and team.members == () and set(team.uncovered) == set(needs)
            continue
        assert team is not None and team.exact
        assert key_of(team, skills, needs) == best, (skills, needs)
        checked += 1
        larger += best[0] >= 3
    assert checked > 2000 and larger > 400


def test_the_exact_team_beats_the_pruned_search_when_the_close_colleague_is_not_among_the_strongest():
    # six strong debt counsellors who know nobody, and a slightly weaker one who knows Anna well
    skills = {"anna": {"dementie": 1.0}, **{f"debt{i}": {"schulden": 1.0} for i in range(6)},
              "zoe": {"schulden": 0.9}}

    def cost(a, b):
        return 0.2 if {a, b} == {"anna", "zoe"} else 1.0

    exact = propose_team(skills, ["dementie", "schulden"], cost)
    assert exact is not None and exact.exact and exact.members == ("anna", "zoe") and exact.cost == 0.2
    pruned = pruned_team(skills, ["dementie", "schulden"], cost)
    assert pruned is not None and not pruned.exact and pruned.cost == 1.0
    assert exact.as_json()["exact"] is True and pruned.as_json()["exact"] is False


def test_beyond_the_budget_or_five_needs_the_pruned_search_answers_and_says_so():
    rng = random.Random(5)
    skills, needs, cost = random_pool(rng)
    while brute_force(skills, needs, cost) is None or brute_force(skills, needs, cost)[0] < 2:
        skills, needs, cost = random_pool(rng)
    assert not propose_team(skills, needs, cost, budget=Budget(pairs=0)).exact
    six = [f"n{i}" for i in range(6)]
    many = {f"p{i}": {n: 1.0 for n in six[i % 2::2]} for i in range(4)}
    team = propose_team(many, six, lambda a, b: 1.0)
    assert team is not None and not team.exact and len(team.members) == 2


def test_when_no_team_of_three_of_the_strongest_covers_the_needs_a_greedy_team_still_does():
    six = [f"n{i}" for i in range(6)]
    skills = {f"p{i}": {need: 0.9} for i, need in enumerate(six)}
    skills["all-but-one"] = {need: 0.5 for need in six[1:]}
    team = propose_team(skills, six, lambda a, b: 1.0)
    assert team is not None and not team.exact
    assert team.members == ("all-but-one", "p0") and team.covers["n0"] == "p0" and team.cost == 1.0
    four = six[:4]
    alone = {f"p{i}": {need: 0.9} for i, need in enumerate(four)}
    greedy = propose_team(alone, four, lambda a, b: 0.5, budget=Budget(pairs=0))
    assert greedy is not None and not greedy.exact and greedy.members == ("p0", "p1", "p2", "p3")
    assert greedy.cost == 3.0  # six pairs
    exact = propose_team(alone, four, lambda a, b: 0.5)
    assert exact is not None and exact.exact and exact.members == greedy.members


class Watched:
    """A cost that records who was announced (``among``) and which pairs were asked after."""

    def __init__(self, cost):
        self.cost, self.announced, self.asked = cost, [], []

    def __call__(self, a, b):
        self.asked.append((a, b, len(self.announced)))
        return self.cost(a, b)

    def among(self, people):
        self.announced.append(set(people))


def test_the_costs_asked_are_among_the_people_announced_first():
    rng = random.Random(8)
    for _ in range(200):
        skills, needs, cost = random_pool(rng)
        for budget in (PLENTY, Budget(pairs=0)):
            watched = Watched(cost)
            propose_team(skills, needs, watched, budget=budget, among=watched.among)
            assert all(a < b and at > 0 and {a, b} <= watched.announced[at - 1]
                       for a, b, at in watched.asked)


def test_a_household_with_four_needs_gets_a_team_for_all_four(demo_store):
    """A lay question that names four needs, each met by different people:
    the former search (at most three of the five strongest per need) proposed
    no team at all; the exact team brings one person per need, each with
    hours left, and says it is exact."""
    query = SearchQuery("jongere van 15 spijbelt en blowt, moeder heeft depressie", ())
    check_query(query, demo_store)
    result = rank_experts(demo_store, query, today=DEMO_TODAY)
    assert len(result.areas) == 4
    team = result.team
    assert team is not None and team.exact and team.uncovered == ()
    assert sorted(team.covers) == sorted(result.areas) and len(team.members) == 4
    people = demo_store.get_many("professionals", list(team.members))
    assert all(person.active for person in people.values())
