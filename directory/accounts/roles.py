"""Who may do what: the five roles, the permissions table and ``require``.

Permissions are checked here, below the web layer, so that every way into the
directory (web pages, the JSON API, the services of ``directory.pool.maintain`` and
its siblings) refuses the same things with the same ``Forbidden`` error.
Roles follow domain.md: wijkwerkers, specialists and triagists use the pool;
a specialist keeps their own profile current; the coordinator keeps the pool
right (records, taxonomy, merges, erasure) and reads the audit trail; the
admin also manages who may sign in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from directory.errors import Forbidden

ROLES = ("wijkwerker", "specialist", "triagist", "coordinator", "admin")

Action = Literal["read_pool", "edit_own_profile", "write_pool", "read_audit", "manage_users",
                 "consult", "manage_consultations", "evaluate"]
READ_POOL: Action = "read_pool"
#: A professional's own profile: expertise, bio, contact, wijken, hours; and confirming it.
EDIT_OWN_PROFILE: Action = "edit_own_profile"
#: Every record of the pool and the taxonomy: create, edit, retire, merge, delete, erase.
WRITE_POOL: Action = "write_pool"
READ_AUDIT: Action = "read_audit"
MANAGE_USERS: Action = "manage_users"
#: File a consultation or take part in one (``directory.consultations.service`` checks who
#: may take which step: the regisseur, the asked specialist, the triagist, the chair).
CONSULT: Action = "consult"
#: Act in any consultation, set meeting schedules, override an exhausted hours budget.
MANAGE_CONSULTATIONS: Action = "manage_consultations"
#: Read the half-year evaluation (``directory.evaluation.report``).
EVALUATE: Action = "evaluate"

_COORDINATOR = frozenset({READ_POOL, WRITE_POOL, READ_AUDIT, CONSULT, MANAGE_CONSULTATIONS, EVALUATE})

#: The permissions table: which role may do what.
PERMISSIONS: dict[str, frozenset[Action]] = {
    "wijkwerker": frozenset({READ_POOL, CONSULT}),
    "specialist": frozenset({READ_POOL, EDIT_OWN_PROFILE, CONSULT}),
    "triagist": frozenset({READ_POOL, CONSULT}),
    "coordinator": _COORDINATOR,
    "admin": _COORDINATOR | {MANAGE_USERS},
}

_WHAT = {READ_POOL: "read the pool", EDIT_OWN_PROFILE: "change their own profile",
         WRITE_POOL: "change records of the pool", READ_AUDIT: "read the audit trail",
         MANAGE_USERS: "manage users", CONSULT: "take part in consultations",
         MANAGE_CONSULTATIONS: "act in other people's consultations",
         EVALUATE: "read the half-year evaluation"}


@dataclass(frozen=True, slots=True)
class User:
    """Someone who may sign in. ``professional`` links the account to a person
    in the pool, so search can rank from their point of view. The password
    hash never leaves the directory (it is left out of ``repr``). A user who
    signs in with their organisation's account (``directory.accounts.federation``)
    is known by ``issuer`` and ``subject`` — what the identity provider calls
    them, which is never handed to someone else, unlike a name or an e-mail
    address — and has no password."""

    name: str
    role: str
    professional: str | None = None
    password_hash: str | None = field(default=None, repr=False)
    created: datetime | None = None
    issuer: str | None = None
    subject: str | None = None


#: Who the audit trail names for changes made at the server's command line.
OPERATOR = "(command line)"


def actor(by: User | None) -> str:
    """The name the audit trail gives whoever acts; ``None`` is the operator at
    the server's command line (who holds the store file and may do anything)."""
    return by.name if by is not None else OPERATOR


def may(user: User, action: Action) -> bool:
    """Whether ``user``'s role allows ``action`` (an unknown role allows nothing)."""
    return action in PERMISSIONS.get(user.role, frozenset())


def require(user: User, action: Action) -> None:
    """Raise ``Forbidden`` unless ``user`` may do ``action``."""
    if not may(user, action):
        raise Forbidden(f"a {user.role} may not {_WHAT[action]}")
