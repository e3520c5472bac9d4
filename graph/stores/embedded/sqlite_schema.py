"""The SQLite record of truth: schema, and records to rows and back.

Every main row carries ``rev``, the store revision that last wrote it, so a
process can catch up with another's writes by reading only ``rev > seen``.
References are foreign keys (deferred, so one import may write in any order);
set-like lists live in link tables, free lists (synonyms, languages, wijken)
as JSON text.

A case's areas and participants live in its row, as the compact JSON
``facts`` column (``[areas, [[professional, role, hours], ...]]``): reading a
case or opening a store reads one row per case. Until store version 2 they
were also written as rows of two link tables, for their foreign keys; those
500,000 extra rows were half the cost of importing 100,000 cases and nothing
read them. The guarantee the foreign keys gave is kept by ``_write_cases``,
which checks, inside the writing transaction and in one set query, that every
area and participant of the cases it wrote exists — a dangling reference
rolls the whole write back.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import orjson

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
from graph.stores.embedded.consult_sql import VERSION_4_TABLES
from graph.stores.embedded.memory_index import CaseFacts

SCHEMA_VERSION = "4"  # a new store layout gets a new number and a migration (MIGRATIONS)

_FK = "DEFERRABLE INITIALLY DEFERRED"
DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS expertise (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, label_en TEXT,
  broader TEXT REFERENCES expertise(id) {_FK},
  synonyms TEXT NOT NULL, description TEXT, rev INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS expertise_related (
  area TEXT NOT NULL REFERENCES expertise(id) ON DELETE CASCADE {_FK},
  related TEXT NOT NULL REFERENCES expertise(id) {_FK},
  PRIMARY KEY (area, related)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS organisations (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT, line TEXT, website TEXT, phone TEXT,
  wijken TEXT NOT NULL, rev INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS organisation_areas (
  organisation TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE {_FK},
  area TEXT NOT NULL REFERENCES expertise(id) {_FK},
  PRIMARY KEY (organisation, area)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS teams (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT, wijk TEXT,
  organisation TEXT REFERENCES organisations(id) {_FK}, meets TEXT, rev INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS professionals (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT,
  organisation TEXT REFERENCES organisations(id) {_FK},
  wijken TEXT NOT NULL, email TEXT, phone TEXT, bio TEXT, languages TEXT NOT NULL,
  hours_per_half_year REAL, active INTEGER NOT NULL, confirmed TEXT, rev INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS professional_expertise (
  professional TEXT NOT NULL REFERENCES professionals(id) ON DELETE CASCADE {_FK},
  area TEXT NOT NULL REFERENCES expertise(id) {_FK},
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  PRIMARY KEY (professional, area)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS professional_teams (
  professional TEXT NOT NULL REFERENCES professionals(id) ON DELETE CASCADE {_FK},
  team TEXT NOT NULL REFERENCES teams(id) {_FK},
  PRIMARY KEY (professional, team)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS knows (
  professional TEXT NOT NULL REFERENCES professionals(id) ON DELETE CASCADE {_FK},
  other TEXT NOT NULL REFERENCES professionals(id) {_FK},
  PRIMARY KEY (professional, other)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY, opened TEXT NOT NULL, closed TEXT,
  team TEXT REFERENCES teams(id) {_FK}, wijk TEXT, model TEXT, question TEXT,
  outcome TEXT, age_band TEXT, household TEXT, notes TEXT,
  facts TEXT NOT NULL, rev INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS expertise_rev ON expertise(rev);
CREATE INDEX IF NOT EXISTS organisations_rev ON organisations(rev);
CREATE INDEX IF NOT EXISTS teams_rev ON teams(rev);
CREATE INDEX IF NOT EXISTS professionals_rev ON professionals(rev);
CREATE INDEX IF NOT EXISTS cases_rev ON cases(rev);
CREATE INDEX IF NOT EXISTS knows_other ON knows(other);
"""

