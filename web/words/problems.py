"""The directory's problems in the page's language: one table per way of saying them.

The services and validators of ``directory`` report what is wrong as codes
with values (``directory.problems``); English words for the API and the
command line are made there. A page says the same codes through the
catalog (Dutch the source, English its translation), in two voices:

- ``said`` — a sentence beside a form's field or above the form
  (``Onbekend expertisegebied 'x'.``);
- ``listed`` and ``placed`` — an item of the import preview's list, in
  lower case after its place in the files (``professionals.csv rij 3, kolom
  email: geen e-mailadres``).

A code a voice has no words for is still shown: as a general sentence on a
form, in the directory's own words in the list (``TestEveryCode`` checks that
every code the directory can raise has its words).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import gettext, lazy_gettext

from directory.problems import Problem
from web.i18n import day, number
from web.words import identity as identity_words
from web.words.consult import ASKS, STATES, word

#: A code's words, from the problem's value getter.
Words = Callable[[Callable[[str], Any]], str]


def _bound(value: Any) -> str:
    """A bound of pydantic's (``le``, ``max_length``) as its message writes it: 1000, 2.5."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _hours(value: Any) -> str:
    return number(float(value))


def _findings(v: Callable[[str], Any]) -> list[tuple[str, str]]:
    """The privacy guard's findings: (the kind, the text)."""
    return list(zip(v("kinds"), v("texts"), strict=True))


def _identity(v: Callable[[str], Any]) -> str:
    """The privacy guard's refusal (``directory.privacy``): what it found, and to remove it."""
    return " ".join(gettext("Dit lijkt op %(what)s ('%(text)s'): haal het weg. Over een casus schrijven "
                            "we niets waaraan de cliënt te herkennen is.",
                            what=identity_words.what(what), text=text) + identity_words.hint(what)
                    for what, text in _findings(v))


def _meeting_due(value: Any) -> str:
    return day(value) if isinstance(value, date) else str(value)


def _fill_in(v: Callable[[str], Any]) -> str:
    return gettext("Vul dit in.")


