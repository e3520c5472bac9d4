"""The in-memory index: its bulk loading path and its one-case-at-a-time path
must keep exactly the same aggregates."""

from __future__ import annotations

import pytest

from directory.pool.demo import demo_document
from graph.stores.embedded.memory_index import CaseFacts, MemoryIndex
from tests.conftest import DEMO_TODAY


def rounded(table):
    return {k: [round(x, 9) for x in v] if isinstance(v, list) else
            {kk: round(vv, 9) if isinstance(vv, float) else [round(x, 9) for x in vv]
             for kk, vv in v.items()}
            for k, v in table.items() if v}


@pytest.fixture(scope="module")
def cases():
    return [(c.id, CaseFacts.of(c)) for c in demo_document(DEMO_TODAY).cases]


def test_bulk_and_incremental_loading_agree(cases):
    bulk, one_by_one = MemoryIndex(), MemoryIndex()
    bulk.load_cases(cases)
    one_by_one.put_case(*cases[0])
    one_by_one.load_cases(cases[1:])  # not empty any more: the incremental path
    for name in ("hours_by_half", "evidence", "team_history"):
        assert rounded(getattr(bulk, name)) == rounded(getattr(one_by_one, name)), name
    assert _edges(bulk) == _edges(one_by_one)  # incl. each pair's shared-case history


def _edges(index):
    return sorted((str(a), str(b), {k: round(v, 9) for k, v in data.items()})
                  for a, b, data in index.graph.edges(data=True))


def test_taking_cases_out_again_leaves_nothing(cases):
    index = MemoryIndex()
    index.load_cases(cases)
    for case_id, facts in cases:
        index._drop_case(case_id, facts)
    assert not any(index.evidence.values())
    assert not any(data.get("shared") for _, _, data in index.graph.edges(data=True))
    assert not any(index.team_history.values())
    assert all(abs(h) < 1e-9 for per in index.hours_by_half.values() for h in per.values())


def test_a_shared_edge_value_changes_for_its_own_pair_only():
    """Pairs whose edges hold the same values share one object (memory at a
    million cases): a change to one pair must not reach the others."""
    from datetime import date

    day = date(2026, 3, 2)

    def case(*people):
        return CaseFacts.interned(day, None, ("a",), [(p, "specialist", None) for p in people])

    index = MemoryIndex()
    index.load_cases([("c1", case("p1", "p2")), ("c2", case("p3", "p4"))])
    assert index.graph["p1"]["p2"] is index.graph["p3"]["p4"]  # one object for both
    assert index.evidence["a"]["p1"] is index.evidence["a"]["p3"]
    index.put_case("c3", case("p1", "p2"))
    index._bump("p3", "p4", "knows", 1)
    assert index.pair_history("p3", "p4")[0] == 1 and index.pair_history("p1", "p2")[0] == 2
    assert index.graph["p1"]["p2"].get("knows") == 0 and index.graph["p3"]["p4"]["knows"] == 1
    assert index.evidence["a"]["p3"][0] == 1 and index.evidence["a"]["p1"][0] == 2
    index.drop("cases", "c2")
    assert index.pair_history("p3", "p4") is None and index.pair_history("p1", "p2")[0] == 2
