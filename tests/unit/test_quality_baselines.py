"""The baselines ``bench/quality.py`` (``devkit.baselines``) compares search with: tf-idf and BM25
over the same past, each person's document the tags of their past answers."""

from __future__ import annotations

from devkit.baselines import Documents

#: q1 (a, b) answered by u1; q2 (a, given twice) by u1 and u2; q3 (c) by u3; q4 (a) is today's
TAGS = {1: ["a", "b"], 2: ["a", "a"], 3: ["c"], 4: ["a"]}
ANSWERERS = {1: {"u1"}, 2: {"u1", "u2"}, 3: {"u3"}, 4: {"u9"}}


def documents() -> Documents:
    return Documents([1, 2, 3], TAGS, ANSWERERS)


def test_a_document_is_the_tags_of_the_past_answers_each_once_per_question():
    docs = documents()
    assert docs.count["u1"] == {"a": 2, "b": 1}
    assert (docs.length["u1"], docs.length["u2"], docs.average) == (3, 1, 5 / 3)
    assert "u9" not in docs.count  # today's answers never enter the past


def test_tf_idf_ranks_the_person_with_more_answers_in_the_tag_first():
    assert documents().tfidf(["a"]) == ["u1", "u2"]


def test_bm25_normalises_by_the_document_length():
    """u1: idf x 2 x 2.2 / (2 + 1.2 x (0.25 + 0.75 x 3 / (5/3))) = idf x 1.122;
    u2: idf x 2.2 / (1 + 1.2 x (0.25 + 0.75 x 0.6)) = idf x 1.196: the shorter
    document wins, and whoever has none of the query's tags is left out."""
    docs = documents()
    assert docs.bm25(["a"]) == ["u2", "u1"]
    assert docs.bm25(["a"], b=0.0) == ["u1", "u2"]  # without length normalisation, more answers win
    assert docs.bm25(["c", "zzz"]) == ["u3"]
