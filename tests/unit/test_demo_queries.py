"""Labelled Dutch queries on the demo network: the people a wijkwerker should
be offered, the way they would type the need."""

from __future__ import annotations

import pytest

from directory.search.queries import SearchQuery, check_query
from directory.search.vocabulary import Vocabulary
from graph.search import rank_experts
from tests.conftest import DEMO_TODAY

DEMENTIE = {"casemanager dementie", "specialist ouderengeneeskunde", "ketenregisseur dementie"}
SCHULDEN = {"schuldhulpverlener"}
NAH = {"NAH-consulent", "medisch maatschappelijk werker"}
LVB = {"MEE-consulent", "gedragswetenschapper"}
VERSLAVING = {"verslavingsconsulent", "ervaringsdeskundige"}
HG = {"aandachtsfunctionaris huiselijk geweld"}
GGZ = {"POH-GGZ", "GZ-psycholoog", "huisarts"}
JEUGD = {"jeugdconsulent", "jeugdarts", "jeugdbeschermer", "gedragswetenschapper"}

LABELLED = [
    # synonyms and abbreviations
    ("geheugenproblemen", DEMENTIE, 3), ("Alzheimer", DEMENTIE, 3), ("NAH", NAH, 2),
    ("LVB", LVB, 3), ("betalingsachterstand", SCHULDEN, 3), ("SHV", SCHULDEN, 3),
    ("ondertoezichtstelling", {"jeugdbeschermer"}, 2), ("PTSS", {"GZ-psycholoog", "POH-GGZ"}, 2),
    # typos
    ("demntie", DEMENTIE, 3), ("hersenletstel", NAH, 2), ("schizofrenei", {"SPV (FACT)"}, 2),
    ("schuldhulpverlning", SCHULDEN, 3),
    # compounds and inflections
    ("schuldenproblematiek", SCHULDEN, 3), ("alcoholverslaving", VERSLAVING, 2),
    ("drankprobleem", VERSLAVING, 2), ("geheugenprobleem", DEMENTIE, 3),
    ("overbelaste mantelzorgers", {"mantelzorgconsulent", "casemanager dementie"}, 2),
    ("vechtscheidingen", JEUGD | {"maatschappelijk werker"}, 2),
    # multi-word synonyms and lay phrases
    ("licht verstandelijke beperking", LVB, 3), ("vader na een beroerte", NAH, 2),
    ("niet-aangeboren hersenletsel", NAH, 2), ("vergeet steeds de afspraken", DEMENTIE, 3),
    ("dementerende moeder", DEMENTIE, 3), ("deurwaarder aan de deur", SCHULDEN, 3),
    ("rommel in huis", {"bemoeizorgwerker", "woonconsulent"}, 2),
    ("zoon is psychotisch", {"SPV (FACT)"}, 2), ("moeder is erg somber", GGZ, 2),
    ("burnout", GGZ, 2), ("zwakbegaafde moeder", LVB, 3),
    # other areas
    ("huiselijk geweld", HG, 2), ("partnergeweld", HG, 2), ("cocaïne", VERSLAVING, 2),
    ("traplift", {"Wmo-consulent", "ergotherapeut"}, 2),
    ("scootmobiel", {"Wmo-consulent", "ergotherapeut"}, 2),
    ("huurachterstand", {"woonconsulent", "schuldhulpverlener"}, 2),
    ("nachtopvang", {"woonbegeleider", "bemoeizorgwerker", "ervaringsdeskundige"}, 2),
    ("jobcoach", {"jobcoach", "NAH-consulent"}, 2), ("opvoedvragen", JEUGD, 3),
    ("detentie", {"casemanager nazorg"}, 1),
    ("palliatieve zorg", {"wijkverpleegkundige", "specialist ouderengeneeskunde",
                          "medisch maatschappelijk werker"}, 3),
]


@pytest.fixture(scope="module")
def demo(demo_store_file):
    from graph.stores import open_store

    store = open_store(f"sqlite:///{demo_store_file}")
    yield store, Vocabulary(store.areas())
    store.close()


def ask(demo, text="", **kwargs):
    store, vocabulary = demo
    query = SearchQuery(text, **kwargs)
    check_query(query, store)
    return rank_experts(store, query, today=DEMO_TODAY, vocabulary=vocabulary)


def roles(demo, hits):
    store, _ = demo
    return [store.get("professionals", h.id).role for h in hits]


@pytest.mark.parametrize(("text", "expected", "top"), LABELLED, ids=[q for q, _, _ in LABELLED])
def test_labelled_query(demo, text, expected, top):
    result = ask(demo, text)
    found = roles(demo, result.results[:top])
    assert len(found) == top, f"only {len(found)} results for {text!r}"
    assert set(found) <= expected, f"{text!r}: {found}"


def test_several_needs_are_all_covered(demo):
    result = ask(demo, "dementie en schulden")
    top = roles(demo, result.results[:10])
    assert set(top) & DEMENTIE and set(top) & SCHULDEN
    assert result.team is not None
    covers = {need: demo[0].get("professionals", who).role for need, who in result.team.covers.items()}
    assert covers["dementie"] in DEMENTIE and covers["schuldhulpverlening"] in SCHULDEN


def test_shared_history_lifts_the_specialists_a_worker_knows(demo):
    plain = [h.id for h in ask(demo, "dementie", limit=20).results]
    # the triagist of West (p-0045) takes part in every triage case there
    partners = ask(demo, "dementie", requester="p-0045", limit=20).results
    assert partners[0].shared_cases > 0
    assert [h.id for h in partners] != plain
    assert partners[0].path is not None and partners[0].path[0] == "p-0045"


def test_inactive_people_never_appear(demo):
    store, _ = demo
    inactive = {p.id for p in store.iter_records("professionals") if not p.active}
    assert inactive
    for text, _, _ in LABELLED:
        assert not inactive & {h.id for h in ask(demo, text, limit=100).results}


@pytest.mark.parametrize("text", ["het regent vandaag", "asdfgh qwerty", "xyz"])
def test_nonsense_finds_nobody(demo, text):
    for requester in (None, "p-0045"):  # not even the people the requester works with
        result = ask(demo, text, requester=requester)
        assert result.results == () and result.areas == ()


def test_a_near_miss_gets_a_suggestion(demo):
    result = ask(demo, "opvoedperikels")
    assert result.results == ()
    assert "Opvoedondersteuning" in result.suggestions


@pytest.mark.parametrize("text", [q for q, _, _ in LABELLED[::4]] + ["dementie en schulden"])
def test_pruning_never_changes_the_ranking(demo, text):
    """Candidates are fully scored only while they can still reach the list: a
    short list must be exactly the head of a long one."""
    for requester in (None, "p-0045"):
        short = ask(demo, text, limit=3, requester=requester).results
        full = ask(demo, text, limit=100, requester=requester).results
        assert [(h.id, h.score) for h in short] == [(h.id, h.score) for h in full[:3]]