#: The sentences of a form, per code.
_SAID: dict[str, Words] = {
    # the consultation service (directory.consultations.service): problems, refusals and warnings
    "identity": _identity,
    "no_areas": lambda v: gettext("Kies minstens één expertisegebied."),
    "must_be_one_of": lambda v: gettext("Kies een van de mogelijkheden uit de lijst."),
    "must_be_true_or_false": lambda v: gettext("Kies ja of nee."),
    "must_be_text": lambda v: gettext("Vul hier tekst in."),
    "unknown_field": lambda v: gettext("Dit veld kent de gids niet."),
    "consent_needed": lambda v: gettext(
        "Voor een consultatie op naam en voor opschalen is toestemming van de cliënt nodig."),
    "lead_for_others": lambda v: gettext(
        "Alleen een coördinator vraagt een consultatie aan voor iemand anders."),
    "account_not_linked": lambda v: gettext(
        "Je account is niet gekoppeld aan een professional van een wijkteam; vul de regisseur in."),
    "lead_outside_wijkteams": lambda v: gettext(
        "%(who)s hoort niet bij een wijkteam; de regie ligt altijd bij iemand van het wijkteam.",
        who=v("who")),
    "not_in_wijkteam": lambda v: gettext("%(who)s hoort niet bij wijkteam '%(team)s'.", who=v("who"),
                                         team=v("team")),
    "not_a_routing_team": lambda v: gettext(
        "Team '%(team)s' is geen expertiseteam, netwerk of triageteam.", team=v("team")),
    "chair_assigns": lambda v: gettext(
        "Bij een expertiseteam wijst de voorzitter in het overleg de specialist aan; laat dit leeg."),
    "triagist_routes": lambda v: gettext("Bij triage zoekt de triagist de specialist; laat dit leeg."),
    "no_schedule_yet": lambda v: gettext(
        "Team '%(team)s' heeft nog geen vergaderschema; vraag de coördinator het in te stellen.",
        team=v("team")),
    "no_schedule": lambda v: gettext(
        "Team '%(team)s' heeft nog geen vergaderschema; vraag de coördinator het in te stellen.",
        team=v("team")),
    "override_reason": lambda v: gettext(
        "%(who)s heeft geen uren meer over dit halfjaar; geef de reden voor de uitzondering.",
        who=v("who")),
    "no_hours_left": lambda v: gettext(
        "%(who)s heeft geen uren meer over dit halfjaar (%(used)s van %(budget)s uur gebruikt). "
        "Alleen een coördinator kan een uitzondering maken, met een reden.",
        who=v("who"), used=_hours(v("used")), budget=_hours(v("budget"))),
    "hours_used": lambda v: gettext(
        "Let op: %(who)s heeft %(used)s van %(budget)s uur van dit halfjaar gebruikt (%(share)s%%).",
        who=v("who"), used=_hours(v("used")), budget=_hours(v("budget")), share=v("share")),
    "choose_one": lambda v: gettext("Kies minstens één specialist."),
    "choose_two": lambda v: gettext("Kies minstens twee specialisten."),
    "not_hours": lambda v: gettext("Vul het aantal uren in als getal, bijvoorbeeld 1,5."),
    "hours_not_positive": lambda v: gettext("Boek meer dan 0 uur."),
    "hours_too_many": lambda v: gettext("Hoogstens 24 uur in één boeking."),
    "day_outside_request": lambda v: gettext(
        "Kies een dag vanaf de dag van de aanvraag tot en met vandaag."),
    "must_be_professional_id": lambda v: gettext("Vul de id van een professional in."),
    "must_be_id_list": lambda v: gettext("Kies uit de lijst."),
    "not_a_route_team": lambda v: gettext("Team '%(team)s' is geen %(kind)s-team.", team=v("team"),
                                          kind=v("route")),
    "meeting_in_past": lambda v: gettext("Het overleg kan niet in het verleden liggen."),
    "meeting_or_plan": lambda v: gettext("Vul de dag van het overleg of het plan in."),
    "meeting_late": lambda v: gettext(
        "Let op: het overleg is later dan 5 werkdagen na het opschalen (uiterlijk %(due)s).",
        due=_meeting_due(v("due"))),
    "not_an_expertiseteam": lambda v: gettext("'%(team)s' is geen expertiseteam.", team=v("team")),
    "weeks": lambda v: gettext("Kies 1 tot 8 weken."),
    "not_a_member": lambda v: gettext("'%(who)s' hoort niet bij dit team.", who=v("who")),
    # refusals of a step (Conflict): they belong to no field
    "consultation_done": lambda v: gettext(
        "Deze consultatie is %(state)s: er kan niets meer aan veranderen.",
        state=word(STATES, v("state"))),
    "lead_as_specialist": lambda v: gettext(
        "De regisseur kan niet als specialist in de eigen consultatie worden gevraagd."),
    "already_asked": lambda v: gettext("%(who)s is al gevraagd.", who=v("who")),
    "already_taking_part": lambda v: gettext("%(who)s doet al mee.", who=v("who")),
    "chair_assigns_at_meeting": lambda v: gettext(
        "Bij een expertiseteam wijst de voorzitter de specialisten aan in het overleg."),
    "triagist_brings_together": lambda v: gettext(
        "Alleen een triagist brengt meerdere specialisten samen."),
    "chair_only": lambda v: gettext("Alleen de voorzitter van een expertiseteam wijst specialisten aan."),
    "agenda_only": lambda v: gettext(
        "Alleen een vraag op de agenda van een expertiseteam kan naar het volgende overleg."),
    "clarify_in_triage": lambda v: gettext("Verhelderende vragen horen bij triage."),
    "declined_no_hours": lambda v: gettext(
        "%(who)s heeft deze vraag afgewezen: daarop kunnen geen uren worden geboekt.", who=v("who")),
    "not_taking_part": lambda v: gettext(
        "%(who)s doet niet mee aan deze consultatie: er kunnen geen uren worden geboekt.",
        who=v("who")),
    "already_escalated": lambda v: gettext("Deze consultatie is al opgeschaald."),
    "escalate_needs_consent": lambda v: gettext(
        "Voor opschalen is toestemming van de cliënt nodig; leg die eerst vast."),
    "consent_recorded": lambda v: gettext("De toestemming is al vastgelegd."),
    "not_escalated": lambda v: gettext("Deze consultatie is niet opgeschaald."),
    "regie_stays": lambda v: gettext(
        "%(who)s hoort niet bij een wijkteam. De regie blijft bij het wijkteam: een specialist kan "
        "nooit regisseur worden.", who=v("who")),
    "has_regie": lambda v: gettext("%(who)s heeft de regie al.", who=v("who")),
    "already_answered": lambda v: gettext("Op deze vraag is al geantwoord (%(status)s).",
                                          status=word(ASKS, v("status"))),
    # the records' fields (directory.pool.model, directory.exchange.references, directory.pool.maintain)
    "not_email": lambda v: gettext("Dit is geen geldig e-mailadres."),
    "not_phone": lambda v: gettext("Dit is geen geldig telefoonnummer (alleen cijfers, spaties, "
                                   "haakjes en streepjes, eventueel met + ervoor)."),
    "required": _fill_in,
    "missing": _fill_in,
    "non_empty_text": _fill_in,
    "string_pattern_mismatch": _fill_in,
    "text_too_long": lambda v: gettext("Maximaal %(n)s tekens.", n=v("max")),
    "choice_too_long": lambda v: gettext("Maximaal %(n)s tekens.", n=v("max")),
    "string_too_long": lambda v: gettext("Maximaal %(n)s tekens.", n=_bound(v("max_length"))),
    "less_than_equal": lambda v: gettext("Maximaal %(n)s.", n=_bound(v("le"))),
    "greater_than_equal": lambda v: gettext("Minimaal %(n)s.", n=_bound(v("ge"))),
    "unknown_area": lambda v: gettext("Onbekend expertisegebied '%(id)s'.", id=v("id")),
    "unknown_organisation": lambda v: gettext("Onbekende organisatie '%(id)s'.", id=v("id")),
    "unknown_team": lambda v: gettext("Onbekend team '%(id)s'.", id=v("id")),
    "unknown_professional": lambda v: gettext("Onbekende professional '%(id)s'.", id=v("id")),
    "listed_twice": lambda v: gettext("'%(value)s' staat er twee keer in.", value=v("value")),
    "coordinator_only": lambda v: gettext("Alleen de coördinator kan dit wijzigen."),
    "knows_themselves": lambda v: gettext("Iemand kan zichzelf niet kennen."),
    "id_taken": lambda v: gettext("Deze id is al in gebruik."),
    # the taxonomy and the merges (directory.pool.areas, directory.pool.merge)
    "synonym_names_area": lambda v: gettext(
        "Dit woord noemt dit gebied al (als naam of als zoekwoord)."),
    "not_a_synonym": lambda v: gettext("Dit is geen zoekwoord van dit gebied."),
    "own_broader": lambda v: gettext(
        "Een gebied kan niet onder zichzelf of onder een van zijn eigen deelgebieden komen."),
    "merge_itself": lambda v: gettext(
        "Kies twee verschillende: iets kan niet met zichzelf worden samengevoegd."),
    "merge_broader": lambda v: gettext(
        "Het gebied dat blijft ligt hier ver onder; verplaats dat eerst hoger."),
    "control_character": lambda v: gettext(
        "Hier staat een onzichtbaar stuurteken in (%(code)s); haal het weg.", code=v("character")),
    "unsafe_id": lambda v: gettext(
        "Een nieuwe id bestaat alleen uit letters, cijfers, '-', '_' en '.', en begint niet met "
        "'.', '-', '=', '+' of '@'."),
    "id_characters": lambda v: gettext(
        "Een id heeft geen spaties aan het begin of eind en geen stuurtekens."),
    # the period of the evaluation (directory.evaluation.period)
    "not_a_date": lambda v: gettext("Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-07-01."),
    "before_start": lambda v: gettext("Deze datum ligt vóór het begin van de periode."),
    "period_too_long": lambda v: gettext("Kies een periode van hoogstens %(n)s jaar.", n=v("years")),
}


