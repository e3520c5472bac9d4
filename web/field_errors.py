"""The services' problems, in Dutch, at the field of the form they are about.

The services in ``directory`` validate every record the way an import does
and say what is wrong as one line per problem, named by the field and in
English (``email: not an e-mail address``,
``expertise[0].area: unknown expertise area 'x'``): the contract of the API
and the command line. A form shows each problem beside its field, in the
page's language: ``place_of`` finds the field, ``in_words`` the message.
A line this module does not know still reaches the user, as a general
message on the field (never as an unexplained failure).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask_babel import gettext

from web import identity_words
from web.consult_words import ASKS, STATES, word
from web.i18n import day, number


def _day(iso: str) -> str:
    """A day the service wrote as YYYY-MM-DD, written out in the page's language."""
    try:
        return day(date.fromisoformat(iso))
    except ValueError:
        return iso


def _identity(m: re.Match[str]) -> str:
    """The privacy guard's refusal (``directory.privacy``): what it found, and to remove it."""
    return gettext("Dit lijkt op %(what)s ('%(text)s'): haal het weg. Over een casus schrijven we "
                   "niets waaraan de cliënt te herkennen is.", what=identity_words.what(m.group(1)),
                   text=m.group(2)) + identity_words.hint(m.group(1))


#: The consultation service's words (``directory.consult``): problems, refusals and warnings.
_CONSULT: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    (r"^looks like (.+?) \('(.*)'\): remove it", _identity),
    (r"^name at least one expertise area", lambda m: gettext("Kies minstens één expertisegebied.")),
    (r"^must be one of ", lambda m: gettext("Kies een van de mogelijkheden uit de lijst.")),
    (r"^must be true or false", lambda m: gettext("Kies ja of nee.")),
    (r"^must be text$", lambda m: gettext("Vul hier tekst in.")),
    (r"^unknown field$", lambda m: gettext("Dit veld kent de gids niet.")),
    (r"^the client's consent is needed", lambda m: gettext(
        "Voor een consultatie op naam en voor opschalen is toestemming van de cliënt nodig.")),
    (r"^only a coordinator files a request for someone else",
     lambda m: gettext("Alleen een coördinator vraagt een consultatie aan voor iemand anders.")),
    (r"^your account is not linked to a professional", lambda m: gettext(
        "Je account is niet gekoppeld aan een professional van een wijkteam; vul de regisseur in.")),
    (r"^(\S+) is not a member of a wijkteam; the regie always lies", lambda m: gettext(
        "%(who)s hoort niet bij een wijkteam; de regie ligt altijd bij iemand van het wijkteam.",
        who=m.group(1))),
    (r"^(\S+) is not a member of wijkteam '(.*)'", lambda m: gettext(
        "%(who)s hoort niet bij wijkteam '%(team)s'.", who=m.group(1), team=m.group(2))),
    (r"^team '(.*)' is not an expertiseteam, network or triage team", lambda m: gettext(
        "Team '%(team)s' is geen expertiseteam, netwerk of triageteam.", team=m.group(1))),
    (r"^in the expertiseteam the chair assigns", lambda m: gettext(
        "Bij een expertiseteam wijst de voorzitter in het overleg de specialist aan; laat dit leeg.")),
    (r"^in the triage the triagist routes", lambda m: gettext(
        "Bij triage zoekt de triagist de specialist; laat dit leeg.")),
    (r"^team '(.*)' has no meeting schedule", lambda m: gettext(
        "Team '%(team)s' heeft nog geen vergaderschema; vraag de coördinator het in te stellen.",
        team=m.group(1))),
    (r"^(\S+) has no hours left; give the reason", lambda m: gettext(
        "%(who)s heeft geen uren meer over dit halfjaar; geef de reden voor de uitzondering.",
        who=m.group(1))),
    (r"^(\S+) has no hours left this half-year \((\S+) of (\S+) used\)", lambda m: gettext(
        "%(who)s heeft geen uren meer over dit halfjaar (%(used)s van %(budget)s uur gebruikt). "
        "Alleen een coördinator kan een uitzondering maken, met een reden.",
        who=m.group(1), used=number(float(m.group(2))), budget=number(float(m.group(3))))),
    (r"^(\S+) has used (\S+) of (\S+) hours this half-year \((\d+)%\)", lambda m: gettext(
        "Let op: %(who)s heeft %(used)s van %(budget)s uur van dit halfjaar gebruikt (%(share)s%%).",
        who=m.group(1), used=number(float(m.group(2))), budget=number(float(m.group(3))),
        share=m.group(4))),
    (r"^choose at least one$", lambda m: gettext("Kies minstens één specialist.")),
    (r"^choose at least two$", lambda m: gettext("Kies minstens twee specialisten.")),
    (r"^must be a number of hours", lambda m: gettext("Vul het aantal uren in als getal, bijvoorbeeld 1,5.")),
    (r"^must be more than 0", lambda m: gettext("Boek meer dan 0 uur.")),
    (r"^at most 24 in one booking", lambda m: gettext("Hoogstens 24 uur in één boeking.")),
    (r"^must lie between the day of the request and today", lambda m: gettext(
        "Kies een dag vanaf de dag van de aanvraag tot en met vandaag.")),
    (r"^must be the id of a professional", lambda m: gettext("Vul de id van een professional in.")),
    (r"^must be a list of ids", lambda m: gettext("Kies uit de lijst.")),
    (r"^must be an id", lambda m: gettext("Vul een id in.")),
    (r"^team '(.*)' is not an? (\S+) team", lambda m: gettext(
        "Team '%(team)s' is geen %(kind)s-team.", team=m.group(1), kind=m.group(2))),
    (r"^the meeting cannot lie in the past",
     lambda m: gettext("Het overleg kan niet in het verleden liggen.")),
    (r"^give a meeting day or a plan", lambda m: gettext("Vul de dag van het overleg of het plan in.")),
    (r"^the meeting is later than 5 working days \(due (\S+)\)", lambda m: gettext(
        "Let op: het overleg is later dan 5 werkdagen na het opschalen (uiterlijk %(due)s).",
        due=_day(m.group(1)))),
    (r"^'(.*)' is not an expertiseteam", lambda m: gettext(
        "'%(team)s' is geen expertiseteam.", team=m.group(1))),
    (r"^a whole number of weeks from 1 to 8", lambda m: gettext("Kies 1 tot 8 weken.")),
    (r"^'(.*)' is not a member of this team", lambda m: gettext(
        "'%(who)s' hoort niet bij dit team.", who=m.group(1))),
    # refusals of a step (Conflict): they belong to no field
    (r"^this consultation is (\S+): nothing can change", lambda m: gettext(
        "Deze consultatie is %(state)s: er kan niets meer aan veranderen.", state=word(STATES, m.group(1)))),
    (r"^the regisseur cannot be asked as specialist", lambda m: gettext(
        "De regisseur kan niet als specialist in de eigen consultatie worden gevraagd.")),
    (r"^(\S+) is already asked", lambda m: gettext("%(who)s is al gevraagd.", who=m.group(1))),
    (r"^(\S+) is already taking part", lambda m: gettext("%(who)s doet al mee.", who=m.group(1))),
    (r"^in an expertiseteam the chair assigns", lambda m: gettext(
        "Bij een expertiseteam wijst de voorzitter de specialisten aan in het overleg.")),
    (r"^only a triagist brings several specialists together", lambda m: gettext(
        "Alleen een triagist brengt meerdere specialisten samen.")),
    (r"^only an expertiseteam's chair assigns", lambda m: gettext(
        "Alleen de voorzitter van een expertiseteam wijst specialisten aan.")),
    (r"^only a request on an expertiseteam's agenda can move", lambda m: gettext(
        "Alleen een vraag op de agenda van een expertiseteam kan naar het volgende overleg.")),
    (r"^clarifying questions belong to triage", lambda m: gettext(
        "Verhelderende vragen horen bij triage.")),
    (r"^(\S+) declined this request: no hours", lambda m: gettext(
        "%(who)s heeft deze vraag afgewezen: daarop kunnen geen uren worden geboekt.", who=m.group(1))),
    (r"^(\S+) does not take part in this consultation", lambda m: gettext(
        "%(who)s doet niet mee aan deze consultatie: er kunnen geen uren worden geboekt.",
        who=m.group(1))),
    (r"^this consultation is already opgeschaald", lambda m: gettext("Deze consultatie is al opgeschaald.")),
    (r"^opschalen needs the client's consent", lambda m: gettext(
        "Voor opschalen is toestemming van de cliënt nodig; leg die eerst vast.")),
    (r"^consent is already recorded", lambda m: gettext("De toestemming is al vastgelegd.")),
    (r"^this consultation is not opgeschaald", lambda m: gettext("Deze consultatie is niet opgeschaald.")),
    (r"^(\S+) is not a member of a wijkteam: the regie stays", lambda m: gettext(
        "%(who)s hoort niet bij een wijkteam. De regie blijft bij het wijkteam: een specialist kan "
        "nooit regisseur worden.", who=m.group(1))),
    (r"^(\S+) already has the regie", lambda m: gettext("%(who)s heeft de regie al.", who=m.group(1))),
    (r"^this request was already (\S+)", lambda m: gettext(
        "Op deze vraag is al geantwoord (%(status)s).", status=word(ASKS, m.group(1)))),
)