#: Added in store version 3: tombstones of deleted records (``deleted``: the
#: kind, a keyed hash of the id and the revision that deleted it, read when
#: catching up, see ``graph.stores.deletions``), retired organisations and
#: teams (``retired``), and the audit trail (``audit``, ``graph.stores.embedded.audit_sql``).
VERSION_3_TABLES = (
    "CREATE TABLE IF NOT EXISTS deleted (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "rev INTEGER NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS deleted_rev ON deleted(rev)",
    "CREATE TABLE IF NOT EXISTS retired (kind TEXT NOT NULL, id TEXT NOT NULL, "
    "PRIMARY KEY (kind, id)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, "
    "user TEXT NOT NULL, kind TEXT NOT NULL, record TEXT, action TEXT NOT NULL, before TEXT, "
    "after TEXT, rev INTEGER)",
    "CREATE INDEX IF NOT EXISTS audit_record ON audit(kind, record)",
    "CREATE INDEX IF NOT EXISTS audit_user ON audit(user)",
    "CREATE INDEX IF NOT EXISTS audit_at ON audit(at)",
)
DDL += ";\n".join(VERSION_3_TABLES) + ";\n"
# consultations, schedules, notices (graph.stores.embedded.consult_sql)
DDL += ";\n".join(VERSION_4_TABLES) + ";\n"

#: Per store version, the statements that bring a store of that version to the next.
MIGRATIONS: dict[str, tuple[str, ...]] = {
    # 1 -> 2: a case's areas and participants only in its ``facts`` column
    "1": ("DROP TABLE IF EXISTS case_areas", "DROP TABLE IF EXISTS participants"),
    # 2 -> 3: deletions other processes can see, retired organisations and teams, the audit trail
    "2": VERSION_3_TABLES,
    # 3 -> 4: consultations, meeting schedules and notices
    "3": VERSION_4_TABLES,
}


