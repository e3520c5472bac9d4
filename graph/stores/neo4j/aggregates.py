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
  relationship per participant would say; see ``graph.stores.neo4j.writes``).

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
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

import orjson

from directory.pool.model import Case
from graph.stores.core.sums import CaseSums, Facts, sum_cases
from graph.stores.neo4j.pipeline import Pipeline
from graph.stores.neo4j.schema import HOURS_REVISION, record_from_doc

#: One entry: [cases, sum of growth, latest day as ordinal].
Sums = list[float]
#: Per blob kind, per owner (area, team or person), per person (or half-year): the entry.
Blobs = dict[str, dict[str, dict[str, Any]]]

#: blob kind -> (label, property). Constants only.
BLOBS = {"evidence": ("Expertise", "evidence"), "history": ("Team", "history"),
         "partners": ("Professional", "partners"), "hours": ("Professional", "hours")}

#: blob kind -> the kind of record whose node holds it.
OWNER = {"evidence": "expertise", "history": "teams", "partners": "professionals", "hours": "professionals"}

#: The properties a first import's sums give each kind of node (``first_sums``).
SUM_PROPERTIES = {kind: tuple(BLOBS[b][1] for b, owner in OWNER.items() if owner == kind)
                  + (("cases", HOURS_REVISION) if kind == "professionals" else ())
                  for kind in dict.fromkeys(OWNER.values())}

_READ = {kind: f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, n.{prop} AS blob"
         for kind, (label, prop) in BLOBS.items()}
_WRITE = {kind: f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n.{prop} = row.blob"
          + (f", n.{HOURS_REVISION} = $rev" if kind == "hours" else "")
          for kind, (label, prop) in BLOBS.items()}
_CASE_DOCS = "UNWIND $ids AS id MATCH (c:Case {id: id}) RETURN c.id AS id, c.doc AS doc"
_CASE_LISTS = ("UNWIND $ids AS id MATCH (p:Professional {id: id}) "
               "RETURN p.id AS id, coalesce(p.cases, []) AS cases")
_SET_CASE_LISTS = "UNWIND $rows AS row MATCH (p:Professional {id: row.id}) SET p.cases = row.cases"
BATCH = 2000


def case_sums(cases: Iterable[Case]) -> Blobs:
    """The sums the given cases contribute, per blob and owner, counted as
    ``MemoryIndex`` counts them (``graph.stores.core.sums.sum_cases``, case by
    case in the order given), the shared history of a pair kept on both."""
    return _blobs(sum_cases(_facts(cases)))


def _facts(cases: Iterable[Case]) -> Iterator[tuple[str, Facts]]:
    """What ``sum_cases`` reads of each case, as plain tuples (made and let go)."""
    for case in cases:
        yield case.id, (case.booked_on, case.team, case.areas,
                        [(p.professional, p.role, p.hours) for p in case.participants])


def _blobs(summed: CaseSums) -> Blobs:
    """The sums as the nodes keep them: a pair's shared history on both people
    (one list: entries are replaced, never changed in place), half-years as text."""
    partners: dict[str, dict[str, Any]] = defaultdict(dict)
    for (a, b), entry in summed.pairs.items():
        partners[a][b] = partners[b][a] = entry
    texts: dict[date, str] = {}
    hours = {person: {texts.get(half) or texts.setdefault(half, half.isoformat()): booked
                      for half, booked in halves.items()}
             for person, halves in summed.hours.items()}
    return {"evidence": summed.evidence, "history": summed.team_history, "partners": partners,
            "hours": hours}


def first_sums(cases: Iterable[Case], revision: int) -> dict[str, dict[str, dict[str, Any]]]:
    """What the cases of a first import give the records they name, as node
    properties per kind of record and id: the sums (JSON text) and each
    person's ``cases`` list. Into a store without cases there is nothing to
    read or merge, and the nodes the same import makes are given these when
    they are made (setting them on 10,000 people afterwards took the test
    server about two seconds)."""
    summed = sum_cases(_facts(cases))
    props: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in OWNER.values()}
    for blob_kind, blobs in _blobs(summed).items():
        kind, prop = OWNER[blob_kind], BLOBS[blob_kind][1]
        for owner, blob in blobs.items():
            props[kind].setdefault(owner, {})[prop] = orjson.dumps(blob).decode()
            if blob_kind == "hours":
                props[kind][owner][HOURS_REVISION] = revision
    for person, ids in summed.cases_of.items():
        props["professionals"].setdefault(person, {})["cases"] = sorted(set(ids))
    return props


def _read(tx: Pipeline, kind: str, owners: list[str]) -> dict[str, str | None]:
    """The ``kind`` blobs of ``owners`` as stored (JSON text, or None)."""
    found: dict[str, str | None] = {}
    for start in range(0, len(owners), BATCH):
        for row in tx.run(_READ[kind], ids=owners[start:start + BATCH]):
            found[row["id"]] = row["blob"]
    return found


