"""What the stores keep of a case for search and the network: ``CaseFacts``.

Its day, team, areas and participants are all that search's sums and the
collaboration graph depend on: the embedded store's index keeps only these
(the whole record is read from SQLite when someone wants it), and the Neo4j
store compares them to know whether a rewritten case changes any sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from sys import intern
from typing import Any, NamedTuple

from directory.pool.model import Case

_SHARED: dict[Any, Any] = {}  # one object per distinct day, areas and participant (``CaseFacts.interned``)


def shared_object(value: Any) -> Any:
    """The one object kept for values equal to ``value`` (hashable)."""
    return _SHARED.setdefault(value, value)


class CaseFacts(NamedTuple):
    """What the index keeps of a case; participants are (professional, role, hours)."""

    booked_on: date
    team: str | None
    areas: tuple[str, ...]
    participants: tuple[tuple[str, str, float | None], ...]

    @classmethod
    def of(cls, case: Case) -> CaseFacts:
        return cls.interned(case.booked_on, case.team, case.areas,
                            [(p.professional, p.role, p.hours) for p in case.participants])

    @classmethod
    def interned(cls, booked_on: date, team: str | None, areas: Iterable[str],
                 participants: Iterable[Sequence[Any]]) -> CaseFacts:
        """Facts made of shared objects: a million cases name the same 100,000
        people, a few thousand days, the same few area sets, and mostly the
        same (person, role, hours); one object per mention would cost most of
        a gigabyte (and the same again in the index snapshot)."""
        return cls(shared_object(booked_on), intern(team) if team else None,
                   shared_object(tuple(map(intern, areas))),
                   tuple([shared_object((intern(who), intern(role), hours))
                          for who, role, hours in participants]))
