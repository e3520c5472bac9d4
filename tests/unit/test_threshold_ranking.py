"""The ranking scores candidates in order of the most their score can be and
stops early (Fagin's threshold algorithm). It must give exactly what scoring everyone
gives: checked on a synthetic pool with realistic skew, for queries with and
without requester, team and wijk, one and two needs."""

from __future__ import annotations

import random

import pytest

from directory.search.queries import SearchQuery, check_query
from directory.search.vocabulary import Vocabulary
from graph import network
from graph.search import candidates, rank_experts, ranking, scoring
from tests.unit.conftest import POOL_TODAY as TODAY


def _queries(store, count: int) -> list[SearchQuery]:
    rng = random.Random(5)
    areas = [a for a in store.areas() if a.broader]
    people = list(store.iter_records("professionals"))
    workers = [p for p in people if p.teams]
    wijken = sorted({w for p in people for w in p.wijken})
    queries = []
    for i in range(count):
        chosen = rng.sample(areas, rng.choice((1, 2)))
        asker = rng.choice(workers) if i % 2 else None
        queries.append(SearchQuery(
            " en ".join(a.label for a in chosen) if i % 3 else "",
            () if i % 3 else tuple(a.id for a in chosen),
            asker.id if asker else None, asker.teams[0] if asker and i % 4 else None,
            rng.choice(wijken) if i % 5 == 0 else None, rng.choice((1, 3, 10))))
    return queries


def _ranked(store, query):
    check_query(query, store)
    result = rank_experts(store, query, today=TODAY, vocabulary=Vocabulary(store.areas()))
    return [(h.id, h.score, h.why) for h in result.results], result.team


@pytest.mark.slow
def test_stopping_early_gives_exactly_what_scoring_everyone_gives(pool, monkeypatch):
    """300 queries: fewer let a bound that leaves out shared history slip through."""
    queries = _queries(pool, 300)
    early = [_ranked(pool, q) for q in queries]
    monkeypatch.setattr(ranking._Ranking, "BLOCK", 10**9)  # every candidate scored: no stopping early
    monkeypatch.setattr(ranking._Ranking, "MAX_BLOCK", 10**9)
    everyone = [_ranked(pool, q) for q in queries]
    assert early == everyone
    assert sum(bool(results) for results, _ in early) >= 270  # the queries did find people


def test_a_search_scores_few_of_the_candidates(pool, monkeypatch):
    scored: list[tuple[int, int]] = []
    run = ranking._Ranking.run

    def counting(self):
        run(self)
        candidates = set().union(*(set(c.ids) for c in self.lists.values()))
        scored.append((len(self.flags), len(candidates)))

    monkeypatch.setattr(ranking._Ranking, "run", counting)
    for query in _queries(pool, 60):  # with and without requester and team, one and two needs
        _ranked(pool, query)
    assert scored and all(read <= max(30, total // 4) for read, total in scored), scored


def test_proximity_per_target_equals_the_whole_neighbourhood(pool):
    graph = pool._index.graph
    people = sorted(p for p in graph if not isinstance(p, tuple))
    rng = random.Random(2)
    for source in rng.sample(people, 15):
        whole = network.two_hop_strength(graph, source)
        targets = rng.sample(people, 80)
        expected = {t: whole[t] for t in targets if t in whole and t != source}
        assert network.two_hop_strength_to(graph, source, targets) == expected
        assert pool.proximity(source, targets) == expected


def test_ties_among_people_are_each_pairs_proximity_to_the_last_bit(pool):
    """The team proposal's costs come from ``proximity_among``: for every two
    people, the number ``proximity`` gives (so a team is costed as before),
    for random people and for people who share colleagues (the middles), with
    an unknown id among them."""
    graph = pool._index.graph
    people = sorted(p for p in graph if not isinstance(p, tuple))
    rng = random.Random(5)
    tied = 0
    for size in (2, 12, 60):
        for group in (rng.sample(people, size), [*list(network.ties(graph, rng.choice(people)))[:size], "x"]):
            table = pool.proximity_among(group).tolist()
            expected = [[0.0 if a == b else pool.proximity(a, [b]).get(b, 0.0) for b in group] for a in group]
            assert table == expected
            assert network.two_hop_strength_among(graph, group).tolist() == table
            tied += sum(value > 0 for row in table for value in row)
    assert tied > 100  # the people compared did have ties, direct and through others


def test_each_needs_list_holds_every_candidates_skill_for_it(pool):
    vocabulary = Vocabulary(pool.areas())
    for area in pool.areas():
        areas = [area.id, *vocabulary.narrower(area.id)]
        found = candidates.need_candidates(pool, area.id, areas, TODAY)
        claims, evidence = pool.claims(areas), pool.evidence_summary(areas, TODAY)
        skill = dict(zip(found.ids, found.skills.tolist(), strict=True))
        assert skill == {pid: scoring.need_skill(area.id, claims.get(pid, {}), evidence.get(pid, {}))
                               for pid in claims.keys() | evidence.keys()}
        assert list(found.ids) == sorted(skill, key=lambda p: (-skill[p], p))
        assert found.skill_of([*found.ids[:3], "p-nobody"]).tolist() == [*found.skills[:3].tolist(), 0.0]
