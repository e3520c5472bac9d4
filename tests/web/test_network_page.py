"""Netwerk: the ego network, the path finder and the organisations, drawn
from a JSON data block and written out as tables with the same content."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import DEMO_TODAY, small_document
from tests.web.conftest import signed_in_client, worker_on
from web import create_app


def graph_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert found, "no graph data on the page"
    return json.loads(found.group(1))


def people(data: dict) -> list[dict]:
    """The drawn nodes that are people or organisations (not the boxes around a group)."""
    return [n for n in data["nodes"] if n.get("classes") != "group"]


def node_ids(data: dict) -> list[str]:
    return [n["data"]["id"] for n in people(data)]


def edge_kinds(data: dict) -> set[tuple[str, str, str]]:
    return {(e["data"]["source"], e["data"]["target"], e["data"]["kind"]) for e in data["edges"]}


def test_the_network_starts_around_me_with_the_scripts_from_this_site(as_role):
    html = as_role("wijkwerker").get("/netwerk").get_data(as_text=True)  # the wijkwerker is Bram
    data = graph_data(html)
    assert node_ids(data) == ["p-bram", "p-anna", "p-eva"]  # the centre first, then by ring
    assert [n["data"]["ring"] for n in data["nodes"]] == [0, 1, 1]
    assert '<script src="/static/vendor/cytoscape.min.js"></script>' in html
    assert '<script src="/static/network.js"></script>' in html
    assert "http://" not in html and "https://" not in html  # nothing from another site


def test_someone_without_a_professional_chooses_whom_to_see(as_role):
    html = as_role("coordinator").get("/netwerk").get_data(as_text=True)
    assert "Kies een persoon om het netwerk" in html and "graph-data" not in html
    assert '<label for="center">' in html
    assert '<option value="p-anna">Anna de Vries, casemanager dementie' in html


def test_depth_two_and_the_kinds_of_links(as_role):
    worker = as_role("specialist")
    near = graph_data(worker.get("/netwerk?center=p-anna&diepte=1").get_data(as_text=True))
    assert node_ids(near) == ["p-anna", "p-bram"]
    html = worker.get("/netwerk?center=p-anna&diepte=2").get_data(as_text=True)
    wide = graph_data(html)
    assert node_ids(wide) == ["p-anna", "p-bram", "p-eva"]
    assert [n["data"]["ring"] for n in people(wide)] == [0, 1, 2]  # Eva only through Bram
    # by default: shared cases and knowing each other; not a shared team or employer
    assert edge_kinds(wide) == {("p-anna", "p-bram", "shared_case"), ("p-anna", "p-bram", "knows")}
    assert wide["kinds"] == ["shared_case", "knows"]
    assert 'id="soort-team" name="soort" value="team" data-kind="team">' in html  # offered, not ticked
    teams = graph_data(worker.get("/netwerk?center=p-anna&diepte=2&soort=team&soort=organisation")
                       .get_data(as_text=True))
    assert edge_kinds(teams) == {("p-bram", "p-eva", "team"), ("p-bram", "p-eva", "organisation")}


def test_the_table_says_what_the_drawing_shows(as_role):
    html = as_role("specialist").get("/netwerk?center=p-anna&diepte=2").get_data(as_text=True)
    people = html[html.index('id="netwerk-tabel"'):html.index('id="links-title"')]
    assert re.findall(r'<a href="/profiel/([^"]+)">', people) == ["p-anna", "p-bram", "p-eva"]
    # at depth 2 a row per organisation: who is directly connected, who via another
    assert '<th scope="col">Direct verbonden</th><th scope="col">Via een ander</th>' in people
    direct, via = '<td data-label="Direct verbonden">', '<td data-label="Via een ander">'
    assert (f'<th scope="row">Vivent (1)</th>\n      {direct}<a href="/profiel/p-anna">Anna de Vries</a> '
            f'(midden, casemanager dementie)</td>{via}</td>') in people
    assert (f'<th scope="row">Gemeente (2)</th>\n      {direct}<a href="/profiel/p-bram">Bram Jansen</a> '
            f'(wijkwerker)</td>{via}<a href="/profiel/p-eva">Eva Mulder</a> (wijkwerker)</td>') in people
    near = as_role("specialist").get("/netwerk?center=p-anna").get_data(as_text=True)
    assert "<td>wijkwerker, Gemeente</td><td>direct verbonden</td>" in near  # depth 1: a row each
    links = html[html.index('id="links"'):]
    assert links.count('<tr data-kind=') == len(graph_data(html)["edges"]) == 2
    row = "<td>Anna de Vries</td><td>samen aan casussen gewerkt</td><td>Bram Jansen</td>\n      <td>2</td>"
    assert row in links


def test_a_node_opens_the_profile(as_role):
    data = graph_data(as_role("specialist").get("/netwerk?center=p-anna").get_data(as_text=True))
    assert {n["data"]["id"]: n["data"]["href"] for n in data["nodes"]} == {
        "p-anna": "/profiel/p-anna", "p-bram": "/profiel/p-bram"}


@pytest.mark.parametrize("path", ["/netwerk?center=p-nobody", "/netwerk/pad?van=p-anna&naar=p-nobody"])
def test_an_unknown_person_is_the_404_page(as_role, path):
    answer = as_role("wijkwerker").get(path)
    assert answer.status_code == 404 and "Niet gevonden" in answer.get_data(as_text=True)


def test_a_depth_other_than_one_or_two_gets_a_message(as_role):
    answer = as_role("wijkwerker").get("/netwerk?center=p-anna&diepte=7")
    assert answer.status_code == 400 and "Kies diepte 1" in answer.get_data(as_text=True)


def test_the_path_finder_shows_the_steps_and_draws_them(as_role):
    html = as_role("triagist").get("/netwerk/pad?van=p-eva&naar=p-anna").get_data(as_text=True)
    steps = html[html.index('id="path-steps"'):]
    assert re.findall(r'<li><a href="/profiel/([^"]+)">', steps[:steps.index("</ol>")]) == \
        ["p-eva", "p-bram", "p-anna"]
    assert "zelfde team" in steps and "samen aan casussen gewerkt (2)" in steps
    data = graph_data(html)
    assert node_ids(data) == ["p-eva", "p-bram", "p-anna"] and data["layout"] == "path"
    assert edge_kinds(data) == {("p-eva", "p-bram", "team"), ("p-bram", "p-anna", "shared_case")}


def test_no_path_says_so(store):
    document = small_document()
    document["professionals"].append({"id": "p-zoe", "name": "Zoë Alleen"})  # no ties at all
    html = worker_on(store, document).get("/netwerk/pad?van=p-zoe&naar=p-anna").get_data(as_text=True)
    assert "Geen verbinding gevonden." in html and "graph-data" not in html


def test_the_path_form_starts_from_me(as_role):
    html = as_role("wijkwerker").get("/netwerk/pad").get_data(as_text=True)
    assert '<option value="p-bram" selected>' in html and "graph-data" not in html


def test_the_organisations_and_the_cases_their_people_shared(as_role):
    html = as_role("admin").get("/netwerk/organisaties").get_data(as_text=True)
    data = graph_data(html)
    assert node_ids(data) == ["org-gemeente", "org-vivent"]
    assert [e["data"]["weight"] for e in data["edges"]] == [2.0]
    assert data["nodes"][1]["data"]["href"] == "/organisaties/org-vivent"
    assert "<td>Gemeente</td><td>samen aan casussen gewerkt</td><td>Vivent</td>\n      <td>2</td>" in html


def test_stored_script_in_names_stays_text_in_the_drawing_and_the_tables(store):
    document = small_document()
    document["professionals"][0]["name"] = "<script>alert('anna')</script>"
    document["organisations"][1]["name"] = "<img src=x onerror=alert(1)>"
    worker = worker_on(store, document)
    for path in ("/netwerk?center=p-anna&diepte=2", "/netwerk/pad?van=p-eva&naar=p-anna",
                 "/netwerk/organisaties"):
        html = worker.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, path
        labels = [n["data"]["label"] for n in graph_data(html)["nodes"]]
        assert "<script>alert('anna')</script>" in labels or "<img src=x onerror=alert(1)>" in labels
        assert "\\u003cscript\\u003e" in html or "\\u003cimg" in html  # escaped inside the data block
        assert "&lt;script&gt;" in html or "&lt;img src=x" in html  # and in the tables


#: The demo's largest 2-hop network (137 people, 1,404 links of the default kinds).
LARGEST = "/netwerk?center=p-0045&diepte=2"


@pytest.fixture
def demo_worker(demo_store):
    app = create_app({"TESTING": True, "TODAY": DEMO_TODAY}, store=demo_store)
    return signed_in_client(app, "wijkwerker")


def link_rows(html: str) -> list[str]:
    table = html[html.index('id="links"'):]
    return re.findall(r'<tr data-kind="[a-z_]+">\s*<td>(.*?)</td><td>.*?</td><td>(.*?)</td>\s*<td>(\d*)</td>',
                      table[:table.index("</table>")], re.S)


def test_depth_two_of_the_largest_demo_network_is_grouped_and_small(demo_worker):
    html = demo_worker.get(LARGEST).get_data(as_text=True)
    assert len(html.encode()) <= 150_000  # it was 380 KB with every link listed
    data = graph_data(html)
    boxes = [n for n in data["nodes"] if n.get("classes") == "group"]
    persons = people(data)
    assert len(persons) > 100 and 3 < len(boxes) < len(persons)
    assert all("parent" in n["data"] for n in persons)  # everyone is drawn inside an organisation
    assert persons[0]["data"]["id"] == "p-0045" and persons[0]["data"]["parent"] == boxes[0]["data"]["id"]
    assert data["layout"] == "grouped"
    # the table lists every person once, under their organisation's name
    people_table = html[html.index('id="netwerk-tabel"'):html.index('id="links-title"')]
    assert len(re.findall(r'<a href="/profiel/', people_table)) == len(persons)
    assert people_table.count('<th scope="row">') == len(boxes)
    assert '<th scope="row">Gemeente &#39;s-Hertogenbosch (44)</th>' in people_table


def test_depth_two_shows_the_strongest_links_first_and_more_on_request(demo_worker):
    first = demo_worker.get(LARGEST).get_data(as_text=True)
    rows = link_rows(first)
    assert len(rows) == 50 == len(graph_data(first)["edges"])
    counts = [int(n) for _, _, n in rows if n]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    assert "Verbindingen 1 tot en met 50 van 1404, de sterkste eerst." in first
    assert "Getekend: de sterkste 50 van 1404 verbindingen." in first
    more = "/netwerk?center=p-0045&amp;diepte=2&amp;soort=shared_case&amp;soort=knows&amp;pagina=2"
    assert f'<a href="{more}#links-title" rel="next">Toon meer: volgende 50</a>' in first
    second = demo_worker.get(LARGEST + "&pagina=2").get_data(as_text=True)
    assert "Verbindingen 51 tot en met 100 van 1404" in second and 'rel="prev">Vorige 50</a>' in second
    assert len(graph_data(second)["edges"]) == 100  # the drawing keeps the first page's links
    assert not set(link_rows(second)) & set(rows)
    last = demo_worker.get(LARGEST + "&pagina=999").get_data(as_text=True)
    assert "Verbindingen 1401 tot en met 1404 van 1404" in last and 'rel="next"' not in last


@pytest.mark.parametrize("page", ["0", "-1", "twee", "1e9"])
def test_a_page_that_is_no_page_number_shows_the_first(demo_worker, page):
    answer = demo_worker.get(f"{LARGEST}&pagina={page}")
    assert answer.status_code == 200 and "Verbindingen 1 tot en met 50 van" in answer.get_data(as_text=True)
