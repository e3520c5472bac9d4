"""The audit trail in SQLite: written inside the transaction of the change it
describes, read with filters, and scrubbed of a person when they are erased.

Times are stored as UTC ISO 8601 text with microseconds, so comparing the
text compares the times. Before and after are JSON text. Values only ever go
in as parameters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from directory.ports import AuditEntry, Erasure
from graph.stores.core.audit_form import ERASED_USER, USER_KINDS, json_text, replaced, stamp


def write_audit(conn: sqlite3.Connection, entries: Iterable[AuditEntry], rev: int | None) -> None:
    conn.executemany(
        "INSERT INTO audit (at, user, kind, record, action, before, after, rev) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((stamp(e.at), e.user, e.kind, e.record, e.action, json_text(e.before), json_text(e.after), rev)
         for e in entries))


def read_audit(conn: sqlite3.Connection, *, user: str | None = None, kind: str | None = None,
               record: str | None = None, since: datetime | None = None,
               until: datetime | None = None, limit: int | None = None,
               offset: int = 0) -> list[AuditEntry]:
    conditions, values = [], []
    for column, value in (("user", user), ("kind", kind), ("record", record)):
        if value is not None:
            conditions.append(f"{column} = ?")
            values.append(value)
    if since is not None:
        conditions.append("at >= ?")
        values.append(stamp(since))
    if until is not None:
        conditions.append("at < ?")
        values.append(stamp(until))
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = conn.execute(
        f"SELECT seq, at, user, kind, record, action, before, after, rev FROM audit {where} "
        "ORDER BY seq LIMIT ? OFFSET ?", (*values, -1 if limit is None else limit, offset))
    return [AuditEntry(at=datetime.fromisoformat(at), user=who, kind=what, record=rid, action=action,
                       before=json.loads(before) if before else None,
                       after=json.loads(after) if after else None, revision=rev, seq=seq)
            for seq, at, who, what, rid, action, before, after, rev in rows]


def erase_traces(conn: sqlite3.Connection, erasure: Erasure) -> None:
    """Inside the erasing transaction: what the trail recorded about the person
    goes (the entries stay, as "something was done to ``replacement``"), every
    other mention of their id becomes ``replacement``, and the names of their
    user accounts (which ``accounts_sql.remove_accounts`` removes) become
    ``ERASED_USER``."""
    person, replacement = erasure.professional, erasure.replacement
    conn.execute("UPDATE audit SET record = ?, before = NULL, after = NULL "
                 "WHERE kind = 'professionals' AND record = ?", (replacement, person))
    needle = json.dumps(person)
    rows = conn.execute("SELECT seq, before, after FROM audit WHERE instr(before, ?) OR instr(after, ?)",
                        (needle, needle)).fetchall()
    for seq, before, after in rows:
        conn.execute("UPDATE audit SET before = ?, after = ? WHERE seq = ?",
                     (json_text(replaced(json.loads(before), person, replacement)) if before else None,
                      json_text(replaced(json.loads(after), person, replacement)) if after else None, seq))
    for name in erasure.users:
        conn.execute("UPDATE audit SET user = ? WHERE user = ?", (ERASED_USER, name))
        conn.execute("UPDATE audit SET record = ?, before = NULL, after = NULL "
                     f"WHERE kind IN {USER_KINDS!r} AND record = ?", (ERASED_USER, name))
