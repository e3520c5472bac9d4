"""A write transaction whose statements go to the server from a second
thread, so that Python prepares the next batch while the server works on
the last one.

An import is one transaction of about a hundred large statements. Sent one
after the other, the client waits while the server writes a batch, and the
server waits while the client turns the next records into rows, JSON and
sums: on the benchmark's pool (issue 7: 10,000 professionals, 100,000
cases, on a two-core machine) that was about 10 s of Python beside 18 s of
server work, one after the other.

``Pipeline`` wraps the driver's transaction. A statement whose
answer nobody reads (``send``) is queued for one worker thread, which runs
the queued statements in order; a statement whose rows are needed (``run``)
first waits until everything queued before it has been done, and then runs
in the calling thread. The server sees the same statements in the same
order in the same transaction, so what a write means (all or nothing, the
revision taken first) does not change. Only one thread uses the transaction
at any time, and the worker is started only when something is queued. At
most ``QUEUED`` statements wait (an import's batches hold thousands of rows
each); the caller then waits too, which costs nothing while the server is
the slower side.

A failure in the worker stops it running anything more (the transaction is
lost anyway) and is raised in the calling thread at its next ``send``,
``run`` or at the end, so the store's retry (``retries``) and ``Bolt.errors`` see the
driver's own exception. ``Bolt.write`` makes one per transaction and waits
for the queue to empty before the commit.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import neo4j
from neo4j import ManagedTransaction, Transaction

#: Statements that may wait for the worker at once.
QUEUED = 16


class Rows(list[neo4j.Record]):
    """The records of a statement, all read (so the worker may send the next
    statement while the caller still looks at them), with the ``Result``
    methods callers use."""

    def single(self) -> neo4j.Record | None:
        """The only record, or ``None`` when there is none."""
        if len(self) > 1:
            raise ValueError(f"expected one record, got {len(self)}")
        return self[0] if self else None

    def data(self) -> list[dict[str, Any]]:
        return [record.data() for record in self]


class Pipeline:
    """See the module docstring. Use as a context manager around the work of
    one transaction; leaving it normally waits for the queue, leaving it with
    an error stops the worker first (the driver then rolls back)."""

    def __init__(self, tx: Transaction | ManagedTransaction) -> None:
        self._tx = tx
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue(QUEUED)
        self._worker: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._abandoned = False

    def send(self, query: str, **params: Any) -> None:
        """Queue a statement whose answer is not read; it runs after everything
        queued before it."""
        self._raise_failure()
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="kernteamdb-bolt-pipeline",
                                            daemon=True)
            self._worker.start()
        self._queue.put((query, params))

    def run(self, query: str, **params: Any) -> Rows:
        """Run a statement once everything queued is done, and return its records."""
        self.wait()
        return Rows(self._tx.run(query, params))

    def wait(self) -> None:
        """Until every queued statement has been run; raises the first failure."""
        if self._worker is not None:
            self._queue.join()
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                if self._failure is None and not self._abandoned:
                    query, params = item
                    self._tx.run(query, params).consume()
            except BaseException as exc:  # handed to the calling thread
                self._failure = exc
            finally:
                self._queue.task_done()

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self._abandoned = kind is not None  # nothing more is sent after a failure here
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join()  # the statement in flight ends before the driver rolls back
        if kind is None:
            self._raise_failure()
