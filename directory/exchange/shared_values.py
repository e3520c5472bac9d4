"""Cases that share their equal values: one object per day, area list and participation.

A million validated cases hold two million dates of some thousand days, a
million area lists of some ten thousand kinds, and 2.8 million participations
of 620,000 kinds, each naming one of 100,000 professionals by a string of its
own: measured at 100k/1M, 400 MiB of a 940 MiB document that only repeats
itself. The import holds the document until the store has taken it, so what
it repeats adds to the import's peak. Every value here is immutable, so an
equal one can stand in for it. The cases are fresh from validation, seen by
nothing else yet, so their fields are set in place (``object.__setattr__``,
as a frozen dataclass's own ``__init__`` does): making a million cases again
took 10 s.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from directory.pool.model import Case, Participation


class SharedValues:
    """Remembers the first of each equal value and hands it out for the next."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        """``ids``: strings already kept (the professionals' ids), shared first."""
        self._strings: dict[str, str] = {i: i for i in ids}
        self._days: dict[date, date] = {}
        self._areas: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._participations: dict[tuple[Any, ...], Participation] = {}

    def share(self, case: Case) -> Case:
        """``case``, a fresh one, made of shared values (with values equal to its own)."""
        days, areas = self._days, self._areas
        _set(case, "opened", days.setdefault(case.opened, case.opened))
        if case.closed is not None:
            _set(case, "closed", days.setdefault(case.closed, case.closed))
        shared = areas.get(case.areas)
        if shared is None:
            shared = areas[case.areas] = tuple(self._string(a) for a in case.areas)
        _set(case, "areas", shared)
        _set(case, "participants", tuple(map(self._participation, case.participants)))
        return case

    def _participation(self, p: Participation) -> Participation:
        key = (p.professional, p.role, type(p.hours), p.hours)  # 1 and 1.0 stay what they were
        shared = self._participations.get(key)
        if shared is None:
            _set(p, "professional", self._string(p.professional))
            shared = self._participations[key] = p
        return shared

    def _string(self, text: str) -> str:
        return self._strings.setdefault(text, text)


_set = object.__setattr__
