"""The sums of cases search reads, and how both stores answer from them.

Per area and person (evidence of expertise), per team and person (the cases
a team requested) and per pair of people (shared cases), a store keeps one
entry: (cases, sum of ``growth`` of their days, latest day as ordinal). The
embedded store keeps them in memory (``graph.stores.embedded.memory_index``), the
Neo4j store as JSON on the nodes they are about
(``graph.stores.neo4j.aggregates``); the answers are made here from either,
so both give the same numbers to the last digit.

Recency weights (``directory.search.recency``: each case 0.5^(age / half-life)) are
kept as sums of 2^(days since ``EPOCH`` / half-life), so that at query time
one multiplication by ``decay(today)`` = 0.5^(days from ``EPOCH`` to today /
half-life) turns them into sums of 0.5^(age / half-life): no walk over the cases.

>>> today = date(2026, 11, 17)
>>> round(growth(date(2025, 11, 17)) * decay(today), 6)  # a case a year old
0.5
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from itertools import combinations
from typing import Any, NamedTuple

from directory.consultations.hours import half_year
from directory.search.recency import HALF_LIFE_DAYS

EPOCH = date(2000, 1, 1)

#: One entry as a store keeps it: (cases, sum of growth, latest day as ordinal).
Entry = Sequence[float]
#: What an answer gives per person (and area): (cases, recency-weighted cases, latest day).
Summary = tuple[int, float, date]


def growth(day: date) -> float:
    """What a case of ``day`` adds to an entry's sum of growth."""
    return float(2.0 ** ((day - EPOCH).days / HALF_LIFE_DAYS))


def decay(today: date) -> float:
    """The factor that turns sums of growth into recency-weighted counts as of ``today``."""
    return 1.0 / growth(today)


class CaseSums(NamedTuple):
    """What a run of cases adds up to (``sum_cases``); entries are lists
    [cases, sum of growth, latest day as ordinal], in the order first met."""

    #: per area, per person: their cases as specialist in it
    evidence: dict[str, dict[str, Any]]
    #: per team, per person: the cases the team requested that they took part in
    team_history: dict[str, dict[str, Any]]
    #: per pair of people (in id order): the cases they shared
    pairs: dict[tuple[str, str], Any]
    #: per person, per half-year (its first day): the hours booked
    hours: dict[str, dict[date, float]]
    #: per person, the ids of their cases in the order given
    cases_of: dict[str, list[str]]


#: A case as ``sum_cases`` reads it: ``CaseFacts``, or a plain tuple of the same
#: (day, team, areas, participants as (professional, role, hours)).
Facts = tuple[date, str | None, Sequence[str], Sequence[tuple[str, str, float | None]]]


def sum_cases(cases: Iterable[tuple[str, Facts]], into: CaseSums | None = None) -> CaseSums:
    """The sums ``cases`` (id, facts) contribute, counted case by case in the
    order given: evidence per specialist participation and area, history per
    person of a case their team requested, shared history per pair, hours per
    person and half-year; added to the tables of ``into`` (defaultdicts but
    ``pairs``) when given. Building a store sums every case here (a million
    on the embedded store), so the loop is kept plain.

    >>> facts = (date(2026, 3, 2), "t", ("a",), (("p1", "specialist", 2.0), ("p2", "regie", None)))
    >>> summed = sum_cases([("c1", facts), ("c2", facts)])
    >>> summed.evidence["a"]["p1"][0], summed.pairs[("p1", "p2")][0], dict(summed.hours)
    (2, 2, {'p1': {datetime.date(2026, 1, 1): 4.0}})
    """
    summed = into or CaseSums(defaultdict(dict), defaultdict(dict), {}, defaultdict(dict), defaultdict(list))
    evidence, team_history, pairs, hours_by_half, cases_of = summed
    per_day: dict[date, tuple[float, float, date]] = {}  # a few thousand days among the cases
    for case_id, (day, team, areas, participants) in cases:
        known = per_day.get(day)
        if known is None:
            known = per_day[day] = (growth(day), float(day.toordinal()), half_year(day)[0])
        weight, ordinal, half = known
        people = [p[0] for p in participants]
        if len(people) > 1:
            people = sorted(set(people))
        for person in people:
            cases_of[person].append(case_id)
        counted: list[tuple[dict[Any, Any], Any]] = []
        add = counted.append  # appends in plain loops: no generator per case
        for person, role, hours in participants:
            if hours:
                booked = hours_by_half[person]
                booked[half] = booked.get(half, 0.0) + hours
            if role == "specialist":
                for area in areas:
                    add((evidence[area], person))
        if team:
            history = team_history[team]
            for person in people:
                add((history, person))
        if len(people) > 1:
            for pair in combinations(people, 2):
                add((pairs, pair))
        _count_once(counted, weight, ordinal)
    return summed


def _count_once(counted: list[tuple[dict[Any, Any], Any]], weight: float, ordinal: float) -> None:
    """Count one case in each (table, key) it touches: one more case, its
    growth weight added, its day kept when it is the latest. Apart from
    ``sum_cases`` only to keep that function readable; the additions are the
    same and in the same order, so every sum stays the same float."""
    for table, key in counted:
        entry = table.get(key)
        if entry is None:
            table[key] = [1, weight, ordinal]
        else:
            entry[0] += 1
            entry[1] += weight
            if ordinal > entry[2]:
                entry[2] = ordinal


def summary(entry: Entry, decay: float) -> Summary:
    """An entry as the ports answer it; the weighted count is never above the
    count (a case dated after ``today`` counts once)."""
    count, weight, last = entry
    return int(count), min(count, weight * decay), date.fromordinal(int(last))


def weighted_counts(entries: Mapping[str, Entry], decay: float,
                    left_out: frozenset[str] = frozenset()) -> dict[str, float]:
    """Per person in ``entries`` but those ``left_out``, the recency-weighted
    count (``area_strength``: search ranks every candidate of a need by it)."""
    if left_out:
        return {p: min(e[0], e[1] * decay) for p, e in entries.items() if p not in left_out}
    return {p: min(e[0], e[1] * decay) for p, e in entries.items()}


def evidence_summary(per_area: Iterable[tuple[str, Mapping[str, Entry]]], wanted: set[str] | None,
                     counts: Callable[[str], bool], decay: float) -> dict[str, dict[str, Summary]]:
    """``Store.evidence_summary`` from each area's entries: per person (only
    those ``wanted``, when given, and those who ``counts``), per area, the summary."""
    out: dict[str, dict[str, Summary]] = {}
    for area, entries in per_area:
        people = entries if wanted is None else (p for p in wanted if p in entries)
        for person in people:
            if counts(person):
                out.setdefault(person, {})[area] = summary(entries[person], decay)
    return out


def larger_history(people: Iterable[str], requester: str | None,
                   team_of: Callable[[str], Entry | None],
                   pair_of: Callable[[str], Entry | None] | None,
                   decay: float) -> dict[str, Summary]:
    """``Store.history_summary`` from the sums, the same on every store: per
    person (but the requester), the larger of their history with the team
    (``team_of``) and with the requester (``pair_of``), so no case counts
    twice, as (count, recency-weighted count, latest day); people with
    neither are left out. ``decay`` is ``decay(today)``."""
    out: dict[str, Summary] = {}
    for person in people:
        if person == requester:
            continue
        entries = [team_of(person), pair_of(person) if pair_of else None]
        found = [e for e in entries if e]
        if found:
            out[person] = summary(max(found, key=lambda e: (e[0], e[1])), decay)
    return out
