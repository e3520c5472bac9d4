"""The client-identity guard (``directory.privacy``): case notes that hold
client identity must be refused, saying what to remove, and ordinary notes
must pass — 50 of each here, and the lists of ``tests/data/privacy_*.jsonl``
(names, addresses and every way of writing around the guard; professionals
of the pool, organisations, places, ages, amounts, appointments and care
terms); an import whose case notes hold identity is refused whole."""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from directory.errors import InvalidInput
from directory.exchange.document import import_document
from directory.pool.demo import demo_document
from directory.privacy import identity_in, redacted, refuse_identity
from directory.privacy.known import REGION, KnownNames, names_in_records

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
    # nine digits that fail the elfproef are some other number, not a BSN
    "zaaknummer 123456789 in het oude systeem",
    "klantnummer 987654321 bij de energieleverancier",
    "dossier 246.813.579 overgedragen aan de schuldhulp",
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


@pytest.mark.parametrize("digits, is_bsn", [
    ("111222333", True), ("123456782", True), ("232262536", True), ("987654305", True),
    ("123456789", False), ("111222334", False), ("273635221", False), ("555555555", False),
    ("000000000", False),
])
def test_only_nine_digits_that_pass_the_elfproef_are_refused_as_a_bsn(digits, is_bsn):
    """The elfproef is what keeps an ordinary nine-digit number out: the same
    note is refused with a valid BSN in it and passes with an invalid one."""
    found = identity_in(f"zaaknummer {digits} in het oude systeem", today=TODAY)
    assert [f.kind for f in found] == (["bsn"] if is_bsn else [])


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


# --- names, addresses and the ways people write around the guard (the lists of tests/data) ----------

DATA = Path(__file__).resolve().parents[1] / "data"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


REFUSED_LIST = _read("privacy_refused.jsonl")
ORDINARY_LIST = _read("privacy_ordinary.jsonl")


@pytest.fixture(scope="module")
def demo_names() -> KnownNames:
    """The names the demo pool knows (its professionals, organisations, teams) and the region's."""
    document = demo_document(TODAY)
    return REGION + KnownNames.of(names_in_records([*document.professionals, *document.organisations,
                                                   *document.teams]))


def test_the_lists_hold_every_kind_the_guard_must_refuse_and_enough_ordinary_notes():
    kinds = Counter(item["kind"] for item in REFUSED_LIST)
    assert len(REFUSED_LIST) >= 150 and kinds["name"] >= 50 and kinds["address"] >= 30
    assert set(kinds) == {"name", "address", "bsn", "phone", "email", "iban", "birth_date"}
    assert len(ORDINARY_LIST) >= 150
    assert {"professional", "organisation", "place", "age", "amount", "appointment",
            "care_term"} <= {item["kind"] for item in ORDINARY_LIST}


@pytest.mark.parametrize("item", REFUSED_LIST, ids=lambda item: item["text"][:40])
def test_each_refused_text_is_refused_as_its_kind(item, demo_names):
    found = identity_in(item["text"], known=demo_names, today=TODAY)
    assert item["kind"] in {f.kind for f in found}, (item, found)


@pytest.mark.parametrize("item", ORDINARY_LIST, ids=lambda item: item["text"][:40])
def test_each_ordinary_note_passes(item, demo_names):
    assert identity_in(item["text"], known=demo_names, today=TODAY) == []


@pytest.mark.parametrize(("kind", "text"), [
    ("bsn", "bsn 111\u200b222\u200b333"),  # zero-width spaces
    ("bsn", "bsn 111\u00a0222\u00a0333"),  # no-break spaces
    ("bsn", "bsn １１１２２２３３３"),  # full-width digits
    ("bsn", "bsn 111_222_333"),
    ("phone", "bel o6-12345678"),  # the letter o for the zero
    ("phone", "bel 06\u201112345678"),  # a no-break hyphen
    ("phone", "bel ０６－１２３４５６７８"),
    ("email", "jan＠gmail.com"),
    ("email", "jan (at) gmail (dot) com"),
    ("address", "5211ab12"),
    ("address", "5211 A B 12"),
    ("birth_date", "Geboortedatum mevrouw: 12-03-1956."),
    ("name", "DHR. RAHIMI WIL GEEN TOLK"),
])
def test_what_is_written_around_the_guard_is_still_found(kind, text):
    assert kind in {f.kind for f in identity_in(text, today=TODAY)}


