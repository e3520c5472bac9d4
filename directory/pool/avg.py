"""Professionals are people too (AVG): everything stored about one of them, and
erasing them.

``export_person`` gives a professional (or a coordinator on their behalf)
everything the store holds about them: their record, teams and
organisation, linked user accounts, the audit entries about them, and their
case participations as dates, areas, role and hours — never anything about
other people, nor a case's free text.

``erase_person`` removes a professional so that the statistics stay right:
their case participations are handed to an anonymous participant made for
this erasure only (``anon-`` and random hex: not derived from anything, not
linked to anything but those cases), so case counts per area, hours and
outcomes do not change. Others' ``knows`` links to them go, their user
accounts go, and the audit trail keeps that things happened but not what
was recorded about them (the store also clears its index snapshot, the
file's free pages and its write-ahead log; see ``Store.apply``).
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from directory.accounts.roles import WRITE_POOL, User, actor, may
from directory.errors import Forbidden, NotFound
from directory.pool.changes import Change, allowed, as_json
from directory.pool.model import Case, Participation, Professional
from directory.ports import AuditedPoolWithAccounts, AuditEntry, Erasure, PoolWithAccounts
from directory.problems import unknown

ANON_PREFIX = "anon-"
ANON_NAME = "Geanonimiseerde professional"


def is_anonymous(professional_id: str) -> bool:
    """A stand-in left by an erasure (never a real person)."""
    return professional_id.startswith(ANON_PREFIX)


def _participations(cases: list[Case], person: str) -> list[dict[str, Any]]:
    """Only the person's own part of each case: no other participants, no notes."""
    out = []
    for case in sorted(cases, key=lambda c: (c.opened, c.id)):
        for part in case.participants:
            if part.professional == person:
                out.append({"opened": case.opened.isoformat(),
                            "closed": case.closed.isoformat() if case.closed else None,
                            "areas": list(case.areas), "team": case.team, "role": part.role,
                            "hours": part.hours})
    return out


def export_person(store: AuditedPoolWithAccounts, professional_id: str, *, by: User | None,
                  now: datetime | None = None) -> dict[str, Any]:
    """Everything stored about a professional, as one JSON-ready object. The
    person themself (a user linked to them) or a coordinator may ask; the
    export is noted in the audit trail."""
    if by is not None and not may(by, WRITE_POOL) and by.professional != professional_id:
        raise Forbidden(f"a {by.role} may export only their own data")
    person = store.get("professionals", professional_id)
    if not isinstance(person, Professional):
        raise NotFound(unknown("professionals", professional_id))
    cases = [c for c in store.get_many("cases", store.cases_referring("professionals", person.id)).values()
             if isinstance(c, Case)]
    parts = _participations(cases, person.id)
    areas: Counter[str] = Counter(a for p in parts for a in p["areas"])
    accounts = [u for u in store.users() if u.professional == person.id]
    names = {u.name for u in accounts}
    about = [e for e in store.audit_entries(kind="professionals", record=person.id)]
    about += [e for kind in ("users", "signin") for name in sorted(names)
              for e in store.audit_entries(kind=kind, record=name)]
    teams = store.get_many("teams", person.teams)
    organisation = store.get("organisations", person.organisation) if person.organisation else None
    moment = now or datetime.now(UTC)
    store.write_audit([AuditEntry(moment, actor(by), "professionals", person.id, "export")])
    return {
        "exported": moment.isoformat(timespec="seconds"),
        "professional": as_json(person),
        "version": store.versions("professionals", [person.id]).get(person.id),
        "organisation": {"id": organisation.id, "name": getattr(organisation, "name", None)}
        if organisation else None,
        "teams": [{"id": t.id, "name": getattr(t, "name", None)} for t in teams.values()],
        "accounts": [{"name": u.name, "role": u.role,
                      "created": u.created.isoformat(timespec="seconds") if u.created else None}
                     for u in accounts],
        "cases": {"count": len(parts), "hours": round(sum(p["hours"] or 0 for p in parts), 2),
                  "by_area": dict(sorted(areas.items())),
                  "by_role": dict(sorted(Counter(p["role"] for p in parts).items())),
                  "participations": parts},
        "audit": [{"at": e.at.isoformat(timespec="seconds"), "kind": e.kind, "action": e.action,
                   "before": e.before, "after": e.after} for e in sorted(about, key=lambda e: e.seq or 0)],
    }


def erase_person(store: PoolWithAccounts, professional_id: str, *, by: User | None,
                 version: int | None = None) -> str:
    """Erase a professional (a coordinator's decision); returns the anonymous id
    their case participations now carry (see the module docstring)."""
    allowed(by, WRITE_POOL)
    change = Change(store, by)
    person = change.professional(professional_id, version)
    replacement = ANON_PREFIX + secrets.token_hex(8)
    case_ids = store.cases_referring("professionals", person.id)
    if case_ids:
        change.create("professionals", Professional(id=replacement, name=ANON_NAME, active=False))
        for case in change.read_many("cases", case_ids).values():
            if isinstance(case, Case):
                change.update("cases", case, _handed_over(case, person.id, replacement), audit=False)
    knowers = [p for p in store.iter_records("professionals")
               if isinstance(p, Professional) and person.id in p.knows]
    for other in knowers:
        current = change.professional(other.id)
        change.update("professionals", current,
                      replace(current, knows=tuple(k for k in current.knows if k != person.id)))
    users = tuple(sorted(u.name for u in store.users() if u.professional == person.id))
    change.delete("professionals", person, action="erase")
    change.note("professionals", replacement, "erase", None,
                {"cases": len(case_ids), "knows_removed": len(knowers), "accounts_removed": len(users)})
    change.erase(Erasure(person.id, replacement, users))
    change.apply()
    return replacement


def _handed_over(case: Case, person: str, replacement: str) -> Case:
    return replace(case, participants=tuple(
        Participation(replacement, p.role, p.hours) if p.professional == person else p
        for p in case.participants))
