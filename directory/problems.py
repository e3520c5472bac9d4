"""What is wrong, as data: a field, a code and its values (``Problem``), and
the one place where each code is put into English words (``ENGLISH``).

The services and validators of ``directory`` say what they refuse as
problems, not as sentences, so that every reader can say it in its own
language without reading English back: the API and the command line print
``problem.line`` (``expertise[0].area: unknown expertise area 'x'``, the
words they have always printed), the pages look the code up in their
catalog (``web.words.problems``) and put the message at ``problem.field``.

Pydantic's own errors keep pydantic's type as code (``string_too_long``,
``less_than_equal``, ...) and its context as values; their English is
pydantic's (``PydanticKnownError``), so it stays what pydantic says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pydantic_core import PydanticCustomError, PydanticKnownError

#: What a problem's values may be: ids, names, counts, a day, a list of names.
Value = str | int | float | date | tuple[str, ...] | None

#: What the privacy guard found (``directory.privacy``), by kind, in English.
IDENTITY_KINDS = {"name": "a name", "bsn": "a BSN", "phone": "a phone number",
                  "email": "an e-mail address", "iban": "a bank account number (IBAN)",
                  "address": "an address", "birth_date": "a date of birth"}


def _identity(values: Mapping[str, Any]) -> str:
    """The guard's findings (``kinds`` and ``texts``, one each per finding), joined by '; '."""
    return "; ".join(f"looks like {IDENTITY_KINDS[kind]} ('{text}'): remove it, case notes hold "
                     "no client identity" for kind, text in zip(values["kinds"], values["texts"],
                                                                strict=True))


