"""Who may do what: the five roles, the permissions table and ``require``.

Permissions are checked here, below the web layer, so that every way into the
directory (web pages, the JSON API, later services) refuses the same things
with the same ``Forbidden`` error. Roles follow domain.md: wijkwerkers,
specialists and triagists use the pool; the coordinator keeps it right; the
admin also manages who may sign in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from directory.errors import Forbidden

ROLES = ("wijkwerker", "specialist", "triagist", "coordinator", "admin")

Action = Literal["read_pool", "write_pool", "manage_users"]
READ_POOL: Action = "read_pool"
WRITE_POOL: Action = "write_pool"
MANAGE_USERS: Action = "manage_users"

#: The permissions table: which role may do what.
PERMISSIONS: dict[str, frozenset[Action]] = {
    "wijkwerker": frozenset({READ_POOL}),
    "specialist": frozenset({READ_POOL}),
    "triagist": frozenset({READ_POOL}),
    "coordinator": frozenset({READ_POOL, WRITE_POOL}),
    "admin": frozenset({READ_POOL, WRITE_POOL, MANAGE_USERS}),
}

_WHAT = {READ_POOL: "read the pool", WRITE_POOL: "change records of the pool",
         MANAGE_USERS: "manage users"}


@dataclass(frozen=True, slots=True)
class User:
    """Someone who may sign in. ``professional`` links the account to a person
    in the pool, so search can rank from their point of view. The password
    hash never leaves the directory (it is left out of ``repr``)."""

    name: str
    role: str
    professional: str | None = None
    password_hash: str | None = field(default=None, repr=False)
    created: datetime | None = None


def may(user: User, action: Action) -> bool:
    """Whether ``user``'s role allows ``action`` (an unknown role allows nothing)."""
    return action in PERMISSIONS.get(user.role, frozenset())


def require(user: User, action: Action) -> None:
    """Raise ``Forbidden`` unless ``user`` may do ``action``."""
    if not may(user, action):
        raise Forbidden(f"a {user.role} may not {_WHAT[action]}")
