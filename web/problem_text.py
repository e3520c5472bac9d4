"""Import problems in the page's language.

The directory reports every problem of an upload as ``place: message`` in
English (as the command line and the API print them). A coordinator reads
them on the import preview in Dutch (or English through the switch), so each
known message is matched here and said again through the translations; a
message not known here is shown as it is rather than hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask_babel import gettext, lazy_gettext

from web import identity_words

#: An organisation, team or area a CSV cell named, looked for by id and by name
#: (``directory.csv_names``).
_NAMED_NOUNS: dict[str, Any] = {
    "expertise area": lazy_gettext("geen expertisegebied heeft '%(value)s' als id of naam"),
    "organisation": lazy_gettext("geen organisatie heeft '%(value)s' als id of naam"),
    "team": lazy_gettext("geen team heeft '%(value)s' als id of naam"),
}
_AMBIGUOUS: dict[str, Any] = {
    "expertise area": lazy_gettext("de naam '%(value)s' past bij meer dan één expertisegebied "
                                   "(%(other)s); schrijf de id"),
    "organisation": lazy_gettext("de naam '%(value)s' past bij meer dan één organisatie "
                                 "(%(other)s); schrijf de id"),
    "team": lazy_gettext("de naam '%(value)s' past bij meer dan één team (%(other)s); schrijf de id"),
}
_NOUNS: dict[str, Any] = {
    "expertise area": lazy_gettext("onbekend expertisegebied '%(value)s'"),
    "organisation": lazy_gettext("onbekende organisatie '%(value)s'"),
    "team": lazy_gettext("onbekend team '%(value)s'"),
    "professional": lazy_gettext("onbekende professional '%(value)s'"),
    "case": lazy_gettext("onbekende casus '%(value)s'"),
}


def _identity(found: re.Match[str]) -> str:
    """``directory.privacy``'s refusals, one per finding."""
    parts = re.findall(r"looks like (.+?) \('(.*?)'\): remove it", found.string)
    return "; ".join(str(lazy_gettext("lijkt op %(what)s ('%(value)s'): haal het weg, casusnotities "
                                      "bevatten geen cliëntgegevens") % {"what": identity_words.what(what),
                                                                          "value": value})
                     for what, value in parts)


def _unknown(found: re.Match[str]) -> str:
    return str(_NOUNS[found["noun"]] % {"value": found["value"]})


def _unknown_named(found: re.Match[str]) -> str:
    return str(_NAMED_NOUNS[found["noun"]] % {"value": found["value"]})


def _ambiguous(found: re.Match[str]) -> str:
    return str(_AMBIGUOUS[found["noun"]] % {"value": found["value"], "other": found["other"]})


def _say(text: Any) -> Callable[[re.Match[str]], str]:
    return lambda found: str(text % found.groupdict() if found.groupdict() else text)


