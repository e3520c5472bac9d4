"""When the Neo4j store tries a call again (``graph.stores.neo4j.retries``):
a write that clashed with another gets the long conflict budget, a server
that cannot be reached only the short one, and what may have been saved or
is a real refusal is never tried again. Checked with the driver's own
exceptions, without a server (the contract suite meets the real ones)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest
from neo4j import exceptions as neo4j_errors

from graph.stores.neo4j import retries
from graph.stores.neo4j.retries import Budgets


def server_error(code: str, message: str) -> neo4j_errors.Neo4jError:
    return neo4j_errors.Neo4jError._hydrate_neo4j(code=code, message=message)


def clash() -> neo4j_errors.Neo4jError:
    return server_error("Neo.TransientError.Transaction.DeadlockDetected",
                        "concurrent change to the same record")


def failing(times: int, error: Callable[[], Exception]) -> tuple[Callable[[], str], list[float]]:
    """A call that raises ``error()`` ``times`` times and then answers; and when it was called."""
    calls: list[float] = []

    def once() -> str:
        calls.append(time.monotonic())
        if len(calls) <= times:
            raise error()
        return "done"

    return once, calls


def attempt(once: Callable[[], str], budgets: Budgets, *, conflicts: bool, reached: bool = True) -> str:
    return retries.attempt(once, budgets, conflicts=conflicts, reached_before=lambda: reached)


def test_a_write_that_clashes_is_tried_again_on_the_conflict_budget():
    once, calls = failing(4, clash)
    assert attempt(once, Budgets(reach=0.0, conflict=10.0), conflicts=True) == "done"
    assert len(calls) == 5


def test_a_read_that_clashes_gets_only_the_short_budget():
    once, calls = failing(4, clash)
    with pytest.raises(neo4j_errors.TransientError):
        attempt(once, Budgets(reach=0.0, conflict=10.0), conflicts=False)
    assert len(calls) == 1


def test_an_unreachable_server_is_given_up_on_within_its_budget():
    once, calls = failing(100, lambda: neo4j_errors.ServiceUnavailable("Connection refused"))
    started = time.monotonic()
    with pytest.raises(neo4j_errors.ServiceUnavailable):
        attempt(once, Budgets(reach=0.5, conflict=30.0), conflicts=True)
    assert time.monotonic() - started < 0.6
    assert 2 <= len(calls) <= 5


@pytest.mark.parametrize("error", [lambda: neo4j_errors.IncompleteCommit("lost the answer"),
                                   lambda: server_error("Neo.ClientError.Statement.SyntaxError", "bad")])
def test_what_may_have_been_saved_or_is_refused_is_never_tried_again(error):
    once, calls = failing(1, error)
    with pytest.raises((neo4j_errors.Neo4jError, neo4j_errors.DriverError)):
        attempt(once, Budgets(reach=10.0, conflict=10.0), conflicts=True)
    assert len(calls) == 1


def test_refused_credentials_are_a_stopping_server_only_after_a_call_got_through():
    refused = server_error("Neo.ClientError.Security.Unauthorized",
                           "The credentials of this connection are no longer valid")
    begin = server_error("Neo.ClientError.Request.Invalid", "BEGIN not expected in state: AUTHENTICATION")
    assert retries.stopping(refused, reached_before=True)
    assert not retries.stopping(refused, reached_before=False)  # a wrong password at start
    assert retries.stopping(begin, reached_before=False)
    once, calls = failing(1, lambda: refused)
    assert attempt(once, Budgets(reach=1.0, conflict=0.0), conflicts=False, reached=True) == "done"


def test_the_driver_logs_warnings_but_not_the_failures_the_store_reports(caplog):
    retries.configure_driver_logs()
    assert logging.getLogger("neo4j").getEffectiveLevel() == logging.WARNING
    with caplog.at_level(logging.DEBUG):  # as a library's basicConfig(level=DEBUG) would
        logging.getLogger("neo4j.io").error("[#%04X]  _: <CONNECTION> error: %s", 1, "defunct")
        logging.getLogger("neo4j.session").warning("Transaction failed and will be retried in %ss", 1)
        logging.getLogger("neo4j.io").debug("[#0001]  C: BEGIN")
        logging.getLogger("neo4j.notifications").warning("a deprecated Cypher feature")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("neo4j")] == [
        "a deprecated Cypher feature"]