def said(problem: Problem) -> str:
    """One problem as a sentence of a form, in the page's language."""
    if problem.code == "string_too_short" and problem.get("min_length") == 1:
        return _fill_in(problem.get)
    words = _SAID.get(problem.code)
    return words(problem.get) if words is not None else gettext("Deze waarde wordt niet aangenomen.")


# --- the import preview's list ------------------------------------------------------------

def _listed_identity(v: Callable[[str], Any]) -> str:
    """``directory.privacy``'s refusals, one per finding."""
    return "; ".join(str(lazy_gettext("lijkt op %(what)s ('%(value)s'): haal het weg, casusnotities "
                                      "bevatten geen cliëntgegevens")
                         % {"what": identity_words.what(what), "value": text})
                     for what, text in _findings(v))


def _text(text: Any, **names: str) -> Words:
    """Words with values: ``names`` maps the catalog's names to the problem's."""
    return lambda v: str(text % {name: v(key) for name, key in names.items()} if names else text)


_NOT_TYPE = lazy_gettext("heeft niet de juiste soort waarde")
_INTEGER = lazy_gettext("moet een geheel getal zijn")
_NUMBER = lazy_gettext("moet een getal zijn")
_BOOLEAN = lazy_gettext("moet ja of nee zijn")

#: The items of the import preview's list, per code.
_LISTED: dict[str, Words] = {
    "unknown_area_named": _text(lazy_gettext("geen expertisegebied heeft '%(value)s' als id of naam"),
                                value="id"),
    "unknown_organisation_named": _text(lazy_gettext("geen organisatie heeft '%(value)s' als id of "
                                                     "naam"), value="id"),
    "unknown_team_named": _text(lazy_gettext("geen team heeft '%(value)s' als id of naam"), value="id"),
    "ambiguous_area": _text(lazy_gettext("de naam '%(value)s' past bij meer dan één expertisegebied "
                                         "(%(other)s); schrijf de id"), value="value", other="other"),
    "ambiguous_organisation": _text(lazy_gettext("de naam '%(value)s' past bij meer dan één "
                                                 "organisatie (%(other)s); schrijf de id"),
                                    value="value", other="other"),
    "ambiguous_team": _text(lazy_gettext("de naam '%(value)s' past bij meer dan één team (%(other)s); "
                                         "schrijf de id"), value="value", other="other"),
    "unknown_area": _text(lazy_gettext("onbekend expertisegebied '%(value)s'"), value="id"),
    "unknown_organisation": _text(lazy_gettext("onbekende organisatie '%(value)s'"), value="id"),
    "unknown_team": _text(lazy_gettext("onbekend team '%(value)s'"), value="id"),
    "unknown_professional": _text(lazy_gettext("onbekende professional '%(value)s'"), value="id"),
    "unknown_case": _text(lazy_gettext("onbekende casus '%(value)s'"), value="id"),
    "identity": _listed_identity,
    "missing": _text(lazy_gettext("verplicht veld ontbreekt")),
    "unknown_key": _text(lazy_gettext("onbekend veld")),
    "not_email": _text(lazy_gettext("geen e-mailadres")),
    "not_phone": _text(lazy_gettext("geen telefoonnummer")),
    "control_character": _text(lazy_gettext("bevat een onzichtbaar stuurteken (%(value)s); haal het "
                                            "weg"), value="character"),
    "unsafe_id": _text(lazy_gettext("een nieuwe id bestaat alleen uit letters, cijfers, '-', '_' en "
                                    "'.', en begint niet met '.', '-', '=', '+' of '@'")),
    "id_characters": _text(lazy_gettext("een id mag geen stuurtekens bevatten en niet met een spatie "
                                        "beginnen of eindigen")),
    "duplicate_id": _text(lazy_gettext("id '%(value)s' komt twee keer voor (ook %(other)s)"),
                          value="id", other="other"),
    "listed_twice": _text(lazy_gettext("'%(value)s' staat er twee keer in"), value="value"),
    "knows_themselves": _text(lazy_gettext("een professional kan zichzelf niet kennen")),
    "no_participant": _text(lazy_gettext("een casus heeft minstens één deelnemer nodig")),
    "no_case_area": _text(lazy_gettext("een casus heeft minstens één expertisegebied nodig")),
    "closed_before_opened": _text(lazy_gettext("gesloten (%(closed)s) ligt voor geopend (%(opened)s)"),
                                  closed="closed", opened="opened"),
    "own_broader": _text(lazy_gettext("'%(value)s' zou zijn eigen bredere gebied worden"), value="id"),
    "not_a_date": _text(lazy_gettext("moet een datum zijn, geschreven als JJJJ-MM-DD")),
    "invalid_date": _text(lazy_gettext("geen bestaande datum")),
    # pydantic's own types (directory.exchange.document keeps them as codes)
    "int_type": _text(_INTEGER), "int_parsing": _text(_INTEGER), "int_from_float": _text(_INTEGER),
    "float_type": _text(_NUMBER), "float_parsing": _text(_NUMBER),
    "bool_type": _text(_BOOLEAN), "bool_parsing": _text(_BOOLEAN),
    **{code: _text(_NOT_TYPE) for code in ("string_type", "string_unicode", "list_type", "tuple_type",
                                           "dict_type", "model_attributes_type")},
    "greater_than_equal": lambda v: str(lazy_gettext("moet minstens %(value)s zijn")
                                        % {"value": _bound(v("ge"))}),
    "less_than_equal": lambda v: str(lazy_gettext("mag hoogstens %(value)s zijn")
                                     % {"value": _bound(v("le"))}),
    "string_too_long": lambda v: str(lazy_gettext("mag hoogstens %(value)s tekens hebben")
                                     % {"value": _bound(v("max_length"))}),
    "string_pattern_mismatch": _text(lazy_gettext("heeft niet de juiste vorm")),
    # what only CSV files can get wrong (directory.exchange.csv_files)
    "unknown_file": _text(lazy_gettext("onbekend bestand; noem het naar de soort (%(value)s)"),
                          value="names"),
    "second_file": _text(lazy_gettext("een tweede bestand voor %(value)s (ook %(other)s)"),
                         value="kind", other="other"),
    "not_utf8_csv": _text(lazy_gettext("geen UTF-8-tekst (sla het op als 'CSV UTF-8')")),
    "not_utf8": _text(lazy_gettext("geen UTF-8-tekst")),
    "empty_file": _text(lazy_gettext("leeg bestand; de eerste regel moet de kolommen noemen")),
    "too_many_values": _text(lazy_gettext("%(value)s waarden voor %(other)s kolommen"),
                             value="values", other="columns"),
    "unknown_column": _text(lazy_gettext("onbekende kolom (de kolommen zijn %(value)s)"),
                            value="columns"),
    "column_twice": _text(lazy_gettext("de kolom staat er twee keer in")),
    "column_missing": _text(lazy_gettext("de verplichte kolom '%(value)s' ontbreekt"), value="column"),
    "not_yes_no": _text(lazy_gettext("'%(value)s' is geen ja of nee"), value="value"),
    "not_area_level": _text(lazy_gettext("'%(value)s' is niet geschreven als gebied:niveau "
                                         "(bijv. dementie:3 of dementie:specialist)"), value="value"),
    "bad_level": _text(lazy_gettext("'%(value)s': het niveau moet 1, 2 of 3 zijn, of basis, gevorderd "
                                    "of specialist"), value="value"),
    "not_participant": _text(lazy_gettext("'%(value)s' is niet geschreven als professional:rol:uren "
                                          "(bijv. p-anna:specialist:2,5)"), value="value"),
    "separator_in_cell": _text(lazy_gettext("'%(value)s' bevat '%(other)s', waarmee een CSV-cel "
                                            "waarden scheidt"), value="value", other="separator"),
    "not_csv": _text(lazy_gettext("niet te lezen als CSV")),
    "no_csv_file": _text(lazy_gettext("geen bestand gekozen")),
    "no_file": _text(lazy_gettext("geen bestand gekozen")),
    "json_or_csv": _text(lazy_gettext("kies één JSON-document, of CSV-bestanden (één per soort); "
                                      "niet allebei")),
    "json_object": _text(lazy_gettext("moet een JSON-object zijn")),
    "same_name": _text(lazy_gettext("twee bestanden hebben deze naam")),
    "zip_too_large": _text(lazy_gettext("wordt uitgepakt groter dan 64 MiB")),
    "not_a_zip": _text(lazy_gettext("geen leesbaar zip-bestand")),
}


