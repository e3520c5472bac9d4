"""The shipped taxonomy and demo network: complete, valid, realistic, fictional."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

import seed_data
from directory.exchange.document import parse_document
from directory.pool.demo import demo_document
from directory.pool.model import WIJKEN_DEN_BOSCH
from tests.conftest import DEMO_TODAY

DOMAIN_MD = Path(__file__).resolve().parents[3] / "shared" / "docs" / "domain.md"


@pytest.fixture(scope="module")
def taxonomy():
    return parse_document(seed_data.read("taxonomy.json")).expertise


@pytest.fixture(scope="module")
def demo():
    return demo_document(DEMO_TODAY)


def domain_md_taxonomy() -> dict[str, dict[str, list[str]]]:
    """Domain -> area -> synonyms, as domain.md lists them."""
    if not DOMAIN_MD.exists():
        pytest.skip(f"{DOMAIN_MD} is not beside this checkout (it is on CI)")
    out: dict[str, dict[str, list[str]]] = {}
    text = DOMAIN_MD.read_text(encoding="utf-8")
    section = text.split("## Expertise taxonomy", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        found = re.match(r"^\d+\. \*\*(.+?)\*\*: (.*)$", line.strip())
        if not found:
            continue
        areas: dict[str, list[str]] = {}
        for part in found.group(2).rstrip(".").split("; "):
            area = re.match(r"^(.*?)(?: \((.*)\))?$", part.strip())
            areas[area.group(1)] = area.group(2).split(", ") if area.group(2) else []
        out[found.group(1)] = areas
    return out


def test_the_taxonomy_has_13_domains_with_english_labels(taxonomy):
    domains = [a for a in taxonomy if a.broader is None]
    assert len(domains) == 13
    assert all(a.label_en for a in taxonomy)


def test_every_area_and_synonym_of_domain_md_is_in_the_taxonomy(taxonomy):
    expected = domain_md_taxonomy()
    assert len(expected) == 13
    by_label = {a.label.casefold(): a for a in taxonomy}
    for domain, areas in expected.items():
        assert domain.casefold() in by_label, domain
        domain_id = by_label[domain.casefold()].id
        for area, synonyms in areas.items():
            record = by_label.get(area.casefold())
            assert record is not None, f"area {area!r} of {domain!r} is missing"
            assert record.broader == domain_id, area
            assert set(synonyms) <= set(record.synonyms), (area, set(synonyms) - set(record.synonyms))


def test_synonyms_are_unambiguous(taxonomy):
    words = Counter(s.casefold() for a in taxonomy for s in a.synonyms)
    assert [w for w, n in words.items() if n > 1] == []


def test_the_demo_network_is_as_large_and_varied_as_promised(demo):
    assert {w for o in demo.organisations for w in o.wijken} | \
        {t.wijk for t in demo.teams if t.wijk} <= set(WIJKEN_DEN_BOSCH)
    served = {w for p in demo.professionals for w in p.wijken}
    assert served == set(WIJKEN_DEN_BOSCH)
    assert len(demo.organisations) >= 15 and all(o.areas for o in demo.organisations)
    names = {o.name for o in demo.organisations}
    for real in ("Farent", "MEE De Meent Groep", "Reinier van Arkel", "Vivent", "Novadic-Kentron",
                 "Veilig Thuis Brabant Noordoost", "Weener XL", "Jeroen Bosch Ziekenhuis"):
        assert real in names
    assert any(o.line == "0" and o.kind == "mantelzorg" for o in demo.organisations)
    assert sum(o.kind == "huisartsenpraktijk" for o in demo.organisations) >= 3
    wijkteams = [t for t in demo.teams if t.kind == "wijkteam"]
    assert len(wijkteams) >= 5 and "wt-zuidoost" in {t.id for t in wijkteams}
    assert len(demo.professionals) >= 120
    roles = Counter(p.role for p in demo.professionals)
    assert roles["triagist"] >= 1 and roles["POH-GGZ"] >= 1 and roles["huisarts"] >= 1
    assert sum(not p.active for p in demo.professionals) >= 3
    assert all(p.knows for p in demo.professionals)


def test_the_kernteam_zuidoost_is_an_expertiseteam_of_40_hour_specialists(demo):
    kernteam = next(t for t in demo.teams if t.id == "kt-zuidoost")
    assert kernteam.kind == "expertiseteam" and kernteam.meets
    members = [p for p in demo.professionals if "kt-zuidoost" in p.teams]
    assert len(members) >= 6
    assert all(p.hours_per_half_year == 40 for p in members)
    assert len({p.organisation for p in members}) >= 5  # different moederorganisaties


def test_the_demo_cases_cover_the_last_18_months(demo):
    assert len(demo.cases) >= 400
    newest = max(c.booked_on for c in demo.cases)
    oldest = min(c.opened for c in demo.cases)
    assert newest == DEMO_TODAY - timedelta(days=1)
    assert timedelta(days=500) <= newest - oldest <= timedelta(days=550)
    assert {c.model for c in demo.cases} == {"netwerk", "expertiseteam", "triage"}
    assert {c.outcome for c in demo.cases if c.closed} == {
        "zwaardere_zorg_voorkomen", "doorverwezen", "onbekend"}
    assert all(any(p.role == "regie" for p in c.participants) for c in demo.cases)


def test_demo_people_are_fictional(demo):
    for p in demo.professionals:
        assert p.email.endswith("@example.org")
        assert re.fullmatch(r"06-0000\d{4}", p.phone)
    text = seed_data.read("demo-network.json")
    assert not re.search(r"\b\d{4} ?[A-Z]{2}\b", text)  # no postcodes
    assert "@" not in "".join(c.notes or "" for c in demo.cases)


def test_the_demo_file_is_what_the_generator_writes(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate_demo", Path(seed_data.__file__).with_name("generate_demo.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "taxonomy.json").write_text(seed_data.read("taxonomy.json"), encoding="utf-8")
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    assert (tmp_path / "demo-network.json").read_text(encoding="utf-8") == \
        seed_data.read("demo-network.json")


def test_the_demo_loads_into_a_store_and_round_trips(demo_store):
    assert demo_store.is_demo()
    assert demo_store.count("professionals") >= 120
    from directory.exchange.document import export_document

    assert json.loads(export_document(demo_store))["format"] == "kernteamdb/1"
