"""The sums search reads, kept on the nodes they are asked about.

Walking cases at query time is what made a naive pushdown slow (issue 7:
p50 744 ms at 100,000 cases). As the embedded store's ``MemoryIndex`` keeps
them in memory, the Neo4j store keeps them written down, each where search
looks for it, as JSON text (``{person: [cases, sum of recency growth,
latest day as ordinal]}``):

- ``(:Expertise).evidence``: per person, their cases as specialist in the area;
- ``(:Team).history``: per person, the cases the team requested that they took part in;
- ``(:Professional).partners``: per other person, the cases the two shared;
- ``(:Professional).hours``: per half-year (its first day), the hours booked on cases;
- ``(:Professional).cases``: the ids of the cases they take part in (what a
  relationship per participant would say; see ``graph.stores.neo4j_writes``).

So a need's candidates, a team's history and a requester's partners are one
property read each, not a walk over cases, and an import writes one
property per area, team and person instead of a relationship per pair.
(Aggregate relationships, measured first, made the import of 10,000 cases
take 7 of its 18 seconds and a team's history 14 ms.) Search turns the sums
into recency-weighted counts with one multiplication, as on the embedded
store, so both give the same numbers.

Every write takes the store's revision first, which serialises writers, so
reading a sum, changing it in Python and writing it back inside the write's
transaction loses nothing. New cases add to the sums; when cases are
replaced or deleted, the sums of everyone in their old version are worked
out again from that person's cases (a latest day cannot be subtracted).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

import orjson

from directory.model import Case
from graph.stores.memory_index import CaseFacts, growth, half_year_start
from graph.stores.neo4j_schema import record_from_doc

#: One entry: [cases, sum of growth, latest day as ordinal].
Sums = list[float]
#: Per blob kind, per owner (area, team or person), per person (or half-year): the entry.
Blobs = dict[str, dict[str, dict[str, Any]]]

#: blob kind -> (label, property). Constants only.
BLOBS = {"evidence": ("Expertise", "evidence"), "history": ("Team", "history"),
         "partners": ("Professional", "partners"), "hours": ("Professional", "hours")}

_READ = {kind: f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, n.{prop} AS blob"
         for kind, (label, prop) in BLOBS.items()}
_WRITE = {kind: f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n.{prop} = row.blob"
          for kind, (label, prop) in BLOBS.items()}
_CASE_DOCS = "UNWIND $ids AS id MATCH (c:Case {id: id}) RETURN c.id AS id, c.doc AS doc"
_CASE_LISTS = ("UNWIND $ids AS id MATCH (p:Professional {id: id}) "
               "RETURN p.id AS id, coalesce(p.cases, []) AS cases")
_SET_CASE_LISTS = "UNWIND $rows AS row MATCH (p:Professional {id: row.id}) SET p.cases = row.cases"
BATCH = 2000


def case_sums(cases: Iterable[CaseFacts]) -> Blobs:
    """The sums the given cases contribute, per blob and owner, counted as
    ``MemoryIndex`` counts them: evidence per specialist participation and
    area, history per person of a case its team requested, shared history
    per pair of people (on both), hours per person and half-year."""
    blobs: Blobs = {kind: defaultdict(dict) for kind in BLOBS}
    evidence, history, partners, hours = (blobs[k] for k in ("evidence", "history", "partners", "hours"))
    for facts in cases:
        day = facts.booked_on
        weight, ordinal = growth(day), float(day.toordinal())
        people = sorted({p[0] for p in facts.participants})
        entries: list[tuple[dict[str, Any], str]] = []
        for person, role, booked in facts.participants:
            if role == "specialist":
                entries.extend((evidence[area], person) for area in facts.areas)
            if booked:
                half = half_year_start(day).isoformat()
                hours[person][half] = hours[person].get(half, 0.0) + booked
        if facts.team:
            entries.extend((history[facts.team], person) for person in people)
        for a, b in combinations(people, 2):
            entries.extend(((partners[a], b), (partners[b], a)))
        for table, key in entries:
            entry = table.get(key)
            if entry is None:
                table[key] = [1, weight, ordinal]
            else:
                entry[0] += 1
                entry[1] += weight
                entry[2] = max(entry[2], ordinal)
    return blobs


def _read(tx: Any, kind: str, owners: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(owners), BATCH):
        for row in tx.run(_READ[kind], ids=owners[start:start + BATCH]):
            found[row["id"]] = orjson.loads(row["blob"]) if row["blob"] else {}
    return found


def _write(tx: Any, kind: str, blobs: Mapping[str, dict[str, Any]]) -> None:
    rows = [{"id": owner, "blob": orjson.dumps(blob).decode() if blob else None}
            for owner, blob in sorted(blobs.items())]
    for start in range(0, len(rows), BATCH):
        tx.run(_WRITE[kind], rows=rows[start:start + BATCH]).consume()


def _add(into: dict[str, Any], entries: Mapping[str, Any], kind: str) -> None:
    for key, value in entries.items():
        if kind == "hours":
            into[key] = into.get(key, 0.0) + value
            continue
        entry = into.get(key)
        if entry is None:
            into[key] = list(value)
        else:
            into[key] = [entry[0] + value[0], entry[1] + value[1], max(entry[2], value[2])]


def relist(tx: Any, written: Iterable[Case], old_cases: Iterable[Case], *,
           fresh_store: bool = False) -> dict[str, list[str]]:
    """Keep each person's ``cases`` right after cases are written (new ones,
    and new versions of ``old_cases``) and deleted (the rest of ``old_cases``);
    returns the new lists of everyone in them."""
    written, old_cases = list(written), list(old_cases)
    people = {p.professional for c in (*written, *old_cases) for p in c.participants}
    lists: dict[str, set[str]] = {p: set() for p in people}
    if not fresh_store:
        wanted = sorted(people)
        for start in range(0, len(wanted), BATCH):
            for row in tx.run(_CASE_LISTS, ids=wanted[start:start + BATCH]):
                lists[row["id"]] = set(row["cases"])
    for case in old_cases:
        for part in case.participants:
            lists[part.professional].discard(case.id)
    for case in written:
        for part in case.participants:
            lists[part.professional].add(case.id)
    out = {p: sorted(ids) for p, ids in lists.items()}
    rows = [{"id": p, "cases": ids or None} for p, ids in sorted(out.items())]
    for start in range(0, len(rows), BATCH):
        tx.run(_SET_CASE_LISTS, rows=rows[start:start + BATCH]).consume()
    return out


def update(tx: Any, new_cases: Iterable[Case], again: set[str], old_cases: Iterable[Case],
           case_lists: Mapping[str, list[str]], *, fresh_store: bool = False) -> None:
    """Bring every sum up to date after a write: add what ``new_cases`` (cases
    that did not exist before) contribute, and work out afresh everything
    about the people in ``again`` (everyone in a case replaced or deleted, in
    its old version, ``old_cases``, or its new one) from their cases now
    (``case_lists``, from ``relist``). ``fresh_store``: nothing is summed yet,
    so nothing needs reading first (the first import)."""
    added = case_sums(CaseFacts.of(c) for c in new_cases)
    redone: Blobs = {kind: {} for kind in BLOBS}
    if again:
        ids = sorted({c for person in again for c in case_lists.get(person, ())})
        current = [CaseFacts.of(record_from_doc("cases", r["doc"]))  # type: ignore[arg-type]
                   for start in range(0, len(ids), BATCH)
                   for r in tx.run(_CASE_DOCS, ids=ids[start:start + BATCH])]
        redone = case_sums(current)
        # where the people's old sums may be: everything their cases, then or now, touch
        for facts in (*current, *(CaseFacts.of(c) for c in old_cases)):
            for area in facts.areas:
                redone["evidence"].setdefault(area, {})
            if facts.team:
                redone["history"].setdefault(facts.team, {})
            for person in {p[0] for p in facts.participants}:
                redone["partners"].setdefault(person, {})
                redone["hours"].setdefault(person, {})
    for kind in BLOBS:
        owners = sorted(set(added[kind]) | set(redone[kind]))
        if not owners:
            continue
        blobs = {} if fresh_store else _read(tx, kind, owners)
        was = {owner: orjson.dumps(blob, option=orjson.OPT_SORT_KEYS) for owner, blob in blobs.items()}
        for owner in owners:
            blob = blobs.setdefault(owner, {})
            personal = kind in ("partners", "hours")  # owned by a person
            if personal and owner in again:  # all of a person's own sums, from their cases
                blob.clear()
                blob.update(redone[kind].get(owner, {}))
                continue
            if again and kind != "hours":  # the entries about people in ``again``, afresh
                for person in [p for p in blob if p in again]:
                    del blob[person]
                blob.update({p: v for p, v in redone[kind].get(owner, {}).items() if p in again})
            _add(blob, {p: v for p, v in added[kind].get(owner, {}).items()
                        if kind == "hours" or p not in again}, kind)
        # only what changed goes back: a popular area's sums are large
        _write(tx, kind, {owner: blob for owner, blob in blobs.items()
                          if orjson.dumps(blob, option=orjson.OPT_SORT_KEYS) != was.get(owner, b"{}")})
