"""Moving a whole KernteamDB from one store to another (embedded <-> Neo4j).

The pool goes through the exchange format, as interfaces.md promises: the
source's export is imported into the target with every check an import
makes, and the move counts only when the target then exports the very same
text. What the exchange format does not hold moves beside it through the
Store port: the user accounts with their password hashes and API tokens
(so people sign in as before), the consultations with their meeting
schedules and notices, the audit trail, and the demo mark.

The target must be empty: a move never mixes two pools. The source must
stand still while it is copied (stop the web app): a write to it meanwhile
makes the migration fail rather than leave something out. Not copied: the
counts of failed sign-ins (they only slow down guessing), and the revision
numbers of the audit trail's entries (each copied entry has the revision
of the migration; their times and contents stay). Whoever may run
the command line may do this (like ``kernteamdb import``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from directory.accounts.roles import actor
from directory.consultations.records import Consultation
from directory.errors import Conflict, DirectoryError, InvalidInput
from directory.exchange.document import export_document, parse_document, plan_import
from directory.pool.bulk import collector_paused
from directory.pool.changes import STATUS_KINDS
from directory.pool.model import KINDS
from directory.ports import AuditEntry, ImportPlan, PoolWithConsultations, Store
from directory.problems import Problem

#: Notices moved per professional (all of them: a negative limit is none).
ALL = -1


@dataclass(frozen=True)
class Moved:
    """What a migration moved, for the report."""

    records: dict[str, int]
    users: int
    tokens: int
    consultations: int
    schedules: int
    notices: int
    audit_entries: int


def refuse_unless_empty(target: Store) -> None:
    held = [kind for kind in KINDS if target.count(kind)]
    if held or target.users() or target.consultations():
        raise InvalidInput(f"the target store {target.url} is not empty; a migration goes into an "
                           "empty store only",
                           [Problem.of(kind, "records_held", count=target.count(kind)) for kind in held])


def migrate(source: Store, target: Store, *, progress: Callable[[str], None] = lambda _: None) -> Moved:
    """Copy everything in ``source`` into the empty ``target`` and check that
    the target exports exactly what the source exports (``Conflict`` if not).

    The pool, the consultations and meeting schedules, and the audit trail
    (with one entry more: this migration) go in one transaction; the
    accounts and notices follow."""
    refuse_unless_empty(target)
    revision, accounts = source.revision(), (source.users(), source.tokens())
    # as bytes, as a file is read: a large document's cases are then validated in pieces
    document = export_document(source).encode()
    progress("pool exported")
    with collector_paused(freeze_after=True):
        plan = plan_import(parse_document(document, target, new_ids=False), target)
    consultations, schedules = source.consultations(), source.schedules()
    entries = [replace(e, seq=None, revision=None) for e in source.audit_entries()]
    counts = {kind: plan.counts[kind].total for kind in KINDS}
    entries.append(AuditEntry(datetime.now(UTC), actor(None), "document", None, "migrate", None,
                              {"from": source.url, "counts": counts}))
    # retired organisations and teams stay retired (the exchange format has no status)
    retired = {(kind, rid): False for kind in STATUS_KINDS for rid in source.inactive(kind)}
    target.apply(replace(plan, consultations=tuple(consultations), schedules=tuple(schedules),
                         audit=tuple(entries), active=retired))
    progress("pool, consultations and audit trail copied")
    try:
        users, tokens, notices = _move_accounts_and_notices(source, target, consultations)
    except DirectoryError as exc:
        raise type(exc)(f"the migration stopped after the pool was copied: {exc.message}; "
                        f"{target.url} holds part of the store now: empty it before trying again",
                        exc.problems) from None
    if source.revision() != revision or (source.users(), source.tokens()) != accounts:
        raise Conflict(f"{source.url} changed while it was being copied; stop everything that "
                       f"writes to it, empty {target.url} and migrate again")
    if export_document(target).encode() != document or any(
            target.inactive(kind) != source.inactive(kind) for kind in STATUS_KINDS):
        raise Conflict(f"the export of {target.url} differs from the export of {source.url}; "
                       "the migration is not complete")
    return Moved(counts, users, tokens, len(consultations), len(schedules), notices, len(entries) - 1)


def _move_accounts_and_notices(source: Store, target: Store,
                               consultations: list[Consultation]) -> tuple[int, int, int]:
    if source.is_demo():
        target.mark_demo()
    users = source.users()
    for user in users:
        target.add_user(user)
    tokens = source.tokens()
    for token in tokens:
        target.add_token(token.digest, token.user, token.created, expires=token.expires)
    notices = _move_notices(source, target, {p for c in consultations for p in c.people})
    return len(users), len(tokens), notices


def _move_notices(source: PoolWithConsultations, target: PoolWithConsultations, named: set[str]) -> int:
    """Each person's notices, oldest first, keeping which were read."""
    people = sorted(named | {p.id for p in source.iter_records("professionals")})
    moved = 0
    for person in people:
        notices = sorted(source.notices(person, limit=ALL), key=lambda n: n.seq)
        if not notices:
            continue
        target.apply(ImportPlan({}, notices=tuple(notices)))
        written = sorted(target.notices(person, limit=ALL), key=lambda n: n.seq)
        read = [new.seq for old, new in zip(notices, written, strict=True) if old.read]
        if read:
            target.mark_notices_read(person, max(read))
        moved += len(notices)
    return moved
