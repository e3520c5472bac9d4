"""Tekorten from demand (directory.search.shortages): an area is short in a wijk only
when it was asked for there in the last half-year beyond the hours its
specialists have left; each shortage names who could cover from a
neighbouring wijk or another organisation."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from directory.accounts.roles import User
from directory.consultations import service as consult
from directory.exchange.document import import_document
from directory.ports import Store
from directory.search.shortages import HOURS_PER_REQUEST, Helper, shortages
from tests.conftest import small_document

TODAY = date(2026, 11, 16)  # Anna booked 6.5 of her 40 hours this half-year (July and August)


def _case(case_id: str, wijk: str, areas: list[str], opened: str = "2026-10-01",
          **more: Any) -> dict[str, Any]:
    return {"id": case_id, "opened": opened, "team": "wt-zuidoost", "wijk": wijk, "areas": areas,
            "participants": [{"professional": "p-bram", "role": "regie"}], **more}


def _pool(store: Store, *cases: dict[str, Any]) -> Store:
    document = small_document()
    document["cases"].extend(cases)
    import_document(json.dumps(document), store)
    return store


def _found(store: Store) -> dict[tuple[str, str], Any]:
    return {(s.wijk, s.area): s for s in shortages(store, TODAY)}


def test_an_area_asked_for_with_nobody_available_is_short(store):
    # NAH was asked for in Zuidoost; its only specialist (Dina) has left
    found = _found(_pool(store, _case("c-0101", "Zuidoost", ["nah"])))
    nah = found[("Zuidoost", "nah")]
    assert nah.asked == 1 and nah.available == () and nah.hours_left == 0
    assert nah.short_by == HOURS_PER_REQUEST and nah.nearby == () and nah.organisations == ()


def test_an_area_not_asked_for_or_asked_long_ago_is_not_listed(store):
    # nobody covers NAH anywhere, but only the January case asked for it: before the last half-year;
    # dementie was asked for twice in Zuidoost and Anna has 33.5 hours left there
    assert _found(_pool(store)) == {}


def test_asked_beyond_the_hours_left_is_short_and_the_shortest_comes_first(store):
    # eight more dementie cases in Zuidoost: ten requests take 40 hours, Anna has 33.5 left
    more = [_case(f"c-02{i:02}", "Zuidoost", ["dementie"]) for i in range(8)]
    found = shortages(_pool(store, *more, _case("c-0101", "Zuidoost", ["nah"])), TODAY)
    assert [(s.area, s.asked, s.available, s.short_by) for s in found] == [
        ("dementie", 10, ("p-anna",), 6.5), ("nah", 1, (), 4.0)]


def test_a_specialist_without_hours_left_does_not_count(store):
    used_up = _case("c-0101", "Zuidoost", ["dementie"], opened="2026-11-02",
                    participants=[{"professional": "p-bram", "role": "regie"},
                                  {"professional": "p-anna", "role": "specialist", "hours": 33.5}])
    dementie = _found(_pool(store, used_up))[("Zuidoost", "dementie")]
    assert dementie.available == () and dementie.asked == 3


def test_who_could_cover_from_a_neighbouring_wijk_or_another_organisation(store):
    # dementie asked for in the Binnenstad, where nobody declares it: Anna (Zuidoost) and Cees
    # (West) work in neighbouring wijken, and the Alzheimer Café offers it in Zuidoost
    binnenstad = _found(_pool(store, _case("c-0101", "Binnenstad", ["dementie"])))[("Binnenstad", "dementie")]
    assert binnenstad.nearby == (Helper("p-cees", "West", 40.0), Helper("p-anna", "Zuidoost", 33.5))
    assert binnenstad.organisations == ("org-cafe",)
    # Engelen borders West but not Zuidoost: only Cees, and not the café of Zuidoost
    engelen = _found(_pool(store, _case("c-0102", "Engelen", ["dementie"])))[("Engelen", "dementie")]
    assert engelen.nearby == (Helper("p-cees", "West", 40.0),) and engelen.organisations == ()


def test_an_open_consultation_counts_in_its_team_s_wijk(store):
    _pool(store)
    bram = User("bram", "wijkwerker", "p-bram")
    consult.file_request(store, {"need": "na een beroerte de weg kwijt", "areas": ["nah"]}, by=bram,
                         now=datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    nah = _found(store)[("Zuidoost", "nah")]
    assert nah.asked == 1 and nah.available == ()
