"""The sums search reads, by place (``directory.ports.PlaceValues``): how a
store answers ``places``, ``area_columns``, ``team_columns`` and ``booked_by_place``.

A store that keeps its sums in dicts (the Neo4j store) answers them from
``area_strength``, ``history_summary`` and ``hours_booked``
(``ColumnsFromSums``); the embedded
store keeps day-independent columns (``graph.stores.embedded.columns``) and
turns them into today's with ``weighted``, the same arithmetic as
``sums.summary``, so both give the same numbers to the last bit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from datetime import date
from operator import itemgetter
from typing import Any, Protocol, TypeVar

import numpy as np

from directory.pool.model import Professional
from directory.ports.search import Places, PlaceValues

T = TypeVar("T")


def by_place(values: Mapping[str, float], place: Mapping[str, int]) -> PlaceValues:
    """``values`` (per professional) by place, places ascending."""
    where = np.fromiter(map(place.__getitem__, values), dtype=np.int64, count=len(values))
    found = np.fromiter(values.values(), dtype=np.float64, count=len(values))
    order = np.argsort(where, kind="stable")
    return PlaceValues(where[order], found[order])


def weighted(counts: np.ndarray, growth: np.ndarray, decay: float) -> np.ndarray:
    """The recency-weighted counts of entries with these counts and sums of
    growth, as ``sums.summary`` gives them: min(count, growth * decay) (IEEE
    multiplication and comparison, the same floats as Python's)."""
    return np.minimum(counts, growth * decay)


class _Sums(Protocol):
    """What ``ColumnsFromSums`` asks of the store it is part of."""

    def area_strength(self, area_id: str, today: date) -> tuple[dict[str, int], dict[str, float]]: ...

    def history_summary(self, professional_ids: Any, *, requester: str | None,
                        team: str | None, today: date) -> dict[str, tuple[int, float, date]]: ...

    def iter_records(self, kind: str) -> Iterator[Any]: ...

    def derived(self, key: Hashable, compute: Any, *, with_consultations: bool = False) -> Any: ...

    def hours_booked(self, professional_ids: Any, start: date, end: date) -> dict[str, float]: ...

    def places(self) -> Places: ...


def places(store: _Sums) -> Mapping[str, int]:
    """Every professional's place (their id's position in id order)."""
    return store.places().place


def places_of(people: Iterable[Professional]) -> Places:
    """``Store.places`` of these professionals (in any order)."""
    ordered = tuple(sorted(people, key=lambda p: p.id))
    ids = tuple(p.id for p in ordered)
    return Places(ids, {pid: i for i, pid in enumerate(ids)}, ordered)


class ColumnsFromSums:
    """``places`` (kept per revision), ``area_columns``, ``team_columns`` and
    ``booked_by_place`` made from the store's dict answers."""

    def area_columns(self: _Sums, area_id: str, today: date) -> tuple[PlaceValues, PlaceValues]:
        levels, weights = self.area_strength(area_id, today)
        place = places(self)
        return by_place(levels, place), by_place(weights, place)

    def team_columns(self: _Sums, team_id: str, today: date) -> PlaceValues:
        found = self.history_summary(None, requester=None, team=team_id, today=today)
        weights = dict(zip(found, map(itemgetter(1), found.values()), strict=True))
        return by_place(weights, places(self))

    def places(self: _Sums) -> Places:
        return self.derived(("professional-places",), lambda: places_of(
            p for p in self.iter_records("professionals") if isinstance(p, Professional)))

    def booked_by_place(self: _Sums, start: date, end: date) -> np.ndarray:
        ids = self.places().ids
        booked = self.hours_booked(ids, start, end)
        return np.fromiter((booked.get(pid, 0.0) for pid in ids), dtype=np.float64, count=len(ids))
