"""Loading the demo network: the taxonomy and the 's-Hertogenbosch pool.

The shipped cases are dated up to the day the demo was generated. So that the
demo always shows "the last 18 months" and a current half-year with hours
booked, every date in it is moved forward by whole days until its newest case
is yesterday. Taxonomy and network go in as one document, one transaction,
with the meeting schedule of the demo expertiseteam (so a request sent to
the kernteam lands on the agenda of its next meeting).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import seed_data
from directory.accounts.roles import actor
from directory.accounts.users import add_demo_users
from directory.consultations.records import MeetingSchedule
from directory.exchange.document import audited, plan_import, validate_document
from directory.pool.model import Document
from directory.ports import AuditEntry, ImportPlan, Store

#: The demo kernteam meets every Tuesday at 13:00 (its ``meets`` text says so), chaired by a member.
DEMO_TEAM = "kt-zuidoost"
DEMO_CHAIR = "p-0046"
TUESDAY = 1


def demo_document(today: date | None = None) -> Document:
    """The validated demo document with its dates moved so the newest case is yesterday."""
    raw = json.loads(seed_data.read("demo-network.json"))
    raw["expertise"] = json.loads(seed_data.read("taxonomy.json"))["expertise"]
    document = validate_document(raw)
    newest = max(c.booked_on for c in document.cases)
    shift = (today or date.today()) - timedelta(days=1) - newest
    if shift.days <= 0:
        return document

    def moved(day: date | None) -> date | None:
        return day + shift if day else None

    return replace(
        document,
        professionals=tuple(replace(p, confirmed=moved(p.confirmed))
                            for p in document.professionals),
        cases=tuple(replace(c, opened=c.opened + shift, closed=moved(c.closed))
                    for c in document.cases),
    )


def demo_schedule(today: date | None = None) -> MeetingSchedule:
    """The kernteam Zuidoost's meetings: weekly on Tuesday at 13:00 from the
    latest Tuesday up to ``today`` on, chaired by Jasper Maas (p-0046).

    >>> demo_schedule(date(2026, 11, 16)).first  # a Monday: the Tuesday before
    datetime.date(2026, 11, 10)
    """
    day = today or date.today()
    first = day - timedelta(days=(day.weekday() - TUESDAY) % 7)
    return MeetingSchedule(team=DEMO_TEAM, first=first, every_weeks=1, time="13:00",
                           chair=DEMO_CHAIR, place="Wijkcentrum Zuidoost")


def load_demo(store: Store, *, today: date | None = None) -> ImportPlan:
    """Put the demo network into ``store`` (merging by id), mark it a demo store
    and add the demo users that are missing (``directory.accounts.users.DEMO_USERS``).
    The kernteam's meeting schedule is added when the team has none (a
    schedule a coordinator set since is kept)."""
    plan = plan_import(demo_document(today), store)
    if not any(s.team == DEMO_TEAM for s in store.schedules()):
        schedule = demo_schedule(today)
        entry = AuditEntry(datetime.now(UTC), actor(None), "schedules", DEMO_TEAM, "load_demo", None,
                           {"first": schedule.first.isoformat(), "every_weeks": schedule.every_weeks,
                            "chair": schedule.chair})
        plan = replace(plan, schedules=(schedule,), audit=(*plan.audit, entry))
    if not plan.is_empty:
        store.apply(audited(plan, store, None, "load_demo"))
    store.mark_demo()
    add_demo_users(store)
    return plan
