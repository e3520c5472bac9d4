"""The Taxonomy and BookedHours contracts (the two search reads the
consultation service asks for alone): the whole taxonomy, and the hours
booked in a period.

Parametrised over the backends and the in-memory fake by the ``store``
fixture in conftest.py."""

from __future__ import annotations

from datetime import date

from directory.ports import Store

FAKED = True


def test_hours_booked_in_a_period(small_store: Store):
    booked = small_store.hours_booked(["p-anna", "p-dina", "p-cees"],
                                      date(2026, 7, 1), date(2026, 12, 31))
    assert booked == {"p-anna": 6.5, "p-dina": 0.0, "p-cees": 0.0}
    assert small_store.hours_booked(["p-dina"], date(2026, 1, 1), date(2026, 6, 30)) == {
        "p-dina": 3.0}


def test_the_taxonomy_is_every_area_in_id_order(small_store: Store):
    assert small_store.areas() == list(small_store.iter_records("expertise"))
    assert [a.id for a in small_store.areas()] == ["dementie", "hersenen-cognitie", "nah", "schulden"]
