"""Hours budgets: specialists give a number of hours per calendar half-year
(January-June, July-December); 40 is the kernteam agreement."""

from __future__ import annotations

from datetime import date


def half_year(day: date) -> tuple[date, date]:
    """The first and last day of the calendar half-year that holds ``day``."""
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def hours_left(budget: float | None, booked: float) -> float | None:
    """What is left of a budget (never below zero); None when the person has none."""
    if budget is None:
        return None
    return max(0.0, round(budget - booked, 2))
