"""The Neo4j store's consultations, meeting schedules and notices: the graph
model, the transaction functions ``apply`` runs, and the read mixin.

The same model as ``graph.stores.embedded.consult_sql``, in nodes:

- ``(:Consultation {id, doc, rev, state, opened, team, via, people})``: the
  consultation whole as JSON text (``doc``: read whole, never queried
  inside), ``rev`` the revision that last wrote it (its version — the core
  store checks versions by reading it), beside it what the store finds it by:
  ``opened`` as UTC ISO text (``graph.stores.core.audit_form.stamp``, so comparing text compares
  times), the teams, and the people it names (a list).
- ``(:OpenHours {consultation, professional, day, hours})``: while a
  consultation is open, one node per hours booking (``day`` ISO text), which
  ``hours_booked`` adds to the hours of cases; a closed consultation has none
  (its hours are in its case). Rewritten with the consultation.
- ``(:Schedule {team, doc, rev})`` and ``(:Notice {seq, professional, at,
  consultation, what, read})``, ``seq`` from the ``notice_seq`` counter.

No relationships: a consultation names people by id, as the embedded store
does, so a professional's record can change or go without touching them
(merges and erasures rename them explicitly, see ``rename_people_tx``).
Cypher here is constant text; values go in as ``$parameters`` only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import orjson

from directory.consultations.records import (
    FINAL_STATES,
    Consultation,
    MeetingSchedule,
    Notice,
    consultation_from_dict,
    consultation_to_dict,
    schedule_from_dict,
    schedule_to_dict,
)
from graph.stores.core import renames
from graph.stores.core.audit_form import ERASED_USER, stamp
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.pipeline import Pipeline
from graph.stores.neo4j.schema import reserve

#: The labels this module writes (for a store that must clear or count them).
CONSULT_LABELS = ("Consultation", "OpenHours", "Schedule", "Notice")

#: Created when a store is opened, beside ``neo4j_schema.CONSTRAINTS`` (which
#: already makes ``Consultation.id`` unique).
CONSULT_CONSTRAINTS: tuple[str, ...] = (
    "CREATE CONSTRAINT schedule_team IF NOT EXISTS FOR (n:Schedule) REQUIRE n.team IS UNIQUE",
    # a plain index, as for the audit trail: the numbers come from a counter, and on
    # ArcadeDB a unique one turns two concurrent writers into an error no one retries
    "CREATE INDEX notice_number IF NOT EXISTS FOR (n:Notice) ON (n.seq)",
    "CREATE INDEX notice_professional IF NOT EXISTS FOR (n:Notice) ON (n.professional)",
    "CREATE INDEX consultation_opened IF NOT EXISTS FOR (n:Consultation) ON (n.opened)",
    "CREATE INDEX open_hours_consultation IF NOT EXISTS FOR (n:OpenHours) ON (n.consultation)",
    "CREATE INDEX open_hours_day IF NOT EXISTS FOR (n:OpenHours) ON (n.day)",
)


# --- writing (inside the caller's managed transaction) -------------------------------

_WRITE_CONSULTATIONS = (
    "UNWIND $rows AS row "
    "MERGE (c:Consultation {id: row.id}) "
    "SET c.doc = row.doc, c.rev = $rev, c.state = row.state, c.opened = row.opened, "
    "c.team = row.team, c.via = row.via, c.people = row.people"
)
_DROP_HOURS = "UNWIND $ids AS id MATCH (h:OpenHours {consultation: id}) DELETE h"
_WRITE_HOURS = (
    "UNWIND $rows AS row "
    "CREATE (:OpenHours {consultation: row.consultation, professional: row.professional, "
    "day: row.day, hours: row.hours})"
)


def write_consultations_tx(tx: Pipeline, consultations: Iterable[Consultation],
                           rev: int) -> None:
    """Write (create or replace) ``consultations`` at revision ``rev``, with
    the hours bookings of the open ones; the last of two with one id wins."""
    latest = {c.id: c for c in consultations}
    if not latest:
        return
    rows = [{"id": c.id, "doc": orjson.dumps(consultation_to_dict(c)).decode(), "state": c.state,
             "opened": stamp(c.opened), "team": c.team, "via": c.via, "people": list(c.people)}
            for c in latest.values()]
    tx.send(_WRITE_CONSULTATIONS, rows=rows, rev=rev)
    tx.send(_DROP_HOURS, ids=list(latest))
    hours = [{"consultation": c.id, "professional": b.professional, "day": b.day.isoformat(),
              "hours": float(b.hours)}
             for c in latest.values() if c.is_open for b in c.bookings]
    if hours:
        tx.send(_WRITE_HOURS, rows=hours)


_WRITE_SCHEDULES = (
    "UNWIND $rows AS row MERGE (s:Schedule {team: row.team}) SET s.doc = row.doc, s.rev = $rev"
)


def write_schedules_tx(tx: Pipeline, schedules: Iterable[MeetingSchedule], rev: int) -> None:
    rows = [{"team": s.team, "doc": json.dumps(schedule_to_dict(s))} for s in schedules]
    if rows:
        tx.send(_WRITE_SCHEDULES, rows=rows, rev=rev)


_WRITE_NOTICES = (
    "UNWIND $rows AS row "
    "CREATE (:Notice {seq: row.seq, professional: row.professional, at: row.at, "
    "consultation: row.consultation, what: row.what, read: false})"
)


def write_notices_tx(tx: Pipeline, notices: Iterable[Notice]) -> None:
    """Add ``notices`` unread, numbered in order from the ``notice_seq`` counter
    (their own ``seq`` and ``read`` are ignored, as in the embedded store)."""
    pending = list(notices)
    if not pending:
        return
    last = reserve(tx, "notice_seq", len(pending))
    first = last - len(pending) + 1
    rows = [{"seq": first + i, "professional": n.professional, "at": stamp(n.at),
             "consultation": n.consultation, "what": n.what} for i, n in enumerate(pending)]
    tx.send(_WRITE_NOTICES, rows=rows)


_NAMING = "MATCH (c:Consultation) WHERE $person IN c.people RETURN c.doc AS doc ORDER BY c.id"
_DROP_NOTICES = "MATCH (n:Notice {professional: $person}) DELETE n"
_ALL_SCHEDULES = "MATCH (s:Schedule) RETURN s.team AS team, s.doc AS doc"
_SET_SCHEDULE = "MATCH (s:Schedule {team: $team}) SET s.doc = $doc, s.rev = $rev"


def rename_people_tx(tx: Pipeline, moves: Mapping[str, str], rev: int, *,
                     users: Iterable[str] = (), user_stand_in: str | None = None) -> None:
    """Inside a merge or an erasure (as ``consult_sql.rename_people``): every
    consultation that names someone in ``moves`` names the one it maps to
    instead (the person kept, or the anonymous stand-in) and is rewritten at
    ``rev`` — its people and open hours with it; in those consultations the
    steps of the accounts in ``users`` (an erased person's) name
    ``user_stand_in`` (``ERASED_USER`` when not given); the old person's
    notices go, and a schedule they chair names the new one."""
    gone = set(users)
    stand_in = ERASED_USER if user_stand_in is None else user_stand_in
    for old, new in moves.items():
        renamed: list[Consultation] = []
        for record in tx.run(_NAMING, person=old):
            data = renames.renamed(orjson.loads(record["doc"]), old, new, gone, stand_in)
            assert isinstance(data, dict)
            renamed.append(consultation_from_dict(data))
        write_consultations_tx(tx, renamed, rev)
        tx.send(_DROP_NOTICES, person=old)
        chaired = [(record["team"], json.loads(record["doc"])) for record in tx.run(_ALL_SCHEDULES)]
        for team, doc in chaired:
            if doc.get("chair") == old:
                tx.send(_SET_SCHEDULE, team=team, doc=json.dumps({**doc, "chair": new}), rev=rev)


# --- reading ---------------------------------------------------------------------------

_ONE = "MATCH (c:Consultation {id: $id}) WHERE c.doc IS NOT NULL RETURN c.doc AS doc, c.rev AS rev"

#: The filters of ``consultations``: constant text, chosen by which filters are given.
_FILTERS = {
    "open_only": "NOT c.state IN $final",
    "person": "$person IN c.people",
    "team": "(c.team = $team OR c.via = $team)",
    "since": "c.opened >= $since",
    "until": "c.opened < $until",
}
_HOURS = ("MATCH (h:OpenHours) WHERE h.day >= $start AND h.day <= $end "
          "RETURN h.professional AS professional, collect(h.hours) AS hours")
_SCHEDULES = "MATCH (s:Schedule) RETURN s.doc AS doc ORDER BY s.team"
_NOTICES = ("MATCH (n:Notice {professional: $professional}) "
            "RETURN n.seq AS seq, n.at AS at, n.consultation AS consultation, n.what AS what, "
            "n.read AS read ORDER BY n.seq DESC LIMIT $limit")
_UNREAD_NOTICES = ("MATCH (n:Notice {professional: $professional}) WHERE n.read = false "
                   "RETURN n.seq AS seq, n.at AS at, n.consultation AS consultation, n.what AS what, "
                   "n.read AS read ORDER BY n.seq DESC LIMIT $limit")
_MARK_READ = "MATCH (n:Notice {professional: $professional}) WHERE n.seq <= $up_to SET n.read = true"


def _consultations_query(given: Iterable[str]) -> str:
    clauses = [_FILTERS[name] for name in given]
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    return f"MATCH (c:Consultation) {where}RETURN c.doc AS doc, c.rev AS rev ORDER BY c.opened, c.id"


_UNLIMITED = {_NOTICES: _NOTICES.removesuffix(" LIMIT $limit"),
              _UNREAD_NOTICES: _UNREAD_NOTICES.removesuffix(" LIMIT $limit")}


class BoltConsultations:
    """Part of ``directory.ports.Store`` for ``Neo4jStore`` (read side; writes
    go through ``apply`` and the ``*_tx`` functions above)."""

    _bolt: Bolt

    def consultation(self, consultation_id: str) -> Consultation | None:
        records = self._bolt.read(_ONE, id=consultation_id)
        if not records:
            return None
        return consultation_from_dict(orjson.loads(records[0]["doc"]), int(records[0]["rev"]))

    def consultations(self, *, open_only: bool = False, person: str | None = None,
                      team: str | None = None, since: datetime | None = None,
                      until: datetime | None = None) -> list[Consultation]:
        params: dict[str, Any] = {}
        given: list[str] = []
        for name, value in (("open_only", list(FINAL_STATES) if open_only else None), ("person", person),
                            ("team", team), ("since", None if since is None else stamp(since)),
                            ("until", None if until is None else stamp(until))):
            if value is not None:
                given.append(name)
                params["final" if name == "open_only" else name] = value
        records = self._bolt.read(_consultations_query(given), **params)
        return [consultation_from_dict(orjson.loads(r["doc"]), int(r["rev"])) for r in records]

    def schedules(self) -> list[MeetingSchedule]:
        return [schedule_from_dict(json.loads(r["doc"])) for r in self._bolt.read(_SCHEDULES)]

    def notices(self, professional: str, *, unread_only: bool = False, limit: int = 50) -> list[Notice]:
        query = _UNREAD_NOTICES if unread_only else _NOTICES
        if limit < 0:  # SQLite's LIMIT -1: none (ArcadeDB refuses or ignores very large limits)
            query = _UNLIMITED[query]
        records = self._bolt.read(query, professional=professional, limit=max(limit, 0))
        return [Notice(professional=professional, at=datetime.fromisoformat(r["at"]).replace(tzinfo=UTC),
                       consultation=r["consultation"], what=r["what"], seq=int(r["seq"]),
                       read=bool(r["read"]))
                for r in records]

    def mark_notices_read(self, professional: str, up_to: int) -> None:
        """Not a change of the pool: no revision is taken."""
        self._bolt.execute(_MARK_READ, professional=professional, up_to=up_to)

    def _open_consultation_hours(self, start: date, end: date) -> dict[str, float]:
        """Per professional, the hours booked on open consultations on days
        ``start..end``. Added up here with ``math.fsum``: a server's ``sum()``
        adds in no fixed order, so its last digit could differ from one read
        (or one server) to the next."""
        records = self._bolt.read(_HOURS, start=start.isoformat(), end=end.isoformat())
        return {r["professional"]: math.fsum(r["hours"]) for r in records}
