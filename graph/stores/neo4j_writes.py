"""Writing the pool into the Neo4j store, inside ``apply``'s transaction:
record nodes, the relationships that stand for their references, deletions,
retirements and version checks.

Every reference field of the exchange format (``directory.references``) is a
relationship from the record that names to the record named, so that what
SQLite's foreign keys guarantee holds here too: a write naming a record that
does not exist, or a deletion of a record something still names, is a
``Conflict`` and the transaction is rolled back. Relationship types and
labels come from the constants below; values only ever go in as parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from directory.errors import Conflict, NotFound
from directory.model import KINDS, NOUN, Case, Professional, Record
from directory.references import REFERENCE_FIELDS
from graph.stores.changes_sql import STATUS_KINDS, refuse_stale
from graph.stores.neo4j_schema import LABEL, doc_text

BATCH = 5000

#: The relationship type of each reference field (a whitelist). What a case
#: names (its team, areas and participants) is not relationships but the
#: case's ``team``, ``areas`` and ``people`` properties, checked the same way,
#: and each person's ``cases`` (``graph.stores.neo4j_aggregates``): on the
#: test server every relationship costs as much as six nodes (an import of
#: 100,000 cases with 280,000 participant relationships ran at 1,500 records
#: a second), and nothing search asks walks from a case.
REFERENCE_TYPE = {
    ("expertise", "broader"): "BROADER", ("expertise", "related"): "RELATED",
    ("organisations", "areas"): "OFFERS", ("teams", "organisation"): "PART_OF",
    ("professionals", "organisation"): "WORKS_AT", ("professionals", "teams"): "MEMBER_OF",
    ("professionals", "knows"): "KNOWS", ("cases", "team"): "", ("cases", "areas"): "",
}
#: A professional's claims: a relationship with the level on it.
CLAIMS = "CLAIMS"
#: (kind, field, relationship type or "" for a case property, target kind) of every reference.
_REFERENCES: tuple[tuple[str, str, str, str], ...] = tuple(
    (kind, name, REFERENCE_TYPE[(kind, name)], target)
    for kind in KINDS for name, target, _ in REFERENCE_FIELDS[kind]
) + (("professionals", "expertise", CLAIMS, "expertise"),
     ("cases", "participants", "", "professionals"))
_OUTGOING = {kind: "|".join(rel for k, _, rel, _ in _REFERENCES if k == kind and rel) for kind in KINDS}
_INCOMING = {kind: "|".join(sorted({rel for _, _, rel, t in _REFERENCES if t == kind and rel}))
             for kind in KINDS}
#: The cases that name a team, an area or a person, through their properties.
CASES_NAMING = {"teams": "MATCH (c:Case) WHERE c.team = $id RETURN c.id AS id ORDER BY id",
                "expertise": "MATCH (c:Case) WHERE $id IN c.areas RETURN c.id AS id ORDER BY id",
                "professionals": "MATCH (p:Professional {id: $id}) UNWIND coalesce(p.cases, []) AS id "
                                 "RETURN id ORDER BY id"}


def _batches(rows: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def _properties(kind: str, record: Record) -> dict[str, Any]:
    """What queries filter on besides the references (the rest is in ``doc``)."""
    if isinstance(record, Professional):
        return {"active": record.active}
    if isinstance(record, Case):
        return {"day": record.booked_on.toordinal(), "team": record.team, "areas": list(record.areas),
                "people": case_people(record)}
    return {}


def case_people(case: Case) -> list[str]:
    """The people a case names, each once, in id order."""
    return sorted({p.professional for p in case.participants})


def existing_docs(tx: Any, kind: str, ids: list[str]) -> dict[str, str]:
    """The ``doc`` of each record among ``ids`` that exists now."""
    found: dict[str, str] = {}
    query = f"UNWIND $ids AS id MATCH (n:{LABEL[kind]} {{id: id}}) RETURN n.id AS id, n.doc AS doc"
    for batch in _batches(ids):
        found.update((r["id"], r["doc"]) for r in tx.run(query, ids=batch))
    return found


def write_nodes(tx: Any, kind: str, records: list[Record], revision: int, existing: Iterable[str]) -> None:
    """Write the records' nodes: new ones made (``CREATE`` looks for nothing
    first), the ``existing`` ones' properties set."""
    known = set(existing)
    label = LABEL[kind]
    rows = [{"id": r.id, "doc": doc_text(r), "props": _properties(kind, r)} for r in records]
    new = [row for row in rows if row["id"] not in known]
    old = [row for row in rows if row["id"] in known]
    make = (f"UNWIND $rows AS row CREATE (n:{label}) SET n += row.props, n.id = row.id, "
            "n.doc = row.doc, n.rev = $rev")
    for batch in _batches(new):
        tx.run(make, rows=batch, rev=revision).consume()
    change = (f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
              "SET n += row.props, n.doc = row.doc, n.rev = $rev")
    for batch in _batches(old):
        tx.run(change, rows=batch, rev=revision).consume()


def drop_references(tx: Any, kind: str, ids: list[str]) -> None:
    """Take away the references of records about to be written again."""
    if not _OUTGOING[kind]:
        return  # a case's references are its properties
    query = f"UNWIND $ids AS id MATCH (:{LABEL[kind]} {{id: id}})-[r:{_OUTGOING[kind]}]->() DELETE r"
    for batch in _batches(ids):
        tx.run(query, ids=batch).consume()


