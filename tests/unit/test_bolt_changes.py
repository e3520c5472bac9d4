"""How a process tells what the changes of the pool since it last looked
touched (``graph.stores.neo4j.changes``), and what it then forgets
(``graph.stores.neo4j.kept``), on stand-ins for the server: a process that
cannot be sure it saw every change must forget everything."""

from __future__ import annotations

import threading
from typing import Any

from graph.stores.neo4j.changes import touched_since
from graph.stores.neo4j.kept import POOL, TrackedValues


class FakeBolt:
    """Answers the one read ``touched_since`` makes with the given changes."""

    def __init__(self, changes: list[dict[str, Any]]) -> None:
        self.changes = changes

    def read(self, text: str, **params: Any) -> list[dict[str, Any]]:
        return [c for c in self.changes if params["since"] < c["rev"] <= params["now"]]


def change(rev: int, before: int, *, everything: bool = False, **touched: list[str]) -> dict[str, Any]:
    return {"rev": rev, "before": before, "everything": everything,
            **{kind: touched.get(kind, []) for kind in ("evidence", "history", "partners", "hours")}}


def test_the_changes_since_a_revision_are_added_up_along_the_chain():
    bolt = FakeBolt([change(5, 3, evidence=["dementie"], partners=["p1", "p2"]),
                     change(8, 5, history=["wt-noord"], partners=["p3"]),
                     change(9, 8, everything=True)])  # after the revision asked about: not read
    touched = touched_since(bolt, 3, 8)  # type: ignore[arg-type]
    assert touched == {"evidence": {"dementie"}, "history": {"wt-noord"},
                       "partners": {"p1", "p2", "p3"}, "hours": set()}


def test_a_missing_link_or_a_change_of_everything_means_everything():
    assert touched_since(FakeBolt([change(8, 5)]), 3, 8) is None  # type: ignore[arg-type]
    assert touched_since(FakeBolt([change(5, 3), change(8, 5, everything=True)]),  # type: ignore[arg-type]
                         3, 8) is None
    assert touched_since(FakeBolt([]), -1, 8) is None  # type: ignore[arg-type]


def test_kept_values_go_with_what_they_were_made_from():
    kept, lock = TrackedValues(), threading.RLock()

    def value(key: str, tags: list[tuple[str, str]], unnamed_read: bool = False) -> str:
        def compute() -> str:
            with kept.reading(tags):
                pass
            if unnamed_read:
                kept.read_of_server()
            return key
        return kept.tracked(key, compute, lock=lock, version=lambda: 1)

    value("dementia list", [("evidence", "dementie")])
    value("debts list", [("evidence", "schulden")])
    value("places", [])  # made from profiles only
    value("cases read", [], unnamed_read=True)
    kept.tracked("outer", lambda: value("inner", [("history", "wt-noord")]), lock=lock, version=lambda: 1)
    kept.forget_touched({("evidence", "dementie"), ("history", "wt-noord")})
    assert set(kept._values) == {"debts list", "places"}
    kept.forget_touched(set())  # any change of the pool: what an unnamed read made goes
    value("cases read", [], unnamed_read=True)
    assert kept._depends["cases read"] == {POOL}