def listed(problem: Problem) -> str:
    """One problem as an item of the import preview's list (without its place)."""
    if problem.code == "string_too_short" and problem.get("min_length") == 1:
        return str(lazy_gettext("mag niet leeg zijn"))
    if problem.code == "literal_error" and str(problem.get("expected")).startswith("'"):
        return str(lazy_gettext("moet een van deze zijn: %(value)s")
                   % {"value": str(problem.get("expected")).replace("' or '", "', '")})
    words = _LISTED.get(problem.code)
    return words(problem.get) if words is not None else problem.text


def placed(problem: Problem) -> str:
    """Where an upload's problem is, in the page's language: a CSV file's row
    and column, the files as a whole, a JSON document's line; else as it is."""
    v = problem.get
    if v("csv_file") is not None and v("csv_row") is not None:
        if v("csv_column") is not None:
            return str(lazy_gettext("%(file)s rij %(row)s, kolom %(column)s")
                       % {"file": v("csv_file"), "row": v("csv_row"), "column": v("csv_column")})
        return str(lazy_gettext("%(file)s rij %(row)s") % {"file": v("csv_file"), "row": v("csv_row")})
    if v("csv_file") is not None and v("csv_column") is not None:
        return str(lazy_gettext("%(file)s, kolom %(column)s")
                   % {"file": v("csv_file"), "column": f"'{v('csv_column')}'"})
    if problem.field == "(files)":
        return str(lazy_gettext("(bestanden)"))
    if problem.code == "invalid_json":
        return str(lazy_gettext("geen geldige JSON: regel %(row)s, teken %(column)s")
                   % {"row": v("line"), "column": v("column")})
    return problem.field


#: Every code the pages have words for (checked against the directory's codes by the tests).
SAID_CODES = frozenset(_SAID)
LISTED_CODES = frozenset(_LISTED)
#: The codes no page words: what only a caller of the API or the command line can get
#: wrong, refusals a page says in its own words (a stale version: ``stale_message``),
#: and those a page has always shown with the general sentence.
UNWORDED = frozenset({
    "text", "given", "unknown_parameter", "whole_number", "required_id", "version_or_if_match",
    "not_json_body", "too_deep", "empty_query", "query_too_long", "page_size", "offset_negative",
    "offset_too_far", "choose_from", "must_be_id_list_of_professionals", "sender_required",
    "base_url_required", "user_needs_starttls", "records_held", "invalid_json", "level_words",
    "stale_version", "stale_revision", "stale_consultation", "version_missing", "already_exists",
    "removed_meanwhile", "id_stays", "is_you", "phrase_length", "remove_identity", "used_by",
    "used_by_more"})
