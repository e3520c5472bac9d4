"""The sums search ranks by (``SearchReads``), shaped after what search
really asks so that a server store answers each with one round trip instead
of shipping the graph. Two of them are ports of their own, so that a service
can ask for them alone: ``Taxonomy`` (every check of a record or a request
reads it) and ``BookedHours`` (the consultation service's hours budget)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, Protocol

from directory.pool.model import ExpertiseArea, Professional

if TYPE_CHECKING:
    import numpy as np


class PlaceValues(NamedTuple):
    """One value per professional, by place: a professional's place is the
    position of their id among the ids of all professionals (retired ones
    included) in ascending order, so a search can combine answers in numpy
    without a look-up per person. ``places`` ascending, no place twice."""

    places: np.ndarray  # int64
    values: np.ndarray  # float64, the value at each of ``places``


class Places(NamedTuple):
    """Every professional (retired ones included) at their place: the position
    of their id among all ids in ascending order, the places ``PlaceValues``
    speak of."""

    ids: tuple[str, ...]  # ascending
    place: dict[str, int]  # each id's place
    people: tuple[Professional, ...]  # their records, in the same order


class Taxonomy(Protocol):
    """The expertise areas."""

    def areas(self) -> list[ExpertiseArea]:
        """The whole taxonomy (small; callers build the vocabulary from it)."""


class BookedHours(Protocol):
    """The hours professionals booked in a period."""

    def hours_booked(self, professional_ids: Iterable[str], start: date, end: date) -> dict[str, float]:
        """Hours each professional booked on cases dated ``start <= day <= end``
        and on open consultations on days ``start <= day <= end`` (a closed
        consultation's hours are in its case)."""


class SearchReads(Taxonomy, BookedHours, Protocol):
    """Declared levels, evidence and shared history, with the taxonomy
    (``Taxonomy``) and the hours booked (``BookedHours``)."""

    def claims(self, area_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        """Declared levels of active professionals: ``{professional: {area: level}}``."""

    def evidence_summary(self, area_ids: Iterable[str], today: date,
                         professional_ids: Iterable[str] | None = None
                         ) -> dict[str, dict[str, tuple[int, float, date]]]:
        """For active professionals, per area: how many cases they took part in as
        specialist, those cases weighted by recency (each 0.5^(age in days /
        365)), and the day of the latest one. ``professional_ids`` limits the
        answer to those people (a profile page asks about one person)."""

    def area_strength(self, area_id: str, today: date) -> tuple[dict[str, int], dict[str, float]]:
        """For one area, the declared levels of active professionals and their
        recency-weighted count of cases as specialist (as in
        ``evidence_summary``): everything search ranks a need's candidates
        by, in the two flat mappings it can turn into arrays at once."""

    def places(self) -> Places:
        """Every professional at their place. Made again only when a
        professional is added, changed or deleted (not after every case:
        at 100,000 professionals making it takes 80 ms)."""

    def area_columns(self, area_id: str, today: date) -> tuple[PlaceValues, PlaceValues]:
        """``area_strength`` by place: (declared levels, recency-weighted counts),
        the same people and the same numbers to the last bit. A need's
        candidate list is made from these with a few array operations (a
        million cases give an area 50,000 people with evidence)."""

    def team_columns(self, team_id: str, today: date) -> PlaceValues:
        """The recency-weighted counts of ``history_summary(None, requester=None,
        team=team_id)`` by place: the same people and numbers."""

    def booked_by_place(self, start: date, end: date) -> np.ndarray:
        """``hours_booked`` of every professional, by place (float64, one per
        place, 0.0 for none): the same numbers. Availability bounds every
        candidate of a search from it, and at 100,000 professionals a dict
        of everyone's hours, made afresh after every booking, cost 150 ms."""

    def history_summary(self, professional_ids: Iterable[str] | None, *, requester: str | None,
                        team: str | None, today: date) -> dict[str, tuple[int, float, date]]:
        """Per professional, the cases shared with ``requester`` or requested by
        ``team`` — whichever history is larger, so no case counts twice — as
        (count, recency-weighted count, latest day). People without either are
        left out; ``professional_ids`` None asks for everyone who has either."""
