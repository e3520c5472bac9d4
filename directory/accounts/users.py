"""Accounts: adding users, passwords, API tokens, and the demo users.

Passwords are hashed with argon2id (argon2-cffi's defaults, the RFC 9106
low-memory profile). API tokens are 256 random bits shown once; the store
keeps only their SHA-256, so a copy of the store file gives no way in.
Tokens expire and can be withdrawn one by one (``directory.accounts.tokens``); a new
password, role or link ends the user's browser sessions (``directory.accounts.sessions``). An
operator at the server's command line acts with ``by=None`` (they hold the
store file anyway); everyone else needs the ``manage_users`` permission.
Every change goes into the audit trail (kind ``users``) in its own
transaction — never a password, a hash or a token.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from directory.accounts import tokens
from directory.accounts.roles import MANAGE_USERS, ROLES, User, actor, require
from directory.errors import Conflict, InvalidInput, NotFound, StoreUnavailable, Unauthorized
from directory.ports import ApiToken, AuditEntry, PoolRecords, PoolWithAccounts, UserAccounts
from directory.problems import Problem, unknown

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
TOKEN_PREFIX = "kt_"

#: The demo users (password ``demo``), linked to fitting people of the demo
#: network: a wijkwerker of wt-zuidoost, a casemanager dementie of the
#: kernteam Zuidoost and the triagist of Triage West.
DEMO_USERS = (
    ("wijkwerker", "wijkwerker", "p-0043"),
    ("specialist", "specialist", "p-0046"),
    ("triagist", "triagist", "p-0045"),
    ("coordinator", "coordinator", None),
    ("admin", "admin", None),
)
DEMO_PASSWORD = "demo"

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when a name is unknown, so a wrong name costs as long as a
    wrong password (made on first use: nothing slow happens at import)."""
    return _hasher.hash(secrets.token_hex(16))


def normalise_name(name: str) -> str:
    """User names are compared without case and surrounding spaces."""
    return name.strip().lower()


def _entry(by: User | None, name: str, action: str, before: User | None = None,
           after: User | None = None) -> AuditEntry:
    def shown(user: User | None) -> dict[str, str | None] | None:
        return None if user is None else {"role": user.role, "professional": user.professional}

    return AuditEntry(datetime.now(UTC), actor(by), "users", name, action, shown(before), shown(after))


def _check_role(role: str, professional: str | None, store: PoolRecords) -> None:
    if role not in ROLES:
        raise InvalidInput(f"unknown role '{role}' (choose from {', '.join(ROLES)})")
    if professional is not None and store.get("professionals", professional) is None:
        raise NotFound(unknown("professionals", professional))


def check_new_user(store: PoolWithAccounts, name: str, role: str, professional: str | None = None) -> str:
    """Refuse a bad name, role or professional, or a name in use; returns the
    normalised name. Callers may check before asking for a password."""
    name = normalise_name(name)
    if not NAME_PATTERN.match(name):
        raise InvalidInput(f"'{name}' is not a valid user name (2-64 characters: letters, digits, . _ @ -)")
    _check_role(role, professional, store)
    if store.get_user(name) is not None:
        raise Conflict(f"user '{name}' already exists")
    return name


def check_password(password: str) -> None:
    """At least ``MIN_PASSWORD`` characters (length beats composition rules)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")


def add_user(store: PoolWithAccounts, name: str, role: str, password: str, *,
             professional: str | None = None, by: User | None = None) -> User:
    """Add a user who signs in with ``password``; nothing changes on any error."""
    if by is not None:
        require(by, MANAGE_USERS)
    name = check_new_user(store, name, role, professional)
    check_password(password)
    return _insert(store, name, role, password, professional, by)


def _insert(store: UserAccounts, name: str, role: str, password: str, professional: str | None,
            by: User | None) -> User:
    user = User(name, role, professional, _hasher.hash(password), datetime.now(UTC))
    store.add_user(user, audit=_entry(by, name, "create", after=user))
    return user


def existing_user(store: UserAccounts, name: str) -> User:
    """User ``name`` (``NotFound`` when there is none): checked before asking a password."""
    user = store.get_user(normalise_name(name))
    if user is None:
        raise NotFound(f"unknown user '{name}'")
    return user


def change_user(store: PoolWithAccounts, name: str, *, role: str | None = None,
                professional: str | None = None, unlink: bool = False, by: User | None = None) -> User:
    """Give user ``name`` another role and/or link them to another professional
    (``unlink``: to none). Their browser sessions end (they sign in again as
    what they are now); their API tokens stay valid, with the new role."""
    if by is not None:
        require(by, MANAGE_USERS)
    before = existing_user(store, name)
    after = replace(before, role=role or before.role,
                    professional=None if unlink else professional or before.professional)
    _check_role(after.role, after.professional, store)
    if after != before:
        store.update_user(after, audit=_entry(by, before.name, "update", before, after))
    return after


def remove_user(store: UserAccounts, name: str, *, by: User | None = None) -> None:
    """Remove a user with their API tokens and sessions; they can no longer sign in."""
    if by is not None:
        require(by, MANAGE_USERS)
    user = existing_user(store, name)
    if by is not None and by.name == user.name:
        raise Conflict("you cannot remove your own account", [Problem.of("name", "is_you", name=user.name)])
    store.remove_user(user.name, audit=_entry(by, user.name, "remove", before=user))


def change_password(store: UserAccounts, name: str, new: str, *, current: str | None = None,
                    by: User | None = None, keep_session: str | None = None) -> User:
    """Give user ``name`` the password ``new`` (the rules of ``check_password``).

    Users change their own password with the ``current`` one (``Unauthorized``
    when it is wrong: a session left open is not enough); an admin or the
    operator sets anyone's. Every session of the user ends but the one with
    digest ``keep_session`` (the browser that made the change)."""
    user = existing_user(store, name)
    if by is not None and by.name != user.name:
        require(by, MANAGE_USERS)
    if user.issuer is not None:  # the provider checks who they are; a password would be a second way in
        raise Conflict(f"'{user.name}' signs in with their organisation's account and has no password here")
    if by is not None and by.name == user.name and (current is None or not password_matches(user, current)):
        raise Unauthorized("the current password is wrong")
    check_password(new)
    changed = replace(user, password_hash=_hasher.hash(new))
    store.update_user(changed, audit=_entry(by, user.name, "password"), keep_session=keep_session)
    return changed


def list_users(store: UserAccounts, *, by: User | None = None) -> list[User]:
    """Every user, by name."""
    if by is not None:
        require(by, MANAGE_USERS)
    return store.users()


def password_matches(user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s; as slow for an unknown user as for a known one."""
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    return stored != _dummy_hash()


