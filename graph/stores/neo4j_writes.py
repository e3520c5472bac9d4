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
from graph.stores.memory_index import growth
from graph.stores.neo4j_schema import LABEL, doc_text

BATCH = 5000

#: The relationship type of each reference field (a whitelist).
REFERENCE_TYPE = {
    ("expertise", "broader"): "BROADER", ("expertise", "related"): "RELATED",
    ("organisations", "areas"): "OFFERS", ("teams", "organisation"): "PART_OF",
    ("professionals", "organisation"): "WORKS_AT", ("professionals", "teams"): "MEMBER_OF",
    ("professionals", "knows"): "KNOWS", ("cases", "team"): "REQUESTED_BY",
    ("cases", "areas"): "CONCERNS",
}
#: References with properties: a professional's claims, a case's participants.
CLAIMS = "CLAIMS"
PARTICIPANT = "PARTICIPANT"
#: (kind, relationship type, target kind) of every reference.
_REFERENCES: tuple[tuple[str, str, str], ...] = tuple(
    (kind, REFERENCE_TYPE[(kind, name)], target)
    for kind in KINDS for name, target, _ in REFERENCE_FIELDS[kind]
) + (("professionals", CLAIMS, "expertise"), ("cases", PARTICIPANT, "professionals"))
_OUTGOING = {kind: "|".join(rel for k, rel, _ in _REFERENCES if k == kind) for kind in KINDS}
_INCOMING = {kind: "|".join(sorted({rel for _, rel, t in _REFERENCES if t == kind})) for kind in KINDS}


def _batches(rows: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def _properties(kind: str, record: Record) -> dict[str, Any]:
    """What queries filter on besides the references (the rest is in ``doc``)."""
    if isinstance(record, Professional):
        return {"active": record.active}
    if isinstance(record, Case):
        return {"day": record.booked_on.toordinal(), "growth": growth(record.booked_on),
                "team": record.team}
    return {}


def existing_docs(tx: Any, kind: str, ids: list[str]) -> dict[str, str]:
    """The ``doc`` of each record among ``ids`` that exists now."""
    found: dict[str, str] = {}
    query = f"UNWIND $ids AS id MATCH (n:{LABEL[kind]} {{id: id}}) RETURN n.id AS id, n.doc AS doc"
    for batch in _batches(ids):
        found.update((r["id"], r["doc"]) for r in tx.run(query, ids=batch))
    return found


def write_nodes(tx: Any, kind: str, records: list[Record], revision: int) -> None:
    query = (f"UNWIND $rows AS row MERGE (n:{LABEL[kind]} {{id: row.id}}) "
             "SET n += row.props, n.doc = row.doc, n.rev = $rev")
    rows = [{"id": r.id, "doc": doc_text(r), "props": _properties(kind, r)} for r in records]
    for batch in _batches(rows):
        tx.run(query, rows=batch, rev=revision).consume()


def drop_references(tx: Any, kind: str, ids: list[str]) -> None:
    """Take away the references of records about to be written again."""
    query = f"UNWIND $ids AS id MATCH (:{LABEL[kind]} {{id: id}})-[r:{_OUTGOING[kind]}]->() DELETE r"
    for batch in _batches(ids):
        tx.run(query, ids=batch).consume()


def _targets(kind: str, rel: str, record: Any) -> list[tuple[str, dict[str, Any]]]:
    """(target id, relationship properties) of one reference of ``record``."""
    if rel == CLAIMS:
        return [(c.area, {"level": c.level}) for c in record.expertise]
    if rel == PARTICIPANT:
        return [(p.professional, {"role": p.role, "hours": p.hours}) for p in record.participants]
    name = next(n for (k, n), r in REFERENCE_TYPE.items() if k == kind and r == rel)
    value = getattr(record, name)
    if value is None:
        return []
    return [(v, {}) for v in (value if isinstance(value, tuple) else (value,))]


def link_references(tx: Any, kind: str, records: list[Record]) -> None:
    """Create the relationships of the records' references; ``Conflict`` when
    one names a record that does not exist."""
    for owner_kind, rel, target in _REFERENCES:
        if owner_kind != kind:
            continue
        rows = [{"s": r.id, "t": t, "props": props}
                for r in records for t, props in _targets(kind, rel, r)]
        if not rows:
            continue
        _refuse_missing(tx, kind, target, rows)
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