#: English message patterns of ``directory`` (pydantic's included) -> the Dutch words.
_WORDS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    *((re.compile(pattern), words) for pattern, words in _CONSULT),
    (re.compile(r"not an e-mail address"), lambda m: gettext("Dit is geen geldig e-mailadres.")),
    (re.compile(r"not a phone number"),
     lambda m: gettext("Dit is geen geldig telefoonnummer (alleen cijfers, spaties, haakjes en "
                       "streepjes, eventueel met + ervoor).")),
    (re.compile(r"required|at least 1 character|should match pattern|non-empty text"),
     lambda m: gettext("Vul dit in.")),
    (re.compile(r"at most (\d+) characters?"),
     lambda m: gettext("Maximaal %(n)s tekens.", n=m.group(1))),
    (re.compile(r"less than or equal to (\S+)"),
     lambda m: gettext("Maximaal %(n)s.", n=m.group(1))),
    (re.compile(r"greater than or equal to (\S+)"),
     lambda m: gettext("Minimaal %(n)s.", n=m.group(1))),
    (re.compile(r"unknown expertise area '(.*)'"),
     lambda m: gettext("Onbekend expertisegebied '%(id)s'.", id=m.group(1))),
    (re.compile(r"unknown organisation '(.*)'"),
     lambda m: gettext("Onbekende organisatie '%(id)s'.", id=m.group(1))),
    (re.compile(r"unknown team '(.*)'"), lambda m: gettext("Onbekend team '%(id)s'.", id=m.group(1))),
    (re.compile(r"unknown professional '(.*)'"),
     lambda m: gettext("Onbekende professional '%(id)s'.", id=m.group(1))),
    (re.compile(r"'(.*)' is listed twice"),
     lambda m: gettext("'%(value)s' staat er twee keer in.", value=m.group(1))),
    (re.compile(r"only a coordinator may change this"),
     lambda m: gettext("Alleen de coördinator kan dit wijzigen.")),
    (re.compile(r"cannot know themselves"), lambda m: gettext("Iemand kan zichzelf niet kennen.")),
    (re.compile(r"is taken"), lambda m: gettext("Deze id is al in gebruik.")),
    # the taxonomy and the merges (directory/areas.py, directory/merge.py)
    (re.compile(r"is already the label or a synonym"),
     lambda m: gettext("Dit woord noemt dit gebied al (als naam of als zoekwoord).")),
    (re.compile(r"is not among"), lambda m: gettext("Dit is geen zoekwoord van dit gebied.")),
    (re.compile(r"would be its own broader area"),
     lambda m: gettext("Een gebied kan niet onder zichzelf of onder een van zijn eigen deelgebieden komen.")),
    (re.compile(r"is the (?:professional|expertise area) kept"),
     lambda m: gettext("Kies twee verschillende: iets kan niet met zichzelf worden samengevoegd.")),
    (re.compile(r"is a broader area of"),
     lambda m: gettext("Het gebied dat blijft ligt hier ver onder; verplaats dat eerst hoger.")),
    (re.compile(r"holds a control character \((U\+[0-9A-F]{4})\)"),
     lambda m: gettext("Hier staat een onzichtbaar stuurteken in (%(code)s); haal het weg.",
                       code=m.group(1))),
    (re.compile(r"a new id holds only letters"),
     lambda m: gettext("Een nieuwe id bestaat alleen uit letters, cijfers, '-', '_' en '.', en begint "
                       "niet met '.', '-', '=', '+' of '@'.")),
    (re.compile(r"control characters|start or end with spaces"),
     lambda m: gettext("Een id heeft geen spaties aan het begin of eind en geen stuurtekens.")),
    (re.compile(r"listed twice"), lambda m: gettext("Hetzelfde woord staat er twee keer in.")),
    # the period of the evaluation (directory/evaluation_period.py)
    (re.compile(r"must be a date written as YYYY-MM-DD"),
     lambda m: gettext("Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-07-01.")),
    (re.compile(r"lies before the start of the period"),
     lambda m: gettext("Deze datum ligt vóór het begin van de periode.")),
    (re.compile(r"the period is longer than (\d+) years"),
     lambda m: gettext("Kies een periode van hoogstens %(n)s jaar.", n=m.group(1))),
)


def in_words(message: str) -> str:
    """One problem in the page's language."""
    for pattern, words in _WORDS:
        found = pattern.search(message)
        if found:
            return words(found)
    return gettext("Deze waarde wordt niet aangenomen.")


def place_of(detail: str) -> tuple[str, int | None, str]:
    """``expertise[2].area: unknown ...`` -> ``("expertise", 2, "unknown ...")``:
    the field, the position in a list field (None: the field itself), the message."""
    place, _, message = detail.partition(": ")
    found = re.match(r"^([a-z_]+)(?:\[(\d+)\])?", place)
    if not found:
        return "", None, message
    index = found.group(2)
    return found.group(1), int(index) if index is not None else None, message