def token_digest(token: str) -> str:
    """What the store keeps of a token: its SHA-256 (tokens are random, so no salt is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token_shown(token: ApiToken) -> dict[str, str]:
    """A token as the audit trail names it: its id and last day, nothing secret."""
    return {"token": tokens.token_id(token), "expires": tokens.expires(token).date().isoformat()}


def create_token(store: UserAccounts, name: str, *, days: int | None = None, by: User | None = None) -> str:
    """A new API token for user ``name`` that works ``days`` days (default:
    ``directory.accounts.tokens.days_from()``); the only time it is ever shown."""
    if by is not None:
        require(by, MANAGE_USERS)
    lasts = tokens.checked_days(days) if days is not None else tokens.days_from()
    user = store.get_user(normalise_name(name))
    if user is None:
        raise NotFound(f"unknown user '{name}'")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires = now + timedelta(days=lasts)
    made = ApiToken(token_digest(token), user.name, now, expires)
    store.add_token(made.digest, user.name, now, expires=expires,
                    audit=AuditEntry(now, actor(by), "users", user.name, "create_token",
                                     None, _token_shown(made)))
    return token


def user_for_token(store: UserAccounts, token: str, *, now: datetime | None = None) -> User:
    """The user a bearer token belongs to; ``Unauthorized`` for any other token
    and for one that has expired. Its use is recorded (coarsely)."""
    now = now or datetime.now(UTC)
    found = store.find_token(token_digest(token)) if token.startswith(TOKEN_PREFIX) else None
    if found is None:
        raise Unauthorized("unknown or withdrawn API token")
    made, user = found
    if tokens.expires(made) <= now:
        raise Unauthorized("this API token has expired; ask for a new one")
    if tokens.use_worth_recording(made, now):
        with suppress(StoreUnavailable):  # a store that cannot write still answers reads
            store.touch_token(made.digest, now)
    return user


def list_tokens(store: UserAccounts, name: str | None = None, *, by: User | None = None) -> list[ApiToken]:
    """The API tokens of user ``name`` (of everyone: None), by user and age,
    oldest first (never the tokens themselves, only what names them)."""
    if by is not None:
        require(by, MANAGE_USERS)
    wanted = None if name is None else existing_user(store, name).name
    return sorted((t for t in store.tokens() if wanted is None or t.user == wanted),
                  key=lambda t: (t.user, t.created, t.digest))


def revoke_token(store: UserAccounts, token_id: str, *, by: User | None = None) -> ApiToken:
    """Withdraw the token named ``token_id`` (``directory.accounts.tokens.token_id``): it
    stops working at once."""
    if by is not None:
        require(by, MANAGE_USERS)
    wanted = token_id.strip().lower()
    found = [t for t in store.tokens() if tokens.token_id(t) == wanted] \
        if len(wanted) == tokens.ID_LENGTH else []
    if not found:
        raise NotFound(f"unknown API token '{token_id}'")
    if len(found) > 1:  # 48 bits make this all but impossible; never withdraw the wrong one
        raise Conflict(f"API token id '{token_id}' names {len(found)} tokens; nothing was revoked")
    token = found[0]
    store.remove_token(token.digest, audit=AuditEntry(datetime.now(UTC), actor(by), "users", token.user,
                                                      "revoke_token", _token_shown(token)))
    return token


def add_demo_users(store: PoolWithAccounts) -> list[str]:
    """Create the missing demo users (password ``demo``) in a demo store only."""
    if not store.is_demo():
        raise InvalidInput("demo users exist only in a store that holds the demo network")
    added = []
    for name, role, professional in DEMO_USERS:
        if store.get_user(name) is None:
            _insert(store, name, role, DEMO_PASSWORD, professional, None)
            added.append(name)
    return added


def demo_users(store: PoolWithAccounts) -> list[User]:
    """The demo users a demo store holds (none in any other store): what the
    login page lists and ``serve`` prints."""
    if not store.is_demo():
        return []
    found = (store.get_user(name) for name, _, _ in DEMO_USERS)
    return [user for user in found if user is not None]