#: Every code a service or validator of ``directory`` raises, with its English
#: words (``%(name)s`` for a value). The API's ``details``, the command line
#: and the English of the error texts come from here and nowhere else.
ENGLISH: dict[str, str | Callable[[Mapping[str, Any]], str]] = {
    # a text that is not (yet) a code: said as it is
    "text": "%(text)s",
    # values of a form or JSON body (directory.consultations.values, directory.pool.checks)
    "required": "required",
    "unknown_field": "unknown field",
    "must_be_text": "must be text",
    "non_empty_text": "must be non-empty text",
    "text_too_long": "at most %(max)s characters",
    "choice_too_long": "at most %(max)s characters of text",
    "must_be_one_of": "must be one of %(choices)s",
    "must_be_true_or_false": "must be true or false",
    "must_be_professional_id": "must be the id of a professional",
    "must_be_id_list": "must be a list of ids",
    "not_hours": "must be a number of hours",
    "hours_not_positive": "must be more than 0",
    "hours_too_many": "at most 24 in one booking",
    "not_a_date": "must be a date written as YYYY-MM-DD",
    "invalid_date": "not a valid date (%(reason)s)",
    "control_character": "holds a control character (%(character)s); remove it",
    "identity": _identity,
    "json_object": "must be a JSON object",
    "id_stays": "stays '%(id)s' (make a new record instead)",
    # what a caller of the API or the command line gave (web.api.routes*, directory.search.queries, ...)
    "given": "%(value)s",
    "unknown_parameter": "unknown parameter",
    "whole_number": "a whole number",
    "required_id": "required id",
    "version_or_if_match": "required (or send If-Match)",
    "not_json_body": "not JSON (%(message)s, line %(line)s column %(column)s)",
    "too_deep": "nested more than %(levels)s levels",
    "empty_query": "empty query",
    "query_too_long": "%(length)s characters, at most %(max)s",
    "phrase_length": "must be text of 1 to %(max)s characters",
    "remove_identity": "remove what identifies a client",
    "is_you": "'%(name)s' is you",
    "records_held": "%(count)s records",
    "page_size": "%(value)s, must be from 1 to %(max)s",
    "offset_negative": "%(value)s, must be 0 or more",
    "offset_too_far": "%(value)s, must be at most %(max)s",
    "choose_from": "'%(value)s', choose from %(choices)s",
    "must_be_id_list_of_professionals": "must be a list of professional ids",
    "sender_required": "the From address is required",
    "base_url_required": "the web app's address, starting with https:// or http://, is required",
    "user_needs_starttls": "--smtp-user needs --starttls: a password is never sent unencrypted",
    # the exchange format's checks (directory.exchange.document, directory.exchange.references,
    # directory.pool.characters)
    "missing": "required field is missing",
    "unknown_key": "unknown key",
    "not_email": "not an e-mail address",
    "not_phone": "not a phone number",
    "id_characters": "an id may not hold control characters or start or end with spaces",
    "unsafe_id": ("a new id holds only letters, digits, '-', '_' and '.', "
                  "and does not start with '.', '-', '=', '+' or '@'"),
    "duplicate_id": "duplicate id '%(id)s' (also %(other)s)",
    "unknown_area": "unknown expertise area '%(id)s'",
    "unknown_organisation": "unknown organisation '%(id)s'",
    "unknown_team": "unknown team '%(id)s'",
    "unknown_professional": "unknown professional '%(id)s'",
    "unknown_case": "unknown case '%(id)s'",
    "listed_twice": "'%(value)s' is listed twice",
    "knows_themselves": "a professional cannot know themselves",
    "no_participant": "a case needs at least one participant",
    "no_case_area": "a case needs at least one expertise area",
    "closed_before_opened": "closed (%(closed)s) is before opened (%(opened)s)",
    "own_broader": "'%(id)s' would be its own broader area",
    "not_utf8": "not UTF-8",
    "no_file": "no file was given",
    "json_or_csv": "one JSON document, or CSV files, one per kind",
    "zip_too_large": "unpacks to more than 64 MiB",
    "not_a_zip": "not a readable zip file",
    "same_name": "two files have this name",
    "invalid_json": "%(message)s",
    # what only CSV files can get wrong (directory.exchange.csv_files, directory.exchange.csv_names)
    "unknown_file": "unknown file; name it after its kind (%(names)s)",
    "second_file": "a second file for %(kind)s (also %(other)s)",
    "no_csv_file": "no CSV file was given",
    "not_utf8_csv": "not UTF-8 text (save it as 'CSV UTF-8')",
    "empty_file": "empty file; the first line must name the columns",
    "too_many_values": "%(values)s values for %(columns)s columns",
    "not_csv": "not readable as CSV (%(reason)s)",
    "unknown_column": "unknown column (the columns are %(columns)s)",
    "column_twice": "the column appears twice",
    "column_missing": "the required column '%(column)s' is missing",
    "not_yes_no": "'%(value)s' is not ja or nee",
    "not_area_level": "'%(value)s' is not written as area:level (e.g. dementie:3 or dementie:specialist)",
    "level_words": "the level must be 1, 2 or 3, or basis, gevorderd or specialist",
    "bad_level": "'%(value)s': the level must be 1, 2 or 3, or basis, gevorderd or specialist",
    "not_participant": ("'%(value)s' is not written as professional:role:hours "
                        "(e.g. p-anna:specialist:2,5)"),
    "separator_in_cell": "'%(value)s' holds '%(separator)s', which a CSV cell uses to separate",
    "unknown_area_named": "unknown expertise area '%(id)s' (no id or name)",
    "unknown_organisation_named": "unknown organisation '%(id)s' (no id or name)",
    "unknown_team_named": "unknown team '%(id)s' (no id or name)",
    "ambiguous_area": "the name '%(value)s' fits more than one expertise area (%(other)s); write the id",
    "ambiguous_organisation": ("the name '%(value)s' fits more than one organisation (%(other)s); "
                               "write the id"),
    "ambiguous_team": "the name '%(value)s' fits more than one team (%(other)s); write the id",
    # records of the pool (directory.pool.maintain)
    "id_taken": "'%(id)s' is taken",
    "coordinator_only": "only a coordinator may change this",
    "used_by": "%(ids)s",
    "used_by_more": "%(ids)s and %(more)s more",
    # the taxonomy and the merges (directory.pool.areas, directory.pool.merge)
    "synonym_names_area": "'%(word)s' is already the label or a synonym",
    "not_a_synonym": "'%(word)s' is not among %(synonyms)s",
    "merge_itself": "'%(id)s' is the %(what)s kept",
    "merge_broader": "'%(id)s' is a broader area of '%(kept)s'",
    # the period of the evaluation (directory.evaluation.period)
    "before_start": "lies before the start of the period",
    "period_too_long": "the period is longer than %(years)s years",
    # an edit based on a version that is no longer current (directory.errors.stale)
    "stale_version": "version %(version)s is no longer current (now %(now)s)",
    "already_exists": "%(noun)s already exists",
    "removed_meanwhile": "%(noun)s was removed meanwhile",
    "version_missing": "missing from the form",
    "stale_revision": "revision %(revision)s is no longer current (now %(now)s)",
    # filing a consultation (directory.consultations.service, directory.consultations.access)
    "no_areas": "name at least one expertise area",
    "consent_needed": "the client's consent is needed for a named consultation or opschalen",
    "lead_for_others": "only a coordinator files a request for someone else",
    "account_not_linked": "your account is not linked to a professional of a wijkteam",
    "lead_outside_wijkteams": ("%(who)s is not a member of a wijkteam; the regie always lies "
                               "with a wijkteam member"),
    "not_in_wijkteam": "%(who)s is not a member of wijkteam '%(team)s'",
    "not_a_routing_team": "team '%(team)s' is not an expertiseteam, network or triage team",
    "chair_assigns": "in the expertiseteam the chair assigns",
    "triagist_routes": "in the triage the triagist routes",
    "no_schedule_yet": "team '%(team)s' has no meeting schedule yet",
    "override_reason": "%(who)s has no hours left; give the reason for asking anyway",
    "hours_used": "%(who)s has used %(used)g of %(budget)g hours this half-year (%(share)s%%)",
    "choose_one": "choose at least one",
    "choose_two": "choose at least two",
    "day_outside_request": "must lie between the day of the request and today",
    "meeting_in_past": "the meeting cannot lie in the past",
    "meeting_or_plan": "give a meeting day or a plan",
    "meeting_late": "the meeting is later than 5 working days (due %(due)s)",
    "not_an_expertiseteam": "'%(team)s' is not an expertiseteam",
    "weeks": "a whole number of weeks from 1 to 8",
    "not_a_member": "'%(who)s' is not a member of this team",
    "not_a_route_team": "team '%(team)s' is not %(article)s %(route)s team",
    # a step refused (Conflict): the refusal itself, on no field
    "consultation_done": "this consultation is %(state)s: nothing can change any more",
    "lead_as_specialist": "the regisseur cannot be asked as specialist in their own consultation",
    "already_asked": "%(who)s is already asked",
    "already_taking_part": "%(who)s is already taking part",
    "chair_assigns_at_meeting": "in an expertiseteam the chair assigns specialists at the meeting",
    "triagist_brings_together": "only a triagist brings several specialists together",
    "chair_only": "only an expertiseteam's chair assigns specialists",
    "agenda_only": "only a request on an expertiseteam's agenda can move to the next meeting",
    "no_schedule": "team '%(team)s' has no meeting schedule",
    "clarify_in_triage": "clarifying questions belong to triage",
    "declined_no_hours": "%(who)s declined this request: no hours can be booked on it",
    "not_taking_part": "%(who)s does not take part in this consultation: no hours can be booked",
    "already_escalated": "this consultation is already opgeschaald",
    "escalate_needs_consent": "opschalen needs the client's consent; record it first",
    "consent_recorded": "consent is already recorded",
    "not_escalated": "this consultation is not opgeschaald",
    "regie_stays": ("%(who)s is not a member of a wijkteam: the regie stays with the wijkteam, "
                    "a specialist can never be regisseur"),
    "has_regie": "%(who)s already has the regie",
    "no_hours_left": ("%(who)s has no hours left this half-year (%(used)g of %(budget)g used); "
                      "a coordinator can make an exception with a reason"),
    "already_answered": "this request was already %(status)s",
    "stale_consultation": ("someone else changed this consultation meanwhile; nothing was changed — "
                           "reload it and take your step again"),
}