def test_a_professional_of_the_pool_passes_by_full_name_only():
    pool = KnownNames.of(["Jasper Maas"])
    assert {f.kind for f in identity_in("overleg met Jasper Maas", today=TODAY)} == {"name"}
    assert identity_in("overleg met Jasper Maas", known=pool, today=TODAY) == []
    assert identity_in("overleg met jasper maas", known=pool, today=TODAY) == []
    # a title with his surname, or his first name after a kinship word, could be anyone
    assert [f.text for f in identity_in("mevrouw Maas belt", known=pool, today=TODAY)] == ["mevrouw Maas"]
    assert [f.text for f in identity_in("zoon Jasper spijbelt", known=pool, today=TODAY)] == ["Jasper"]
    # the pool's name does not hide a client's name beside it
    assert [f.text for f in identity_in("Jasper Maas sprak dochter Fatima", known=pool,
                                        today=TODAY)] == ["Fatima"]


def test_a_finding_quotes_the_text_as_typed_and_redaction_replaces_exactly_it():
    text = "Mevrouw Verschuren (06\u2011１２345678) woont aan de Kerkstraat 12"
    found = identity_in(text, today=TODAY)
    assert [(f.kind, f.text) for f in found] == [
        ("phone", "06\u2011１２345678"), ("address", "Kerkstraat 12"), ("name", "Mevrouw Verschuren")]
    assert redacted(text, found) == "[verwijderd] ([verwijderd]) woont aan de [verwijderd]"
    assert identity_in(redacted(text, found), today=TODAY) == []


def test_the_refusal_of_a_name_says_what_to_remove():
    with pytest.raises(ValueError, match=r"^looks like a name \('Mevrouw Verschuren'\): remove it"):
        refuse_identity("Mevrouw Verschuren vergeet haar afspraken")


def test_an_import_refuses_a_client_name_but_not_a_professional_it_brings(small_store):
    revision = small_store.revision()
    case = {"id": "c-new", "opened": "2026-10-01", "areas": ["dementie"],
            "participants": [{"professional": "p-anna", "role": "specialist", "hours": 2}]}
    named = {"format": "kernteamdb/1", "cases": [{**case, "notes": "Zoon Rayan (15) helpt mee"}]}
    with pytest.raises(InvalidInput) as refused:
        import_document(json.dumps(named), small_store)
    assert refused.value.details == ["cases[0].notes: looks like a name ('Rayan'): remove it, case notes "
                                     "hold no client identity"]
    assert small_store.revision() == revision
    colleague = {"format": "kernteamdb/1",
                 "professionals": [{"id": "p-gert", "name": "Gert van Leeuwen", "role": "ergotherapeut"}],
                 "cases": [{**case, "notes": "Samen met Gert van Leeuwen en Anna de Vries"}]}
    import_document(json.dumps(colleague), small_store)
    assert small_store.get("cases", "c-new").notes == "Samen met Gert van Leeuwen en Anna de Vries"


@pytest.mark.slow
def test_loading_the_guard_leaves_the_logging_of_the_process_alone():
    """deduce configures the root logger at import (DEBUG, to standard output); the server's
    output would then fill with every library's info lines (one per refused form in a flood)."""
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-c", "import logging; from directory import privacy; privacy.prepare(); "
         "logging.getLogger('flask_wtf.csrf').info('The CSRF token is missing.'); "
         "print(logging.getLogger().level, len(logging.getLogger().handlers))"],
        capture_output=True, text=True, check=True)
    assert shown.stdout.strip().splitlines() == [f"{logging.WARNING} 0"]
