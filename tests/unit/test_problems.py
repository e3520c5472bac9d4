"""The services say what is wrong as problems (field, code, values); the
English lines of the API and the command line are made from them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from directory.accounts.roles import User
from directory.consultations import service as consult
from directory.errors import Conflict, InvalidInput, is_stale, stale, stale_line
from directory.evaluation import period as evaluation_period
from directory.exchange.csv_files import parse_csv
from directory.exchange.document import parse_document
from directory.pool.model import FORMAT
from directory.problems import ENGLISH, Problem

UNLINKED = User("x", "wijkwerker", None)


def _refused(call, *args, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_problem_is_said_in_english_at_its_field():
    problem = Problem.of("expertise[0].area", "unknown_area", id="dementia")
    assert problem.line == str(problem) == "expertise[0].area: unknown expertise area 'dementia'"
    assert Problem.of("", "already_escalated").line == "this consultation is already opgeschaald"
    assert problem.as_json() == {"field": "expertise[0].area", "code": "unknown_area",
                                 "values": {"id": "dementia"}}


def test_the_details_of_an_error_are_its_problems_lines():
    refused = InvalidInput("no", [Problem.of("email", "not_email"),
                                  Problem.of("to", "period_too_long", years=3)])
    assert refused.details == ["email: not an e-mail address", "to: the period is longer than 3 years"]
    assert refused.shown == refused.problems
    alone = Conflict(Problem.of("", "has_regie", who="p-anna"))
    assert (alone.message, alone.details, alone.shown) == ("p-anna already has the regie", [],
                                                           [alone.headline])


def test_an_import_names_each_problem_by_code_and_place(small_store):
    document = {"format": FORMAT, "professionals": [
        {"id": "p-x", "name": "X", "email": "nee", "expertise": [{"area": "dementia", "level": 2}],
         "bio": "a" * 4001}]}
    refused = _refused(parse_document, json.dumps(document), small_store)
    found = {(p.field, p.code): dict(p.values) for p in refused.problems}
    assert found[("professionals[0].email", "not_email")] == {}
    assert found[("professionals[0].expertise[0].area", "unknown_area")] == {"id": "dementia"}
    assert found[("professionals[0].bio", "string_too_long")] == {"max_length": 4000}
    assert "professionals[0].expertise[0].area: unknown expertise area 'dementia'" in refused.details
    assert "professionals[0].bio: String should have at most 4000 characters" in refused.details


def test_a_custom_validator_gives_its_code_not_a_sentence(small_store):
    document = {"format": FORMAT, "cases": [
        {"id": "c-1", "opened": "2026-02-30", "areas": ["dementie"],
         "participants": [{"professional": "p-anna"}], "notes": "BSN 111222333 gebeld"}]}
    refused = _refused(parse_document, json.dumps(document), small_store)
    codes = {p.code: p for p in refused.problems}
    assert codes["invalid_date"].line == "cases[0].opened: not a valid date (day is out of range for month)"
    assert codes["identity"].get("kinds") == ("bsn",)
    assert codes["identity"].get("texts") == ("111222333",)


def test_a_csv_problem_keeps_its_file_row_and_column(small_store):
    refused = _refused(parse_csv, {"professionals.csv": b"id;name;expertise\np-x;X;dementia:9\n"},
                       small_store)
    [problem] = refused.problems
    assert (problem.code, problem.get("value")) == ("bad_level", "dementia:9")
    assert (problem.get("csv_file"), problem.get("csv_row"), problem.get("csv_column")) == (
        "professionals.csv", 2, "expertise")
    assert problem.line == ("professionals.csv row 2, column expertise: 'dementia:9': the level must "
                            "be 1, 2 or 3, or basis, gevorderd or specialist")


def test_a_consultation_request_is_refused_with_a_code_per_field(small_store):
    refused = _refused(consult.file_request, small_store, {"need": "hulp", "areas": ["onbekend"],
                                                           "urgency": "morgen", "extra": 1},
                       by=UNLINKED, now=datetime(2026, 11, 17, 9, tzinfo=UTC))
    assert {(p.field, p.code) for p in refused.problems} == {
        ("extra", "unknown_field"), ("areas", "unknown_area"), ("urgency", "must_be_one_of"),
        ("lead", "account_not_linked")}
    assert "areas: unknown expertise area 'onbekend'" in refused.details


def test_a_period_is_refused_with_codes():
    refused = _refused(evaluation_period.period_of, "2026-07-01", "2020-01-01", today=date(2026, 12, 2))
    assert [(p.field, p.code) for p in refused.problems] == [("to", "before_start")]
    assert refused.details == ["to: lies before the start of the period"]


def test_a_stale_version_is_found_by_its_code_not_its_words():
    conflict = stale([stale_line("professionals", "p-anna", 3, 4)])
    assert is_stale(conflict)
    assert conflict.details == ["professionals/p-anna: version 3 is no longer current (now 4)"]
    assert not is_stale(stale([Problem.of("teams/t", "removed_meanwhile", noun="team 't'")]))


def test_every_code_has_english_words():
    assert all(code == code.lower() and " " not in code for code in ENGLISH)
