"""Browser sessions and failed sign-ins (``SignIns``): what signing in and
staying signed in keep, shared by every process using the store."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from directory.accounts.roles import User
from directory.ports.audit import AuditEntry


class SignIns(Protocol):
    """Sessions, and the failed sign-ins the throttle counts."""

    def add_session(self, digest: str, name: str, created: datetime, expires: datetime, *,
                    audit: AuditEntry | None = None) -> None:
        """Keep the SHA-256 ``digest`` of a new browser session of user ``name``
        that ends at ``expires`` (``NotFound`` for an unknown user); sessions
        that ended before ``created`` may go."""

    def session_user(self, digest: str, now: datetime) -> User | None:
        """The user of the session with this digest when it has not ended by
        ``now``; None otherwise."""

    def remove_session(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        """End one session (signing out); nothing happens for an unknown digest."""

    def record_login_failure(self, name: str, at: datetime, *, forget_before: datetime,
                             audit: AuditEntry | None = None) -> None:
        """Count a failed sign-in for ``name`` at ``at`` (only the name, with the client's
        opaque key from ``directory.accounts.signin.failure_key``, and the time — never the
        client's address); failures before ``forget_before`` may go."""

    def login_failures(self, name: str, since: datetime) -> list[datetime]:
        """The times of ``name``'s failed sign-ins since ``since``, oldest first,
        as counted by every process using the store."""

    def clear_login_failures(self, name: str, *, audit: AuditEntry | None = None) -> None:
        """Forget ``name``'s failed sign-ins (after a successful one)."""
