"""Who knows whom (``NetworkReads``): ties, paths, ego networks, brokers and
the organisation graph, each answered by the store so that a server store
need not ship the graph."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from directory.pool.model import Link, Path

if TYPE_CHECKING:
    import numpy as np


class NetworkReads(Protocol):
    """The questions about the network of professionals."""

    def proximity(self, source: str, targets: Iterable[str]) -> dict[str, float]:
        """How strongly ``source`` is tied to each target within two steps (shared
        cases, knowing each other, a small shared team); targets with no tie are
        left out. See ``graph.network.two_hop_strength``. The cost grows with
        the number of targets, not with the size of the neighbourhood."""

    def proximity_among(self, people: Sequence[str]) -> np.ndarray:
        """``proximity`` between every two of ``people`` at once, as a square
        symmetric table in their order (0.0 where they have no tie): all the
        pairwise ties a team proposal compares, in one question
        (``graph.network.two_hop_strength_among``)."""

    def path(self, source: str, target: str, *, near: bool = False) -> Path:
        """The strongest connection between two professionals (``ids`` None if
        none); with ``near`` ``ids`` None also when no chain of at most two
        steps links them (fast to rule out: what every search result asks),
        and otherwise the same path as without. Callers go through
        ``directory.search.connection.connection``."""

    def ego(self, center: str, depth: int = 1) -> tuple[list[str], list[Link]]:
        """The people within ``depth`` (1-2) ties of ``center`` and all links among them."""

    def mutual_contacts(self, a: str, b: str) -> list[str]:
        """People with a direct tie to both, strongest first."""

    def brokers(self, team: str, limit: int = 10) -> list[tuple[str, float]]:
        """Who links ``team``'s members to people of other organisations (betweenness)."""

    def organisation_links(self) -> list[tuple[str, str, int]]:
        """Cases shared between people of two organisations, per pair."""

    def team_cases(self, professional: str, team: str) -> dict[str, tuple[int, date]]:
        """Per expertise area, how many of the cases ``team`` requested
        ``professional`` took part in, and the day of the latest (counts and
        days only: what a profile may show of shared work)."""
