"""Shared fixtures: stores per backend, builders for records, the demo network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directory.exchange.document import export_document, import_document
from directory.ports import Store
from graph.stores import open_store

#: The day the demo network is anchored to in tests, so figures are stable.
DEMO_TODAY = date(2026, 11, 16)


def make_expertise(**overrides: Any) -> dict[str, Any]:
    return {"id": "dementie", "label": "Dementie", **overrides}


def make_professional(**overrides: Any) -> dict[str, Any]:
    return {"id": "p-anna", "name": "Anna de Vries", **overrides}


def make_case(**overrides: Any) -> dict[str, Any]:
    return {"id": "c-0001", "opened": "2026-09-01", "areas": ["dementie"],
            "participants": [{"professional": "p-anna", "role": "specialist", "hours": 2}],
            **overrides}


def small_document() -> dict[str, Any]:
    """A pool of five people, the example of interfaces.md grown a little."""
    return {
        "format": "kernteamdb/1",
        "expertise": [
            {"id": "hersenen-cognitie", "label": "Hersenen & cognitie"},
            {"id": "dementie", "label": "Dementie", "label_en": "Dementia",
             "broader": "hersenen-cognitie", "synonyms": ["Alzheimer", "geheugenproblemen"]},
            {"id": "nah", "label": "NAH", "broader": "hersenen-cognitie",
             "synonyms": ["niet-aangeboren hersenletsel", "na een beroerte"]},
            {"id": "schulden", "label": "Schuldhulpverlening", "synonyms": ["schulden"]},
        ],
        "organisations": [
            {"id": "org-vivent", "name": "Vivent", "kind": "vvt", "line": "2"},
            {"id": "org-gemeente", "name": "Gemeente", "kind": "gemeente", "line": "1"},
            {"id": "org-cafe", "name": "Alzheimer Café", "line": "0", "wijken": ["Zuidoost"],
             "areas": ["dementie"]},
        ],
        "teams": [
            {"id": "wt-zuidoost", "name": "Sociaal wijkteam Zuidoost", "kind": "wijkteam",
             "wijk": "Zuidoost", "organisation": "org-gemeente"},
            {"id": "kt-zuidoost", "name": "Kernteam Zuidoost", "kind": "expertiseteam",
             "wijk": "Zuidoost"},
        ],
        "professionals": [
            {"id": "p-anna", "name": "Anna de Vries", "role": "casemanager dementie",
             "organisation": "org-vivent", "teams": ["kt-zuidoost"], "wijken": ["Zuidoost"],
             "expertise": [{"area": "dementie", "level": 3}], "hours_per_half_year": 40,
             "knows": ["p-bram"], "email": "anna@example.org", "phone": "06-00000001"},
            {"id": "p-bram", "name": "Bram Jansen", "role": "wijkwerker",
             "organisation": "org-gemeente", "teams": ["wt-zuidoost"], "wijken": ["Zuidoost"]},
            {"id": "p-cees", "name": "Cees Bakker", "role": "casemanager dementie",
             "organisation": "org-vivent", "wijken": ["West"],
             "expertise": [{"area": "dementie", "level": 2}], "hours_per_half_year": 40},
            {"id": "p-dina", "name": "Dina Smit", "role": "NAH-consulent",
             "expertise": [{"area": "nah", "level": 3}], "active": False},
            {"id": "p-eva", "name": "Eva Mulder", "role": "wijkwerker",
             "organisation": "org-gemeente", "teams": ["wt-zuidoost"]},
        ],
        "cases": [
            {"id": "c-0001", "opened": "2026-07-03", "closed": "2026-07-20",
             "team": "wt-zuidoost", "wijk": "Zuidoost", "areas": ["dementie"],
             "model": "netwerk", "question": "advies",
             "participants": [{"professional": "p-bram", "role": "regie"},
                              {"professional": "p-anna", "role": "specialist", "hours": 2.5}],
             "outcome": "zwaardere_zorg_voorkomen"},
            {"id": "c-0002", "opened": "2026-08-01", "closed": "2026-08-15",
             "team": "wt-zuidoost", "wijk": "Zuidoost", "areas": ["dementie", "schulden"],
             "participants": [{"professional": "p-bram", "role": "regie"},
                              {"professional": "p-anna", "role": "specialist", "hours": 4}]},
            {"id": "c-0003", "opened": "2026-01-10", "closed": "2026-02-01",
             "team": "wt-zuidoost", "areas": ["nah"],
             "participants": [{"professional": "p-eva", "role": "regie"},
                              {"professional": "p-dina", "role": "specialist", "hours": 3}]},
        ],
    }


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kernteam.db'}"


@pytest.fixture(params=["embedded"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend (the Neo4j store joins with its issue)."""
    opened = open_store(f"sqlite:///{tmp_path / 'contract.db'}", create=True)
    yield opened
    opened.close()


@pytest.fixture
def small_store(store: Store) -> Store:
    import_document(json.dumps(small_document()), store)
    return store


@pytest.fixture(scope="session")
def demo_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store file with the demo network, built once per test run."""
    from directory.pool.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    built = open_store(f"sqlite:///{path}", create=True)
    load_demo(built, today=DEMO_TODAY)
    built.close()
    return path


@pytest.fixture
def demo_store(demo_store_file: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{demo_store_file}")
    yield opened
    opened.close()


@pytest.fixture
def demo_copy(demo_store_file: Path, tmp_path: Path) -> Iterator[Store]:
    """The demo network in a store of its own, for tests that write (the shared
    demo file must stay as built: other tests count on its contents)."""
    import shutil

    copy = tmp_path / "demo-copy.db"
    shutil.copyfile(demo_store_file, copy)
    opened = open_store(f"sqlite:///{copy}")
    yield opened
    opened.close()


def exported(store: Store) -> str:
    return export_document(store)
