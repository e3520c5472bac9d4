"""Expertise: the taxonomy with counts, who covers an area per wijk, and the tekorten from demand."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest

from directory.accounts.roles import User
from directory.exchange.document import import_document
from tests.conftest import DEMO_TODAY, small_document
from tests.web.conftest import signed_in_client
from web import create_app


def test_the_taxonomy_counts_declared_levels_and_case_evidence(as_role):
    html = as_role("wijkwerker").get("/expertise").get_data(as_text=True)
    domain = '<a href="/expertise/hersenen-cognitie">Hersenen &amp; cognitie</a>'
    assert f'<h2 id="hersenen-cognitie">{domain}</h2>' in html
    dementie = html[html.index('<a href="/expertise/dementie">'):]
    dementie = dementie[:dementie.index("</tr>")]
    # Anna (specialist) and Cees (ervaren) declare it; Anna's two cases show it
    assert re.findall(r"<td>([^<]*)</td>", dementie)[:4] == ["1", "1", "0", "1"]
    assert "Alzheimer, geheugenproblemen" in dementie
    nah = html[html.index('<a href="/expertise/nah">'):]
    assert re.findall(r"<td>([^<]*)</td>", nah[:nah.index("</tr>")])[:4] == ["0", "0", "0", "0"]  # Dina left


def test_an_area_shows_who_covers_it_in_each_wijk(as_role):
    html = as_role("coordinator").get("/expertise/dementie").get_data(as_text=True)
    assert "<h1>Dementie</h1>" in html and 'href="/expertise/hersenen-cognitie"' in html
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', html, re.S))
    assert set(rows) == {"West", "Zuidoost"}
    assert '<strong><a href="/profiel/p-anna">Anna de Vries</a></strong>' in rows["Zuidoost"]
    assert "(specialist, 2 casussen)" in rows["Zuidoost"]
    assert "<td>ja</td>" in rows["Zuidoost"]  # one available specialist is a gap
    assert '<a href="/organisaties/org-cafe">Alzheimer Café</a>' in html  # help offered for it


def _asked(case_id: str, wijk: str, area: str) -> dict:
    return {"id": case_id, "opened": "2026-10-01", "team": "wt-zuidoost", "wijk": wijk, "areas": [area],
            "participants": [{"professional": "p-bram", "role": "regie"}]}


@pytest.fixture
def asking(store):
    """The small pool after NAH was asked for in Zuidoost (nobody has it) and dementie in the
    Binnenstad (nobody there; Anna and Cees in neighbouring wijken), for a triagist."""
    document = small_document()
    document["cases"] += [_asked("c-0101", "Zuidoost", "nah"), _asked("c-0102", "Binnenstad", "dementie")]
    import_document(json.dumps(document), store)
    store.add_user(User("triagist", "triagist", None, "x", datetime.now(UTC)))
    app = create_app({"TESTING": True, "TODAY": date(2026, 11, 16)}, store=store)
    return signed_in_client(app, "triagist")


def test_the_tekorten_per_wijk_count_only_what_was_asked_for(asking):
    overview = asking.get("/expertise/tekorten").get_data(as_text=True)
    rows = dict(re.findall(r'<tr><th scope="row"><a href="/expertise/tekorten\?wijk=[^"]+">([^<]+)</a>'
                           r'</th>\s*<td>(\d+)</td>', overview))
    # West and Zuidoost lack NAH and more, but only what was asked for counts
    assert rows == {"West": "0", "Zuidoost": "1", "Binnenstad": "1"}
    html = asking.get("/expertise/tekorten?wijk=Zuidoost").get_data(as_text=True)
    listed = html[html.index('<h2 id="wijk-tekorten">Tekorten in Zuidoost</h2>'):]
    assert re.findall(r'<th scope="row"><a href="/expertise/([^"]+)">', listed) == ["nah"]
    assert ">1 vraag</td>" in listed and ">niemand" in listed and ">4 van 4 uur</td>" in listed
    assert "niemand in een buurwijk" in listed


def test_a_tekort_names_who_could_cover_from_a_neighbouring_wijk(asking):
    html = asking.get("/expertise/tekorten?wijk=Binnenstad").get_data(as_text=True)
    helpers = html[html.index('<ul class="helpers">'):]
    helpers = helpers[:helpers.index("</ul>")]
    linked = re.findall(r'<a href="/(?:profiel|organisaties)/([^"]+)">', helpers)
    assert linked == ["p-cees", "p-anna", "org-cafe"]  # most hours left first, then the organisation
    assert "Cees Bakker</a>, West (40 uur over)" in helpers
    assert "Anna de Vries</a>, Zuidoost (33,5 uur over)" in helpers


def test_no_wijk_of_the_demo_has_dozens_of_tekorten(demo_store):
    app = create_app({"TESTING": True, "TODAY": DEMO_TODAY}, store=demo_store)
    client = signed_in_client(app, "coordinator")
    overview = client.get("/expertise/tekorten").get_data(as_text=True)
    counts = [int(n) for n in re.findall(r'</a></th>\s*<td>(\d+)</td>', overview)]
    assert len(counts) == 14 and 0 < max(counts) <= 15  # it was 23-43 of 79 areas per wijk
    html = client.get("/expertise/tekorten?wijk=West").get_data(as_text=True)
    short = [float(n.replace(",", ".")) for n in re.findall(r'>([\d,]+) van [\d,]+ uur</td>', html)]
    assert short and short == sorted(short, reverse=True)  # the largest shortage first


@pytest.mark.parametrize("path", ["/expertise/no-such-area", "/expertise/tekorten?wijk=Atlantis"])
def test_unknown_areas_and_wijken_are_the_404_page(as_role, path):
    answer = as_role("wijkwerker").get(path)
    assert answer.status_code == 404 and "Niet gevonden" in answer.get_data(as_text=True)


def test_an_area_without_lessons_says_so(as_role):
    html = as_role("specialist").get("/expertise/nah").get_data(as_text=True)
    assert '<h2 id="lessen">Geleerde lessen</h2>' in html and "Nog geen lessen vastgelegd." in html
