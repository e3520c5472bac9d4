"""From a worker's words to expertise areas (the first, simple vocabulary)."""

from __future__ import annotations

import pytest

from directory.pool.model import ExpertiseArea
from directory.search.vocabulary import Vocabulary, normalise

AREAS = [
    ExpertiseArea("dementie", "Dementie", "Dementia", synonyms=("Alzheimer", "geheugenproblemen")),
    ExpertiseArea("nah", "NAH", "Acquired brain injury",
                  synonyms=("niet-aangeboren hersenletsel", "na een beroerte", "CVA")),
    ExpertiseArea("drugs", "Drugs", synonyms=("cocaïne", "GHB")),
    ExpertiseArea("lvb", "LVB", synonyms=("licht verstandelijke beperking",)),
    ExpertiseArea("schuldhulpverlening", "Schuldhulpverlening", synonyms=("schulden",)),
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Cocaïne", "cocaine"),
    ("  Niet-aangeboren   HERSENLETSEL! ", "niet aangeboren hersenletsel"),
    ("benzo's", "benzo s"),
    ("18-/18+", "18 18+"),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(("text", "areas", "via"), [
    ("dementie", ["dementie"], "exact"),
    ("DEMENTIA", ["dementie"], "exact"),
    ("cocaine", ["drugs"], "synonym 'cocaïne'"),
    ("moeder heeft een licht verstandelijke beperking", ["lvb"],
     "synonym 'licht verstandelijke beperking'"),
    ("vader na een beroerte", ["nah"], "synonym 'na een beroerte'"),
    ("Niet aangeboren hersenletsel", ["nah"], "synonym 'niet-aangeboren hersenletsel'"),
])
def test_labels_ids_and_synonyms_are_found(text, areas, via):
    found = Vocabulary(AREAS).match(text)
    assert [m.area for m in found] == areas
    assert found[0].via == via


def test_several_needs_in_one_line_in_order():
    found = Vocabulary(AREAS).match("geheugenproblemen en schulden, mogelijk ook GHB")
    assert [m.area for m in found] == ["dementie", "schuldhulpverlening", "drugs"]


def test_nothing_known_matches_nothing():
    assert Vocabulary(AREAS).match("het regent vandaag") == []
    assert Vocabulary(AREAS).match("") == []


def test_a_word_inside_another_word_is_not_a_match():
    assert Vocabulary(AREAS).match("nahuis lvbx") == []