#: (pattern of the English message, how to say it). Checked in order; the first match wins.
Say = Callable[[re.Match[str]], str]
_MESSAGES: list[tuple[re.Pattern[str], Say]] = [(re.compile(p), say) for p, say in (
    (r"^unknown (?P<noun>expertise area|organisation|team) '(?P<value>.*)' \(no id or name\)$",
     _unknown_named),
    (r"^the name '(?P<value>.*)' fits more than one (?P<noun>expertise area|organisation|team) "
     r"\((?P<other>.*)\); write the id$", _ambiguous),
    (r"^unknown (?P<noun>expertise area|organisation|team|professional|case) '(?P<value>.*)'$",
     _unknown),
    (r"^looks like .+ \('.*'\): remove it", _identity),
    (r"^required field is missing$", _say(lazy_gettext("verplicht veld ontbreekt"))),
    (r"^unknown key$", _say(lazy_gettext("onbekend veld"))),
    (r"^not an e-mail address$", _say(lazy_gettext("geen e-mailadres"))),
    (r"^not a phone number$", _say(lazy_gettext("geen telefoonnummer"))),
    (r"^holds a control character \((?P<value>U\+[0-9A-F]{4})\)",
     _say(lazy_gettext("bevat een onzichtbaar stuurteken (%(value)s); haal het weg"))),
    (r"^a new id holds only letters", _say(lazy_gettext(
        "een nieuwe id bestaat alleen uit letters, cijfers, '-', '_' en '.', en begint niet met "
        "'.', '-', '=', '+' of '@'"))),
    (r"^an id may not hold", _say(lazy_gettext(
        "een id mag geen stuurtekens bevatten en niet met een spatie beginnen of eindigen"))),
    (r"^duplicate id '(?P<value>.*)' \(also (?P<other>.*)\)$",
     _say(lazy_gettext("id '%(value)s' komt twee keer voor (ook %(other)s)"))),
    (r"^'(?P<value>.*)' is listed twice$", _say(lazy_gettext("'%(value)s' staat er twee keer in"))),
    (r"^a professional cannot know themselves$",
     _say(lazy_gettext("een professional kan zichzelf niet kennen"))),
    (r"^a case needs at least one participant$",
     _say(lazy_gettext("een casus heeft minstens één deelnemer nodig"))),
    (r"^a case needs at least one expertise area$",
     _say(lazy_gettext("een casus heeft minstens één expertisegebied nodig"))),
    (r"^closed \((?P<closed>.*)\) is before opened \((?P<opened>.*)\)$",
     _say(lazy_gettext("gesloten (%(closed)s) ligt voor geopend (%(opened)s)"))),
    (r"^'(?P<value>.*)' would be its own broader area$",
     _say(lazy_gettext("'%(value)s' zou zijn eigen bredere gebied worden"))),
    (r"^must be a date written as YYYY-MM-DD$",
     _say(lazy_gettext("moet een datum zijn, geschreven als JJJJ-MM-DD"))),
    (r"^not a valid date", _say(lazy_gettext("geen bestaande datum"))),
    (r"^Input should be a valid integer", _say(lazy_gettext("moet een geheel getal zijn"))),
    (r"^Input should be a valid number", _say(lazy_gettext("moet een getal zijn"))),
    (r"^Input should be a valid boolean", _say(lazy_gettext("moet ja of nee zijn"))),
    (r"^Input should be a valid (string|list|tuple|dictionary|array)",
     _say(lazy_gettext("heeft niet de juiste soort waarde"))),
    (r"^Input should be greater than or equal to (?P<value>\S+)$",
     _say(lazy_gettext("moet minstens %(value)s zijn"))),
    (r"^Input should be less than or equal to (?P<value>\S+)$",
     _say(lazy_gettext("mag hoogstens %(value)s zijn"))),
    (r"^Input should be (?P<value>'.*)$", lambda found: str(
        lazy_gettext("moet een van deze zijn: %(value)s") % {"value": found["value"].replace(
            "' or '", "', '")})),
    (r"^String should have at least 1 character", _say(lazy_gettext("mag niet leeg zijn"))),
    (r"^String should have at most (?P<value>\d+) characters?$",
     _say(lazy_gettext("mag hoogstens %(value)s tekens hebben"))),
    (r"^String should match pattern", _say(lazy_gettext("heeft niet de juiste vorm"))),
    # what only CSV files can get wrong (directory/csv_exchange.py)
    (r"^unknown file; name it after its kind \((?P<value>.*)\)$",
     _say(lazy_gettext("onbekend bestand; noem het naar de soort (%(value)s)"))),
    (r"^a second file for (?P<value>\S+) \(also (?P<other>.*)\)$",
     _say(lazy_gettext("een tweede bestand voor %(value)s (ook %(other)s)"))),
    (r"^not UTF-8 text", _say(lazy_gettext("geen UTF-8-tekst (sla het op als 'CSV UTF-8')"))),
    (r"^not UTF-8$", _say(lazy_gettext("geen UTF-8-tekst"))),
    (r"^empty file", _say(lazy_gettext("leeg bestand; de eerste regel moet de kolommen noemen"))),
    (r"^(?P<value>\d+) values for (?P<other>\d+) columns$",
     _say(lazy_gettext("%(value)s waarden voor %(other)s kolommen"))),
    (r"^unknown column \(the columns are (?P<value>.*)\)$",
     _say(lazy_gettext("onbekende kolom (de kolommen zijn %(value)s)"))),
    (r"^the column appears twice$", _say(lazy_gettext("de kolom staat er twee keer in"))),
    (r"^the required column '(?P<value>.*)' is missing$",
     _say(lazy_gettext("de verplichte kolom '%(value)s' ontbreekt"))),
    (r"^'(?P<value>.*)' is not ja or nee$", _say(lazy_gettext("'%(value)s' is geen ja of nee"))),
    (r"^'(?P<value>.*)' is not written as area:level",
     _say(lazy_gettext("'%(value)s' is niet geschreven als gebied:niveau "
                       "(bijv. dementie:3 of dementie:specialist)"))),
    (r"^'(?P<value>.*)': the level must be 1, 2 or 3, or basis, gevorderd or specialist$",
     _say(lazy_gettext("'%(value)s': het niveau moet 1, 2 of 3 zijn, of basis, gevorderd of "
                       "specialist"))),
    (r"^'(?P<value>.*)' is not written as professional:role:hours",
     _say(lazy_gettext("'%(value)s' is niet geschreven als professional:rol:uren "
                       "(bijv. p-anna:specialist:2,5)"))),
    (r"^'(?P<value>.*)' holds '(?P<other>.)', which a CSV cell uses to separate$",
     _say(lazy_gettext("'%(value)s' bevat '%(other)s', waarmee een CSV-cel waarden scheidt"))),
    (r"^not readable as CSV", _say(lazy_gettext("niet te lezen als CSV"))),
    (r"^no (CSV )?file was given$", _say(lazy_gettext("geen bestand gekozen"))),
    (r"^one JSON document, or CSV files, one per kind$",
     _say(lazy_gettext("kies één JSON-document, of CSV-bestanden (één per soort); niet allebei"))),
    (r"^must be a JSON object$", _say(lazy_gettext("moet een JSON-object zijn"))),
    (r"^two files have this name$", _say(lazy_gettext("twee bestanden hebben deze naam"))),
    (r"^unpacks to more than 64 MiB$", _say(lazy_gettext("wordt uitgepakt groter dan 64 MiB"))),
    (r"^not a readable zip file$", _say(lazy_gettext("geen leesbaar zip-bestand"))),
)]