#: The problem of an id that names no record, by the kind of record.
UNKNOWN = {"expertise": "unknown_area", "organisations": "unknown_organisation",
           "teams": "unknown_team", "professionals": "unknown_professional", "cases": "unknown_case"}


def _plain(value: Any) -> Value:
    """A value as a problem keeps it: lists as tuples, anything else unusual as text."""
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    if value is None or isinstance(value, (str, int, float, date)):
        return value
    return str(value)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: where (``field``: ``"expertise[0].area"``, ``""`` for
    none), what (``code``, a key of ``ENGLISH`` or a pydantic error type) and
    the values the words need."""

    field: str
    code: str
    values: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, field: str, code: str, /, **values: Any) -> Problem:
        return cls(field, code, tuple((k, _plain(v)) for k, v in values.items()))

    @classmethod
    def said(cls, text: str, field: str = "") -> Problem:
        """A problem with no code of its own: its words are ``text`` everywhere."""
        return cls.of(field, "text", text=text)

    def get(self, key: str) -> Any:
        return dict(self.values).get(key)

    def at(self, field: str) -> Problem:
        """The same problem at another place (``professionals[0].email`` -> ``email``)."""
        return replace(self, field=field)

    @property
    def text(self) -> str:
        """The problem in English, without its place."""
        return english(self.code, dict(self.values))

    @property
    def line(self) -> str:
        """``field: text`` (the text alone without a field): the API's and CLI's line."""
        return f"{self.field}: {self.text}" if self.field else self.text

    def __str__(self) -> str:
        return self.line

    def as_json(self) -> dict[str, Any]:
        """``{"field", "code", "values"}``: days as ISO dates, lists as lists."""
        def plain(value: Value) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            return list(value) if isinstance(value, tuple) else value
        return {"field": self.field, "code": self.code,
                "values": {key: plain(value) for key, value in self.values}}


def unknown(kind: str, record_id: str, field: str = "") -> Problem:
    """``unknown team 'x'``: no record of ``kind`` has this id."""
    code = UNKNOWN.get(kind)
    return Problem.of(field, code, id=record_id) if code else Problem.said(
        f"unknown {kind} '{record_id}'", field)


def english(code: str, values: Mapping[str, Any]) -> str:
    """A code's English words with ``values`` filled in (pydantic's own for its types)."""
    template = ENGLISH.get(code)
    if callable(template):
        return template(values)
    if template is not None:
        return template % dict(values)
    return PydanticKnownError(code, dict(values) or None).message()  # type: ignore[arg-type]


class Refusal(ValueError):
    """A ``ValueError`` that carries its problem (where a caller expects a ValueError)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text)
        self.problem = problem


def custom_error(code: str, **values: Any) -> PydanticCustomError:
    """A custom validator's refusal as pydantic carries it: the code as its type,
    the values as its context, the English words as its message."""
    plain = {key: _plain(value) for key, value in values.items()}
    return PydanticCustomError(code, english(code, plain), plain)
