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
