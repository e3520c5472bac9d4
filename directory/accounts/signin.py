"""Signing in with a name and password, slowed down after repeated failures.

Failures are counted in the store, not in a process, so that several web
workers (or a restarted server) count together — per name *and client*: the
web layer passes an opaque client key (a keyed hash of the address, never the
address itself), so wrong passwords from one place pause only that place and
the real user elsewhere can still sign in. After ``MAX_FAILURES`` failures
(within ``FORGET_AFTER``, without a success in between) further attempts from
that client for that name are refused, without even checking the password,
for ``FIRST_PAUSE`` after the last failure; every failure after a pause
doubles it, up to ``LONGEST_PAUSE``. Unknown names are counted too, so the
answer never tells whether a name exists.

Before any of that a ``SignInGate`` (``directory.accounts.throttle``) bounds the work:
attempts per client per minute, and password checks at once. A refused
attempt (throttled or paused) is not written to the audit trail one by one:
the first of a window is, and the rest as one count (``after: {"attempts": N}``)
when the window is over. Every checked sign-in, failed or not, goes into the
audit trail (kind ``signin``) with the name — only when it is a user's: a
failed attempt under an unknown name is logged as ``(unknown name)``, since
people type their password into the name field. Nothing about the client is
written to the audit trail.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from directory.accounts.roles import User
from directory.accounts.throttle import SignInGate
from directory.accounts.users import normalise_name, password_matches
from directory.errors import TooManyAttempts, Unauthorized
from directory.ports import AuditEntry, AuditTrail, SignIns, SignInStore

UNKNOWN_NAME = "(unknown name)"
#: Who a refused attempt is counted under when it was refused before its name was read.
NOT_READ = "(name not read)"

MAX_FAILURES = 5
FIRST_PAUSE = timedelta(minutes=15)
LONGEST_PAUSE = timedelta(hours=4)
#: Failures older than this no longer count, and are deleted whenever a new one is written.
FORGET_AFTER = timedelta(days=1)


def sign_in(store: SignInStore, name: str, password: str, *, gate: SignInGate, client: str = "",
            now: datetime | None = None) -> User:
    """The user whose name and password these are, asked by ``client``.

    Raises ``TooManyAttempts`` (or its kinds ``ClientThrottled`` and
    ``ChecksBusy``) when the attempt is refused unchecked, ``Unauthorized`` for
    a wrong name or password (counted as a failure). Success clears the count
    of this name from this client.
    """
    name = normalise_name(name)
    now = now or datetime.now(UTC)
    user = store.get_user(name) if name else None
    who = user.name if user is not None else UNKNOWN_NAME

    def entry(action: str) -> AuditEntry:
        return AuditEntry(now, who, "signin", who, action)

    key = failure_key(name, client)
    try:
        gate.admit(client, now)
        wait = seconds_paused(store, name, now, client=client)
        if wait:
            raise TooManyAttempts(f"too many failed sign-ins for '{name}'; try again in "
                                  f"{math.ceil(wait / 60)} minute(s)", retry_after=wait)
        with gate.checking():
            matches = gate.run(password_matches, user, password)
    except TooManyAttempts:
        _write_counts(store, gate.refused(who, client, now), now)
        raise
    _write_counts(store, gate.ended(now), now)
    if not matches or user is None:
        store.record_login_failure(key, now, forget_before=now - FORGET_AFTER,
                                   audit=entry("sign_in_failed"))
        raise Unauthorized("wrong user name or password")
    store.clear_login_failures(key, audit=entry("sign_in"))
    return user


def refuse_unread(store: AuditTrail, gate: SignInGate, client: str, now: datetime | None = None) -> int:
    """Refuse an attempt of ``client`` before reading it, while the client has no
    allowance left: counted like any refused attempt (under ``NOT_READ``). Returns
    the seconds to wait; 0 (and nothing counted) when the attempt may go ahead."""
    now = now or datetime.now(UTC)
    wait = gate.wait(client, now)
    if wait:
        _write_counts(store, gate.refused(NOT_READ, client, now), now)
    return wait


def _write_counts(store: AuditTrail, counts: list[tuple[str, int]], now: datetime) -> None:
    """One audit row per (who, number of refused attempts it stands for)."""
    if counts:
        store.write_audit([AuditEntry(now, who, "signin", who, "sign_in_paused", None,
                                      {"attempts": attempts}) for who, attempts in counts])


def failure_key(name: str, client: str) -> str:
    """What the store counts failures under: the name, and the client's key if known."""
    return f"{name}\x1f{client}" if client else name


def seconds_paused(store: SignIns, name: str, now: datetime, *, client: str = "") -> int:
    """How long sign-in for ``name`` from ``client`` stays refused (0: not paused):
    ``FIRST_PAUSE`` after the ``MAX_FAILURES``-th failure, doubled by every failure
    after it, at most ``LONGEST_PAUSE``, counted from the last failure."""
    failures = store.login_failures(failure_key(normalise_name(name), client),
                                    since=now - FORGET_AFTER)
    if len(failures) < MAX_FAILURES:
        return 0
    pause = min(FIRST_PAUSE * 2 ** min(len(failures) - MAX_FAILURES, 16), LONGEST_PAUSE)
    left = (max(failures) + pause - now).total_seconds()
    return max(0, math.ceil(left))
