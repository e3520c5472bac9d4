"""Every problem the directory can raise is said on the pages from its code:
in Dutch, with its English translation, at the field it names; the API
gives the same problems as data beside its unchanged English details."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_babel import force_locale

from directory.errors import InvalidInput
from directory.problems import ENGLISH, Problem
from web.pages.parts.field_problems import FORM, per_field
from web.words import problems as problem_words
from web.words.problem_text import problems as listed_problems

#: A value for every name the English words use (``%(name)s``).
SAMPLE = {"id": "x-1", "who": "p-anna", "team": "kt-a", "value": "zorg", "other": "kt-b",
          "word": "zorg", "synonyms": "['a']", "what": "expertise area", "kept": "k", "years": 3,
          "max": 200, "choices": "a, b", "character": "U+0007", "kinds": ("bsn",),
          "texts": ("111222333",), "due": date(2026, 11, 24), "used": 32.0, "budget": 40.0,
          "share": 80, "state": "gesloten", "status": "geaccepteerd", "route": "triage",
          "article": "a", "names": "a.csv", "kind": "teams", "values": 5, "columns": "id, name",
          "column": "naam", "reason": "bad", "separator": "|", "closed": "2020-01-01",
          "opened": "2021-01-01", "max_length": 100, "le": 3, "ge": 1, "pattern": "^x$"}


def _sample(code: str) -> Problem:
    template = ENGLISH.get(code, "")
    names = re.findall(r"%\((\w+)\)", template) if isinstance(template, str) else ["kinds", "texts"]
    extra = {"string_too_long": ["max_length"], "less_than_equal": ["le"],
             "greater_than_equal": ["ge"], "string_pattern_mismatch": ["pattern"]}.get(code, [])
    return Problem.of("", code, **{name: SAMPLE[name] for name in [*names, *extra]})


def test_every_code_the_directory_raises_is_worded_or_knowingly_left_general():
    worded = problem_words.SAID_CODES | problem_words.LISTED_CODES
    assert set(ENGLISH) - worded - problem_words.UNWORDED == set()
    assert not worded & problem_words.UNWORDED


#: Each voice of the pages with the codes it words.
VOICES = [*(("said", code) for code in sorted(problem_words.SAID_CODES)),
          *(("listed", code) for code in sorted(problem_words.LISTED_CODES))]


@pytest.mark.parametrize(("voice", "code"), VOICES)
def test_the_pages_words_are_dutch_with_an_english_translation(app, voice, code):
    problem, say = _sample(code), getattr(problem_words, voice)
    with app.test_request_context():
        with force_locale("nl"):
            dutch = say(problem)
        with force_locale("en"):
            english = say(problem)
    general = "Deze waarde wordt niet aangenomen." if voice == "said" else problem.text
    assert dutch != english and dutch != general


def test_a_problem_lands_at_its_field_in_dutch(app):
    refused = InvalidInput("the professional has 3 problem(s)", [
        Problem.of("email", "not_email"), Problem.of("expertise[1].area", "unknown_area", id="x"),
        Problem.of("(record)", "knows_themselves")])
    with app.test_request_context(), force_locale("nl"):
        found = per_field(refused, {"email": "email", "expertise": "expertise"})
    assert found == {"email": ["Dit is geen geldig e-mailadres."],
                     "expertise": ["Onbekend expertisegebied 'x'."],
                     FORM: ["Iemand kan zichzelf niet kennen."]}


def test_the_import_preview_says_a_csv_place_in_the_pages_language(app):
    from directory.exchange.csv_files import at
    problem = at("professionals.csv", "missing", 3, "name")
    with app.test_request_context():
        with force_locale("nl"):
            assert listed_problems([problem]) == [("professionals.csv rij 3, kolom name",
                                                   "verplicht veld ontbreekt")]
        with force_locale("en"):
            assert listed_problems([problem]) == [("professionals.csv row 3, column name",
                                                   "required field is missing")]


def test_the_api_adds_the_problems_beside_unchanged_details(writer):
    answer = writer("POST", "/api/v1/professionals", json={"name": "X", "email": "nee", "level": 3})
    error = answer.get_json()["error"]
    assert answer.status_code == 400
    assert error["details"] == ["email: not an e-mail address", "level: unknown key"]
    assert error["problems"] == [{"field": "email", "code": "not_email", "values": {}},
                                 {"field": "level", "code": "unknown_key", "values": {}}]

