"""Signing in with the organisation's account: what the identity provider's checked
claims decide.

The web layer (``web.pages.oidc``) runs the OpenID Connect flow and hands over the
claims of an ID token whose signature, issuer, audience, expiry and nonce it has
checked; this module decides, testable without HTTP:

- who it is: the user the provider knows by (issuer, ``sub``) — never by a name
  or an e-mail address, which a provider may give to someone else later;
- which role: the first value of ``Provider.roles`` that the role claim holds. A
  user whose claim no longer maps to a role (they left the group, or the
  organisation) is refused, and the sessions they still had end: the provider,
  not this store, says who may work here;
- create or update: the first sign-in creates the user with that role, linked to
  the professional of the pool whose e-mail address the e-mail claim gives (unless
  the provider says the address is unverified); a later sign-in makes the role
  follow the claim and links a user who has no professional yet. Every change is
  audited (kind ``users``) like any account change, and every sign-in (kind
  ``signin``), never with a claim beyond the provider's key.

Provider users have no password (``password_hash`` None: a password sign-in can
never match) and are named after their e-mail address where that name is free.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from directory.accounts.providers import Provider
from directory.accounts.roles import User
from directory.accounts.users import NAME_PATTERN, normalise_name
from directory.errors import Conflict, Unauthorized
from directory.pool.model import Professional
from directory.ports import AuditedPoolWithAccounts, AuditEntry, PoolRecords, UserAccounts


class NoRole(Unauthorized):
    """The provider vouches for the user, but gives them no role here."""


def role_for(provider: Provider, claims: Mapping[str, Any]) -> str | None:
    """The role the claims give (None: none). The claim may be one value or a
    list of them (a ``groups`` claim); values are compared exactly, as providers
    send them (group ids are case-sensitive)."""
    value = claims.get(provider.role_claim)
    held = {value} if isinstance(value, str) else {v for v in value if isinstance(v, str)} \
        if isinstance(value, list) else set()
    return next((role for claimed, role in provider.roles if claimed in held), None)


def email_of(provider: Provider, claims: Mapping[str, Any]) -> str | None:
    """The e-mail address the claims give, normalised; None when there is none or the
    provider says it is unverified (``email_verified: false``)."""
    value = claims.get(provider.email_claim)
    if not isinstance(value, str) or "@" not in value or claims.get("email_verified") is False:
        return None
    return value.strip().lower()


def professional_with_email(store: PoolRecords, email: str | None) -> str | None:
    """The id of the one active professional with this e-mail address (None: none, or several)."""
    if email is None:
        return None
    found = [p.id for p in store.iter_records("professionals")
             if isinstance(p, Professional) and p.active and (p.email or "").strip().lower() == email]
    return found[0] if len(found) == 1 else None


def sign_in(store: AuditedPoolWithAccounts, provider: Provider, claims: Mapping[str, Any], *,
            now: datetime | None = None) -> User:
    """The user these checked claims sign in, created or brought up to date;
    ``NoRole`` (nothing created, their sessions ended) when the claims give no role,
    ``Unauthorized`` when they name no subject."""
    now = now or datetime.now(UTC)
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise Unauthorized(f"{provider.label} named no user")
    known = store.user_by_identity(provider.issuer, subject)
    role = role_for(provider, claims)
    if role is None:
        _refuse(store, provider, known, now)
        raise NoRole(f"{provider.label} gives this user no role in KernteamDB")
    if known is None:
        user = _create(store, provider, subject, role, email_of(provider, claims), now)
    else:
        user = _update(store, provider, known, role, email_of(provider, claims), now)
    store.write_audit([AuditEntry(now, user.name, "signin", user.name, "sign_in", None,
                                  {"provider": provider.key})])
    return user


def _shown(user: User, provider: Provider) -> dict[str, str | None]:
    return {"role": user.role, "professional": user.professional, "provider": provider.key}


def _create(store: AuditedPoolWithAccounts, provider: Provider, subject: str, role: str,
            email: str | None, now: datetime) -> User:
    user = User(free_name(store, provider, subject, email), role, professional_with_email(store, email),
                None, now, provider.issuer, subject)
    try:
        store.add_user(user, audit=AuditEntry(now, user.name, "users", user.name, "create", None,
                                              _shown(user, provider)))
    except Conflict:  # the same person signing in twice at once: the other sign-in made them
        again = store.user_by_identity(provider.issuer, subject)
        if again is None:
            raise
        return _update(store, provider, again, role, email, now)
    return user


def _update(store: AuditedPoolWithAccounts, provider: Provider, user: User, role: str,
            email: str | None, now: datetime) -> User:
    linked = user.professional or professional_with_email(store, email)
    after = replace(user, role=role, professional=linked)
    if after != user:
        store.update_user(after, audit=AuditEntry(now, user.name, "users", user.name, "update",
                                                  _shown(user, provider), _shown(after, provider)))
    return after


def _refuse(store: UserAccounts, provider: Provider, known: User | None, now: datetime) -> None:
    """A known user refused: their sessions end (an unchanged update ends them) and the
    audit trail says why. An unknown one leaves no trace in the store."""
    if known is not None:
        store.update_user(known, audit=AuditEntry(now, known.name, "users", known.name, "refused",
                                                  _shown(known, provider), {"provider": provider.key,
                                                                            "role": None}))


def free_name(store: UserAccounts, provider: Provider, subject: str, email: str | None) -> str:
    """A user name for a new provider user: their e-mail address when it is a valid
    name and free, else the provider's key and a digest of the identity."""
    if email is not None and NAME_PATTERN.match(email) and store.get_user(email) is None:
        return email
    digest = hashlib.sha256(f"{provider.issuer}\x1f{subject}".encode()).hexdigest()[:12]
    return normalise_name(f"{provider.key}-{digest}")
