"""The embedded store's sums by place, as numpy arrays that do not depend on
the day: per area, the places and levels of active professionals' claims and
the places, case counts and sums of growth of their evidence; per team, the
same for the cases it requested (everyone's). Today's recency-weighted count
is one array operation away (``graph.stores.core.columns.weighted``).

Why: a search fills a need's candidate list from an area's sums, and at a
million cases an area has 50,000 people with evidence; walking those dicts
took 60-80 ms on the first search of each need. The columns are made once
and kept: a case's change to one person's sums is written into them
(``put``, from ``MemoryIndex._aggregate``), a change of claims drops its
areas' columns (``forget``), and a new, deleted or (un)retired professional,
who moves places or filters, drops them all (``forget_all``).
Everyone's hours per half-year are kept the same way, one array over all
places (``hours``, written by ``put_hours``): availability bounds every
candidate from them, and a dict of 100,000 people's hours took 150 ms after
every booking.
They travel in the index snapshot as bytes (``np.frombuffer``: nothing but
plain values for the restricted unpickler), so a store opened from a
snapshot has them all.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from directory.consultations.hours import half_year

if TYPE_CHECKING:
    from graph.stores.embedded.memory_index import MemoryIndex

#: Changes a kept column takes in before it is dropped instead (each copies it once).
EDITS = 64

#: (places, claimed levels, places, counts, sums of growth): an area's claims and evidence
AreaColumns = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: (places, counts, sums of growth): a team's history
TeamColumns = tuple[np.ndarray, np.ndarray, np.ndarray]


class Columns:
    """The columns of one ``MemoryIndex``, made when first asked for."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], tuple[np.ndarray, ...]] = {}
        self._active: np.ndarray | None = None  # per place: still active
        self._edits: dict[tuple[str, str], int] = {}  # changes taken in since made
        self._hours: dict[date, np.ndarray] = {}  # per half-year (its first day), by place

    # --- what a write says -------------------------------------------------------
    def forget(self, kind: str, key: str) -> None:
        """Drop the columns of one area (``kind`` "area") or team ("team")."""
        self._kept.pop((kind, key), None)
        self._edits.pop((kind, key), None)

    def put(self, index: MemoryIndex, kind: str, owner: str, person: str, entry: Any) -> None:
        """``person``'s sums in an area's evidence or a team's history (``kind``
        "area" or "team", of ``owner``) are now ``entry`` (None: gone). Kept
        columns take the change in place of being made again: a case touches
        a few entries of lists of 50,000, which would cost 50 ms to make afresh.
        After ``EDITS`` changes (another process's import) they are dropped."""
        kept = self._kept.get((kind, owner))
        if kept is None:
            return
        ids, who = index.sorted_ids("professionals"), index.records["professionals"].get(person)
        place = bisect_left(ids, person)
        edits = self._edits[(kind, owner)] = self._edits.get((kind, owner), 0) + 1
        if who is None or place == len(ids) or ids[place] != person or edits > EDITS:
            self.forget(kind, owner)
        elif kind == "team" or who.active:  # an area's columns hold active people only
            first = 2 if kind == "area" else 0
            changed = _with(kept[first:first + 3], place, entry)  # type: ignore[arg-type]
            self._kept[(kind, owner)] = (*kept[:first], *changed)

    def put_hours(self, index: MemoryIndex, person: str, half: date, hours: float) -> None:
        """``person``'s hours booked in the half-year starting ``half`` are now ``hours``."""
        kept = self._hours.get(half)
        if kept is None:
            return
        ids = index.sorted_ids("professionals")
        place = bisect_left(ids, person)
        if place == len(ids) or ids[place] != person:  # (a case of someone not in the pool)
            del self._hours[half]
            return
        if not kept.flags.writeable:  # read from a snapshot: the first change copies it
            kept = self._hours[half] = kept.copy()
        kept[place] = hours

    def forget_all(self) -> None:
        """Drop everything: places or who is active have changed."""
        self._kept.clear()
        self._edits.clear()
        self._hours.clear()
        self._active = None

    # --- reading -----------------------------------------------------------------
    def area(self, index: MemoryIndex, area_id: str) -> AreaColumns:
        kept = self._kept.get(("area", area_id))
        if kept is None:
            place, active = self._places(index)
            claimed = _sorted(index.claims_by_area.get(area_id, {}), place, _levels)
            evidence = _sorted(index.evidence.get(area_id, {}), place, _counts, _growth)
            kept = self._kept[("area", area_id)] = (*_where(claimed, active), *_where(evidence, active))
        return kept  # type: ignore[return-value]

    def team(self, index: MemoryIndex, team_id: str) -> TeamColumns:
        kept = self._kept.get(("team", team_id))
        if kept is None:
            place, _ = self._places(index)
            kept = self._kept[("team", team_id)] = tuple(
                _sorted(index.team_history.get(team_id, {}), place, _counts, _growth))
        return kept  # type: ignore[return-value]

    def hours(self, index: MemoryIndex, half: date) -> np.ndarray:
        """Everyone's hours booked on cases in the half-year starting ``half``, by
        place (read-only: ``put_hours`` changes the kept array)."""
        kept = self._hours.get(half)
        if kept is None:
            place, _ = self._places(index)
            kept = np.zeros(len(place))
            for person, booked in index.hours_by_half.items():
                hours = booked.get(half)
                if hours is not None and person in place:
                    kept[place[person]] = hours
            self._hours[half] = kept
        view = kept.view()
        view.flags.writeable = False
        return view

    def fill(self, index: MemoryIndex, today: date) -> None:
        """Make every area's and team's columns and the hours of ``today``'s
        half-year (before a snapshot is saved)."""
        for area in index.records["expertise"]:
            self.area(index, area)
        for team in index.records["teams"]:
            self.team(index, team)
        self.hours(index, half_year(today)[0])

    def _places(self, index: MemoryIndex) -> tuple[dict[str, int], np.ndarray]:
        """The index's places (``MemoryIndex.places``) and, per place, whether still active."""
        places = index.places()
        if self._active is None:
            self._active = np.fromiter((p.active for p in places.people), dtype=bool,
                                       count=len(places.people))
        return places.place, self._active

    # --- the snapshot: plain bytes, read back without copying ------------------------
    def __getstate__(self) -> dict[str, Any]:
        return {"kept": {key: tuple((a.dtype.str, a.tobytes()) for a in arrays)
                         for key, arrays in self._kept.items()},
                "hours": {half: hours.tobytes() for half, hours in self._hours.items()}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._active = None
        self._edits = {}
        self._kept = {key: tuple(np.frombuffer(raw, dtype=np.dtype(kind)) for kind, raw in arrays)
                      for key, arrays in state["kept"].items()}
        self._hours = {half: np.frombuffer(raw, dtype=np.float64) for half, raw in state["hours"].items()}


def _counts(entries: Mapping[str, Any]) -> Iterator[float]:
    return map(itemgetter(0), entries.values())


def _growth(entries: Mapping[str, Any]) -> Iterator[float]:
    return map(itemgetter(1), entries.values())


def _levels(entries: Mapping[str, Any]) -> Iterable[float]:
    return entries.values()


def _sorted(entries: Mapping[str, Any], place: Mapping[str, int],
            *fields: Callable[[Mapping[str, Any]], Iterable[float]]) -> list[np.ndarray]:
    """[places ascending, then each field of the entries in that order]: one
    C-level pass over the dict per column (``map``), no Python frame per entry."""
    n = len(entries)
    where = np.fromiter(map(place.__getitem__, entries), dtype=np.int64, count=n)
    columns = [where, *(np.fromiter(field(entries), dtype=np.float64, count=n) for field in fields)]
    order = np.argsort(where, kind="stable")
    return [column[order] for column in columns]


def _with(columns: tuple[np.ndarray, np.ndarray, np.ndarray], place: int, entry: Any
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(places, counts, growth) with the entry at ``place`` set to ``entry``'s
    count and growth, or taken out when ``entry`` is None: new arrays (those
    read from a snapshot cannot be written), the same floats as the dict's."""
    where, counts, growth = columns
    i = int(np.searchsorted(where, place))
    present = i < len(where) and where[i] == place
    if entry is None:
        return (np.delete(where, i), np.delete(counts, i), np.delete(growth, i)) if present else columns
    if present:
        counts, growth = counts.copy(), growth.copy()
        counts[i], growth[i] = entry[0], entry[1]
        return where, counts, growth
    return np.insert(where, i, place), np.insert(counts, i, entry[0]), np.insert(growth, i, entry[1])


def _where(columns: list[np.ndarray], active: np.ndarray) -> list[np.ndarray]:
    """``columns`` (places first) for the active professionals only."""
    keep = active[columns[0]]
    return columns if keep.all() else [column[keep] for column in columns]
