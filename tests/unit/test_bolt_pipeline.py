"""The Neo4j store's write pipeline (``graph.stores.neo4j.pipeline``): what
it promises the store, on a stand-in for the driver's transaction, so that
ordering and failures can be checked without a server (the contract suite
runs it against one)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from neo4j import Record

from graph.stores.neo4j.pipeline import Pipeline, Rows


class FakeResult:
    def __init__(self, records: list[Any]) -> None:
        self.records = records

    def __iter__(self) -> Any:
        return iter(self.records)

    def consume(self) -> None:
        return None


class FakeTransaction:
    """Records every statement run, by which thread, and can be told to fail
    on a statement or to take its time."""

    def __init__(self, fail_on: str | None = None, slow: float = 0.0) -> None:
        self.ran: list[tuple[str, dict[str, Any], str]] = []
        self.fail_on = fail_on
        self.slow = slow
        self.busy = threading.Lock()
        self.overlapped = False

    def run(self, query: str, parameters: dict[str, Any]) -> FakeResult:
        if not self.busy.acquire(blocking=False):
            self.overlapped = True  # two threads inside the transaction at once
            self.busy.acquire()
        try:
            if self.slow:
                time.sleep(self.slow)
            self.ran.append((query, dict(parameters), threading.current_thread().name))
            if query == self.fail_on:
                raise RuntimeError(f"server refused {query}")
            return FakeResult([Record({"query": query, **parameters})])
        finally:
            self.busy.release()


def test_sent_statements_run_in_order_on_another_thread_and_run_waits_for_them() -> None:
    tx = FakeTransaction(slow=0.01)
    with Pipeline(tx) as pipe:  # type: ignore[arg-type]
        for number in range(5):
            pipe.send("CREATE", n=number)
        rows = pipe.run("MATCH", n=99)
        assert [q for q, _, _ in tx.ran] == ["CREATE"] * 5 + ["MATCH"]  # all sends first
    assert [p["n"] for _, p, _ in tx.ran] == [0, 1, 2, 3, 4, 99]
    assert {thread for q, _, thread in tx.ran if q == "CREATE"} == {"kernteamdb-bolt-pipeline"}
    assert tx.ran[-1][2] == threading.current_thread().name
    only = rows.single()
    assert only is not None and only.data() == {"query": "MATCH", "n": 99}
    assert not tx.overlapped


def test_leaving_normally_waits_until_everything_sent_has_run() -> None:
    tx = FakeTransaction(slow=0.02)
    with Pipeline(tx) as pipe:  # type: ignore[arg-type]
        for number in range(4):
            pipe.send("CREATE", n=number)
    assert len(tx.ran) == 4  # nothing is left for after the commit


def test_a_failed_statement_is_raised_in_the_caller_and_nothing_after_it_runs() -> None:
    tx = FakeTransaction(fail_on="BAD")
    with pytest.raises(RuntimeError, match="server refused BAD"):
        with Pipeline(tx) as pipe:  # type: ignore[arg-type]
            pipe.send("CREATE", n=1)
            pipe.send("BAD")
            pipe.send("CREATE", n=2)
            pipe.run("MATCH")
    assert [q for q, _, _ in tx.ran] == ["CREATE", "BAD"]


def test_a_failure_is_raised_at_the_end_when_nothing_else_asks() -> None:
    tx = FakeTransaction(fail_on="BAD")
    with pytest.raises(RuntimeError, match="server refused BAD"):
        with Pipeline(tx) as pipe:  # type: ignore[arg-type]
            pipe.send("BAD")


def test_an_error_in_the_caller_stops_the_queue_before_the_rollback() -> None:
    tx = FakeTransaction(slow=0.05)
    with pytest.raises(ValueError, match="refused by the caller"):
        with Pipeline(tx) as pipe:  # type: ignore[arg-type]
            for number in range(20):
                pipe.send("CREATE", n=number)
            raise ValueError("refused by the caller")
    ran = len(tx.ran)
    time.sleep(0.2)
    assert len(tx.ran) == ran < 20  # the worker has stopped: nothing more reaches the server


def test_small_writes_that_only_run_start_no_thread() -> None:
    tx = FakeTransaction()
    before = threading.active_count()
    with Pipeline(tx) as pipe:  # type: ignore[arg-type]
        assert pipe.run("MATCH", n=1).data() == [{"query": "MATCH", "n": 1}]
        assert threading.active_count() == before


def test_rows_single_is_none_without_records_and_refuses_several() -> None:
    assert Rows([]).single() is None
    with pytest.raises(ValueError, match="expected one record, got 2"):
        Rows([1, 2]).single()  # type: ignore[list-item]
