"""The audit trail on a Neo4j server: one ``:AuditEntry`` node per line,
written inside the transaction of the change it describes, read with
filters, and scrubbed of a person when they are erased.

The nodes hold exactly what the embedded store's rows hold, in the same form
(``graph.stores.core.audit_form`` makes the text): ``at`` as UTC ISO 8601 text
with microseconds (comparing the text compares the times, and a round trip
is exact), ``before`` / ``after`` as JSON text (read whole, never queried
inside, except that an erasure looks for the quoted id in it, as the
embedded store does), ``rev`` the revision of the change (absent for events
that change nothing). ``seq`` comes from the ``audit_seq`` counter of the
same transaction, so it grows in the order entries were written and two
writers never share a number. Entries are not linked to the records they
name: a deleted or erased record leaves its lines behind, as in the
embedded store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from neo4j import Record

from directory.ports import AuditEntry, Erasure
from graph.stores.core.audit_form import ERASED_USER, USER_KINDS, json_text, replaced, stamp
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.pipeline import Pipeline
from graph.stores.neo4j.schema import reserve

#: Created when a store is opened: ``seq`` is the key (and the order of
#: reading); the audit page filters by record, user and period. ``seq`` is
#: indexed, not declared unique: the counter already makes it so, and on
#: ArcadeDB two writers taking the same counter value at once are told
#: apart by a transient "concurrent change" error (which the driver retries)
#: only without a unique index on ``seq`` -- with one, the clash surfaces
#: first as a duplicate key (a ``ConstraintError``, never retried) and a
#: sign-in would fail. On Neo4j the counter's write lock serialises writers.
AUDIT_CONSTRAINTS: tuple[str, ...] = (
    "CREATE INDEX audit_seq IF NOT EXISTS FOR (a:AuditEntry) ON (a.seq)",
    "CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)",
    "CREATE INDEX audit_record IF NOT EXISTS FOR (a:AuditEntry) ON (a.record)",
    "CREATE INDEX audit_user IF NOT EXISTS FOR (a:AuditEntry) ON (a.user)",
)

_WRITE = ("UNWIND $rows AS row "
          "CREATE (a:AuditEntry {seq: row.seq, at: row.at, user: row.user, kind: row.kind, "
          "record: row.record, action: row.action, before: row.before, after: row.after, "
          "rev: row.rev})")

#: The filters of ``audit_entries``, each a constant condition on its own
#: parameter; a read joins those it was given (never text from the caller).
_FILTERS = (
    ("user", "a.user = $user"),
    ("kind", "a.kind = $kind"),
    ("record", "a.record = $record"),
    ("since", "a.at >= $since"),
    ("until", "a.at < $until"),
)
_RETURN = ("RETURN a.seq AS seq, a.at AS at, a.user AS user, a.kind AS kind, a.record AS record, "
           "a.action AS action, a.before AS before, a.after AS after, a.rev AS rev "
           "ORDER BY a.seq SKIP $offset")

_ERASE_PERSON = ("MATCH (a:AuditEntry) WHERE a.kind = 'professionals' AND a.record = $person "
                 "SET a.record = $replacement, a.before = null, a.after = null")
_MENTIONS = ("MATCH (a:AuditEntry) WHERE a.before CONTAINS $needle OR a.after CONTAINS $needle "
             "RETURN a.seq AS seq, a.before AS before, a.after AS after")
_REWRITE = ("UNWIND $rows AS row MATCH (a:AuditEntry {seq: row.seq}) "
            "SET a.before = row.before, a.after = row.after")
_ERASE_USER = "MATCH (a:AuditEntry) WHERE a.user = $name SET a.user = $erased"
_ERASE_USER_RECORD = ("MATCH (a:AuditEntry) WHERE a.kind IN $kinds AND a.record = $name "
                      "SET a.record = $erased, a.before = null, a.after = null")


def write_audit_tx(tx: Pipeline, entries: Iterable[AuditEntry], revision: int | None) -> None:
    """Inside the caller's transaction: the entries, numbered in the order given."""
    entries = list(entries)
    if not entries:
        return
    last = reserve(tx, "audit_seq", len(entries))
    first = last - len(entries) + 1
    rows = [{"seq": first + i, "at": stamp(e.at), "user": e.user, "kind": e.kind, "record": e.record,
             "action": e.action, "before": json_text(e.before), "after": json_text(e.after), "rev": revision}
            for i, e in enumerate(entries)]
    tx.send(_WRITE, rows=rows)


def _rewritten(text: str | None, old: str, new: str) -> str | None:
    return json_text(replaced(json.loads(text), old, new)) if text else None


def erase_traces_tx(tx: Pipeline, erasure: Erasure) -> None:
    """Inside the erasing transaction, what ``audit_sql.erase_traces`` does:
    what the trail recorded about the person goes (the entries stay, as
    "something was done to ``replacement``"), every other mention of their id
    becomes ``replacement``, and the names of their user accounts (which
    ``remove_accounts_tx`` removes) become ``ERASED_USER``."""
    person, replacement = erasure.professional, erasure.replacement
    tx.send(_ERASE_PERSON, person=person, replacement=replacement)
    # the quoted id as the embedded store looks for it in the JSON text
    mentions = tx.run(_MENTIONS, needle=json.dumps(person)).data()
    rows = [{"seq": m["seq"], "before": _rewritten(m["before"], person, replacement),
             "after": _rewritten(m["after"], person, replacement)} for m in mentions]
    if rows:
        tx.send(_REWRITE, rows=rows)
    for name in erasure.users:
        tx.send(_ERASE_USER, name=name, erased=ERASED_USER)
        tx.send(_ERASE_USER_RECORD, name=name, erased=ERASED_USER, kinds=list(USER_KINDS))


def _entry(row: Record) -> AuditEntry:
    before, after = row["before"], row["after"]
    return AuditEntry(at=datetime.fromisoformat(row["at"]), user=row["user"], kind=row["kind"],
                      record=row["record"], action=row["action"],
                      before=json.loads(before) if before else None,
                      after=json.loads(after) if after else None,
                      revision=row["rev"], seq=row["seq"])


class BoltAudit:
    """The audit methods of ``directory.ports.Store`` for the Neo4j store (a
    mixin: it uses the store's ``_bolt``)."""

    _bolt: Bolt

    def write_audit(self, entries: Iterable[AuditEntry]) -> None:
        entries = list(entries)
        if entries:
            self._bolt.write(lambda tx: write_audit_tx(tx, entries, None))

    def audit_entries(self, *, user: str | None = None, kind: str | None = None,
                      record: str | None = None, since: datetime | None = None,
                      until: datetime | None = None, limit: int | None = None,
                      offset: int = 0) -> list[AuditEntry]:
        given: dict[str, Any] = {
            "user": user, "kind": kind, "record": record,
            "since": None if since is None else stamp(since),
            "until": None if until is None else stamp(until)}
        params = {name: given[name] for name, _ in _FILTERS if given[name] is not None}
        conditions = [condition for name, condition in _FILTERS if name in params]
        text = "MATCH (a:AuditEntry) "
        if conditions:
            text += "WHERE " + " AND ".join(conditions) + " "
        text += _RETURN
        if limit is not None and limit >= 0:  # SQLite reads a negative limit as none
            text += " LIMIT $limit"
            params["limit"] = limit
        # ... and a negative offset as 0
        return [_entry(row) for row in self._bolt.read(text, offset=max(offset, 0), **params)]
