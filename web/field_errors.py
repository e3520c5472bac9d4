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

from flask_babel import gettext

#: English message patterns of ``directory`` (pydantic's included) -> the Dutch words.
_WORDS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
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
