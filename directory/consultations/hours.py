"""Hours budgets: specialists give a number of hours per calendar half-year
(January-June, July-December); 40 is the kernteam agreement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

#: The kernteam agreement: hours per specialist per half-year when a profile names none.
DEFAULT_BUDGET = 40.0
#: From this share of the budget used on, a specialist is shown with a warning.
WARN_AT = 0.8
#: How a budget stands: fine, a warning from ``WARN_AT`` used, or used up (requests blocked).
BudgetLevel = Literal["ok", "warning", "exhausted"]


def half_year(day: date) -> tuple[date, date]:
    """The first and last day of the calendar half-year that holds ``day``."""
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def hours_left(budget: float | None, booked: float) -> float:
    """What is left of a budget (never below zero); a profile that names no
    budget has the kernteam's 40 hours, as ``directory.consultations.service`` counts it.

    >>> hours_left(40, 31.5), hours_left(None, 12), hours_left(10, 12)
    (8.5, 28.0, 0.0)
    """
    given = DEFAULT_BUDGET if budget is None else budget
    return max(0.0, round(given - booked, 2))


@dataclass(frozen=True, slots=True)
class Budget:
    """A specialist's hours this half-year: what they give, what is booked,
    what is left, and how it stands (``warning`` from 80% used, ``exhausted``
    at 100%: new requests are blocked unless a coordinator overrides)."""

    budget: float
    booked: float

    @property
    def left(self) -> float:
        return max(0.0, round(self.budget - self.booked, 2))

    @property
    def used_share(self) -> float:
        return 1.0 if self.budget <= 0 else self.booked / self.budget

    @property
    def level(self) -> BudgetLevel:
        """
        >>> [Budget(40, h).level for h in (31.5, 32, 40, 45)]
        ['ok', 'warning', 'exhausted', 'exhausted']
        """
        if self.booked >= self.budget:
            return "exhausted"
        return "warning" if self.used_share >= WARN_AT else "ok"


def budget(hours_per_half_year: float | None, booked: float) -> Budget:
    """The budget of a person whose profile gives ``hours_per_half_year``
    (``DEFAULT_BUDGET`` when it names none) with ``booked`` hours used."""
    given = DEFAULT_BUDGET if hours_per_half_year is None else hours_per_half_year
    return Budget(float(given), round(booked, 2))


def level(hours_per_half_year: float | None, booked: float) -> BudgetLevel:
    """How the budget of a person whose profile gives ``hours_per_half_year``
    stands with ``booked`` hours: the level ``directory.consultations.service`` blocks
    requests by, for every page and answer that shows a specialist.

    >>> level(40, 31.5), level(None, 32), level(20, 20)
    ('ok', 'warning', 'exhausted')
    """
    return budget(hours_per_half_year, booked).level
