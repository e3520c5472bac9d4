"""An export is one revision of the pool, even while another process imports:
every reference in the file resolves and every record is of the same revision
(``Store.records_at_one_revision``), on both stores. Spawns a process, so
marked slow."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from directory.exchange.csv_files import csv_document, export_csv
from directory.exchange.document import export_document, import_document
from directory.ports import Store

pytestmark = pytest.mark.slow

PEOPLE = 40


def revision_document(n: int) -> dict[str, Any]:
    """Revision ``n`` of a pool whose references all move to records new in ``n``:
    an export mixing two revisions has a dangling reference."""
    return {
        "format": "kernteamdb/1",
        "expertise": [{"id": "dementie", "label": "Dementie"}],
        "organisations": [{"id": f"org-{n}", "name": f"Organisatie {n}"}],
        "teams": [{"id": f"team-{n}", "name": f"Team {n}", "organisation": f"org-{n}"}],
        "professionals": [{"id": f"p-{i:02d}", "name": f"Persoon {i}", "organisation": f"org-{n}",
                           "teams": [f"team-{n}"], "bio": f"revisie {n}",
                           "expertise": [{"area": "dementie", "level": 2}]} for i in range(PEOPLE)],
        "cases": [{"id": f"c-{n}", "opened": "2026-01-05", "team": f"team-{n}", "areas": ["dementie"],
                   "participants": [{"professional": "p-00", "role": "specialist"}]}],
    }


IMPORTER = """
import json, sys, time
from directory.exchange.document import import_document
from graph.stores import open_store
sys.path.insert(0, ".")
from tests.contract.test_export_snapshot import revision_document
store = open_store(sys.argv[1])
for n in range(2, int(sys.argv[2]) + 1):
    import_document(json.dumps(revision_document(n)), store)
    time.sleep(float(sys.argv[3]))
store.close()
"""


def whole(document: dict[str, Any]) -> list[str]:
    """What is wrong with an exported document: dangling references, mixed revisions."""
    ids = {kind: {r["id"] for r in document.get(kind, [])} for kind in
           ("organisations", "teams", "professionals", "cases")}
    problems = []
    for person in document["professionals"]:
        if person["organisation"] not in ids["organisations"]:
            problems.append(f"{person['id']} names missing {person['organisation']}")
        problems += [f"{person['id']} names missing {t}" for t in person["teams"]
                     if t not in ids["teams"]]
    for case in document["cases"]:
        if case["team"] not in ids["teams"]:
            problems.append(f"{case['id']} names missing {case['team']}")
    bios = {person["bio"] for person in document["professionals"]}
    newest = max(int(o.removeprefix("org-")) for o in ids["organisations"])
    if bios != {f"revisie {newest}"} or f"c-{newest}" not in ids["cases"]:
        problems.append(f"mixed revisions: organisations up to {newest}, bios {sorted(bios)}")
    return problems


def test_exports_during_imports_by_another_process_are_each_one_whole_revision(store: Store):
    import_document(json.dumps(revision_document(1)), store)
    embedded = store.url.startswith("sqlite:")
    # the Bolt server takes longer per import: fewer, with a pause (an export reads again
    # when a write lands meanwhile, and gives up after a few tries)
    revisions, pause = ("120", "0") if embedded else ("25", "0.2")
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER, store.url, revisions, pause])
    exports, broken = 0, []
    try:
        while importer.poll() is None or exports < 4:
            document = json.loads(export_document(store))
            broken += whole(document)
            files = {name: text.encode("utf-8") for name, text in export_csv(store).items()}
            as_csv, _, problems = csv_document(files)
            assert problems == []
            broken += whole(as_csv)
            exports += 2
    finally:
        importer.wait(timeout=120)
    assert importer.returncode == 0
    assert broken == [], f"{len(broken)} problems in {exports} exports: {broken[:3]}"
