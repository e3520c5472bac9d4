"""A clean document is validated straight from its text (``directory.exchange.from_text``),
a document with any problem by the detailed path over the decoded JSON: whichever
path reads it, a document is accepted or refused the same, with the same problems."""

from __future__ import annotations

import json

import orjson
import pytest

from directory.errors import InvalidInput
from directory.exchange import document as exchange
from directory.exchange.document import import_document, parse_document, validate_document
from tests.conftest import exported, small_document


def outcome(read, text, store=None):
    """What reading ``text`` gives: the records, or the message and problems."""
    try:
        return read(text, store)
    except InvalidInput as refused:
        return refused.message, refused.details


def detailed(text, store=None):
    """The detailed path alone, as every document was read before."""
    try:
        raw = orjson.loads(text)
    except orjson.JSONDecodeError:
        return parse_document(text, store)  # its JSON problem, said the one way there is
    return validate_document(raw, store)


def case(**fields):
    return {"id": "c-9", "opened": "2026-01-05", "areas": ["dementie"],
            "participants": [{"professional": "p-anna"}], **fields}


def with_case(**fields):
    document = small_document()
    document["cases"].append(case(**fields))
    return json.dumps(document)


SMALL = json.dumps(small_document())
TEAM = '{"format": "kernteamdb/1", "teams": [%s]}'

TEXTS = {
    "clean": SMALL,
    "clean, as bytes": SMALL.encode(),
    "a level written as 3.0": SMALL.replace('"level": 3', '"level": 3.0'),
    "notes naming a professional the document brings": with_case(notes="Overleg met Dina Smit"),
    "notes naming a client": with_case(notes="Zoon Rayan (15) helpt mee"),
    "a schema problem and a dangling reference": with_case(outcome="genezen", team="kt-nergens"),
    "a dangling reference alone": with_case(areas=["nergens"]),
    "a participant twice": with_case(participants=[{"professional": "p-anna"}, {"professional": "p-anna"}]),
    "closed before opened": with_case(closed="2025-12-31"),
    "an unsafe new id": SMALL.replace('"c-0001"', '"=c-0001"'),
    "a duplicate id": SMALL.replace('"id": "p-bram"', '"id": "p-anna"'),
    "an area its own broader": SMALL.replace('"id": "hersenen-cognitie", "label"',
                                             '"id": "hersenen-cognitie", "broader": "dementie", "label"'),
    "a key given twice": TEAM % '{"id": "t", "name": "A", "name": "B"}',
    "a lone surrogate": TEAM % '{"id": "t", "name": "\\ud800"}',
    "NaN hours": with_case(participants=[{"professional": "p-anna", "hours": 1}]).replace(
        '"hours": 1}', '"hours": NaN}'),
    "Infinity hours": with_case(participants=[{"professional": "p-anna", "hours": 1}]).replace(
        '"hours": 1}', '"hours": Infinity}'),
    "a byte order mark": "\ufeff" + SMALL,
    "text after the document": SMALL + " x",
    "not JSON": '{"format": "kernteamdb/1",\n  "expertise": [}',
    "empty": "",
    "a list": "[]",
    "professionals not a list": '{"format": "kernteamdb/1", "professionals": "p-anna"}',
    "a team that is not an object": TEAM % '"t"',
    "professionals null": '{"format": "kernteamdb/1", "professionals": null}',
    "an id that is an object": TEAM % '{"id": {}, "name": "A"}',
    "an object id beside an unsafe one": TEAM % '{"id": {}, "name": "A"}, {"id": "=t", "name": "B"}',
}


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_a_document_reads_the_same_whichever_path_reads_it(text, as_bytes):
    if as_bytes:
        text = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    assert outcome(parse_document, text) == outcome(detailed, text)


MANY = small_document()
MANY["cases"] = [case(id=f"c-{i:03}", participants=[{"professional": "p-anna", "hours": i % 3},
                                                    {"professional": "p-bram", "role": "regie"}],
                      notes='{"id": "x"}, {"id": "y"} ]}' if i % 5 == 0 else None)
                 for i in range(60)]
for item in MANY["cases"][::7]:
    del item["notes"]
