"""The embedded store's caches of derived values stay bounded."""

from __future__ import annotations

from graph.stores import embedded


def test_derived_values_beyond_the_limit_make_way_least_recently_used_first(small_store, monkeypatch):
    monkeypatch.setattr(embedded, "DERIVED_CACHE", 2)
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
    from directory.model import Professional
    from directory.ports import ImportPlan
    from graph.stores import open_store

    other = open_store(small_store.url)  # its own connection and index: as another process
    try:
        assert small_store.derived("people", lambda: small_store.count("professionals")) == 5
        other.apply(ImportPlan({"professionals": (Professional(id="p-new", name="Nieuw"),)}))
        assert small_store.derived("people", lambda: small_store.count("professionals")) == 6
    finally:
        other.close()
