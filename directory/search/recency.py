"""How much a case counts by its age: the recency rule of search.

A case counts 0.5^(age in days / ``HALF_LIFE_DAYS``): fully on its day, half
a year later about 0.71, a year later half, two years later a quarter. It
weighs a person's cases as specialist in an area (evidence of expertise) and
the cases they shared with a requester or their team (shared history), on
every store alike (``graph.stores.core.sums`` keeps the weights so that
applying the rule at a later day is one multiplication). The half-year of
hours budgets is ``directory.consultations.hours.half_year``.
"""

from __future__ import annotations

#: Days after which a case counts half as much (one year).
HALF_LIFE_DAYS = 365.0