def _targets(field: str, record: Any) -> list[tuple[str, dict[str, Any]]]:
    """(target id, relationship properties) of one reference field of ``record``."""
    if field == "expertise":  # a professional's claims
        return [(c.area, {"level": c.level}) for c in record.expertise]
    if field == "participants":
        return [(p.professional, {"role": p.role, "hours": p.hours}) for p in record.participants]
    value = getattr(record, field)
    if value is None:
        return []
    return [(v, {}) for v in (value if isinstance(value, tuple) else (value,))]


def refuse_dangling(tx: Any, kind: str, records: list[Record]) -> None:
    """``Conflict`` when a record names one that does not exist (run once every
    node of the change is written, before any relationship is made)."""
    for owner_kind, field, _, target in _REFERENCES:
        if owner_kind == kind:
            rows = [{"s": r.id, "t": t} for r in records for t, _ in _targets(field, r)]
            if rows:
                _refuse_missing(tx, kind, target, rows)


def link_references(tx: Any, kind: str, records: list[Record]) -> None:
    """Create the relationships of the records' references."""
    for owner_kind, field, rel, target in _REFERENCES:
        if owner_kind != kind or not rel:
            continue
        rows = [{"s": r.id, "t": t, "props": props} for r in records for t, props in _targets(field, r)]
        if not rows:
            continue
        query = (f"UNWIND $rows AS row MATCH (s:{LABEL[kind]} {{id: row.s}}) "
                 f"MATCH (t:{LABEL[target]} {{id: row.t}}) CREATE (s)-[r:{rel}]->(t) SET r += row.props")
        for batch in _batches(rows):
            tx.run(query, rows=batch).consume()


def _refuse_missing(tx: Any, kind: str, target: str, rows: list[dict[str, Any]]) -> None:
    query = (f"UNWIND $ids AS id OPTIONAL MATCH (n:{LABEL[target]} {{id: id}}) "
             "WITH id, n WHERE n IS NULL RETURN id LIMIT 1")
    for batch in _batches(sorted({row["t"] for row in rows})):
        missing = tx.run(query, ids=batch).single()
        if missing is not None:
            owner = next(row["s"] for row in rows if row["t"] == missing["id"])
            raise Conflict(f"{NOUN[kind]} '{owner}' refers to unknown {NOUN[target]} "
                           f"'{missing['id']}'; nothing was changed")


def delete_records(tx: Any, kind: str, ids: Iterable[str], deleting: Mapping[str, Iterable[str]]) -> None:
    """Delete records (``NotFound`` for an unknown id); ``Conflict`` when a
    record that stays still names one (``deleting``: everything this change deletes)."""
    ids = list(ids)
    if not ids:
        return
    gone = {(LABEL[k], rid) for k, rids in deleting.items() for rid in rids}
    label = LABEL[kind]
    for rid in ids:
        if tx.run(f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id", id=rid).single() is None:
            raise NotFound(f"unknown {NOUN[kind]} '{rid}'")
        if kind in CASES_NAMING:
            for row in tx.run(CASES_NAMING[kind], id=rid):
                if (LABEL["cases"], row["id"]) not in gone:
                    raise Conflict(f"case '{row['id']}' still names {NOUN[kind]} '{rid}'; "
                                   "nothing was changed")
        if _INCOMING[kind]:
            for row in tx.run(f"MATCH (:{label} {{id: $id}})<-[:{_INCOMING[kind]}]-(x) "
                              "RETURN labels(x) AS labels, x.id AS id ORDER BY id", id=rid):
                if not any((name, row["id"]) in gone for name in row["labels"]):
                    other = next(k for k, name in LABEL.items() if name in row["labels"])
                    if other == "cases":
                        raise Conflict(f"case '{row['id']}' still names {NOUN[kind]} '{rid}'; "
                                       "nothing was changed")
                    raise Conflict(f"{NOUN[other]} '{row['id']}' still refers to {NOUN[kind]} "
                                   f"'{rid}'; nothing was changed")
    for batch in _batches(ids):
        tx.run(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n", ids=batch).consume()


def set_active(tx: Any, kind: str, rid: str, active: bool, revision: int) -> None:
    """Retire or reactivate an organisation or team; its version moves."""
    if kind not in STATUS_KINDS:
        raise ValueError(f"only organisations and teams are retired this way, not {kind}")
    found = tx.run(f"MATCH (n:{LABEL[kind]} {{id: $id}}) SET n.retired = $retired, n.rev = $rev "
                   "RETURN n.id AS id", id=rid, retired=not active, rev=revision).single()
    if found is None:
        raise NotFound(f"unknown {NOUN[kind]} '{rid}'")


def check_versions(tx: Any, expected: Mapping[tuple[str, str], int | None]) -> None:
    """``Conflict`` when a record is not at the version the change was based on."""
    now: dict[tuple[str, str], int | None] = {}
    for kind in sorted({k for k, _ in expected}):
        if kind not in LABEL:
            raise ValueError(f"not a kind of record: {kind!r}")
        ids = [rid for k, rid in expected if k == kind]
        for row in tx.run(f"UNWIND $ids AS id MATCH (n:{LABEL[kind]} {{id: id}}) "
                          "RETURN n.id AS id, n.rev AS rev", ids=ids):
            now[(kind, row["id"])] = int(row["rev"])
    refuse_stale(expected, now)
