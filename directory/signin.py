"""Signing in with a name and password, slowed down after repeated failures.

Failures are counted per user name in the store, not in a process, so that
several web workers (or a restarted server) count together. After
``MAX_FAILURES`` failures within ``WINDOW`` further attempts for that name are
refused, without even checking the password, until the oldest of those
failures is ``WINDOW`` old. Only the name and the time are kept: nothing
about the client (no address), in line with the product's privacy rules.
Unknown names are counted too, so the answer never tells whether a name
exists. Every sign-in, failed or not, goes into the audit trail (kind
``signin``) with the name — only when it is a user's: a failed attempt under
an unknown name is logged as ``(unknown name)``, since people type their
password into the name field.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from directory.accounts import normalise_name, password_matches
from directory.errors import TooManyAttempts, Unauthorized
from directory.ports import AuditEntry, Store
from directory.roles import User

UNKNOWN_NAME = "(unknown name)"

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
#: Failures older than this are deleted whenever a new one is written.
FORGET_AFTER = timedelta(days=1)


def sign_in(store: Store, name: str, password: str, *, now: datetime | None = None) -> User:
    """The user whose name and password these are.

    Raises ``TooManyAttempts`` while the name is paused, ``Unauthorized`` for a
    wrong name or password (counted as a failure). Success clears the count.
    """
    name = normalise_name(name)
    now = now or datetime.now(UTC)
    user = store.get_user(name) if name else None

    def entry(action: str) -> AuditEntry:
        who = user.name if user is not None else UNKNOWN_NAME
        return AuditEntry(now, who, "signin", who, action)

    wait = seconds_paused(store, name, now)
    if wait:
        store.write_audit([entry("sign_in_paused")])
        raise TooManyAttempts(f"too many failed sign-ins for '{name}'; try again in "
                              f"{math.ceil(wait / 60)} minute(s)", retry_after=wait)
    if not password_matches(user, password) or user is None:
        store.record_login_failure(name, now, forget_before=now - FORGET_AFTER,
                                   audit=entry("sign_in_failed"))
        raise Unauthorized("wrong user name or password")
    store.clear_login_failures(name, audit=entry("sign_in"))
    return user


def seconds_paused(store: Store, name: str, now: datetime) -> int:
    """How long sign-in for ``name`` stays refused (0: not paused)."""
    failures = store.login_failures(normalise_name(name), since=now - WINDOW)
    if len(failures) < MAX_FAILURES:
        return 0
    until = sorted(failures)[-MAX_FAILURES] + WINDOW
    return max(1, math.ceil((until - now).total_seconds()))