def migrate(conn: sqlite3.Connection) -> None:
    """Bring an older store up to ``SCHEMA_VERSION``, in one transaction (another
    process may have migrated it meanwhile: the version is read inside it)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        while version != SCHEMA_VERSION:
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            version = str(int(version) + 1)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _json(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- writing -----------------------------------------------------------------------

def write_records(conn: sqlite3.Connection, kind: str, records: Iterable[Any], rev: int,
                  *, existing: Iterable[str] = ()) -> None:
    """Insert or replace ``records`` of ``kind`` and their link rows; the link
    rows of the ``existing`` ids (records being replaced) are removed first."""
    records = list(records)
    if not records:
        return
    replaced = [(rid,) for rid in existing]
    for table, key in _LINKS[kind]:
        if replaced:
            conn.executemany(f"DELETE FROM {table} WHERE {key} = ?", replaced)
    _WRITERS[kind](conn, records, rev)


def _upsert(conn: sqlite3.Connection, table: str, columns: tuple[str, ...],
            rows: Iterable[tuple[Any, ...]]) -> None:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) "  # noqa: S608 (constants only)
        f"ON CONFLICT(id) DO UPDATE SET {updates}",
        rows,
    )


def _write_expertise(conn: sqlite3.Connection, records: list[ExpertiseArea], rev: int) -> None:
    _upsert(conn, "expertise",
            ("id", "label", "label_en", "broader", "synonyms", "description", "rev"),
            ((a.id, a.label, a.label_en, a.broader, _json(a.synonyms), a.description, rev)
             for a in records))
    conn.executemany("INSERT INTO expertise_related VALUES (?, ?)",
                     ((a.id, r) for a in records for r in a.related))


def _write_organisations(conn: sqlite3.Connection, records: list[Organisation], rev: int) -> None:
    _upsert(conn, "organisations",
            ("id", "name", "kind", "line", "website", "phone", "wijken", "rev"),
            ((o.id, o.name, o.kind, o.line, o.website, o.phone, _json(o.wijken), rev)
             for o in records))
    conn.executemany("INSERT INTO organisation_areas VALUES (?, ?)",
                     ((o.id, a) for o in records for a in o.areas))


def _write_teams(conn: sqlite3.Connection, records: list[Team], rev: int) -> None:
    _upsert(conn, "teams", ("id", "name", "kind", "wijk", "organisation", "meets", "rev"),
            ((t.id, t.name, t.kind, t.wijk, t.organisation, t.meets, rev) for t in records))


def _write_professionals(conn: sqlite3.Connection, records: list[Professional], rev: int) -> None:
    _upsert(conn, "professionals",
            ("id", "name", "role", "organisation", "wijken", "email", "phone", "bio",
             "languages", "hours_per_half_year", "active", "confirmed", "rev"),
            ((p.id, p.name, p.role, p.organisation, _json(p.wijken), p.email, p.phone, p.bio,
              _json(p.languages), p.hours_per_half_year, int(p.active),
              p.confirmed.isoformat() if p.confirmed else None, rev) for p in records))
    conn.executemany("INSERT INTO professional_expertise VALUES (?, ?, ?)",
                     ((p.id, c.area, c.level) for p in records for c in p.expertise))
    conn.executemany("INSERT INTO professional_teams VALUES (?, ?)",
                     ((p.id, t) for p in records for t in p.teams))
    conn.executemany("INSERT INTO knows VALUES (?, ?)",
                     ((p.id, k) for p in records for k in p.knows))


def _facts_text(case: Case) -> str:
    """The load-fast copy of what the in-memory index needs (see ``read_case_facts``)."""
    return orjson.dumps([case.areas, [[p.professional, p.role, p.hours]
                                      for p in case.participants]]).decode()


def _write_cases(conn: sqlite3.Connection, records: list[Case], rev: int) -> None:
    _upsert(conn, "cases",
            ("id", "opened", "closed", "team", "wijk", "model", "question", "outcome",
             "age_band", "household", "notes", "facts", "rev"),
            ((c.id, c.opened.isoformat(), c.closed.isoformat() if c.closed else None, c.team,
              c.wijk, c.model, c.question, c.outcome, c.age_band, c.household, c.notes,
              _facts_text(c), rev)
             for c in records))
    _check_case_references(conn, records)


def _check_case_references(conn: sqlite3.Connection, records: list[Case]) -> None:
    """Refuse (``IntegrityError``) cases whose areas or participants do not
    exist: what foreign keys on link rows used to guarantee, as one set query
    per kind over the distinct ids the cases name."""
    named = {
        ("expertise", "expertise area"): {a for c in records for a in c.areas},
        ("professionals", "professional"): {p.professional for c in records for p in c.participants},
    }
    for (table, noun), ids in named.items():
        missing = conn.execute(
            f"SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM {table}) "  # noqa: S608
            "ORDER BY value LIMIT 1", (json.dumps(sorted(ids)),)).fetchone()
        if missing is not None:
            case = next(c for c in records if missing[0] in c.areas
                        or any(p.professional == missing[0] for p in c.participants))
            raise sqlite3.IntegrityError(f"case '{case.id}' refers to unknown {noun} '{missing[0]}'")


_WRITERS: dict[str, Callable[[sqlite3.Connection, Any, int], None]] = {
    "expertise": _write_expertise,
    "organisations": _write_organisations,
    "teams": _write_teams,
    "professionals": _write_professionals,
    "cases": _write_cases,
}
#: Link tables that are rewritten whole when their owner is written.
_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "expertise": (("expertise_related", "area"),),
    "organisations": (("organisation_areas", "organisation"),),
    "teams": (),
    "professionals": (("professional_expertise", "professional"),
                      ("professional_teams", "professional"), ("knows", "professional")),
    "cases": (),
}


# --- reading -----------------------------------------------------------------------

class Rows:
    """Which main rows to read: those written after a revision, or those with given ids."""

    def __init__(self, *, since: int = -1, ids: Iterable[str] | None = None) -> None:
        self.param: int | str
        self.everything = ids is None and since < 0
        if ids is None:
            self.where, self.param = "m.rev > ?", since
        else:
            self.where, self.param = "m.id IN (SELECT value FROM json_each(?))", json.dumps(list(ids))


def _grouped(conn: sqlite3.Connection, table: str, columns: str, owner_table: str,
             rows: Rows) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of a link table per owner (its first column), in key order, for the
    owners ``rows`` selects. When every owner is wanted there is no join with
    the owner's table: a plain scan of the link table in primary-key order."""
    owner, rest = columns.split(", ", 1)
    if rows.everything:
        cursor = conn.execute(f"SELECT {columns} FROM {table} ORDER BY {owner}, {rest}")
    else:
        cursor = conn.execute(
            f"SELECT {', '.join('x.' + c for c in columns.split(', '))} FROM {table} x "
            f"JOIN {owner_table} m ON m.id = x.{owner} WHERE {rows.where} "
            f"ORDER BY x.{owner}, x.{rest.split(', ')[0]}", (rows.param,))
    groups: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in cursor:
        groups[row[0]].append(row[1:])
    return groups


def read_records(conn: sqlite3.Connection, kind: str, rows: Rows | None = None) -> Iterator[Record]:
    """Records of ``kind`` chosen by ``rows`` (all when None), in no particular order."""
    return _READERS[kind](conn, rows or Rows())


