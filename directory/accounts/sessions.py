"""Browser sessions that the server can end: one record per sign-in.

A signed cookie alone cannot be withdrawn: a copy of it works until it
expires, even after signing out. So each sign-in gets a random session id
(256 bits) that only the browser's cookie carries; the store keeps its
SHA-256 with the user and the moment it ends, and every request must find
it there. Signing out deletes the record; a new password, another role or
link, or removing the user deletes all of that user's records in the same
transaction as the change (``Store.update_user``/``remove_user``), so every
other browser is signed out at its next request.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from directory.accounts.roles import User
from directory.accounts.users import token_digest
from directory.ports import SignIns


def start(store: SignIns, user: User, lasts: timedelta, *, now: datetime | None = None) -> str:
    """A new session of ``user`` that ends after ``lasts``; returns its id (for the cookie only)."""
    now = now or datetime.now(UTC)
    session_id = secrets.token_urlsafe(32)
    store.add_session(token_digest(session_id), user.name, now, now + lasts)
    return session_id


def user_of(store: SignIns, session_id: str, *, now: datetime | None = None) -> User | None:
    """The user of a session that has not ended, or None."""
    if not session_id:
        return None
    return store.session_user(token_digest(session_id), now or datetime.now(UTC))


def digest_of(session_id: str) -> str:
    """What the store knows a session by (to keep it while ending the user's others)."""
    return token_digest(session_id)


def end(store: SignIns, session_id: str) -> None:
    """Sign out: this session is refused from now on, wherever its cookie is replayed."""
    if session_id:
        store.remove_session(token_digest(session_id))
