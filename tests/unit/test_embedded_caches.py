"""The embedded store's caches of derived values stay bounded."""

from __future__ import annotations

from graph.stores.core import derived


def test_derived_values_beyond_the_limit_make_way_least_recently_used_first(small_store, monkeypatch):
    monkeypatch.setattr(derived, "DERIVED_CACHE", 2)
    computed: list[str] = []

    def value(name: str):
        def compute() -> str:
            computed.append(name)
            return name
        return compute

    small_store.derived("monday", value("monday"))
    small_store.derived("tuesday", value("tuesday"))
    small_store.derived("monday", value("monday"))  # used again: now the most recent
    small_store.derived("wednesday", value("wednesday"))  # tuesday makes way
    small_store.derived("monday", value("monday"))
    small_store.derived("tuesday", value("tuesday"))
    assert computed == ["monday", "tuesday", "wednesday", "tuesday"]


def test_a_write_by_another_process_makes_derived_values_afresh(small_store):
    from directory.pool.model import Professional
    from directory.ports import ImportPlan
    from graph.stores import open_store

    other = open_store(small_store.url)  # its own connection and index: as another process
    try:
        assert small_store.derived("people", lambda: small_store.count("professionals")) == 5
        other.apply(ImportPlan({"professionals": (Professional(id="p-new", name="Nieuw"),)}))
        assert small_store.derived("people", lambda: small_store.count("professionals")) == 6
    finally:
        other.close()


def _counting(store, log: list[str]):
    def value(name: str, *, with_consultations: bool = False) -> str:
        def compute() -> str:
            log.append(name)
            return name
        return store.derived(name, compute, with_consultations=with_consultations)
    return value


def _consultation_step(store) -> None:
    """What a consultation step writes: the consultation, no record of the pool."""
    from datetime import UTC, date, datetime

    from directory.consultations.records import Booking, Consultation
    from directory.ports import ImportPlan

    now = datetime(2026, 11, 17, 9, tzinfo=UTC)
    store.apply(ImportPlan({}, consultations=(Consultation(
        id=f"c-{store.revision()}", model="netwerk", team="wt-zuidoost", lead="p-bram", opened=now,
        bookings=(Booking(professional="p-anna", day=date(2026, 11, 17), hours=1, by="anna", at=now),)),)))


def test_a_consultation_step_keeps_what_search_built_but_not_what_depends_on_hours(small_store):
    from directory.pool.model import Professional
    from directory.ports import ImportPlan
    from graph.stores import open_store

    other = open_store(small_store.url)  # another process sees the same through catching up
    try:
        for store in (small_store, other):
            computed: list[str] = []
            value = _counting(store, computed)
            value("candidates"), value("hours", with_consultations=True)
            _consultation_step(small_store)
            value("candidates"), value("hours", with_consultations=True)
            assert computed == ["candidates", "hours", "hours"]
            small_store.apply(ImportPlan({"professionals": (Professional(id=f"p-{len(computed)}-{id(store)}",
                                                                         name="Nieuw"),)}))
            value("candidates"), value("hours", with_consultations=True)
            assert computed == ["candidates", "hours", "hours", "candidates", "hours"]
    finally:
        other.close()


def test_a_path_asked_again_after_a_change_of_the_pool_is_found_afresh(small_store):
    """Paths are kept per revision of the pool: asked again, the answer is
    the kept one until the pool changes, here or in another process."""
    from dataclasses import replace

    from directory.pool.model import Professional
    from directory.ports import ImportPlan
    from graph.stores import open_store

    people = [p for p in small_store.iter_records("professionals") if isinstance(p, Professional)]
    a, b = next((a, b) for a in people for b in people
                if a.id < b.id and (small_store.path(a.id, b.id).ids or ())[1:] != (b.id,))
    before = small_store.path(a.id, b.id)
    assert small_store.path(a.id, b.id) == before
    other = open_store(small_store.url)  # another process: this store catches up with its write
    try:
        other.apply(ImportPlan({"professionals": (replace(a, knows=(*a.knows, b.id)),)}))
    finally:
        other.close()
    assert small_store.path(a.id, b.id).ids == (a.id, b.id)
    assert small_store.path(a.id, b.id, near=True).ids == (a.id, b.id)