def _read_expertise(conn: sqlite3.Connection, rows: Rows) -> Iterator[ExpertiseArea]:
    related = _grouped(conn, "expertise_related", "area, related", "expertise", rows)
    for rid, label, label_en, broader, synonyms, description in conn.execute(
            f"SELECT id, label, label_en, broader, synonyms, description FROM expertise m "
            f"WHERE {rows.where}", (rows.param,)):
        yield ExpertiseArea(rid, label, label_en, broader, tuple(json.loads(synonyms)),
                            tuple(r[0] for r in related.get(rid, ())), description)


def _read_organisations(conn: sqlite3.Connection, rows: Rows) -> Iterator[Organisation]:
    areas = _grouped(conn, "organisation_areas", "organisation, area", "organisations", rows)
    for rid, name, kind, line, website, phone, wijken in conn.execute(
            f"SELECT id, name, kind, line, website, phone, wijken FROM organisations m "
            f"WHERE {rows.where}", (rows.param,)):
        yield Organisation(rid, name, kind, line, website, phone, tuple(json.loads(wijken)),
                           tuple(a[0] for a in areas.get(rid, ())))


def _read_teams(conn: sqlite3.Connection, rows: Rows) -> Iterator[Team]:
    for row in conn.execute(f"SELECT id, name, kind, wijk, organisation, meets FROM teams m "
                            f"WHERE {rows.where}", (rows.param,)):
        yield Team(*row)


def _read_professionals(conn: sqlite3.Connection, rows: Rows) -> Iterator[Professional]:
    claims = _grouped(conn, "professional_expertise", "professional, area, level", "professionals",
                      rows)
    teams = _grouped(conn, "professional_teams", "professional, team", "professionals", rows)
    knows = _grouped(conn, "knows", "professional, other", "professionals", rows)
    for (rid, name, role, org, wijken, email, phone, bio, languages, hours, active,
         confirmed) in conn.execute(
            f"SELECT id, name, role, organisation, wijken, email, phone, bio, languages, "
            f"hours_per_half_year, active, confirmed FROM professionals m WHERE {rows.where}",
            (rows.param,)):
        yield Professional(
            id=rid, name=name, role=role, organisation=org,
            teams=tuple(t[0] for t in teams.get(rid, ())), wijken=tuple(json.loads(wijken)),
            expertise=tuple(Claim(a, lvl) for a, lvl in claims.get(rid, ())),
            hours_per_half_year=hours, knows=tuple(k[0] for k in knows.get(rid, ())),
            email=email, phone=phone, bio=bio, languages=tuple(json.loads(languages)),
            active=bool(active), confirmed=_day(confirmed))


def _read_cases(conn: sqlite3.Connection, rows: Rows) -> Iterator[Case]:
    loads = orjson.loads
    for (rid, opened, closed, team, wijk, model, question, outcome, age_band, household,
         notes, facts) in conn.execute(
            f"SELECT id, opened, closed, team, wijk, model, question, outcome, age_band, "
            f"household, notes, facts FROM cases m WHERE {rows.where}", (rows.param,)):
        areas, people = loads(facts)
        yield Case(id=rid, opened=date.fromisoformat(opened), closed=_day(closed), team=team,
                   wijk=wijk, areas=tuple(areas), model=model, question=question,
                   participants=tuple(Participation(*p) for p in people),
                   outcome=outcome, age_band=age_band, household=household, notes=notes)


def read_case_facts(conn: sqlite3.Connection, rows: Rows | None = None
                    ) -> Iterator[tuple[str, CaseFacts]]:
    """Just what the in-memory index keeps of each case: id, the day its hours
    count for, requesting team, areas, and (professional, role, hours) per
    participant (from the ``facts`` column; see the module docstring)."""
    rows = rows or Rows()
    loads = orjson.loads
    days: dict[str, date] = {}
    for rid, day, team, facts in conn.execute(
            f"SELECT id, coalesce(closed, opened), team, facts FROM cases m WHERE {rows.where}",
            (rows.param,)):
        booked = days.get(day)
        if booked is None:
            booked = days[day] = date.fromisoformat(day)
        areas, people = loads(facts)
        yield rid, CaseFacts.interned(booked, team, areas, people)


_READERS: dict[str, Callable[[sqlite3.Connection, Rows], Iterator[Any]]] = {
    "expertise": _read_expertise,
    "organisations": _read_organisations,
    "teams": _read_teams,
    "professionals": _read_professionals,
    "cases": _read_cases,
}
