"""Expertise: the taxonomy with counts, who covers an area per wijk, and the gaps."""

from __future__ import annotations

import re

import pytest


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


def test_the_gaps_per_wijk_and_in_one_wijk(as_role):
    worker = as_role("triagist")
    overview = worker.get("/expertise/tekorten").get_data(as_text=True)
    assert '<a href="/expertise/tekorten?wijk=Zuidoost">Zuidoost</a>' in overview
    html = worker.get("/expertise/tekorten?wijk=Zuidoost").get_data(as_text=True)
    gaps = html[html.index("<h2>Tekorten in Zuidoost</h2>"):]
    assert '<a href="/expertise/dementie">Dementie</a></td>\n      <td><a href="/profiel/p-anna">' in gaps
    assert '<a href="/expertise/nah">NAH</a></td>\n      <td>niemand</td>' in gaps


@pytest.mark.parametrize("path", ["/expertise/no-such-area", "/expertise/tekorten?wijk=Atlantis"])
def test_unknown_areas_and_wijken_are_the_404_page(as_role, path):
    answer = as_role("wijkwerker").get(path)
    assert answer.status_code == 404 and "Niet gevonden" in answer.get_data(as_text=True)


def test_an_area_without_lessons_says_so(as_role):
    html = as_role("specialist").get("/expertise/nah").get_data(as_text=True)
    assert '<h2 id="lessen">Geleerde lessen</h2>' in html and "Nog geen lessen vastgelegd." in html
