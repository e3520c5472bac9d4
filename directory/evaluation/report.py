"""The half-year evaluation for coordinators (issue 6; domain.md, "Outcomes
that the half-year evaluation reports"): what the network did in a period.

Two sources, each thing counted once:

* **Requests** are the consultations *opened* in the period, plus the cases
  opened in the period that no consultation wrote (history imported in the
  exchange format, which has no consultation behind it). A closed
  consultation already is a case (``Consultation.case``), so its case is not
  counted again. Requests are counted per expertise area, wijk,
  organisation and collaboration model; a request with two areas counts once
  for each area, and once for every organisation of the specialists who took
  part in it (so those columns add up to more than the total). Who took part
  is what the case record says (``directory.consultations.service.case_record``, for an
  open consultation too): people in the role ``specialist``.
* **Cases** are what the outcomes, the lead and the collaborations count:
  the cases *closed* in the period, whether a consultation wrote them or an
  import did (a case without a closing day counts from its opening day,
  ``Case.booked_on``, as the hours do).
* **Consultations** alone give the timings and the escalations, which cases
  do not record: the time to a first answer of the consultations whose first
  answer fell in the period, the time to close of those closed in the
  period (withdrawn ones are not closed), and the consultations opgeschaald
  or afgeschaald in the period (their steps ``opgeschaald``/``afgeschaald``).

**Repeat requests.** A request is a repeat when an earlier request of the
same period came from the same requesting wijkteam and shares at least one
expertise area with it. "Earlier" orders requests by their opening day,
then the moment a consultation was filed (an imported case, which has no
moment, comes first on its day), then id. The first request on a subject is
never a repeat; a team's third request about dementia is its second repeat.

**New collaborations.** Two people (any two participants of one case, the
regisseur included) collaborated for the first time in the period when the
earliest case they share — by ``Case.booked_on``, ties broken by id — lies in
the period: the network growing.

**Outcomes** count the cases *closed* in the period (a closing day in it):
prevented, referred, and unknown (a closed case that records no outcome or
``onbekend``). Requests of the period that were not closed by its end — its
consultations neither closed nor withdrawn by then, its imported cases
without a closing day or closed after it — are "nog open", never unknown.
Only dates decide, so a past period's outcomes do not change when its
cases close later: the outcome counts in the period the case closed in.

**The lead** stayed with the wijkteam in a case when every participant in
the role ``regie`` is a member of a team of the kind ``wijkteam`` (the regie
rule of ``directory.consultations.service``; imported history may break it); a case that
names no regisseur, or one no longer in the pool, counts as unknown. Counted
over the cases closed in the period, as the outcomes.

**Hours** are split by the role they were booked in, and only the specialists' count
against a budget: see ``directory.evaluation.hours``.

**Provisional.** The figures of a period may still change while the period
is not over (its last day is today or later) or while requests of it are
still open today (its consultations not closed or withdrawn, its imported
cases without a closing day, and open consultations with hours booked in
it: closing moves their hours to the closing day). The evaluation says so
(``provisional``, with its reasons).

**Lessons** are those of the cases closed in the period (``directory.evaluation.lessons``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from itertools import combinations
from typing import Any, get_args

from directory.accounts.roles import EVALUATE, User, require
from directory.consultations.records import Consultation
from directory.consultations.service import case_record
from directory.consultations.workdays import FIRST_ANSWER_DAYS, local_day, working_days_between
from directory.evaluation.figures import (
    Evaluation,
    HourTotals,
    Lead,
    Outcomes,
    Pair,
    Repeats,
    Row,
    Timing,
)
from directory.evaluation.hours import (
    ROLES,
    booked_hours,
    names_by_id,
    professionals_by_id,
    role_hours,
    specialist_hours,
)
from directory.evaluation.lessons import newest_first
from directory.evaluation.period import Period, period_of
from directory.pool.model import Case, CollaborationModel, Professional, Team
from directory.ports import Consulting, PoolRecords, Taxonomy

MODELS: tuple[str, ...] = get_args(CollaborationModel)


@dataclass(frozen=True, slots=True)
class _Request:
    order: tuple[date, str, str]
    team: str | None
    wijk: str | None
    areas: tuple[str, ...]
    model: str | None
    specialists: tuple[str, ...]
    consultation: bool


def evaluate(store: Consulting, *, by: User, start: Any = None, end: Any = None,
             today: date | None = None) -> Evaluation:
    """The evaluation of the period ``start``-``end`` (see ``period_of``; by
    default the half-year of ``today``), for a coordinator or admin."""
    require(by, EVALUATE)
    today = today or date.today()
    period = period_of(start, end, today=today)
    # the page, its print view and its CSV ask for the same figures; with 100,000
    # cases they take seconds, so they are kept until cases or consultations change
    figures = store.derived(("evaluation", period), lambda: _evaluate(store, period),
                            with_consultations=True)
    because = provisional_because(figures, today)
    return replace(figures, provisional=bool(because), provisional_because=because)


def provisional_because(figures: Evaluation, today: date) -> tuple[str, ...]:
    """Why the figures may still change: ``period_not_over`` (its last day is
    today or later), ``still_open`` (requests of it are open today)."""
    because = []
    if figures.period.end >= today:
        because.append("period_not_over")
    if figures.open_now:
        because.append("still_open")
    return tuple(because)


def _evaluate(store: Consulting, period: Period) -> Evaluation:
    consultations = store.consultations(until=period.until)
    cases = [c for c in store.iter_records("cases") if isinstance(c, Case)]
    requests = _requests(store, period, consultations, cases)
    closed = [c for c in cases if period.holds(c.closed)]
    people = professionals_by_id(store, [p.professional for c in cases for p in c.participants]
                     + [s for r in requests for s in r.specialists])
    booked = booked_hours(store, period, cases, consultations)
    hours, hours_by_organisation = specialist_hours(store, period, people, booked)
    repeats = _repeats(store, requests)
    return Evaluation(
        period=period, requests=len(requests),
        from_consultations=sum(1 for r in requests if r.consultation),
        from_cases=sum(1 for r in requests if not r.consultation),
        by_area=_by_area(store, requests), by_wijk=_by_wijk(requests),
        by_organisation=_by_organisation(store, requests, people), by_model=_by_model(requests),
        hours=hours, hours_by_organisation=hours_by_organisation,
        first_answer=_first_answer(period, consultations), to_close=_to_close(period, consultations),
        outcomes=_outcomes(closed, _still_open(period, consultations, cases)),
        lead=_lead(store, closed, people),
        escalated=_stepped(period, consultations, "opgeschaald"),
        deescalated=_stepped(period, consultations, "afgeschaald"),
        repeats=sum(r.repeats for r in repeats), repeats_by_team=repeats,
        new_pairs=_new_pairs(period, cases, people),
        over_budget=sum(1 for h in hours if h.over_budget),
        hours_by_role=HourTotals(*(round(sum(booked.hours.get(role, {}).values()), 2) for role in ROLES)),
        regie_hours=role_hours(store, booked, "regie", people),
        triage_hours=role_hours(store, booked, "triage", people),
        open_now=_open_now(period, consultations, cases),
        lessons=newest_first(closed))


# --- requests -------------------------------------------------------------------------------

def _requests(store: PoolRecords, period: Period, consultations: list[Consultation],
              cases: list[Case]) -> list[_Request]:
    """The requests of the period in order: its consultations and the cases no consultation wrote."""
    out = []
    mine = [c for c in consultations if period.holds(local_day(c.opened))]
    written_cases = {case.id: case for case in cases}  # read once already: no second look-up
    for c in mine:
        # who took part: as its case recorded it, or as closing would record it now
        record = written_cases.get(c.case or "")
        if not isinstance(record, Case):
            record = case_record(store, c, local_day(c.closed or c.opened))
        out.append(_Request((local_day(c.opened), c.opened.astimezone(UTC).isoformat(), c.id), c.team,
                            c.wijk, c.areas, c.model, _specialists(record), True))
    written = {c.case for c in consultations if c.case}
    for case in cases:
        if period.holds(case.opened) and case.id not in written:
            out.append(_Request((case.opened, "", case.id), case.team, case.wijk, case.areas,
                                case.model, _specialists(case), False))
    return sorted(out, key=lambda r: r.order)


def _specialists(case: Case) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.professional for p in case.participants if p.role == "specialist"))


def _rows(counts: Counter[str | None], names: dict[str, str]) -> tuple[Row, ...]:
    """Most first, then by name; the unknown (None) last."""
    rows = [Row(key, names.get(key, key) if key else "", n) for key, n in counts.items()]
    return tuple(sorted(rows, key=lambda r: (r.key is None, -r.count, r.name.lower(), r.key or "")))


def _by_area(store: Taxonomy, requests: list[_Request]) -> tuple[Row, ...]:
    labels = {a.id: a.label for a in store.areas()}
    return _rows(Counter(a for r in requests for a in r.areas), labels)


def _by_wijk(requests: list[_Request]) -> tuple[Row, ...]:
    return _rows(Counter(r.wijk for r in requests), {})


def _by_model(requests: list[_Request]) -> tuple[Row, ...]:
    counts = Counter(r.model for r in requests)
    rows = [Row(model, model, counts.get(model, 0)) for model in MODELS]
    if counts.get(None):
        rows.append(Row(None, "", counts[None]))
    return tuple(rows)


def _by_organisation(store: PoolRecords, requests: list[_Request],
                     people: dict[str, Professional]) -> tuple[Row, ...]:
    counts: Counter[str | None] = Counter()
    for r in requests:
        organisations = {getattr(people.get(s), "organisation", None) for s in r.specialists}
        counts.update(organisations or {None})
    return _rows(counts, names_by_id(store, "organisations", [k for k in counts if k]))


def _repeats(store: PoolRecords, requests: list[_Request]) -> tuple[Repeats, ...]:
    seen: dict[str, set[str]] = {}
    made: Counter[str] = Counter()
    repeated: Counter[str] = Counter()
    for r in requests:
        if r.team is None:
            continue
        made[r.team] += 1
        areas = seen.setdefault(r.team, set())
        if areas & set(r.areas):
            repeated[r.team] += 1
        areas.update(r.areas)
    names = names_by_id(store, "teams", list(made))
    rows = [Repeats(team, names.get(team, team), made[team], repeated[team]) for team in made]
    return tuple(sorted(rows, key=lambda r: (-r.repeats, -r.requests, r.name.lower(), r.team)))


# --- timings and steps ----------------------------------------------------------------------

def _timing(pairs: list[tuple[date, date]], pending: int, limit: int | None = None) -> Timing:
    working = [working_days_between(a, b) for a, b in pairs]
    days = [(b - a).days for a, b in pairs]

    def middle(values: list[int]) -> float | None:
        return float(statistics.median(values)) if values else None

    def mean(values: list[int]) -> float | None:
        return round(statistics.fmean(values), 2) if values else None

    within = None if limit is None else sum(1 for w in working if w <= limit)
    return Timing(len(pairs), middle(working), mean(working), middle(days), mean(days), pending, within)


def _first_answer(period: Period, consultations: list[Consultation]) -> Timing:
    answered = [(local_day(c.opened), local_day(c.first_answer)) for c in consultations
                if c.first_answer is not None and period.holds(local_day(c.first_answer))]
    waiting = sum(1 for c in consultations if period.holds(local_day(c.opened))
                  and _after_end(period, c.first_answer) and _after_end(period, c.closed))
    return _timing(answered, waiting, FIRST_ANSWER_DAYS)


def _to_close(period: Period, consultations: list[Consultation]) -> Timing:
    closed = [(local_day(c.opened), local_day(c.closed)) for c in consultations
              if c.state == "gesloten" and c.closed is not None and period.holds(local_day(c.closed))]
    still_open = sum(1 for c in consultations if period.holds(local_day(c.opened))
                     and _after_end(period, c.closed))
    return _timing(closed, still_open)


def _after_end(period: Period, moment: datetime | None) -> bool:
    """Not (yet) reached by the end of the period."""
    return moment is None or local_day(moment) > period.end


def _stepped(period: Period, consultations: list[Consultation], action: str) -> int:
    """How many consultations took the step ``action`` in the period (once each)."""
    return sum(1 for c in consultations
               if any(s.action == action and period.holds(local_day(s.at)) for s in c.steps))


# --- cases ----------------------------------------------------------------------------------

def _outcomes(closed: list[Case], still_open: int) -> Outcomes:
    counts = Counter(c.outcome for c in closed)
    prevented, referred = counts["zwaardere_zorg_voorkomen"], counts["doorverwezen"]
    return Outcomes(len(closed), prevented, referred, len(closed) - prevented - referred, still_open)


def _written(consultations: list[Consultation]) -> set[str]:
    return {c.case for c in consultations if c.case}


def _still_open(period: Period, consultations: list[Consultation], cases: list[Case]) -> int:
    """Requests of the period not closed by its end ("nog open"): decided by dates only."""
    written = _written(consultations)
    return (sum(1 for c in consultations
                if period.holds(local_day(c.opened)) and _after_end(period, c.closed))
            + sum(1 for c in cases if c.id not in written and period.holds(c.opened)
                  and (c.closed is None or c.closed > period.end)))


def _open_now(period: Period, consultations: list[Consultation], cases: list[Case]) -> int:
    """Requests of the period open today, and open consultations with hours booked in it."""
    written = _written(consultations)
    return (sum(1 for c in consultations if c.is_open and (
                period.holds(local_day(c.opened)) or any(period.holds(b.day) for b in c.bookings)))
            + sum(1 for c in cases if c.id not in written and c.closed is None and period.holds(c.opened)))


def _lead(store: PoolRecords, closed: list[Case], people: dict[str, Professional]) -> Lead:
    wijkteams = {t.id for t in store.iter_records("teams") if isinstance(t, Team) and t.kind == "wijkteam"}
    counts: Counter[str] = Counter()
    for case in closed:
        leads = [people.get(p.professional) for p in case.participants if p.role == "regie"]
        if not leads or any(person is None for person in leads):
            counts["unknown"] += 1
        elif all(wijkteams & set(person.teams) for person in leads if person is not None):
            counts["wijkteam"] += 1
        else:
            counts["elsewhere"] += 1
    return Lead(counts["wijkteam"], counts["elsewhere"], counts["unknown"])


def _new_pairs(period: Period, cases: list[Case], people: dict[str, Professional]) -> tuple[Pair, ...]:
    first: dict[tuple[str, str], date] = {}
    for case in sorted(cases, key=lambda c: (c.booked_on, c.id)):
        present = sorted({p.professional for p in case.participants})
        for pair in combinations(present, 2):
            first.setdefault(pair, case.booked_on)

    def name(pid: str) -> str:
        return people[pid].name if pid in people else pid

    def organisation(pid: str) -> str | None:
        return people[pid].organisation if pid in people else None

    pairs = [Pair(a, name(a), b, name(b), day,
                  organisation(a) is not None and organisation(b) is not None
                  and organisation(a) != organisation(b))
             for (a, b), day in first.items() if period.holds(day)]
    return tuple(sorted(pairs, key=lambda p: (p.first, p.a_name.lower(), p.b_name.lower(), p.a, p.b)))
