"""Writing the pool into the Neo4j store, inside ``apply``'s transaction:
record nodes, the relationships that stand for their references, deletions,
retirements and version checks.

Every reference field of the exchange format (``directory.exchange.references``) is a
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
from directory.exchange.references import REFERENCE_FIELDS
from directory.pool.model import KINDS, NOUN, Case, Professional, Record
from directory.problems import unknown
from graph.stores.core.versions import STATUS_KINDS, refuse_stale
from graph.stores.neo4j.aggregates import SUM_PROPERTIES
from graph.stores.neo4j.pipeline import Pipeline
from graph.stores.neo4j.schema import LABEL, doc_text

BATCH = 5000
#: Records per statement that makes their relationships (each has a few to a few dozen).
SOURCES = 1000

#: The relationship type of each reference field (a whitelist). What a case
#: names (its team, areas and participants) is not relationships but the
#: case's ``team`` and ``areas`` properties and each person's ``cases`` list,
#: checked the same way (``graph.stores.neo4j.aggregates``): on the
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


def _batches(rows: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _properties(kind: str, record: Record) -> dict[str, Any]:
    """What queries filter on besides the references (the rest is in ``doc``);
    ``_FILTERED`` names them."""
    if isinstance(record, Professional):
        return {"active": record.active}
    if isinstance(record, Case):
        # its participants are in ``doc`` and in each person's ``cases`` list
        return {"day": record.booked_on.toordinal(), "team": record.team, "areas": list(record.areas)}
    return {}


#: What ``_properties`` gives each kind.
_FILTERED = {"professionals": ("active",), "cases": ("day", "team", "areas")}
#: Every property of each kind's nodes besides ``id``, ``doc`` and ``rev``:
#: ``_properties`` and the sums (constants: a new node is made with all of
#: them in one map, which on the test server made 100,000 cases in half the
#: time of making them empty and then setting their properties).
NODE_PROPERTIES = {kind: _FILTERED.get(kind, ()) + SUM_PROPERTIES.get(kind, ()) for kind in KINDS}


def existing_docs(tx: Pipeline, kind: str, ids: list[str]) -> dict[str, str]:
    """The ``doc`` of each record among ``ids`` that exists now."""
    found: dict[str, str] = {}
    query = f"UNWIND $ids AS id MATCH (n:{LABEL[kind]} {{id: id}}) RETURN n.id AS id, n.doc AS doc"
    for batch in _batches(ids):
        found.update((r["id"], r["doc"]) for r in tx.run(query, ids=batch))
    return found


def write_nodes(tx: Pipeline, kind: str, records: list[Record], revision: int,
                existing: Iterable[str], extra: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """Write the records' nodes: new ones made (``CREATE`` looks for nothing
    first), the ``existing`` ones' properties set; ``extra``: more properties
    per id (a first import's sums). Each batch's rows are made just before
    it is sent, while the server writes the one before."""
    known = set(existing)
    extra = extra or {}
    label = LABEL[kind]
    fields = "".join(f", {name}: row.{name}" for name in NODE_PROPERTIES[kind])
    make = f"UNWIND $rows AS row CREATE (:{label} {{id: row.id, doc: row.doc, rev: $rev{fields}}})"
    for part in _batches([r for r in records if r.id not in known]):
        rows = [{"id": r.id, "doc": doc_text(r), **_properties(kind, r), **extra.get(r.id, {})} for r in part]
        tx.send(make, rows=rows, rev=revision)
    change = (f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
              "SET n += row.props, n.doc = row.doc, n.rev = $rev")
    for part in _batches([r for r in records if r.id in known]):
        rows = [{"id": r.id, "doc": doc_text(r), "props": {**_properties(kind, r), **extra.get(r.id, {})}}
                for r in part]
        tx.send(change, rows=rows, rev=revision)


def set_properties(tx: Pipeline, kind: str, props: Mapping[str, Mapping[str, Any]]) -> None:
    """Set more properties (per id) on nodes that exist."""
    rows = [{"id": rid, "props": dict(values)} for rid, values in sorted(props.items())]
    for batch in _batches(rows):
        tx.send(f"UNWIND $rows AS row MATCH (n:{LABEL[kind]} {{id: row.id}}) SET n += row.props", rows=batch)


def drop_references(tx: Pipeline, kind: str, ids: list[str]) -> None:
    """Take away the references of records about to be written again."""
    if not _OUTGOING[kind]:
        return  # a case's references are its properties
    query = f"UNWIND $ids AS id MATCH (:{LABEL[kind]} {{id: id}})-[r:{_OUTGOING[kind]}]->() DELETE r"
    for batch in _batches(ids):
        tx.send(query, ids=batch)


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


def refuse_dangling(tx: Pipeline, kind: str, records: list[Record],
                    written: Mapping[str, set[str]]) -> None:
    """``Conflict`` when a record names one that does not exist (run once every
    node of the change is written, before any relationship is made). What
    this change has just written (``written``: ids per kind) exists: only the
    rest is looked up (a first import looks up nothing)."""
    for owner_kind, field, _, target in _REFERENCES:
        if owner_kind == kind:
            here = written.get(target, set())
            rows = [{"s": r.id, "t": t} for r in records for t, _ in _targets(field, r) if t not in here]
            if rows:
                _refuse_missing(tx, kind, target, rows)


def link_references(tx: Pipeline, kind: str, records: list[Record]) -> None:
    """Create the relationships of the records' references: per record, all
    its relationships of one type in a row, so the record is looked up once
    (on the test server an index look-up costs about as much as making the
    relationship: 49,000 ``KNOWS`` took a quarter less time this way)."""
    for owner_kind, field, rel, target in _REFERENCES:
        if owner_kind != kind or not rel:
            continue
        named = [(r.id, targets) for r in records if (targets := _targets(field, r))]
        if not named:
            continue
        # a relationship without properties is not given an empty map: on the
        # test server ``SET r += {}`` made creating one take half as long again
        bare = not any(props for _, targets in named for _, props in targets)
        rows = [{"s": source, "ts": [t if bare else {"id": t, "props": props} for t, props in targets]}
                for source, targets in named]
        query = (f"UNWIND $rows AS row MATCH (s:{LABEL[kind]} {{id: row.s}}) UNWIND row.ts AS target "
                 + (f"MATCH (t:{LABEL[target]} {{id: target}}) CREATE (s)-[:{rel}]->(t)" if bare else
                    f"MATCH (t:{LABEL[target]} {{id: target.id}}) CREATE (s)-[r:{rel}]->(t) "
                    "SET r += target.props"))
        for batch in _batches(rows, SOURCES):
            tx.send(query, rows=batch)


def _refuse_missing(tx: Pipeline, kind: str, target: str, rows: list[dict[str, Any]]) -> None:
    query = (f"UNWIND $ids AS id OPTIONAL MATCH (n:{LABEL[target]} {{id: id}}) "
             "WITH id, n WHERE n IS NULL RETURN id LIMIT 1")
    for batch in _batches(sorted({row["t"] for row in rows})):
        missing = tx.run(query, ids=batch).single()
        if missing is not None:
            owner = next(row["s"] for row in rows if row["t"] == missing["id"])
            raise Conflict(f"{NOUN[kind]} '{owner}' refers to unknown {NOUN[target]} "
                           f"'{missing['id']}'; nothing was changed")


def delete_records(tx: Pipeline, kind: str, ids: Iterable[str],
                   deleting: Mapping[str, Iterable[str]]) -> None:
    """Delete records (``NotFound`` for an unknown id); ``Conflict`` when a
    record that stays still names one (``deleting``: everything this change deletes)."""
    ids = list(ids)
    if not ids:
        return
    gone = {(LABEL[k], rid) for k, rids in deleting.items() for rid in rids}
    label = LABEL[kind]
    for rid in ids:
        if tx.run(f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id", id=rid).single() is None:
            raise NotFound(unknown(kind, rid))
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
        tx.send(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n", ids=batch)


def set_active(tx: Pipeline, kind: str, rid: str, active: bool, revision: int) -> None:
    """Retire or reactivate an organisation or team; its version moves."""
    if kind not in STATUS_KINDS:
        raise ValueError(f"only organisations and teams are retired this way, not {kind}")
    found = tx.run(f"MATCH (n:{LABEL[kind]} {{id: $id}}) SET n.retired = $retired, n.rev = $rev "
                   "RETURN n.id AS id", id=rid, retired=not active, rev=revision).single()
    if found is None:
        raise NotFound(unknown(kind, rid))


def check_versions(tx: Pipeline, expected: Mapping[tuple[str, str], int | None]) -> None:
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
