"""Loading the demo network: the taxonomy and the 's-Hertogenbosch pool.

The shipped cases are dated up to the day the demo was generated. So that the
demo always shows "the last 18 months" and a current half-year with hours
booked, every date in it is moved forward by whole days until its newest case
is yesterday. Taxonomy and network go in as one document, one transaction.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import seed_data
from directory.accounts import add_demo_users
from directory.exchange import audited, plan_import, validate_document
from directory.model import Document
from directory.ports import ImportPlan, Store


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


def load_demo(store: Store, *, today: date | None = None) -> ImportPlan:
    """Put the demo network into ``store`` (merging by id), mark it a demo store
    and add the demo users that are missing (``directory.accounts.DEMO_USERS``)."""
    plan = plan_import(demo_document(today), store)
    if not plan.is_empty:
        store.apply(audited(plan, store, None, "load_demo"))
    store.mark_demo()
    add_demo_users(store)
    return plan
