"""The sums search reads, kept on relationships of the Neo4j store.

Walking cases at query time is what made a naive pushdown slow (issue 7:
p50 744 ms at 100,000 cases); so, as the embedded store's ``MemoryIndex``
keeps them in memory, the Neo4j store keeps per person and area
(``EVIDENCE``: cases as specialist), per person and team (``HISTORY``: cases
the team requested) and per pair of people (``SHARED``) the count of cases,
the sum of their recency growth (``memory_index.growth``) and the latest
day as an ordinal. Search turns them into recency-weighted counts with one
multiplication, as on the embedded store, so both stores give the same numbers.

A write adds the sums of new cases to what is there; when cases are
replaced or deleted, the sums of everyone in their old version are worked
out again from that person's cases (a few dozen), because a latest day
cannot be subtracted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

from directory.model import Case
from graph.stores.memory_index import CaseFacts, growth
from graph.stores.neo4j_schema import record_from_doc

#: Per table, per key: [count, sum of growth, latest day as ordinal].
Tables = dict[str, dict[tuple[str, str], list[float]]]

#: table -> (relationship type, label of the other end). Constants only.
_TABLES = {"evidence": ("EVIDENCE", "Expertise"), "history": ("HISTORY", "Team"),
           "shared": ("SHARED", "Professional")}


def case_sums(cases: Iterable[CaseFacts]) -> Tables:
    """The sums the given cases contribute, counted as ``MemoryIndex`` counts
    them: evidence per specialist participation and area, history per person
    of a case its team requested, shared history per pair of people."""
    tables: Tables = {"evidence": {}, "history": {}, "shared": {}}
    evidence, history, shared = tables["evidence"], tables["history"], tables["shared"]
    for facts in cases:
        weight, day = growth(facts.booked_on), float(facts.booked_on.toordinal())
        people = sorted({p[0] for p in facts.participants})
        keys: list[tuple[dict[tuple[str, str], list[float]], tuple[str, str]]] = []
        for person, role, _ in facts.participants:
            if role == "specialist":
                keys.extend((evidence, (person, area)) for area in facts.areas)
        if facts.team:
            keys.extend((history, (person, facts.team)) for person in people)
        keys.extend((shared, pair) for pair in combinations(people, 2))
        for table, key in keys:
            entry = table.get(key)
            if entry is None:
                table[key] = [1.0, weight, day]
            else:
                entry[0] += 1
                entry[1] += weight
                entry[2] = max(entry[2], day)
    return tables


def _rows(table: dict[tuple[str, str], list[float]]) -> list[dict[str, Any]]:
    return [{"p": a, "k": b, "count": int(c), "weight": w, "last": int(last)}
            for (a, b), (c, w, last) in sorted(table.items())]


_ADD = {name: (
    "UNWIND $rows AS row MATCH (p:Professional {id: row.p}) "
    f"MATCH (x:{label} {{id: row.k}}) "
    f"MERGE (p)-[s:{rel}]->(x) ON CREATE SET s.count = 0, s.weight = 0.0, s.last = 0 "
    "SET s.count = s.count + row.count, s.weight = s.weight + row.weight, "
    "s.last = CASE WHEN row.last > s.last THEN row.last ELSE s.last END"
) for name, (rel, label) in _TABLES.items()}

_FORGET = ("UNWIND $people AS pid MATCH (p:Professional {id: pid})-[s:EVIDENCE|HISTORY|SHARED]-() "
           "DELETE s")
_CASES_OF = ("UNWIND $people AS pid MATCH (:Professional {id: pid})<-[:PARTICIPANT]-(c:Case) "
             "RETURN DISTINCT c.id AS id, c.doc AS doc")

BATCH = 5000


def _write(tx: Any, tables: Tables) -> None:
    for name, table in tables.items():
        rows = _rows(table)
        for start in range(0, len(rows), BATCH):
            tx.run(_ADD[name], rows=rows[start:start + BATCH]).consume()


def add_cases(tx: Any, cases: Iterable[Case], *, skip_people: set[str]) -> None:
    """Add the sums of cases that are new to the store, leaving out what
    concerns ``skip_people`` (their sums are worked out afresh)."""
    tables = case_sums(CaseFacts.of(c) for c in cases)
    if skip_people:
        _keep(tables, lambda names: not names & skip_people)
    _write(tx, tables)


def _keep(tables: Tables, wanted: Callable[[set[str]], bool]) -> None:
    """Keep the entries whose people (the person; both of a pair) are ``wanted``."""
    for name, table in tables.items():
        for key in list(table):
            if not wanted(set(key) if name == "shared" else {key[0]}):
                del table[key]


def recompute(tx: Any, people: set[str]) -> None:
    """Work out every sum of ``people`` afresh from their cases as they are now."""
    if not people:
        return
    wanted = sorted(people)
    tx.run(_FORGET, people=wanted).consume()
    facts = [CaseFacts.of(record_from_doc("cases", r["doc"]))  # type: ignore[arg-type]
             for r in tx.run(_CASES_OF, people=wanted)]
    tables = case_sums(facts)
    _keep(tables, lambda names: bool(names & people))
    _write(tx, tables)
