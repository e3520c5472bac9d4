"""Learning from use (issue 15): words workers use in consultations for an
area, proposed to coordinators as synonyms; nothing changes until they decide."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts.roles import User
from directory.consultations import service as consult
from directory.errors import Forbidden
from directory.pool.model import ExpertiseArea
from directory.search import proposals
from directory.search.vocabulary import Vocabulary

NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
BRAM = User("bram", "wijkwerker", "p-bram")
EVA = User("eva", "wijkwerker", "p-eva")
COORDINATOR = User("co", "coordinator", None)


def _file(store, by, need, areas=("dementie",), minutes=0):
    return consult.file_request(store, {"need": need, "areas": list(areas)}, by=by,
                                now=NOW + timedelta(minutes=minutes))


def _proposed(store, area="dementie"):
    return proposals.proposals(store, Vocabulary(store.areas()), area=area)


@pytest.fixture
def used(small_store):
    """Three needs with 'fornuis aan laten staan', by two workers, tagged dementie."""
    _file(small_store, BRAM, "meneer laat het fornuis aan staan en vergeet afspraken")
    _file(small_store, BRAM, "mevrouw laat steeds het fornuis aan, geheugenproblemen", minutes=1)
    _file(small_store, EVA, "oudere man laat het fornuis aan", minutes=2)
    return small_store


def test_a_word_used_by_two_workers_in_three_consultations_is_proposed(used):
    found = {p.phrase: p for p in _proposed(used)}
    assert "fornuis aan" in found  # not also 'fornuis' alone: the longer phrase came as often
    assert (found["fornuis aan"].consultations, found["fornuis aan"].workers) == (3, 2)
    assert len(found["fornuis aan"].examples) == 3
    assert "geheugenproblemen" not in found  # the vocabulary knows it already
    assert not _proposed(used, area="nah")  # only with the areas the worker confirmed


def test_one_worker_alone_or_two_consultations_propose_nothing(small_store):
    for minutes in range(3):
        _file(small_store, BRAM, "laat het fornuis aan", minutes=minutes)
    assert _proposed(small_store) == []
    _file(small_store, EVA, "het fornuis", minutes=5)
    assert [p.phrase for p in _proposed(small_store)] == ["fornuis"]


def test_accepting_adds_a_synonym_with_an_audit_entry(used):
    proposals.accept(used, "dementie", "fornuis aan", by=COORDINATOR)
    area = used.get("expertise", "dementie")
    assert isinstance(area, ExpertiseArea) and "fornuis aan" in area.synonyms
    assert not _proposed(used)
    assert [m.area for m in Vocabulary(used.areas()).match("het fornuis staat weer aan")] == ["dementie"]
    assert any(e.action == "add_synonym" for e in used.audit_entries(kind="expertise", record="dementie"))


def test_rejecting_hides_it_and_is_audited_without_changing_the_area(used):
    before = used.get("expertise", "dementie")
    proposals.reject(used, "dementie", "fornuis aan", by=COORDINATOR)
    assert "fornuis aan" not in {p.phrase for p in _proposed(used)}
    assert used.get("expertise", "dementie") == before
    entry = used.audit_entries(kind="expertise", record="dementie")[-1]
    assert (entry.user, entry.action, entry.after) == ("co", "reject_synonym", {"synonym": "fornuis aan"})


def test_only_coordinators_decide(used):
    with pytest.raises(Forbidden):
        proposals.reject(used, "dementie", "fornuis", by=BRAM)
    with pytest.raises(Forbidden):
        proposals.accept(used, "dementie", "fornuis", by=BRAM)
    assert "fornuis aan" in {p.phrase for p in _proposed(used)}


def test_a_rejection_never_writes_client_identity_or_a_novel(used):
    from directory.errors import InvalidInput

    for phrase in ("mail jan@example.nl", "bel 06-12345678", "x" * 201, ""):
        with pytest.raises(InvalidInput):
            proposals.reject(used, "dementie", phrase, by=COORDINATOR)
    assert not any(e.action == "reject_synonym" for e in used.audit_entries(kind="expertise"))
