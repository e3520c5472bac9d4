"""The SQL of a change beyond writing records: versions, deletions that other
processes notice, and retired organisations and teams.

**Versions.** A record's version is the ``rev`` of its row: the store
revision that last wrote it. It changes with every write of the record and
never goes back, so an edit that states the version it was based on can be
refused when the row has moved on, inside the writing transaction.

**Tombstones.** Catching up reads the rows written since a revision; a
deleted row is simply gone, so every deletion leaves a tombstone
``(kind, key, rev)`` that catching up reads as well. Writing a record again
removes its tombstone, so a tombstone always means "no such row". The key is
a hash of the id keyed with the store's id, not the id itself: an erased
person's id may say who they were (``p-anna-de-vries``), and tombstones stay.
A process finds which of its records a key means by hashing its own ids,
which happens only when there are deletions to catch up with.

Table names come from ``VERSIONED`` only; values are parameters.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping

from directory.errors import Conflict, NotFound
from directory.pool.model import KINDS
from directory.pool.model import NOUN as _NOUN
from graph.stores.core.versions import STATUS_KINDS, refuse_stale

#: What has a version: the records of the pool, and consultations (``graph.stores.embedded.consult_sql``).
VERSIONED = (*KINDS, "consultations")


def _table(kind: str) -> str:
    if kind not in VERSIONED:
        raise ValueError(f"not a kind of record: {kind!r}")
    return kind


def tombstone_key(secret: str, record_id: str) -> str:
    return hashlib.blake2b(record_id.encode("utf-8"), key=secret.encode("utf-8")[:64],
                           digest_size=16).hexdigest()


# --- versions --------------------------------------------------------------------

def read_versions(conn: sqlite3.Connection, kind: str, ids: Iterable[str]) -> dict[str, int]:
    rows = conn.execute(f"SELECT id, rev FROM {_table(kind)} "
                        "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),))
    return dict(rows)


def check_versions(conn: sqlite3.Connection, expected: Mapping[tuple[str, str], int | None]) -> None:
    """Refuse the change (``Conflict``) when any record is not at the version it
    was based on; ``None`` means it must not exist yet."""
    now = {}
    for kind, rid in expected:
        found = conn.execute(f"SELECT rev FROM {_table(kind)} WHERE id = ?", (rid,)).fetchone()
        now[(kind, rid)] = None if found is None else int(found[0])
    refuse_stale(expected, now)


# --- deletions -----------------------------------------------------------------------

def delete_rows(conn: sqlite3.Connection, kind: str, ids: Iterable[str], rev: int, secret: str) -> None:
    """Delete records (their own link rows go with them) and leave tombstones."""
    ids = list(ids)
    if not ids:
        return
    for rid in ids:
        if conn.execute(f"DELETE FROM {_table(kind)} WHERE id = ?", (rid,)).rowcount == 0:
            raise NotFound(f"unknown {_NOUN[kind]} '{rid}'")
    conn.executemany("INSERT OR REPLACE INTO deleted VALUES (?, ?, ?)",
                     ((kind, tombstone_key(secret, rid), rev) for rid in ids))
    if kind in STATUS_KINDS:
        conn.executemany("DELETE FROM retired WHERE kind = ? AND id = ?", ((kind, rid) for rid in ids))


def clear_tombstones(conn: sqlite3.Connection, kind: str, ids: Iterable[str], secret: str) -> None:
    """Records written again are no longer deleted (cheap when nothing of ``kind`` ever was)."""
    if conn.execute("SELECT 1 FROM deleted WHERE kind = ? LIMIT 1", (kind,)).fetchone() is None:
        return
    conn.executemany("DELETE FROM deleted WHERE kind = ? AND key = ?",
                     ((kind, tombstone_key(secret, rid)) for rid in ids))


def tombstones_since(conn: sqlite3.Connection, since: int) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for kind, key in conn.execute("SELECT kind, key FROM deleted WHERE rev > ?", (since,)):
        found[kind].add(key)
    return found


def ids_with_keys(keys: set[str], ids: Iterable[str], secret: str) -> list[str]:
    """Which of ``ids`` the tombstone ``keys`` stand for."""
    return [rid for rid in ids if tombstone_key(secret, rid) in keys]


#: The first case whose facts still name a deleted professional or area: the
#: check that stands in for foreign keys on the ``facts`` column (see
#: ``graph.stores.embedded.sqlite_schema``). ``instr`` skips most rows before JSON is parsed.
_CASE_NAMING = {
    "professionals": "SELECT c.id FROM cases c, json_each(c.facts, '$[1]') p "
                     "WHERE instr(c.facts, :needle) AND p.value ->> 0 = :id LIMIT 1",
    "expertise": "SELECT c.id FROM cases c, json_each(c.facts, '$[0]') a "
                 "WHERE instr(c.facts, :needle) AND a.value = :id LIMIT 1",
}


def check_no_case_names(conn: sqlite3.Connection, kind: str, ids: Iterable[str]) -> None:
    query = _CASE_NAMING.get(kind)
    if query is None:
        return
    for rid in ids:
        found = conn.execute(query, {"needle": json.dumps(rid), "id": rid}).fetchone()
        if found is not None:
            raise Conflict(f"case '{found[0]}' still names {_NOUN[kind]} '{rid}'; nothing was changed")


# --- retired organisations and teams ------------------------------------------------------

def set_active(conn: sqlite3.Connection, kind: str, rid: str, active: bool, rev: int) -> None:
    """Retire or reactivate; the row's revision moves, so its version does too."""
    if kind not in STATUS_KINDS:
        raise ValueError(f"only organisations and teams are retired this way, not {kind}")
    if conn.execute(f"UPDATE {kind} SET rev = ? WHERE id = ?", (rev, rid)).rowcount == 0:
        raise NotFound(f"unknown {_NOUN[kind]} '{rid}'")
    if active:
        conn.execute("DELETE FROM retired WHERE kind = ? AND id = ?", (kind, rid))
    else:
        conn.execute("INSERT OR IGNORE INTO retired VALUES (?, ?)", (kind, rid))


def retired_ids(conn: sqlite3.Connection, kind: str) -> frozenset[str]:
    return frozenset(r[0] for r in conn.execute("SELECT id FROM retired WHERE kind = ?", (kind,)))
