"""Why lines as codes with values: every code said in Dutch as the JSON's
``why`` always said it, and in another language with the words handed over."""

from __future__ import annotations

from datetime import date

from directory.search import reasons
from directory.search.reasons import Reason, Words, dutch, sentence

LABELS = {"dementie": "Dementie", "nah": "NAH"}
AUG = date(2026, 8, 15)
EVERY = (
    (Reason.of(reasons.LEVEL, area="dementie", level=3, cases=2, last=AUG),
     "Specialist dementie, 2 casussen, laatste aug 2026"),
    (Reason.of(reasons.LEVEL, area="nah", level=1, cases=None, last=None), "Basiskennis NAH"),
    (Reason.of(reasons.CASES, area="dementie", cases=1, last=AUG),
     "Geen opgegeven expertise, wel 1 casus dementie, laatste aug 2026"),
    (Reason.of(reasons.SHARED, cases=3, last=AUG, team=True), "3 casussen met jouw team, laatste aug 2026"),
    (Reason.of(reasons.SHARED, cases=1, last=AUG, team=False), "1 casus met jou, laatste aug 2026"),
    (Reason.of(reasons.WIJK, wijk="Zuidoost"), "Werkt in Zuidoost"),
    (Reason.of(reasons.HOURS, hours=33.5), "Nog 33,5 uur dit halfjaar"),
    (Reason.of(reasons.NO_HOURS), "Geen uren meer dit halfjaar"),
    (Reason.of(reasons.STALE), "Profiel langer dan een jaar niet bevestigd"),
    (Reason.of(reasons.VIA, ids=("p-1", "p-2"), names=("Tom Visser", "Esther van Beek")),
     "Verbonden via Tom Visser en Esther van Beek"),
)


def test_every_code_is_said_in_dutch_as_the_why_lines_say_it():
    assert {reason.code for reason, _ in EVERY} == set(reasons.CODES)
    assert dutch([reason for reason, _ in EVERY], LABELS.__getitem__) == tuple(line for _, line in EVERY)


def test_another_language_gets_its_own_sentences_labels_months_and_numbers():
    english = {"Specialist %(area)s, %(cases)s, laatste %(month)s": "Specialist in %(area)s, %(cases)s, "
               "last %(month)s", "%(count)s casussen": "%(count)s cases",
               "Nog %(hours)s uur dit halfjaar": "%(hours)s hours left this half-year"}
    words = Words(area={"dementie": "Dementia"}.__getitem__, translate=lambda t: english.get(t, t),
                  month=lambda d: d.strftime("%b %Y"), number=lambda n: f"{n:.1f}")
    assert sentence(EVERY[0][0], words) == "Specialist in dementia, 2 cases, last Aug 2026"
    assert sentence(EVERY[6][0], words) == "33.5 hours left this half-year"


def test_the_json_gives_days_as_iso_dates_and_names_as_lists():
    assert EVERY[0][0].as_json() == {"code": "level", "values": {"area": "dementie", "level": 3, "cases": 2,
                                                                 "last": "2026-08-15"}}
    assert EVERY[-1][0].as_json()["values"] == {"ids": ["p-1", "p-2"],
                                                "names": ["Tom Visser", "Esther van Beek"]}
