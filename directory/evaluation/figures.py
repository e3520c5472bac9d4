"""The figures of the half-year evaluation (``directory.evaluation.report`` computes
them; what each one counts is written there) and their JSON form, which the
API answers and the OpenAPI document describes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from directory.evaluation.lessons import Lesson
from directory.evaluation.period import Period


@dataclass(frozen=True, slots=True)
class Row:
    """A count of requests for one area, wijk, organisation or model
    (``key`` None: not known, or no specialist took part yet)."""

    key: str | None
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Hours:
    """Hours booked in the period by one professional, or by the people of
    one organisation (``people``: how many rows it sums), against the budget."""

    key: str | None
    name: str
    organisation: str | None
    people: int
    budget: float
    used: float

    @property
    def share(self) -> float | None:
        """Used as a share of the budget (None without a budget)."""
        return round(self.used / self.budget, 4) if self.budget > 0 else None

    @property
    def over_budget(self) -> bool:
        """More hours used than the budget gives."""
        return self.used > self.budget


@dataclass(frozen=True, slots=True)
class RoleHours:
    """Hours one person booked in the period in the role ``regie`` (the
    wijkteam's lead) or ``triage``: reported apart, never against a budget
    (``cases``: how many cases and open consultations they are on)."""

    key: str
    name: str
    organisation: str | None
    role: str
    hours: float
    cases: int


@dataclass(frozen=True, slots=True)
class HourTotals:
    """All hours of the period per role: the specialists' (against their
    budgets), the regisseurs' and the triagists' (not against a budget)."""

    specialist: float
    regie: float
    triage: float


@dataclass(frozen=True, slots=True)
class Timing:
    """How long consultations took to reach a moment: how many reached it in
    the period, the median and mean in working days and in calendar days
    (days in the Netherlands), and how many opened in the period had neither
    reached it nor been closed or withdrawn by the period's end (``pending``).
    ``within_limit``: how many did within the limit (a first answer within 2
    working days)."""

    count: int
    median_working_days: float | None
    mean_working_days: float | None
    median_days: float | None
    mean_days: float | None
    pending: int
    within_limit: int | None = None


@dataclass(frozen=True, slots=True)
class Outcomes:
    """The outcomes of the cases closed in the period (a closed case without one
    is unknown); ``still_open``: the requests of the period that were not closed
    by its end ("nog open"; not an outcome, and not in the shares)."""

    cases: int
    prevented: int
    referred: int
    unknown: int
    still_open: int = 0

    def share(self, count: int) -> float | None:
        return round(count / self.cases, 4) if self.cases else None


@dataclass(frozen=True, slots=True)
class Lead:
    """Of the cases closed in the period: those whose regisseur is a member of a
    wijkteam, those with a regisseur who is not, and those that name no regisseur."""

    wijkteam: int
    elsewhere: int
    unknown: int


@dataclass(frozen=True, slots=True)
class Repeats:
    """Requests of one wijkteam in the period, and how many were repeats."""

    team: str
    name: str
    requests: int
    repeats: int


@dataclass(frozen=True, slots=True)
class Pair:
    """Two people whose first shared case lies in the period."""

    a: str
    a_name: str
    b: str
    b_name: str
    first: date
    across: bool  # of two different organisations


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every figure of the evaluation of ``period``."""

    period: Period
    requests: int
    from_consultations: int
    from_cases: int
    by_area: tuple[Row, ...]
    by_wijk: tuple[Row, ...]
    by_organisation: tuple[Row, ...]
    by_model: tuple[Row, ...]
    hours: tuple[Hours, ...]
    hours_by_organisation: tuple[Hours, ...]
    first_answer: Timing
    to_close: Timing
    outcomes: Outcomes
    lead: Lead
    escalated: int
    deescalated: int
    repeats: int
    repeats_by_team: tuple[Repeats, ...]
    new_pairs: tuple[Pair, ...]
    #: Specialists who used more hours than their budget gives.
    over_budget: int
    hours_by_role: HourTotals
    regie_hours: tuple[RoleHours, ...]
    triage_hours: tuple[RoleHours, ...]
    #: Requests of the period still open today (consultations, imported cases
    #: without a closing day) and open consultations with hours booked in it.
    open_now: int
    lessons: tuple[Lesson, ...]
    #: Whether the figures may still change, and why (``period_not_over``, ``still_open``).
    provisional: bool = False
    provisional_because: tuple[str, ...] = ()


def as_json(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as the API answers it (dates as ``YYYY-MM-DD``, shares added)."""
    body = _plain(asdict(evaluation))
    body["period"] = {"from": evaluation.period.start.isoformat(), "to": evaluation.period.end.isoformat()}
    for name in ("hours", "hours_by_organisation"):
        for row, figures in zip(getattr(evaluation, name), body[name], strict=True):
            figures["share"] = row.share
            figures["over_budget"] = row.over_budget
    for lesson in body["lessons"]:
        lesson["month"] = lesson["month"][:7]  # YYYY-MM: the month, never the day
    outcomes = evaluation.outcomes
    body["outcomes"].update(prevented_share=outcomes.share(outcomes.prevented),
                            referred_share=outcomes.share(outcomes.referred),
                            unknown_share=outcomes.share(outcomes.unknown))
    return body


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
