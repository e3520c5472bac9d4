"""Who can meet a need, and what a search knows of everyone before reading
their records: the candidate lists per need (in skill order) and, per place
in one table of all professionals, budgets, free hours, wijk and the team's
history, as numpy arrays. Each is kept in the store's derived-value cache
until the records (or, for hours, the consultations) change."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from math import exp

import numpy as np

from directory.consultations.hours import DEFAULT_BUDGET, half_year
from directory.pool.freshness import unconfirmed_for_a_year
from directory.ports import Places, PoolWithSearch
from graph.search.scoring import NARROWER_DISCOUNT, NO_HOURS_FACTOR, STALE_FACTOR, WEIGHTS


@dataclass(frozen=True, slots=True)
class NeedCandidates:
    """Everyone who can meet one need, strongest first, and their skill for it.
    Built once per need, day and store revision (``Store.derived``); kept in
    arrays (a pool of a million cases has lists of 10,000 people, and a dict
    per list would be most of a search's memory). What the skill rests on is
    read again for the people shown only."""

    positions: np.ndarray  # their places in the ``Places`` table of this revision: skill descending, then id
    skills: np.ndarray  # their skill, in the same order
    place: dict[str, int]  # that table's places by id (shared, not a copy)
    by_place: np.ndarray  # ``positions`` ascending, to look people up
    at: np.ndarray  # where each of those is in ``positions``
    names: tuple[str, ...]  # that table's ids (shared, not a copy)

    @property
    def ids(self) -> tuple[str, ...]:
        """Their ids, strongest first: made when asked (a search reads places; a
        tuple of 70,000 ids cost a third of filling a list at a million cases)."""
        return tuple(map(self.names.__getitem__, self.positions.tolist()))

    @property
    def order(self) -> Iterator[tuple[float, str]]:
        """(skill, professional), strongest first."""
        return zip(self.skills.tolist(), self.ids, strict=True)

    def skill_of(self, pids: list[str]) -> np.ndarray:
        """The skill of each of ``pids`` for this need, 0.0 for whoever cannot meet it."""
        wanted = np.fromiter((self.place.get(p, -1) for p in pids), dtype=np.int64, count=len(pids))
        out = np.zeros(len(pids))
        if len(self.by_place):
            found = np.minimum(np.searchsorted(self.by_place, wanted), len(self.by_place) - 1)
            hit = self.by_place[found] == wanted
            out[hit] = self.skills[self.at[found[hit]]]
        return out



def place_table(store: PoolWithSearch) -> Places:
    """Every professional at their place (``Store.places``), per store revision."""
    return store.derived(("search-places",), store.places)


def budgets(store: PoolWithSearch, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Per place, the half-year's budget (the profile's, or 40) and the factor
    for a stale profile: what availability takes from the records (kept until
    they change)."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        people = place_table(store).people
        given = np.fromiter((DEFAULT_BUDGET if p.hours_per_half_year is None else p.hours_per_half_year
                             for p in people), dtype=np.float64, count=len(people))
        stale = np.fromiter((STALE_FACTOR if unconfirmed_for_a_year(p, today) else 1.0 for p in people),
                            dtype=np.float64, count=len(people))
        return given, stale

    return store.derived(("search-budgets", today), compute)


def most_free(store: PoolWithSearch, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Per place, the most the availability part of the score and the factor
    for no hours left and a stale profile can be (made afresh when hours are
    booked, which happens often: in numpy, from the budgets the records give).

    ``availability`` rounds hours to hundredths; these are upper bounds of
    what it gives, so that no candidate is left out: 0.01 hour more free, and
    the no-hours factor only where certainly nothing is left."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        given, stale = budgets(store, today)
        booked = booked_hours(store, today)
        left = np.maximum(0.0, given - booked) + 0.01
        free = WEIGHTS["available"] * np.divide(left, given, out=np.zeros_like(left), where=given > 0)
        factor = np.where(given - booked <= -0.01, NO_HOURS_FACTOR, 1.0) * stale
        return free, factor

    return store.derived(("search-free", today), compute, with_consultations=True)


def booked_hours(store: PoolWithSearch, today: date) -> np.ndarray:
    """Per place, the hours booked this half-year (made afresh when hours are booked)."""

    def compute() -> np.ndarray:
        return store.booked_by_place(*half_year(today))

    return store.derived(("search-booked", today), compute, with_consultations=True)


def serving(store: PoolWithSearch, wijk: str) -> np.ndarray:
    """1.0 at the places of the people who serve ``wijk``, else 0.0."""

    def compute() -> np.ndarray:
        people = place_table(store).people
        return np.fromiter((wijk in p.wijken for p in people), dtype=np.float64, count=len(people))

    return store.derived(("search-wijk", wijk), compute)



def need_candidates(store: PoolWithSearch, need: str, areas: list[str], today: date) -> NeedCandidates:
    """The candidates for ``need`` (met by ``areas``: the need and its narrower
    areas), from the store's cache when another search already asked.

    Filling a list is a search's dearest step (a popular domain has 8,000
    candidates in a pool of 10,000), so it is done in numpy: per area, the
    skill ``area_skill`` describes, and per person the best of their areas."""

    def compute() -> NeedCandidates:
        place = place_table(store).place
        found_places, found_skills = [], []
        for area in areas:
            (at_level, levels), (at_weight, weights) = store.area_columns(area, today)
            where, inverse = np.unique(np.concatenate([at_level, at_weight]), return_inverse=True)
            level = np.zeros(len(where))
            level[inverse[: len(at_level)]] = levels
            shown = np.zeros(len(where))  # demonstrated expertise, 0 without cases
            # saturating(w, 2.0) with math.exp, not numpy's: the same floats as _area_skill
            # to the last bit (map over the builtin: no Python frame per person)
            shown[inverse[len(at_level):]] = 0.45 * (1.0 - np.fromiter(
                map(exp, (-weights / 2.0).tolist()), dtype=np.float64, count=len(weights)))
            skill = 0.55 * level / 3 + shown
            found_places.append(where)
            found_skills.append(skill if area == need else skill * NARROWER_DISCOUNT)
        if len(found_places) == 1:
            where, skill = found_places[0], found_skills[0]
        else:  # a person's best area for the need
            where, inverse = np.unique(np.concatenate(found_places), return_inverse=True)
            skill = np.zeros(len(where))
            np.maximum.at(skill, inverse, np.concatenate(found_skills))
        # skill descending, then id: ``where`` is ascending (np.unique) and places are in id order
        order = np.argsort(-skill, kind="stable")
        at = np.empty_like(order)
        at[order] = np.arange(len(order))  # where each place (ascending) is in the list
        return NeedCandidates(where[order], skill[order], place, where, at, place_table(store).ids)

    return store.derived(("need-candidates", need, tuple(areas), today), compute)


def team_history(store: PoolWithSearch, team: str, today: date) -> tuple[np.ndarray, np.ndarray]:
    """The places of everyone with cases requested by ``team`` (ascending)
    and their history part h, kept per store revision and day."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        where, weight = store.team_columns(team, today)
        # numpy's exp may differ from math.exp in the last bit: only a bound, with room to spare
        return where, 1.0 - np.exp(-weight / 2.0)

    return store.derived(("team-history", team, today), compute)


def take_larger(history: np.ndarray, where: np.ndarray, places: np.ndarray, h: np.ndarray) -> None:
    """``history[i] = max(history[i], h[j])`` where ``where[i] == places[j]``
    (both ascending): the history part at each candidate's place."""
    if not len(places):
        return
    at = np.minimum(np.searchsorted(places, where), len(places) - 1)
    found = places[at] == where
    history[found] = np.maximum(history[found], h[at[found]])