PIECES = {
    "clean": json.dumps(MANY),
    "compact": json.dumps(MANY, separators=(",", ":")),
    "one per line": json.dumps(MANY, indent=1),
    "a bad case in a later piece": json.dumps(MANY).replace('"c-047"', '"c-001"'),
    "a schema problem in a later piece": json.dumps(MANY).replace('"regie"}', '"baas"}', 50),
    "a case list that is not last": json.dumps({"cases": MANY["cases"], **small_document()}),
    "a second case list": json.dumps(MANY)[:-1] + ', "cases": []}',
    "a list after the case list": json.dumps(MANY)[:-1] + ', "teams": []}',
}


@pytest.mark.parametrize("text", PIECES.values(), ids=PIECES.keys())
def test_the_cases_read_in_pieces_are_the_cases_read_whole(monkeypatch, text):
    """A few hundred bytes of cases per piece: cuts between cases, never inside one."""
    from directory.exchange import case_chunks

    monkeypatch.setattr(case_chunks, "CHUNK", 300)
    assert outcome(parse_document, text.encode()) == outcome(detailed, text.encode())


@pytest.mark.parametrize("name", ["clean", "compact", "one per line"])
def test_a_clean_case_list_is_validated_in_pieces(monkeypatch, name):
    from directory.exchange import case_chunks, from_text

    pieces: list[int] = []

    class Counting:
        def validate_json(self, chunk, **options):
            pieces.append(len(chunk))
            return real.validate_json(chunk, **options)

    real = from_text._CASES
    monkeypatch.setattr(from_text, "_CASES", Counting())
    monkeypatch.setattr(case_chunks, "CHUNK", 300)
    monkeypatch.setattr(exchange.orjson, "loads", refuse)
    document = parse_document(PIECES[name].encode())
    assert [c.id for c in document.cases] == [f"c-{i:03}" for i in range(60)]
    assert len(pieces) > 10 and max(pieces) < 1000


@pytest.mark.parametrize("text", [with_case(team="kt-nergens"), SMALL.replace('"p-eva"', '"p eva"'),
                                  with_case()], ids=["dangling", "unsafe id", "clean"])
def test_against_a_store_too(small_store, text):
    assert outcome(parse_document, text, small_store) == outcome(detailed, text, small_store)


def test_a_schema_problem_and_a_bad_reference_are_both_reported():
    message, details = outcome(parse_document, with_case(outcome="genezen", team="kt-nergens"))
    assert message == "the document has 2 problem(s); nothing was changed"
    assert details[0] == ("cases[3].outcome: Input should be 'zwaardere_zorg_voorkomen', 'doorverwezen' "
                          "or 'onbekend'")
    assert details[1] == "cases[3].team: unknown team 'kt-nergens'"


def refuse(text):
    raise AssertionError("decoded into dicts")


def test_a_clean_document_is_never_decoded_into_dicts(monkeypatch):
    """What keeps a large import's memory down: no tree of Python dicts."""
    monkeypatch.setattr(exchange.orjson, "loads", refuse)
    assert parse_document(SMALL).professionals[0].name == "Anna de Vries"
    with pytest.raises(AssertionError, match="decoded into dicts"):
        parse_document(with_case(team="kt-nergens"))


def test_a_clean_document_imports_the_records_it_did_before(store, tmp_path):
    """The records of the quick path, exported, are those of the detailed path."""
    from directory.exchange.document import import_parsed
    from graph.stores import open_store

    import_document(SMALL, store)
    before = open_store(f"sqlite:///{tmp_path / 'before.db'}", create=True)
    import_parsed(detailed(SMALL), before)
    assert exported(store) == exported(before)
    before.close()


def test_equal_values_of_the_cases_are_one_object():
    """Days, area lists and participations repeat across a million cases: one object each."""
    document = parse_document(PIECES["clean"].encode())
    first, other = document.cases[0], document.cases[3]
    assert first.opened is other.opened
    assert first.areas is other.areas
    assert first.participants[1] is other.participants[1]  # p-bram, regie, no hours
    assert first.participants[1].professional is document.professionals[1].id
    assert first.participants[0] is not document.cases[1].participants[0]  # other hours
    assert [p.hours for c in document.cases[:3] for p in c.participants] == [0, None, 1, None, 2, None]
