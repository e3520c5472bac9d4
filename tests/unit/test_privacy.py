"""The client-identity guard (``directory.privacy``): 50 case notes that hold
client identity and must be refused, saying what to remove, and 50 ordinary
notes that must pass; and an import whose case notes hold a BSN is refused
whole."""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory.errors import InvalidInput
from directory.exchange import import_document
from directory.privacy import identity_in, refuse_identity

TODAY = date(2026, 11, 16)

REFUSED = [
    # BSN: nine digits passing the elfproef, bare or grouped
    ("bsn", "BSN 123456708 bekend bij de gemeente"),
    ("bsn", "bsn: 123.456.721"),
    ("bsn", "burgerservicenummer 123 456 733"),
    ("bsn", "klant 111222308 heeft schulden"),
    ("bsn", "zie dossier 111-222-321"),
    ("bsn", "987654305"),
    ("bsn", "nummer 987654317 nagevraagd"),
    ("bsn", "sofinummer 111222333 doorgegeven"),
    # phone numbers, Dutch formats
    ("phone", "bel moeder op 06-12345678"),
    ("phone", "tel 0612345678"),
    ("phone", "mobiel 06 12 34 56 78"),
    ("phone", "bereikbaar via +31 6 12345678"),
    ("phone", "+31612345678 na 17 uur"),
    ("phone", "0031 6 1234 5678"),
    ("phone", "vaste lijn 073-6123456"),
    ("phone", "huisarts (073) 612 34 56"),
    ("phone", "020 123 4567 is het nummer van de buurvrouw"),
    ("phone", "+31 (0)20 1234567"),
    ("phone", "bel 010-1234567 voor de dochter"),
    # e-mail addresses
    ("email", "mail naar j.jansen@example.nl"),
    ("email", "contact: fam.devries@gmail.com"),
    ("email", "dochter (anna+zorg@hotmail.nl) regelt post"),
    ("email", "meneer.x@ziggo.nl gaf toestemming"),
    ("email", "e-mail:piet_de_boer@kpnmail.nl"),
    # IBAN
    ("iban", "huur wordt betaald van NL91ABNA0417164300"),
    ("iban", "rekening NL91 ABNA 0417 1643 00"),
    ("iban", "schuld overmaken naar nl91abna0417164300"),
    ("iban", "Duitse rekening DE89370400440532013000"),
    ("iban", "Belgisch rekeningnummer BE68539007547034"),
    ("iban", "GB82WEST12345698765432 van de zoon"),
    # postcode with house number
    ("address", "woont op 5211 AB 12"),
    ("address", "adres 5211AB 12a"),
    ("address", "postcode 5211 AB, huisnummer 14"),
    ("address", "5223 XK nr. 3"),
    ("address", "op 12, 5211 AB Den Bosch"),
    ("address", "verhuisd naar 1012 JS 1-B"),
    ("address", "7 5211 AB"),
    # dates that look like a date of birth
    ("birth_date", "geboren 12-03-1948"),
    ("birth_date", "geb. 3-7-1956"),
    ("birth_date", "geboortedatum: 1961-05-23"),
    ("birth_date", "cliënt van 12/03/1948 met dementie"),
    ("birth_date", "12 maart 1948"),
    ("birth_date", "moeder, 4 jan 1939"),
    ("birth_date", "zoon (17.08.2001) zit op de bank"),
    ("birth_date", "sinds 01-01-55 weduwe"),
    ("birth_date", "geboren op 1 december 1944"),
    ("birth_date", "dob 1950-11-30"),
    ("birth_date", "geboortejaar 1937"),
    ("birth_date", "vader 02-02-1930 overleden"),
    ("birth_date", "dochter 30 september 2008"),
]

PASSING = [
    "40 uur",
    "2 keer per week",
    "groep 8",
    "80 jaar",
    "meneer van 67",
    "mevrouw van 84 met beginnende dementie",
    "schuld van 12.500 euro bij drie schuldeisers",
    "€ 1.250,00 achterstand huur",
    "huisbezoek op 12-11-2026 met de casemanager",
    "vervolggesprek 2026-12-01",
    "gesprek gepland op 3 december 2026",
    "sinds maart 2024 bekend bij het wijkteam",
    "3 kinderen, waarvan 1 met ASS",
    "zoon van 17 zit op het vmbo, klas 3",
    "1 uur per week begeleiding",
    "score 42 op de zelfredzaamheidsmatrix",
    "CIZ-indicatie aangevraagd in 2025",
    "Wmo-aanvraag loopt, 6 weken termijn",
    "afspraak om 14.30 uur",
    "tussen 9:00 en 17:00 bereikbaar via de wijkcoach",
    "groepstraining van 8 bijeenkomsten",
    "overleg met huisarts en POH-GGZ",
    "2 x per maand naar het Alzheimer Café",
    "huur 850 euro per maand",
    "inkomen rond het sociaal minimum (100%)",
    "dagbesteding 3 dagdelen",
    "woning 2-hoog zonder lift",
    "buurtteam Zuidoost, casus 2026-114",
    "Kernteam overleg week 47",
    "cliënt rookt 20 sigaretten per dag",
    "valt 2 tot 3 keer per maand",
    "alcoholgebruik: 6 eenheden per dag",
    "nachtzorg 7 nachten per week nodig",
    "mantelzorger belast, 60 uur per week",
    "pgb 4.000 per jaar",
    "opgeschaald naar het expertiseteam op 10-11-2026",
    "terugval na 6 maanden",
    "NAH na een beroerte in 2019",
    "IQ rond 70, LVB vermoed",
    "casus 12345 in het oude systeem",
    "versie 1.2.3 van het plan",
    "tijdlijn: 2024 Q3 tot 2025 Q1",
    "kamer 12b van het verpleeghuis",
    "bus 5 naar het ziekenhuis",
    "budget 40 uur per halfjaar",
    "telefonisch contact gehad met de huisarts",
    "mail gestuurd naar de schuldhulp",
    "postcodegebied Zuidoost",
    "wijk 52 in het CBS-overzicht",
    "afspraken 1, 2 en 3 nagekomen",
]


def test_there_are_fifty_of_each():
    assert len(REFUSED) >= 50 and len(PASSING) >= 50


@pytest.mark.parametrize("kind, text", REFUSED)
def test_client_identity_is_found(kind, text):
    found = identity_in(text, today=TODAY)
    assert kind in {f.kind for f in found}, (text, found)


@pytest.mark.parametrize("text", PASSING)
def test_ordinary_notes_pass(text):
    assert identity_in(text, today=TODAY) == []


def test_the_refusal_says_what_to_remove():
    with pytest.raises(ValueError, match=r"looks like a phone number \('06-12345678'\): remove it"):
        refuse_identity("bel 06-12345678")
    assert refuse_identity("2 keer per week") == "2 keer per week"


def test_an_import_with_a_bsn_in_a_case_note_changes_nothing(small_store):
    revision = small_store.revision()
    document = {"format": "kernteamdb/1", "cases": [
        {"id": "c-new", "opened": "2026-10-01", "areas": ["dementie"],
         "participants": [{"professional": "p-anna", "role": "specialist", "hours": 2}],
         "notes": "BSN 123456708 van mevrouw"}]}
    with pytest.raises(InvalidInput) as refused:
        import_document(json.dumps(document), small_store)
    details = refused.value.details
    assert any(d.startswith("cases[0].notes: looks like a BSN ('123456708')") for d in details), details
    assert small_store.revision() == revision and small_store.get("cases", "c-new") is None
