"""Maintaining the pool: create, edit, retire, reactivate, confirm and delete
professionals, organisations, teams and expertise areas.

Services take plain values (what a form or a JSON body holds) and the user
acting, check the user's role (``directory.accounts.roles``), validate the record as
an import would (``directory.pool.checks``), and make the change with its audit
entries in one transaction (``directory.pool.changes``); they return the stored
record with its new version. An edit states the version it was based on: if
someone saved the record meanwhile, the edit is refused with ``Conflict``
and nothing is lost. A specialist may change their own profile — expertise,
bio, contact, wijken, hours — and confirm it; every other change is the
coordinator's. Merging is in ``directory.pool.merge``, the taxonomy's own
operations in ``directory.pool.areas``, erasing a person in ``directory.pool.avg``.
"""

from __future__ import annotations

import secrets
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from directory.accounts.roles import EDIT_OWN_PROFILE, WRITE_POOL, User, may, require
from directory.errors import Conflict, Forbidden, NotFound
from directory.pool.avg import erase_person
from directory.pool.changes import STATUS_KINDS, Change, Saved, allowed
from directory.pool.checks import changed_values, checked, require_object
from directory.pool.model import NOUN, Professional
from directory.ports import Pool, PoolRecords, PoolWithAccounts, PoolWithTaxonomy
from directory.problems import Problem

#: The kinds these services change (cases come in through imports).
RECORD_KINDS = ("expertise", "organisations", "teams", "professionals")
RETIRABLE = ("organisations", "teams", "professionals")
#: What a specialist may change of their own profile.
OWN_PROFILE = ("expertise", "bio", "email", "phone", "wijken", "hours_per_half_year")
#: New records without an id get a random one with this prefix (an expertise
#: area's id is part of the vocabulary, so it is always chosen by hand).
ID_PREFIX = {"organisations": "org-", "teams": "team-", "professionals": "p-"}


def _known_kind(kind: str, kinds: tuple[str, ...] = RECORD_KINDS) -> None:
    if kind not in kinds:
        raise NotFound(f"no such list '{kind}'")


def create(store: PoolWithTaxonomy, kind: str, values: Any, *, by: User | None,
           now: datetime | None = None) -> Saved:
    """A new record of ``kind`` from ``values`` (the fields of the exchange format)."""
    allowed(by, WRITE_POOL)
    _known_kind(kind)
    values = require_object(values, NOUN[kind])
    if "id" not in values and kind in ID_PREFIX:
        values["id"] = ID_PREFIX[kind] + secrets.token_hex(4)
    record = checked(store, kind, values)
    if store.get(kind, record.id) is not None:
        raise Conflict(f"{NOUN[kind]} '{record.id}' already exists",
                       [Problem.of("id", "id_taken", id=record.id)])
    change = Change(store, by, now=now)
    change.create(kind, record)
    change.apply()
    return change.saved(kind, record.id)


def edit(store: PoolWithTaxonomy, kind: str, record_id: str, changes: Any, *, version: int | None,
         by: User | None, today: date | None = None) -> Saved:
    """Change the fields named in ``changes`` (a field set to None is emptied)
    of the record at ``version`` (None: whatever is current). A specialist
    editing their own profile also confirms it."""
    _known_kind(kind)
    changes = require_object(changes, "change")
    own = _own_profile_edit(by, kind, record_id, changes)
    change = Change(store, by)
    current = change.read(kind, record_id, version)
    values = changed_values(current, changes)
    if own:
        values["confirmed"] = (today or date.today()).isoformat()
    change.update(kind, current, checked(store, kind, values))
    change.apply()
    return change.saved(kind, record_id)


def _own_profile_edit(by: User | None, kind: str, record_id: str, fields: Any) -> bool:
    """Whether this is a specialist's edit of their own profile (allowed only for
    the fields of ``OWN_PROFILE``); ``Forbidden`` for anyone else but a coordinator."""
    if by is None or may(by, WRITE_POOL):
        return False
    if kind != "professionals" or not may(by, EDIT_OWN_PROFILE):
        require(by, WRITE_POOL)
    if by.professional != record_id:
        raise Forbidden(f"a {by.role} may change only their own profile")
    known = {f.name for f in dataclass_fields(Professional)}  # unknown keys: validation says so
    others = sorted(set(fields) & known - set(OWN_PROFILE) - {"id"})
    if others:
        raise Forbidden(f"a {by.role} may change only {', '.join(OWN_PROFILE)} of their own profile",
                        [Problem.of(name, "coordinator_only") for name in others])
    return True


