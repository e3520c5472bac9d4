"""Search requests and results: what a caller may ask and what comes back.

The shape of a result is the public contract of interfaces.md (``--json``,
``--batch`` and ``GET /api/v1/search``); ``as_json`` writes exactly that,
plus fields added since (``budget_level``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directory.consultations.hours import BudgetLevel
from directory.errors import InvalidInput, NotFound
from directory.pool.model import Link
from directory.ports import PoolRecords
from directory.problems import Problem, unknown
from directory.search.reasons import Reason

MAX_QUERY_LENGTH = 500
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """One need: free text and/or explicit area ids, and who is asking."""

    q: str = ""
    areas: tuple[str, ...] = ()
    requester: str | None = None
    team: str | None = None
    wijk: str | None = None
    limit: int = 10
    id: str | None = None
    #: Areas the text names that the worker removed ("not this one"): not searched for.
    without: tuple[str, ...] = ()


def check_query(query: SearchQuery, store: PoolRecords) -> None:
    """Refuse what cannot be searched, with a message a worker understands.

    Raises ``InvalidInput`` for empty, too long or out-of-range input and
    ``NotFound`` for an unknown requester, team or area.
    """
    if not query.q.strip() and not query.areas:
        raise InvalidInput("type what the household needs, or choose an expertise area",
                           [Problem.of("q", "empty_query")])
    if len(query.q) > MAX_QUERY_LENGTH:
        raise InvalidInput(f"the query is longer than {MAX_QUERY_LENGTH} characters",
                           [Problem.of("q", "query_too_long", length=len(query.q), max=MAX_QUERY_LENGTH)])
    if isinstance(query.limit, bool) or not isinstance(query.limit, int) \
            or not 1 <= query.limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be a whole number from 1 to {MAX_LIMIT}",
                           [Problem.of("limit", "given", value=repr(query.limit))])
    if query.requester and store.get("professionals", query.requester) is None:
        raise NotFound(unknown("professionals", query.requester))
    if query.team and store.get("teams", query.team) is None:
        raise NotFound(unknown("teams", query.team))
    asked = {*query.areas, *query.without}
    missing = sorted(asked - set(store.get_many("expertise", asked)))
    if missing:
        raise NotFound(unknown("expertise", missing[0]),
                       [unknown("expertise", m, "areas") for m in missing])


@dataclass(frozen=True, slots=True)
class MatchedArea:
    area: str
    via: str
    level: int | None
    cases: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One professional in a result list, with the evidence for the ranking."""

    id: str
    name: str
    score: float
    organisation: dict[str, str] | None
    matched: tuple[MatchedArea, ...]
    shared_cases: int
    path: tuple[str, ...] | None
    hours_left: float | None
    why: tuple[str, ...]
    #: How their hours budget stands (``directory.consultations.hours.Budget.level``: "ok",
    #: "warning" from 80% used, "exhausted" at 100%, when requests are blocked).
    budget_level: BudgetLevel = "ok"
    #: How each step of ``path`` was made, for pages that word it
    #: (``directory.search.connection``); not part of the JSON, which has the ids.
    links: tuple[Link, ...] = ()
    #: ``why`` as codes with values (``directory.search.reasons``), for pages that
    #: say it in their own language; ``why`` is these in Dutch.
    reasons: tuple[Reason, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "score": self.score,
            "organisation": self.organisation,
            "matched": [{"area": m.area, "via": m.via, "level": m.level, "cases": m.cases}
                        for m in self.matched],
            "shared_cases": self.shared_cases,
            "path": list(self.path) if self.path is not None else None,
            "hours_left": self.hours_left, "why": list(self.why), "budget_level": self.budget_level,
            "reasons": [reason.as_json() for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Resource:
    """An organisation (informal or first-line help) whose areas cover the need."""

    id: str
    name: str
    line: str | None
    wijken: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "line": self.line, "wijken": list(self.wijken)}


@dataclass(frozen=True, slots=True)
class TeamProposal:
    """The smallest set of available people who together cover every need of a
    request that someone available can meet; the needs nobody available can
    meet are named in ``uncovered`` (then ``members`` may even be empty), so
    a page can say so plainly instead of proposing nobody without a word."""

    members: tuple[str, ...]
    covers: dict[str, str]  # need -> the member who covers it best
    cost: float  # how far apart they are in the collaboration graph (0 = close)
    #: Needs no one available covers: no one with the expertise, or all of them
    #: without hours left this half-year or retired.
    uncovered: tuple[str, ...] = ()
    #: False when the team was not found exactly over everyone who may be
    #: proposed (too many needs or possibilities) but by the pruned search.
    exact: bool = True

    def as_json(self) -> dict[str, Any]:
        return {"members": list(self.members), "covers": dict(self.covers),
                "cost": round(self.cost, 4), "uncovered": list(self.uncovered), "exact": self.exact}


@dataclass(frozen=True, slots=True)
class Understood:
    """An area the search looked for, and why: the words of the question that
    named it (``words``, shown as "Schoolverzuim — spijbelt") or the worker's
    own choice (``chosen``)."""

    area: str
    label: str
    words: tuple[str, ...]
    via: str
    chosen: bool = False
    guessed: bool = False  # recognised from example needs, not named by a term: less sure

    def as_json(self) -> dict[str, Any]:
        return {"area": self.area, "label": self.label, "words": list(self.words), "via": self.via,
                "chosen": self.chosen, "guessed": self.guessed}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer to one query; ``took_ms`` is the time the search itself took."""

    id: str | None
    took_ms: float
    results: tuple[Hit, ...]
    resources: tuple[Resource, ...] = ()
    areas: tuple[str, ...] = field(default=())
    suggestions: tuple[str, ...] = field(default=())  # "bedoelde je ...": labels, when little was understood
    team: TeamProposal | None = None  # for several needs
    understood: tuple[Understood, ...] = field(default=())  # per area in ``areas``: why
    suggested: tuple[str, ...] = field(default=())  # the ids of the ``suggestions``

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "took_ms": self.took_ms,
                "results": [h.as_json() for h in self.results],
                "resources": [r.as_json() for r in self.resources],
                "areas": list(self.areas), "suggestions": list(self.suggestions),
                "team": self.team.as_json() if self.team else None,
                "understood": [u.as_json() for u in self.understood], "suggested": list(self.suggested)}
