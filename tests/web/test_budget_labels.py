"""Hours budgets wherever a specialist is shown: hours booked on an open
consultation count at once, and from 80% used (and at 100%) the search
results, the profile and the expertise-area page say so in words, as does
the API's search result (``budget_level``, added to the documented shape)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from directory.consultations import service as consult
from directory.consultations.hours import half_year
from tests.web.conftest import bearer, signed_in_client
from web.guard import STORE

WARNING = '<span class="visually-hidden">Urenbudget: </span>80% van de uren gebruikt'
EXHAUSTED = '<span class="visually-hidden">Urenbudget: </span>Geen uren meer dit halfjaar'


@pytest.fixture
def store(fresh_app):
    return fresh_app.extensions[STORE]


def taking_part(store) -> str:
    """An open consultation in which Anna (40 hours a half-year) took the request on."""
    asked = consult.file_request(store, {"need": "vergeet steeds de afspraken", "areas": ["dementie"],
                                         "specialist": "p-anna"}, by=store.get_user("wijkwerker"))
    consult.accept(store, asked.consultation.id, by=store.get_user("specialist"))
    return asked.consultation.id


def book(store, consultation_id: str, *hours: float) -> None:
    for amount in hours:
        consult.book_hours(store, consultation_id, amount, by=store.get_user("specialist"))


def book_up_to(store, consultation_id: str, used: float) -> None:
    """Book Anna's hours so that ``used`` of her 40 are used this half-year
    (the small pool's cases count only while their half-year lasts)."""
    already = store.hours_booked(["p-anna"], *half_year(date.today())).get("p-anna", 0.0)
    needed = round(used - already, 2)
    book(store, consultation_id, *([24.0] * int(needed // 24)), *([needed % 24] if needed % 24 else []))


def area_row(html: str, name: str) -> str:
    """The row of the area page's per-wijk table that names ``name`` (just them: their entry)."""
    row = next(r for r in html.split("</tr>") if name in r)
    return row[row.index(name):].split(";")[0]


def hours_left_on_profile(html: str) -> str:
    found = re.search(r"nog ([\d,]+) uur over", html)
    assert found, "the profile shows no hours left"
    return found.group(1)


def test_hours_booked_on_an_open_consultation_lower_the_hours_left_on_the_profile_at_once(fresh_app, store):
    worker = signed_in_client(fresh_app, "wijkwerker")
    consultation = taking_part(store)
    book_up_to(store, consultation, 6.5)  # as in the second half of 2026: the cases' 2.5 and 4 hours
    before = hours_left_on_profile(worker.get("/profiel/p-anna").get_data(as_text=True))
    assert before == "33,5"
    book(store, consultation, 3)
    assert store.consultation(consultation).is_open
    html = worker.get("/profiel/p-anna").get_data(as_text=True)
    assert hours_left_on_profile(html) == "30,5"
    assert "9,5 van 40 uur gebruikt" in html
    assert "Urenbudget:" not in html  # 24% used: no label


def test_from_80_percent_used_every_place_that_shows_her_says_so(fresh_app, store, tokens):
    book_up_to(store, taking_part(store), 32.5)  # of 40: 81%
    worker = signed_in_client(fresh_app, "wijkwerker")
    profile = worker.get("/profiel/p-anna").get_data(as_text=True)
    assert WARNING in profile and hours_left_on_profile(profile) == "7,5"
    results = worker.get("/zoeken?q=dementie").get_data(as_text=True)
    anna_card = results[results.index("Anna de Vries"):results.index("Cees Bakker")]
    assert WARNING in anna_card
    cees_card = results[results.index("Cees Bakker"):]
    assert "Urenbudget:" not in cees_card.split("</li>")[0]
    area = worker.get("/expertise/dementie").get_data(as_text=True)
    assert WARNING in area_row(area, "Anna de Vries")
    api = fresh_app.test_client().get("/api/v1/search?q=dementie", headers=bearer(tokens["wijkwerker"]))
    levels = {hit["id"]: hit["budget_level"] for hit in api.get_json()["results"]}
    assert levels == {"p-anna": "warning", "p-cees": "ok"}
    assert next(h for h in api.get_json()["results"] if h["id"] == "p-anna")["hours_left"] == 7.5


def test_a_used_up_budget_says_no_hours_left_this_half_year(fresh_app, store, tokens):
    book_up_to(store, taking_part(store), 40)
    worker = signed_in_client(fresh_app, "wijkwerker")
    profile = worker.get("/profiel/p-anna").get_data(as_text=True)
    assert EXHAUSTED in profile and WARNING not in profile
    results = worker.get("/zoeken?q=dementie").get_data(as_text=True)
    assert EXHAUSTED in results
    area = worker.get("/expertise/dementie").get_data(as_text=True)
    assert EXHAUSTED in area_row(area, "Anna de Vries")
    api = fresh_app.test_client().get("/api/v1/search?q=dementie", headers=bearer(tokens["wijkwerker"]))
    assert {h["id"]: h["budget_level"] for h in api.get_json()["results"]}["p-anna"] == "exhausted"


def test_budget_labels_are_words_with_a_class_not_colour_alone(fresh_app, store):
    book_up_to(store, taking_part(store), 35)
    html = signed_in_client(fresh_app, "wijkwerker").get("/profiel/p-anna").get_data(as_text=True)
    assert '<span class="budget budget-warning">' in html
