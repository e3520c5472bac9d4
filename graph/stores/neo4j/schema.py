"""The Neo4j store's graph model: labels, constraints, and records to node
properties and back.

A record of the pool is a node labelled by its kind (``LABEL``) holding its
``id``, ``doc`` (the record as the exchange format writes it, JSON text: read
whole, never queried inside) and ``rev`` (the revision that last wrote it:
its version). Beside ``doc`` a node keeps the few properties the queries of
search and the network filter on, and relationships to what it names:

- every reference of the exchange format is a relationship from the record
  that names to the record named (``graph.stores.neo4j.writes``):
  ``(:Professional)-[:CLAIMS {level}]->(:Expertise)``, ``-[:MEMBER_OF]->(:Team)``,
  ``-[:WORKS_AT]->(:Organisation)``, ``-[:KNOWS]->(:Professional)``;
  and so on; what a case names is its ``team`` and ``areas`` properties,
  and each person it names lists their ``cases`` (see ``neo4j_writes``);
- the sums search reads, kept up to date on every write on the node they
  are asked about (``graph.stores.neo4j.aggregates``): ``evidence`` on an
  area, ``history`` on a team, ``partners`` and ``hours`` on a person.

Labels and relationship types only ever come from the constants here, never
from request text; values always go in as ``$parameters``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from directory.exchange.document import record_to_dict
from directory.pool.model import (
    Case,
    Claim,
    ExpertiseArea,
    Organisation,
    Participation,
    Professional,
    Record,
    Team,
)
from graph.stores.neo4j.pipeline import Pipeline

SCHEMA_VERSION = "3"

#: What makes a store of each older version the next version, run in turn
#: when it is opened (each step may run again safely: two processes may open
#: it at once; indexes are made with the store's constraints).
#: Version 1 kept on each case the people it names (``people``) and indexed
#: its team. Nothing reads either any more, and an erasure rewrites the
#: case's ``doc`` but not ``people``: an erased person's id must not stay
#: behind there. Version 3 writes ``hours_rev`` with a person's hours; a
#: version-2 process would not, so it must not write to a version-3 store.
UPGRADES: dict[str, tuple[str, ...]] = {
    "1": ("DROP INDEX case_team IF EXISTS",
          "MATCH (c:Case) WHERE c.people IS NOT NULL WITH c LIMIT 10000 "
          "REMOVE c.people RETURN count(c) AS n"),
    "2": (),
}

#: A person's half-year hours also say when they last changed (the revision
#: of that write), so that a process keeping everyone's hours reads again
#: only the people a write changed (``Neo4jStore._hours_blobs``).
HOURS_REVISION = "hours_rev"

#: The node label of each kind of versioned record (a whitelist: queries are
#: built only from these constants).
LABEL = {"expertise": "Expertise", "organisations": "Organisation", "teams": "Team",
         "professionals": "Professional", "cases": "Case", "consultations": "Consultation"}

#: Uniqueness constraints (they also index the key), created when a store is
#: opened. A case's ``team`` is not indexed: only deleting or merging a team
#: looks for the cases naming it (as for an area's, a scan), and the index
#: cost every import of 100,000 cases about a second on the test server.
CONSTRAINTS = tuple(
    f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    for label in LABEL.values()
) + (
    "CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE",
    f"CREATE INDEX professional_{HOURS_REVISION} IF NOT EXISTS FOR (n:Professional) ON (n.{HOURS_REVISION})",
)


def doc_text(record: Record) -> str:
    return orjson.dumps(record_to_dict(record)).decode()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def record_from_doc(kind: str, text: str) -> Record:
    """The record a node's ``doc`` holds (written by ``doc_text``: trusted, so
    built directly, without the validation of an import)."""
    data: dict[str, Any] = orjson.loads(text)
    if kind == "expertise":
        return ExpertiseArea(data["id"], data["label"], data.get("label_en"), data.get("broader"),
                             tuple(data.get("synonyms", ())), tuple(data.get("related", ())),
                             data.get("description"))
    if kind == "organisations":
        return Organisation(data["id"], data["name"], data.get("kind"), data.get("line"),
                            data.get("website"), data.get("phone"), tuple(data.get("wijken", ())),
                            tuple(data.get("areas", ())))
    if kind == "teams":
        return Team(data["id"], data["name"], data.get("kind"), data.get("wijk"),
                    data.get("organisation"), data.get("meets"))
    if kind == "professionals":
        return Professional(
            id=data["id"], name=data["name"], role=data.get("role"),
            organisation=data.get("organisation"), teams=tuple(data.get("teams", ())),
            wijken=tuple(data.get("wijken", ())),
            expertise=tuple(Claim(c["area"], c["level"]) for c in data.get("expertise", ())),
            hours_per_half_year=data.get("hours_per_half_year"), knows=tuple(data.get("knows", ())),
            email=data.get("email"), phone=data.get("phone"), bio=data.get("bio"),
            languages=tuple(data.get("languages", ())), active=data.get("active", True),
            confirmed=_day(data.get("confirmed")))
    if kind == "cases":
        return Case(
            id=data["id"], opened=date.fromisoformat(data["opened"]), closed=_day(data.get("closed")),
            team=data.get("team"), wijk=data.get("wijk"), areas=tuple(data["areas"]),
            model=data.get("model"), question=data.get("question"),
            participants=tuple(Participation(p["professional"], p.get("role", "specialist"),
                                             p.get("hours")) for p in data["participants"]),
            outcome=data.get("outcome"), age_band=data.get("age_band"),
            household=data.get("household"), notes=data.get("notes"))
    raise ValueError(f"not a kind of record: {kind!r}")


def reserve(tx: Pipeline, key: str, count: int = 1) -> int:
    """Take ``count`` numbers from the counter ``key`` (a ``Meta`` node) inside
    the caller's transaction; returns the last one taken (counters start at 0,
    so the first number ever taken is 1). For the revision, audit sequence
    numbers and notice numbers."""
    rows = tx.run("MERGE (m:Meta {key: $key}) ON CREATE SET m.value = 0 "
                  "SET m.value = m.value + $count RETURN m.value AS value", key=key, count=count)
    return int(rows[0]["value"])  # MERGE: always one row
