"""The SQL of consultations, meeting schedules and notices (store version 4).

A consultation is kept whole as a JSON document (it is read whole, and its
log grows step by step), with beside it what the store must find it by: its
state, teams and opening time in its row, the people it names in
``consultation_people``, and — while it is open — its hours bookings in
``consultation_hours``, which ``hours_booked`` adds to the hours of cases
(a closed consultation's hours are in its case). ``rev`` is the revision
that last wrote it, so it is its version, as for the records of the pool.

Notices (messages for a professional in the app) and schedules are small
tables of their own. Everything here runs inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

import orjson

from directory.consultations.records import (
    Consultation,
    MeetingSchedule,
    Notice,
    consultation_from_dict,
    consultation_to_dict,
    schedule_from_dict,
    schedule_to_dict,
)
from graph.stores.core import renames
from graph.stores.core.audit_form import stamp

#: Added in store version 4.
VERSION_4_TABLES = (
    "CREATE TABLE IF NOT EXISTS consultations (id TEXT PRIMARY KEY, opened TEXT NOT NULL, "
    "state TEXT NOT NULL, team TEXT NOT NULL, via TEXT, doc TEXT NOT NULL, rev INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS consultations_opened ON consultations(opened)",
    "CREATE TABLE IF NOT EXISTS consultation_people (professional TEXT NOT NULL, "
    "consultation TEXT NOT NULL, PRIMARY KEY (professional, consultation)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS consultation_people_c ON consultation_people(consultation)",
    "CREATE TABLE IF NOT EXISTS consultation_hours (consultation TEXT NOT NULL, "
    "professional TEXT NOT NULL, day TEXT NOT NULL, hours REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS consultation_hours_c ON consultation_hours(consultation)",
    "CREATE TABLE IF NOT EXISTS schedules (team TEXT PRIMARY KEY, doc TEXT NOT NULL, rev INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS notices (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "professional TEXT NOT NULL, at TEXT NOT NULL, consultation TEXT NOT NULL, what TEXT NOT NULL, "
    "read INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS notices_professional ON notices(professional, seq)",
)


# --- writing ----------------------------------------------------------------------

def write_consultations(conn: sqlite3.Connection, consultations: Iterable[Consultation], rev: int) -> None:
    for c in consultations:
        conn.execute("INSERT OR REPLACE INTO consultations VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (c.id, stamp(c.opened), c.state, c.team, c.via,
                      orjson.dumps(consultation_to_dict(c)).decode(), rev))
        conn.execute("DELETE FROM consultation_people WHERE consultation = ?", (c.id,))
        conn.executemany("INSERT INTO consultation_people VALUES (?, ?)",
                         ((person, c.id) for person in c.people))
        conn.execute("DELETE FROM consultation_hours WHERE consultation = ?", (c.id,))
        if c.is_open:
            conn.executemany("INSERT INTO consultation_hours VALUES (?, ?, ?, ?)",
                             ((c.id, b.professional, b.day.isoformat(), b.hours) for b in c.bookings))


def write_schedules(conn: sqlite3.Connection, schedules: Iterable[MeetingSchedule], rev: int) -> None:
    conn.executemany("INSERT OR REPLACE INTO schedules VALUES (?, ?, ?)",
                     ((s.team, json.dumps(schedule_to_dict(s)), rev) for s in schedules))


def write_notices(conn: sqlite3.Connection, notices: Iterable[Notice]) -> None:
    conn.executemany("INSERT INTO notices (professional, at, consultation, what) VALUES (?, ?, ?, ?)",
                     ((n.professional, stamp(n.at), n.consultation, n.what) for n in notices))


def rename_people(conn: sqlite3.Connection, moves: Mapping[str, str], rev: int,
                  users: Iterable[str] = (), user_stand_in: str = "") -> None:
    """Inside a merge or an erasure: every consultation that names someone in
    ``moves`` names the one it maps to instead (the kept person, or the
    anonymous stand-in), and the steps of the accounts in ``users`` (an
    erased person's) name ``user_stand_in``; an erased person's notices go."""
    gone = set(users)
    for old, new in moves.items():
        rows = conn.execute("SELECT c.doc FROM consultations c JOIN consultation_people p "
                            "ON p.consultation = c.id WHERE p.professional = ?", (old,)).fetchall()
        for (doc,) in rows:
            renamed = renames.renamed(orjson.loads(doc), old, new, gone, user_stand_in)
            assert isinstance(renamed, dict)
            write_consultations(conn, [consultation_from_dict(renamed)], rev)
        conn.execute("DELETE FROM notices WHERE professional = ?", (old,))
        for (doc,) in conn.execute("SELECT doc FROM schedules WHERE json_extract(doc, '$.chair') = ?",
                                   (old,)).fetchall():
            conn.execute("UPDATE schedules SET doc = ?, rev = ? WHERE team = ?",
                         (json.dumps({**json.loads(doc), "chair": new}), rev, json.loads(doc)["team"]))


# --- reading ------------------------------------------------------------------------

def read_consultation(conn: sqlite3.Connection, consultation_id: str) -> Consultation | None:
    row = conn.execute("SELECT doc, rev FROM consultations WHERE id = ?", (consultation_id,)).fetchone()
    return None if row is None else consultation_from_dict(orjson.loads(row[0]), int(row[1]))


def read_consultations(conn: sqlite3.Connection, *, open_only: bool, person: str | None,
                       team: str | None, since: datetime | None,
                       until: datetime | None) -> list[Consultation]:
    clauses, params = [], []
    if open_only:
        clauses.append("state NOT IN ('gesloten', 'ingetrokken')")
    if person is not None:
        clauses.append("id IN (SELECT consultation FROM consultation_people WHERE professional = ?)")
        params.append(person)
    if team is not None:
        clauses.append("(team = ? OR via = ?)")
        params += [team, team]
    if since is not None:
        clauses.append("opened >= ?")
        params.append(stamp(since))
    if until is not None:
        clauses.append("opened < ?")
        params.append(stamp(until))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = conn.execute(f"SELECT doc, rev FROM consultations {where} ORDER BY opened, id", params)
    return [consultation_from_dict(orjson.loads(doc), int(rev)) for doc, rev in rows]


def open_hours(conn: sqlite3.Connection, start: date, end: date) -> dict[str, float]:
    """Per professional, the hours booked on open consultations on days ``start..end``."""
    rows = conn.execute("SELECT professional, SUM(hours) FROM consultation_hours "
                        "WHERE day BETWEEN ? AND ? GROUP BY professional",
                        (start.isoformat(), end.isoformat()))
    return {person: float(hours) for person, hours in rows}


def read_schedules(conn: sqlite3.Connection) -> list[MeetingSchedule]:
    return [schedule_from_dict(json.loads(doc))
            for (doc,) in conn.execute("SELECT doc FROM schedules ORDER BY team")]


def read_notices(conn: sqlite3.Connection, professional: str, *, unread_only: bool,
                 limit: int) -> list[Notice]:
    rows = conn.execute("SELECT seq, at, consultation, what, read FROM notices WHERE professional = ? "
                        + ("AND read = 0 " if unread_only else "") + "ORDER BY seq DESC LIMIT ?",
                        (professional, limit))
    return [Notice(professional=professional, at=datetime.fromisoformat(at).replace(tzinfo=UTC),
                   consultation=consultation, what=what, seq=int(seq), read=bool(read))
            for seq, at, consultation, what, read in rows]


def mark_read(conn: sqlite3.Connection, professional: str, up_to: int) -> None:
    conn.execute("UPDATE notices SET read = 1 WHERE professional = ? AND seq <= ?", (professional, up_to))
