"""Dutch as the pages and why lines write it: months and hours. (Dutch as
workers type it, for understanding a need, is ``directory.search.language``.)"""

from __future__ import annotations

from datetime import date

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def month_label(day: date) -> str:
    """A day as workers say when something last happened: ``aug 2026``.

    >>> month_label(date(2026, 8, 15))
    'aug 2026'
    """
    return f"{MONTHS[day.month - 1]} {day.year}"


def dutch_number(value: float) -> str:
    """Hours as Dutch readers write them: a decimal comma, no trailing zero.

    >>> dutch_number(31.5), dutch_number(40.0)
    ('31,5', '40')
    """
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")
