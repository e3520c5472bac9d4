"""Reading a need the way workers type it, against the shipped taxonomy."""

from __future__ import annotations

import pytest

import seed_data
from directory.exchange.document import parse_document
from directory.search.language.words import keys_of
from directory.search.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary(parse_document(seed_data.read("taxonomy.json")).expertise)


@pytest.mark.parametrize(("a", "b"), [
    ("geheugenproblemen", "geheugenprobleem"), ("schulden", "schuld"), ("afspraken", "afspraak"),
    ("toeslagen", "toeslag"), ("mantelzorgers", "mantelzorger"), ("vluchtelingen", "vluchteling"),
    ("scheidingen", "scheiding"), ("mogelijkheden", "mogelijkheid"), ("ouderen", "oudere"),
    ("gokken", "gok"), ("vechtscheidingen", "vechtscheiding"), ("blowt", "blowen"),
    ("spijbelt", "spijbelen"), ("geslagen", "slaan"), ("ouders", "ouder"), ("valt", "vallen"),
    ("gedronken", "drinkt"), ("verwaarloosd", "verwaarlozen"),
])
def test_inflections_share_a_key(a, b):
    assert keys_of(a) & keys_of(b)


@pytest.mark.parametrize(("a", "b"), [("dementie", "demente"), ("post", "pest"), ("nah", "na"),
                                      ("ouders", "ouderen"), ("ouder", "oudere"), ("jongere", "jong")])
def test_different_words_keep_different_keys(a, b):
    assert not keys_of(a) & keys_of(b)


def areas(vocabulary, text):
    return [m.area for m in vocabulary.match(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # case, diacritics, punctuation
    ("COCAINE", ["drugs"]), ("cocaïne", ["drugs"]), ("Niet-aangeboren hersenletsel!", ["nah"]),
    ("benzo's", ["medicijnverslaving"]), ("burnout", ["depressie-angst"]),
    # inflections
    ("geheugenprobleem", ["dementie"]), ("overbelaste mantelzorgers", ["mantelzorgondersteuning"]),
    ("vechtscheidingen", ["complexe-scheiding"]), ("thuiszitters", ["schoolverzuim"]),
    # compounds
    ("schuldenproblematiek", ["schuldhulpverlening"]), ("alcoholverslaving", ["alcohol"]),
    ("drankprobleem", ["alcohol"]), ("drugsgebruik", ["drugs"]),
    ("gokschulden", ["gokken-gamen", "schuldhulpverlening"]),
    ("ouderdomsdementie", ["dementie"]),
    # abbreviations and multi-word synonyms
    ("NAH", ["nah"]), ("LVB", ["lvb"]), ("ASS", ["autisme-volwassenen"]),
    ("licht verstandelijke beperking", ["lvb"]), ("vader na een beroerte", ["nah"]),
    # typos
    ("demntie", ["dementie"]), ("hersenletstel", ["nah"]), ("schizofrenei", ["epa"]),
    # lay phrases
    ("vergeet steeds de afspraken", ["dementie"]), ("rommel in huis", ["woningvervuiling"]),
    ("eenzame oudere", ["eenzaamheid"]),
    # the stage of life decides between a youth, adult and elderly area
    ("zoon met autisme", ["jeugd-ggz"]), ("jongen van 10 met autisme", ["jeugd-ggz"]),
    ("man van 30 heeft autisme", ["autisme-volwassenen"]), ("vrouw van 58 met dementie", ["jongdementie"]),
    ("oma van 84 met dementie", ["dementie"]),
    # several needs, stop words
    ("dementie en schulden", ["dementie", "schuldhulpverlening"]),
    ("moeder heeft een licht verstandelijke beperking en veel schulden", ["lvb", "schuldhulpverlening"]),
])
def test_needs_are_understood(vocabulary, text, expected):
    assert areas(vocabulary, text) == expected


@pytest.mark.parametrize("text", ["het regent", "asdfgh", "nab", "lvv", "trau", "de en het",
                                  "huis", "geld", "kind", "diagnose", "ouders", "moeder en kind"])
def test_short_or_unknown_words_match_nothing(vocabulary, text):
    assert areas(vocabulary, text) == []


def test_compound_parts_next_to_unknown_words_are_not_guessed(vocabulary):
    assert areas(vocabulary, "postbode") == []  # not thuisadministratie ('post')


def test_matches_say_how_they_were_found(vocabulary):
    via = {m.area: m.via for m in vocabulary.match("demntie en schuldenproblematiek")}
    assert via["dementie"] == "typo 'demntie', exact"
    assert via["schuldhulpverlening"] == "part of 'schuldenproblematiek', synonym 'schulden'"


def test_suggestions_when_nothing_matches(vocabulary):
    assert "Dementie" in vocabulary.suggest("dementi")
    assert vocabulary.suggest("het regent") == []
