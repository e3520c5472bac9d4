"""A store whose free text holds client identity written before the guard
knew better (put in below the guard, as an old version or an old import
would have), for the tests of ``kernteamdb privacy scan`` (unit and command line)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from directory.accounts.roles import User
from directory.consultations import service as consult
from directory.ports import ImportPlan, Store

#: Written into case c-0001's notes: a client's name and a phone number.
CASE_LEAK = "Mevrouw Verschuren belt zelf, 06-12345678, overleg met Anna de Vries"
#: Written into a consultation's need: a street with a house number.
NEED_LEAK = "Meneer woont aan de Kerkstraat 12 en vergeet de afspraken"
#: Stays as it is: ordinary text, and a professional of the pool by full name.
CLEAN_NOTES = "Samen met Bram Jansen op huisbezoek"


@dataclass(frozen=True)
class Leaky:
    consultation: str  # its need holds NEED_LEAK
    case: str  # c-0001, its notes hold CASE_LEAK
    clean_case: str  # c-0002, its notes are CLEAN_NOTES


def leaky_pool(store: Store) -> Leaky:
    """The small pool (already imported) with two leaks and one clean note."""
    store.add_user(User("bram", "wijkwerker", "p-bram", "x", datetime.now(UTC)))
    bram = store.get_user("bram")
    assert bram is not None
    filed = consult.file_request(store, {"need": "Meneer vergeet de afspraken", "areas": ["dementie"],
                                         "specialist": "p-anna", "consent": True}, by=bram)
    c = filed.consultation
    versions = store.versions("cases", ["c-0001", "c-0002"])
    cases = store.get_many("cases", ["c-0001", "c-0002"])
    store.apply(ImportPlan(
        {"cases": (replace(cases["c-0001"], notes=CASE_LEAK), replace(cases["c-0002"], notes=CLEAN_NOTES))},
        expected={("cases", "c-0001"): versions["c-0001"], ("cases", "c-0002"): versions["c-0002"],
                  ("consultations", c.id): c.version},
        consultations=(replace(c, need=NEED_LEAK, version=0),)))
    return Leaky(c.id, "c-0001", "c-0002")
