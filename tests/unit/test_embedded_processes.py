"""The embedded store shared by several processes, and killed mid-import.

These spawn real processes (the ``kernteamdb`` CLI and a small reader), so
they are marked slow; they still run in CI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from directory.exchange.document import import_document
from directory.pool.model import Professional
from directory.ports import ImportPlan
from graph.stores import open_store
from tests.conftest import small_document

pytestmark = pytest.mark.slow

READER = """
import sys
from graph.stores import open_store
store = open_store(sys.argv[1])
for line in sys.stdin:
    kind, _, rid = line.strip().partition(" ")
    if rid == "*":
        print(store.count(kind), flush=True)
        continue
    record = store.get(kind, rid)
    print(record.name if record else "-", flush=True)
"""


class Reader:
    """Another process holding the store open, answering one question per line."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", READER, url], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def ask(self, question: str) -> str:
        self.process.stdin.write(question + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=20)
        self.process.stdout.close()


def big_document(professionals: int, cases: int) -> dict:
    """A pool large enough that its import takes a noticeable moment."""
    return {
        "format": "kernteamdb/1",
        "expertise": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "professionals": [{"id": f"p{i:05d}", "name": f"Persoon {i}",
                           "expertise": [{"area": "ab"[i % 2], "level": 1 + i % 3}],
                           "knows": [f"p{(i + 1) % professionals:05d}"]}
                          for i in range(professionals)],
        "cases": [{"id": f"c{i:06d}", "opened": "2026-03-01", "areas": ["ab"[i % 2]],
                   "notes": "Samen opgepakt met de specialist, zonder vertraging." * 3,
                   "participants": [{"professional": f"p{i % professionals:05d}", "hours": 1},
                                    {"professional": f"p{(i * 7 + 3) % professionals:05d}",
                                     "role": "regie"}]}
                  for i in range(cases)],
    }


def test_two_processes_see_each_others_writes(store_url):
    here = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), here)
    reader = Reader(store_url)
    ask = reader.ask
    try:
        assert ask("professionals p-anna") == "Anna de Vries"
        assert ask("professionals p-new") == "-"
        # a write here is seen by the other process on its very next read
        import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
            {"id": "p-new", "name": "Nieuwe collega"}]}), here)
        assert ask("professionals p-new") == "Nieuwe collega"
        changed = small_document()
        changed["professionals"][0]["name"] = "Anna de Vries-Peters"
        import_document(json.dumps(changed), here)
        assert ask("professionals p-anna") == "Anna de Vries-Peters"
    finally:
        reader.close()

    # and a write by another process (the CLI) is seen here
    writer = subprocess.run(
        [sys.executable, "-m", "web.cli", "--store", store_url, "import", "-"],
        input=json.dumps({"format": "kernteamdb/1", "teams": [{"id": "t-x", "name": "X"}]}),
        text=True, capture_output=True, timeout=60)
    assert writer.returncode == 0, writer.stderr
    assert here.get("teams", "t-x").name == "X"
    assert here.get("professionals", "p-new").name == "Nieuwe collega"
    here.close()


def test_another_process_sees_a_deletion_and_the_record_made_again(store_url):
    here = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), here)
    reader = Reader(store_url)
    try:
        assert reader.ask("professionals p-cees") == "Cees Bakker"
        assert reader.ask("professionals *") == "5"
        here.apply(ImportPlan({}, deletes={"professionals": ("p-cees",)}))
        assert reader.ask("professionals p-cees") == "-"
        assert reader.ask("professionals *") == "4"
        here.apply(ImportPlan({"professionals": (Professional(id="p-cees", name="Cees weer"),)}))
        assert reader.ask("professionals p-cees") == "Cees weer"
        assert reader.ask("professionals *") == "5"
    finally:
        reader.close()
        here.close()


def _wal(db: Path) -> int:
    wal = Path(f"{db}-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.mark.parametrize("moment", ["while writing", "soon after start", "late"])
def test_a_killed_import_leaves_all_or_nothing(tmp_path, moment):
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    open_store(url, create=True).close()
    document = tmp_path / "big.json"
    document.write_text(json.dumps(big_document(3_000, 30_000)))
    importer = subprocess.Popen([sys.executable, "-m", "web.cli", "--store", url, "import",
                                 str(document)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    if moment == "while writing":
        while _wal(db) < 256 * 1024 and importer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
    else:
        time.sleep(0.3 if moment == "soon after start" else 1.2)
    killed = importer.poll() is None
    if killed:
        os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    if moment == "while writing":
        assert killed, "the import finished before it could be killed mid-write"

    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    store = open_store(url)
    counts = (store.count("professionals"), store.count("cases"))
    assert counts in {(0, 0), (3_000, 30_000)}, counts
    if not killed:
        assert counts == (3_000, 30_000)
    # the store is still usable: the import can be run again and completes
    import_document(document.read_bytes(), store)
    assert (store.count("professionals"), store.count("cases")) == (3_000, 30_000)
    store.close()
