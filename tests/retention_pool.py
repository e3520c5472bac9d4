"""A store with consultations and cases of several ages, for the retention
tests (unit and command line): what must be emptied and what must stay."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from directory.accounts.roles import User
from directory.consultations import service as consult
from directory.exchange.document import import_document
from directory.ports import Store

#: Free text written into the old consultation: none of it may survive retention.
OLD_TEXTS = ("vergeet steeds de afspraken", "geen ruimte deze maand", "belt de huisarts",
             "samen op huisbezoek", "Plan: dagbesteding regelen", "casemanager eerder inschakelen",
             "budgetcoach in beeld")
OLD_CASE_NOTES = "Netwerkberaad werkte goed"
RECENT_NEED = "ontregeld huishouden na verhuizing"


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@dataclass(frozen=True)
class Aged:
    old: str  # closed 2024-03-05 with every kind of free text
    withdrawn: str  # withdrawn 2024-02-02 with a reason
    recent: str  # closed 2025-06-03
    still_open: str  # filed 2023-01-10, never closed


def aged_pool(store: Store) -> Aged:
    """The small pool (already imported) with users for Bram and Anna, an old
    imported case with notes and four consultations."""
    store.add_user(User("bram", "wijkwerker", "p-bram", "x", datetime.now(UTC)))
    store.add_user(User("anna", "specialist", "p-anna", "x", datetime.now(UTC)))
    bram, anna = store.get_user("bram"), store.get_user("anna")
    import_document(json.dumps({"format": "kernteamdb/1", "cases": [
        {"id": "c-old", "opened": "2023-04-01", "closed": "2023-05-01", "team": "wt-zuidoost",
         "wijk": "Zuidoost", "areas": ["dementie"], "notes": OLD_CASE_NOTES,
         "participants": [{"professional": "p-bram", "role": "regie"},
                          {"professional": "p-anna", "role": "specialist", "hours": 1.5}],
         "outcome": "doorverwezen"},
        {"id": "c-new", "opened": "2026-05-01", "closed": "2026-05-20", "areas": ["dementie"],
         "notes": "Recent: mantelzorger ontlast",
         "participants": [{"professional": "p-anna", "role": "specialist", "hours": 2}]}]}), store)

    def ask(need: str, day: str) -> str:
        return consult.file_request(store, {"need": need, "areas": ["dementie"], "wijk": "Zuidoost",
                                            "age_band": "65+", "specialist": "p-anna", "consent": True},
                                    by=bram, now=at(day)).consultation.id

    old = ask(OLD_TEXTS[0], "2024-03-01")
    consult.decline(store, old, OLD_TEXTS[1], by=anna, now=at("2024-03-01", 11))
    consult.ask(store, old, "p-anna", by=bram, now=at("2024-03-01", 12))
    consult.accept(store, old, by=anna, now=at("2024-03-01", 13))
    consult.advise(store, old, OLD_TEXTS[2], by=anna, now=at("2024-03-01", 14))
    consult.note(store, old, OLD_TEXTS[3], action=True, by=bram, now=at("2024-03-02"))
    consult.book_hours(store, old, 2.5, day="2024-03-02", by=anna, now=at("2024-03-02", 12))
    consult.escalate(store, old, reason="zorgen nemen toe", by=bram, now=at("2024-03-03"))
    consult.plan_escalation(store, old, plan=OLD_TEXTS[4], by=bram, now=at("2024-03-03", 12))
    consult.deescalate(store, old, reason=OLD_TEXTS[6], by=bram, now=at("2024-03-04"))
    consult.close(store, old, outcome="zwaardere_zorg_voorkomen", lessons=OLD_TEXTS[5], by=bram,
                  now=at("2024-03-05"))
    withdrawn = ask("hulp bij de administratie", "2024-02-01")
    consult.withdraw(store, withdrawn, reason="huishouden verhuisd", by=bram, now=at("2024-02-02"))
    recent = ask(RECENT_NEED, "2025-06-01")
    consult.accept(store, recent, by=anna, now=at("2025-06-02"))
    consult.close(store, recent, outcome="onbekend", lessons="Snel geschakeld", by=bram, now=at("2025-06-03"))
    still_open = ask("zorgen over geheugen", "2023-01-10")
    return Aged(old, withdrawn, recent, still_open)


def old_enough(day: date) -> datetime:
    """A moment on ``day`` in the Netherlands (noon UTC)."""
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)
