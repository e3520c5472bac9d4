"""Ranking professionals for a need: ``rank_experts``.

Every component is explained in the result's ``reasons`` (codes with values,
``directory.search.reasons``, that each page says in its own language) and in the
same reasons as Dutch ``why`` lines (the JSON and the command line); the
ranking is deterministic (equal scores are ordered by id). For each professional:

* **skill** per need = 0.55 x declared level / 3 + 0.45 x demonstrated
  expertise, where demonstrated expertise is 1 - exp(-E / 2) and E sums the
  person's cases as specialist in that area, each weighted by recency
  (half-life one year): the document model of expertise retrieval. Someone
  with a few recent cases and no claim outranks a bare level-1 claim. A need
  that names a whole domain is met by its areas at 0.6. Skill is averaged
  over the needs, so people who cover every need come first;
* **shared history** h = 1 - exp(-H / 2), H summing the cases shared with the
  requester or requested by their team, recency-weighted the same way
  ("elkaars gezichten kennen");
* **proximity** p = 1 - exp(-S / 3), S the two-step tie strength between
  requester and candidate in the collaboration graph;
* **wijk** w = 1 when the person serves the requested wijk;
* **availability** a = share of this half-year's hours still free (a profile
  naming no budget has the kernteam's 40 hours, as consultations count it).

score = 0.60 skill + 0.15 h + 0.10 p + 0.08 w + 0.07 a; then x 0.8 when no
hours are left (so an exhausted specialist never ranks above an equal
colleague) and x 0.95 when the profile was not confirmed for over a year.

With several needs the result also proposes a team (``graph.team``): the
fewest people, at most one per need, who together cover every need and
already work together best, found exactly over everyone on a par for up to
five needs (``TeamProposal.exact`` False when the work was too much and the
strongest few per need were compared); never someone without hours left or retired, someone not
confirmed for over a year only when no one else meets the need, and a need
no one available meets is named (``TeamProposal.uncovered``).

The parts: ``scoring`` (the formula's parts for one person), ``candidates``
(who can meet a need, and what is known of everyone beforehand, in arrays),
``ranking`` (one search), ``explain`` (the reasons and connections of a
result) and ``team`` (the team proposed for several needs).
"""

from graph.search.ranking import rank_experts
from graph.search.scoring import WEIGHTS

__all__ = ["WEIGHTS", "rank_experts"]
