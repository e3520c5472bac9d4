"""The half-year evaluation (``directory.evaluation.report``) on a small fixed
dataset: every figure is checked against a number worked out by hand, with
the arithmetic in a comment beside it.

The dataset (``evaluation_store``), second half of 2026 (1 July - 31 December):

* imported cases (no consultation behind them):
  ``case-old`` (opened 2026-03-02, closed 03-20; wt-1; Wim regie, Sara 3 h; prevented),
  ``case-h1`` (08-03 → 08-14; wt-1, Noord, dementie+schulden, netwerk; Wim regie,
  Sara 4 h, Sam 2 h; prevented), ``case-h2`` (09-01 → 09-30; wt-2, West, nah, no model;
  Xander — no wijkteam — regie, Saskia 5 h; prevented), ``case-h3`` (06-20 → 07-10;
  wt-2, schulden; no regisseur, Sam 1.5 h; no outcome);
* consultations (moments in UTC, all on the same day in the Netherlands):
  ``c1`` netwerk wt-1 Noord dementie, opened Mon 09-07, Sara accepts 09-08,
  closed Mon 09-21 (case-c1: Wim regie, Sara 2 h; prevented);
  ``c2`` expertiseteam wt-2 West schulden, opened Thu 10-01, Sara assigned Tue 10-06,
  3 h booked 10-06, opgeschaald 10-07, afgeschaald 10-20, still open;
  ``c3`` triage wt-1 Noord schulden+nah, opened Thu 11-05, triagist Tim asks a question
  the same day, Saskia accepts 11-06, closed Fri 11-20 (case-c3: Wim regie, Tim triage,
  Saskia 1 h; doorverwezen);
  ``c4`` netwerk wt-2 West dementie+schulden, opened Tue 12-01, Sam asked, no answer;
  ``c5`` netwerk wt-1 nah, no wijk, opened Mon 07-06, withdrawn 07-08;
  ``c6`` netwerk wt-2 nah, opened Mon 06-29 (first half), Saskia accepts Wed 07-01,
  opgeschaald 06-30, afgeschaald 07-02, closed Fri 07-17 (case-c6: Wendy regie,
  Saskia 2 h; onbekend).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from directory.accounts.roles import User
from directory.consultations.records import Ask, Booking, Consultation, Step
from directory.errors import Forbidden, InvalidInput
from directory.evaluation.figures import as_json
from directory.evaluation.period import Period, half_years_before, period_of
from directory.evaluation.report import evaluate
from directory.exchange.document import import_document
from directory.pool.model import Case, Participation
from directory.ports import ImportPlan

COORDINATOR = User("carla", "coordinator")
TODAY = date(2026, 12, 2)


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def participants(*people: tuple[str, str, float | None]) -> tuple[Participation, ...]:
    return tuple(Participation(professional=p, role=role, hours=hours) for p, role, hours in people)


def pool_document() -> dict:
    def person(pid: str, name: str, organisation: str, teams: list[str], hours: int | None = None) -> dict:
        found = {"id": pid, "name": name, "organisation": organisation, "teams": teams}
        return {**found, "hours_per_half_year": hours} if hours is not None else found

    def case(cid: str, opened: str, closed: str, team: str, areas: list[str], people: list[tuple],
             **more) -> dict:
        return {"id": cid, "opened": opened, "closed": closed, "team": team, "areas": areas,
                "participants": [{"professional": p, "role": r, **({"hours": h} if h else {})}
                                 for p, r, h in people], **more}

    return {
        "format": "kernteamdb/1",
        "expertise": [{"id": "dementie", "label": "Dementie"}, {"id": "nah", "label": "NAH"},
                      {"id": "schulden", "label": "Schuldhulpverlening"}],
        "organisations": [{"id": "org-a", "name": "Zorg A"}, {"id": "org-b", "name": "Welzijn B"},
                          {"id": "org-g", "name": "Gemeente"}],
        "teams": [{"id": "wt-1", "name": "Wijkteam Noord", "kind": "wijkteam", "wijk": "Noord"},
                  {"id": "wt-2", "name": "Wijkteam West", "kind": "wijkteam", "wijk": "West"},
                  {"id": "kt", "name": "Expertiseteam", "kind": "expertiseteam"},
                  {"id": "tr", "name": "Triage", "kind": "triage"}],
        "professionals": [
            person("p-w1", "Wim Jansen", "org-g", ["wt-1"]),
            person("p-w2", "Wendy Vos", "org-g", ["wt-2"]),
            person("p-s1", "Sara Smit", "org-a", ["kt"], 20),
            person("p-s2", "Sam de Boer", "org-a", []),
            person("p-s3", "Saskia Peters", "org-b", [], 40),
            person("p-t1", "Tim Bos", "org-b", ["tr"], 10),
            person("p-x", "Xander Kok", "org-b", []),
        ],
        "cases": [
            case("case-old", "2026-03-02", "2026-03-20", "wt-1", ["dementie"],
                 [("p-w1", "regie", None), ("p-s1", "specialist", 3)], outcome="zwaardere_zorg_voorkomen"),
            case("case-h1", "2026-08-03", "2026-08-14", "wt-1", ["dementie", "schulden"],
                 [("p-w1", "regie", None), ("p-s1", "specialist", 4), ("p-s2", "specialist", 2)],
                 wijk="Noord", model="netwerk", outcome="zwaardere_zorg_voorkomen"),
            case("case-h2", "2026-09-01", "2026-09-30", "wt-2", ["nah"],
                 [("p-x", "regie", None), ("p-s3", "specialist", 5)], wijk="West",
                 outcome="zwaardere_zorg_voorkomen"),
            case("case-h3", "2026-06-20", "2026-07-10", "wt-2", ["schulden"],
                 [("p-s2", "specialist", 1.5)]),
        ],
    }


def consultations() -> tuple[tuple[Consultation, ...], tuple[Case, ...]]:
    def step(day: str, action: str, who: str | None = None, hour: int = 9) -> Step:
        return Step(at=at(day, hour), by="tester", action=action, professional=who)

    def accepted(who: str, day: str) -> tuple[Ask, Ask]:
        return (Ask(professional=who, status="gevraagd", at=at(day, 8), by="tester"),
                Ask(professional=who, status="geaccepteerd", at=at(day), by=who))

    c1 = Consultation(
        id="c1", model="netwerk", team="wt-1", lead="p-w1", wijk="Noord", areas=("dementie",),
        state="gesloten", opened=at("2026-09-07"), first_answer=at("2026-09-08"),
        closed=at("2026-09-21"), asks=accepted("p-s1", "2026-09-08"),
        bookings=(Booking(professional="p-s1", day=date(2026, 9, 10), hours=2, by="tester",
                          at=at("2026-09-10")),),
        steps=(step("2026-09-07", "aangevraagd"), step("2026-09-21", "gesloten")),
        outcome="zwaardere_zorg_voorkomen", case="case-c1")
    c2 = Consultation(
        id="c2", model="expertiseteam", via="kt", team="wt-2", lead="p-w2", wijk="West",
        areas=("schulden",), state="lopend", opened=at("2026-10-01"), first_answer=at("2026-10-06"),
        meeting=date(2026, 10, 6),
        asks=(Ask(professional="p-s1", status="geaccepteerd", at=at("2026-10-06"), by="tester"),),
        bookings=(Booking(professional="p-s1", day=date(2026, 10, 6), hours=3, by="tester",
                          at=at("2026-10-06")),),
        steps=(step("2026-10-01", "aangevraagd"), step("2026-10-07", "opgeschaald"),
               step("2026-10-20", "afgeschaald")), consent=True)
    c3 = Consultation(
        id="c3", model="triage", via="tr", team="wt-1", lead="p-w1", wijk="Noord",
        areas=("schulden", "nah"), state="gesloten", opened=at("2026-11-05"),
        first_answer=at("2026-11-05", 14), closed=at("2026-11-20"), asks=accepted("p-s3", "2026-11-06"),
        bookings=(Booking(professional="p-s3", day=date(2026, 11, 10), hours=1, by="tester",
                          at=at("2026-11-10")),),
        steps=(step("2026-11-05", "aangevraagd"), step("2026-11-05", "vraag", "p-t1", 14)),
        outcome="doorverwezen", case="case-c3")
    c4 = Consultation(
        id="c4", model="netwerk", team="wt-2", lead="p-w2", wijk="West", areas=("dementie", "schulden"),
        state="gevraagd", opened=at("2026-12-01"),
        asks=(Ask(professional="p-s2", status="gevraagd", at=at("2026-12-01"), by="tester"),))
    c5 = Consultation(
        id="c5", model="netwerk", team="wt-1", lead="p-w1", areas=("nah",), state="ingetrokken",
        opened=at("2026-07-06"), closed=at("2026-07-08"))
    c6 = Consultation(
        id="c6", model="netwerk", team="wt-2", lead="p-w2", areas=("nah",), state="gesloten",
        opened=at("2026-06-29"), first_answer=at("2026-07-01"), closed=at("2026-07-17"),
        asks=accepted("p-s3", "2026-07-01"), consent=True,
        steps=(step("2026-06-30", "opgeschaald"), step("2026-07-02", "afgeschaald")),
        outcome="onbekend", case="case-c6")
    cases = (
        Case(id="case-c1", opened=date(2026, 9, 7), closed=date(2026, 9, 21), team="wt-1", wijk="Noord",
             areas=("dementie",), model="netwerk",
             participants=participants(("p-w1", "regie", None), ("p-s1", "specialist", 2)),
             outcome="zwaardere_zorg_voorkomen"),
        Case(id="case-c3", opened=date(2026, 11, 5), closed=date(2026, 11, 20), team="wt-1", wijk="Noord",
             areas=("schulden", "nah"), model="triage",
             participants=participants(("p-w1", "regie", None), ("p-t1", "triage", None),
                                       ("p-s3", "specialist", 1)), outcome="doorverwezen"),
        Case(id="case-c6", opened=date(2026, 6, 29), closed=date(2026, 7, 17), team="wt-2",
             areas=("nah",), model="netwerk",
             participants=participants(("p-w2", "regie", None), ("p-s3", "specialist", 2)),
             outcome="onbekend"),
    )
    return (c1, c2, c3, c4, c5, c6), cases


@pytest.fixture
def evaluation_store(store):
    import_document(json.dumps(pool_document()), store)
    saved, cases = consultations()
    store.apply(ImportPlan({"cases": cases}, consultations=saved))
    return store


@pytest.fixture
def half(evaluation_store):
    """The evaluation of the second half of 2026 (the default on 2 December)."""
    return evaluate(evaluation_store, by=COORDINATOR, today=TODAY)


def rows(figures) -> list[tuple]:
    return [(r.key, r.name, r.count) for r in figures]


def test_the_default_period_is_the_half_year_of_today(half):
    assert half.period == Period(date(2026, 7, 1), date(2026, 12, 31))


def test_requests_count_consultations_and_imported_cases_once_each(half):
    # consultations opened in the period: c5 (07-06), c1, c2, c3, c4 = 5 (c6 opened in June);
    # cases opened in it that no consultation wrote: case-h1, case-h2 = 2
    # (case-c1 and case-c3 are c1 and c3 closed; case-h3 and case-c6 opened in June)
    assert (half.requests, half.from_consultations, half.from_cases) == (7, 5, 2)


def test_requests_per_area_wijk_model_and_organisation(half):
    # schulden: h1, c2, c3, c4 = 4; dementie: h1, c1, c4 = 3; nah: c5, h2, c3 = 3 (ties by name)
    assert rows(half.by_area) == [("schulden", "Schuldhulpverlening", 4), ("dementie", "Dementie", 3),
                                  ("nah", "NAH", 3)]
    # Noord: h1, c1, c3 = 3; West: h2, c2, c4 = 3; no wijk: c5 = 1 (last)
    assert rows(half.by_wijk) == [("Noord", "Noord", 3), ("West", "West", 3), (None, "", 1)]
    # netwerk: c5, h1, c1, c4 = 4; expertiseteam: c2; triage: c3; no model: h2 (imported)
    assert rows(half.by_model) == [("netwerk", "netwerk", 4), ("expertiseteam", "expertiseteam", 1),
                                   ("triage", "triage", 1), (None, "", 1)]
    # Zorg A: h1 (Sara and Sam: once), c1 and c2 (Sara) = 3; Welzijn B: h2, c3 (Saskia;
    # Tim was triagist, Xander regisseur) = 2; no specialist yet: c5, c4 (Sam only asked) = 2
    assert rows(half.by_organisation) == [("org-a", "Zorg A", 3), ("org-b", "Welzijn B", 2),
                                          (None, "", 2)]


def test_hours_against_budget_per_specialist_and_organisation(half):
    # cases closed in the period + open consultations' bookings in it:
    # Sara 4 (h1) + 2 (c1) + 3 (c2, open) = 9 of 20; Saskia 5 (h2) + 1 (c3) + 2 (c6) = 8 of 40;
    # Sam 2 (h1) + 1.5 (h3) = 3.5 of 40 (no budget of his own: the default);
    # Tim 0 of 10 (a budget of his own, nothing booked). case-old (March) does not count.
    assert [(h.key, h.used, h.budget, h.share) for h in half.hours] == [
        ("p-s1", 9.0, 20.0, 0.45), ("p-s3", 8.0, 40.0, 0.2), ("p-s2", 3.5, 40.0, 0.0875),
        ("p-t1", 0.0, 10.0, 0.0)]
    # Zorg A: Sara + Sam = 12.5 of 60 (0.2083); Welzijn B: Saskia + Tim = 8 of 50 (0.16)
    assert [(h.key, h.name, h.people, h.used, h.budget, h.share) for h in half.hours_by_organisation] == [
        ("org-a", "Zorg A", 2, 12.5, 60.0, 0.2083), ("org-b", "Welzijn B", 2, 8.0, 50.0, 0.16)]


def test_time_to_first_answer_and_to_close(half):
    # first answers in the period: c1 Mon 09-07 → Tue 09-08 (1 working day, 1 day),
    # c2 Thu 10-01 → Tue 10-06 (3, 5), c3 same day (0, 0), c6 Mon 06-29 → Wed 07-01 (2, 2)
    # working days [1, 3, 0, 2]: median 1.5, mean 1.5; days [1, 5, 0, 2]: median 1.5, mean 2.0;
    # within 2 working days: c1, c3, c6 = 3; still waiting at the end: c4 (c5 was withdrawn)
    first = half.first_answer
    assert (first.count, first.median_working_days, first.mean_working_days,
            first.median_days, first.mean_days, first.within_limit, first.pending) == \
        (4, 1.5, 1.5, 1.5, 2.0, 3, 1)
    # closed in the period: c1 09-07 → 09-21 (10 working days, 14 days), c3 Thu 11-05 →
    # Fri 11-20 (11, 15), c6 Mon 06-29 → Fri 07-17 (14, 18); c5 was withdrawn, not closed.
    # working days: median 11, mean 35 / 3 = 11.67; days: median 15, mean 47 / 3 = 15.67;
    # opened in the period and not closed by its end: c2, c4
    close = half.to_close
    assert (close.count, close.median_working_days, close.mean_working_days,
            close.median_days, close.mean_days, close.within_limit, close.pending) == \
        (3, 11.0, 11.67, 15.0, 15.67, None, 2)


def test_outcomes_lead_and_escalations(half):
    # cases closed in the period: h1, h2, c1 prevented (3); c3 doorverwezen (1);
    # c6 onbekend and h3 without an outcome: unknown (2) — 6 cases; 3/6, 1/6, 2/6
    assert (half.outcomes.cases, half.outcomes.prevented, half.outcomes.referred,
            half.outcomes.unknown) == (6, 3, 1, 2)
    body = as_json(half)["outcomes"]
    assert (body["prevented_share"], body["referred_share"], body["unknown_share"]) == \
        (0.5, 0.1667, 0.3333)
    # regisseur in a wijkteam: h1, c1, c3 (Wim), c6 (Wendy) = 4; Xander (h2) is in none = 1;
    # h3 names no regisseur = 1
    assert (half.lead.wijkteam, half.lead.elsewhere, half.lead.unknown) == (4, 1, 1)
    # opgeschaald in the period: c2 (10-07); c6's was on 06-30. afgeschaald: c2 (10-20), c6 (07-02)
    assert (half.escalated, half.deescalated) == (1, 2)


def test_repeat_requests(half):
    # wt-1 in order: c5 nah, h1 dementie+schulden (nothing shared with nah), c1 dementie
    # (repeat), c3 schulden+nah (repeat) → 4 requests, 2 repeats;
    # wt-2: h2 nah, c2 schulden, c4 dementie+schulden (repeat of c2) → 3 requests, 1 repeat
    assert half.repeats == 3
    assert [(r.team, r.name, r.requests, r.repeats) for r in half.repeats_by_team] == [
        ("wt-1", "Wijkteam Noord", 4, 2), ("wt-2", "Wijkteam West", 3, 1)]


def test_new_collaborations(half):
    # Wim and Sara first shared case-old (March): not new. New, by first shared case:
    # 07-17 c6 Saskia-Wendy; 08-14 h1 Sam-Wim, Sara-Sam; 09-30 h2 Saskia-Xander;
    # 11-20 c3 Saskia-Tim, Saskia-Wim, Tim-Wim — 7 pairs, 4 of them across organisations
    # (Saskia-Wendy, Sam-Wim, Saskia-Wim, Tim-Wim)
    pairs = [(p.first.isoformat(), p.a_name, p.b_name, p.across) for p in half.new_pairs]
    assert pairs == [
        ("2026-07-17", "Saskia Peters", "Wendy Vos", True),
        ("2026-08-14", "Sam de Boer", "Wim Jansen", True),
        ("2026-08-14", "Sara Smit", "Sam de Boer", False),
        ("2026-09-30", "Saskia Peters", "Xander Kok", False),
        ("2026-11-20", "Saskia Peters", "Tim Bos", False),
        ("2026-11-20", "Saskia Peters", "Wim Jansen", True),
        ("2026-11-20", "Tim Bos", "Wim Jansen", True),
    ]


def test_a_custom_period_of_one_month(evaluation_store):
    september = evaluate(evaluation_store, by=COORDINATOR, start="2026-09-01", end="2026-09-30",
                         today=TODAY)
    # requests: h2 (09-01), c1 (09-07); cases closed: h2, c1 (both prevented)
    assert (september.requests, september.outcomes.cases, september.outcomes.prevented) == (2, 2, 2)
    # hours in September: Saskia 5 (h2), Sara 2 (c1); Tim has a budget and booked nothing
    assert [(h.key, h.used, h.budget) for h in september.hours] == [
        ("p-s3", 5.0, 40.0), ("p-s1", 2.0, 20.0), ("p-t1", 0.0, 10.0)]
    # first answer in September: c1 (1 working day); closed: c1 (10 working days)
    assert (september.first_answer.count, september.first_answer.median_working_days,
            september.to_close.count, september.to_close.median_working_days) == (1, 1.0, 1, 10.0)
    assert [(p.a, p.b) for p in september.new_pairs] == [("p-s3", "p-x")]
    assert (september.repeats, september.escalated) == (0, 0)  # h1 (dementie, August) lies before it


def test_a_period_over_two_half_years_has_two_budgets(evaluation_store):
    summer = evaluate(evaluation_store, by=COORDINATOR, start="2026-06-01", end="2026-07-31", today=TODAY)
    # Sara: 2 × 20; Saskia: case-c6 2 h (closed 07-17); Sam: h3 1.5 h (closed 07-10)
    assert [(h.key, h.used, h.budget) for h in summer.hours] == [
        ("p-s3", 2.0, 80.0), ("p-s2", 1.5, 80.0), ("p-s1", 0.0, 40.0), ("p-t1", 0.0, 20.0)]
    # requests: case-h3 (06-20), c6 (06-29), c5 (07-06); c6's opschalen (06-30) now counts
    assert (summer.requests, summer.escalated, summer.deescalated) == (3, 1, 1)


def test_only_coordinators_and_admins_evaluate(evaluation_store):
    for role in ("wijkwerker", "specialist", "triagist"):
        with pytest.raises(Forbidden):
            evaluate(evaluation_store, by=User("x", role, "p-w1"), today=TODAY)
    assert evaluate(evaluation_store, by=User("ad", "admin"), today=TODAY).requests == 7


@pytest.mark.parametrize(("start", "end", "problem"), [
    ("2026-13-01", None, "from: must be a date written as YYYY-MM-DD"),
    ("gisteren", "2026-12-01", "from: must be a date written as YYYY-MM-DD"),
    ("2026-01-01", "2026-1-5", "to: must be a date written as YYYY-MM-DD"),
    ("2026-12-01", "2026-11-30", "to: lies before the start of the period"),
    ("2020-01-01", "2026-12-31", "to: the period is longer than 3 years"),
])
def test_a_bad_period_is_refused_with_the_field_named(evaluation_store, start, end, problem):
    with pytest.raises(InvalidInput) as refused:
        evaluate(evaluation_store, by=COORDINATOR, start=start, end=end, today=TODAY)
    assert refused.value.details == [problem]


def test_periods_offered_and_one_sided_periods():
    assert [p.start for p in half_years_before(TODAY, 3)] == [date(2026, 7, 1), date(2026, 1, 1),
                                                              date(2025, 7, 1)]
    assert period_of(None, "2026-03-31", today=TODAY) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert period_of("2024-01-01", "2026-12-31", today=TODAY).end == date(2026, 12, 31)  # 3 years: fine


def test_a_consultation_taken_through_the_service_counts_once(small_store):
    """Filed, accepted, booked and closed through ``directory.consultations.service``: the
    request and its case are one request, and the case counts for the outcomes."""
    from directory.consultations import service as consult

    bram, anna = User("bram", "wijkwerker", "p-bram"), User("anna", "specialist", "p-anna")
    filed = consult.file_request(small_store, {"need": "Vergeetachtig, hulp bij het huishouden",
                                               "areas": ["dementie"], "wijk": "Zuidoost",
                                               "specialist": "p-anna"}, by=bram, now=at("2026-11-02"))
    cid = filed.consultation.id
    consult.accept(small_store, cid, by=anna, now=at("2026-11-03"))
    consult.book_hours(small_store, cid, 2, day="2026-11-03", by=anna, now=at("2026-11-03", 12))
    consult.close(small_store, cid, outcome="doorverwezen", by=bram, now=at("2026-11-05"))
    half = evaluate(small_store, by=COORDINATOR, today=TODAY)
    # small pool in the second half: c-0001 (07-03), c-0002 (08-01) and the consultation = 3
    # requests; its case (written by closing) is not a fourth
    assert (half.requests, half.from_consultations, half.from_cases) == (3, 1, 2)
    # wt-zuidoost asked about dementie in c-0001, then c-0002 and the consultation: 2 repeats
    assert half.repeats == 2
    # cases closed: c-0001 prevented, c-0002 no outcome, the consultation's doorverwezen
    assert (half.outcomes.cases, half.outcomes.prevented, half.outcomes.referred,
            half.outcomes.unknown) == (3, 1, 1, 1)
    # Anna: 2.5 (c-0001) + 4 (c-0002) + 2 (the consultation) = 8.5 of 40
    assert [(h.key, h.used, h.budget) for h in half.hours if h.key == "p-anna"] == [("p-anna", 8.5, 40.0)]
    # Mon 11-02 → Tue 11-03 a first answer (1 working day); closed Thu 11-05 (3 working days, 3 days)
    assert (half.first_answer.count, half.first_answer.median_working_days) == (1, 1.0)
    close = half.to_close
    assert (close.count, close.median_working_days, close.median_days) == (1, 3.0, 3.0)
    assert (half.lead.wijkteam, half.lead.unknown) == (3, 0)  # c-0001, c-0002, the consultation: Bram


# --- issue 18: regie and triage apart, "nog open", provisional, lessons -------------------------

def add_cases(store, *cases: Case, consultations_: tuple[Consultation, ...] = ()) -> None:
    store.apply(ImportPlan({"cases": cases}, consultations=consultations_))


def test_regie_and_triage_hours_are_reported_apart_never_against_a_budget(evaluation_store):
    # case-r (closed 10-15): Wim regie 45 h, Tim triage 0.5 h, Sara specialist 12 h;
    # c7 (open, Wim regisseur) Wim books 2 h on 11-02: regie hours of an open consultation
    add_cases(evaluation_store, Case(
        id="case-r", opened=date(2026, 10, 1), closed=date(2026, 10, 15), team="wt-1", areas=("nah",),
        participants=participants(("p-w1", "regie", 45), ("p-t1", "triage", 0.5),
                                  ("p-s1", "specialist", 12))),
        consultations_=(Consultation(
            id="c7", model="netwerk", team="wt-1", lead="p-w1", areas=("nah",), state="lopend",
            opened=at("2026-11-02"), bookings=(Booking(professional="p-w1", day=date(2026, 11, 2), hours=2,
                                                       by="tester", at=at("2026-11-02")),)),))
    half = evaluate(evaluation_store, by=COORDINATOR, today=TODAY)
    # the budget table holds the specialists only: Sara 9 + 12 = 21 of 20 (over), Tim 0 of 10
    # (his triage half hour is not specialist work); Wim's 47 regie hours are not in it
    assert [(h.key, h.used, h.budget, h.over_budget) for h in half.hours] == [
        ("p-s1", 21.0, 20.0, True), ("p-s3", 8.0, 40.0, False), ("p-s2", 3.5, 40.0, False),
        ("p-t1", 0.0, 10.0, False)]
    assert half.over_budget == 1
    assert [(h.key, h.role, h.hours, h.cases) for h in half.regie_hours] == [("p-w1", "regie", 47.0, 2)]
    assert [(h.key, h.role, h.hours, h.cases) for h in half.triage_hours] == [("p-t1", "triage", 0.5, 1)]
    # specialists 21 + 8 + 3.5 = 32.5; regie 47; triage 0.5
    assert (half.hours_by_role.specialist, half.hours_by_role.regie, half.hours_by_role.triage) == \
        (32.5, 47.0, 0.5)
    # Zorg A: Sara + Sam = 24.5 of 60; Gemeente (Wim's) has no row: no specialist booked there
    assert [(h.key, h.used, h.budget) for h in half.hours_by_organisation] == [
        ("org-a", 24.5, 60.0), ("org-b", 8.0, 50.0)]
    # the roles together are every hour the store counts for the half-year
    everyone = ["p-s1", "p-s2", "p-s3", "p-t1", "p-w1"]
    by_role: dict[str, float] = {}
    for row in (*[(h.key, h.used) for h in half.hours], *[(h.key, h.hours) for h in half.regie_hours],
                *[(h.key, h.hours) for h in half.triage_hours]):
        by_role[row[0]] = by_role.get(row[0], 0.0) + row[1]
    assert by_role == evaluation_store.hours_booked(everyone, date(2026, 7, 1), date(2026, 12, 31))
    body = as_json(half)
    assert body["hours"][0]["over_budget"] is True and body["regie_hours"][0]["hours"] == 47.0
    assert body["hours_by_role"] == {"specialist": 32.5, "regie": 47.0, "triage": 0.5}


def test_open_cases_are_nog_open_not_unknown_and_a_past_half_year_stays_put(evaluation_store):
    # case-open: imported, opened 10-01, no closing day, no outcome (before: an "unknown" outcome);
    # case-late: opened 05-04 (first half), closed 08-03 in the second, prevented
    late = Case(id="case-late", opened=date(2026, 5, 4), closed=date(2026, 8, 3), team="wt-1",
                areas=("nah",), participants=participants(("p-w1", "regie", None)),
                outcome="zwaardere_zorg_voorkomen")
    still = Case(id="case-open", opened=date(2026, 10, 1), team="wt-2", areas=("nah",),
                 participants=participants(("p-w2", "regie", None)))
    add_cases(evaluation_store, late, still)
    half = evaluate(evaluation_store, by=COORDINATOR, today=TODAY)
    # closed in the second half: the 6 of before + case-late (prevented) = 7; unknown stays 2;
    # nog open at the end: c2, c4 (consultations) and case-open = 3
    o = half.outcomes
    assert (o.cases, o.prevented, o.referred, o.unknown, o.still_open) == (7, 4, 1, 2, 3)
    assert (half.lead.wijkteam, half.lead.elsewhere, half.lead.unknown) == (5, 1, 1)  # case-open not in it
    assert as_json(half)["outcomes"]["unknown_share"] == round(2 / 7, 4)
    # the first half: closed in it only case-old; nog open at its end (06-30): case-h3 (closed
    # 07-10), c6 (closed 07-17) and case-late (closed 08-03) — they closed later, and stay open here
    first = evaluate(evaluation_store, by=COORDINATOR, start="2026-01-01", end="2026-06-30", today=TODAY)
    before = (first.outcomes, first.lead)
    assert (first.outcomes.cases, first.outcomes.prevented, first.outcomes.still_open) == (1, 1, 3)
    # case-open closes in January 2027: the second half's figures do not change
    add_cases(evaluation_store, Case(id="case-open", opened=date(2026, 10, 1), closed=date(2027, 1, 12),
                                     team="wt-2", areas=("nah",), outcome="doorverwezen",
                                     participants=participants(("p-w2", "regie", None))))
    later = date(2027, 2, 1)
    assert evaluate(evaluation_store, by=COORDINATOR, today=later, start="2026-07-01").outcomes == o
    assert (lambda f: (f.outcomes, f.lead))(evaluate(
        evaluation_store, by=COORDINATOR, start="2026-01-01", end="2026-06-30", today=later)) == before
    assert evaluate(evaluation_store, by=COORDINATOR, today=later).outcomes.referred == 1  # counted in 2027


def test_a_half_year_says_when_its_figures_are_provisional(evaluation_store):
    half = evaluate(evaluation_store, by=COORDINATOR, today=TODAY)
    # 2 December: the half-year is not over, and c2 and c4 (opened in it) are still open
    assert (half.provisional, half.provisional_because, half.open_now) == \
        (True, ("period_not_over", "still_open"), 2)
    # the first half, seen in December: over, and everything opened in it is closed
    first = evaluate(evaluation_store, by=COORDINATOR, start="2026-01-01", end="2026-06-30", today=TODAY)
    assert (first.provisional, first.provisional_because, first.open_now) == (False, (), 0)
    assert as_json(first)["provisional"] is False
    # seen on its own last day it is not over yet
    assert evaluate(evaluation_store, by=COORDINATOR, start="2026-01-01", end="2026-06-30",
                    today=date(2026, 6, 30)).provisional_because == ("period_not_over",)
    # an imported case of the first half without a closing day makes it provisional again
    add_cases(evaluation_store, Case(id="case-still", opened=date(2026, 4, 1), team="wt-1", areas=("nah",),
                                     participants=participants(("p-w1", "regie", None))))
    again = evaluate(evaluation_store, by=COORDINATOR, start="2026-01-01", end="2026-06-30", today=TODAY)
    assert (again.provisional_because, again.open_now) == (("still_open",), 1)
    assert as_json(again)["provisional_because"] == ["still_open"]


def test_an_open_consultation_with_hours_in_a_past_half_year_keeps_it_provisional(evaluation_store):
    # c8: opened 2025-12-01, still open, 1 h booked on 2026-03-03: closing will move that hour
    add_cases(evaluation_store, consultations_=(Consultation(
        id="c8", model="netwerk", team="wt-1", lead="p-w1", areas=("nah",), state="lopend",
        opened=at("2025-12-01"), bookings=(Booking(professional="p-s2", day=date(2026, 3, 3), hours=1,
                                                   by="tester", at=at("2026-03-03")),)),))
    first = evaluate(evaluation_store, by=COORDINATOR, start="2026-01-01", end="2026-06-30", today=TODAY)
    assert (first.provisional_because, first.open_now) == (("still_open",), 1)


def test_the_lessons_of_the_cases_closed_in_the_period_newest_first(evaluation_store):
    from dataclasses import replace

    from directory.evaluation.lessons import for_area

    found = {c.id: c for c in evaluation_store.iter_records("cases")}
    add_cases(evaluation_store,
              replace(found["case-h1"], notes="Samen op huisbezoek werkte goed.", age_band="65+"),
              replace(found["case-c3"], notes="Triage vooraf scheelde een overleg."),
              replace(found["case-old"], notes="Vroeg de casemanager bellen."),
              Case(id="case-open", opened=date(2026, 10, 1), team="wt-2", areas=("dementie",),
                   participants=participants(("p-w2", "regie", None)), notes="Nog niet af."))
    half = evaluate(evaluation_store, by=COORDINATOR, today=TODAY)
    # closed in the period with notes: case-c3 (11-20), case-h1 (08-14); case-old closed in
    # March, case-open is not closed (no lesson yet)
    assert [(x.month, x.areas, x.model, x.wijk, x.text) for x in half.lessons] == [
        (date(2026, 11, 1), ("schulden", "nah"), "triage", "Noord", "Triage vooraf scheelde een overleg."),
        (date(2026, 8, 1), ("dementie", "schulden"), "netwerk", "Noord", "Samen op huisbezoek werkte goed.")]
    # the API answers the month, never the day, the team, the age band or the case
    assert as_json(half)["lessons"][1] == {"month": "2026-08", "areas": ["dementie", "schulden"],
                                           "model": "netwerk", "wijk": "Noord",
                                           "text": "Samen op huisbezoek werkte goed."}
    # per area, every period: dementie has case-h1 (August) and case-old (March), newest first
    worker = User("w", "wijkwerker", "p-w1")
    assert [x.text for x in for_area(evaluation_store, "dementie", by=worker)] == [
        "Samen op huisbezoek werkte goed.", "Vroeg de casemanager bellen."]
    assert [x.text for x in for_area(evaluation_store, "nah", by=worker)] == [
        "Triage vooraf scheelde een overleg."]


def test_a_domain_gathers_the_lessons_of_the_areas_below_it(small_store):
    from dataclasses import replace

    from directory.evaluation.lessons import for_area

    case = next(c for c in small_store.iter_records("cases") if c.id == "c-0001")
    add_cases(small_store, replace(case, notes="Vroeg samen op huisbezoek."))
    reader = User("w", "triagist")
    assert [x.text for x in for_area(small_store, "hersenen-cognitie", by=reader)] == \
        ["Vroeg samen op huisbezoek."]  # c-0001 is about dementie, an area of the domain
    assert for_area(small_store, "nah", by=reader) == []
    with pytest.raises(Forbidden):
        for_area(small_store, "dementie", by=User("nobody", "unknown-role"))