_PLACES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^(?P<file>.+?) row (?P<row>\d+), column (?P<column>\S+)$"),
     lazy_gettext("%(file)s rij %(row)s, kolom %(column)s")),
    (re.compile(r"^(?P<file>.+?) row (?P<row>\d+)$"), lazy_gettext("%(file)s rij %(row)s")),
    (re.compile(r"^(?P<file>.+?), column (?P<column>.+)$"),
     lazy_gettext("%(file)s, kolom %(column)s")),
    (re.compile(r"^\(files\)$"), lazy_gettext("(bestanden)")),
    (re.compile(r"^line (?P<row>\d+) column (?P<column>\d+)$"),
     lazy_gettext("geen geldige JSON: regel %(row)s, teken %(column)s")),
]


def problem(detail: str) -> tuple[str, str]:
    """One ``place: message`` problem as (place, message) in the page's language."""
    place, sep, message = detail.partition(": ")
    if not sep:
        place, message = "", detail
    return _place(place), _message(message)


def _place(place: str) -> str:
    for pattern, text in _PLACES:
        found = pattern.match(place)
        if found:
            return str(text % found.groupdict()) if found.groupdict() else str(text)
    return place


def _message(message: str) -> str:
    for pattern, say in _MESSAGES:
        found = pattern.match(message)
        if found:
            return say(found)
    return message


def problems(details: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """Every problem, translated, in the order the directory gave them."""
    return [problem(d) for d in details]


def conflict_text() -> str:
    return gettext("De pool is gewijzigd sinds dit voorbeeld; er is niets doorgevoerd. "
                   "Bekijk het nieuwe voorbeeld hieronder en voer het opnieuw door.")