def _write(tx: Pipeline, kind: str, blobs: Mapping[str, dict[str, Any]], revision: int) -> list[str]:
    """Write the blobs; the owners written."""
    rows = [{"id": owner, "blob": orjson.dumps(blob).decode() if blob else None}
            for owner, blob in sorted(blobs.items())]
    for start in range(0, len(rows), BATCH):
        tx.send(_WRITE[kind], rows=rows[start:start + BATCH], rev=revision)
    return sorted(blobs)


def _case(text: str) -> Case:
    case = record_from_doc("cases", text)
    assert isinstance(case, Case)
    return case


def _parsed(text: str | None) -> dict[str, Any]:
    return orjson.loads(text) if text else {}


def _add(into: dict[str, Any], entries: Mapping[str, Any], kind: str) -> None:
    if not into:  # nothing summed yet: the entries (this write's own) are the sums
        into.update(entries)
        return
    for key, value in entries.items():
        if kind == "hours":
            into[key] = into.get(key, 0.0) + value
            continue
        entry = into.get(key)
        if entry is None:
            into[key] = list(value)
        else:
            into[key] = [entry[0] + value[0], entry[1] + value[1], max(entry[2], value[2])]


def relist(tx: Pipeline, written: Iterable[Case], old_cases: Iterable[Case]) -> dict[str, list[str]]:
    """Keep each person's ``cases`` right after cases are written (new ones,
    and new versions of ``old_cases``) and deleted (the rest of ``old_cases``);
    returns the new lists of everyone in them."""
    written, old_cases = list(written), list(old_cases)
    people = {p.professional for c in (*written, *old_cases) for p in c.participants}
    lists: dict[str, set[str]] = {p: set() for p in people}
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
        tx.send(_SET_CASE_LISTS, rows=rows[start:start + BATCH])
    return out


def _owners_of(redone: Blobs, cases: Iterable[Case]) -> None:
    """Where the sums of people worked out afresh may be: every owner their
    cases, then or now, touch (an empty entry where ``redone`` has none)."""
    for case in cases:
        for area in case.areas:
            redone["evidence"].setdefault(area, {})
        if case.team:
            redone["history"].setdefault(case.team, {})
        for part in case.participants:
            redone["partners"].setdefault(part.professional, {})
            redone["hours"].setdefault(part.professional, {})


def update(tx: Pipeline, new_cases: Iterable[Case], again: set[str], old_cases: Iterable[Case],
           case_lists: Mapping[str, list[str]], revision: int) -> dict[str, list[str]]:
    """Bring every sum up to date after a write: add what ``new_cases`` (cases
    that did not exist before) contribute, and work out afresh everything
    about the people in ``again`` (everyone in a case replaced or deleted, in
    its old version, ``old_cases``, or its new one) from their cases now
    (``case_lists``, from ``relist``); returns, per kind, the owners whose
    sums changed (``graph.stores.neo4j.changes``). (Into a store without
    cases, ``first_sums`` instead.)"""
    added = case_sums(new_cases)
    redone: Blobs = {kind: {} for kind in BLOBS}
    if again:
        ids = sorted({c for person in again for c in case_lists.get(person, ())})
        current = [_case(r["doc"]) for start in range(0, len(ids), BATCH)
                   for r in tx.run(_CASE_DOCS, ids=ids[start:start + BATCH])]
        redone = case_sums(current)
        _owners_of(redone, (*current, *old_cases))
    touched: dict[str, list[str]] = {}
    for kind in BLOBS:
        owners = sorted(set(added[kind]) | set(redone[kind]))
        if not owners:
            continue
        stored = _read(tx, kind, owners)
        blobs = {owner: _parsed(text) for owner, text in stored.items()}
        personal = kind in ("partners", "hours")  # owned by a person
        for owner in owners:
            blob = blobs.setdefault(owner, {})
            if personal and owner in again:  # all of a person's own sums, from their cases
                blob.clear()
                blob.update(redone[kind].get(owner, {}))
                continue
            if again and kind != "hours":  # the entries about people in ``again``, afresh
                for person in [p for p in blob if p in again]:
                    del blob[person]
                blob.update({p: v for p, v in redone[kind].get(owner, {}).items() if p in again})
            new = added[kind].get(owner, {})
            if again and kind != "hours":
                new = {p: v for p, v in new.items() if p not in again}
            _add(blob, new, kind)
        # only what changed goes back: a popular area's sums are large
        touched[kind] = _write(tx, kind, {owner: blob for owner, blob in blobs.items()
                                          if blob != _parsed(stored.get(owner))}, revision)
    return touched
