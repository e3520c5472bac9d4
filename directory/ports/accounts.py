"""Who may sign in (``UserAccounts``: users and their API tokens, with
``ApiToken``). Small, and not part of the pool or its revisions; each change
writes its audit entry in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from directory.accounts.roles import User
from directory.ports.audit import AuditEntry


@dataclass(frozen=True, slots=True)
class ApiToken:
    """What a store keeps of an API token: never the token, only its SHA-256
    ``digest``. ``expires`` is None for a token made before tokens expired
    (``directory.accounts.users`` decides what that means); ``last_used`` is
    recorded coarsely (not on every request)."""

    digest: str
    user: str
    created: datetime
    expires: datetime | None = None
    last_used: datetime | None = None


class UserAccounts(Protocol):
    """User accounts and their API tokens."""

    def add_user(self, user: User, *, audit: AuditEntry | None = None) -> None:
        """Store a new user; ``Conflict`` when the name is taken, or the
        ``issuer`` and ``subject`` (when given) belong to another user. ``audit`` is
        written in the same transaction (so are those of the methods below)."""

    def update_user(self, user: User, *, audit: AuditEntry | None = None,
                    keep_session: str | None = None) -> None:
        """Replace the role, professional and password hash of user ``user.name``
        (never their ``issuer`` and ``subject``; ``NotFound`` for an unknown user)
        and, in the same transaction, end every session of theirs but the one with
        digest ``keep_session``: who they are changed, so no browser may act on
        what they were."""

    def remove_user(self, name: str, *, audit: AuditEntry | None = None) -> None:
        """Remove a user with their tokens and sessions (``NotFound`` for an unknown user)."""

    def get_user(self, name: str) -> User | None:
        """The user called ``name`` (names are stored normalised) or None."""

    def users(self) -> list[User]:
        """Every user, by name."""

    def user_by_identity(self, issuer: str, subject: str) -> User | None:
        """The user an identity provider (``issuer``) knows as ``subject``, or None."""

    def add_token(self, digest: str, name: str, created: datetime, *,
                  expires: datetime | None = None, audit: AuditEntry | None = None) -> None:
        """Keep the SHA-256 ``digest`` of a new API token of user ``name``, valid
        until ``expires`` (``NotFound`` for an unknown user)."""

    def find_token(self, digest: str) -> tuple[ApiToken, User] | None:
        """The token with this digest and its user, or None (expired or not:
        ``directory.accounts.users`` judges that)."""

    def touch_token(self, digest: str, at: datetime) -> None:
        """Record that the token with this digest was used at ``at`` (no audit
        entry; nothing happens for an unknown digest)."""

    def remove_token(self, digest: str, *, audit: AuditEntry | None = None) -> None:
        """Withdraw one token (``NotFound`` when there is none with this digest)."""

    def tokens(self) -> list[ApiToken]:
        """Every API token, by digest: for listing them and for moving the
        accounts to another store (``directory.exchange.migration``)."""