def may_edit(by: User, kind: str, record_id: str) -> bool:
    """Whether ``by`` may change this record at all (a coordinator: any record; a
    specialist: their own profile), so a page can offer or refuse its form."""
    try:
        _own_profile_edit(by, kind, record_id, ())
    except Forbidden:
        return False
    return True


def confirm(store: Pool, professional_id: str, *, by: User | None, today: date | None = None,
            version: int | None = None) -> Saved:
    """The profile is still current: ``confirmed`` becomes today (one click)."""
    _own_profile_edit(by, "professionals", professional_id, ())
    change = Change(store, by)
    current = change.professional(professional_id, version)
    change.update("professionals", current, replace(current, confirmed=today or date.today()),
                  action="confirm")
    change.apply()
    return change.saved("professionals", professional_id)


def retire(store: Pool, kind: str, record_id: str, *, by: User | None,
           version: int | None = None) -> Saved:
    """No longer active: kept with their history, but never proposed in search."""
    return _set_active(store, kind, record_id, False, by, version)


def reactivate(store: Pool, kind: str, record_id: str, *, by: User | None,
               version: int | None = None) -> Saved:
    return _set_active(store, kind, record_id, True, by, version)


def _set_active(store: Pool, kind: str, record_id: str, active: bool, by: User | None,
                version: int | None) -> Saved:
    allowed(by, WRITE_POOL)
    _known_kind(kind, RETIRABLE)
    change = Change(store, by)
    current = change.read(kind, record_id, version)
    if isinstance(current, Professional):
        change.update(kind, current, replace(current, active=active),
                      action="reactivate" if active else "retire")
    elif kind in STATUS_KINDS and (record_id not in store.inactive(kind)) != active:
        change.set_active(kind, record_id, active)
    change.apply()
    return change.saved(kind, record_id)


def delete(store: PoolWithAccounts, kind: str, record_id: str, *, by: User | None,
           version: int | None = None) -> None:
    """Remove a record. A professional is erased (``directory.pool.avg``: their cases
    stay, anonymously); an organisation, team or area only while nothing refers
    to it (``Conflict`` lists what does: retire or merge it instead)."""
    allowed(by, WRITE_POOL)
    _known_kind(kind)
    if kind == "professionals":
        erase_person(store, record_id, by=by, version=version)
        return
    change = Change(store, by)
    current = change.read(kind, record_id, version)
    uses = references(store, kind, record_id)
    if uses:
        instead = "merge it into another area" if kind == "expertise" else "retire it"
        raise Conflict(f"{NOUN[kind]} '{record_id}' is still in use; {instead} instead", uses)
    change.delete(kind, current)
    change.apply()


def references(store: PoolRecords, kind: str, record_id: str) -> list[Problem]:
    """What refers to a record, one problem per kind of reference (its first five ids)."""
    found: dict[str, list[str]] = {}

    def scan(of: str, refers: Any) -> None:
        ids = [r.id for r in store.iter_records(of) if refers(r)]
        if ids:
            found.setdefault(of, []).extend(ids)

    if kind == "expertise":
        scan("expertise", lambda a: a.broader == record_id or record_id in a.related)
        scan("organisations", lambda o: record_id in o.areas)
        scan("professionals", lambda p: any(c.area == record_id for c in p.expertise))
    elif kind == "organisations":
        scan("teams", lambda t: t.organisation == record_id)
        scan("professionals", lambda p: p.organisation == record_id)
    elif kind == "teams":
        scan("professionals", lambda p: record_id in p.teams)
    if kind in ("expertise", "teams"):
        cases = store.cases_referring(kind, record_id)
        if cases:
            found["cases"] = cases
    return [Problem.of(of, "used_by_more", ids=", ".join(ids[:5]), more=len(ids) - 5) if len(ids) > 5
            else Problem.of(of, "used_by", ids=", ".join(ids)) for of, ids in found.items()]
