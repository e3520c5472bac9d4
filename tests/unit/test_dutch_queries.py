"""Reading a need the way workers type it, against the shipped taxonomy."""

from __future__ import annotations

import pytest

import seed_data
from directory.dutch import typo_budget, word_key
from directory.exchange import parse_document
from directory.taxonomy import Vocabulary


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary(parse_document(seed_data.read("taxonomy.json")).expertise)


@pytest.mark.parametrize(("a", "b"), [
    ("geheugenproblemen", "geheugenprobleem"), ("schulden", "schuld"), ("afspraken", "afspraak"),
    ("toeslagen", "toeslag"), ("mantelzorgers", "mantelzorger"), ("vluchtelingen", "vluchteling"),
    ("scheidingen", "scheiding"), ("mogelijkheden", "mogelijkheid"), ("drugs", "drug"),
    ("ouderen", "oudere"), ("gokken", "gok"), ("vechtscheidingen", "vechtscheiding"),
])
def test_inflections_share_a_key(a, b):
    assert word_key(a) == word_key(b)


@pytest.mark.parametrize(("a", "b"), [("dementie", "demente"), ("post", "pest"), ("nah", "na")])
def test_different_words_keep_different_keys(a, b):
    assert word_key(a) != word_key(b)


def test_typo_budget_grows_with_length():
    assert [typo_budget(w) for w in ("nah", "lvb", "ggz", "drugs", "dementie", "hersenletsel")] == \
        [0, 0, 0, 1, 2, 2]


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
    ("schuldenproblematiek", ["schuldhulpverlening"]), ("alcoholverslaving", ["alcohol", "verslaving"]),
    ("drankprobleem", ["alcohol"]), ("drugsgebruik", ["drugs"]), ("gokschulden", ["schuldhulpverlening"]),
    ("ouderdomsdementie", ["dementie"]),
    # abbreviations and multi-word synonyms
    ("NAH", ["nah"]), ("LVB", ["lvb"]), ("ASS", ["autisme-volwassenen"]),
    ("licht verstandelijke beperking", ["lvb"]), ("vader na een beroerte", ["nah"]),
    # typos
    ("demntie", ["dementie"]), ("hersenletstel", ["nah"]), ("schizofrenei", ["epa"]),
    # lay phrases
    ("vergeet steeds de afspraken", ["dementie"]), ("rommel in huis", ["woningvervuiling"]),
    ("eenzame oudere", ["eenzaamheid", "kwetsbare-ouderen"]),
    ("zoon met autisme", ["autisme-volwassenen"]),
    # several needs, stop words
    ("dementie en schulden", ["dementie", "schuldhulpverlening"]),
    ("moeder heeft een licht verstandelijke beperking en veel schulden", ["lvb", "schuldhulpverlening"]),
])
def test_needs_are_understood(vocabulary, text, expected):
    assert areas(vocabulary, text) == expected


@pytest.mark.parametrize("text", ["het regent", "asdfgh", "nab", "lvv", "trau", "de en het"])
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
